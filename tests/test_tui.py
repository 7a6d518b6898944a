"""Pilot tests of the review app (``zhclean review``), driven by keys and the mouse.

They run the fixed review pipeline of ``test_review`` (so they do not move
when the real passes change) over a copy of fixture page 001, from the
temporary directory, with the journal at ``.zhclean/decisions.jsonl``.
"""
from __future__ import annotations

import asyncio
import functools
import sys
import threading
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_review import _COMMA, RAW001, review_pipeline  # noqa: E402

from cleanup.journal import Journal  # noqa: E402
from cleanup.pipeline import Pass, Pipeline  # noqa: E402
from cleanup.review import ACCEPTED, PENDING, REJECTED, describe, implied_text  # noqa: E402
from tui.app import ReviewApp  # noqa: E402
from tui.screens import ConfirmQuitScreen, FileListScreen, FilterScreen, HelpScreen, ReviewScreen  # noqa: E402
from tui.widgets import DiffView, QueueList  # noqa: E402

JOURNAL = ".zhclean/decisions.jsonl"


def sync(fn):
    """Run an async test body with asyncio (no pytest async plugin needed)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))
    return wrapper


@pytest.fixture
def page(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / RAW001.name).write_bytes(RAW001.read_bytes())
    return Path(RAW001.name)


def make_app(files, journal=JOURNAL, **kw) -> ReviewApp:
    return ReviewApp.for_files(files, journal=journal, pipeline_factory=review_pipeline, **kw)


async def settle(app: ReviewApp, pilot, timeout: float = 30) -> None:
    """Wait until the background engine has nothing queued or running."""
    t0 = time.monotonic()
    await pilot.pause()
    while app.busy:
        assert time.monotonic() - t0 < timeout, (
            f"the engine did not finish: {app._engine_current} {app._engine_queued} "
            f"{list(app.workers)} {app.last_error}")
        await pilot.pause(0.02)
    await pilot.pause()
    assert app.last_error is None, app.last_error


def current(app: ReviewApp):
    scr = app.screen
    assert isinstance(scr, ReviewScreen)
    return scr.view.current


def status_of(app: ReviewApp, item) -> str:
    return app.screen.session.status(item)


def shown(app: ReviewApp, wid: str = "#context") -> str:
    return str(app.screen.query_one(wid, DiffView).render())


@sync
async def test_full_review_of_page_001_with_resume_and_write(page):
    raw = page.read_text(encoding="utf-8")
    app = make_app([page])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        scr = app.screen
        assert isinstance(scr, ReviewScreen)
        # the first pending proposal: the broken paragraph join, shown with where the text goes
        join = current(app)
        assert join.code == "TX004"
        text = shown(app)
        assert "从生产、研⏎⏎发到科技创新" in text and "proposed" in text

        await pilot.press("a")                     # accept the join
        assert status_of(app, join) == ACCEPTED
        await settle(app, pilot)
        dbl = current(app)                          # advanced; the recompute kept the queue
        assert dbl.code == "TX002" and "发展" in shown(app)
        await pilot.press("a")                     # accept the doubled word
        assert current(app).code == "TX002" and current(app) is not dbl
        await pilot.press("A")                     # and the other two, in one step
        assert not scr.session.pending_of("TX002")
        await settle(app, pilot)

        first_comma = current(app)
        assert first_comma.code == "TX001"
        await pilot.press("x")                     # reject a comma
        assert status_of(app, first_comma) == REJECTED
        edited = current(app)
        assert edited.code == "TX001" and edited is not first_comma

        await pilot.press("e")                     # edit the replacement with Chinese text
        inp = scr.query_one("#edit", Input)
        assert inp.display and inp.has_focus and inp.value == "，"
        await pilot.press("ctrl+u", "即", "使", "home")
        inp.post_message(events.Paste("，"))       # an input method may commit like a paste
        await pilot.pause()
        assert inp.value == "，即使"
        await pilot.press("enter")
        assert not inp.display
        assert scr.session.edited(edited) == "，即使"
        await settle(app, pilot)

        # undo / redo of the edit
        await pilot.press("u")
        assert scr.session.status(edited) == PENDING and current(app).fingerprint == edited.fingerprint
        await pilot.press("U")
        assert scr.session.edited(edited) == "，即使"
        await settle(app, pilot)

        # bulk accept of the comma rule is ONE undoable step
        n_before = len(scr.session.pending_of("TX001"))
        assert n_before > 100
        await pilot.press("A")
        assert not scr.session.pending_of("TX001")
        await settle(app, pilot)
        await pilot.press("u")
        assert len(scr.session.pending_of("TX001")) == n_before
        await settle(app, pilot)
        await pilot.press("U")
        await settle(app, pilot)
        assert not scr.session.pending_of("TX001")

        # filter by rule: only the similar-character proposals
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#f-rule", Select).value = "TX005"
        await pilot.click("#f-apply")
        await pilot.pause()
        assert app.screen is scr and {it.code for it in scr.view.items} == {"TX005"}
        assert "TX001" not in str(scr.query_one("#queue", QueueList).get_option_at_index(0).prompt)
        mis = current(app)
        assert scr.session.snapshot.base(mis)[mis.proposal.start] == "敖"
        await pilot.press("a")
        assert current(app).proposal.edits[0].replacement == "贺"
        await pilot.press("x")
        await pilot.press("ctrl+f")
        await pilot.click("#f-clear")
        await pilot.pause()
        assert len(scr.view.items) > 200
        await settle(app, pilot)

        # quit: accepted changes are unwritten, so it asks; quitting without writing writes nothing
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmQuitScreen)
        await pilot.press("y")
    assert page.read_text(encoding="utf-8") == raw
    decided = Journal(JOURNAL).load()
    assert len(decided.rejected) == 2 and mis.fingerprint in decided.accepted

    # resume from the journal: the decisions and the undo history are back
    app = make_app([page])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        scr = app.screen
        c = scr.session.counts()
        assert c.rejected == 2 and c.accepted >= n_before + 3
        assert scr.session.can_undo()
        await pilot.press("u")                     # undo the last step of the first run: the rejection of 贾
        await settle(app, pilot)
        cur = current(app)
        assert cur.code == "TX005" and scr.session.status(cur) == PENDING
        await pilot.press("a")                     # accept it this time
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert "written" in scr.message
        await pilot.press("q")                     # nothing unwritten: quits at once
    written = page.read_text(encoding="utf-8")
    assert written == implied_text(page, JOURNAL, pipeline=review_pipeline(), text=raw)
    assert "敕勒川草原" in written and "贺海东" in written and "敖" not in written
    assert "从生产、研发到科技创新" in written and "高质量发展新速度" in written
    assert written.count("，即使") == 1
    # every comma between Chinese characters became full-width except the rejected one
    assert written.count(",") == raw.count(",") - len(_COMMA.findall(raw)) + 1


@sync
async def test_mouse_clicks_on_the_queue_and_the_buttons(page):
    app = make_app([page], journal=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        scr = app.screen
        queue = scr.query_one("#queue", QueueList)
        # click the fourth option row (a proposal, not a group header)
        target = next(oi for oi, vi in enumerate(queue.option_items) if vi is not None and oi >= 3)
        await pilot.click(QueueList, offset=(4, 1 + target))
        await pilot.pause()
        assert scr.view.pos == queue.option_items[target]
        item = current(app)
        await pilot.click("#btn-accept")
        assert scr.session.status(item) == ACCEPTED
        nxt = current(app)
        await pilot.click("#btn-reject")
        assert scr.session.status(nxt) == REJECTED
        await pilot.click("#btn-undo")
        assert scr.session.status(nxt) == PENDING
        await pilot.click("#btn-toggle_view")
        assert scr.mode == "side" and scr.query_one("#sbs").display
        assert "before" in shown(app, "#before") and "after" in shown(app, "#after")


@sync
async def test_remapped_keys_from_configuration(page):
    app = make_app([page], journal=None, keymap={"review.accept": "y", "review.reject": "n"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        first = current(app)
        await pilot.press("a")                     # no longer bound
        assert app.screen.session.status(first) == PENDING
        await pilot.press("y")
        assert app.screen.session.status(first) == ACCEPTED
        second = current(app)
        await pilot.press("n")
        assert app.screen.session.status(second) == REJECTED
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("Static").render())
        assert "y  Accept" in help_text.replace("         ", "") or " y  Accept" in help_text
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


@sync
async def test_search_side_by_side_and_footer_keys(page):
    app = make_app([page], journal=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        scr = app.screen
        assert not scr.check_action("undo", ()) and scr.check_action("accept", ())
        await pilot.press("slash")
        assert scr.query_one("#search", Input).has_focus
        for ch in "贾海东":
            await pilot.press(ch)
        await pilot.press("enter")
        assert "贾海东" in shown(app) and "found" in scr.message  # the first proposal near that name
        await pilot.press("slash", "ctrl+u", "贺", "enter")      # the suggested replacement
        cur = current(app)
        assert cur.code == "TX005" and "市长贾贺海东分别" in shown(app)  # struck 贾, inserted 贺
        await pilot.press("slash", "ctrl+u", "没", "有", "enter")
        assert current(app) is cur and "not found" in scr.message
        await pilot.press("v")
        assert "贾" in shown(app, "#before") and "贺" in shown(app, "#after")
        assert "贺" not in shown(app, "#before")
        await pilot.press("a")
        await pilot.pause()
        assert scr.check_action("undo", ()) and not scr.check_action("redo", ())



@sync
async def test_every_action_button_fits_80_columns_and_regains_its_padding_when_wide(page):
    # at 80 columns the 13 buttons go without their inner padding: each one is
    # on the screen with its whole label; at 130 columns they get it back
    from tui.screens import ActionButton

    app = make_app([page], journal=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        buttons = list(app.screen.query(ActionButton))
        assert len(buttons) == 13
        for b in buttons:
            assert b.region.right <= 80 and b.region.width >= len(str(b.label)), b.id
        await pilot.resize_terminal(130, 30)
        await pilot.pause()
        assert all(b.region.width == len(str(b.label)) + 2 for b in buttons)
        assert max(b.region.right for b in buttons) <= 130


def _blocking_pipeline(gate: threading.Event, armed: list[bool]):
    """The review pipeline plus a pass that, once armed, blocks until the gate opens:
    a recomputation that lasts exactly as long as the test wants."""
    def factory() -> Pipeline:
        base = review_pipeline()

        def slow(doc, ctx):
            if armed[0]:
                gate.wait(30)
            return []

        return Pipeline(base.ctx, [*base.passes, Pass("tslow", ("TX999",), slow)])
    return factory


@sync
async def test_moving_never_waits_on_a_recompute(page):
    gate, armed = threading.Event(), [False]
    app = ReviewApp.for_files([page], journal=None, pipeline_factory=_blocking_pipeline(gate, armed))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot, timeout=60)
        scr = app.screen
        armed[0] = True
        await pilot.press("a")                      # starts a recompute that blocks
        assert app.is_computing(scr.key)
        seen = []
        for key in "jjjjjKKKKK":
            await pilot.press(key)
            seen.append(current(app).index)
        # the recompute is still blocked on the gate, yet every key moved the
        # cursor: navigation never waits on computation (no wall-clock
        # threshold here: timings are measured by bench/bench_tui.py)
        assert app.is_computing(scr.key)
        assert len(set(seen)) >= 5 and seen[:5] == sorted(seen[:5]), seen
        assert "recomputing" in str(scr.query_one("#status").render())
        gate.set()
        await settle(app, pilot, timeout=60)
        assert "recomputing" not in str(scr.query_one("#status").render())


@sync
async def test_file_list_of_a_corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "pages"
    d.mkdir()
    for i in range(3):
        (d / f"p{i}.txt").write_bytes(RAW001.read_bytes())
    app = make_app(sorted(Path("pages").glob("*.txt")))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        scr = app.screen
        assert isinstance(scr, FileListScreen)
        table = scr.query_one("#files")
        assert table.row_count == 3
        pending = app.corpus.entries[0].counts.pending
        assert pending > 100 and [str(v) for v in table.get_row_at(0)][1:4] == [str(pending), "0", "0"]
        await pilot.press("down", "enter")
        await settle(app, pilot)
        rs = app.screen
        assert isinstance(rs, ReviewScreen) and rs.key == str(Path("pages/p1.txt"))
        await pilot.press("a", "x")
        await settle(app, pilot)
        await pilot.press("escape")
        assert app.screen is scr
        row = [str(v) for v in table.get_row_at(1)]
        assert row[2:4] == ["1", "1"]
        # clicking a row highlights it, clicking it again opens it
        await pilot.click("#files", offset=(3, 3))
        await pilot.pause()
        assert app.screen is scr
        await pilot.click("#files", offset=(3, 3))
        await pilot.pause()
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.key == str(Path("pages/p2.txt"))


@sync
async def test_review_with_the_child_process_backend(page):
    """As `zhclean review` runs: the pipeline in a child process (the screen never
    competes with it for the interpreter); decisions, recompute and write work the same,
    and `w` pressed while recomputing writes once the recomputation is done. (The real
    passes are exercised end to end by tests/test_tui_tmux.py.)"""
    raw = page.read_text(encoding="utf-8")
    app = ReviewApp.for_files([page], journal=JOURNAL, pipeline_factory=review_pipeline, backend="process")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot, timeout=90)
        assert current(app).code == "TX004"
        await pilot.press("a", "A", "x", "w")
        await settle(app, pilot, timeout=90)
        assert "written" in app.screen.message
    written = page.read_text(encoding="utf-8")
    assert written == implied_text(page, JOURNAL, pipeline=review_pipeline(), text=raw)
    assert "研发到" in written and "高质量发展新速度" in written


def test_key_bindings_are_read_from_the_configuration(page):
    from cleanup.review import setup
    from tui.keys import normalize_keymap

    Path("pyproject.toml").write_text(
        '[tool.zhclean.review.keys]\naccept = "y"\n"review.reject" = "n,x"\nbogus = "z"\n', encoding="utf-8")
    rs = setup([str(page)], backend="thread")
    keymap, warnings = normalize_keymap(rs.keys, "pyproject.toml")
    assert keymap == {"review.accept": "y", "review.reject": "n,x"}
    assert len(warnings) == 1 and "bogus" in warnings[0]
    assert [e.key for e in rs.corpus.entries] == [str(page)]
    rs.corpus.close()


@sync
async def test_context_lines_are_the_lines_of_the_file(page):
    """The context's "line N" counts lines of the file as the queue (L87) and the
    details ("where line 87") do, not lines of the text after earlier changes
    (an accepted join above removes two lines: that text says 85)."""
    app = make_app([page], journal=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        scr = app.screen
        await pilot.press("a")                     # accept the join near the top
        await settle(app, pilot)
        later = [it for it in scr.view.items if it.code == "TX002" and status_of(app, it) == PENDING
                 and it.line > 80]
        assert later
        it = later[0]
        scr.view.goto(it.index)
        scr.show_current()
        await pilot.pause()
        base = scr.session.snapshot.base(it)
        para = base.rfind("\n\n", 0, it.proposal.start) + 2   # the excerpt starts at its paragraph
        assert base[:para].count("\n") + 1 == it.line - 2          # in the joined text: two lines up
        assert shown(app).splitlines()[1] == f"line {it.line}"
        assert ("where", f"line {it.line} · delete") in describe(scr.session, it)


@sync
async def test_file_list_footer_shows_open_and_the_status_says_why_a_file_has_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "pages"
    d.mkdir()
    (d / "a.txt").write_bytes(RAW001.read_bytes())
    (d / "b.txt").write_bytes(b"")
    (d / "c.txt").write_bytes("中文测试，GB18030。\n".encode("gb18030"))
    app = make_app(sorted(Path("pages").glob("*.txt")), journal=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        scr = app.screen
        assert isinstance(scr, FileListScreen)
        # enter is the screen's "Open" (shown), not the table's hidden "Select"
        enter = scr.active_bindings["enter"].binding
        assert enter.description == "Open" and enter.show
        status = lambda: str(scr.query_one("#status").render())  # noqa: E731
        assert "error" not in status() and [str(v) for v in scr.query_one("#files").get_row_at(1)][1] == "error"
        await pilot.press("down")
        assert "empty file" in status()
        await pilot.press("down")
        assert "not valid UTF-8" in status() and "--encoding" in status()
        await pilot.press("up", "up")
        # "down" and "enter" arriving in one read from the terminal (typed fast): the
        # file under the cursor after "down" opens, not the one before it
        app.post_message(events.Key("down", None))
        app.post_message(events.Key("enter", "\r"))
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.key == str(Path("pages/b.txt"))
        assert len([s for s in app.screen_stack if isinstance(s, ReviewScreen)]) == 1  # opened once
        await pilot.press("escape", "up", "enter")
        await settle(app, pilot)
        assert app.screen.key == str(Path("pages/a.txt"))

    # "open" remapped: the footer shows the new key, which opens the file
    app = make_app(sorted(Path("pages").glob("*.txt")), journal=None, keymap={"review.open": "o"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.screen.active_bindings["o"].binding.description == "Open"
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.key == str(Path("pages/a.txt"))


@sync
async def test_resizing_the_terminal_redraws_the_proposal_and_keeps_it_in_view(page):
    app = make_app([page], journal=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        scr = app.screen
        queue = scr.query_one("#queue", QueueList)
        status = lambda: str(scr.query_one("#status").render())  # noqa: E731
        def paragraph(it) -> str:
            base, pos = scr.session.snapshot.base(it), it.proposal.start
            end = base.find("\n\n", pos)
            return base[base.rfind("\n\n", 0, pos) + 2:end if end >= 0 else len(base)]
        # a proposal far down the queue, in a long paragraph (its context is clipped)
        last = max(i for i, it in enumerate(scr.view.items) if it.code == "TX001" and len(paragraph(it)) > 300)
        scr.view.goto(last)
        scr.show_current()
        await pilot.pause()
        narrow = shown(app)
        assert "? " in status() and "pending" not in status()      # compact counts at 80 columns

        await pilot.resize_terminal(200, 50)
        await pilot.pause(0.2)
        assert "pending" in status()                                # full counts once wide
        wide = shown(app)
        assert len(wide) > len(narrow)                               # more context for the wider panel
        top = queue.scroll_offset.y
        assert top <= queue.highlighted < top + queue.scrollable_content_region.height

        scr.view.goto(0)
        scr.show_current()
        await pilot.pause()
        scr.view.goto(last)
        scr.show_current()
        await pilot.resize_terminal(60, 20)
        await pilot.pause(0.2)
        top = queue.scroll_offset.y
        assert top <= queue.highlighted < top + queue.scrollable_content_region.height  # still in view
        assert "? " in status()


@sync
async def test_footer_keeps_help_and_quit_visible_at_80_columns(page):
    from textual.widgets import Footer

    app = make_app([page], journal=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        scr = app.screen
        scr.refresh_bindings()
        await pilot.pause(0.1)
        footer = scr.query_one(Footer)
        assert footer.compact                                  # narrow: no padding around the keys
        keys = {str(k.description): k for k in footer.children}
        for name in ("Help", "Quit", "Accept", "Reject"):
            assert keys[name].region.right <= 80, (name, keys[name].region)
        await pilot.click(Footer, offset=(keys["Help"].region.x + 1, 0))   # the footer's keys are clickable
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.2)
        assert not scr.query_one(Footer).compact


@sync
async def test_footer_while_editing_says_how_to_cancel_and_escape_goes_back_to_the_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(RAW001.read_bytes())
    app = make_app(["a.txt", "b.txt"], journal=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        scr = app.screen
        assert isinstance(scr, ReviewScreen)

        def footer_keys() -> dict[str, str]:
            return {k: b.binding.description for k, b in scr.active_bindings.items() if b.binding.show}

        assert footer_keys()["escape"] == "Files"              # a corpus: the way back is shown
        item = current(app)
        await pilot.press("e")
        assert scr.query_one("#edit", Input).display
        # the footer is not empty while editing; "q" and "?" are typed into the field
        assert footer_keys() == {"escape": "Cancel"}
        await pilot.press("q")
        assert scr.query_one("#edit", Input).value.endswith("q") and app.screen is scr
        await pilot.press("escape")                             # cancels the edit, stays on the page
        assert not scr.query_one("#edit", Input).display and app.screen is scr
        assert scr.session.status(item) == PENDING
        await pilot.press("slash")
        assert footer_keys()["escape"] == "Cancel"
        await pilot.press("escape", "escape")                   # close the search, then back to the files
        assert isinstance(app.screen, FileListScreen)


@sync
async def test_details_show_long_evidence_names_whole_and_help_text_wraps_cleanly(page):
    app = make_app([page], journal=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        details = app.screen.query_one("#details")
        details.show_rows([("rule", "MR005 context-misread"), ("glyph_similarity", "0.45"),
                           ("user_lexicon", "False")])
        text = str(details.render())
        assert "glyph_similarity 0.45" in text and "user_lexicon     False" in text
        assert "rule             MR005" in text                   # the labels stay aligned
        await pilot.press("question_mark")
        help_text = str(app.screen.query_one("#help-dialog Static").render())
        assert "written to the file before you press w" in help_text  # one paragraph, wrapped by the dialog


@sync
async def test_quit_dialog_names_every_unwritten_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    names = [f"page_{i}_with_a_long_name_3c173866b2547df7.txt" for i in range(3)]
    for name in names:
        (tmp_path / name).write_bytes(RAW001.read_bytes())
    app = make_app(names, journal=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for row in range(3):
            if row:
                await pilot.press("escape", "down")
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.press("a")
            await settle(app, pilot)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmQuitScreen)
        await pilot.pause()
        label = app.screen.query("Label").first()
        assert label.region.right <= 80 and label.region.height >= 2    # wrapped, not cut
        from textual.geometry import Region
        shown_text = "".join(strip.text.strip() for strip in
                             label.render_lines(Region(0, 0, label.size.width, label.size.height)))
        for name in names:
            assert name in shown_text, shown_text
        await pilot.press("n")


def test_review_exits_2_when_a_file_could_not_be_read(tmp_path, monkeypatch, capsys):
    """As fix and check: an unreadable file is an error (exit 2) once the review ends."""
    import argparse

    import tui.app as appmod

    (tmp_path / "ok.txt").write_text("正文一段。\n", encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes("正文一段，发展发展。\n".encode("gb18030"))

    def quit_at_once(self):  # the editor opens the list and quits; the file list summarised both
        for e in self.corpus.entries:
            self.corpus.summarize(e.key)

    monkeypatch.setattr(appmod.ReviewApp, "run", quit_at_once)
    monkeypatch.chdir(tmp_path)
    ok = argparse.Namespace(paths=["ok.txt"])
    assert appmod.main(ok) == 0
    both = argparse.Namespace(paths=["ok.txt", "gbk.txt"])
    assert appmod.main(both) == 2


@sync
async def test_a_late_highlight_message_does_not_pull_the_cursor_back(page):
    """A highlight message posted before a decision moved the cursor, and handled
    after it, must not send the cursor back to the item just decided (under load
    the second 'a' of a run of accepts said 'already decided')."""
    from textual.widgets import OptionList

    app = make_app([page], journal=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        scr = app.screen
        queue = scr.query_one("#queue", QueueList)
        first = current(app)
        old_option = queue.highlighted
        await pilot.press("a")
        await pilot.pause()
        second = current(app)
        assert second is not first and queue.highlighted != old_option
        queue.post_message(OptionList.OptionHighlighted(queue, queue.get_option_at_index(old_option), old_option))
        await pilot.pause(0.1)
        assert current(app) is second
