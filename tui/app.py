"""Placeholder: the review app (issue 7)."""
from __future__ import annotations


def main(args) -> int:
    print("review: not implemented yet")
    return 2
