"""CH: character-level debris that OCR and converters leave in Chinese text.

- CH001 zero-width, format and control characters are removed;
- CH002 full-width ASCII letters and digits become half-width (１９９８ -> 1998);
- CH003 NBSP, ideographic and other Unicode spaces become ASCII spaces, so that
  the spaces pass (SP) decides about them like about any other space;
- CH004 a dash broken into ``一一``, ``--`` or a mixed pair between Chinese
  text becomes ``——``, and so does a lone ``一`` opening a paragraph before a
  quote on a page whose other list items open with ``——“``;
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


def run_re(body: str) -> re.Pattern[str]:
    """A run of the character class ``body``. Written ``[c][c]*``, not ``[c]+``:
    sre scans fast for a pattern whose first item is a class, while one that
    starts with a repeat is tried at every position (about twice as slow)."""
    return re.compile(f"[{body}][{body}]*")


@lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    invisible = [
        chr(c) for lo, hi in _INVISIBLE_RANGES for c in range(lo, hi + 1)
        if _ud.category(chr(c)) in ("Cc", "Cf") and chr(c) not in _KEEP_CTRL
    ]
    spaces = [chr(c) for c in range(0x80, 0x10000) if _ud.category(chr(c)) == "Zs"]
    return {"invisible": _char_class(invisible), "spaces": _char_class(spaces)}


@lru_cache(maxsize=1)
def _tables() -> dict[str, re.Pattern[str]]:
    return {k: run_re(v) for k, v in _classes().items()}


_FW_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_FW_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_ASCII_ALNUM = re.compile(b"[0-9A-Za-z]")  # searched in the page's ASCII characters
_FW_RUN = re.compile(f"[{_FW_ALNUM}][{_FW_ALNUM}]*(?:．[０-９]+)*(?:(?<=[０-９])％)?")

# dash-like characters an OCR or converter may put where —— was printed
_DASHLIKE = "-\uff0d\u2010\u2011\u2012\u2013\u2014\u2015\u2500\u4e00"
# the rare ones: found by the master scan; pairs with 一 or ASCII - are found by literal search
_RARE_DASH = "\uff0d\u2010\u2011\u2012\u2013\u2015\u2500"
_DASH_SEEDS = ("一一", "--", "—一", "一—", "—-", "-—")
# a lone 一 before a quote: a list item's dash misread (_lone_dashes), when it opens a paragraph
_LONE_SEEDS = ('一"', "一“")
_CJK_CTX = re.compile(f"[{CHINESE}{SHARED_PUNCT}]")
_HAN_RE = re.compile(f"[{HAN}]")
_OPENERS = "“‘\"'《（(「『【〈"
_BOUNDARY_PUNCT = "，。、；：？！（《【「『〈,;:?!"

# ellipsis debris: ASCII dots, middle dots, ideographic full stops, full-width points
_ELLIPSIS_SEEDS = ("...", "···", "・・・", "･･･", "•••", "。。。", "．．．")
_ELLIPSIS = re.compile(r"\.\.\.+|···+|・・・+|･･･+|•••+|。。。+|．．．+")


@lru_cache(maxsize=1)
def _master() -> re.Pattern[str]:
    """One character class for everything this pass looks at that is rare in clean
    text: invisible/control characters, Unicode spaces, full-width letters and
    digits, rare dash characters. One scan of the page finds them all."""
    cls = _classes()
    return run_re(f"{cls['invisible']}{cls['spaces']}{_FW_ALNUM}{_RARE_DASH}")


@lru_cache(maxsize=2)
def _master_seeds(fw: bool = True) -> re.Pattern[str]:
    """The runs of :func:`_master` (without full-width letters and digits when
    not ``fw``) and the seeds of CH004 and CH005 (:data:`_SEEDS`, group 1), in
    one scan of the page. The first item is one class of both (sre skips to
    the candidates); a lookbehind on the character it took tells a run from a
    seed, and a seed's second character is checked first (the common 一 and 。
    are seldom followed by another seed character). The seed characters are
    none of the run's, so the runs and the seeds are those of the two patterns."""
    cls = _classes()
    run = f"{cls['invisible']}{cls['spaces']}{_FW_ALNUM if fw else ''}{_RARE_DASH}"
    every = _DASH_SEEDS + _LONE_SEEDS + _ELLIPSIS_SEEDS
    firsts = list(dict.fromkeys(x[0] for x in every))
    seconds = {x[1] for x in every}
    # per first character, its seeds' rests in _SEEDS's order (the one sre tries first wins)
    alts = "|".join(
        f"(?<={re.escape(f)})(?:{'|'.join(re.escape(x[1:]) for x in every if x[0] == f)})"
        for f in firsts)
    seed_cls = _char_class(firsts)
    assert not re.search(f"[{run}]", "".join(firsts))
    return re.compile(f"[{run}{seed_cls}](?:(?<=[{run}])[{run}]*|(?=[{_char_class(sorted(seconds))}])(?:{alts})())")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_CTX.match(ch) is not None


def _is_han(ch: str) -> bool:
    return bool(ch) and _HAN_RE.match(ch) is not None


class BlockGroups:
    """Edits of mechanical SAFE rules, grouped into one proposal per rule and
    block (text between blank lines): a reviewable unit ("7 half-width commas
    in this paragraph") that keeps the number of proposals, and their cost,
    proportional to paragraphs rather than to characters.

    A group remembers whether its edits came in order (each one starting at
    or after the end of the one before: sorted by span and not overlapping,
    what ``make_proposal`` checks); such a group, the usual one, becomes a
    ``Proposal`` without ``make_proposal``'s keyword call, checks and copies
    (about 0.5 us of its 1.2), the others go through it."""

    __slots__ = ("doc", "_ends", "_bounds", "_lo", "_hi", "_bi", "groups")
    _BLANK = re.compile(r"\n[ \t\u00a0\u3000]*\n")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._ends: list[int] | None = None  # starts of the blank lines
        self._bounds = None  # or the caller's blocks (use_bounds)
        self._lo = self._hi = 0  # the current block: positions _lo <= pos < _hi
        self._bi = 0
        self.groups: dict[tuple[str, int, Applicability], list] = {}

    def use_blanks(self, starts: list[int]) -> None:
        """Blocks from the starts of the caller's blank-line matches (any partition
        of the text at blank lines will do; this saves a scan)."""
        if self._ends is None:
            self._ends = starts

    def use_bounds(self, bounds) -> None:
        """Blocks from the caller's ``bounds(text, pos) -> (lo, hi)``: the block
        holding ``pos`` is lo <= p < hi and is named by lo. Any partition of
        the text at blank lines gives the same groups to edits off the blank
        lines (here: a page whose blank lines are empty); before the first edit."""
        self._bounds = bounds

    def enter(self, lo: int, hi: int) -> None:
        """The next edits are in the block lo..hi of the caller's bounds (use_bounds)."""
        self._lo = self._bi = lo
        self._hi = hi

    def block_range(self, pos: int) -> tuple[int, int]:
        """(lo, hi): the positions lo <= p < hi of the block holding ``pos``."""
        if not self._lo <= pos < self._hi:
            self._locate(pos)
        return self._lo, self._hi

    def _locate(self, pos: int) -> None:
        if self._bounds is not None:
            self._lo, self._hi = self._bounds(self.doc.text, pos)
            self._bi = self._lo
            return
        ends = self._ends
        if ends is None:
            ends = self._ends = [m.start() for m in self._BLANK.finditer(self.doc.text)]
        i = bisect.bisect_left(ends, pos)  # block i: ends[i-1] < pos <= ends[i]
        self._bi = i
        self._lo = ends[i - 1] + 1 if i else 0
        self._hi = ends[i] + 1 if i < len(ends) else 1 << 62

    def add(self, code: str, start: int, end: int, repl: str, conf: float, label: str,
            applicability: Applicability = Applicability.SAFE) -> None:
        if not self._lo <= start < self._hi:
            self._locate(start)
        key = (code, self._bi, applicability)
        g = self.groups.get(key)
        if g is None:
            self.groups[key] = [[Edit(start, end, repl)], conf, {label: 1}, True]
            return
        edits = g[0]
        if edits[-1].end > start:
            g[3] = False  # (not in order: make_proposal sorts and checks them)
        edits.append(Edit(start, end, repl))
        if conf < g[1]:
            g[1] = conf
        labels = g[2]
        labels[label] = labels.get(label, 0) + 1

    def add_many(self, code: str, edits: list[Edit], conf: float, label: str,
                 applicability: Applicability = Applicability.SAFE) -> None:
        """Add edits of one block that share rule, confidence and label, in
        order (each one starting at or after the end of the one before). The
        list becomes the group's when the group is new: the caller hands it over."""
        start = edits[0].start
        if not self._lo <= start < self._hi:
            self._locate(start)
        key = (code, self._bi, applicability)
        g = self.groups.get(key)
        if g is None:
            self.groups[key] = [edits, conf, {label: len(edits)}, True]
            return
        if g[0][-1].end > start:
            g[3] = False
        g[0] += edits
        if conf < g[1]:
            g[1] = conf
        labels = g[2]
        labels[label] = labels.get(label, 0) + len(edits)

    def proposals(self, messages: dict[str, str]) -> Iterator[Proposal]:
        doc = self.doc
        text = doc.text
        n = len(text)
        for (code, _, appl), (edits, conf, labels, in_order) in self.groups.items():
            if len(labels) == 1:  # (the usual group: one kind of edit; no generator to join)
                for k, v in labels.items():
                    what = f"{k} ×{v}" if v > 1 else k
            else:
                what = ", ".join(f"{k} ×{v}" if v > 1 else k for k, v in labels.items())
            evidence = {"edits": len(edits), "what": labels}
            if in_order and edits[-1].end <= n and conf.__class__ is float and 0.0 < conf <= 1.0 \
                    and appl.__class__ is Applicability:
                # what make_proposal gives for edits in order (sorted, not overlapping, within the text)
                yield Proposal(code, f"{messages[code]}: {what}", tuple(edits), conf, appl, None, evidence, "",
                               text)
            else:
                yield make_proposal(doc, code, f"{messages[code]}: {what}", edits, confidence=conf,
                                    applicability=appl, evidence=evidence)


_MESSAGES = {
    "CH001": "remove invisible/control characters",
    "CH002": "full-width letters/digits -> half-width",
    "CH003": "Unicode spaces -> ASCII spaces",
}
_SPACE_NAMES = {"\u00a0": "NBSP", "\u3000": "ideographic space"}
_FW_STYLE = "the page's own full-width style"
# the literal seeds of CH004 (dash pairs, a lone 一 before a quote) and CH005 (ellipses), as one pattern (what
# _master_seeds finds in the same scan as the runs; the property tests compare them)
_SEEDS = re.compile("|".join(re.escape(x) for x in _DASH_SEEDS + _LONE_SEEDS + _ELLIPSIS_SEEDS))
_DASH_SEED_SET = frozenset(_DASH_SEEDS)
_LONE_SEED_SET = frozenset(_LONE_SEEDS)
_NOT_ELLIPSIS = _DASH_SEED_SET | _LONE_SEED_SET


def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    text = doc.text
    # the fast exit (most pages, and every re-run on a cleaned page): one
    # C-level scan finds nothing this pass looks at
    first = _master_seeds().search(text)
    if first is None:
        return
    if not has_chinese(text):
        return
    seeds: list[str] = []
    rare_dash = yield from _master_runs(doc, text, first.start(), seeds)
    if rare_dash or any(x in _DASH_SEED_SET for x in seeds):
        yield from _dashes(doc, ctx)
    if seeds and not all(x in _NOT_ELLIPSIS for x in seeds):
        yield from _ellipses(doc, text)
    if any(x in _LONE_SEED_SET for x in seeds):
        yield from _lone_dashes(doc, text)


def _master_runs(doc: Document, text: str, start: int, seeds: list[str]):
    """CH001-CH003 over the runs of the master class from ``start``, and the
    CH004/CH005 seeds from there added to ``seeds`` (:func:`_master_seeds`);
    returns whether a rare dash character was seen (for CH004)."""
    tab = _tables()
    inv_re = tab["invisible"]
    sp_re = tab["spaces"]
    n = len(text)
    groups = BlockGroups(doc)
    fw_style = None  # does the page write all its digits/letters full-width?
    rare_dash = False
    done = 0
    runs = _master_seeds().finditer(text, start)
    while runs is not None:
        it, runs = runs, None
        for m in it:
            if m.lastindex:
                seeds.append(m.group())
                continue
            s, e = m.span()
            i = max(s, done)
            while i < e:  # split the run into its kinds
                c = text[i]
                if "\uff10" <= c <= "\uff5a":
                    if fw_style is None:
                        fw_style = _ASCII_ALNUM.search(text.encode("ascii", "ignore")) is None
                        if fw_style:
                            # the page writes every digit and letter full-width: its own
                            # style, not debris. Offered (UNSAFE) as ONE proposal for the
                            # page (the evidence is the page); the scan goes on without
                            # full-width letters and digits.
                            yield _fw_style_proposal(doc, text, i)
                            runs = _master_seeds(False).finditer(text, i)
                            break
                    # letters and digits, a full-width point between digits, a percent sign after one
                    fw = _FW_RUN.match(text, i)
                    if fw is None:  # a full-width symbol between the letters (＿, ［): not ours
                        i += 1
                        continue
                    j = fw.end()
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
                    rare_dash = True
                i = j
            if runs is not None:
                break
    yield from groups.proposals(_MESSAGES)
    return rare_dash


def _fw_style_proposal(doc: Document, text: str, start: int) -> Proposal:
    p = _StyleOffer("CH002", None, None, 0.8, Applicability.UNSAFE, None, None, "", text)
    p._src, p._from = text, start
    return p


def _lazy_slot(slot, make):
    """A property over the dataclass slot ``slot`` whose value, left None at
    construction, is ``make(self)`` when first read."""

    def get(self):
        v = slot.__get__(self)
        if v is None:
            v = make(self)
            slot.__set__(self, v)
        return v

    return property(get, slot.__set__)


def _style_edits(p: "_StyleOffer") -> tuple[Edit, ...]:
    tr = _FW_TABLE
    eds = tuple(Edit(m.start(), m.end(), m.group().translate(tr)) for m in _FW_RUN.finditer(p._src, p._from))
    p._src = None
    return eds


class _StyleOffer(Proposal):
    """The CH002 offer of a page that writes every digit and letter full-width:
    one edit per run of full-width letters and digits from ``_from`` on. Its
    edits, message and evidence are built when first read: the offer is
    UNSAFE, and the fix loop (which re-runs the pass after every change of
    the page) never reads them on a proposal its policy does not apply, so
    they are built once for the page at most (for the pending list, a review,
    --unsafe-fixes) instead of on every run."""

    __slots__ = ("_src", "_from")

    edits = _lazy_slot(Proposal.edits, _style_edits)  # type: ignore[assignment]
    message = _lazy_slot(  # type: ignore[assignment]
        Proposal.message, lambda p: f"{_MESSAGES['CH002']}: {_FW_STYLE} ({len(p.edits)} runs on the page)")
    evidence = _lazy_slot(  # type: ignore[assignment]
        Proposal.evidence, lambda p: {"edits": len(p.edits), "what": {_FW_STYLE: len(p.edits)}})


def _ellipses(doc: Document, text: str) -> Iterator[Proposal]:
    n = len(text)
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


_DASH_PAIR = re.compile(f"[{_DASHLIKE}][{_DASHLIKE}]")


def _dashes(doc: Document, ctx: Context) -> Iterator[Proposal]:
    text = doc.text
    n = len(text)
    params = ctx.params("CH004")
    not_dash = tuple(params.get("yiyi_words_after", ()))
    para_kind = None
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


# a paragraph's first line opening with a dash (or a dash CH004 mends) before a quote
_DASH_ITEM = re.compile('(?m)^[ \t]*(?:——|一一|--|—一|一—|－－|――)["“]')
_LONE_YI = re.compile('(?m)^[ \t]*(一)["“]')


def _lone_dashes(doc: Document, text: str) -> Iterator[Proposal]:
    """CH004: a lone 一 opening a paragraph before an opening quote, on a page
    where another paragraph opens with a dash before a quote, is that dash
    misread (——“借船出海”，… | 一“筑巢引凤”，… | ——“借梯登高”，…: items of
    one list). A paragraph opens after a blank line or a line that ends a
    sentence; without such an item on the page nothing is proposed."""
    item = _DASH_ITEM.search(text)
    if item is None:
        return
    for m in _LONE_YI.finditer(text):
        ls = m.start()
        if ls:
            prev = text[text.rfind("\n", 0, ls - 1) + 1:ls - 1].rstrip()
            if prev and prev[-1] not in "。！？!?”…":
                continue  # inside a paragraph: 一 is the numeral (…迈出了\n一“大”步)
        s = m.start(1)
        yield make_proposal(
            doc, "CH004", "'一' opening a list item before a quote, as the page's dash-led items -> ——",
            [Edit(s, s + 1, "——")], confidence=0.92, applicability=Applicability.SAFE,
            evidence={"item": item.group().strip()})


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
