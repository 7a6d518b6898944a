#!/usr/bin/env python3
"""Speed of the normalisation passes (issue 3) on the real OCR pages in fixtures/raw.

    .venv/bin/python bench/bench_seeds.py [--times 20] [--repeat 5]
    .venv/bin/python bench/bench_seeds.py --baseline-tree 0acf723   # before/after, alternately

The five seed pages are the real damage zhclean exists for (about 3,900
fixes per MB, against 2,000 on the pd1998-sourced bench corpus and 2,600 on
the fixtures-sourced one), but they are only 90 KB: the rate is the five
pages fixed ``--times`` times over, best of ``--repeat``, CPU time. Printed
twice: with the spaces pass's memos kept from page to page (as in a batch
run), and forgotten before every page (``cold``): repeating the same pages
lets the memos answer for pages already seen, which a real archive of
different pages would not, so the cold figure is the one to quote.

``--baseline-tree REV`` also loads the whole ``cleanup`` package of git
revision REV (as ``bench_normalise.py --baseline-tree`` does), checks that
both give identical results on the five pages (default policy and
--unsafe-fixes), and times the cold figure of both alternately: one round of
the five pages each in turn, the order swapped every round, the best time of
each page summed over ``--times * --repeat`` rounds (same load for both).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_normalise import NAMES, baseline_tree, cold, identity  # noqa: E402

from cleanup.passes import pass_by_name  # noqa: E402
from cleanup.pipeline import Context, Pipeline, Policy  # noqa: E402


def alternate(runs: dict, pages: list[str], rounds: int) -> dict[str, float]:
    """Cold CPU seconds of one pass over ``pages`` for each (pipeline module,
    context, passes) of ``runs``: each page's best time over ``rounds``
    rounds that alternate between the runs, summed."""
    best = {k: [float("inf")] * len(pages) for k in runs}
    labels = list(runs)
    pipes = {k: (pl.Pipeline(c, ps), pl.Policy, pl.__name__.rsplit(".", 1)[0]) for k, (pl, c, ps) in runs.items()}
    for r in range(rounds):
        for label in labels if r % 2 == 0 else labels[::-1]:
            pipe, policy, pkg = pipes[label]
            b = best[label]
            for i, p in enumerate(pages):
                cold(pkg)
                c0 = time.process_time()
                pipe.run(p, policy())
                b[i] = min(b[i], time.process_time() - c0)
    return {k: sum(v) for k, v in best.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--times", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline-tree", metavar="REV",
                    help="also the whole cleanup package of this git revision: identity check, then alternately")
    a = ap.parse_args()
    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "raw").glob("*.txt"))]
    size = sum(len(p.encode()) for p in pages)
    pipe = Pipeline(Context.default(), [pass_by_name(n) for n in NAMES])
    fixes = sum(len(pipe.run(p, Policy()).applied) for p in pages)
    print(f"{len(pages)} seed pages, {size / 1e6:.3f} MB, {fixes} fixes ({fixes / (size / 1e6):.0f} per MB)")
    if a.baseline_tree:
        bpl, bctx, bpasses = baseline_tree(a.baseline_tree, [])
        runs = {"base": (bpl, bctx, bpasses), "now": (sys.modules["cleanup.pipeline"], pipe.ctx, pipe.passes)}
        same = identity(runs, pages)
        alternate(runs, pages, 2)  # warm both (lexicon, OpenCC tables, regexes)
        got = alternate(runs, pages, a.times * a.repeat)
        for label, name in (("base", a.baseline_tree), ("now", "working tree")):
            print(f"  cold, alternately, {name}: {size / 1e6 / got[label]:.1f} MB/s cpu ({got[label] * 1e3:.2f} ms)")
        print(f"  ratio now/base: {got['base'] / got['now']:.3f}x")
        return 0 if same else 1
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
