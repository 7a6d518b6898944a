"""The command line itself: help with examples, exit codes, terminal vs pipe, errors."""
from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleanup import cli

ROOT = Path(__file__).resolve().parents[1]
VERBS = ["fix", "check", "score", "rules", "rule", "config", "simulate", "review"]


def zhclean_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("zhclean")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cleanup"]


def zhclean(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([*zhclean_cmd(), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_top_level_help_lists_verbs_examples_and_exit_codes():
    r = zhclean("--help")
    assert r.returncode == 0
    for v in VERBS:
        assert v in r.stdout
    assert "examples:" in r.stdout and "zhclean fix " in r.stdout and "exit codes" in r.stdout


@pytest.mark.parametrize("verb", ["fix", "check", "score", "rules", "rule", "config", "review", "simulate"])
def test_every_verb_help_shows_an_example(verb, capsys):
    with pytest.raises(SystemExit) as ei:
        cli.main([verb, "--help"])
    assert ei.value.code == 0
    out = capsys.readouterr().out
    ex = out.split("examples:", 1)[1]
    assert f"zhclean {verb}" in ex
    assert f"zhclean {verb} --help" not in ex  # a real example, not a pointer to itself


def test_fix_and_check_help_document_flags_and_exit_codes(capsys):
    for verb, flags in (("fix", ["--output", "--diff", "--jobs", "--unsafe-fixes", "--decisions", "--select",
                                 "--ignore", "--report", "--encoding", "--exit-non-zero-on-fix", "--glob"]),
                        ("check", ["--output-format", "--statistics", "concise", "github"])):
        with pytest.raises(SystemExit):
            cli.main([verb, "--help"])
        out = capsys.readouterr().out
        for f in flags:
            assert f in out, (verb, f)
        assert "exit codes: 0" in out


def test_version_and_usage_errors():
    r = zhclean("--version")
    assert r.returncode == 0 and r.stdout.startswith("zhclean ")
    r = zhclean("fix")  # no paths
    assert r.returncode == 2 and "usage:" in r.stderr
    r = zhclean("check", ".", "--output-format", "xml")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_internal_errors_are_one_line_with_a_location(monkeypatch, capsys):
    from cleanup import commands

    def boom(args):
        raise RuntimeError("pass exploded")

    monkeypatch.setattr(commands, "cmd_config", boom)
    assert cli.main(["config"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: RuntimeError: pass exploded" in err
    assert "tests/test_cli.py:" in err and "Traceback" not in err
    monkeypatch.setenv("ZHCLEAN_TRACEBACK", "1")
    with pytest.raises(RuntimeError):
        cli.main(["config"])


def test_quiet_when_not_a_terminal_and_with_q(tmp_path):
    (tmp_path / "a.txt").write_text("### 标题\n", encoding="utf-8")
    r = zhclean("fix", "a.txt", "--select", "MK", "--diff", cwd=tmp_path)
    assert "\x1b[" not in r.stderr  # no progress bar, no colours in a pipe
    assert "zhclean fix: 1 file (" in r.stderr
    r = zhclean("fix", "a.txt", "--select", "MK", "-q", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == "" and r.stdout == ""
    r = zhclean("check", "a.txt", "--select", "MK", "-q", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""


def test_progress_bar_on_a_terminal(tmp_path):
    for i in range(30):
        (tmp_path / f"p{i}.txt").write_text("### 标题\n正文。\n" * 200, encoding="utf-8")
    master, slave = pty.openpty()
    proc = subprocess.Popen([*zhclean_cmd(), "fix", ".", "--select", "MK"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL,
                            env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.5)
        if r:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=60)
    os.close(master)
    out = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "fixing" in out and "files" in out and "/30" in out  # the bar: files done / total
    assert "30 files" in out  # the summary


def test_broken_pipe_is_quiet(tmp_path):
    for i in range(200):
        (tmp_path / f"p{i:03d}.txt").write_text("### 标题\n" * 50, encoding="utf-8")
    cmd = " ".join(zhclean_cmd()) + " check . --select MK | head -n 1"
    r = subprocess.run(["bash", "-c", "set -o pipefail; " + cmd], cwd=tmp_path, capture_output=True,
                       text=True, timeout=120)
    assert r.stdout.startswith("p000.txt:1:1: MK001")
    assert "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr


def test_rules_codes_are_case_insensitive_and_a_typo_is_an_error():
    broken = str(Path(__file__).resolve().parents[1] / "fixtures" / "rules_broken")
    r = subprocess.run([sys.executable, "-m", "cleanup", "rules", "test", "zz9", "--rules-dir", broken],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "FAIL ZZ901" in r.stdout  # found, as --select mk finds MK
    r = subprocess.run([sys.executable, "-m", "cleanup", "rules", "list", "pu001"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("PU001 ")
    for action in ("test", "list"):  # not "0 rules checked, 0 failures" and exit 0
        r = subprocess.run([sys.executable, "-m", "cleanup", "rules", action, "QQ"],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 2 and "error: QQ: no rule code or prefix matches it" in r.stderr


def test_python_dash_m_entry_point(tmp_path):
    r = subprocess.run([sys.executable, "-m", "cleanup", "rules"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "MK001" in r.stdout


def test_findings_go_to_stdout_when_only_stderr_is_a_terminal(tmp_path):
    for i in range(20):
        (tmp_path / f"p{i}.txt").write_text("### 标题\n正文。\n" * 100, encoding="utf-8")
    import threading

    master, slave = pty.openpty()

    def drain() -> None:  # keep reading the terminal so that the bar never blocks
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    t = threading.Thread(target=drain, daemon=True)
    t.start()
    out = tmp_path / "findings.txt"
    with open(out, "w") as f:
        proc = subprocess.run([*zhclean_cmd(), "check", ".", "--select", "MK"], cwd=tmp_path, stdout=f,
                              stderr=slave, stdin=subprocess.DEVNULL, timeout=120,
                              env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    os.close(slave)
    t.join(timeout=10)
    os.close(master)
    assert proc.returncode == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sum(1 for l in lines if ": MK001 " in l) == 20 * 100
