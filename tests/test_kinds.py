"""Paragraph kinds: block and line level (cleanup.kinds is shared by several passes)."""
import pytest

from cleanup import kinds as K
from cleanup.model import Document


@pytest.mark.parametrize("text,kind", [
    ("●本报记者 冯燕平 李海珍", K.BYLINE),
    ("□梁倩姝 谷台 吴香凝", K.BYLINE),
    ("（李海珍）", K.BYLINE),
    ("本报讯（记者 云静）2月11日上午，包钢一行赴中信集团拜访。", K.DATELINE),
    ("新华社北京2月19日电（记者 王立彬）水利部近日召开会议。", K.DATELINE),
    # datelines of older pages: Chinese-numeral dates, 据 before the agency,
    # 本报…电, an agency dateline without a date after 据
    ("新华社南京十二月三十日电　全省新建的三条公路今天通车。", K.DATELINE),
    ("据新华社南京１２月３０日电　全省新建的三条公路今天通车。", K.DATELINE),
    ("本报南京１月２日电　记者王明报道：全省新建的三条公路今天通车。", K.DATELINE),
    ("据新华社南京电（记者王明）全省新建的三条公路今天通车。", K.DATELINE),
    ("新华社今天发来贺电，祝贺全省新建的三条公路通车。", K.BODY),  # no place and date
    ("据新华社记者了解，全省新建的三条公路今天通车。", K.BODY),
    ("俯瞰城市南部。王劲凯 摄", K.CAPTION),
    ("▲净水厂一景", K.CAPTION),
    ("本版图片由本报记者张尹焱闫鑫阿柔娜提供", K.CAPTION),
    ("（下转第2版）", K.JUMP),
    ("（上接第1版）", K.JUMP),
    ("前言:", K.LABEL),
    ("采访手记", K.LABEL),
    ("——学习贯彻党的二十大精神研讨班侧记", K.KICKER),
    ("开启中国式现代化的新长征", K.HEADLINE),
    ("看看经开区如何念好“节水经”", K.HEADLINE),  # a quoted term is no sentence end
    ("“托克托力量。”高正说。", K.BODY),
    ("# 凝心聚力担使命 砥砺奋进新征程", K.HEADLINE),
    ("呼和浩特：努力绘制京蒙协作新画卷\n●本报记者 冯燕平 李海珍", K.HEADLINE),
    ("这个班开在“关键时刻”，全面贯彻党的二十大精神的开局之年。", K.BODY),
    ("记者走进呼和浩特经济技术开发区净水厂采访，看到工人正在巡检。", K.BODY),
])
def test_classify_block(text, kind):
    assert K.classify_block(text) == kind


@pytest.mark.parametrize("text,closed", [
    ("加油干。", True), ("贡献托克托力量。”", True), ("加油干。\"", True), ("记者会上；", True),
    ("呼和浩特围绕“宜居”", False), ("念好“节水经”", False),
    ("新年讲话（附图片１张）", True), ("（新华社记者兰红光摄）", True),
    ("——“中国式现代化，是我们所给出的答案”", True),  # a whole quotation
    ("实现民族复兴这个重大历史课题所给出的答案”", True),  # opened on an earlier line
    ("呼和浩特", False), ("方面，", False),
])
def test_ends_sentence(text, closed):
    assert K.ends_sentence(text) is closed


@pytest.mark.parametrize("line,kind", [
    ("●本报记者 若谷", K.BYLINE),
    ("本报记者 冯燕平 李海珍", K.BYLINE),
    ("记者走进呼和浩特经济技术开发区", K.BODY),  # a wrapped body line, not a byline
    ("——“京资”招商精准化，深化“五", K.BODY),  # a list item's first line, not a kicker
    ("——访托克托县委副书记、县长高正", K.KICKER),
    ("本报讯（记者 宋向华）2月 19日，", K.DATELINE),
    ("本报南京十二月三十日电　记者", K.DATELINE),
    ("据新华社呼和浩特2月19日电（记", K.DATELINE),  # the first line of a wrapped dateline
    ("据新华社北京电（记者 王芳）今天", K.DATELINE),
    ("据介绍，该项目总投资十亿元，", K.BODY),
    ("（下转第3版）", K.JUMP),
    ("记者调查", K.LABEL),
    ("开启中国式现代化的新长征", K.BODY),  # line_kind never says headline
])
def test_line_kind(line, kind):
    assert K.line_kind(line) == kind


def test_document_paragraphs_carry_kinds():
    doc = Document("开启中国式现代化的新长征\n\n——学习贯彻党的二十大精神研讨班侧记\n\n"
                   "●本报记者 若谷\n\n致力千秋伟业的百年大党，总有一种时不我待的紧迫感。")
    assert [p.kind for p in doc.paragraphs] == [K.HEADLINE, K.KICKER, K.BYLINE, K.BODY]


def test_head_kinds_and_compact():
    assert all(K.is_head(k) for k in (K.HEADLINE, K.KICKER, K.BYLINE, K.CAPTION, K.JUMP, K.LABEL))
    assert not K.is_head(K.BODY) and not K.is_head(K.DATELINE)
    assert K.compact(" 包 钢\n贺海东 ") == "包钢贺海东"
    assert K.classify_blocks(["（下转第2版）", "正文。"]) == [K.JUMP, K.BODY]


# --- the fast paths of line_kind / classify_block give exactly the full checks' kinds
def _ref_line_kind(line):
    t = K._MARKUP.sub("", line).strip()
    if not t:
        return K.BODY
    flat = K.compact(t)
    if K._JUMP.match(flat):
        return K.JUMP
    if K._LABEL.match(flat):
        return K.LABEL
    if K._DATELINE.match(flat):
        return K.DATELINE
    if len(flat) <= 60 and K._CAPTION.search(t):
        return K.CAPTION
    if len(flat) <= 40 and K._BYLINE_LINE.match(t):
        return K.BYLINE
    if len(flat) <= 60 and K._KICKER.match(t) and not __import__("re").search("[，,。；;]", flat):
        return K.KICKER
    return K.BODY


def _ref_classify_block(text):
    t = text.strip()
    if not t:
        return K.BODY
    lines = [ln for ln in t.split("\n") if ln.strip()]
    first = K._MARKUP.sub("", lines[0]).strip()
    flat = K.compact(K._MARKUP.sub("", t.replace("\n", "")))
    if not flat:
        return K.BODY
    if K._JUMP.match(flat):
        return K.JUMP
    if K._LABEL.match(flat):
        return K.LABEL
    if K._DATELINE.match(K.compact("".join(K._MARKUP.sub("", ln).strip() for ln in lines[:2]))):
        return K.DATELINE  # (read over two lines: a dateline wrapped in a narrow column)
    if len(flat) <= 60 and K._CAPTION.search(t.replace("\n", "")):
        return K.CAPTION
    one = " ".join(ln.strip() for ln in lines)
    if K._BYLINE.match(one) or (len(flat) <= 40 and K._BYLINE_LINE.match(one)):
        return K.BYLINE
    if K._KICKER.match(first) and len(flat) <= 60:
        return K.KICKER
    if t.startswith("#"):
        return K.HEADLINE
    if len(lines) > 1:
        rest = [_ref_line_kind(ln) for ln in lines[1:]]
        if any(k in (K.BYLINE, K.KICKER) for k in rest) and K.compact(first)[-1:] not in K._TERMINAL:
            return K.HEADLINE
    if len(flat) <= 30 and not K.ends_sentence(flat) and "，" not in flat and "," not in flat:
        return K.HEADLINE
    return K.BODY


def _fixture_texts():
    from pathlib import Path

    fx = Path(__file__).resolve().parent.parent / "fixtures"
    return [f.read_text(encoding="utf-8") for d in ("raw", "gold") for f in sorted((fx / d).glob("*.txt"))]


def test_fast_paths_agree_with_full_checks_on_fixture_lines_and_blocks():
    texts = _fixture_texts()
    lines = [ln for t in texts for ln in t.split("\n")]
    blocks = [b for t in texts for b in t.split("\n\n")]
    # windows of 1..4 raw lines: wrapped heads over bylines, captions, ...
    for t in texts:
        ls = t.split("\n")
        blocks += ["\n".join(ls[i:i + k]) for k in (2, 3, 4) for i in range(0, len(ls), 3)]
    odd = ["**", "# ", "#", "  ●本报记者 若谷", "前 言 ： 在", "记 者 调 查", "采 访 手 记 ：", "本 报讯（记者 王）",
           "标题\n**\n●本报记者 王", "**\n——访某某", "图为工人。张三 摄", "文/张三", "（李海珍）", "\t（下转第2版）",
           "据新华社北京2月19日电（记者 王芳）", "据新华社呼和浩特2月19日电（记",
           "据新华社呼和浩特2月19日\n电（记者 王芳）今天，", "本报北京\n2月19日电\n记者"]
    assert len(lines) > 500 and len(blocks) > 500
    for ln in lines + odd:
        assert K.line_kind(ln) == _ref_line_kind(ln), ln
    for b in blocks + odd:
        assert K.classify_block(b) == _ref_classify_block(b), b


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHA = "●□■◆○（()）—-一#* \n\u3000据本报讯记者通讯员新华社北京2月19日电摄影图为▲提供前言：:采访手记上下转接第版，。的和标题李海珍"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHA, max_size=40))
def test_fast_paths_agree_with_full_checks_on_random_strings(s):
    assert K.line_kind(s) == _ref_line_kind(s)
    assert K.classify_block(s) == _ref_classify_block(s)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHA, min_size=1, max_size=3), st.text(alphabet=_ALPHA, min_size=55, max_size=80))
def test_fast_paths_agree_with_full_checks_on_long_strings(head, rest):
    # long one-line blocks (whole paragraphs) take classify_block's fast path
    s = head + rest
    assert K.line_kind(s) == _ref_line_kind(s)
    assert K.classify_block(s) == _ref_classify_block(s)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="标题的和李海珍说，,。！？”“’：:；摄影提供本报新中据图为▲—-一#*（）()讯电前言手记●文/",
               min_size=1, max_size=64))
def test_short_one_line_fast_path_agrees_with_full_checks(s):
    # short one-line blocks without whitespace (headlines, bylines, labels:
    # a third of a page's blocks) take classify_block's short fast path
    # unless their first or last characters may open or end a kind
    assert K.classify_block(s) == _ref_classify_block(s)


# a column of body text emitted one line per block (a blank line after every
# line): each line alone looks like a headline, together they are body text
_COLUMN = ["“我们将认真落实会议的各项部署，", "全面推进乡村振兴各项重点工作，", "加大投入力度因地制宜发展特色优",
           "势产业，让群众的日子越过越红火", "越来越有奔头。”镇党委书记说。"]


def test_column_of_one_line_blocks_is_body():
    assert K.classify_block(_COLUMN[2]) == K.HEADLINE  # alone: short, no punctuation
    assert K.classify_blocks(_COLUMN) == [K.BODY] * len(_COLUMN)
    assert K.column_runs(_COLUMN) == [list(range(len(_COLUMN)))]
    # next to other blocks: only the run is body
    page = ["城市更新行动提速增效"] + _COLUMN + ["●本报记者 张三"]
    kinds = K.classify_blocks(page)
    assert kinds[0] == K.HEADLINE and kinds[-1] == K.BYLINE
    assert kinds[1:-1] == [K.BODY] * len(_COLUMN)


@pytest.mark.parametrize("stack", [
    ["城市更新行动提速增效", "老旧小区改造惠及万户居民", "——访市住建局局长李四"],  # widths differ
    ["聚焦重点领域精准发力", "持续优化营商服务环境", "奋力谱写发展崭新篇章"],  # equal widths, no clause marks
    # verse: equal widths and commas, but every line ends where its phrase ends
    ["春风吹过山岗，桃花开满村庄", "燕子飞回旧巢，孩子奔向田野", "河水唱着歌谣，流过古老石桥", "炊烟升起之处，就是我的家乡"],
    ["四、过分强调低成本扩张"] * 3,  # a repeated block (四、 numbers it)
])
def test_headline_stack_is_not_a_column(stack):
    assert K.column_runs(stack) == []
    assert K.classify_blocks(stack) == [K.classify_block(b) for b in stack]


def _ref_plain(c: str) -> bool:
    """Reference for ``plain_lines``: the per-line check it replaces."""
    return ((len(c) > 9 or (c[-1] not in ":：" and c not in K._LABEL_WORDS)) and c[0] not in "#*" and " " not in c
            and c.isprintable() and not c.endswith(K._KIND_END)
            and (c[0] not in K._START_CHARS or K._KIND_START.match(c) is None))


_PLAIN_ALPHA = "本报记者摄影提供图为（()#* \t\u200b一—-新华社电张三。，：:编后短评人物"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_PLAIN_ALPHA, min_size=1, max_size=16), min_size=1, max_size=12))
def test_plain_lines_agree_with_the_line_check(lines):
    ref = [_ref_plain(c) for c in lines]
    assert K.plain_lines(lines) == ref
    if all(" " not in c and c.isprintable() for c in lines):
        assert K.plain_lines(lines, clean=True) == ref
    # a plain line is body text by the full checks too
    assert all(_ref_line_kind(c) == K.BODY for c, p in zip(lines, ref) if p)


def test_label_screen():
    # a text without whitespace that the label pattern matches ends with a
    # colon or is one of the label words (what the fast paths screen on)
    assert all(K._LABEL.match(w) for w in K._LABEL_WORDS)
    short = [w + x for w in ("", "编", "背景", "记者") for x in ("", "：", ":", "手记", "链接", "a")]
    for s in short + [w[:-1] for w in K._LABEL_WORDS] + [w + "。" for w in K._LABEL_WORDS]:
        assert (K._LABEL.match(s) is not None) <= (s[-1:] in K._LABEL_END or s in K._LABEL_WORDS), s
    # short body lines (a paragraph's last line, 一 opening a line) are plain
    assert K.plain_lines(["发展。", "一个新的开始就在眼前的今天", "人物", "前言："]) == [True, True, False, False]


def test_plain_lines_on_fixture_lines():
    from pathlib import Path

    raw = Path(__file__).resolve().parent.parent / "fixtures" / "raw"
    lines = [ln.strip() for p in sorted(raw.glob("*.txt")) for ln in p.read_text(encoding="utf-8").split("\n")]
    lines = [ln for ln in lines if ln]
    assert K.plain_lines(lines) == [_ref_plain(c) for c in lines]
    assert 0 < sum(K.plain_lines(lines)) < len(lines)


@pytest.mark.parametrize("a, b, spans", [
    ("因地", "制宜", True), ("清水", "河县", True), ("发展。", "经济", False), ("abc", "def", False), ("", "中", False),
])
def test_bridge(a, b, spans):
    assert (K.bridge(a, b) > 0) is spans


def test_bridge_screen_gives_the_full_answers():
    # with the lexicon's pair table built, the screen answers every cut of
    # the fixture pages as the full look-up does
    from pathlib import Path

    from cleanup.lexicon import get_lexicon

    get_lexicon().word_pairs()
    raw = Path(__file__).resolve().parent.parent / "fixtures" / "raw"
    lines = [ln.strip() for p in sorted(raw.glob("*.txt")) for ln in p.read_text(encoding="utf-8").split("\n")]
    lines = [ln for ln in lines if ln]
    cuts = [(a[-3:], b[:3]) for a, b in zip(lines, lines[1:])] + [("因地", "制宜"), ("清水", "河县")]
    full = K._bridge.__wrapped__
    for m in (30, 200):
        assert [K.bridge(a, b, m) for a, b in cuts] == [full(a, b, m) for a, b in cuts]
    assert sum(K.bridge(a, b) > 0 for a, b in cuts) > 10


@pytest.mark.parametrize("text, kind", [
    ("本报讯（记者李海珍）" + "呼和浩特市经济技术开发区今年以来持续优化营商环境，" * 3, K.DATELINE),
    ("新华社北京2月19日电" + "全国各地持续推进乡村振兴各项重点工作，取得新成效。" * 3, K.DATELINE),
    ("#" + "看看经开区如何念好节水经" * 6, K.HEADLINE),
    ("经开区" + "持续推进乡村振兴各项重点工作，取得新成效。" * 3, K.BODY),
])
def test_long_one_line_blocks(text, kind):
    assert len(text) > 60
    assert K.classify_block(text) == kind == _ref_classify_block(text)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=_ALPHA, min_size=1, max_size=3),
       st.lists(st.text(alphabet=_ALPHA + "\n\n  \t", min_size=0, max_size=30), min_size=1, max_size=6))
def test_long_spaced_and_wrapped_fast_path_agrees_with_full_checks(head, lines):
    # blocks of more than 60 characters with spaces or line breaks (wrapped or
    # spaced paragraphs) take the fast path unless their first character or
    # a later line's start may open a kind
    s = head + "\n".join(lines) + "这是一段很长的正文文字，" * 5
    for b in (s, "\n".join(lines) + "这是一段很长的正文文字，" * 5 + head):
        assert K.classify_block(b) == _ref_classify_block(b)


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(["本报讯", "本报北京2月19日电", "新华社北京十一月二十八日电", "据新华社北京电", "本 报讯", "中新网",
                        "人民网北京1月2日电", "据", "央视网"]),
       st.text(alphabet=_ALPHA + "：\n  ", max_size=30), st.booleans())
def test_dateline_fast_path_agrees_with_full_checks(head, rest, long):
    # a block opening with a dateline (本报讯…, 新华社…电) is decided on its
    # first line unless it is short enough for a label
    s = head + rest + ("这是一段很长的正文文字，" * 6 if long else "")
    assert K.classify_block(s) == _ref_classify_block(s)
    assert K.classify_block(s.replace("\n", " ", 1)) == _ref_classify_block(s.replace("\n", " ", 1))


def test_dateline_wrapped_over_two_lines_is_read_over_both():
    # a narrow column cuts 据新华社…日|电 : the block is still a dateline
    assert K.classify_block("据新华社呼和浩特2月19日\n电（记者 王芳）今天，全市") == K.DATELINE
    assert K.classify_block("据介绍\n新华社呼和浩特2月19日电") != K.DATELINE


@pytest.mark.parametrize("a,b,cut", [
    ("新华社南京１２月３０日", "电（记者王明）全省", True),
    ("据新华社南京１２月３", "０日电（记者王明）", True),
    ("本报南京１２月３０日", "讯全省新建的三条公路", True),
    ("新华社南京１２月３０日电", "（记者王明）全省", False),  # a whole dateline before the break
    ("新建公路今天通车", "电（记者王明）全省", False),  # no dateline opening
    ("新华社记者王明", "电话采访了全省", False),
])
def test_dateline_cut(a, b, cut):
    assert K.dateline_cut(a, b) == cut


@pytest.mark.parametrize("text,alone", [
    ("本报讯（记者 王明）", True), ("新华社南京１２月３０日电", True), ("本报讯", True),
    ("本报讯（记者 王明）全省新建的三条公路", False), ("（新华社南京１２月３０日电）", False),
])
def test_dateline_only(text, alone):
    assert K.dateline_only(text) == alone


def _ref_dateline_only(text):
    if not text or text[0] not in "本新中人央据":
        return False
    c = K.compact(text)
    m = K._DATELINE.match(c)
    return m is not None and m.end() == len(c)


def _ref_dateline_cut(a, b):
    if not a or a[0] not in "本新中人央据":
        return False
    ca = K.compact(a)
    if K._DATELINE.match(ca):
        return False
    m = K._DATELINE.match(ca + K.compact(b[:8]))
    return m is not None and m.end() > len(ca)


_DATE_ALPHA = "本新中人央据报讯华社网视民 \u3000\t\n（）(记者王)1２月日电北京"


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["", "新华社北京2月", "据新华社", "本报", "中新社", "人民"]),
       st.text(alphabet=_DATE_ALPHA, max_size=14), st.text(alphabet=_DATE_ALPHA, max_size=10))
def test_dateline_checks_agree_with_the_pattern(head, a, b):
    # (dateline_only and dateline_cut skip the pattern when the first two
    # characters open no dateline: the same answers)
    a = head + a
    assert K.dateline_only(a) == _ref_dateline_only(a)
    assert K.dateline_cut(a, b) == _ref_dateline_cut(a, b)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=_ALPHA + "：:摄影提供▲图为“”。！？,，本版人民网央视中新特约实习文/●一—", min_size=1, max_size=70))
def test_a_plain_line_takes_the_kind_of_its_shape(s):
    # classify_blocks with plain_lines' flags (a page of one-line blocks the
    # lines pass read) gives a plain line the kind of its shape without
    # classify_block: the same kind
    s = s.strip()  # (plain_lines reads lines without spaces around them)
    if s:
        assert K.classify_blocks([s], K.plain_lines([s])) == [K.classify_block(s)]


def test_plain_flags_give_the_same_kinds_on_fixture_lines():
    lines = [ln.strip() for t in _fixture_texts() for ln in t.split("\n") if ln.strip()]
    # (and lines of every length about the headline's limit)
    lines += [w * n + e for n in range(1, 66) for w in ("国", "中国", "A") for e in ("", "。", "，的", "”", "：")]
    plain = K.plain_lines(lines)
    assert sum(plain) > 100 and not all(plain)
    for k in range(0, len(lines), 40):  # (pages of 40 one-line blocks: column runs too)
        assert K.classify_blocks(lines[k:k + 40], plain[k:k + 40]) == K.classify_blocks(lines[k:k + 40])
