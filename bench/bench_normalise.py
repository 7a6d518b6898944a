#!/usr/bin/env python3
"""Benchmark of the normalisation passes (issue 3): markup + chars + spaces + punct + trad.

    .venv/bin/python bench/bench_normalise.py                 # >= 20 MB simulated corpus
    .venv/bin/python bench/bench_normalise.py --mb 5 --source fixtures
    .venv/bin/python bench/bench_normalise.py --cprofile      # where the time goes

The corpus is the shared benchmark corpus (``bench/corpus.py``: simulated OCR
pages, cached under bench/out/). MB = 10**6 bytes of UTF-8 input text. One
process, pages one after another, as ``zhclean fix`` handles files.

Printed figures:

* ``propose``: one ``run(doc, ctx)`` call of each pass per raw page (the
  proposals only), per pass and for the five together;
* ``fix``: ``Pipeline(ctx, passes=[markup, chars, spaces, punct, trad]).run(raw,
  Policy())`` per page: propose, choose, apply, re-run each pass to its
  fixpoint and repeat rounds until nothing changes (what a user waits for);
* ``memory``: tracemalloc peak of the Python allocations made while fixing
  (the corpus itself and the loaded lexicon/OpenCC tables are not counted;
  their sizes are printed), as a multiple of the input size, and ru_maxrss.
"""
from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import build_corpus  # noqa: E402

from cleanup.model import Document  # noqa: E402
from cleanup.passes import pass_by_name  # noqa: E402
from cleanup.pipeline import Context, Pipeline, Policy  # noqa: E402

NAMES = ("markup", "chars", "spaces", "punct", "trad")
MB = 10**6


def warm(ctx: Context, passes, pages: list[str]) -> None:
    """Load lazy tables (lexicon, OpenCC char table, regexes) before timing."""
    from cleanup.lexicon import get_lexicon
    from cleanup.passes import chars, trad

    get_lexicon()
    trad._tables()
    chars._tables()
    pipe = Pipeline(ctx, passes)
    for p in pages[:20]:
        pipe.run(p, Policy())


def bench_propose(ctx: Context, passes, pages: list[str], size: int) -> dict[str, float]:
    out = {}
    total = 0.0
    cpu_total = 0.0
    for ps in passes:
        t0, c0 = time.perf_counter(), time.process_time()
        n = 0
        for p in pages:
            for _ in ps.run(Document(p), ctx):
                n += 1
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        total += dt
        cpu_total += cpu
        out[ps.name] = dt
        print(f"  propose {ps.name:<7} {size / dt / MB:8.1f} MB/s wall {size / cpu / MB:8.1f} MB/s cpu  "
              f"{n:>9} proposals")
    print(f"  propose together {size / total / MB:6.1f} MB/s wall {size / cpu_total / MB:6.1f} MB/s cpu")
    return out


def bench_fix(ctx: Context, passes, pages: list[str], size: int) -> tuple[float, int, int]:
    pipe = Pipeline(ctx, passes)
    pol = Policy()
    applied = 0
    changed = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for p in pages:
        r = pipe.run(p, pol)
        applied += len(r.applied)
        changed += r.text != p
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"  fix (pipeline, 5 passes)  {size / dt / MB:6.1f} MB/s wall {size / cpu / MB:6.1f} MB/s cpu  "
          f"{dt:6.2f} s  {applied} proposals applied, {changed}/{len(pages)} pages changed")
    return dt, applied, changed


def bench_memory(ctx: Context, passes, pages: list[str], size: int) -> None:
    """Peak of the Python allocations made while fixing the whole corpus, one
    page after another (each output is dropped, as a run writing files does)."""
    pipe = Pipeline(ctx, passes)
    pol = Policy()
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    out_size = 0
    for p in pages:
        out_size += len(pipe.run(p, pol).text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    extra = peak - base
    print(f"  memory: tracemalloc peak {extra / MB:.2f} MB above the loaded corpus "
          f"(= {extra / size:.3f}x the {size / MB:.1f} MB input; largest page {max(len(p.encode()) for p in pages) / 1e3:.0f} KB)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  ru_maxrss {rss:.0f} MB (interpreter + corpus and its gold as str + lexicon + OpenCC tables)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", default="auto", choices=("auto", "pd1998", "fixtures"))
    ap.add_argument("--profile", default="newspaper", choices=("newspaper", "copywriting"))
    ap.add_argument("--pages", type=int, default=0, help="only the first N pages (quick runs)")
    ap.add_argument("--input", default="raw", choices=("raw", "gold"),
                    help="raw: the simulated OCR pages; gold: their clean pages (steady-state cost)")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--cprofile", action="store_true", help="profile the fix loop (cProfile, top 30)")
    a = ap.parse_args()

    t0 = time.perf_counter()
    sims = build_corpus(a.mb, a.seed, a.source, verbose=True)
    pages = [getattr(s, a.input) for s in sims][: a.pages or None]
    size = sum(len(p.encode("utf-8")) for p in pages)
    print(f"corpus: {len(pages)} pages, {size / MB:.1f} MB {a.input} ({a.source}, seed {a.seed}) "
          f"loaded in {time.perf_counter() - t0:.1f} s")
    ctx = Context.default()
    ctx.settings.profile = a.profile
    passes = [pass_by_name(n) for n in NAMES]
    t0 = time.perf_counter()
    warm(ctx, passes, pages)
    print(f"warm-up (lexicon, OpenCC table): {time.perf_counter() - t0:.2f} s; profile {a.profile}")
    if a.cprofile:
        import cProfile
        import pstats

        pr = cProfile.Profile()
        pr.enable()
        bench_fix(ctx, passes, pages[: max(1, len(pages) // 10)], size // 10)
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(30)
        return 0
    bench_propose(ctx, passes, pages, size)
    bench_fix(ctx, passes, pages, size)
    if not a.no_memory:
        bench_memory(ctx, passes, pages, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
