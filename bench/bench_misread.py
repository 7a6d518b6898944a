"""Benchmark of the misread pass (MR). Run by hand, never by tests:

    .venv/bin/python bench/bench_misread.py [--shared ../shared] [--skip-speed]

Reads licensed-for-measurement data from ``../shared`` (never copied into the
repository):

* ``data/csc/faspell_trn_ocr.jsonl``: real OCR sentences with corrections.
  Reports precision and recall of character corrections, for SAFE fixes and
  for all proposals separately (one proposal per position: the most confident).
  Gold corrections counted: same-length sentence pairs, positions where a Han
  character was replaced by another Han character that is not merely its
  traditional/simplified counterpart (the set mixes scripts); the raw count
  over every edit is printed too.
* ``data/corpus/pd199801_early.jsonl``: clean People's Daily paragraphs
  (full-width digits normalised). Over-correction: the share of paragraphs
  that get any SAFE misread fix, and UNSAFE proposals per 10k characters.
* Speed: the pass over a >= 20 MB corpus (the clean paragraphs, repeated,
  cut into page-sized documents), collect + merge + run timed separately;
  start-up time and memory of the lexicon, confusion data and indexes.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FW_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def faspell(shared: Path, half: str = "all", limit: int = 0) -> list[tuple[str, str, dict[int, str]]]:
    """(src, tgt, {offset: gold character}) of the FASPell OCR sentences; ``half``
    "a" is the first half of the file (used to fit MR005), "b" the second
    (held out), "all" both. Gold: Han -> Han substitutions in same-length
    pairs that are not mere traditional/simplified variants."""
    import opencc
    from cleanup.charclass import is_han
    t2s = opencc.OpenCC("t2s")
    rows = [json.loads(l) for l in (shared / "data/csc/faspell_trn_ocr.jsonl").open(encoding="utf-8")]
    mid = len(rows) // 2
    rows = rows[:mid] if half == "a" else rows[mid:] if half == "b" else rows
    if limit:
        rows = rows[:limit]
    out = []
    for r in rows:
        src, tgt = r["src"], r["tgt"]
        gold = {}
        if len(src) == len(tgt):
            for k, (a, b) in enumerate(zip(src, tgt)):
                if a != b and is_han(a) and is_han(b) and t2s.convert(b) != a and t2s.convert(a) != b:
                    gold[k] = b
        out.append((src, tgt, gold, sum(1 for e in r["edits"] if e["src"] != e["tgt"])))
    return out


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences/paragraphs")
    ap.add_argument("--show", type=int, default=0, help="print N false SAFE fixes and N misses")
    ap.add_argument("--half", choices=("a", "b", "all"), default="all",
                    help="FASPell sentences: first half (MR005 was fitted on it), second half (held out), or all")
    ap.add_argument("--min", action="append", default=[], metavar="CODE=MIN",
                    help="set one rule's minimum confidence, as the configuration's thresholds would "
                         "(e.g. MR005=0.05 shows MR005's weakest tier)")
    ap.add_argument("--min0", action="store_true",
                    help="ignore the rules' minimum confidence (to see the whole precision/recall curve)")
    args = ap.parse_args()
    shared = Path(args.shared)

    rss0 = rss_mb()
    t0 = time.perf_counter()
    from cleanup.lexicon import get_lexicon
    from cleanup.confusion import get_confusion
    lx = get_lexicon()
    t1 = time.perf_counter()
    conf = get_confusion()
    t2 = time.perf_counter()
    from cleanup.passes.misread import get_model, PASSES
    model = get_model()
    t3 = time.perf_counter()
    print(f"start-up: lexicon {t1 - t0:.2f}s ({len(lx.freq)} words), confusion {t2 - t1:.2f}s "
          f"({len(conf)} chars), indexes {t3 - t2:.2f}s ({len(model.fills)} masked keys, "
          f"{len(model.bigrams)} bigrams); total {t3 - t0:.2f}s")
    print(f"memory: max RSS {rss_mb():.0f} MB (before loading {rss0:.0f} MB)")

    from cleanup.model import Applicability, Document
    from cleanup.pipeline import Context, Pipeline, Policy
    from cleanup.rules import RuleSet

    ps = PASSES[0]
    ctx = Context(RuleSet.load())
    pipe = Pipeline(ctx, [ps])
    pol = Policy(select=("MR",))
    if args.min0:
        ctx.settings.thresholds = {c: {"min": 0.0} for c in ps.codes}
    for spec in args.min:
        code, _, value = spec.partition("=")
        ctx.settings.thresholds[code] = {"min": float(value)}
    if ctx.settings.thresholds:
        print(f"thresholds: {ctx.settings.thresholds}")

    def proposals(text: str, corpus: dict | None = None):
        ctx.corpus = {"misread": corpus} if corpus is not None else {}
        return pipe._run_pass(ps, Document(text), pol)

    # -- FASPell OCR sentences --------------------------------------------------
    csc = shared / "data/csc/faspell_trn_ocr.jsonl"
    if csc.exists():
        rows = faspell(shared, args.half, args.limit)
        gold_n = 0
        gold_all = 0
        tp = {"safe": 0, "all": 0}
        fp = {"safe": 0, "all": 0}
        by_code = Counter()
        by_code_ok = Counter()
        bad_safe = []
        misses = []
        scored: list[tuple[float, bool]] = []
        t = time.perf_counter()
        for src, tgt, gold, n_edits in rows:
            gold_all += n_edits
            gold_n += len(gold)
            best: dict[int, object] = {}
            for p in proposals(src):
                e = p.edits[0]
                if e.end - e.start != 1 or len(p.edits) != 1:
                    continue
                q = best.get(e.start)
                if q is None or p.confidence > q.confidence:
                    best[e.start] = p
            got_pos = set()
            for k, p in best.items():
                rep = p.edits[0].replacement
                ok = gold.get(k) == rep
                scored.append((p.confidence, ok))
                by_code[p.code] += 1
                by_code_ok[p.code] += ok
                tp["all"] += ok
                fp["all"] += not ok
                if ok:
                    got_pos.add(k)
                if p.applicability is Applicability.SAFE:
                    tp["safe"] += ok
                    fp["safe"] += not ok
                    if not ok:
                        bad_safe.append((src, tgt, k, rep, p.code, p.evidence))
            for k in gold:
                if k not in got_pos:
                    misses.append((src, tgt, k))
        dt = time.perf_counter() - t
        print(f"\nFASPell OCR, half {args.half} ({len(rows)} sentences, {gold_n} Han->Han corrections counted, "
              f"{gold_all} edits of any kind; {dt:.1f}s)")
        for kind in ("safe", "all"):
            n = tp[kind] + fp[kind]
            prec = tp[kind] / n if n else 0.0
            rec = tp[kind] / gold_n if gold_n else 0.0
            rec_all = tp[kind] / gold_all if gold_all else 0.0
            print(f"  {kind:4s}: proposed {n:5d}  correct {tp[kind]:5d}  precision {prec:.3f}  "
                  f"recall {rec:.3f} (of every edit: {rec_all:.3f})")
        curve = []
        for cut in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            sel = [ok for cf, ok in scored if cf >= cut]
            if sel:
                curve.append(f">={cut}: P {sum(sel) / len(sel):.2f} R {sum(sel) / max(1, gold_n):.3f}")
        print("  by confidence: " + "; ".join(curve))
        print("  per code (proposed / correct): " + ", ".join(
            f"{c} {by_code[c]}/{by_code_ok[c]}" for c in sorted(by_code)))
        for src, tgt, k, rep, code, ev in bad_safe[: args.show]:
            print(f"  FALSE SAFE {code}: {src} [{src[k]}->{rep}] gold {tgt} {ev}")
        for src, tgt, k in misses[: args.show]:
            print(f"  MISS: {src} [{src[k]}->{tgt[k]}]")
    else:
        print(f"\n(no {csc}: FASPell part skipped)")

    # -- clean text: over-correction ---------------------------------------------------
    pd = shared / "data/corpus/pd199801_early.jsonl"
    paras: list[str] = []
    if pd.exists():
        paras = [json.loads(l)["text"].translate(FW_DIGITS) for l in pd.open(encoding="utf-8")]
        if args.limit:
            paras = paras[: args.limit]
        n_safe = 0
        n_unsafe = 0
        chars = 0
        codes = Counter()
        examples = []
        confs: list[float] = []
        t = time.perf_counter()
        for text in paras:
            chars += len(text)
            props = proposals(text)
            safe = [p for p in props if p.applicability is Applicability.SAFE]
            n_unsafe += len(props) - len(safe)
            for p in props:
                codes[(p.code, p.applicability.value)] += 1
                confs.append(p.confidence)
            if safe:
                n_safe += 1
                if len(examples) < args.show:
                    e = safe[0].edits[0]
                    examples.append(f"{text[max(0, e.start - 6):e.start]}[{text[e.start:e.end]}->{e.replacement}]"
                                    f"{text[e.end:e.end + 6]} {safe[0].code} {safe[0].evidence}")
        dt = time.perf_counter() - t
        print(f"\nclean text ({len(paras)} paragraphs, {chars} chars, page-level only; {dt:.1f}s)")
        print(f"  paragraphs with a SAFE fix: {n_safe} ({100 * n_safe / max(1, len(paras)):.3f}%)  target <= 0.2%")
        print(f"  UNSAFE proposals: {n_unsafe} ({1e4 * n_unsafe / max(1, chars):.1f} per 10k chars)")
        print("  by code: " + ", ".join(f"{c}/{a} {n}" for (c, a), n in sorted(codes.items())))
        print("  proposals per 10k chars by confidence: " + "; ".join(
            f">={cut}: {1e4 * sum(1 for x in confs if x >= cut) / max(1, chars):.1f}"
            for cut in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)))
        for ex in examples:
            print("  SAFE on clean text:", ex)
    else:
        print(f"\n(no {pd}: clean-text part skipped)")

    # -- speed ----------------------------------------------------------------------------
    if not args.skip_speed and paras:
        all_paras = [json.loads(l)["text"].translate(FW_DIGITS) for l in pd.open(encoding="utf-8")]
        blob = "\n\n".join(all_paras)
        reps = -(-20_000_000 // len(blob.encode()))
        big = "\n\n".join([blob] * reps)
        nbytes = len(big.encode())
        page = 17_000
        docs = [Document(big[k:k + page]) for k in range(0, len(big), page)]
        t, c = time.perf_counter(), time.process_time()
        stats = ps.merge([ps.collect(d) for d in docs])
        _ = stats.masked  # built lazily on first use; part of the corpus step
        t_collect, c_collect = time.perf_counter() - t, time.process_time() - c
        ctx.corpus = {"misread": stats}
        t, c = time.perf_counter(), time.process_time()
        n_props = 0
        for d in docs:
            for _ in ps.run(d, ctx):
                n_props += 1
        t_run, c_run = time.perf_counter() - t, time.process_time() - c
        mb = nbytes / 1e6
        try:
            load = open("/proc/loadavg").read().split()[0]
        except OSError:
            load = "?"
        print(f"\nspeed on {mb:.1f} MB ({len(big)} chars, {len(docs)} pages of {page} chars; "
              f"load average {load} on {os.cpu_count()} cores):")
        print(f"  run           wall {t_run:.1f}s = {mb / t_run:.2f} MB/s, CPU {c_run:.1f}s = "
              f"{mb / c_run:.2f} MB/s ({n_props} proposals)  target >= 2 MB/s")
        print(f"  collect+merge wall {t_collect:.1f}s = {mb / t_collect:.2f} MB/s, CPU {c_collect:.1f}s = "
              f"{mb / c_collect:.2f} MB/s ({len(stats)} recurring n-grams)")
        print(f"  both          wall {mb / (t_run + t_collect):.2f} MB/s, CPU {mb / (c_run + c_collect):.2f} MB/s")
        print(f"  memory: max RSS {rss_mb():.0f} MB (includes the corpus text and its statistics)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
