"""`zhclean fix` end to end, on copies of the fixtures, through the installed console script."""
from __future__ import annotations

import difflib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "fixtures" / "raw"
HEADED = ("002_746b1ecd3a9e4b42.txt", "003_c3e511bfb62b3423.txt")  # pages with '### ' debris


def zhclean(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("zhclean")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "cleanup"]
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def copy_fixtures(dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for f in sorted(RAW.glob("*.txt")):
        t = dest / f.name
        shutil.copyfile(f, t)
        t.chmod(0o644)  # the fixtures are read-only; the copies are ours
        out.append(t)
    return out


def snapshot(d: Path) -> dict[str, bytes]:
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def test_fix_in_place_then_nothing_left(tmp_path):
    files = copy_fixtures(tmp_path / "corpus")
    before = snapshot(tmp_path / "corpus")
    r = zhclean("fix", "corpus", "--select", "MK", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    after = snapshot(tmp_path / "corpus")
    changed = {k for k in before if before[k] != after[k]}
    assert changed == set(HEADED)
    for name in HEADED:
        text = after[name].decode()
        assert not any(line.startswith("#") for line in text.splitlines())
        # only the markers went: every other character is kept in order
        old = before[name].decode()
        sm = difflib.SequenceMatcher(None, old, text, autojunk=False)
        assert all(op == "delete" for op, *_ in sm.get_opcodes() if op != "equal")
    assert "2 changed, 3 unchanged" in r.stderr
    assert "MK001" in r.stderr and "markdown-heading-marker" in r.stderr
    r = zhclean("fix", "corpus", "--select", "MK", "--exit-non-zero-on-fix", cwd=tmp_path)
    assert r.returncode == 0 and snapshot(tmp_path / "corpus") == after
    assert len(files) == 5


def test_exit_non_zero_on_fix(tmp_path):
    copy_fixtures(tmp_path / "c")
    r = zhclean("fix", "c", "--select", "MK", "--exit-non-zero-on-fix", cwd=tmp_path)
    assert r.returncode == 1


def test_output_dir_mirrors_the_tree_and_leaves_inputs(tmp_path):
    src = tmp_path / "corpus"
    copy_fixtures(src / "2024" / "jan")
    copy_fixtures(src / "2024" / "feb")
    (src / "2024" / "feb" / "notes.md").write_text("### not a txt\n")
    (src / "empty.txt").write_bytes(b"")
    before = snapshot(src)
    r = zhclean("fix", "corpus", "--select", "MK", "--output", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert snapshot(src) == before  # inputs untouched
    out = snapshot(tmp_path / "out")
    assert set(out) == {k for k in before if k.endswith(".txt")}  # every file mirrored, changed or not
    assert out["empty.txt"] == b""
    # the same bytes as an in-place run
    zhclean("fix", "corpus", "--select", "MK", cwd=tmp_path)
    assert {k: v for k, v in snapshot(src).items() if k.endswith(".txt")} == out


def test_output_for_files_named_from_several_folders(tmp_path):
    copy_fixtures(tmp_path / "a")
    copy_fixtures(tmp_path / "b")
    r = zhclean("fix", f"a/{HEADED[0]}", f"b/{HEADED[0]}", "--select", "MK", "-o", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(snapshot(tmp_path / "out")) == [f"a/{HEADED[0]}", f"b/{HEADED[0]}"]


@pytest.mark.parametrize("args", [
    (HEADED[0], "-o", "."),            # the file's own folder: the mirror is the file itself
    ("c", "--output", "c"),            # the input folder as the output folder
    ("c", "--output", "link"),         # the same folder through a symlink
])
def test_output_onto_the_input_is_refused(tmp_path, args):
    # --output promises the originals are untouched; mirroring a file onto
    # itself would replace it, so the run is an error and writes nothing
    copy_fixtures(tmp_path / "c")
    (tmp_path / "link").symlink_to("c")
    cwd = tmp_path / "c" if args[0] == HEADED[0] else tmp_path
    before = snapshot(tmp_path / "c")
    r = zhclean("fix", *args, "--select", "MK", cwd=cwd)
    assert r.returncode == 2
    assert "would overwrite this input file" in r.stderr and "Traceback" not in r.stderr
    assert snapshot(tmp_path / "c") == before


def test_diff_prints_a_patch_and_writes_nothing(tmp_path):
    copy_fixtures(tmp_path / "c")
    before = snapshot(tmp_path / "c")
    r = zhclean("fix", "c", "--select", "MK", "--diff", cwd=tmp_path)
    assert r.returncode == 1  # the diff is not empty
    assert snapshot(tmp_path / "c") == before
    assert "2 would change" in r.stderr
    zhclean("fix", "c", "--select", "MK", cwd=tmp_path)
    after = snapshot(tmp_path / "c")
    expected = "".join(
        "".join(difflib.unified_diff(before[n].decode().splitlines(True), after[n].decode().splitlines(True),
                                     f"a/c/{n}", f"b/c/{n}"))
        for n in sorted(before) if before[n] != after[n]
    )
    assert r.stdout == expected
    r = zhclean("fix", "c", "--select", "MK", "--diff", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == ""


def test_jobs_1_and_2_are_byte_identical_with_every_pass(tmp_path):
    src = tmp_path / "corpus"
    copy_fixtures(src / "a")
    for f in copy_fixtures(src / "b"):  # variants: CRLF line ends and a BOM
        f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes().replace(b"\n", b"\r\n"))
    outs = []
    for jobs in ("1", "2"):
        r = zhclean("fix", "corpus", "--unsafe-fixes", "--jobs", jobs, "-o", f"out{jobs}",
                    "--report", f"r{jobs}.json", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert f"{jobs} job" in r.stderr
        outs.append(snapshot(tmp_path / f"out{jobs}"))
    assert outs[0] == outs[1]
    assert len(outs[0]) == 10
    reps = [json.loads((tmp_path / f"r{j}.json").read_text()) for j in "12"]
    assert reps[0]["rules"] == reps[1]["rules"]
    assert [f["rules"] for f in reps[0]["files"]] == [f["rules"] for f in reps[1]["files"]]
    # every process that ran chunks (collect and run phases fork their own workers)
    assert reps[1]["jobs"] == 2 and len(reps[1]["workers_peak_rss_mb"]) in (2, 4)
    for name, data in outs[0].items():  # CRLF and BOM survive
        if name.startswith("b/"):
            assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")


def test_report_counts_applied_review_skipped(tmp_path):
    (tmp_path / "zhclean.toml").write_text('select = ["MK"]\n[thresholds]\nMK002 = { safe = 0.999 }\n')
    (tmp_path / "a.txt").write_text("### 标题\n**重点**和__次要__\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("没有标记\n", encoding="utf-8")
    r = zhclean("fix", ".", "--report", "run.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    rep = json.loads((tmp_path / "run.json").read_text())
    assert rep["command"] == "fix" and rep["totals"]["files"] == 2 and rep["totals"]["changed"] == 1
    files = {f["path"]: f for f in rep["files"]}
    assert files["a.txt"]["rules"] == {"MK001": {"applied": 1, "review": 0, "skipped": 0},
                                        "MK002": {"applied": 0, "review": 2, "skipped": 0}}
    assert files["b.txt"]["status"] == "unchanged"
    assert rep["rules"]["MK002"] == {"name": "markdown-emphasis-marker", "applied": 0, "review": 2, "skipped": 0}
    assert "1 applied, 2 left for review" in r.stderr
    # --unsafe-fixes applies them
    r = zhclean("fix", ".", "--unsafe-fixes", "--report", "run.json", cwd=tmp_path)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "标题\n重点和次要\n"


def test_summary_rate_leaves_out_the_start_up():
    # a few small files: loading the lexicon and tables is most of the run,
    # and the rate of the files themselves is the one printed beside it
    from cleanup.report import RunReport

    rep = RunReport("fix", {})
    rep.bytes = 400_000
    rep.started = 0.0
    rep.startup_seconds = 1.5
    rep.seconds = 2.5
    line = rep.summary(verb="changed").splitlines()[0]
    assert "in 2.50 s (start-up 1.50 s), 0.40 MB/s after it, 1 job" in line
    assert rep.totals()["startup_seconds"] == 1.5 and rep.totals()["mb_per_s"] == 0.16
    rep.startup_seconds = 0.1  # a short start-up: the plain rate
    assert "in 2.50 s, 0.16 MB/s, 1 job" in rep.summary(verb="changed")


def test_report_has_the_start_up_seconds(tmp_path):
    (tmp_path / "a.txt").write_text("### 标题\n", encoding="utf-8")
    r = zhclean("fix", ".", "--report", "run.json", cwd=tmp_path)
    rep = json.loads((tmp_path / "run.json").read_text())
    assert 0 < rep["totals"]["startup_seconds"] <= rep["totals"]["seconds"], r.stderr


def test_decisions_journal_rejects_and_accepts(tmp_path):
    (tmp_path / "zhclean.toml").write_text('select = ["MK"]\n[thresholds]\nMK002 = { safe = 0.999 }\n')
    text = "### 标题一\n\n正文正文正文正文。\n\n### 标题二\n\n**重点**内容\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    r = zhclean("check", "a.txt", "--output-format", "json", cwd=tmp_path)
    found = json.loads(r.stdout)
    mk001 = [d for d in found if d["code"] == "MK001"]
    mk002 = [d for d in found if d["code"] == "MK002"]
    assert len(mk001) == 2 and len(mk002) == 1 and mk002[0]["fix"] == "unsafe"
    journal = tmp_path / "review" / "decisions.jsonl"
    journal.parent.mkdir()
    journal.write_text(
        json.dumps({"fingerprint": mk001[1]["fingerprint"], "decision": "reject", "code": "MK001"}) + "\n"
        + json.dumps({"fingerprint": mk002[0]["fingerprint"], "decision": "accept", "code": "MK002"}) + "\n"
        + '{"fingerprint": "torn', encoding="utf-8")  # a torn last line is ignored
    r = zhclean("fix", "a.txt", "--decisions", "review/decisions.jsonl", "--report", "r.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # the rejected heading marker stays, the accepted unsafe fix is applied without --unsafe-fixes
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == \
        "标题一\n\n正文正文正文正文。\n\n### 标题二\n\n重点内容\n"
    rep = json.loads((tmp_path / "r.json").read_text())
    assert rep["rules"]["MK001"]["applied"] == 1 and rep["rules"]["MK001"]["skipped"] == 1
    # check does not report the rejected proposal
    r = zhclean("check", "a.txt", "--decisions", "review/decisions.jsonl", cwd=tmp_path)
    assert r.returncode == 0 and "1 rejected" in r.stdout
    # a missing journal named explicitly is an error
    r = zhclean("fix", "a.txt", "--decisions", "nope.jsonl", cwd=tmp_path)
    assert r.returncode == 2 and "nope.jsonl" in r.stderr


def test_default_journal_is_used_when_present(tmp_path):
    (tmp_path / "a.txt").write_text("### 标题\n", encoding="utf-8")
    r = zhclean("check", "a.txt", "--select", "MK", "--output-format", "json", cwd=tmp_path)
    fp = json.loads(r.stdout)[0]["fingerprint"]
    (tmp_path / ".zhclean").mkdir()
    (tmp_path / ".zhclean" / "decisions.jsonl").write_text(json.dumps({"fingerprint": fp, "decision": "reject"}) + "\n")
    r = zhclean("fix", "a.txt", "--select", "MK", cwd=tmp_path)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "### 标题\n"


def test_select_and_ignore_prefixes(tmp_path):
    (tmp_path / "a.txt").write_text("### 标题\n**重点**\n", encoding="utf-8")
    zhclean("fix", "a.txt", "--select", "MK002", cwd=tmp_path)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "### 标题\n重点\n"
    (tmp_path / "a.txt").write_text("### 标题\n**重点**\n", encoding="utf-8")
    zhclean("fix", "a.txt", "--select", "MK", "--ignore", "MK002", cwd=tmp_path)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "标题\n**重点**\n"
    r = zhclean("fix", "a.txt", "--select", "M K", cwd=tmp_path)
    assert r.returncode == 2 and "not a rule code" in r.stderr
    # a selector that matches no rule is an error (exit 2, nothing written):
    # a typo in a CI step must not select nothing and report the files clean
    (tmp_path / "a.txt").write_text("### 标题\n", encoding="utf-8")
    r = zhclean("fix", "a.txt", "--select", "QQ", cwd=tmp_path)
    assert r.returncode == 2 and "selector QQ matches no rule" in r.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "### 标题\n"
    r = zhclean("check", "a.txt", "--ignore", "PU9", cwd=tmp_path)
    assert r.returncode == 2 and "selector PU9 matches no rule" in r.stderr
    (tmp_path / "zhclean.toml").write_text('select = ["MK", "ZZ"]\n', encoding="utf-8")
    r = zhclean("check", "a.txt", cwd=tmp_path)
    assert r.returncode == 2 and "selector ZZ matches no rule" in r.stderr


def test_in_place_keeps_mode(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("### 标题\n", encoding="utf-8")
    p.chmod(0o640)
    zhclean("fix", "a.txt", "--select", "MK", cwd=tmp_path)
    assert p.read_text(encoding="utf-8") == "标题\n"
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.txt"]  # no temp file left


def test_glob_and_hidden(tmp_path):
    (tmp_path / "a.md").write_text("### 标题\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "b.txt").write_text("### 标题\n", encoding="utf-8")
    r = zhclean("fix", ".", "--select", "MK", cwd=tmp_path)
    assert "0 files" in r.stderr
    zhclean("fix", ".", "--select", "MK", "--glob", "*.md", cwd=tmp_path)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "标题\n"
    assert (tmp_path / ".hidden" / "b.txt").read_text(encoding="utf-8") == "### 标题\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers (Linux)")
def test_recycled_workers_give_the_same_result(tmp_path, monkeypatch):
    """Forked run-phase workers are replaced by fresh forks every so many
    bytes (bounded memory per worker); the outcomes do not change, and the
    corpus statistics reach the new workers too (DU004 needs them)."""
    from cleanup.pipeline import Policy
    from cleanup.runner import Item, Runner, RunSpec

    paths = []
    shared = "这是一段在两个文件里都出现的很长的段落，用来检查跨文件重复的统计是否传到了新的进程。\n\n"
    for i in range(12):
        p = tmp_path / f"p{i:02d}.txt"
        p.write_text(f"### 标题{i}\n\n**重点**{i}\n\n" + (shared if i in (3, 9) else "") + f"正文{i}。" * 20,
                     encoding="utf-8")
        paths.append(p)
    spec = RunSpec(mode="diff", policy=Policy(select=("MK", "DU"), apply_display_only=True))
    items = [Item(i, str(p), p.stat().st_size) for i, p in enumerate(paths)]
    results = []
    monkeypatch.setenv("ZHCLEAN_MP_START", "fork")
    for jobs in (1, 2):
        with Runner(spec, jobs) as r:
            r.recycle_bytes = 2 * max(it.size for it in items)  # a fresh pool every few files
            results.append([(o.path, o.status, o.diff, o.counts) for o in r.run(items, r.corpus(items))])
            if jobs == 2:
                run_pids = set(r.peak_rss_kb)
                assert len(run_pids) > 2 + 2  # collect workers + more than one pool of run workers
    assert results[0] == results[1]
    assert [o[3].get("DU004") for o in results[0]] == [None] * 9 + [[1, 0, 0]] + [None] * 2  # p03's in p09


def test_spawned_workers_give_the_same_result(tmp_path, monkeypatch):
    """macOS and Windows start workers with spawn: the run spec travels by pickle."""
    from cleanup.config import load_config
    from cleanup.pipeline import Policy, Settings
    from cleanup.runner import Item, Runner, RunSpec

    (tmp_path / "zhclean.toml").write_text('[per-file-ignores]\n"b*.txt" = ["MK002"]\n')
    paths = []
    for i in range(4):
        p = tmp_path / f"{'ab'[i % 2]}{i}.txt"
        p.write_text(f"### 标题{i}\n**重点**{i}\n" * 30, encoding="utf-8")
        paths.append(p)
    cfg = load_config(tmp_path / "zhclean.toml")
    spec = RunSpec(mode="diff", policy=Policy(select=("MK",)), settings=Settings(profile="copywriting"),
                   per_file_ignores=cfg)
    items = [Item(i, str(p), p.stat().st_size) for i, p in enumerate(paths)]
    results = []
    for jobs, method in ((1, ""), (2, "spawn")):
        monkeypatch.setenv("ZHCLEAN_MP_START", method)
        with Runner(spec, jobs) as r:
            results.append([(o.path, o.status, o.diff, o.counts) for o in r.run(items, r.corpus(items))])
            assert (r.pool is None) == (jobs == 1)
    assert results[0] == results[1]
    assert results[0][1][3] == {"MK001": [30, 0, 0]}  # b1.txt: MK002 ignored for b*.txt
    assert results[0][0][3] == {"MK001": [30, 0, 0], "MK002": [30, 0, 0]}


def test_display_only_context_candidates_only_when_a_journal_accepted_one(tmp_path):
    """MR005 is display-only: check lists it; fix does not compute it (it could
    not apply it) unless the journal accepted a proposal, and then the accepted
    one is applied."""
    text = "全校师生热烈双迎新同学。\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    r = zhclean("check", "a.txt", "--select", "MR005", "--output-format", "json", cwd=tmp_path)
    found = json.loads(r.stdout)
    assert [d["fix"] for d in found] == ["review"], found
    r = zhclean("fix", "a.txt", "--select", "MR005", "--unsafe-fixes", "--report", "r.json", cwd=tmp_path)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == text
    assert "MR005" not in json.loads((tmp_path / "r.json").read_text())["rules"]
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"fingerprint": found[0]["fingerprint"], "decision": "accept", "code": "MR005"}) + "\n",
        encoding="utf-8")
    r = zhclean("fix", "a.txt", "--select", "MR005", "--decisions", "d.jsonl", cwd=tmp_path)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "全校师生热烈欢迎新同学。\n", r.stderr
