"""Running the pipeline over many files: discovery, the corpus pass, parallel workers.

A run has two phases over the same file list:

1. **collect** (only when a selected pass has ``collect``): every file is
   read and each pass's ``collect(doc)`` partial is returned to the parent,
   which merges them *in file order* (``merge(partials)``) into
   ``ctx.corpus``. Partials must be picklable. Workers send them pickled;
   the parent spools them to a temporary file and hands each ``merge`` a
   generator that reads them back in file order, so it never holds the
   partials of the whole corpus (bounded memory whatever the corpus size).
2. **run**: every file is read again, the pipeline runs with the corpus
   statistics, and the worker writes the result itself (fix), or returns
   findings (check) or a diff.

Work is cut into chunks of files (up to 1 MB each) and sent to a
``ProcessPoolExecutor``; each worker builds its rules/pipeline once (the
initializer). With fork (Linux) the parent loads what the passes load lazily
before forking, and the run-phase workers are forked after the corpus
statistics are merged, so lexicon, models and statistics are shared pages;
with spawn each worker warms up itself and loads the statistics once (a
pickle in a temporary file). Forked workers take over the parent's own
warmed ``Worker``; a run-phase worker is replaced by a fresh fork after
``RECYCLE_BYTES`` of input, so that what it gathers privately stays bounded.
``jobs=1`` runs the very same functions in-process, so the output of any
number of jobs is identical byte for byte. Outcomes are handed back in
file order.
"""
from __future__ import annotations

import difflib
import fnmatch
import gc
import multiprocessing
import os
import pickle
import sys
import tempfile
import time
import traceback
from array import array
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .model import Applicability, Document
from .pipeline import Context, Pipeline, Policy, Result, Settings
from .rules import RuleSet
from .textio import FileMeta, InputError, atomic_write, encode_text, read_text, write_bytes_atomic

TRACEBACK_ENV = "ZHCLEAN_TRACEBACK"
RECYCLE_BYTES = 16_000_000  # input per forked run-phase worker before it is replaced (0: never)
START_METHOD_ENV = "ZHCLEAN_MP_START"  # fork (default on Linux) or spawn


# -- discovery ---------------------------------------------------------------
def _is_hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


def discover_files(
    paths: Iterable[str | Path],
    glob: str = "*.txt",
    excluded: Callable[[Path], bool] | None = None,
    *,
    force_exclude: bool = False,
    skip_dirs: Iterable[Path] = (),
) -> tuple[list[Path], list[InputError]]:
    """Files named on the command line, and files matching ``glob`` under
    directories (recursively, sorted, hidden files and folders skipped,
    symlinked folders not followed). ``excluded`` filters files found in
    folders, and also named files when ``force_exclude``. Missing or
    unreadable paths come back as errors; the rest still runs."""
    out: list[Path] = []
    errors: list[InputError] = []
    skip = {os.path.abspath(d) for d in skip_dirs}
    excl = excluded or (lambda p: False)

    def match(rel: str, name: str) -> bool:
        return fnmatch.fnmatchcase(rel if "/" in glob else name, glob)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            def onerror(e: OSError) -> None:
                errors.append(InputError(e.filename or p, "permission denied" if isinstance(
                    e, PermissionError) else (e.strerror or str(e)), "permission"))
            for dirpath, dirnames, filenames in os.walk(p, onerror=onerror):
                dirnames[:] = sorted(
                    d for d in dirnames
                    if not _is_hidden(d) and os.path.abspath(os.path.join(dirpath, d)) not in skip
                    and not excl(Path(dirpath, d))
                )
                for name in sorted(filenames):
                    if _is_hidden(name):
                        continue
                    f = Path(dirpath, name)
                    rel = f.relative_to(p).as_posix()
                    if match(rel, name) and not excl(f) and (f.is_file()):
                        out.append(f)
        elif p.exists() or p.is_symlink():
            if force_exclude and excl(p):
                continue
            out.append(p)
        else:
            errors.append(InputError(p, "no such file or directory", "missing"))
    seen: set[str] = set()
    uniq = []
    for f in out:
        r = os.path.realpath(f)
        if r not in seen:
            seen.add(r)
            uniq.append(f)
    return uniq, errors


def discover(paths: Iterable[str | Path], glob: str = "*.txt", exclude: Iterable[str] = ()) -> list[Path]:
    """Simple form of :func:`discover_files`; raises the first missing path."""
    pats = list(exclude)

    def excluded(f: Path) -> bool:
        s = f.as_posix()
        return any(fnmatch.fnmatch(s, pat) or fnmatch.fnmatch(f.name, pat) for pat in pats)

    files, errors = discover_files(paths, glob, excluded)
    if errors:
        raise errors[0]
    return files


def collect_corpus(pipeline: Pipeline, docs: Iterable[Document]) -> dict:
    """First pass over a corpus held in memory: each pass with a collector gathers statistics."""
    collectors = [p for p in pipeline.passes if p.collect is not None]
    if not collectors:
        return {}
    partials: dict[str, list] = {p.name: [] for p in collectors}
    for doc in docs:
        for p in collectors:
            partials[p.name].append(p.collect(doc))
    return merge_partials(collectors, partials)


def merge_partials(collectors, partials: dict[str, Iterable]) -> dict:
    """Each collector's partials (an iterable in file order, read once) merged."""
    return {p.name: (p.merge(partials[p.name]) if p.merge else list(partials[p.name])) for p in collectors}


class _Spool:
    """Pickled corpus partials in a temporary file (one blob per file and
    collecting pass), read back in file order, one at a time."""

    def __init__(self, n_passes: int) -> None:
        self.n = n_passes
        self.f = tempfile.TemporaryFile(prefix="zhclean-partials-")
        self.pos: dict[int, int] = {}  # file index -> row in offsets/lengths
        self.offsets = array("q")
        self.lengths = array("q")

    def put(self, index: int, blobs: tuple[bytes, ...] | None) -> None:
        if blobs is None:  # unreadable or a collector bug: no partial (the run phase reports it)
            return
        self.pos[index] = len(self.offsets) // self.n
        f = self.f
        for b in blobs:
            self.offsets.append(f.seek(0, os.SEEK_END))
            self.lengths.append(len(b))
            f.write(b)

    def partials(self, k: int) -> Iterator[Any]:
        """The k-th pass's partials, in file order."""
        f = self.f
        for idx in sorted(self.pos):
            row = self.pos[idx] * self.n + k
            f.seek(self.offsets[row])
            yield pickle.loads(f.read(self.lengths[row]))

    def close(self) -> None:
        self.f.close()


def _pack(parts: list[tuple[int, dict[str, Any] | None]], names: list[str]) -> list[tuple[int, tuple[bytes, ...] | None]]:
    """Partials pickled per pass (in a worker: the parent only writes bytes)."""
    dumps, proto = pickle.dumps, pickle.HIGHEST_PROTOCOL
    return [(i, None if part is None else tuple(dumps(part[n], proto) for n in names)) for i, part in parts]


# -- results -------------------------------------------------------------------
@dataclass
class FileResult:
    """Result of :func:`run_file` (kept for library callers)."""

    path: Path
    meta: FileMeta | None = None
    result: Result | None = None
    error: str | None = None
    extra: dict = field(default_factory=dict)


def run_file(path: Path, pipeline: Pipeline, policy: Policy, encoding: str | None = None) -> FileResult:
    try:
        text, meta = read_text(path, encoding)
    except InputError as e:
        return FileResult(path, error=str(e))
    return FileResult(path, meta, pipeline.run(text, policy, str(path)))


def make_pipeline(ctx: Context | None = None) -> Pipeline:
    return Pipeline(ctx)


@dataclass
class Finding:
    """One proposal located in the ORIGINAL file (1-based lines and columns, in characters)."""

    path: str
    line: int
    col: int
    end_line: int
    end_col: int
    code: str
    name: str
    message: str
    tag: str  # safe | unsafe | review | accepted
    confidence: float
    fingerprint: str
    edits: list[tuple[int, int, str, str]]  # (start, end, old, new) in original characters
    context: str = ""  # rendered for --output-format full

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "line": self.line, "col": self.col,
            "end_line": self.end_line, "end_col": self.end_col,
            "code": self.code, "name": self.name, "message": self.message,
            "fix": self.tag, "confidence": round(self.confidence, 4),
            "fingerprint": self.fingerprint,
            "edits": [{"start": s, "end": e, "old": o, "new": n} for s, e, o, n in self.edits],
        }


@dataclass
class Outcome:
    """What happened to one file (small and picklable)."""

    index: int
    path: str
    size: int = 0
    status: str = "unchanged"  # changed | unchanged | empty | error
    error: str = ""
    error_kind: str = ""
    notes: list[str] = field(default_factory=list)
    counts: dict[str, list[int]] = field(default_factory=dict)  # code -> [applied, review, skipped]
    names: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    diff: str = ""
    seconds: float = 0.0


@dataclass
class RunSpec:
    """Everything a worker needs (picklable)."""

    mode: str  # fix | diff (fix --diff) | check | check-diff (check --output-format diff)
    policy: Policy
    settings: Settings = field(default_factory=Settings)
    extra_rule_dirs: tuple[str, ...] = ()
    per_file_ignores: Any = None  # a Config (ignores_for) or None
    encoding: str | None = None
    max_bytes: int | None = None
    render_context: bool = False  # check --output-format full


@dataclass(frozen=True, slots=True)  # (slots: a corpus of 40k files holds 40k of them)
class Item:
    index: int
    path: str
    size: int
    dest: str | None = None  # fix --output: where to write


# -- worker --------------------------------------------------------------------
#: a small page in the style of the corpus, to load what the passes load lazily
WARM_UP_PAGE = (
    "### 首府扎实推进安全生产\n\n本报讯（记者 苗欣）2月11日上午，自治区党委常委、市委书记包钢，"
    "市委副书记、市长贺海东一行赴中信\n集团调研。**重点**项目 3,000 元,\"三个责任\"……\n\n"
    "（下转第3版）\n\n责任编辑：王  敏\n"
)

class Worker:
    """Per-process state: the pipeline (rules, lexicon) is built once."""

    def __init__(self, spec: RunSpec) -> None:
        self.spec = spec
        self.ctx = Context(RuleSet.load(spec.extra_rule_dirs), spec.settings)
        self.pipe = Pipeline(self.ctx)
        self._corpus_key: Any = None
        self._policies: dict[tuple[str, ...], Policy] = {}

    # corpus statistics arrive once per worker, through a pickle file
    def use_corpus(self, corpus_ref: Any) -> None:
        if corpus_ref == self._corpus_key:
            return
        if corpus_ref == INHERITED:
            self.ctx.corpus = _FORK_CORPUS or {}
        elif isinstance(corpus_ref, str):
            with open(corpus_ref, "rb") as f:
                self.ctx.corpus = pickle.load(f)
        else:
            self.ctx.corpus = dict(corpus_ref or {})
        self._corpus_key = corpus_ref

    def warm_up(self) -> None:
        """Run the selected passes once on a small page, so that everything they
        load lazily (lexicons, models, tables) is loaded in this process."""
        try:
            self.pipe.run(WARM_UP_PAGE, replace(self.spec.policy, apply_unsafe=True), "<warm-up>")
            doc = Document(WARM_UP_PAGE, "<warm-up>")
            for p in self.collectors():
                p.collect(doc)
        except Exception:  # a pass bug shows up on the real files, with their names
            pass

    def collectors(self):
        pol = self.spec.policy
        return [p for p in self.pipe.passes
                if p.collect is not None and any(pol.selected(c) for c in p.codes)]

    def policy_for(self, path: str) -> Policy:
        cfg = self.spec.per_file_ignores
        extra = cfg.ignores_for(Path(path)) if cfg is not None else ()
        if not extra:
            return self.spec.policy
        pol = self._policies.get(extra)
        if pol is None:
            pol = replace(self.spec.policy, ignore=tuple(self.spec.policy.ignore) + tuple(extra))
            self._policies[extra] = pol
        return pol

    def collect(self, items: list[Item]) -> list[tuple[int, dict[str, Any] | None]]:
        cols = self.collectors()
        out = []
        for it in items:
            try:
                text, _ = read_text(it.path, self.spec.encoding, max_bytes=self.spec.max_bytes)
            except InputError:
                out.append((it.index, None))  # reported in the run phase
                continue
            doc = Document(text, it.path)
            try:
                out.append((it.index, {p.name: p.collect(doc) for p in cols}))
            except Exception:  # a collector bug: the run phase reports the file
                out.append((it.index, None))
        return out

    def collect_packed(self, items: list[Item]) -> list[tuple[int, tuple[bytes, ...] | None]]:
        """:meth:`collect`, the partials pickled per pass (what a chunk sends the parent)."""
        return _pack(self.collect(items), [p.name for p in self.collectors()])

    def run(self, items: list[Item]) -> list[Outcome]:
        return [self.run_one(it) for it in items]

    def run_one(self, it: Item) -> Outcome:
        t0 = time.perf_counter()
        oc = Outcome(it.index, it.path, it.size)
        try:
            self._run_one(it, oc)
        except InputError as e:
            oc.status, oc.error, oc.error_kind = "error", str(e), e.kind
        except Exception as e:  # a bug in a pass: report it, leave the file alone, go on
            msg = f"{it.path}: internal error: {type(e).__name__}: {e}; file left unchanged"
            if os.environ.get(TRACEBACK_ENV):
                msg += "\n" + traceback.format_exc()
            oc.status, oc.error, oc.error_kind = "error", msg, "internal"
        oc.seconds = time.perf_counter() - t0
        return oc

    def _run_one(self, it: Item, oc: Outcome) -> None:
        spec = self.spec
        try:
            text, meta = read_text(it.path, spec.encoding, max_bytes=spec.max_bytes)
        except InputError as e:
            if e.kind != "empty":
                raise
            oc.status = "empty"
            oc.notes.append(str(e))
            if it.dest and spec.mode == "fix":
                write_bytes_atomic(it.dest, Path(it.path).read_bytes(), durable=False)
            return
        oc.size = meta.size
        policy = self.policy_for(it.path)
        res = self.pipe.run(text, policy, it.path)
        oc.notes += [f"{it.path}: {w}" for w in res.warnings]
        _count(res, policy, oc)
        oc.status = "changed" if res.changed else "unchanged"
        if spec.mode in ("check", "check-diff"):
            oc.findings = findings(res, policy, it.path, spec.render_context)
        if spec.mode in ("diff", "check-diff"):
            if res.changed:
                oc.diff = unified_diff(res.original, res.text, it.path)
        if spec.mode != "fix":
            return
        # fix: write
        if it.dest and os.path.realpath(it.dest) != os.path.realpath(it.path):
            write_bytes_atomic(it.dest, encode_text(res.text, meta), durable=False)
        elif res.changed:
            atomic_write(it.path, res.text, meta)


def _count(res: Result, policy: Policy, oc: Outcome) -> None:
    for ap in res.applied:
        p = ap.proposal
        oc.counts.setdefault(p.code, [0, 0, 0])[0] += 1
        oc.names[p.code] = p.name
    rejected = policy.rejected
    for p in res.pending:
        c = oc.counts.setdefault(p.code, [0, 0, 0])
        # a fingerprint is a hash: computed only when a journal rejected something
        c[2 if rejected and p.fingerprint in rejected else 1] += 1
        oc.names[p.code] = p.name


def tag_of(p, policy: Policy) -> str:
    if p.fingerprint in policy.accepted:
        return "accepted"
    if p.applicability is Applicability.SAFE:
        return "safe"
    if p.applicability is Applicability.UNSAFE:
        return "unsafe"
    return "review"


def findings(res: Result, policy: Policy, path: str, render_context: bool = False) -> list[Finding]:
    """Every applied and pending proposal (except what the journal rejected),
    located in the original text."""
    doc = Document(res.original)
    n = len(res.original)
    out: list[Finding] = []

    def add(p, edits, tag: str | None = None) -> None:
        s = min(min(e[0] for e in edits), n)
        t = min(max(max(e[1] for e in edits), s), n)
        first = min(edits)
        line, col = doc.line_col(min(first[0], n))
        end_line, end_col = doc.line_col(t)
        f = Finding(path, line, col, end_line, end_col, p.code, p.name, p.message,
                    tag or tag_of(p, policy), p.confidence, p.fingerprint, edits)
        if render_context:
            f.context = render_finding_context(res.original, doc, edits)
        out.append(f)

    for ap in res.applied:
        p = ap.proposal
        edits = [
            (res.map_to_original(e.start, upto=ap.step), res.map_to_original(e.end, upto=ap.step, end=True), old,
             e.replacement)
            for e, old in zip(p.edits, ap.old)
        ]
        add(p, edits)
    for p in res.pending:
        if p.fingerprint in policy.rejected:
            continue
        edits = [(res.map_to_original(e.start), res.map_to_original(e.end, end=True), res.text[e.start:e.end],
                  e.replacement)
                 for e in p.edits]
        add(p, edits, "review" if p.fingerprint in res.held else None)
    out.sort(key=lambda f: (f.line, f.col, f.code, f.fingerprint))
    return out


def _visible(s: str) -> str:
    return s.replace("\r", "␍").replace("\n", "↵").replace("\t", "→")


def _clip(s: str, keep: int = 12) -> str:
    """A long changed text shortened in the middle (``abc…xyz``)."""
    return s if len(s) <= 2 * keep + 1 else s[:keep] + "…" + s[-keep:]


#: a finding's context shows at most this many groups of nearby edits
MAX_CONTEXT_GROUPS = 4


def render_finding_context(original: str, doc: Document, edits: list[tuple[int, int, str, str]],
                           width: int = 36) -> str:
    """The change in its context, three lines per group of nearby edits on one
    line of the original: the line (cropped around the change), carets under
    the changed characters (terminal cells, so CJK counts double) and the
    line with each change marked per character as ``{old=>new}``.

    Cropped whatever the input: a group spans at most ``3 * width``
    characters of the line, long changed texts are shortened in the middle,
    and after ``MAX_CONTEXT_GROUPS`` groups one line counts the edits left
    (a finding with thousands of edits on one long line stays a few lines)."""
    from rich.cells import cell_len

    n = len(original)
    spans = sorted((min(s, n), min(max(e, s), n), old, new) for s, e, old, new in edits)
    groups: list[list[tuple[int, int, str, str]]] = []
    for sp in spans:
        if groups:
            g = groups[-1]
            last = g[-1]
            same_line = "\n" not in original[last[0]:sp[0]]
            if same_line and sp[0] - last[1] <= width and sp[0] - g[0][0] <= 3 * width:
                g.append(sp)
                continue
        groups.append([sp])
    out = []
    for g in groups[:MAX_CONTEXT_GROUPS]:
        s0, e1 = g[0][0], g[-1][1]
        line_no, _ = doc.line_col(s0)
        ls = doc.line_starts[line_no - 1]
        le = original.find("\n", e1 if e1 > s0 else s0)
        le = n if le == -1 else le
        a = max(ls, s0 - width)
        b = min(le, e1 + width)
        lead = "…" if a > ls else ""
        tail = "…" if b < le else ""
        shown, carets, marked = [lead], [" " * cell_len(lead)], [lead]
        pos = a
        for s, e, old, new in g:
            plain = _visible(original[pos:s])
            changed = _clip(_visible(original[s:e]))
            shown += [plain, changed]
            carets += [" " * cell_len(plain), "^" * max(1, cell_len(changed))]
            marked += [plain, "{" + _clip(_visible(old)) + "=>" + _clip(_visible(new)) + "}"]
            pos = e
        rest = _visible(original[pos:max(pos, b)]) + tail
        out.append(f"{line_no:>6} | " + "".join(shown) + rest)
        out.append(" " * 6 + " | " + "".join(carets).rstrip())
        out.append(" " * 6 + " = " + "".join(marked) + rest)
    more = sum(len(g) for g in groups[MAX_CONTEXT_GROUPS:])
    if more:
        out.append(" " * 6 + f" … and {more} more change{'s' if more > 1 else ''} of this finding not shown")
    return "\n".join(out)


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff (``--- a/path`` / ``+++ b/path``) that marks a missing final newline."""
    a = old.splitlines(True)
    b = new.splitlines(True)
    out = []
    for line in difflib.unified_diff(a, b, f"a/{path}", f"b/{path}"):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


# -- the pool ------------------------------------------------------------------
_WORKER: Worker | None = None
#: corpus statistics handed to forked workers by inheritance (set just before the fork)
_FORK_CORPUS: dict | None = None
INHERITED = "<inherited>"


#: the parent's own (warmed) Worker, which forked workers take over as it is
_FORK_WORKER: Worker | None = None


def _init_worker(spec: RunSpec, warmed: bool) -> None:
    global _WORKER
    if warmed and _FORK_WORKER is not None and _FORK_WORKER.spec is spec:
        _WORKER = _FORK_WORKER  # forked: rules, pipeline and the passes' state, as the parent built them
        return
    _WORKER = Worker(spec)
    if not warmed:  # spawned: nothing inherited; every process that runs files is warmed once
        _WORKER.warm_up()


def release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's
    ``malloc_trim``; nothing elsewhere). Freed temporaries (the corpus
    merge, the s2t tables of the trad pass) otherwise stay in the RSS of the
    parent and of every worker forked from it."""
    global _TRIM
    if _TRIM is None:
        _TRIM = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _TRIM = ctypes.CDLL(None).malloc_trim
            except (OSError, AttributeError):
                pass
    if _TRIM:
        _TRIM(0)


_TRIM: Any = None


def _usage() -> tuple[int, float, int, int]:
    """(peak RSS KB, CPU seconds, PSS KB, USS KB) of this process. PSS (shared
    pages divided among the processes sharing them) and USS (private pages)
    are sampled now, from /proc/self/smaps_rollup (0 where there is none)."""
    rss, cpu = 0, 0.0
    try:
        import resource

        ru = resource.getrusage(resource.RUSAGE_SELF)
        rss = ru.ru_maxrss // 1024 if sys.platform == "darwin" else ru.ru_maxrss
        cpu = ru.ru_utime + ru.ru_stime
    except Exception:  # pragma: no cover - no resource module
        pass
    pss = uss = 0
    try:
        with open("/proc/self/smaps_rollup") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k == "Pss":
                    pss = int(v.split()[0])
                elif k in ("Private_Clean", "Private_Dirty"):
                    uss += int(v.split()[0])
    except OSError:
        pass
    return rss, cpu, pss, uss


def _task(kind: str, corpus_ref: Any, items: list[Item]):
    assert _WORKER is not None
    if kind == "collect":
        res: Any = _WORKER.collect_packed(items)
    else:
        _WORKER.use_corpus(corpus_ref)
        res = _WORKER.run(items)
    return os.getpid(), _usage(), res


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover
        return max(1, os.cpu_count() or 1)


def chunk(items: list[Item], jobs: int, max_bytes: int = 1_000_000, max_files: int = 128) -> list[list[Item]]:
    """Cut the file list into chunks of up to 1 MB, and at least 16 per job, so
    that the workers finish together: the last chunk is a small part of the
    run (a chunk of the whole pipeline is seconds of work; sending one costs
    next to nothing)."""
    total = sum(max(it.size, 1) for it in items)
    target = max(1, min(max_bytes, total // max(1, jobs * 16)))
    out: list[list[Item]] = []
    cur: list[Item] = []
    size = 0
    for it in items:
        cur.append(it)
        size += max(it.size, 1)
        if size >= target or len(cur) >= max_files:
            out.append(cur)
            cur, size = [], 0
    if cur:
        out.append(cur)
    return out


class Runner:
    """Runs a :class:`RunSpec` over items with ``jobs`` processes (1: in-process)."""

    def __init__(self, spec: RunSpec, jobs: int = 1) -> None:
        self.spec = spec
        self.jobs = max(1, jobs)
        self.pool: ProcessPoolExecutor | None = None
        self.local: Worker | None = None
        self.peak_rss_kb: dict[int, int] = {}
        self.cpu_seconds: dict[int, float] = {}  # per process, cumulative
        self.pss_kb: dict[int, int] = {}  # per process, largest sample (one per chunk)
        self.uss_kb: dict[int, int] = {}
        self._corpus_file: str | None = None
        self.collect_seconds = 0.0
        self.method: str | None = None  # fork | spawn; None: in-process (one job)
        #: fork, run phase: a worker process is replaced by a fresh fork after
        #: about this much input, so what it accumulates privately (the passes'
        #: caches, pages of inherited objects copied on write) stays bounded
        #: whatever the corpus size; the caches serve re-runs within a page
        self.recycle_bytes = RECYCLE_BYTES
        self._retired: list[ProcessPoolExecutor] = []

    def __enter__(self) -> "Runner":
        if self.jobs > 1:
            methods = multiprocessing.get_all_start_methods()
            method = "fork" if "fork" in methods and sys.platform.startswith("linux") else "spawn"
            self.method = os.environ.get(START_METHOD_ENV) or method  # tests check spawn (macOS, Windows)
        if self.method != "spawn":
            # load the lexicon, models and tables once, here: forked workers
            # share those pages instead of each loading its own
            self._worker_for_parent().warm_up()
        return self

    def _get_pool(self) -> ProcessPoolExecutor:
        global _FORK_WORKER
        if self.pool is None:
            fork = self.method == "fork"
            if fork:
                _FORK_WORKER = self._worker_for_parent()
                gc.collect()
                gc.freeze()  # the collector will not touch (and so copy) inherited objects
                release_free_memory()  # a forked worker's RSS starts at the parent's
            self.pool = ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context(self.method),
                initializer=_init_worker, initargs=(self.spec, fork),
            )
        return self.pool

    def __exit__(self, *exc) -> None:
        self.close(cancel=exc[0] is not None)

    def _retire_pool(self) -> None:
        """Submit nothing more to the current pool: its workers finish what
        they were given and exit; the next submission forks a fresh pool."""
        if self.pool is not None:
            self.pool.shutdown(wait=False)
            self._retired.append(self.pool)
            self.pool = None

    def close(self, cancel: bool = False) -> None:
        global _FORK_CORPUS, _FORK_WORKER
        for pool in [*self._retired, self.pool]:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=cancel)
        self.pool = None
        self._retired.clear()
        _FORK_CORPUS = _FORK_WORKER = None
        if self.method == "fork":
            gc.unfreeze()
        if self._corpus_file:
            try:
                os.unlink(self._corpus_file)
            except OSError:
                pass
            self._corpus_file = None

    def _note(self, pid: int, usage: tuple[int, float, int, int]) -> None:
        rss, cpu, pss, uss = usage
        self.peak_rss_kb[pid] = max(self.peak_rss_kb.get(pid, 0), rss)
        self.cpu_seconds[pid] = max(self.cpu_seconds.get(pid, 0.0), cpu)
        self.pss_kb[pid] = max(self.pss_kb.get(pid, 0), pss)
        self.uss_kb[pid] = max(self.uss_kb.get(pid, 0), uss)

    def _worker_for_parent(self) -> Worker:
        if self.local is None:
            self.local = Worker(self.spec)
        return self.local

    def _map(self, kind: str, corpus_ref: Any, chunks: list[list[Item]]) -> Iterator[Any]:
        """Results of each chunk, as they complete (any order)."""
        if self.jobs == 1:
            w = self._worker_for_parent()
            for ch in chunks:
                if kind == "collect":
                    res = w.collect_packed(ch)
                else:
                    w.use_corpus(corpus_ref)
                    res = w.run(ch)
                self._note(os.getpid(), _usage())
                yield res
            return
        # a bounded window of chunks in flight, submitted in file order: the
        # parent never holds more than a few chunks of results waiting for an
        # earlier, slower chunk (bounded memory whatever the corpus size)
        window = self.jobs * 4
        recycle = kind == "run" and self.method == "fork" and self.recycle_bytes > 0
        per_pool = self.recycle_bytes * self.jobs
        given = 0  # bytes submitted to the current pool
        todo = iter(chunks)
        pending: set = set()

        def top_up() -> None:
            nonlocal given
            while len(pending) < window:
                ch = next(todo, None)
                if ch is None:
                    return
                if recycle and given >= per_pool:
                    self._retire_pool()  # (its last chunks still run, alongside the new pool)
                    given = 0
                pending.add(self._get_pool().submit(_task, kind, corpus_ref, ch))
                given += sum(max(it.size, 1) for it in ch)

        try:
            top_up()
            while pending:
                done, rest = wait(pending, return_when=FIRST_COMPLETED)
                pending.clear()
                pending.update(rest)
                for fut in done:
                    pid, usage, res = fut.result()
                    self._note(pid, usage)
                    yield res
                top_up()
        finally:
            for fut in pending:
                fut.cancel()

    def has_collectors(self) -> bool:
        return bool(self._worker_for_parent().collectors())

    # phase 1
    def corpus(self, items: list[Item], on_chunk: Callable[[int, int], None] | None = None) -> dict:
        """Collect and merge corpus statistics (empty when no selected pass collects)."""
        t0 = time.perf_counter()
        cols = self._worker_for_parent().collectors()
        if not cols:
            return {}
        sizes = {it.index: it.size for it in items}
        spool = _Spool(len(cols))
        try:
            for res in self._map("collect", None, chunk(items, self.jobs)):
                for idx, blobs in res:
                    spool.put(idx, blobs)
                if on_chunk:
                    on_chunk(len(res), sum(sizes[i] for i, _ in res))
            corpus = merge_partials(cols, {p.name: spool.partials(k) for k, p in enumerate(cols)})
        finally:
            spool.close()
        gc.collect()  # the merge's temporaries, before workers are forked from this heap
        self.collect_seconds = time.perf_counter() - t0
        return corpus

    # phase 2
    def run(self, items: list[Item], corpus: dict | None = None) -> Iterator[Outcome]:
        """Outcomes in file order."""
        global _FORK_CORPUS
        corpus = corpus or {}
        ref: Any = corpus
        if self.jobs == 1:
            ref = id(corpus)
            self._worker_for_parent().ctx.corpus = corpus
            self._worker_for_parent()._corpus_key = ref
        elif corpus and self.method == "fork":
            # fresh workers forked now inherit the statistics: shared pages, no copy each
            if self.pool is not None:
                self.pool.shutdown(wait=True)
                self.pool = None
            _FORK_CORPUS = corpus
            ref = INHERITED
            # what the passes derive lazily from the statistics (indexes) is
            # built here once, in the Worker the forked processes take over
            w = self._worker_for_parent()
            w.ctx.corpus = corpus
            w._corpus_key = INHERITED
            w.warm_up()
        elif corpus:  # spawn: each worker loads a pickle once
            fd, self._corpus_file = tempfile.mkstemp(prefix="zhclean-corpus-", suffix=".pickle")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(corpus, f, protocol=pickle.HIGHEST_PROTOCOL)
            ref = self._corpus_file
        buffered: dict[int, Outcome] = {}
        order = [it.index for it in items]
        nxt = 0
        for res in self._map("run", ref, chunk(items, self.jobs)):
            for oc in res:
                buffered[oc.index] = oc
            while nxt < len(order) and order[nxt] in buffered:
                yield buffered.pop(order[nxt])
                nxt += 1
