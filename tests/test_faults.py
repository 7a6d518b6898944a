"""Faults and bad input: kills mid-run, undecodable / binary / empty / huge input, permissions, fuzz."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cleanup.pipeline import Context, Pipeline, Policy
from cleanup.runner import Item, RunSpec, Worker, findings

BOM = b"\xef\xbb\xbf"


def zhclean_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("zhclean")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cleanup"]


def zhclean(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*zhclean_cmd(), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def no_traceback(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    assert r.returncode in (0, 1, 2), (r.returncode, r.stderr)


# -- killed in the middle of an in-place run -----------------------------------------
def _corpus(d: Path, n: int) -> dict[str, bytes]:
    d.mkdir(parents=True, exist_ok=True)
    out = {}
    for i in range(n):
        data = f"### 第{i}篇标题\n\n正文第{i}段，**重点**内容。\n".encode() * 20
        (d / f"p{i:03d}.txt").write_bytes(data)
        out[f"p{i:03d}.txt"] = data
    return out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigkill_mid_run_leaves_each_file_original_or_fully_fixed(tmp_path, jobs):
    original = _corpus(tmp_path / "c", 24)
    # the expected result, from an uninterrupted run on a copy
    _corpus(tmp_path / "ref", 24)
    r = zhclean("fix", "ref", "--select", "MK", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    fixed = {p.name: p.read_bytes() for p in (tmp_path / "ref").iterdir()}
    assert all(fixed[k] != original[k] for k in original)
    # each write sleeps between the temporary file and the rename: the kill lands there
    proc = subprocess.Popen([*zhclean_cmd(), "fix", "c", "--select", "MK", "--jobs", jobs], cwd=tmp_path,
                            env={**os.environ, "ZHCLEAN_FAULT_WRITE_DELAY": "0.15"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            done = sum((tmp_path / "c" / k).read_bytes() == fixed[k] for k in original)
            if done >= 3:
                break
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its workers
        proc.wait()
    state = {}
    for k in original:
        data = (tmp_path / "c" / k).read_bytes()
        assert data in (original[k], fixed[k]), f"{k} is neither original nor fixed"
        state[k] = data == fixed[k]
    assert any(state.values()) and not all(state.values()), state
    # leftovers are hidden temp files, never taken for input; a rerun finishes the job
    left = [p.name for p in (tmp_path / "c").iterdir() if p.name.startswith(".")]
    assert all(n.endswith(".zhclean-tmp") for n in left)
    r = zhclean("fix", "c", "--select", "MK", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert all((tmp_path / "c" / k).read_bytes() == fixed[k] for k in original)


# -- bad input ---------------------------------------------------------------------------
def test_undecodable_is_reported_and_skipped_unless_encoding_given(tmp_path):
    gbk = "### 简体标题\n正文\n".encode("gbk")
    (tmp_path / "old.txt").write_bytes(gbk)
    (tmp_path / "ok.txt").write_text("### 标题\n", encoding="utf-8")
    r = zhclean("fix", ".", "--select", "MK", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 2
    line = next(l for l in r.stderr.splitlines() if "old.txt" in l)
    assert line.startswith("error: old.txt: not valid UTF-8 at byte offset 4 (line 1")
    assert "--encoding" in line
    assert (tmp_path / "old.txt").read_bytes() == gbk  # skipped, untouched
    assert (tmp_path / "ok.txt").read_text(encoding="utf-8") == "标题\n"  # the rest still runs
    r = zhclean("fix", "old.txt", "--select", "MK", "--encoding", "GB18030", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "old.txt").read_bytes() == "简体标题\n正文\n".encode("gb18030")


def test_big5_input(tmp_path):
    (tmp_path / "tw.txt").write_bytes("## 臺灣新聞\n".encode("big5"))
    r = zhclean("check", "tw.txt", "--select", "MK", "--encoding", "big5", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout.startswith("tw.txt:1:1: MK001")


def test_binary_file(tmp_path):
    data = b"PK\x03\x04\x00\x00binary"
    (tmp_path / "x.txt").write_bytes(data)
    r = zhclean("fix", "x.txt", "--select", "MK", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 2 and "error: x.txt: binary file (NUL byte at byte offset 4)" in r.stderr
    assert (tmp_path / "x.txt").read_bytes() == data


def test_empty_file_is_a_note_not_an_error(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(BOM)
    r = zhclean("check", ".", "--select", "MK", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 0
    assert "note: b.txt: empty file" in r.stderr and "note: e.txt: empty file" in r.stderr
    r = zhclean("fix", ".", "--select", "MK", cwd=tmp_path)
    assert r.returncode == 0 and "2 empty" in r.stderr
    assert (tmp_path / "e.txt").read_bytes() == b"" and (tmp_path / "b.txt").read_bytes() == BOM


def test_crlf_and_bom_are_kept(tmp_path):
    (tmp_path / "w.txt").write_bytes(BOM + "### 标题\r\n\r\n正文**重点**\r\n".encode())
    r = zhclean("fix", "w.txt", "--select", "MK", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "w.txt").read_bytes() == BOM + "标题\r\n\r\n正文重点\r\n".encode()


def test_very_long_line(tmp_path):
    body = ("本报讯，记者在现场看到，" * 40 + "**重点**") * 1000  # one line of about 1.5 MB
    (tmp_path / "long.txt").write_bytes(("### 标题" + body + "\n").encode())
    assert (tmp_path / "long.txt").stat().st_size > 1_400_000
    r = zhclean("check", "long.txt", "--select", "MK", "--output-format", "full", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 5 * 1001 + 1  # finding, line, carets, marked line, blank; summary
    assert max(len(l) for l in lines) < 200  # the context is cropped around the change
    assert "…" in lines[1]
    r = zhclean("fix", "long.txt", "--select", "MK", cwd=tmp_path)
    assert r.returncode == 0
    assert (tmp_path / "long.txt").read_text(encoding="utf-8") == "标题" + body.replace("**", "") + "\n"


def test_long_line_dense_edits_full_format_is_cropped(tmp_path):
    # one PU001 finding with 25,000 edits on one 200,000-character line: the
    # full format shows a few cropped groups and counts the rest, instead of
    # the whole line three times over
    (tmp_path / "dense.txt").write_text("中文内容,测试。" * 25000 + "\n", encoding="utf-8")
    r = zhclean("check", "dense.txt", "--select", "PU001", "--output-format", "full", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "dense.txt:1:5: PU001 half-width commas in Chinese text -> ，: ,→， ×25000 [safe]"
    assert len(lines) < 20 and max(len(l) for l in lines) < 1000
    assert any("more changes of this finding not shown" in l for l in lines)
    assert lines[2].count("^") >= 10  # the first group still marks its commas


def test_file_over_the_size_limit(tmp_path):
    (tmp_path / "big.txt").write_text("### 标题\n" + "正文。" * 1000, encoding="utf-8")
    r = zhclean("fix", "big.txt", "--select", "MK", "--max-file-size", "0.001", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 2
    assert "big.txt: file is 0.0 MB, over the 0.001 MB limit (--max-file-size)" in r.stderr
    assert (tmp_path / "big.txt").read_text(encoding="utf-8").startswith("### ")


def test_missing_paths_and_bad_options_are_one_line_errors(tmp_path):
    (tmp_path / "a.txt").write_text("### 标题\n", encoding="utf-8")
    r = zhclean("check", "nope", "a.txt", "--select", "MK", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 2 and r.stderr.splitlines()[0] == "error: nope: no such file or directory"
    for args in (["fix", "a.txt", "--jobs", "0"], ["fix", "a.txt", "--encoding", "klingon"],
                 ["fix", "a.txt", "--max-file-size", "-1"], ["check", "a.txt", "--decisions", "no.jsonl"]):
        r = zhclean(*args, cwd=tmp_path)
        no_traceback(r)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)


def test_read_only_file_is_not_replaced(tmp_path):
    p = tmp_path / "ro.txt"
    p.write_text("### 标题\n", encoding="utf-8")
    p.chmod(0o444)
    r = zhclean("fix", "ro.txt", "--select", "MK", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 2 and "ro.txt: permission denied (the file is read-only)" in r.stderr
    assert p.read_text(encoding="utf-8") == "### 标题\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_and_folder(tmp_path):
    (tmp_path / "secret.txt").write_text("### x\n")
    (tmp_path / "secret.txt").chmod(0)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text("### x\n")
    (tmp_path / "locked").chmod(0)
    try:
        r = zhclean("check", ".", cwd=tmp_path)
        no_traceback(r)
        assert r.returncode == 2
        assert "secret.txt: permission denied" in r.stderr and "locked" in r.stderr
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_output_that_is_a_file(tmp_path):
    (tmp_path / "a.txt").write_text("### 标题\n", encoding="utf-8")
    (tmp_path / "out").write_text("x")
    r = zhclean("fix", "a.txt", "-o", "out", cwd=tmp_path)
    no_traceback(r)
    assert r.returncode == 2 and "--output must be a folder" in r.stderr


# -- fuzz ----------------------------------------------------------------------------------
_PIPE: Pipeline | None = None


def _pipeline() -> Pipeline:
    global _PIPE
    if _PIPE is None:
        _PIPE = Pipeline(Context.default())
    return _PIPE


ZH = st.text(alphabet=st.sampled_from(list("中文报讯记者，。、“”（）《》：；！？ \n\t\u3000#*_-—…0123456789abcAB市长一行")),
             max_size=120)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=120), ZH))
def test_pipeline_never_crashes_on_arbitrary_text(text):
    pipe = _pipeline()
    for pol in (Policy(), Policy(apply_unsafe=True)):
        res = pipe.run(text, pol, "fuzz.txt")
        assert isinstance(res.text, str)
        for f in findings(res, pol, "fuzz.txt", render_context=True):
            assert 1 <= f.line and 1 <= f.col
            assert (f.line, f.col) <= (f.end_line, f.end_col)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_worker_never_crashes_on_arbitrary_bytes(tmp_path, data):
    p = tmp_path / "f.txt"
    p.write_bytes(data)
    w = Worker(RunSpec(mode="check", policy=Policy(apply_unsafe=True), render_context=True))
    oc = w.run_one(Item(0, str(p), len(data)))
    assert oc.error_kind != "internal", oc.error
    assert oc.status in ("changed", "unchanged", "empty", "error")


# each CLI run loads the whole pipeline (a few seconds): few runs, many files each;
# the passes themselves get hundreds of inputs in-process above
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.binary(max_size=200), ZH.map(lambda s: s.encode()),
                          st.text(max_size=60).map(lambda s: s.encode("utf-8", "surrogatepass"))),
                min_size=6, max_size=12))
def test_cli_never_shows_a_traceback(tmp_path_factory, blobs):
    d = tmp_path_factory.mktemp("fuzz")
    for i, b in enumerate(blobs):
        (d / f"f{i}.txt").write_bytes(b)
    r = zhclean("check", ".", "--output-format", "full", cwd=d)
    no_traceback(r)
    r = zhclean("fix", ".", "--unsafe-fixes", cwd=d)
    no_traceback(r)
