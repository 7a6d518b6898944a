"""Review logic behind ``zhclean review`` (pure library code: no Textual here).

The Textual app in ``tui/`` is a thin layer over this module:

- :class:`DecisionStore` holds the editors' decisions (from the journal,
  ``cleanup.journal``), appends every new decision to the journal at once and
  keeps a per-file undo/redo history that is itself persisted in the journal
  (``step``/``op`` fields), so a resumed session can keep undoing.
- :class:`ReviewSession` is one file under review. :meth:`ReviewSession.compute`
  runs the pipeline on the file's text with a policy that replays the
  decisions (SAFE proposals pre-accepted unless ``review_safe``) and returns a
  :class:`Snapshot`: the text those decisions imply and the queue of
  proposals, pending ones and already decided (or pre-accepted) ones. The
  computation is pure and thread-safe; the app runs it in a background
  worker and installs the result.
- :class:`QueueView` is the filtered queue with a cursor (kept by
  fingerprint across recomputations).
- :func:`context_excerpts`, :func:`char_diff`, :func:`describe`: what the
  screen shows for one proposal: the paragraph in context with a
  per-character diff (``difflib.SequenceMatcher`` on characters, never on
  words), moves and joins, and the details.

Journal entries written here (all readable by ``Journal.load``)::

    {"fingerprint": F, "decision": "accept", "replacement": R?, "code": C,
     "file": PATH, "step": S, "op": "do", "prev": "reject", "label": L}
    {"fingerprint": F, "decision": "undo", "code": C, "file": PATH, "step": S, "op": "undo"}
    {"fingerprint": F, "decision": "accept", ..., "step": S, "op": "redo"}

``op`` is ``do`` (a new decision step), ``undo`` (its reversal: the previous
state of each fingerprint is written back) or ``redo``; consecutive entries
with the same ``step`` and ``op`` form one undoable step (a bulk accept of a
rule is one step).
"""
from __future__ import annotations

import difflib
import os
import re
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .journal import DEFAULT_JOURNAL, Decisions, Journal
from .model import Document, Edit, Proposal, apply_edits
from .pipeline import Pipeline, Policy, Result
from .textio import FileMeta, InputError, atomic_write, read_text

PENDING = "pending"    # undecided and not applied
ACCEPTED = "accepted"  # accepted by the editor (possibly with an edited replacement)
REJECTED = "rejected"  # rejected by the editor
AUTO = "auto"          # SAFE, pre-accepted by the policy, no decision yet
STATUSES = (PENDING, ACCEPTED, REJECTED, AUTO)

# a decision state: ("accept", replacement or None) | ("reject", None) | None (undecided)
State = "tuple[str, str | None] | None"


def _state_of(dec: Decisions, fp: str):
    if fp in dec.accepted:
        return ("accept", dec.accepted[fp])
    if fp in dec.rejected:
        return ("reject", None)
    return None


def _set_state(dec: Decisions, fp: str, state) -> None:
    dec.accepted.pop(fp, None)
    dec.rejected.discard(fp)
    if state is None:
        return
    if state[0] == "accept":
        dec.accepted[fp] = state[1]
    else:
        dec.rejected.add(fp)


def _entry_state(decision: str | None, replacement: str | None):
    if decision == "accept":
        return ("accept", replacement)
    if decision == "reject":
        return ("reject", None)
    return None


def _decision_fields(state) -> dict:
    if state is None:
        return {"decision": "undo"}
    d: dict = {"decision": state[0]}
    if state[0] == "accept" and state[1] is not None:
        d["replacement"] = state[1]
    return d


def _prev_fields(state) -> dict:
    if state is None:
        return {"prev": None}
    d: dict = {"prev": state[0]}
    if state[0] == "accept" and state[1] is not None:
        d["prev_replacement"] = state[1]
    return d


@dataclass
class Change:
    fingerprint: str
    code: str
    before: object  # State
    after: object   # State


@dataclass
class Step:
    """One undoable step: one decision, or a bulk decision over a rule."""

    id: str
    file: str
    label: str
    changes: list[Change]

    @property
    def fingerprints(self) -> list[str]:
        return [c.fingerprint for c in self.changes]


@dataclass
class History:
    undo: list[Step] = field(default_factory=list)
    redo: list[Step] = field(default_factory=list)


class DecisionStore:
    """The decisions of a review (shared by all files of a corpus), backed by the journal.

    Every change is appended to the journal (and fsynced) before it takes
    effect in memory. ``journal=None`` keeps decisions in memory only.
    Thread-safe: the app reads a policy from a worker thread while the UI
    thread records decisions.
    """

    def __init__(self, journal: Journal | Path | str | None = None) -> None:
        if journal is not None and not isinstance(journal, Journal):
            journal = Journal(journal)
        self.journal: Journal | None = journal
        self.decisions = Decisions()
        self.histories: dict[str, History] = {}
        self.files: dict[str, str] = {}  # fingerprint -> file it was last decided in
        self.version = 0
        self._lock = threading.RLock()
        if journal is not None:
            self._replay(journal.read_entries())

    # -- loading -----------------------------------------------------------
    def _replay(self, entries: list[dict]) -> None:
        group_key = None
        group: list[dict] = []

        def flush() -> None:
            if group:
                self._replay_group(group)

        for e in entries:
            fp = e["fingerprint"]
            _set_state(self.decisions, fp, _entry_state(e.get("decision"), e.get("replacement")))
            if e.get("file"):
                self.files[fp] = str(e["file"])
            key = (e.get("step"), e.get("op"), e.get("file"))
            if key != group_key:
                flush()
                group, group_key = [], key
            group.append(e)
        flush()

    def _replay_group(self, group: list[dict]) -> None:
        step_id, op, file = group[0].get("step"), group[0].get("op"), str(group[0].get("file") or "")
        if not step_id or op not in ("do", "undo", "redo"):
            return  # a decision written by another tool: no undo history
        h = self.histories.setdefault(file, History())
        if op == "do":
            changes = [
                Change(e["fingerprint"], e.get("code", ""),
                       _entry_state(e.get("prev"), e.get("prev_replacement")),
                       _entry_state(e.get("decision"), e.get("replacement")))
                for e in group
            ]
            if h.undo and h.undo[-1].id == step_id:  # carried decisions appended to a step
                h.undo[-1].changes += changes
            else:
                h.undo.append(Step(step_id, file, group[0].get("label", ""), changes))
                h.redo.clear()
        elif op == "undo":
            if h.undo and h.undo[-1].id == step_id:
                h.redo.append(h.undo.pop())
        elif op == "redo":
            if h.redo and h.redo[-1].id == step_id:
                h.undo.append(h.redo.pop())

    # -- reading -------------------------------------------------------------
    def state(self, fp: str):
        with self._lock:
            return _state_of(self.decisions, fp)

    def policy(self, review_safe: bool = False, select: tuple[str, ...] = ("ALL",),
               ignore: tuple[str, ...] = ()) -> tuple[Policy, int]:
        """A pipeline policy replaying the decisions, and the version it reflects."""
        with self._lock:
            return Policy(
                select=tuple(select),
                ignore=tuple(ignore),
                apply_safe=not review_safe,
                apply_unsafe=False,
                accepted=dict(self.decisions.accepted),
                rejected=frozenset(self.decisions.rejected),
            ), self.version

    def history(self, file: str) -> History:
        with self._lock:
            return self.histories.setdefault(file, History())

    def can_undo(self, file: str) -> bool:
        return bool(self.history(file).undo)

    def can_redo(self, file: str) -> bool:
        return bool(self.history(file).redo)

    # -- writing -------------------------------------------------------------
    def _append(self, entries: list[dict]) -> None:
        if self.journal is not None and entries:
            self.journal.append(entries)

    def _apply(self, file: str, changes: Iterable[Change], use_after: bool) -> None:
        for c in changes:
            _set_state(self.decisions, c.fingerprint, c.after if use_after else c.before)
            self.files[c.fingerprint] = file
        self.version += 1

    def do(self, file: str, changes: Sequence[tuple[str, str, object]], label: str) -> Step | None:
        """Record decisions ``(fingerprint, code, new state)`` as one undoable step."""
        with self._lock:
            chs = []
            seen = set()
            for fp, code, after in changes:
                if fp in seen:
                    continue
                seen.add(fp)
                before = _state_of(self.decisions, fp)
                if before != after:
                    chs.append(Change(fp, code, before, after))
            if not chs:
                return None
            step = Step(uuid.uuid4().hex[:12], file, label, chs)
            self._append(self._entries(step, "do"))
            self._apply(file, chs, True)
            h = self.histories.setdefault(file, History())
            h.undo.append(step)
            h.redo.clear()
            return step

    def carry(self, file: str, changes: Sequence[tuple[str, str, object]]) -> list[Change]:
        """Decisions carried over to a proposal whose fingerprint changed; they
        join the file's last undoable step (or stand alone when there is none)."""
        with self._lock:
            chs = [Change(fp, code, _state_of(self.decisions, fp), after)
                   for fp, code, after in changes if _state_of(self.decisions, fp) != after]
            if not chs:
                return []
            h = self.histories.setdefault(file, History())
            if h.undo:
                step = h.undo[-1]
                self._append(self._entries(Step(step.id, file, step.label, chs), "do"))
                step.changes += chs
            else:
                step = Step(uuid.uuid4().hex[:12], file, "carried decisions", chs)
                self._append(self._entries(step, "do"))
                h.undo.append(step)
            self._apply(file, chs, True)
            return chs

    def undo(self, file: str) -> Step | None:
        return self._step_back_or_forth(file, "undo")

    def redo(self, file: str) -> Step | None:
        return self._step_back_or_forth(file, "redo")

    def _step_back_or_forth(self, file: str, op: str) -> Step | None:
        """Undo (``op="undo"``) or redo the last step of ``file``: journal it,
        apply its changes backwards or forwards, and move it to the other stack."""
        with self._lock:
            h = self.histories.setdefault(file, History())
            src, dst = (h.undo, h.redo) if op == "undo" else (h.redo, h.undo)
            if not src:
                return None
            step = src[-1]
            self._append(self._entries(step, op))
            src.pop()
            self._apply(file, step.changes, op == "redo")
            dst.append(step)
            return step

    @staticmethod
    def _entries(step: Step, op: str) -> list[dict]:
        out = []
        for i, c in enumerate(step.changes):
            state = c.after if op in ("do", "redo") else c.before
            e: dict = {"fingerprint": c.fingerprint, **_decision_fields(state), "code": c.code,
                       "file": step.file, "step": step.id, "op": op}
            if op == "do":
                e.update(_prev_fields(c.before))
                if i == 0 and step.label:
                    e["label"] = step.label
            out.append(e)
        return out


# ---------------------------------------------------------------------------
# snapshots: what a set of decisions implies for one file


@dataclass
class Item:
    """A proposal in the review queue."""

    proposal: Proposal
    applied: bool          # applied in the snapshot's text (accepted or pre-accepted)
    step: int | None       # history step that applied it (its edits refer to the text before it)
    origin: int            # offset in the file's original text
    line: int              # 1-based line in the original text
    index: int = 0         # position in the snapshot's queue

    @property
    def fingerprint(self) -> str:
        return self.proposal.fingerprint

    @property
    def code(self) -> str:
        return self.proposal.code

    @property
    def confidence(self) -> float:
        return self.proposal.confidence


@dataclass
class Counts:
    pending: int = 0
    accepted: int = 0
    rejected: int = 0
    auto: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.accepted + self.rejected + self.auto


class Snapshot:
    """The result of one computation: the implied text and the queue."""

    def __init__(self, original: str, result: Result, items: list[Item], version: int) -> None:
        self.original = original
        self.result = result
        self.items = items
        self.version = version
        self.provisional = False  # computed before the corpus statistics were complete
        self._texts: list[str] = [original]
        self._lock = threading.Lock()
        self._original_doc: Document | None = None

    @property
    def text(self) -> str:
        return self.result.text

    def base(self, item: Item) -> str:
        """The text the item's edits refer to."""
        if item.step is None:
            return self.result.text
        with self._lock:
            hist = self.result.history
            while len(self._texts) <= item.step:
                k = len(self._texts) - 1
                self._texts.append(apply_edits(self._texts[k], hist[k]))
            return self._texts[item.step]

    def original_line(self, item: Item, pos: int) -> int:
        """The 1-based line in the file (the original text) of offset ``pos`` in
        ``base(item)``: the numbers the queue and the details show."""
        if self._original_doc is None:
            self._original_doc = Document(self.original)
        off = self.result.map_to_original(pos, upto=item.step)
        return self._original_doc.line_col(min(off, len(self.original)))[0]

    def by_fingerprint(self, fp: str) -> Item | None:
        for it in self.items:
            if it.fingerprint == fp:
                return it
        return None

    @classmethod
    def build(cls, result: Result, version: int, code_order: dict[str, int]) -> "Snapshot":
        orig = Document(result.original)
        n = len(result.original)
        items: list[Item] = []
        for ap in result.applied:
            off = min(result.original_offset(ap), n)
            items.append(Item(ap.proposal, True, ap.step, off, orig.line_col(off)[0]))
        for p in result.pending:
            off = min(result.map_to_original(p.start), n)
            items.append(Item(p, False, None, off, orig.line_col(off)[0]))
        big = len(code_order)
        items.sort(key=lambda it: (code_order.get(it.code, big), it.code, it.origin, it.proposal.start))
        for i, it in enumerate(items):
            it.index = i
        return cls(result.original, result, items, version)


@dataclass(frozen=True)
class Filter:
    """Which queue items are shown: rules (codes or prefixes), confidence range, statuses."""

    codes: tuple[str, ...] = ()
    min_confidence: float = 0.0
    max_confidence: float = 1.0
    statuses: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.codes or self.statuses or self.min_confidence > 0 or self.max_confidence < 1)

    def match(self, item: Item, status: str) -> bool:
        if self.codes and not any(item.code.startswith(c.upper()) for c in self.codes):
            return False
        if not (self.min_confidence <= item.confidence + 1e-9 and item.confidence <= self.max_confidence + 1e-9):
            return False
        return not self.statuses or status in self.statuses

    def describe(self) -> str:
        parts = []
        if self.codes:
            parts.append("rule " + ",".join(self.codes))
        if self.min_confidence > 0 or self.max_confidence < 1:
            parts.append(f"confidence {self.min_confidence:.2f}–{self.max_confidence:.2f}")
        if self.statuses:
            parts.append("status " + ",".join(self.statuses))
        return "; ".join(parts)


class ReviewSession:
    """One file under review."""

    def __init__(self, path: Path | str, store: DecisionStore, pipeline: Pipeline, *,
                 review_safe: bool = False, encoding: str | None = None, key: str | None = None,
                 select: tuple[str, ...] = ("ALL",), ignore: tuple[str, ...] = ()) -> None:
        self.path = Path(path)
        self.select = tuple(select)
        self.ignore = tuple(ignore)
        self.key = key if key is not None else str(path)
        self.store = store
        self.pipeline = pipeline
        self.review_safe = review_safe
        self.encoding = encoding
        self.original: str | None = None
        self.meta: FileMeta | None = None
        self.disk_text: str | None = None
        self.snapshot: Snapshot | None = None
        self.error: str | None = None
        self.decided_since_write = False
        self.written = 0
        self._code_order: dict[str, int] | None = None

    # -- computing -------------------------------------------------------------
    def load(self) -> str:
        if self.original is None:
            text, meta = read_text(self.path, self.encoding)
            self.original, self.meta, self.disk_text = text, meta, text
        return self.original

    @property
    def code_order(self) -> dict[str, int]:
        if self._code_order is None:
            order: dict[str, int] = {}
            for ps in self.pipeline.passes:
                for c in ps.codes:
                    order.setdefault(c, len(order))
            self._code_order = order
        return self._code_order

    def compute(self, runner=None) -> Snapshot:
        """Run the pipeline with the current decisions (thread-safe, may be slow).

        ``runner(text, policy, path) -> Result`` runs it elsewhere (a child
        process); by default ``self.pipeline`` runs here."""
        text = self.load()
        policy, version = self.store.policy(self.review_safe, self.select, self.ignore)
        if runner is None:
            res = self.pipeline.run(text, policy, str(self.path))
        else:
            res = runner(text, policy, str(self.path))
        return Snapshot.build(res, version, self.code_order)

    def install(self, snap: Snapshot) -> list[Change]:
        """Make ``snap`` current (unless a newer one is installed); carry decisions
        over to proposals whose fingerprint changed only because a neighbouring
        decision changed their context. Returns the carried changes."""
        old = self.snapshot
        if old is not None and (snap.version < old.version or (
                snap.provisional and not old.provisional and snap.version == old.version)):
            return []
        self.snapshot = snap
        if old is None:
            return []
        carried = self._carry(old, snap)
        if carried:
            self.decided_since_write = True
        return carried

    def _carry(self, old: Snapshot, new: Snapshot) -> list[Change]:
        new_fps = {it.fingerprint for it in new.items}
        lost: dict[tuple, object] = {}
        for it in old.items:
            if it.fingerprint in new_fps:
                continue
            st = self.store.state(it.fingerprint)
            if st is None:
                continue
            lost[self._identity(old, it)] = st
        if not lost:
            return []
        out = []
        for it in new.items:
            if self.store.state(it.fingerprint) is not None:
                continue
            st = lost.get(self._identity(new, it))
            if st is not None:
                out.append((it.fingerprint, it.code, st))
        return self.store.carry(self.key, out) if out else []

    @staticmethod
    def _identity(snap: Snapshot, it: Item) -> tuple:
        base = snap.base(it)
        return (it.code, it.origin, tuple((base[e.start:e.end], e.replacement) for e in it.proposal.edits)
                if not it.applied else tuple(e.replacement for e in it.proposal.edits))

    @property
    def stale(self) -> bool:
        return self.snapshot is None or self.snapshot.version != self.store.version

    @property
    def provisional(self) -> bool:
        return self.snapshot is not None and self.snapshot.provisional

    def ensure_current(self) -> Snapshot:
        """The current snapshot, computed here and now if decisions changed since
        (or if it was provisional: prepare the corpus statistics first)."""
        if self.stale or self.provisional:
            self.install(self.compute())
        assert self.snapshot is not None
        return self.snapshot

    # -- status ----------------------------------------------------------------
    def status(self, item: Item) -> str:
        st = self.store.state(item.fingerprint)
        if st is not None:
            return ACCEPTED if st[0] == "accept" else REJECTED
        return AUTO if item.applied else PENDING

    def edited(self, item: Item) -> str | None:
        st = self.store.state(item.fingerprint)
        return st[1] if st is not None and st[0] == "accept" else None

    def counts(self, snap: Snapshot | None = None) -> Counts:
        c = Counts()
        snap = snap or self.snapshot
        if snap is None:
            return c
        for it in snap.items:
            s = self.status(it)
            setattr(c, s, getattr(c, s) + 1)
        return c

    def items(self, flt: Filter | None = None) -> list[Item]:
        if self.snapshot is None:
            return []
        if flt is None or not flt.active:
            return list(self.snapshot.items)
        return [it for it in self.snapshot.items if flt.match(it, self.status(it))]

    def codes(self) -> list[str]:
        seen: dict[str, None] = {}
        for it in self.snapshot.items if self.snapshot else []:
            seen.setdefault(it.code, None)
        return list(seen)

    # -- decisions (one undoable step each) --------------------------------------
    def _do(self, changes, label: str) -> Step | None:
        step = self.store.do(self.key, changes, label)
        if step is not None:
            self.decided_since_write = True
        return step

    def accept(self, item: Item, replacement: str | None = None) -> Step | None:
        if replacement is not None:
            if len(item.proposal.edits) != 1:
                raise ValueError("only a proposal with one edit can be edited")
            if replacement == self.suggested(item):
                replacement = None
        return self._do([(item.fingerprint, item.code, ("accept", replacement))],
                        f"accept {item.code}" + (" (edited)" if replacement is not None else ""))

    def reject(self, item: Item) -> Step | None:
        return self._do([(item.fingerprint, item.code, ("reject", None))], f"reject {item.code}")

    def pending_of(self, code: str) -> list[Item]:
        """Pending items of a rule, one per fingerprint (a repeated passage gives
        the same proposal the same fingerprint: one decision covers both)."""
        seen: set[str] = set()
        out = []
        for it in self.items():
            if it.code == code and it.fingerprint not in seen and self.status(it) == PENDING:
                seen.add(it.fingerprint)
                out.append(it)
        return out

    def accept_rule(self, code: str) -> Step | None:
        its = self.pending_of(code)
        return self._do([(it.fingerprint, it.code, ("accept", None)) for it in its],
                        f"accept all {code} ({len(its)})")

    def reject_rule(self, code: str) -> Step | None:
        its = self.pending_of(code)
        return self._do([(it.fingerprint, it.code, ("reject", None)) for it in its],
                        f"reject all {code} ({len(its)})")

    def undo(self) -> Step | None:
        step = self.store.undo(self.key)
        if step is not None:
            self.decided_since_write = True
        return step

    def redo(self) -> Step | None:
        step = self.store.redo(self.key)
        if step is not None:
            self.decided_since_write = True
        return step

    def can_undo(self) -> bool:
        return self.store.can_undo(self.key)

    def can_redo(self) -> bool:
        return self.store.can_redo(self.key)

    def suggested(self, item: Item) -> str:
        """The replacement of a one-edit proposal as the rule proposed it (or as applied)."""
        return item.proposal.edits[0].replacement

    def current_replacement(self, item: Item) -> str:
        ed = self.edited(item)
        return ed if ed is not None else self.suggested(item)

    # -- writing ---------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """Accepted changes not yet written (only once the editor decided something)."""
        if self.snapshot is None or self.disk_text is None:
            return self.decided_since_write
        if self.stale:
            return self.decided_since_write or self.snapshot.text != self.disk_text
        if self.snapshot.text == self.disk_text:
            return False
        return self.decided_since_write or any(
            self.store.state(it.fingerprint) is not None for it in self.snapshot.items)

    def write(self) -> str:
        """Write the text the decisions imply, atomically (as ``zhclean fix``)."""
        snap = self.ensure_current()
        assert self.meta is not None
        if snap.text != self.disk_text:
            atomic_write(self.path, snap.text, self.meta)
            _, self.meta = read_text(self.path, self.encoding)
            self.disk_text = snap.text
        self.decided_since_write = False
        self.written += 1
        return snap.text


def implied_text(path: Path | str, journal: Path | str | None = None, *, review_safe: bool = False,
                 pipeline: Pipeline | None = None, text: str | None = None,
                 select: tuple[str, ...] = ("ALL",), ignore: tuple[str, ...] = (),
                 corpus: Sequence[Path | str] | None = None) -> str:
    """The text that the journal's decisions imply for a file (what ``w`` writes).

    Corpus statistics are gathered over ``corpus`` (default: the file alone,
    as ``zhclean review FILE`` and ``zhclean fix FILE`` do)."""
    store = DecisionStore(Journal(journal) if journal is not None else None)
    pipe = pipeline or Pipeline()
    if text is None:
        text = read_text(path)[0]
    if any(p.collect is not None for p in pipe.passes):
        from .runner import collect_corpus

        docs = [Document(read_text(f)[0], str(f)) for f in corpus] if corpus else [Document(text, str(path))]
        pipe.ctx.corpus = collect_corpus(pipe, docs)
    policy, _ = store.policy(review_safe, select, ignore)
    return pipe.run(text, policy, str(path)).text


# ---------------------------------------------------------------------------
# the queue with a cursor


class QueueView:
    """The visible (filtered) queue of a session and a cursor kept by fingerprint."""

    def __init__(self, session: ReviewSession, flt: Filter | None = None) -> None:
        self.session = session
        self.filter = flt or Filter()
        self.items: list[Item] = []
        self.pos = 0
        self._fp: str | None = None
        self._origin = 0
        self._code = ""
        self.refresh()

    @property
    def current(self) -> Item | None:
        if 0 <= self.pos < len(self.items):
            return self.items[self.pos]
        return None

    def _remember(self) -> None:
        cur = self.current
        if cur is not None:
            self._fp, self._origin, self._code = cur.fingerprint, cur.origin, cur.code

    def refresh(self) -> None:
        """Rebuild after a new snapshot or filter; keep the cursor on the same proposal
        (by fingerprint), else on the nearest one of the same rule, else the nearest."""
        self.items = self.session.items(self.filter)
        if not self.items:
            self.pos = 0
            return
        if self._fp is None:
            self.pos = 0
            first = self._find(0, 1, pending_only=True, wrap=False)
            self.pos = first if first is not None else 0
            self._remember()
            return
        for i, it in enumerate(self.items):
            if it.fingerprint == self._fp:
                self.pos = i
                return
        same = [i for i, it in enumerate(self.items) if it.code == self._code]
        pool = same or range(len(self.items))
        self.pos = min(pool, key=lambda i: (abs(self.items[i].origin - self._origin), i))
        self._remember()

    def set_filter(self, flt: Filter) -> None:
        """Filter the queue. When the current proposal is filtered out, the cursor goes
        to the nearest pending one that matches (same rule first), not to a decided one."""
        self.filter = flt
        fp, origin, code = self._fp, self._origin, self._code
        self.refresh()
        cur = self.current
        if fp is None or cur is None or cur.fingerprint == fp or self.session.status(cur) == PENDING:
            return
        pending = [i for i, it in enumerate(self.items) if self.session.status(it) == PENDING]
        if pending:
            self.goto(min(pending, key=lambda i: (self.items[i].code != code,
                                                  abs(self.items[i].origin - origin), i)))

    def goto(self, index: int) -> None:
        if self.items:
            self.pos = max(0, min(index, len(self.items) - 1))
            self._remember()

    def goto_fingerprint(self, fp: str) -> bool:
        for i, it in enumerate(self.items):
            if it.fingerprint == fp:
                self.goto(i)
                return True
        return False

    def _find(self, start: int, direction: int, pending_only: bool, wrap: bool = True) -> int | None:
        n = len(self.items)
        if wrap:
            cands: Iterable[int] = ((start + direction * k) % n for k in range(1, n + 1))
        else:
            cands = range(start, n) if direction > 0 else range(start, -1, -1)
        for i in cands:
            if not pending_only or self.session.status(self.items[i]) == PENDING:
                return i
        return None

    def move(self, direction: int, pending_only: bool) -> bool:
        """Next/previous (pending) item; pending moves wrap around."""
        if not self.items:
            return False
        if pending_only:
            i = self._find(self.pos, direction, True)
            if i is None:
                return False
        else:
            i = self.pos + direction
            if not 0 <= i < len(self.items):
                return False
        self.goto(i)
        return True

    def advance(self) -> bool:
        """After a decision: the next pending item (wrapping); stays when none is left."""
        if not self.items:
            return False
        i = self._find(self.pos, 1, True)
        if i is None:
            self._remember()
            return False
        self.goto(i)
        return True

    def pending_count(self) -> int:
        return sum(1 for it in self.items if self.session.status(it) == PENDING)

    def search(self, query: str, direction: int = 1) -> bool:
        """Move to the next item whose rule, message, change or surrounding text contains query."""
        q = query.strip()
        if not q or not self.items or self.session.snapshot is None:
            return False
        snap = self.session.snapshot
        n = len(self.items)
        for k in range(1, n + 1):
            i = (self.pos + direction * k) % n
            if q.lower() in search_text(snap, self.items[i]).lower():
                self.goto(i)
                return True
        return False


def search_text(snap: Snapshot, item: Item, around: int = 30) -> str:
    p = item.proposal
    base = snap.base(item)
    parts = [p.code, p.name, p.message]
    for e in p.edits:
        parts.append(base[max(0, e.start - around):e.end + around])
        parts.append(e.replacement)
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# showing one proposal: context, per-character diff, details

CTX, DEL, INS, GAP = "ctx", "del", "ins", "gap"


@dataclass
class Segment:
    kind: str  # ctx | del | ins | gap
    text: str


@dataclass
class Excerpt:
    line: int                 # 1-based line of the excerpt's start (see context_excerpts' line_of)
    segments: list[Segment]
    label: str = ""           # e.g. "moved from here (to line 40)"


def char_diff(old: str, new: str) -> list[Segment]:
    """Per-character diff of old -> new: ctx (kept), del, ins segments.

    ``difflib.SequenceMatcher`` on the character sequences (no autojunk), so one
    changed character in a run of Chinese lights up exactly one character.
    """
    if old == new:
        return [Segment(CTX, old)] if old else []
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out.append(Segment(CTX, old[i1:i2]))
        else:
            if i2 > i1:
                out.append(Segment(DEL, old[i1:i2]))
            if j2 > j1:
                out.append(Segment(INS, new[j1:j2]))
    return out


def edit_kind(p: Proposal, base: str) -> str:
    """move | join | split | delete | insert | replace."""
    eds = p.edits
    dels = [e for e in eds if e.replacement == "" and e.end > e.start]
    inss = [e for e in eds if e.start == e.end and e.replacement]
    if len(eds) >= 2 and dels and inss:
        return "move"
    if len(eds) == 1:
        e = eds[0]
        old = base[e.start:e.end]
        if "\n" in old and not old.strip() and "\n" not in e.replacement:
            return "join"
        if "\n" in e.replacement and "\n" not in old:
            return "split"
        if not e.replacement:
            return "delete"
        if e.start == e.end:
            return "insert"
    return "replace"


_PARA_BREAK = re.compile(r"\n[ \t\u3000]*\n")


def _para_start(base: str, pos: int) -> int:
    i = base.rfind("\n\n", 0, pos)
    return 0 if i < 0 else i + 2


def _para_end(base: str, pos: int) -> int:
    m = _PARA_BREAK.search(base, pos)
    return len(base) if m is None else m.start()


def _clip_long(text: str, kind: str, limit: int) -> list[Segment]:
    if len(text) <= limit:
        return [Segment(kind, text)]
    head, tail = text[: limit * 3 // 4], text[-(limit // 4):]
    return [Segment(kind, head), Segment(GAP, f" ⋯ {len(text) - len(head) - len(tail)} more characters ⋯ "),
            Segment(kind, tail)]


def context_excerpts(base: str, p: Proposal, *, window: int = 120, long_edit: int = 400,
                     line_of: Callable[[int], int] | None = None) -> list[Excerpt]:
    """The paragraph(s) around a proposal with each edit as a per-character diff.

    Edits close together share one excerpt; a move whose two ends are far
    apart gets two excerpts, labelled with where the text goes. The context
    is the edit's paragraph, clipped to ``window`` characters on each side.
    ``line_of(offset in base) -> line`` numbers the excerpts and the ends of a
    move (``Snapshot.original_line``: the lines of the file, as the queue
    shows them); by default the lines of ``base``.
    """
    if line_of is None:
        doc = Document(base)

        def line_of(pos: int) -> int:
            return doc.line_col(pos)[0]
    eds = sorted(p.edits, key=lambda e: (e.start, e.end))
    clusters: list[list[Edit]] = []
    for e in eds:
        if clusters and e.start - clusters[-1][-1].end <= window and \
                "\n\n" not in base[clusters[-1][-1].end:e.start]:
            clusters[-1].append(e)
        else:
            clusters.append([e])
    kind = edit_kind(p, base)
    out: list[Excerpt] = []
    for ci, cl in enumerate(clusters):
        s, t = cl[0].start, cl[-1].end
        ps = max(_para_start(base, s), s - window)
        pe = min(_para_end(base, t), t + window)
        pe = max(pe, t)
        segs: list[Segment] = []
        if ps > 0 and base[ps - 1] != "\n":
            segs.append(Segment(GAP, "⋯"))
        pos = ps
        for e in cl:
            if e.start > pos:
                segs.append(Segment(CTX, base[pos:e.start]))
            for sg in char_diff(base[e.start:e.end], e.replacement):
                if sg.kind == CTX:
                    segs.append(sg)
                else:
                    segs += _clip_long(sg.text, sg.kind, long_edit)
            pos = e.end
        if pe > pos:
            segs.append(Segment(CTX, base[pos:pe]))
        if pe < len(base) and base[pe] != "\n":
            segs.append(Segment(GAP, "⋯"))
        label = ""
        if kind == "move" and len(clusters) > 1:
            other = clusters[1 - ci] if len(clusters) == 2 else None
            has_del = any(e.replacement == "" for e in cl)
            if other is not None:
                ol = line_of(other[0].start)
                label = f"moved from here to line {ol}" if has_del else f"moved here from line {ol}"
            else:
                label = "move: text taken out here" if has_del else "move: text put in here"
        out.append(Excerpt(line_of(ps), _merge(segs), label))
    return out


def _merge(segs: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segs:
        if not s.text:
            continue
        if out and out[-1].kind == s.kind and s.kind != GAP:
            out[-1] = Segment(s.kind, out[-1].text + s.text)
        else:
            out.append(s)
    return out


_WS_SHOW = {"\n": "⏎", "\t": "⇥"}


def visible(text: str, kind: str) -> str:
    """Deleted or inserted whitespace made visible (⏎ for a line end, ␣ for a space);
    an inserted line end also breaks the line so the split shows."""
    if kind not in (DEL, INS):
        return text
    out = []
    for ch in text:
        if ch == "\n":
            out.append("⏎" + ("\n" if kind == INS else ""))
        elif ch.isspace():
            out.append(_WS_SHOW.get(ch, "␣"))
        else:
            out.append(ch)
    return "".join(out)


def side_by_side(excerpts: list[Excerpt]) -> tuple[list[Excerpt], list[Excerpt]]:
    """Before (context + deletions) and after (context + insertions) of the same excerpts."""
    before = [Excerpt(x.line, [s for s in x.segments if s.kind != INS], x.label) for x in excerpts]
    after = [Excerpt(x.line, [s for s in x.segments if s.kind != DEL], x.label) for x in excerpts]
    return before, after


def _short(v: object, limit: int = 80) -> str:
    if isinstance(v, (list, tuple)):
        s = " / ".join(_short(x, limit) for x in v)
    elif isinstance(v, dict):
        s = ", ".join(f"{k}={_short(x, limit)}" for k, x in v.items())
    elif isinstance(v, float):
        s = f"{v:.3g}"
    else:
        s = str(v)
    s = s.replace("\n", "⏎")
    return s if len(s) <= limit else s[: limit - 1] + "⋯"


def describe(session: ReviewSession, item: Item) -> list[tuple[str, str]]:
    """The details panel: (label, value) rows."""
    p = item.proposal
    snap = session.snapshot
    base = snap.base(item) if snap is not None else ""
    rule = session.pipeline.ctx.rules.by_code.get(p.code)
    rows = [("rule", f"{p.code} {p.name or (rule.name if rule else '')}".rstrip())]
    if rule is not None and rule.summary:
        rows.append(("summary", rule.summary))
    rows.append(("message", p.message))
    rows.append(("confidence", f"{p.confidence:.2f} ({p.applicability.value})"))
    st = session.status(item)
    edited = session.edited(item)
    rows.append(("status", st + (" (edited)" if edited is not None else "")))
    kind = edit_kind(p, base)
    rows.append(("where", f"line {item.line}" + (f" · {kind}" if kind != "replace" else "")))
    for e in p.edits:
        old = base[e.start:e.end]
        new = edited if edited is not None and len(p.edits) == 1 else e.replacement
        rows.append(("change", f"“{_short(old, 40)}” ⟶ “{_short(new, 40)}”"))
    for k, v in (p.evidence or {}).items():
        if v is not None:  # (a value the pass left empty, e.g. the width of a one-line block)
            rows.append((str(k), _short(v)))
    return rows


def item_label(session: ReviewSession, item: Item, snap: Snapshot | None = None) -> str:
    """A short one-line label of an item: old ⟶ new."""
    snap = snap or session.snapshot
    p = item.proposal
    base = snap.base(item) if snap is not None else ""
    kind = edit_kind(p, base)
    if kind == "move":
        moved = next((e.replacement for e in p.edits if e.replacement), "")
        return f"move “{_short(moved, 12)}”"
    if kind == "join":
        return "join lines"
    e = p.edits[0]
    old = base[e.start:e.end]
    new = session.edited(item) if session.edited(item) is not None else e.replacement
    return f"{_short(visible(old, DEL), 12)}⟶{_short(visible(new, INS).replace(chr(10), ''), 12)}"


# ---------------------------------------------------------------------------
# corpus: many files, sessions created lazily


@dataclass
class FileEntry:
    path: Path
    key: str
    counts: Counts | None = None   # None until computed
    error: str | None = None
    version: int = -1


class Backend:
    """Where pipelines run: here (the calling thread).

    It owns the pipeline that computes and the corpus statistics: ``collect``
    the texts a few at a time, ``finish`` merges them (as ``collect_corpus``
    does), ``run`` computes one file (``provisional``: with the statistics of
    that file alone).
    """

    def __init__(self, factory) -> None:
        self.factory = factory
        self._pipeline: Pipeline | None = None
        self._partials: dict[str, list] | None = None

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = self.factory()
        return self._pipeline

    def _collectors(self) -> list:
        return [p for p in self.pipeline.passes if p.collect is not None]

    def has_collectors(self) -> bool:
        return bool(self._collectors())

    def collect(self, docs: list[tuple[str, str]]) -> None:
        collectors = self._collectors()
        if self._partials is None:
            self._partials = {p.name: [] for p in collectors}
        for text, path in docs:
            doc = Document(text, path)
            for p in collectors:
                self._partials[p.name].append(p.collect(doc))

    def finish(self) -> None:
        parts = self._partials or {}
        self.pipeline.ctx.corpus = {
            p.name: (p.merge(parts.get(p.name, [])) if p.merge else parts.get(p.name, []))
            for p in self._collectors()}
        self._partials = None

    def run(self, text: str, policy: Policy, path: str, provisional: bool = False) -> Result:
        pipe = self.pipeline
        if provisional:
            from .pipeline import Context
            from .runner import collect_corpus

            base = pipe
            pipe = Pipeline(Context(base.ctx.rules, base.ctx.settings), list(base.passes),
                            max_rounds=base.max_rounds, max_pass_iterations=base.max_pass_iterations)
            if self._collectors():
                pipe.ctx.corpus = collect_corpus(pipe, [Document(text, path)])
        return pipe.run(text, policy, path)

    def close(self) -> None:
        pass


_CHILD: Backend | None = None


def _child_init(factory) -> None:
    global _CHILD
    try:  # the screen first: the editor never waits on the background
        os.nice(5)
    except (AttributeError, OSError):
        pass
    _CHILD = Backend(factory)
    # build the pipeline and load what its passes load lazily (lexicons) now,
    # while the editor looks at the file list
    _CHILD.pipeline.run("呼和浩特市召开专题会议。\n", Policy())


def _child_call(method: str, *args):
    assert _CHILD is not None
    return getattr(_CHILD, method)(*args)


class ProcessBackend(Backend):
    """Pipelines run in one child process: the computation never competes with
    the screen for the interpreter lock, so moving between proposals does not
    wait while a page is recomputed or the corpus is counted.

    ``factory`` must be picklable (a module-level function or
    :class:`PipelineFactory`). This process keeps a pipeline of its own too,
    only for the rules and the pass order.
    """

    def __init__(self, factory) -> None:
        super().__init__(factory)
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_child_init, initargs=(factory,))
        self._has_collectors: bool | None = None

    def _call(self, method: str, *args):
        return self._pool.submit(_child_call, method, *args).result()

    def has_collectors(self) -> bool:
        if self._has_collectors is None:
            self._has_collectors = bool(self._call("has_collectors"))
        return self._has_collectors

    def collect(self, docs: list[tuple[str, str]]) -> None:
        self._call("collect", docs)

    def finish(self) -> None:
        self._call("finish")

    def run(self, text: str, policy: Policy, path: str, provisional: bool = False) -> Result:
        return self._call("run", text, policy, path, provisional)

    def close(self) -> None:
        procs = list(getattr(self._pool, "_processes", {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:  # a page may be half computed: do not wait for it
            if p.is_alive():
                p.terminate()


@dataclass(frozen=True)
class PipelineFactory:
    """A picklable recipe for the pipeline ``zhclean fix`` builds from a configuration."""

    extra_rule_dirs: tuple[str, ...] = ()
    profile: str = "newspaper"
    thresholds: tuple = ()  # ((code, ((key, value), ...)), ...)
    lexicons: tuple[str, ...] = ()

    def __call__(self) -> Pipeline:
        from .pipeline import Context, Settings
        from .rules import RuleSet

        rules = RuleSet.load(list(self.extra_rule_dirs))
        settings = Settings(profile=self.profile, thresholds={c: dict(kv) for c, kv in self.thresholds},
                            lexicons=list(self.lexicons))
        return Pipeline(Context(rules, settings))


class Corpus:
    """The files of a review; sessions and proposals are created lazily.

    Corpus statistics (the ``collect``/``merge`` of passes, gathered over all
    files as ``zhclean fix`` does) are gathered a few files at a time
    (:meth:`prepare_step`), so that a worker can interleave them with the
    proposals of the open file. Until they are complete, a file's proposals
    are computed with the statistics of that file alone (as ``zhclean fix
    FILE`` would) and marked provisional; decisions made on them are carried
    over when the final proposals arrive (see :meth:`ReviewSession.install`).
    """

    SMALL = 20  # corpora this small are prepared in one go

    def __init__(self, files: Sequence[Path], store: DecisionStore, pipeline_factory, *,
                 review_safe: bool = False, encoding: str | None = None,
                 select: tuple[str, ...] = ("ALL",), ignore: tuple[str, ...] = (),
                 ignores_for=None, backend: str = "thread") -> None:
        self.entries = [FileEntry(Path(f), str(f)) for f in files]
        self._index = {e.key: e for e in self.entries}
        self.select = tuple(select)
        self.ignore = tuple(ignore)
        self._ignores_for = ignores_for  # path -> extra ignored codes (per-file-ignores)
        self.store = store
        self.backend: Backend = ProcessBackend(pipeline_factory) if backend == "process" \
            else Backend(pipeline_factory)
        self.review_safe = review_safe
        self.encoding = encoding
        self.sessions: dict[str, ReviewSession] = {}
        self.prepared = False
        self.prepared_files = 0
        self._lock = threading.RLock()

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline's rules and pass order (computing happens in the backend)."""
        with self._lock:
            return self.backend.pipeline

    def prepare_step(self, chunk: int = 16) -> bool:
        """Gather the corpus statistics of the next ``chunk`` files; True once complete."""
        with self._lock:
            if self.prepared:
                return True
            if not self.backend.has_collectors():
                self.prepared = True
                return True
            n = len(self.entries)
            end = n if n <= self.SMALL else min(n, self.prepared_files + chunk)
            docs = []
            for e in self.entries[self.prepared_files:end]:
                try:
                    docs.append((read_text(e.path, self.encoding)[0], str(e.path)))
                except InputError:
                    continue
            self.backend.collect(docs)
            self.prepared_files = end
            if end >= n:
                self.backend.finish()
                self.prepared = True
            return self.prepared

    def prepare(self) -> None:
        """All corpus statistics at once."""
        while not self.prepare_step(chunk=len(self.entries) or 1):
            pass

    def compute(self, key: str) -> "Snapshot":
        """A file's snapshot: final when the corpus statistics are ready, else provisional."""
        s = self.session(key)
        if not self.prepared and len(self.entries) <= self.SMALL:
            self.prepare()
        provisional = not self.prepared
        snap = s.compute(lambda text, policy, path: self.backend.run(text, policy, path, provisional))
        snap.provisional = provisional
        return snap

    def session(self, key: str) -> ReviewSession:
        with self._lock:
            s = self.sessions.get(key)
            if s is None:
                entry = self.entry(key)
                extra = tuple(self._ignores_for(entry.path)) if self._ignores_for else ()
                s = ReviewSession(entry.path, self.store, self.pipeline, review_safe=self.review_safe,
                                  encoding=self.encoding, key=entry.key, select=self.select,
                                  ignore=self.ignore + extra)
                self.sessions[key] = s
            return s

    def entry(self, key: str) -> FileEntry:
        return self._index[key]

    def summarize(self, key: str, keep: bool = False) -> FileEntry:
        """Compute a file's counts (in a worker thread). The snapshot is kept only
        with ``keep`` (the file is open), so a large corpus does not pile up texts."""
        entry = self.entry(key)
        self.prepare()
        s = self.session(key)
        try:
            snap = self.compute(key)
        except InputError as e:
            entry.error = str(e)
            s.error = str(e)
            return entry
        if keep or s.snapshot is not None:
            s.install(snap)
        entry.counts = s.counts(snap)
        entry.version = snap.version
        if not keep and s.snapshot is None:
            s.original = s.meta = s.disk_text = None  # re-read when opened
        return entry

    def update_counts(self, key: str) -> None:
        """Refresh a file's counts from its installed snapshot (after a decision)."""
        s = self.sessions.get(key)
        if s is not None and s.snapshot is not None:
            e = self.entry(key)
            e.counts = s.counts()
            e.version = s.snapshot.version

    def write(self, key: str) -> str:
        """Write a file's implied text (final proposals: the statistics are completed first)."""
        self.prepare()
        s = self.session(key)
        if s.stale or s.provisional:
            s.install(self.compute(key))
        return s.write()

    def close(self) -> None:
        self.backend.close()


def journal_path(value: str | None, config_root: Path | None = None) -> Path:
    """``--decisions``, else ``.zhclean/decisions.jsonl`` here, else next to the
    configuration file when one exists there (as ``zhclean fix`` looks for it)."""
    if value:
        return Path(value)
    if DEFAULT_JOURNAL.is_file() or config_root is None:
        return DEFAULT_JOURNAL
    beside = Path(config_root) / DEFAULT_JOURNAL
    return beside if beside.is_file() else DEFAULT_JOURNAL


@dataclass
class ReviewSetup:
    """What ``zhclean review`` resolved from its arguments and the configuration."""

    corpus: Corpus
    journal: Path
    keys: dict[str, str]
    warnings: list[str]
    errors: list[str]


def setup(paths: Sequence[str], *, config: str | None = None, decisions: str | None = None,
          glob: str = "*.txt", select: Sequence[str] = (), ignore: Sequence[str] = (),
          review_safe: bool = False, encoding: str | None = None,
          pipeline_factory=None, backend: str = "process") -> ReviewSetup:
    """Files, configuration, journal and a lazily built pipeline for a review.

    The pipeline is built as ``zhclean fix`` builds it (configuration's rule
    directories, thresholds, lexicons, profile, select/ignore and
    per-file-ignores), so that ``zhclean fix --decisions`` replays the same
    proposals. Building it is deferred to the first computation (a worker).
    """
    from .config import load_for_paths
    from .rules import RuleSet
    from .runner import discover_files

    cfg = load_for_paths(list(paths), config)
    files, errs = discover_files(paths, glob, cfg.excluded)
    warnings: list[str] = []
    rule_dirs = tuple(str(d) for d in cfg.extra_rule_dirs)
    codes = [r.code for r in RuleSet.load(list(rule_dirs))]
    factory = PipelineFactory(
        rule_dirs, cfg.profile,
        tuple(sorted((c, tuple(sorted(v.items()))) for c, v in cfg.settings_thresholds(codes).items())),
        tuple(str(p) for p in cfg.lexicons))

    sel = tuple(select) or tuple(cfg.select)
    ign = tuple(cfg.ignore) + tuple(ignore)
    store = DecisionStore(Journal(journal_path(decisions, cfg.root)))
    corpus = Corpus(files, store, pipeline_factory or factory, review_safe=review_safe,
                    encoding=encoding or cfg.encoding, select=sel, ignore=ign,
                    ignores_for=cfg.ignores_for if cfg.per_file_ignores else None, backend=backend)
    return ReviewSetup(corpus, store.journal.path if store.journal else DEFAULT_JOURNAL,
                       dict(cfg.review_keys), warnings, [str(e) for e in errs])
