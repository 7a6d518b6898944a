import json
import subprocess
import sys
from pathlib import Path

from cleanup.score import norm_lines, score_page

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures"


def _zh(*args):
    return subprocess.run([sys.executable, "-m", "cleanup", *args], capture_output=True, text=True, cwd=ROOT)


def test_score_identities():
    gold = "标题\n\n第一段，内容。\n\n第二段。\n"
    raw = "标 题\n第一段,内\n容。\n\n第二段。\n第二段。\n"
    s = score_page("p", raw, gold, raw)
    assert s.error_reduction == 0.0 and s.cer == s.cer_raw > 0
    g = score_page("p", gold, gold, raw)
    assert g.cer == 0.0 and g.error_reduction == 1.0 and g.para_f1 == 1.0 and g.broken == 0


def test_broken_counts_gold_paragraphs_that_raw_had_and_output_lost():
    gold = "甲段。\n\n乙段。\n"
    raw = "甲段。\n\n乙\n段。\n"
    out = "甲段乙段。\n"  # lost 甲段。 which raw had right
    s = score_page("p", out, gold, raw)
    assert s.broken == 1 and s.broken_paragraphs == ["甲段。"]


def test_cer_ignores_blank_lines_and_edge_spaces():
    assert norm_lines("  甲 \n\n\n乙\n") == ["甲", "乙"]
    s = score_page("p", "甲\n\n\n  乙  \n", "甲\n\n乙\n", "x")
    assert s.cer == 0.0


def test_cli_score_raw_is_zero_and_gold_is_perfect():
    r = _zh("score", "fixtures", "--cleaned", "fixtures/raw", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert len(data["pages"]) == 3
    assert all(p["error_reduction"] == 0.0 for p in data["pages"])
    r = _zh("score", "fixtures", "--cleaned", "fixtures/gold", "--format", "json")
    data = json.loads(r.stdout)
    assert all(p["cer"] == 0.0 for p in data["pages"]) and data["total"]["cer"] == 0.0


def test_cli_score_runs_the_pipeline_and_prints_a_table():
    r = _zh("score", "fixtures")
    assert r.returncode == 0, r.stderr
    assert "TOTAL (3 pages)" in r.stdout and "err.red." in r.stdout


def test_cli_score_select_runs_only_the_selected_rules():
    # a selector that matches nothing runs nothing: the output is the raw page
    r = _zh("score", "fixtures", "--select", "XX9", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "selector XX9 matches no rule" in r.stderr
    assert all(p["error_reduction"] == 0.0 for p in json.loads(r.stdout)["pages"])
    # the line joins alone repair part of a page, not all of it
    r = _zh("score", "fixtures", "--select", "LJ", "--format", "json")
    total = json.loads(r.stdout)["total"]["error_reduction"]
    assert 0.0 < total < 0.9
    r = _zh("score", "fixtures", "--cleaned", "fixtures/raw", "--select", "LJ")
    assert r.returncode == 2 and "--cleaned" in r.stderr
