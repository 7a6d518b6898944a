"""CH: character-level debris that OCR and converters leave in Chinese text.

- CH001 zero-width, format and control characters are removed;
- CH002 full-width ASCII letters and digits become half-width (１９９８ -> 1998);
- CH003 NBSP, ideographic and other Unicode spaces become ASCII spaces, so that
  the spaces pass (SP) decides about them like about any other space;
- CH004 a dash broken into ``一一``, ``--`` or a mixed pair between Chinese
  text becomes ``——``;
- CH005 ``......``, ``······``, ``。。。`` become ``……``.

Never a whole-text NFKC (it would turn ， into ,): every change is a
proposal over one run of characters found by a compiled regex. Character
properties come from ``unicodedata2`` (current Unicode data, not the
interpreter's). The pass proposes nothing on a text without Chinese
(:func:`cleanup.charclass.has_chinese`).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterator

from ..charclass import CHINESE, HAN, SHARED_PUNCT, has_chinese
from ..model import Applicability, Document, Edit, Proposal, make_proposal
from ..pipeline import Context, Pass

try:  # current Unicode data; the stdlib module is the fallback
    import unicodedata2 as _ud
except ImportError:  # pragma: no cover
    import unicodedata as _ud

# code point ranges whose Cc/Cf characters are debris in running text; other
# scripts' format characters (Arabic number signs, emoji tag sequences) are left alone
_INVISIBLE_RANGES = ((0x0000, 0x009F), (0x00AD, 0x00AD), (0x180E, 0x180E), (0x2000, 0x206F),
                     (0xFEFF, 0xFEFF), (0xFFF0, 0xFFFB))
_KEEP_CTRL = {"\n", "\t", "\r"}
_JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ: kept between non-Chinese, non-ASCII letters (emoji, Indic)


def _char_class(chars: list[str]) -> str:
    """A regex character class body for a list of characters (ranges merged)."""
    cps = sorted({ord(c) for c in chars})
    out = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = cps[i], cps[j]
        out.append(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}")
        i = j + 1
    return "".join(out)


@lru_cache(maxsize=1)
def _tables() -> dict[str, re.Pattern[str]]:
    invisible = [
        chr(c) for lo, hi in _INVISIBLE_RANGES for c in range(lo, hi + 1)
        if _ud.category(chr(c)) in ("Cc", "Cf") and chr(c) not in _KEEP_CTRL
    ]
    spaces = [chr(c) for c in range(0x80, 0x10000) if _ud.category(chr(c)) == "Zs"]
    return {
        "invisible": re.compile(f"[{_char_class(invisible)}]+"),
        "spaces": re.compile(f"[{_char_class(spaces)}]+"),
    }


_FW_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_FW_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FW_DIGITS = "０１２３４５６７８９"
_ASCII_ALNUM = re.compile("[0-9A-Za-z]")
_FW_RUN = re.compile(f"[{_FW_ALNUM}]+(?:．[０-９]+)*(?:(?<=[０-９])％)?")

# dash-like characters an OCR or converter may put where —— was printed
_DASHLIKE = "-\uff0d\u2010\u2011\u2012\u2013\u2014\u2015\u2500\u4e00"
# the rare ones: found by the master scan; pairs with 一 or ASCII - are found by literal search
_RARE_DASH = "\uff0d\u2010\u2011\u2012\u2013\u2015\u2500"
_DASH_SEEDS = ("一一", "--", "—一", "一—", "—-", "-—")
_CJK_CTX = re.compile(f"[{CHINESE}{SHARED_PUNCT}]")
_HAN_RE = re.compile(f"[{HAN}]")
_OPENERS = "“‘\"'《（(「『【〈"
_BOUNDARY_PUNCT = "，。、；：？！（《【「『〈,;:?!"

# ellipsis debris: ASCII dots, middle dots, ideographic full stops, full-width points
_ELLIPSIS_SEEDS = ("...", "···", "・・・", "･･･", "•••", "。。。", "．．．")
_ELLIPSIS = re.compile(r"\.{3,}|·{3,}|・{3,}|･{3,}|•{3,}|。{3,}|．{3,}")


@lru_cache(maxsize=1)
def _master() -> re.Pattern[str]:
    """One character class for everything this pass looks at that is rare in clean
    text: invisible/control characters, Unicode spaces, full-width letters and
    digits, rare dash characters. One scan of the page finds them all."""
    tab = _tables()
    inv = tab["invisible"].pattern[1:-2]
    sp = tab["spaces"].pattern[1:-2]
    return re.compile(f"[{inv}{sp}{_FW_ALNUM}{_RARE_DASH}]+")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_CTX.match(ch) is not None


def _is_han(ch: str) -> bool:
    return bool(ch) and _HAN_RE.match(ch) is not None


class BlockGroups:
    """Edits of mechanical SAFE rules, grouped into one proposal per rule and
    block (text between blank lines): a reviewable unit ("7 half-width commas
    in this paragraph") that keeps the number of proposals, and their cost,
    proportional to paragraphs rather than to characters."""

    _BLANK = re.compile(r"\n[ \t\u00a0\u3000]*\n")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._ends: list[int] | None = None
        self.groups: dict[tuple[str, int], list] = {}

    def _block(self, pos: int) -> int:
        if self._ends is None:
            self._ends = [m.start() for m in self._BLANK.finditer(self.doc.text)]
        return bisect.bisect_left(self._ends, pos)

    def add(self, code: str, start: int, end: int, repl: str, conf: float, label: str,
            applicability: Applicability = Applicability.SAFE) -> None:
        key = (code, self._block(start), applicability)
        g = self.groups.get(key)
        if g is None:
            self.groups[key] = [[Edit(start, end, repl)], conf, {label: 1}]
            return
        g[0].append(Edit(start, end, repl))
        if conf < g[1]:
            g[1] = conf
        g[2][label] = g[2].get(label, 0) + 1

    def proposals(self, messages: dict[str, str]) -> Iterator[Proposal]:
        for (code, _, appl), (edits, conf, labels) in self.groups.items():
            what = ", ".join(f"{k} ×{v}" if v > 1 else k for k, v in labels.items())
            yield make_proposal(self.doc, code, f"{messages[code]}: {what}", edits, confidence=conf,
                                applicability=appl, evidence={"edits": len(edits), "what": labels})


_MESSAGES = {
    "CH001": "remove invisible/control characters",
    "CH002": "full-width letters/digits -> half-width",
    "CH003": "Unicode spaces -> ASCII spaces",
}
_SPACE_NAMES = {"\u00a0": "NBSP", "\u3000": "ideographic space"}


def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    text = doc.text
    if not has_chinese(text):
        return
    tab = _tables()
    inv_re = tab["invisible"]
    sp_re = tab["spaces"]
    n = len(text)
    groups = BlockGroups(doc)
    fw_style = None  # does the page write all its digits/letters full-width?
    done = 0
    for m in _master().finditer(text):
        s, e = m.span()
        i = max(s, done)
        while i < e:  # split the run into its kinds
            c = text[i]
            if "\uff10" <= c <= "\uff5a":
                # letters and digits, a full-width point between digits, a percent sign after one
                fw = _FW_RUN.match(text, i)
                if fw is None:  # a full-width symbol between the letters (＿, ［): not ours
                    i += 1
                    continue
                j = fw.end()
                if fw_style is None:
                    fw_style = _ASCII_ALNUM.search(text) is None
                if fw_style:
                    # the page writes every digit and letter full-width: its own style, not debris
                    groups.add("CH002", i, j, text[i:j].translate(_FW_TABLE), 0.8,
                               "the page's own full-width style", Applicability.UNSAFE)
                else:
                    groups.add("CH002", i, j, text[i:j].translate(_FW_TABLE), 0.98, text[i:j])
                if j > e:
                    e = done = j  # the run went past the master match (．５％)
            elif inv_re.match(c):
                j = inv_re.match(text, i, e).end()
                _invisible(text, n, i, j, groups)
            elif sp_re.match(c):
                j = sp_re.match(text, i, e).end()
                names = {_SPACE_NAMES.get(x, f"U+{ord(x):04X}") for x in text[i:j]}
                groups.add("CH003", i, j, " " * (j - i), 0.99, "/".join(sorted(names)))
            else:
                j = i + 1  # a rare dash character: handled with the dash pairs
            i = j
    yield from groups.proposals(_MESSAGES)
    yield from _dashes(doc, ctx)
    if any(seed in text for seed in _ELLIPSIS_SEEDS):
        for m in _ELLIPSIS.finditer(text):
            s, e = m.span()
            before = text[s - 1] if s else ""
            after = text[e] if e < n else ""
            if m.group()[0] != "。" and not (_is_cjk(before) or _is_cjk(after)):
                continue  # "..." in Latin text, 1...10
            yield make_proposal(
                doc, "CH005", f"{m.group()!r} -> ……", [Edit(s, e, "……")], confidence=0.95,
            )


def _invisible(text: str, n: int, s: int, e: int, groups: BlockGroups) -> None:
    run = text[s:e]
    if all(c in _JOINERS for c in run):
        before = text[s - 1] if s else ""
        after = text[e] if e < n else ""
        if not (_is_cjk(before) or _is_cjk(after) or before.isascii() or after.isascii()):
            return  # a joiner inside an emoji or an Indic/Arabic word
    groups.add("CH001", s, e, "", 0.99, " ".join(f"U+{ord(c):04X}" for c in run))


_DASH_PAIR = re.compile(f"[{_DASHLIKE}]{{2}}")


def _dashes(doc: Document, ctx: Context) -> Iterator[Proposal]:
    text = doc.text
    n = len(text)
    params = ctx.params("CH004")
    not_dash = tuple(params.get("yiyi_words_after", ()))
    para_kind = None
    if not (any(seed in text for seed in _DASH_SEEDS) or re.search(f"[{_RARE_DASH}]", text)):
        return
    for m in _DASH_PAIR.finditer(text):
        pair = m.group()
        if pair == "——":
            continue
        s, e = m.span()
        if (s and text[s - 1] in _DASHLIKE) or (e < n and text[e] in _DASHLIKE):
            continue  # part of a longer run (————, 一一一)
        before = text[s - 1] if s else "\n"
        after = text[e] if e < n else "\n"
        left_open = before in "\n \t" or before in _BOUNDARY_PUNCT or before in "“‘\"'"
        right_open = after in _OPENERS
        han_l, han_r = _is_han(before), _is_han(after)
        cjk_l, cjk_r = _is_cjk(before), _is_cjk(after)
        conf = 0.0
        if "一" not in pair:
            # --, －－, ―― ... : a dash when Chinese is on one side and nothing Latin on the other
            if (cjk_l or cjk_r) and not (before.isascii() and before.isalnum()) \
                    and not (after.isascii() and after.isalnum()):
                conf = 0.95
            elif (cjk_l or cjk_r) and left_open and right_open:
                conf = 0.95
        elif pair != "一一":
            # a Han 一 next to a dash character: a dash broken by the OCR
            other = pair.replace("一", "", 1)
            if other in "—―─" and (cjk_l or cjk_r or before in "\n "):
                conf = 0.93
            elif cjk_l or cjk_r:
                conf = 0.6
        else:
            # 一一 is also an adverb (一一列举, 逐项一一落实): only clear dash positions
            word_after = text[s:s + 4]
            if any(word_after.startswith(w) for w in not_dash):
                continue
            if left_open and right_open:
                conf = 0.95  # ——“借梯登高”, ：——《...
            elif han_l and right_open:
                conf = 0.85  # 内涵一一“中国云谷”
            elif left_open and han_r:
                if para_kind is None:
                    para_kind = _kinds_at(doc)
                kind = para_kind(s)
                conf = 0.93 if kind == "kicker" and _para_start(text, s) else 0.6
            elif han_l and han_r:
                # 呼和浩特一一合肥 (a dash between place names) or 逐项一一落实 (the adverb)
                if _place_either_side(text, s, e):
                    conf = 0.6
            elif han_l and (after in "\n" or after in "，。；：？！、”’"):
                conf = 0.6
        if conf <= 0:
            continue
        yield make_proposal(
            doc, "CH004", f"{pair!r} used as a dash -> ——", [Edit(s, e, "——")],
            confidence=conf,
            applicability=Applicability.SAFE if conf >= 0.9 else Applicability.UNSAFE,
            evidence={"before": before, "after": after},
        )


def _place_either_side(text: str, s: int, e: int) -> bool:
    """Is the word before ``s`` or after ``e`` (longest lexicon match) a place name?"""
    from ..lexicon import get_lexicon

    lx = get_lexicon()
    tags = lx.tags
    freq = lx.freq
    for k in range(min(lx.max_len, 6), 1, -1):
        w = text[max(0, s - k):s]
        if len(w) == k and w in freq:
            if tags.get(w) == "ns":
                return True
            break
    for k in range(min(lx.max_len, 6), 1, -1):
        w = text[e:e + k]
        if len(w) == k and w in freq:
            return tags.get(w) == "ns"
    return False


def _para_start(text: str, pos: int) -> bool:
    """Only spaces between the start of the line and ``pos``."""
    ls = text.rfind("\n", 0, pos) + 1
    return not text[ls:pos].strip()


def _kinds_at(doc: Document):
    import bisect

    paras = doc.paragraphs
    starts = [p.start for p in paras]

    def kind(pos: int) -> str:
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0 or pos > paras[i].end:
            return "body"
        return paras[i].kind

    return kind


PASSES = [Pass("chars", ("CH001", "CH002", "CH003", "CH004", "CH005"), _run,
               description="control characters, full-width letters/digits, Unicode spaces, dashes, ellipses")]
