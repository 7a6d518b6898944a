"""Core data model: Document, Edit, Proposal.

Passes read a :class:`Document` and return :class:`Proposal` objects; they never
mutate text. The pipeline (``cleanup.pipeline``) decides which proposals to apply.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from operator import attrgetter
from typing import Any, Iterable, Sequence


class Applicability(str, Enum):
    """How a proposal may be applied (ruff's fix applicability)."""

    SAFE = "safe"  # applied by `zhclean fix`
    UNSAFE = "unsafe"  # applied by `zhclean fix --unsafe-fixes` or after review
    DISPLAY_ONLY = "display-only"  # shown for review, never applied automatically

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: "str | Applicability") -> "Applicability":
        if isinstance(value, Applicability):
            return value
        v = str(value).strip().lower().replace("_", "-")
        for a in cls:
            if a.value == v:
                return a
        raise ValueError(f"unknown applicability {value!r} (safe, unsafe, display-only)")

    def cap(self, ceiling: "Applicability") -> "Applicability":
        """The stricter of self and ceiling."""
        return self if self is ceiling or _RANK[self] >= _RANK[ceiling] else ceiling


_RANK = {Applicability.SAFE: 0, Applicability.UNSAFE: 1, Applicability.DISPLAY_ONLY: 2}


@dataclass(slots=True, unsafe_hash=True, init=False)
class Edit:
    """Replace text[start:end] by ``replacement`` (start == end: an insertion).

    Immutable by contract (compared and hashed by value, as a frozen
    dataclass would be), not enforced: a frozen dataclass sets its fields
    through ``object.__setattr__``, which made an ``Edit`` 2-3x as dear to
    build (passes build one per changed character)."""

    start: int
    end: int
    replacement: str

    def __init__(self, start: int, end: int, replacement: str) -> None:
        if start < 0 or end < start:
            raise ValueError(f"bad edit span {start}..{end}")
        self.start = start
        self.end = end
        self.replacement = replacement

    @property
    def is_insertion(self) -> bool:
        return self.start == self.end


CONTEXT_CHARS = 6


@dataclass(slots=True, eq=False)
class Proposal:
    """One reviewable change: one or more edits applied together or not at all.

    A move (take a fragment out here, put it in there) is one proposal with a
    deletion edit and an insertion edit.

    The fingerprint is computed lazily from the text the proposal was made on
    (``_text``): most proposals of a batch run are never looked up by it.
    Build proposals with :func:`make_proposal`.
    """

    code: str
    message: str
    edits: tuple[Edit, ...]
    confidence: float
    applicability: Applicability
    _fingerprint: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    name: str = ""  # the rule's kebab-case name, filled by the pipeline
    _text: str | None = field(default=None, repr=False)
    # a verdict held for review on evidence that later rounds of the pipeline
    # no longer see (the lines pass's column width, gone once the lines are
    # joined): the pipeline does not apply the same change (same fingerprint)
    # as SAFE later in the run
    holds: bool = False

    @property
    def fingerprint(self) -> str:
        fp = self._fingerprint
        if fp is None:
            fp = self._fingerprint = _fingerprint(self.code, self._text, self.edits)  # type: ignore[arg-type]
            self._text = None
        return fp

    # edits are sorted by start and do not overlap (make_proposal checks)
    @property
    def start(self) -> int:
        return self.edits[0].start

    @property
    def end(self) -> int:
        return self.edits[-1].end

    def old_new(self, text: str) -> list[tuple[str, str]]:
        return [(text[e.start:e.end], e.replacement) for e in self.edits]

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "confidence": round(self.confidence, 4),
            "applicability": self.applicability.value,
            "fingerprint": self.fingerprint,
            "edits": [
                {"start": e.start, "end": e.end, "replacement": e.replacement}
                for e in self.edits
            ],
            "evidence": self.evidence,
        }
        if text is not None:
            d["old"] = [text[e.start:e.end] for e in self.edits]
        return d


def fingerprint(code: str, text: str, edits: Sequence[Edit], context: int = CONTEXT_CHARS) -> str:
    """Offset-free identity of a proposal: rule, old and new text, a little context.

    The same change proposed on the same words gets the same fingerprint even
    after unrelated edits elsewhere move it, so editors' decisions survive
    re-runs. The context keeps only letters, digits and Han characters, so
    re-wrapping lines or fixing punctuation and spaces next to a change does
    not change its identity.
    """
    h = hashlib.blake2b(digest_size=10)
    h.update(code.encode())
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        before = _fold(text[max(0, e.start - context * 3):e.start])[-context:]
        after = _fold(text[e.end:e.end + context * 3])[:context]
        for part in (before, text[e.start:e.end], e.replacement, after):
            h.update(b"\x1f")
            h.update(part.encode())
    return h.hexdigest()


_fingerprint = fingerprint

_NON_CONTENT = re.compile(r"[\W_]+")


def _fold(s: str) -> str:
    return _NON_CONTENT.sub("", s)


def make_proposal(
    doc: "Document",
    code: str,
    message: str,
    edits: Iterable[Edit],
    *,
    confidence: float,
    applicability: Applicability | str = Applicability.SAFE,
    evidence: dict[str, Any] | None = None,
    holds: bool = False,
) -> Proposal:
    """Build a proposal over ``doc``: validates the edits (sorted by span, not
    overlapping, within the text); the fingerprint is computed when first read."""
    eds = tuple(edits)
    if not eds:
        raise ValueError("a proposal needs at least one edit")
    # edits given in order (the usual case) are checked in one loop: each one
    # starting at or after the end of the one before is both sorted by span
    # and not overlapping; else they are sorted and checked again
    it = iter(eds)
    a = next(it)
    for b in it:
        if b.start < a.end:
            eds = tuple(sorted(eds, key=_SPAN))
            a = eds[0]
            for b in eds[1:]:
                if b.start < a.end:
                    raise ValueError(f"{code}: overlapping edits in one proposal")
                a = b
            break
        a = b
    # sorted and not overlapping: the ends never decrease, the last one is the largest
    if a.end > len(doc.text):
        e = next(e for e in eds if e.end > len(doc.text))
        raise ValueError(f"{code}: edit {e.start}..{e.end} beyond text length {len(doc.text)}")
    if applicability.__class__ is not Applicability:
        applicability = Applicability.parse(applicability)
    if confidence.__class__ is not float or not 0.0 < confidence <= 1.0:  # (0.0 and -0.0: 0.0)
        confidence = max(0.0, min(1.0, float(confidence)))
    return Proposal(code, message, eds, confidence, applicability, None,
                    dict(evidence) if evidence else {}, "", doc.text, holds)


_SPAN = attrgetter("start", "end")


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (any order given) to text."""
    eds = sorted(edits, key=_SPAN)
    pos = 0
    for e in eds:
        if e.start < pos:
            raise ValueError("overlapping edits")
        pos = e.end
    return apply_sorted_edits(text, eds)


def apply_sorted_edits(text: str, edits: Sequence[Edit]) -> str:
    """:func:`apply_edits` for edits already sorted by span and not overlapping (unchecked)."""
    out: list[str] = []
    pos = 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


@dataclass(slots=True, unsafe_hash=True, init=False)
class Paragraph:
    """A block of text between blank lines: ``text[start:end]`` (no surrounding newlines).

    Immutable by contract, not enforced (as :class:`Edit`: a frozen
    dataclass cost ~4x as much to build, once per block of every page)."""

    index: int
    start: int
    end: int
    text: str
    kind: str

    def __init__(self, index: int, start: int, end: int, text: str, kind: str = "body") -> None:
        self.index = index
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


class Document:
    """An immutable text with its path, paragraph structure and position index."""

    __slots__ = ("text", "path", "__dict__")

    def __init__(self, text: str, path: str | None = None) -> None:
        self.text = text
        self.path = path

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, chars={len(self.text)})"

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def offset(self, line: int, col: int) -> int:
        """Inverse of :meth:`line_col`."""
        return self.line_starts[line - 1] + col - 1

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Blocks separated by blank lines (lines holding only spaces count as blank),
        each with its kind (``cleanup.kinds``)."""
        from .kinds import classify_blocks
        from .passes.lines import block_spans, page_blocks, page_kinds

        text = self.text
        # (the lines pass has just split this very text into lines and
        # blocks: the usual output of the pipeline, whose last run of the
        # lines pass read it)
        got = page_blocks(text)
        if got is not None:
            spans, blocks = got
            # (and what the lines pass knows of their kinds, when each is a line)
            kinds = classify_blocks(blocks, *(page_kinds(text) or ()))
        else:
            spans = block_spans(text)
            blocks = [text[s:e] for s, e in spans]
            kinds = classify_blocks(blocks)
        return [Paragraph(i, s, e, b, k) for i, ((s, e), b, k) in enumerate(zip(spans, blocks, kinds))]

    def with_text(self, text: str) -> "Document":
        return Document(text, self.path)
