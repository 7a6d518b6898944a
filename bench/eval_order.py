"""Reading-order evaluation on simulated pages (issue 5). Run by hand:

    .venv/bin/python bench/eval_order.py --pages 1000 --seeds 0 1 2

Prints two figures:

1. **interleave recall**: on pages damaged with block-level interleaving
   (``cleanup.simulate`` event ``interleave``: the text from a column break of
   one paragraph through up to three following paragraphs is read after a
   later block), the share of displaced fragments put back in the right place:
   the gold paragraph that was cut reads whole again and is followed by the
   paragraphs that followed it in the gold. Measured with SAFE moves only
   (``zhclean fix``) and with unsafe moves too.
2. **moves on clean pages**: on pages with no layout damage (content damage
   only: misreads, doubled words, punctuation, spaces, markup, wraps, column
   breaks), the number of RO proposals of any applicability after the passes
   that run before ``order``.

``--realistic`` also damages the interleaved pages with wraps, column breaks
and headline moves and runs the passes before ``order`` first.

Clean sources: People's Daily 1998 pages (``../shared/data/corpus``, test use
only, read here and never copied) when present, else recombined fixture gold.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import clean_source  # noqa: E402

from cleanup.model import Document  # noqa: E402
from cleanup.passes import all_passes  # noqa: E402
from cleanup.pipeline import Context, Pipeline, Policy  # noqa: E402
from cleanup.runner import collect_corpus  # noqa: E402
from cleanup.simulate import simulate_page  # noqa: E402

CLEAN_DAMAGES = {"wrap", "blank_split", "misread", "doubled_word", "halfwidth_punct",
                 "space_digit", "markdown", "letter_spaced", "space_break"}


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def fragment_ok(out_lines: list[str], gold_paras: list[str], ev: dict) -> bool:
    """The cut paragraph reads whole again, followed by what followed it in the gold."""
    i, j = ev["gold_para"], ev["through_para"]
    want = gold_paras[i:j + 2]  # the cut paragraph .. through, and the one after
    for k, ln in enumerate(out_lines):
        if ln == want[0]:
            if out_lines[k:k + len(want)] == want:
                return True
    return False


def run(pages: list[str], seeds: list[int], n: int, realistic: bool, verbose: bool,
        corpus: bool = True) -> dict:
    ctx = Context.default()
    passes = all_passes()
    k_order = [p.name for p in passes].index("order")
    before = passes[:k_order]
    order = [passes[k_order]]
    pipe_before = Pipeline(ctx, before)
    pipe_order = Pipeline(ctx, order)
    pol_safe = Policy(select=("RO",), apply_unsafe=False)
    pol_all = Policy(select=("RO",), apply_unsafe=True)
    pol_before = Policy(apply_unsafe=False)
    res = {"pages": 0, "events": 0, "ok_safe": 0, "ok_all": 0, "clean_pages": 0, "clean_moves": 0,
           "clean_safe_moves": 0, "seconds": 0.0, "misses": []}
    t0 = time.perf_counter()
    dmg = {"interleave"} | ({"wrap", "blank_split", "headline_move"} if realistic else set())
    jobs = []
    for seed in seeds:
        for k in range(n):
            text = pages[(seed * 7919 + k) % len(pages)]
            sim = simulate_page(text, seed * 1_000_003 + k, dmg)
            clean = simulate_page(text, seed * 1_000_003 + k, CLEAN_DAMAGES)
            jobs.append((seed, k, sim, clean))
    if corpus:
        # corpus statistics over every page of the run, as `zhclean fix DIR` does
        docs = [Document(x.raw) for _, _, a, b in jobs for x in (a, b)]
        ctx.corpus = collect_corpus(Pipeline(ctx, passes), docs)
    for seed, k, sim, clean in jobs:
        if True:
            evs = [e for e in sim.events if e["kind"] == "interleave"]
            if not evs:
                continue
            raw = sim.raw
            if realistic:
                raw = pipe_before.run(raw, pol_before).text
            gold = sim.paragraphs
            out_s = _lines(pipe_order.run(raw, pol_safe).text)
            out_a = _lines(pipe_order.run(raw, pol_all).text)
            res["pages"] += 1
            for ev in evs:
                res["events"] += 1
                ok_s = fragment_ok(out_s, gold, ev)
                ok_a = fragment_ok(out_a, gold, ev)
                res["ok_safe"] += ok_s
                res["ok_all"] += ok_a
                if not ok_a and len(res["misses"]) < 30:
                    p = gold[ev["gold_para"]]
                    res["misses"].append((seed, k, p[max(0, ev["at"] - 8):ev["at"]] + "|" + p[ev["at"]:ev["at"] + 8]))
            # the same page without layout damage
            pre = pipe_before.run(clean.raw, pol_before).text
            props = pipe_order.propose(Document(pre), pol_all)
            res["clean_pages"] += 1
            res["clean_moves"] += len(props)
            res["clean_safe_moves"] += sum(p.applicability.value == "safe" for p in props)
            if props and verbose:
                for p in props:
                    ev = {x: p.evidence[x] for x in ("match", "margin", "score", "runner_up", "placed_by")
                          if x in p.evidence}
                    print(f"  clean-page move seed={seed} k={k}: {p.code} {p.applicability.value} {p.message} {ev}")
    res["seconds"] = time.perf_counter() - t0
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--pages", type=int, default=1000, help="pages per seed")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--source", default="auto", choices=("auto", "pd1998", "fixtures"))
    ap.add_argument("--realistic", action="store_true", help="add wraps, column breaks, headline moves")
    ap.add_argument("--no-corpus", action="store_true", help="no corpus statistics (as in a one-file run)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    src, pages = clean_source(a.source)
    r = run(pages, a.seeds, a.pages, a.realistic, a.verbose, not a.no_corpus)
    ev = max(1, r["events"])
    print(f"source {src}: {r['pages']} interleaved pages, {r['events']} displaced fragments "
          f"(seeds {a.seeds}, {'realistic' if a.realistic else 'interleave only'})")
    print(f"  put back in the right place: safe moves only {r['ok_safe'] / ev:.3f} "
          f"({r['ok_safe']}/{r['events']}), with unsafe moves {r['ok_all'] / ev:.3f} ({r['ok_all']}/{r['events']})")
    print(f"  clean pages: {r['clean_pages']}, RO proposals on them: {r['clean_moves']} "
          f"(safe {r['clean_safe_moves']})")
    print(f"  {r['seconds']:.1f} s")
    if a.verbose:
        for m in r["misses"]:
            print("  miss", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
