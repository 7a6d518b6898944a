#!/usr/bin/env python3
"""Instruction counts of the reading-order pass (issue 5): a load-independent
comparison of two versions. Run by hand, not by tests:

    .venv/bin/python bench/callgrind_order.py record                # once: bench/out/order-inputs-s0.pickle
    .venv/bin/python bench/callgrind_order.py replay                # CPU time + digest of the replay
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.order.all .venv/bin/python bench/callgrind_order.py replay
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.order.0 .venv/bin/python bench/callgrind_order.py replay -n 0

``record`` runs the pipeline of ``bench_order.py`` (20 MB corpus of
``--seed``, statistics of all passes collected first, SAFE fixes on the
first 400 pages) and stores every text the pipeline hands the order pass
(754 runs for seed 0) with the pass's corpus statistics. ``replay`` runs the
order pass on those inputs in the same order, in a fresh process (fresh
caches; the pass's own memo of recent texts answers repeats as in the
pipeline, but nothing is shared with the lines pass) and prints the CPU time
and a digest of the proposals (``bench_order._Timer``'s: equal digests, the
same proposals). The pass's cost is the callgrind "Collected" count of the
full replay minus that of ``-n 0`` (loading the inputs, the lexicon and the
scorer's tables).
"""
from __future__ import annotations

import argparse
import dataclasses
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cleanup.model import Document  # noqa: E402
from cleanup.passes import all_passes, pass_by_name  # noqa: E402
from cleanup.pipeline import Context, Pipeline, Policy  # noqa: E402


def _path(seed: int) -> Path:
    return ROOT / "bench" / "out" / f"order-inputs-s{seed}.pickle"


def record(seed: int, n_pages: int) -> None:
    from bench_order import _Timer
    from corpus import build_corpus
    from cleanup.runner import collect_corpus
    raws = [p.raw for p in build_corpus(20, seed, verbose=True)]
    ctx = Context.default()
    full = all_passes()
    ctx.corpus = collect_corpus(Pipeline(ctx, full), [Document(r) for r in raws])
    order = pass_by_name("order")
    texts: list[str] = []

    def run(doc, c):
        texts.append(doc.text)
        return timer(doc, c)

    timer = _Timer(order.run)
    pipe = Pipeline(ctx, [dataclasses.replace(p, run=run) if p.name == "order" else p for p in full])
    for r in raws[:n_pages]:
        pipe.run(r, Policy())
    with open(_path(seed), "wb") as f:
        pickle.dump({"texts": texts, "stats": ctx.corpus["order"]}, f)
    print(f"{len(texts)} inputs of the order pass on {n_pages} pages -> {_path(seed)}; "
          f"digest {timer.digest.hexdigest()[:16]}")


def replay(seed: int, n: int | None) -> None:
    from bench_order import _Timer
    with open(_path(seed), "rb") as f:
        rec = pickle.load(f)
    texts = rec["texts"] if n is None else rec["texts"][:n]
    ctx = Context.default()
    ctx.corpus = {"order": rec["stats"]}
    timer = _Timer(pass_by_name("order").run)
    # load the lexicon and the segmenter (in both runs: subtracted)
    list(pass_by_name("order").run(Document("今年，我市将加快推进重点项目建设，以产业为基础，积\n\n"
                                            "极布局新能源和新材料产业。\n"), Context.default()))
    t0 = time.process_time()
    for t in texts:
        timer(Document(t), ctx)
    print(f"{len(texts)} inputs: {time.process_time() - t0:.2f} s CPU; digest {timer.digest.hexdigest()[:16]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=("record", "replay"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pages", type=int, default=400, help="record: pages the pipeline runs on")
    ap.add_argument("-n", type=int, default=None, help="replay: only the first N inputs")
    a = ap.parse_args(argv)
    if a.what == "record":
        record(a.seed, a.pages)
    else:
        replay(a.seed, a.n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
