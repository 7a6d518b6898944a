#!/usr/bin/env python3
"""Speed of the normalisation passes (issue 3) on the real OCR pages in fixtures/raw.

    .venv/bin/python bench/bench_seeds.py [--times 20] [--repeat 5]

The five seed pages are the real damage zhclean exists for (about 3,900
fixes per MB, against 2,000 on the pd1998-sourced bench corpus and 2,600 on
the fixtures-sourced one), but they are only 90 KB: the rate is the five
pages fixed ``--times`` times over, best of ``--repeat``, CPU time. Printed
twice: with the spaces pass's memos kept from page to page (as in a batch
run), and forgotten before every page (``cold``): repeating the same pages
lets the memos answer for pages already seen, which a real archive of
different pages would not, so the cold figure is the one to quote.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_normalise import cold  # noqa: E402

from cleanup.passes import pass_by_name  # noqa: E402
from cleanup.pipeline import Context, Pipeline, Policy  # noqa: E402

PASSES = ("markup", "chars", "spaces", "punct", "trad")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--times", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "raw").glob("*.txt"))]
    size = sum(len(p.encode()) for p in pages)
    pipe = Pipeline(Context.default(), [pass_by_name(n) for n in PASSES])
    fixes = sum(len(pipe.run(p, Policy()).applied) for p in pages)
    print(f"{len(pages)} seed pages, {size / 1e6:.3f} MB, {fixes} fixes ({fixes / (size / 1e6):.0f} per MB)")
    for label, forget in (("memos kept", False), ("cold (memos forgotten before every page)", True)):
        best = float("inf")
        for _ in range(a.repeat):
            cold()
            t = time.process_time()
            for _ in range(a.times):
                for p in pages:
                    if forget:
                        cold()
                    pipe.run(p, Policy())
            best = min(best, time.process_time() - t)
        print(f"  {label}: {size * a.times / 1e6 / best:.1f} MB/s cpu")
    return 0


if __name__ == "__main__":
    sys.exit(main())
