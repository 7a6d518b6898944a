"""Reading-order evaluation on simulated pages (issue 5). Run by hand:

    .venv/bin/python bench/eval_order.py --pages 320 --seeds 0 1 2
    .venv/bin/python bench/eval_order.py --pages 100 --seeds 0 -v --dump bench/out/order-cases

Each page of a run is a distinct text of the source (979 People's Daily
pages: at most 979 pages a run without repeats). The corpus statistics are
collected over the run's damaged (interleaved) pages only.

Prints three figures:

1. **interleave recall**: on pages damaged with block-level interleaving
   (``cleanup.simulate`` event ``interleave``: the text from a column break of
   one paragraph through up to three following paragraphs is read after a
   later block), the share of displaced fragments put back in the right place:
   the gold paragraph that was cut reads whole again and is followed by the
   paragraphs that followed it in the gold. Measured with SAFE moves only
   (``zhclean fix``) and with unsafe moves too, and split by the kind of cut:

   * ``word``: a lexicon word crosses the cut (``积|极``), gain >= 3 nats;
   * ``punct``: the first part ends in ，、：；— or an opener, or the second
     starts with punctuation (mid-sentence for sure);
   * ``number``: a digit cut from its digits or unit;
   * ``boundary``: a cut between two words with nothing at the cut to say
     it is one (``在全力组织抗灾，|力争…`` is ``punct``; ``继续|推进`` is
     ``boundary``);
   * ``final``: the first part ends a sentence (。！？” …): invisible.

2. **moves on clean pages (damaged)**: on the same pages with every damage
   kind *except* ``interleave`` and ``headline_move`` (wraps, column breaks,
   duplicated blocks, spliced tails, merged paragraphs, misreads, doubled
   words, punctuation, spaces, markup), the number of RO proposals of any
   applicability after the passes that run before ``order`` (SAFE fixes).
3. **moves on gold pages**: the clean page itself (no damage at all) given to
   the ``order`` pass.

Clean-page figures should be (close to) zero: every proposal there is a false
move. ``-v`` prints each of them with its evidence; ``--dump DIR`` writes the
page text of each (``DIR/<set>-<seed>-<k>.txt``) to study them.

``--explain`` says, for each kind of cut, what became of the displaced
fragments with unsafe moves applied: put back; the right start moved with
the wrong blocks; its start joined another end; the end is not an open end;
the start is no candidate; less than ``min_boundary`` of evidence at the cut;
the end reads on in place with direct evidence too; the join does not beat
leaving both in place by ``min_margin``.

``--set RO001.min_margin=2.0`` overrides a rule parameter (or a weight) for
one run.

``--realistic`` also damages the interleaved pages with wraps, column breaks
and headline moves and runs the passes before ``order`` first.

Clean sources: People's Daily 1998 pages (``../shared/data/corpus``, test use
only, read here and never copied) when present, else recombined fixture gold.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import clean_source  # noqa: E402

from cleanup.continuation import END_MID, START_MID, crossing  # noqa: E402
from cleanup.model import Document  # noqa: E402
from cleanup.passes import all_passes  # noqa: E402
from cleanup.pipeline import Context, Pipeline, Policy  # noqa: E402
from cleanup.runner import collect_corpus  # noqa: E402
from cleanup.simulate import DAMAGES, simulate_page  # noqa: E402

CLEAN_DAMAGES = set(DAMAGES) - {"interleave", "headline_move"}
CUT_KINDS = ("word", "punct", "number", "boundary", "final")


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


def cut_kind(para: str, at: int) -> str:
    """What the cut ``para[:at] | para[at:]`` looks like (see the module docstring)."""
    a, b = para[:at], para[at:]
    if not a or not b:
        return "boundary"
    if a[-1] in "。！？!?…”’」』）)】》" and not (a[-1] in "”’」』）)】》" and len(a) > 1 and a[-2] not in "。！？!?…"):
        return "final"
    if a[-1] in END_MID or b[0] in START_MID:
        return "punct"
    if a[-1].isdigit() and (b[0].isdigit() or b[0] in "年月日时分秒号个万亿千百元%％"):
        return "number"
    if crossing(a, b).gain >= 3:
        return "word"
    return "boundary"


WHY = ("put back", "right start, wrong extent", "start joined elsewhere", "end not open", "start not a candidate",
       "no evidence at the cut", "in place reads on too", "margin too small")


def why_missed(para: str, ev: dict, props: list, doc: Document, ctx: Context) -> str:
    """Why a displaced fragment was not put back (all proposals applied):
    the move was proposed but moved the wrong blocks; its start went to
    another end; its end is not an open end (a sentence end, a heading);
    its start is no candidate; there is not ``min_boundary`` of evidence at
    the cut itself; the end reads on in place with direct evidence too; or
    the join does not beat leaving both in place by ``min_margin``."""
    from cleanup.passes.order import _scorer, analyse
    a, b = para[:ev["at"]].replace(" ", ""), para[ev["at"]:].replace(" ", "")
    if any(a.endswith(q.evidence["end"]) and b.startswith(q.evidence["start"]) for q in props):
        return "right start, wrong extent"
    if any(b.startswith(q.evidence["start"]) for q in props):
        return "start joined elsewhere"
    blocks = analyse(doc)
    eb = [x for x in blocks if x.flat and a.endswith(x.flat[-12:])]
    sb = [x for x in blocks if x.flat and b.startswith(x.flat[:12])]
    if not eb or not eb[-1].can_end:
        return "end not open"
    if not sb or not sb[0].can_start:
        return "start not a candidate"
    e, st = eb[-1], sb[0]
    sc = _scorer(ctx)
    page = "\x00".join(x.flat for x in blocks)
    prm = ctx.params("RO001")
    if sc.local(e.flat, st.flat, page).boundary < float(prm.get("min_boundary", 1.8)):
        return "no evidence at the cut"
    if e.i + 1 < len(blocks) and sc.local(e.flat, blocks[e.i + 1].flat, page).strong:
        return "in place reads on too"
    return "margin too small"


def run(pages: list[str], seeds: list[int], n: int, realistic: bool, verbose: bool,
        corpus: bool = True, dump: Path | None = None, gold_pages: bool = True,
        overrides: dict[str, dict[str, float]] | None = None, explain: bool = False) -> dict:
    ctx = Context.default()
    for code, kv in (overrides or {}).items():
        prm = ctx.params(code)
        for k, v in kv.items():
            if k in prm:
                prm[k] = v
            else:
                prm.setdefault("weights", {})[k] = v
    passes = all_passes()
    k_order = [p.name for p in passes].index("order")
    before = passes[:k_order]
    order = [passes[k_order]]
    pipe_before = Pipeline(ctx, before)
    pipe_order = Pipeline(ctx, order)
    pol_safe = Policy(select=("RO",), apply_unsafe=False)
    pol_all = Policy(select=("RO",), apply_unsafe=True)
    pol_before = Policy(apply_unsafe=False)
    res: dict = {"pages": 0, "events": 0, "ok_safe": 0, "ok_all": 0, "clean_pages": 0, "clean_moves": 0,
                 "clean_safe_moves": 0, "gold_pages": 0, "gold_moves": 0, "gold_safe_moves": 0,
                 "seconds": 0.0, "misses": [], "by_kind": Counter(), "ok_kind_safe": Counter(),
                 "ok_kind_all": Counter(), "false": [], "why": Counter()}
    t0 = time.perf_counter()
    dmg = {"interleave"} | ({"wrap", "blank_split", "headline_move"} if realistic else set())
    jobs = []
    # every page of the run is a distinct text (a text read twice would put
    # its intact joins into the corpus statistics of the other copy)
    order_of = random.Random(sum(seeds) * 7919 + len(seeds)).sample(range(len(pages)), len(pages))
    if len(seeds) * n > len(pages):
        print(f"note: {len(seeds) * n} pages asked, {len(pages)} distinct texts: texts repeat", file=sys.stderr)
    for si, seed in enumerate(seeds):
        for k in range(n):
            text = pages[order_of[(si * n + k) % len(pages)]]
            sim = simulate_page(text, seed * 1_000_003 + k, dmg)
            clean = simulate_page(text, seed * 1_000_003 + k, CLEAN_DAMAGES)
            jobs.append((seed, k, sim, clean))
    if corpus:
        # corpus statistics over the damaged pages of the run, as `zhclean
        # fix DIR` does (not over the clean copies: a corpus never holds the
        # intact text of the page being repaired)
        docs = [Document(a.raw) for _, _, a, _ in jobs]
        ctx.corpus = collect_corpus(Pipeline(ctx, passes), docs)
    if dump is not None:
        dump.mkdir(parents=True, exist_ok=True)

    def false_moves(tag: str, seed: int, k: int, text: str, props: list) -> None:
        for p in props:
            keys = ("word", "gain", "score", "runner_up", "runner_up_is", "margin", "features",
                    "end", "start", "match", "placed_by", "shared", "headline", "article_start", "stay")
            ev = {x: p.evidence[x] for x in keys if x in p.evidence}
            res["false"].append((tag, seed, k, p.code, p.applicability.value, p.message, ev))
            if verbose:
                print(f"  {tag}-page move seed={seed} k={k}: {p.code} {p.applicability.value} {p.message} {ev}")
        if props and dump is not None:
            (dump / f"{tag}-{seed}-{k}.txt").write_text(text, encoding="utf-8")

    for seed, k, sim, clean in jobs:
        evs = [e for e in sim.events if e["kind"] == "interleave"]
        if evs:
            raw = sim.raw
            if realistic:
                raw = pipe_before.run(raw, pol_before).text
            gold = sim.paragraphs
            out_s = _lines(pipe_order.run(raw, pol_safe).text)
            out_a = _lines(pipe_order.run(raw, pol_all).text)
            props_a = [q for q in pipe_order.propose(Document(raw), pol_all) if q.code == "RO001"] if explain else []
            res["pages"] += 1
            for ev in evs:
                res["events"] += 1
                p = gold[ev["gold_para"]]
                kind = cut_kind(p, ev["at"])
                ok_s = fragment_ok(out_s, gold, ev)
                ok_a = fragment_ok(out_a, gold, ev)
                res["by_kind"][kind] += 1
                res["ok_safe"] += ok_s
                res["ok_all"] += ok_a
                res["ok_kind_safe"][kind] += ok_s
                res["ok_kind_all"][kind] += ok_a
                if explain:
                    why = "put back" if ok_a else why_missed(p, ev, props_a, Document(raw), ctx)
                    res["why"][(kind, why)] += 1
                if not ok_a and len(res["misses"]) < 60:
                    res["misses"].append((seed, k, kind, p[max(0, ev["at"] - 10):ev["at"]] + "|"
                                          + p[ev["at"]:ev["at"] + 10]))
                if not ok_a and dump is not None:
                    (dump / f"miss-{seed}-{k}.txt").write_text(raw, encoding="utf-8")
        # the same page without layout damage
        try:
            pre = pipe_before.run(clean.raw, pol_before).text
        except Exception as exc:  # another pass's bug: count it, do not stop the evaluation
            res["errors"] = res.get("errors", 0) + 1
            if verbose:
                print(f"  error in the passes before order, seed={seed} k={k}: {exc!r}")
            pre = clean.raw
        props = pipe_order.propose(Document(pre), pol_all)
        res["clean_pages"] += 1
        res["clean_moves"] += len(props)
        res["clean_safe_moves"] += sum(p.applicability.value == "safe" for p in props)
        false_moves("clean", seed, k, pre, props)
        if gold_pages:
            props = pipe_order.propose(Document(clean.gold), pol_all)
            res["gold_pages"] += 1
            res["gold_moves"] += len(props)
            res["gold_safe_moves"] += sum(p.applicability.value == "safe" for p in props)
            false_moves("gold", seed, k, clean.gold, props)
    res["seconds"] = time.perf_counter() - t0
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--pages", type=int, default=350, help="pages per seed")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--source", default="auto", choices=("auto", "pd1998", "fixtures"))
    ap.add_argument("--realistic", action="store_true", help="add wraps, column breaks, headline moves")
    ap.add_argument("--no-corpus", action="store_true", help="no corpus statistics (as in a one-file run)")
    ap.add_argument("--no-gold", action="store_true", help="skip the undamaged gold pages")
    ap.add_argument("--dump", type=Path, help="write the pages of false moves and misses here")
    ap.add_argument("--set", action="append", default=[], metavar="CODE.NAME=VALUE",
                    help="override a rule parameter or weight for this run (RO001.min_margin=2.0)")
    ap.add_argument("--explain", action="store_true",
                    help="say for each kind of cut why the fragments not put back were missed")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    overrides: dict[str, dict[str, float]] = {}
    for item in a.set:
        key, val = item.split("=", 1)
        code, name = key.split(".", 1)
        overrides.setdefault(code, {})[name] = float(val)
    src, pages = clean_source(a.source)
    r = run(pages, a.seeds, a.pages, a.realistic, a.verbose, not a.no_corpus, a.dump, not a.no_gold, overrides,
            a.explain)
    ev = max(1, r["events"])
    print(f"source {src}: {r['pages']} interleaved pages, {r['events']} displaced fragments "
          f"(seeds {a.seeds}, {'realistic' if a.realistic else 'interleave only'})")
    print(f"  put back in the right place: safe moves only {r['ok_safe'] / ev:.3f} "
          f"({r['ok_safe']}/{r['events']}), with unsafe moves {r['ok_all'] / ev:.3f} ({r['ok_all']}/{r['events']})")
    for kind in CUT_KINDS:
        m = r["by_kind"][kind]
        if m:
            print(f"    cut {kind:<8} {m:>5}: safe {r['ok_kind_safe'][kind] / m:.3f}  "
                  f"all {r['ok_kind_all'][kind] / m:.3f}")
    if a.explain:
        print("  with unsafe moves, what became of the displaced fragments, by kind of cut:")
        for kind in CUT_KINDS:
            m = r["by_kind"][kind]
            if m:
                print(f"    {kind:<8} {m:>5}: " + ", ".join(f"{w} {r['why'][(kind, w)]}" for w in WHY
                                                      if r["why"][(kind, w)]))
    print(f"  damaged clean pages: {r['clean_pages']}, RO proposals on them: {r['clean_moves']} "
          f"(safe {r['clean_safe_moves']})")
    if r["gold_pages"]:
        print(f"  gold pages: {r['gold_pages']}, RO proposals on them: {r['gold_moves']} "
              f"(safe {r['gold_safe_moves']})")
    if r.get("errors"):
        print(f"  ({r['errors']} pages hit an error in the passes before order; their raw text was used)")
    print(f"  {r['seconds']:.1f} s")
    if a.verbose:
        for m in r["misses"]:
            print("  miss", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
