#!/usr/bin/env python3
"""Benchmark harness: speed (MB/s of input) and peak memory of each pass and of
the whole pipeline, on a simulated corpus (``bench/corpus.py``).

    python3 tasks.py bench                      # >= 20 MB corpus, every pass + pipeline
    .venv/bin/python bench/run.py --mb 5 --pass markup --pass spaces --json out.json

What is measured (MB = 10**6 bytes of UTF-8 input text):

* ``collect``: the corpus pass (``collect`` + ``merge`` of every pass that has
  one) over the raw pages, as ``zhclean fix`` does before fixing.
* for each pass of ``cleanup.passes.all_passes()``, on the text *as it is before
  that pass in the pipeline* (stage k = raw pages after passes 0..k-1, each run
  to its own fixpoint in pipeline order):
  - ``propose``: one call of ``pass.run(doc, ctx)`` per page (proposals only);
  - ``fix``: the pass alone to its fixpoint (``Pipeline(passes=[pass])``),
    i.e. propose + choose + apply, repeated; its output is the next stage.
* ``pipeline``: the whole pipeline (``Pipeline().run``, default SAFE policy) on
  the raw pages.

Memory: each pass (and the pipeline) runs again in a fresh subprocess on the
first ``--mem-mb`` MB of its stage: ``tracemalloc`` peak of Python allocations
made while the pass runs (its module import, lazy loads such as a lexicon and
its corpus statistics included; the shared core and the input texts
excluded), and the peak RSS of that process (``rss``: VmHWM on Linux, which is
the process's own ``ru_maxrss``; ``rss+``: its growth over the RSS before the
pass's module was imported; C-level allocations such as opencc or rapidfuzz
show only here).

A measurement stops after ``--budget`` seconds; the MB/s is then computed on
the pages done and the row is marked ``partial`` (later stages get the rest of
the pages unchanged).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

MB = 10**6
STAGES = HERE / "out" / "stages"


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _maxrss_kb() -> int:
    """Peak RSS of this process. On Linux VmHWM: ru_maxrss of a subprocess also
    holds its parent's peak (kept across fork + exec), VmHWM does not."""
    hwm = _status_kb("VmHWM")
    if hwm is not None:
        return hwm
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r // 1024 if sys.platform == "darwin" else r


def _rss_kb() -> int:
    return _status_kb("VmRSS") or _maxrss_kb()


def _reset_peak() -> None:
    """Reset VmHWM to the current RSS (Linux: write 5 to /proc/self/clear_refs)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _nbytes(texts: list[str]) -> int:
    return sum(len(t.encode("utf-8")) for t in texts)


def _timed(fn, texts: list[str], budget: float) -> tuple[list, float, int, bool]:
    """Run fn over texts until done or the budget is spent: (results, seconds, pages done, partial)."""
    out = []
    t0 = time.perf_counter()
    for t in texts:
        out.append(fn(t))
        if time.perf_counter() - t0 > budget:
            break
    dt = time.perf_counter() - t0
    return out, dt, len(out), len(out) < len(texts)


def _row(name: str, what: str, texts: list[str], done: int, secs: float, partial: bool, **extra) -> dict:
    nb = _nbytes(texts[:done])
    print(f"  {name} {what}: {nb / MB:.2f} MB in {secs:.1f} s{' (partial)' if partial else ''}",
          file=sys.stderr, flush=True)
    return {"pass": name, "what": what, "pages": done, "mb": nb / MB, "seconds": secs,
            "mb_per_s": (nb / MB / secs) if secs > 0 else float("inf"), "partial": partial, **extra}


def measure_speed(raw: list[str], only: set[str] | None, budget: float, with_pipeline: bool,
                  keep_stages: int) -> tuple[list[dict], dict[str, list[str]]]:
    from cleanup.model import Document
    from cleanup.pipeline import Pipeline, Policy
    from cleanup.runner import collect_corpus

    pl = Pipeline()
    passes = pl.passes
    rows: list[dict] = []
    stages: dict[str, list[str]] = {}
    t0 = time.perf_counter()
    pl.ctx.corpus = collect_corpus(pl, (Document(t) for t in raw))
    dt = time.perf_counter() - t0
    ncol = sum(p.collect is not None for p in passes)
    rows.append(_row("collect", "collect", raw, len(raw), dt, False, collectors=ncol))
    ctx = pl.ctx
    policy = Policy()
    cur = list(raw)
    for ps in passes:
        stages[ps.name] = cur[:keep_stages]
        want = only is None or ps.name in only
        if want:
            res, dt, done, partial = _timed(lambda t: sum(1 for _ in ps.run(Document(t), ctx)), cur, budget)
            rows.append(_row(ps.name, "propose", cur, done, dt, partial, proposals=sum(res)))
        single = Pipeline(ctx, passes=[ps])
        res, dt, done, partial = _timed(lambda t: single.run(t, policy), cur, budget)
        if want:
            rows.append(_row(ps.name, "fix", cur, done, dt, partial,
                             applied=sum(len(r.applied) for r in res),
                             changed_pages=sum(r.changed for r in res)))
        cur = [r.text for r in res] + cur[done:]
    if with_pipeline:
        stages["pipeline"] = raw[:keep_stages]
        res, dt, done, partial = _timed(lambda t: pl.run(t, policy), raw, budget)
        rows.append(_row("pipeline", "fix", raw, done, dt, partial,
                         applied=sum(len(r.applied) for r in res),
                         not_converged=sum(not r.converged for r in res)))
    return rows, stages


# -- memory: one subprocess per pass -----------------------------------------------
def worker(name: str, module: str, stage_file: str) -> None:
    """Run one pass (or the pipeline) over a stage file; print its memory figures as JSON.

    The tracemalloc window opens before the pass's module is imported (for the
    pipeline: before every pass module), so import-time tables, lazy loads and
    the corpus statistics of the pass count; the shared core (model, rules,
    pipeline) and the input texts do not."""
    import importlib

    from cleanup.model import Document
    from cleanup.pipeline import Context, Pipeline, Policy
    from cleanup.runner import collect_corpus

    texts = json.loads(Path(stage_file).read_text(encoding="utf-8"))
    ctx = Context.default()
    policy = Policy()
    _reset_peak()
    rss0 = _rss_kb()
    tracemalloc.start()
    t0 = time.perf_counter()
    if name == "pipeline":
        pl = Pipeline(ctx)
        ctx.corpus = collect_corpus(pl, (Document(t) for t in texts))
        for t in texts:
            pl.run(t, policy)
    else:
        mod = importlib.import_module(module)
        ps = next(p for p in mod.PASSES if p.name == name)
        if ps.collect is not None:
            parts = [ps.collect(Document(t)) for t in texts]
            ctx.corpus[name] = ps.merge(parts) if ps.merge else parts
        for t in texts:
            for _ in ps.run(Document(t), ctx):
                pass
    dt = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"pass": name, "tracemalloc_peak_mb": peak / MB, "maxrss_mb": _maxrss_kb() / 1024,
                      "maxrss_growth_mb": (_maxrss_kb() - rss0) / 1024, "mem_input_mb": _nbytes(texts) / MB,
                      "seconds_traced": dt}))


def measure_memory(stages: dict[str, list[str]], modules: dict[str, str], mem_mb: float,
                   timeout: float) -> dict[str, dict]:
    STAGES.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict] = {}
    for name, texts in stages.items():
        sub: list[str] = []
        total = 0
        for t in texts:
            if total >= mem_mb * MB:
                break
            sub.append(t)
            total += len(t.encode("utf-8"))
        f = STAGES / f"{name}.json"
        f.write_text(json.dumps(sub, ensure_ascii=False), encoding="utf-8")
        try:
            cp = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", name,
                                 "--module", modules.get(name, ""), "--stage-file", str(f)], capture_output=True, text=True, timeout=timeout,
                                cwd=ROOT)
        except subprocess.TimeoutExpired:
            out[name] = {"error": f"timeout after {timeout:.0f} s"}
            continue
        if cp.returncode != 0:
            out[name] = {"error": (cp.stderr.strip().splitlines() or ["?"])[-1]}
            continue
        out[name] = json.loads(cp.stdout.strip().splitlines()[-1])
    return out


def print_table(rows: list[dict], mem: dict[str, dict], corpus_info: dict) -> None:
    print(f"corpus: {corpus_info['pages']} pages, {corpus_info['mb']:.1f} MB raw "
          f"({corpus_info['source']}, seed {corpus_info['seed']}); memory on the first "
          f"{corpus_info['mem_mb']:g} MB of each stage")
    hdr = f"{'pass':<12} {'what':<8} {'MB':>7} {'sec':>8} {'MB/s':>8} {'tracemalloc':>12} {'rss+':>8} {'rss':>8}  notes"
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        m = mem.get(r["pass"], {}) if r["what"] in ("propose",) or r["pass"] == "pipeline" else {}
        tm = f"{m['tracemalloc_peak_mb']:.1f}MB" if "tracemalloc_peak_mb" in m else ""
        rg = f"{m['maxrss_growth_mb']:.0f}MB" if "maxrss_growth_mb" in m else ""
        rs = f"{m['maxrss_mb']:.0f}MB" if "maxrss_mb" in m else ""
        notes = []
        if r["partial"]:
            notes.append("partial (budget)")
        for k in ("collectors", "proposals", "applied", "changed_pages", "not_converged"):
            if k in r:
                notes.append(f"{k}={r[k]}")
        if "error" in m:
            notes.append(f"memory: {m['error']}")
        what = r["what"]
        print(f"{r['pass']:<12} {what:<8} {r['mb']:>7.2f} {r['seconds']:>8.2f} {r['mb_per_s']:>8.2f} "
              f"{tm:>12} {rg:>8} {rs:>8}  {' '.join(notes)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="zhclean benchmark: MB/s and peak memory per pass")
    ap.add_argument("--mb", type=float, default=20, help="corpus size in MB of raw text (default 20)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", default="auto", choices=("auto", "pd1998", "fixtures"),
                    help="clean source of the corpus (see bench/corpus.py)")
    ap.add_argument("--pass", dest="passes", action="append", metavar="NAME",
                    help="measure only this pass (repeatable; the pipeline is then skipped unless --pipeline)")
    ap.add_argument("--pipeline", action="store_true", help="also measure the whole pipeline with --pass")
    ap.add_argument("--no-memory", action="store_true", help="skip the memory subprocesses")
    ap.add_argument("--mem-mb", type=float, default=2, help="MB of each stage for the memory runs (default 2)")
    ap.add_argument("--budget", type=float, default=300, help="seconds per measurement before it stops (default 300)")
    ap.add_argument("--json", metavar="FILE", help="write all figures as JSON")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--stage-file", help=argparse.SUPPRESS)
    ap.add_argument("--module", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker:
        worker(a.worker, a.module, a.stage_file)
        return 0

    from corpus import build_corpus, clean_source
    from cleanup.passes import all_passes

    names = [p.name for p in all_passes()]
    modules = {p.name: p.run.__module__ for p in all_passes()}
    only = set(a.passes) if a.passes else None
    if only and only - set(names):
        print(f"unknown pass(es): {sorted(only - set(names))}; passes: {', '.join(names)}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    pages = build_corpus(a.mb, a.seed, a.source, verbose=True)
    raw = [p.raw for p in pages]
    src = clean_source(a.source)[0] if a.source == "auto" else a.source
    info = {"pages": len(raw), "mb": _nbytes(raw) / MB, "source": src, "seed": a.seed, "mem_mb": a.mem_mb,
            "build_or_load_seconds": time.perf_counter() - t0}
    with_pipeline = only is None or a.pipeline
    keep = max(1, min(len(raw), int(len(raw) * a.mem_mb * MB / max(1, _nbytes(raw))) + 1))
    rows, stages = measure_speed(raw, only, a.budget, with_pipeline, keep)
    if only is not None:
        stages = {k: v for k, v in stages.items() if k in only or k == "pipeline" and with_pipeline}
    mem = {} if a.no_memory else measure_memory(stages, modules, a.mem_mb, timeout=max(60.0, a.budget * 2))
    info["maxrss_main_mb"] = _maxrss_kb() / 1024
    print_table(rows, mem, info)
    print(f"main process ru_maxrss: {info['maxrss_main_mb']:.0f} MB; passes: {', '.join(names)}")
    if a.json:
        Path(a.json).write_text(json.dumps({"corpus": info, "rows": rows, "memory": mem,
                                            "python": sys.version.split()[0], "cpus": os.cpu_count()},
                                           indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
