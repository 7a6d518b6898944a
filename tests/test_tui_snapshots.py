"""Snapshot tests (pytest-textual-snapshot) of the review app's main screens,
at 120x40 and 80x24, with Chinese text.

Deterministic: the fixed review pipeline of ``test_review``, copies of the
fixture pages in a temporary directory used as the working directory and
named relatively, no clock anywhere on screen, and every screenshot taken
once the background engine is idle. Update the SVGs with
``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at them.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_review import RAW001, review_pipeline  # noqa: E402

from tui.app import ReviewApp  # noqa: E402

RAW = RAW001.parent
SIZES = {"120x40": (120, 40), "80x24": (80, 24)}


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _page(here: Path) -> str:
    (here / RAW001.name).write_bytes(RAW001.read_bytes())
    return RAW001.name


def _app(files) -> ReviewApp:
    return ReviewApp.for_files(files, journal=None, pipeline_factory=review_pipeline)


def _idle_then(*keys: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        t0 = time.monotonic()
        await pilot.pause()
        while app.busy:
            assert time.monotonic() - t0 < 60
            await pilot.pause(0.02)
        await pilot.pause()
        for k in keys:
            await pilot.press(k)
            while app.busy:
                await pilot.pause(0.02)
        await pilot.pause(0.1)  # let the footer settle
    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_review_screen_inline(snap_compare, here, size):
    """The first pending proposal (a broken paragraph join: ⏎⏎ struck between 研 and 发)."""
    assert snap_compare(_app([_page(here)]), terminal_size=SIZES[size], run_before=_idle_then())


@pytest.mark.parametrize("size", SIZES)
def test_review_screen_side_by_side(snap_compare, here, size):
    """A visually similar character (贾 -> 贺), searched for, side by side, after a few decisions."""
    keys = ("a", "x", "slash", "贺", "enter", "v")
    assert snap_compare(_app([_page(here)]), terminal_size=SIZES[size], run_before=_idle_then(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_review_screen_editing_with_chinese(snap_compare, here, size):
    """Editing the replacement of a comma proposal with Chinese text."""
    keys = ("a", "A", "e", "ctrl+u", "即", "使")
    assert snap_compare(_app([_page(here)]), terminal_size=SIZES[size], run_before=_idle_then(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_file_list(snap_compare, here, size):
    d = here / "pages"
    d.mkdir()
    for f in sorted(RAW.glob("*.txt")):
        (d / f.name).write_bytes(f.read_bytes())
    files = sorted(Path("pages").glob("*.txt"))
    assert snap_compare(_app(files), terminal_size=SIZES[size], run_before=_idle_then())


def test_filter_dialog(snap_compare, here):
    assert snap_compare(_app([_page(here)]), terminal_size=(80, 24), run_before=_idle_then("ctrl+f"))


def test_quit_confirmation(snap_compare, here):
    assert snap_compare(_app([_page(here)]), terminal_size=(80, 24), run_before=_idle_then("a", "q"))


def test_help(snap_compare, here):
    assert snap_compare(_app([_page(here)]), terminal_size=(120, 40), run_before=_idle_then("question_mark"))
