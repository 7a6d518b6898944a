"""The generic rule-example test: every example of every shipped rule is run.

One run of the rule's pass must propose exactly the marked edits, the
pipeline output must equal the example's right-hand side, a second run must
propose nothing, and counterexamples must propose nothing.
"""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cleanup.pipeline import Context
from cleanup.rules import CODE_RE, NAME_RE, RuleError, RuleSet, load_rule_file, parse_example
from cleanup.ruletest import check_rule, check_rules

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures"
RULES = RuleSet.load()
CTX = Context(RULES)


@pytest.mark.parametrize("code", [r.code for r in RULES])
def test_rule_examples(code):
    rule = RULES.get(code)
    failures = check_rule(rule, CTX)
    assert not failures, "\n".join(map(str, failures))


def test_every_rule_is_well_formed():
    assert len(RULES) >= 2
    for r in RULES:
        assert CODE_RE.match(r.code) and NAME_RE.match(r.name)
        assert r.examples, f"{r.code} has no examples"
        assert r.summary


def test_parse_example_markers():
    ex = parse_example("甲{,=>，}乙{=>“}丙{  =>}丁")
    assert ex.before == "甲,乙丙  丁"
    assert ex.after == "甲，乙“丙丁"
    assert [(e.start, e.end, e.replacement) for e in ex.edits] == [(1, 2, "，"), (3, 3, "“"), (4, 6, "")]


def test_broken_rule_file_fails_the_example_test():
    broken = RuleSet.load([FIX / "rules_broken"], include_default=False)
    n, fails = check_rules(broken, ctx=Context(broken))
    assert n == 2
    problems = {f.code: f.problem for f in fails}
    assert "proposed edits" in problems["ZZ901"]  # the wrong example is caught
    assert "no examples" in problems["ZZ902"]


def test_duplicate_codes_are_refused():
    with pytest.raises(RuleError, match="duplicate rule code MK001"):
        RuleSet.load([FIX / "rules_dupcode"])


def test_invalid_rule_fields_name_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\ncode = "P001"\nname = "x"\nsummary = "s"\npass = "markup"\n', encoding="utf-8")
    with pytest.raises(RuleError, match="bad.toml.*two capital letters"):
        load_rule_file(bad)
    bad.write_text('[[rule]]\ncode = "PU999"\nname = "Bad Name"\nsummary = "s"\npass = "markup"\n', encoding="utf-8")
    with pytest.raises(RuleError, match="kebab-case"):
        load_rule_file(bad)
    bad.write_text('[[rule]]\ncode = "PU999"\nname = "ok"\nsummary = "s"\npass = "markup"\ncolour = 1\n', encoding="utf-8")
    with pytest.raises(RuleError, match="unknown key.*colour"):
        load_rule_file(bad)


def test_cli_rules_test_exit_codes():
    ok = subprocess.run([sys.executable, "-m", "cleanup", "rules", "test", "MK"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "0 failures" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "cleanup", "rules", "test", "ZZ", "--rules-dir", str(FIX / "rules_broken")],
        capture_output=True, text=True,
    )
    assert bad.returncode == 1 and "FAIL ZZ901" in bad.stdout
    show = subprocess.run([sys.executable, "-m", "cleanup", "rule", "MK001"], capture_output=True, text=True)
    assert show.returncode == 0 and "markdown-heading-marker" in show.stdout and "=>" in show.stdout


def test_rules_ship_inside_the_wheel(tmp_path):
    """rules/*.toml must be found at run time from an installed wheel too."""
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {r.stderr[-300:]}")
    [whl] = tmp_path.glob("zhclean-*.whl")
    names = set(zipfile.ZipFile(whl).namelist())
    data = [p for p in (ROOT / "rules").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    shipped = {f"cleanup/rules/{p.relative_to(ROOT / 'rules').as_posix()}" for p in data}
    assert any(n.endswith(".toml") for n in shipped) and any("lexicon/" in n for n in shipped)
    assert shipped <= names, sorted(shipped - names)
    assert any(n.startswith("tui/") for n in names)
