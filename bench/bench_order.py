#!/usr/bin/env python3
"""Benchmark of the reading-order pass (issue 5). Run by hand:

    .venv/bin/python bench/bench_order.py                  # 20 MB corpus, scaling from 1 MB
    .venv/bin/python bench/bench_order.py --mb 2 --pages 300 --scale-mb 0.5
    .venv/bin/python bench/bench_order.py --skip-scaling --profile 30   # where the pass's time goes

Figures:

* ``share``: on pages of the shared benchmark corpus (``bench/corpus.py``,
  simulated OCR pages), the whole pipeline (``Pipeline(ctx).run`` per page,
  SAFE fixes, corpus statistics collected first as ``zhclean fix`` does) with
  and without the ``order`` pass; the pass's added time as a share of the
  pipeline without it (the issue asks <= 30%), over all pages timed and per
  chunk of an eighth of them (the spread shows how much pages and machine
  load move the figure), and a digest of the pass's proposals (two versions
  of the pass with the same digest proposed the same moves). ``--pages`` limits the number
  of pages timed (the share is a ratio, a sample of a few hundred pages is
  enough); the corpus is still 20 MB for the statistics.
* ``scaling``: the order pass alone (corpus collect + merge, then one
  ``run(doc, ctx)`` per raw page) on corpora of 1x, 4x and 16x ``--scale-mb``
  MB (distinct simulated pages): time per page must stay flat (linear cost).

All times are CPU time of this process (``time.process_time``): the machine
is shared, and wall time would measure the other jobs too.
"""
from __future__ import annotations

import argparse
import cProfile
import dataclasses
import hashlib
import json
import pstats
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


class _Timer:
    def __init__(self, fn, profile: bool = False) -> None:
        self.fn, self.seconds, self.calls = fn, 0.0, 0
        self.prof = cProfile.Profile() if profile else None
        self.digest = hashlib.sha1()

    def __call__(self, doc, ctx):
        if self.prof is not None:
            self.prof.enable()
        t0 = time.process_time()
        out = list(self.fn(doc, ctx))
        self.seconds += time.process_time() - t0
        if self.prof is not None:
            self.prof.disable()
        self.calls += 1
        for p in out:  # what the pass proposed: the same digest means the same results
            self.digest.update(json.dumps([p.code, p.applicability.name, [(e.start, e.end, e.replacement)
                                                                          for e in p.edits],
                                           round(p.confidence, 6), p.evidence], sort_keys=True,
                                          ensure_ascii=False, default=str).encode())
        return out


def share(mb: float, n_pages: int, seed: int, chunks: int = 8, profile: int = 0) -> None:
    """The whole pipeline with the order pass's own time measured inside it
    (a timing wrapper around its run function): the share does not depend on
    which run came first (other passes memoise per text) or on machine load
    drifting between two runs."""
    pages = build_corpus(mb, seed, verbose=True)
    raws = [p.raw for p in pages]
    size = sum(len(r.encode("utf-8")) for r in raws)
    ctx = Context.default()
    full = all_passes()
    t0 = time.process_time()
    ctx.corpus = collect_corpus(Pipeline(ctx, full), [Document(r) for r in raws])
    t_collect = time.process_time() - t0
    order = pass_by_name("order")
    t0 = time.process_time()
    order.merge([order.collect(Document(r)) for r in raws])
    t_order_collect = time.process_time() - t0
    sample = raws[:n_pages] if n_pages else raws
    ssize = sum(len(r.encode("utf-8")) for r in sample)
    timer = _Timer(order.run, profile=profile > 0)
    passes = [dataclasses.replace(p, run=timer) if p.name == "order" else p for p in full]
    pipe = Pipeline(ctx, passes)
    for r in sample[:10]:
        pipe.run(r, Policy())  # warm lazy tables
    timer.seconds, timer.calls, timer.digest = 0.0, 0, hashlib.sha1()
    if timer.prof is not None:
        timer.prof = cProfile.Profile()
    # the share is also taken per chunk of pages: on a loaded machine CPU
    # time drifts, and the median chunk says how stable the figure is
    chunk = max(1, len(sample) // chunks)
    shares: list[float] = []
    t_all = 0.0
    t_oc_page = t_order_collect / len(raws)
    for k in range(0, len(sample), chunk):
        part = sample[k:k + chunk]
        o0 = timer.seconds
        t0 = time.process_time()
        for r in part:
            pipe.run(r, Policy())
        dt = time.process_time() - t0
        t_all += dt
        do = timer.seconds - o0 + t_oc_page * len(part)
        shares.append(100 * do / max(dt - (timer.seconds - o0), 1e-9))
    t_rest = t_all - timer.seconds
    # the corpus statistics are gathered once per run over all files: add the
    # order pass's share of that, pro rata for the pages timed
    t_oc = t_order_collect * len(sample) / len(raws)
    print(f"(CPU seconds) corpus {len(raws)} pages, {size / MB:.1f} MB; collect (all passes) {t_collect:.1f} s, "
          f"order's collect+merge {t_order_collect:.2f} s")
    print(f"pipeline on {len(sample)} pages ({ssize / MB:.2f} MB): {t_all:.1f} s in all, order pass "
          f"{timer.seconds:.1f} s in {timer.calls} runs -> order adds "
          f"{100 * (timer.seconds + t_oc) / t_rest:.1f}% to the rest, "
          f"{100 * (timer.seconds + t_oc) / (t_all + t_oc):.1f}% of the whole "
          f"({1000 * (timer.seconds + t_oc) / len(sample):.2f} ms/page; whole pipeline "
          f"{ssize / MB / t_all:.3f} MB/s)")
    shares.sort()
    print(f"per chunk of {chunk} pages: order adds {', '.join(f'{x:.0f}' for x in shares)}% "
          f"(median {shares[len(shares) // 2]:.1f}%)")
    print(f"order's proposals in the pipeline: digest {timer.digest.hexdigest()[:16]}")
    if timer.prof is not None:
        # where the pass's time goes (cProfile inflates many small calls:
        # read it for the shape, not for the seconds)
        pstats.Stats(timer.prof).sort_stats("cumulative").print_stats(profile)


def scaling(base_mb: float, seed: int) -> None:
    ctx = Context.default()
    order = pass_by_name("order")
    # warm the lexicon and the scorer's tables (a page with an open end)
    list(order.run(Document("今年，我市将加快推进重点项目建设，以产业为基础，积\n\n其中，新材料产业投资增速明显。\n\n"
                            "极布局新能源和新材料产业。\n"), ctx))
    for k in (1, 4, 16):
        # distinct pages at every scale (repeating pages would hit the caches)
        raws = [p.raw for p in build_corpus(base_mb * k, seed, verbose=True)]
        docs = [Document(r) for r in raws]
        t0 = time.process_time()
        ctx.corpus = {"order": order.merge([order.collect(d) for d in docs])}
        t_c = time.process_time() - t0
        t0 = time.process_time()
        n_props = 0
        for d in docs:
            n_props += sum(1 for _ in order.run(Document(d.text), ctx))
        t_r = time.process_time() - t0
        print(f"{k:>2}x (CPU): {len(raws)} distinct pages, {k * base_mb:g} MB: collect+merge {t_c:.2f} s, run {t_r:.1f} s, "
              f"{1000 * (t_c + t_r) / len(raws):.2f} ms/page ({n_props} proposals)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--pages", type=int, default=400, help="pages timed for the share (0: all)")
    ap.add_argument("--scale-mb", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-share", action="store_true")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="print the N costliest functions of the order pass in the pipeline (cProfile; the share "
                         "figures are then inflated)")
    a = ap.parse_args()
    if not a.skip_share:
        share(a.mb, a.pages, a.seed, profile=a.profile)
    if not a.skip_scaling:
        scaling(a.scale_mb, a.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
