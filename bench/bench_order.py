#!/usr/bin/env python3
"""Benchmark of the reading-order pass (issue 5). Run by hand:

    .venv/bin/python bench/bench_order.py                  # 20 MB corpus, scaling from 1 MB
    .venv/bin/python bench/bench_order.py --mb 2 --pages 300 --scale-mb 0.5

Figures:

* ``share``: on pages of the shared benchmark corpus (``bench/corpus.py``,
  simulated OCR pages), the whole pipeline (``Pipeline(ctx).run`` per page,
  SAFE fixes, corpus statistics collected first as ``zhclean fix`` does) with
  and without the ``order`` pass; the pass's added time as a share of the
  pipeline without it (the issue asks <= 30%). ``--pages`` limits the number
  of pages timed (the share is a ratio, a sample of a few hundred pages is
  enough); the corpus is still 20 MB for the statistics.
* ``scaling``: the order pass alone (corpus collect + merge, then one
  ``run(doc, ctx)`` per page) on 1x, 4x and 16x a base corpus of
  ``--scale-mb`` MB: time per page must stay flat (linear cost).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import build_corpus  # noqa: E402

from cleanup.model import Document  # noqa: E402
from cleanup.passes import all_passes, pass_by_name  # noqa: E402
from cleanup.pipeline import Context, Pipeline, Policy  # noqa: E402
from cleanup.runner import collect_corpus  # noqa: E402

MB = 10**6


def timed_pipeline(ctx: Context, passes, raws: list[str]) -> float:
    pipe = Pipeline(ctx, passes)
    pol = Policy()
    t0 = time.perf_counter()
    for r in raws:
        pipe.run(r, pol)
    return time.perf_counter() - t0


def share(mb: float, n_pages: int, seed: int) -> None:
    pages = build_corpus(mb, seed, verbose=True)
    raws = [p.raw for p in pages]
    size = sum(len(r.encode("utf-8")) for r in raws)
    ctx = Context.default()
    full = all_passes()
    without = [p for p in full if p.name != "order"]
    t0 = time.perf_counter()
    ctx.corpus = collect_corpus(Pipeline(ctx, full), [Document(r) for r in raws])
    t_collect = time.perf_counter() - t0
    order = pass_by_name("order")
    t0 = time.perf_counter()
    order.merge([order.collect(Document(r)) for r in raws])
    t_order_collect = time.perf_counter() - t0
    sample = raws[:n_pages] if n_pages else raws
    ssize = sum(len(r.encode("utf-8")) for r in sample)
    timed_pipeline(ctx, full, sample[:10])  # warm lazy tables
    t_without = timed_pipeline(ctx, without, sample)
    t_with = timed_pipeline(ctx, full, sample)
    added = t_with - t_without
    print(f"corpus {len(raws)} pages, {size / MB:.1f} MB; collect (all passes) {t_collect:.1f} s, "
          f"order's collect+merge {t_order_collect:.2f} s")
    print(f"pipeline on {len(sample)} pages ({ssize / MB:.2f} MB): without order {t_without:.1f} s, "
          f"with order {t_with:.1f} s -> order adds {100 * added / t_without:.1f}% "
          f"({1000 * added / len(sample):.2f} ms/page, {ssize / MB / t_with:.3f} MB/s whole pipeline)")


def scaling(base_mb: float, seed: int) -> None:
    ctx = Context.default()
    order = pass_by_name("order")
    base = [p.raw for p in build_corpus(base_mb, seed, verbose=True)]
    order.run(Document(base[0]), ctx)  # warm the lexicon
    for k in (1, 4, 16):
        raws = base * k
        docs = [Document(r) for r in raws]
        t0 = time.perf_counter()
        ctx.corpus = {"order": order.merge([order.collect(d) for d in docs])}
        t_c = time.perf_counter() - t0
        t0 = time.perf_counter()
        n_props = 0
        for d in docs:
            n_props += sum(1 for _ in order.run(Document(d.text), ctx))
        t_r = time.perf_counter() - t0
        print(f"{k:>2}x: {len(raws)} pages, {k * base_mb:g} MB: collect+merge {t_c:.2f} s, run {t_r:.1f} s, "
              f"{1000 * (t_c + t_r) / len(raws):.2f} ms/page ({n_props} proposals)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--pages", type=int, default=400, help="pages timed for the share (0: all)")
    ap.add_argument("--scale-mb", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-share", action="store_true")
    ap.add_argument("--skip-scaling", action="store_true")
    a = ap.parse_args()
    if not a.skip_share:
        share(a.mb, a.pages, a.seed)
    if not a.skip_scaling:
        scaling(a.scale_mb, a.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
