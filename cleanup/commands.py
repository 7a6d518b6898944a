"""Implementations of the CLI verbs (argument parsing lives in ``cli.py``)."""
from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections import Counter
from pathlib import Path

from .journal import DEFAULT_JOURNAL, Journal
from .model import Applicability, Document
from .pipeline import Context, Pipeline, Policy
from .rules import RuleError, RuleSet
from .runner import FileResult, collect_corpus, discover, run_file
from .textio import InputError, atomic_write, read_text, write_bytes_atomic, encode_text


def _codes(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out += [c.strip() for c in v.split(",") if c.strip()]
    return tuple(out)


def add_fix_check(p: argparse.ArgumentParser, *, fix: bool) -> None:
    p.add_argument("paths", nargs="+", help="files or directories (recursive)")
    p.add_argument("--glob", default="*.txt", help="file pattern inside directories (default: *.txt)")
    p.add_argument("--select", action="append", help="only these rule codes or prefixes (comma-separated)")
    p.add_argument("--ignore", action="append", help="skip these rule codes or prefixes")
    p.add_argument("--unsafe-fixes", action="store_true", help="also apply (fix) / count as fixable (check) unsafe fixes")
    p.add_argument("--decisions", help=f"decisions journal to replay (default: {DEFAULT_JOURNAL} when present)")
    p.add_argument("--encoding", help="input encoding when not UTF-8 (gb18030, gbk, big5 ...)")
    if fix:
        p.add_argument("--output", "-o", help="write cleaned files under this folder (mirroring the tree) instead of in place")
        p.add_argument("--diff", action="store_true", help="print a unified diff and write nothing")
        p.set_defaults(func=cmd_fix)
    else:
        p.add_argument("--output-format", default="concise", choices=["concise", "full", "json", "github", "diff"])
        p.add_argument("--statistics", action="store_true", help="counts per rule instead of findings")
        p.set_defaults(func=cmd_check)


def _policy(args: argparse.Namespace, unsafe: bool) -> Policy:
    dec_path = Path(args.decisions) if getattr(args, "decisions", None) else DEFAULT_JOURNAL
    accepted: dict = {}
    rejected: frozenset = frozenset()
    if dec_path.exists():
        d = Journal(dec_path).load()
        accepted, rejected = d.accepted, frozenset(d.rejected)
    elif getattr(args, "decisions", None):
        raise InputError(dec_path, "decisions journal not found")
    return Policy(
        select=_codes(args.select) or ("ALL",),
        ignore=_codes(args.ignore),
        apply_unsafe=unsafe,
        accepted=accepted,
        rejected=rejected,
    )


def _prepare(args: argparse.Namespace, unsafe: bool):
    ctx = Context(RuleSet.load())
    pipe = Pipeline(ctx)
    pol = _policy(args, unsafe)
    files = discover(args.paths, args.glob)
    docs = []
    for f in files:
        try:
            t, _ = read_text(f, args.encoding)
            docs.append(Document(t, str(f)))
        except InputError:
            pass
    ctx.corpus = collect_corpus(pipe, docs)
    return pipe, pol, files


def cmd_fix(args: argparse.Namespace) -> int:
    try:
        pipe, pol, files = _prepare(args, args.unsafe_fixes)
    except (InputError, RuleError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    errors = 0
    changed = 0
    roots = [Path(p) for p in args.paths]
    for f in files:
        fr = run_file(f, pipe, pol, args.encoding)
        if fr.error:
            print(f"error: {fr.error}", file=sys.stderr)
            errors += 1
            continue
        res = fr.result
        assert res is not None and fr.meta is not None
        if res.changed:
            changed += 1
        if args.diff:
            if res.changed:
                sys.stdout.writelines(difflib.unified_diff(
                    res.original.splitlines(True), res.text.splitlines(True),
                    f"a/{f}", f"b/{f}"))
            continue
        if args.output:
            dest = _mirror(f, roots, Path(args.output))
            write_bytes_atomic(dest, encode_text(res.text, fr.meta))
        elif res.changed:
            try:
                atomic_write(f, res.text, fr.meta)
            except InputError as e:
                print(f"error: {e}", file=sys.stderr)
                errors += 1
    verb = "would change" if args.diff else "changed"
    print(f"{len(files)} files, {changed} {verb}, {errors} errors", file=sys.stderr)
    return 2 if errors else 0


def _mirror(f: Path, roots: list[Path], out: Path) -> Path:
    fr = f.resolve()
    for r in roots:
        rr = r.resolve()
        if rr.is_dir() and rr in fr.parents:
            return out / fr.relative_to(rr)
    return out / f.name


def cmd_check(args: argparse.Namespace) -> int:
    try:
        pipe, pol, files = _prepare(args, True)
    except (InputError, RuleError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    # check reports every change the pipeline would make with all fixes on,
    # except what the journal rejected
    pol.apply_unsafe = True
    errors = 0
    findings = []
    for f in files:
        fr = run_file(f, pipe, pol, args.encoding)
        if fr.error:
            print(f"error: {fr.error}", file=sys.stderr)
            errors += 1
            continue
        res = fr.result
        doc = Document(res.original)
        for ap in res.applied:
            # locate on the original text
            off = res.original_offset(ap)
            line, col = doc.line_col(min(off, len(res.original)))
            findings.append((str(f), line, col, ap.proposal))
        for p in res.pending:
            if p.fingerprint in pol.rejected:
                continue
            line, col = doc.line_col(min(res.map_to_original(p.start), len(res.original)))
            findings.append((str(f), line, col, p))
    if args.statistics:
        cnt = Counter((p.code, p.name) for *_, p in findings)
        for (code, name), n in cnt.most_common():
            print(f"{n:6d}  {code}  {name}")
    elif args.output_format == "json":
        print(json.dumps([{"path": f, "line": l, "col": c, **p.to_dict()} for f, l, c, p in findings], ensure_ascii=False, indent=1))
    else:
        for f, l, c, p in findings:
            tag = p.applicability.value
            if args.output_format == "github":
                print(f"::warning file={f},line={l},col={c},title={p.code}::{p.message}")
            else:
                print(f"{f}:{l}:{c}: {p.code} {p.message} [{tag}]")
    safe = sum(1 for *_, p in findings if p.applicability is Applicability.SAFE)
    unsafe = sum(1 for *_, p in findings if p.applicability is Applicability.UNSAFE)
    other = len(findings) - safe - unsafe
    print(f"Found {len(findings)} findings: {safe} fixable with `zhclean fix`, "
          f"{unsafe} more with `--unsafe-fixes`, {other} need review.", file=sys.stderr)
    if errors:
        return 2
    return 1 if findings else 0


def cmd_score(args: argparse.Namespace) -> int:
    from .score import ScoreReport, gold_pages, score_page

    root = Path(args.root)
    raw_dir = Path(args.raw) if args.raw else root / "raw"
    gold_dir = Path(args.gold) if args.gold else root / "gold"
    if not gold_dir.is_dir() or not raw_dir.is_dir():
        print(f"error: need raw and gold folders ({raw_dir}, {gold_dir})", file=sys.stderr)
        return 2
    golds = gold_pages(gold_dir)
    pipe = None
    pages = []
    if not args.cleaned:
        ctx = Context(RuleSet.load())
        pipe = Pipeline(ctx)
        docs = [Document(read_text(p)[0], str(p)) for p in sorted(raw_dir.glob("*.txt"))]
        ctx.corpus = collect_corpus(pipe, docs)
        pol = Policy(apply_unsafe=args.unsafe_fixes)
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
    print(json.dumps({"profile": "newspaper", "select": ["ALL"], "ignore": []}, indent=2))
    return 0
