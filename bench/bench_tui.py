#!/usr/bin/env python3
"""Benchmark of the review TUI (``zhclean review``), run by hand, not by the tests.

    .venv/bin/python bench/bench_tui.py                 # both parts
    .venv/bin/python bench/bench_tui.py keystrokes --page 001 [--no-replay]
    .venv/bin/python bench/bench_tui.py responsiveness --pages 1000

1. **Keystrokes** to turn a raw fixture page into its gold with the TUI,
   against the Levenshtein distance raw -> gold (the keystrokes of editing by
   hand, one per inserted, deleted or replaced character). An oracle editor
   who knows the gold goes through the queue with the real pipeline: it
   accepts a proposal when applying it brings the text closer to the gold
   (``a``; ``A`` when every pending proposal of the rule is good), rejects it
   otherwise (``x``; ``X`` when all are bad), edits the replacement (``e``,
   ``ctrl+u``, the text, ``enter``) when the gold differs from both the old
   text and the proposal and that costs fewer keystrokes than fixing it by
   hand later, then writes (``w``) and quits (``q``). What the pipeline does
   not propose is fixed by hand afterwards: the residual Levenshtein distance
   of the written text to the gold. Two workflows: SAFE proposals
   pre-accepted (the default) and ``--review-safe``. The key sequence is then
   replayed in the real app with Textual's Pilot and the written file is
   checked against the simulated text (``--no-replay`` skips it).
2. **Responsiveness** on a corpus of N pages (the fixture pages replicated into
   a temporary directory): time until the file list is on screen (including
   the discovery of the files and the configuration), time until the first
   page's proposals are shown (provisional, then final), and the latency of
   moving between proposals (``j``/``k``/``J``/``K``) while the background
   engine is busy (gathering corpus statistics and counting the file list,
   and recomputing after a decision), measured with Pilot.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from cleanup.model import Edit, apply_edits  # noqa: E402
from cleanup.review import (PENDING, DecisionStore, QueueView, ReviewSession,  # noqa: E402
                            implied_text)

RAW = ROOT / "fixtures" / "raw"
GOLD = ROOT / "fixtures" / "gold"


# ---------------------------------------------------------------------------
# 1. keystrokes


class Judge:
    """Is a proposal good? It is when applying it to the current text brings the
    text closer to the gold (whole-text Levenshtein distance: an alignment of a
    page whose blocks are out of order would mislead a local window). A
    proposal is judged once, by fingerprint, on the text where it first shows."""

    def __init__(self, gold: str) -> None:
        self.gold = gold
        self.cache: dict[str, tuple[int, int]] = {}  # fp -> (hash of the text judged on, gain)
        self._base: tuple[str, int] | None = None

    def _distance(self, text: str) -> int:
        if self._base is None or self._base[0] != text:
            self._base = (text, Levenshtein.distance(text, self.gold))
        return self._base[1]

    def gain(self, text: str, fp: str, edits: list[Edit], fresh: bool = True) -> int:
        """``fresh``: on this very text (a decision); else a verdict from an earlier
        text will do (to see whether a whole rule is good, for ``A``/``X``)."""
        hit = self.cache.get(fp)
        if hit is None or (fresh and hit[0] != hash(text)):
            g = self._distance(text) - Levenshtein.distance(apply_edits(text, edits), self.gold)
            self.cache[fp] = hit = (hash(text), g)
        return hit[1]

    def gold_for(self, text: str, start: int, end: int, context: int = 8) -> str | None:
        """What the gold has between the context before and after a span (if unique)."""
        before, after = text[max(0, start - context):start], text[end:end + context]
        i = self.gold.find(before)
        if not before or i < 0 or self.gold.find(before, i + 1) >= 0:
            return None
        j = self.gold.find(after, i + len(before))
        if not after or j < 0 or j - (i + len(before)) > 3 * (end - start) + 8:
            return None
        return self.gold[i + len(before):j]


def oracle_review(path: Path, gold: str, *, review_safe: bool, pipeline) -> dict:
    """Go through the queue as the TUI would; returns the keys and the final text."""
    store = DecisionStore(None)
    s = ReviewSession(path, store, pipeline, review_safe=review_safe)
    snap = s.ensure_current()
    view = QueueView(s)
    keys: list[str] = []
    counts = {"accept": 0, "reject": 0, "edit": 0, "bulk": 0, "move": 0}
    judge = Judge(gold)
    for _ in range(5000):
        snap = s.snapshot
        item = view.current
        if item is None:
            break
        if s.status(item) != PENDING:
            if not view.advance():
                break
            keys.append("j")
            counts["move"] += 1
            continue

        def good(it, fresh: bool = True) -> bool:
            return judge.gain(snap.text, it.fingerprint, list(it.proposal.edits), fresh) > 0

        def lookahead(its) -> bool:
            """Accepting looks bad right now; is it still bad once the later stages
            have run (as the SAFE ones would run them)? The editor sees the page."""
            policy, _ = store.policy(False)
            fps = [it.fingerprint for it in its]
            acc = dict(policy.accepted, **{f: None for f in fps})
            rej = policy.rejected - set(fps)
            from cleanup.pipeline import Policy
            with_ = pipeline.run(s.original, Policy(accepted=acc, rejected=rej), str(path)).text
            without = pipeline.run(s.original, Policy(accepted=dict(policy.accepted),
                                                      rejected=rej | set(fps)), str(path)).text
            return Levenshtein.distance(with_, gold) < Levenshtein.distance(without, gold)

        group = s.pending_of(item.code)
        verdicts = [good(it, fresh=it is item) for it in group]
        if len(group) > 1 and (all(verdicts) or not any(verdicts)):
            verdicts = [good(it) for it in group]  # a bulk decision: confirm on this text
        together = 0
        if len(group) > 1 and not all(verdicts):
            # proposals of one rule can depend on each other (the copies of a repeated
            # block): judge them applied together as well
            edits = [e for it in group for e in it.proposal.edits]
            try:
                together = judge.gain(snap.text, "group:" + item.code + ":" + ",".join(
                    it.fingerprint for it in group), edits)
            except ValueError:  # overlapping edits
                together = 0
            alone = sum(max(0, judge.gain(snap.text, it.fingerprint, list(it.proposal.edits), False))
                        for it in group)
            if together > alone:
                verdicts = [True] * len(group)
        if len(group) > 1 and not any(verdicts) and lookahead(group):
            verdicts = [True] * len(group)
        if len(group) > 1 and all(verdicts):
            keys.append("A")
            s.accept_rule(item.code)
            counts["bulk"] += 1
        elif len(group) > 1 and not any(verdicts):
            keys.append("X")
            s.reject_rule(item.code)
            counts["bulk"] += 1
        elif good(item) or lookahead([item]):
            keys.append("a")
            s.accept(item)
            counts["accept"] += 1
        else:
            done = False
            if len(item.proposal.edits) == 1:
                e = item.proposal.edits[0]
                want = judge.gold_for(snap.text, e.start, e.end)
                old = snap.text[e.start:e.end]
                if want is not None and want not in (old, e.replacement) \
                        and judge.gain(snap.text, "edit:" + item.fingerprint, [Edit(e.start, e.end, want)]) > 0 \
                        and 3 + len(want) < 1 + Levenshtein.distance(old, want):
                    keys += ["e", "ctrl+u", *want, "enter"]
                    s.accept(item, replacement=want)
                    counts["edit"] += 1
                    done = True
            if not done:
                keys.append("x")
                s.reject(item)
                counts["reject"] += 1
        view.advance()
        s.ensure_current()
        view.refresh()
    keys += ["w", "q"]
    final = s.ensure_current().text
    return {"keys": keys, "text": final, "counts": counts}


async def replay(path: Path, keys: list[str], *, review_safe: bool, pipeline_factory) -> tuple[str, float]:
    """Press the keys in the real app (Pilot), settling after each; returns the written text."""
    from tui.app import ReviewApp

    app = ReviewApp.for_files([path], journal=path.parent / "decisions.jsonl", review_safe=review_safe,
                              pipeline_factory=pipeline_factory)
    t0 = time.monotonic()
    async with app.run_test(size=(120, 40)) as pilot:
        async def settle() -> None:
            await pilot.pause()
            while app.busy:
                await pilot.pause(0.01)
            await pilot.pause()
        await settle()
        for k in keys[:-1]:  # all but q
            await pilot.press(k)
            await settle()
        await pilot.press("q")
    return path.read_text(encoding="utf-8"), time.monotonic() - t0


def bench_keystrokes(page: str, do_replay: bool) -> dict:
    from cleanup.pipeline import Pipeline
    from tui.app import default_pipeline

    raw_path = next(RAW.glob(f"{page}_*.txt"))
    gold = next(p for p in GOLD.glob(f"{page}_*.txt") if not p.name.endswith(".notes.md")).read_text(encoding="utf-8")
    raw = raw_path.read_text(encoding="utf-8")
    hand = Levenshtein.distance(raw, gold)
    out: dict = {"page": raw_path.name, "hand_keystrokes": hand, "workflows": {}}
    pipe: Pipeline = default_pipeline()
    for review_safe in (False, True):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / raw_path.name
            p.write_text(raw, encoding="utf-8")
            pipe.ctx.corpus = {}
            t0 = time.monotonic()
            from cleanup.runner import collect_corpus
            from cleanup.model import Document
            pipe.ctx.corpus = collect_corpus(pipe, [Document(raw, str(p))])
            r = oracle_review(p, gold, review_safe=review_safe, pipeline=pipe)
            sim_s = time.monotonic() - t0
            residual = Levenshtein.distance(r["text"], gold)
            tui_keys = len(r["keys"])
            total = tui_keys + residual
            auto_only = Levenshtein.distance(implied_text(p, None, pipeline=pipe, text=raw), gold)
            row = {
                "tui_keys": tui_keys, "decisions": r["counts"], "residual_hand_keys": residual,
                "total_keys": total, "percent_of_hand": round(100 * total / hand, 2),
                "fix_default_then_hand": auto_only,
                "simulation_s": round(sim_s, 1),
            }
            if do_replay:
                written, secs = asyncio.run(replay(p, r["keys"], review_safe=review_safe,
                                                   pipeline_factory=default_pipeline))
                row["replay_matches"] = written == r["text"]
                row["replay_s"] = round(secs, 1)
            out["workflows"]["review-safe" if review_safe else "default"] = row
    return out


# ---------------------------------------------------------------------------
# 2. responsiveness


def make_corpus(d: Path, n: int) -> list[Path]:
    pages = sorted(RAW.glob("*.txt"))
    out = []
    for i in range(n):
        src = pages[i % len(pages)]
        f = d / f"{i:04d}_{src.name}"
        f.write_bytes(src.read_bytes())
        out.append(f)
    return out


async def _responsiveness(d: Path, n: int) -> dict:
    from cleanup.review import setup
    from textual.widgets import DataTable
    from tui.app import ReviewApp
    from tui.screens import FileListScreen, ReviewScreen

    os.chdir(d)
    t0 = time.monotonic()
    rs = setup(["pages"])
    app = ReviewApp(rs.corpus)
    res: dict = {"pages": n}
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, FileListScreen) and app.screen.is_mounted
                   and app.screen.query_one(DataTable).row_count == n):
            await pilot.pause(0.005)
        res["file_list_s"] = round(time.monotonic() - t0, 3)
        # open the first page at once, while the engine gathers the corpus statistics
        t1 = time.monotonic()
        await pilot.press("enter")
        scr = app.screen
        assert isinstance(scr, ReviewScreen)
        while scr.session is None or scr.session.snapshot is None:
            await pilot.pause(0.01)
        res["first_page_proposals_s"] = round(time.monotonic() - t1, 3)
        res["first_page_provisional"] = scr.session.provisional
        while scr.session.provisional:
            await pilot.pause(0.05)
        res["final_proposals_s"] = round(time.monotonic() - t1, 3)
        res["corpus_statistics_done"] = app.corpus.prepared
        await pilot.pause(0.2)
        lat: list[float] = []
        busy_during: list[bool] = []
        for round_ in range(4):
            await pilot.press("a")  # a decision: the page is recomputed in the background
            for k in "jjjjjKKKKkkJJJ":
                t = time.monotonic()
                await pilot.press(k)
                lat.append(time.monotonic() - t)
                busy_during.append(app.busy)
        res["moves"] = len(lat)
        res["moves_while_engine_busy"] = sum(busy_during)
        res["move_latency_ms"] = {
            "median": round(1000 * statistics.median(lat), 1),
            "p95": round(1000 * sorted(lat)[int(0.95 * (len(lat) - 1))], 1),
            "max": round(1000 * max(lat), 1),
        }
        counted = sum(1 for e in app.corpus.entries if e.counts is not None)
        res["files_counted_meanwhile"] = counted
        # the same moves with the engine stopped: what Pilot and the machine cost anyway
        app._engine_stop.set()
        while app._engine_current is not None:
            await pilot.pause(0.05)
        idle: list[float] = []
        for k in "jjjjjKKKKkkJJJ" * 2:
            t = time.monotonic()
            await pilot.press(k)
            idle.append(time.monotonic() - t)
        res["move_latency_idle_ms"] = {
            "median": round(1000 * statistics.median(idle), 1),
            "max": round(1000 * max(idle), 1),
        }
        res["load_average"] = os.getloadavg()[0]
    return res


def console_first_screen(d: Path, n: int) -> float | None:
    """Seconds from starting the real ``zhclean review pages`` in tmux (120x40) until
    the file list with all N files is on the screen (None without tmux)."""
    import re
    import shutil
    import subprocess

    tmux = shutil.which("tmux")
    if tmux is None:
        return None
    sock = f"zhclean-bench-{os.getpid()}"
    env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    zh = Path(sys.executable).parent / "zhclean"

    def tm(*a: str) -> str:
        return subprocess.run([tmux, "-u", "-L", sock, *a], capture_output=True, text=True, env=env,
                              cwd=d, timeout=30).stdout

    try:
        t0 = time.monotonic()
        tm("new-session", "-d", "-x", "120", "-y", "40", "-s", "b", "-c", str(d), f"{zh} review pages")
        while time.monotonic() - t0 < 60:
            if re.search(rf"{n} files", tm("capture-pane", "-p", "-t", "b")):
                return round(time.monotonic() - t0, 3)
            time.sleep(0.02)
        return None
    finally:
        tm("kill-server")


def bench_responsiveness(n: int) -> dict:
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "pages").mkdir()
        make_corpus(Path(d) / "pages", n)
        first = console_first_screen(Path(d), n)
        try:
            res = asyncio.run(_responsiveness(Path(d), n))
        finally:
            os.chdir(cwd)
        res["console_script_file_list_s"] = first
        return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("part", nargs="?", choices=["keystrokes", "responsiveness", "all"], default="all")
    ap.add_argument("--page", default="001", help="fixture page with a gold (000, 001, 003)")
    ap.add_argument("--pages", type=int, default=1000, help="corpus size for the responsiveness part")
    ap.add_argument("--no-replay", action="store_true", help="do not replay the keys in the real app")
    ap.add_argument("--json", help="write the results to this file")
    args = ap.parse_args()
    out = {}
    if args.part in ("keystrokes", "all"):
        out["keystrokes"] = bench_keystrokes(args.page, not args.no_replay)
        print(json.dumps(out["keystrokes"], ensure_ascii=False, indent=1), flush=True)
    if args.part in ("responsiveness", "all"):
        out["responsiveness"] = bench_responsiveness(args.pages)
        print(json.dumps(out["responsiveness"], ensure_ascii=False, indent=1), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
