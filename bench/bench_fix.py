#!/usr/bin/env python3
"""Benchmark of ``zhclean fix`` over a generated corpus: throughput with 1 and 2
jobs, peak memory per worker, and whether the outputs are byte-identical.

    .venv/bin/python bench/bench_fix.py                 # 200 MB corpus, --jobs 1 and 2
    .venv/bin/python bench/bench_fix.py --mb 20 --select MK,CH,SP,PU --json out.json

The corpus comes from ``bench/corpus.py`` (simulated OCR pages, cached under
``bench/out/``); its raw pages are written once as files under
``bench/out/fix-corpus-<source>-<mb>mb-s<seed>/``. Each run is the installed
console script in a subprocess, writing to an output folder (``--output``),
quiet, with a JSON report (``--report``) from which the per-worker peak RSS is
read (``ru_maxrss`` of each worker process; with one job, of the CLI process
itself). MB = 10**6 bytes of input.

The code is frozen first (``cleanup/`` and ``rules/`` copied to
``bench/out/frozen-src-PID`` and run with ``python -m cleanup``), so that every
run measures the same passes even while they are being edited in the
working tree (``--live`` runs the working tree instead; ``--rev HEAD`` the
committed code, without anyone's uncommitted edits).

``--parallel`` runs the job counts at the same time (to save wall time on a
busy machine; then only the CPU-time figures compare).

Two speed-ups are printed: wall-clock, and "cpu-bound": the one-job CPU
time over (the busiest worker's CPU time, or the workers' total over the
number of jobs if larger, + the parent's CPU time), i.e. what
2 jobs give on 2 otherwise idle cores; the 1-minute load average before and
after each run says how idle the machine was.

``--budget S``: a run that would take longer than S seconds is stopped (the
pipeline's speed depends on the passes in the tree); the corpus is then cut to
what fits, and the figures say so.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
OUT = ROOT / "bench" / "out"
MB = 10**6


FROZEN = OUT / f"frozen-src-{os.getpid()}"  # one per run: two benchmarks may run at once
RUNS = OUT / f"fix-runs-{os.getpid()}"  # outputs and reports of this benchmark (removed at the end)
ENV = dict(os.environ)


def freeze(rev: str | None = None) -> None:
    """Copy the code and rules as they are now (or as committed at ``rev``);
    runs use this copy."""
    shutil.rmtree(FROZEN, ignore_errors=True)
    if rev:
        FROZEN.mkdir(parents=True)
        tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "cleanup", "rules"],
                             check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(FROZEN)], input=tar, check=True)
    else:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for name in ("cleanup", "rules"):
            shutil.copytree(ROOT / name, FROZEN / name, ignore=ignore)
    ENV["PYTHONPATH"] = str(FROZEN) + os.pathsep + ENV.get("PYTHONPATH", "")


def zhclean_cmd() -> list[str]:
    return [sys.executable, "-m", "cleanup"]


def corpus_dir(mb: float, seed: int, source: str) -> Path:
    from corpus import build_corpus, clean_source  # bench/corpus.py

    src = source if source != "auto" else clean_source("auto", seed)[0]
    d = OUT / f"fix-corpus-{src}-{mb:g}mb-s{seed}"
    done = d / ".complete"
    if done.exists():
        return d
    pages = build_corpus(mb, seed, source, verbose=True)
    shutil.rmtree(d, ignore_errors=True)
    for k, p in enumerate(pages):
        sub = d / f"{k // 1000:03d}"  # a tree, as archives are
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{k:06d}.txt").write_text(p.raw, encoding="utf-8")
    done.write_text("ok")
    return d


def subset(d: Path, mb: float) -> Path:
    """The first files of d totalling >= mb MB, as a folder of hard links."""
    s = d.parent / f"{d.name}-first{mb:g}mb"
    if (s / ".complete").exists():
        return s
    shutil.rmtree(s, ignore_errors=True)
    total = 0
    for f in sorted(d.rglob("*.txt")):
        if total >= mb * MB:
            break
        t = s / f.relative_to(d)
        t.parent.mkdir(parents=True, exist_ok=True)
        os.link(f, t)
        total += f.stat().st_size
    (s / ".complete").write_text("ok")
    return s


def tree_digest(d: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    for f in sorted(d.rglob("*.txt")):
        h.update(f.relative_to(d).as_posix().encode())
        h.update(hashlib.blake2b(f.read_bytes(), digest_size=16).digest())
    return h.hexdigest()


def run(src: Path, jobs: int, select: str | None, budget: float) -> dict:
    out = RUNS / f"fix-out-j{jobs}"
    rep = RUNS / f"fix-report-j{jobs}.json"
    RUNS.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    cmd = [*zhclean_cmd(), "fix", str(src), "--output", str(out), "--jobs", str(jobs), "-q",
           "--report", str(rep), "--unsafe-fixes"]
    if select:
        cmd += ["--select", select]
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=budget, env=ENV, cwd=OUT)
    except subprocess.TimeoutExpired:
        return {"jobs": jobs, "timeout": True, "seconds": budget}
    wall = time.perf_counter() - t0
    r = json.loads(rep.read_text())
    tot = r["totals"]
    rss = list(r["workers_peak_rss_mb"].values())
    cpu = list(r.get("workers_cpu_seconds", {}).values())
    return {
        "jobs": jobs, "timeout": False, "rc": p.returncode, "errors": tot["error"],
        "files": tot["files"], "mb": round(tot["bytes"] / MB, 2), "seconds": round(wall, 2),
        "mb_per_s": round(tot["bytes"] / MB / wall, 3),
        "peak_rss_mb_per_worker": rss, "max_worker_rss_mb": max(rss) if rss else None,
        # RSS counts the pages forked workers share (lexicon, models) in each of them;
        # PSS divides shared pages among the sharers, USS is what a worker alone holds
        "pss_mb_per_worker": list(r.get("workers_pss_mb", {}).values()),
        "uss_mb_per_worker": list(r.get("workers_uss_mb", {}).values()),
        # CPU seconds per worker (with one job: the CLI process itself) and of the parent:
        # on a machine shared with other work the wall-clock speed-up says little
        "cpu_s_per_worker": cpu, "parent_cpu_s": r.get("parent_cpu_seconds"),
        "parent_memory": r.get("parent_memory"),
        "corpus_statistics_s": r.get("corpus_statistics_seconds"),
        "loadavg_1min": [round(load0, 2), round(os.getloadavg()[0], 2)],
        "applied": tot["applied"], "digest": tree_digest(out),
        "stderr": p.stderr.strip().splitlines()[-3:],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mb", type=float, default=200, help="corpus size in MB (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", default="auto", choices=("auto", "pd1998", "fixtures"))
    ap.add_argument("--jobs", default="1,2", help="comma-separated job counts (default 1,2)")
    ap.add_argument("--select", help="rule selection passed to zhclean (default: every rule)")
    ap.add_argument("--budget", type=float, default=3600, help="seconds per run before cutting the corpus")
    ap.add_argument("--probe-mb", type=float, default=2, help="MB timed first to size the corpus to the budget")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--live", action="store_true", help="run the working tree, not a frozen copy")
    ap.add_argument("--keep", action="store_true", help="keep the outputs and reports (bench/out/fix-runs-PID/)")
    ap.add_argument("--parallel", action="store_true",
                    help="run the job counts at the same time (only the CPU-time figures then compare)")
    ap.add_argument("--rev", help="run the code committed at this git revision (e.g. HEAD), "
                                  "not the working tree's (which other edits may be changing)")
    a = ap.parse_args()
    if not a.live:
        freeze(a.rev)
        import atexit

        atexit.register(shutil.rmtree, FROZEN, True)
    if not a.keep:
        import atexit

        atexit.register(shutil.rmtree, RUNS, True)

    full = corpus_dir(a.mb, a.seed, a.source)
    total = sum(f.stat().st_size for f in full.rglob("*.txt"))
    print(f"corpus: {full} ({total / MB:.1f} MB)", flush=True)
    # probe the speed with one job, then cut the corpus to what fits in the budget
    probe = run(subset(full, a.probe_mb), 1, a.select, a.budget)
    src = full
    note = ""
    if not probe["timeout"]:
        est = total / MB / probe["mb_per_s"]
        print(f"probe: {probe['mb']} MB at {probe['mb_per_s']} MB/s with 1 job -> about {est:.0f} s "
              f"for the whole corpus", flush=True)
        if est > a.budget * 0.9:
            fit = max(a.probe_mb, round(probe["mb_per_s"] * a.budget * 0.8, 1))
            src = subset(full, fit)
            note = f"corpus cut to {fit} MB to fit a {a.budget:.0f} s budget per run"
            print(note, flush=True)
    rows = []
    counts = [int(x) for x in a.jobs.split(",")]
    if a.parallel:  # every job count at once (a loaded machine: compare CPU times, not wall)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(len(counts)) as ex:
            rows = list(ex.map(lambda j: run(src, j, a.select, a.budget), counts))
        for r in rows:
            print(json.dumps({k: v for k, v in r.items() if k != "stderr"}), flush=True)
    for j in counts if not a.parallel else ():
        r = run(src, j, a.select, a.budget)
        rows.append(r)
        print(json.dumps({k: v for k, v in r.items() if k != "stderr"}), flush=True)
    ok = [r for r in rows if not r["timeout"]]
    base = next((r for r in ok if r["jobs"] == 1), None)
    print()
    print(f"{'jobs':>4} {'MB':>8} {'s':>8} {'MB/s':>8} {'speedup':>8} {'cpu-bound':>9} "
          f"{'RSS/worker MB':>14} {'PSS':>6} {'USS':>6} {'load':>11}")
    for r in ok:
        sp = base["seconds"] / r["seconds"] if base else float("nan")
        r["speedup"] = round(sp, 2)
        # the speed-up on free cores: the one-job CPU time over the busiest worker's
        # CPU time plus the parent's own (serial) CPU time beyond what a worker does
        cpu1 = sum(base["cpu_s_per_worker"]) if base else float("nan")
        # (the collect and the run phase fork their own workers: a process list per phase)
        cpus = r["cpu_s_per_worker"]
        busiest = max(max(cpus), sum(cpus) / r["jobs"]) if cpus else float("nan")
        serial = (r["parent_cpu_s"] or 0.0) if r["jobs"] > 1 else 0.0
        est = cpu1 / (busiest + serial) if busiest == busiest else float("nan")
        r["cpu_bound_speedup"] = round(est, 2)
        print(f"{r['jobs']:>4} {r['mb']:>8} {r['seconds']:>8} {r['mb_per_s']:>8} {sp:>8.2f} {est:>9.2f} "
              f"{r['max_worker_rss_mb']:>14} {max(r['pss_mb_per_worker'] or [0]):>6} "
              f"{max(r['uss_mb_per_worker'] or [0]):>6} {str(r['loadavg_1min']):>11}")
    same = len({r["digest"] for r in ok}) == 1
    print(f"outputs byte-identical across job counts: {same}")
    if note:
        print(note)
    if a.json:
        Path(a.json).write_text(json.dumps({"corpus": str(src), "note": note, "identical": same,
                                            "probe": probe, "runs": rows}, indent=1))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
