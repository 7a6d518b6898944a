"""Property tests of the normalisation passes (issue 3).

Stated exactly:

1. Idempotent: each pass, run alone to its fixpoint (every applicability
   applied), converges and then proposes nothing on its own output; the same
   with the default SAFE policy (nothing left that the policy would apply).
2. No pass changes a Han character: markup, chars, spaces and punct keep the
   sequence of Han characters exactly; the only exceptions are by design and
   tested as such: CH004 turns 一一 used as a dash into —— (so it may only
   remove 一), and TR001 maps a stray traditional character to its simplified
   form (same number of Han characters, each change a table mapping).
3. No pass changes a text that has no Chinese at all: "Chinese" means a Han
   character or CJK-only punctuation (CJK Symbols and Punctuation block,
   full-width forms: ，。、《》 ideographic space ...); curly quotes, em dashes,
   ellipses, NBSP, zero-width and control characters alone do not make a text
   Chinese, and chars, spaces, punct and trad leave such a text untouched.
   (The markup pass removes Markdown heading markers from any text; it is
   not part of this property.)
4. In a Chinese page, a paragraph of plain ASCII prose (single spaces, no
   edge spaces) is left exactly as it is.
"""
from __future__ import annotations

import bisect
import os
import re

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from cleanup.charclass import HAN, has_chinese
from cleanup.model import Document, Edit
from cleanup.passes import pass_by_name
from cleanup.passes.trad import candidate_tables
from cleanup.pipeline import Context, Pipeline, Policy

CTX = Context.default()
NORMALISE = ("chars", "spaces", "punct", "trad")
ALL_MINE = ("markup",) + NORMALISE
HAN_RE = re.compile(f"[{HAN}]")

HAN_CHARS = "的一是在不了有和人这中大为上个国我以要他时来们生到作地于出就发年动记者摄本报讯"
TRAD_CHARS = "發經濟這個們後來為與"
ZH_PUNCT = "，。：；？！“”‘’（）《》、—…·"
ASCII_BITS = "aZ09 ,.:;?!()\"'-+%/#*"
ODD = "\u00a0\u3000\t\u200b\u200d\ufeff\x07１２ＡＢ．％―－●□"
TOKENS = [
    "一一", "--", "——", "...", "......", "······", "。。。", "记者 ", "本报记者 冯燕平 李海珍", "王劲凯 摄",
    "（记者 云静）", "(记者 苗欣)", "开新局 起好步 强首府", "《", "》", "\n", "\n\n", "  ", "2021—2025",
    "3,000", "10:30", "PM2.5", "https://a.cn/?q=1,2", "a@b.cn", "**", "## ", "“", "”", '"', "'", "Xi'an",
    "包 钢 贺 海 东", "12.5%", "5万吨/天", "1+2+N",
]
zh_text = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(alphabet=HAN_CHARS + TRAD_CHARS + ZH_PUNCT + ASCII_BITS + ODD,
                                              min_size=1, max_size=4)),
    max_size=24,
).map("".join)

NON_CHINESE = "abcXYZ019 ,.:;?!()\"'-+%/*#“”‘’—…·\u00a0\u200b\u200d\ufeff\x07\t\n😀é—Жж"
non_zh_text = st.one_of(
    st.text(alphabet=NON_CHINESE, max_size=60),
    st.lists(st.sampled_from(["--", "...", "Hello, world", " (see) ", '"quoted"', "it's", "10:30", "\n\n",
                              "  ", "“curly”", "— dash —", "# Title", "a\u00a0b", "x\u200by"]), max_size=12)
    .map("".join),
)

ALL = Policy(apply_safe=True, apply_unsafe=True, apply_display_only=True)
# NORMALISE_EXAMPLES=2000 for a longer hunt by hand
SETTINGS = settings(max_examples=int(os.environ.get("NORMALISE_EXAMPLES", "120")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _pipe(names) -> Pipeline:
    return Pipeline(CTX, [pass_by_name(n) for n in names])


PIPES = {n: _pipe((n,)) for n in ALL_MINE}


def han_seq(s: str) -> list[str]:
    return HAN_RE.findall(s)


@SETTINGS
@given(zh_text)
def test_every_pass_is_idempotent(text):
    for name, pipe in PIPES.items():
        for pol in (ALL, Policy()):
            res = pipe.run(text, pol)
            assert res.converged and not res.warnings, (name, text, res.warnings)
            again = [p for p in pipe.propose(Document(res.text), pol) if pol.allows(p)]
            assert not again, (name, pol.apply_unsafe, res.text,
                               [(p.code, p.old_new(res.text)) for p in again])


@SETTINGS
@given(zh_text)
def test_no_pass_changes_a_han_character(text):
    keep = Policy(apply_safe=True, apply_unsafe=True, apply_display_only=True, ignore=("CH004",))
    for name in ("markup", "chars", "spaces", "punct"):
        out = PIPES[name].run(text, keep).text
        assert han_seq(out) == han_seq(text), (name, text, out)


@SETTINGS
@given(zh_text)
def test_dash_rule_only_removes_yi_and_trad_only_maps_characters(text):
    out = PIPES["chars"].run(text, ALL).text
    assert [c for c in han_seq(out) if c != "一"] == [c for c in han_seq(text) if c != "一"]
    table = candidate_tables(str(CTX.params("TR001").get("extra_candidates", "")))[0]
    out = PIPES["trad"].run(text, ALL).text
    a, b = han_seq(text), han_seq(out)
    assert len(a) == len(b)
    assert all(x == y or table.get(x) == y for x, y in zip(a, b)), (text, out)
    assert HAN_RE.sub("", out) == HAN_RE.sub("", text)


@SETTINGS
@given(non_zh_text)
def test_no_pass_changes_a_text_without_chinese(text):
    assume(not has_chinese(text))
    doc = Document(text)
    for name in NORMALISE:
        assert not list(pass_by_name(name).run(doc, CTX)), (name, text)
    assert _pipe(NORMALISE).run(text, ALL).text == text


latin_para = st.lists(
    st.sampled_from(["Hello", "world,", "it's", "a", "test:", "(see", "below)", "10:30", "3,000", '"quoted"',
                     "--", "end.", "why?", "yes!", "x;", "PM2.5", "...", "1+2", "50%"]),
    min_size=1, max_size=12,
).map(" ".join)


@SETTINGS
@given(zh_text, latin_para)
def test_ascii_paragraph_in_a_chinese_page_is_untouched(zh, latin):
    assume(has_chinese(zh))
    text = zh.rstrip("\n \t\u3000\u00a0") + "\n\n" + latin + "\n"
    out = _pipe(ALL_MINE).run(text, ALL).text
    assert out.endswith("\n\n" + latin + "\n"), (text, out)


# -- fast paths agree with the general code ------------------------------------

quote_events = st.lists(
    st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.integers(1, 90)),
    min_size=1, max_size=12,
)


@SETTINGS
@given(quote_events)
def test_balanced_quote_fast_path_is_what_the_beam_search_returns(events):
    """punct takes a block of straight quotes whose in-turn opening/closing costs
    under 1.5 without the beam search (_assign): whenever it does, _assign gives
    the same assignment with structural cost 0."""
    from cleanup.passes.punct import _alternating_cost, _assign

    ev, ctxs, pos = [], [], 0
    for strong_open, strong_close, no_close, no_open, gap in events:
        pos += gap
        ev.append((pos, '"'))
        ctxs.append((strong_open and not strong_close, strong_close and not strong_open, no_close, no_open))
    if len(ev) % 2 or _alternating_cost(ev, ctxs) >= 1.5:
        return
    cost, choice = _assign(ev, ctxs, "“", "”")
    assert cost == 0
    assert choice == ["open", "close"] * (len(ev) // 2)


@SETTINGS
@given(st.sampled_from(['“"', '"”']), st.booleans(), st.booleans(), st.booleans(), st.booleans(),
       st.integers(1, 90))
def test_two_quote_pairing_is_the_search(quotes, strong_open, strong_close, no_close, no_open, gap):
    """_assign answers a block of one curly and one straight quote (“…" or "…”)
    without the beam search: exactly what the search gives."""
    from cleanup.passes import punct

    ev = [(3, quotes[0]), (3 + gap, quotes[1])]
    cx = (strong_open and not strong_close, strong_close and not strong_open, no_close, no_open)
    ctxs = [cx if c == '"' else None for _, c in ev]
    assert punct._assign(ev, ctxs, "“", "”") == punct._assign_search(ev, ctxs, "“", "”")


def test_p1_scan_direct_class_is_is_direct():
    """_p1_scan's class of Chinese characters is exactly _is_direct minus digits
    (it takes every Han character as one without checking them)."""
    from cleanup.passes import punct

    rx = punct._p1_scan()
    for c in map(chr, range(0x80, 0x10000)):
        if 0xD800 <= ord(c) < 0xE000:
            continue
        marked = [m.lastindex for m in rx.finditer(c + ",x")]
        assert marked == [1 if punct._is_direct(c) and not c.isdigit() else None], hex(ord(c))


SCAN_TEXT = st.text(alphabet=HAN_CHARS[:8] + ",;:?!()（）\"“”'‘’ \t\u00a0\u3000\n1１/wa.@", max_size=80)


@SETTINGS
@given(SCAN_TEXT)
def test_str_find_scans_find_what_the_regexes_find(text):
    """punct and spaces locate their characters with str.find or one regex scan
    that also marks the usual case: the same spans, in the same order."""
    from cleanup.passes import punct, spaces

    scan = list(punct._p1_scan().finditer(text))
    assert [m.span() for m in scan] == [m.span() for m in punct._P1_RUN.finditer(text)]
    spans = punct._Spans(text)
    for m in scan:  # the usual case (group 1): what _simple's general code gives confidence 0.97 at once
        s, e = m.span()
        if m.lastindex:
            before, after = text[s - 1] if s else "", text[e] if e < len(text) else ""
            assert e == s + 1 and punct._is_direct(before) and not spans.inside(s)
            assert not (before.isdigit() and after.isdigit()) and not (text[s] == ":" and text.startswith("//", e))
    # on a text without ; : ? ! the comma-first pattern gives the same matches, marks included
    only = "".join(c for c in text if c not in ";:?!")
    want = [(m.span(), m.lastindex) for m in punct._p1_scan().finditer(only)]
    assert [(m.span(), m.lastindex) for m in punct._p1_scan(True).finditer(only)] == want
    bs, be = len(text) // 3, len(text) - 2
    for chars in (punct._PAREN, punct._DQ, punct._SQ):
        rx = re.compile(f"[{re.escape(chars)}]")
        assert punct._events(text, chars, bs, be) == [(m.start(), m.group()) for m in rx.finditer(text, bs, be)]


SPACE_TEXT = st.lists(
    st.one_of(st.sampled_from(["包 钢 贺 海 东", "增 长 3 . 3 个", "王 劲 凯 摄", "  ", " \t", "\n", "\n\n", "“", "—"]),
              st.text(alphabet=HAN_CHARS[:6] + "，。《》“”—…,(!'aZ09%+ \t\u00a0\u3000\n●.", min_size=1, max_size=5)),
    max_size=20,
).map("".join)


@SETTINGS
@given(SPACE_TEXT)
def test_space_scans_sort_the_runs_as_cat_does(text):
    """spaces finds the runs of a page and what their neighbours are with a few
    regexes: the edge runs, the inner runs (no tab) each with its group (1
    Han-Han, 2 Chinese punctuation on a side, 3 Han-Latin/digit, 4 other, as
    _cat sorts the two neighbours), and the stretches of short runs where
    letter spacing (three short runs in a row) can be."""
    from cleanup.passes import spaces

    general = "\t" in text or "\u00a0" in text or "\u3000" in text
    sc = spaces._scans(general)
    n = len(text)
    runs = [m.span() for m in spaces._SPACE_RUN.finditer(text)]  # maximal runs of spaces and tabs
    edge = [(s, e) for s, e in runs if s == 0 or text[s - 1] == "\n" or e == n or text[e] == "\n"]
    inner = [(s, e) for s, e in runs if (s, e) not in edge and "\t" not in text[s:e]]
    assert [m.span() for m in sc.runs.finditer(text) if m.lastindex == 5] == edge
    assert [m.span() for m in sc.inner_all.finditer(text)] == inner

    def group(s: int, e: int) -> int:
        pair = spaces._cat(text[s - 1]) + spaces._cat(text[e])
        return 2 if "P" in pair else 1 if pair == "HH" else 3 if pair in ("HA", "AH") else 4

    assert [(m.span(), m.lastindex) for m in sc.runs.finditer(text) if m.lastindex < 5] == \
        [((s, e), group(s, e)) for s, e in inner]
    chains = list(spaces._letter_spaced(text, inner))
    if sc.chains is not None:  # letter spacing from the stretches of short runs only: the same chains
        runs = [m.span() for c in sc.chains.finditer(text) for m in sc.inner_all.finditer(text, c.start(), c.end())]
        assert list(spaces._letter_spaced(text, runs)) == chains
    if chains:  # (what _inner waits for before it looks: two inner runs one character apart)
        assert any(b[0] == a[1] + 1 for a, b in zip(inner, inner[1:]))


BLOCK_TEXT = st.lists(  # (no piece makes a line of spaces: every blank line is empty)
    st.sampled_from(["\n", "\n\n", "\n\n\n", "字 \n", "\r\n", "字", "字 字", "a", "字  ", " 字"]),
    max_size=30,
).map("".join)


@SETTINGS
@given(BLOCK_TEXT)
def test_block_bounds_around_a_space_are_those_of_the_blank_line_scan(text):
    """On a page whose blank lines are all empty (no space, tab, NBSP or
    ideographic space on one), spaces finds the block of an inner space from
    the newlines around it instead of scanning the whole page for blank
    lines: the same bounds."""
    from cleanup.passes import spaces

    starts = [m.start() for m in spaces._BLANK_SPLIT.finditer(text)]
    ends = [m.end() for m in spaces._BLANK_SPLIT.finditer(text)]
    assert not any(text[a:b].strip("\n") for a, b in zip(starts, ends))
    for m in spaces._scans(True).inner_all.finditer(text):
        s = m.start()
        i = bisect.bisect_right(starts, s)
        assert spaces._bare_bounds(text, s) == (ends[i - 1] if i else 0, starts[i] if i < len(starts) else len(text))



@SETTINGS
@given(st.text(alphabet="字a \n", max_size=40), st.data())
def test_groups_by_newline_blocks_are_those_of_the_blank_line_scan(text, data):
    """On a page whose blank lines are empty, spaces hands BlockGroups its own
    block bounds (two newline searches, the block named by its start, the
    current block entered without a search): the same proposals, in the same
    order, as BlockGroups' blank-line scan gives."""
    from cleanup.passes import spaces
    from cleanup.passes.chars import BlockGroups

    assume(not re.search(r"(?m)^ +$", text))  # (a blank line holding spaces: not such a page)
    offs = [i for i, c in enumerate(text) if c != "\n"]
    assume(offs)
    picks = sorted(set(data.draw(st.lists(st.sampled_from(offs), max_size=12))))
    codes = data.draw(st.lists(st.sampled_from(["SP001", "SP004"]), min_size=len(picks), max_size=len(picks)))
    doc = Document(text)
    scan, bare = BlockGroups(doc), BlockGroups(doc)
    bare.use_bounds(spaces._bare_bounds)
    for k, (pos, code) in enumerate(zip(picks, codes)):
        if k % 3 == 2:  # as spaces does for a block's usual edits: the block entered, then the edits
            lo, hi = spaces._bare_bounds(text, pos)
            bare.enter(lo, hi)
            for g in (scan, bare):
                g.add_many(code, [Edit(pos, pos + 1, "")], 0.95, "x")
        else:
            for g in (scan, bare):
                g.add(code, pos, pos + 1, "", 0.95, "x")
    messages = {"SP001": "m1", "SP004": "m4"}

    def out(g):
        return [(p.code, p.message, [(e.start, e.end) for e in p.edits]) for p in g.proposals(messages)]

    assert out(bare) == out(scan)



@SETTINGS
@given(st.lists(st.tuples(st.booleans(), st.sampled_from(["PU001", "PU002"]), st.sampled_from([0.95, 0.97]),
                          st.lists(st.tuples(st.integers(0, 30), st.integers(0, 2)), min_size=1, max_size=4)),
                min_size=1, max_size=8))
def test_groups_build_what_make_proposal_builds(calls):
    """BlockGroups builds the proposal of a group whose edits came in order
    itself (no make_proposal): the same code, message, edits (sorted, as
    make_proposal leaves them), confidence, applicability, evidence and
    fingerprint as make_proposal gives for the group, whatever the order of
    the adds (out of order or overlapping: make_proposal sorts, or raises)."""
    from cleanup.model import make_proposal
    from cleanup.passes.chars import BlockGroups

    text = "字" * 40 + "\n\n" + "字" * 10
    doc = Document(text)
    groups = BlockGroups(doc)
    for many, code, conf, spans in calls:
        eds = [Edit(s, s + w, "x") for s, w in spans]
        if many:  # (add_many takes edits in order: the callers' lists are)
            eds.sort(key=lambda e: (e.start, e.end))
            if any(b.start < a.end for a, b in zip(eds, eds[1:])):
                continue
            groups.add_many(code, eds, conf, "label")
        else:
            for e in eds:
                groups.add(code, e.start, e.end, e.replacement, conf, "label")
    messages = {"PU001": "m1", "PU002": "m2"}
    expected = []
    for (code, _, appl), (edits, conf, labels, _) in groups.groups.items():
        what = ", ".join(f"{k} ×{v}" if v > 1 else k for k, v in labels.items())
        try:
            expected.append(make_proposal(doc, code, f"{messages[code]}: {what}", list(edits), confidence=conf,
                                          applicability=appl, evidence={"edits": len(edits), "what": labels}))
        except ValueError as exc:
            expected.append(str(exc))

    def key(p):
        return (p.code, p.message, p.edits, p.confidence, p.applicability, p.evidence, p.fingerprint)

    got = []
    it = groups.proposals(messages)
    while True:
        try:
            p = next(it)
        except StopIteration:
            break
        except ValueError as exc:
            got.append(str(exc))
            break
        got.append(key(p))
    assert got == [e if isinstance(e, str) else key(e) for e in expected][:len(got)]
    assert len(got) == len(expected) or isinstance(got[-1], str)

SPACED_BLOCK = st.lists(
    st.one_of(st.sampled_from(["开新局 起好步 强首府", "●本报记者 冯燕平 李海珍", "（记者 云静）", "王劲凯 摄", "— —",
                               "… …", "6— 10", "贯 彻", "党的 二十届", "包 钢 贺 海 东", "《深入实施 加快构建》",
                               "电梯 AI", "“ 新", " ", "  ", "\n"]),
              st.text(alphabet=HAN_CHARS[:8] + "，。“”—…《》,(aZ09 ", min_size=1, max_size=4)),
    min_size=1, max_size=6,
).map("".join)
SEPARATOR = st.sampled_from(["\n\n", "\n\n\n", " \n\n", "\n\n ", "\n \n", "—\n\n", "\n\n—", "\n\n\u3000",
                             "。\n\n", "\n\n“"])


@SETTINGS
@given(st.lists(SPACED_BLOCK, min_size=1, max_size=5), st.lists(SEPARATOR, min_size=8, max_size=8),
       st.lists(SEPARATOR, min_size=8, max_size=8))
def test_spaces_answers_from_its_memos_as_from_nothing(blocks, seps1, seps2):
    """The spaces pass remembers block kinds, headline and byline decisions
    and the blocks that keep all their spaces across runs (a block by its text
    and what a decision may read around it). A page whose blocks were seen
    before with other text around them (other separators, a dash or a space
    next to the block, as the pass's own fixes leave it) gets exactly the
    proposals of a run that remembers nothing."""
    from cleanup.passes import spaces

    def page(seps):
        return "".join(b + sep for b, sep in zip(blocks, seps))

    def run(text):
        return [(p.code, p.message, [(e.start, e.end, e.replacement) for e in p.edits], p.confidence,
                 p.applicability, p.evidence) for p in pass_by_name("spaces").run(Document(text), CTX)]

    def forget():
        for memo in (spaces._MEMOS, spaces._KIND_MEMO, spaces._EMPTY_BLOCKS):
            memo.clear()

    first, second = page(seps1), page(seps2)
    forget()
    want = run(second)
    forget()
    run(first)
    assert run(second) == want
    fixed = Pipeline(CTX, [pass_by_name("spaces")]).run(first, Policy()).text  # (memos kept: its re-runs)
    forget()
    assert Pipeline(CTX, [pass_by_name("spaces")]).run(first, Policy()).text == fixed


def _split_evidence_reference(page, left: str, right: str):
    """spaces._Page.split_evidence as first written: every word across the space tried in turn."""
    from cleanup.passes import spaces

    lx = page.lex
    for i in range(1, min(4, len(left)) + 1):
        for j in range(1, min(4, len(right)) + 1):
            w = left[-i:] + right[:j]
            if lx.freq.get(w, 0) >= page.min_cross_freq and HAN_RE.match(w[0]) and HAN_RE.match(w[-1]):
                return f"the space cuts the word {w}"
    last = spaces._last_word(left, lx.freq, lx.max_len)
    if len(last) == 1 and last in page.end_bad:
        return f"a phrase does not end with {last}"
    first = spaces._first_word(right, lx.freq, lx.max_len)
    if len(first) == 1 and first in page.start_bad:
        return f"a phrase does not start with {first}"
    return None


CROSS_PIECES = ["高质量", "发展", "工程", "全国一体化", "锚定", "目标", "政策", "落实", "的", "和", "了", "“", "”",
                "、", "1", "a", "新征程", "砥砺奋进"]
CROSS_CHARS = "高质量发展工程全国一体化锚定目标政策落实新征程砥砺奋进中人民社会主义经济的和了“”、1a"
cross_piece = st.lists(st.one_of(st.sampled_from(CROSS_PIECES), st.text(alphabet=CROSS_CHARS, min_size=1, max_size=3)),
                       max_size=4).map("".join)


@SETTINGS
@given(cross_piece, cross_piece)
@example("砥砺奋", "进新征程")  # 奋进 (i=1) before 砥砺奋进 (i=3)
@example("经济社", "会发展")  # 社会 before 经济社会
@example("高质", "量“发展")
def test_split_evidence_is_the_first_word_across_the_space(left, right):
    """The space cut a word: the ends of the candidates are tested before the
    lexicon is asked, with the same answer as trying every candidate in turn."""
    from cleanup.passes import spaces

    page = spaces._Page(Document("高质量 发展"), CTX)
    assert page.split_evidence(left, right) == _split_evidence_reference(page, left, right)


def test_space_scan_groups_are_cat_over_the_bmp():
    """The character classes of the inner-run groups are exactly _cat's H, P
    and A, for every code point of the BMP on either side of a run."""
    from cleanup.passes import spaces

    rx = spaces._scans(False).runs
    want = {"H": 1, "P": 2, "A": 3}
    for c in map(chr, range(0x10000)):
        if 0xD800 <= ord(c) < 0xE000 or c in " \t\n\u00a0\u3000":  # (a page with \t, NBSP or \u3000 is general)
            continue
        g = want.get(spaces._cat(c), 4)
        assert [m.lastindex for m in rx.finditer(f"{c} 中")] == [g], hex(ord(c))
        assert [m.lastindex for m in rx.finditer(f"中 {c}")] == [g], hex(ord(c))
        assert [m.lastindex for m in rx.finditer(f"{c} ●")] == [2 if g == 2 else 4], hex(ord(c))


CHARS_TEXT = st.text(alphabet="一—-.·・･•。．１２Ａ％中文 ,\u200b\u00a0\u3000\u2013\uff0d\ufeff", max_size=60)


@SETTINGS
@given(CHARS_TEXT)
def test_chars_one_scan_finds_the_runs_and_the_seeds(text):
    """chars finds the runs of its master class and the CH004/CH005 seeds in one
    scan: the same runs as the class alone (with and without full-width letters
    and digits) and the same seeds as the pattern of the seeds alone."""
    from cleanup.passes import chars

    cls = chars._classes()
    for fw, runs in ((True, chars._master()),
                     (False, chars.run_re(cls["invisible"] + cls["spaces"] + chars._RARE_DASH))):
        got = list(chars._master_seeds(fw).finditer(text))
        assert [m.group() for m in got if m.lastindex] == chars._SEEDS.findall(text)
        assert [m.span() for m in got if not m.lastindex] == [m.span() for m in runs.finditer(text)]


mixed_quote_events = st.lists(
    st.tuples(st.sampled_from(['"', '"', '"', "“", "”"]),
              st.sampled_from([(False, False, False, False)] * 4 + [
                  (True, False, False, False), (False, True, False, False), (False, False, True, False),
                  (False, False, False, True), (True, False, True, True), (False, True, True, False)]),
              st.integers(1, 90)),
    min_size=1, max_size=12,
)


@SETTINGS
@given(mixed_quote_events)
@example([('"', (False, False, False, False), 5)])
@example([('"', (False, True, False, False), 5)])
@example([('"', (True, False, True, False), 5)])
@example([('"', (False, False, False, False), 5), ('"', (False, False, False, False), 5),
          ("“", None, 5), ('"', (False, False, False, False), 5)])
@example([("“", None, 5), ('"', (False, False, False, False), 59), ('"', (False, False, False, True), 5),
          ('"', (False, False, False, False), 5)])
def test_quote_assignment_shortcuts_are_the_search(events):
    """_assign answers a lone straight quote (_assign_one) and an even block
    that opens and closes in turn cheaply (_assign_in_turn, curly quotes
    included) without the beam search: whatever it answers, cost and choices,
    is what the search gives."""
    from cleanup.passes import punct

    ev, ctxs, pos = [], [], 0
    for c, cx, gap in events:
        pos += gap
        ev.append((pos, c))
        ctxs.append(cx if c == '"' else None)
    assert punct._assign(ev, ctxs, "“", "”") == punct._assign_search(ev, ctxs, "“", "”")
    if len(ev) == 1 and ev[0][1] == '"':
        assert punct._assign_one(ctxs[0]) == punct._assign_search(ev, ctxs, "“", "”")
    found = punct._assign_in_turn(ev, ctxs, "“", "”") if len(ev) % 2 == 0 else None
    if found is not None:
        assert found == punct._assign_search(ev, ctxs, "“", "”")
        assert found[1] == [("fixed" if c != '"' else ("close" if k & 1 else "open"))
                            for k, (_, c) in enumerate(ev)]


def test_in_turn_shortcut_declines_what_it_cannot_prove():
    """A curly closer at an even place, a curly opener at an odd one, or a
    context against the turn (3) leaves the block to the search."""
    from cleanup.passes import punct

    plain = (False, False, False, False)
    assert punct._assign_in_turn([(1, "”"), (5, '"')], [None, plain], "“", "”") is None
    assert punct._assign_in_turn([(1, '"'), (5, "“")], [plain, None], "“", "”") is None
    assert punct._assign_in_turn([(1, '"'), (5, '"')], [(False, True, False, False), plain], "“", "”") is None
    assert punct._assign_in_turn([(1, "“"), (5, '"')], [None, plain], "“", "”") == (1, ["fixed", "close"])
    assert punct._assign_in_turn([(1, '"'), (5, '"')], [plain, plain], "“", "”") == (0, ["open", "close"])



def _zh_dots_by_hand(text: str) -> list[int]:
    """The dots punct's full-stop rule looks at, as its loop checked them before
    the scan did: a Chinese character (_CJK_RE) or shared punctuation before,
    no "." after."""
    from cleanup.charclass import SHARED_PUNCT
    from cleanup.passes.punct import _CJK_RE

    return [i for i, c in enumerate(text) if c == "." and i
            and (text[i - 1] in SHARED_PUNCT or _CJK_RE.match(text[i - 1]) is not None)
            and not text.startswith(".", i + 1)]


def test_full_stop_scan_class_is_the_cjk_or_shared_check_over_the_bmp():
    from cleanup.passes.punct import _ZH_DOT

    for cp in range(1, 0x10000):
        ch = chr(cp)
        if 0xD800 <= cp < 0xE000 or ch == ".":
            continue
        assert (_ZH_DOT.search(ch + ".") is not None) == bool(_zh_dots_by_hand(ch + ".")), hex(cp)


@SETTINGS
@given(st.text(alphabet="..中。，“”…—·a1 \n(", max_size=40))
@example("中..")
@example(".中.")
@example("中...中.")
def test_full_stop_scan_finds_the_dots_the_checks_keep(text):
    from cleanup.passes.punct import _ZH_DOT

    assert [m.start() for m in _ZH_DOT.finditer(text)] == _zh_dots_by_hand(text)
