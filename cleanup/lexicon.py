"""Word lexicon with frequencies: jieba's dict.txt (MIT, shipped inside the
jieba wheel, read offline, jieba itself is never imported) plus user lexicons
under ``rules/lexicon/`` and ``extra`` paths.

User lexicon format (UTF-8 text, one entry a line, ``#`` comments)::

    贺海东 1000000 nr      # word, optional frequency, optional tag
    贺海东 post=市长,呼和浩特市委副书记   # a person's posts (Lexicon.posts)

Without a tag an entry gets its file's default tag: ``names.txt`` nr (people),
``places.txt`` ns, ``orgs.txt`` nt, ``terms.txt`` n, ``idioms.txt`` i, other
files none. User entries are also listed in ``Lexicon.user`` (word -> tag), so
passes can tell an editor's entry from the general dictionary.

Load once per process with :func:`get_lexicon`; lookups are dict lookups.
"""
from __future__ import annotations

import importlib.util
import time
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .rules import default_rules_dir

DEFAULT_USER_FREQ = 100_000
PAIR_MIN_FREQ = 3  # word_pairs(): words this frequent (or editors' entries) mark a pair 1
FILE_TAGS = {"names": "nr", "places": "ns", "orgs": "nt", "terms": "n", "idioms": "i"}


class Lexicon:
    def __init__(self) -> None:
        self.freq: dict[str, int] = {}
        self.tags: dict[str, str] = {}
        self.max_len = 1
        self.total = 0
        self.load_seconds = 0.0
        self.sources: list[str] = []
        self.user: dict[str, str] = {}  # user-lexicon entries: word -> tag
        # a person's posts, written right before the name (…、市长贺海东):
        # ``post=`` of a user-lexicon line
        self.posts: dict[str, tuple[str, ...]] = {}
        self._pairs: dict[str, int] | None = None

    def word_pairs(self) -> dict[str, int]:
        """Every pair of adjacent characters inside a word of two or more
        characters: 1 when a word of PAIR_MIN_FREQ or more, or an editor's
        entry, holds it, else 0 (only rare words do). Built once and shared:
        the lines/order passes ask whether a pair is in any word, the misread
        pass whether it is in a word that is not rare (two sets of ~300k
        strings were ~65 MB in every process; this dict is ~35 MB)."""
        if self._pairs is None:
            user = self.user
            out: dict[str, int] = {}
            for w, f in self.freq.items():
                if len(w) > 1:
                    v = 1 if f >= PAIR_MIN_FREQ or w in user else 0
                    for p in map(str.__add__, w, w[1:]):
                        if v or p not in out:
                            out[p] = v
            self._pairs = out
        return self._pairs

    def add(self, word: str, freq: int, tag: str = "") -> None:
        self._pairs = None
        old = self.freq.get(word, 0)
        self.freq[word] = max(old, freq)
        self.total += max(0, freq - old)
        if tag:
            self.tags[word] = tag
        if len(word) > self.max_len:
            self.max_len = len(word)

    def __contains__(self, word: str) -> bool:
        return word in self.freq

    def get(self, word: str) -> int:
        return self.freq.get(word, 0)

    def load_file(self, path: Path, default_freq: int = DEFAULT_USER_FREQ,
                  default_tag: str | None = None) -> None:
        path = Path(path)
        if default_tag is None:
            default_tag = FILE_TAGS.get(path.stem, "")
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                parts = line.split()
                posts = [x for x in parts[1:] if x.startswith("post=")]
                if posts:
                    parts = [x for x in parts if not x.startswith("post=")]
                    self.posts[parts[0]] = tuple(
                        q for x in posts for q in x[len("post="):].replace("，", ",").split(",") if q)
                word = parts[0]
                freq = default_freq
                tag = default_tag
                if len(parts) > 1:
                    try:
                        freq = int(parts[1])
                        tag = parts[2] if len(parts) > 2 else default_tag
                    except ValueError:
                        tag = parts[1]
                self.add(word, freq, tag)
                self.user[word] = tag
        self.sources.append(str(path))


def jieba_dict_path() -> Path | None:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(list(spec.submodule_search_locations)[0]) / "dict.txt"
    return p if p.exists() else None


def _load_jieba(lx: Lexicon, path: Path) -> None:
    freq = lx.freq
    tags = lx.tags
    total = 0
    max_len = lx.max_len
    # 349k words share ~5k distinct frequencies and 55 tags: one object each
    # (a new int and str per line were ~25 MB in every process)
    ints: dict[str, int] = {}
    strs: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            w = parts[0]
            p1 = parts[1]
            n = ints.get(p1)
            if n is None:
                n = ints[p1] = int(p1)
            freq[w] = n
            total += n
            if len(parts) > 2:
                t = parts[2].strip()
                tags[w] = strs.setdefault(t, t)
            if len(w) > max_len:
                max_len = len(w)
    lx.total += total
    lx.max_len = max_len
    lx.sources.append(str(path))


def load_lexicon(extra: Iterable[Path | str] = (), *, general: bool = True) -> Lexicon:
    t0 = time.perf_counter()
    lx = Lexicon()
    if general:
        p = jieba_dict_path()
        if p is not None:
            _load_jieba(lx, p)
    user_dir = default_rules_dir() / "lexicon"
    files: list[Path] = sorted(user_dir.glob("*.txt")) if user_dir.is_dir() else []
    for e in extra:
        e = Path(e)
        files += sorted(e.glob("*.txt")) if e.is_dir() else [e]
    for f in files:
        lx.load_file(f)
    lx.load_seconds = time.perf_counter() - t0
    return lx


def get_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The process-wide lexicon (general + shipped user lexicons + ``extra``).

    ``get_lexicon()`` and ``get_lexicon(())`` are the same lexicon (an
    ``lru_cache`` on this function would load it twice: ~120 MB and 2 s).
    """
    return _cached_lexicon(tuple(str(e) for e in extra))


@lru_cache(maxsize=4)
def _cached_lexicon(extra: tuple[str, ...]) -> Lexicon:
    return load_lexicon(extra)
