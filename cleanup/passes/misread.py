"""MR: misread characters (OCR swapped a character for a visually similar one).

Evidence, each a rule (``rules/misread.toml``):

* MR001 known pairs: ``wrong -> right`` pairs an editor lists, with context
  conditions and counterexamples (个人库存 is not 入库).
* MR002 lexicon: a character that forms no word with its neighbours, where a
  visually similar character forms a lexicon word (jieba's dictionary plus the
  user lexicons in ``rules/lexicon``) and makes the window's best
  segmentation much cheaper (敖勒川 -> 敕勒川).
* MR003 consistency: a name or term that recurs on the page or in the corpus
  (贺海东 x10) and a rare variant one visually similar character away
  (贾海东 x1): the frequent form is proposed, with both counts.
* MR004 lexicon, unlisted pair: as MR002, but the two characters are in no
  confusion set; always for review.
* MR005 context (noisy channel): at isolated characters and next to them,
  any character that may look alike (a listed pair, or close four-corner
  codes, radical and stroke counts) and forms a lexicon word there that makes
  the window read better is a candidate; a logistic model over the gain, the
  visual similarity, the word's length and frequencies gives the confidence.
  Always for review (UNSAFE), never SAFE; the weak tier sits under the rule's
  minimum confidence. Where MR002/MR004 propose too, the more confident wins.

Editors' terms (user lexicon, 3+ characters) are also found from an intact
bigram, so a misread that happens to combine with a neighbour is still seen
(MR002).

How candidate positions are found without a per-character Python loop: the
text's character bigrams are tested against the set of bigrams that occur
inside lexicon words (``map`` over the text, in C), and so is each character
against the set of "suspect" characters (Han, and not a very frequent
single-character word). Big-integer bit operations over those byte masks give
the isolated suspects: characters that combine with neither neighbour. Only
there does Python code run: a lookup of "masked" windows (the window with the
suspect blanked out) in an index of lexicon words, and a small max-probability
segmentation of the window before and after the replacement.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import compress, repeat
from operator import add, mul
from typing import Any, Iterable, Iterator

from ..charclass import HAN, is_han
from ..confusion import Confusion, get_confusion
from ..lexicon import PAIR_MIN_FREQ, Lexicon, get_lexicon
from ..model import Applicability, Document, Edit, Proposal, make_proposal
from ..pipeline import Context, Pass

CODES = ("MR001", "MR002", "MR003", "MR004", "MR005")

# -- tuning (see docs/misread.md; measured with bench/bench_misread.py) -------
FUNC_FREQ = 20_000      # single characters at least this frequent are never suspects
BIGRAM_MIN_FREQ = PAIR_MIN_FREQ  # (3) lexicon words that define "these two characters combine"
FILL_MIN_FREQ = 5       # lexicon words that may be proposed as a correction
MAX_FILL_LEN = 4        # longest window (in characters) matched against the lexicon
SEG_MAX_WORD = 7        # longest word the segmentation window considers
SEG_RADIUS = 4          # characters each side of the suspect in the segmentation window
USER_COST_FREQ = 1000   # user-lexicon entries count as this frequent in segmentation
MIN_GAIN = 4.0          # nats: the correction must make the window at least this much likelier
SAFE_MIN_LEN = 3        # shortest word a SAFE fix may form
SAFE_GAIN = 10.0        # nats: ... and this much for a SAFE fix
POST_CONFIDENCE = 0.92  # a person's name right after the post the lexicon lists for that person
MAX_EVAL = 2            # candidates per position that get a full segmentation
UNLISTED_MIN_LEN = 3    # shortest word an unlisted pair (MR004) may form
CONS_MIN_COUNT = 3      # MR003: the frequent form occurs at least this often
CONS_MIN_RATIO = 2.0    # ... and this many times as often as the variant
CONS_SAFE_COUNT = 5
CONS_SAFE_RATIO = 5.0
MAX_TERMS = 120_000     # MR003: recurring terms a corpus keeps (~350 bytes each with the index)
ANCHOR_MAX_FREQ = 2000  # a bigram this frequent as a word anchors no editor's term
PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
CTX_MIN_LOCAL = 4.0     # MR005: nats a candidate word must save over its span before a full check
CTX_EVAL = 2            # MR005: candidates per position that get a full segmentation
CTX_MIN_GAIN = 1.0      # MR005: nats the whole window must gain
CTX_NEIGHBOUR_WORD_FREQ = 100  # MR005: a neighbour in a word this frequent with its other neighbour is left alone
CTX_FLOOR = 0.05        # MR005: proposals less likely than this are never built
CTX_MAX_CONFIDENCE = 0.9  # MR005 is never certain
DEGREE_MIN_FREQ = 100  # a single-character word this frequent after a degree adverb ends a clause
TOPIC_MIN_OTHERS = 2    # a character the page uses this many more times ...
TOPIC_RATIO = 4.0       # ... and this many times as often as running text is the page's own

_BLANK = "\x00"
_ZEROS = repeat(0)  # dict.get's default, for map()
_LEFT_HAN = re.compile(f"[{HAN}]{{0,{SEG_RADIUS + 1}}}\\Z")
_RIGHT_HAN = re.compile(f"[{HAN}]{{0,{SEG_RADIUS + 1}}}")
_ONE = re.compile(b"\x01")
_HAN_ONLY = re.compile(f"[{HAN}]+")
_RUN_LEFT = re.compile(f"[{HAN}]*\\Z")
_RUN_RIGHT = re.compile(f"[{HAN}]*")
_NAME_MARK = re.compile(f"（(?:女|[{HAN}]{{1,3}}族)）")
# -- the model: lexicon + confusion + derived indexes ---------------------------
class Model:
    """Indexes derived from the lexicon, built once per process."""

    def __init__(self, lx: Lexicon, conf: Confusion) -> None:
        self.lx = lx
        self.conf = conf
        self.logtotal = lt = math.log(max(lx.total, 1))
        freq = lx.freq
        user = lx.user
        tags = lx.tags
        log = math.log
        cap = USER_COST_FREQ
        # -log P(word) under the unigram model; editors' entries count as USER_COST_FREQ
        # (one float per distinct frequency: 349k words share ~5k of them)
        costs: dict[int, float] = {}
        cost = self.cost = {}
        for w, f in freq.items():
            if f > 0:
                if w in user:
                    f = min(f, cap)
                c = costs.get(f)
                if c is None:
                    c = costs[f] = lt - log(f)
                cost[w] = c
        self.unk_cost = lt + log(2.0)
        # {word with one character blanked: the characters that fill the blank}
        fills: dict[str, str] = {}
        one: dict[str, str] = {}
        for w, f in freq.items():
            n = len(w)
            if n < 2:
                continue
            if n <= MAX_FILL_LEN and f > 0 and (w in user or (f >= FILL_MIN_FREQ and tags.get(w) not in PERSON_TAGS)):
                for j in range(n):
                    key = w[:j] + _BLANK + w[j + 1:]
                    old = fills.get(key)  # (one object per character: most fills are one)
                    fills[key] = old + w[j] if old else one.setdefault(w[j], w[j])
        self.fills = fills
        # MR005 intersects the fills of two-character windows with a character's
        # look-alikes: the long ones as sets, so the smaller side is iterated
        self.fill_sets = {k: frozenset(v) for k, v in fills.items() if len(k) == 2 and len(v) > 64}
        self.ctx_pair_terms: dict[str, float] = {}  # MR005: ch + candidate -> score terms of the pair
        # character bigrams inside lexicon words: "these two characters combine"
        # (bigrams.get(pair, 0) == 1: a word of BIGRAM_MIN_FREQ or more, or an
        # editor's entry, holds the pair; the dict is the lexicon's, shared)
        self.bigrams = lx.word_pairs()
        # editors' terms of 3+ Han characters by each of their bigrams: {bigram: [(term, offset)]}
        # (a bigram that is itself a frequent word, 中国 or 发展, would send
        # every other line to the check: such bigrams anchor no term, unless
        # the term has no other)
        anchors: dict[str, list[tuple[str, int]]] = {}
        for w in user:
            if len(w) >= 3 and _HAN_ONLY.fullmatch(w):
                qs = [q for q in range(len(w) - 1) if freq.get(w[q:q + 2], 0) < ANCHOR_MAX_FREQ]
                if not qs:
                    qs = [min(range(len(w) - 1), key=lambda q: freq.get(w[q:q + 2], 0))]
                for q in qs:
                    anchors.setdefault(w[q:q + 2], []).append((w, q))
        self.user_anchors = anchors
        self.user_bigrams = frozenset(anchors)
        self.suspect = frozenset(
            c for c in map(chr, [*range(0x4E00, 0xA000), *range(0x3400, 0x4DC0)]) if freq.get(c, 0) < FUNC_FREQ)

    @property
    def char_rate(self) -> dict[str, float]:
        """{character: its share of the characters of running text}, from the
        lexicon's word frequencies (built on first use, ~0.3 s)."""
        rate = self.__dict__.get("_char_rate")
        if rate is None:
            acc: Counter = Counter()
            for w, f in self.lx.freq.items():
                if f > 0:
                    for ch in w:
                        acc[ch] += f
            total = sum(acc.values()) or 1
            rate = self.__dict__["_char_rate"] = {ch: n / total for ch, n in acc.items()}
        return rate

    # isolated suspects -----------------------------------------------------
    def bigram_mask(self, text: str) -> bytes:
        """Byte k is 1 when text[k:k+2] occurs inside a lexicon word (len(text)-1 bytes)."""
        return bytes(map(self.bigrams.get, map(add, text, text[1:]), _ZEROS))

    def flagged(self, text: str, ok: bytes | None = None) -> list[int]:
        """Offsets of Han characters that are not frequent function words and
        form a lexicon bigram with neither neighbour."""
        n = len(text)
        if n == 0:
            return []
        if ok is None:
            ok = self.bigram_mask(text)
        sus = int.from_bytes(bytes(map(self.suspect.__contains__, text)), "big")
        if not sus:
            return []
        left = int.from_bytes(b"\x00" + ok, "big")
        right = int.from_bytes(ok + b"\x00", "big")
        mask = (sus & ~(left | right)).to_bytes(n, "big")
        return [m.start() for m in _ONE.finditer(mask)]

    # MR005 -----------------------------------------------------------------
    def ctx_pair_term(self, ch: str, c: str) -> float:
        """The part of MR005's score that depends on the pair only (listed
        weight, shape codes, the candidate's frequency); cached."""
        _w0, _wg, _wm, wl, wc, wr, ws, *_rest, wf, _ww, _wn = CTX_WEIGHTS
        same, radical, dstroke = self.conf.glyph(ch, c)
        v = (wl * self.conf.listed(ch, c) + wc * same / 4 + (wr if radical else 0.0)
             + (ws if dstroke <= 2 else 0.0) + wf * math.log1p(self.lx.freq.get(c, 0)) / 10)
        if len(self.ctx_pair_terms) < 50_000:  # (~130 bytes each, in every worker)
            self.ctx_pair_terms[ch + c] = v
        return v

    # segmentation ----------------------------------------------------------
    def word_cost(self, w: str) -> float | None:
        """-log P(w) under the unigram model (None: not a word)."""
        return self.cost.get(w)

    def seg_cost(self, s: str) -> float:
        """Cost (-log probability) of the best segmentation of ``s`` into lexicon
        words under a unigram model; an unknown character costs as a word of
        frequency 0.5. A DAG like jieba's, over a short window only."""
        n = len(s)
        best = [0.0] + [math.inf] * n
        cost = self.cost
        unk = self.unk_cost
        maxl = SEG_MAX_WORD
        for j in range(n):
            bj = best[j]
            c = cost.get(s[j], unk)
            if bj + c < best[j + 1]:
                best[j + 1] = bj + c
            for e in range(j + 2, min(n, j + maxl) + 1):
                c = cost.get(s[j:e])
                if c is not None and bj + c < best[e]:
                    best[e] = bj + c
        return best[n]


def get_model(extra_lexicons: tuple[str, ...] = ()) -> Model:
    """The model over the shipped lexicons plus ``extra_lexicons`` (files or
    folders: the configuration's ``lexicons``), one per process.

    ``get_model()`` and ``get_model(())`` are the same model (an
    ``lru_cache`` on this function built it twice, ~60 MB more in every
    process: the collector asked for one, the pass for the other)."""
    return _cached_model(tuple(str(e) for e in extra_lexicons))


@lru_cache(maxsize=4)
def _cached_model(extra: tuple[str, ...]) -> Model:
    return Model(get_lexicon(extra), get_confusion())


def _han_bounds(text: str, i: int) -> tuple[int, int]:
    """The Han run around ``i`` clipped to SEG_RADIUS (+1) characters each side."""
    lo = max(0, i - SEG_RADIUS - 1)
    m = _LEFT_HAN.search(text, lo, i)
    a = m.start() if m else i
    m = _RIGHT_HAN.match(text, i + 1, i + 2 + SEG_RADIUS)
    b = m.end() if m else i + 1
    return a, b


def _windows(a: int, b: int, i: int, lengths: range) -> Iterator[tuple[int, int]]:
    for ln in lengths:
        for s in range(max(a, i - ln + 1), min(i, b - ln) + 1):
            yield s, s + ln


# -- corpus statistics (MR003) ------------------------------------------------------
_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")


class TermStats:
    """Counts of recurring names and terms: the 3- and 4-character Han
    n-grams that start where a word may start (the character before does not
    combine with the first one) and occur at least twice on a page, summed
    over the pages of a corpus. ``masked`` indexes those frequent enough to be
    proposed (CONS_MIN_COUNT) by the n-gram with one character blanked out:
    {masked n-gram: {character: count}}; whether a form recurs at all is read
    from ``counts``. (Most recurring terms occur just twice: indexing them too
    made the index the largest structure of a corpus run, ~1M keys at 200 MB.)

    A corpus keeps at most MAX_TERMS terms, the most frequent (``capped``
    says some were dropped): memory stays bounded whatever the corpus size.
    Then a form that recurs on the page itself still counts as recurring
    (``page``: the page's own counts, see :meth:`with_page`)."""

    __slots__ = ("counts", "_masked", "capped", "page")

    def __init__(self, counts: dict[str, int] | None = None, capped: bool = False) -> None:
        self.counts: dict[str, int] = counts or {}
        self._masked: dict[int, str] | None = None
        self.capped = capped
        self.page: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.counts)

    def __getstate__(self) -> tuple[dict[str, int], bool]:  # sent to worker processes: counts only
        return self.counts, self.capped

    def __setstate__(self, state: tuple[dict[str, int], bool]) -> None:
        self.counts, self.capped = state
        self._masked = None
        self.page = None

    def with_page(self, page: dict[str, int]) -> "TermStats":
        """These statistics (sharing counts and index) with the page's own counts."""
        t = TermStats(self.counts, self.capped)
        t._masked = self.masked
        t.page = page
        return t

    @property
    def masked(self) -> dict[int, str]:
        """{n-gram with one character blanked (as :func:`_key`): the characters
        that fill the blank to a term of CONS_MIN_COUNT or more}; a fill's count is
        ``counts`` of the filled n-gram (a string per key, not a dict: a third
        of the memory)."""
        if self._masked is None:
            m: dict[int, str] = {}
            one: dict[str, str] = {}  # one object per character: most fills are one
            get = m.get
            for g, n in self.counts.items():
                if n < CONS_MIN_COUNT:
                    continue
                for k in range(len(g)):
                    key = _key(g[:k] + _BLANK + g[k + 1:])
                    old = get(key)
                    m[key] = old + g[k] if old else one.setdefault(g[k], g[k])
            self._masked = m
        return self._masked


def _key(s: str) -> int:
    """A masked n-gram as one integer (its UTF-16 code units, and its length
    above them): a third of the memory of the string as a dict key (the
    index has ~400k keys when the corpus statistics are at MAX_TERMS)."""
    return int.from_bytes(s.encode("utf-16-be", "surrogatepass"), "big") | (len(s) << 64)


def _page_terms(model: Model, text: str, ok: bytes | None = None) -> dict[str, int]:
    """{n-gram: count} of the page's recurring word-initial 3/4-grams."""
    n = len(text)
    if n < 6:
        return {}
    if ok is None:
        ok = model.bigram_mask(text)
    starts = b"\x01" + ok.translate(_FLIP)  # starts[s] = 1: text[s-1:s+1] is no lexicon bigram
    out: dict[str, int] = {}
    t1, t2, t3 = text[1:], text[2:], text[3:]
    tri = map(add, map(add, text, t1), t2)
    quad = map(add, map(add, map(add, text, t1), t2), t3)
    fullmatch = _HAN_ONLY.fullmatch
    for grams in (tri, quad):
        c = Counter(compress(grams, starts))
        rec = [g for g, k in c.items() if k >= 2]
        for g in rec:
            if fullmatch(g):
                out[g] = c[g]
    return out


def _collect(doc: Document) -> dict[str, int]:
    return _page_terms(get_model(), doc.text)


def _merge(parts: Iterable[dict[str, int]]) -> TermStats:
    """The pages' counts summed; past 2 x MAX_TERMS distinct terms the least
    frequent are dropped (ties: by the term), down to MAX_TERMS, and again
    at the end: a deterministic top of the corpus in file order, whatever the
    number of jobs. Below MAX_TERMS the counts are exact."""
    total: Counter = Counter()
    capped = False
    for p in parts:
        total.update(p)
        if len(total) > 2 * MAX_TERMS:
            total, capped = _top_terms(total), True
    if len(total) > MAX_TERMS:
        total, capped = _top_terms(total), True
    return TermStats(dict(total), capped)


def _top_terms(total: Counter) -> Counter:
    return Counter(dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]))


# -- known pairs (MR001) ----------------------------------------------------------
class _Pair:
    __slots__ = ("wrong", "right", "unless_preceded_by", "unless_followed_by",
                 "preceded_by", "followed_by", "safe", "note")

    def __init__(self, d: dict[str, Any]) -> None:
        self.wrong = str(d["wrong"])
        self.right = str(d["right"])
        if not self.wrong or self.wrong == self.right:
            raise ValueError(f"MR001 pair {d!r}: wrong must be non-empty and differ from right")

        def lst(key: str) -> tuple[str, ...]:
            v = d.get(key, ())
            return (v,) if isinstance(v, str) else tuple(str(x) for x in v)

        self.unless_preceded_by = lst("unless_preceded_by")
        self.unless_followed_by = lst("unless_followed_by")
        self.preceded_by = lst("preceded_by")
        self.followed_by = lst("followed_by")
        self.safe = bool(d.get("safe", True))
        self.note = str(d.get("note", ""))

    def applies(self, text: str, s: int, e: int) -> bool:
        before = text[max(0, s - 8):s]
        after = text[e:e + 8]
        if any(before.endswith(x) for x in self.unless_preceded_by):
            return False
        if any(after.startswith(x) for x in self.unless_followed_by):
            return False
        if self.preceded_by and not any(before.endswith(x) for x in self.preceded_by):
            return False
        if self.followed_by and not any(after.startswith(x) for x in self.followed_by):
            return False
        return True


@lru_cache(maxsize=8)
def _compile_pairs(pairs_key: tuple) -> tuple[re.Pattern | None, dict[str, list[_Pair]]]:
    by_wrong: dict[str, list[_Pair]] = {}
    for frozen in pairs_key:
        p = _Pair(dict(frozen))
        by_wrong.setdefault(p.wrong, []).append(p)
    if not by_wrong:
        return None, by_wrong
    alts = sorted(by_wrong, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alts))), by_wrong


def _freeze(v: Any) -> Any:
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    return v


def _char_edits(start: int, old: str, new: str) -> list[Edit]:
    """Per-character edits when old and new have the same length, else one edit."""
    if len(old) != len(new):
        return [Edit(start, start + len(old), new)]
    return [Edit(start + k, start + k + 1, b) for k, (a, b) in enumerate(zip(old, new)) if a != b]


def _known_pairs(doc: Document, ctx: Context) -> Iterator[Proposal]:
    pairs = ctx.params("MR001").get("pairs", [])
    if not pairs:
        return
    rx, by_wrong = _compile_pairs(tuple(_freeze(p) for p in pairs))
    if rx is None:
        return
    text = doc.text
    for m in rx.finditer(text):
        s, e = m.span()
        for p in by_wrong[m.group()]:
            if not p.applies(text, s, e):
                continue
            edits = _char_edits(s, p.wrong, p.right)
            yield make_proposal(
                doc, "MR001", f"known misread {p.wrong} -> {p.right}", edits,
                confidence=0.97 if p.safe else 0.7,
                applicability=Applicability.SAFE if p.safe else Applicability.UNSAFE,
                evidence={"pair": f"{p.wrong}->{p.right}", "note": p.note},
            )
            break


# -- context that explains a character forming no word (MR002, MR004, MR005) ------------
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_CN_DIGITS = frozenset("〇一二三四五六七八九十")


class _Explained:
    """Where the text around a character explains why it forms no lexicon
    word, so that a look-alike which does is no evidence of a misread. The
    classes are closed and general (``[rule.params]`` of MR002 in
    ``rules/misread.toml``), none is tuned to a page:

    * a grammatical frame: 越擦越亮, 一砖一瓦, 边走边看 (``frames``: the same
      character at the first and third place), 东奔西走 (``frame_pairs``),
      看一看, 想来想去 (``reduplication``: X + one of these + X). The four
      (three) characters are explained unless the look-alike turns the
      frame itself into a lexicon word (如火如茶 -> 如火如荼);
    * a degree adverb (``degree_adverbs``: 更, 很, 太 ...) before a
      single-character word (frequency >= DEGREE_MIN_FREQ) that ends the
      clause: 基础更牢、 (牢 -> 迭 made 更迭);
    * a measure word after a digit (5日讯, 1栋, 1100万铢): bound to the
      number, it makes no word with the character after it (日讯 -> 日记);
    * a short item of an enumeration (、邱大洪、 ...): 2-3 Han characters
      with a 、 at one end are a name or a term; explained unless the
      look-alike turns the item into a lexicon word (an item that starts
      with a surname is a name, below);
    * a parallel slot on the page: the two characters after (or before) it
      are no word by themselves and recur on the page after (before)
      another character (林光互补、草光互补、牧光互补);
    * a person's name: a surname (``surnames``) right after a title or a
      kinship word (``titles``: 记者, 行长 ...) and the one or two characters
      after it; a run of 2-4 Han characters in parentheses (a byline:
      （白宇）) or before （女） or （壮族）. Explained unless the look-alike
      forms an editor's lexicon entry (市长贾海东 -> 贺海东 stays);
    * the page's own vocabulary: the character occurs on the page at least
      TOPIC_MIN_OTHERS more times and TOPIC_RATIO times as often as running
      text would have it (医 on a page about hospitals: 医共体), while the
      look-alike occurs nowhere on the page. An OCR misread is random; a
      character the page keeps using is the writer's."""

    __slots__ = ("text", "freq", "user", "model", "frames", "pairs", "redup", "units", "surnames", "titles",
                 "degree", "title_ends", "_memo", "_counts")

    def __init__(self, text: str, model: "Model", params: dict[str, Any]) -> None:
        lx = model.lx
        self.text = text
        self.freq = lx.freq
        self.user = lx.user
        self.model = model  # (its char_rate, built on first use)
        self._counts: Counter | None = None
        self.surnames = frozenset(params.get("surnames", ""))
        self.titles = tuple(str(x) for x in params.get("titles", ()))
        self.title_ends = frozenset(x[-1] for x in self.titles if x)
        self.frames = frozenset(params.get("frames", ""))
        self.pairs = frozenset(str(x) for x in params.get("frame_pairs", ()))
        self.redup = frozenset(params.get("reduplication", ""))
        self.units = frozenset(params.get("units_after_digits", ""))
        self.degree = frozenset(params.get("degree_adverbs", ""))
        self._memo: dict[int, tuple[tuple[tuple[int, int], ...], frozenset[str], bool]] = {}

    def blocks(self, j: int, c: str, st: int, e: int) -> bool:
        """Is ``c`` at ``j``, forming the word text[st:e] (with ``c``), explained away?"""
        t = self.text
        units = self.units
        for q in range(min(st, j), max(e, j + 1)):
            if q > 0 and t[q] in units:
                if t[q - 1] in _DIGITS:
                    return True
                if t[q] in "年月日号" and t[q - 1] in _CN_DIGITS and q > 1 and (
                        t[q - 2] in _CN_DIGITS or t[q - 2] in "年月"):
                    return True  # a date in Chinese numerals: 一月十三日讯
        if self._topical(t[j], c):
            return True
        if (j > 0 and t[j - 1] in self.degree and (j + 1 == len(t) or not is_han(t[j + 1]))
                and self.freq.get(t[j], 0) >= DEGREE_MIN_FREQ):
            return True
        spans, fillers, name = self._spans(j)
        if fillers and (len(fillers) > 1 or c not in fillers):
            return True
        if name and t[st:j] + c + t[j + 1:e] not in self.user:
            return True
        freq = self.freq
        for s, f in spans:
            if (t[s:j] + c + t[j + 1:f]) not in freq:
                return True
        return False

    def _count(self, ch: str) -> int:
        if self._counts is None:
            self._counts = Counter(self.text)
        return self._counts[ch]

    def _topical(self, ch: str, c: str) -> bool:
        n = self._count(ch)
        if n <= TOPIC_MIN_OTHERS or self._count(c):
            return False
        return n >= TOPIC_RATIO * len(self.text) * self.model.char_rate.get(ch, 0.0)

    def _spans(self, j: int) -> tuple[tuple[tuple[int, int], ...], frozenset[str], bool]:
        """The frames and enumeration items through ``j``, the other
        characters that fill ``j``'s parallel slot on the page, and whether
        ``j`` is in a person's name."""
        got = self._memo.get(j)
        if got is not None:
            return got
        t = self.text
        n = len(t)
        out = []
        for s in range(max(0, j - 3), min(j, n - 4) + 1):
            a, x, b, y = t[s:s + 4]
            if x in (a, y) or b == y or not (is_han(x) and is_han(y)):
                continue
            if (a == b and a in self.frames) or (a + b) in self.pairs:
                out.append((s, s + 4))
        for s in range(max(0, j - 2), min(j, n - 3) + 1):
            x, a, x2 = t[s:s + 3]
            if x == x2 and a in self.redup and x != a and is_han(x):
                out.append((s, s + 3))
        m = _RUN_LEFT.search(t, max(0, j - 4), j)
        lo = m.start() if m else j
        m = _RUN_RIGHT.match(t, j + 1, min(n, j + 5))
        hi = m.end() if m else j + 1
        before = t[lo - 1] if lo > 0 else ""
        after = t[hi] if hi < n else ""
        name = False
        if 2 <= hi - lo <= 4 and not is_han(before) and not is_han(after):
            if (before and after and before in "（(" and after in "）)") or _NAME_MARK.match(t, hi):
                name = True
            elif hi - lo <= 3 and "、" in (before, after):
                if t[lo] in self.surnames:
                    name = True  # 、刘祁涛、: a name (刘澜涛 in the dictionary is another person)
                else:
                    out.append((lo, hi))
        if not name:
            sur = self.surnames
            ends = self.title_ends
            for p in range(max(1, j - 2), j + 1):
                if t[p] in sur and t[p - 1] in ends and any(t.endswith(x, 0, p) for x in self.titles):
                    name = True
                    break
        res = self._memo[j] = (tuple(out), self._slot(j), name)
        return res

    def _slot(self, j: int) -> frozenset[str]:
        t = self.text
        ch = t[j]
        freq = self.freq
        out: set[str] = set()
        right = t[j + 1:j + 3]
        if len(right) == 2 and _HAN_ONLY.fullmatch(right) and freq.get(right, 0) < PAIR_MIN_FREQ:
            k = t.find(right)
            while k >= 0:
                if k > 0 and t[k - 1] != ch and is_han(t[k - 1]):
                    out.add(t[k - 1])
                k = t.find(right, k + 1)
        left = t[j - 2:j] if j >= 2 else ""
        if len(left) == 2 and _HAN_ONLY.fullmatch(left) and freq.get(left, 0) < PAIR_MIN_FREQ:
            k = t.find(left)
            while k >= 0:
                if k + 2 < len(t) and t[k + 2] != ch and is_han(t[k + 2]):
                    out.add(t[k + 2])
                k = t.find(left, k + 1)
        return frozenset(out)


# -- lexicon candidates (MR002, MR004) -----------------------------------------------
def _span_cost(model: Model, text: str, st: int, ln: int, span_cost: dict) -> float:
    """Cost of the best segmentation of text[st:st+ln], remembered in
    ``span_cost`` under st * 64 + ln (a two-character span: as one word or two
    single characters)."""
    span = text[st:st + ln]
    if ln == 2:
        cost = model.cost
        unk = model.unk_cost
        sc = cost.get(span, unk)
        s2 = cost.get(span[0], unk) + cost.get(span[1], unk)
        if s2 < sc:
            sc = s2
    else:
        sc = model.seg_cost(span)
    span_cost[st * 64 + ln] = sc
    return sc


def _lexicon_candidates(model: Model, text: str, j: int, i: int, a: int, b: int,
                        out: list, span_cost: dict) -> None:
    """Characters that, put at ``j``, form a lexicon word with the neighbours
    that also covers the isolated suspect ``i`` (``j`` is ``i`` or next to it).
    Appends (local gain, visual weight, char, word, word freq, j, start) to
    ``out``; the local gain is the cost of the best segmentation of the
    original span minus the cost of the word. A character in no confusion set
    counts only when it forms a word of UNLISTED_MIN_LEN characters or more
    (two-character words arise by chance too often)."""
    ch = text[j]
    fills = model.fills
    cost = model.cost
    partners = model.conf.partners(ch)
    shape = model.conf.shape
    lo, hi = (i, j) if i < j else (j, i)
    best: dict[str, int] = {}
    for ln in range(max(2, hi - lo + 1), MAX_FILL_LEN + 1):
        for st in range(max(a, hi - ln + 1), min(lo, b - ln) + 1):
            e = st + ln
            pre = text[st:j]
            post = text[j + 1:e]
            fs = fills.get(pre + _BLANK + post)
            if not fs:
                continue
            if ln < UNLISTED_MIN_LEN and len(fs) > len(partners):
                fs = [c for c in partners if c in fs]
            sc = None
            for c in fs:
                if c == ch:
                    continue
                if ln < UNLISTED_MIN_LEN and c not in partners:
                    continue
                wc = cost.get(pre + c + post)
                if wc is None:
                    continue
                vis = partners.get(c)
                if vis is None:
                    vis = shape(ch, c)
                if sc is None:
                    sc = span_cost.get(st * 64 + ln)
                    if sc is None:
                        sc = _span_cost(model, text, st, ln, span_cost)
                gain = sc - wc
                if gain < MIN_GAIN:
                    continue
                w = pre + c + post
                k = best.get(c)
                if k is not None:
                    if out[k][0] >= gain:
                        continue
                    out[k] = (gain, vis, c, w, model.lx.freq.get(w, 0), j, st)
                else:
                    best[c] = len(out)
                    out.append((gain, vis, c, w, model.lx.freq.get(w, 0), j, st))


def _lexicon_proposals(doc: Document, model: Model, i: int, a: int, b: int,
                       done: set[int], flagged: frozenset[int] | set[int] = frozenset(),
                       floors: dict[str, float] | None = None,
                       span_cost: dict | None = None,
                       guard: _Explained | None = None) -> Iterator[Proposal]:
    """At most one proposal (the best character at the best position) for the
    isolated suspect ``i``: the suspect itself or a neighbour may be the misread.
    ``span_cost`` caches span costs by position for the page (MR005 shares it)."""
    text = doc.text
    cands: list = []
    if span_cost is None:
        span_cost = {}
    for j in (i, i - 1, i + 1):
        if j != i and (j < a or j >= b or j in flagged):
            continue  # a flagged neighbour gets its own turn, with more windows
        if j not in done:
            _lexicon_candidates(model, text, j, i, a, b, cands, span_cost)
    if guard is not None and cands:
        cands = [r for r in cands if not guard.blocks(r[5], r[2], r[6], r[6] + len(r[3]))]
    if not cands:
        return
    cands.sort(key=lambda r: (r[1] > 0, r[0] + 4.0 * r[1]), reverse=True)
    # confirm the best (by local gain) over the whole window: the original
    # characters may belong to words outside the span
    wa, wb = max(a, i - SEG_RADIUS), min(b, i + SEG_RADIUS + 1)
    window = text[wa:wb]
    base = model.seg_cost(window)
    best = None
    for r in cands[:MAX_EVAL]:
        k = r[5] - wa
        gain = base - model.seg_cost(window[:k] + r[2] + window[k + 1:])
        if gain >= MIN_GAIN:
            best = (gain,) + r[1:]
            break
    if best is None:
        return
    gain, vis, c, w, f, j, st = best
    done.add(j)
    if text.count(text[st:st + len(w)]) > 1:
        return  # the same span recurs on the page: the writer's form (a name), not a random misread
    rivals = [f"{text[r[5]]}->{r[2]}" for r in cands if r[2] != c and r[0] >= gain - 3.0 and (r[1] > 0) == (vis > 0)]
    p = _lexicon_proposal(doc, model, j, c, w, f, gain, vis, rivals, floors=floors)
    if p is not None:
        yield p


def _lexicon_proposal(doc: Document, model: Model, j: int, c: str, w: str, f: int,
                      gain: float, vis: float, rivals: list[str],
                      floors: dict[str, float] | None = None, **extra: Any) -> Proposal | None:
    """The MR002 (listed or shape-similar pair) or MR004 proposal; None when its
    confidence is below what the pipeline would keep anyway (``floors``)."""
    user_tag = model.lx.user.get(w)
    confidence = _lexicon_confidence(gain, vis, len(w), bool(rivals), user_tag is not None)
    text = doc.text
    tag = user_tag if user_tag is not None else model.lx.tags.get(w, "")
    post = _post_before(text, j, c, w, model.lx.posts.get(w)) if vis > 0 and tag in PERSON_TAGS else None
    if post is not None and not rivals and gain >= SAFE_GAIN:
        confidence = max(confidence, POST_CONFIDENCE)  # (the person the post names)
    if floors and confidence < floors.get("MR002" if vis > 0 else "MR004", 0.0):
        return None
    ch = text[j]
    conf = model.conf
    evidence = {
        "char": ch, "candidate": c, "word": w, "word_freq": f, "tag": tag,
        "user_lexicon": user_tag is not None,
        "similarity": round(vis, 3), "pair_source": conf.source_of(ch, c),
        "listed_pair": conf.listed(ch, c) > 0,
        "gain_nats": round(gain, 2),
        "rivals": rivals[:5],
        **extra,
    }
    if vis > 0:
        if post is not None:
            evidence["post"] = post
        safe = (
            not rivals
            and len(w) >= SAFE_MIN_LEN
            and gain >= SAFE_GAIN
            and (vis >= 0.7 or (user_tag is not None and vis >= 0.55))
            and (tag not in PERSON_TAGS or post is not None)
        )
        return make_proposal(
            doc, "MR002",
            f"{ch} -> {c}: '{w}' is a word, '{ch}' forms none here",
            [Edit(j, j + 1, c)], confidence=confidence,
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
            evidence=evidence,
        )
    return make_proposal(
        doc, "MR004",
        f"{ch} -> {c}? '{w}' is a word (pair in no confusion set)",
        [Edit(j, j + 1, c)], confidence=confidence,
        applicability=Applicability.DISPLAY_ONLY, evidence=evidence,
    )


def _post_before(text: str, j: int, c: str, w: str, posts: tuple[str, ...] | None) -> str | None:
    """The post of person ``w`` (``Lexicon.posts``) written right before the
    name that reads ``w`` with ``c`` at ``j`` (呼和浩特市委副书记、市长|贾海东):
    the name is that person's, not another's one character away (a name from
    the lexicon alone never makes a SAFE fix). A post of two or three
    characters counts after a punctuation mark, a space or the line start
    only (副市长 is another post than 市长)."""
    if not posts:
        return None
    for k in range(len(w)):
        st = j - k
        if st >= 0 and text[st:j] + c + text[j + 1:st + len(w)] == w:
            break
    else:
        return None
    for p in posts:
        lo = st - len(p)
        if lo >= 0 and text[lo:st] == p and (len(p) >= 4 or lo == 0 or not is_han(text[lo - 1])):
            return p
    return None


def _user_term_proposals(doc: Document, model: Model, hits: list[int], done: set[int],
                         stats: TermStats,
                         floors: dict[str, float] | None = None,
                         guard: _Explained | None = None) -> Iterator[Proposal]:
    """One-character variants of the editors' terms (user lexicon, 3+ characters)
    found from an intact bigram of the term, even where the misread character
    combines with a neighbour (呼和浩持: 持 is not isolated, 持续 is a word)."""
    text = doc.text
    n = len(text)
    anchors = model.user_anchors
    conf = model.conf
    for k in hits:
        for term, q in anchors[text[k:k + 2]]:
            st = k - q
            ln = len(term)
            if st < 0 or st + ln > n:
                continue
            win = text[st:st + ln]
            if win == term:
                continue
            diff = [p for p in range(ln) if win[p] != term[p]]
            if len(diff) != 1:
                continue
            j = st + diff[0]
            ch, c = text[j], term[diff[0]]
            if j in done or not is_han(ch) or text[st:st + ln] in model.lx.freq:
                continue
            if guard is not None and guard.blocks(j, c, st, st + ln):
                continue
            vis = conf.weight(ch, c)
            if vis <= 0:
                continue
            a, b = _han_bounds(text, j)
            if stats and _consistency(doc, model, stats, j, a, b)[0]:
                continue  # the variant recurs: the writer's, not a misread
            wa, wb = max(a, j - SEG_RADIUS), min(b, j + SEG_RADIUS + 1)
            window = text[wa:wb]
            kk = j - wa
            gain = model.seg_cost(window) - model.seg_cost(window[:kk] + c + window[kk + 1:])
            if gain < MIN_GAIN:
                continue
            done.add(j)
            p = _lexicon_proposal(doc, model, j, c, term, model.lx.freq.get(term, 0), gain, vis, [],
                                  floors=floors, anchor=text[k:k + 2])
            if p is not None:
                yield p


def _lexicon_confidence(gain: float, vis: float, word_len: int, rivals: bool, user: bool) -> float:
    """How likely a lexicon candidate is right. Gain (how much likelier the
    window reads) matters most; then how similar the pair is (pycorrector's
    groups are far more reliable than SIGHAN's broad set), the word's length
    (two-character words arise by chance, four-character words rarely) and
    whether another character would do as well. Calibrated by hand on
    bench/bench_misread.py's OCR sentences (precision per feature bucket)."""
    p = min(0.95, 0.05 + 0.045 * max(0.0, gain - 3.0))
    if vis >= 0.85:
        p *= 1.6
    elif vis >= 0.7:
        p *= 1.0
    elif vis >= 0.55:
        p *= 0.5
    elif vis > 0:
        p *= 0.8   # shape proxy only
    else:
        p *= 0.55  # in no confusion set
    if word_len >= 4:
        p *= 1.5
    elif word_len == 3:
        p *= 0.8
    if user:
        p *= 1.3
    if rivals:
        p *= 0.5
    return min(0.99, p)


# -- context candidates (MR005) ------------------------------------------------------
# Logistic weights over _ctx_features (bias first). Fitted with bench/fit_misread.py
# on the first half of the benchmark's OCR sentences (the second half is held out).
CTX_WEIGHTS = (-3.78, 2.67, 1.31, 2.25, 2.68, 0.69, 0.75, 0.61, 0.12, -0.18, 0.34, -4.60, 1.33, -0.58)
CTX_FEATURES = ("bias", "gain", "margin", "listed", "corners", "radical", "strokes",
                "word3", "word4", "isolated", "char_freq", "cand_freq", "word_freq", "n_cands")


def _ctx_features(gain: float, margin: float, listed: float, glyph: tuple[int, bool, int], ln: int,
                  iso: bool, fo: int, fc: int, fw: int, n: int) -> tuple[float, ...]:
    same, radical, dstroke = glyph
    return (1.0, min(gain, 20.0) / 10, min(margin, 10.0) / 10, listed, same / 4, float(radical),
            float(dstroke <= 2), float(ln == 3), float(ln >= 4), float(iso),
            math.log1p(fo) / 10, math.log1p(fc) / 10, math.log1p(fw) / 10, math.log(max(1, n)) / 5)


def _ctx_z(x: tuple[float, ...]) -> float:
    return sum(map(mul, CTX_WEIGHTS, x))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _context_candidates(model: Model, text: str, j: int, a: int, b: int, iso: bool,
                        seeds: tuple[int, ...], span_cost: dict, features: bool = False) -> list[tuple]:
    """MR005 candidates at ``j``: characters that form a lexicon word of 2-4
    characters there that also covers one of the isolated characters
    ``seeds`` (in a two-character word only characters that may look alike:
    ``Confusion.near``), best ones checked over the whole window.
    Returns [(features, char, word, gain, similarity, start of the word)]."""
    ch = text[j]
    fills = model.fills
    cost = model.cost
    conf = model.conf
    near = None
    local: dict[str, tuple[float, str, int]] = {}
    # a window [st, e) must hold j and one of the seeds
    spans = [(i, j) if i < j else (j, i) for i in seeds]
    for ln in range(2, MAX_FILL_LEN + 1):
        for st in range(max(a, j - ln + 1), min(j, b - ln) + 1):
            e = st + ln
            for lo, hi in spans:
                if st <= lo and hi < e:
                    break
            else:
                continue
            pre = text[st:j]
            post = text[j + 1:e]
            key = pre + _BLANK + post
            fs = fills.get(key)
            if not fs:
                continue
            if ln == 2:
                if near is None:
                    near = conf.near_chars(ch)  # in code point order
                if len(fs) <= 24:
                    fs = [c for c in fs if c in near]
                else:  # in code point order: the order of a set varies between processes
                    within = model.fill_sets.get(key) or fs
                    fs = [c for c in near if c in within]
                if not fs:
                    continue
            sc = span_cost.get(st * 64 + ln)
            if sc is None:
                sc = _span_cost(model, text, st, ln, span_cost)
            top = sc - CTX_MIN_LOCAL
            for c in fs:
                w = pre + c + post
                wc = cost[w]
                if wc <= top and c != ch:
                    old = local.get(c)
                    if old is None or sc - wc > old[0]:
                        local[c] = (sc - wc, w, st)
    if not local:
        return []
    n = len(local)
    listed = conf.listed
    glyph = conf.glyph
    freq = model.lx.freq
    fo = freq.get(ch, 0)
    gains = sorted([r[0] for r in local.values()], reverse=True)
    g1 = gains[0]
    g2 = gains[1] if n > 1 else 0.0
    out = []
    if features:
        for c, (g, w, st) in local.items():
            x = _ctx_features(g, g - (g2 if g >= g1 else g1), listed(ch, c), glyph(ch, c), len(w), iso,
                              fo, freq.get(c, 0), freq.get(w, 0), n)
            out.append((x, c, w, g, st))
        return out
    # the same linear score as _ctx_z(_ctx_features(...)), without building the
    # vectors; the terms that depend on the pair only are cached per pair
    w0, wg, wm, _wl, _wc, _wr, _ws, w3, w4, wi, wo, _wf, ww, wn = CTX_WEIGHTS
    base = w0 + wi * iso + wo * math.log1p(fo) / 10 + wn * math.log(n) / 5
    log1p = math.log1p
    pair_terms = model.ctx_pair_terms
    for c, (g, w, st) in local.items():
        v = pair_terms.get(ch + c)
        if v is None:
            v = model.ctx_pair_term(ch, c)
        ln = len(w)
        z = (base + v + wg * min(g, 20.0) / 10 + wm * min(g - (g2 if g >= g1 else g1), 10.0) / 10
             + (w3 if ln == 3 else w4 if ln >= 4 else 0.0) + ww * log1p(freq.get(w, 0)) / 10)
        out.append((z, c, w, g, st))
    return out


def _confirm(model: Model, text: str, j: int, c: str, a: int, b: int) -> float:
    """How much likelier the window around ``j`` reads with ``c`` there (nats)."""
    wa, wb = max(a, j - SEG_RADIUS), min(b, j + SEG_RADIUS + 1)
    window = text[wa:wb]
    k = j - wa
    return model.seg_cost(window) - model.seg_cost(window[:k] + c + window[k + 1:])


def _context_proposal(doc: Document, model: Model, j: int, a: int, b: int, iso: bool,
                      seeds: tuple[int, ...], span_cost: dict, floor: float,
                      guard: _Explained | None = None) -> Proposal | None:
    text = doc.text
    cands = _context_candidates(model, text, j, a, b, iso, seeds, span_cost)
    if not cands:
        return None
    scored = sorted(((_sigmoid(r[0]), r) for r in cands), key=lambda t: t[0], reverse=True)
    # the candidates the guard explains away are skipped; it is asked only
    # about those looked at (the best, and rivals at least half as likely)
    kept = []
    rest = iter(scored)
    for q, r in rest:
        if q < floor or len(kept) == CTX_EVAL:
            return None
        if guard is not None and guard.blocks(j, r[1], r[4], r[4] + len(r[2])):
            continue
        kept.append((q, r))
        p, (x, c, w, local_gain, st) = q, r
        gain = _confirm(model, text, j, c, a, b)
        if gain >= CTX_MIN_GAIN:
            break
    else:
        return None
    for q, r in rest:
        if q < p / 2:
            break
        if guard is None or not guard.blocks(j, r[1], r[4], r[4] + len(r[2])):
            kept.append((q, r))
    scored = kept
    vis = model.conf.weight(text[j], c)
    if text.count(text[st:st + len(w)]) > 1:
        return None  # the same span recurs on the page: the writer's form, not a random misread
    ch = text[j]
    conf = model.conf
    tag = model.lx.user.get(w) or model.lx.tags.get(w, "")
    return make_proposal(
        doc, "MR005",
        f"{ch} -> {c}? '{w}' reads better here (context, for review)",
        [Edit(j, j + 1, c)], confidence=round(min(CTX_MAX_CONFIDENCE, p), 3),
        # display-only: precision 0.35-0.6 on OCR text and lower on clean pages;
        # an editor accepts it in review, `fix --unsafe-fixes` never applies it
        applicability=Applicability.DISPLAY_ONLY,
        evidence={
            "char": ch, "candidate": c, "word": w, "word_freq": model.lx.freq.get(w, 0), "tag": tag,
            "similarity": round(vis, 3), "glyph_similarity": conf.glyph_sim(ch, c),
            "pair_source": conf.source_of(ch, c), "gain_nats": round(gain, 2),
            "rivals": [f"{ch}->{r[1]}" for q, r in scored[1:] if q >= p / 2][:5],
            "isolated": iso,
        },
    )


# -- consistency (MR003) -------------------------------------------------------------
def _consistency(doc: Document, model: Model, stats: TermStats,
                 i: int, a: int, b: int) -> tuple[bool, Proposal | None]:
    """(does the form at ``i`` recur on the page/corpus, the MR003 proposal or None)."""
    text = doc.text
    ch = text[i]
    conf = model.conf
    best = None
    recurs = False
    seen, masked, page = stats.counts, stats.masked, stats.page
    for s, e in _windows(a, b, i, range(3, 5)):
        cv = seen.get(text[s:e], 0)
        if not cv and page:  # (capped corpus statistics: the page's own count)
            cv = page.get(text[s:e], 0)
        if cv >= 2:
            recurs = True
        key = text[s:i] + _BLANK + text[i + 1:e]
        fills = masked.get(_key(key))
        if not fills:
            continue
        cv = max(1, cv)
        for c in fills:
            cf = seen[text[s:i] + c + text[i + 1:e]]
            if c == ch or cf < CONS_MIN_RATIO * cv:
                continue
            vis = conf.weight(ch, c)
            if vis <= 0:
                continue
            cand = (cf / cv, cf, e - s, vis, c, text[s:e], key.replace(_BLANK, c), cv)
            if best is None or cand[:4] > best[:4]:
                best = cand
    return recurs, (None if best is None else _consistency_proposal(doc, model, best, i))


def _consistency_proposal(doc: Document, model: Model, best: tuple, i: int) -> Proposal:
    text = doc.text
    ch = text[i]
    conf = model.conf
    ratio, cf, _ln, vis, c, variant, form, cv = best
    variant_known = variant in model.lx.freq
    confidence = (0.6 + 0.15 * vis + 0.15 * min(1.0, (ratio - CONS_MIN_RATIO) / 3.0)
                  + (0.1 if cf >= CONS_SAFE_COUNT else 0.0))
    safe = (
        cf >= CONS_SAFE_COUNT and ratio >= CONS_SAFE_RATIO and vis >= 0.55
        and conf.listed(ch, c) > 0 and not variant_known
    )
    if variant_known:
        confidence -= 0.3
    return make_proposal(
        doc, "MR003",
        f"{variant} x{cv} -> {form} x{cf}: the frequent form, one similar character away",
        [Edit(i, i + 1, c)], confidence=confidence,
        applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
        evidence={
            "variant": variant, "variant_count": cv, "form": form, "form_count": cf,
            "char": ch, "candidate": c, "similarity": round(vis, 3),
            "pair_source": conf.source_of(ch, c), "variant_in_lexicon": variant_known,
        },
    )


@lru_cache(maxsize=8)
def _analyse(text: str, extra: tuple[str, ...] = ()) -> tuple[bytes, list[int], list[int]]:
    """Bigram mask, isolated suspects and offsets of editors' term bigrams of a
    text. Cached: the pipeline runs the pass again on an unchanged text to
    confirm its fixpoint."""
    model = get_model(extra)
    bg = list(map(add, text, text[1:]))
    ok = bytes(map(model.bigrams.get, bg, _ZEROS))
    hits = bytes(map(model.user_bigrams.__contains__, bg))
    return ok, model.flagged(text, ok), [m.start() for m in _ONE.finditer(hits)]


@lru_cache(maxsize=8)
def _page_stats(text: str, extra: tuple[str, ...] = ()) -> TermStats:
    return TermStats(_page_terms(get_model(extra), text, _analyse(text, extra)[0]))


def _floors(ctx: Context) -> dict[str, float]:
    """The minimum confidence the pipeline keeps per code (rule, or the
    configuration's threshold): proposals below it are not even built."""
    out = {}
    for code in ("MR002", "MR004", "MR005"):
        rule = ctx.rules.by_code.get(code)
        mn = rule.min_confidence if rule is not None else 0.0
        out[code] = float(ctx.settings.thresholds.get(code, {}).get("min", mn))
    return out


# -- the pass --------------------------------------------------------------------------
def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    yield from _known_pairs(doc, ctx)
    extra = tuple(ctx.settings.lexicons) if ctx.settings.lexicons else ()
    model = get_model(extra)
    text = doc.text
    ok, flagged, user_hits = _analyse(text, extra)
    if not flagged and not user_hits:
        return
    stats = ctx.corpus.get("misread") if ctx.corpus else None
    if not isinstance(stats, TermStats):
        stats = _page_stats(text, extra)
    elif stats.capped:
        stats = stats.with_page(_page_stats(text, extra).counts)
    done: set[int] = set()
    flagset = set(flagged)
    floors = _floors(ctx)
    taken: dict[int, str] = {}  # position: replacement of every proposal so far
    guard = _Explained(text, model, ctx.params("MR002"))
    span_cost: dict = {}  # cost of the best segmentation of a span, by start * 64 + length
    recurring: set[int] = set()
    found: list[Proposal] = []
    for i in flagged:
        a, b = _han_bounds(text, i)
        if b - a < 2:
            continue
        recurs, cons = _consistency(doc, model, stats, i, a, b) if stats else (False, None)
        if not recurs:  # a form that recurs on the page/corpus is no random misread
            for p in _lexicon_proposals(doc, model, i, a, b, done, flagset, floors, span_cost, guard):
                taken[p.edits[0].start] = p.edits[0].replacement
                found.append(p)
        else:
            recurring.add(i)
        if cons is not None:
            taken[i] = cons.edits[0].replacement
            found.append(cons)
    if user_hits:
        for p in _user_term_proposals(doc, model, user_hits, done, stats, floors, guard):
            taken[p.edits[0].start] = p.edits[0].replacement
            found.append(p)
    yield from _compatible(found, text)
    if not flagged or floors["MR005"] > CTX_MAX_CONFIDENCE:  # a minimum above it turns MR005 off
        return
    # MR005 where no other rule proposed a fix next to the character; where
    # one proposed another character at the same place, as an alternative
    beside = {k for j in taken for k in (j - 1, j + 1) if k not in taken}
    ctx_props = _context_proposals(doc, model, flagged, recurring | beside, stats,
                                   max(CTX_FLOOR, floors["MR005"]), span_cost, guard)
    ctx_props.sort(key=lambda p: (-p.confidence, p.edits[0].start))
    mine: set[int] = set()
    for p in ctx_props:  # the most confident of neighbouring MR005 readings
        j = p.edits[0].start
        if j in mine or j - 1 in mine or j + 1 in mine or taken.get(j) == p.edits[0].replacement:
            continue
        mine.add(j)
        yield p


def _read_span(p: Proposal, text: str) -> tuple[int, int]:
    """The characters a proposal's evidence reads as they stand: the word
    (MR002/MR004) or the frequent form (MR003) through its edit, found around
    the edit; just the edit when the evidence names neither."""
    j = p.edits[0].start
    c = p.edits[0].replacement
    w = p.evidence.get("word") or p.evidence.get("form") or ""
    for st in range(max(0, j - len(w) + 1), j + 1):
        e = st + len(w)
        if e <= len(text) and text[st:j] + c + text[j + 1:e] == w:
            return st, e
    return j, j + 1


def _compatible(props: list[Proposal], text: str) -> list[Proposal]:
    """The proposals minus those that read, as right, a character another
    more confident one changes (科威持: MR002 威->减 reads 持 in 减持 while
    MR003 changes 持->特 from 科威特; both applied, 科减特, they swap back
    and forth for ever). The one left out is proposed again, if still
    right, once the other is applied. In text order."""
    if len(props) < 2:
        return props
    spans = [(p, p.edits[0].start, *_read_span(p, text)) for p in props]
    kept: list[tuple] = []
    for item in sorted(spans, key=lambda t: (-t[0].confidence, t[1])):
        _, j, s, e = item
        if all(not (s <= k < e or ks <= j < ke) or k == j for _, k, ks, ke in kept):
            kept.append(item)
    return [t[0] for t in sorted(kept, key=lambda t: t[1])] if len(kept) < len(spans) else props


def _context_seeds(model: Model, text: str, flagged: list[int]) -> dict[int, tuple[int, ...]]:
    """{position: the isolated characters a word through it must cover}: each
    isolated character, and its neighbours that are suspects too (Han, not a
    very frequent single-character word such as 的 or 是) unless the
    neighbour forms a frequent word with its other neighbour
    (CTX_NEIGHBOUR_WORD_FREQ)."""
    seeds: dict[int, tuple[int, ...]] = {}
    n = len(text)
    freq = model.lx.freq
    suspect = model.suspect
    for i in flagged:
        seeds[i] = seeds.get(i, ()) + (i,)
        if i > 0 and text[i - 1] in suspect and freq.get(text[i - 2:i] if i > 1 else "", 0) < CTX_NEIGHBOUR_WORD_FREQ:
            seeds[i - 1] = seeds.get(i - 1, ()) + (i,)
        if i + 1 < n and text[i + 1] in suspect and freq.get(text[i + 1:i + 3], 0) < CTX_NEIGHBOUR_WORD_FREQ:
            seeds[i + 1] = seeds.get(i + 1, ()) + (i,)
    return seeds


def _context_proposals(doc: Document, model: Model, flagged: list[int], skip: set[int],
                       stats: TermStats, floor: float, span_cost: dict,
                       guard: _Explained | None = None) -> list[Proposal]:
    """MR005 at the isolated characters and their neighbours (not at ``skip``)."""
    text = doc.text
    flagset = set(flagged)
    out = []
    for j, seeds in sorted(_context_seeds(model, text, flagged).items()):
        if j in skip:
            continue
        a, b = _han_bounds(text, j)
        if b - a < 2:
            continue
        p = _context_proposal(doc, model, j, a, b, j in flagset, seeds, span_cost, floor, guard)
        if p is not None:
            if j not in flagset and stats and _consistency(doc, model, stats, j, a, b)[0]:
                continue  # the form recurs on the page or in the corpus: the writer's
            out.append(p)
    return out


PASSES = [
    Pass("misread", CODES, _run, collect=_collect, merge=_merge,
         description="visually similar misread characters"),
]
