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

Evidence, per page: the column width W (median width of the non-final lines
of the blocks, in print cells: a CJK character or full-width punctuation is 1
cell, an ASCII character half a cell), whether a line is full (the next
line's first unit would not have fitted), terminal punctuation, an indented
first line (a line about two cells short that continues), the kind of each
line (``cleanup.kinds.line_kind``), words of the lexicon that span the break,
characters that cannot end a paragraph (的 和 与 …) and parallel paragraph
openings on the page (要“…”。 … 要“…”。).
Decisions only use the page's own layout and text; nothing is fixture-specific.
"""
from __future__ import annotations

import re
from functools import lru_cache
from statistics import median
from typing import Iterator

from .. import kinds as K
from ..model import Document, Edit, Proposal, make_proposal
from ..pipeline import Context, Pass

TERMINAL = set("。！？…”’」』）)!?\"")
SEMI = set("；;：:")
NO_START = set("，。、；：？！）》」』”’…—·,.;:?!)%")
OPEN = set("（《「『“‘(")
_SP = " \t\u3000\u00a0"
_SEP = re.compile(r"\n[ \t\u3000\u00a0]*\n(?:[ \t\u3000\u00a0]*\n)*")
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9.%+\-/]+")
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PUNCT_IN = re.compile(r"[，。、；：？！,;:?!]|(?<![0-9])\.|\.(?![0-9])")
_LATIN = re.compile(r"[A-Za-z]")

DEFAULTS = {
    "dangling": "的和与及或把被对向从将并而且、，,（《“‘(",
    "full_slack": 0.5,  # a line is full when line + next unit > W - slack
    "indent_deficit": 2.0,  # a first line at least this much short of W (strong)
    "head_deficit": 2.5,  # a single-line paragraph this much short is a headline
    "bridge_min_freq": 30,
    "min_lines_for_width": 3,
}


def _cells(s: str) -> float:
    """Print width of a compact string: CJK 1 cell, ASCII half a cell."""
    return (len(s.encode("utf-8")) + len(s)) / 4.0


class _Line:
    __slots__ = ("start", "end", "cstart", "cend", "core", "cells", "first", "last", "kind")

    def __init__(self, text: str, start: int, end: int) -> None:
        seg = text[start:end]
        ls = len(seg) - len(seg.lstrip(_SP))
        rs = len(seg.rstrip(_SP))
        self.start, self.end = start, end
        self.cstart, self.cend = start + ls, start + max(ls, rs)
        core = seg[ls:rs] if rs > ls else ""
        self.core = core
        flat = core.replace(" ", "") if " " in core else core
        self.cells = _cells(flat)
        self.first = core[:1]
        self.last = core[-1:]
        self.kind: str | None = None

    def lkind(self) -> str:
        if self.kind is None:
            self.kind = K.line_kind(self.core)
        return self.kind


def _unit(line: _Line) -> float:
    """Width of the first unbreakable unit of a line (what would have had to fit)."""
    c = line.core
    if not c:
        return 1.0
    m = _ASCII_TOKEN.match(c)
    if m:
        return 0.5 * len(m.group())
    w = 1.0
    if c[0] in OPEN:
        w += 1.0
    return w


@lru_cache(maxsize=1)
def _lex() -> dict[str, int]:
    try:
        from ..lexicon import get_lexicon

        return get_lexicon().freq
    except Exception:  # pragma: no cover
        return {}


def bridge(a_end: str, b_start: str, min_freq: int = 30) -> int:
    """Frequency of the best lexicon word (2..4 chars) spanning the break, else 0."""
    if not a_end or not b_start:
        return 0
    if not (_HAN_RE.match(a_end[-1]) and _HAN_RE.match(b_start[0])):
        return 0
    lex = _lex()
    best = 0
    for i in (1, 2, 3):
        if i > len(a_end):
            break
        left = a_end[-i:]
        if not _HAN_RE.fullmatch(left[0]):
            break
        for j in (1, 2, 3):
            if i + j > 4 or j > len(b_start):
                break
            f = lex.get(left + b_start[:j], 0)
            if f >= min_freq and f > best:
                best = f
    return best


class _Page:
    """Layout evidence of one document."""

    def __init__(self, doc: Document, prm: dict) -> None:
        self.doc = doc
        self.prm = prm
        text = doc.text
        self.paras = doc.paragraphs
        self.blocks: list[list[_Line]] = []
        self._prefixes: dict[str, int] | None = None
        for p in self.paras:
            lines = []
            pos = p.start
            for seg in p.text.split("\n"):
                lines.append(_Line(text, pos, pos + len(seg)))
                pos += len(seg) + 1
            self.blocks.append([ln for ln in lines if ln.core])
        # column width: median of non-final lines, per block or around it
        self.bw: list[float | None] = []
        nonfinal = [[ln.cells for ln in b[:-1]] for b in self.blocks]
        allw = [c for ws in nonfinal for c in ws]
        self.page_w = median(allw) if len(allw) >= prm["min_lines_for_width"] else None
        n = len(self.blocks)
        minl = prm["min_lines_for_width"]
        rich = [ws if len(ws) >= 2 else [] for ws in nonfinal]  # body-like blocks only
        richall = [c for ws in rich for c in ws]
        nrich = sum(1 for ws in rich if ws)
        if len(richall) >= minl:
            self.page_w = median(richall)
        nlines = sum(len(b) for b in self.blocks)
        self.wrapped = len(richall) >= minl and (len(richall) >= 10 or len(richall) >= 0.2 * nlines)
        if not self.wrapped:
            # no (or hardly any) hard-wrapped block left: no column width to trust
            self.page_w = None
            self.bw = [None] * n
            return
        for i in range(n):
            ws = nonfinal[i]
            if len(ws) >= minl:
                self.bw.append(median(ws))
                continue
            pool: list[float] = []
            for d in range(1, 7):
                for j in (i - d, i + d):
                    if 0 <= j < n:
                        pool += rich[j]
                if len(pool) >= 6:
                    break
            self.bw.append(median(pool) if len(pool) >= minl else self.page_w)

    # -- line predicates ---------------------------------------------------
    def full(self, a: _Line, b: _Line, w: float | None) -> bool:
        if w is None:
            return False
        return a.cells + _unit(b) > w - self.prm["full_slack"]

    def first_line_like(self, b: _Line, nxt: _Line | None, w: float | None, deficit: float) -> bool:
        """b looks like an indented first line that continues (short by >= deficit)."""
        if w is None or b.last in TERMINAL or b.last in SEMI:
            return False
        u = _unit(nxt) if nxt is not None else 1.0
        return b.cells + u <= w - deficit + 1.0 + 1e-9

    def parallel_opening(self, b: _Line) -> bool:
        """b opens like >= 2 other paragraphs of the page (要“…”。 … 要“…”。)."""
        if self._prefixes is None:
            cnt: dict[str, int] = {}
            for blk in self.blocks:
                if blk:
                    k = K.compact(blk[0].core)[:2]
                    if len(k) == 2:
                        cnt[k] = cnt.get(k, 0) + 1
            self._prefixes = cnt
        k = K.compact(b.core)[:2]
        return len(k) == 2 and self._prefixes.get(k, 0) >= 2

    # -- decisions -----------------------------------------------------------
    def head_block(self, blk: list[_Line], w: float | None) -> bool:
        """Every line clearly shorter than the column and none ends a sentence:
        a headline set over several lines in its own measure."""
        if w is None or len(blk) < 2:
            return False
        lim = w - self.prm["head_deficit"]
        return all(ln.cells + 1 <= lim and ln.last not in TERMINAL and ln.last not in SEMI
                   and not _PUNCT_IN.search(ln.core) for ln in blk)

    def inblock(self, blk: list[_Line], i: int, w: float | None) -> tuple[str, float, str]:
        """Decision for the newline between blk[i] and blk[i+1]: (join|break, confidence, why)."""
        a, b = blk[i], blk[i + 1]
        if self.head_block(blk, w):
            wb = max(ln.cells for ln in blk)
            if a.last in self.prm["dangling"] or a.cells >= wb - 0.5:
                return "join", 0.86, "headline wrapped over lines"
            return "break", 0.86, "short line of a headline block"
        nxt = blk[i + 2] if i + 2 < len(blk) else None
        ka, kb = a.lkind(), b.lkind()
        if kb in (K.BYLINE, K.KICKER, K.DATELINE, K.JUMP, K.LABEL):
            return "break", 0.95, f"next line is a {kb}"
        if kb == K.CAPTION and b.first in "▲▶△►图":
            return "break", 0.95, "next line opens a caption"
        if ka in (K.BYLINE, K.JUMP, K.LABEL, K.CAPTION, K.KICKER):
            return "break", 0.95, f"line is a {ka}"
        dang = self.prm["dangling"]
        if a.last in dang:
            return "join", 0.97, "line ends with a character that cannot end a paragraph"
        if b.first in NO_START:
            return "join", 0.97, "next line starts with closing punctuation"
        term = a.last in TERMINAL
        if w is None:
            if term:
                return "break", 0.75, "sentence end, no column width known"
            return "join", 0.8, "no sentence end (no column width known)"
        if self.full(a, b, w):
            pushed = _unit(b) > 1.0 and a.cells + 1.0 <= w - self.prm["full_slack"]
            if pushed and self.first_line_like(b, nxt, w, 1.0):
                # full only because an ASCII word could not be cut, and the next
                # line is itself short: this line ends a (head) paragraph
                return "break", 0.86, "short line over an indented first line"
            if not term:
                return "join", 0.98 if not pushed else 0.9, "full line"
            if self.first_line_like(b, nxt, w, self.prm["indent_deficit"]):
                return "break", 0.88, "sentence end, next line is indented like a first line"
            if self.parallel_opening(b) and (nxt is None or self.full(b, nxt, w)):
                return "break", 0.86, "sentence end, next line opens like other paragraphs"
            return "join", 0.9, "full line ending a sentence"
        # a is short
        if term:
            return "break", 0.95, "short line ending a sentence"
        if a.last in SEMI:
            return "break", 0.85, "short line ending with ；/："
        br = bridge(a.core[-3:], b.core[:3], self.prm["bridge_min_freq"])
        if a.cells + _unit(b) > w - self.prm["head_deficit"]:
            # about one indent short: an indented first line, unless the next
            # line is itself short (then this one is a head line)
            if self.first_line_like(b, nxt, w, 1.0) and not br:
                return "break", 0.86, "short head line over an indented first line"
            return "join", 0.9, "indented first line"
        if br:
            return "join", 0.7, "short line, but a word spans the break"
        return "break", 0.9, "short line without punctuation (a head line)"

    def para_kind(self, lines: list[_Line], w: float | None, after: _Line | None = None) -> str:
        """Kind of a paragraph made of these lines (head kinds never join body);
        ``after``: the line that follows it in the same block, if any."""
        if len(lines) == 1:
            ln = lines[0]
            k = ln.lkind()
            if k != K.BODY:
                return k
            if after is not None and after.lkind() in (K.KICKER, K.BYLINE) and ln.last not in TERMINAL:
                return K.HEADLINE
            if ln.last in TERMINAL or ln.last in SEMI or ln.last in self.prm["dangling"]:
                return K.BODY
            flat = K.compact(ln.core)
            if w is not None and len(flat) <= 40 and ln.cells + 1 <= w - self.prm["head_deficit"]:
                return K.HEADLINE
            if w is not None and ln.cells > w + 2.5 and len(flat) <= 40 and not _PUNCT_IN.search(flat):
                return K.HEADLINE  # wider than the column: set in a headline measure
            if w is None:
                return K.HEADLINE if len(flat) <= 30 else K.BODY
            if len(flat) <= 40:
                if not _PUNCT_IN.search(flat) and len(flat) <= 30:
                    if w is not None and ln.cells + 1 > w - self.prm["head_deficit"]:
                        return K.BODY
                    return K.HEADLINE
            return K.BODY
        k = K.classify_block("\n".join(ln.core for ln in lines))
        return k if k in (K.DATELINE, K.CAPTION, K.BYLINE, K.JUMP, K.LABEL) else K.BODY


def _params(ctx: Context) -> dict:
    prm = dict(DEFAULTS)
    try:
        prm.update(ctx.params("LJ001"))
    except Exception:
        pass
    return prm


def _span_edit(text: str, a: _Line, b: _Line, repl: str) -> Edit:
    return Edit(a.cend, b.cstart, repl)


def _join_repl(a: _Line, b: _Line) -> str:
    if _LATIN.match(a.last or "") and _LATIN.match(b.first or ""):
        return " "
    return ""


def analyse(doc: Document, prm: dict | None = None) -> tuple[_Page, list[list[tuple[str, float, str]]]]:
    """In-block decisions per block (for the pass, the evaluation and tests)."""
    pg = _Page(doc, prm or dict(DEFAULTS))
    out = []
    for bi, blk in enumerate(pg.blocks):
        w = pg.bw[bi]
        out.append([pg.inblock(blk, i, w) for i in range(len(blk) - 1)])
    return pg, out


def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    text = doc.text
    if not text.strip():
        return
    prm = _params(ctx)
    yield from _blank_lines(doc)
    pg, decisions = analyse(doc, prm)
    blocks = pg.blocks
    last_para: list[list[_Line]] = []
    first_para: list[list[_Line]] = []
    for bi, blk in enumerate(blocks):
        dec = decisions[bi]
        run: list[tuple[Edit, float, str]] = []

        def flush() -> Iterator[Proposal]:
            if not run:
                return
            conf = min(c for _, c, _ in run)
            whys = sorted({y for _, _, y in run})
            yield make_proposal(
                doc, "LJ001", f"join {len(run) + 1} hard-wrapped lines of one paragraph",
                [e for e, _, _ in run], confidence=conf,
                evidence={"width": pg.bw[bi], "why": whys},
            )
            run.clear()

        starts = [0]
        for i, (what, conf, why) in enumerate(dec):
            a, b = blk[i], blk[i + 1]
            if what == "join":
                e = _span_edit(text, a, b, _join_repl(a, b))
                if conf >= 0.9:
                    run.append((e, conf, why))
                else:
                    yield from flush()
                    yield make_proposal(doc, "LJ001", f"join hard-wrapped line ({why})", [e],
                                        confidence=conf, evidence={"width": pg.bw[bi], "why": [why]})
            else:
                yield from flush()
                starts.append(i + 1)
                yield make_proposal(doc, "LJ002", f"paragraph break inside a block ({why})",
                                    [Edit(a.cend, b.cstart, "\n\n")], confidence=conf,
                                    evidence={"width": pg.bw[bi], "why": why})
        yield from flush()
        first_para.append(blk[: (starts[1] if len(starts) > 1 else len(blk))])
        last_para.append(blk[starts[-1]:])
    # joins across blank lines (adjacent blocks only)
    starts_of_blocks = [blk[0] for blk in blocks if blk]
    for bi in range(len(blocks) - 1):
        A, B = blocks[bi], blocks[bi + 1]
        if not A or not B:
            continue
        d = _cross(pg, bi, last_para[bi], first_para[bi + 1], starts_of_blocks)
        if d is None:
            continue
        conf, why = d
        a, b = A[-1], B[0]
        yield make_proposal(doc, "LJ003", f"join a paragraph cut by a blank line ({why})",
                            [Edit(a.cend, b.cstart, _join_repl(a, b))], confidence=conf,
                            evidence={"why": why, "width": pg.bw[bi]})


def _cross(pg: _Page, bi: int, la: list[_Line], fb: list[_Line], block_starts: list[_Line]):
    """Confidence and reason for joining block bi to block bi+1, or None."""
    prm = pg.prm
    a, b = la[-1], fb[0]
    w = pg.bw[bi]
    ka = pg.para_kind(la, w)
    if ka == K.HEADLINE and w is None and len(la) == 1 and a.lkind() == K.BODY:
        # no layout to tell a short fragment from a headline: only a word or a
        # character that cannot end a paragraph joins it
        if fb[0].lkind() != K.BODY or pg.para_kind(fb, pg.bw[bi + 1]) != K.BODY:
            return None
        if a.last in prm["dangling"] or fb[0].first in NO_START:
            return 0.9, "short fragment ending mid-sentence"
        if bridge(a.core[-3:], fb[0].core[:3], 200):
            return 0.88, "short fragment, a word spans the break"
        return None
    if ka != K.BODY and ka != K.DATELINE:
        return None
    B = pg.blocks[bi + 1]
    kb = pg.para_kind(fb, pg.bw[bi + 1], B[len(fb)] if len(fb) < len(B) else None)
    if kb != K.BODY:
        return None
    if a.last in TERMINAL:
        return None
    if b.lkind() == K.DATELINE:
        return None
    if a.last in SEMI:
        if len(la) > 1 and pg.full(a, b, w):
            return 0.75, "full line ending with ；/： before a blank line"
        return None
    br = bridge(a.core[-3:], b.core[:3], prm["bridge_min_freq"])
    if a.last in prm["dangling"]:
        conf, why = 0.95, "ends with a character that cannot end a paragraph"
    elif b.first in NO_START:
        conf, why = 0.95, "next block starts with closing punctuation"
    elif br:
        conf, why = 0.95, "a word spans the break"
    else:
        conf, why = 0.87, "no sentence end before the blank line"
        # another block continues this one better: a fragment read elsewhere
        tail = a.core[-3:]
        lex = _lex()
        for c in block_starts:
            if c is b or c is a:
                continue
            head = K.compact(c.core)[:3]
            if lex.get(head[:2], 0) >= 50 or lex.get(head, 0) >= 50:
                continue  # c starts with a whole word: not a fragment cut mid-word
            if bridge(tail, head, max(prm["bridge_min_freq"], 200)):
                return 0.6, "no sentence end, but another block continues it mid-word"
        if len(la) > 1 and pg.full(a, b, w):
            conf, why = 0.9, "full line, no sentence end before the blank line"
    return conf, why


_MULTI_BLANK = re.compile(r"\n[ \t\u3000\u00a0]*\n(?:[ \t\u3000\u00a0]*\n)+|\n[ \t\u3000\u00a0]+\n")
_LEAD_BLANK = re.compile(r"\A(?:[ \t\u3000\u00a0]*\n)+")


def _blank_lines(doc: Document) -> Iterator[Proposal]:
    text = doc.text
    m = _LEAD_BLANK.match(text)
    if m and m.end() < len(text):
        yield make_proposal(doc, "LJ004", "remove blank lines at the start of the text",
                            [Edit(0, m.end(), "")], confidence=0.99)
    for m in _MULTI_BLANK.finditer(text):
        if m.end() >= len(text) or (m and m.start() == 0):
            continue
        if m.group() == "\n\n":
            continue
        yield make_proposal(doc, "LJ004", "exactly one blank line between paragraphs",
                            [Edit(m.start(), m.end(), "\n\n")], confidence=0.99)


PASSES = [Pass("lines", ("LJ001", "LJ002", "LJ003", "LJ004"), _run,
               description="hard wraps, paragraph breaks, joins across blank lines")]
