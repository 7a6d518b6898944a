"""The ``zhclean`` command line: a thin layer over the library.

Exit codes (as ruff): 0 success / nothing found, 1 findings remain (check) or
files changed (fix with --exit-non-zero-on-fix), 2 error.
"""
from __future__ import annotations

import argparse
import os
import sys

from . import __version__

_EX: dict[str, list[tuple[str, str]]] = {
    "fix": [
        ("zhclean fix corpus/", "apply safe fixes in place, recursively (*.txt)"),
        ("zhclean fix fixtures/raw --output out", "write cleaned copies into out/, mirroring the tree"),
        ("zhclean fix page.txt --diff", "show what would change, write nothing"),
        ("zhclean fix corpus/ --unsafe-fixes --select MR", "the misread rules only, unsafe ones too"),
        ("zhclean fix old/ --encoding gb18030 --report run.json", "GB18030 files (kept so), JSON report"),
    ],
    "check": [
        ("zhclean check corpus/", "one finding per line, exit 1 if any"),
        ("zhclean check page.txt --output-format full", "with the change marked in its context"),
        ("zhclean check corpus/ --output-format github", "annotations in a GitHub workflow"),
        ("zhclean check corpus/ --statistics", "counts per rule"),
    ],
    "score": [
        ("zhclean score fixtures", "clean fixtures/raw, score against fixtures/gold"),
        ("zhclean score fixtures --cleaned out", "score already-cleaned pages"),
        ("zhclean score fixtures --ignore RO", "what the score is without the reading-order rules"),
    ],
    "rules": [
        ("zhclean rules", "list every rule"),
        ("zhclean rules test PU", "run the examples of the PU rules"),
    ],
    "rule": [("zhclean rule MK001", "show a rule with its examples")],
    "config": [
        ("zhclean config", "the settings that apply here, and their source"),
        ("zhclean config corpus/page.txt --format json", "the same for a file, as JSON"),
    ],
    "review": [
        ("zhclean review page.txt", "one page: straight to its proposals"),
        ("zhclean review corpus/", "a folder: the file list first (.zhclean/decisions.jsonl)"),
        ("zhclean review corpus/ --review-safe", "review SAFE changes too (default: pre-accepted)"),
        ("zhclean review page.txt --decisions my.jsonl --select PU,MR", "another journal, some rules"),
    ],
    "simulate": [
        ("zhclean simulate fixtures/gold --out sim --pages 200 --seed 1", "damaged pages, gold, event logs in sim/"),
        ("zhclean simulate --out sim --damage wrap --damage misread", "only these damage kinds"),
        ("zhclean score sim", "score the pipeline on them"),
    ],
}


def _lines(rows: list[tuple[str, str]]) -> str:
    w = max(len(c) for c, _ in rows) + 2
    return "\n  ".join(f"{c:<{w}}# {t}" for c, t in rows)


EXAMPLES = {k: _lines(v) for k, v in _EX.items()}


EXIT_CODES = {
    "fix": "exit codes: 0 done, 1 a file changed (--exit-non-zero-on-fix) or the diff is not empty (--diff),\n"
           "  2 error (bad configuration, missing path, unreadable / undecodable / binary / too large file)",
    "check": "exit codes: 0 clean, 1 findings remain, 2 error (bad configuration, missing path, unreadable file)",
    "config": "exit codes: 0 ok, 2 invalid configuration (the message names the file and the key)",
    "review": "exit codes: 0 the editor quit, 2 error (bad configuration, nothing to review,\n"
              "  or a file that could not be read: given when the editor quits)",
}


def _fmt(name: str) -> str:
    text = "examples:\n  " + EXAMPLES.get(name, f"zhclean {name} --help")
    if name in EXIT_CODES:
        text += "\n\n" + EXIT_CODES[name]
    return text


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="zhclean",
        description="Clean raw OCR output of Chinese newspaper pages.",
        epilog="examples:\n  " + _lines([_EX[k][0] for k in ("fix", "check", "config", "score")])
               + "\n\nexit codes: 0 ok, 1 findings remain / files changed (see each verb), 2 error"
               + "\nrun `zhclean VERB --help` for the options and examples of a verb",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--version", action="version", version=f"zhclean {__version__}")
    sub = ap.add_subparsers(dest="verb", metavar="VERB")
    sub.required = True

    def verb(name: str, help_: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=help_, description=help_, epilog=_fmt(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    from . import commands

    commands.add_fix_check(verb("fix", "Apply safe fixes (and more, if asked) to files"), fix=True)
    commands.add_fix_check(verb("check", "Report findings without writing anything"), fix=False)

    p = verb("score", "Score cleaned pages against gold pages")
    p.add_argument("root", nargs="?", default="fixtures", help="folder with raw/ and gold/ (default: fixtures)")
    p.add_argument("--raw", help="folder of raw pages (default: ROOT/raw)")
    p.add_argument("--gold", help="folder of gold pages (default: ROOT/gold)")
    p.add_argument("--cleaned", help="score these cleaned pages instead of running the pipeline on raw")
    p.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes before scoring")
    p.add_argument("--select", action="append", metavar="CODES",
                   help="run only these rule codes or prefixes, comma-separated (what a rule family is worth)")
    p.add_argument("--ignore", action="append", metavar="CODES", help="skip these rule codes or prefixes")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=commands.cmd_score)

    p = verb("rules", "List rules, or run their embedded examples")
    p.add_argument("action", nargs="?", choices=["list", "test"], default="list")
    p.add_argument("codes", nargs="*", help="codes or prefixes (default: all)")
    p.add_argument("--rules-dir", action="append", default=[], help="extra rule directory")
    p.set_defaults(func=commands.cmd_rules)

    p = verb("rule", "Show one rule with its examples")
    p.add_argument("code")
    p.add_argument("--rules-dir", action="append", default=[], help="extra rule directory")
    p.set_defaults(func=commands.cmd_rule)

    p = verb("config", "Print the effective configuration for a path and where each value came from")
    p.add_argument("path", nargs="?", default=".", help="file or folder (default: the current folder)")
    p.add_argument("--config", metavar="FILE", help="read this configuration file instead of searching")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=commands.cmd_config)

    from . import simulate

    p = verb("simulate", "Make damaged OCR pages (with gold) from clean pages")
    simulate.add_arguments(p)
    p.set_defaults(func=simulate.cli_run)

    from . import review_args

    p = verb("review", "Review proposed changes in a terminal UI (Textual)")
    review_args.add_arguments(p)
    p.set_defaults(func=review_args.run)
    return ap


def _where(e: BaseException) -> str:
    """' at cleanup/x.py:12': the innermost frame in our own code."""
    import traceback

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename.startswith(here)]
    if not frames:
        return ""
    f = frames[-1]
    return f" at {os.path.relpath(f.filename, here)}:{f.lineno}"


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): stop quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return 0
    except Exception as e:  # never a bare traceback for users; ZHCLEAN_TRACEBACK=1 shows it
        if os.environ.get("ZHCLEAN_TRACEBACK"):
            raise
        print(f"zhclean: internal error: {type(e).__name__}: {e}{_where(e)} "
              "(set ZHCLEAN_TRACEBACK=1 for the traceback)", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
