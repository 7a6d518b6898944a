"""Lexicon: jieba's dictionary plus user lexicons under rules/lexicon."""
from __future__ import annotations

from cleanup.lexicon import DEFAULT_USER_FREQ, Lexicon, get_lexicon, load_lexicon


def test_general_and_user_entries():
    lx = get_lexicon()
    assert lx.get("可想而知") > 0            # jieba
    assert lx.get("不存在的词语甲乙") == 0
    assert lx.get("贺海东") == DEFAULT_USER_FREQ and lx.user["贺海东"] == "nr"   # names.txt
    assert lx.user["敕勒川"] == "ns" and lx.tags["敕勒川"] == "ns"              # places.txt
    assert lx.user["元宇宙"] == "n"                                             # terms.txt
    assert "元宇宙" in lx and lx.max_len >= 4
    assert len(lx.freq) > 300_000 and lx.total > 0


def test_user_file_format(tmp_path):
    f = tmp_path / "names.txt"
    f.write_text("# people\n甲乙丙   # a comment\n丁戊 500\n己庚 7 nz\n辛壬 ns\n\n", encoding="utf-8")
    lx = Lexicon()
    lx.load_file(f)
    assert lx.get("甲乙丙") == DEFAULT_USER_FREQ and lx.user["甲乙丙"] == "nr"
    assert lx.get("丁戊") == 500 and lx.user["丁戊"] == "nr"
    assert lx.get("己庚") == 7 and lx.user["己庚"] == "nz"
    assert lx.get("辛壬") == DEFAULT_USER_FREQ and lx.user["辛壬"] == "ns"
    assert lx.max_len == 3 and str(f) in lx.sources


def test_user_file_posts(tmp_path):
    # post=A,B after the word: the person's posts (MR002 reads them before a
    # misread name); the rest of the line as without them
    f = tmp_path / "names.txt"
    f.write_text("贺海东 post=市长,呼和浩特市委副书记  # the mayor\n包钢 500 post=市委书记\n甲乙丙\n", encoding="utf-8")
    lx = Lexicon()
    lx.load_file(f)
    assert lx.posts == {"贺海东": ("市长", "呼和浩特市委副书记"), "包钢": ("市委书记",)}
    assert lx.get("贺海东") == DEFAULT_USER_FREQ and lx.user["贺海东"] == "nr"
    assert lx.get("包钢") == 500 and lx.user["包钢"] == "nr" and "甲乙丙" not in lx.posts


def test_extra_lexicon_paths_and_no_general(tmp_path):
    d = tmp_path / "lex"
    d.mkdir()
    (d / "terms.txt").write_text("新质生产力甲\n", encoding="utf-8")
    lx = load_lexicon([d], general=False)
    assert lx.user["新质生产力甲"] == "n"
    assert lx.get("可想而知") == 0 or "可想而知" in lx.user  # no jieba; idioms.txt may list it
    assert lx.get("贺海东") > 0  # shipped user lexicons are always read
