"""Widgets of the review app: the per-character diff, the details, the queue."""
from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cleanup.review import (ACCEPTED, AUTO, CTX, DEL, GAP, INS, PENDING, REJECTED, Excerpt,
                            Item, ReviewSession, item_label, visible)

STATUS_MARK = {PENDING: "?", ACCEPTED: "✓", REJECTED: "✗", AUTO: "s"}


class DiffView(Static):
    """A paragraph in context with a per-character diff: removed characters struck
    (red), inserted ones green; styles come from zhclean.tcss."""

    COMPONENT_CLASSES = {"diff--ctx", "diff--del", "diff--ins", "diff--gap", "diff--label"}

    def show_excerpts(self, excerpts: list[Excerpt], kinds: tuple[str, ...] = (CTX, DEL, INS, GAP),
                      title: str = "") -> None:
        style = {k: self.get_component_rich_style(f"diff--{k}") for k in (CTX, DEL, INS, GAP)}
        label = self.get_component_rich_style("diff--label")
        t = Text()
        if title:
            t.append(title + "\n", style=label)
        for i, x in enumerate(excerpts):
            if i:
                t.append("\n\n")
            t.append(f"line {x.line}" + (f" · {x.label}" if x.label else "") + "\n", style=label)
            for seg in x.segments:
                if seg.kind in kinds:
                    t.append(visible(seg.text, seg.kind), style=style[seg.kind])
        self.update(t)

    def show_message(self, message: str) -> None:
        self.update(Text(message, style=self.get_component_rich_style("diff--gap")))


class DetailsView(Static):
    """Rule code and name, message, confidence, evidence."""

    COMPONENT_CLASSES = {"details--label", "details--value"}

    def show_rows(self, rows: list[tuple[str, str]]) -> None:
        lab = self.get_component_rich_style("details--label")
        val = self.get_component_rich_style("details--value")
        t = Text()
        # evidence keys can be long (glyph_similarity, user_lexicon): the label column
        # grows to 16 rather than cutting them to 11 ("glyph_simil", "user_lexico")
        width = max(11, min(16, max((len(k) for k, _ in rows), default=0)))
        for i, (k, v) in enumerate(rows):
            if i:
                t.append("\n")
            t.append(f"{k[:width]:<{width}} ", style=lab)
            t.append(v, style=val)
        self.update(t)


class QueueList(OptionList):
    """The proposals grouped by rule (group headers are disabled options)."""

    COMPONENT_CLASSES = {"queue--header", "queue--pending", "queue--accepted", "queue--rejected",
                         "queue--auto"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.option_items: list[int | None] = []   # option index -> view index (None: header)
        self.item_option: dict[int, int] = {}      # view index -> option index
        self._shown: tuple[ReviewSession, list[Item]] | None = None
        self._width = 0

    def _fit(self, t: Text) -> Text:
        """One line per option: crop to the list's width (⋯ marks the cut)."""
        width = max(8, self.scrollable_content_region.width - 1) if self.size.width else 40
        if t.cell_len > width:
            t.truncate(width - 1, overflow="crop")
            t.append("⋯")
        return t

    def prompt(self, session: ReviewSession, item: Item) -> Text:
        st = session.status(item)
        style = self.get_component_rich_style(f"queue--{st}")
        t = Text(no_wrap=True)
        t.append(f"{STATUS_MARK[st]} {item.confidence:.2f} L{item.line:<4} ", style=style)
        t.append(item_label(session, item), style=style)
        return self._fit(t)

    def header(self, session: ReviewSession, code: str, items: list[Item]) -> Text:
        pending = sum(1 for it in items if session.status(it) == PENDING)
        name = items[0].proposal.name if items else ""
        t = Text(no_wrap=True)
        t.append(f"{code} {pending}/{len(items)} {name}", style=self.get_component_rich_style("queue--header"))
        return self._fit(t)

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if self._shown is not None and width != self._width:
            self._width = width
            self.refresh_prompts(*self._shown)

    def rebuild(self, session: ReviewSession, items: list[Item]) -> None:
        opts: list[Option] = []
        self.option_items, self.item_option = [], {}
        groups: dict[str, list[Item]] = {}
        for it in items:
            groups.setdefault(it.code, []).append(it)
        vi = 0
        for code, its in groups.items():
            opts.append(Option(self.header(session, code, its), disabled=True))
            self.option_items.append(None)
            for it in its:
                self.item_option[vi] = len(opts)
                opts.append(Option(self.prompt(session, it)))
                self.option_items.append(vi)
                vi += 1
        self._shown = (session, items)
        self._width = self.scrollable_content_region.width
        self.set_options(opts)

    def refresh_prompts(self, session: ReviewSession, items: list[Item]) -> None:
        """Statuses changed: update every prompt and header in place."""
        self._shown = (session, items)
        groups: dict[str, list[Item]] = {}
        for it in items:
            groups.setdefault(it.code, []).append(it)
        oi = 0
        for code, its in groups.items():
            if oi < self.option_count:
                self.replace_option_prompt_at_index(oi, self.header(session, code, its))
            oi += 1
            for it in its:
                if oi < self.option_count:
                    self.replace_option_prompt_at_index(oi, self.prompt(session, it))
                oi += 1
