"""Corpus-level duplicate paragraphs: exact and near (OCR noise), no all-pairs comparison.

    from cleanup.corpusdup import find_duplicates
    res = find_duplicates(paragraphs)          # list[str], any order
    res.exact   # list of groups (paragraph indices), first = first occurrence
    res.near    # list of (i, j, ratio): j is a near copy of the earlier i

1. Exact: paragraphs are normalised (``duplicates.norm``: no whitespace, punctuation
   width folded) and grouped by hash.
2. Near: blocking keys. The four quarters of the normalised text (pigeonhole:
   up to three OCR substitutions leave one quarter intact, so every copy within
   the similarity threshold that differs by substitutions shares a key), plus
   the ``keys_per_para`` pairs of neighbouring clauses with the smallest hash
   (a min-hash over clause pairs: copies whose lengths differ, by an inserted
   or dropped character, still share most clause pairs).
   Keys held by more than ``max_bucket`` paragraphs (boilerplate) are dropped.
   Only paragraphs sharing a key are compared, with rapidfuzz ``fuzz.ratio``
   and a length filter; near pairs are merged with union-find so that every
   member points to the earliest paragraph of its group.

Cost is linear in the corpus size plus the (small) bucket comparisons.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from rapidfuzz import fuzz

from .passes.duplicates import norm_text as norm

_CLAUSE_SPLIT = re.compile(r"[，。；：？！、]+")


@dataclass
class DupResult:
    n: int
    exact: list[list[int]] = field(default_factory=list)
    near: list[tuple[int, int, float]] = field(default_factory=list)
    compared: int = 0

    def duplicate_of(self) -> dict[int, int]:
        """paragraph index -> index of its first occurrence (exact and near)."""
        out: dict[int, int] = {}
        for g in self.exact:
            for j in g[1:]:
                out[j] = g[0]
        for i, j, _ in self.near:
            out.setdefault(j, out.get(i, i))
        return out


def find_duplicates(paragraphs: Iterable[str], *, min_len: int = 20, near: bool = True,
                    threshold: float = 90.0, keys_per_para: int = 2, min_clause: int = 6,
                    max_bucket: int = 16) -> DupResult:
    paras = paragraphs if isinstance(paragraphs, list) else list(paragraphs)
    n = len(paras)
    res = DupResult(n)
    first: dict[int, int] = {}
    groups: dict[int, list[int]] = {}
    uniq: list[int] = []  # first occurrences long enough for near matching
    keys_of: list[tuple[int, ...]] = []
    buckets: defaultdict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(paras):
        k = norm(p)
        if len(k) < min_len:
            continue
        h = hash(k)
        f = first.get(h)
        if f is not None:
            groups.setdefault(f, [f]).append(i)
            continue
        first[h] = i
        if not near:
            continue
        cl = list(filter(None, _CLAUSE_SPLIT.split(k)))
        # the four quarters (pigeonhole: up to three substitutions leave one
        # quarter intact) plus pairs of neighbouring clauses (min-hash selected)
        q = len(k) / 4.0
        hs = [hash((x, k[int(x * q):int((x + 1) * q)])) for x in range(4)]
        if len(cl) >= 3:
            hs += sorted(set(map(hash, zip(cl, cl[1:]))))[:keys_per_para]
        for x in hs:
            buckets[x].append(i)  # buckets beyond max_bucket are skipped below
        uniq.append(i)
    res.exact = sorted(groups.values())
    if not near:
        return res
    # union-find over near pairs
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    seen: set[tuple[int, int]] = set()
    cache: dict[int, str] = {}

    def key(i: int) -> str:
        s = cache.get(i)
        if s is None:
            s = cache[i] = norm(paras[i])
        return s

    lo_ratio = threshold / 100.0
    for b in buckets.values():
        if len(b) < 2 or len(b) > max_bucket:
            continue
        for x in range(len(b)):
            i = b[x]
            ki = key(i)
            li = len(ki)
            for y in range(x + 1, len(b)):
                j = b[y]
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                kj = key(j)
                lj = len(kj)
                if min(li, lj) < lo_ratio * max(li, lj) - 1:
                    continue
                res.compared += 1
                r = fuzz.ratio(ki, kj, score_cutoff=threshold)
                if r:
                    res.near.append((i, j, r))
                    ri, rj = find(i), find(j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)
    # every near member points to the earliest paragraph of its group
    res.near = sorted((find(j), j, r) for i, j, r in res.near if find(j) != j) + \
        sorted((find(i), i, r) for i, j, r in res.near if find(i) != i and find(i) != i)
    dedup: dict[int, tuple[int, int, float]] = {}
    for a, b2, r in res.near:
        if a != b2 and b2 not in dedup:
            dedup[b2] = (a, b2, r)
    res.near = sorted(dedup.values(), key=lambda t: t[1])
    return res
