"""Arguments of ``zhclean review``; the Textual app (package ``tui``) is imported only when it runs."""
from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="files or directories to review")
    p.add_argument("--decisions", help="decisions journal (default: .zhclean/decisions.jsonl)")
    p.add_argument("--review-safe", action="store_true", help="review SAFE proposals too instead of pre-accepting them")
    p.add_argument("--encoding", help="input encoding when not UTF-8")
    p.add_argument("--glob", default="*.txt", help="file pattern inside directories")


def run(args: argparse.Namespace) -> int:
    from tui.app import main as tui_main  # Textual is imported only here

    return tui_main(args)
