"""Implementations of the CLI verbs (argument parsing lives in ``cli.py``).

``fix`` and ``check`` share one engine (``cleanup.runner``): configuration
(``cleanup.config``) + command line -> a :class:`~cleanup.runner.RunSpec`,
discovery, the corpus pass, the per-file run (in parallel), and the output
(``cleanup.report``). Exit codes: 0 fine / clean, 1 findings remain (check),
a diff is not empty (fix --diff) or a file changed (fix
--exit-non-zero-on-fix), 2 error (bad configuration, unreadable or refused
file, missing path).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from .config import Config, ConfigError, SELECTOR_RE, common_parent, load_for_paths
from .journal import DEFAULT_JOURNAL, Journal
from .model import Applicability, Document
from .pipeline import Context, Pipeline, Policy, Settings
from .report import FORMATS, FindingCounts, RunReport, check_summary, concise, full, github, statistics
from .rules import RuleError, RuleSet, code_matches
from .runner import Item, Runner, RunSpec, collect_corpus, default_jobs, discover_files
from .textio import InputError, normalize_encoding, read_text

#: below this many bytes a run uses one process unless --jobs is given
SMALL_RUN_BYTES = 512_000


class UsageError(Exception):
    """A bad option value (exit 2)."""


def _err(msg: str) -> None:
    print(f"error: {msg}", file=sys.stderr, flush=True)


def _codes(values: list[str] | None, flag: str) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        for c in v.split(","):
            c = c.strip().upper()
            if not c:
                continue
            if not SELECTOR_RE.match(c):
                raise UsageError(f"{flag} {c!r} is not a rule code or prefix (e.g. PU001, PU, ALL)")
            out.append(c)
    return tuple(out)


def unmatched_selectors(selectors: tuple[str, ...], rules: RuleSet) -> list[str]:
    """A warning for each selector that matches no rule (a typo selects nothing)."""
    return [f"selector {sel} matches no rule" for sel in selectors
            if sel != "ALL" and not any(code_matches(r.code, (sel,)) for r in rules)]


def add_fix_check(p: argparse.ArgumentParser, *, fix: bool) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (folders are searched recursively)")
    g = p.add_argument_group("what to run")
    g.add_argument("--select", action="append", metavar="CODES",
                   help="only these rule codes or prefixes, comma-separated (e.g. --select MR or "
                        "--select PU001,SP); replaces the configuration's select")
    g.add_argument("--ignore", action="append", metavar="CODES",
                   help="skip these rule codes or prefixes (added to the configuration's ignore)")
    g.add_argument("--unsafe-fixes", action="store_true",
                   help="also apply unsafe fixes" if fix else "count unsafe fixes as fixable in the summary")
    g.add_argument("--decisions", metavar="FILE",
                   help=f"decisions journal of `zhclean review` to replay: accepted proposals are "
                        f"applied, rejected ones never (default: {DEFAULT_JOURNAL} when present)")
    g.add_argument("--no-decisions", action="store_true", help="ignore the decisions journal")
    g.add_argument("--config", metavar="FILE",
                   help="configuration file (default: zhclean.toml or pyproject.toml [tool.zhclean] "
                        "found by walking up from the paths)")
    g = p.add_argument_group("files")
    g.add_argument("--glob", default="*.txt", help="file name pattern inside folders (default: *.txt)")
    g.add_argument("--force-exclude", action="store_true",
                   help="apply the configuration's exclude globs to files named on the command line too "
                        "(pre-commit passes file names)")
    g.add_argument("--encoding", metavar="NAME",
                   help="input encoding when not UTF-8: gb18030, gbk, big5 ... (fixed files keep it)")
    g.add_argument("--max-file-size", type=float, metavar="MB",
                   help="refuse files larger than this many MB (default 32; 0: no limit)")
    g = p.add_argument_group("run")
    g.add_argument("--jobs", "-j", type=int, metavar="N",
                   help="worker processes (default: all cores; small runs use one)")
    g.add_argument("--report", metavar="FILE",
                   help="write a JSON report: per file and per rule, proposals applied, "
                        "left for review and skipped")
    g.add_argument("--quiet", "-q", action="store_true", help="no progress bar, notes or summary; errors only")
    if fix:
        g = p.add_argument_group("output")
        g.add_argument("--output", "-o", metavar="DIR",
                       help="write cleaned files under DIR (mirroring the tree) instead of in place")
        g.add_argument("--diff", action="store_true",
                       help="print a unified diff of what would change and write nothing (exit 1 if not empty)")
        g.add_argument("--exit-non-zero-on-fix", action="store_true",
                       help="exit 1 when a file was changed (for pre-commit)")
        p.set_defaults(func=cmd_fix)
    else:
        g = p.add_argument_group("output")
        g.add_argument("--output-format", default="concise", choices=FORMATS,
                       help="concise: path:line:col: CODE message [fix]; full: with the context and the "
                            "change marked per character; json; github: workflow annotations; "
                            "diff: what `fix --unsafe-fixes` would change (default: concise)")
        g.add_argument("--statistics", action="store_true", help="counts per rule instead of findings")
        p.set_defaults(func=cmd_check)


# -- shared setup ---------------------------------------------------------------
class Setup:
    """Configuration + command line, resolved."""

    def __init__(self, args: argparse.Namespace, *, check: bool) -> None:
        self.args = args
        self.check = check
        self.cfg: Config = load_for_paths(args.paths, args.config)
        cli_select = _codes(args.select, "--select")
        self.select = cli_select or self.cfg.select
        self.ignore = tuple(self.cfg.ignore) + _codes(args.ignore, "--ignore")
        enc = args.encoding or self.cfg.encoding
        try:
            self.encoding = normalize_encoding(enc) if enc else None
        except ValueError as e:
            raise UsageError(f"--encoding: {e}") from None
        mb = self.cfg.max_file_mb if args.max_file_size is None else args.max_file_size
        if mb < 0:
            raise UsageError("--max-file-size must be >= 0")
        self.max_bytes = int(mb * 1_000_000) if mb else None
        if args.jobs is not None and args.jobs < 1:
            raise UsageError("--jobs must be >= 1")
        self.rules = RuleSet.load([str(d) for d in self.cfg.extra_rule_dirs])
        self.warnings: list[str] = []
        bad = unmatched_selectors(self.select + self.ignore, self.rules)
        if bad:
            # (as ruff does: a typo in a pre-commit or CI step would select
            # nothing and report every file clean)
            raise UsageError("; ".join(bad) + " (`zhclean rules list` lists the codes)")
        self.journal_path = self._journal_path()
        accepted: dict[str, str | None] = {}
        rejected: frozenset[str] = frozenset()
        if self.journal_path is not None:
            try:
                dec = Journal(self.journal_path).load()
            except (OSError, UnicodeDecodeError) as e:
                raise UsageError(f"{self.journal_path}: cannot read the decisions journal: {e}") from None
            accepted, rejected = dec.accepted, frozenset(dec.rejected)
        unsafe = True if check else args.unsafe_fixes
        self.policy = Policy(select=self.select, ignore=self.ignore, apply_unsafe=unsafe,
                             accepted=accepted, rejected=rejected)
        self.settings = Settings(
            profile=self.cfg.profile,
            thresholds=self.cfg.settings_thresholds(r.code for r in self.rules),
            lexicons=[str(p) for p in self.cfg.lexicons],
        )
        if not check and not accepted:
            # `fix` never applies a display-only proposal unless an editor
            # accepted it: with no accepted decision to replay, the rules whose
            # ceiling is display-only are not worth their work (MR005, the
            # context candidates, is ~30 % of the whole pipeline; a minimum
            # above 0.9 makes the misread pass skip it). check and review
            # still compute them.
            for r in self.rules:
                if r.applicability is Applicability.DISPLAY_ONLY:
                    self.settings.thresholds[r.code] = {**self.settings.thresholds.get(r.code, {}), "min": 2.0}

    def _journal_path(self) -> Path | None:
        a = self.args
        if a.no_decisions:
            return None
        if a.decisions:
            p = Path(a.decisions)
            if not p.is_file():
                raise UsageError(f"{p}: decisions journal not found")
            return p
        if DEFAULT_JOURNAL.is_file():
            return DEFAULT_JOURNAL
        if self.cfg.root is not None and (self.cfg.root / DEFAULT_JOURNAL).is_file():
            return self.cfg.root / DEFAULT_JOURNAL
        return None

    def options(self) -> dict[str, Any]:
        return {
            "paths": list(self.args.paths), "select": list(self.select), "ignore": list(self.ignore),
            "unsafe_fixes": bool(self.args.unsafe_fixes), "encoding": self.encoding or "utf-8",
            "config": str(self.cfg.source) if self.cfg.source else None,
            "decisions": str(self.journal_path) if self.journal_path else None,
        }

    def discover(self, skip_dirs=()) -> tuple[list[Path], list[InputError]]:
        return discover_files(self.args.paths, self.args.glob, self.cfg.excluded,
                              force_exclude=self.args.force_exclude, skip_dirs=skip_dirs)

    def spec(self, mode: str, render_context: bool = False) -> RunSpec:
        return RunSpec(
            mode=mode, policy=self.policy, settings=self.settings,
            extra_rule_dirs=tuple(str(d) for d in self.cfg.extra_rule_dirs),
            per_file_ignores=self.cfg if self.cfg.per_file_ignores else None,
            encoding=self.encoding, max_bytes=self.max_bytes, render_context=render_context,
        )

    def jobs(self, total_bytes: int, n_files: int) -> int:
        if self.args.jobs is not None:
            return max(1, min(self.args.jobs, max(1, n_files)))
        if total_bytes < SMALL_RUN_BYTES or n_files < 2:
            return 1
        return max(1, min(default_jobs(), n_files))


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


class Progress:
    """A rich progress bar on a terminal (files, MB, MB/s, ETA); nothing otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.bar = None
        self.task = None
        self._last = 0.0
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (BarColumn, DownloadColumn, Progress as RichProgress, TextColumn,
                                   TimeRemainingColumn, TransferSpeedColumn)

        self.bar = RichProgress(
            TextColumn("{task.description}"), BarColumn(),
            TextColumn("{task.fields[files]}/{task.fields[total_files]} files"),
            DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True, auto_refresh=False,
            # on one terminal, findings and messages print above the bar; findings
            # going to a file or a pipe must not be diverted to the terminal
            redirect_stdout=sys.stdout.isatty(), redirect_stderr=True,
        )

    def start(self, description: str, total_bytes: int, total_files: int) -> None:
        if self.bar is None:
            return
        if self.task is not None:
            self.bar.remove_task(self.task)
        else:
            self.bar.start()
        self.task = self.bar.add_task(description, total=max(1, total_bytes), files=0, total_files=total_files)
        self.bar.refresh()

    def advance(self, files: int, nbytes: int) -> None:
        if self.bar is None or self.task is None:
            return
        t = self.bar.tasks[-1]
        self.bar.update(self.task, advance=nbytes, files=t.fields["files"] + files)
        now = time.monotonic()
        if now - self._last > 0.1:
            self._last = now
            self.bar.refresh()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _mirror(f: Path, base: Path, out: Path) -> Path:
    try:
        rel = Path(os.path.abspath(f)).relative_to(base)
    except ValueError:
        rel = Path(f.name)
    return out / rel


def _run(args: argparse.Namespace, *, check: bool) -> int:
    try:
        st = Setup(args, check=check)
    except (ConfigError, RuleError, UsageError, InputError) as e:
        _err(str(e))
        return 2
    quiet = args.quiet
    if not quiet:
        for w in st.warnings:
            print(f"warning: {w}", file=sys.stderr)

    out_dir = Path(args.output) if not check and args.output and not args.diff else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        _err(f"{out_dir}: --output must be a folder")
        return 2
    files, derrors = st.discover(skip_dirs=[out_dir] if out_dir else [])
    if not files and not derrors and not quiet:
        if args.force_exclude and not any(os.path.isdir(p) for p in args.paths):
            # (the glob is not applied to files named on the command line)
            print(f"warning: {', '.join(args.paths)}: excluded by the configuration's exclude "
                  "(--force-exclude); nothing to do", file=sys.stderr)
        else:
            print(f"warning: no files matched {args.glob!r} under {', '.join(args.paths)}", file=sys.stderr)
    if check:
        mode = "check-diff" if args.output_format == "diff" else "check"
    else:
        mode = "diff" if args.diff else "fix"
    spec = st.spec(mode, render_context=check and args.output_format == "full")
    base = common_parent(args.paths)
    items = [
        Item(i, str(f), _size(f), str(_mirror(f, base, out_dir)) if out_dir is not None else None)
        for i, f in enumerate(files)
    ]
    del files  # (forked workers inherit what the parent holds: not the Path objects too)
    if out_dir is not None:
        # `fix page.txt -o .` mirrors page.txt onto itself: --output promises the
        # originals are untouched, so refuse the run before anything is written
        for it in items:
            if it.dest is not None and os.path.realpath(it.dest) == os.path.realpath(it.path):
                _err(f"{it.path}: --output {out_dir} would overwrite this input file; "
                     "choose a folder outside the input tree, or drop --output to fix in place")
                return 2
    total = sum(it.size for it in items)
    jobs = st.jobs(total, len(items))

    report = RunReport("check" if check else "fix", st.options(), keep_files=bool(args.report))
    for e in derrors:
        _err(str(e))
        report.add_error(e.path, str(e), e.kind)
    progress = Progress(enabled=not quiet and sys.stderr.isatty() and bool(items))
    counts = FindingCounts()
    stream_json = check and not args.statistics and args.output_format == "json"
    if stream_json:  # one finding a line inside one JSON array, written as it comes
        sys.stdout.write("[")
    n_changed = 0
    diff_out = mode in ("diff", "check-diff")
    try:
        with Runner(spec, jobs) as runner:
            report.ready()
            if runner.has_collectors():
                progress.start("corpus statistics", total, len(items))
            corpus = runner.corpus(items, on_chunk=progress.advance)
            progress.start("checking" if check else ("diffing" if args.diff else "fixing"), total, len(items))
            for oc in runner.run(items, corpus):
                progress.advance(1, oc.size)
                report.add(oc)
                if oc.error:
                    _err(oc.error)
                if oc.notes and not quiet:
                    for n in oc.notes:
                        print(f"note: {n}", file=sys.stderr)
                if oc.status == "changed":
                    n_changed += 1
                if diff_out and oc.diff:
                    sys.stdout.write(oc.diff)
                if check:
                    if stream_json:
                        for k, f in enumerate(oc.findings):
                            sep = ",\n" if counts.total or k else "\n"
                            sys.stdout.write(sep + json.dumps(f.to_dict(), ensure_ascii=False))
                    elif not args.statistics and args.output_format in ("concise", "full", "github"):
                        fmt = {"concise": concise, "full": full, "github": github}[args.output_format]
                        out = [fmt(f) for f in oc.findings]
                        if out:
                            sys.stdout.write("\n".join(out) + "\n")
                    counts.add(oc.findings)
                sys.stdout.flush()
            report.finish(runner.peak_rss_kb, jobs, runner.collect_seconds, runner.cpu_seconds,
                          runner.pss_kb, runner.uss_kb)
    finally:
        progress.stop()

    n_errors = report.status["error"]
    if check:
        if args.statistics:
            if counts.total:
                print(statistics(counts))
        elif stream_json:
            sys.stdout.write("\n]\n" if counts.total else "]\n")
        rejected = sum(r[2] for r in report.rules.values())
        machine = args.output_format in ("json", "github", "diff")
        if not quiet:
            unread = n_errors - len(derrors)  # files found but not readable as text
            print(check_summary(len(items) - unread, counts, n_errors, rejected, args.unsafe_fixes),
                  file=sys.stderr if machine else sys.stdout)
    elif not quiet:
        print(report.summary(verb="would change" if args.diff else "changed"), file=sys.stderr)
    if args.report:
        try:
            from .textio import write_bytes_atomic

            write_bytes_atomic(args.report, report.write_json)
        except InputError as e:
            _err(f"cannot write the report: {e}")
            return 2
    if n_errors:
        return 2
    if check:
        return 1 if counts.total else 0
    if args.diff:
        return 1 if n_changed else 0
    if args.exit_non_zero_on_fix and n_changed:
        return 1
    return 0


def cmd_fix(args: argparse.Namespace) -> int:
    return _run(args, check=False)


def cmd_check(args: argparse.Namespace) -> int:
    return _run(args, check=True)


def cmd_score(args: argparse.Namespace) -> int:
    from .score import ScoreReport, gold_pages, score_page

    root = Path(args.root)
    raw_dir = Path(args.raw) if args.raw else root / "raw"
    gold_dir = Path(args.gold) if args.gold else root / "gold"
    if not gold_dir.is_dir() or not raw_dir.is_dir():
        print(f"error: need raw and gold folders ({raw_dir}, {gold_dir})", file=sys.stderr)
        return 2
    try:
        select = _codes(args.select, "--select") or ("ALL",)
        ignore = _codes(args.ignore, "--ignore")
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.cleaned and (args.select or args.ignore):
        print("error: --select/--ignore choose the rules to run; with --cleaned nothing runs", file=sys.stderr)
        return 2
    golds = gold_pages(gold_dir)
    pipe = None
    pages = []
    if not args.cleaned:
        ctx = Context(RuleSet.load())
        for w in unmatched_selectors(select + ignore, ctx.rules):
            print(f"warning: {w}", file=sys.stderr)
        pipe = Pipeline(ctx)
        docs = [Document(read_text(p)[0], str(p)) for p in sorted(raw_dir.glob("*.txt"))]
        ctx.corpus = collect_corpus(pipe, docs)
        pol = Policy(select=select, ignore=ignore, apply_unsafe=args.unsafe_fixes)
    for stem, gp in golds.items():
        rp = raw_dir / f"{stem}.txt"
        if not rp.exists():
            continue
        raw = read_text(rp)[0]
        gold = read_text(gp)[0]
        if args.cleaned:
            cp = Path(args.cleaned) / f"{stem}.txt"
            if not cp.exists():
                print(f"error: no cleaned page {cp}", file=sys.stderr)
                return 2
            out = read_text(cp)[0]
        else:
            out = pipe.run(raw, pol, str(rp)).text
        pages.append(score_page(stem, out, gold, raw))
    rep = ScoreReport(pages)
    print(rep.to_json() if args.format == "json" else rep.to_table())
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from .ruletest import check_rules

    try:
        rules = RuleSet.load(args.rules_dir)
    except RuleError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    # codes and prefixes are case-insensitive, as in --select; one that names
    # no rule is a typo, not "0 rules checked" (exit 0)
    args.codes = [c.strip().upper() for c in args.codes or [] if c.strip()]
    for c in args.codes:
        if not any(r.code.startswith(c) for r in rules):
            print(f"error: {c}: no rule code or prefix matches it (see `zhclean rules`)", file=sys.stderr)
            return 2
    if args.action == "list":
        for r in rules:
            if args.codes and not any(r.code.startswith(c) for c in args.codes):
                continue
            print(f"{r.code}  {r.name:<34} {r.applicability.value:<12} {r.summary}")
        return 0
    n, fails = check_rules(rules, args.codes or None)
    for f in fails:
        print(f"FAIL {f}")
    print(f"{n} rules checked, {len(fails)} failures")
    return 1 if fails else 0


def cmd_rule(args: argparse.Namespace) -> int:
    try:
        rules = RuleSet.load(args.rules_dir)
        print(rules.get(args.code.upper()).describe())
    except RuleError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    """Print the effective configuration for a path and where each value came from."""
    try:
        target = args.path
        if not Path(target).exists():
            raise ConfigError(f"{target}: no such file or directory")
        cfg = load_for_paths([target], args.config)
    except ConfigError as e:
        _err(str(e))
        return 2
    rows = cfg.describe()
    if args.format == "json":
        print(json.dumps({
            "config": str(cfg.source) if cfg.source else None,
            "settings": {k: v for k, v, _ in rows},
            "origins": {k: o for k, _, o in rows},
        }, ensure_ascii=False, indent=2, default=str))
        return 0
    src = f"{cfg.source}" if cfg.source else "none found (defaults)"
    print(f"# configuration for {target}: {src}")
    for k, v, origin in rows:
        val = json.dumps(v, ensure_ascii=False, default=str)
        print(f"{k:<17} = {val:<40} # {origin}")
    return 0
