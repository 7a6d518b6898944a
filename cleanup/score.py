"""Quality score of cleaned pages against gold pages.

For each page:

- ``cer``: Levenshtein distance (rapidfuzz) between the page's non-empty
  lines, stripped and joined by newlines, and the gold's, divided by the
  gold length;
- ``cer_raw``: the same for the raw page;
- ``error_reduction``: ``1 - cer / cer_raw`` (0 when the output is the raw page);
- ``para_f1``: F1 of exact paragraphs (multiset of non-empty stripped lines);
- ``broken``: gold paragraphs the raw page already had exactly and the output lost.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein


def norm_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


@dataclass
class PageScore:
    page: str
    gold_chars: int
    cer: float
    cer_raw: float
    error_reduction: float
    para_precision: float
    para_recall: float
    para_f1: float
    broken: int
    broken_paragraphs: list[str]


def score_page(name: str, out: str, gold: str, raw: str) -> PageScore:
    g, o, r = norm_lines(gold), norm_lines(out), norm_lines(raw)
    gj, oj, rj = "\n".join(g), "\n".join(o), "\n".join(r)
    n = max(1, len(gj))
    d_out = Levenshtein.distance(oj, gj)
    d_raw = Levenshtein.distance(rj, gj)
    cer, cer_raw = d_out / n, d_raw / n
    er = 0.0 if d_raw == 0 else 1.0 - d_out / d_raw
    gc, oc, rc = Counter(g), Counter(o), Counter(r)
    tp = sum((gc & oc).values())
    prec = tp / max(1, sum(oc.values()))
    rec = tp / max(1, sum(gc.values()))
    f1 = 0.0 if tp == 0 else 2 * prec * rec / (prec + rec)
    had = gc & rc  # gold paragraphs already right in raw
    lost = had - oc
    broken = sorted(lost.elements())
    return PageScore(name, len(gj), cer, cer_raw, er, prec, rec, f1, len(broken), broken)


@dataclass
class ScoreReport:
    pages: list[PageScore]

    @property
    def total(self) -> dict:
        gold = sum(p.gold_chars for p in self.pages) or 1
        d_out = sum(p.cer * p.gold_chars for p in self.pages)
        d_raw = sum(p.cer_raw * p.gold_chars for p in self.pages)
        return {
            "pages": len(self.pages),
            "cer": d_out / gold,
            "cer_raw": d_raw / gold,
            "error_reduction": 0.0 if d_raw == 0 else 1 - d_out / d_raw,
            "para_f1": sum(p.para_f1 for p in self.pages) / max(1, len(self.pages)),
            "broken": sum(p.broken for p in self.pages),
        }

    def to_json(self) -> str:
        return json.dumps(
            {"pages": [asdict(p) for p in self.pages], "total": self.total},
            ensure_ascii=False, indent=2,
        )

    def to_table(self) -> str:
        head = f"{'page':<28} {'CER':>7} {'CER raw':>8} {'err.red.':>8} {'para F1':>8} {'broken':>6}"
        rows = [head, "-" * len(head)]
        for p in self.pages:
            rows.append(
                f"{p.page:<28} {p.cer:>7.4f} {p.cer_raw:>8.4f} {p.error_reduction:>8.3f} "
                f"{p.para_f1:>8.3f} {p.broken:>6d}"
            )
        t = self.total
        rows.append("-" * len(head))
        rows.append(
            f"{'TOTAL (' + str(t['pages']) + ' pages)':<28} {t['cer']:>7.4f} {t['cer_raw']:>8.4f} "
            f"{t['error_reduction']:>8.3f} {t['para_f1']:>8.3f} {t['broken']:>6d}"
        )
        return "\n".join(rows)


def gold_pages(gold_dir: Path) -> dict[str, Path]:
    """Gold pages by stem: every ``*.txt`` in the directory."""
    return {p.stem: p for p in sorted(Path(gold_dir).glob("*.txt"))}
