"""Fit MR005's logistic weights (``CTX_WEIGHTS`` in cleanup/passes/misread.py).
Run by hand, never by tests:

    .venv/bin/python bench/fit_misread.py [--shared ../shared] [--half a]

Reads the first half of ``../shared/data/csc/faspell_trn_ocr.jsonl`` (the
second half is held out for bench_misread.py --half b). Every MR005
candidate the pass evaluates at its positions (weakly combined characters and
their neighbours) is one sample, labelled by whether it is the gold
correction; the features are generic (gain, margins, visual similarity,
word length, frequencies), never the character pairs themselves. Prints the
weights as a Python tuple and the precision/recall of the best candidate per
position at a few probability cuts, on the fitting half and the held-out half.
"""
from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_misread import faspell  # noqa: E402


def samples(rows):
    from cleanup.passes import misread as M
    model = M.get_model()
    out = []  # per position: [(features, ok)]
    gold_n = 0
    for src, _tgt, gold, _n in rows:
        gold_n += len(gold)
        _ok, flagged, _hits = M._analyse(src)
        flagset = set(flagged)
        span_cost: dict = {}
        for j, seeds in sorted(M._context_seeds(model, src, flagged).items()):
            a, b = M._han_bounds(src, j)
            if b - a < 2:
                continue
            cands = M._context_candidates(model, src, j, a, b, j in flagset, seeds, span_cost, features=True)
            if cands:  # (features, is the gold correction, passes the whole-window check)
                out.append([(x, gold.get(j) == c, M._confirm(model, src, j, c, a, b) >= M.CTX_MIN_GAIN)
                            for x, c, *_ in cands])
    return out, gold_n


def fit(data, d, epochs=6, l2=1e-4, seed=1):
    xs = [(x, y) for pos in data for x, y, _ in pos]
    w = [0.0] * d
    rnd = random.Random(seed)
    lr = 0.1
    for _ in range(epochs):
        rnd.shuffle(xs)
        for x, y in xs:
            z = max(-30.0, min(30.0, sum(a * b for a, b in zip(w, x))))
            g = 1.0 / (1.0 + math.exp(-z)) - y
            for k in range(d):
                w[k] -= lr * (g * x[k] + l2 * w[k])
        lr *= 0.6
    return w


def report(name, data, gold_n, w):
    from cleanup.passes import misread as M
    best = []
    for pos in data:  # as the pass: the most likely of the CTX_EVAL best that passes the check
        ps = sorted(((1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, sum(a * b for a, b in zip(w, x)))))), y, conf)
                     for x, y, conf in pos), reverse=True)[:M.CTX_EVAL]
        ps = [(p, y) for p, y, conf in ps if conf]
        if ps:
            best.append(ps[0])
    best.sort(reverse=True)
    parts = []
    for cut in (0.05, 0.1, 0.2, 0.3, 0.5, 0.7):
        sel = [y for p, y in best if p >= cut]
        parts.append(f">={cut}: n {len(sel)} P {sum(sel) / max(1, len(sel)):.2f} R {sum(sel) / max(1, gold_n):.3f}")
    print(f"{name}: " + "; ".join(parts))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    from cleanup.passes import misread as M
    shared = Path(args.shared)
    train, ga = samples(faspell(shared, "a"))
    test, gb = samples(faspell(shared, "b"))
    d = len(M.CTX_FEATURES)
    w = fit(train, d)
    print("CTX_WEIGHTS = (" + ", ".join(f"{x:.2f}" for x in w) + ")")
    print("  " + ", ".join(f"{n} {x:+.2f}" for n, x in zip(M.CTX_FEATURES, w)))
    report("half a (fitted)", train, ga, w)
    report("half b (held out)", test, gb, w)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
