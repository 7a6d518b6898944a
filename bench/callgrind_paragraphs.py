"""Instruction counts of the paragraph pipeline (issue 4): a load-independent
comparison of two versions. Run by hand under callgrind, not by tests:

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.now.0 .venv/bin/python bench/callgrind_paragraphs.py 0
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.now.300 .venv/bin/python bench/callgrind_paragraphs.py 300
    (the same with --base REV for the files of bench_paragraphs.BASE_FILES, or
    those of --files, taken from REV)

The pipeline lines + duplicates (+ the kinds of the output) runs over N pages
of the 20 MB bench corpus (every 13th page, cold caches: each page once);
the pipeline's cost is the "Collected" count of the run with N pages minus
that of the run with 0 pages (loading the corpus, the lexicon and the
scorer).
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_paragraphs as B  # noqa: E402
from corpus import build_corpus  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pages", type=int)
    ap.add_argument("--base", metavar="REV", help="the files of bench_paragraphs.BASE_FILES (or --files) from REV")
    ap.add_argument("--files", nargs="+", default=list(B.BASE_FILES), help="with --base: the files taken from REV")
    a = ap.parse_args(argv)
    raws = [p.raw for p in build_corpus(20)][::13][:a.pages]  # (loaded in both runs: subtracted)
    if a.base:
        mod = B._base_package(a.base, a.files)
    else:
        def mod(name):
            return importlib.import_module("cleanup." + name)
    pipe, pl = B.warm_pipeline(mod)
    pol, doc = pl.Policy(), mod("model").Document
    for r in raws:
        doc(pipe.run(r, pol).text).paragraphs
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
