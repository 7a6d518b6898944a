"""DU: text the OCR emitted more than once.

- DU001 ``duplicate-block``: a paragraph (or each paragraph of a run) that
  occurred earlier on the page is removed, with the blank line before it; the
  first occurrence stays. Short paragraphs (headlines, captions, bylines) only
  when their copy directly follows the first occurrence or belongs to a
  repeated run, since two articles may share a short line legitimately.
- DU002 ``near-duplicate-block``: the same with OCR noise between the copies
  (rapidfuzz similarity of the normalised texts).
- DU003 ``spliced-copy``: a paragraph whose tail is a copy of the tail of
  another paragraph (an OCR repetition loop) loses the copy. The copy is found
  clause by clause from the end (exact, or one OCR substitution per clause);
  the paragraph whose own text ends at a sentence end before the shared tail
  is the host, else the one ending at a semicolon or colon, or with no mark,
  rather than at a comma, else the later one; the copy may start inside a
  clause of the host (after an ellipsis, or with no mark before it); the
  cut is snapped so that the host
  does not end with half a word, an opening quote or a verb/preposition left
  without its object.
- DU004 ``corpus-duplicate``: a paragraph that an earlier file of the same run
  already holds is reported (display-only), never removed automatically.

Comparison is on a normalised form (no whitespace, half-width punctuation
folded to full width), so a hard-wrapped copy matches a joined one.
"""
from __future__ import annotations

import hashlib
import re
from array import array
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from itertools import chain, repeat
from operator import contains
from typing import Any, Iterable, Iterator

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..model import Document, Edit, Proposal, make_proposal
from ..pipeline import Context, Pass
from .lines import block_spans, page_blocks

_MARK = re.compile(r"^[#*]+|\*\*")
_FOLD = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！",
                       "(": "（", ")": "）", '"': "”", "'": "’"})
# a clause keeps the closing quotes/brackets after its punctuation (…作用。”)
_CLAUSE_END = frozenset("，。；：？！”’」』）")
# (possessive: a run given back cannot be followed by a mark it holds none of)
# A short bracket group that opens a clause is a clause of its own: the
# credit a paragraph ends with (…实施。（袁亚平）) stays apart from a copy
# spliced after it
_CLAUSE = re.compile(r"（[^（），。；：？！]{1,16}）|[^，。；：？！]*+[，。；：？！]++[”’」』）]*+|[^，。；：？！]++$")
TERMINAL = set("。！？…”’」』）")
OPENERS = set("（《「『“‘")

DEFAULTS = {
    "min_len": 8,  # shorter paragraphs: only adjacent copies / runs
    "near_ratio": 92.0,  # rapidfuzz ratio for a near duplicate
    "near_safe_ratio": 97.0,
    "near_min_len": 20,
    "tail_min_len": 8,  # shared tail with a sentence end before it in the host
    "tail_min_len_tie": 30,  # shared tail without that evidence
    "corpus_min_len": 20,
}


_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())


def norm_text(text: str) -> str:
    """Comparison form: no whitespace, no Markdown markers, punctuation folded."""
    # (a text without a space whose characters are all printable holds no
    # whitespace at all: the common case of a joined paragraph; else
    # str.split() drops what the regex [\s\u3000]+ matches, Unicode
    # whitespace, at about half the cost of a regex sub of [\s\u3000]+)
    k = text if " " not in text and text.isprintable() else "".join(text.split())
    if "*" in k or "#" in k:
        k = _MARK.sub("", k)
    # one look-up and replace per half-width mark present: str.translate
    # looks every character of a CJK text up in the table (6x slower on a
    # paragraph), a regex with a function per match costs 1.4x this
    for half, full in _FOLD_PAIRS:
        if half in k:
            k = k.replace(half, full)
    return k


# the passes see the same paragraphs again on every fixpoint round
norm = lru_cache(maxsize=2048)(norm_text)


def _keys(text: str, texts: list[str], printable: bool = False) -> list[str]:
    """``norm`` of each block of the page ``text``, the page looked at first:
    on a page without a space, a Markdown marker or a half-width mark to
    fold (the lines joined: most pages), a block without a newline is its
    own comparison form; else only the marks the page holds are folded in
    such a block (one look-up each), and a block with a newline (a wrapped
    one) goes through ``norm``. ``printable``: every character of the page
    but the newlines is printable (the lines pass looked), so that a block
    is printable when it holds no newline."""
    if " " in text or "*" in text or "#" in text:
        return list(map(norm, texts))
    pairs = [hf for hf in _FOLD_PAIRS if hf[0] in text]
    if printable:
        wrapped = list(map(contains, texts, repeat("\n")))
        if not pairs and not any(wrapped):
            return list(texts)
    elif not pairs and all(map(str.isprintable, texts)):
        return list(texts)
    else:
        wrapped = [not t.isprintable() for t in texts]
    out = []
    for t, w in zip(texts, wrapped):
        if w:
            out.append(norm(t))  # (a newline inside)
            continue
        for half, full in pairs:
            if half in t:
                t = t.replace(half, full)
        out.append(t)
    return out


def _params(ctx: Context) -> dict:
    prm = dict(DEFAULTS)
    try:
        prm.update(ctx.params("DU001"))
    except Exception:
        pass
    return prm


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


@lru_cache(maxsize=2048)
def _clauses_t(key: str) -> tuple[str, ...]:
    return tuple(_CLAUSE.findall(key))


def _clauses(key: str) -> list[str]:
    return list(_clauses_t(key))


def _close(a: str, b: str) -> bool:
    """Same clause up to OCR noise: equal length +-1 and about one edit per 8 chars."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4:
        return False
    return Levenshtein.distance(a, b) <= max(1, len(a) // 8)


def _nonspace_positions(text: str, start: int) -> list[int]:
    return [start + m.start() for m in re.finditer(r"[^\s\u3000\u00a0]", text)]


class _Para:
    """A block of the page (``Document.paragraphs`` without the kinds)."""

    __slots__ = ("index", "start", "end", "text")

    def __init__(self, index: int, start: int, end: int, text: str) -> None:
        self.index, self.start, self.end, self.text = index, start, end, text


class _Paras:
    """The blocks of a page (``lines.block_spans``), each made when read
    (``paras[j]``, j >= 0): a page's paragraphs are read only where a
    proposal is made, their texts (``texts``) for every comparison.
    ``printable``: the lines pass found every character of the page but the
    newlines printable."""

    __slots__ = ("spans", "texts", "printable")

    def __init__(self, text: str) -> None:
        got = page_blocks(text)  # (the lines pass has just split this page)
        self.printable = got is not None
        if got is not None:
            self.spans, self.texts = got
        else:
            self.spans = block_spans(text)
            self.texts = [text[s:e] for s, e in self.spans]

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, j: int) -> _Para:
        s, e = self.spans[j]
        return _Para(j, s, e, self.texts[j])


def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    return _propose(doc, ctx, _params(ctx))


def _propose(doc: Document, ctx: Context, prm: dict) -> Iterator[Proposal]:
    if "\n" not in doc.text.strip() and not ctx.corpus.get("duplicates"):
        return  # one block: nothing to compare
    paras = _Paras(doc.text)
    if len(paras) < 2 and not ctx.corpus.get("duplicates"):
        return
    keys = _keys(doc.text, paras.texts, paras.printable)
    n = len(paras)
    src: list[int | None] = [None] * n  # block j is a copy of block src[j]
    how: list[str] = [""] * n
    first: dict[str, int] = {}
    for j, k in enumerate(keys) if len(set(keys)) < n else ():  # (all different: no copy)
        if not k:
            continue
        i = first.get(k)
        if i is None:
            first[k] = j
            continue
        # the copy of a run continues the run it copies (…电）| 本报记者某某
        # after a copied headline: the byline's source is the one after the
        # headline's source, not the first byline of the page)
        h = src[j - 1] if j > 0 else None
        if h is not None and h + 1 < j - 1 and keys[h + 1] == k:
            i = h + 1
        src[j] = i
        how[j] = "exact"
    # short copies only when adjacent to their source or inside a repeated run
    minl = prm["min_len"]
    for j in range(n) if how.count("") < n else ():  # (no exact copy: nothing to check)
        i = src[j]
        if i is None or len(keys[j]) >= minl:
            continue
        ok = (j == i + 1 or (j > 0 and src[j - 1] is not None and src[j - 1] == i - 1 and len(keys[j - 1]) >= minl)
              or (j + 1 < n and src[j + 1] is not None and src[j + 1] == i + 1 and len(keys[j + 1]) >= minl)
              or _in_run(src, keys, j, minl))
        if not ok:
            src[j] = None
    # near duplicates (OCR noise between the copies): candidates by the
    # first or the last four characters
    by_head: dict[str, list[int]] = {}
    by_tail: dict[str, list[int]] = {}
    ratios: dict[int, float] = {}
    near_min = prm["near_min_len"]
    for j, k in enumerate(keys):
        if len(k) < near_min:
            continue
        hk, tk = k[:4], k[-4:]
        if src[j] is None and (hk in by_head or tk in by_tail):
            cands = set(by_head.get(hk, ())) | set(by_tail.get(tk, ()))
            best, bi = 0.0, None
            for i in cands:
                if src[i] is not None:
                    continue
                ki = keys[i]
                if min(len(ki), len(k)) < 0.85 * max(len(ki), len(k)):
                    continue
                r = fuzz.ratio(k, ki, score_cutoff=prm["near_ratio"])
                if r > best:
                    best, bi = r, i
            if bi is not None:
                src[j] = bi
                how[j] = "near"
                # text added or left out as a whole (江泽民说，| a report
                # quoting a speech) is an edit, not OCR noise: never safe
                ratios[j] = min(best, prm["near_safe_ratio"] - 0.1) if _edited(keys[bi], k) else best
        by_head.setdefault(hk, []).append(j)
        by_tail.setdefault(tk, []).append(j)
    removed = {j for j in range(n) if src[j] is not None} if src.count(None) < n else set()
    order = sorted(removed)
    # an unsafe near duplicate may rather be a paragraph of its own with a
    # copy spliced on (its own first sentence, then a long tail of another
    # paragraph): the splices see it, and it is offered only if none is found
    unsure = {j: src[j] for j, r in ratios.items() if r < prm["near_safe_ratio"]} if ratios else {}
    later: list[tuple[int, Proposal]] = []
    k = 0
    while k < len(order):
        j0 = order[k]
        j1 = j0
        if how[j0] == "exact":
            # a run of copies of a contiguous run: one proposal
            while (k + 1 < len(order) and order[k + 1] == j1 + 1 and how[j1 + 1] == "exact"
                   and src[j1 + 1] == src[j1] + 1 and src[j1 + 1] < j0):  # (a source outside the run)
                k += 1
                j1 += 1
        k += 1
        i = src[j0]
        s = paras[j0 - 1].end if j0 > 0 else paras[j0].start
        e = paras[j1].end
        if how[j0] == "exact":
            long_ = max(len(keys[x]) for x in range(j0, j1 + 1))
            conf = 0.98 if long_ >= minl else 0.9
            what = f"paragraph repeated from paragraph {i + 1}" if j1 == j0 else \
                f"run of {j1 - j0 + 1} paragraphs repeated from paragraphs {i + 1}-{src[j1] + 1}"
            yield make_proposal(doc, "DU001", what, [Edit(s, e, "")], confidence=conf,
                                evidence={"first": i, "paragraphs": j1 - j0 + 1,
                                          "chars": sum(len(keys[x]) for x in range(j0, j1 + 1))})
        else:
            r = ratios[j0]
            conf = 0.95 if r >= prm["near_safe_ratio"] else 0.8
            prop = make_proposal(doc, "DU002", f"paragraph repeated from paragraph {i + 1} (similarity {r:.0f})",
                                 [Edit(s, e, "")], confidence=conf,
                                 evidence={"first": i, "ratio": round(r, 1)})
            if j0 in unsure:
                later.append((j0, prop))
            else:
                yield prop
    hosts: set[int] = set()
    yield from _splices(doc, paras, keys, removed.difference(unsure) if unsure else removed, prm, hosts, unsure)
    for j, prop in later:
        if j not in hosts:
            yield prop
    yield from _corpus(doc, paras, keys, removed, ctx, prm)


def _edited(a: str, b: str) -> bool:
    """b differs from a by a run of 3+ characters added or left out that does
    not repeat the text beside it (a doubled word does)."""
    for tag, s1, e1, s2, e2 in Levenshtein.opcodes(a, b).as_list():
        if tag == "insert":
            t, at, n = b, s2, e2 - s2
        elif tag == "delete":
            t, at, n = a, s1, e1 - s1
        else:
            continue
        if n >= 3 and t[at - n:at] != t[at:at + n] != t[at + n:at + 2 * n]:
            return True
    return False


def _in_run(src: list[int | None], keys: list[str], j: int, minl: int) -> bool:
    """j sits in a run of copies whose source run is contiguous and has a long
    member, or follows right after a copy of its own source run (a headline
    and its byline read twice in a row: 焊花如血 | 王文辉 | 焊花如血 | 王文辉)."""
    i = src[j]
    lo = j
    while lo > 0 and src[lo - 1] is not None and src[lo - 1] == src[lo] - 1:
        lo -= 1
    hi = j
    while hi + 1 < len(src) and src[hi + 1] is not None and src[hi + 1] == src[hi] + 1:
        hi += 1
    if hi == lo or i is None:
        return False
    if any(len(keys[x]) >= minl for x in range(lo, hi + 1)):
        return True
    last = src[hi]
    return lo > 0 and last is not None and keys[lo - 1] == keys[last] \
        and sum(len(keys[x]) for x in range(lo, hi + 1)) >= 3


# ------------------------------------------------------------------ splices
def _shared_tail(ch: list[str], cs: list[str]) -> tuple[int, int, int]:
    """Clauses shared at the end of host and source: (count, fuzzy, chars)."""
    m = 0
    fuzzy = 0
    chars = 0
    while m < len(ch) and m < len(cs):
        a, b = ch[-1 - m], cs[-1 - m]
        if a == b:
            pass
        elif _close(a, b):
            fuzzy += 1
        elif (m and m + 1 < len(ch) and m + 1 < len(cs) and len(ch[-2 - m]) >= 4
              and ch[-2 - m] == cs[-2 - m] and fuzz.ratio(a, b) >= 75
              and _WORDS.sub("", a) == _WORDS.sub("", b)):
            # one clause changed more (a doubled word, two misreads) between
            # clauses that are equal on both sides; its marks the same (other
            # quotation marks: the text set again, a report quoting a speech)
            fuzzy += 1
        else:
            break
        chars += len(a)
        m += 1
    return m, fuzzy, chars


_STOP = frozenset("。！？…")
_WORDS = re.compile(r"\w+")
_AFTER_DOTS = re.compile(r"…+[”’」』）]*")


def _rank(k: str, nshared: int, strict: bool) -> int:
    """How well the text before the last ``nshared`` characters of ``k`` ends
    a paragraph: 3 a sentence end, 2 a semicolon or colon (an item, a lead-in),
    1 no mark at all (a heading, a list of names), 0 a comma or another mark
    inside a sentence. ``strict``: the end is inside a clause, where a closing
    quote is a sentence end only after one (…了过来……| but “城市大脑”|总)."""
    n = len(k) - nshared
    c = k[n - 1] if n > 0 else ""
    if c in TERMINAL and (not strict or c in _STOP or (n > 1 and k[n - 2] in _STOP)):
        return 3
    if c in "；：":
        return 2
    return 1 if c.isalnum() else 0


def _splices(doc: Document, paras, keys: list[str], removed: set[int], prm: dict,
             done: set[int], near: dict[int, int | None]) -> Iterator[Proposal]:
    """``done`` receives the hosts; ``near`` (copy -> source) are unsure near
    duplicates, never compared with their own source."""
    idx: dict[str, list[int]] = {}
    dots = "…" in doc.text
    tmin = prm["tail_min_len"]
    js = [j for j, k in enumerate(keys) if len(k) >= tmin]
    if removed:
        js = [j for j in js if j not in removed]
    # (a cached tuple each, read only; a key holds one clause at least: the
    # clauses cover it)
    clauses: dict[int, tuple[str, ...]] = dict(zip(js, map(_clauses_t, map(keys.__getitem__, js))))
    lasts = [cl[-1] for cl in clauses.values()]
    # two paragraphs are compared only when they end with the same clause
    # (or, after an ellipsis, the same text after it): no last clause twice
    # and no ellipsis on the page, no pair
    if dots or len(set(lasts)) < len(lasts):
        for j, last in zip(clauses, lasts):
            idx.setdefault(last, []).append(j)
            if dots and "…" in last:
                # a copy after an ellipsis shares no whole last clause (…也许……|老人散步也将更加方便。)
                after = _AFTER_DOTS.split(last)[-1]
                if 3 <= len(after) < len(last):
                    idx.setdefault(after, []).append(j)
    for last, js in idx.items():
        if len(js) < 2 or len(last) < 3:
            continue
        for x in range(len(js)):
            for y in range(x + 1, len(js)):
                i, j = js[x], js[y]
                if i in done or j in done:
                    continue
                # an unsure near copy and its source: a splice only where the
                # text before the shared tail tells host from source (a noisy
                # copy has the same text before it)
                pair = bool(near) and (near.get(j) == i or near.get(i) == j)
                res = _splice_pair(doc, paras, keys, clauses, i, j, prm, pair)
                if res is not None:
                    host, prop = res
                    done.add(host)
                    yield prop
    yield from _inner_copies(doc, paras, keys, clauses, done, prm, near)


def _inner_copies(doc, paras, keys, clauses, done: set[int], prm: dict,
                  near: dict[int, int | None]) -> Iterator[Proposal]:
    """Copies that do not line up tail to tail: a paragraph that, after one of
    its own sentence ends, repeats a run of clauses that stands in the middle
    of another paragraph (after a comma there) -- at its end (the copy was cut
    short) or followed by more text (the next paragraph was joined to it).

    The copy is a run of >= 2 clauses (or >= 12 characters) equal up to OCR
    noise to clauses of the source, starting right after a sentence end in the
    host and right after a comma in the source; it ends at the host's end or
    at a sentence end that is also one in the source."""
    every = list(chain.from_iterable(clauses.values()))
    if len(set(every)) == len(every):
        return  # no clause stands twice on the page
    rep = {c for c, n in Counter(every).items() if n > 1 and len(c) >= 6}
    if not rep:
        return  # no clause of 6+ characters stands twice on the page
    where: dict[str, list[tuple[int, int]]] = {}
    hosts: list[int] = []
    for j, cl in clauses.items():
        if rep.isdisjoint(cl):
            continue
        hosts.append(j)
        for k, c in enumerate(cl):
            if c in rep:
                where.setdefault(c, []).append((j, k))
    minl = prm["tail_min_len"]
    for h in hosts:
        ch = clauses[h]
        if h in done or len(ch) < 2:
            continue
        found = None
        n = len(ch)
        for kh in range(n - 1, 0, -1):
            c = ch[kh]
            if len(c) < 6 or c not in where:
                continue
            last = kh == n - 1
            nxt = ch[kh + 1] if not last else ""
            # the host's last clause cut short (the copy stops mid-clause)
            rest = nxt if kh == n - 2 and nxt[-1:] not in _CLAUSE_END else ""
            for (s_, ks) in where[c]:
                if s_ == h or (near and (near.get(h) == s_ or near.get(s_) == h)):
                    continue
                cs = clauses[s_]
                if last and ks == len(cs) - 1:
                    continue  # tail to tail: _splice_pair's case
                ext = 0
                if last or c[-1] in "。！？”’":
                    pass  # the copy ends at the host's end or at a sentence end
                elif rest and ks + 1 < len(cs) and cs[ks + 1].startswith(rest):
                    ext = len(rest)  # cut short inside the source's next clause
                elif (ks == len(cs) - 2 and len(cs[-1]) >= 2 and cs[-1][-1:] not in _CLAUSE_END
                      and nxt.startswith(cs[-1])):
                    # the source ends without punctuation (…城市建设，呼和浩特) and
                    # the next paragraph was joined to the copy
                    ext = len(cs[-1])
                else:
                    continue
                # align backwards
                m = 0
                while kh - m >= 0 and ks - m >= 0 and _close(ch[kh - m], cs[ks - m]):
                    m += 1
                first_h, first_s = kh - m + 1, ks - m + 1
                if first_h == 0:
                    continue  # the whole host up to here is a copy: not a splice
                before_h = ch[first_h - 1][-1:]
                before_s = cs[first_s - 1][-1:] if first_s > 0 else ""
                if before_h not in TERMINAL or before_s in TERMINAL or not before_s:
                    continue
                chars = sum(len(x) for x in ch[first_h:kh + 1])
                if chars < max(minl, 12) and m < 2:
                    continue
                found = (s_, first_h, kh, m, chars + ext)
                break
            if found:
                break
        if not found:
            continue
        s_, first_h, kh, m, chars = found
        start_n = sum(len(x) for x in ch[:first_h])
        end_n = start_n + chars
        p = paras[h]
        pos = _nonspace_positions(p.text, p.start)
        if start_n <= 0 or end_n > len(pos):
            continue
        a = pos[start_n]
        b = pos[end_n - 1] + 1 if end_n < len(pos) else p.end
        while a > p.start and doc.text[a - 1] in " \t\n\u3000":
            a -= 1
        done.add(h)
        yield make_proposal(
            doc, "DU003", f"copy of {m} clause(s) of paragraph {s_ + 1} ({chars} chars)",
            [Edit(a, b, "")], confidence=0.9,
            evidence={"source": s_, "chars": chars, "clauses": m, "inner": True,
                      "text": doc.text[a:b][:80]},
        )


def _splice_pair(doc, paras, keys, clauses, i, j, prm, no_tie=False):
    ci, cj = clauses[i], clauses[j]
    m, fuzzy, chars = _shared_tail(ci, cj)
    if m >= len(ci) and m >= len(cj):
        return None  # whole paragraphs alike: a duplicate block, not a splice
    ki, kj = keys[i], keys[j]
    # shared text measured on each side (fuzzy clauses may differ in length by one)
    si = sum(map(len, ci[len(ci) - m:]))
    sj = sum(map(len, cj[len(cj) - m:]))
    # the copy may start inside a clause of the host (after an ellipsis, or
    # with no mark: …终于挺了过来……|人在欧洲，…, …文工团|白天到剧团里…): the
    # next clause of one side ends with the whole next clause of the other,
    # which is not the first clause of its paragraph
    part = 0
    if m < len(ci) and m < len(cj):
        a, b = ci[-1 - m], cj[-1 - m]
        if a.endswith(b) and m + 1 < len(cj):
            part = len(b)
        elif b.endswith(a) and m + 1 < len(ci):
            part = len(a)
        if part:
            si += part
            sj += part
            chars += part
            m += 1
    if m == 0:
        return None    # (the side whose clause holds more than the shared part has text of its own)
    inside_i = bool(part) and len(ci[-m]) > part
    inside_j = bool(part) and len(cj[-m]) > part
    if no_tie and (m >= len(ci) and not inside_i or m >= len(cj) and not inside_j):
        return None  # a near copy with a clause more (江泽民说，|…): not a splice
    if m >= len(ci) and not inside_i:
        host = j  # i is entirely a copy of j's tail: a block of its own
    elif m >= len(cj) and not inside_j:
        host = i
    else:
        # the host is the paragraph whose own text ends the better before the
        # shared tail: at a sentence end; else (with a longer tail) at a
        # semicolon or colon, or with no mark, rather than at a comma
        ri = _rank(ki, si, inside_i)
        rj = _rank(kj, sj, inside_j)
        if ri != rj and (ri == 3 or rj == 3):
            host = i if ri > rj else j
        else:
            host = max(i, j) if ri == rj else (i if ri > rj else j)
            if chars < prm["tail_min_len_tie"] or m < 2 or no_tie:
                return None
    other = j if host == i else i
    hk = keys[host]
    hc = clauses[host]
    oc = clauses[other]
    shared = si if host == i else sj
    if shared < prm["tail_min_len"]:
        return None
    cut = len(hk) - shared  # normalised offset where the copy starts in the host
    # inside a fuzzy first clause: start the copy at the first differing word
    a, b = hc[len(hc) - m], oc[len(oc) - m]
    if a != b and not part:
        e = 0
        while e < min(len(a), len(b)) and a[-1 - e] == b[-1 - e]:
            e += 1
        p = len(a) - e - 1  # last mismatch inside the host clause
        cut += _snap(a, p)
    p = paras[host]
    pos = _nonspace_positions(p.text, p.start)
    if cut <= 0 or cut >= len(pos):
        return None
    if cut == 0:
        return None
    s = pos[cut]
    while s > p.start and doc.text[s - 1] in " \t\n\u3000":
        s -= 1
    conf = 0.95 if (m >= 2 or shared >= 20) else 0.86
    if fuzzy:
        conf -= 0.03
    removed_text = doc.text[s:p.end]
    return host, make_proposal(
        doc, "DU003", f"tail copied from paragraph {other + 1} ({shared} chars)",
        [Edit(s, p.end, "")], confidence=conf,
        evidence={"source": other, "chars": shared, "clauses": m, "fuzzy": fuzzy,
                  **({"inside_clause": part} if part else {}), "text": removed_text[:80]},
    )


def _snap(clause: str, p: int) -> int:
    """Where the copy starts in a clause whose char p differs from the source:
    the start of p's word, moved left over opening quotes and over verbs,
    prepositions and particles that would be left without their object."""
    if p < 0:  # no differing character: the host clause is a suffix of the source's
        return 0
    from ..lexicon import get_lexicon

    lx = get_lexicon()
    # backward maximum matching over clause[:p+1]
    toks: list[tuple[int, int]] = []
    end = p + 1
    while end > 0:
        for ln in (4, 3, 2, 1):
            if ln <= end and (ln == 1 or clause[end - ln:end] in lx.freq):
                toks.append((end - ln, end))
                end -= ln
                break
    toks.reverse()
    # the token holding p
    k = len(toks) - 1
    cut = toks[k][0]
    while k > 0:
        s, e = toks[k - 1]
        w = clause[s:e]
        tag = lx.tags.get(w, "")
        if w in OPENERS or (len(w) == 1 and w not in "，。；：？！" and not tag.startswith("n")) \
                or tag[:1] in ("v", "p", "c", "u", "d"):
            cut = s
            k -= 1
            continue
        break
    return cut


# ------------------------------------------------------------------ corpus
def _collect(doc: Document) -> dict[str, Any]:
    out = []
    for i, t in enumerate(_Paras(doc.text).texts):
        k = norm(t)
        if len(k) >= DEFAULTS["corpus_min_len"]:
            out.append((_hash(k), i))
    return {"path": doc.path, "hashes": out}


class FirstSeen:
    """Where each paragraph of a corpus occurs first: ``get(hash)`` ->
    (path, paragraph index) or None. Sorted arrays of the hashes and of
    (file number, paragraph) packed in 64 bits: 16 bytes a paragraph (a
    dict of tuples took ~200, 50 MB for the 250k paragraphs of 200 MB, in
    every worker)."""

    __slots__ = ("keys", "vals", "paths")
    _IDX = 32  # bits of the paragraph index

    def __init__(self, parts: Iterable[Any] = ()) -> None:
        first: dict[int, int] = {}
        paths: list[str | None] = []
        for part in parts:
            if not part or not part["hashes"]:
                continue
            f = len(paths) << self._IDX
            paths.append(part["path"])
            for h, idx in part["hashes"]:
                if h not in first:
                    first[h] = f | idx
        self.keys = array("Q", sorted(first))
        self.vals = array("Q", map(first.__getitem__, self.keys))
        self.paths = paths

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, h: int) -> tuple[str | None, int] | None:
        keys = self.keys
        i = bisect_left(keys, h)
        if i == len(keys) or keys[i] != h:
            return None
        v = self.vals[i]
        return self.paths[v >> self._IDX], v & ((1 << self._IDX) - 1)


def _merge(parts: Iterable[Any]) -> FirstSeen:
    return FirstSeen(parts)


def _corpus(doc: Document, paras, keys, removed: set[int], ctx: Context, prm: dict) -> Iterator[Proposal]:
    stats = ctx.corpus.get("duplicates")
    if not stats:
        return
    for j, k in enumerate(keys):
        if j in removed or len(k) < prm["corpus_min_len"]:
            continue
        hit = stats.get(_hash(k))
        if hit is None or hit[0] == doc.path:
            continue
        p = paras[j]
        s = paras[j - 1].end if j > 0 else p.start
        yield make_proposal(doc, "DU004", f"paragraph also in {hit[0]} (paragraph {hit[1] + 1})",
                            [Edit(s, p.end, "")], confidence=0.9, applicability="display-only",
                            evidence={"file": hit[0], "paragraph": hit[1]})


PASSES = [Pass("duplicates", ("DU001", "DU002", "DU003", "DU004"), _run,
               collect=_collect, merge=_merge,
               description="repeated blocks, spliced copies, corpus duplicates")]
