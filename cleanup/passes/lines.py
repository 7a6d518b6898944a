"""LJ: paragraph reconstruction from OCR line layout.

- LJ001 ``hard-wrap-join``: lines of one paragraph inside a block are joined
  with no space (one proposal per run of joins of one paragraph).
- LJ002 ``paragraph-break-in-block``: a newline between two paragraphs inside
  one block (a short paragraph-final line, a headline line over a body line, an
  indented first line, a byline line ...) becomes a blank line.
- LJ003 ``join-across-blank-line``: a paragraph cut by a blank line (column
  break, page fragment) is joined when the first part stops mid-sentence and
  the next block continues it. Lower confidence than LJ001.
- LJ004 ``collapse-blank-lines``: runs of blank (or whitespace-only) lines
  between paragraphs become exactly one blank line; blank lines at the start
  of the text go.
- LJ005 ``stray-sentence-end``: a 。！？ starting a one-line heading moves to
  the end of the paragraph before it when that has no sentence end.

Evidence, per page: the column width W (median width of the non-final lines
of the blocks, in print cells: a CJK character or full-width punctuation is 1
cell, an ASCII character half a cell), whether a line is full (the next
line's first unit would not have fitted), terminal punctuation, an indented
first line (a line about two cells short that continues), the kind of each
line (``cleanup.kinds.line_kind``), words of the lexicon that span the break,
characters that cannot end a paragraph (的 和 与 …) and parallel paragraph
openings on the page (要“…”。 … 要“…”。); a line much wider than the
column is not a line of it. Sentence ends are ``kinds.ends_sentence`` (a
quoted term, …围绕“宜居”, ends none).
Across blank lines also: head-like blocks (no punctuation, a Markdown heading,
wider than the column) join only on evidence at the cut (a dangling
character, a word across it, a last word no title ends with, or for a full
line a continuation score, ``cleanup.continuation``); a block repeating the
paragraph before it is left to the duplicates pass; an orphan fragment
elsewhere that a word bridges into, and that reads on better than the next
block, makes the join only unsafe.
Decisions only use the page's own layout and text; nothing is fixture-specific.

Speed: per page, the lines are parallel lists computed with C-level ``map``
calls; a full line that does not end a sentence and whose neighbours no kind
pattern can match is joined after a few list look-ups; line kinds, lexicon
bridges and fragment evidence are computed only for the remaining lines.
"""
from __future__ import annotations

import re
from functools import lru_cache, partial
from bisect import bisect_left, bisect_right
from itertools import accumulate, chain, compress, count, repeat
from operator import add, itemgetter, le, methodcaller, not_, sub
from typing import Iterable, Iterator

from .. import kinds as K
from ..model import Applicability, Document, Edit, Proposal, make_proposal
from ..pipeline import Context, Pass

TERMINAL = set("。！？…”’」』）)!?\"")
SEMI = set("；;：:")
NO_START = K.NO_START  # characters no line or block starts with
OPEN = set("（《「『“‘(")
_SP = " \t\u3000\u00a0"
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9.%+\-/]+")
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# (punctuation, or a full stop that is no decimal point: [，。、；：？！,;:?!]|(?<![0-9])\.|\.(?![0-9])
# with the marks as one class first, so that the regex engine scans for them
# in C and tries the conditions only there: the same matches, a third of the
# time on a line without punctuation)
_PUNCT_IN = re.compile(r"[，。、；：？！,;:?!.](?:(?<=[^.])|(?<![0-9].)|(?![0-9]))")
_LATIN = re.compile(r"[A-Za-z]")
# a clause or sentence ends inside a line (二、 numbering a heading does not count)
_CLAUSE_IN = re.compile(r"(?:[，；,;。！？]|(?<![一二三四五六七八九十0-9０-９])、)(?=.)")
_MARKERS = frozenset("●□■◆○（(")
_BULLETS = frozenset("●□■◆○")  # (the markers that open a list item as well as a byline)

DEFAULTS = {
    "dangling": K.DANGLING,
    "full_slack": 0.5,  # a line is full when line + next unit > W - slack
    "indent_deficit": 2.0,  # a first line at least this much short of W (strong)
    "head_deficit": 2.5,  # a single-line paragraph this much short is a headline
    "bridge_min_freq": 30,
    "min_lines_for_width": 3,
    # a line this many cells wider than the column is not a line of it
    "overlong": 3.0,
    # an open end that a lexicon word bridges into a fragment elsewhere is
    # only an unsafe join when the fragment reads on from it better than the
    # next block does (ContinuationScorer scores, by more than this)
    "claim_margin": 1.5,
    # an open end is only an unsafe join when the start of a block standing
    # after a sentence end elsewhere reads on from it better than the next
    # block does by more than this (ContinuationScorer scores)
    "claim_score_margin": 2.5,
    # an open end owns a fragment opening mid-word after a sentence end that
    # reads on from it better than its next block by more than this, more so
    # than at any other open end before it (owned_fragment); not on pages
    # with more than own_max_fragments such fragments
    "own_margin": 0.5,
    "own_max_fragments": 2,
    # also the blocks after a headline, kicker or byline (not only after a
    # sentence end) are looked at as the place an open end's rest was read
    "orphan_after_head": True,
    # a block that opens like a paragraph: its first clause (before a comma)
    # is a date, a word of these lexicon classes (time words: 近日, 目前;
    # conjunctions: 同时, 此外) or a name with one of these verbs (…说，);
    # an open end before it is then an unsafe join, unless it ends with one
    # of opener_open_ends (…在|1998年, 同年|1月, 的|同时) or another
    # character that cannot end a paragraph but 、 (…并且|2023年), or a word
    # spans the cut
    "opener_tags": ["t", "c", "d"],
    "opener_word_tags": ["p"],
    "opener_parallel_tags": ["v", "vn"],
    "opener_parallel_min": 2,
    "opener_frame_ends": ["方面", "过程中", "基础上", "背景下", "期间", "之际", "中", "上", "下", "时"],
    "opener_time_ends": ["以来", "时分", "间", "前"],
    "opener_verbs": ["说", "表示", "介绍", "指出", "认为", "强调", "告诉记者"],
    "opener_open_ends": "在于从自到至仅是为的和与及对向将把被比同年月日",
    # a one-line block without punctuation as wide as the column joins the next
    # block when the text reads on across the cut (scorer score at least this)
    "head_score": 2.5,
    # in a block whose column width is unknown, lines of at least this many
    # cells, of one width (within a cell; the last line aside), in a punctuated
    # block that ends a sentence are prose wrapped in a column (prose_width)
    "prose_pair_min": 12,
    # a one-line block longer than this (characters) is a whole paragraph
    # printed on one line (no hard wraps)
    "unwrapped_len": 60,
    # a one-line block at most this long after a sentence end may be a subhead
    "head_line_len": 20,
    # with no column width on the page, a one-line block at most this long
    # without a sentence end, its clause halves at most subhead_balance
    # characters apart in length, is a subhead unless the text reads on
    "subhead_len": 30,
    "alone_len": 8,
    "opener_parallel_after_comma": True,
    "subhead_balance": 3,
    # a poem: at least verse_min one-line blocks in a row of at most verse_max characters
    "verse_min": 4,
    "verse_max": 20,
    # a line before a blank line that, with the next block's first
    # character, leaves at least this many cells of its column free: its
    # first-round verdict (no join: a column breaks after a full line) holds
    # for the whole run (``Proposal.holds``); a later round, on joined lines,
    # no longer knows the width. Real pages justify a column's last line a
    # character or two wider than the OCR reads it (…关联 | 度。, two short,
    # is a column break on fixture page 000)
    "hold_deficit": 4.0,
    # a page that indents its paragraphs' first lines (the OCR drops the
    # indent, so they read 1-3 cells short of the column): at least
    # indent_min first lines after a sentence end short by that much, and at
    # least indent_ratio times as many as first lines there as wide as the
    # column. On such a page a block after a sentence end whose first line
    # fills the column goes on the paragraph a column break cut
    "indent_min": 4,
    "indent_ratio": 3.0,
}


# how many cells an indented first line reads short of its column (the
# print's two-character indent, which the OCR drops, give or take a
# half-width character or a hanging mark); a line less short fills it
_INDENT_MIN, _INDENT_MAX = 0.75, 3.25

_SEP = re.compile(r"\n[ \t\u3000\u00a0]*\n(?:[ \t\u3000\u00a0]*\n)*")
_ODD_SEP = re.compile(r"\n[ \t\u3000\u00a0]+\n|\n\n\n")


def _odd_blank(text: str) -> bool:
    """A blank line that is not a plain "\n\n" (spaces on it, or two of them):
    ``_ODD_SEP`` matches, looked for only when the text holds what it needs
    (one-character look-ups first: they are the fast ones)."""
    if "\n\n\n" in text:
        return True
    return any(c in text and "\n" + c in text for c in _SP) and _ODD_SEP.search(text) is not None


def block_spans(text: str) -> list[tuple[int, int]]:
    """Blocks between blank lines, as ``Document.paragraphs`` cuts them.
    (One regex scan: a split on "\n\n" after checking that every blank
    line is a plain one cost more, 0.043 against 0.030 s on the 4,081 output
    pages of the bench corpus.)"""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SEP.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        if s >= e:
            continue  # (an empty block)
        # (the block's edge characters first: a block is sliced only when
        # it opens or closes with a newline or opens with whitespace)
        c = text[s]
        if c == "\n" or text[e - 1] == "\n":
            chunk = text[s:e]
            stripped = chunk.strip("\n")
            if not stripped.strip():
                continue
            s = s + len(chunk) - len(chunk.lstrip("\n"))
            e = s + len(stripped)
        elif c.isspace() and not text[s:e].strip():
            continue
        out.append((s, e))
    return out


# the last page a _Page was made of: its text and, unless its layout is odd,
# its lines and blocks (``page_blocks``)
_last_page: tuple = ("", None)


def page_blocks(text: str) -> tuple[list[tuple[int, int]], list[str]] | None:
    """``block_spans(text)`` and the blocks' texts, when the lines pass has just
    read this very text (the same object: the pass that runs after it on a
    page it left unchanged, e.g. the duplicates pass) and its layout is not
    odd (no space at a line's edge, no unprintable character, every blank
    line a plain "\n\n"): then a block runs from its first line's start to
    its last line's end, and a one-line block's text is its line. Else None."""
    t, lay = _last_page
    if t is not text or lay is None:
        return None
    core, cs, ce, blocks, single = lay[:5]
    if single:
        return list(zip(cs, ce)), list(core)
    spans = [(cs[lo], ce[hi - 1]) for lo, hi in blocks]
    return spans, [core[lo] if hi - lo == 1 else text[s:e] for (lo, hi), (s, e) in zip(blocks, spans)]


def page_kinds(text: str) -> tuple[list[bool], Iterable[int]] | None:
    """For a page the lines pass has just read (the same object, as
    ``page_blocks``) whose blocks are all one line: ``kinds.plain_lines`` of
    its lines (one flag a block) and the blocks of
    ``kinds.column_runs(blocks)`` (the page's column-run blocks: its screens
    are conditions a run needs, and past them it asked ``column_runs`` of
    these very lines), what ``kinds.classify_blocks`` reads; else None."""
    t, lay = _last_page
    if t is not text or lay is None or not lay[4]:
        return None
    return lay[5], lay[6].keys()


def _median(xs: list[float]) -> float:
    ys = sorted(xs)
    n = len(ys)
    h = n // 2
    return ys[h] if n % 2 else (ys[h - 1] + ys[h]) / 2.0


_lex = K.lexicon_freq


@lru_cache(maxsize=1)
def _scorer():
    from ..continuation import ContinuationScorer

    sc = ContinuationScorer()
    sc.start_weights()  # (read_on_elsewhere's index of start weights: built with the scorer, once per process)
    return sc


@lru_cache(maxsize=8192)
def _function_word_end(tail: str) -> bool:
    """``ContinuationScorer.ends_in_function_word`` of a line's last 24
    characters (all it reads), remembered: the open ends it is asked about
    (headlines, fragments) come back on every fixpoint run of a page."""
    return _scorer().ends_in_function_word(tail)


def _closed(line: str) -> bool:
    """The line ends a sentence (``kinds.ends_sentence``: …说。” does, a quoted
    term …围绕“宜居” does not); a line ending with ；/： is handled apart."""
    return line[-1] not in SEMI and K.ends_sentence(line)


_han = K.is_han
bridge = K.bridge  # (one cache for the kinds' column runs and this pass)


@lru_cache(maxsize=4)
def _continuations(min_freq: int) -> dict[str, frozenset[str]]:
    """For each 1..3-char string, the ends of the lexicon words (2..4 chars,
    frequency >= min_freq) that start with it: the words that can span a cut."""
    out: dict[str, set[str]] = {}
    for w, f in _lex().items():
        n = len(w)
        if 2 <= n <= 4 and f >= min_freq:
            for i in range(1, n):
                out.setdefault(w[:i], set()).add(w[i:])
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=16384)
def _lefts(a_end: str) -> tuple[str, ...]:
    """The suffixes of a_end (1..3 chars, all Han) a bridging word may start with."""
    out: list[str] = []
    if a_end and _han(a_end[-1]):
        for i in (1, 2, 3):
            if i > len(a_end) or not _han(a_end[-i]):
                break
            out.append(a_end[-i:])
    return tuple(out)


# (the joins of _propose's common case: the confidences are written there)
_WHY_DANGLING = "line ends with a character that cannot end a paragraph"
_WHY_NO_START = "next line starts with closing punctuation"
_WHY_FULL = "full line"
_BREAK_BEFORE = frozenset((K.BYLINE, K.KICKER, K.DATELINE, K.JUMP, K.LABEL))
_BREAK_AFTER = frozenset((K.BYLINE, K.JUMP, K.LABEL, K.CAPTION, K.KICKER))
_count_space = methodcaller("count", " ")


_ADD1 = (1).__add__
_TWICE = (2).__mul__
_QUARTER = (0.25).__mul__  # exact: (b + n) / 4.0 == (b + n) * 0.25
_AT_MOST_40 = (41).__gt__
_RUN_LINE_LEN = range(6, 49).__contains__
_RUN_OF_SHORT = b"\x01" * K.COLUMN_RUN_MIN
_FIRST = itemgetter(0)
_new_edit = object.__new__
_LAST = itemgetter(-1)
# a line whose first character is one of these has a first unit other than one cell
_UNIT_START = frozenset(map(chr, range(128))) | frozenset(OPEN)


def _line_metrics(core: list[str], first: list[str], clean: bool, text: str | None,
                  lens: list[int] | None) -> tuple[list[float], list[float]]:
    """The print width of each line (``cells``: CJK 1 cell, ASCII half a
    cell, spaces inside a line not counted) and the width of its first
    unbreakable unit (``unit``). ``text`` and ``lens``: the page and the
    length of each line, when the page's lines are its cores (no odd blank
    line or space at a line's edge): then the UTF-8 lengths come from one
    encoding of the page."""
    if text is not None:
        # (a newline is one byte of its own: the lines split alike)
        nbytes = filter(None, map(len, text.encode().split(b"\n")))
    else:
        lens = list(map(len, core))
        nbytes = map(len, map(str.encode, core))
    width2 = map(add, nbytes, lens)  # 4 x cells + 2 x spaces
    if not clean:
        width2 = map(sub, width2, map(_TWICE, map(_count_space, core)))
    cells = list(map(_QUARTER, width2))
    unit = [1.0] * len(core)
    for i in compress(count(), map(_UNIT_START.__contains__, first)):
        f = first[i]
        if f < "\x80":
            m = _ASCII_TOKEN.match(core[i])
            unit[i] = 0.5 * len(m.group()) if m else (2.0 if f in OPEN else 1.0)
        else:
            unit[i] = 2.0
    return cells, unit


def _layout_general(text: str) -> tuple[list[str], list[int], list[tuple[int, int]]]:
    """Lines (without the spaces around them), where they start, and the line
    range of each block, for any text (spaces around lines, blank lines with
    spaces on them, runs of blank lines)."""
    core: list[str] = []
    cs: list[int] = []
    blocks: list[tuple[int, int]] = []
    for s, e in block_spans(text):
        lo = len(core)
        pos = s
        for ln in text[s:e].split("\n"):
            n = len(ln)
            c = ln.strip(_SP)
            if c:
                core.append(c)
                cs.append(pos + n - len(ln.lstrip(_SP)))
            pos += n + 1
        blocks.append((lo, len(core)))
    return core, cs, blocks


# the kinds of the lines that may be special (headlines, bylines, captions:
# mostly one-line blocks, the same on every run of the fixpoint over a page)
_line_kind = lru_cache(maxsize=4096)(K.line_kind)
_BODY_IF_PLAIN = {True: K.BODY, False: None}


@lru_cache(maxsize=16384)
def _mid_word_head(head: str) -> bool:
    """A block whose text starts with ``head`` (its first three characters
    without whitespace) may be a fragment cut mid-word: a Han character first
    (a word across the cut needs one) and no lexicon word of 2 or 3
    characters starting there."""
    if not head or not _han(head[0]):
        return False
    lex = _lex()
    return lex.get(head[:2], 0) < 50 and lex.get(head, 0) < 50


def _heads(core: list[str], blocks: list[tuple[int, int]], n: int) -> list[str]:
    """``K.compact_head(line, n)`` of each block's first line: the slice
    itself when it holds no whitespace (the compacted prefix then is the
    slice), as on most lines of a page with a space somewhere."""
    out = []
    for lo, _ in blocks:
        h = core[lo][:n]
        out.append(h if " " not in h and h.isprintable() else K.compact_head(core[lo], n))
    return out


class _LazyMetrics:
    """``_Page.cells`` or ``_Page.unit`` of a page of one-line blocks, not
    computed yet: the first item read computes both (``_line_metrics``,
    shared through ``box``). It holds the page's lists, not the page: a
    reference cycle would leave every page to the cyclic garbage collector.
    (Not a ``__getattr__`` on the page either: a class with one loses the
    interpreter's fast attribute reads.)"""

    __slots__ = ("box", "k")

    def __init__(self, box: list, k: int) -> None:
        self.box, self.k = box, k

    def __getitem__(self, i):
        box = self.box
        if len(box) == 3:
            box[:] = _line_metrics(*box, None, None)
        return box[self.k][i]


def _block_head(core: list[str], clean: bool, i: int) -> str:
    """``_Page.block_text``: about 40 characters of text from line i on
    (``clean``: no line holds whitespace)."""
    c = core[i]
    if len(c) >= 40:
        # (a line of 40 or more: its own first 40 characters when they hold
        # no whitespace, as compact_head takes them)
        c = c[:40]
        if clean or (" " not in c and c.isprintable()):
            return c
    return K.compact_head("".join(core[i:i + 4]), 40)


def _block_tail(core: list[str], clean: bool, i: int) -> str:
    """``_Page.block_text`` up to line i."""
    c = core[i]
    if len(c) >= 40:
        c = c[-40:]
        if clean or (" " not in c and c.isprintable()):
            return c
    return K.compact_tail("".join(core[max(0, i - 3):i + 1]), 40)


class _Page:
    """Layout evidence of one document.

    Lines are indices into parallel lists (``core``: the line without the
    spaces around it, ``cs``/``ce``: where that core starts and ends in the
    text, ``cells``: its print width, ``first``/``last``: its first and last
    character, ``unit``: the width of its first unbreakable unit); ``blocks``
    holds the (first, end) line range of each block. Everything a decision
    reads is computed once per page with C-level ``map`` calls; line kinds only
    for the few lines whose first or last character allows one.
    """

    def __init__(self, doc: Document, prm: dict) -> None:
        self.doc = doc
        self.prm = prm
        text = doc.text
        # one look at the text decides the layout path: with every character
        # printable apart from the newlines (so no tab, ideographic or
        # no-break space), no space at a line's edge and no run of blank
        # lines, every line is its own core and every blank line a plain
        # "\n\n" (``block_spans``' fast path)
        # (each line checked: isprintable on the text without its newlines
        # copies it first, and costs twice as much)
        lines = text.split("\n")
        self.single = False  # every block is one line
        printable = all(map(str.isprintable, lines))
        self.clean = printable and " " not in text  # no line holds a space or an unprintable character
        self.odd = not printable or "\n\n\n" in text or (not self.clean and (
            "\n " in text or " \n" in text or text[:1] == " " or text[-1:] == " "))
        if self.odd:
            core, cs, blocks = _layout_general(text)
            lens = list(map(len, core))
        else:
            core = list(filter(None, lines))
            lens = list(map(len, lines))
            cs = list(compress(accumulate(map(_ADD1, lens), initial=0), lines))
            k = len(core)
            e = len(lines) - k  # the empty lines, none next to another (no "\n\n\n") but the last two
            # (a text ending with "\n\n": its last two lines are empty, and
            # A\nA\n\n, as many empty lines as lines, is one block)
            if lines[0] and e == (k - 1 if lines[-1] else k) and text[-2:] != "\n\n":
                # the lines and the blank lines alternate: every block is one
                # line (every fixpoint run after the joins, a third of the raw
                # pages)
                self.single = True
                blocks = list(zip(range(k), range(1, k + 1)))
            else:
                blocks = []
                k = prev = 0
                for e in compress(count(), map(not_, lens)):
                    if e > prev:
                        blocks.append((k, k + e - prev))
                        k += e - prev
                    prev = e + 1
                if prev < len(lens):
                    blocks.append((k, k + len(lens) - prev))
            lens = list(filter(None, lens))  # (of the lines in core)
        self.core = core
        self.cs = cs
        self.ce = list(map(add, cs, lens))
        self.blocks = blocks
        first = list(map(_FIRST, core))
        self.first = first
        self.last = list(map(_LAST, core))
        if self.single:
            # the print widths of a page of one-line blocks when some decision
            # reads them (most read them only with a column width, which such
            # a page does not have)
            box = [core, first, self.clean]
            self.cells = _LazyMetrics(box, 0)
            self.unit = _LazyMetrics(box, 1)
        else:
            self.cells, self.unit = _line_metrics(core, first, self.clean, None if self.odd else text, lens)
        # a line no kind pattern can match is body text (kinds.plain_lines);
        # the kinds of the others are looked up when a decision reads them
        self._plain = K.plain_lines(core, self.clean)
        self.kinds: list[str | None] = list(map(_BODY_IF_PLAIN.get, self._plain))
        self._prefixes: dict[str, int] | None = None
        self._frag_heads: list[tuple[int, str]] | None = None
        self._hp: dict[str, list[int]] | None = None
        self._claims: dict[int, int] | None = None
        # fragments after a sentence end that open mid-word (owned_fragment): first lines, start bounds
        self._needy: tuple[list[int], object] | None = None
        self._needy_memo: dict[int, bool] | None = None
        self._verse: set[int] | None = None  # blocks that are lines of a poem
        # blocks after a sentence end (read_on_elsewhere): first lines, start bounds, from which line on
        self._orphans: tuple[list[int], list[tuple], int] | None = None
        self._bf: dict[int, tuple[int, int]] = {}  # end line -> best_fragment(end, next block)
        self._pflat: str | None = None
        self._open: list[int] | None = None
        self._block_ends: list[str] | None = None
        self._shapes: list[tuple[int, int]] | None = None
        self._head_block: dict[int, bool] = {}
        self._prose_width: dict[int, float | None] = {}
        self._indented: dict[float, list[int]] | None = None  # indents(): column width -> [flat, short]
        # column width: median of non-final lines, per block or around it
        n = len(blocks)
        self.bw: list[float | None] = [None] * n
        self.page_w = None
        self.wrapped = False
        self.run_w: dict[int, float] = {}  # block -> width of its column run
        self.run_line: set[int] = set()  # the lines of those blocks
        if not self.single:
            self._widths(prm)  # (one-line blocks: no non-final line, no width)
        self._column_runs()
        global _last_page
        _last_page = (text, None if self.odd else (core, cs, self.ce, blocks, self.single, self._plain, self.run_w))

    def _widths(self, prm: dict) -> None:
        blocks, cells = self.blocks, self.cells
        n = len(blocks)
        minl = prm["min_lines_for_width"]
        rich = [cells[lo:hi - 1] if hi - lo > 2 else [] for lo, hi in blocks]  # body-like blocks only
        richall = list(chain.from_iterable(rich))
        if len(richall) < minl:
            return  # no (or hardly any) hard-wrapped block: no column width to trust
        self.wrapped = len(richall) >= 10 or len(richall) >= 0.2 * len(self.core)
        if not self.wrapped:
            return
        self.page_w = _median(richall)
        for i, (lo, hi) in enumerate(blocks):
            if hi - lo - 1 >= minl:
                self.bw[i] = _median(cells[lo:hi - 1])
                continue
            pool: list[float] = []
            for d in range(1, 7):
                for j in (i - d, i + d):
                    if 0 <= j < n:
                        pool += rich[j]
                if len(pool) >= 6:
                    break
            self.bw[i] = _median(pool) if len(pool) >= minl else self.page_w

    def run_cut(self, bi: int, b: int) -> str:
        """Why the cut between block bi and the next one (first line b) is a
        layout break next to a column run (see :meth:`_column_runs`), or ""."""
        ra, rb = self.run_w.get(bi), self.run_w.get(bi + 1)
        if (ra is None) != (rb is None):
            w = ra if ra is not None else rb
            lo, hi = self.blocks[bi if ra is None else bi + 1]
            ow = self.cells[lo] if hi - lo == 1 else self.bw[bi if ra is None else bi + 1]
            if ow is None or abs(ow - w) > K.COLUMN_RUN_TOL + 0.5:
                return "a column run meets text of another width"
            return ""
        if rb is not None and self.first_line_like(b, None, rb, self.prm["indent_deficit"]):
            return "the next line is indented like a first line"
        return ""

    def short_head_line(self, bi: int, a: int, b: int) -> bool:
        """Block bi is the one line a, a subhead candidate (see
        :meth:`_head_candidate`), before a paragraph more than twice as long,
        and another candidate of the same shape (its comma at the same place,
        about as long) stands on the page: a series of subheads over the
        sections of an article (科创引领，产业升级注入新动力 … 民生为本，…)."""
        shape = self._head_candidate(bi)
        if shape is None:
            return False
        nb = self.blocks[bi + 1]
        if sum(len(self.core[i]) for i in range(nb[0], nb[1])) <= 2 * len(self.core[a]):
            return False
        if self._shapes is None:
            self._shapes = [x for x in map(self._head_candidate, range(len(self.blocks) - 1)) if x is not None]
        return sum(1 for c, n in self._shapes if c == shape[0] and abs(n - shape[1]) <= 2) >= 2

    def _head_candidate(self, bi: int) -> tuple[int, int] | None:
        """(comma position or -1, length) of block bi when it is one short
        line (at most ``head_line_len`` characters) after a sentence end or at
        the top, that does not end a sentence, a clause or a word (的 …), is no
        dateline or byline and does not open with a date or end with a count."""
        lo, hi = self.blocks[bi]
        if hi - lo != 1:
            return None
        c = self.core[lo]
        if len(c) > self.prm["head_line_len"] or self.last[lo] in TERMINAL or self.last[lo] in SEMI \
                or self.last[lo] in self.prm["dangling"] or _NUMBERED.search(c) or _STOP_IN.search(c) \
                or self.kind(lo) != K.BODY:
            return None  # (2024年1月，…市委十三届: a date or a count is text; a heading holds no sentence end)
        if lo > 0 and self.last[lo - 1] not in TERMINAL:
            return None
        m = _COMMA.search(c)
        return (m.start() if m else -1, len(c))

    def unwrapped_cut(self, a: int, b: int) -> bool:
        """Lines a and b (one-line blocks without a column width) look like
        whole paragraphs printed one per line: a long one (more than
        ``unwrapped_len`` characters) before a quotation that opens a
        paragraph (“…，…), or before a short line that does not end a
        sentence either (a stray line)."""
        n = self.prm["unwrapped_len"]
        if len(self.core[a]) <= n:
            return False
        cb = self.core[b]
        if _QUOTE_OPENING.match(cb):
            return True
        return len(cb) <= 30 and self.last[b] not in TERMINAL

    def _column_runs(self) -> None:
        """One-line blocks that are the lines of a text column emitted one per
        block (``kinds.column_runs``): their width is the run's width."""
        blocks, core = self.blocks, self.core
        if self.single:
            # (every block one line: the lines of at most 40 characters, and
            # those of 6..48 that the run search below needs, as bytes)
            lens = list(map(len, core))
            if _RUN_OF_SHORT not in bytes(map(_AT_MOST_40, lens)) \
                    or _RUN_OF_SHORT not in bytes(map(_RUN_LINE_LEN, lens)):
                return
        else:
            singles = 0
            for lo, hi in blocks:
                singles = singles + 1 if hi - lo == 1 and len(core[lo]) <= 40 else 0
                if singles >= K.COLUMN_RUN_MIN:
                    break
            else:
                return  # no three short one-line blocks in a row (the common case)
        # what kinds.column_runs needs to find a run: three or more one-line
        # blocks in a row that may be lines of one (6..48 characters), two
        # of them with a clause mark
        stretch = clauses = 0
        for lo, hi in blocks:
            if hi - lo == 1 and 6 <= len(core[lo]) <= 48:
                stretch += 1
                if _CLAUSE_MARK.search(core[lo]):
                    clauses += 1
                if stretch >= K.COLUMN_RUN_MIN and clauses >= 2:
                    break
            else:
                stretch = clauses = 0
        else:
            return
        cells = self.cells
        for run in K.column_runs([core[lo] if hi - lo == 1 else "\n" for lo, hi in blocks]):
            w = _median([cells[blocks[i][0]] for i in run])
            for i in run:
                self.run_w[i] = w
                self.run_line.add(blocks[i][0])
                self.bw[i] = w

    # -- line predicates ---------------------------------------------------
    def year_mark(self, i: int) -> bool:
        """Line i opens with an apostrophe before a year's digits (’２４春季
        展): no closing quote of the line before."""
        return self.first[i] in "’'" and self.core[i][1:2] in _DIGITS

    def kind(self, i: int) -> str:
        k = self.kinds[i]
        if k is None:
            k = self.kinds[i] = _line_kind(self.core[i])
        return k

    def full(self, a: int, b: int, w: float | None) -> bool:
        if w is None:
            return False
        return self.cells[a] + self.unit[b] > w - self.prm["full_slack"]

    def first_line_like(self, b: int, nxt: int | None, w: float | None, deficit: float) -> bool:
        """Line b looks like an indented first line that continues (short by >= deficit)."""
        if w is None:
            return False
        lb = self.last[b]
        if lb in TERMINAL or lb in SEMI:
            return False
        u = self.unit[nxt] if nxt is not None else 1.0
        return self.cells[b] + u <= w - deficit + 1.0 + 1e-9

    def indents(self, w: float) -> bool:
        """The page indents the first lines of its paragraphs in columns of
        width ``w`` (``indent_min``, ``indent_ratio``): the first lines of
        blocks of two lines or more after a block that ends a sentence in a
        column within a cell of ``w``, measured against the block before,
        are mostly 1-3 cells short of it. (Per width: an article set wider
        on the same page may not indent, fixture page 000.)"""
        st = self._indented
        if st is None:
            st = self._indented = {}
            blocks, bw, cells, last = self.blocks, self.bw, self.cells, self.last
            for j in range(len(blocks) - 1):
                wj = bw[j]
                lo, hi = blocks[j + 1]
                if wj is None or hi - lo < 2 or last[blocks[j][1] - 1] not in TERMINAL:
                    continue
                d = wj - cells[lo]
                if d <= _INDENT_MAX:
                    k = st.setdefault(wj, [0, 0])
                    k[d >= _INDENT_MIN] += 1
        flat = short = 0
        for wj, (f, s) in st.items():
            if abs(wj - w) <= 1:
                flat += f
                short += s
        return short >= self.prm["indent_min"] and short >= self.prm["indent_ratio"] * flat

    def first_indent(self, bi: int, a: int, w: float) -> float:
        """The indent of line a, the first line of a paragraph in block bi on
        a page that indents its first lines in columns of ``w`` (``indents``):
        how many cells (1-3) it is short of ``w``; 0 for any other line. A
        first line opens a block (a column breaks after a full line, so a
        short line there is no paragraph's rest), or follows a short line
        that ends a sentence. (Such a line is as good as full: its
        shortness says nothing of where its paragraph ends.)"""
        d = w - self.cells[a]
        if not _INDENT_MIN <= d <= _INDENT_MAX:
            return 0.0
        if a != self.blocks[bi][0] and (
                self.last[a - 1] not in TERMINAL or self.cells[a - 1] + self.unit[a] > w - self.prm["full_slack"]):
            return 0.0
        return d if self.indents(w) else 0.0

    def indented_alone(self, bi: int, a: int, b: int) -> bool:
        """Block bi is the one line a, 1-3 cells short of the column of the
        block after it, on a page that indents its first lines in that
        column, and that block (of two lines or more) opens with a line that
        fills the column: a paragraph's first line and its rest, cut by a
        column break (朱鹤新对包钢一行来京洽谈工作表示 | 欢迎，…). A subhead or a
        paragraph of one line has an indented first line under it. After a
        block that ends no sentence (a headline, a byline), a line without
        punctuation is a first line only under a byline (本报记者… | 尽管中国队
        在第一) or when it opens a dateline the next block finishes (本报伊斯兰
        堡１月 | １１日电…); else it may be a headline's line or a name."""
        if bi == 0:
            return False
        lo, hi = self.blocks[bi + 1]
        w = self.bw[bi + 1]
        if w is None or hi - lo < 2 or not _INDENT_MIN <= w - self.cells[a] <= _INDENT_MAX \
                or not w - _INDENT_MIN < self.cells[b] <= w + 1:
            return False
        pa = self.blocks[bi - 1][1] - 1
        if self.last[pa] not in TERMINAL and self.headish(a) and self.kind(pa) != K.BYLINE \
                and not K.dateline_cut(self.core[a], self.core[b]):
            return False
        return self.indents(w)

    def _opening(self, b: int) -> tuple[str, int]:
        """The first two characters of line b (whitespace left out) and how
        many blocks of the page open with them."""
        core = self.core
        if self._prefixes is None:
            cnt: dict[str, int] = {}
            # (no whitespace on a clean page: compact_head is a slice)
            for k in [core[lo][:2] for lo, _ in self.blocks] if self.clean else _heads(core, self.blocks, 2):
                if len(k) == 2:
                    cnt[k] = cnt.get(k, 0) + 1
            self._prefixes = cnt
        k = core[b][:2] if self.clean else K.compact_head(core[b], 2)
        return k, self._prefixes.get(k, 0) if len(k) == 2 else 0

    def parallel_opening(self, b: int) -> bool:
        """Line b opens like >= 2 other paragraphs of the page (要“…”。 … 要“…”。)."""
        k, n = self._opening(b)
        # a slogan-like opening (要“…”, 《…》): two plain characters shared by a
        # few paragraphs (中国…, 2023年…) say nothing
        return n >= 2 and (k[0] in OPEN or k[1] in OPEN)

    def parallel_word(self, b: int, tags, others: int) -> bool:
        """Line b opens with a lexicon word of two characters of a class in
        ``tags`` (聚焦, not the start of a longer word) that opens at least
        ``others`` other blocks of the page too (聚焦温暖工程，… 聚焦科技…)."""
        k, n = self._opening(b)
        lx = K.lexicon_tags()
        return n > others and lx.get(k) in tags and self.core[b][:3] not in lx

    def fragment_heads(self) -> list[tuple[int, str]]:
        """First lines of blocks that do not start with a whole lexicon word
        (a fragment cut mid-word), with their first three characters. A
        block after a sentence end whose first line is indented like a
        paragraph's first line (the column width known) opens a paragraph:
        no fragment (林草种质资源是… under …之首。, whatever 打造|林 spells)."""
        if self._frag_heads is None:
            out = []
            ind = self.prm["indent_deficit"]
            core, blocks = self.core, self.blocks
            heads = [core[lo][:3] for lo, _ in blocks] if self.clean else _heads(core, blocks, 3)
            for bi in compress(count(), map(_mid_word_head, heads)):
                lo, hi = blocks[bi]
                head = heads[bi]
                w = self.bw[bi]
                if hi - lo >= 3 and lo > 0 and self.last[lo - 1] in _SENTENCE_END \
                        and self.first_line_like(lo, lo + 1, w, ind) and self.full(lo + 1, lo + 2, w):
                    continue
                out.append((lo, head))
            self._frag_heads = out
        return self._frag_heads

    def headish(self, i: int) -> bool:
        """Line i has no punctuation at all and is short enough for a headline."""
        c = self.core[i]
        if _marked_head(c):
            return True  # a Markdown heading or bold line
        flat = K.compact_upto(c, 30)
        return len(flat) <= 30 and not _PUNCT_IN.search(flat)

    def repeats(self, la: tuple[int, int], fb: tuple[int, int]) -> bool:
        """The paragraph fb starts like the paragraph la (a repeated block)."""
        # the first 12 characters: three lines hold them (lines are >= 4 wide)
        ka, kb = self._head12(*la), self._head12(*fb)
        return len(ka) >= 4 and ka.lstrip("#*") == kb.lstrip("#*")[:len(ka.lstrip("#*"))]

    def _head12(self, lo: int, hi: int) -> str:
        """The first 12 characters (no whitespace) of the paragraph of lines lo..hi-1."""
        c = self.core[lo]
        if len(c) >= 12:
            if self.clean:
                return c[:12]  # (no whitespace on the page)
            h = c[:12]
            if " " not in h and h.isprintable():
                return h  # (no whitespace in it)
        return K.compact_head("".join(self.core[lo:min(hi, lo + 3)]), 12)

    def head_prefixes(self) -> dict[str, list[int]]:
        """Prefixes (1..3 chars) of the fragment heads -> their line indices."""
        hp = self._hp
        if hp is None:
            hp = {}
            for lo, head in self.fragment_heads():
                for j in range(1, len(head) + 1):
                    hp.setdefault(head[:j], []).append(lo)
            self._hp = hp
        return hp

    def best_fragment(self, a: int, b: int) -> tuple[int, int]:
        """(frequency, line) of the best lexicon word (>= 200) spanning the
        end of line a into the head of an orphan fragment block other than b."""
        lefts = _lefts(self.core[a][-3:])
        best = (0, -1)
        if not lefts:
            return best
        conts = _continuations(max(self.prm["bridge_min_freq"], 200))
        heads = None  # (the page's fragment heads: built when some word starts at the end)
        lex = _lex()
        for left in lefts:
            cs = conts.get(left)
            if not cs:
                continue
            if heads is None:
                heads = self.head_prefixes()
                if not heads:
                    return best
            # iterate over the smaller side: the word ends or the head prefixes
            xs = filter(heads.__contains__, cs) if len(cs) < len(heads) else filter(cs.__contains__, heads)
            for x in xs:
                for o in heads[x]:
                    if o != a and o != b:
                        f = lex.get(left + x, 0)
                        if f > best[0]:
                            best = (f, o)
        return best

    def claimed_by_fragment(self, a: int, nbi: int) -> bool:
        """Line a ends a block mid-sentence (block nbi follows) and its
        continuation was read elsewhere: a fragment continues it with a word
        across the cut, or a block after a sentence end reads on from it
        clearly better than the next block."""
        return self.claimed_by_word(a, nbi) or self.read_on_elsewhere(a, nbi)

    def claimed_by_word(self, a: int, nbi: int) -> bool:
        """Line a ends a block mid-sentence and an orphan fragment elsewhere
        continues it with a word across the cut, better than it continues
        any other open end of the page (each fragment continues one end),
        and reads on from it better than the next block does (the
        continuation scorer: start of the block, word across the cut, the
        page's own n-grams); block nbi follows line a."""
        if self._claims is None:
            # only an end that bridges into some fragment can be claimed:
            # the page-wide assignment is computed when the first one asks
            # (each end's best fragment remembered: the assignment asks again
            # for the ends that asked before it; the fragment heads are
            # looked for only when a word starts at the end)
            bf = self._bf
            r = bf[a] = self.best_fragment(a, self.blocks[nbi][0])
            if r[1] < 0:
                return False
            claims: dict[int, tuple[int, int]] = {}  # fragment line -> (freq, end line)
            blocks, last, core = self.blocks, self.last, self.core
            for bi in self.open_blocks():
                e = blocks[bi][1] - 1
                if last[e] in _CLOSED_END and _closed(core[e]):
                    continue
                r = bf.get(e)
                f, o = r if r is not None else self.best_fragment(e, blocks[bi + 1][0])
                if o >= 0 and f > claims.get(o, (0, -1))[0]:
                    claims[o] = (f, e)
            self._claims = {e: o for o, (_, e) in claims.items()}
        o = self._claims.get(a)
        if o is None:
            return False
        nb = self.blocks[nbi][0]
        # the claim stands only when the fragment reads on from this end
        # better than the block right after it does
        sc = _scorer()
        tail = self.block_text(a, tail=True)
        pt = self.page_flat()
        margin = self.prm["claim_margin"]
        sf = sc.local(tail, self.block_text(o), pt).score
        here = self.block_text(nb)
        if sf <= sc.local_floor(tail, here) + margin:
            return False  # (sf <= sb + margin: the next block's crossing not needed)
        return sf > sc.local(tail, here, pt).score + margin

    def verse(self, bi: int) -> bool:
        """Block bi is a line of a poem: one of at least ``verse_min`` one-line
        blocks of body text (no kicker, byline …) in a row, each at most
        ``verse_max`` characters long, not a column run, whose lengths vary
        (at most three quarters of them within a character of the longest: a
        narrow column cut into one-line blocks has lines of one width), at
        most half of which end a sentence, and fewer than 30 %
        of whose cuts fall inside a lexicon word or after a character that
        cannot end a paragraph (a poem's lines end where a phrase ends)."""
        vs = self._verse
        if vs is None:
            vs = self._verse = set()
            prm = self.prm
            vmax, vmin = prm["verse_max"], prm["verse_min"]
            blocks, last, kind, run_w, core = self.blocks, self.last, self.kind, self.run_w, self.core
            # (widths in characters: the print widths of a page of one-line
            # blocks are computed only when a decision needs them, and verse
            # is Chinese text; the line kinds only of the lines in a long
            # enough run of short one-line blocks)
            if self.single:
                one = list(map(le, map(len, core), repeat(vmax)))
            else:
                one = [hi - lo == 1 and len(core[lo]) <= vmax for lo, hi in blocks]
            if vmin.__class__ is int and b"\x01" * vmin not in bytes(one):
                return False  # (no run of verse_min short one-line blocks: most pages; looked for at C level)
            for k, j in _runs(one):
                if j - k >= vmin:
                    for x in range(k, j):
                        one[x] = x not in run_w and kind(blocks[x][0]) == K.BODY
            dangling, bmin = prm["dangling"], prm["bridge_min_freq"]
            for k, j in _runs(one):
                if j - k < vmin:
                    continue
                los = [blocks[x][0] for x in range(k, j)]
                ws = [len(core[lo]) for lo in los]
                top = max(ws)
                # lines of one column read on into each other: a word or a
                # dangling character at many cuts; a poem's lines end where a
                # phrase ends
                inword = sum(1 for x, y in zip(los, los[1:])
                             if last[x] in dangling or bridge(core[x][-3:], core[y][:3], bmin))
                if 4 * sum(1 for w in ws if w >= top - 1) <= 3 * (j - k) and top - min(ws) >= 3 \
                        and 2 * sum(1 for lo in los if last[lo] in _SENTENCE_END) <= j - k \
                        and 10 * inword < 3 * (j - k - 1):
                    vs.update(range(k, j))
        return bi in vs

    def owned_fragment(self, a: int, nbi: int) -> bool:
        """Line a ends a block mid-sentence and owns a fragment: a block
        after block nbi (the next one) that stands after a sentence end or a
        head and opens mid-word (``fragment_heads``: no paragraph starts
        there) reads on from this end better than the next block does, by
        more than ``own_margin``, and gains more so here than at any other
        open end before it (each fragment continues one end; a next block
        opening with a particle, …提高国民|的素质, is the end's own)."""
        needy = self._needy
        if needy is None:
            needy = self._needy = self._needy_fragments()
        los = needy[0]
        if not los or not self._reads_on_needy(a, nbi):
            return False
        # (some fragment reads on from here clearly better: the other open
        # ends before it that some fragment reads on from clearly better too
        # are asked whether this one gains as much there, ties going to the
        # earlier end)
        sc, pf, margin = _scorer(), self.page_flat(), self.prm["own_margin"]
        blocks, core, ends = self.blocks, self.core, self.block_ends()
        nb = blocks[nbi][0]
        tail, here = self.block_text(a, tail=True), self.block_text(nb)
        s_a = sc.local(tail, here, pf).score
        opens = [bi for bi in self.open_blocks() if bi + 1 != nbi
                 and not (ends[bi] in _CLOSED_END and _closed(core[blocks[bi][1] - 1]))]
        for o in los[bisect_right(los, nb):]:
            head = self.block_text(o)
            d = sc.local(tail, head, pf).score - s_a
            if d <= margin:
                continue
            one = None
            for bi in opens:
                nx = blocks[bi + 1][0]
                if nx >= o:
                    return True
                e = blocks[bi][1] - 1
                if not self._reads_on_needy(e, bi + 1):
                    continue
                if one is None:
                    one = sc.start_bounds((head,))
                if sc.reads_on_better(self.block_text(e, tail=True), self.block_text(nx),
                                      one, d - 1e-6 if bi + 1 < nbi else d + 1e-6, pf):
                    break  # (another end gains as much by it)
            else:
                return True
        return False

    def _needy_fragments(self) -> tuple[list[int], object]:
        """``owned_fragment``'s fragments: the first lines of the blocks after
        a sentence end or a head that open mid-word (``fragment_heads``), none
        when there are more than ``own_max_fragments`` (a page of many blocks
        opening mid-word: names, a table), and their start bounds."""
        fh = self.fragment_heads()
        if not fh:
            return [], None
        los, firsts = [], []
        blocks, core, ends = self.blocks, self.core, self.block_ends()
        most = self.prm["own_max_fragments"]
        for lo, head in fh:
            j = bisect_left(blocks, (lo,))
            e = ends[j - 1] if j else ""
            if j and ((e in _CLOSED_END and (e in _SENTENCE_END or _closed(core[blocks[j - 1][1] - 1])))
                      or self._head_like(j - 1)) and not self._head_like(j):
                if len(los) == most:
                    return [], None
                los.append(lo)
                firsts.append(head[:2])
        if not los:
            return [], None
        # (the start bounds of reads_on_better: most ends are screened from
        # the fragments' first characters)
        return los, _scorer().start_screen(firsts, None, partial(_block_head, core, self.clean), los)

    def _reads_on_needy(self, a: int, nbi: int) -> bool:
        """Some fragment of ``owned_fragment`` after block nbi reads on from
        line a better than block nbi does, by more than ``own_margin`` (not
        when block nbi opens with a particle); remembered per block."""
        memo = self._needy_memo
        if memo is None:
            memo = self._needy_memo = {}
        r = memo.get(nbi)
        if r is None:
            los, bounds = self._needy
            nb = self.blocks[nbi][0]
            k = bisect_right(los, nb)
            r = memo[nbi] = k < len(los) and not _particle_start(self.core[nb]) and _scorer().reads_on_better(
                self.block_text(a, tail=True), self.block_text(nb), bounds, self.prm["own_margin"], self.page_flat(), k)
        return r

    def read_on_elsewhere(self, a: int, nbi: int) -> bool:
        """Line a ends a block mid-sentence, and the start of some block
        elsewhere on the page that stands after a sentence end (an orphan:
        nothing before it is open; not a one-line block without punctuation,
        a headline) reads on from this end clearly better
        than the next block does (continuation scores, by more than
        ``claim_score_margin``): the end's continuation was read elsewhere
        (column interleaving) and the next block opens another paragraph
        (…内蒙古新型 | 随着数据存储… where 算力基地等项目… stands later);
        block nbi follows line a."""
        blocks = self.blocks
        nb = blocks[nbi][0]
        orphans = self._orphans
        if orphans is None or nb < orphans[2]:
            # (the ends are asked in page order: the blocks up to the first
            # one's next block are not looked at; a block's last line can
            # end a sentence only with one of _CLOSED_END, screened at C level)
            core, ends, clean = self.core, self.block_ends(), self.clean
            after_head = self.prm["orphan_after_head"]
            los = []
            firsts = []  # (the first two characters of each, without whitespace)
            # whether each block is head-like (``_head_like``), looked up once:
            # a block is asked as the one after an end and as the end itself
            hl: list[bool | None] = [None] * len(blocks)
            head_like = self._head_like
            for j in range(nbi, len(blocks) - 1):
                e = ends[j]
                if e in _CLOSED_END:
                    # (_SENTENCE_END is part of _CLOSED_END)
                    if e not in _SENTENCE_END and not _closed(core[blocks[j][1] - 1]):
                        continue
                elif after_head:
                    # (also the blocks after a headline, kicker or byline: a
                    # fragment read after the head of another article)
                    h = hl[j]
                    if h is None:
                        h = hl[j] = head_like(j)
                    if not h:
                        continue
                else:
                    continue
                h = hl[j + 1]
                if h is None:
                    h = hl[j + 1] = head_like(j + 1)
                if h:
                    continue  # (a headline, kicker … or one line without punctuation)
                lo = blocks[j + 1][0]
                los.append(lo)
                h = core[lo][:2]
                if len(h) < 2 or not (clean or (" " not in h and h.isprintable())):
                    h = _block_head(core, clean, lo)[:2]
                firsts.append(h)
            # (the blocks' texts made only for the starts the screen keeps;
            # the partial holds the page's lines, not the page: no cycle)
            orphans = self._orphans = (los, _scorer().start_screen(firsts, None, partial(_block_head, core, clean), los), nb)
        los, bounds, _ = orphans
        k = bisect_right(los, nb)  # (the blocks after the next one)
        if k >= len(los):
            return False
        return _scorer().reads_on_better(self.block_text(a, tail=True), self.block_text(nb), bounds,
                                         self.prm["claim_score_margin"], self.page_flat(), k)

    def _head_like(self, j: int) -> bool:
        """Block j is a head: its first line is of another kind than body
        text (a headline, kicker, byline …) or it is one line without
        punctuation."""
        lo, hi = self.blocks[j]
        return (self.kinds[lo] or self.kind(lo)) != K.BODY or (hi - lo == 1 and self.headish(lo))

    def block_ends(self) -> list[str]:
        """The last character of each block."""
        ends = self._block_ends
        if ends is None:
            last = self.last
            ends = self._block_ends = last if self.single else [last[hi - 1] for _, hi in self.blocks]
        return ends

    def open_blocks(self) -> list[int]:
        """The blocks but the last whose last line does not end with
        。！？…!? (which ``_closed`` says end a sentence: no join after them),
        screened at C level."""
        ob = self._open
        if ob is None:
            ends = self.block_ends()
            ob = self._open = list(compress(range(len(ends) - 1), map(not_, map(_SENTENCE_END.__contains__, ends))))
        return ob

    def block_text(self, i: int, tail: bool = False) -> str:
        """About 40 characters of text from line i on (or up to line i)."""
        return _block_tail(self.core, self.clean, i) if tail else _block_head(self.core, self.clean, i)

    def page_flat(self) -> str:
        """The page's blocks without the newlines, joined by "\x00"."""
        pf = self._pflat
        if pf is None:
            pf = self._pflat = "\x00".join("".join(self.core[lo:hi]) for lo, hi in self.blocks)
        return pf

    # -- decisions -----------------------------------------------------------
    def head_block(self, bi: int, w: float | None) -> int:
        """No line has punctuation or ends a sentence, and either every line is
        clearly shorter than the column (1: a headline set over several lines in
        its own measure) or the block has at most three lines (2: head lines,
        e.g. a headline over its subheadline); else 0."""
        lo, hi = self.blocks[bi]
        if w is None or hi - lo < 2:
            return 0
        r = self._head_block.get(bi)
        if r is None:
            lim = w - self.prm["head_deficit"]
            cells, last = self.cells, self.last
            # (the block's text between its first and last line holds only
            # whitespace besides the lines, which no _PUNCT_IN match reads)
            bare = last[hi - 1] not in TERMINAL and last[hi - 1] not in SEMI and all(
                last[i] not in TERMINAL and last[i] not in SEMI for i in range(lo, hi - 1)) \
                and not _PUNCT_IN.search(self.doc.text, self.cs[lo], self.ce[hi - 1])
            if not bare:
                r = 0
            elif all(cells[i] + 1 <= lim for i in range(lo, hi)):
                r = 1  # every line clearly shorter than the column
            elif hi - lo <= 3 and self.kind(lo) == K.BODY and not K.dateline_cut(self.core[lo], self.core[lo + 1]):
                # two or three lines without any punctuation: head lines (a
                # headline over a subheadline), not a run of body text
                r = 2
            else:
                r = 0
            self._head_block[bi] = r
        return r

    def prose_width(self, bi: int) -> float | None:
        """The one width of a block's lines but its last (all of them for a
        block of two lines), within a cell, when it is at least
        ``prose_pair_min`` cells, a line of the block is punctuated and the
        block ends a sentence: prose wrapped in a column the page is too short
        to measure; else None. (A block that does not end a sentence is left
        as it was: once a join across a blank line made one line of its first
        lines, a later round would find no layout for the lines after it.)"""
        r = self._prose_width.get(bi, False)
        if r is False:
            lo, hi = self.blocks[bi]
            ws = self.cells[lo:hi] if hi - lo == 2 else self.cells[lo:hi - 1]
            r = None
            if min(ws) >= self.prm["prose_pair_min"] and max(ws) - min(ws) <= 1 and self.last[hi - 1] in TERMINAL \
                    and any(_PUNCT_IN.search(self.core[i]) for i in range(lo, hi)):
                r = max(ws)
            self._prose_width[bi] = r
        return r

    def plain(self) -> list[bool]:
        """Lines that no kind pattern can match (``kinds.plain_lines``)."""
        return self._plain

    def inblock(self, bi: int, a: int, w: float | None) -> tuple[str, float, str]:
        """Decision for the newline between lines a and a+1 of block bi."""
        b = a + 1
        lo, hi = self.blocks[bi]
        prm = self.prm
        first = self.first
        if (first[a] in "#*" and _marked_head(self.core[a])) or (first[b] in "#*" and _marked_head(self.core[b])):
            return "break", 0.95, "a Markdown heading or bold line stands alone"
        ka, kb = self.kind(a), self.kind(b)
        if kb == K.BYLINE and b == hi - 1 and w is not None and ka == K.BODY and self.last[a] in TERMINAL \
                and _CREDIT_LINE.fullmatch(self.core[b]) and self.cells[a] + self.unit[b] > w - prm["full_slack"]:
            # (…深刻的印象。|（闻力）: a bracketed name closing a
            # block, under a full line that ends a sentence, is the credit at
            # the end of that paragraph; under a short line, the paragraph has
            # ended and the credit stands alone)
            return "join", 0.9, "a bracketed credit under a full line closes its paragraph"
        if kb == K.BYLINE and self.last[a] not in TERMINAL and ka not in _BREAK_AFTER \
                and _PHOTO_MARK.fullmatch(self.core[b]):
            # (全市举办迎春灯会|（图片）: the photo marker under a headline
            # or a caption that does not end a sentence closes it, as
            # (附图片１张) does; after a sentence end it may stand alone)
            return "join", 0.9, "a photo marker closes the line above it"
        if kb in _BREAK_BEFORE and not (
                kb in (K.LABEL, K.BYLINE) and w is not None and self.first[b] not in _MARKERS
                and self.last[a] not in TERMINAL and self.cells[a] + self.unit[b] > w - prm["full_slack"]):
            # (a line that only looks like a label or byline, 十八条： or
            # 记者会上…, after a full line that does not end a sentence is the
            # end of that sentence)
            return "break", 0.95, f"next line is a {kb}"
        if kb == K.CAPTION and self.first[b] in "▲▶△►图" and not (
                self.first[b] == "图" and (
                    self.last[a] not in TERMINAL
                    and bridge(self.core[a][-3:], self.core[b][:3], prm["bridge_min_freq"])
                    or self.last[a] in TERMINAL and ka == K.BODY and w is not None
                    and self.cells[a] + self.unit[b] > w - prm["full_slack"])):
            # (图为 after a line cut mid-word, …书中的１８幅插|图为…, is the
            # word 插图 and the verb 为, not a caption; after a full line of
            # body text that ends a sentence, …冰雕作品千余件。|图为…, the
            # photo's story goes on with its caption in one paragraph)
            return "break", 0.95, "next line opens a caption"
        if ka == K.CAPTION and kb == K.BODY and w is not None and self.first[a] in "▲△" \
                and self.last[a] in _SENTENCE_END and self.cells[a] + self.unit[b] > w - prm["full_slack"] \
                and "摄" not in self.core[a][-4:]:
            # (△全市暂停新建专业市场。|近日市政府规定，…: a full line opening
            # with a triangle that ends a sentence, not a photo's credit, is
            # the first line of an item of news briefs; it goes on as a full
            # line of body text ending a sentence does)
            return "join", 0.9, "full line opening with a triangle, ending a sentence"
        if ka in _BREAK_AFTER and not (
                (ka in (K.CAPTION, K.BYLINE, K.LABEL) or ka == K.KICKER and (
                    self.last[a] in prm["dangling"] or bridge(self.core[a][-3:], self.core[b][:3], prm["bridge_min_freq"])))
                and (self.first[a] not in _MARKERS or self.first[a] in _BULLETS and not K.names_byline(self.core[a]))
                and w is not None and self.last[a] not in TERMINAL and self.last[a] not in "摄供）)"
                and self.kind(b) == K.BODY and self.cells[a] + self.unit[b] + (
                    0.0 if self.first_line_like(b, b + 1 if b + 1 < hi else None, w, 1.0)
                    else self.first_indent(bi, a, w)) > w - prm["full_slack"]):
            # (a caption or byline can wrap: a full line of one that does not
            # end a sentence goes on; so does an item of a list that opens
            # with a bullet, ●一九九七年，…, which only the marker made a
            # byline, and a kicker or an item opening with a dash cut
            # mid-word, ——全市各级领导干部要带头深|入…)
            return "break", 0.95, f"line is a {ka}"
        hb = self.head_block(bi, w)
        if hb and b == hi - 1 and _NAME_LINE.fullmatch(self.core[b]) and self.core[b][0] in prm.get("surnames", ()) \
                and not bridge(self.core[a][-3:], self.core[b][:3], prm["bridge_min_freq"]):
            # (珊瑚滩上种菜王|卢永华: a last line of two to four characters that
            # opens with a surname, no word across the newline, is the author's
            # name under the headline, not the headline's last word)
            return "break", 0.86, "a name under a headline (its author)"
        if hb:
            if self.last[a] in prm["dangling"] or bridge(self.core[a][-3:], self.core[b][:3], prm["bridge_min_freq"]):
                return "join", 0.86, "headline wrapped over lines (mid-word)"
            if hb == 2 and w <= self.cells[a] <= w + 0.5 and kb == K.BODY:
                # (全市中小学校开展冬季长跑|活动增强学生体质: a
                # line as wide as the column the page's body gives this
                # block, not a cell short of it, is a headline wrapped in that
                # column; a headline set in its own measure is rarely exactly
                # that wide. Not over a byline, 本报记者…)
                return "join", 0.86, "head lines, the first as wide as the page's column"
            if hb == 2 and a == lo and w - _INDENT_MIN < self.cells[b] <= w + 0.5 and self.first_indent(bi, a, w) > 0:
                # (on a page that indents: a first line 1-3 cells short over a
                # full line is a paragraph's opening, 厂长还呼吁全体职工们|为企业
                # 发展而共同努力奋斗, not a headline over a subheadline)
                return "join", 0.86, "an indented first line over a full line"
            if hb == 2 and not (hi - lo == 2 and abs(self.cells[a] - self.cells[b]) <= 0.5
                                and min(len(self.core[a]), len(self.core[b])) >= 10):
                return "break", 0.86, "lines of a head block without punctuation"
            wb = max(self.cells[lo:hi])
            if self.cells[a] >= wb - 0.5:
                return "join", 0.86, "headline wrapped over lines"
            return "break", 0.86, "short line of a headline block"
        nxt = b + 1 if b + 1 < hi else None
        la = self.last[a]
        if la in prm["dangling"]:
            return "join", 0.97, "line ends with a character that cannot end a paragraph"
        if self.first[b] in NO_START and not self.year_mark(b):
            return "join", 0.97, "next line starts with closing punctuation"
        term = la in TERMINAL
        if w is None:
            if term:
                return "break", 0.75, "sentence end, no column width known"
            if bridge(self.core[a][-3:], self.core[b][:3], prm["bridge_min_freq"]):
                return "join", 0.9, "a word spans the break (no column width known)"
            lw = self.prose_width(bi)
            if lw is not None and self.cells[a] >= lw - 1:
                # (a punctuated block whose lines but the last have one width:
                # prose wrapped in a column too short to measure, …８０多个多用
                # 途液体罐|式集装箱…; a line of that width goes on)
                return "join", 0.9, "a full line of a block of one width (no column width known)"
            return "join", 0.8, "no sentence end (no column width known)"
        ca, ub = self.cells[a], self.unit[b]
        if _INDENT_MIN <= w - ca <= _INDENT_MAX and not self.first_line_like(b, nxt, w, 1.0):
            # (an indented first line over a line that is not short itself:
            # as good as full; over a short line it is a head line or a
            # paragraph of one line, 科创引领，产业升级注入新动力|2024年，…)
            ca += self.first_indent(bi, a, w)
        if ca + ub > w - prm["full_slack"]:  # a is full
            if ca > w + prm["overlong"] and not _LATIN.search(self.core[a]):
                # longer than the column holds: a line of its own (a headline,
                # an unwrapped paragraph), not a line of this column
                if term and _closed(self.core[a]):
                    return "break", 0.9, "line longer than the column ends a sentence"
                if self.headish(a) and kb == K.BODY and not _particle_start(self.core[b]):
                    return "break", 0.86, "line longer than the column, no punctuation (a headline)"
            pushed = ub > 1.0 and ca + 1.0 <= w - prm["full_slack"]
            if pushed and self.first_line_like(b, nxt, w, 1.0):
                # full only because an ASCII word could not be cut, and the next
                # line is itself short: this line ends a (head) paragraph
                return "break", 0.86, "short line over an indented first line"
            if not term:
                return "join", 0.98 if not pushed else 0.9, "full line"
            if self.first_line_like(b, nxt, w, prm["indent_deficit"]):
                return "break", 0.88, "sentence end, next line is indented like a first line"
            if self.parallel_opening(b) and (nxt is None or self.full(b, nxt, w)) \
                    and not _TITLE_MARKS.intersection(K.compact_head(self.core[b], 2)) \
                    and self.first[b] not in "“‘\"「『":
                # (not a quoted term or a title, “城市大脑”…, 《…》…: one goes on a
                # sentence as often, as across a blank line)
                return "break", 0.86, "sentence end, next line opens like other paragraphs"
            return "join", 0.9, "full line ending a sentence"
        # a is short
        if term:
            if a == lo and lo > 0 and self.last[a - 1] in _SENTENCE_END and nxt is not None \
                    and ca + prm["indent_deficit"] + ub > w - prm["full_slack"] and self.full(b, nxt, w) \
                    and not self.first_line_like(b, nxt, w, prm["indent_deficit"]) and not self.parallel_opening(b):
                # the first line of a paragraph after a blank line, full once
                # its indent is counted, over a full line: one sentence of
                # the paragraph, not a paragraph of its own
                return "join", 0.86, "indented first line ending a sentence, next line full"
            return "break", 0.95, "short line ending a sentence"
        if la in SEMI:
            return "break", 0.85, "short line ending with ；/："
        br = bridge(self.core[a][-3:], self.core[b][:3], prm["bridge_min_freq"])
        if ca + ub > w - prm["head_deficit"]:
            # about one indent short: an indented first line, unless the next
            # line is itself short (then this one is a head line)
            if self.first_line_like(b, nxt, w, 1.0) and not br and not (
                    nxt is None and w - self.cells[b] > _INDENT_MAX and self.first_indent(bi, a, w) > 0):
                # (on a page that indents, a first line over the block's last
                # line, too short to be indented itself, is a paragraph of
                # two lines: 穷则思变，走扶贫开发|与计生相结合之路)
                return "break", 0.86, "short head line over an indented first line"
            return "join", 0.9, "indented first line"
        if br:
            return "join", 0.7, "short line, but a word spans the break"
        if _particle_start(self.core[b]):
            return "join", 0.88, "next line starts with a particle (的, 了 …)"
        return "break", 0.9, "short line without punctuation (a head line)"

    def para_kind(self, lo: int, hi: int, w: float | None, after: int | None = None) -> str:
        """Kind of a paragraph made of lines lo..hi-1 (head kinds never join body);
        ``after``: the line that follows it in the same block, if any."""
        if hi - lo == 1:
            k = self.kind(lo)
            if k != K.BODY or lo in self.run_line:
                return k  # (a line of a column run is body text)
            last = self.last[lo]
            if after is not None and last not in TERMINAL and self.kind(after) in (K.KICKER, K.BYLINE):
                return K.HEADLINE
            if last in TERMINAL or last in SEMI or last in self.prm["dangling"]:
                return K.BODY
            # (read only when at most 40 long)
            flat = self.core[lo] if self.clean else K.compact_upto(self.core[lo], 40)
            if w is None:
                # no layout: a short line is a headline, unless a clause ends
                # inside it (a headline does not run on after a comma)
                # (a stray 。 opening the line belongs to the paragraph before: LJ005)
                return K.HEADLINE if len(flat) <= 30 and not _CLAUSE_IN.search(flat.lstrip("。！？!? ")) else K.BODY
            cells = self.cells[lo]
            hd = self.prm["head_deficit"]
            if len(flat) <= 40 and cells + 1 <= w - hd:
                return K.HEADLINE
            if cells > w + 2.5 and len(flat) <= 40:
                return K.HEADLINE  # wider than the column: set in a headline measure
            if len(flat) <= 40:
                if not _PUNCT_IN.search(flat) and len(flat) <= 30:
                    if cells + 1 > w - hd:
                        return K.BODY
                    return K.HEADLINE
            return K.BODY
        core = self.core
        first = core[lo]
        # (a plain line opens with no marker and no kind's start or end)
        if (self._plain[lo] or (first[0] not in "#*" and not K.maybe_special(first))) \
                and sum(map(len, core[lo:hi])) > 62 \
                and (self.clean or all(" " not in c and c.isprintable() for c in core[lo:hi])):
            # longer than a caption, byline, kicker or label can be, and the
            # first line opens no dateline, byline or jump marker
            return K.BODY
        k = K.classify_block("\n".join(core[lo:hi]))
        return k if k in (K.DATELINE, K.CAPTION, K.BYLINE, K.JUMP, K.LABEL) else K.BODY


def _params(ctx: Context) -> dict:
    prm = dict(DEFAULTS)
    try:
        prm.update(ctx.params("LJ001"))
    except Exception:
        pass
    # the common surnames are one list, kept with the misread rules (MR002)
    try:
        prm["surnames"] = _charset(ctx.params("MR002").get("surnames", ""))
    except Exception:
        prm["surnames"] = frozenset()
    return prm


@lru_cache(maxsize=8)
def _charset(chars: str) -> frozenset[str]:
    return frozenset(chars)


# a line that can be a person's name alone (with a surname first: inblock)
_NAME_LINE = re.compile("[\u4e00-\u9fff]{2,4}")
# the photo marker under a headline or caption: （图片）
_PHOTO_MARK = re.compile("[（(]图片[）)]")
# a line that is one bracketed credit, （闻力） or (宁记): no bracket inside
_CREDIT_LINE = re.compile("[（(][^（）()]{1,14}[）)]")
# the signature closing an editor's note: …多多来稿。——编者
_EDITOR_SIGNED = re.compile("[—－-]{2,}编者$")
_PAIRS = (("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）"), ("「", "」"), ("『", "』"))


_OPENER = re.compile("[“‘《（「『]")


def _left_open(line: str) -> bool:
    """An opening quote or bracket in the line that it does not close."""
    return _OPENER.search(line) is not None and any(o in line and line.count(o) > line.count(c) for o, c in _PAIRS)


_PARTICLES = frozenset("的了着地得吗呢吧啊们")


_OPENER_DATE = re.compile(
    "(?:[0-9０-９]{4}年(?:[0-9０-９]{1,2}(?:[—\\-－~～至到][0-9０-９]{1,2})?月(?:[0-9０-９]{1,2}日)?)?"
    "|[0-9０-９]{1,2}月[0-9０-９]{1,2}日)"
    "(?:[—\\-－~～至到][0-9０-９]{1,2}[月日])?(?:以来|起|前|后|上午|下午|晚上|晚|凌晨|中午)?[，,]")
_OPENER_CLAUSE = re.compile("([\u3400-\u9fff]{2,6})[，,]")
# a counted item: 一是 … 十是, 第三，, 其二、, ２、 or 12. (not ２、３号), 三、 (not 三、四月), （四）
_OPENER_ENUM = re.compile("(?:[一二三四五六七八九十]{1,2}是(?![非否])|第[一二三四五六七八九十]{1,2}[，,、]|其[一二三四五六七八九][，,、]"
                          "|[0-9０-９]{1,2}[、．.](?![0-9０-９])|[一二三四五六七八九十]{1,2}、(?![一二三四五六七八九十])"
                          "|[（(][0-9０-９一二三四五六七八九十]{1,2}[）)])")
_ENUMERATOR = "a counted item"
_DATE = "a date"
_SPEAKER = "a name and "  # (and the verb)


@lru_cache(maxsize=8)
def _frame_re(ends: tuple[str, ...]) -> re.Pattern:
    """A first clause 在 … <one of ends>， (在科技工程方面， 在这种情况下，)."""
    alt = "|".join(map(re.escape, sorted(ends, key=len, reverse=True)))
    return re.compile(f"在[^，,。；;！？!?]{{1,14}}(?:{alt})[，,]")


@lru_cache(maxsize=4096)
def _opener(head: str, tags: tuple[str, ...], verbs: tuple[str, ...],
            word_tags: tuple[str, ...] = (), frame_ends: tuple[str, ...] = (),
            time_ends: tuple[str, ...] = ()) -> tuple[str, str]:
    """What makes a block starting with ``head`` open a paragraph: it starts
    with a counted item (一是, 第三，, ２、, 三、, （四）) or with a word of two characters of a
    class in ``word_tags`` that no longer word begins (关于, 随着, 为了), or its
    first clause, up to a comma, is a frame 在 … ending with one of
    ``frame_ends`` (在科技工程方面，), a clause of at least three characters
    ending with one of ``time_ends`` (改革开放以来， 签约前， 说话间，), a date
    (2023年1月16日，), a source (据悉，),
    one lexicon word of a class in ``tags`` (近日， 同时， 其实，), or a name
    followed by one of ``verbs`` (高峰说，); ("", "") if none. The second item
    is a name the lexicon does not know (高正说，): the caller checks that the
    page names it elsewhere too."""
    if _OPENER_ENUM.match(head):
        return _ENUMERATOR, ""
    if _OPENER_DATE.match(head):
        return _DATE, ""
    lx = K.lexicon_tags()
    if word_tags and lx.get(head[:2]) in word_tags and head[:3] not in lx and head[:4] not in lx:
        return f"the word {head[:2]}", ""
    if frame_ends and head[:1] == "在" and _frame_re(frame_ends).match(head):
        return "a frame 在…", ""
    m = _OPENER_CLAUSE.match(head)
    if m is None:
        return "", ""
    clause = m.group(1)
    if time_ends and len(clause) >= 3 and clause.endswith(time_ends):
        return f"a time clause …{clause[-2:]}", ""
    if clause[0] == "据" and len(clause) <= 4:
        return f"{clause}", ""  # (a source: 据悉， 据统计， 据了解，)
    tag = lx.get(clause)
    if tag in tags:
        return f"the word {clause}", ""
    for v in verbs:
        if clause.endswith(v) and len(clause) > len(v):
            name = clause[:-len(v)]
            t = lx.get(name)
            if t is not None:
                return (f"{_SPEAKER}{v}", "") if t.startswith("nr") else ("", "")
            if 2 <= len(name) <= 3 and name[0] not in _NOT_NAME_START:
                return f"{_SPEAKER}{v}", name
    return "", ""


_TITLE_MARKS = frozenset("《〈")


# characters that begin no personal name but a phrase before 说 (对记者说, 他们表示)
_NOT_NAME_START = frozenset("对向跟和给与同他她我你您其该这那有据各每本此某")


def _frame_tail(line: str, prm: dict) -> bool:
    """The line starts with the word that ends a frame or a time clause,
    then a comma (方面，, 过程中，, 以来，): the end of a clause the text before
    the break opened (…二是壮大新能源产业集群|方面，…)."""
    j = line.find("，", 1, 5)
    if j < 0:
        j = line.find(",", 1, 5)
    return j > 0 and line[:j] in _frame_ends(tuple(prm["opener_frame_ends"]), tuple(prm["opener_time_ends"]))


@lru_cache(maxsize=4)
def _frame_ends(frame: tuple[str, ...], time: tuple[str, ...]) -> frozenset[str]:
    return frozenset(frame + time)


def _particle_start(line: str) -> bool:
    """The line starts with a particle that cannot open a sentence (的为由,
    了问鼎) and not with a word that begins with it (的确, 了解, 地方, 得到)."""
    return line[:1] in _PARTICLES and _lex().get(line[:2], 0) < 50 and _lex().get(line[:3], 0) < 50


_DIGITS = frozenset("0123456789０１２３４５６７８９")
_ZH_DIGITS = frozenset("〇零一二三四五六七八九十")
# what follows a number as its unit in a date, a time or a count
_NUMBER_UNITS = frozenset("年月日时分秒号点%％")


def _runs(flags: list[bool]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of true flags (read as the runs go: a caller
    may clear flags of a run it was given)."""
    k, n = 0, len(flags)
    while k < n:
        if flags[k]:
            j = k + 1
            while j < n and flags[j]:
                j += 1
            yield k, j
            k = j
        else:
            k += 1


_COUNT_END = re.compile("(?:[0-9０-９]+[多余]?|[〇零一二三四五六七八九十百千万两几]+[多余])[个名位家项座条种所件台辆块张只头间处支批户]$")


def _count_cut(a: str, b: str) -> bool:
    """Line a ends with a number in digits (or in words with 多 or 余) and
    its measure word, and line b goes on with a Han character: a count cut
    from its noun (有２０多个|车站); a count in words alone ends slogans
    (干一件成一件)."""
    return _COUNT_END.search(a[-8:]) is not None and "\u4e00" <= b[:1] <= "\u9fff"


def _number_cut(a: str, b: str) -> bool:
    """Line a ends with a digit and line b goes on with a digit or a unit of
    a date or time (１２月３|０日, 一九九七年十二|月): one number cut in two."""
    x, y = a[-1:], b[:1]
    if x in _DIGITS:
        if y in _NUMBER_UNITS:
            return True
        if y not in _DIGITS:
            return False
        # digits on both sides: a day or a count cut (３|０日), not a line
        # ending with a number before a paragraph that opens with a year
        k = 1
        while k < len(b) and b[k] in _DIGITS:
            k += 1
        return b[k:k + 1] != "年" and k <= 2 and b[k:k + 1] in _NUMBER_UNITS
    return x in _ZH_DIGITS and a[-2:-1] in _ZH_DIGITS and (y in _ZH_DIGITS or y in "年月日号时")


def _marked_head(line: str) -> bool:
    return line[:1] == "#" or (line[:2] == "**" and line[-2:] == "**")


def _join_repl(pg: _Page, a: int, b: int) -> str:
    x, y = pg.last[a], pg.first[b]
    if x < "\x80" and y < "\x80" and _LATIN.match(x) and _LATIN.match(y):
        return " "
    return ""


def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    return _propose(doc, _params(ctx))


def _propose(doc: Document, prm: dict) -> Iterator[Proposal]:
    text = doc.text
    if not text.strip():
        return
    pg = _Page(doc, prm)
    yield from _blank_lines(doc, pg.odd)
    blocks = pg.blocks
    cs, ce = pg.cs, pg.ce
    lastc, firstc = pg.last, pg.first
    plain = pg.plain()
    dangling = prm["dangling"]
    slack, overlong = prm["full_slack"], prm["overlong"]
    last_para: list[tuple[int, int]] = []
    first_para: list[tuple[int, int]] = []
    # decisions for the newlines inside each block: the common case costs a
    # few list look-ups (a full line that does not end a sentence, neither
    # it nor the next one of a special kind, is joined); every other newline
    # goes through _Page.inblock. Joins of confidence >= 0.9 in a row are one
    # LJ001 proposal.
    if pg.single:
        first_para = last_para = blocks  # (no newline inside a block)
    else:
        cells, unit = pg.cells, pg.unit
    for bi, (lo, hi) in enumerate(() if pg.single else blocks):
        if hi - lo < 2:
            first_para.append((lo, hi))
            last_para.append((lo, hi))
            continue
        w = pg.bw[bi]
        if w is None or pg.head_block(bi, w):
            lim = over = None
        else:
            lim, over = w - slack, w + overlong
        run: list[Edit] = []
        rconf = 1.0
        whys: set[str] = set()
        pstart = lo  # first line of the current paragraph
        for a in range(lo, hi - 1):
            b = a + 1
            x, y = lastc[a], firstc[b]
            if (lim is not None and plain[a] and plain[b] and x not in TERMINAL and (u := unit[b]) <= 1.0
                    and lim < (c := cells[a]) + u and c <= over):
                # neither line can be of a special kind, the line is full and
                # does not end a sentence (a loop over the lines is cheaper
                # than list operations on blocks of a few lines): a join of
                # the run (confidence 0.97 or 0.98)
                # two Latin letters keep a space between them (a wrapped word
                # pair); the edit built without Edit's checks (a newline's
                # span: valid by construction), at 0.6x the cost
                e = _new_edit(Edit)
                e.start, e.end = ce[a], cs[b]
                e.replacement = " " if x < "\x80" and y < "\x80" and x.isalpha() and y.isalpha() else ""
                run.append(e)
                if x in dangling:
                    whys.add(_WHY_DANGLING)
                    if rconf > 0.97:
                        rconf = 0.97
                elif y in NO_START:
                    whys.add(_WHY_NO_START)
                    if rconf > 0.97:
                        rconf = 0.97
                else:
                    whys.add(_WHY_FULL)
                    if rconf > 0.98:
                        rconf = 0.98
                continue
            what, conf, why = pg.inblock(bi, a, w)
            if what == "join":
                # two Latin letters keep a space between them (a wrapped word pair)
                e = Edit(ce[a], cs[b], " " if x < "\x80" and y < "\x80" and x.isalpha() and y.isalpha() else "")
                if conf >= 0.9:
                    run.append(e)
                    whys.add(why)
                    if conf < rconf:
                        rconf = conf
                    continue
                if run:
                    yield _run_proposal(doc, run, rconf, whys, w)
                    run, rconf, whys = [], 1.0, set()
                yield make_proposal(doc, "LJ001", f"join hard-wrapped line ({why})", [e],
                                    confidence=conf, evidence={"width": w, "why": [why]})
            else:
                if run:
                    yield _run_proposal(doc, run, rconf, whys, w)
                    run, rconf, whys = [], 1.0, set()
                if pstart == lo:
                    first_para.append((lo, b))
                pstart = b
                yield make_proposal(doc, "LJ002", f"paragraph break inside a block ({why})",
                                    [Edit(ce[a], cs[b], "\n\n")], confidence=conf,
                                    evidence={"width": w, "why": why})
        if run:
            yield _run_proposal(doc, run, rconf, whys, w)
        if pstart == lo:
            first_para.append((lo, hi))
        last_para.append((pstart, hi))
    # joins across blank lines (adjacent blocks only)
    last = pg.last
    for bi in pg.open_blocks():
        a = blocks[bi][1] - 1
        if last[a] in TERMINAL and _closed(pg.core[a]) and not _term_quote(pg, a, blocks[bi + 1][0]) \
                and not _dateline_alone(pg, bi):
            continue
        stray = _stray_stop(pg, a, first_para[bi + 1])
        if stray is not None:
            yield stray
            continue
        d = _cross(pg, bi, last_para[bi], first_para[bi + 1])
        if d is None:
            continue
        conf, why = d
        b = blocks[bi + 1][0]
        # (党建引领，打造宜居宜业的 | 美丽乡村, a blank line, the body: a
        # subhead wrapped in the column, far short of it at its end; once
        # the lines are joined the width is gone and a later round would
        # join it to the paragraph under it: the verdict holds)
        yield make_proposal(doc, "LJ003", f"join a paragraph cut by a blank line ({why})",
                            [Edit(ce[a], cs[b], _join_repl(pg, a, b))], confidence=conf,
                            evidence={"why": why, "width": pg.bw[bi]},
                            holds=why is _SHORT_OF_COLUMN
                            and pg.cells[a] + pg.unit[b] <= pg.bw[bi] - prm["hold_deficit"])
    if not pg.single:
        yield from _indent_breaks(pg, first_para)


def _indent_breaks(pg: _Page, first_para: list[tuple[int, int]]) -> Iterator[Proposal]:
    """On a page that indents its paragraphs' first lines (``_Page.indents``),
    the blocks after a full line that ends a sentence whose first line is as
    wide as the column: a column break cut that paragraph (…价格能降至三四百
    元。| 这些费用的大幅降低，使得老年游客能, the first lines around it two
    cells short). Offered for review only (0.6): a fragment of another
    paragraph that column interleaving put there opens with a full line too,
    and on indented simulator pages (``eval_paragraphs.py --indent 2``) about
    one such join in three was that (fixtures-sourced: 20 right, 31 wrong;
    pd1998: 87 right, 35 wrong)."""
    blocks, bw, cells, core, ce, cs = pg.blocks, pg.bw, pg.cells, pg.core, pg.ce, pg.cs
    ob = set(pg.open_blocks())
    for bi in range(len(blocks) - 1):
        w = bw[bi]
        if w is None or bi in ob:
            continue
        a = blocks[bi][1] - 1
        b, bhi = blocks[bi + 1]
        wb = bw[bi + 1]
        if bhi - b < 2 or not w - _INDENT_MIN < cells[b] <= w + 1 or wb is None or abs(wb - w) > 1 \
                or not pg.full(a, b, w) or pg.last[a] not in TERMINAL \
                or not _closed(core[a]) or pg.first[b] in _DASHES or pg.first[b] in NO_START or not pg.indents(w):
            continue
        fb = first_para[bi + 1]
        if pg.kind(a) != K.BODY or pg.kind(b) != K.BODY or pg.para_kind(fb[0], fb[1], bw[bi + 1]) != K.BODY:
            continue
        yield make_proposal(pg.doc, "LJ003", f"join a paragraph cut by a blank line ({_INDENT_BREAK})",
                            [Edit(ce[a], cs[b], _join_repl(pg, a, b))], confidence=0.6,
                            applicability=Applicability.UNSAFE, evidence={"why": _INDENT_BREAK, "width": w})


_INDENT_BREAK = "a first line as wide as the column on a page that indents its paragraphs: a column break"


# a heading line that opens with the sentence end of the paragraph before it
# (…高质量发展 | #### 。 新区模式：守住定位): markers, the mark, spaces, the heading
_STRAY_STOP = re.compile(r"^([#*\s]*)([。！？!?])[ \t\u3000]*(?=[^\s。！？!?，、；：,;:])")
_STOP_IN = re.compile(r"[。！？!?；;]")
# a line opening with a Chinese count (二、 （三）)
_ENUM_HEAD = re.compile("(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")
# a line ending with a dash of two or more (——, ———), one opening with one
_DASH_END = re.compile("[—－]{2,}$")
_DASH_OPEN = re.compile("[—－]{2,}")
_DASHES = frozenset("—－―-─")
# (a verdict on the column width, which a later round, on joined lines, no
# longer knows: the proposal holds it, see ``Proposal.holds``)
_SHORT_OF_COLUMN = "no sentence end, but the line is short of the column width"


def _term_quote(pg: _Page, a: int, b: int) -> bool:
    """Line a ends with a closing quote that ``_closed`` reads as a sentence
    end, not right after one (…。”), and line b starts with a particle (的, 地,
    得 …, not 的确): the quote closed a term (…实现“千亿级园区建设、经济总量
    进入全区前20”|的目标)."""
    return pg.last[a] in _QUOTE_CLOSERS and pg.core[a][-2:-1] not in _SENTENCE_END and _particle_start(pg.core[b])


_QUOTE_CLOSERS = frozenset("”’」』\"'")


def _stray_stop(pg: _Page, a: int, fb: tuple[int, int]) -> Proposal | None:
    """LJ005: line a ends a paragraph without a sentence end, and the next
    block is a one-line heading that starts with one (。！？): the OCR put the
    paragraph's final mark on the heading's line. The mark moves to the end
    of line a (one proposal, two edits); the heading stays apart."""
    b = fb[0]
    if fb[1] - fb[0] != 1 or pg.first[b] not in "#*。！？!?":
        return None
    c = pg.core[b]
    m = _STRAY_STOP.match(c)
    if m is None:
        return None
    la = pg.last[a]
    if not (_han(la) or la in "”’」』）)》" or la.isalnum()) or la in pg.prm["dangling"]:
        return None  # (…，| 。 is no sentence end moved, and …的 | 。 no sentence)
    rest = K.compact(c[m.end():]).strip("#*")
    if not rest or len(rest) > 30 or _STOP_IN.search(rest):
        return None  # the rest reads as a heading: short, no sentence inside
    mark = m.group(2)  # (a half-width one is left to the punct pass)
    i = pg.cs[b] + m.start(2)
    return make_proposal(pg.doc, "LJ005", "sentence end at the start of a heading line moved to the paragraph before it",
                         [Edit(pg.ce[a], pg.ce[a], mark), Edit(i, pg.cs[b] + m.end(), "")],
                         confidence=0.9, evidence={"mark": m.group(2), "heading": rest[:20]})


def _run_proposal(doc: Document, run: list[Edit], conf: float, whys: set[str], w) -> Proposal:
    # what make_proposal builds, without its checks: the edits are the
    # newlines of one block in order (sorted, not overlapping, inside the text)
    return Proposal("LJ001", f"join {len(run) + 1} hard-wrapped lines of one paragraph", tuple(run),
                    conf, Applicability.SAFE, None, {"width": w, "why": sorted(whys)}, "", doc.text)


_CLAUSE_SPLIT = re.compile("[，,、；;：:]")


def _balanced_head(line: str, slack: int) -> bool:
    """A line shaped like a heading: no clause mark, or one that parts two
    halves of about one length (以核养核，滚动发展; 科学的评价，历史的定位),
    not a paragraph's opening clause and the start of the next one
    (近日，呼和浩特“城市大脑” | 3.0正式上线)."""
    parts = _CLAUSE_SPLIT.split(line)
    return len(parts) == 1 or (len(parts) == 2 and abs(len(parts[0]) - len(parts[1])) <= slack)


def _semi_goes_on(pg: _Page, la: tuple[int, int], fb: tuple[int, int]) -> bool:
    """A full line ending with ； before a blank line (la: its paragraph's
    lines, fb: the next block's first paragraph) is a sentence cut by a
    column break, not the end of an item of a list: the next block opens
    no counted item or bullet (（三）…, 二是…, ●…), does not end with ；
    or an ellipsis itself (the next item, 项目签约落地……), does not open
    with the first character of this paragraph (有…； | 有…: parallel items),
    and the clause before the ； is not one the page prints twice (a copy of
    an item's end spliced after a paragraph, left to the duplicates pass)."""
    b, e = fb[0], fb[1] - 1
    cb = pg.core[b]
    if _OPENER_ENUM.match(cb) or pg.first[b] in _BULLETS or pg.last[e] in "；;…" or pg.core[la[0]][:1] == cb[:1]:
        return False
    tail = "".join(pg.core[max(la[0], la[1] - 2):la[1]])[-8:]
    return pg.page_flat().count(tail) < 2


def _dateline_alone(pg: _Page, bi: int) -> bool:
    """Block bi is one line that is a whole dateline (本报讯（记者 云静）)."""
    lo, hi = pg.blocks[bi]
    return hi - lo == 1 and pg.first[lo] in "本新中人央据" and K.dateline_only(pg.core[lo])


def _cross(pg: _Page, bi: int, la: tuple[int, int], fb: tuple[int, int]):
    """Confidence and reason for joining block bi to block bi+1, or None;
    ``la``: the line range of the last paragraph of block bi, ``fb``: of the
    first paragraph of block bi+1."""
    prm = pg.prm
    a, b = la[1] - 1, fb[0]
    last_a = pg.last[a]
    if _dateline_alone(pg, bi):
        # (本报讯（记者 刘丽霞）| 记者从市统计局获悉，…: a dateline opens the
        # paragraph of the story's first lines)
        if pg.kind(b) == K.BODY and pg.para_kind(fb[0], fb[1], pg.bw[bi + 1]) == K.BODY:
            return 0.9, "a dateline alone, then the story it opens"
        return None
    if last_a in TERMINAL and _closed(pg.core[a]):
        if _term_quote(pg, a, b):
            return 0.9, "a closing quote, then a particle (…”|的目标)"
        return None  # a sentence end before the blank line: never joined
    core, first = pg.core, pg.first
    if (first[la[0]] in "#*" and _marked_head(core[la[0]])) or (first[b] in "#*" and _marked_head(core[b])):
        return None  # a Markdown heading or bold line stands alone
    # (each pattern looked for only when the line starts or ends as a match must)
    if first[b] in "（(" and pg.blocks[bi + 1][1] - pg.blocks[bi + 1][0] == 1 and _CREDIT_LINE.fullmatch(core[b]):
        return None  # a bracketed line alone ((附图片１张), （李海珍）, (下转第2版)) continues nothing
    if core[a].endswith("编者") and _EDITOR_SIGNED.search(core[a]):
        return None  # an editor's note signed off (…多多来稿。——编者): its end
    if first[b] in "—－" and _DASH_OPEN.match(core[b]) and last_a not in "—－":
        # (———推进老旧小区改造，…: a block opening with a dash of two or
        # more is an item of a list or a kicker, never the rest of a
        # paragraph cut by a column break, unless the dash itself was cut,
        # …来这里。”— | ——尽管…; the — of NO_START is one dash)
        return None
    if la[1] - la[0] == 1 and fb[1] - fb[0] == 1 and la[0] == pg.blocks[bi][0] and fb[1] == pg.blocks[bi + 1][1] \
            and pg.verse(bi) and pg.verse(bi + 1):
        return None  # two lines of a poem (or a stack of short lines): each stands alone
    w = pg.bw[bi]
    if la[1] - la[0] == 1 and len(core[a]) <= prm["alone_len"] and first[b] not in NO_START \
            and bi not in pg.run_w and not pg.full(a, b, w) and not pg.indented_alone(bi, a, b):
        # a line of a few characters between blank lines (高正, an interviewee's
        # name over the answer; a byline; a headline's last word): a column
        # break falls after a full line, never after a paragraph's first few
        # characters (unless the column is that narrow)
        return None
    ka = pg.para_kind(la[0], la[1], w)
    single = la[1] - la[0] == 1
    lo_a = pg.blocks[bi][0]
    if not single and ka == K.BODY and la[1] - la[0] <= 3 and all(
            not _PUNCT_IN.search(core[i]) and pg.last[i] not in TERMINAL for i in range(la[0], la[1])):
        # two or three lines without any punctuation: a long headline wrapped
        # in the column; only evidence at the cut joins it
        ka = K.HEADLINE
        w_known = True
    elif single and ka == K.BODY and pg.headish(a) and a not in pg.run_line and (
            la[0] == lo_a or (pg.headish(la[0] - 1) and pg.last[la[0] - 1] not in TERMINAL)):
        # a block of one line without any punctuation: a headline as wide as
        # the column, or a fragment's first line; only evidence at the cut
        # joins it (a first line under the last line of another paragraph is
        # an indented first line: it keeps the evidence below)
        ka = K.HEADLINE
        w_known = True
    else:
        w_known = False
    if ka == K.HEADLINE and (w is None or w_known) and (single or w_known) and pg.kind(a) == K.BODY:
        # no layout to tell a short fragment from a headline: only a word or a
        # character that cannot end a paragraph joins it
        if pg.kind(b) != K.BODY or pg.para_kind(fb[0], fb[1], pg.bw[bi + 1]) != K.BODY:
            return None
        if pg.repeats(la, fb):
            return None
        if last_a in prm["dangling"] or (not w_known and pg.first[b] in NO_START and not pg.year_mark(b)):
            return 0.9, "short fragment ending mid-sentence"
        if _function_word_end(core[a][-24:]):
            return 0.88, "ends with a word no title ends with (也, 这, 于 …)"
        if bridge(core[a][-3:], core[b][:3], 200):
            return 0.88, "short fragment, a word spans the break"
        if _left_open(core[a]):
            return 0.88, "a quote or bracket opened in the line is closed only after the break"
        if _particle_start(core[b]):
            return 0.88, "the next block starts with a particle (的, 了 …)"
        if _frame_tail(core[b], prm):
            return 0.88, "the next block starts with the end of a frame (方面，, 以来，)"
        if _number_cut(core[a], core[b]):
            return 0.88, "a number cut from its digits or its unit (１２月３|０日电)"
        if _count_cut(core[a], core[b]):
            return 0.88, "a count cut from its noun (２０多个|车站)"
        if K.dateline_cut(core[a], core[b]):
            return 0.9, "a dateline cut in two (新华社长春１月１０日|电（记者…）)"
        if w is not None and single and pg.full(a, b, w):
            # a line as wide as the column: the first line of a paragraph cut
            # by a column break when the text reads on across the cut (a
            # rarer word across it, scored against the page)
            sc = _scorer().local(pg.block_text(a, tail=True), pg.block_text(b), pg.page_flat()).score
            if sc >= prm["head_score"]:
                return 0.88, "a full line the next block reads on from"
        if single and pg.indented_alone(bi, a, b):
            return 0.88, "an indented first line alone, a full line after the blank line (a column break)"
        return None
    if ka != K.BODY and ka != K.DATELINE:
        return None
    bhi = pg.blocks[bi + 1][1]
    kb = pg.para_kind(fb[0], fb[1], pg.bw[bi + 1], fb[1] if fb[1] < bhi else None)
    if kb != K.BODY:
        return None
    if pg.kind(b) == K.DATELINE:
        return None
    if pg.repeats(la, fb):
        return None  # the next block repeats this one: a copy for the duplicates pass
    multi = la[1] - la[0] > 1
    if pg.run_w and (bi in pg.run_w or bi + 1 in pg.run_w):
        lay = pg.run_cut(bi, b)
        if lay:
            # a column emitted one line per block meets text of another
            # width (another column, another article), or a line indented
            # like a paragraph's first line: only evidence at the cut joins
            if pg.first[b] in NO_START and not pg.year_mark(b):
                return 0.8, f"next block starts with closing punctuation ({lay})"
            if last_a in prm["dangling"] or bridge(core[a][-3:], core[b][:3], prm["bridge_min_freq"]):
                return 0.8, f"mid-sentence ({lay})"
            return None
    if last_a in SEMI:
        if last_a in "：:" and pg.first[b] in "“‘「『\"":
            if w is not None and not pg.full(a, b, w - prm["indent_deficit"] * (not multi)):
                # (…他笑着说： | “…: a line short of the column ends its
                # paragraph before a quotation too; a column breaks after a
                # full line)
                return 0.6, _SHORT_OF_COLUMN
            return 0.9, "a colon before a blank line, a quotation after it"
        if multi and pg.full(a, b, w):
            if last_a in "；;" and _semi_goes_on(pg, la, fb):
                return 0.87, "full line ending with ； before a blank line, no list item after it"
            return 0.75, "full line ending with ；/： before a blank line"
        return None
    br = bridge(core[a][-3:], core[b][:3], prm["bridge_min_freq"])
    if not br and (last_a in "、，," or (_han(last_a) and last_a not in prm["dangling"])) \
            and last_a not in prm["opener_open_ends"]:
        op, name = _opener(pg.block_text(b)[:20], tuple(prm["opener_tags"]), tuple(prm["opener_verbs"]),
                           tuple(prm["opener_word_tags"]), tuple(prm["opener_frame_ends"]),
                           tuple(prm["opener_time_ends"]))
        if name and pg.page_flat().count(name) < 2:
            op = ""  # (a name the lexicon does not know: only one the page names elsewhere too)
        # (after a comma only a counted item, a date or a speaker: …，| 近日，…
        # reads on as often; the page's parallel openings below, with
        # ``opener_parallel_after_comma``: …力争交出满意答卷， | 聚焦温暖工程，…)
        comma = last_a in "，,"
        if op and comma and op not in (_ENUMERATOR, _DATE) and not op.startswith(_SPEAKER):
            op = ""
        parallel = not op and _han(first[b]) and (not comma or prm["opener_parallel_after_comma"])
        if parallel and pg.parallel_opening(b) and not _TITLE_MARKS.intersection(K.compact_head(core[b], 2)):
            # (要“分秒必争”。 … 要“百花齐放”。: a word and a quoted slogan opening
            # several paragraphs; a quoted term or a title (“党代表”, 《…》)
            # opening the block goes on a sentence as often)
            op = "an opening like other paragraphs of the page"
        elif parallel and pg.parallel_word(b, prm["opener_parallel_tags"], prm["opener_parallel_min"]):
            # (聚焦温暖工程，… 聚焦科技“突围”工程，… : a verb opening several
            # paragraphs of the page)
            op = "a verb opening like other paragraphs of the page"
        if op:
            # (…双方签署了 | 2023年1月16日，… : the text before the cut reads on
            # elsewhere; this block begins another paragraph)
            return 0.6, f"mid-sentence, but the next block opens like a paragraph ({op})"
    if last_a in prm["dangling"]:
        conf, why = 0.95, "ends with a character that cannot end a paragraph"
        if pg.claimed_by_word(a, bi + 1):
            return 0.6, "mid-sentence, but another block continues it better"
    elif pg.first[b] in NO_START and not pg.year_mark(b):
        conf, why = 0.95, "next block starts with closing punctuation"
    elif br:
        conf, why = 0.95, "a word spans the break"
        if pg.claimed_by_word(a, bi + 1):
            return 0.6, "mid-sentence, but another block continues it better"
    else:
        conf, why = 0.87, "no sentence end before the blank line"
        # another block continues this one better: a fragment read elsewhere
        if pg.claimed_by_fragment(a, bi + 1) or pg.owned_fragment(a, bi + 1):
            return 0.6, "no sentence end, but another block continues it better"
        if pg.full(a, b, w):
            if multi:
                conf, why = 0.9, "full line, no sentence end before the blank line"
        elif _DASH_END.search(core[a][-3:]):
            # (…试举一例—— | 眼下…: a dash that ends a line short of the
            # column, or on a page without a width, leads into the paragraph
            # after the blank line; only a full line is cut there)
            return 0.6, "no sentence end, but a dash ends the line (it leads into the next paragraph)"
        elif w is not None and not pg.full(a, b, w - prm["indent_deficit"] * (not multi)):
            # a column break falls after a full line: a line short of the
            # column width (a paragraph's first line: of the width less its
            # indent) before the blank line ends its paragraph (a subhead, a
            # caption, a verse line) however it ends
            return 0.6, _SHORT_OF_COLUMN
        elif not multi and w is None and pg.short_head_line(bi, a, b):
            # (LJ002 breaks such a line off the paragraph under it while the
            # column width is known; once the page's lines are joined the
            # width is gone, and the break must not be undone here)
            return 0.6, "no sentence end, but a short line after a sentence end (a subhead)"
        elif not multi and w is None and len(core[a]) <= prm["subhead_len"] and all(x is None for x in pg.bw) \
                and not _STOP_IN.search(core[a]) and not _NUMBERED.search(core[a]) \
                and _balanced_head(core[a], prm["subhead_balance"]) \
                and not _particle_start(core[b]) and not _ONE_CHAR_CLAUSE.match(core[b]) \
                and not _function_word_end(core[a][-24:]) \
                and _scorer().local(pg.block_text(a, tail=True), pg.block_text(b), pg.page_flat()).score < prm["head_score"]:
            # no column width anywhere on the page (the lines are joined, a
            # later round, or printed one paragraph a line): a short line
            # without a sentence end, shaped like a heading, that the next
            # block does not read on from is a subhead the first round split
            # off with the width it knew (…靠公司文化的|熏陶 is one line now)
            return 0.6, "no sentence end, but a short line without one before another paragraph (a subhead)"
        elif not multi and w is None and len(core[a]) <= prm["subhead_len"] and _ENUM_HEAD.match(core[a]) \
                and not br and not _particle_start(core[b]) and not _ONE_CHAR_CLAUSE.match(core[b]) \
                and not _function_word_end(core[a][-24:]) \
                and sum(map(len, core[fb[0]:fb[1]])) > 2 * len(core[a]):
            # (二、以科技创新为引领，推动产业转型升级 | 近年来，…: a numbered
            # line without a sentence end and no word across the cut, over a
            # paragraph more than twice as long, with no column width to tell
            # it from a paragraph's first line, is a numbered subhead; an
            # item of a list goes on in a short block, （七）在…堆放 | 杂物；)
            return 0.6, "no sentence end, but a numbered line without one (a subhead)"
        elif not multi and w is None and pg.bw[bi + 1] is None and fb[1] - fb[0] == 1 \
                and pg.unwrapped_cut(a, b) and not _particle_start(core[b]) and not _ONE_CHAR_CLAUSE.match(core[b]) \
                and not _function_word_end(core[a][-24:]):
            # paragraphs printed one per line: a paragraph without a final
            # 。 (an OCR drop) before another long one, or a stray short
            # line, is no evidence of a cut paragraph
            return 0.7, "no sentence end, but the blocks are whole unwrapped paragraphs"
    return conf, why


_COMMA = re.compile("[，,]")
# (the marks of kinds._INNER_CLAUSE)
_CLAUSE_MARK = re.compile("[，,；;。！？!?、]")
# a quotation of a whole clause or more opening the block (“清水河县将…，…):
# a quoted term (“城市大脑”总架构师) goes on a sentence, a quoted speech opens one
_QUOTE_OPENING = re.compile(r"^[“\"][^”\"]{0,40}?[，,。；;]")
# a line opening with a date or number, or ending with a numeral and its counter
_NUMBERED = re.compile(r"^[0-9０-９]|[0-9０-９〇零一二三四五六七八九十百千万两][年月日届次个项条名家位]$")
_SENTENCE_END = frozenset("。！？!?…")
# the last characters of a line that ``_closed`` may say ends a sentence
_CLOSED_END = (K._STOPS | K._CLOSERS) - SEMI
# a first clause of one character (驳，公交站点…): the end of a word cut at a line break
_ONE_CHAR_CLAUSE = re.compile(r"^[\u3400-\u9fff][，,、；;]")


_MULTI_BLANK = re.compile(r"\n[ \t\u3000\u00a0]*\n(?:[ \t\u3000\u00a0]*\n)+|\n[ \t\u3000\u00a0]+\n")
_BLANK_CHARS = " \t\u3000\u00a0\n"
_LEAD_BLANK = re.compile(r"\A(?:[ \t\u3000\u00a0]*\n)+")


def _blank_lines(doc: Document, odd: bool = True) -> Iterator[Proposal]:
    """LJ004; ``odd``: False when the text is known to hold no blank line
    other than a plain "\n\n" (``_Page.odd``)."""
    text = doc.text
    m = _LEAD_BLANK.match(text)
    if m and m.end() < len(text):
        yield make_proposal(doc, "LJ004", "remove blank lines at the start of the text",
                            [Edit(0, m.end(), "")], confidence=0.99)
    # (every match of _MULTI_BLANK holds one of _ODD_SEP)
    for m in _MULTI_BLANK.finditer(text) if odd and _odd_blank(text) else ():
        if m.end() >= len(text) or (m and m.start() == 0):
            continue
        if m.group() == "\n\n":
            continue
        yield make_proposal(doc, "LJ004", "exactly one blank line between paragraphs",
                            [Edit(m.start(), m.end(), "\n\n")], confidence=0.99)
    if text[-1:] == "\n":
        # blank lines at the end: the first newline of the run of blank
        # characters that ends the text (a regex \n(?:[ \t…]*\n)+\Z would
        # try every newline of the text)
        s = text.index("\n", len(text.rstrip(_BLANK_CHARS)))
        if s > 0 and len(text) - s > 1:
            yield make_proposal(doc, "LJ004", "one newline at the end of the text",
                                [Edit(s, len(text), "\n")], confidence=0.99)


PASSES = [Pass("lines", ("LJ001", "LJ002", "LJ003", "LJ004", "LJ005"), _run,
               description="hard wraps, paragraph breaks, joins across blank lines")]
