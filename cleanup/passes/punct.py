"""PU: half-width punctuation and straight quotes in Chinese text.

- PU001-PU004 ``, : ; ? !`` next to Chinese become ``，：；？！``;
- PU005 ``( )`` around or next to Chinese become ``（ ）`` (paired per paragraph);
- PU006/PU007 straight double and single quotes in a Chinese paragraph are
  paired into ``“ ”`` and ``‘ ’`` (per block between blank lines: by the
  time this pass runs the lines pass has joined hard-wrapped lines);
- PU008 ``.`` after a Chinese character at the end of a paragraph becomes ``。``.

Half-width characters stay inside numbers, units, ranges and Latin tokens
(``3,000``, ``10:30``, ``12.5%``, ``PM2.5``, ``f(x)``, URLs, e-mail addresses):
"Chinese context" means a Han character or Chinese punctuation on one side
(skipping spaces, and looking through a curly quote or dash to what it
belongs to).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterator

from ..charclass import CJK_PUNCT, HAN, SHARED_PUNCT, ZH_PUNCT, has_chinese
from ..model import Applicability, Document, Edit, Proposal, make_proposal
from ..pipeline import Context, Pass
from .chars import BlockGroups, _char_class

_STRICT = "".join(c for c in ZH_PUNCT if c not in SHARED_PUNCT) + CJK_PUNCT
_HAN_RE = re.compile(f"[{HAN}]")
_CJK_RE = re.compile(f"[{HAN}{_STRICT}]")
_SHARED = set(SHARED_PUNCT)

# the characters of each pairing (found by str.find); blocks come from _BLANK
_PAREN = "()（）"
_DQ = '"“”'
_SQ = "'‘’"
_BLANK = re.compile(r"\n[ \t]*\n")
# a "." after a Chinese character or shared punctuation (the CJK class or
# SHARED_PUNCT), not before another one: the dots _full_stops looks at. The literal first lets sre
# jump from dot to dot (property test: the dots the Python checks keep)
_ZH_DOT = re.compile(f"\\.(?<=[{HAN}{_STRICT}{_char_class(sorted(_SHARED))}]\\.)(?!\\.)")
_URL = re.compile(
    r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
)
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_CODES = {",": "PU001", ":": "PU002", ";": "PU003", "?": "PU004", "!": "PU004"}
_MESSAGES = {
    "PU001": "half-width commas in Chinese text -> ，",
    "PU002": "half-width colons in Chinese text -> ：",
    "PU003": "half-width semicolons in Chinese text -> ；",
    "PU004": "half-width ? ! in Chinese text -> ？！",
    "PU005": "half-width parentheses in Chinese text -> （）",
}
_SP = " \u00a0\u3000"

# context of a straight quote
# (。！？ before a quote are neutral: 完工。"我们 opens, 费用。"中国 closes)
_OPEN_BEFORE = set("，：；、（《【“‘—,;:([\n \t\u3000")
_CLOSE_AFTER = set("，。：；！？、）》】”’…—,;:?!).\n \t\u3000")
# a quotation rarely closes right after a preposition or conjunction (…向"软件 opens),
# or opens right before a particle
_NO_CLOSE_AFTER = set("向在对把被从和与及为以将由给让使于")
_NO_OPEN_BEFORE = set("的了着地得们")
_SENTENCE_PUNCT = re.compile(r"[，。；：！？,;:!?\"“”]")


def _is_cjk(ch: str) -> bool:
    return _CJK_RE.match(ch) is not None


def _is_direct(ch: str) -> bool:
    """Would _chinese_left/_chinese_right return 2 for this neighbour (a Chinese
    character right there, not a space or shared punctuation to look through)?"""
    r = _DIRECT_CACHE.get(ch)
    if r is None:
        r = _DIRECT_CACHE[ch] = bool(ch) and ch not in _SP and ch not in _SHARED and _is_cjk(ch)
    return r


_DIRECT_CACHE: dict[str, bool] = {}


def _chinese_left(t: str, i: int) -> int:
    """How Chinese the text ending at index i (inclusive) is: 2 = a Chinese char right
    there, 1 = after spaces or through shared punctuation (“”—…), 0 = no."""
    k = i
    spaces = 0
    while k >= 0 and t[k] in _SP and spaces < 3:
        k -= 1
        spaces += 1
    through = 0
    while k >= 0 and t[k] in _SHARED and through < 3:
        k -= 1
        through += 1
    if k < 0 or not _is_cjk(t[k]):
        return 0
    return 2 if (spaces == 0 and through == 0) else 1


def _chinese_right(t: str, i: int) -> int:
    n = len(t)
    k = i
    spaces = 0
    while k < n and t[k] in _SP and spaces < 3:
        k += 1
        spaces += 1
    through = 0
    while k < n and t[k] in _SHARED and through < 3:
        k += 1
        through += 1
    if k >= n or not _is_cjk(t[k]):
        return 0
    return 2 if (spaces == 0 and through == 0) else 1


class _Spans:
    """URL and e-mail spans (half-width punctuation inside them is kept)."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        # one-character searches first (several times cheaper than longer ones)
        if ("/" in text and "://" in text) or ("w" in text and "www." in text) or "@" in text:
            for m in _URL.finditer(text):
                s, e = m.span()
                while e > s and text[e - 1] in ".,;:?!)'":
                    e -= 1
                self.starts.append(s)
                self.ends.append(e)

    def inside(self, pos: int) -> bool:
        if not self.starts:
            return False
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


_FULL_TABLE = str.maketrans(_FULL)
_LABELS = {c: f"{c}→{_FULL[c]}" for c in ",;:?!"}


def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    text = doc.text
    # which of the characters this pass changes occur at all (most re-runs on a
    # cleaned page stop here): one-character searches, the cheapest scans there
    # are (~0.2 us over a page each; a set of the page's ASCII characters,
    # text.encode("ascii", "ignore"), costs about twice the ten of them)
    simple = "," in text or ";" in text or ":" in text or "?" in text or "!" in text
    parens = "(" in text or ")" in text
    dq = '"' in text
    sq = "'" in text
    if not (simple or parens or dq or sq or "." in text):
        return
    if not has_chinese(text):
        return
    spans = _Spans(text)
    blanks = None
    group_blanks = None  # the blank lines of BlockGroups, when they are ours (no NBSP/ideographic space)
    if parens or dq or sq:
        blanks = _blanks(text)
        if (simple or parens) and "\u00a0" not in text and "\u3000" not in text:
            group_blanks = blanks[0]  # the same blank lines as BlockGroups finds: one scan less
    if simple:
        yield from _simple(doc, spans, group_blanks)
    if parens:
        yield from _parens(doc, spans, blanks, group_blanks)
    if dq:
        yield from _quotes(doc, spans, _DQ, '"', "“", "”", "PU006", blanks)
    if sq:
        yield from _quotes(doc, spans, _SQ, "'", "‘", "’", "PU007", blanks)
    if "." in text:
        yield from _full_stops(doc, spans)


# a half-width , ; : or a run of ? ! (one match: ?! ?? !!)
_P1_RUN = re.compile(r"[,;:?!](?:(?<=[?!])[?!]*)?")


def _p1_scan(commas: bool = False) -> re.Pattern[str]:
    """The matches of :data:`_P1_RUN`, with group 1 set on the usual one: a single
    , ; : ? ! right after a Chinese character (:func:`_is_direct`) that is not a
    digit (１,０００ stays), not a colon before // and not a ? ! before another
    one. Such a character is never inside a URL or e-mail address (their
    characters are ASCII and none starts with , ; : ? !), so it is converted
    with confidence 0.97 without looking further. One scan; the class is the
    pattern's first item, so sre skips to the candidates (a top-level
    alternation would be tried at every position). ``commas``: the same
    pattern opening with the literal ``,`` instead of the class, for a text
    holding none of ; : ? ! (the same matches there: its lookbehinds for : ?
    ! fail on a comma either way); sre scans for a literal first character
    several times faster than for a class (~2 against ~5 us a page)."""
    return _p1_scans()[commas]


@lru_cache(maxsize=1)
def _p1_scans() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """:func:`_p1_scan`'s two patterns, compiled together (~1 ms) on first use."""
    # every Han character is direct and none is a digit (test_normalise_props); the
    # punctuation ranges are checked one by one (a few hundred code points)
    punct = {chr(c) for lo, hi in ((0x3000, 0x303F), (0xFF00, 0xFFEF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F))
             for c in range(lo, hi + 1)} | set(_STRICT)
    direct = HAN + _char_class(sorted(c for c in punct if _is_direct(c) and not c.isdigit()))
    rest = f"(?:(?<=[{direct}].)(?!(?<=:)//)(?!(?<=[?!])[?!])()|(?:(?<=[?!])[?!]*)?)"
    return re.compile("[,;:?!]" + rest), re.compile("," + rest)


# a block's single-character edits are listed by (character, confidence), keyed
# by a string (its hash is kept: a tuple's is computed at every look-up): the
# character itself for the usual confidence 0.97, with a "'" for 0.93
_KEY = {(c, conf): c if conf == 0.97 else c + "'" for c in ",;:?!" for conf in (0.97, 0.93)}
_UNKEY = {k: ck for ck, k in _KEY.items()}


def _simple(doc: Document, spans: _Spans, group_blanks: list[int] | None = None) -> Iterator[Proposal]:
    t = doc.text
    n = len(t)
    groups = BlockGroups(doc)
    if group_blanks is not None:
        groups.use_blanks(group_blanks)
    direct = _DIRECT_CACHE.get
    urls = bool(spans.starts)
    lo = hi = 0  # the current block; its single-character edits by (character, confidence)
    block: dict[str, list[Edit]] = {}
    full = _FULL
    # (most pages that hold one of , ; : ? ! hold only commas)
    for m in _p1_scan(not (";" in t or ":" in t or "?" in t or "!" in t)).finditer(t):
        if m.lastindex:  # the usual case: right after a Chinese character (see _p1_scan)
            s = m.start()
            if not lo <= s < hi:
                _flush_simple(groups, block)
                block = {}
                lo, hi = groups.block_range(s)
            c = t[s]
            lst = block.get(c)
            if lst is None:
                block[c] = [Edit(s, s + 1, full[c])]
            else:
                lst.append(Edit(s, s + 1, full[c]))
            continue
        s, e = m.span()
        if urls and spans.inside(s):
            continue
        c = t[s]
        before = t[s - 1] if s else ""
        after = t[e] if e < n else ""
        if c in ",:;":
            if before.isdigit() and after.isdigit():
                continue  # 3,000  10:30  1:2
            if c == ":" and t.startswith("//", e):
                continue
        d = direct(before)
        if d is None:
            d = _is_direct(before)
        if not d:
            d = direct(after)
            if d is None:
                d = _is_direct(after)
        if d:
            conf = 0.97  # a Chinese character right there
        else:
            cl = _chinese_left(t, s - 1) if s else 0
            cr = _chinese_right(t, e) if e < n else 0
            if not (cl or cr):
                continue
            conf = 0.97 if 2 in (cl, cr) else 0.93
        if e == s + 1:
            if not lo <= s < hi:
                _flush_simple(groups, block)
                block = {}
                lo, hi = groups.block_range(s)
            k = _KEY[(c, conf)]
            lst = block.get(k)
            if lst is None:
                block[k] = [Edit(s, e, _FULL[c])]
            else:
                lst.append(Edit(s, e, _FULL[c]))
        else:
            run = t[s:e]
            repl = run.translate(_FULL_TABLE)
            groups.add(_CODES[c], s, e, repl, conf, f"{run}→{repl}")
    _flush_simple(groups, block)
    yield from groups.proposals(_MESSAGES)


def _flush_simple(groups: BlockGroups, block: dict[str, list[Edit]]) -> None:
    for k, edits in block.items():
        c, conf = _UNKEY[k]
        groups.add_many(_CODES[c], edits, conf, _LABELS[c])


def _blanks(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the blank lines (block separators) of a text."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _BLANK.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _by_block(chars: str, t: str, blanks: tuple[list[int], list[int]], half: str
              ) -> Iterator[tuple[int, int, list[tuple[int, str]]]]:
    """The occurrences of the ``chars`` in the blocks (text between blank
    lines) that hold one of the half-width characters ``half`` (only those
    can give a proposal): (block start, block end, [(position, character)])."""
    starts, ends = blanks
    nb = len(starts)
    n = len(t)
    blocks: set[int] = set()
    for c in half:  # literal searches, one per block that holds the character
        i = t.find(c)
        while i >= 0:
            bi = bisect.bisect_right(starts, i)
            blocks.add(bi)
            if bi >= nb:
                break
            i = t.find(c, starts[bi])
    for bi in sorted(blocks):
        bs = ends[bi - 1] if bi > 0 else 0
        be = starts[bi] if bi < nb else n
        yield bs, be, _events(t, chars, bs, be)


def _events(t: str, chars: str, bs: int, be: int) -> list[tuple[int, str]]:
    """[(position, character)] of the ``chars`` in t[bs:be], in position order,
    found with str.find per character (several times faster than a
    character-class regex over Chinese text)."""
    out = []
    find = t.find
    for c in chars:
        i = find(c, bs, be)
        while i >= 0:
            out.append((i, c))
            i = find(c, i + 1, be)
    out.sort()
    return out



def _parens(doc: Document, spans: _Spans, blanks, group_blanks: list[int] | None = None) -> Iterator[Proposal]:
    t = doc.text
    n = len(t)
    stack: list[tuple[int, str]] = []

    def unpaired(pos: int, ch: str):
        if ch not in "()" or spans.inside(pos):
            return None
        inner = _chinese_right(t, pos + 1) if ch == "(" else _chinese_left(t, pos - 1)
        if not inner:
            return None
        return make_proposal(doc, "PU005", f"unpaired half-width {ch!r} next to Chinese -> {_FULL[ch]}",
                             [Edit(pos, pos + 1, _FULL[ch])], confidence=0.8,
                             applicability=Applicability.UNSAFE, evidence={"paired": False})

    groups = BlockGroups(doc)
    if group_blanks is not None:
        groups.use_blanks(group_blanks)
    for _, _, events in _by_block(_PAREN, t, blanks, "()"):
        for p, c in stack:  # the previous paragraph ended
            pr = unpaired(p, c)
            if pr:
                yield pr
        stack = []
        for pos, ch in events:
            if ch in "(（":
                stack.append((pos, ch))
                continue
            if not stack:
                pr = unpaired(pos, ch)
                if pr:
                    yield pr
                continue
            _pair_parens(t, n, spans, stack.pop(), pos, ch, groups)
    for p, c in stack:
        pr = unpaired(p, c)
        if pr:
            yield pr
    yield from groups.proposals(_MESSAGES)


def _pair_parens(t: str, n: int, spans: _Spans, opened: tuple[int, str], pos: int, ch: str,
                 groups: BlockGroups) -> None:
    """Decide one pair of parentheses (at least one half-width)."""
    o, och = opened
    if och == "（" and ch == "）":
        return
    if spans.starts and (spans.inside(o) or spans.inside(pos)):
        return
    # the context is looked at only as far as the decision needs it
    if not (och == "（" or ch == "）"  # the other one of the pair is already full-width
            or _HAN_RE.search(t, o + 1, pos) is not None):  # Chinese inside
        left = _chinese_left(t, o - 1) if o else 0
        right = _chinese_right(t, pos + 1) if pos + 1 < n else 0
        if not (left == 2 or (left and right)  # 规划(2021—2025)
                or (right and not (o and t[o - 1].isascii() and t[o - 1].isalnum()))):  # (1)开展; f(x)的值 stays
            return
    # a pair is routine: the pairs of a paragraph are one proposal
    if och == "(":
        groups.add("PU005", o, o + 1, "（", 0.96, "(→（")
    if ch == ")":
        groups.add("PU005", pos, pos + 1, "）", 0.96, ")→）")


def _quotes(doc: Document, spans: _Spans, chars: str, straight: str,
            opener: str, closer: str, code: str, blanks) -> Iterator[Proposal]:
    t = doc.text
    for bs, be, events in _by_block(chars, t, blanks, straight):
        yield from _pair_block(doc, spans, events, bs, be, straight, opener, closer, code)


def _pair_block(doc: Document, spans: _Spans, events: list[tuple[int, str]], bs: int, be: int,
                straight: str, opener: str, closer: str, code: str) -> Iterator[Proposal]:
    t = doc.text
    # (_by_block gives only blocks that hold a straight quote)
    if _HAN_RE.search(t, bs, be) is None:
        return  # not a Chinese paragraph
    ev = []
    ctxs = []  # per quote: None for a curly one, the context of a straight one
    urls = bool(spans.starts)
    for pos, c in events:
        if c != straight:
            ev.append((pos, c))
            ctxs.append(None)
            continue
        b = t[pos - 1] if pos > bs else "\n"
        a = t[pos + 1] if pos + 1 < be else "\n"
        if (b.isascii() and b.isalnum() and a.isascii() and a.isalnum()) or (urls and spans.inside(pos)):
            continue  # quotes that belong to Latin words (don't, Xi'an, 5"3) are not quotation marks
        ev.append((pos, c))
        ctxs.append((b in _OPEN_BEFORE and a not in _CLOSE_AFTER, a in _CLOSE_AFTER and b not in _OPEN_BEFORE,
                     b in _NO_CLOSE_AFTER, a in _NO_OPEN_BEFORE))
    if ev and len(ev) % 2 == 0 and None not in ctxs and _alternating_cost(ev, ctxs) < 1.5:
        # the common case: straight quotes only, opened and closed in turn, the
        # context agreeing. Any other assignment costs at least 1.5 (an opening
        # inside an open quote 1.5, a closer with nothing open 5, a quote left
        # open 4), so this is exactly what _assign returns, for a fraction of its cost.
        yield make_proposal(
            doc, code, f"straight quotes -> {opener}{closer} ({len(ev) // 2} pair(s), balanced paragraph)",
            [Edit(pos, pos + 1, closer if k & 1 else opener) for k, (pos, _) in enumerate(ev)],
            confidence=0.95, evidence={"paired": True, "balanced": True, "pairs": len(ev) // 2},
        )
        return
    cost, choice = _assign(ev, ctxs, opener, closer)
    decided = []  # (pos, replacement, agrees with context)
    pairs = []
    stack: list[int | None] = []  # index in decided of an open straight quote, None for a curly one
    for (pos, c), ch, cx in zip(ev, choice, ctxs):
        if c == opener:
            stack.append(None)
        elif c == closer:
            if stack:
                stack.pop()
        elif ch == "open":
            stack.append(len(decided))
            decided.append((pos, opener, cx[0], cx[1]))
        else:
            top = stack.pop() if stack else None
            if top is not None:
                pairs.append((top, len(decided)))
            decided.append((pos, closer, cx[1], cx[0]))
    if not decided:
        return
    clean = cost == 0

    def conf(i: int) -> float:
        _, _, agrees, against = decided[i]
        if clean:
            return 0.95
        if against:
            return 0.6
        return 0.9 if agrees or cost <= 2 else 0.6

    if clean:
        yield make_proposal(
            doc, code, f"straight quotes -> {opener}{closer} ({len(pairs)} pair(s), balanced paragraph)",
            [Edit(pos, pos + 1, repl) for pos, repl, _, _ in decided],
            confidence=0.95, evidence={"paired": True, "balanced": True, "pairs": len(pairs)},
        )
        return
    paired = set()
    for i, j in pairs:
        paired.update((i, j))
        c = min(conf(i), conf(j))
        inner = t[decided[i][0] + 1:decided[j][0]]
        if c < 0.9 and 0 < len(inner) <= 10 and not _SENTENCE_PUNCT.search(inner) \
                and not (decided[i][3] or decided[j][3]):
            c = 0.9  # "金融云谷": a short term between two straight quotes, whatever the rest of the block

        yield make_proposal(
            doc, code, f"straight quotes -> {opener}{closer}",
            [Edit(decided[i][0], decided[i][0] + 1, opener), Edit(decided[j][0], decided[j][0] + 1, closer)],
            confidence=c, applicability=Applicability.SAFE if c >= 0.9 else Applicability.UNSAFE,
            evidence={"paired": True, "balanced": False, "cost": cost},
        )
    for i, (pos, repl, _, _) in enumerate(decided):
        if i in paired:
            continue
        c = conf(i)
        yield make_proposal(
            doc, code, f"straight quote -> {repl}", [Edit(pos, pos + 1, repl)],
            confidence=c, applicability=Applicability.SAFE if c >= 0.9 else Applicability.UNSAFE,
            evidence={"paired": False, "balanced": False, "cost": cost},
        )


def _alternating_cost(ev: list[tuple[int, str]], ctxs: list) -> float:
    """Total cost (as :func:`_assign` counts it) of opening and closing the
    straight quotes of ``ev`` in turn."""
    total = 0.0
    at = 0
    for k, ((pos, _), (strong_open, strong_close, no_close, no_open)) in enumerate(zip(ev, ctxs)):
        if k & 1:
            total += (3 if strong_open else 0) + (2.5 if no_close else 0.0) + 0.005 * min(pos - at, 60)
        else:
            total += (3 if strong_close else 0) + (1.5 if no_open else 0.0)
            at = pos
        if total >= 1.5:
            break
    return total


_MAX_DEPTH = 5
_BEAM = 24
_TOTAL = lambda kv: kv[1][0]  # noqa: E731 (a state's total cost, for the beam)


def _assign(ev: list[tuple[int, str]], ctxs: list, opener: str, closer: str) -> tuple[int, list[str]]:
    """:func:`_assign_search`, answered at once for the usual block of two
    quotes where one curly quote is left: “…" (the straight one closes) and
    "…” (it opens). Closing “…" costs at most 3 + 2.5 + 0.5 + 0.3, opening it
    at least 1 + 0.5 + 4 + 4 (inside the “, then both left open), so the
    search always closes it, with the structural cost of closing against the
    context plus 1 for the mixed pair; the same for "…” mirrored (a
    property test compares them with the search)."""
    if len(ev) == 2:
        a, b = ev[0][1], ev[1][1]
        if a == opener and b != opener and b != closer:
            return (3 if ctxs[1][0] else 0) + 1, ["fixed", "close"]
        if b == closer and a != opener and a != closer:
            return (3 if ctxs[0][1] else 0) + 1, ["open", "fixed"]
    elif len(ev) == 1 and ctxs[0] is not None:  # a lone straight quote
        return _assign_one(ctxs[0])
    if not len(ev) & 1:
        found = _assign_in_turn(ev, ctxs, opener, closer)
        if found is not None:
            return found
    return _assign_search(ev, ctxs, opener, closer)


def _assign_one(cx: tuple) -> tuple[int, list[str]]:
    """:func:`_assign_search` for a block holding one quote, a straight one:
    opened (and left open: 4) or closed with nothing open (5), whichever
    costs less with its context, opened on a tie (the search's first state).
    The sums are of halves: exact in floats, as the search adds them."""
    strong_open, strong_close, no_close, no_open = cx
    pen_o = 3 if strong_close else 0
    pen_c = 3 if strong_open else 0
    if pen_o + (1.5 if no_open else 0.0) + 4 <= 5 + pen_c + (2.5 if no_close else 0.0):
        return pen_o + 4, ["open"]
    return 5 + pen_c, ["close"]


def _assign_in_turn(ev: list[tuple[int, str]], ctxs: list, opener: str, closer: str
                    ) -> tuple[int, list[str]] | None:
    """:func:`_assign_search` for an even block whose quotes can open and close
    in turn (every curly opener at an even place, every curly closer at an
    odd one) when doing so costs under 1.25 in all (1.5 less a margin for float rounding): the search's answer then.
    Taking any other choice at a straight quote means closing with nothing
    open (5) or opening inside an open quote (1 + 0.5), and all later costs
    are >= 0, so every other path costs at least 1.5 more than this one's
    prefix: this path is the cheapest state at every step (never cut by the
    beam) and the only cheapest at the end. Its structural cost is 0 (a
    context penalty is 3), plus 1 when a curly quote pairs a straight one.
    None when it does not apply (a property test compares with the search)."""
    total = 0.0
    at = 0
    mixed = False
    opened_straight = False
    choice = []
    for k, ((pos, c), cx) in enumerate(zip(ev, ctxs)):
        if k & 1:  # closes what the quote before opened
            if c == closer:
                if opened_straight:
                    total += 0.5 + 0.005 * min(pos - at, 60)
                    mixed = True
                choice.append("fixed")
            elif c == opener:
                return None
            else:
                strong_open, _, no_close, _ = cx
                total += (3 if strong_open else 0) + (2.5 if no_close else 0.0) + 0.005 * min(pos - at, 60)
                if not opened_straight:
                    total += 0.5
                    mixed = True
                choice.append("close")
        else:
            if c == opener:
                opened_straight = False
                choice.append("fixed")
            elif c == closer:
                return None
            else:
                _, strong_close, _, no_open = cx
                total += (3 if strong_close else 0) + (1.5 if no_open else 0.0)
                opened_straight = True
                choice.append("open")
            at = pos
        if total >= _IN_TURN_LIMIT:
            return None
    return (1 if mixed else 0), choice


# under 1.5 with a margin far above the rounding of the float sums
_IN_TURN_LIMIT = 1.25


def _assign_search(ev: list[tuple[int, str]], ctxs: list, opener: str, closer: str) -> tuple[int, list[str]]:
    """Open or close each straight quote so that the block's quotes (curly ones
    fixed) nest best: a search over the stack of open quotes (beam of the
    best stacks). Structural costs: 3 for going against a clear context
    (，"住所 opens, 。" closes), 5 for a closer with nothing open, 4 for each
    quote left open at the end (quotes running over paragraphs leave one), 1.5
    for opening a quote inside another (“…“…”…” is not the standard nesting);
    softer: 0.5 for a pair of one curly and one straight quote, and 0.005 a
    character of a pair's span, up to 60 (quoted terms
    are short: 围绕“宜居"城市…"断头路” pairs as two terms, 向"软件"升级 inside
    a long “…” nests), 2.5 for closing after 向/在/和…, 1.5 for opening before
    的/了…. Returns (structural cost, [choice per event])."""
    # state: stack of (kind, pos) -> (total, structural, back). A state is kept
    # when new or cheaper than the one there (a dict keeps its first place)
    states: dict[tuple, tuple[float, int, tuple | None]] = {(): (0.0, 0, None)}
    for (pos, c), cx in zip(ev, ctxs):
        nxt: dict[tuple, tuple[float, int, tuple | None]] = {}
        get = nxt.get
        if c == opener:
            item = ("c", pos)
            for st, (total, struct, back) in states.items():
                st = st + (item,)
                if len(st) > _MAX_DEPTH:
                    st = st[1:]
                old = get(st)
                if old is None or total < old[0]:
                    nxt[st] = (total, struct, (back, "fixed"))
        elif c == closer:
            for st, (total, struct, back) in states.items():
                if st:
                    kind, at = st[-1]
                    t = total + (0.0 if kind == "c" else 0.5 + 0.005 * min(pos - at, 60))
                    st = st[:-1]
                else:
                    t = total + 5
                    struct = struct + 5
                old = get(st)
                if old is None or t < old[0]:
                    nxt[st] = (t, struct, (back, "fixed"))
        else:
            strong_open, strong_close, no_close, no_open = cx
            item = ("s", pos)
            pen0 = 3 if strong_close else 0  # opening: against the context
            soft0 = 1.5 if no_open else 0.0
            soft_in = soft0 + 0.5  # (opening inside an open quote)
            soft_out = soft0 + 0.0
            pen_c = 3 if strong_open else 0  # closing
            soft_c = 2.5 if no_close else 0.0
            for st, (total, struct, back) in states.items():
                # open it
                if st:
                    pen = pen0 + 1
                    t = total + pen + soft_in
                    ns = st + (item,)
                    if len(ns) > _MAX_DEPTH:
                        ns = ns[1:]
                else:
                    pen = pen0
                    t = total + pen + soft_out
                    ns = (item,)
                old = get(ns)
                if old is None or t < old[0]:
                    nxt[ns] = (t, struct + pen, (back, "open"))
                # or close it
                if st:
                    kind, at = st[-1]
                    t = total + pen_c + soft_c + ((0.0 if kind == "s" else 0.5) + 0.005 * min(pos - at, 60))
                    ns = st[:-1]
                    sc = struct + pen_c
                else:
                    t = total + 5 + pen_c + soft_c
                    ns = st
                    sc = struct + 5 + pen_c
                old = get(ns)
                if old is None or t < old[0]:
                    nxt[ns] = (t, sc, (back, "close"))
        if len(nxt) > _BEAM:
            nxt = dict(sorted(nxt.items(), key=_TOTAL)[:_BEAM])
        states = nxt
    best = None
    for st, (total, struct, back) in states.items():
        cand = (total + 4 * len(st), struct + 4 * len(st), back)
        if best is None or cand[0] < best[0]:
            best = cand
    assert best is not None
    back = best[2]
    choice: list[str] = []
    while back is not None:
        back, ch = back
        choice.append(ch)
    choice.reverse()
    struct = best[1] + (1 if _has_mixed(ev, choice, opener, closer) else 0)
    return struct, choice


def _has_mixed(ev, choice, opener, closer) -> bool:
    """Does the chosen assignment pair a curly quote with a straight one?"""
    stack: list[str] = []
    for (_, c), ch in zip(ev, choice):
        if c == opener:
            stack.append("c")
        elif c == closer:
            if stack and stack.pop() != "c":
                return True
        elif ch == "open":
            stack.append("s")
        elif stack and stack.pop() != "s":
            return True
    return False


def _full_stops(doc: Document, spans: _Spans) -> Iterator[Proposal]:
    t = doc.text
    n = len(t)
    for m in _ZH_DOT.finditer(t):  # (not every ".": 1.5, www., No. cost a Python step each)
        s = m.start()
        if spans.inside(s):
            continue
        k = s + 1
        while k < n and t[k] in _SP:
            k += 1
        nxt = t[k] if k < n else "\n"
        if not _chinese_left(t, s - 1):
            continue
        if nxt == "\n" or nxt in "”’\"'":
            if nxt in "”’\"'":
                k2 = k + 1
                if not (k2 >= n or t[k2] == "\n"):
                    continue
            yield make_proposal(doc, "PU008", "'.' ends a Chinese paragraph -> 。", [Edit(s, s + 1, "。")],
                                confidence=0.93)
        elif _HAN_RE.match(nxt) and _HAN_RE.match(t[s - 1]):
            yield make_proposal(doc, "PU008", "'.' between Chinese sentences -> 。", [Edit(s, s + 1, "。")],
                                confidence=0.7, applicability=Applicability.UNSAFE)


PASSES = [Pass("punct", ("PU001", "PU002", "PU003", "PU004", "PU005", "PU006", "PU007", "PU008"), _run,
               description="half-width punctuation and straight quotes in Chinese text")]
