"""Shared benchmark corpus: simulated OCR pages with their gold (bench scripts only).

    from corpus import build_corpus        # with bench/ on sys.path
    pages = build_corpus(20, seed=0)       # list[cleanup.simulate.SimPage], >= 20 MB of raw

Sizes are MB = 10**6 bytes of UTF-8 *raw* text (the input the passes read).
The corpus is cached as ``bench/out/corpus-v<SIM_VERSION>-<source>-<mb>mb-s<seed>.jsonl``
(one JSON object a page: raw, gold, events, seed, width, stats); delete the
file to rebuild it.

Clean sources (``source=``):

* ``"pd1998"``: People's Daily, January 1998 (``../shared/data/corpus/
  pd199801_early.jsonl``, licensed for test use only: read here, never copied
  into the repository, never used by tests). Paragraph 1 of an article is
  usually its headline; digits are full-width. Articles of one printed page
  form one clean page (long pages are cut into pages of a few articles).
* ``"fixtures"``: articles of the bundled gold pages recombined by
  ``cleanup.simulate.clean_pages`` (small pool: fine for speed, repetitive
  for statistics).
* ``"auto"`` (default): pd1998 when the file exists, else fixtures.
"""
from __future__ import annotations

import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cleanup.simulate import SIM_VERSION, SimPage, clean_pages, gold_join, simulate_page  # noqa: E402

OUT = ROOT / "bench" / "out"
PD1998 = ROOT.parent / "shared" / "data" / "corpus" / "pd199801_early.jsonl"
MB = 10**6


def pd1998_pages(path: Path = PD1998, max_articles: int = 5, seed: int = 0) -> list[str]:
    """Gold-format pages from the People's Daily corpus (one printed page -> 1+ pages)."""
    arts: dict[tuple[str, int], dict[int, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            t = " ".join(r["text"].split())
            if t:
                arts[(r["date"], r["page"])][r["article"]].append((r["para"], t))
    rng = random.Random(seed)
    pages: list[str] = []
    for key in sorted(arts):
        page_arts = [[t for _, t in sorted(ps)] for _, ps in sorted(arts[key].items())]
        while page_arts:
            k = rng.randint(1, max_articles)
            chunk, page_arts = page_arts[:k], page_arts[k:]
            pages.append(gold_join([p for a in chunk for p in a]))
    return pages


def clean_source(source: str = "auto", seed: int = 0) -> tuple[str, list[str]]:
    if source == "auto":
        source = "pd1998" if PD1998.exists() else "fixtures"
    if source == "pd1998":
        return source, pd1998_pages(seed=seed)
    if source == "fixtures":
        return source, clean_pages(2000, seed)
    raise ValueError(f"unknown corpus source {source!r} (auto, pd1998, fixtures)")


def build_corpus(mb: float = 20, seed: int = 0, source: str = "auto", *,
                 cache: bool = True, damages: set[str] | None = None,
                 verbose: bool = False) -> list[SimPage]:
    """Simulated pages whose raw texts total at least ``mb`` MB (cached on disk)."""
    src, clean = clean_source(source, seed)
    tag = "" if damages is None else "-" + "+".join(sorted(damages))
    path = OUT / f"corpus-v{SIM_VERSION}-{src}-{mb:g}mb-s{seed}{tag}.jsonl"
    if cache and path.exists():
        return load_pages(path)
    t0 = time.perf_counter()
    pages: list[SimPage] = []
    total = 0
    k = 0
    while total < mb * MB:
        text = clean[k % len(clean)]
        sim = simulate_page(text, seed * 1_000_003 + k, damages)
        pages.append(sim)
        total += len(sim.raw.encode("utf-8"))
        k += 1
    if cache:
        save_pages(path, pages)
    if verbose:
        print(f"corpus: {len(pages)} pages, {total / MB:.1f} MB raw from {src} "
              f"in {time.perf_counter() - t0:.1f} s -> {path if cache else '(not cached)'}", file=sys.stderr)
    return pages


def save_pages(path: Path, pages: list[SimPage]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for p in pages:
            f.write(json.dumps({"raw": p.raw, "gold": p.gold, "events": p.events, "seed": p.seed,
                                "width": p.width, "stats": p.stats}, ensure_ascii=False) + "\n")
    tmp.replace(path)


def load_pages(path: Path) -> list[SimPage]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append(SimPage(d["raw"], d["gold"], d["events"], d["seed"], d["width"], d["stats"]))
    return out


def write_dir(pages: list[SimPage], out: Path) -> None:
    """Write pages as ``out/raw/NNNN.txt``, ``out/gold/NNNN.txt``, ``out/events/NNNN.json``."""
    for sub in ("raw", "gold", "events"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for k, p in enumerate(pages):
        (out / "raw" / f"{k:05d}.txt").write_text(p.raw, encoding="utf-8")
        (out / "gold" / f"{k:05d}.txt").write_text(p.gold, encoding="utf-8")
        (out / "events" / f"{k:05d}.json").write_text(json.dumps(p.to_json(), ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", default="auto", choices=("auto", "pd1998", "fixtures"))
    ap.add_argument("--dir", help="also write the pages as raw/gold/events files here")
    a = ap.parse_args()
    ps = build_corpus(a.mb, a.seed, a.source, verbose=True)
    if a.dir:
        write_dir(ps, Path(a.dir))
