"""Continuation scoring: how well does the open end of one block join the open
start of another?

The reading-order pass (``cleanup.passes.order``) asks this question for every
open end and every candidate start on a page and then chooses all joins
jointly. This module only scores one pair, from evidence that is general (not
tuned to any page):

* **a word crossing the join** — the best unigram segmentation (jieba's
  dictionary with frequencies, ``cleanup.lexicon``) of ``tail + head`` uses a
  word that spans the boundary and is more probable than the two sides read
  apart (``……结束立`` + ``即动工`` -> 立即; ``……奋`` + ``力书写`` -> 奋力).
  The gain in log probability is the feature;
* **brackets and quotes** — an opener left open at the tail (``《关于支持…``)
  that the head closes (``…意见》``) is strong evidence; a head that closes a
  bracket the tail never opened is evidence against;
* **punctuation at the edges** — a tail ending in ，、：； (mid-sentence for
  sure), a head starting with punctuation (mid-sentence for sure);
* **numbers** — ``今年5`` + ``月`` (a number cut from its unit);
* **the page and the corpus** — the joined characters around the boundary
  occur elsewhere on the page (``呼和浩特市|高质量`` when the page also prints
  ``呼和浩特市高质量发展``); the boundary character bigram is frequent in the
  corpus being cleaned (``ctx.corpus["order"]``, see :func:`collect`);
* **shared names and terms** — IDF-weighted character n-gram overlap between
  the text before the open end and the text after the candidate start (the same
  interviewee, the same project), see :class:`TermIndex`;
* **layout** — the candidate start follows a headline/byline (a layout break)
  or directly follows the open end (keeping the original order).

Scores are sums of weighted features (weights in ``rules/order.toml``); only
differences between candidates and the threshold matter.
"""
from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .charclass import HAN
from .lexicon import Lexicon, get_lexicon

OPENERS = "“‘《（(「『【〈"
CLOSERS = "”’》）)」』】〉"
CLOSER_OF = dict(zip(OPENERS, CLOSERS))
OPENER_OF = dict(zip(CLOSERS, OPENERS))

# a block ending in one of these stops mid-sentence for sure
END_MID = "，、；：,;:" + OPENERS + "—-"
# sentence-final: a block ending here is closed (closers after a terminal too)
END_FINAL = "。！？!?…．.”’」』）)】》"
# a block starting with one of these starts mid-sentence for sure
START_MID = "，。、；：？！,;:?!）)》」』】〉…"

WORD_CHARS = f"{HAN}0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
_TAIL_RUN = re.compile(f"[{WORD_CHARS}]{{1,6}}$")
_HEAD_RUN = re.compile(f"^[{WORD_CHARS}]{{1,6}}")
_HAN_ONLY = re.compile(f"[^{HAN}]+")
_DIGIT = re.compile(r"[0-9０-９]")
# characters that follow a number as its unit or counter
UNITS = "年月日时分秒号个万亿千百元角户人名位次倍件项家座栋台辆吨米亩斤克度%％条批所期届℃‰°"

ZH_DIGITS = "〇零一二三四五六七八九十百千万两"
ZH_UNITS = "年月日号时点分秒个万亿千百元倍届次岁"

CLOSED = "closed"
OPEN = "open"  # ends with a character that can end a word: maybe mid-sentence
OPEN_MID = "open-mid"  # ends with ，、：; or an opener: mid-sentence for sure
START_OPEN_MID = "open-mid"  # starts with punctuation or an unmatched closer
START_CANDIDATE = "candidate"  # starts like any paragraph: only the join can tell


def flat(text: str) -> str:
    """The text without whitespace (line wraps, spaces the OCR put in)."""
    # str.split() splits at exactly the characters regex \s matches
    # (str.isspace), and a text without any comes back whole
    return "".join(text.split())


def end_state(text: str) -> str:
    """``closed``, ``open`` or ``open-mid`` for the end of a body block."""
    # only the last two characters are read: those of the text's end when it
    # holds two that are no whitespace (a block's flat text is not copied again)
    t = flat(text[-8:])
    if len(t) < 2 and len(text) > 8:
        t = flat(text)
    if not t:
        return CLOSED
    c = t[-1]
    if c in "\"'" and len(t) > 1 and t[-2] in END_FINAL + "\"'":
        return CLOSED  # a straight quote after a sentence end closes it
    if c in END_MID:
        return OPEN_MID
    if c in "”’」』》" and len(t) > 1 and t[-2] not in "。！？!?…．.”’」』）)】》":
        return OPEN  # a quoted term or title ends it: the sentence goes on (……『壮心不已』|的博大胸怀)
    if c in END_FINAL:
        return CLOSED
    return OPEN


_BRACKET = re.compile("[" + re.escape(OPENERS + CLOSERS + '"') + "]")
_SENT_STOP = re.compile("[。！？!?]")
_ANY_CLOSER = re.compile("[" + re.escape(CLOSERS + '")]>') + "]")  # before the half-width ones are mapped
# the slices of a word run's prefixes (runs are at most 6 characters: _HEAD_RUN)
_PREFIXES = tuple(slice(0, k) for k in range(1, 9))


def unclosed_openers(text: str) -> str:
    """Openers (《“（…) still open at the end of ``text``, innermost last."""
    stack: list[str] = []
    for m in _BRACKET.finditer(text):  # only the bracket characters, found in C
        ch = m.group()
        if ch == '"':  # straight quotes (before the punct pass): closes “ or opens one
            if stack and stack[-1] == "“":
                stack.pop()
            else:
                stack.append("“")
        elif ch in CLOSER_OF:  # an opener
            stack.append(ch)
        else:
            op = OPENER_OF[ch]
            if op in stack:
                while stack and stack[-1] != op:
                    stack.pop()
                stack.pop()
    return "".join(stack)


def unmatched_closer(text: str, limit: int = 300) -> tuple[int, str]:
    """Position and character of the first closer in ``text[:limit]`` that no
    earlier opener in it matches, or ``(-1, "")``."""
    stack: list[str] = []
    for m in _BRACKET.finditer(text, 0, limit):
        ch = m.group()
        if ch == '"':
            if "“" in stack:
                while stack and stack[-1] != "“":
                    stack.pop()
                stack.pop()
            else:
                stack.append("“")
        elif ch in CLOSER_OF:
            stack.append(ch)
        else:
            op = OPENER_OF[ch]
            if op in stack:
                while stack and stack[-1] != op:
                    stack.pop()
                stack.pop()
            else:
                return m.start(), ch
    return -1, ""


def _head_closer(h: str) -> str:
    """The first closer of the flat head ``h`` that no opener in it matches,
    if it comes before the head's first sentence end, else ''."""
    hn = _full_brackets(h)
    i, closer = unmatched_closer(hn)
    if closer and _SENT_STOP.search(hn, 0, i):
        closer = ""  # a sentence ends before it
    return closer


def start_state(text: str) -> str:
    """``open-mid`` when a block starts mid-sentence for sure (punctuation, or
    a closer nobody opened), else ``candidate``."""
    # only the first 40 characters are read: those of the text's start when
    # it holds 40 that are no whitespace
    t = flat(text[:80])
    if len(t) < 40 and len(text) > 80:
        t = flat(text)
    if not t:
        return START_CANDIDATE
    if t[0] in START_MID:
        return START_OPEN_MID
    i, _ = unmatched_closer(t, 40)
    if i != -1:
        # a closer before the first sentence end: the start is mid-sentence
        stop = min((t.find(c) for c in "。！？" if c in t[:i]), default=-1)
        if stop == -1:
            return START_OPEN_MID
    return START_CANDIDATE


# ---------------------------------------------------------------- segmentation
_NO_WORD = 1.0  # no log probability is positive: the mark of a window that is no word
class Segmenter:
    """Max-probability unigram segmentation of short windows over a lexicon."""

    def __init__(self, lexicon: Lexicon, max_word: int = 8) -> None:
        self.freq = lexicon.freq
        self.log_total = math.log(max(lexicon.total, 1))
        self.max_word = min(max_word, max(lexicon.max_len, 1))
        self.unknown = math.log(0.3) - self.log_total  # an unknown single character
        self.other = math.log(50.0) - self.log_total  # a digit / Latin character
        self._cache: dict[str, tuple[float, tuple[tuple[int, int], ...]]] = {}
        # every pair of adjacent characters inside a word of the lexicon (or
        # more), when known: a window holding a pair outside it is no word
        # and is not looked up
        self.pairs: frozenset[str] | None = None
        self._states: dict[str, tuple[list[float], list[int], int]] = {}
        self._logp: dict[str, float] = {}  # log probability of each window looked up (_NO_WORD: none)

    def segment(self, s: str) -> tuple[float, tuple[tuple[int, int], ...]]:
        """Log probability of the best segmentation of ``s`` and its word spans."""
        hit = self._cache.get(s)
        if hit is not None:
            return hit
        # (the forward pass over s itself when segment_join continued it:
        # the tail of a crossing, segmented alone for the gain)
        state = self._states.get(s)
        return self._result(s, state if state is not None else self._forward(s, None))

    def segment_join(self, a: str, b: str) -> tuple[float, tuple[tuple[int, int], ...]]:
        """:meth:`segment` of ``a + b``, continuing the forward pass over
        ``a`` (remembered: the pass joins one end to many starts); the same
        numbers as segmenting the joined text from its start."""
        s = a + b
        hit = self._cache.get(s)
        if hit is not None:
            return hit
        state = self._states.get(a)
        if state is None:
            state = self._forward(a, None)
            if len(self._states) > 4096:
                self._states.clear()
            self._states[a] = state
        return self._result(s, self._forward(s, state))

    def _forward(self, s: str, state: tuple[list[float], list[int], int] | None
                 ) -> tuple[list[float], list[int], int]:
        """The best log probability of each prefix of ``s`` and the start of
        its last word (and the pair-run start), continuing ``state``: the
        same pass over a prefix of ``s``."""
        if state is None:
            best, back, lo = [0.0], [0], 0  # with pairs: a word ending at i starts at lo or later
        else:
            best, back, lo = list(state[0]), list(state[1]), state[2]
        freq = self.freq
        lt = self.log_total
        pairs = self.pairs
        mw = self.max_word
        unknown, other = self.unknown, self.other
        lpc = self._logp
        if len(lpc) > 100_000:  # (~120 bytes an entry, in every worker)
            lpc.clear()
        get = lpc.get
        for i in range(len(best), len(s) + 1):
            if pairs is not None and i >= 2 and s[i - 2:i] not in pairs:
                lo = i - 1
            # best[j] is finite for every j (a single character always has a
            # probability); windows before lo are no words and would be skipped
            bi = -math.inf
            bj = i - 1
            for j in range(lo if lo > i - mw else i - mw, i):
                w = s[j:i]
                lp = get(w)
                if lp is None:
                    f = freq.get(w, 0)
                    lp = lpc[w] = math.log(f) - lt if f > 0 else _NO_WORD
                if lp == _NO_WORD:
                    if j < i - 1:
                        continue
                    lp = unknown if "\u3400" <= w <= "\ufaff" else other
                v = best[j] + lp
                if v > bi:
                    bi, bj = v, j
            best.append(bi)
            back.append(bj)
        return best, back, lo

    def _result(self, s: str, state: tuple[list[float], list[int], int]) -> tuple[float, tuple[tuple[int, int], ...]]:
        best, back, _ = state
        spans: list[tuple[int, int]] = []
        i = len(s)
        while i > 0:
            j = back[i]
            spans.append((j, i))
            i = j
        res = (best[len(s)], tuple(reversed(spans)))
        if len(self._cache) > 8192:  # (~500 bytes an entry, private to each worker)
            self._cache.clear()
        self._cache[s] = res
        return res


@lru_cache(maxsize=4)
def _segmenter(lex_id: int) -> Segmenter:  # keyed by id of the shared lexicon
    return Segmenter(get_lexicon())


def _word_pairs(seg_id: int) -> dict[str, int]:
    """Every pair of adjacent characters inside a lexicon word (built once,
    shared with the misread pass: ``Lexicon.word_pairs``; test with ``in``)."""
    return get_lexicon().word_pairs()


@lru_cache(maxsize=2)
def _start_chars(lex_id: int) -> frozenset[str]:
    """First characters of the lexicon words whose tag says no sentence
    starts with them (bound, morpheme and measure tags): a block whose first
    character is none of these has no such first word (built once)."""
    tags = BOUND_TAGS | MORPHEME_TAGS | MEASURE_TAGS
    return frozenset(w[0] for w, t in get_lexicon().tags.items() if t in tags)


@lru_cache(maxsize=4)
def _start_weight_of(lex_id: int, weights: tuple[float, float, float, float]) -> dict[str, float]:
    """For each character that starts a lexicon word with a bound, morpheme,
    measure or locative tag, the largest of those start weights
    (``weights``, in that order) among the words it starts (built once)."""
    out: dict[str, float] = {}
    classes = list(zip((BOUND_TAGS, MORPHEME_TAGS, MEASURE_TAGS, LOCATIVE_TAGS), weights))
    every = frozenset().union(*(tags for tags, _ in classes)).__contains__
    lt = get_lexicon().tags
    # (the words with one of those tags picked at C level: about 8,000 of 350,000)
    for w, t in zip(compress(lt.keys(), map(every, lt.values())), filter(every, lt.values())):
        for tags, v in classes:
            if t in tags:
                if v > out.get(w[0], 0.0):
                    out[w[0]] = v
                break
    return out


def default_segmenter() -> Segmenter:
    return _segmenter(id(get_lexicon()))


@dataclass(frozen=True)
class Crossing:
    """A word that the join forms across the boundary."""

    word: str  # '' when none
    gain: float  # log P(joined) - log P(tail) - log P(head), >= 0


def crossing(tail: str, head: str, seg: Segmenter | None = None) -> Crossing:
    """The best word crossing ``tail|head`` (their whitespace-free edges)."""
    seg = seg or default_segmenter()
    ft = flat(tail[-24:])
    mt = _TAIL_RUN.search(ft, len(ft) - 7)  # (a match ends the text: it starts 6 characters (and a newline) from its end at most)
    mh = _HEAD_RUN.match(flat(head[:24]))
    if not mt or not mh:
        return Crossing("", 0.0)
    a, b = mt.group(0), mh.group(0)
    joined = a + b
    lp_j, spans = seg.segment_join(a, b)
    cut = len(a)
    word = ""
    for s, e in spans:
        if s < cut < e:
            word = joined[s:e]
            break
    if not word:
        return Crossing("", 0.0)  # (the two sides apart are segmented only for a word across the cut)
    lp_a, _ = seg.segment(a)
    lp_b, _ = seg.segment(b)
    return Crossing(word, max(0.0, lp_j - lp_a - lp_b))


# ---------------------------------------------------------------- term overlap
_STOP_CHARS = set("的了是在和与及或为对把被从向于以而也都就又还并其之这那个中上下不有我你他她它们")


def _class_without(ranges: str, chars: set[str]) -> str:
    """A regex character class body: the ranges of ``ranges`` (``a-b…``)
    without ``chars``."""
    out: list[str] = []
    for a, b in re.findall("(.)-(.)", ranges):
        lo = ord(a)
        for c in sorted(ord(x) for x in chars if a <= x <= b) + [ord(b) + 1]:
            if c > lo:
                out.append(f"{chr(lo)}-{chr(c - 1)}")
            lo = c + 1
    return "".join(out)


_GRAM_CHARS = _class_without(HAN, _STOP_CHARS)  # Han characters but the function characters
_BIGRAMS = re.compile(f"(?=([{_GRAM_CHARS}]{{2}}))")
_TRIGRAMS = re.compile(f"(?=([{_GRAM_CHARS}]{{3}}))")


def grams(text: str) -> frozenset[str]:
    """Han character bigrams and trigrams of ``text``, inside runs of Han
    characters that are not very common function characters (的, 了, 是 …)."""
    hit = _GRAMS.get(text)
    if hit is not None:
        return hit
    # every window of two and of three Han characters that are no function
    # characters (overlapping matches: the regex engine does the scanning)
    res = frozenset(_BIGRAMS.findall(text) + _TRIGRAMS.findall(text))
    if len(_GRAMS) > 256:  # a few pages' blocks (~12 KB an entry: 8192 were ~90 MB a worker)
        _GRAMS.clear()
    _GRAMS[text] = res
    return res


_GRAMS: dict[str, frozenset[str]] = {}


_IDF_TABLES: dict[int, dict[tuple[int, int], float]] = {}


class TermIndex:
    """Document frequencies of n-grams over the blocks of one page: shared rare
    n-grams (names, places, projects) weigh more than shared common ones."""

    def __init__(self, block_grams: Sequence[set[str]], vocab: set[str] | frozenset[str] | None = None,
                 blocks: Iterable[set[str]] | None = None, within_vocab: bool = False) -> None:
        """``vocab``: the n-grams whose weights will be asked for (a
        headline's): document frequencies are counted for those only, the
        others' on first use, over ``blocks`` (the blocks' n-grams, when
        ``block_grams`` hold only the vocabulary's of each; ``within_vocab``:
        they do, none needs intersecting with it)."""
        self.n = len(block_grams)
        df: Counter[str] = Counter()
        if vocab is None or within_vocab:
            df.update(chain.from_iterable(block_grams))  # (one counting loop in C)
        else:
            for g in block_grams:
                df.update(vocab & g if len(vocab) < len(g) else g & vocab)
        self._blocks: Iterable[set[str]] | None = None
        if vocab is not None:
            self._blocks = block_grams if blocks is None else blocks
        self.df = df
        self._log_n = math.log(self.n + 1)
        # the n-grams are bigrams and trigrams: one value per (count, length),
        # the same table for every page of as many blocks
        tbl = _IDF_TABLES.get(self.n)
        if tbl is None:
            tbl = _IDF_TABLES[self.n] = {(c, k): max(0.0, self._log_n - math.log(c + 1)) + 0.1 * k
                                         for c in range(self.n + 1) for k in (2, 3)}
        self._idf: dict[str, float] = dict(zip(df, map(tbl.__getitem__, zip(df.values(), map(len, df)))))

    def idf(self, g: str) -> float:
        v = self._idf.get(g)
        if v is None:
            c = self.df.get(g, 0)
            if self._blocks is not None and not c:
                c = sum(1 for b in self._blocks if g in b)  # outside the vocabulary: counted now
            v = max(0.0, self._log_n - math.log(c + 1)) + 0.1 * len(g)
            self._idf[g] = v
        return v

    def weight(self, gs: Iterable[str]) -> float:
        try:
            return sum(map(self._idf.__getitem__, gs))
        except KeyError:  # an n-gram no block has (a headline's)
            return sum(map(self.idf, gs))

    def coverage(self, query: set[str], target: set[str], present: set[str] | None = None,
                 absent_weight: float = 0.3) -> float:
        """Share of the query's weight found in the target (0..1).

        With ``present`` (all n-grams of the page's candidate targets), query
        n-grams found nowhere count only ``absent_weight`` of their weight:
        they cannot tell targets apart, but a query made mostly of them is a
        weak match anywhere."""
        tot = self._query_weight(query, present, absent_weight)
        if tot <= 0:
            return 0.0
        return min(1.0, self.weight(query & target) / tot)

    def coverages(self, query: set[str], targets: Iterable[set[str]], present: set[str] | None = None,
                  absent_weight: float = 0.3) -> list[float]:
        """``coverage(query, t, present)`` for each target t (the query's own
        weight counted once)."""
        tot = self._query_weight(query, present, absent_weight)
        if tot <= 0:
            return [0.0 for _ in targets]
        weight = self.weight
        return [min(1.0, weight(query & t) / tot) for t in targets]

    def _query_weight(self, query: set[str], present: set[str] | None, absent_weight: float) -> float:
        """The weight a coverage of the query divides by (<= 0: none)."""
        tot = self.weight(query)
        if tot <= 0 or present is None:
            return tot
        here = self.weight(query & present)
        return here + absent_weight * (tot - here)

    def similarity(self, a: set[str], b: set[str], wa: float | None = None,
                   wb: float | None = None) -> float:
        """Weighted overlap of two bags (cosine of the IDF-weighted sets, 0..1);
        ``wa``/``wb``: their weights when already known."""
        if not a or not b:
            return 0.0
        shared = self.weight(a & b if len(a) <= len(b) else b & a)
        if shared <= 0:
            return 0.0
        wa = self.weight(a) if wa is None else wa
        wb = self.weight(b) if wb is None else wb
        return shared / math.sqrt(wa * wb) if wa > 0 and wb > 0 else 0.0


# ---------------------------------------------------------------- corpus stats
_HAN_RUN = re.compile(f"[{HAN}]+")


_BLOCK_START = re.compile(f"(?:\\A|\\n[ \\t\u3000]*\\n)\\s*([{HAN}])")


COLLECT_CHARS = 600  # characters of each document counted for the n-gram statistics
SAMPLE_CHARS = 600_000  # at most this many characters counted in all (documents spread over the corpus)


def collect(text: str) -> tuple[str, str]:
    """Corpus partial for one document: its Han runs, separated by spaces (the
    bigram counting happens once, in :func:`merge`; a sample of
    ``COLLECT_CHARS`` characters a document is plenty for the ratios used and
    keeps the cost small), and the first Han character of every block (what
    paragraphs start with)."""
    return " ".join(_HAN_RUN.findall(text[:COLLECT_CHARS])), "".join(_BLOCK_START.findall(text))


def merge(partials: Iterable[tuple[str, str] | str]) -> dict[str, Any]:
    """Character unigram, bigram and trigram counts over a sample of the
    corpus (``COLLECT_CHARS`` of each document, at most ``SAMPLE_CHARS`` in
    all: on a large corpus every k-th document, so that the cost and the
    memory stay bounded and all counts come from the same text), and counts
    of the characters blocks start with (all documents)."""
    texts: list[str] = []
    firsts: list[str] = []
    for part in partials:
        s, st = (part, "") if isinstance(part, str) else part
        texts.append(s)
        firsts.append(st)
    total = sum(map(len, texts))
    if total > SAMPLE_CHARS:
        texts = texts[::-(-total // SAMPLE_CHARS)]  # every k-th document, k = ceil(total / SAMPLE_CHARS)
    # one pass over one string: Counter's C loop, no per-document overhead
    s = " ".join(texts)
    uni = Counter(s)
    uni.pop(" ", None)
    pairs = list(map(str.__add__, s, s[1:]))
    bi = Counter(pairs)
    for k in [k for k in bi if " " in k]:
        del bi[k]
    tri = Counter(map(str.__add__, pairs, s[2:]))  # each bigram and the next character
    del pairs
    for k in [k for k in tri if " " in k]:
        del tri[k]
    starts = Counter("".join(firsts))
    return {"unigrams": uni, "bigrams": NgramCounts(bi, 2), "trigrams": NgramCounts(tri, 3),
            "chars": sum(uni.values()), "starts": starts, "blocks": sum(starts.values())}


class NgramCounts:
    """Counts of Han n-grams of one length, read like a Counter (``get(g,
    0)``, ``[g]``, ``len``, iteration), held as two sorted arrays: 12 bytes
    an n-gram (a dict of strings took ~120: 35 MB for the sample's bigrams
    and trigrams, in every worker process). Keys are the UTF-16 code units
    of the n-gram as one integer (Han characters are in the BMP)."""

    __slots__ = ("n", "keys", "counts")

    def __init__(self, counts: Mapping[str, int], n: int) -> None:
        self.n = n
        coded = sorted((int.from_bytes(g.encode("utf-16-be"), "big"), c) for g, c in counts.items())
        if any(k >> (16 * n) for k, _ in coded[-1:]):
            raise ValueError("NgramCounts: n-grams of BMP characters only")
        self.keys = array("Q", [k for k, _ in coded])
        self.counts = array("Q", [c for _, c in coded])

    def get(self, g: str, default: int = 0) -> int:
        if len(g) != self.n:
            return default
        b = g.encode("utf-16-be", "surrogatepass")
        if len(b) != 2 * self.n:  # a character beyond the BMP: no stored n-gram has one
            return default
        k = int.from_bytes(b, "big")
        keys = self.keys
        i = bisect_left(keys, k)
        if i == len(keys) or keys[i] != k:
            return default
        return self.counts[i]

    def __getitem__(self, g: str) -> int:
        return self.get(g)  # (a Counter's missing key counts 0)

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[str]:
        m = 2 * self.n
        return (k.to_bytes(m, "big").decode("utf-16-be") for k in self.keys)

    def items(self) -> Iterator[tuple[str, int]]:
        return zip(iter(self), self.counts)


def trigram_pmi(stats: Mapping[str, Any] | None, t: str, h: str) -> float | None:
    """How much more often than chance the corpus has the three characters
    across the join (``t[-2:] + h[0]`` or ``t[-1] + h[:2]``): the log ratio
    of the trigram's count to what its bigram and the other character
    predict, the better of the two; None without trigram counts."""
    if not stats or len(t) < 2 or len(h) < 2:
        return None
    uni, bi, tri, n = stats.get("unigrams"), stats.get("bigrams"), stats.get("trigrams"), stats.get("chars", 0)
    if not uni or not bi or not tri or n < 200_000:
        return None
    a = tri.get(t[-2:] + h[0], 0), bi.get(t[-2:], 0) * uni.get(h[0], 0) / n
    b = tri.get(t[-1] + h[:2], 0), uni.get(t[-1], 0) * bi.get(h[:2], 0) / n
    return max(math.log((c + 0.5) / (e + 0.5)) for c, e in (a, b))


def bigram_pmi(stats: Mapping[str, Any] | None, a: str, b: str, min_count: int = 3) -> float | None:
    """Pointwise mutual information of the bigram ``ab`` in the corpus, or None
    when the corpus is too small to say."""
    if not stats or not a or not b:
        return None
    uni, bi, n = stats.get("unigrams"), stats.get("bigrams"), stats.get("chars", 0)
    if not uni or not bi or n < 2000:
        return None
    ca, cb = uni.get(a, 0), uni.get(b, 0)
    if ca < min_count or cb < min_count:
        return None
    cab = bi.get(a + b, 0)
    return math.log((cab + 0.5) * n / (ca * cb))


def start_ratio(stats: Mapping[str, Any] | None, c: str, min_count: int = 20) -> float | None:
    """log P(c in running text) - log P(c starts a block), from the corpus
    being cleaned: > 0 when paragraphs begin with ``c`` less often than text
    contains it (的, 了, 们 …), < 0 when they begin with it more often (本, 据,
    在 …); 0 for a character too rare to say; None without enough corpus."""
    if not stats or not c:
        return None
    uni, starts = stats.get("unigrams"), stats.get("starts")
    nb, n = stats.get("blocks", 0), stats.get("chars", 0)
    if not uni or not starts or nb < 1000 or n < 200_000:
        return None
    cu = uni.get(c, 0)
    if cu < min_count:
        return 0.0
    return math.log((cu / n) / ((starts.get(c, 0) + 0.5) / nb))


# ---------------------------------------------------------------- the scorer
DEFAULT_WEIGHTS: dict[str, float] = {
    # the end: how sure is it that the sentence goes on?
    "end_mid": 2.0,  # ends in ，、； or an opener: mid-sentence for sure
    "end_prose": 1.5,  # ends in a character, in prose (a sentence ended before, or a long block)
    "end_clause": 1.0,  # ends in a character after a clause (，) but no sentence: maybe a subheading
    "end_bare": 0.5,  # a short block with no punctuation at all: as likely a heading
    "end_colon": 0.3,  # ends in ： or —: often introduces the next paragraph (a list)
    "end_quote": 1.0,  # ends in a quoted term or title with no sentence end before it
    "end_closed": -4.0,  # ends a sentence
    "end_head": -1.5,  # the block reads as a headline (short, no sentence end): a cut only with strong evidence
    # the start: how sure is it that the block starts mid-sentence?
    "start_mid": 3.0,  # starts with punctuation (，。、…)
    "start_closer": 1.5,  # closes a bracket it never opened (… 意见》)
    "start_bound": 2.0,  # its first word cannot begin a sentence (的, 了, 们, 等; bound morphemes)
    "start_morpheme": 1.0,  # … is a bound morpheme (物, 众)
    "start_measure": 1.0,  # … is a measure word (个, 项)
    "start_locative": 0.6,  # … is a localizer (上, 中, 后)
    "start_para": -0.6,  # … typically begins a sentence (pronoun, preposition, name, time word)
    "start_marker": -3.0,  # begins like a paragraph for sure (一、 （二） ——— 记者：)
    "start_ratio": 0.6,  # per nat: the corpus's paragraphs begin with its first character rarely (capped)
    "start_head": -1.5,  # the block reads as a headline
    # the join itself
    "cross": 0.35,  # per nat of crossing gain (capped)
    "cross_cap": 10.0,
    "cross_strong": 6.0,  # a crossing gain of this many nats …
    "cross_bonus": 3.0,  # … counts this many nats more
    "bracket": 2.5,  # tail opens, head closes the same bracket
    "bracket_wrong": -4.0,  # head closes a bracket the tail never opened
    "bracket_open": -0.6,  # tail leaves a bracket open that the head does not close soon
    "number": 1.2,  # tail ends in a digit, head starts with a digit or unit
    "page_ngram": 1.2,  # 2+2 characters across the join occur elsewhere on the page
    "page_ngram3": 0.8,  # 3+3 characters too
    "corpus_pmi": 0.25,  # per nat of boundary bigram PMI above 1.5 (at most 4)
    "corpus_tri": 0.5,  # per nat of trigram-across-the-join excess above 1 (at most 4)
    # context (added by the reading-order pass)
    "topic": 2.5,  # IDF n-gram similarity of the two sides
    "after_break": 0.0,  # head follows a headline/byline/caption or starts the page
    "head_match": 4.0,  # the headline printed above the head names the tail's article (0..1)
    "adjacent": 1.5,  # head directly follows the tail (original order)
    "layout": 1.0,  # the column-cut layout: the tail stops before a headline, the head follows one
    "anchor": 2.5,  # per unit: the head's opening shares names and terms with where it stands, not with the tail's text
    "anchor_head": 3.0,  # per unit: the head stands right under a headline that reads with its own text, not the tail's
}

END_FEATURES = ("end_mid", "end_prose", "end_clause", "end_bare", "end_colon", "end_quote", "end_closed",
                "end_head")
CONTEXT_FEATURES = ("topic", "after_break", "head_match", "adjacent", "layout", "anchor", "anchor_head")
# evidence AT the cut: what a move needs besides an open end and a shared topic
BOUNDARY_FEATURES = ("start_mid", "start_closer", "start_bound", "start_morpheme", "start_measure", "start_locative",
                     "start_para", "start_marker", "start_ratio", "start_head", "cross", "bracket", "bracket_wrong",
                     "bracket_open", "number", "page_ngram", "page_ngram3", "corpus_pmi", "corpus_tri")

# first words that cannot begin a sentence (jieba tags): structural particles,
# suffixes, modal particles and bound morphemes
BOUND_TAGS = frozenset({"uj", "ul", "uz", "uv", "ud", "ug", "u", "k", "y"})
# … bound morphemes: rarely a sentence's first word, but literary text starts with some (众, 此)
MORPHEME_TAGS = frozenset({"zg", "ng", "vg", "g", "ag", "dg", "mg", "rg", "tg"})
MEASURE_TAGS = frozenset({"q", "mq"})
LOCATIVE_TAGS = frozenset({"f"})
# first words that typically begin a sentence: pronouns, prepositions, time
# words, names of people, places and organisations
PARA_TAGS = frozenset({"r", "p", "t", "nr", "nrt", "nrfg", "ns", "nt"})
# the class of a tag as start_features tests them, in its order (None: no class)
_TAG_CLASS = {t: i for i, tags in reversed(list(enumerate(
    (BOUND_TAGS, MORPHEME_TAGS, MEASURE_TAGS, LOCATIVE_TAGS, PARA_TAGS)))) for t in tags}
# the start feature of each word class, in the order start_features tests them
_START_TAGS = (("start_bound", BOUND_TAGS), ("start_morpheme", MORPHEME_TAGS), ("start_measure", MEASURE_TAGS),
               ("start_locative", LOCATIVE_TAGS), ("start_para", PARA_TAGS))

# words (other than prepositions and conjunctions) no sentence ends with
# the tags of the words no title or sentence ends with (ends_in_function_word)
_FUNCTION_TAGS = frozenset(("p", "c", "uj", "uz", "ud", "uv"))
ENDLESS_WORDS = frozenset("这 那 其 此 该 每 各 某 还 也 都 又 就 才 并 很 最 更 将 要 会 能 应 被 把 对 从 向 和 与 及 或 而 的 之".split())

_SENT_END = re.compile("[。！？!?]")
_CLAUSE = re.compile("[，、；,;]")
# starts that only a paragraph has: an ordinal (一、 （二） 1. 第三), a list
# dash (——— …), an interview turn (记者： 答：), an editor's note
PARA_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十百]{1,3}[、，是]|[（(][一二三四五六七八九十0-9０-９]{1,3}[)）]"
    r"|[0-9０-９]{1,2}(?:、|[.．](?![0-9０-９]))|第[一二三四五六七八九十百0-9０-９]+[条章节部分、，是]|[—\-]{2}"
    rf"|[{HAN}]{{1,4}}[:：]|[●■◆□○▲△★☆※]|编者按|按[:：])")


_HALF_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "【", "]": "】", "<": "〈", ">": "〉"})
_HALF_BRACKET = re.compile(r"[()\[\]<>]")


def _full_brackets(t: str) -> str:
    """``t`` with half-width brackets made full-width (translated only when
    it has one: a translation looks every character up)."""
    return t.translate(_HALF_BRACKETS) if _HALF_BRACKET.search(t) else t


def _open_since(t: str, k: int) -> str:
    """Openers left open at the end of ``t`` that were opened after offset ``k``."""
    out = unclosed_openers(t)
    if not out:
        return out
    tail = unclosed_openers(t[k + 1:])
    return "".join(c for c in out if c in tail)


def end_evidence(tail: str) -> str:
    """The end feature of a block ending in ``tail`` (see ``END_FEATURES``)."""
    t = flat(tail[-300:])
    if end_state(t) == CLOSED:
        return "end_closed"
    c = t[-1]
    if c in "，、；,;" or c in OPENERS:
        return "end_mid"
    if c in CLOSERS:
        return "end_quote"
    if c in "：:—-":
        return "end_colon"
    if len(t) >= 40 or _SENT_END.search(t):
        return "end_prose"  # (the clause marks counted only for a short end without a sentence end)
    clauses = len(_CLAUSE.findall(t))
    if clauses >= 2 or (clauses and len(t) >= 24):
        return "end_prose"
    if clauses:
        return "end_clause"
    return "end_bare"


@dataclass
class Join:
    score: float
    word: str = ""
    gain: float = 0.0
    features: dict[str, float] = field(default_factory=dict)

    @property
    def strong(self) -> bool:
        """Direct evidence at the boundary itself: a crossing word, a bracket
        closed, punctuation at the head, a number cut from its unit."""
        f = self.features
        return bool(f.get("cross", 0) > 0 or f.get("bracket", 0) > 0 or f.get("start_mid", 0) > 0
                    or f.get("number", 0) > 0)

    @property
    def boundary(self) -> float:
        """The evidence at the cut (start and join features, no end, no context)."""
        f = self.features
        return sum(f[k] for k in BOUNDARY_FEATURES if k in f)


def _follows(text: str, a: str, x: str, box: list) -> bool:
    """``a + x in text``; for a two-character ``x`` by the set of what follows
    each place of ``a`` (``_after``, made once and kept in ``box[0]``: the
    heads of one end are looked up in the same page)."""
    if len(x) != 2:
        return (a + x) in text
    after = box[0]
    if after is None:
        after = box[0] = _after(text, a)
    return x in after


def _after(text: str, a: str) -> set[str]:
    """The two characters after each place ``a`` stands in ``text``
    (overlapping places too): ``a + x in text`` for a two-character ``x``
    is ``x in _after(text, a)``."""
    out = set()
    n = len(a)
    i = text.find(a)
    while i >= 0:
        out.add(text[i + n:i + n + 2])
        i = text.find(a, i + 1)
    return out


class StartBounds:
    """Heads for :meth:`ContinuationScorer.reads_on_better`: their first two
    characters (no whitespace), the most their first character and a closer
    can give, whether they may hold a closer, and their :meth:`ContinuationScorer._bound` entries, made from
    their text (``text_of(key)``) when first needed."""

    __slots__ = ("firsts", "most", "closers", "text_of", "keys", "entries", "bound")

    def __init__(self, firsts: list[str], most: list[float], closers: list[bool], text_of: Callable[[Any], str],
                 keys: Sequence, bound: Callable[[str], tuple] | None = None) -> None:
        self.firsts, self.most, self.closers, self.text_of, self.keys = firsts, most, closers, text_of, keys
        self.entries: list[tuple | None] = [None] * len(firsts)
        self.bound = bound

    def entry(self, i: int) -> tuple[str, str, float, bool, str]:
        e = self.entries[i]
        if e is None:
            e = self.entries[i] = self.bound(self.text_of(self.keys[i]))
        return e


class ContinuationScorer:
    """Scores ``tail|head`` joins; see the module docstring for the features."""

    def __init__(self, weights: Mapping[str, float] | None = None, *,
                 segmenter: Segmenter | None = None, corpus: Mapping[str, Any] | None = None,
                 min_gain: float = 3.0) -> None:
        self.w = dict(DEFAULT_WEIGHTS)
        if weights:
            self.w.update({k: float(v) for k, v in weights.items() if k in DEFAULT_WEIGHTS})
        self.seg = segmenter or default_segmenter()
        self.tags = get_lexicon().tags
        self.pairs = _word_pairs(id(self.seg))
        self.bound_first = _start_chars(id(get_lexicon()))
        # the most the corpus features can add
        self.corpus_max = max(4.0 * self.w["corpus_pmi"], 4.0 * self.w["corpus_tri"]) if corpus else 0.0
        self.corpus = corpus
        self.min_gain = min_gain
        # the features local adds besides the end, the start and the bracket
        # are never negative (local_floor)
        self._extras_nonneg = min_gain >= 0 and all(
            self.w[k] >= 0 for k in ("cross", "cross_cap", "cross_bonus", "number", "page_ngram", "page_ngram3",
                                     "corpus_pmi", "corpus_tri"))
        # the word classes whose start feature alone is lexical start evidence
        # (start_evidence): a start none of whose first words has one of these
        # tags has none, and is answered without segmenting it
        self._evident_tags = frozenset().union(*(tags for name, tags in _START_TAGS if self.w[name] >= 1.0))
        # … all of them tags of the words whose first characters are bound_first
        self._bound_gate = self._evident_tags <= BOUND_TAGS | MORPHEME_TAGS | MEASURE_TAGS
        self._start_tagset = frozenset().union(*(tags for _, tags in _START_TAGS))  # the tags start_features tests
        if self.seg.pairs is None and self.seg.freq is get_lexicon().freq:
            self.seg.pairs = self.pairs  # the pairs of this lexicon's words: the segmentation skips other windows
        self._tails: dict[str, tuple[str, str, str, str]] = {}
        self._heads: dict[str, tuple[str, str, str, dict[str, float]]] = {}
        self._local: dict[tuple, Join | None] = {}
        self._spans: dict[tuple[str, str], bool] = {}
        self._crossings: dict[tuple[str, str], Crossing] = {}
        self._first_tags: dict[str, str] = {}  # a start's word run -> the tag of its first word
        self._function_ends: dict[str, bool] = {}  # an end's word run -> ends_in_function_word
        self._evidence: dict[str, bool] = {}  # head -> start_evidence (most answered without segmenting)
        self._bounds: dict[str, tuple[str, str, float, bool, str]] = {}  # head -> start_bounds entry
        self._start_w: dict[str, float] | None = None

    def _tail(self, tail: str) -> tuple[str, str, str, str, str]:
        """(flat tail, its word run, openers left open in its last sentence,
        all openers left open, end feature), cached."""
        hit = self._tails.get(tail)
        if hit is None:
            t = flat(tail[-200:])
            m = _TAIL_RUN.search(t, len(t) - 7)  # (t[-24:]: a match ends the text, at most 6 characters (and a newline) long)
            # a bracket left open is evidence only in the last sentence (a
            # quote running over several paragraphs leaves one open at every
            # end); one opened earlier is no evidence either way
            tb = _full_brackets(t)
            last = max(t.rfind("。"), t.rfind("！"), t.rfind("？"), t.rfind("!"), t.rfind("?"))
            every = unclosed_openers(tb)
            hit = (t, m.group(0) if m else "", every if last < 0 else _open_since(tb, last), every,
                   end_evidence(t) if t else "end_closed")
            if len(self._tails) > 4096:
                self._tails.clear()
            self._tails[tail] = hit
        return hit

    def _head(self, head: str) -> tuple[str, str, str, dict[str, float]]:
        """(flat head, its word run, first unmatched closer, start features), cached."""
        hit = self._heads.get(head)
        if hit is None:
            h = flat(head[:200])
            m = _HEAD_RUN.match(h[:24])
            closer = _head_closer(h)
            hit = (h, m.group(0) if m else "", closer, self.start_features(h, closer))
            if len(self._heads) > 4096:  # (~700 bytes an entry)
                self._heads.clear()
            self._heads[head] = hit
        return hit

    def start_features(self, h: str, closer: str = "") -> dict[str, float]:
        """How surely a block starting with ``h`` starts mid-sentence."""
        w = self.w
        f: dict[str, float] = {}
        if not h:
            return f
        if h[0] in START_MID:
            f["start_mid"] = w["start_mid"]
            return f
        if closer and start_state(h) == START_OPEN_MID:
            f["start_closer"] = w["start_closer"]
        if PARA_MARKER.match(h):
            f["start_marker"] = w["start_marker"]
            return f
        m = _HEAD_RUN.match(h[:8])
        if m and "\u3400" <= h[0] <= "\ufaff":
            run = m.group(0)
            tag = self._first_tags.get(run)
            if tag is None:
                tags = self.tags
                # the first word is a prefix of the run: when no prefix has a
                # tag tested below (most starts), the tag is none of them
                # without segmenting the run
                st = self._start_tagset
                if not st.isdisjoint(map(tags.get, map(run.__getitem__, _PREFIXES[:len(run)]))):
                    # the first word is the first character or a prefix that
                    # is a lexicon word: when all of these have tags of one
                    # class below, that class is the first word's (most
                    # such starts: 我|我们, 中国|中国人), without segmenting
                    seg = self.seg
                    freq = seg.freq
                    cands = [tags.get(p, "") for p in map(run.__getitem__, _PREFIXES[:min(len(run), seg.max_word)])
                             if len(p) == 1 or freq.get(p, 0) > 0]
                    if len({_TAG_CLASS.get(t) for t in cands}) == 1:
                        tag = cands[0]
                    else:
                        _, spans = seg.segment(run)
                        s, e = spans[0]
                        tag = tags.get(run[s:e], "")
                else:
                    tag = ""
                if len(self._first_tags) > 8192:  # (the order pass asks for the same blocks on every round)
                    self._first_tags.clear()
                self._first_tags[run] = tag
            if tag in BOUND_TAGS:
                f["start_bound"] = w["start_bound"]
            elif tag in MORPHEME_TAGS:
                f["start_morpheme"] = w["start_morpheme"]
            elif tag in MEASURE_TAGS:
                f["start_measure"] = w["start_measure"]
            elif tag in LOCATIVE_TAGS:
                f["start_locative"] = w["start_locative"]
            elif tag in PARA_TAGS:
                f["start_para"] = w["start_para"]
            r = start_ratio(self.corpus, h[0])
            if r:
                v = max(-1.5, min(3.0, r)) * w["start_ratio"]
                # the word class and the corpus say the same thing about the
                # first character: count the stronger of the two, not both
                pos = [k for k in ("start_bound", "start_morpheme", "start_measure", "start_locative") if k in f]
                if v > 0 and pos:
                    if v > f[pos[0]]:
                        del f[pos[0]]
                        f["start_ratio"] = v
                else:
                    f["start_ratio"] = v
        return f

    def ends_in_function_word(self, t: str) -> bool:
        """The text's last word is one no title or sentence ends with: a
        preposition, a conjunction, a demonstrative or a structural particle
        (…证实了这, …是挪威于, …当天还)."""
        ft = flat(t[-24:])
        m = _TAIL_RUN.search(ft, len(ft) - 7)  # (see crossing)
        if not m:
            return False
        run = m.group(0)
        hit = self._function_ends.get(run)
        if hit is None:
            # the last word is a suffix of the run: when no suffix is such a
            # word (most ends), the answer is False without segmenting the run
            tags = self.tags
            hit = False
            if any(tags.get(run[-k:]) in _FUNCTION_TAGS or run[-k:] in ENDLESS_WORDS
                   for k in range(1, len(run) + 1)):
                _, spans = self.seg.segment(run)
                s, e = spans[-1]
                w = run[s:e]
                hit = tags.get(w, "") in _FUNCTION_TAGS or w in ENDLESS_WORDS
            if len(self._function_ends) > 8192:  # (asked again on every round)
                self._function_ends.clear()
            self._function_ends[run] = hit
        return hit

    def spans(self, a: str, b: str) -> bool:
        """Some lexicon word spans the cut between word runs ``a`` and ``b``
        (it holds the pair ``a[-1] + b[0]``: most pairs are in no word)."""
        pairs = self.pairs
        if not a or not b or (a[-1] + b[0]) not in pairs:
            return False
        # asked again by the crossing of the pairs that pass the pass's screen
        key = (a, b)
        hit = self._spans.get(key)
        if hit is None:
            hit = self._spans[key] = self._spans_word(a, b)
            if len(self._spans) > 8192:
                self._spans.clear()
        return hit

    def _spans_word(self, a: str, b: str) -> bool:
        pairs = self.pairs
        freq = self.seg.freq
        L = self.seg.max_word
        # a word holding a[-i:] holds each of its adjacent pairs: i (and j)
        # stop at the first pair no word holds
        ia = 1
        while ia < len(a) and ia < L - 1 and (a[-ia - 1] + a[-ia]) in pairs:
            ia += 1
        jb = 1
        while jb < len(b) and jb < L - 1 and (b[jb - 1] + b[jb]) in pairs:
            jb += 1
        heads = [b[:j] for j in range(1, jb + 1)]
        for i in range(1, ia + 1):
            x = a[-i:]
            for y in heads[:L - i]:
                if x + y in freq:
                    return True
        return False

    def _crossing(self, a: str, b: str) -> Crossing:
        """:func:`crossing` on word runs, skipping the segmentation when no
        lexicon word spans the boundary at all."""
        if not self.spans(a, b):
            return Crossing("", 0.0)
        # all it reads are the two word runs: the same cut is asked with
        # other context (the lines pass's 40 characters, the order pass's
        # whole blocks, the next fixpoint round)
        key = (a, b)
        hit = self._crossings.get(key)
        if hit is None:
            hit = crossing(a, b, self.seg)
            if len(hit.word) == 2 and hit.word[0] == hit.word[1]:
                # a reduplication made of the character before the cut and
                # the same one after it (…苍|苍岩…, …天|天气…): as likely a
                # character printed twice or two words meeting as a cut word
                hit = Crossing("", 0.0)
            if len(self._crossings) > 8192:
                self._crossings.clear()
            self._crossings[key] = hit
        return hit

    def start_evidence(self, head: str) -> bool:
        """Any evidence that the head starts mid-sentence, from the text and
        the lexicon (not the corpus's): punctuation, a closer nobody opened,
        a first word no sentence starts with. A head with none of the
        characters that could give such evidence is answered without
        segmenting it (most paragraph starts)."""
        hit = self._evidence.get(head)
        if hit is not None:
            return hit  # asked again for every open end, and on the next round of the pipeline
        if head in self._heads:
            hit = self._start_evidence(head)
        else:
            h0 = head.lstrip()[:1]
            hit = not (h0 and h0 not in START_MID and not self._lexical_start(head, h0)) \
                and self._start_evidence(head)
        if len(self._evidence) > 8192:
            self._evidence.clear()
        self._evidence[head] = hit
        return hit

    def _lexical_start(self, head: str, h0: str) -> bool:
        """Whether a head that does not start with punctuation may have
        lexical start evidence: a closer, or a first word with a tag that
        gives some (False: it has none)."""
        # a closer counts only before the first sentence ends
        m = _SENT_STOP.search(head, 0, 400)
        h = ""
        if _ANY_CLOSER.search(head, 0, m.start() if m else 400):
            h = flat(head[:200])
            if _head_closer(h):
                return True
        # no closer: the class of the first word is all that is left
        if self._bound_gate and h0 not in self.bound_first:
            return False
        # the first word is a prefix of the word run: none of them has a
        # tag that would give evidence (most starts), nothing to segment
        h = h or flat(head[:200])
        m = _HEAD_RUN.match(h[:8])
        if not m or not "\u3400" <= h[0] <= "\ufaff":
            return False
        run, tags, ev = m.group(0), self.tags, self._evident_tags
        return not ev.isdisjoint(map(tags.get, map(run.__getitem__, _PREFIXES[:len(run)])))

    def _start_evidence(self, head: str) -> bool:
        _, _, closer, startf = self._head(head)
        lexical = sum(v for k, v in startf.items() if k != "start_ratio")  # not the corpus's
        return bool(closer or lexical >= 1.0)

    def end_info(self, tail: str) -> tuple[str, str, bool, str]:
        """(last character of the tail's word run, its last two characters,
        whether it ends in a number, the word run) for the pair screen of
        the reading-order pass."""
        t, ta, _, _, _ = self._tail(tail)
        if not t:
            return "\x02", "\x02", False, ""
        return (ta[-1:] or "\x02", t[-2:] if len(t) >= 2 else "\x02",
                bool(_DIGIT.match(t[-1]) or t[-1] in ZH_DIGITS), ta)

    def start_weights(self) -> dict[str, float]:
        """For each character that starts a lexicon word with a bound,
        morpheme, measure or locative tag, the largest of those start
        weights (``_start_weight_of``, built once: the lines pass asks for
        it when it makes its scorer)."""
        sw = self._start_w
        if sw is None:
            w = self.w
            sw = self._start_w = _start_weight_of(id(get_lexicon()), (w["start_bound"], w["start_morpheme"],
                                                                      w["start_measure"], w["start_locative"]))
        return sw

    def start_bounds(self, heads: Iterable[str]) -> StartBounds:
        """The heads as :meth:`reads_on_better` screens them (see
        :class:`StartBounds`)."""
        heads = list(heads)
        firsts = []
        for head in heads:
            h = head[:2]
            if len(h) < 2 or " " in h or not h.isprintable():
                h = flat(head[:200])[:2]  # (the text as local reads it)
            firsts.append(h)
        return self.start_screen(firsts, None, heads.__getitem__, range(len(heads)))

    def start_screen(self, firsts: list[str], closers: list[bool] | None, text_of: Callable[[Any], str],
                     keys: Sequence) -> StartBounds:
        """:class:`StartBounds` of heads given by their first two characters
        without whitespace (``firsts``: what ``flat(head)[:2]`` is), whether
        they may hold a closer (``closers``: False only when
        ``_ANY_CLOSER.search(head, 0, 200)`` finds none; None: all may) and ``text_of(key)``
        of their ``keys``, the text asked only for a head the screen does
        not rule out."""
        w = self.w
        tag_w = self.start_weights().get
        mid, closer = w["start_mid"], w["start_closer"]
        most = []
        if closers is None:
            closers = [True] * len(firsts)
        for h2, cl in zip(firsts, closers):
            h0 = h2[:1]
            base = mid if h0 in START_MID else tag_w(h0, 0.0)
            # (what the entry's bound is with a closer or without one)
            most.append(max(base + closer, base + 0.0) if cl else base + 0.0)
        return StartBounds(firsts, most, closers, text_of, keys, self._bound)

    def _bound(self, head: str) -> tuple[str, str, float, bool, str]:
        """(head, its first word run, the most its start features can
        give, whether it holds a closer, its first two characters), remembered."""
        memo = self._bounds  # (the blocks after the one that changed come back on the next round)
        hit = memo.get(head)
        if hit is None:
            w = self.w
            tag_w = self.start_weights().get
            h = head if head.isprintable() and " " not in head else flat(head[:200])  # (the text as local reads it)
            h0 = h[:1]
            closer = _ANY_CLOSER.search(head, 0, 200) is not None
            ub = (w["start_mid"] if h0 in START_MID else tag_w(h0, 0.0)) + (w["start_closer"] if closer else 0.0)
            m = _HEAD_RUN.match(h[:24])
            if len(memo) > 8192:
                memo.clear()
            hit = memo[head] = (head, m.group(0) if m else "", ub, closer, h[:2])
        return hit

    def reads_on_better(self, tail: str, here: str, others: StartBounds, margin: float, page_text: str = "",
                        start: int = 0) -> bool:
        """Whether some head of ``others`` (from :meth:`start_bounds`, from
        index ``start`` on) joins ``tail`` with a local score above that of
        ``here`` plus ``margin``.

        The scores are costly (the crossing word needs a segmentation), and
        most heads are far from the level: each head is first bounded from
        its first two characters alone (the largest start weight of the
        first, a closer, a lexicon word holding the pair at the cut, the
        page n-grams), then from what is cheap in its text (a closer, a
        lexicon word across the cut into its first word run, the most the
        page n-grams, a number and the corpus can add), then from its start
        features and the page, against a lower bound of the score of
        ``here`` (its end, start and bracket features); the score of
        ``here`` and of a head are computed only for a head whose bound is
        still above. Each bound is at least the next one (float additions
        of larger terms), so the answer is that of the plain comparison."""
        t, ta, opened, opened_any, endf = self._tail(tail)
        if not t:
            return False
        w = self.w
        h, _, closer, startf = self._head(here)
        if not h:
            return True  # (local scores an empty head -10: any other head reads on better)
        # a lower bound of the score of here until it is needed: its end,
        # start and bracket features (the crossing, the page and the corpus only add)
        level = w[endf] + sum(startf.values()) + margin
        if closer:
            if OPENER_OF[closer] in opened:
                level += w["bracket"]
            elif OPENER_OF[closer] not in opened_any:
                level += w["bracket_wrong"]
        elif opened:
            level += w["bracket_open"]
        exact = False
        fixed = w[endf] + self.corpus_max  # (the end, the most the corpus can add)
        if _DIGIT.match(t[-1]) or t[-1] in ZH_DIGITS:
            fixed += w["number"]
        if self.corpus:
            fixed += 3.0 * w["start_ratio"]  # (start_features caps it at 3 nats)
        page_max = w["page_ngram"] + w["page_ngram3"]
        cross_max = (w["cross_cap"] + w["cross_bonus"]) * w["cross"]
        bracket = w["bracket"] if opened else 0.0
        a2 = t[-2:] if len(t) >= 2 else ""
        with_closer, without = fixed + bracket, fixed + 0.0
        most_f = max(with_closer, without)
        pairs, tl = self.pairs, ta[-1:]
        firsts, most, closers, entry = others.firsts, others.most, others.closers, others.entry
        after = [None]  # the two characters after each place a2 stands on the page (_follows)
        floor = None  # a lower bound of the score of here plus the margin (local_floor), when needed
        for i in range(start, len(firsts)):
            # 0. from the first two characters: the most of stage 1 below
            # (the first word run starts with the first character)
            u = most[i] + (most_f if closers[i] else without)
            if u <= level and not (u + cross_max > level and (tl + firsts[i][:1]) in pairs):
                if not (u + page_max > level and a2 and _follows(page_text, a2, firsts[i], after)):
                    continue
            head, run, ub, has_closer, h2 = entry(i)
            # 1. from the first character, the closer, the first word run and the page
            # (spans is False at once when no word holds the pair at the cut)
            ub += with_closer if has_closer else without
            if ub <= level and not (ub + cross_max > level and self.spans(ta, run)) \
                    and not (ub + page_max > level and a2 and _follows(page_text, a2, h2, after)):
                continue
            # 2. from the start features, the bracket and the page
            h, hb, closer, startf = self._head(head)
            if not h:
                continue
            ub = fixed + sum(startf.values()) + (w["bracket"] if closer and OPENER_OF[closer] in opened else 0.0)
            if a2 and _follows(page_text, a2, h[:2], after):
                ub += page_max
            if ub <= level and (ub + cross_max <= level or not self.spans(ta, hb)):
                continue
            j = self.local(tail, head, page_text)
            if j is None:
                continue
            if not exact:
                # the score of here only when this head's is above a lower
                # bound of it (local_floor: the sum local makes without its
                # terms that are never negative)
                if floor is None:
                    floor = self.local_floor(tail, here) + margin
                if j.score <= floor:
                    continue
                jh = self.local(tail, here, page_text)
                level = (jh.score if jh is not None else -10.0) + margin
                exact = True
            if j.score > level:
                return True
        return False

    def local_floor(self, tail: str, head: str) -> float:
        """A lower bound of ``local(tail, head, page_text).score`` for any
        page text: the sum of the end, start and bracket features alone (the
        crossing, the number, the page and the corpus features that local
        adds besides are never negative), less 1e-9 (whatever the order of
        the float additions). Cheap once the tail and the head were read (no
        crossing segmentation)."""
        t, _, opened, opened_any, endf = self._tail(tail)
        h, _, closer, startf = self._head(head)
        if not t or not h:
            return -10.0
        if not self._extras_nonneg:
            return -math.inf
        w = self.w
        f = [w[endf], *startf.values()]
        if closer:
            if OPENER_OF[closer] in opened:
                f.append(w["bracket"])
            elif OPENER_OF[closer] not in opened_any:
                f.append(w["bracket_wrong"])
        elif opened and opened[-1] in "《（(【" and CLOSER_OF[opened[-1]] not in h[:60]:
            f.append(w["bracket_open"])
        return sum(f) - 1e-9

    def local(self, tail: str, head: str, page_text: str = "", floor: float | None = None) -> Join | None:
        """Features of the boundary itself (no context): the end, the start
        and the join. With ``floor``: None when the evidence at the cut
        cannot reach it (the corpus statistics, the costly part, are looked
        up only for pairs that need them)."""
        t, ta, opened, opened_any, endf = self._tail(tail)
        h, hb, closer, startf = self._head(head)
        if not t or not h:
            return Join(-10.0, features={"empty": 1.0})

        pg = 0  # the characters around the join elsewhere on the page: 2+2 (1) or 3+3 too (2)
        if page_text:
            # page_text: the page's blocks without whitespace, joined by a
            # separator, so that no probe matches across a block boundary
            a2, b2 = t[-2:], h[:2]
            if len(a2) == 2 and len(b2) == 2 and _is_word(a2 + b2) and (a2 + b2) in page_text:
                pg = 1
                a3, b3 = t[-3:], h[:3]
                if len(a3) == 3 and len(b3) == 3 and (a3 + b3) in page_text:
                    pg = 2
        # the pass asks again for the same pair on the next round of the
        # pipeline (other passes changed other text): remembered
        key = (tail, head, pg, floor)
        hit = self._local.get(key, self._local)
        if hit is not self._local:
            return hit
        j = self._local_join(t, ta, opened, opened_any, endf, h, hb, closer, startf, pg, floor)
        if len(self._local) > 4096:
            self._local.clear()
        self._local[key] = j
        return j

    def _local_join(self, t: str, ta: str, opened: str, opened_any: str, endf: str, h: str, hb: str,
                    closer: str, startf: dict[str, float], pg: int, floor: float | None) -> Join | None:
        w = self.w
        f: dict[str, float] = {endf: w[endf]}
        f.update(startf)
        cr = self._crossing(ta, hb)
        if cr.word and cr.gain >= self.min_gain:
            # a word this unlikely apart (cross_strong nats) is rarely formed by chance: bonus nats
            bonus = w["cross_bonus"] if cr.gain >= w["cross_strong"] else 0.0
            f["cross"] = (min(cr.gain, w["cross_cap"]) + bonus) * w["cross"]
        if closer:
            if OPENER_OF[closer] in opened:
                f["bracket"] = w["bracket"]
            elif OPENER_OF[closer] not in opened_any:
                f["bracket_wrong"] = w["bracket_wrong"]
        elif opened and opened[-1] in "《（(【" and CLOSER_OF[opened[-1]] not in h[:60]:
            f["bracket_open"] = w["bracket_open"]
        if (_DIGIT.match(t[-1]) and (_DIGIT.match(h[0]) or h[0] in UNITS)) \
                or (t[-2:-1] and t[-2] in ZH_DIGITS and t[-1] in ZH_DIGITS and h[0] in ZH_UNITS):
            f["number"] = w["number"]
        if pg:
            f["page_ngram"] = w["page_ngram"]
            if pg > 1:
                f["page_ngram3"] = w["page_ngram3"]
        if floor is not None and sum(v for k, v in f.items() if k not in END_FEATURES) + self.corpus_max < floor:
            return None  # the corpus could not make up the difference: not worth looking it up
        if self.corpus and t[-1] not in END_MID:
            # how the corpus joins these characters
            c = 0.0
            pmi = bigram_pmi(self.corpus, t[-1], h[0])
            if pmi is not None and pmi > 1.5:
                # only a clearly associated pair is evidence; most pairs are noise
                c = min(4.0, pmi - 1.5) * w["corpus_pmi"]
                f["corpus_pmi"] = c
            if w["corpus_tri"]:
                tp = trigram_pmi(self.corpus, t, h)
                if tp is not None and tp > 1.0 and min(4.0, tp - 1.0) * w["corpus_tri"] > c:
                    f.pop("corpus_pmi", None)
                    f["corpus_tri"] = min(4.0, tp - 1.0) * w["corpus_tri"]
        return Join(sum(f.values()), cr.word if "cross" in f else "", cr.gain, f)

    def score(self, tail: str, head: str, *, page_text: str = "", topic: float = 0.0,
              after_break: bool = False, adjacent: bool = False, head_match: float = 0.0,
              layout: bool = False) -> Join:
        """Local features plus context: ``topic`` (0..1 similarity of the two
        sides), ``after_break`` (the head follows a non-body block),
        ``adjacent`` (the head directly follows the tail), ``head_match``
        (0..1: the headline printed right above the head matches the article
        the tail belongs to)."""
        return self.with_context(self.local(tail, head, page_text), topic=topic,
                                 after_break=after_break, adjacent=adjacent, head_match=head_match,
                                 layout=layout)

    def with_context(self, j: Join, *, topic: float = 0.0, after_break: bool = False,
                     adjacent: bool = False, head_match: float = 0.0, layout: bool = False) -> Join:
        """A local join (:meth:`local`) with the context features added."""
        j = Join(j.score, j.word, j.gain, dict(j.features))
        f = j.features
        if topic != 0:
            f["topic"] = topic * self.w["topic"]
        if head_match > 0:
            f["head_match"] = head_match * self.w["head_match"]
        if after_break and self.w["after_break"]:
            f["after_break"] = self.w["after_break"]
        if adjacent:
            f["adjacent"] = self.w["adjacent"]
        if layout and self.w["layout"]:
            f["layout"] = self.w["layout"]
        j.score = sum(f.values())
        return j


def _is_word(s: str) -> bool:
    return all("\u3400" <= c <= "\ufaff" or c.isdigit() for c in s)


# ---------------------------------------------------------------- assignment
def hungarian_max(weights: Sequence[Sequence[float]]) -> list[int]:
    """Maximum-weight assignment on a rectangular matrix.

    Returns for each row the assigned column or -1. Pairs with weight <= 0 are
    never used (a row may stay unassigned). Columns no row can use are dropped
    first; the rest is the O(n^2 m) potentials algorithm on the smaller side.
    """
    rows = len(weights)
    if rows == 0:
        return []
    cols = len(weights[0])
    keep = [c for c in range(cols) if any(weights[r][c] > 0 for r in range(rows))]
    live = [r for r in range(rows) if any(weights[r][c] > 0 for c in keep)]
    out = [-1] * rows
    if not keep or not live:
        return out
    w = [[max(0.0, float(weights[r][c])) for c in keep] for r in live]
    transpose = len(live) > len(keep)
    if transpose:
        w = [list(col) for col in zip(*w)]
    res = _hungarian_rect(w)  # row -> col, rows <= cols
    for i, j in enumerate(res):
        if j < 0 or w[i][j] <= 0:
            continue
        r, c = (j, i) if transpose else (i, j)
        out[live[r]] = keep[c]
    return out


def _hungarian_rect(w: list[list[float]]) -> list[int]:
    """Max-weight assignment of every row (rows <= cols) on non-negative weights."""
    n, m = len(w), len(w[0])
    INF = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [INF] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            row = w[i0 - 1]
            ui0 = u[i0]
            delta = INF
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    res = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            res[p[j] - 1] = j - 1
    return res
