"""Damage simulator (issue 2, item 7): placeholder until implemented."""
from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", nargs="*", help="clean gold pages")


def cli_run(args: argparse.Namespace) -> int:
    print("simulate: not implemented yet")
    return 2
