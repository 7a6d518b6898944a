#!/usr/bin/env python3
"""Does any shipped file copy text of the research-use corpus? Run by hand (never by tests).

    .venv/bin/python bench/licence_check.py [--shared ../shared] [--min 12] [FILE ...]

People's Daily 1998 (``../shared/data/corpus/pd199801_early.jsonl``) may be
read by benchmark scripts but never shipped: tests, rules and docs must use
made-up text. Lists every run of Chinese text in the files (default: every
file git tracks, except snapshots) that shares ``--min`` or more characters
in a row with the corpus (full-width digits folded); exit 1 on any hit.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = re.compile(r"[\u4e00-\u9fff，、：；“”！？。（）0-9０-９·—…]+")
FOLD = str.maketrans("０１２３４５６７８９", "0123456789")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--min", type=int, default=12, help="characters in a row that count as a copy")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    src = Path(a.shared) / "data" / "corpus" / "pd199801_early.jsonl"
    if not src.is_file():
        print(f"no corpus at {src}: nothing to check against")
        return 0
    corpus = src.read_text(encoding="utf-8").translate(FOLD)
    files = a.files or [f for f in subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True,
                                                  text=True, check=True).stdout.split()
                        if not f.endswith(".svg") and not f.startswith("fixtures/")]
    hits = 0
    for f in files:
        try:
            text = (ROOT / f).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for ln, line in enumerate(text.splitlines(), 1):
            for m in RUN.finditer(line.translate(FOLD)):
                s = m.group(0)
                if any(s[i:i + a.min] in corpus for i in range(len(s) - a.min + 1)):
                    hits += 1
                    print(f"{f}:{ln}: {s[:50]}")
    print(f"{len(files)} files, {hits} runs copied from the corpus ({a.min}+ characters)")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
