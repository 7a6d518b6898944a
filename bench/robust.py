#!/usr/bin/env python3
"""Robustness of the whole pipeline (every pass), run by hand, never by tests.

    .venv/bin/python bench/robust.py [--source pd1998|fixtures] [--pages 600] [--start 0]
                                     [--random-seconds 60] [--seed 7]

1. Simulated pages of the shared bench corpus (``bench/corpus.py``, 4 MB),
   with debris added after about 1 % of their characters (tabs, NBSP and
   ideographic spaces, invisible characters, dashes, ellipses, straight
   quotes: ``bench_normalise.perturbed``);
2. random strings over a mixed alphabet (Han, Chinese and ASCII punctuation,
   Markdown markers, spaces, tabs, newlines, full-width letters and digits),
   1 to 1,500 characters, for ``--random-seconds`` of CPU time.

Each text is fixed with the default policy and with unsafe fixes, and is
checked for: no exception; convergence (no warning); idempotence (fixing the
output changes nothing); character accounting (every non-space character
lost or gained is in the old text or the replacement of an applied
proposal). Prints the counts and the first problems of each kind; exit 1 on
any problem.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_normalise import perturbed  # noqa: E402
from corpus import build_corpus  # noqa: E402

from cleanup.pipeline import Context, Pipeline, Policy  # noqa: E402

ALPHABET = (list("的了是在发展经济人民政府市长贺海东调研包钢科威特") + list("，。、；：？！“”‘’（）《》——…")
            + list(",.;:?!()\"'-*#_ \t\n\n\n　\u00a0\u200b") + list("ABCxyz0123９８ＡＢ%/+=@"))


def _chars(s: str) -> Counter:
    return Counter(c for c in s if not c.isspace())


def check(pipe: Pipeline, text: str, problems: list) -> None:
    for unsafe in (False, True):
        pol = Policy(apply_unsafe=unsafe)
        try:
            r = pipe.run(text, pol)
        except Exception:
            problems.append(("exception", unsafe, text[:120], traceback.format_exc(limit=4)[-500:]))
            continue
        if r.warnings:
            problems.append(("no fixpoint", unsafe, text[:120], r.warnings[:2]))
        removed, added = Counter(), Counter()
        for ap in r.applied:
            removed += _chars("".join(ap.old))
            added += _chars("".join(e.replacement for e in ap.proposal.edits))
        lost, gained = _chars(text) - _chars(r.text), _chars(r.text) - _chars(text)
        if (lost - removed) or (gained - added):
            problems.append(("accounting", unsafe, text[:120], dict(lost - removed), dict(gained - added)))
        again = pipe.run(r.text, pol)
        if again.text != r.text:
            problems.append(("not idempotent", unsafe, r.text[:120],
                             [(a.proposal.code, a.old) for a in again.applied][:5]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default="pd1998", choices=("pd1998", "fixtures"))
    ap.add_argument("--pages", type=int, default=600)
    ap.add_argument("--start", type=int, default=0, help="first page of the corpus to use")
    ap.add_argument("--random-seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    pipe = Pipeline(Context.default())
    problems: list = []
    pages = [p.raw for p in build_corpus(4, seed=0, source=a.source)][a.start:a.start + a.pages]
    t = time.process_time()
    for text in perturbed(pages, len(pages), a.seed):
        check(pipe, text, problems)
    print(f"{len(pages)} {a.source} pages with debris, both policies: {len(problems)} problems "
          f"({time.process_time() - t:.1f} s CPU)")
    rnd = random.Random(a.seed)
    n = 0
    t = time.process_time()
    before = len(problems)
    while time.process_time() - t < a.random_seconds:
        check(pipe, "".join(rnd.choice(ALPHABET) for _ in range(rnd.choice((1, 5, 20, 80, 300, 1500)))), problems)
        n += 1
    print(f"{n} random strings, both policies: {len(problems) - before} problems")
    shown: Counter = Counter()
    for p in problems:
        if shown[p[0]] < 5:
            shown[p[0]] += 1
            print(" ", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
