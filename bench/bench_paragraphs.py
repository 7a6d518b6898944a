"""Speed of paragraph reconstruction (issue 4); run by hand, not by tests.

    .venv/bin/python bench/bench_paragraphs.py [--mb 20] [--paras 1000000] [--source fixtures]
    .venv/bin/python bench/bench_paragraphs.py --mb 20 --jobs 2 --repeat 3

1. joins + kinds + duplicates (+ doubled): the passes ``lines``,
   ``duplicates`` and ``doubled`` through the pipeline (to a fixpoint, SAFE
   fixes, as ``zhclean fix``) over the shared >= 20 MB simulated corpus
   (``bench/corpus.py``), plus ``kinds.classify_blocks`` on every block of the
   output; MB = 10**6 bytes of raw UTF-8 input.
2. corpus-level duplicates: ``cleanup.corpusdup.find_duplicates`` over
   1,000,000 paragraphs made from the corpus (clauses recombined), 5 % exact
   copies and 5 % near copies (1-3 OCR substitutions); prints the time and the
   recall of the planted near copies.

3. ``--baseline REV``: the pipeline lines + duplicates (+ kinds of the
   output) with the files ``--files`` (default: the paragraph passes' own,
   lines.py, duplicates.py, kinds.py) of git revision REV on top of the
   working tree's ``cleanup`` package, and with the working tree, the two
   alternating in this process every 25 pages (the same load), ``--repeat``
   times: best CPU of each and the median of the per-round ratios. Other work on the engine
   or other helpers does not enter the comparison. Before timing, both are
   run on every page (SAFE fixes) and, with unsafe fixes, on every 10th page
   and the fixture pages: the output text, the applied and pending proposals
   (code, message, confidence, applicability, evidence, fingerprint, edits;
   the step of the applied ones) and the kinds of the output's
   paragraphs must be identical (exit 1 and
   the first differing pages printed otherwise; ``--no-check`` skips it).

4. ``--breakdown``: the CPU time of the pipeline lines + duplicates (+ kinds
   of the output) per pass run (by its rank on the page), for the kinds and
   for the engine.

5. ``--jobs N``: the pipeline lines + duplicates (+ kinds of the output),
   the same work per page as in 1., over the corpus split among N worker
   processes as ``zhclean fix --jobs N`` splits files: the runner itself
   (``cleanup.runner.Runner``: chunks of pages by ``runner.chunk``, a window
   of chunks in flight, forked workers that take over the parent's warmed
   worker, ``gc.freeze`` and ``malloc_trim`` before the fork, workers
   replaced after ``RECYCLE_BYTES``), with a worker that runs pages held in
   memory instead of reading files (fork only: the pages reach the workers
   by inheritance). The one-process figure is the same runner with one job
   (in-process, as ``--jobs 1``), in the same invocation; the two alternate
   in ``--repeat`` rounds. The parent's warm-up (lexicon, the lines pass's
   indexes, a warm-up page) is done once before any timing and reported;
   forked workers inherit it (no warm-up of their own). Prints per round
   the wall-clock MB/s of input for the whole corpus, the parent's CPU, the
   sum of the workers' CPU (``ru_utime + ru_stime`` of each worker), the
   wall speed-up over one process, the peak RSS of each worker (``ru_maxrss``:
   it includes the pages shared with the parent at the fork; PSS and USS
   sampled after each chunk) and of the parent, the 1-minute load before
   and after; then the best and the spread of the speed-ups. Checks that
   every page's output text and the kinds of its paragraphs (a digest per
   page) are the same with N workers as with one (exit 1 otherwise).

``--source auto|pd1998|fixtures`` chooses the corpus's clean pages
(``bench/corpus.py``; auto: pd1998 when present). Prints peak memory
(ru_maxrss).
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import build_corpus  # noqa: E402

from cleanup import kinds  # noqa: E402
from cleanup.corpusdup import find_duplicates  # noqa: E402
from cleanup.model import Document  # noqa: E402
from cleanup.passes import pass_by_name  # noqa: E402
from cleanup.pipeline import Context, Pipeline, Policy  # noqa: E402
from cleanup.rules import RuleSet  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_passes(mb: float, repeat: int = 1, source: str = "auto") -> None:
    pages = build_corpus(mb, source=source)
    raws = [p.raw for p in pages]
    size = sum(len(r.encode("utf-8")) for r in raws) / 1e6
    from cleanup.lexicon import get_lexicon
    from cleanup.passes.lines import _continuations, _scorer

    get_lexicon()  # loaded once per process; not part of the throughput
    _continuations(200)  # the lines pass's lexicon index, built once per process
    _scorer()  # the continuation scorer's word-pair index, built once per process
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores); CPU = process time, wall = elapsed")
    ctx = Context(RuleSet.load())
    # one run of each pass over the raw pages (what the pass itself costs)
    for name in ("lines", "duplicates", "doubled"):
        ps = pass_by_name(name)
        c0, t0 = time.process_time(), time.perf_counter()
        n = sum(len(list(ps.run(Document(r), ctx))) for r in raws)
        c, t = time.process_time() - c0, time.perf_counter() - t0
        print(f"{'one run of ' + name:<26} {size:.1f} MB: CPU {c:6.2f} s = {size / c:6.2f} MB/s, "
              f"wall {t:6.2f} s = {size / t:6.2f} MB/s ({n} proposals)")
    for names in (("lines",), ("lines", "duplicates"), ("lines", "duplicates", "doubled")):
        pipe = Pipeline(ctx, [pass_by_name(n) for n in names])
        pol = Policy()
        best = None
        for _ in range(repeat):  # best of N: the machine is shared
            c0, t0 = time.process_time(), time.perf_counter()
            nk = 0
            for r in raws:
                out = pipe.run(r, pol).text
                nk += len(Document(out).paragraphs)  # kinds of every block
            c, t = time.process_time() - c0, time.perf_counter() - t0
            if best is None or c < best[0]:
                best = (c, t)
        c, t = best
        print(f"{'pipeline ' + '+'.join(names) + ' +kinds':<26} {size:.1f} MB: CPU {c:6.2f} s = {size / c:6.2f} MB/s, "
              f"wall {t:6.2f} s = {size / t:6.2f} MB/s ({len(raws)} pages, {nk} paragraphs with kinds)")
    c0, t0 = time.process_time(), time.perf_counter()
    nb = sum(len(kinds.classify_blocks(r.split("\n\n"))) for r in raws)
    c, t = time.process_time() - c0, time.perf_counter() - t0
    print(f"{'kinds alone':<26} {size:.1f} MB: CPU {c:6.2f} s = {size / c:6.2f} MB/s ({nb} blocks)")
    print(f"load average after: {os.getloadavg()[0]:.1f}; peak memory so far: {peak_mb():.0f} MB")


_SUBST = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"


BASE_FILES = ("cleanup/passes/lines.py", "cleanup/passes/duplicates.py", "cleanup/kinds.py")


def _base_package(rev: str, files: list[str]):
    """The working tree's ``cleanup`` as ``cleanup_base`` (relative imports
    only), with ``files`` taken from git revision ``rev``."""
    import importlib
    import shutil
    import subprocess
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="bench-paragraphs-base-"))
    shutil.copytree(ROOT / "cleanup", tmp / "cleanup_base", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp / "rules").symlink_to(ROOT / "rules")
    for f in files:
        old = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{f}"], capture_output=True, check=True).stdout
        (tmp / "cleanup_base" / Path(f).relative_to("cleanup")).write_bytes(old)
    sys.path.insert(0, str(tmp))
    return lambda name: importlib.import_module("cleanup_base." + name)


def _proposal_sig(p) -> tuple:
    return (p.code, p.message, p.confidence, str(p.applicability), repr(p.evidence), p.fingerprint,
            tuple((e.start, e.end, e.replacement) for e in p.edits))


def _signature(res) -> tuple:
    """What must not change: the output text, every applied proposal (code,
    message, confidence, applicability, evidence, fingerprint, edits; the
    step that applied it) and the pending proposals (the same)."""
    return (res.text, [(_proposal_sig(a.proposal), a.step) for a in res.applied],
            sorted(_proposal_sig(p) for p in res.pending))


def check_identity(runs: dict, raws: list[str]) -> int:
    """Compare base and working tree on every page (SAFE fixes) and, with
    unsafe fixes too, on every 10th page and the fixture pages; returns the
    number of pages that differ (and prints the first few)."""
    fixtures = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "raw").glob("*.txt"))]
    cases = [(r, False) for r in raws] + [(r, True) for r in raws[::10] + fixtures]
    bad = 0
    for r, unsafe in cases:
        sig = []
        for pipe, pol, doc, upol in runs.values():
            res = pipe.run(r, upol if unsafe else pol)
            sig.append((_signature(res), [p.kind for p in doc(res.text).paragraphs]))
        if sig[0] != sig[1]:
            bad += 1
            if bad <= 3:
                print(f"DIFFERENT output ({'unsafe' if unsafe else 'safe'}): page starting {r[:30]!r}")
    print(f"identity: {len(cases) - bad} of {len(cases)} pipeline runs identical (text, applied and pending "
          f"proposals with messages, evidence and fingerprints, kinds of the output's paragraphs; {len(raws)} pages SAFE, "
          f"{len(cases) - len(raws)} with unsafe fixes)")
    return bad


def warm_pipeline(mod):
    """A lines + duplicates pipeline of the package ``mod`` (name -> module), its
    lexicon and line statistics loaded: (pipeline, the pipeline module)."""
    mod("lexicon").get_lexicon()
    li = mod("passes.lines")
    li._continuations(200)
    li._scorer()
    pl, pa = mod("pipeline"), mod("passes")
    pipe = pl.Pipeline(pl.Context(mod("rules").RuleSet.load()), [pa.pass_by_name(n) for n in ("lines", "duplicates")])
    return pipe, pl


def bench_baseline(mb: float, rev: str, files: list[str], repeat: int, check: bool = True,
                   source: str = "auto") -> int:
    raws = [p.raw for p in build_corpus(mb, source=source)]
    size = sum(len(r.encode("utf-8")) for r in raws) / 1e6
    import importlib

    runs = {}
    for label, mod in (("base", _base_package(rev, files)), ("now", lambda n: importlib.import_module("cleanup." + n))):
        pipe, pl = warm_pipeline(mod)
        runs[label] = (pipe, pl.Policy(), mod("model").Document, pl.Policy(apply_unsafe=True))
    # the identity check warms the caches of both
    bad = check_identity(runs, raws) if check else 0
    if not check:
        for pipe, pol, doc, _ in runs.values():
            for r in raws[:: max(1, len(raws) // 50)]:
                pipe.run(r, pol)
    best = {k: float("inf") for k in runs}
    ratios = []
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)")
    # the two alternate chunk by chunk (25 pages), so that both see the same
    # load (the CPU time of a page grows with the load of the shared cores)
    chunks = [raws[k:k + 25] for k in range(0, len(raws), 25)]
    for i in range(repeat):
        cpu = {"base": 0.0, "now": 0.0}
        for j, chunk in enumerate(chunks):
            for label in (("base", "now") if (i + j) % 2 == 0 else ("now", "base")):
                pipe, pol, doc, _ = runs[label]
                c0 = time.process_time()
                for r in chunk:
                    doc(pipe.run(r, pol).text).paragraphs
                cpu[label] += time.process_time() - c0
        for label in cpu:
            best[label] = min(best[label], cpu[label])
        ratios.append(cpu["now"] / cpu["base"])
    ratios.sort()
    for label, name in (("base", f"{', '.join(files)} of {rev}"), ("now", "working tree")):
        print(f"pipeline lines+duplicates +kinds, {name}: {size:.1f} MB: CPU {best[label]:6.2f} s = "
              f"{size / best[label]:6.2f} MB/s (best of {repeat})")
    print(f"now / base CPU: median of {repeat} alternating rounds {ratios[len(ratios) // 2]:.3f} "
          f"(rounds {', '.join(f'{r:.3f}' for r in ratios)}); load average after: {os.getloadavg()[0]:.1f}")
    return 1 if bad else 0


def bench_breakdown(mb: float, source: str = "auto") -> None:
    """Where the CPU time of the pipeline lines + duplicates (+ kinds of the
    output) goes: each pass run by its rank on the page (run 1 on the raw
    page, run 2 on the text the runs before it made, ...), the kinds of the
    output (``Document.paragraphs``) and the rest (the engine: choosing and
    applying proposals)."""
    from collections import Counter, defaultdict

    from cleanup.pipeline import Pass

    raws = [p.raw for p in build_corpus(mb, source=source)]
    size = sum(len(r.encode("utf-8")) for r in raws) / 1e6
    ctx = Context(RuleSet.load())
    cpu: dict[tuple[str, int], float] = defaultdict(float)
    runs: Counter = Counter()
    rank: Counter = Counter()

    def timed(ps: Pass) -> Pass:
        def run(doc, c):
            rank[ps.name] += 1
            k = (ps.name, min(rank[ps.name], 3))
            c0 = time.process_time()
            out = list(ps.run(doc, c))
            cpu[k] += time.process_time() - c0
            runs[k] += 1
            return out
        return Pass(ps.name, ps.codes, run)

    pipe = Pipeline(ctx, [timed(pass_by_name(n)) for n in ("lines", "duplicates")])
    pol = Policy()
    for r in raws[:: max(1, len(raws) // 50)]:  # warm the caches
        pipe.run(r, pol)
    cpu.clear()
    runs.clear()
    kinds_cpu = total = 0.0
    for r in raws:
        rank.clear()
        c0 = time.process_time()
        out = pipe.run(r, pol).text
        c1 = time.process_time()
        Document(out).paragraphs
        c2 = time.process_time()
        total += c2 - c0
        kinds_cpu += c2 - c1
    print(f"pipeline lines+duplicates +kinds, {size:.1f} MB: CPU {total:.2f} s = {size / total:.2f} MB/s "
          f"(load {os.getloadavg()[0]:.1f}); where the CPU time goes:")
    for (name, k), c in sorted(cpu.items()):
        print(f"  {name} run {k if k < 3 else '3+'}: {runs[(name, k)]:5d} runs, {c:5.2f} s = {c / total:5.1%}")
    print(f"  kinds of the output (Document.paragraphs): {kinds_cpu:5.2f} s = {kinds_cpu / total:5.1%}")
    rest = total - kinds_cpu - sum(cpu.values())
    print(f"  the engine (choosing, applying, results): {rest:5.2f} s = {rest / total:5.1%}")


PIPE_PASSES = ("lines", "duplicates")


def _page_digest(pipe: Pipeline, pol: Policy, raw: str) -> bytes:
    """The pipeline's work on one page, as in 1. (the output and the kinds of
    its paragraphs), reduced to a digest of the text and the kinds."""
    import hashlib

    out = pipe.run(raw, pol).text
    kinds_ = "\x00".join(p.kind for p in Document(out).paragraphs)
    return hashlib.blake2b(f"{out}\x01{kinds_}".encode("utf-8"), digest_size=16).digest()


def bench_jobs(mb: float, jobs: int, repeat: int, source: str = "auto") -> int:
    """The pipeline over the corpus with ``jobs`` worker processes of the
    runner and with one (in-process), alternating (see 5. in the docstring)."""
    from cleanup import runner as R

    if os.environ.get(R.START_METHOD_ENV, "fork") != "fork" or "fork" not in __import__(
            "multiprocessing").get_all_start_methods():
        print("--jobs needs the fork start method (the pages reach the workers by inheritance)")
        return 2
    raws = [p.raw for p in build_corpus(mb, source=source)]
    sizes = [len(r.encode("utf-8")) for r in raws]
    size = sum(sizes) / 1e6
    items = [R.Item(i, f"<page {i}>", n) for i, n in enumerate(sizes)]

    class PageWorker(R.Worker):
        """The runner's worker, on the corpus's pages (held in memory) instead of files."""

        def __init__(self, spec: R.RunSpec) -> None:
            super().__init__(spec)
            self.pipe = Pipeline(self.ctx, [pass_by_name(n) for n in PIPE_PASSES])

        def warm_up(self) -> None:
            from cleanup.lexicon import get_lexicon
            from cleanup.passes.lines import _continuations, _scorer

            get_lexicon()
            _continuations(200)
            _scorer()
            super().warm_up()

        def run(self, items):  # type: ignore[override]
            pol = self.spec.policy
            return [(it.index, _page_digest(self.pipe, pol, raws[it.index])) for it in items]

    spec = R.RunSpec("fix", Policy())
    worker = PageWorker(spec)
    c0, t0 = time.process_time(), time.perf_counter()
    worker.warm_up()  # what Runner.__enter__ does; the forked workers inherit it
    print(f"{size:.1f} MB, {len(raws)} pages ({source}); parent warm-up (lexicon, lines indexes, warm-up page) "
          f"{time.perf_counter() - t0:.2f} s wall, {time.process_time() - c0:.2f} s CPU, not timed below; "
          f"the forked workers inherit it (no warm-up of their own)")

    def one_run(n: int) -> dict:
        rn = R.Runner(spec, n)
        rn.local = worker  # the parent's warmed worker: in-process with 1 job, inherited with fork
        load0 = os.getloadavg()[0]
        c0, t0 = time.process_time(), time.perf_counter()
        with rn:
            digests = [None] * len(raws)
            for res in rn._map("run", None, R.chunk(items, n)):
                for i, d in res:
                    digests[i] = d
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        workers = {pid: v for pid, v in rn.cpu_seconds.items() if pid != os.getpid()}
        return {"jobs": n, "wall": wall, "cpu": cpu, "digests": digests, "load": (load0, os.getloadavg()[0]),
                "worker_cpu": workers, "rss": {pid: rn.peak_rss_kb[pid] for pid in workers},
                "pss": {pid: rn.pss_kb[pid] for pid in workers}, "uss": {pid: rn.uss_kb[pid] for pid in workers},
                "method": rn.method or "in-process", "self_rss": peak_mb()}

    def one_process() -> dict:
        """``--jobs 1``, in a process forked from this one: like the workers,
        it starts from the warmed parent, which never runs the corpus (its
        caches stay as after the warm-up, for every round)."""
        global _CALL
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _CALL = one_run
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as ex:
            return ex.submit(_call, 1).result()

    def show(r: dict) -> None:
        if r["jobs"] == 1:
            line = (f"  jobs 1 (in-process, forked from the warmed parent): wall {r['wall']:6.2f} s = "
                    f"{size / r['wall']:6.2f} MB/s, CPU {r['cpu']:6.2f} s = {size / r['cpu']:6.2f} MB/s, "
                    f"peak RSS {r['self_rss']:.0f} MB")
        else:
            line = (f"  jobs {r['jobs']} ({r['method']}): wall {r['wall']:6.2f} s = {size / r['wall']:6.2f} MB/s, "
                    f"parent CPU {r['cpu']:6.2f} s")
        if r["worker_cpu"]:
            wc = sorted(r["worker_cpu"].values())
            line += (f", workers' CPU {sum(wc):6.2f} s ({' + '.join(f'{c:.2f}' for c in wc)}); peak RSS per worker "
                     f"{', '.join(f'{v / 1024:.0f}' for v in r['rss'].values())} MB (PSS "
                     f"{', '.join(f'{v / 1024:.0f}' for v in r['pss'].values())}, USS "
                     f"{', '.join(f'{v / 1024:.0f}' for v in r['uss'].values())})")
        print(line + f"; load {r['load'][0]:.1f} -> {r['load'][1]:.1f}")

    print(f"pipeline {'+'.join(PIPE_PASSES)} +kinds, wall-clock MB/s of input for the whole corpus; "
          f"CPU = process time (ru_utime + ru_stime for the workers)")
    speedups, bad = [], 0
    for k in range(repeat):
        order = (1, jobs) if k % 2 == 0 else (jobs, 1)  # alternating: the load moves
        res = {n: one_process() if n == 1 else one_run(n) for n in order}
        one, par = res[1], res[jobs]
        diff = [i for i, (a, b) in enumerate(zip(one["digests"], par["digests"])) if a != b or a is None]
        bad += len(diff)
        sp = one["wall"] / par["wall"]
        speedups.append(sp)
        print(f"round {k + 1}: speed-up {sp:.2f}x (wall), workers' CPU / one process's CPU "
              f"{sum(par['worker_cpu'].values()) / one['cpu']:.2f}; outputs identical on "
              f"{len(raws) - len(diff)} of {len(raws)} pages" + (f" (first differing: {diff[:5]})" if diff else ""))
        for n in order:
            show(res[n])
    s = sorted(speedups)
    print(f"speed-up of {jobs} jobs over one process: best {s[-1]:.2f}x, spread {s[0]:.2f}-{s[-1]:.2f} "
          f"({repeat} rounds); parent peak RSS {peak_mb():.0f} MB")
    return 1 if bad else 0


_CALL = None  # what _call runs in a forked process (set just before the fork)


def _call(*args):
    return _CALL(*args)


def make_paragraphs(n: int, seed: int = 0) -> tuple[list[str], list[tuple[int, int]]]:
    """n paragraphs: recombined clauses of the corpus, 5 % exact and 5 % near copies."""
    rng = random.Random(seed)
    pages = build_corpus(20)
    clauses: list[str] = []
    for p in pages[:400]:
        for para in p.gold.split("\n"):
            for c in para.replace("。", "，").split("，"):
                if len(c) >= 4:
                    clauses.append(c)
    out: list[str] = []
    planted: list[tuple[int, int]] = []  # (original, near copy)
    for i in range(n):
        r = rng.random()
        if r < 0.05 and out:
            out.append(out[rng.randrange(len(out))])
        elif r < 0.10 and out:
            j = rng.randrange(len(out))
            s = list(out[j])
            for _ in range(rng.randint(1, 3)):
                s[rng.randrange(len(s))] = rng.choice(_SUBST)
            out.append("".join(s))
            planted.append((j, i))
        else:
            k = rng.randint(2, 8)
            out.append("，".join(rng.choice(clauses) for _ in range(k)) + "。")
    return out, planted


def bench_corpusdup(n: int) -> None:
    t0 = time.perf_counter()
    paras, planted = make_paragraphs(n)
    t1 = time.perf_counter()
    c1 = time.process_time()
    res = find_duplicates(paras)
    dt = time.perf_counter() - t1
    cpu = time.process_time() - c1
    dup = res.duplicate_of()
    found = sum(1 for j, i in planted if i in dup)
    # a planted copy is a near copy by definition only when its similarity to
    # the original reaches the threshold (three substitutions in a 20-character
    # paragraph do not): recall among those, and overall
    from rapidfuzz import fuzz

    from cleanup.passes.duplicates import norm_text

    near = [(j, i) for j, i in planted
            if len(norm_text(paras[i])) >= 20 and fuzz.ratio(norm_text(paras[j]), norm_text(paras[i])) >= 90]
    found_near = sum(1 for j, i in near if i in dup)
    print(f"corpusdup: {n} paragraphs ({sum(map(len, paras)) / 1e6:.1f} M chars, made in {t1 - t0:.1f} s) "
          f"in {dt:.1f} s wall, {cpu:.1f} s CPU (load {os.getloadavg()[0]:.1f}): {len(res.exact)} exact groups, {len(res.near)} near copies, "
          f"{res.compared} comparisons; planted near copies found {found}/{len(planted)} "
          f"({found / max(1, len(planted)):.4f}); of those with similarity >= 90: "
          f"{found_near}/{len(near)} ({found_near / max(1, len(near)):.4f})")
    print(f"peak memory: {peak_mb():.0f} MB")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--paras", type=int, default=1_000_000)
    ap.add_argument("--skip-passes", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="pipeline runs: best of N (CPU time)")
    ap.add_argument("--baseline", metavar="REV",
                    help="only compare the pipeline with --files of REV and with the working tree, alternately")
    ap.add_argument("--files", nargs="+", default=list(BASE_FILES), help="with --baseline: the files taken from REV")
    ap.add_argument("--no-check", action="store_true", help="with --baseline: skip the identity check")
    ap.add_argument("--breakdown", action="store_true",
                    help="only print where the CPU time of the pipeline lines+duplicates goes")
    ap.add_argument("--jobs", type=int, metavar="N",
                    help="only the pipeline with N worker processes (as zhclean fix --jobs N) and with one")
    ap.add_argument("--source", default="auto", choices=("auto", "pd1998", "fixtures"),
                    help="the corpus's clean pages (bench/corpus.py)")
    a = ap.parse_args(argv)
    if a.jobs is not None:
        if a.jobs < 2:
            ap.error("--jobs must be >= 2 (one process is the figure it is compared with)")
        return bench_jobs(a.mb, a.jobs, a.repeat, a.source)
    if a.breakdown:
        bench_breakdown(a.mb, a.source)
        return 0
    if a.baseline:
        return bench_baseline(a.mb, a.baseline, a.files, a.repeat, not a.no_check, a.source)
    if not a.skip_passes:
        bench_passes(a.mb, a.repeat, a.source)
    bench_corpusdup(a.paras)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
