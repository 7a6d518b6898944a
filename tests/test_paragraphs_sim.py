"""Paragraph reconstruction on 200 simulated pages (the full 2,000-page run is
bench/eval_paragraphs.py): line joins, duplicated blocks and doubled words."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from eval_paragraphs import evaluate  # noqa: E402

from cleanup.simulate import clean_pages  # noqa: E402


def test_simulated_pages():
    n, dt, tot, per, ex = evaluate(clean_pages(100, 11), [5, 6])
    assert n == 200
    assert tot["brk"] > 3000
    joins = tot["brk_ok"] / tot["brk"]
    assert joins >= 0.97, joins
    assert tot["dup_ev"] and tot["dup_rec"] / tot["dup_ev"] >= 0.9
    assert tot["du_app"] and tot["du_tp"] / tot["du_app"] >= 0.9
    assert tot["dw_app"] and tot["dw_tp"] / tot["dw_app"] >= 0.95
    # breaks the page itself can decide (bench/eval_paragraphs.py: the column
    # break right after a sentence end and the interleave cut are measured apart)
    assert tot["dec"] > 3000 and tot["dec_ok"] / tot["dec"] >= 0.995, tot["dec_ok"] / tot["dec"]
    assert tot["du_tp"] == tot["du_app"]  # no removed text that is not a copy
