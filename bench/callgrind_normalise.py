#!/usr/bin/env python3
"""Instruction counts of the normalisation fix loop (issue 3): a
load-independent comparison of two versions. Run by hand, not by tests:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.fx \\
        .venv/bin/python bench/callgrind_normalise.py --source fixtures
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.fx0 \\
        .venv/bin/python bench/callgrind_normalise.py --source fixtures -n 0

The fix loop of the five passes (``bench_normalise.py``'s ``fix``: one
pipeline, one policy) over every ``--step``-th page of the 20 MB corpus
(``-n`` pages at most), after 3 warm-up pages (and the first page that holds a
half-width comma: the passes compile some patterns on first use, ~1 ms each,
which is not the loop's cost) and ``gc.freeze()`` (so that
no full collection over the lexicon's objects falls into the measured
window at a point that depends on the code). The loop's cost is the
callgrind "Collected" count of a run minus that of ``-n 0``, or the count of
a run under ``--toggle-collect=functools_reduce`` (the loop runs inside
``functools.reduce``; nothing else calls it), which needs no second run. Outside
callgrind it prints the CPU time, with ``--digest`` also a digest of the results (equal digests:
the same texts and applied proposals).
"""
from __future__ import annotations

import argparse
import functools
import gc
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import build_corpus  # noqa: E402

from cleanup.passes import pass_by_name  # noqa: E402
from cleanup.pipeline import Context, Pipeline, Policy  # noqa: E402

NAMES = ("markup", "chars", "spaces", "punct", "trad")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--source", default="fixtures", choices=("pd1998", "fixtures"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--step", type=int, default=9)
    ap.add_argument("-n", type=int, default=500, help="pages at most (0: the baseline run)")
    ap.add_argument("--digest", action="store_true", help="print a digest of the results (texts, fingerprints)")
    a = ap.parse_args()
    pages = [s.raw for s in build_corpus(20, a.seed, a.source)]
    ctx = Context.default()
    pipe = Pipeline(ctx, [pass_by_name(n) for n in NAMES])
    pol = Policy()
    from cleanup.lexicon import get_lexicon

    get_lexicon()
    for p in pages[:3] + [next(p for p in pages if "," in p)]:
        pipe.run(p, pol)
    chosen = pages[3::a.step][: a.n]
    del pages
    gc.collect()
    gc.freeze()
    results: list = []
    run = pipe.run
    c0 = time.process_time()
    # (inside functools.reduce: ``--toggle-collect=functools_reduce`` counts the loop alone)
    functools.reduce(lambda _, p: results.append(run(p, pol)), chosen, None)
    cpu = time.process_time() - c0
    if a.digest:
        digest = hashlib.sha256()
        for r in results:
            digest.update(r.text.encode())
            for ap_ in r.applied:
                digest.update(ap_.proposal.fingerprint.encode())
        print(f"{len(chosen)} pages, {cpu:.3f} s cpu, digest {digest.hexdigest()[:16]}")
    else:
        print(f"{len(chosen)} pages, {cpu:.3f} s cpu")
    return 0


if __name__ == "__main__":
    sys.exit(main())
