#!/usr/bin/env python3
"""Memory of ``zhclean fix`` workers on a large corpus, without fixing all of it:
the corpus statistics over the whole corpus (as ``fix`` gathers them), then
the run phase over its first ``--run-mb`` MB with ``--jobs`` forked workers.

    .venv/bin/python bench/mem_fix.py --mb 200 --run-mb 40 --jobs 2

A worker's RSS starts at its parent's at the fork (the warmed passes and
the corpus statistics) and grows with what it gathers until it is replaced
after ``runner.RECYCLE_BYTES`` of input; ``--run-mb`` of at least
``jobs * RECYCLE_BYTES`` lets the first workers live their full length. The
whole-corpus timing is ``bench/bench_fix.py``'s (slow: ~0.2 MB per CPU-s).
Prints the parent's RSS at each step and, per worker process, peak RSS
(``ru_maxrss``), the largest PSS and USS sampled after each chunk, and CPU
seconds. Runs the working tree's code; writes the fixed files under
``bench/out/mem-fix-PID/`` and removes them at the end.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_fix import MB, OUT, corpus_dir  # noqa: E402

from cleanup import runner as R  # noqa: E402
from cleanup.pipeline import Policy  # noqa: E402


def rss_mb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mb", type=float, default=200, help="corpus size in MB (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", default="auto", choices=("auto", "pd1998", "fixtures"))
    ap.add_argument("--run-mb", type=float, default=40, help="MB of the run phase (default 40)")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    src = corpus_dir(a.mb, a.seed, a.source)
    out = OUT / f"mem-fix-{__import__('os').getpid()}"
    files = sorted(src.rglob("*.txt"))
    items = [R.Item(i, str(f), f.stat().st_size, str(out / f.relative_to(src))) for i, f in enumerate(files)]
    del files  # as `zhclean fix` does: workers inherit what the parent holds
    spec = R.RunSpec("fix", Policy(apply_unsafe=True))
    t0 = time.time()
    try:
        with R.Runner(spec, jobs=a.jobs) as run:
            print(f"parent after warm-up: {rss_mb()} MB RSS ({len(items)} files)", flush=True)
            corpus = run.corpus(items)
            sizes = {k: len(v) for k, v in corpus.items() if hasattr(v, "__len__")}
            print(f"corpus statistics over {sum(i.size for i in items) / MB:.1f} MB in {time.time() - t0:.0f} s: "
                  f"parent {rss_mb()} MB RSS; sizes {sizes}; misread capped: "
                  f"{getattr(corpus.get('misread'), 'capped', None)}", flush=True)
            sub, total = [], 0
            for it in items:
                if total >= a.run_mb * MB:
                    break
                sub.append(it)
                total += it.size
            t1 = time.time()
            n = sum(1 for _ in run.run(sub, corpus))
            print(f"run phase: {total / MB:.1f} MB, {n} files in {time.time() - t1:.0f} s wall; "
                  f"parent now {rss_mb()} MB RSS", flush=True)
            kb = 1024
            print("per worker (pid: peak RSS / PSS / USS MB, CPU s):")
            for pid in sorted(run.peak_rss_kb):
                print(f"  {pid}: {run.peak_rss_kb[pid] / kb:.0f} / {run.pss_kb.get(pid, 0) / kb:.0f} / "
                      f"{run.uss_kb.get(pid, 0) / kb:.0f}, {run.cpu_seconds.get(pid, 0.0):.1f}")
            print(f"max peak RSS per worker: {max(run.peak_rss_kb.values()) / kb:.0f} MB")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
