"""Arguments of ``zhclean review``; the Textual app (package ``tui``) is imported only when it runs."""
from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="files or directories to review")
    p.add_argument("--decisions", help="decisions journal (default: .zhclean/decisions.jsonl); "
                                       "every decision is appended to it at once")
    p.add_argument("--review-safe", action="store_true",
                   help="review SAFE proposals too instead of pre-accepting them")
    p.add_argument("--select", action="append", help="only these rule codes or prefixes (comma-separated)")
    p.add_argument("--ignore", action="append", help="skip these rule codes or prefixes (comma-separated)")
    p.add_argument("--config", help="configuration file (default: the nearest zhclean.toml or "
                                    "pyproject.toml with [tool.zhclean])")
    p.add_argument("--encoding", help="input encoding when not UTF-8")
    p.add_argument("--glob", default="*.txt", help="file pattern inside directories (default: *.txt)")


def codes(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out += [c.strip().upper() for c in v.split(",") if c.strip()]
    return tuple(out)


def run(args: argparse.Namespace) -> int:
    from tui.app import main as tui_main  # Textual is imported only here

    return tui_main(args)
