"""Pass registry. Each module defines ``PASSES: list[Pass]``; they run in this order.

Order matters: structure first (markup, characters, line joins, duplicates,
reading order), then surface normalisation (spaces, punctuation), then
character-level corrections (traditional forms, misreads), so that
punctuation pairing sees joined paragraphs and misread detection sees
clean text.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

from ..pipeline import Pass

MODULES = (
    "markup",      # MK: Markdown debris            (issue 3)
    "chars",       # CH: control, width, dashes     (issue 3)
    "lines",       # LJ: hard wraps, broken joins   (issue 4)
    "duplicates",  # DU: repeated blocks, splices   (issue 4)
    "doubled",     # DW: doubled words              (issue 4)
    "order",       # RO: column interleaving        (issue 5)
    "spaces",      # SP: spurious spaces            (issue 3)
    "punct",       # PU: punctuation, quotes        (issue 3)
    "trad",        # TR: stray traditional forms    (issue 3)
    "misread",     # MR: visually similar misreads  (issue 8)
)


@lru_cache(maxsize=1)
def _load() -> tuple[Pass, ...]:
    out: list[Pass] = []
    for name in MODULES:
        mod = importlib.import_module(f"{__name__}.{name}")
        out += list(getattr(mod, "PASSES", []))
    names = [p.name for p in out]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise RuntimeError(f"duplicate pass names: {sorted(dup)}")
    return tuple(out)


def all_passes() -> list[Pass]:
    return list(_load())


def pass_by_name(name: str) -> Pass:
    for p in _load():
        if p.name == name:
            return p
    raise KeyError(f"no pass named {name!r}")
