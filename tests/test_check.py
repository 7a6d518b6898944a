"""`zhclean check`: locations in the original file, output formats, exit codes."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

from cleanup.model import Document, Edit, apply_edits, make_proposal
from cleanup.pipeline import Context, Pass, Pipeline, Policy, Result
from cleanup.rules import RuleSet
from cleanup.runner import findings

ROOT = Path(__file__).resolve().parents[1]


def zhclean(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("zhclean")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "cleanup"]
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


# -- Result.map_to_original ----------------------------------------------------
@st.composite
def edit_history(draw):
    """An original text and a few steps of non-overlapping edits, each on the text of its step."""
    original = draw(st.text(alphabet="ab中文\n", max_size=12))
    text = original
    origin: list[int | None] = list(range(len(original)))  # where each character came from
    history = []
    for _ in range(draw(st.integers(0, 4))):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
        edits, last = [], -1
        for a, b in zip(cuts[::2], cuts[1::2]):
            if a <= last or (a == b and a == last):
                continue
            edits.append(Edit(a, b, draw(st.sampled_from(["", "X", "YZ", "\n"]))))
            last = b
        if not edits:
            continue
        new_origin: list[int | None] = []
        pos = 0
        for e in edits:
            new_origin += origin[pos:e.start] + [None] * len(e.replacement)
            pos = e.end
        origin = new_origin + origin[pos:]
        text = apply_edits(text, edits)
        history.append(tuple(edits))
    return original, text, history, origin


@settings(max_examples=400, deadline=None)
@given(edit_history())
def test_map_to_original_finds_every_surviving_character(case):
    original, text, history, origin = case
    res = Result(original, text, [], [], 1, True, history)
    for pos, src in enumerate(origin):
        got = res.map_to_original(pos)
        assert 0 <= got <= len(original)
        if src is not None:  # a character that was never edited maps to where it was
            assert got == src
            assert original[got] == text[pos]
            # as the end of a span, the offset after it maps to just after it
            assert res.map_to_original(pos + 1, end=True) == src + 1
    assert res.map_to_original(len(text)) <= len(original)


def _pass(name, code, func):
    return Pass(name, (code,), func)


def test_findings_are_located_in_the_original_across_steps():
    """Pass A removes a leading '## '; pass B then sees 'X' at shifted offsets."""

    def run_a(doc, ctx):
        if doc.text.startswith("## "):
            yield make_proposal(doc, "ZZ001", "heading", [Edit(0, 3, "")], confidence=1.0)

    def run_b(doc, ctx):
        for m in re.finditer("X", doc.text):
            yield make_proposal(doc, "ZZ002", "x to y", [Edit(m.start(), m.end(), "Y")], confidence=1.0)

    def run_c(doc, ctx):  # display-only: stays pending on the final text
        for m in re.finditer("Q", doc.text):
            yield make_proposal(doc, "ZZ003", "q?", [Edit(m.start(), m.end(), "q")], confidence=1.0,
                                applicability="display-only")

    pipe = Pipeline(Context(RuleSet([])), [_pass("a", "ZZ001", run_a), _pass("b", "ZZ002", run_b),
                                           _pass("c", "ZZ003", run_c)])
    original = "## 中文X\n第二行X中Q"
    res = pipe.run(original, Policy())
    assert res.text == "中文Y\n第二行Y中Q"
    fs = findings(res, Policy(), "f.txt", render_context=True)
    got = [(f.code, f.line, f.col, f.tag) for f in fs]
    assert got == [("ZZ001", 1, 1, "safe"), ("ZZ002", 1, 6, "safe"), ("ZZ002", 2, 4, "safe"),
                   ("ZZ003", 2, 6, "review")]
    for f in fs:  # every edit's span is the old text in the ORIGINAL
        for s, e, old, new in f.edits:
            assert original[s:e] == old
    assert "{X=>Y}" in fs[1].context and "第二行" not in fs[1].context.split("\n")[0]


def test_findings_inside_moved_text_are_located_where_the_text_was():
    """Pass A moves the fragment after the blank line up (one proposal: insert
    here, delete there); pass B then fixes the commas, some inside the moved
    text. Each edit must be located at its character in the original (not at
    the insertion point, with an empty span and a non-empty old text)."""

    def run_a(doc, ctx):
        i = doc.text.find("\n\n乙")
        if i >= 0:
            frag = doc.text[i + 2:]
            at = doc.text.index("甲") + 1
            yield make_proposal(doc, "ZZ001", "move", [Edit(at, at, frag), Edit(i, len(doc.text), "")],
                                confidence=1.0)

    def run_b(doc, ctx):
        for m in re.finditer(",", doc.text):
            yield make_proposal(doc, "ZZ002", "comma", [Edit(m.start(), m.end(), "，")], confidence=1.0)

    pipe = Pipeline(Context(RuleSet([])), [_pass("a", "ZZ001", run_a), _pass("b", "ZZ002", run_b)])
    original = "甲丙,丁\n\n乙,戊,"
    res = pipe.run(original, Policy())
    assert res.text == "甲乙，戊，丙，丁"
    fs = [f for f in findings(res, Policy(), "f.txt") if f.code == "ZZ002"]
    assert sorted(s for f in fs for s, e, old, new in f.edits) == [2, 7, 9]
    for f in fs:
        for s, e, old, new in f.edits:
            assert original[s:e] == old == ","
    assert sorted((f.line, f.col) for f in fs) == [(1, 3), (3, 2), (3, 4)]
    # the ends of spans: the end of the moved text is the end of its source
    assert res.map_to_original(res.text.index("丙"), end=True) == len(original)
    assert res.map_to_original(res.text.index("乙")) == original.index("乙")


def test_rejected_proposals_are_not_findings():
    def run_b(doc, ctx):
        for m in re.finditer("X", doc.text):
            yield make_proposal(doc, "ZZ002", "x", [Edit(m.start(), m.end(), "Y")], confidence=1.0,
                                applicability="unsafe")

    pipe = Pipeline(Context(RuleSet([])), [_pass("b", "ZZ002", run_b)])
    text = "aX" + "中" * 8 + "bX"  # further apart than the fingerprint's context
    fps = [p.fingerprint for p in run_b(Document(text), None)]
    pol = Policy(apply_unsafe=True, rejected=frozenset(fps[:1]))
    res = pipe.run(text, pol)
    assert res.text == "aX" + "中" * 8 + "bY"
    fs = findings(res, pol, "f")
    assert [(f.col, f.tag) for f in fs] == [(12, "unsafe")]


# -- the CLI ---------------------------------------------------------------------
PAGE = "正文第一段。\n### 标题\n中文中文**重点**内容\n"


def _page(tmp_path: Path, name="a.txt", data: bytes | None = None) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if data is not None else PAGE.encode())
    return p


def test_concise_lines_columns_in_characters_and_exit_1(tmp_path):
    _page(tmp_path)
    r = zhclean("check", "a.txt", "--select", "MK", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "a.txt:2:1: MK001 remove Markdown heading marker '###' [safe]"
    assert lines[1].startswith("a.txt:3:5: MK002 ")  # 5th character, not the 13th byte
    assert lines[1].endswith("[safe]")
    assert lines[2].startswith("Found 2 findings in 1 of 1 files: 2 fixable with `zhclean fix`, 0 more with")
    assert PAGE == (tmp_path / "a.txt").read_text(encoding="utf-8")  # check writes nothing


def test_bom_and_crlf_do_not_shift_columns(tmp_path):
    _page(tmp_path, data=b"\xef\xbb\xbf" + PAGE.replace("\n", "\r\n").encode())
    r = zhclean("check", "a.txt", "--select", "MK", cwd=tmp_path)
    assert [l.split(" ")[0] for l in r.stdout.splitlines()[:2]] == ["a.txt:2:1:", "a.txt:3:5:"]


def test_clean_file_exits_0_and_error_exits_2(tmp_path):
    _page(tmp_path, "clean.txt", "没有任何标记的正文。\n".encode())
    r = zhclean("check", "clean.txt", "--select", "MK", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("All clean: 1 file checked")
    _page(tmp_path)
    r = zhclean("check", "a.txt", "missing.txt", "--select", "MK", cwd=tmp_path)
    assert r.returncode == 2
    assert "error: missing.txt: no such file or directory" in r.stderr
    assert "a.txt:2:1: MK001" in r.stdout  # the other files are still checked
    # the summary counts only the files that could be read
    assert "in 1 of 1 files" in r.stdout and "1 file could not be checked" in r.stdout
    _page(tmp_path, "gbk.txt", "没有任何标记的正文。\n".encode("gb18030"))
    r = zhclean("check", "clean.txt", "gbk.txt", "--select", "MK", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout.startswith("All clean: 1 file checked, no findings. 1 file could not")
    r = zhclean("check", "gbk.txt", "--select", "MK", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout.startswith("No file checked. 1 file could not be checked")


def test_full_format_marks_the_change_per_character(tmp_path):
    _page(tmp_path)
    r = zhclean("check", "a.txt", "--select", "MK002", "--output-format", "full", cwd=tmp_path)
    assert r.returncode == 1
    out = r.stdout.splitlines()
    assert out[0].startswith("a.txt:3:5: MK002")
    assert out[1].split("|", 1)[1] == " 中文中文**重点**内容"
    # the caret sits under the marker, counting CJK characters as two cells
    assert out[2].split("|", 1)[1] == " " + " " * 8 + "^^" + " " * 4 + "^^"
    assert out[3].split("=", 1)[1] == " 中文中文{**=>}重点{**=>}内容"


def test_json_format(tmp_path):
    _page(tmp_path)
    r = zhclean("check", "a.txt", "--select", "MK", "--output-format", "json", cwd=tmp_path)
    assert r.returncode == 1
    data = json.loads(r.stdout)  # the summary goes to stderr: stdout is pure JSON
    assert [(d["code"], d["line"], d["col"], d["fix"]) for d in data] == [("MK001", 2, 1, "safe"),
                                                                          ("MK002", 3, 5, "safe")]
    d = data[1]
    assert d["end_line"] == 3 and d["end_col"] == 11  # just past the closing marker
    a = PAGE.index("**")
    b = PAGE.index("**", a + 2)
    assert d["edits"] == [{"start": a, "end": a + 2, "old": "**", "new": ""},
                          {"start": b, "end": b + 2, "old": "**", "new": ""}]
    assert len(d["fingerprint"]) == 20
    assert "Found 2 findings" in r.stderr


def test_github_format(tmp_path):
    _page(tmp_path, "dir, with: comma/a.txt")
    r = zhclean("check", ".", "--select", "MK", "--output-format", "github", cwd=tmp_path)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0] == ("::warning file=dir%2C with%3A comma/a.txt,line=2,col=1,endLine=2,endColumn=5,"
                        "title=MK001::remove Markdown heading marker '###' [safe]")


def test_diff_format(tmp_path):
    _page(tmp_path)
    r = zhclean("check", "a.txt", "--select", "MK", "--output-format", "diff", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout.splitlines()[:2] == ["--- a/a.txt", "+++ b/a.txt"]
    assert "-### 标题" in r.stdout and "+标题" in r.stdout and "+中文中文重点内容" in r.stdout
    assert PAGE == (tmp_path / "a.txt").read_text(encoding="utf-8")


def test_statistics(tmp_path):
    _page(tmp_path)
    _page(tmp_path, "b.txt", "## 一\n## 二\n".encode())
    r = zhclean("check", ".", "--select", "MK", "--statistics", cwd=tmp_path)
    assert r.returncode == 1
    rows = [l.split() for l in r.stdout.splitlines()[:2]]
    assert rows[0][:3] == ["3", "MK001", "markdown-heading-marker"]
    assert rows[1][:3] == ["1", "MK002", "markdown-emphasis-marker"]
    assert "Found 4 findings in 2 of 2 files" in r.stdout


def test_journal_rejection_is_not_reported(tmp_path):
    _page(tmp_path)
    r = zhclean("check", "a.txt", "--select", "MK", "--output-format", "json", cwd=tmp_path)
    fp = next(d["fingerprint"] for d in json.loads(r.stdout) if d["code"] == "MK002")
    j = tmp_path / ".zhclean" / "decisions.jsonl"
    j.parent.mkdir()
    j.write_text(json.dumps({"fingerprint": fp, "decision": "reject", "code": "MK002"}) + "\n")
    r = zhclean("check", "a.txt", "--select", "MK", cwd=tmp_path)
    assert "MK002" not in r.stdout and "MK001" in r.stdout
    assert "1 rejected in the decisions journal" in r.stdout
    r = zhclean("check", "a.txt", "--select", "MK002", cwd=tmp_path)
    assert r.returncode == 0
    r = zhclean("check", "a.txt", "--select", "MK002", "--no-decisions", cwd=tmp_path)
    assert r.returncode == 1


def test_check_has_jobs_independent_output(tmp_path):
    for i in range(6):
        _page(tmp_path, f"d{i}/p{i}.txt", (PAGE * (i + 1)).encode())
    outs = [zhclean("check", ".", "--select", "MK", "--jobs", j, "--output-format", "json", cwd=tmp_path).stdout
            for j in ("1", "2")]
    assert outs[0] == outs[1] and len(json.loads(outs[0])) == 2 * 21
