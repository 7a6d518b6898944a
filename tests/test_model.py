import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.model import Applicability, Document, Edit, apply_edits, fingerprint, make_proposal


def test_apply_edits_in_any_order():
    assert apply_edits("abcdef", [Edit(4, 5, "E"), Edit(0, 1, ""), Edit(2, 2, "+")]) == "b+cdEf"


def test_apply_edits_rejects_overlap():
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])


def test_fingerprint_is_offset_free():
    a = Document("一二三。前文。市长,一行")
    b = Document("很多很多前面的文字。\n\n一二三。前文。市长,一行")
    i = a.text.index(",")
    pa = make_proposal(a, "PU001", "m", [Edit(i, i + 1, "，")], confidence=1)
    i = b.text.index(",")
    pb = make_proposal(b, "PU001", "m", [Edit(i, i + 1, "，")], confidence=1)
    assert pa.fingerprint == pb.fingerprint


def test_fingerprint_depends_on_rule_old_new_and_context():
    d = Document("市长,一行，书记,一行")
    base = fingerprint("PU001", d.text, [Edit(2, 3, "，")])
    assert base != fingerprint("PU002", d.text, [Edit(2, 3, "，")])
    assert base != fingerprint("PU001", d.text, [Edit(2, 3, "、")])
    assert base != fingerprint("PU001", d.text, [Edit(8, 9, "，")])  # other context


def test_fingerprint_survives_punctuation_fixes_nearby():
    a = Document("他说,\"好\",然后")
    b = Document("他说，“好\",然后")
    ia, ib = a.text.rindex(","), b.text.rindex(",")
    assert fingerprint("PU001", a.text, [Edit(ia, ia + 1, "，")]) == fingerprint("PU001", b.text, [Edit(ib, ib + 1, "，")])


def test_fingerprint_ignores_line_wrapping_in_context():
    a = Document("第一行文字\n市长,一行")
    b = Document("第一行文字市长,一行")
    fa = fingerprint("PU001", a.text, [Edit(a.text.index(","), a.text.index(",") + 1, "，")])
    fb = fingerprint("PU001", b.text, [Edit(b.text.index(","), b.text.index(",") + 1, "，")])
    assert fa == fb


def test_make_proposal_validates():
    d = Document("abc")
    with pytest.raises(ValueError):
        make_proposal(d, "XX001", "m", [], confidence=1)
    with pytest.raises(ValueError):
        make_proposal(d, "XX001", "m", [Edit(0, 2, ""), Edit(1, 3, "")], confidence=1)
    with pytest.raises(ValueError):
        make_proposal(d, "XX001", "m", [Edit(2, 9, "")], confidence=1)
    p = make_proposal(d, "XX001", "m", [Edit(2, 3, ""), Edit(0, 0, "z")], confidence=3, applicability="unsafe")
    assert p.edits[0].start == 0 and p.confidence == 1.0 and p.applicability is Applicability.UNSAFE


def test_line_col_and_offset_roundtrip():
    d = Document("甲乙\n丙丁戊\n\n己")
    for off in range(len(d.text) + 1):
        line, col = d.line_col(off)
        assert d.offset(line, col) == off
    assert d.line_col(d.text.index("戊")) == (2, 3)
    assert d.line_col(d.text.index("己")) == (4, 1)


def test_paragraphs_split_on_blank_and_space_only_lines():
    d = Document("\n\n标题\n\n第一段第一行\n第一段第二行\n \n第二段。\n")
    paras = d.paragraphs
    assert [p.text for p in paras] == ["标题", "第一段第一行\n第一段第二行", "第二段。"]
    for p in paras:
        assert d.text[p.start:p.end] == p.text
    assert paras[0].kind == "headline"


def test_applicability_cap():
    S, U, D = Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY_ONLY
    assert S.cap(U) is U and U.cap(S) is U and D.cap(S) is D
    assert Applicability.parse("display_only") is D
    with pytest.raises(ValueError):
        Applicability.parse("maybe")


def _make_proposal_reference(doc, code, edits, confidence):
    """make_proposal as it was before its fast path (sort, then check; clamp)."""
    eds = tuple(sorted(edits, key=lambda e: (e.start, e.end)))
    if not eds:
        raise ValueError("empty")
    for a, b in zip(eds, eds[1:]):
        if b.start < a.end:
            raise ValueError("overlap")
    if eds[-1].end > len(doc.text):
        raise ValueError("beyond")
    return eds, max(0.0, min(1.0, float(confidence)))


_spans = st.tuples(st.integers(0, 12), st.integers(0, 4), st.sampled_from(["", "x", "yz"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_spans, max_size=6),
       st.one_of(st.floats(allow_nan=False), st.integers(-2, 2), st.sampled_from([0.0, -0.0, 1.0, 0.5])))
def test_make_proposal_checks_and_orders_like_sorting_first(spans, conf):
    """The one-loop check of edits given in order (sorting only when they are
    not) accepts, orders and rejects exactly what sorting first did; the
    confidence fast path clamps like max(0, min(1, float(c)))."""
    d = Document("abcdefghij")
    edits = [Edit(s, s + n, r) for s, n, r in spans]
    try:
        want = _make_proposal_reference(d, "XX001", edits, conf)
    except ValueError:
        want = None
    try:
        p = make_proposal(d, "XX001", "m", edits, confidence=conf)
    except ValueError:
        assert want is None
        return
    assert want is not None
    eds, c = want
    assert p.edits == eds and [id(e) for e in p.edits] == [id(e) for e in eds]
    assert p.confidence == c and p.confidence.__class__ is float and repr(p.confidence) == repr(c)


def test_edit_compares_and_hashes_by_value():
    assert Edit(1, 2, "x") == Edit(1, 2, "x") and Edit(1, 2, "x") != Edit(1, 2, "y")
    assert hash(Edit(1, 2, "x")) == hash(Edit(1, 2, "x")) and len({Edit(1, 2, "x"), Edit(1, 2, "x")}) == 1
    assert repr(Edit(1, 2, "x")) == "Edit(start=1, end=2, replacement='x')"
    with pytest.raises(ValueError):
        Edit(3, 2, "")
    with pytest.raises(ValueError):
        Edit(-1, 0, "")


def test_paragraph_compares_and_hashes_by_value():
    from cleanup.model import Paragraph

    a, b = Paragraph(0, 1, 3, "ab"), Paragraph(0, 1, 3, "ab", "body")
    assert a == b and hash(a) == hash(b) and a != Paragraph(0, 1, 3, "ab", "headline")
    assert repr(a) == "Paragraph(index=0, start=1, end=3, text='ab', kind='body')"


_BLANK = re.compile(r"\n[ \t\u3000\u00a0]*\n(?:[ \t\u3000\u00a0]*\n)*")


def _paragraphs_reference(text):
    """Document.paragraphs' blocks as it cut them before it took them from
    the lines pass: (start, end, text) of each, split on blank lines (lines
    holding only spaces count), the newlines at a block's edges trimmed,
    whitespace-only blocks left out."""
    out, spans, pos = [], [], 0
    for m in _BLANK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    for s, e in spans:
        chunk = text[s:e]
        stripped = chunk.strip("\n")
        if not stripped.strip():
            continue
        start = s + len(chunk) - len(chunk.lstrip("\n"))
        out.append((start, start + len(stripped), stripped))
    return out


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="\n\n\n  \t\u3000\u00a0\r\u200ba中。A，", max_size=40))
def test_paragraphs_as_split_on_blank_lines(text):
    # the blocks and kinds of Document.paragraphs, by its own split and by
    # the lines pass's lines when the pass has just read the text (the
    # pipeline's output: the same text object)
    from cleanup.kinds import classify_blocks
    from cleanup.passes import lines as LJ

    want = _paragraphs_reference(text)
    kinds = classify_blocks([t for _, _, t in want])
    for reading in (False, True):
        if reading:
            LJ._Page(Document(text), dict(LJ.DEFAULTS))
        got = Document(text).paragraphs
        assert [(p.start, p.end, p.text) for p in got] == want
        assert [p.kind for p in got] == kinds
        assert [p.index for p in got] == list(range(len(want)))
