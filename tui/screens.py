"""Screens of the review app: the file list, the review screen and the dialogs."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, OptionList, Select, Static

from cleanup.review import (ACCEPTED, AUTO, PENDING, REJECTED, STATUSES, Filter, QueueView,
                            ReviewSession, context_excerpts, describe, side_by_side)
from cleanup.model import Edit

from .keys import APP_KEYS, FILE_LIST_KEYS, REVIEW_KEYS, bindings
from .widgets import DetailsView, DiffView, QueueList

if TYPE_CHECKING:
    from .app import ReviewApp


def _counts_text(c, compact: bool = False) -> str:
    if compact:  # the queue's marks: ? pending, ✓ accepted, ✗ rejected, s pre-accepted (safe)
        return f"{c.pending}? {c.accepted}✓ {c.rejected}✗ {c.auto}s"
    return f"{c.pending} pending · {c.accepted} accepted · {c.rejected} rejected · {c.auto} auto"


class ActionButton(Button, can_focus=False):
    """A button for the mouse that does not take the focus away from the queue.
    In a bar with the class ``narrow`` it is as wide as its label (Textual's
    buttons add a cell each side): all of the review screen's buttons then
    fit in 80 columns."""

    def get_content_width(self, container: Size, viewport: Size) -> int:
        width = super().get_content_width(container, viewport)
        parent = self.parent
        return width - 2 if parent is not None and parent.has_class("narrow") else width


class FileTable(DataTable):
    """The file list's table. Its own ``enter`` (shown as "Open") replaces the
    table's hidden "select"; a binding on the screen instead would either be
    shadowed by it (not in the footer) or, as a priority binding, run before the
    table has handled a ``down`` typed just before (opening the wrong file)."""

    BINDINGS = bindings(FILE_LIST_KEYS)

    def action_open_file(self) -> None:
        self.action_select_cursor()  # -> RowSelected -> FileListScreen opens the row


class FileListScreen(Screen):
    """Every file of the corpus with its pending / accepted / rejected counts."""

    app: "ReviewApp"

    def compose(self) -> ComposeResult:
        yield Static(id="status", classes="status", markup=False)
        table: DataTable = FileTable(id="files", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#files", DataTable)
        table.add_column("File", key="file")
        for c in ("pending", "accepted", "rejected", "auto"):
            table.add_column(c.capitalize(), key=c)
        for e in self.app.corpus.entries:
            table.add_row(e.key, *self._cells(e), key=e.key)
        table.focus()
        self.update_status()

    @staticmethod
    def _cells(e) -> list:
        if e.error:
            return ["error", "", "", ""]
        if e.counts is None:
            return ["·", "·", "·", "·"]
        c = e.counts
        return [c.pending, c.accepted, c.rejected, c.auto]

    def update_entry(self, key: str) -> None:
        table = self.query_one("#files", DataTable)
        e = self.app.corpus.entry(key)
        for col, v in zip(("pending", "accepted", "rejected", "auto"), self._cells(e)):
            table.update_cell(key, col, v)
        self.update_status()

    def update_status(self) -> None:
        entries = self.app.corpus.entries
        done = sum(1 for e in entries if e.counts is not None or e.error)
        pending = sum(e.counts.pending for e in entries if e.counts is not None)
        msg = f"zhclean review · {len(entries)} files · {pending} pending proposals"
        c = self.app.corpus
        if not c.prepared:
            msg += f" · corpus statistics {c.prepared_files}/{len(entries)}"
        elif done < len(entries):
            msg += f" · counted {done}/{len(entries)}"
        error = self._highlighted_error()
        if error:  # why the highlighted file says "error" (unreadable, empty ...)
            msg += f" · {error}"
        self.query_one("#status", Static).update(msg)

    def _highlighted_error(self) -> str | None:
        table = self.query_one("#files", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.app.corpus.entry(str(key)).error

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self.update_status()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_file(str(event.row_key.value))


class ReviewScreen(Screen):
    """The queue of proposals of one file, the change in context, the details."""

    # help and quit (the app's) first, so that the footer, cut at the terminal's
    # width, never cuts them (at 80 columns it ends after "w Write")
    BINDINGS = bindings(APP_KEYS) + bindings(REVIEW_KEYS)
    app: "ReviewApp"
    NARROW = 100  # columns below which the footer is compact
    WIDE_BUTTONS = 106  # (13 buttons with their padding and margins)

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.view: QueueView | None = None
        self.mode = "inline"
        self.message = ""
        self.last_search = ""
        self._syncing = False

    @property
    def session(self) -> ReviewSession | None:
        return self.app.corpus.sessions.get(self.key)

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="status", classes="status", markup=False)
        with Horizontal(id="main"):
            yield QueueList(id="queue")
            with Vertical(id="right"):
                with VerticalScroll(id="context-scroll"):
                    yield DiffView(id="context")
                with Horizontal(id="sbs"):
                    with VerticalScroll(id="before-scroll"):
                        yield DiffView(id="before")
                    with VerticalScroll(id="after-scroll"):
                        yield DiffView(id="after")
                with VerticalScroll(id="details-scroll"):
                    yield DetailsView(id="details")
        yield Static(id="message", classes="message", markup=False)
        yield Input(id="edit", placeholder="replacement (Enter: accept, Esc: cancel)", classes="hidden")
        yield Input(id="search", placeholder="search (Enter: next match, Esc: cancel)", classes="hidden")
        with Horizontal(id="buttons"):
            for bid, label in (("prev_pending", "‹ Prev"), ("skip", "Skip ›"), ("accept", "Accept"),
                               ("reject", "Reject"), ("edit", "Edit"), ("accept_rule", "All ✓"),
                               ("reject_rule", "All ✗"), ("undo", "Undo"), ("redo", "Redo"),
                               ("search", "Find"), ("filter", "Filter"), ("toggle_view", "View"),
                               ("write", "Write")):
                yield ActionButton(label, id=f"btn-{bid}", compact=True, classes="action")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sbs").display = False
        self.query_one("#queue", QueueList).focus()
        self.refresh_all()

    def on_resize(self) -> None:
        """The terminal changed size: the context window, the compact counts and the
        queue's scroll position follow (they are computed from the size)."""
        for footer in self.query(Footer):
            footer.compact = self.app.size.width < self.NARROW
        # the action buttons without their inner padding below this width, so
        # that all of them fit in 80 columns (line-pad 0 is no valid TCSS)
        narrow = self.app.size.width < self.WIDE_BUTTONS
        bar = self.query_one("#buttons")
        if bar.has_class("narrow") != narrow:
            bar.set_class(narrow, "narrow")
            for button in bar.query(ActionButton):
                button.styles.line_pad = 0 if narrow else 1
        if self.view is not None and self.session is not None and self.session.snapshot is not None:
            self.call_after_refresh(self._after_resize)

    def _after_resize(self) -> None:
        self.show_current()
        queue = self.query_one("#queue", QueueList)
        if queue.highlighted is not None:
            queue.scroll_to_highlight()

    # -- updates from the app ----------------------------------------------------
    def refresh_all(self) -> None:
        """A new snapshot arrived (or none yet): rebuild the queue, keep the cursor."""
        s = self.session
        queue = self.query_one("#queue", QueueList)
        if s is None or s.snapshot is None:
            err = s.error if s is not None else None
            self.query_one("#context", DiffView).show_message(
                f"error: {err}" if err else "computing proposals")
            self.query_one("#details", DetailsView).update("")
            self.update_status()
            return
        if self.view is None:
            self.view = QueueView(s)
        else:
            self.view.refresh()
        queue.rebuild(s, self.view.items)
        self.show_current()

    def refresh_statuses(self) -> None:
        if self.view is None or self.session is None:
            return
        self.query_one("#queue", QueueList).refresh_prompts(self.session, self.view.items)
        self.show_current()

    def update_status(self) -> None:
        s = self.session
        parts = [self.key]
        if s is not None and s.snapshot is not None:
            parts.append(_counts_text(s.counts(), compact=self.size.width < 100))
            if self.view is not None and self.view.filter.active:
                parts.append(f"filter: {self.view.filter.describe()} ({len(self.view.items)})")
            if s.provisional:
                c = self.app.corpus
                parts.append(f"provisional (corpus statistics {c.prepared_files}/{len(c.entries)})")
            if s.stale or self.app.is_computing(self.key):
                parts.append("recomputing")
            elif s.dirty:
                parts.append("unwritten")
        elif s is not None and s.error:
            parts.append("cannot review this file")
        else:
            parts.append("computing proposals")
        self.query_one("#status", Static).update(" · ".join(parts))
        self.query_one("#message", Static).update(self.message)

    def show_current(self) -> None:
        s, view = self.session, self.view
        ctx = self.query_one("#context", DiffView)
        details = self.query_one("#details", DetailsView)
        queue = self.query_one("#queue", QueueList)
        item = view.current if view is not None else None
        if s is None or s.snapshot is None or item is None:
            if view is not None and not view.items:
                ctx.show_message("No proposals" + (" match the filter." if view.filter.active else " for this file."))
            details.update("")
        else:
            oi = queue.item_option.get(view.pos)
            if oi is not None and queue.highlighted != oi:
                self._syncing = True
                queue.highlighted = oi
                self._syncing = False
            base = s.snapshot.base(item)
            p = item.proposal
            edited = s.edited(item)
            if edited is not None and len(p.edits) == 1 and not item.applied:
                e = p.edits[0]
                p = type(p)(p.code, p.message, (Edit(e.start, e.end, edited),), p.confidence,
                            p.applicability, p.fingerprint, p.evidence, p.name)
            # about four lines of context before the change: the panel's width follows
            # from the terminal's (as zhclean.tcss lays it out), known before any layout
            total = self.app.size.width
            width = total - max(28, min(48, int(total * 0.38))) - 4
            snap = s.snapshot
            exc = context_excerpts(base, p, window=max(40, (width // 2) * 4),
                                   line_of=lambda pos: snap.original_line(item, pos))
            st = s.status(item)
            title = {PENDING: "proposed", ACCEPTED: "accepted", REJECTED: "rejected (not applied)",
                     AUTO: "pre-accepted (safe)"}[st]
            if self.mode == "inline":
                ctx.show_excerpts(exc, title=title)
            else:
                before, after = side_by_side(exc)
                self.query_one("#before", DiffView).show_excerpts(before, title="before")
                self.query_one("#after", DiffView).show_excerpts(after, title="after")
            details.show_rows(describe(s, item))
        self.update_status()
        self._refresh_footer()

    _ACTIONS = ("accept", "reject", "skip", "edit", "accept_rule", "reject_rule", "undo", "redo", "write",
                "search", "filter", "toggle_view", "back", "cancel_input")

    def _refresh_footer(self) -> None:
        """Re-render the footer only when the set of keys that apply changed (it is
        rebuilt from scratch, which is slow enough to notice when moving fast)."""
        sig = tuple(bool(self.check_action(a, ())) for a in self._ACTIONS)
        if sig != getattr(self, "_footer_sig", None):
            self._footer_sig = sig
            self.refresh_bindings()

    # -- queue interaction (mouse and arrow keys) -----------------------------------
    @on(OptionList.OptionHighlighted, "#queue")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self._syncing or self.view is None:
            return
        queue = self.query_one("#queue", QueueList)
        if event.option_index != queue.highlighted:
            # a message about a highlight that is no longer the list's: posted by an
            # earlier sync (show_current) and handled late, after a decision moved the
            # cursor on; following it sent the cursor back to the item just decided
            return
        vi = queue.option_items[event.option_index] if event.option_index < len(queue.option_items) else None
        if vi is not None and vi != self.view.pos:
            self.view.goto(vi)
            self.show_current()

    @on(Button.Pressed, ".action")
    async def _button(self, event: Button.Pressed) -> None:
        action = (event.button.id or "").removeprefix("btn-")
        if self.check_action(action, ()):
            await self.run_action(action)

    def action_help(self) -> None:
        self.app.action_help()

    def action_quit_app(self) -> None:
        self.app.action_quit_app()

    # -- dynamic bindings: only the keys that apply now --------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        s, view = self.session, self.view
        item = view.current if view is not None else None
        editing = self._input_open()
        if action in ("accept", "reject", "skip", "next_pending", "prev_pending", "next_any", "prev_any"):
            return item is not None and not editing
        if action == "edit":
            return item is not None and len(item.proposal.edits) == 1 and not editing
        if action in ("accept_rule", "reject_rule"):
            return item is not None and s is not None and bool(s.pending_of(item.code)) and not editing
        if action == "undo":
            return s is not None and s.can_undo() and not editing
        if action == "redo":
            return s is not None and s.can_redo() and not editing
        if action == "write":
            return s is not None and s.snapshot is not None and not editing
        if action in ("search", "filter", "toggle_view"):
            return s is not None and s.snapshot is not None and not editing
        if action == "back":
            return not editing and len(self.app.corpus.entries) > 1
        if action == "cancel_input":
            return editing
        if action in ("help", "quit_app"):
            return not editing  # typed into the field while it is open
        return True

    def _input_open(self) -> bool:
        return any(w.display for w in self.query("#edit, #search").results(Input))

    # -- navigation ------------------------------------------------------------------
    def _move(self, direction: int, pending_only: bool) -> None:
        if self.view is None:
            return
        if not self.view.move(direction, pending_only):
            self.message = "no pending proposals left" if pending_only else "end of the queue"
        else:
            self.message = ""
        self.show_current()

    def action_next_pending(self) -> None:
        self._move(1, True)

    def action_prev_pending(self) -> None:
        self._move(-1, True)

    def action_next_any(self) -> None:
        self._move(1, False)

    def action_prev_any(self) -> None:
        self._move(-1, False)

    def action_skip(self) -> None:
        self._move(1, True)

    # -- decisions ---------------------------------------------------------------------
    def _decided(self, step, advance: bool = True, goto: list[str] | None = None) -> None:
        if step is None:  # already decided that way: just go on
            self.message = "already decided"
            if advance and self.view is not None:
                self.view.advance()
            self.show_current()
            return
        self.message = step.label
        if goto and self.view is not None:
            for fp in goto:
                if self.view.goto_fingerprint(fp):
                    break
        elif advance and self.view is not None and not self.view.advance():
            self.message += " · no pending proposals left"
        self.app.decided(self.key)
        self.refresh_statuses()

    def action_accept(self) -> None:
        if self.view and self.view.current and self.session:
            self._decided(self.session.accept(self.view.current))

    def action_reject(self) -> None:
        if self.view and self.view.current and self.session:
            self._decided(self.session.reject(self.view.current))

    def action_accept_rule(self) -> None:
        if self.view and self.view.current and self.session:
            self._decided(self.session.accept_rule(self.view.current.code))

    def action_reject_rule(self) -> None:
        if self.view and self.view.current and self.session:
            self._decided(self.session.reject_rule(self.view.current.code))

    def action_undo(self) -> None:
        if self.session:
            step = self.session.undo()
            if step is not None:
                self._decided(step, goto=step.fingerprints)
                self.message = f"undone: {step.label}"
                self.update_status()

    def action_redo(self) -> None:
        if self.session:
            step = self.session.redo()
            if step is not None:
                self._decided(step)
                self.message = f"redone: {step.label}"
                self.update_status()

    # -- edit and search inputs -----------------------------------------------------------
    def action_edit(self) -> None:
        item = self.view.current if self.view else None
        if item is None or self.session is None or len(item.proposal.edits) != 1:
            return
        inp = self.query_one("#edit", Input)
        inp.value = self.session.current_replacement(item)
        inp.display = True
        inp.focus()
        self.message = "edit the replacement: Enter accepts it, Esc cancels"
        self.update_status()
        self._refresh_footer()

    @on(Input.Submitted, "#edit")
    def _edit_submitted(self, event: Input.Submitted) -> None:
        item = self.view.current if self.view else None
        self._close_inputs()
        if item is not None and self.session is not None:
            self._decided(self.session.accept(item, replacement=event.value))

    def action_search(self) -> None:
        inp = self.query_one("#search", Input)
        inp.value = self.last_search
        inp.display = True
        inp.focus()
        self._refresh_footer()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.last_search = event.value
        found = self.view.search(event.value) if self.view else False
        self._close_inputs()
        self.message = f"found “{event.value}”" if found else f"“{event.value}” not found"
        self.show_current()

    def _close_inputs(self) -> None:
        for inp in self.query("#edit, #search").results(Input):
            inp.display = False
        self.query_one("#queue").focus()
        self._refresh_footer()

    def action_cancel_input(self) -> None:
        """Close the edit or search field without acting."""
        if self._input_open():
            self._close_inputs()
            self.message = ""
            self.update_status()

    def action_back(self) -> None:
        if self._input_open():
            self.action_cancel_input()
        elif len(self.app.corpus.entries) > 1:
            self.app.pop_screen()

    # -- filter, view, write -------------------------------------------------------------------
    def action_filter(self) -> None:
        if self.session is None or self.view is None:
            return

        def done(flt: Filter | None) -> None:
            if flt is not None and self.view is not None:
                self.view.set_filter(flt)
                self.query_one("#queue", QueueList).rebuild(self.session, self.view.items)
                self.message = f"filter: {flt.describe()}" if flt.active else "filter cleared"
                self.show_current()

        self.app.push_screen(FilterScreen(self.session.codes(), self.view.filter), done)

    def action_toggle_view(self) -> None:
        self.mode = "side" if self.mode == "inline" else "inline"
        self.query_one("#context-scroll").display = self.mode == "inline"
        self.query_one("#sbs").display = self.mode != "inline"
        self.show_current()

    def action_write(self) -> None:
        self.app.write_file(self.key)


class FilterScreen(ModalScreen[Filter | None]):
    """Filter the queue by rule, confidence and status."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="review.filter_cancel")]

    def __init__(self, codes: list[str], current: Filter) -> None:
        super().__init__()
        self.codes = codes
        self.current = current

    def compose(self) -> ComposeResult:
        cur = self.current
        with Vertical(id="filter-dialog", classes="dialog"):
            yield Label("Filter the queue", id="filter-title")
            with Horizontal(classes="field"):
                yield Label("Rule", classes="field-label")
                yield Select([(c, c) for c in self.codes], prompt="all rules", id="f-rule", compact=True,
                             value=cur.codes[0] if len(cur.codes) == 1 and cur.codes[0] in self.codes
                             else Select.NULL)
            with Horizontal(classes="field"):
                yield Label("Min confidence", classes="field-label")
                yield Input(str(cur.min_confidence) if cur.min_confidence else "", placeholder="0.0 – 1.0",
                            id="f-conf", compact=True)
            with Horizontal(classes="field"):
                yield Label("Status", classes="field-label")
                yield Select([(s, s) for s in STATUSES], prompt="any status", id="f-status", compact=True,
                             value=cur.statuses[0] if len(cur.statuses) == 1 else Select.NULL)
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", id="f-apply", variant="primary", compact=True)
                yield Button("Clear", id="f-clear", compact=True)
                yield Button("Cancel", id="f-cancel", compact=True)

    def _filter(self) -> Filter | None:
        rule = self.query_one("#f-rule", Select).value
        status = self.query_one("#f-status", Select).value
        conf_s = self.query_one("#f-conf", Input).value.strip()
        try:
            conf = float(conf_s) if conf_s else 0.0
        except ValueError:
            self.query_one("#f-conf", Input).value = ""
            return None
        return Filter(codes=(rule,) if rule is not Select.NULL and rule else (),
                      min_confidence=max(0.0, min(1.0, conf)),
                      statuses=(status,) if status is not Select.NULL and status else ())

    @on(Button.Pressed, "#f-apply")
    @on(Input.Submitted, "#f-conf")
    def _apply(self) -> None:
        f = self._filter()
        if f is not None:
            self.dismiss(f)

    @on(Button.Pressed, "#f-clear")
    def _clear(self) -> None:
        self.dismiss(Filter())

    @on(Button.Pressed, "#f-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmQuitScreen(ModalScreen[str]):
    """Quitting with accepted changes that are not written yet."""

    BINDINGS = [
        Binding("w", "choose('write')", "Write and quit", id="review.quit_write"),
        Binding("y", "choose('quit')", "Quit without writing", id="review.quit_discard"),
        Binding("n,escape", "choose('cancel')", "Cancel", id="review.quit_cancel"),
    ]

    def __init__(self, files: list[str]) -> None:
        super().__init__()
        self.files = files

    def compose(self) -> ComposeResult:
        names = ", ".join(self.files[:3]) + (f" and {len(self.files) - 3} more" if len(self.files) > 3 else "")
        with Vertical(id="quit-dialog", classes="dialog"):
            yield Label(f"Accepted changes are not written yet: {names}", markup=False)
            yield Label("The decisions are saved in the journal either way.", classes="dim")
            with Horizontal(id="quit-buttons"):
                yield Button("Write and quit (w)", id="q-write", variant="primary", compact=True)
                yield Button("Quit without writing (y)", id="q-quit", variant="error", compact=True)
                yield Button("Cancel (n)", id="q-cancel", compact=True)

    def action_choose(self, what: str) -> None:
        self.dismiss(what)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"q-write": "write", "q-quit": "quit"}.get(event.button.id or "", "cancel"))


class HelpScreen(ModalScreen[None]):
    """Every key binding (with the keys in effect after remapping)."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="review.help_close")]

    def compose(self) -> ComposeResult:
        from .keys import APP_KEYS, FILE_LIST_KEYS, PREFIX, REVIEW_KEYS

        keymap = getattr(self.app, "_keymap", {}) or {}
        t = Text()
        t.append("zhclean review: keys\n\n", style="bold")
        for bid, key, _action, desc, _show in REVIEW_KEYS + FILE_LIST_KEYS + APP_KEYS:
            keys = keymap.get(PREFIX + bid, key)
            shown = ", ".join(self.app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
            t.append(f"{shown:>10}  ", style="bold")
            t.append(f"{desc}   ")
            t.append(f"(id: {bid})\n", style="dim")
        t.append("\nDecisions are saved at once in the journal; nothing is written to the "
                 "file before you press w. Mouse: click a proposal, the buttons or the footer.")
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(t)

    def action_close(self) -> None:
        self.dismiss(None)

    def on_click(self) -> None:
        self.dismiss(None)
