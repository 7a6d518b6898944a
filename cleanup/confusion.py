"""Visual confusion data: which characters OCR mistakes for which, with a weight.

Two shipped sets (``rules/data/confusion/``, licences in ``rules/data/LICENSES``):

* ``pycorrector_same_stroke.txt`` (Apache-2.0): 831 tab-separated groups of
  visually similar characters. Narrow and reliable.
* ``spellgcn_SimilarShape_simplified.txt`` (SIGHAN-7 2013, "distributed
  freely"): ``char,neighbours`` lines, about 25 neighbours a character. Broad.

The weight of a pair ``(a, b)`` (symmetric, 0..1):

=====================================  ======
in a pycorrector group and in SIGHAN   1.00
pycorrector group only                 0.85
SIGHAN, listed in both directions      0.70
SIGHAN, listed in one direction        0.55
shape proxy: many shared SIGHAN        0.25..0.45
neighbours (two characters that look
like the same third ones look alike)
=====================================  ======

Extra pairs can be added as data: any ``*.txt`` file in ``rules/data/confusion/``
whose name starts with ``extra`` holds ``a b [weight]`` lines (weight 1.0 by
default).

For any two characters, listed or not, ``glyph(a, b)`` compares their shape
codes (``shape_codes.tsv``, derived from the char-similar package, Apache-2.0):
how many of the four corners of their four-corner codes agree, whether they
share the radical, and how far apart their stroke counts are. The misread
pass's context rule (MR005) weighs these; three quarters of the real OCR
confusions of the benchmark are in neither listed set.
"""
from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

from .rules import default_rules_dir

W_BOTH = 1.0
W_PYCORRECTOR = 0.85
W_SIGHAN_MUTUAL = 0.7
W_SIGHAN = 0.55
W_SHAPE_MAX = 0.45
W_SHAPE_MIN = 0.25
SHAPE_MIN_OVERLAP = 0.3  # shared SIGHAN neighbours / smaller neighbour set
SHAPE_MIN_SHARED = 3
NEAR_CACHE = 3000  # characters whose look-alike sets are kept
SHAPE_CACHE = 20_000  # pairs whose shape weight is kept (~150 bytes each, in every worker)


class Confusion:
    """Weighted visual confusion pairs."""

    def __init__(self) -> None:
        self._pairs: dict[str, dict[str, float]] = {}
        self._sighan: dict[str, frozenset[str]] = {}
        self._shape_cache: dict[str, float] = {}  # a + b (a < b): weight
        self.load_seconds = 0.0
        self.sources: list[str] = []
        self._codes: dict[str, tuple[str, str, int]] = {}  # char: (four corners, radical, strokes)
        # (four corners with one blanked, "1?20", strokes): chars; (radical, strokes): chars
        self._by_corners: dict[tuple[str, int], list[str]] = {}
        self._by_radical: dict[tuple[str, int], list[str]] = {}
        self._near: dict[str, str] = {}  # char: its look-alikes, sorted (a str: 1/15 of a frozenset)

    # -- building ------------------------------------------------------------
    def _set(self, a: str, b: str, w: float) -> None:
        if a == b:
            return
        for x, y in ((a, b), (b, a)):
            d = self._pairs.setdefault(x, {})
            if d.get(y, 0.0) < w:
                d[y] = w

    def load_default(self, directory: Path | None = None) -> "Confusion":
        t0 = time.perf_counter()
        one = _one_char
        d = directory or (default_rules_dir() / "data" / "confusion")
        py_pairs: set[tuple[str, str]] = set()
        p = d / "pycorrector_same_stroke.txt"
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                g = [one(c) for c in line.split() if len(c) == 1]
                for a in g:
                    for b in g:
                        if a != b:
                            py_pairs.add((a, b))
            self.sources.append(str(p))
        sighan: dict[str, set[str]] = {}
        p = d / "spellgcn_SimilarShape_simplified.txt"
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                k, sep, v = line.strip().partition(",")
                if not sep or len(k) != 1:
                    continue
                sighan.setdefault(one(k), set()).update(one(c) for c in v if c != k and not c.isspace())
            self.sources.append(str(p))
        self._sighan = {k: frozenset(v) for k, v in sighan.items()}
        empty: frozenset[str] = frozenset()
        for a, nb in self._sighan.items():
            for b in nb:
                mutual = a in self._sighan.get(b, empty)
                w = W_BOTH if (a, b) in py_pairs else (W_SIGHAN_MUTUAL if mutual else W_SIGHAN)
                self._set(a, b, w)
        for a, b in py_pairs:
            in_sighan = b in self._sighan.get(a, empty) or a in self._sighan.get(b, empty)
            self._set(a, b, W_BOTH if in_sighan else W_PYCORRECTOR)
        for extra in sorted(d.glob("extra*.txt")):
            self.load_pairs(extra)
        p = d / "shape_codes.tsv"
        if p.exists():
            self.load_shape_codes(p)
        self.load_seconds = time.perf_counter() - t0
        return self

    def load_pairs(self, path: Path) -> None:
        """``a b [weight]`` lines (``#`` comments)."""
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            parts = line.split("#", 1)[0].split()
            if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1:
                self._set(_one_char(parts[0]), _one_char(parts[1]), float(parts[2]) if len(parts) > 2 else 1.0)
        self.sources.append(str(path))

    def load_shape_codes(self, path: Path) -> None:
        """``char<TAB>four-corner code<TAB>radical<TAB>strokes[<TAB>...]`` lines."""
        codes = self._codes
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 4 and len(parts[0]) == 1:
                    c, four, strokes = _one_char(parts[0]), parts[1][:4], int(parts[3] or 0)
                    codes[c] = (four, _one_char(parts[2]) if len(parts[2]) == 1 else parts[2], strokes)
                    for key in _corner_keys(four):
                        self._by_corners.setdefault((key, strokes), []).append(c)
                    if parts[2]:
                        self._by_radical.setdefault((parts[2], strokes), []).append(c)
        self.sources.append(str(path))

    def near(self, ch: str) -> frozenset[str]:
        """Characters that may look like ``ch``: listed partners, characters
        whose four-corner codes agree in three corners or more and whose stroke
        counts differ by three at most, and characters of the same radical
        within two strokes."""
        return frozenset(self.near_chars(ch))

    def near_chars(self, ch: str) -> str:
        """:meth:`near` as a string of the characters in code point order.
        Cached for the first NEAR_CACHE characters asked (as strings: the
        frozensets took ~40 MB in every worker process)."""
        v = self._near.get(ch)
        if v is not None:
            return v
        out = set(self._pairs.get(ch, ()))
        x = self._codes.get(ch)
        if x is not None:
            four, rad, strokes = x
            by_corners = self._by_corners
            for key in _corner_keys(four):
                for s in range(strokes - 3, strokes + 4):
                    out.update(by_corners.get((key, s), ()))
            if rad:
                for s in range(strokes - 2, strokes + 3):
                    out.update(self._by_radical.get((rad, s), ()))
        out.discard(ch)
        v = "".join(sorted(out))
        if len(self._near) < NEAR_CACHE:
            self._near[ch] = v
        return v

    # -- queries ---------------------------------------------------------------
    def glyph(self, a: str, b: str) -> tuple[int, bool, int]:
        """(corners of the four-corner codes that agree 0..4, same radical,
        stroke-count difference); (0, False, 99) when a code is missing."""
        x = self._codes.get(a)
        y = self._codes.get(b)
        if x is None or y is None:
            return 0, False, 99
        fx, fy = x[0], y[0]
        same = (fx[0] == fy[0]) + (fx[1:2] == fy[1:2]) + (fx[2:3] == fy[2:3]) + (fx[3:4] == fy[3:4])
        return same, bool(x[1]) and x[1] == y[1], abs(x[2] - y[2])

    def glyph_sim(self, a: str, b: str) -> float:
        """A 0..1 summary of ``glyph`` for display: corners, radical, strokes."""
        same, radical, dstroke = self.glyph(a, b)
        return round(0.15 * same + 0.25 * radical + (0.15 if dstroke <= 2 else 0.0), 2)

    def partners(self, ch: str) -> dict[str, float]:
        """Characters listed as visually similar to ``ch``, with their weights."""
        return self._pairs.get(ch, {})

    def listed(self, a: str, b: str) -> float:
        """Weight of a listed pair (0.0 when neither set lists it)."""
        return self._pairs.get(a, {}).get(b, 0.0)

    def shape(self, a: str, b: str) -> float:
        """Cheap shape proxy for unlisted pairs: the overlap of their SIGHAN
        neighbourhoods (characters that resemble the same third characters
        share components), mapped to W_SHAPE_MIN..W_SHAPE_MAX; 0.0 if small."""
        key = a + b if a < b else b + a
        v = self._shape_cache.get(key)
        if v is not None:
            return v
        na = self._sighan.get(a)
        nb = self._sighan.get(b)
        v = 0.0
        if na and nb:
            shared = len(na & nb)
            ov = shared / min(len(na), len(nb))
            if shared >= SHAPE_MIN_SHARED and ov >= SHAPE_MIN_OVERLAP:
                v = W_SHAPE_MIN + (W_SHAPE_MAX - W_SHAPE_MIN) * min(1.0, (ov - SHAPE_MIN_OVERLAP) / 0.4)
        if len(self._shape_cache) < SHAPE_CACHE:
            self._shape_cache[key] = v
        return v

    def weight(self, a: str, b: str) -> float:
        """Visual similarity of two characters (0.0: not known to be similar)."""
        if a == b:
            return 1.0
        w = self.listed(a, b)
        return w if w else self.shape(a, b)

    def source_of(self, a: str, b: str) -> str:
        w = self.listed(a, b)
        if w >= W_BOTH:
            return "pycorrector+sighan"
        if w >= W_PYCORRECTOR:
            return "pycorrector"
        if w >= W_SIGHAN:
            return "sighan"
        if w > 0:
            return "extra"
        return "shape-proxy" if self.shape(a, b) else "none"

    def __len__(self) -> int:
        return len(self._pairs)


_CHARS: dict[str, str] = {}


def _one_char(c: str) -> str:
    """One string object per character: the tables hold ~300k references to
    ~20k characters (a new object per line read was ~15 MB in every process)."""
    return _CHARS.setdefault(c, c)


def _corner_keys(four: str) -> list[str]:
    """The code with each of its four corners blanked in turn: two codes share
    a key when they agree in three corners or more."""
    return [four[:k] + "?" + four[k + 1:] for k in range(4)]


@lru_cache(maxsize=1)
def get_confusion() -> Confusion:
    """The process-wide confusion data (shipped sets plus ``extra*.txt``)."""
    return Confusion().load_default()
