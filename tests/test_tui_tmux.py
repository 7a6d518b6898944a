"""End to end: the REAL console script ``zhclean review`` in a real terminal (tmux).

Starts ``.venv/bin/zhclean review page.txt --review-safe`` in a detached tmux
session (120x40, TERM=xterm-256color, a temporary HOME), accepts proposals
one key at a time until none is pending, writes with ``w``, quits with ``q``
and checks the file on disk: it equals what the journal implies, and
``zhclean fix --decisions`` replays the same journal to the same text.
Skipped only when tmux is not installed (``.ci/run`` installs it).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from cleanup.review import implied_text

TMUX = shutil.which("tmux")
ZHCLEAN = Path(sys.executable).parent / "zhclean"

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")

PAGE = (
    "## 呼和浩特加压奋进跑出高质量发展新速度\n"
    "\n"
    "**2023年**,如何贯彻落实党的二十大精神,如何稳经济、促发展?\n"
    "\n"
    "大道至简,实干为要。开局即冲刺。\n"
)


class Tmux:
    def __init__(self, cwd: Path, home: Path) -> None:
        self.socket = f"zhclean-test-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.env = {**os.environ, "HOME": str(home), "TERM": "xterm-256color", "LANG": "C.UTF-8",
                    "LC_ALL": "C.UTF-8", "TMUX": ""}
        for var in ("TMUX", "COLUMNS", "LINES"):  # Textual would take COLUMNS/LINES over the pane's size
            self.env.pop(var, None)
        self.cwd = cwd

    def run(self, *args: str, check: bool = True) -> str:
        r = subprocess.run([TMUX, "-u", "-L", self.socket, *args], capture_output=True, text=True,
                           env=self.env, cwd=self.cwd, timeout=30)
        if check and r.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {r.stderr}")
        return r.stdout

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-x", "120", "-y", "40", "-s", "rv", "-c", str(self.cwd), command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "rv", check=False)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "rv", *keys)

    def wait_for(self, pattern: str, timeout: float = 90) -> re.Match:
        t0 = time.monotonic()
        rx = re.compile(pattern)
        screen = ""
        while time.monotonic() - t0 < timeout:
            screen = self.screen()
            m = rx.search(screen)
            if m:
                return m
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {pattern!r}; the screen shows:\n{screen}")

    def kill(self) -> None:
        self.run("kill-server", check=False)


def test_review_a_page_to_the_end_in_tmux(tmp_path):
    assert ZHCLEAN.exists(), f"console script not found next to {sys.executable}"
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    page = work / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    (work / "original.txt").write_text(PAGE, encoding="utf-8")
    tm = Tmux(work, home)
    try:
        tm.start(f"{ZHCLEAN} review page.txt --review-safe; echo ZHCLEAN-EXIT=$?; sleep 60")
        m = tm.wait_for(r"page\.txt · (\d+) pending")
        assert int(m.group(1)) > 0, "the page should have proposals to review"
        assert "呼和浩特" in tm.screen()  # Chinese text on screen
        # accept one proposal at a time until none is pending (later ones may appear on the way)
        for _ in range(400):
            m = tm.wait_for(r"page\.txt · (\d+) pending · (\d+) accepted")
            pending, accepted = int(m.group(1)), int(m.group(2))
            if pending == 0:
                if "recomputing" not in tm.screen():
                    break
                time.sleep(0.5)  # a recompute may still bring new proposals: look again
                continue
            tm.keys("a")
            tm.wait_for(rf"· (?!{accepted} accepted)\d+ accepted")
        else:
            raise AssertionError("the review did not come to an end:\n" + tm.screen())
        assert page.read_text(encoding="utf-8") == PAGE  # nothing written before w
        tm.keys("w")
        tm.wait_for(r"written: page\.txt")
        tm.keys("q")
        tm.wait_for(r"ZHCLEAN-EXIT=0")
    finally:
        tm.kill()
    written = page.read_text(encoding="utf-8")
    journal = work / ".zhclean" / "decisions.jsonl"
    assert journal.exists()
    assert written != PAGE
    assert written == implied_text(page, journal, review_safe=True, text=PAGE)
    assert "## " not in written and "**" not in written  # Markdown debris removed (MK001, MK002)
    assert "呼和浩特加压奋进跑出高质量发展新速度" in written
    # decisions are data: `zhclean fix --decisions` replays the journal to the same text
    r = subprocess.run([str(ZHCLEAN), "fix", "original.txt", "--decisions", str(journal)],
                       cwd=work, capture_output=True, text=True, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    assert (work / "original.txt").read_text(encoding="utf-8") == written
