"""SP: spaces in Chinese text, newspaper style by default.

- SP001 a space between two Chinese characters is removed: always in running
  text (a space left at an old line break, ``安全生产治本 攻坚行动``); in a
  headline, kicker, label or a 《document title》 only when the space does not
  separate two phrases (``开新局 起好步 强首府`` keeps its spaces);
- SP002 spaces between Chinese and Latin letters or digits (``2月 11日``,
  ``电梯 AI 智能``) are removed; with ``settings.profile == "copywriting"`` the
  rule instead puts exactly one space there (``电梯 AI 智能``, as pangu does);
- SP003 a space next to Chinese punctuation is removed;
- SP004 spaces at the start or end of a line are removed (a line holding only
  spaces becomes empty; a newline is never removed);
- SP005 a letter-spaced run (``包 钢 贺 海 东 调 研``) is closed up in one proposal.

Kept everywhere: the spaces of a byline (``●本报记者 冯燕平 李海珍``,
``（记者 云静）``), the space before 摄 in a photo credit (``王劲凯 摄``) and
spaces between two Latin words. Evidence is general: the paragraph kind
(``doc.paragraphs``), the length of the pieces a space separates, words of the
lexicon that a space cuts in two (``贯 彻``) and function words that cannot
end or start a phrase (``党的 二十届``); a space that may be meaningful is only
ever removed by an UNSAFE proposal.
"""
from __future__ import annotations

import bisect
import re
from copy import deepcopy
from functools import lru_cache
from typing import Iterator

from ..charclass import CJK_PUNCT, HAN, SHARED_PUNCT, ZH_PUNCT, has_chinese
from ..kinds import classify_block
from ..model import Applicability, Document, Edit, Proposal, make_proposal
from ..pipeline import Context, Pass
from .chars import BlockGroups, run_re

SP = " \u00a0\u3000"  # spaces this pass handles (CH003 has made most of them ASCII)
_STRICT_PUNCT = "".join(c for c in ZH_PUNCT if c not in SHARED_PUNCT) + CJK_PUNCT

_HAN_RE = re.compile(f"[{HAN}]")
_SP_RE = re.compile(f"[{SP}]")
_STRICT_RE = re.compile(f"[{_STRICT_PUNCT}]")
_SHARED_RE = re.compile(f"[{SHARED_PUNCT}\"']")  # straight quotes: Chinese quotes before the PU pass
_TOKEN_RE = re.compile(r"[A-Za-z0-9%‰℃°+]")

# bylines and credits whose spaces are kept
_H = f"[{HAN}]"
_ROLE = r"(?:本报|新华社|人民日报)?(?:特约|实习|见习|首席|驻[^\s（）()]{1,4})?(?:记者|通讯员|实习生|摄影记者|摄影|编辑|责编)"
_CREDIT = re.compile(
    f"(?m)(?:^|(?<=[（(●□■◆○★▲\\[【]))[{SP}]*{_ROLE}(?:[{SP}]+{_H}{{2,4}}(?![{HAN}]))+"
)
_BULLET_NAMES = re.compile(f"(?m)^[●□■◆○★][{SP}]*{_H}{{2,4}}(?:[{SP}]+{_H}{{2,4}})+(?=[{SP}]*$)")
_PHOTO = re.compile(f"(?m)(?<![{HAN}]){_H}{{2,4}}(?:[{SP}]+{_H}{{2,4}})*[{SP}]+摄(?![{HAN}])"
                    f"|(?<=[{HAN}])(?<!拍)[{SP}]+摄(?=[{SP}]*(?:$|[）)]))")

# every match of _CREDIT, _BULLET_NAMES or _PHOTO holds one of these
_PROTECT_GATE = re.compile("记者|通讯员|实习生|编辑|责编|摄|●|□|■|◆|○|★")
_ROLE_GATE = re.compile("记者|通讯员|实习生|摄影|编辑|责编")  # every match of _ROLE holds one
_BULLETS = "●□■◆○★"  # the first character of every match of _BULLET_NAMES

_PHRASE_KINDS = ("headline", "kicker", "label")
_BLANK_SPLIT = re.compile(r"\n[ \t\u3000\u00a0]*\n(?:[ \t\u3000\u00a0]*\n)*")  # as cleanup.model
_KIND_MEMO: dict[int, str] = {}  # hash of a block's text (with its edge newlines) -> its kind
_CAT_CACHE: dict[str, str] = {}


def _cat(ch: str) -> str:
    """H Han, P Chinese-only punctuation, S shared punctuation (“”—…·), A Latin/digit
    token character, h half-width punctuation that the PU rules turn Chinese, O other."""
    c = _CAT_CACHE.get(ch)
    if c is None:
        if _HAN_RE.match(ch):
            c = "H"
        elif _STRICT_RE.match(ch):
            c = "P"
        elif _SHARED_RE.match(ch):
            c = "S"
        elif _TOKEN_RE.match(ch):
            c = "A"
        elif ch in ",;:?!()":
            c = "h"
        else:
            c = "O"
        _CAT_CACHE[ch] = c
    return c


def _hanlen(s: str) -> int:
    return len(_HAN_RE.findall(s))


def _parse_params(p1: dict) -> tuple:
    """SP001's parameters (see :class:`_Page`), in the order of ``_Page._memo_key``."""
    return (int(p1.get("max_phrase", 20)), int(p1.get("min_cross_freq", 50)),
            str(p1.get("phrase_never_ends_with", "的之和与及或把被从对向将于")),
            str(p1.get("phrase_never_starts_with", "的了着地得们吗呢吧之")), str(p1.get("units", "")),
            int(p1.get("title_min_phrase", 6)), int(p1.get("page_damage_min", 2)))


_PARAMS: list = [None]  # (a copy of the last SP001 parameters, _parse_params of them)


class _Page:
    """Lazily computed page facts used by the decisions."""

    __slots__ = ("doc", "text", "ctx", "max_phrase", "min_cross_freq", "end_bad", "start_bad", "units",
                 "title_min_phrase", "damage_min", "_memo_key", "damage", "_blanks", "_protected_lines",
                 "_gate_lines", "_block_kind", "_lex", "_memo")

    def __init__(self, doc: Document, ctx: Context) -> None:
        self.doc = doc
        self.text = doc.text
        self.ctx = ctx
        # SP001's parameters, parsed once for a given parameter set (compared by
        # value with a copy of the last one: a rule's params may be edited in place)
        p1 = ctx.params("SP001")
        got = _PARAMS[0]
        if got is None or got[0] != p1:
            got = _PARAMS[0] = (deepcopy(p1), _parse_params(p1))
        (self.max_phrase, self.min_cross_freq, self.end_bad, self.start_bad, self.units, self.title_min_phrase,
         self.damage_min) = self._memo_key = got[1]
        self.damage = 0  # spaces removed from running text on this page (line-break leftovers)
        self._blanks: tuple[list[int], list[int]] | None = None
        self._protected_lines: dict[int, list[tuple[int, int]]] = {}
        self._gate_lines: dict[int, bool] = {}
        self._block_kind: dict[int, str] = {}  # block start -> kind
        self._lex = None
        self._memo: dict | None = None

    def empty_blocks(self, copy: bool) -> set[int]:
        """The keys (see ``_inner``) of blocks whose spaces, with these rule
        parameters and profile, gave nothing (every space kept)."""
        key = (self._memo_key, copy)
        got = _EMPTY_BLOCKS.get(key)
        if got is None or len(got) > _EMPTY_MAX:
            if len(_EMPTY_BLOCKS) > 8:
                _EMPTY_BLOCKS.clear()
            got = _EMPTY_BLOCKS[key] = set()
        return got

    @property
    def memo(self) -> dict:
        """Decisions of spaces in headlines, bylines and titles, per rule parameters."""
        m = self._memo
        if m is None:
            m = _MEMOS.get(self._memo_key)
            if m is None:
                if len(_MEMOS) > 8:
                    _MEMOS.clear()
                m = _MEMOS[self._memo_key] = {}
            self._memo = m
        return m

    def blanks(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the blank lines that separate blocks."""
        blanks = self._blanks
        if blanks is None:
            starts: list[int] = []
            ends: list[int] = []
            for m in _BLANK_SPLIT.finditer(self.text):
                starts.append(m.start())
                ends.append(m.end())
            blanks = self._blanks = (starts, ends)
        return blanks

    # paragraph kind at a position
    def para(self, pos: int) -> str:
        """The kind of the block (text between blank lines) holding ``pos``.

        The kind is ``cleanup.kinds.classify_block`` of that block alone (what
        ``doc.paragraphs`` gives it, without classifying the whole page); the
        pipeline re-runs the pass on every new text, so kinds are remembered
        by block text."""
        starts, ends = self.blanks()
        i = bisect.bisect_right(starts, pos)
        bs = ends[i - 1] if i > 0 else 0
        return self.block_kind(bs, starts[i] if i < len(starts) else len(self.text))

    def block_kind(self, bs: int, be: int, block: str | None = None) -> str:
        """The kind of the block ``text[bs:be]`` (between blank lines), remembered
        for the page by its start ``bs``; ``block``: that text, when the caller
        has it (a slice whose hash it computed: the hash is kept)."""
        got = self._block_kind.get(bs)
        if got is not None:
            return got
        if block is None:
            block = self.text[bs:be]
        key = hash(block)  # the memo keeps hashes, not paragraph texts
        kind = _KIND_MEMO.get(key)
        if kind is None:
            if len(_KIND_MEMO) > 50_000:
                _KIND_MEMO.clear()
            kind = _KIND_MEMO[key] = classify_block(block.strip("\n"))
        self._block_kind[bs] = kind
        return kind

    def may_protect(self, s: int, e: int) -> bool:
        """Does the line of s..e hold anything a byline/credit span needs (_PROTECT_GATE)?"""
        t = self.text
        ls = t.rfind("\n", 0, s) + 1
        got = self._gate_lines.get(ls)
        if got is None:
            le = t.find("\n", e)
            got = self._gate_lines[ls] = _PROTECT_GATE.search(t, ls, len(t) if le < 0 else le) is not None
        return got

    def protected(self, s: int, e: int) -> bool:
        """Is the space run s..e inside a byline/credit span of its line?"""
        t = self.text
        ls = t.rfind("\n", 0, s) + 1
        spans = self._protected_lines.get(ls)
        if spans is None:
            le = t.find("\n", e)
            le = len(t) if le < 0 else le
            if _PROTECT_GATE.search(t, ls, le) is None:
                spans = []  # none of 记者/通讯员/实习生/编辑/责编/摄 or a bullet: nothing to protect
            else:
                # each pattern only where its own words are (a scan of a long line costs)
                spans = [m.span() for m in _CREDIT.finditer(t, ls, le)] if _ROLE_GATE.search(t, ls, le) else []
                if ls < le and t[ls] in _BULLETS:  # (_BULLET_NAMES starts at the line start)
                    spans += [m.span() for m in _BULLET_NAMES.finditer(t, ls, le)]
                if t.find("摄", ls, le) >= 0:
                    spans += [m.span() for m in _PHOTO.finditer(t, ls, le)]
            self._protected_lines[ls] = spans
        return bool(spans) and any(a <= s and e <= b for a, b in spans)

    @property
    def lex(self):
        if self._lex is None:
            from ..lexicon import get_lexicon

            self._lex = get_lexicon()
        return self._lex

    def title_zone(self, s: int, e: int) -> tuple[int, int] | None:
        """The inside of a 《title》 on the same line around s..e, if any."""
        t = self.text
        ls = t.rfind("\n", 0, s) + 1
        lo = max(ls, s - 80)
        op = t.rfind("《", lo, s)
        if op < 0 or t.rfind("》", op, s) >= 0:
            return None
        le = t.find("\n", e)
        le = len(t) if le < 0 else le
        cl = t.find("》", e, min(le, e + 80))
        if cl < 0 or 0 <= t.find("《", e, cl):
            return None
        return op + 1, cl

    def split_evidence(self, left: str, right: str) -> str | None:
        """Why the space between the phrases ``left`` and ``right`` cuts a phrase, or None."""
        lx = self.lex
        freq = lx.freq
        # the first word left[-i:] + right[:j] (i, j = 1..4 in this order) of the
        # lexicon, frequent enough, with a Han character at both ends: the ends
        # are tested first (no string built and looked up for a word that
        # starts or ends with punctuation), the pieces sliced once
        rights = [(b, _HAN_RE.match(b[-1]) is not None) for b in (right[:j] for j in range(1, min(4, len(right)) + 1))]
        get = freq.get
        least = self.min_cross_freq
        for i in range(1, min(4, len(left)) + 1):
            a = left[-i:]
            if _HAN_RE.match(a) is None:
                continue
            for b, han in rights:
                if han:
                    w = a + b
                    if get(w, 0) >= least:
                        return f"the space cuts the word {w}"
        last = _last_word(left, freq, lx.max_len)
        if len(last) == 1 and last in self.end_bad:
            return f"a phrase does not end with {last}"
        first = _first_word(right, freq, lx.max_len)
        if len(first) == 1 and first in self.start_bad:
            return f"a phrase does not start with {first}"
        return None


def _last_word(s: str, freq: dict, max_len: int) -> str:
    for k in range(min(len(s), max_len, 6), 1, -1):
        if s[-k:] in freq:
            return s[-k:]
    return s[-1:]


def _first_word(s: str, freq: dict, max_len: int) -> str:
    for k in range(min(len(s), max_len, 6), 1, -1):
        if s[:k] in freq:
            return s[:k]
    return s[:1]


def _segments(text: str, zs: int, ze: int, s: int, e: int) -> tuple[str, str]:
    """The space-free pieces left and right of the space run s..e, inside zs..ze."""
    a = s
    while a > zs and text[a - 1] not in SP:
        a -= 1
    b = e
    while b < ze and text[b] not in SP:
        b += 1
    return text[a:s], text[e:b]


_SPACE_RUN = run_re(f"\t{SP}")
_NOSPACE = run_re(SP)
_MESSAGES = {
    "SP001": "remove spaces between Chinese characters",
    "SP002": "remove spaces between Chinese and Latin/digits",
    "SP003": "remove spaces next to Chinese punctuation",
    "SP004": "remove spaces at line edges",
}
_MESSAGES_COPY = dict(_MESSAGES, SP002="one space between Chinese and Latin/digits (copywriting)")


def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    text = doc.text
    copy = ctx.settings.profile == "copywriting"
    # a page without tabs, NBSP and ideographic spaces (the usual case: CH003 has
    # made the Unicode spaces ASCII) has runs of ASCII spaces only
    general = "\t" in text or "\u00a0" in text or "\u3000" in text
    if not general and " " not in text and not copy:
        return  # no space at all: nothing to do
    if not has_chinese(text):
        return
    page = _Page(doc, ctx)
    n = len(text)
    groups = BlockGroups(doc)
    yield from _inner(page, groups, copy, general)
    if copy:
        for m in _TOKEN_RUN.finditer(text):
            for pos in (m.start(), m.end()):
                if pos == m.start():
                    if not pos or not _HAN_RE.match(text[pos - 1]):
                        continue
                elif pos >= n or not _HAN_RE.match(text[pos]):
                    continue
                zone = _zone(page, pos, pos)
                if zone is not None:
                    continue  # headlines, titles and bylines keep what they have
                groups.add("SP002", pos, pos, " ", 0.95, "copywriting profile")
    if groups.groups:  # (a re-run usually has none: no generator for them)
        yield from groups.proposals(_MESSAGES_COPY if copy else _MESSAGES)


class _Scans:
    """The regexes that find a page's space runs (maximal runs of spaces and
    tabs) and sort them, without Python code per run:

    * ``runs``: every run at a line start or end (group 5, SP004) and every
      other run without a tab (an inner run), the latter with the group that
      names what its neighbours are (:func:`_cat`): 1 Han on both sides (HH,
      the usual one: tried first), 2 Chinese punctuation on a side (P), 3 Han
      and a Latin letter or digit (HA, AH), 4 anything else;
    * ``inner_all``: the inner runs, unsorted (for letter spacing);
    * ``chains``: the stretches of three or more runs of 1-2 spaces, each one
      character after the one before: the only places letter spacing can be
      (:func:`_letter_spaced` gives the same chains from their runs as from
      all runs), or None to look at all runs.

    Every pattern starts with a space (or, with tabs, NBSP or ideographic
    spaces on the page, a class of them): sre jumps from one candidate to the
    next; a run's first space is told from the others by a two-character
    lookbehind (its neighbour before it is not a space)."""

    __slots__ = ("runs", "inner_all", "chains")

    def __init__(self, general: bool) -> None:
        sp = f"[{SP}]" if general else " "  # the spaces of an inner run
        run = f"[\t{SP}]" if general else " "  # the characters of any run
        nb = f"[^\t{SP}\n]" if general else "[^ \n]"  # a neighbour of an inner run
        cls = _cat_classes()
        h, p, a = f"[{cls['H']}]", f"[{cls['P']}]", f"[{cls['A']}]"
        self.runs = re.compile(
            f"{sp}(?<={h}{sp}){sp}*(?={h})()"
            f"|{sp}(?:(?<={p}{sp}){sp}*(?={nb})|(?<={nb}{sp}){sp}*(?={p}))()"
            f"|{sp}(?:(?<={h}{sp}){sp}*(?={a})|(?<={a}{sp}){sp}*(?={h}))()"
            f"|{sp}(?<={nb}{sp}){sp}*(?={nb})()"
            f"|{run}(?:(?<![^\n]{run}){run}*|(?<={nb}{run}){run}*(?![^\n]))()")
        self.inner_all = re.compile(f"{sp}(?<={nb}{sp}){sp}*(?={nb})")
        self.chains = None if general else re.compile(f" (?<={nb} ) ?{nb}(?: {{1,2}}{nb}){{2,}}")


@lru_cache(maxsize=2)
def _scans(general: bool) -> _Scans:
    return _Scans(general)


@lru_cache(maxsize=1)
def _cat_classes() -> dict[str, str]:
    """Regex class bodies of the characters that :func:`_cat` puts in H, P and
    A (P without the spaces and tabs a run is made of: the ideographic space is
    CJK punctuation, but never a neighbour of a run)."""
    from .chars import _char_class

    out = {"H": HAN}
    for c, rx in (("P", _STRICT_RE), ("A", _TOKEN_RE)):
        chars = [chr(i) for i in range(0x10000) if rx.match(chr(i)) and _cat(chr(i)) == c]
        out[c] = _char_class([ch for ch in chars if ch not in SP and ch != "\t"])
    return out


_MEMO_MAX = 20_000  # entries hold a line of text: a few MB at most
_MEMOS: dict[tuple, dict] = {}  # params -> {space in its line context: decision}
_EMPTY_MAX = 100_000
_EMPTY_BLOCKS: dict[tuple, set[int]] = {}  # (params, profile) -> {block key: every space kept}


def _bare_bounds(text: str, s: int) -> tuple[int, int]:
    """The block (text between blank lines) holding ``s``, on a page whose
    blank lines are all empty: a separator is then a run of two or more
    newlines, and the block starts after the last one before ``s`` and ends
    where the next one starts (property test: the bounds of the scan)."""
    bs = text.rfind("\n\n", 0, s) + 2
    if bs == 1:  # (no separator before: the block starts the page)
        bs = 0
    be = text.find("\n\n", s)
    return bs, len(text) if be < 0 else be


def _inner(page: _Page, groups: BlockGroups, copy: bool, general: bool) -> Iterator[Proposal]:
    """Decide the spaces of the page, in one scan of its runs (:class:`_Scans`
    ``runs``). Running text (the usual case) is decided from the two
    neighbours (the group of the run); spaces in headlines, bylines and
    《titles》 need the lexicon and are remembered by their line (the pipeline
    re-runs the pass on text where they stay). Runs at line edges (SP004) and
    the usual decisions of each block are added to the groups after the scan,
    the edges first.

    On a page without tabs, NBSP and ideographic spaces the blocks come from
    the newlines around a space (:func:`_bare_bounds`) and letter spacing is
    looked for only once two runs follow each other one character apart
    (from the current block on): until the scan meets a blank line holding
    spaces (the blocks then come from the page's blank-line scan) or letter
    spacing, when it decides the current block again from its start."""
    doc = page.doc
    text = page.text
    n = len(text)
    scan = _scans(general)
    covered: set[int] = set()
    lettered = general  # letter spacing looked for (from ``pos`` on)
    if general:
        yield from _close_up(doc, text, [m.span() for m in scan.inner_all.finditer(text)], covered)
    bare = not general  # every blank line empty: blocks between runs of two or more newlines
    starts: list[int] = []
    ends: list[int] = []
    if not bare:
        starts, ends = page.blanks()
    nb = len(starts)
    has_title = "《" in text
    cats = _CAT_CACHE
    edges: list = []  # the runs at line edges (SP004)
    flushes: list = []  # each block's usual decisions (its bounds, punct, han, latin)
    titles: list[tuple[int, int, tuple[str, int, int]]] = []
    decided: list[tuple[int, int, tuple | None]] = []
    # blocks that keep all their spaces (headlines, bylines) are remembered with
    # the profile and rule parameters: the pipeline re-runs the pass on pages
    # where most blocks did not change
    empties = None
    pos = 0  # where the scan starts (again)
    while True:
        block_end = -1  # the block of the current space, its kind and whether a span of it may be protected
        bs = 0
        kind = None
        plain = False
        block_title = False
        gate = None
        # the usual decisions of a block, gathered and added to the groups at once
        punct: list[Edit] = []
        han: list[Edit] = []
        latin: list[Edit] = []
        key = None  # the current block's key (below), once it needed its kind
        skip = False  # the current block is known to keep all its spaces
        dec0 = len(decided)  # where the current block's entries start in decided and titles
        tit0 = tit_start = len(titles)  # (tit0: -1 once the block has letter spacing)
        after = -1  # one character after the inner run before (letter spacing needs runs that far apart)
        again = False
        for m in scan.runs.finditer(text, pos):
            s = m.start()
            g = m.lastindex  # 1 Han-Han, 2 next to Chinese punctuation, 3 Han-Latin/digit, 4 other, 5 edge
            if g == 5:
                e = m.end()
                if bare and (s == 0 or text[s - 1] == "\n") and (e == n or text[e] == "\n"):
                    bare = False  # a blank line holding spaces
                    starts, ends = page.blanks()
                    nb = len(starts)
                    again = True
                    break
                edges.append((s, e))
                continue
            if s > block_end:  # a new block (inner spaces are never inside a blank line)
                if key is not None and not skip and _kept_all(punct, han, latin, titles, tit0, decided, dec0):
                    empties.add(key)
                key = None
                skip = False
                dec0 = len(decided)
                tit0 = tit_start = len(titles)
                if punct or han or latin:
                    flushes.append((bs, block_end, punct, han, latin))
                    punct, han, latin = [], [], []
                if bare:
                    bs, block_end = _bare_bounds(text, s)
                else:
                    bi = bisect.bisect_right(starts, s)
                    bs = ends[bi - 1] if bi else 0
                    block_end = starts[bi] if bi < nb else n
                kind = None
                # a 《title》 zone lies within a line: only a block holding a 《 can have one
                block_title = has_title and text.find("《", bs, block_end) >= 0
                gate = None  # does the block hold a _PROTECT_GATE match (looked up when needed)

            elif skip:
                continue
            e = m.end()
            if s == after and not lettered:
                # two runs one character apart: letter spacing is possible, its
                # chains are looked for from this block on (decided again when
                # there are some)
                lettered = True
                chains = scan.chains.finditer(text, bs)
                yield from _close_up(doc, text, [r.span() for c in chains
                                                 for r in scan.inner_all.finditer(text, c.start(), c.end())], covered)
                if covered:
                    again = True
                    break
            after = e + 1
            if covered and s in covered:
                tit0 = -1  # (the block is not empty: it has letter spacing)
                continue
            if g == 2:
                punct.append(Edit(s, e, ""))  # SP003, whatever the zone
                continue
            if g == 4:
                L, R = text[s - 1], text[e]
                cl = cats.get(L) or _cat(L)
                cr = cats.get(R) or _cat(R)
                if (cl == "O" and cr == "O") or (cl == "A" and cr == "A"):
                    continue  # between Latin words, digits, symbols: not Chinese text
            if block_title:
                tz = page.title_zone(s, e)
                if tz is not None:
                    titles.append((s, e, ("title", *tz)))  # decided last (page.damage)
                    continue
            if kind is None:
                # the key of the block: its text with the characters around it
                # that a decision may read (from 3 before a space to 4 after it:
                # a split dash; the text may end there), one slice and where the
                # block lies in it. The spaces before this one in the block read
                # only inside it; on a page of ASCII spaces the last space of the
                # block (a space of a run at a line end too) bounds the reads
                # after it, so a block whose spaces lie inside it keeps its key
                # when the text around it changes (the pass's own fixes next to it)
                if general:
                    lo = bs - 4 if bs > 4 else 0
                    hi = block_end + 4
                else:
                    lo = s - 3 if s < bs + 3 else bs
                    if lo < 0:
                        lo = 0
                    hi = text.rfind(" ", s, block_end) + 5
                    if hi < block_end:
                        hi = block_end
                around = text[lo:hi]
                key = hash((around, bs - lo, block_end - lo))
                if empties is None:
                    empties = page.empty_blocks(copy)
                if key in empties:
                    skip = True
                    continue
                # (usually the key's slice is the block: its hash is already computed)
                kind = page.block_kind(bs, block_end, around if lo == bs and hi == block_end else None)
                plain = kind not in _PHRASE_KINDS and kind != "byline"
            if plain and gate is None:
                # a byline or credit span needs a _PROTECT_GATE match on its line: none in the block, none to check
                gate = _PROTECT_GATE.search(text, bs, block_end) is not None
            if plain and not (gate and page.may_protect(s, e)):
                # running text where nothing is protected: _decide with no zone, inlined
                # for the two usual cases
                if g == 1:
                    han.append(Edit(s, e, ""))
                    continue
                if g == 3 and not copy:
                    latin.append(Edit(s, e, ""))
                    continue
                decided.append((s, e, _decide(page, s, e, copy, None)))
                continue
            if kind in _PHRASE_KINDS or kind == "byline":
                if g != 4 or cl == "S" or cr == "S":  # (Han or Latin/digit on both sides: groups 1 and 3)
                    ls = text.rfind("\n", 0, s) + 1
                    le = text.find("\n", e)
                    le = len(text) if le < 0 else le
                    zone = ("phrase" if kind != "byline" else "byline", ls, le)
                    decided.append((s, e, _remembered(page, s, e, copy, zone)))
                    continue
            # no zone (a line of running text that may hold a byline or credit): the
            # decision needs no lexicon, only the line's protected spans (which the
            # page remembers); cheaper than the memo's key of the line. _decide
            # inlined for Han-Han and (newspaper profile) Han-Latin/digit
            if g == 1:
                decided.append((s, e, None if page.protected(s, e) else _SP001_RUNNING))
            elif g == 3 and not copy:
                decided.append((s, e, None if page.protected(s, e) else _SP002_RUNNING))
            else:
                decided.append((s, e, _decide(page, s, e, copy, None)))
        if not again:
            break
        # decide the current block again, from its start (what was gathered for it is dropped)
        pos = bs
        del decided[dec0:]
        del titles[tit_start:]
        edges = [r for r in edges if r[0] < bs]
        page._block_kind.clear()
    if key is not None and not skip and _kept_all(punct, han, latin, titles, tit0, decided, dec0):
        empties.add(key)
    if punct or han or latin:
        flushes.append((bs, block_end, punct, han, latin))
    if bare:
        groups.use_bounds(_bare_bounds)
    elif not edges:
        groups.use_blanks(starts)  # (with edges, on blank lines too: the groups' own blocks)
    for s, e in edges:
        at_start = s == 0 or text[s - 1] == "\n"
        at_end = e == n or text[e] == "\n"
        where = "blank line" if at_start and at_end else ("line start" if at_start else "line end")
        groups.add("SP004", s, e, "", 0.98, where)
    for lo, hi, punct, han, latin in flushes:
        if bare:
            groups.enter(lo, hi)
        _flush(page, groups, punct, han, latin)
    for s, e, got in decided:
        if got is _SP001_RUNNING:
            page.damage += 1
    for s, e, zone in titles:
        decided.append((s, e, _remembered(page, s, e, copy, zone)))
    add = groups.add
    for s, e, got in decided:
        if got is None:
            continue
        code, repl, conf, why = got
        if repl == text[s:e]:
            continue
        if conf >= 0.9:
            add(code, s, e, repl, conf, why)
            continue
        msg = ("remove space" if not repl else "one space") + f" ({why})"
        yield make_proposal(doc, code, msg, [Edit(s, e, repl)], confidence=conf,
                            applicability=Applicability.UNSAFE, evidence={"why": why})


def _close_up(doc: Document, text: str, runs: list[tuple[int, int]], covered: set[int]) -> Iterator[Proposal]:
    """SP005 for the letter-spaced chains among ``runs``; their spaces go into ``covered``."""
    for chain in _letter_spaced(text, runs):
        covered.update(a for a, _ in chain)
        run = text[chain[0][0] - 1:chain[-1][1] + 1]
        yield make_proposal(
            doc, "SP005", f"close up letter-spaced text {_SP_RE.sub('', run)[:12]}",
            [Edit(a, b, "") for a, b in chain], confidence=0.95, evidence={"chars": len(chain) + 1},
        )


def _kept_all(punct: list, han: list, latin: list, titles: list, tit0: int, decided: list, dec0: int) -> bool:
    """Did the current block (its entries from ``tit0`` and ``dec0`` on) keep all its spaces?"""
    return not (punct or han or latin) and len(titles) == tit0 and all(d[2] is None for d in decided[dec0:])


_SP001_RUNNING = ("SP001", "", 0.95, "space between Chinese characters in running text")
_SP002_RUNNING = ("SP002", "", 0.95, "space between Chinese and Latin/digits")
_SP003_PUNCT = ("SP003", "", 0.97, "next to Chinese punctuation")


def _flush(page: _Page, groups: BlockGroups, punct: list[Edit], han: list[Edit], latin: list[Edit]) -> None:
    """Add the usual decisions of one block to the groups."""
    if punct:
        groups.add_many(_SP003_PUNCT[0], punct, _SP003_PUNCT[2], _SP003_PUNCT[3])
    if han:
        page.damage += len(han)
        groups.add_many(_SP001_RUNNING[0], han, _SP001_RUNNING[2], _SP001_RUNNING[3])
    if latin:
        groups.add_many(_SP002_RUNNING[0], latin, _SP002_RUNNING[2], _SP002_RUNNING[3])


def _remembered(page: _Page, s: int, e: int, copy: bool, zone: tuple[str, int, int]):
    """:func:`_decide` for a space in a headline, byline or title (``zone``),
    remembered by everything the decision reads: its line, its place in it,
    the characters around it, the zone, the profile and (titles) whether the
    page has line-break leftovers."""
    t = page.text
    ls = t.rfind("\n", 0, s) + 1
    le = t.find("\n", e)
    le = len(t) if le < 0 else le
    key = (t[ls:le], s - ls, e - ls, t[max(0, s - 3):e + 4], zone[0], zone[1] - ls, zone[2] - ls, copy,
           zone[0] == "title" and page.damage >= page.damage_min)
    memo = page.memo
    got = memo.get(key, _UNSET)
    if got is _UNSET:
        if len(memo) > _MEMO_MAX:
            memo.clear()
        got = memo[key] = _decide(page, s, e, copy, zone)
    return got


_UNSET = object()


_TOKEN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%+/\-]*(?<![.+/\-])")


def _letter_spaced(text: str, inner: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    """Chains of >= 3 space runs (1-2 spaces) between single characters, mostly
    Han: 包 钢 贺 海 东, 增 长 3 . 3 个 百 分 点. The first character must not be
    glued to a Han character or a letter/digit before it."""
    n = len(text)
    chain: list[tuple[int, int]] = []

    def flush():
        c = chain
        if len(c) < 3:
            return None
        last = c[-1][1]
        if not _HAN_RE.match(text[last]) and last + 1 < n and text[last + 1] not in SP:
            c = c[:-1]  # 目 638 个: the last piece is a token, not a spaced-out letter
            last = c[-1][1]
        if text[last] == "摄" and (last + 1 >= n or not _HAN_RE.match(text[last + 1])):
            c = c[:-1]  # 王 劲 凯 摄: the credit's space stays
        elems = [text[c[0][0] - 1]] + [text[b] for _, b in c]
        han = sum(1 for x in elems if _HAN_RE.match(x))
        return c if len(c) >= 3 and han >= 3 and han >= 0.6 * len(elems) else None

    for s, e in inner:
        ok = e - s <= 2 and text[e] != "\n"
        if ok and chain and chain[-1][1] + 1 == s:
            chain.append((s, e))
            continue
        c = flush()
        if c:
            yield c
        first = text[s - 1]
        before = text[s - 2] if s >= 2 else "\n"
        starts = (_HAN_RE.match(first) or first.isalnum()) and not (
            _HAN_RE.match(before) or before.isalnum() or before in ".%")
        chain = [(s, e)] if ok and starts else []
    c = flush()
    if c:
        yield c


def _zone(page: _Page, s: int, e: int) -> tuple[str, int, int] | None:
    """('phrase', zs, ze) for a headline/kicker/label line or a 《title》, ('byline', ...), or None."""
    t = page.text
    tz = page.title_zone(s, e)
    if tz is not None:
        return ("title", *tz)
    kind = page.para(s)
    if kind in _PHRASE_KINDS or kind == "byline":
        ls = t.rfind("\n", 0, s) + 1
        le = t.find("\n", e)
        le = len(t) if le < 0 else le
        return ("phrase" if kind != "byline" else "byline", ls, le)
    return None


def _decide(page: _Page, s: int, e: int, copy: bool, zone=_UNSET):
    """(code, replacement, confidence, why) for the space run s..e, or None to keep it.
    ``zone``: what :func:`_zone` gives for it, when the caller knows."""
    t = page.text
    L, R = t[s - 1], t[e]
    cl, cr = _cat(L), _cat(R)
    if cl == "P" or cr == "P":
        return _SP003_PUNCT
    if cl == "S" or cr == "S":
        # shared punctuation (“ ” — …) is Chinese only next to Chinese
        if L == R and L in "—…":
            # — — / … …: a dash or ellipsis that the OCR split; Chinese when a Han character is near
            near = t[max(0, s - 3):s] + t[e:e + 4]
            if _HAN_RE.search(near):
                return ("SP003", "", 0.93, f"a split {L}{L}")
            return None
        if cl == "S":
            other, far = cr, (t[s - 2] if s >= 2 else "")
        else:
            other, far = cl, (t[e + 1] if e + 1 < len(t) else "")
        if other not in "HP" and (not far or _cat(far) not in "HP"):
            if not (R == "—" or L == "—") or not (other == "A" and far and _cat(far) == "A"):
                return None  # ” Then, — see: Western text
            return ("SP003", "", 0.9, "a space inside a range 6— 10")
        if page.protected(s, e):
            return None
        z = _zone(page, s, e) if zone is _UNSET else zone
        if z is not None and z[0] in ("phrase", "title"):
            return _phrase(page, z, s, e, "SP003")
        return ("SP003", "", 0.95, "next to a Chinese quote or dash")
    if cl == "h" or cr == "h":
        # 日, 呼和浩特 / 精神 (冯燕平): half-width punctuation the PU rules make Chinese
        if (cl == "h" and L in ",;:?!)" and cr == "H") or (cr == "h" and R == "(" and cl == "H"):
            return ("SP003", "", 0.92, "next to punctuation of a Chinese sentence")
        return None
    pair = cl + cr
    if pair == "HH":
        code = "SP001"
    elif pair in ("HA", "AH"):
        code = "SP002"
    else:
        return None
    if page.protected(s, e):
        return None
    z = _zone(page, s, e) if zone is _UNSET else zone
    if code == "SP002" and copy:
        if z is not None and z[0] in ("phrase", "title"):
            return None
        return ("SP002", " ", 0.95, "one space between Chinese and Latin/digits (copywriting)")
    if z is None:
        # (the caller counts _SP001_RUNNING in page.damage: the decision may be remembered)
        return _SP001_RUNNING if code == "SP001" else _SP002_RUNNING
    if z[0] == "byline":
        left, right = _segments(t, z[1], z[2], s, e)
        if code == "SP001" and 2 <= _hanlen(left) <= 6 and 2 <= _hanlen(right) <= 6:
            return None  # names in a byline
        return (code, "", 0.6, "space in a byline between pieces that are not names")
    return _phrase(page, z, s, e, code)


def _phrase(page: _Page, z: tuple[str, int, int], s: int, e: int, code: str):
    t = page.text
    if z[0] == "title":
        # a title has one phrase separator at most: its pieces are everything
        # before and after this space (other spaces of the title ignored)
        left, right = _NOSPACE.sub("", t[z[1]:s]), _NOSPACE.sub("", t[e:z[2]])
    else:
        left, right = _segments(t, z[1], z[2], s, e)
    nl, nr = _hanlen(left), _hanlen(right)
    if nl <= 1 or nr <= 1:
        return (code, "", 0.92, "a piece of one character or none is not a phrase")
    L, R = t[s - 1], t[e]
    if code == "SP002" and page.units:
        # 3.3 个百分点 / 增长 3.3个百分点: a number and its unit are one phrase
        if L.isdigit() and R in page.units:
            return (code, "", 0.92, f"a number and its unit {R}")
        if R.isdigit():
            k = e
            while k < z[2] and (t[k].isdigit() or t[k] in ".%"):
                k += 1
            if k < z[2] and (t[k] in page.units or t[k - 1] == "%"):
                return (code, "", 0.92, "a number with its unit is not a phrase of its own")
    why = page.split_evidence(left, right)
    if why:
        return (code, "", 0.92, why)
    if z[0] == "title" and page.damage >= page.damage_min:
        # the page has line-break leftovers in its running text: a space in a
        # 《title》 is one too unless both pieces are phrases of some length
        if min(nl, nr) < page.title_min_phrase:
            return (code, "", 0.9, "a short piece in a title on a page with line-break leftovers")
        lx = page.lex
        last = _last_word(left, lx.freq, lx.max_len)
        first = _first_word(right, lx.freq, lx.max_len)
        if lx.tags.get(last, "") == "v":
            return (code, "", 0.9, f"a title phrase does not end with the verb {last}")
        if lx.tags.get(first, "")[:1] not in ("v", "d", "p"):
            return (code, "", 0.9, f"{first} does not start a title phrase")
        return (code, "", 0.7, "a space in a title on a page with line-break leftovers")
    if z[0] == "title":
        if min(nl, nr) < page.title_min_phrase:
            return (code, "", 0.7, "a short piece in a title: maybe a line-break leftover")
        return None  # separates the two phrases of a document title
    if nl <= page.max_phrase and nr <= page.max_phrase:
        return None  # separates two phrases of a headline
    return (code, "", 0.6, "long pieces: maybe a line-break leftover in a headline")


PASSES = [Pass("spaces", ("SP001", "SP002", "SP003", "SP004", "SP005"), _run,
               description="spurious spaces (newspaper style) or CJK/Latin spacing (copywriting)")]
