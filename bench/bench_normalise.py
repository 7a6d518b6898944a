#!/usr/bin/env python3
"""Benchmark of the normalisation passes (issue 3): markup + chars + spaces + punct + trad.

    .venv/bin/python bench/bench_normalise.py --mb 20               # the issue's figure
    .venv/bin/python bench/bench_normalise.py --mb 20 --source fixtures --repeat 3
    .venv/bin/python bench/bench_normalise.py --mb 20 --split       # passes vs engine
    .venv/bin/python bench/bench_normalise.py --mb 20 --baseline 2220f67 --repeat 3   # before/after (passes)
    .venv/bin/python bench/bench_normalise.py --mb 20 --baseline-tree a2a3596 --repeat 3   # (engine + passes)
    .venv/bin/python bench/bench_normalise.py --mb 20 --baseline-tree 85ebdf2 --policy-per-page   # Policy() a page
    .venv/bin/python bench/bench_normalise.py --cprofile            # where the time goes
    .venv/bin/python bench/bench_normalise.py --mb 20 --identity HEAD   # same results as the committed code?
    .venv/bin/python bench/bench_normalise.py --mb 20 --identity HEAD --perturb 2000   # also on pages with debris

The corpus is the shared benchmark corpus (``bench/corpus.py``: simulated OCR
pages, cached under bench/out/). MB = 10**6 bytes of UTF-8 input text. One
process, pages one after another, as ``zhclean fix`` handles files. The
machine is shared: every rate is printed for CPU time (``time.process_time``,
the figure to compare) and wall clock; ``--repeat N`` keeps the best of N.

Printed figures:

* ``fix``: the issue's "these passes together": ``Pipeline(ctx, [markup, chars,
  spaces, punct, trad]).run(raw, Policy())`` per page (propose, choose, apply,
  re-run each pass to its fixpoint, repeat rounds until nothing changes); one
  ``Policy()`` for all pages, as ``zhclean fix`` keeps one; with
  ``--policy-per-page`` a new one for every page, as the issue writes it;
* ``propose``: one ``run(doc, ctx)`` call of each pass per raw page;
* ``--baseline REV``: the fix loop with the passes of git revision REV and
  with these, alternately in the same process (same load): every 50 pages,
  the sum over those slices of the best of N;
* ``--baseline-tree REV``: the same with the whole ``cleanup`` package of REV
  (engine included; ``--keep cleanup/kinds.py`` takes that file from the
  working tree, for helpers that other work changed since REV), after
  checking that both give identical results on every page (``identity``:
  the text, the applied and pending proposals with their messages,
  evidence and fingerprints, and the history, under the default policy and
  with --unsafe-fixes); ``--identity REV`` runs only that check (exit 1 on
  a difference); with ``--perturb N`` also each pass alone and the five on
  the first N pages with debris added (tabs, NBSP and ideographic spaces,
  invisible characters, dashes, ellipses, straight quotes: code paths the
  simulated corpora seldom reach);
* ``--split``: the fix loop with the time spent inside each pass (first run on
  a page, re-runs) and in the engine (``cleanup.pipeline``: choose, apply,
  thresholds); then the engine alone, replaying the recorded proposals of
  every pass run (what the fix loop costs with passes that cost nothing);
* ``memory``: a fresh process loads the tables, then only the raw pages
  (str), and fixes them one after another: peak RSS above the process before
  the corpus was loaded (so it includes the corpus itself), and the
  tracemalloc peak of the allocations made while fixing, each as a multiple
  of the input size.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import build_corpus  # noqa: E402

from cleanup.model import Document, Proposal  # noqa: E402
from cleanup.passes import pass_by_name  # noqa: E402
from cleanup.pipeline import Context, Pass, Pipeline, Policy  # noqa: E402

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
    for p in pages[:: max(1, len(pages) // 50)]:
        pipe.run(p, Policy())


def cold(pkg: str = "cleanup") -> None:
    """Forget what the passes of package ``pkg`` remember between pages (the
    spaces pass keeps the kinds of blocks, the decisions of headline and
    byline spaces and the blocks that keep all their spaces, by their text):
    every repeat of a timing then sees the corpus for the first time, as one
    run of ``zhclean fix`` does. Without
    this the best of N repeats answered from the memos of the previous repeat
    (about 15% less CPU on the fixtures corpus)."""
    sp = sys.modules.get(f"{pkg}.passes.spaces")
    for name in ("_MEMOS", "_KIND_MEMO", "_EMPTY_BLOCKS"):
        memo = getattr(sp, name, None)
        if memo is not None:
            memo.clear()


def _rates(size: int, cpu: float, wall: float) -> str:
    return f"{size / cpu / MB:6.1f} MB/s cpu ({cpu:6.2f} s), {size / wall / MB:6.1f} MB/s wall ({wall:6.2f} s)"


def bench_fix(ctx: Context, passes, pages: list[str], size: int, repeat: int) -> dict:
    best_cpu = best_wall = float("inf")
    applied = changed = 0
    for _ in range(repeat):
        pipe = Pipeline(ctx, passes)
        pol = Policy()
        applied = changed = 0
        cold()
        t0, c0 = time.perf_counter(), time.process_time()
        for p in pages:
            if COLD_PAGES:
                cold()
            r = pipe.run(p, Policy() if PER_PAGE else pol)
            applied += len(r.applied)
            changed += r.text != p
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    print(f"  fix (pipeline of the 5 passes)  {_rates(size, best_cpu, best_wall)}  "
          f"{applied} proposals applied, {changed}/{len(pages)} pages changed")
    return {"cpu_s": best_cpu, "wall_s": best_wall, "applied": applied, "changed": changed}


def baseline_passes(rev: str) -> list[Pass]:
    """The five passes as they were at git revision ``rev`` (loaded from ``git
    show``, their imports of each other pointed at the same revision)."""
    import importlib.util
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="bench-normalise-"))
    out = []
    for name in ("chars",) + tuple(n for n in NAMES if n != "chars"):  # chars first: the others import it
        src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:cleanup/passes/{name}.py"],
                             capture_output=True, text=True, check=True).stdout
        src = src.replace("from .chars import", "from cleanup.passes._base_chars import")
        path = tmp / f"_base_{name}.py"
        path.write_text(src, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"cleanup.passes._base_{name}", path)
        mod = importlib.util.module_from_spec(spec)
        mod.__package__ = "cleanup.passes"
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
        out.append(mod)
    by_name = {m.__name__.rsplit("_", 1)[-1]: m.PASSES[0] for m in out}
    return [by_name[n] for n in NAMES]


def bench_baseline(ctx: Context, passes, pages: list[str], size: int, rev: str, repeat: int) -> dict:
    """The fix loop with the passes of ``rev`` and with these, alternately (same load)."""
    base = baseline_passes(rev)
    warm(ctx, base, pages)
    pl = sys.modules["cleanup.pipeline"]
    best = _alternate({"base": (pl, ctx, base), "now": (pl, ctx, passes)}, pages, repeat)
    for label, name in (("base", f"passes of {rev}"), ("now", "these passes")):
        print(f"  fix, {name:<20} {_rates(size, *best[label])}")
    return {k: {"cpu_s": v[0], "wall_s": v[1]} for k, v in best.items()}


def _result_key(r) -> tuple:
    """Everything a fix run gives, as plain values (comparable across copies of
    the package): text, applied and pending proposals (rule, message, edits,
    confidence, applicability, evidence, fingerprint), history, warnings."""
    def prop(p):
        return (p.code, p.name, p.message, tuple((e.start, e.end, e.replacement) for e in p.edits),
                p.confidence, p.applicability.value, repr(p.evidence), p.fingerprint)

    return (r.text, r.rounds, r.converged, tuple(r.warnings),
            tuple((prop(a.proposal), a.round, tuple(a.old), a.step) for a in r.applied),
            tuple(prop(p) for p in r.pending),
            tuple(tuple((e.start, e.end, e.replacement) for e in h) for h in r.history))


def identity(runs: dict, pages: list[str]) -> bool:
    """Fix every page with each (pipeline module, context, passes) of ``runs``
    under the default policy and with --unsafe-fixes, and compare everything
    the runs give (:func:`_result_key`) with the first entry's. Prints the
    first difference; True when all are identical."""
    labels = list(runs)
    ok = True
    for unsafe in (False, True):
        diffs = 0
        first = None
        for i, p in enumerate(pages):
            keys = []
            for label in labels:
                pl, c, ps = runs[label]
                keys.append(_result_key(pl.Pipeline(c, ps).run(p, pl.Policy(apply_unsafe=unsafe))))
            if any(k != keys[0] for k in keys[1:]):
                diffs += 1
                if first is None:
                    first = (i, keys)
        pol = "--unsafe-fixes" if unsafe else "default policy"
        if diffs:
            ok = False
            i, keys = first
            part = next(j for j in range(len(keys[0])) if any(k[j] != keys[0][j] for k in keys[1:]))
            print(f"  identity ({pol}): {diffs}/{len(pages)} pages differ; first page {i}, "
                  f"field {part} of _result_key")
        else:
            print(f"  identity ({pol}): all {len(pages)} pages identical "
                  f"(text, applied and pending proposals with fingerprints, history)")
    return ok


CHUNK = 50  # pages a timed slice of the alternation
PER_PAGE = False  # --policy-per-page: a new Policy() for every page (the form) instead of one for all
COLD_PAGES = False  # --cold-pages: forget the spaces pass's memos before every page, not only every repeat


def _alternate(runs: dict, pages: list[str], repeat: int) -> dict[str, list[float]]:
    """Fix the pages with each (pipeline module, context, passes) of ``runs``,
    alternating every CHUNK pages (the order of the runs swapped from one
    slice to the next), ``repeat`` times, each repeat cold: the CPU and wall
    seconds of each run are the sums over the slices of the best time of the
    slice. A burst of load on the shared machine then spoils one slice of one
    repeat, not a whole pass over the corpus."""
    chunks = [pages[i:i + CHUNK] for i in range(0, len(pages), CHUNK)]
    best = {k: [[float("inf")] * len(chunks), [float("inf")] * len(chunks)] for k in runs}
    labels = list(runs)
    for _ in range(repeat):
        pipes = {}
        for label, (pl, c, ps) in runs.items():
            pkg = pl.__name__.rsplit(".", 1)[0]
            cold(pkg)
            pipes[label] = (pl.Pipeline(c, ps), pl.Policy(), pl.Policy, pkg)
        for ci, chunk in enumerate(chunks):
            for label in labels if ci % 2 == 0 else labels[::-1]:
                pipe, pol, new_policy, pkg = pipes[label]  # (each run its own package's Policy and memos)
                t0, c0 = time.perf_counter(), time.process_time()
                for p in chunk:
                    if COLD_PAGES:
                        cold(pkg)
                    pipe.run(p, new_policy() if PER_PAGE else pol)  # PER_PAGE: the form
                b = best[label]
                b[0][ci] = min(b[0][ci], time.process_time() - c0)
                b[1][ci] = min(b[1][ci], time.perf_counter() - t0)
    return {k: [sum(v[0]), sum(v[1])] for k, v in best.items()}


def baseline_tree(rev: str, keep: list[str]) -> tuple:
    """The whole ``cleanup`` package of git revision ``rev`` (engine, passes and
    helpers), importable as ``cleanup_base``, with the files ``keep`` (paths
    under cleanup/) taken from the working tree instead, e.g. helpers that other
    work changed since ``rev``. Returns (pipeline module, context, the five passes)."""
    import importlib
    import io
    import tarfile
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="bench-normalise-tree-"))
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "cleanup", "rules"],
                         capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
        tf.extractall(tmp)
    for path in keep:
        rel = Path(path).relative_to("cleanup") if path.startswith("cleanup/") else Path(path)
        (tmp / "cleanup" / rel).write_bytes((ROOT / "cleanup" / rel).read_bytes())
    (tmp / "cleanup").rename(tmp / "cleanup_base")  # relative imports only: it runs under another name
    sys.path.insert(0, str(tmp))
    pl = importlib.import_module("cleanup_base.pipeline")
    pa = importlib.import_module("cleanup_base.passes")
    importlib.import_module("cleanup_base.lexicon").get_lexicon()
    return pl, pl.Context.default(), [pa.pass_by_name(n) for n in NAMES]


def bench_baseline_tree(ctx: Context, passes, pages: list[str], size: int, rev: str, keep: list[str],
                        repeat: int) -> dict:
    """The fix loop of revision ``rev`` (its engine and passes) and this one, alternately."""
    bpl, bctx, bpasses = baseline_tree(rev, keep)
    bctx.settings.profile = ctx.settings.profile
    for p in pages[:: max(1, len(pages) // 50)]:
        bpl.Pipeline(bctx, bpasses).run(p, bpl.Policy())
    runs = {"base": (bpl, bctx, bpasses), "now": (sys.modules["cleanup.pipeline"], ctx, passes)}
    same = identity(runs, pages)
    if not repeat:
        return {"identical": same}
    best = _alternate(runs, pages, repeat)
    kept = f" (with the working tree's {', '.join(keep)})" if keep else ""
    for label, name in (("base", f"engine and passes of {rev}{kept}"), ("now", "this engine and these passes")):
        print(f"  fix, {name}: {_rates(size, *best[label])}")
    out = {k: {"cpu_s": v[0], "wall_s": v[1]} for k, v in best.items()}
    out["identical"] = same
    return out


# debris the simulated corpora seldom or never hold (tabs, NBSP and ideographic
# spaces, invisible characters, rare dashes, full-width digits, ellipses, dash pairs)
DEBRIS = ["\u3000", "\u00a0", " \t", "\t", "  ", "\u200b", "\ufeff", "\u00ad", "\u2003", "\u2013", "\uff0d",
          "\u2015", "\u2500", "１２", "Ａ", "．５％", "...", "......", "···", "・・・", "•••", "。。。", "．．．",
          "一一", "--", "—一", "一—", "—-", "-—", "\n\u3000", " \n", "\n\u00a0\n", '"', "'", "(", ")", ",", ":"]


def perturbed(pages: list[str], n: int, seed: int) -> list[str]:
    """The first ``n`` pages with debris (:data:`DEBRIS`) after about 1 % of
    their characters, for the identity check of code paths the corpus seldom
    reaches."""
    import random

    rnd = random.Random(seed)
    out = []
    for p in pages[:n]:
        chars = list(p)
        for i in range(len(chars)):
            if rnd.random() < 0.01:
                chars[i] += rnd.choice(DEBRIS)
        out.append("".join(chars))
    return out


def identity_perturbed(ctx: Context, pages: list[str], rev: str, keep: list[str], n: int, seed: int) -> bool:
    """:func:`identity` of revision ``rev`` and the working tree on :func:`perturbed`
    pages: each pass alone (nothing before it, so e.g. spaces sees tabs, NBSP and
    ideographic spaces that chars would have made ASCII) and the five together,
    with this profile."""
    bpl, bctx, bpasses = baseline_tree(rev, keep)
    bctx.settings.profile = ctx.settings.profile
    pl = sys.modules["cleanup.pipeline"]
    now = [pass_by_name(n) for n in NAMES]
    pages = perturbed(pages, n, seed)
    ok = True
    for i, name in enumerate(NAMES):
        print(f"  {name} alone, {len(pages)} perturbed pages:")
        ok = identity({"base": (bpl, bctx, [bpasses[i]]), "now": (pl, ctx, [now[i]])}, pages) and ok
    print(f"  the five passes, {len(pages)} perturbed pages:")
    return identity({"base": (bpl, bctx, bpasses), "now": (pl, ctx, now)}, pages) and ok


def bench_propose(ctx: Context, passes, pages: list[str], size: int) -> dict:
    out = {}
    docs = [Document(p) for p in pages]
    cpu_total = wall_total = 0.0
    cold()
    for ps in passes:
        t0, c0 = time.perf_counter(), time.process_time()
        n = 0
        for d in docs:
            for _ in ps.run(d, ctx):
                n += 1
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        cpu_total += cpu
        wall_total += wall
        out[ps.name] = {"cpu_s": cpu, "wall_s": wall, "proposals": n}
        print(f"  propose {ps.name:<7} {_rates(size, cpu, wall)}  {n:>7} proposals")
    print(f"  propose, the 5 passes once each  {_rates(size, cpu_total, wall_total)}")
    return out


def bench_split(ctx: Context, passes, pages: list[str], size: int) -> dict:
    """CPU time inside each pass (first run on a page / re-runs) and in the engine;
    then the engine alone on the recorded proposals."""
    spent: dict[tuple[str, str], list] = defaultdict(lambda: [0.0, 0, 0])
    seen: set[str] = set()
    record: dict[tuple[str, str], list[Proposal]] = {}

    def timed(ps: Pass) -> Pass:
        def run(doc, c):
            c0 = time.process_time()
            props = list(ps.run(doc, c))
            s = spent[(ps.name, "re-run" if ps.name in seen else "first")]
            s[0] += time.process_time() - c0
            s[1] += 1
            s[2] += len(props)
            seen.add(ps.name)
            return props
        return Pass(ps.name, ps.codes, run)

    def recorded(ps: Pass) -> Pass:
        def run(doc, c):
            props = list(ps.run(doc, c))
            record[(ps.name, doc.text)] = [
                Proposal(p.code, p.message, p.edits, p.confidence, p.applicability, None, p.evidence, "", doc.text)
                for p in props]
            return props
        return Pass(ps.name, ps.codes, run)

    pipe = Pipeline(ctx, [timed(ps) for ps in passes])
    cold()
    c0 = time.process_time()
    for p in pages:
        seen.clear()
        pipe.run(p, Policy())
    total = time.process_time() - c0
    # the record for the replay below, in a run of its own: kept during the
    # timed run, the growing record (every text and its proposals) made the
    # collector's full collections and the cache misses count as pass time
    # (punct's first run ~85 us a page there, ~45 us without)
    pipe = Pipeline(ctx, [recorded(ps) for ps in passes])
    cold()
    for p in pages:
        pipe.run(p, Policy())
    inside = sum(v[0] for v in spent.values())
    print(f"  split of the fix loop: {total:.2f} s cpu, {inside:.2f} s inside the passes, "
          f"{total - inside:.2f} s in the engine (and the split's own bookkeeping)")
    for (name, kind), (cpu, runs, props) in sorted(spent.items()):
        print(f"    {name:<7} {kind:<7} {runs:>6} runs {props:>7} proposals {cpu:6.2f} s  "
              f"{cpu / max(runs, 1) * 1e6:6.0f} us a run")

    # the engine alone: every pass answers from the record (a fresh copy, as a pass would)
    def replay(ps: Pass) -> Pass:
        def run(doc, c):
            return [Proposal(p.code, p.message, p.edits, p.confidence, p.applicability, None, p.evidence, "", doc.text)
                    for p in record[(ps.name, doc.text)]]
        return Pass(ps.name, ps.codes, run)

    pipe = Pipeline(ctx, [replay(ps) for ps in passes])
    c0 = time.process_time()
    for p in pages:
        pipe.run(p, Policy())
    engine = time.process_time() - c0
    c0 = time.process_time()
    for (_, text), props in record.items():
        [Proposal(p.code, p.message, p.edits, p.confidence, p.applicability, None, p.evidence, "", text)
         for p in props]
    copying = time.process_time() - c0
    n_props = sum(map(len, record.values()))
    n_edits = sum(len(p.edits) for v in record.values() for p in v)
    print(f"  engine alone (replayed proposals): {engine - copying:.2f} s cpu = "
          f"{size / max(engine - copying, 1e-9) / MB:.1f} MB/s ceiling; {len(record)} distinct pass runs, "
          f"{n_props} proposals, {n_edits} edits")
    return {"total_cpu_s": total, "passes_cpu_s": inside, "engine_alone_cpu_s": engine - copying,
            "runs": {f"{k[0]}/{k[1]}": v for k, v in spent.items()}}


def bench_memory(a) -> dict:
    """Run the memory measurement in a fresh process (peak RSS cannot be reset)."""
    cmd = [sys.executable, __file__, "--memory-child", "--mb", str(a.mb), "--seed", str(a.seed),
           "--source", a.source, "--profile", a.profile, "--pages", str(a.pages), "--document", str(a.document)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    res = json.loads(out.strip().splitlines()[-1])
    what = f"one {res['input_mb']:.2f} MB document" if a.document else "the pages one after another"
    print(f"  memory (fresh process, {what}): peak RSS {res['rss_peak_mb']:.0f} MB = {res['rss_base_mb']:.0f} MB "
          f"(interpreter, lexicon, OpenCC tables) + {res['rss_above_mb']:.1f} MB for the corpus and fixing it "
          f"= {res['rss_above_x']:.2f}x the {res['input_mb']:.1f} MB input; allocations while fixing peak at "
          f"{res['trace_peak_mb']:.2f} MB above the loaded corpus = {res['trace_peak_x']:.3f}x "
          f"(largest page {res['largest_page_kb']:.0f} KB)")
    return res


def _rss_mb(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _raw_pages(a) -> list[str]:
    """Only the raw texts of the cached corpus, read line by line (the gold pages
    and simulator events are not kept: the child measures what fixing needs)."""
    import corpus

    src = a.source
    if src == "auto":
        src = "pd1998" if corpus.PD1998.exists() else "fixtures"
    path = corpus.OUT / f"corpus-v{corpus.SIM_VERSION}-{src}-{a.mb:g}mb-s{a.seed}.jsonl"
    if not path.exists():
        build_corpus(a.mb, a.seed, a.source)
    pages = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            pages.append(json.loads(line)["raw"])
            if a.pages and len(pages) >= a.pages:
                break
    return pages


def memory_child(a) -> None:
    ctx = Context.default()
    ctx.settings.profile = a.profile
    passes = [pass_by_name(n) for n in NAMES]
    warm(ctx, passes, ["示例页面，测试 文字。\n\n“引号”,逗号\n"])
    gc.collect()
    base = _rss_mb("VmRSS")
    pages = _raw_pages(a)
    gc.collect()
    if a.document:  # one document made of the first pages, fixed in one piece
        doc, n = [], 0
        for p in pages:
            doc.append(p)
            n += len(p.encode("utf-8")) + 2
            if n >= a.document * MB:
                break
        pages = ["\n\n".join(doc)]
        del doc
        gc.collect()
    size = sum(len(p.encode("utf-8")) for p in pages)
    pipe = Pipeline(ctx, passes)
    pol = Policy()
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    for p in pages:
        pipe.run(p, pol)
    trace_peak = tracemalloc.get_traced_memory()[1] - start
    tracemalloc.stop()
    peak = _rss_mb("VmHWM")
    print(json.dumps({
        "input_mb": size / MB, "rss_base_mb": base, "rss_peak_mb": peak, "rss_above_mb": peak - base,
        "rss_above_x": (peak - base) * 2**20 / size, "trace_peak_mb": trace_peak / MB,
        "trace_peak_x": trace_peak / size, "largest_page_kb": max(len(p.encode()) for p in pages) / 1e3,
    }))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", default="auto", choices=("auto", "pd1998", "fixtures"))
    ap.add_argument("--profile", default="newspaper", choices=("newspaper", "copywriting"))
    ap.add_argument("--pages", type=int, default=0, help="only the first N pages (quick runs)")
    ap.add_argument("--input", default="raw", choices=("raw", "gold"),
                    help="raw: the simulated OCR pages; gold: their clean pages (steady-state cost)")
    ap.add_argument("--repeat", type=int, default=1, help="fix the corpus N times, keep the best")
    ap.add_argument("--split", action="store_true", help="time inside each pass vs the engine")
    ap.add_argument("--baseline", metavar="REV", help="also fix with the passes of this git revision, alternately")
    ap.add_argument("--baseline-tree", metavar="REV",
                    help="also fix with the whole cleanup package (engine and passes) of this revision, alternately")
    ap.add_argument("--identity", metavar="REV",
                    help="only check that the whole cleanup package of this revision and the working tree give "
                         "identical results (text, proposals, fingerprints) on the corpus; exit 1 if not")
    ap.add_argument("--perturb", type=int, default=0, metavar="N",
                    help="with --identity: also check each pass alone and the five on the first N pages with "
                         "debris added (tabs, NBSP, invisible characters, dashes, ellipses ...)")
    ap.add_argument("--keep", action="append", default=[], metavar="PATH",
                    help="with --baseline-tree/--identity: take this file (e.g. cleanup/kinds.py) from the working tree")
    ap.add_argument("--policy-per-page", action="store_true",
                    help="fix (and --baseline/--baseline-tree) with a new Policy() for every page, as the issue "
                         "states the figure, instead of one policy for the whole corpus")
    ap.add_argument("--cold-pages", action="store_true",
                    help="forget what the spaces pass remembers between pages before every page (block kinds, "
                         "blocks that keep their spaces, headline decisions: on the fixtures-sourced corpus, "
                         "whose pages repeat paragraphs, they answer for other pages)")
    ap.add_argument("--no-propose", action="store_true")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--cprofile", action="store_true", help="profile the fix loop (cProfile, top 30)")
    ap.add_argument("--document", type=float, default=0, metavar="MB",
                    help="memory: fix one document of this size (the first pages joined) instead of the pages")
    ap.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.memory_child:
        memory_child(a)
        return 0
    global PER_PAGE, COLD_PAGES
    PER_PAGE = a.policy_per_page
    COLD_PAGES = a.cold_pages

    t0 = time.perf_counter()
    sims = build_corpus(a.mb, a.seed, a.source, verbose=True)
    pages = [getattr(s, a.input) for s in sims][: a.pages or None]
    del sims
    size = sum(len(p.encode("utf-8")) for p in pages)
    print(f"corpus: {len(pages)} pages, {size / MB:.1f} MB {a.input} ({a.source}, seed {a.seed}) "
          f"loaded in {time.perf_counter() - t0:.1f} s; load average {os.getloadavg()[0]:.1f}")
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
        bench_fix(ctx, passes, pages, size, 1)
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(30)
        return 0
    if a.identity:
        res = bench_baseline_tree(ctx, passes, pages, size, a.identity, a.keep, 0)
        same = res["identical"]
        if a.perturb:
            same = identity_perturbed(ctx, pages, a.identity, a.keep, a.perturb, a.seed) and same
        return 0 if same else 1
    figures: dict = {"pages": len(pages), "mb": size / MB, "source": a.source, "input": a.input}
    figures["fix"] = bench_fix(ctx, passes, pages, size, a.repeat)
    if a.baseline:
        figures["baseline"] = bench_baseline(ctx, passes, pages, size, a.baseline, a.repeat)
    if a.baseline_tree:
        figures["baseline_tree"] = bench_baseline_tree(ctx, passes, pages, size, a.baseline_tree, a.keep, a.repeat)
    if a.split:
        figures["split"] = bench_split(ctx, passes, pages, size)
    if not a.no_propose:
        figures["propose"] = bench_propose(ctx, passes, pages, size)
    if not a.no_memory or a.document:
        figures["memory"] = bench_memory(a)
    if a.json:
        Path(a.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
