"""Lines pass (LJ): joins, paragraph breaks and blank lines on fixture pages and small cases."""
import re
from pathlib import Path

import pytest

from cleanup.passes import pass_by_name
from cleanup.pipeline import Context, Pipeline, Policy
from cleanup.rules import RuleSet

FIX = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(Context(RuleSet.load()), [pass_by_name("lines")])


def _norm(s):
    return re.sub(r"[\s#*]", "", s).translate(str.maketrans(",:;?()!", "，：；？（）！"))


def _paras(text):
    return [_norm(p) for p in text.split("\n") if p.strip()]


@pytest.mark.parametrize("stem", ["000_45c752f241fca3c1"])
def test_fixture_page_paragraphs_match_gold(pipe, stem):
    raw = (FIX / "raw" / f"{stem}.txt").read_text(encoding="utf-8")
    gold = (FIX / "gold" / f"{stem}.txt").read_text(encoding="utf-8")
    out = pipe.run(raw, Policy()).text
    # the gold also moves headlines (reading order): compare as multisets
    assert sorted(_paras(out)) == sorted(_paras(gold))
    # one blank line between paragraphs
    assert "\n\n\n" not in out.strip("\n")


def test_003_joins_across_blank_lines(pipe):
    raw = (FIX / "raw" / "003_c3e511bfb62b3423.txt").read_text(encoding="utf-8")
    out = _paras(pipe.run(raw, Policy()).text)
    joined = "\x00".join(out)
    for a, b in [("和林格尔县将围", "绕乳"), ("奥普赛动", "物血清"), ("的基础上，", "和林格尔新区将"),
                 ("服务跟上", "来，政策"), ("海关监管场", "所，"), ("科拓益生菌共", "性技术")]:
        assert a + b in joined, (a, b)
    # a fragment cut mid-word but followed by a name label is not joined to it
    assert "一结束立高峰" not in joined
    assert "高峰" in out


def test_headline_never_joined_to_body(pipe):
    text = ("包钢贺海东赴中信集团拜访\n\n2023年，市生态环境局以完善提升\n“两屏、四带”城市生态空间布局，全面\n"
            "巩固国家生态文明建设示范市创建成\n果，筑牢北方地区重要生态安全屏障为\n主线。\n")
    out = pipe.run(text, Policy()).text
    assert out.startswith("包钢贺海东赴中信集团拜访\n\n2023年，")
    assert "创建成果，筑牢" in out


def test_break_after_short_final_line_and_indent(pipe):
    text = ("保护督察整改、生态环境综合行政执法\n“升级版”。\n创建“无废城市”是提升城市整体\n"
            "形象和生态文明建设水平、推动黄河流\n域生态保护和高质量发展的有力举\n措。今年，我市组建工作专班，将工\n作任务纳入管理。\n")
    out = pipe.run(text, Policy()).text
    assert "执法“升级版”。\n\n创建“无废城市”是提升城市整体形象" in out


def test_byline_line_split_from_headline(pipe):
    out = pipe.run("呼和浩特：努力绘制京蒙协作新画卷\n●本报记者 冯燕平 李海珍\n", Policy()).text
    assert out == "呼和浩特：努力绘制京蒙协作新画卷\n\n●本报记者 冯燕平 李海珍\n"


def test_idempotent_and_blank_lines_collapsed(pipe):
    raw = (FIX / "raw" / "001_3c173866b2547df7.txt").read_text(encoding="utf-8")
    res = pipe.run(raw, Policy())
    assert res.converged
    assert not re.search(r"\n[ \t]*\n[ \t]*\n", res.text)
    again = pipe.propose(__import__("cleanup.model", fromlist=["Document"]).Document(res.text), Policy())
    assert [p for p in again if p.applicability.value == "safe"] == []


def test_headline_as_wide_as_the_column_is_not_joined(pipe):
    # a one-line block without punctuation as wide as the column: a headline,
    # unless evidence at the cut (a word across it, 的 …) says otherwise
    body = ("2023年，市生态环境局以完善提升\n“两屏、四带”城市生态空间布局，全面\n"
            "巩固国家生态文明建设示范市创建成\n果，筑牢北方地区重要生态安全屏障为\n主线。\n")
    text = "高标准打好蓝天碧水净土保卫战\n\n" + body
    out = pipe.run(text, Policy()).text
    assert out.startswith("高标准打好蓝天碧水净土保卫战\n\n2023年，")


def test_markdown_heading_never_joined_across_a_blank_line(pipe):
    text = "### 去年拉动全市投资增长\n\n2022年，全市高技术制造业投资同比增长145.8%。\n"
    assert pipe.run(text, Policy()).text == text


def test_label_like_line_after_a_full_line_ends_its_sentence(pipe):
    # "十八条：" looks like a label, but the full line before it does not end
    text = ("本办法第三十四条、第三十五条、第三\n十六条：\n"
            "在水源保护范围内，应当遵守下列规定：\n不得倾倒砂石、废渣、污水等杂物。\n")
    out = pipe.run(text, Policy()).text
    assert "第三十六条：" in out


def test_block_starting_with_a_particle_continues(pipe):
    text = "年前从乡下老宅中取走\n\n的为由，扣下了这三件瓷器。\n"
    assert pipe.run(text, Policy()).text == "年前从乡下老宅中取走的为由，扣下了这三件瓷器。\n"


BODY14 = ("工作找到了，心就踏实了。我会扎\n实做好各项任务，加油干。他说。\n\n")


def test_quoted_term_before_a_blank_line_is_no_sentence_end(pipe):
    # a closing quote right after a word ends a quoted term, not a sentence
    text = BODY14 + "2023年，呼和浩特围绕“宜居”\n\n城市建设，新建公园游园305个，城\n市绿道和健身步道235公里。\n"
    out = pipe.run(text, Policy()).text
    assert "围绕“宜居”城市建设，新建" in out
    # a whole quotation before the blank line ends what it quotes
    text = BODY14 + "坚定历史自信——“中国式现代化，是我们\n所给出的答案”\n\n位于中央党校校园中央的礼堂，拱形\n屋顶，黄砖贴面。\n"
    out = pipe.run(text, Policy()).text
    assert "所给出的答案”\n\n位于中央党校" in out


def test_full_first_line_cut_by_a_column_break_joins_when_a_word_spans_it(pipe):
    # a one-line block as wide as the column whose text reads on (来京洽|谈工作)
    text = ("希望双方进一步增进了解，\n加强沟通，开展更多务实合\n作，力争尽快推动项目落地。\n\n"
            "朱鹤新对包钢一行来京洽\n\n谈工作表示欢迎，对呼和浩\n特市委、市政府给予中信集\n团的支持表示感谢。\n")
    out = pipe.run(text, Policy()).text
    assert "来京洽谈工作表示欢迎" in out


def test_line_wider_than_the_column_is_a_line_of_its_own(pipe):
    # a headline longer than the column over a wrapped paragraph: no line of
    # the column is that wide, so it is not joined to the paragraph under it
    body = ("建成开通了国家互联网骨干直联\n点、国际互联网数据专用通道，和\n林格尔新区总出口带宽达到51.\n"
            "8T，实现了京津冀网内时延10\n毫秒，上海网络时延28毫秒。\n")
    out = pipe.run("数字赋能首府经济社会高质量发展新动能\n" + body, Policy()).text
    assert out.startswith("数字赋能首府经济社会高质量发展新动能\n\n建成开通")


# -- a column emitted one line per block inside text of another layout -------
_LONG = ("本报讯近日，市应急管理局召开全市安全生产工作会议，总结去年工作，部署今年重点任务，"
         "要求各地区各部门压实责任、强化措施，对全市重点行业领域开展安全隐患大排查")
_RUN = ["“我们将认真落实会议的各项部署，", "全面推进乡村振兴各项重点工作，", "加大投入力度因地制宜发展特色优",
        "势产业，让群众的日子越过越红火", "越来越有奔头。”镇党委书记说。"]


def test_column_run_is_not_joined_to_text_of_another_width(pipe):
    text = _LONG + "\n\n" + "\n\n".join(_RUN) + "\n\n整治行动，切实守牢安全底线。会议还通报了去年全市安全生产考核结果。\n"
    out = pipe.run(text, Policy()).text
    paras = [p.strip() for p in out.split("\n\n") if p.strip()]
    # the column's lines make one paragraph, apart from the long paragraph
    # before it (a different width, and a quotation opening after it)
    assert "".join(_RUN) in paras
    assert paras[0] == _LONG


def test_indented_line_in_a_column_run_opens_a_paragraph(pipe):
    run = ["全市今年计划实施的重点项目共有一", "百二十个，总投资超过八百亿元，其", "中新开工项目六十个，续建项目六十",
           "个，目前已开工建设的有九十个项目", "关于如何加快项目建设进度，"]  # indented: 2 cells short
    out = pipe.run("\n\n".join(run) + "\n", Policy()).text
    assert "".join(run[:4]) in out
    assert "九十个项目关于" not in out  # no evidence at the cut: not joined at SAFE


_SECTIONS = [
    ("绿色引领，生态建设迈出新步伐", ["今年以来，我市坚持生态优先、", "绿色发展，深入推进山水林田湖草沙", "一体化保护和系统治理，全市森林覆",
                                   "盖率持续提高，城市空气质量优良天", "数比例明显提升。"]),
    ("民生为本，公共服务提质又增效", ["教育是民生之基，医疗是民生之", "需。我市新建改扩建中小学校十二所",
                                   "，新增学位一万余个，三家医院新院", "区建成投用，群众看病就医更加方便", "快捷。"]),
    ("开放合作，区域协同谱写新篇章", ["站在新的起点上，我市将继续深化", "与京津冀地区的务实合作，在产业协",
                                   "作、科技创新、人才交流等领域持续", "发力，努力在区域协同发展中展现更", "大作为。"]),
]


def test_subhead_split_off_is_not_rejoined(pipe):
    # LJ002 breaks a short head line off the indented first line under it
    # while the column width is known; once the lines are joined the width is
    # gone, and LJ003 must not join the head line back to its section
    intro = "呼和浩特在区域协作的浪潮中积极作\n为，深度融入，从产业创新到民生改\n善，全方位开启了合作的新篇章，绘\n制出一幅协同发展的新画卷。"
    text = intro + "".join("\n\n" + h + "\n" + "\n".join(body) for h, body in _SECTIONS) + "\n"
    out = pipe.run(text, Policy()).text
    paras = [p.strip() for p in out.split("\n\n") if p.strip()]
    for head, body in _SECTIONS:
        assert head in paras
        assert "".join(body) in paras


def test_stray_sentence_end_on_a_heading_moves_to_the_paragraph_before(pipe):
    text = ("数据中心扎堆集聚，绿色算力和人工智能交织发力，这座城市是名副其实的算力高地\n\n"
            "#### 。 发展模式：守住定位 合作共赢\n\n速度与激情往往与供需契合紧密相连。\n")
    res = pipe.run(text, Policy())
    assert "算力高地。\n\n#### 发展模式：守住定位 合作共赢\n\n速度" in res.text
    assert [a.proposal.code for a in res.applied if a.proposal.code == "LJ005"] == ["LJ005"]
    # without the Markdown marker (the markup pass strips it first) the
    # heading is not joined to the text under it either
    res = pipe.run(text.replace("#### ", ""), Policy())
    assert "算力高地。\n\n发展模式：守住定位 合作共赢\n\n速度" in res.text
    # a paragraph that ends a sentence keeps it; the mark is not moved
    text2 = text.replace("算力高地\n", "算力高地。\n")
    assert not any(a.proposal.code == "LJ005" for a in pipe.run(text2, Policy()).applied)


def test_indented_first_line_ending_a_sentence_over_a_full_line_joins(pipe):
    # 14 characters + a 2-cell indent fill the 16-cell column: the paragraph's
    # first sentence, and the full line under it goes on with the paragraph
    text = ("全市新建改扩建中小学校十二所，新增\n学位一万余个，让孩子们在家门口就能\n享受到优质的教育资源。\n\n"
            "就医是民生领域的另一件大事。\n全市三家医院新院区建成投用，群众看\n病就医更加方便快捷，满意度持续提升\n。\n")
    out = pipe.run(text, Policy()).text
    assert "另一件大事。全市三家医院" in out
    # a short line over an indented line still ends its paragraph
    text2 = text.replace("全市三家医院新院区建成投用，群众看\n病就医更加方便快捷，满意度持续提升\n。",
                         "全市三家医院新院区建成投用，\n群众看病就医更加方便快捷，满意度持\n续提升，基层医疗服务能力不断增强，\n百姓的获得感越来越强。")
    assert "另一件大事。\n\n全市三家医院" in pipe.run(text2, Policy()).text


@pytest.mark.parametrize("text,expected", [
    # an unwrapped page: a short first part of a paragraph cut by a blank
    # line joins the rest (a date or a count is text, not a subhead)
    ("市委常委会召开会议，传达学习全国两会精神，研究部署贯彻落实工作，会议由市委书记主持并讲话。\n\n"
     "2024年3月，市委十三届\n\n五次全会进一步提出，要超前布局未来产业，抢占未来竞争制高点。\n",
     ["市委十三届五次全会"]),
    # 打造|林 spells a word (造林), but the block starting 林草… follows a
    # sentence end with an indented first line: a paragraph of its own, not a
    # fragment continuing 打造; the block right after 打造 does
    ("近年来，我市坚持创新驱动发展战略，\n与多所高校和科研院所深化合作，共\n建了一批产业创新中心和实验室，打造\n\n"
     "“数字经济”产业园等一批创新平台，\n吸引了大量理念先进的优质项目，汇\n聚了一大批优秀人才在这里创业。\n\n"
     "林草资源是保障生态安全的重要\n基础，全市林草覆盖率持续稳步提高，\n生态环境质量也在不断改善之中。\n",
     ["实验室，打造“数字经济”产业园", "创业。\n\n林草资源"]),
    # a short line with a sentence end inside is text, not a subhead, even
    # when another line of its shape stands on the page
    ("会议听取了各部门工作汇报，研究部署下一阶段重点任务。\n\n打造诚信政府。坚决做到信守承诺、新官\n\n"
     "理旧账、不轻诺寡信，把承诺的事项落到实处，始终坚持过紧日子，持续优化营商环境。\n\n"
     "建设法治政府。坚持依法行政推进严格规范\n\n执法，全面推行行政执法公示制度、执法全过程记录制度，让权力始终在阳光下规范运行。\n",
     ["新官理旧账", "严格规范执法"]),
], ids=["date-opening-line", "indented-paragraph-start", "sentence-end-in-a-short-line"])
def test_joins_on_text_evidence(pipe, text, expected):
    out = pipe.run(text, Policy()).text
    for x in expected:
        assert x in out


def test_headline_wrapped_over_two_lines_of_equal_width_joins(pipe):
    body = ("本报讯（记者 张明）近日，市发展\n和改革委员会公布了今年第一批重点\n"
            "项目名单，全市共有一百二十个项目\n入选，总投资超过八百亿元。\n")
    out = pipe.run("我市一百二十个项目入选自治区\n“重点项目”首批建设计划名单\n\n" + body, Policy()).text
    assert out.startswith("我市一百二十个项目入选自治区“重点项目”首批建设计划名单\n\n本报讯")
    # a headline over a subheadline of another width: two head lines
    out = pipe.run("我市一百二十个项目入选全市重点项目名单\n总投资超过八百亿元\n\n" + body, Policy()).text
    assert out.startswith("我市一百二十个项目入选全市重点项目名单\n\n总投资超过八百亿元\n\n本报讯")


# -- the page layout's fast paths give what the general ones give -----------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cleanup.model import Document  # noqa: E402
from cleanup.passes import lines as LJ  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="\n\n\n \t\u3000\u00a0\r\u200ba中。A", max_size=40))
def test_layout_fast_path_agrees_with_general(text):
    # blocks as Document.paragraphs cuts them
    assert LJ.block_spans(text) == [(p.start, p.end) for p in Document(text).paragraphs]
    pg = LJ._Page(Document(text), dict(LJ.DEFAULTS))
    assert (pg.core, pg.cs, pg.blocks) == LJ._layout_general(text)
    assert pg.ce == [s + len(c) for s, c in zip(pg.cs, pg.core)]
    # print width: CJK 1 cell, ASCII half a cell, inner spaces not counted
    # (a page of one-line blocks computes the widths when one is read: [:])
    assert pg.cells[:] == [(len(c.encode()) + len(c) - 2 * c.count(" ")) / 4.0 for c in pg.core]
    assert pg.plain() == [LJ.K.plain_lines([c])[0] for c in pg.core]
    if not pg.odd:
        assert not LJ._odd_blank(text)
    # the one-line-block path: every block one line, the same widths and
    # first units as the eager computation
    if pg.single:
        assert all(hi - lo == 1 for lo, hi in pg.blocks)
    assert (pg.cells[:], pg.unit[:]) == LJ._line_metrics(pg.core, pg.first, pg.clean, None, None)
    # the page's blocks without newlines joined by "\x00", and no verse on
    # it without four short one-line blocks in a row
    assert pg.page_flat() == "\x00".join("".join(pg.core[lo:hi]) for lo, hi in pg.blocks)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="\n\n\n  \t\u3000\u00a0\r\u200ba中。A", max_size=40))
def test_page_blocks_are_block_spans(text):
    # the duplicates pass takes the blocks of the page the lines pass has just
    # read: the same spans and texts as its own split, or None (odd layout,
    # or another text object)
    pg = LJ._Page(Document(text), dict(LJ.DEFAULTS))
    got = LJ.page_blocks(text)
    spans = LJ.block_spans(text)
    if pg.odd:
        assert got is None
    else:
        assert got == (spans, [text[s:e] for s, e in spans])
    assert LJ.page_blocks(text + "x") is None
    assert LJ.page_blocks("".join(list(text))) is None or len(text) <= 1  # (equal, not the same object)


def test_page_blocks_on_fixture_pages():
    n = 0
    for p in sorted((FIX / "raw").glob("*.txt")) + sorted((FIX / "gold").glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        pg = LJ._Page(Document(text), dict(LJ.DEFAULTS))
        got = LJ.page_blocks(text)
        if not pg.odd:
            n += 1
            spans = LJ.block_spans(text)
            assert got == (spans, [text[s:e] for s, e in spans])
    assert n > 0


def test_layout_on_fixture_pages():
    for p in sorted((FIX / "raw").glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        pg = LJ._Page(Document(text), dict(LJ.DEFAULTS))
        assert (pg.core, pg.cs, pg.blocks) == LJ._layout_general(text)
        assert LJ.block_spans(text) == [(q.start, q.end) for q in Document(text).paragraphs]


def test_one_line_block_pages_take_the_single_path():
    # the lines and blank lines alternate (one trailing newline allowed)
    for text in ("甲乙。\n\n丙丁", "甲乙。\n\n丙丁\n", "甲"):
        pg = LJ._Page(Document(text), dict(LJ.DEFAULTS))
        assert pg.single and pg.blocks == [(i, i + 1) for i in range(len(pg.core))]
    for text in ("甲乙\n丙丁", "\n甲乙。\n\n丙丁", "甲乙。\n\n丙丁\n\n"):
        assert not LJ._Page(Document(text), dict(LJ.DEFAULTS)).single
    # (as many empty lines as lines, but both at the end: one block of two
    # lines, as the general layout reads it; found by hypothesis)
    pg = LJ._Page(Document("A\nA\n\n"), dict(LJ.DEFAULTS))
    assert not pg.single and pg.blocks == [(0, 2)] == LJ._layout_general("A\nA\n\n")[2]


def _wrap(s, w):
    return "\n".join(s[i:i + w] for i in range(0, len(s), w))


def test_wrapped_subhead_short_of_the_column_width_is_not_joined_across_a_blank_line(pipe):
    # two subheads of one shape, each wrapped in a column of 14 with a short
    # last line and no sentence end: a column break falls after a full line,
    # so the short line before the blank line ends its paragraph
    paras = ["这家工厂十年前还是一个只有几十名职工的小作坊，如今已经成为全省同行业的排头兵企业。",
             "赢得用户的信赖，靠的是过硬产品质量",
             "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。",
             "青年的成长成才，靠师傅们的传帮带",
             "在车间里能听到不少关于职工干劲十足的故事，一位老师傅为了赶订单，连续三天没有回家。"]
    raw = "\n\n".join(_wrap(p, 14) for p in paras) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(p) for p in paras]


def test_short_of_column_verdict_holds_once_the_lines_are_joined(pipe):
    # one subhead wrapped in a column of 14, its last line nine cells short
    # and without a sentence end: the first round does not join it across
    # the blank line (a column breaks after a full line); a later round sees
    # the lines joined and no width, and must not join it then either
    # (hold_deficit). Two cells short, a real page's justified column end,
    # is still joined (fixture 000)
    paras = ["这家工厂十年前还是一个只有几十名职工的小作坊，如今已经成为全省同行业的排头兵企业。",
             "党建引领，打造宜居宜业的美丽乡村新家园",
             "近年来全镇把乡村建设摆在突出位置，先后完成道路硬化和污水管网改造，村容村貌焕然一新。"]
    raw = "\n\n".join(_wrap(p, 14) for p in paras) + "\n"
    res = pipe.run(raw, Policy())
    assert _paras(res.text) == [_norm(p) for p in paras]
    assert any(p.code == "LJ003" for p in res.pending)  # (held for review, not dropped)


def test_dash_ending_a_line_leads_into_the_next_paragraph(pipe):
    # …不妨举一例—— before a blank line, on a page printed a paragraph a
    # line (no column width): the dash leads into the paragraph after it,
    # which is not joined to it; a full line of a column ending with a dash
    # is a column break and still joins
    paras = ["这家工厂十年前还是一个只有几十名职工的小作坊，如今已经成为全省同行业的排头兵企业，厂里的新鲜事可就多了，不妨举一例——",
             "去年冬天，一位老师傅为了赶订单，连续三天没有回家，带着徒弟们在车间里吃住，按时交出了全部产品。"]
    assert _paras(pipe.run("\n\n".join(paras) + "\n", Policy()).text) == [_norm(p) for p in paras]
    first = "厂里的新鲜事可就多了，老师傅们说起来——"  # (20: a full line of a column of 10)
    raw = _wrap(first, 10) + "\n\n" + _wrap(paras[1], 10) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(first + paras[1])]


def test_short_colon_line_before_a_quotation_ends_its_paragraph(pipe):
    # a line ending with a colon before a blank line and a quotation: a full
    # line of the column is cut there and joins; a line far short of the
    # column ended its paragraph, the quotation is one of its own
    body = "这家工厂十年前还是一个只有几十名职工的小作坊，如今已经成为全省同行业的排头兵企业。"
    quote = "“只要肯下功夫，就没有干不成的事情。”"
    full = body + "厂长笑着对大家说："  # (50: five full lines of 10)
    raw = _wrap(full, 10) + "\n\n" + _wrap(quote, 10) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(full + quote)]
    short = body + "厂长说："  # (45: a last line of 3 in a column of 14)
    raw = _wrap(short, 14) + "\n\n" + _wrap(quote, 14) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(short), _norm(quote)]


def test_block_opening_with_a_dash_run_is_not_joined_to_the_one_before(pipe):
    # ———… opens an item of a list or a kicker: it does not continue the
    # block before the blank line (here a headline as wide as the column,
    # which the item's leading dash, read as closing punctuation, joined);
    # a dash cut in two (…来这里。”— | ——…) still joins
    head = "全市城市更新工作取得新进展"
    item = "———推进老旧小区改造，全年完成改造小区一百二十个，惠及居民三万多户。"
    raw = head + "\n\n" + _wrap(item, 13) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [head, _norm(item)]
    first = "老人说：“只要还走得动，我就天天来这里。”—"  # (a full line of 11)
    rest = "——尽管病痛缠身，她从没有停下手中的工作。"
    raw = _wrap(first, 11) + "\n\n" + _wrap(rest, 11) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(first + rest)]


def test_photo_marker_under_a_headline_closes_it(pipe):
    # （图片） on the line under a headline (no sentence end) is part of it:
    # 全市举办迎春灯会（图片）, then the caption's text
    body = "正月十五前后，全市各公园举办灯会，吸引了大批市民前来观赏。"
    raw = "全市举办迎春灯会\n（图片）\n\n" + _wrap(body, 14) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == ["全市举办迎春灯会（图片）", _norm(body)]


def test_apostrophe_before_a_year_is_no_closing_quote(pipe):
    # ’２４ (a year's apostrophe) opening a line does not close a quote of the
    # line before: the headline over it stays apart, in a block or across a
    # blank line
    head = "全市春季展销会开幕"
    body = "’２４春季展销会今天在会展中心开幕，吸引了数百家企业参展。"
    want = [head, _norm(body)]
    assert _paras(pipe.run(head + "\n" + _wrap(body, 14) + "\n", Policy()).text) == want
    assert _paras(pipe.run(head + "\n\n" + _wrap(body, 14) + "\n", Policy()).text) == want


def test_numbered_subhead_on_a_page_without_width_stands_alone(pipe):
    # paragraphs printed a line each (no column width): 二、… without a
    # sentence end over a long paragraph is a numbered subhead, even with
    # its halves too unequal for the balanced-subhead rule; an item that
    # goes on in a short block (…堆放 | 杂物；) still joins
    body = "全市工业经济保持平稳增长，规模以上工业增加值同比增长百分之六点五，高于全省平均水平。"
    head = "二、坚持创新驱动，推动传统产业加快转型升级"
    nxt = "科技创新被摆在发展全局的核心位置，全市先后建成一批重点实验室和企业技术中心，创新能力明显增强。"
    raw = "\n\n".join([body, head, nxt]) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [body, head, nxt]
    item = "（七）在护栏和路灯杆上张贴广告、晾晒衣物、堆放"
    raw = "\n\n".join([body, item, "杂物；"]) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [body, item + "杂物；"]


def test_list_item_opening_with_a_bullet_wraps_like_body_text(pipe):
    # a ● opens bylines (●本报记者 张三) and items of a list alike: a full
    # line of an item that does not end a sentence goes on, while a byline
    # that fills its line stays apart from the name under it
    items = ["●去年，全市新建改建农村公路一千多公里，通村公路硬化率达到百分之百。",
             "●农村电网改造全面完成，户户通电、村村通宽带的目标已经实现。"]
    body = "全市农村基础设施建设取得新的进展，群众生产生活条件明显改善。"
    raw = "\n\n".join([_wrap(body, 14)] + [_wrap(it, 14) for it in items]) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(p) for p in [body] + items]
    raw = "●本报实习记者 王小明\n高正\n\n" + _wrap(body, 11) + "\n"
    assert _paras(pipe.run(raw, Policy()).text)[:2] == ["●本报实习记者王小明", "高正"]


def test_item_opening_with_a_dash_wraps_when_its_line_is_cut_mid_word(pipe):
    # ——… opens a kicker (——访某县县长) and an item of a list alike: a full
    # line of one that a word spans into the next line goes on
    item = "——全市各级领导干部要带头深入基层调查研究，帮助群众解决实际困难。"
    body = "全市干部队伍建设取得新的进展，一批年轻干部走上了领导岗位。"
    raw = _wrap(body, 14) + "\n\n" + _wrap(item, 14) + "\n"
    assert _wrap(item, 14).split("\n")[0].endswith("带头深")  # (深|入: a word across the newline)
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(body), _norm(item)]


def test_tu_wei_after_a_line_cut_mid_word_is_not_a_caption(pipe):
    # 图为 opens a caption, but after …幅插 it is the end of 插图 and the verb 为
    body = "这部画册经过专家鉴定，书中的十八幅插图为作者本人所画，具有很高的收藏价值。"
    raw = "\n".join(["这部画册经过专家鉴定，", "书中的十八幅插", "图为作者本人所画，具有", "很高的收藏价值。"]) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(body)]


def test_dateline_opens_a_story_after_a_paragraph_without_a_full_stop(pipe):
    # paragraphs one a line: 据新华社…电 opens a story, so a paragraph
    # before it that ends without a full stop (an editor's note signed
    # ———编者) is not cut from its first sentence
    paras = ["本版文章由市林业局提供，欢迎读者来信来稿，和我们一起关注首府的生态建设———编者",
             "据新华社呼和浩特3月12日电（记者 王芳）12日，全市春季义务植树活动在大青山南坡启动，近万名干部群众参加。"]
    raw = "\n\n".join(paras) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(p) for p in paras]


def test_full_line_before_a_blank_line_still_joins(pipe):
    # the same paragraph cut after a full line by a column break is joined
    body = "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。"
    lines = _wrap(body, 14).split("\n")
    raw = "\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(body)]


def test_subhead_on_a_page_without_column_width_is_not_joined(pipe):
    # paragraphs one a line (or a page whose lines an earlier round joined):
    # a short line without a sentence end whose two halves match is a subhead
    paras = ["这家工厂十年前还是一个只有几十名职工的小作坊，如今已经成为全省同行业的排头兵企业。",
             "以质取胜，以信立业",
             "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。"]
    raw = "\n\n".join(paras) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(p) for p in paras]


def test_opening_clause_cut_by_a_blank_line_still_joins_without_column_width(pipe):
    # a paragraph's opening clause and the start of the next one (halves of
    # unlike length) is no subhead: the cut is joined
    body = "近日，全市首个智慧停车平台正式上线，市民可以通过手机查询附近停车场的空余车位。"
    raw = ("这家工厂十年前还是一个只有几十名职工的小作坊，如今已经成为全省同行业的排头兵企业。\n\n"
           + body[:12] + "\n\n" + body[12:] + "\n")
    out = _paras(pipe.run(raw, Policy()).text)
    assert out[-1] == _norm(body)


def test_open_end_whose_continuation_stands_later_is_not_joined_to_the_next_block(pipe):
    # column interleaving: a paragraph stops mid-sentence at a column break,
    # the next block opens another paragraph, and the rest of the first one
    # (数据|中心…) stands later on the page after a sentence end: the join
    # with the next block is only proposed (unsafe), never applied
    first = "今年全市将加快新型基础设施建设，推动智慧城市和数字政府建设，在城市东部重点打造数据"
    rest = "中心和算力平台等一批重点项目，为产业发展提供支撑。"
    nxt = "项目不断落地以后，数字经济正在成为全市转型发展的关键增量。"
    other = "全市共有中小学校三百多所，在校学生二十多万人。"
    raw = "\n\n".join(_wrap(p, 14) for p in (first, nxt, other, rest)) + "\n"
    res = pipe.run(raw, Policy())
    assert _paras(res.text) == [_norm(p) for p in (first, nxt, other, rest)]
    held = [p for p in res.pending if p.code == "LJ003"]
    assert len(held) == 1 and "continues it better" in held[0].message
    # without the fragment standing later, the same cut is joined
    raw = "\n\n".join(_wrap(p, 14) for p in (first, nxt, other)) + "\n"
    assert _paras(pipe.run(raw, Policy()).text)[0] == _norm(first + nxt)


def test_open_end_whose_continuation_stands_after_a_headline_is_not_joined(pipe):
    # the same when the rest of the paragraph was read under the headline of
    # another article (a head block, not a sentence end, stands before it)
    first = "今年全市将加快新型基础设施建设，推动智慧城市和数字政府建设，在城市东部重点打造数据"
    rest = "中心和算力平台等一批重点项目，为产业发展提供支撑。"
    nxt = "项目不断落地以后，数字经济正在成为全市转型发展的关键增量。"
    head = "全力推进城乡教育均衡发展"
    other = "全市共有中小学校三百多所，在校学生二十多万人。"
    raw = "\n\n".join(_wrap(p, 14) for p in (first, nxt, head, rest, other)) + "\n"
    res = pipe.run(raw, Policy())
    assert _paras(res.text) == [_norm(p) for p in (first, nxt, head, rest, other)]
    held = [p for p in res.pending if p.code == "LJ003"]
    assert len(held) == 1 and "continues it better" in held[0].message


@pytest.mark.parametrize("opening", [
    "2023年1月16日，全市召开干部大会，动员全市上下加快推进重点项目建设。",
    "近日，全市召开干部大会，动员全市上下加快推进重点项目建设。",
    "同时，全市召开干部大会，动员全市上下加快推进重点项目建设。",
    "二是全力做好温暖工程，部署今年的重点工作。",
    "２、全力做好温暖工程，部署今年的重点工作。",  # (a numbered item: ２、 三、)
    "三、全力做好温暖工程，部署今年的重点工作。",
    "据悉，全市召开干部大会，动员全市上下加快推进重点项目建设。",
    "其实，全市召开干部大会，动员全市上下加快推进重点项目建设。",
    "随着项目不断落地，数字经济正在成为全市转型发展的关键增量。",  # (a preposition 随着, 关于, 为了 …)
    "关于温暖工程，全市将从热源保障、热网更新等方面着手。",
    "在科技创新工程方面，全市将加大投入，支持企业开展技术攻关。",  # (a frame 在…方面，)
    "改革开放以来，全市将加大投入，支持企业开展技术攻关。",  # (a time clause …以来， …前，)
    "会议开始前，全市将加大投入，支持企业开展技术攻关。",
])
def test_open_end_before_a_block_that_opens_a_paragraph_is_an_unsafe_join(pipe, opening):
    # a date, a time word or a conjunction before a comma, or a counted
    # item, opens a paragraph: the open end before it read on elsewhere
    # (column interleaving), so the join is proposed, never applied
    first = "今年全市将加快新型基础设施建设，推动智慧城市和数字政府建设，双方签署了"
    raw = _wrap(first, 14) + "\n\n" + _wrap(opening, 14) + "\n"
    res = pipe.run(raw, Policy())
    assert _paras(res.text) == [_norm(first), _norm(opening)]
    held = [p for p in res.pending if p.code == "LJ003"]
    assert len(held) == 1 and "opens like a paragraph" in held[0].message


@pytest.mark.parametrize("head,item", [
    ("２、全力做好温暖工程", True), ("12.全力做好温暖工程", True), ("三、全力做好温暖工程", True),
    ("（四）全力做好温暖工程", True), ("(5)全力做好温暖工程", True),
    ("１、２号机组全部投产", False), ("三、四月份全部投产", False), ("3.5万吨全部投产", False),
])
def test_numbered_item_opens_a_paragraph(head, item):
    from cleanup.passes.lines import _OPENER_ENUM

    assert (_OPENER_ENUM.match(head) is not None) == item


@pytest.mark.parametrize("rest", ["１、２号机组已经全部建成投产，发电量再创新高。",
                                  "三、四月份全部建成投产，发电量再创新高。"])
def test_open_end_before_numbers_listed_with_a_comma_still_joins(pipe, rest):
    # １、２号机组 and 三、四月份 list numbers inside a sentence: not numbered items
    first = "今年全市将加快新型基础设施建设，推动智慧城市和数字政府建设，新建的"
    raw = _wrap(first, 14) + "\n\n" + _wrap(rest, 14) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(first + rest)]


def test_open_end_before_a_slogan_opening_like_other_paragraphs_is_an_unsafe_join(pipe):
    # 要“…”。 opens two other paragraphs of the page: the block opening so
    # after an open end starts a paragraph too (the open end read on elsewhere)
    first = "今年全市将加快新型基础设施建设，推动智慧城市和数字政府建设，双方签署了"
    slogans = ["要“分秒必争”。只有起步冲刺、只争朝夕，才能跑在前面、赢得主动。",
               "要“百花齐放”。推动经济高质量发展，需要各地各部门八仙过海、各显其能。",
               "要“久久为功”。看准的事情就要咬住不放，一次不行就两次，直到成功。"]
    raw = "\n\n".join(_wrap(p, 12) for p in [slogans[0], slogans[1], first, slogans[2]]) + "\n"
    res = pipe.run(raw, Policy())
    assert _paras(res.text) == [_norm(p) for p in [slogans[0], slogans[1], first, slogans[2]]]
    assert any("like other paragraphs of the page" in p.message for p in res.pending if p.code == "LJ003")
    # with the slogan alone on the page, the same cut is joined
    raw = _wrap(first, 12) + "\n\n" + _wrap(slogans[2], 12) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(first + slogans[2])]


@pytest.mark.parametrize("end", ["双方签署了", ""], ids=["open-end", "comma"])
def test_open_end_before_a_verb_opening_other_paragraphs_is_an_unsafe_join(pipe, end):
    # 聚焦 (a verb) opens two other paragraphs of the page: a block opening
    # with it after an open end starts a paragraph too, also after a comma
    # (opener_parallel_after_comma: …建设，| 聚焦…); with the verb opening
    # no other block the cut is joined
    first = "今年全市将加快新型基础设施建设，推动智慧城市和数字政府建设，" + end
    paras = ["聚焦温暖工程，高标准完成供热管网改造，全力保障群众温暖过冬。",
             "聚焦科技创新，加快推进重点实验室建设，支持企业开展技术攻关。",
             "聚焦政策落地，用足用好各项支持政策，推动企业降本增效。"]
    order = [paras[0], paras[1], first, paras[2]]
    raw = "\n\n".join(_wrap(p, 14) for p in order) + "\n"
    res = pipe.run(raw, Policy())
    assert _paras(res.text) == [_norm(p) for p in order]
    assert any("a verb opening like other paragraphs" in p.message for p in res.pending if p.code == "LJ003")
    raw = _wrap(first, 14) + "\n\n" + _wrap(paras[2], 14) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(first + paras[2])]


def test_comma_end_before_a_date_is_an_unsafe_join(pipe):
    # after a comma only a counted item, a date or a speaker opens a paragraph
    # (…，| 2023年1月16日，…, …，| 李强表示，…); a time word after a comma reads
    # on as often
    first = "今年全市将加快新型基础设施建设，推动智慧城市和数字政府建设，"
    for opening, joined in (("2023年1月16日，全市召开干部大会，动员全市上下加快推进重点项目建设。", False),
                            ("李强表示，全市上下要加快推进重点项目建设，确保干一件成一件。", False),
                            ("近日，全市召开干部大会，动员全市上下加快推进重点项目建设。", True)):
        raw = _wrap(first, 14) + "\n\n" + _wrap(opening, 14) + "\n"
        want = [_norm(first + opening)] if joined else [_norm(first), _norm(opening)]
        assert _paras(pipe.run(raw, Policy()).text) == want


def test_speaker_the_page_names_elsewhere_opens_a_paragraph(pipe):
    # 高正 is no lexicon word: 高正说， opens a paragraph only because the
    # page names 高正 elsewhere too (the interviewee's name line)
    first = "今年全县将加快新型基础设施建设，推动智慧城市和数字政府建设，双方签署了"
    said = "高正说，全县上下要把项目建设作为头等大事，确保干一件成一件。"
    raw = _wrap(first, 12) + "\n\n" + _wrap(said, 12) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(first + said)]
    res = pipe.run("高正\n\n" + raw, Policy())
    assert _paras(res.text) == ["高正", _norm(first), _norm(said)]
    assert any("a name and 说" in p.message for p in res.pending if p.code == "LJ003")


@pytest.mark.parametrize("first", [
    "今年全市将加快新型基础设施建设，推动智慧城市和数字政府建设，全部项目将在",  # (在 2023年…)
    "今年全市将加快新型基础设施建设，推动智慧城市和数字政府建设，并且",  # (a conjunction ends it)
])
def test_open_end_that_reads_into_a_date_still_joins(pipe, first):
    opening = "2023年，全市召开干部大会，动员全市上下加快推进重点项目建设。"
    raw = _wrap(first, 12) + "\n\n" + _wrap(opening, 12) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(first + opening)]


def test_number_cut_by_a_blank_line_is_joined(pipe):
    # a one-line block without punctuation (it looks like a headline) that
    # ends inside a date the next block goes on with (…１２月３|０日电)
    body = "据新华社南京１２月３０日电（记者王明）全省新建的三条公路今天通车，为全省经济发展提供支撑。"
    lines = _wrap(body, 10).split("\n")
    raw = lines[0] + "\n\n" + "\n".join(lines[1:]) + "\n"
    assert lines[0].endswith("３") and lines[1].startswith("０日")
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(body)]


def test_block_opening_with_the_end_of_a_frame_continues_a_head_like_line(pipe):
    # a one-line block without punctuation looks like a headline; the next
    # block opening with 方面， (the end of a frame, 在…方面，) goes on with it
    body = "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。"
    item = "三是加快建设现代物流体系"
    rest = "方面，全市将新建三个物流园区，打通城乡配送的最后一公里。"
    raw = _wrap(body, 12) + "\n\n" + item + "\n\n" + _wrap(rest, 12) + "\n"
    assert len(item) == 12
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(body), _norm(item + rest)]


def test_name_under_a_headline_stands_apart(pipe):
    # a headline and, on the line under it, its author's name (a surname and
    # one to three characters): two paragraphs, though both lines are short
    # and unpunctuated like a headline wrapped over two lines
    body = "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。"
    page = _wrap(body, 16) + "\n\n{}\n\n" + _wrap(body, 16) + "\n"
    out = _paras(pipe.run(page.format("戈壁滩上的种树人\n梁志刚"), Policy()).text)
    assert out[1:3] == ["戈壁滩上的种树人", "梁志刚"]
    # (a headline's last word on its own line is still joined: no surname)
    out = _paras(pipe.run(page.format("戈壁滩上的种树\n好人家"), Policy()).text)
    assert out[1] == "戈壁滩上的种树好人家"


def test_punctuated_lines_of_one_width_join_without_a_column_width(pipe):
    # a page too short to measure its column: a punctuated block ending a
    # sentence whose lines have one width is prose wrapped in the column
    lines = ["全市今年新建的三条公路，已经", "全部通车，为经济发展提供支撑。"]
    out = _paras(pipe.run("\n".join(lines) + "\n", Policy()).text)
    assert out == [_norm("".join(lines))]
    # (without punctuation the two lines may be head lines: the join is only
    # proposed)
    for lines in (["全市今年新建的三条公路已经", "全部通车为经济发展提供支撑"],
                  # (nor when the block does not end a sentence: a later round,
                  # once a join across a blank line made one line of it, must
                  # still find the layout of the block it joins)
                  ["全市今年新建的三条公路，已经", "全部通车，为经济发展提供支撑"]):
        res = pipe.run("\n".join(lines) + "\n", Policy())
        assert _paras(res.text) == [_norm(x) for x in lines]
        assert [p.confidence for p in res.pending if p.code == "LJ001"] == [0.8]


@pytest.mark.parametrize("a,b,cut", [
    ("全省共有２０多个", "车站通车", True), ("全省共有3个", "车站通车", True), ("全省共有二十多个", "车站", True),
    ("干一件成一件", "加快建设", False),  # (a count in words alone ends a slogan)
    ("全省共有２０多个", "２号车站", False),
])
def test_count_cut(a, b, cut):
    from cleanup.passes.lines import _count_cut

    assert _count_cut(a, b) == cut


def test_count_cut_from_its_noun_by_a_blank_line_is_joined(pipe):
    body = "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。"
    first, rest = "新建的铁路沿线有２０多个", "车站，这些小镇都已日见繁荣。"
    raw = _wrap(body, 12) + "\n\n" + first + "\n\n" + _wrap(rest, 12) + "\n"
    assert len(first) == 12
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(body), _norm(first + rest)]


def test_dateline_alone_opens_the_paragraph_after_it(pipe):
    # 本报讯（记者 王明）on its own between blank lines, then the story: one
    # paragraph, as the gold pages print it
    body = "记者从市统计局获悉，全市今年新建的三条公路已经全部通车，为经济发展提供支撑。"
    raw = "本报讯（记者 王明）\n\n" + _wrap(body, 12) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm("本报讯（记者王明）" + body)]
    # (a headline after it is not the story)
    raw = "本报讯（记者 王明）\n\n全市新建三条公路\n\n" + _wrap(body, 12) + "\n"
    assert _paras(pipe.run(raw, Policy()).text)[0] == _norm("本报讯（记者王明）")


def test_dateline_cut_by_a_blank_line_is_joined(pipe):
    # a one-line block without punctuation (it looks like a headline) that
    # ends where the date of a dateline ends, its 电 opening the next block
    body = "新华社南京１２月３０日电（记者王明）全省新建的三条公路今天通车，为全省经济发展提供支撑。"
    raw = "新华社南京１２月３０日\n\n" + body[len("新华社南京１２月３０日"):] + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(body)]
    # a block of a headline over its subheadline stays two paragraphs
    raw = "新建公路今天通车\n\n全省经济发展提供支撑\n"
    assert len(_paras(pipe.run(raw, Policy()).text)) == 2


def test_dateline_wrapped_in_a_head_like_block_is_joined(pipe):
    # a block of full lines without sentence punctuation, cut off by a blank
    # line: not head lines when its first two read as one dateline
    # (新华社南京１２月３０日|电（记者…）)
    body = "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。"
    page = _wrap(body, 11) + "\n\n{}\n\n" + _wrap(body, 11) + "\n"
    head = ["新华社南京１２月３０日", "电（记者王明）全省新建", "的三条公路今天全部通车"]
    assert {len(x) for x in head} == {11}
    out = _paras(pipe.run(page.format("\n".join(head)), Policy()).text)
    assert any(p.startswith(_norm("".join(head))) for p in out)
    # (the same lines without 新华社 are head lines: they stay apart)
    head = ["全省南京１２月３０日", "电（记者王明）全省新建", "的三条公路今天全部通车"]
    out = _paras(pipe.run(page.format("\n".join(head)), Policy()).text)
    assert _norm(head[0]) in out


@pytest.mark.parametrize("a,b,cut", [
    ("据新华社南京１２月３", "０日电（记者王明）", True),
    ("今年全市新建公路１２", "月底全部通车", True),
    ("一九九七年十二", "月三十一日", True),
    ("增长到了５８", "１９９６年全市工业生产", False),  # a paragraph opening with a year
    ("全市共有学校３", "所中学和小学", False),
    ("今年全市新建公路", "１２月底全部通车", False),
])
def test_number_cut(a, b, cut):
    from cleanup.passes.lines import _number_cut

    assert _number_cut(a, b) == cut


def test_lines_of_a_poem_are_not_joined(pipe):
    # a poem printed a line to a block between hard-wrapped text: short lines
    # of varying width that end where a phrase ends stand alone, even one
    # ending with a preposition (…生长在) or a comma
    body = "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。"
    verse = ["归来的燕子飞过河湾", "村口,柳树就发芽了", "摇曳着生长在", "老屋向阳的墙角，在", "孩子们跑过的田埂旁",
             "像一支欢快的歌谣", "像一盏温暖的灯光"]
    raw = _wrap(body, 14) + "\n\n春天的早晨\n\n王明\n\n" + "\n\n".join(verse) + "\n\n" + _wrap(body, 14) + "\n"
    out = _paras(pipe.run(raw, Policy()).text)
    assert out[3:3 + len(verse)] == [_norm(v) for v in verse]
    # a narrow column cut into one-line blocks (lines of one width, read on
    # into each other) is still joined
    lines = _wrap(body, 8).split("\n")
    raw = _wrap(body, 14) + "\n\n" + "\n\n".join(lines) + "\n"
    assert _paras(pipe.run(raw, Policy()).text)[-1] == _norm(body)


def test_full_width_first_line_cut_at_a_word_boundary_joins_when_the_text_reads_on(pipe):
    # a paragraph's first line, as wide as the column and without
    # punctuation, cut from the rest by a column break at a word boundary
    # (中小企业|扶持力度): the page itself prints the words across the cut
    intro = "去年全市出台了一批政策，加大对中小企业扶持力度，帮助企业渡过难关，全年新增市场主体三万多户。"
    body = "今年全市将继续加大对中小企业扶持力度，在融资、用地、人才等方面推出一批新举措。"
    lines = _wrap(body, 14).split("\n")
    assert lines[0].endswith("中小企业")
    raw = _wrap(intro, 14) + "\n\n" + lines[0] + "\n\n" + "\n".join(lines[1:]) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(intro), _norm(body)]
    # a headline as wide as the column over a paragraph it does not read on into stays apart
    raw = _wrap(intro, 14) + "\n\n" + "全市推出一批扶持企业新举措" + "\n\n" + _wrap(body, 14) + "\n"
    assert _paras(pipe.run(raw, Policy()).text)[1] == _norm("全市推出一批扶持企业新举措")


@pytest.mark.parametrize("head", ["## 城市面貌焕然一新", "**城市面貌焕然一新**"])
def test_markdown_heading_line_is_never_joined_inside_a_block(pipe, head):
    # a converter's heading line printed right over its paragraph (one
    # newline, no column width to read: the paragraphs are unwrapped, with
    # spaces where the old lines broke)
    before = "去年全市出台了一批政策，加大对中小企业 扶持力度，帮助企业渡过难关，全年新增市场 主体三万多户。"
    body = "今年全市新建公园三十个，城市绿道和健身 步道一百公里，完成老旧小区改造两百个。"
    raw = before + "\n" + head + "\n" + body + "\n"
    out = pipe.run(raw, Policy()).text
    assert head + "\n\n" in out and _norm(head) not in _norm(body)
    assert [p for p in out.split("\n") if p.strip()][1] == head


def test_a_headline_is_no_orphan_that_claims_an_open_end(pipe):
    # the word across the cut into a headline elsewhere (赫尔佐|格方…) does not
    # make the join with the next block unsafe: a one-line block without
    # punctuation is a headline, not a piece of a paragraph read elsewhere
    first = "两国关系近年来一直被双方视为合作的重点，今年以来高层往来频繁。德国总统赫尔佐"
    nxt = "克在会见时指出，欧洲各国需要加强合作，共同应对挑战。"
    other = "全市共有中小学校三百多所，在校学生二十多万人。"
    head = "格方主张和平解决地区冲突"
    raw = "\n\n".join([_wrap(first, 14), _wrap(nxt, 14), other, head, _wrap(other, 14)]) + "\n"
    out = _paras(pipe.run(raw, Policy()).text)
    assert out[0] == _norm(first + nxt)


def test_an_open_end_owns_the_fragment_that_gains_most_at_it(pipe):
    # an interleave cut: the paragraph's rest (旧民居…, opening mid-word after
    # a sentence end) stands later on the page; it reads on from this open end
    # better than the next block does, and better than at any other open end:
    # the join with the next block is only unsafe (not applied)
    head = "今年以来，全市各地积极推进农村人居环境整治工作，新建和改造农村公路三百多公里，修缮"
    nxt = "这项工作得到了各级财政的大力支持，全市共投入资金两亿多元。"
    end = "全市农民的居住条件明显改善。"
    frag = "旧民居四十多处，让乡村面貌焕然一新。"
    raw = "\n\n".join(_wrap(p, 14) for p in [head, nxt, end, frag]) + "\n"
    out = _paras(pipe.run(raw, Policy()).text)
    assert out[0] == _norm(head) and out[1] == _norm(nxt)
    # without the fragment the open end reads on into the next block
    raw = "\n\n".join(_wrap(p, 14) for p in [head, nxt, end]) + "\n"
    assert _paras(pipe.run(raw, Policy()).text)[0] == _norm(head + nxt)


# -- read_on_elsewhere's orphans: the one-pass build gives the plain definition --
_ORPHAN_BLOCKS = [
    "会议强调要加强合作。", "各方表示将继续推进，", "项目建设进展顺利", "他说：“我们要坚持下去。”",
    "新华社北京电", "本报记者　张三", "改革开放再出发", "这是一个新的开始！", "（上接第一版）",
    "全市共有中小学校三百多所，在校学生二十多万人。", "据介绍，该项目总投资十亿元，",
    "格方主张和平解决地区冲突", "……", "围绕“宜居”", "（下转第四版）", "科技创新\n驱动发展，产业升级步伐加快。", "他指出\n",
]


def _plain_orphans(pg, nbi, after_head):
    """The first lines of the blocks read_on_elsewhere may read an end's
    continuation in: each block after a sentence end (or, with
    ``after_head``, after a head-like block) that is not head-like itself."""
    out, ends = [], pg.block_ends()
    for j in range(nbi, len(pg.blocks) - 1):
        e = ends[j]
        if not (e in LJ._CLOSED_END or (after_head and pg._head_like(j))):
            continue
        if (e in LJ._SENTENCE_END or LJ._closed(pg.core[pg.blocks[j][1] - 1])
                or (e not in LJ._CLOSED_END and pg._head_like(j))) and not pg._head_like(j + 1):
            out.append(pg.blocks[j + 1][0])
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ORPHAN_BLOCKS), min_size=2, max_size=12), st.booleans(), st.data())
def test_orphans_are_those_of_the_plain_definition(blocks, after_head, data):
    text = "\n\n".join(b.strip("\n") for b in blocks) + "\n"
    prm = dict(LJ.DEFAULTS, orphan_after_head=after_head)
    n = len(LJ._Page(Document(text), prm).blocks)
    nbi = data.draw(st.integers(1, n - 1))
    pg = LJ._Page(Document(text), prm)
    pg.read_on_elsewhere(pg.blocks[nbi - 1][1] - 1, nbi)
    los, bounds, _ = pg._orphans
    ref = LJ._Page(Document(text), prm)
    assert los == _plain_orphans(ref, nbi, after_head)
    assert bounds.firsts == [LJ._block_head(ref.core, ref.clean, lo)[:2] for lo in los]


@pytest.mark.parametrize("credit", ["（闻力）", "(宁记)"])
def test_bracketed_credit_under_a_full_line_closes_its_paragraph(pipe, credit):
    # a paragraph whose last full line ends a sentence, with the author's
    # bracketed name on the block's last line: one paragraph (the name closes
    # it, as the paper prints it); under a short last line the paragraph has
    # ended and the name stands alone
    body = "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。"
    full = "工厂去年的产值比上一年增长了三成多，利润创下建厂以来的最高纪录。"  # 32: two full lines
    assert len(full) == 32
    page = _wrap(body, 16) + "\n\n" + _wrap(full, 16) + "\n{}\n\n" + _wrap(body, 16) + "\n"
    out = _paras(pipe.run(page.format(credit), Policy()).text)
    assert out[1] == _norm(full + credit)
    short = full[:-6] + "。"  # a last line of 11
    page = _wrap(body, 16) + "\n\n" + _wrap(short, 16) + "\n{}\n\n" + _wrap(body, 16) + "\n"
    out = _paras(pipe.run(page.format(credit), Policy()).text)
    assert out[1:3] == [_norm(short), _norm(credit)]


def test_caption_after_a_full_line_ending_a_sentence_goes_on_in_its_paragraph(pipe):
    # a photo's story and its 图为 caption printed as one paragraph: the line
    # before 图为 is full and ends a sentence, so the paragraph goes on; after
    # a short line, or after a label, the caption is a paragraph of its own
    body = "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。"
    story = "昨天上午，首届冰雪节在青城公园开幕，现场展出了各类冰雕八百多件。"  # 32: two full lines
    caption = "图为市民在冰雕前合影留念。"
    assert len(story) == 32
    page = _wrap(body, 16) + "\n\n" + _wrap(story, 16) + "\n{}\n\n" + _wrap(body, 16) + "\n"
    out = _paras(pipe.run(page.format(caption), Policy()).text)
    assert out[1] == _norm(story + caption)
    short = story[:-6] + "。"
    page = _wrap(body, 16) + "\n\n" + _wrap(short, 16) + "\n{}\n\n" + _wrap(body, 16) + "\n"
    out = _paras(pipe.run(page.format(caption), Policy()).text)
    assert out[1:3] == [_norm(short), _norm(caption)]


@pytest.mark.parametrize("note", ["（附图片１张）", "(王明摄)", "（下转第2版）"])
def test_bracketed_line_alone_after_a_blank_line_continues_nothing(pipe, note):
    # a one-line block that is one bracketed note (a photo note, a credit, a
    # jump marker) after a long headline without a sentence end: a paragraph
    # of its own, never the end of the line before the blank line
    body = "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。"
    head = "敢为人先立潮头——记本市宏达电子科技有限公司董事长王明的成功谋略"
    page = _wrap(body, 24) + "\n\n" + head + "\n\n" + note + "\n\n" + _wrap(body, 24) + "\n"
    out = _paras(pipe.run(page, Policy()).text)
    assert out[1:3] == [_norm(head), _norm(note)]


def test_editors_note_signed_off_ends_its_paragraph(pipe):
    # an editor's note ends with its signature (——编者), not with a full
    # stop: the block after the blank line is another paragraph
    body = "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。"
    note = "本版今起开设读者来信专栏，欢迎各位读者踊跃来信，畅所欲言。——编者"
    nxt = "去年秋天，我们村修通了一条通往县城的柏油路，乡亲们进城再也不用走泥路了。"
    page = _wrap(body, 16) + "\n\n" + note + "\n\n" + _wrap(nxt, 16) + "\n"
    out = _paras(pipe.run(page, Policy()).text)
    assert out[1:3] == [_norm(note), _norm(nxt)]


def _indent_wrap(s, w, indent=2):
    """``s`` wrapped in a column of ``w``, its first line ``indent`` cells
    short (the print's indent, which the OCR drops)."""
    k = w - indent
    return s[:k] + ("\n" + _wrap(s[k:], w) if len(s) > k else "")


def test_full_first_line_on_a_page_that_indents_its_paragraphs_is_a_column_break(pipe):
    # a page whose paragraphs' first lines are two cells short of the column
    # (fixture page 004): after a full line that ends a sentence, a block
    # whose first line fills the column is the rest of that paragraph, cut
    # by a column break (…价格能降至三四百元。| 这些费用的大幅降低…)
    paras = ["这家工厂十年前还是一个只有几十名职工的小作坊，如今已经成为全省同行业的排头兵企业。",
             "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。",
             "在车间里能听到不少关于职工干劲十足的故事，一位老师傅为了赶订单，连续三天没有回家。",
             "工厂去年的产值比上一年增长了三成多，利润创下建厂以来的最高纪录，职工收入也随之提高。",
             "赢得用户的信赖，靠的是过硬产品质量和周到的售后服务，这是全厂上下的共识。"]
    head = "今年以来，工厂新上了两条现代化生产线，产能翻了一番。"  # 12 + 14: ends a full line
    tail = "新生产线投产以后，工厂的订单排到了明年年底，职工们干劲更足了。"
    assert len(head) == 26 and not len(tail) <= 14
    blocks = [_indent_wrap(p, 14) for p in paras[:3]] + [_indent_wrap(head, 14), _wrap(tail, 14)] \
        + [_indent_wrap(p, 14) for p in paras[3:]]
    page = "\n\n".join(blocks) + "\n"
    # offered for review (a fragment that column interleaving put there
    # looks the same), applied with the unsafe fixes
    assert _paras(pipe.run(page, Policy()).text) == [_norm(p) for p in paras[:3] + [head, tail] + paras[3:]]
    out = _paras(pipe.run(page, Policy(apply_unsafe=True)).text)
    assert out == [_norm(p) for p in paras[:3]] + [_norm(head + tail)] + [_norm(p) for p in paras[3:]]
    # the same page printed without indents: a paragraph's first line fills
    # the column too, so nothing tells the column break from a paragraph end
    blocks = [_wrap(p, 14) for p in paras[:3]] + [_wrap(head[:-1] + "们。", 14), _wrap(tail, 14)] \
        + [_wrap(p, 14) for p in paras[3:]]
    out = _paras(pipe.run("\n\n".join(blocks) + "\n", Policy()).text)
    assert _norm(tail) in out


def test_fixture_004_column_break_after_a_sentence_end_joins(pipe):
    raw = (FIX / "raw" / "004_49d03fc12cc52a44.txt").read_text(encoding="utf-8")
    # offered (unsafe) by the first run, which sees the page's layout
    offered = [p for p in pass_by_name("lines").run(Document(raw), pipe.ctx)
               if p.evidence.get("why") == LJ._INDENT_BREAK]
    assert [raw[p.edits[0].start - 5:p.edits[0].start] for p in offered] == ["三四百元。"]
    assert offered[0].applicability.name == "UNSAFE"
    assert "价格能降至三四百元。这些费用" not in "\x00".join(_paras(pipe.run(raw, Policy()).text))
    out = _paras(pipe.run(raw, Policy(apply_unsafe=True)).text)
    joined = [p for p in out if "价格能降至三四百元。这些费用的大幅降低" in p]
    assert len(joined) == 1


def test_indented_first_line_ending_a_sentence_inside_a_block_goes_on(pipe):
    # a page that indents its first lines; inside a block, after a paragraph's
    # short last line, a first line that ends a sentence two cells short of
    # the column is an indented first line (as good as full), not a
    # paragraph of one line: the full line under it goes on with it
    paras = ["这家工厂十年前还是一个只有几十名职工的小作坊，如今已经成为全省同行业的排头兵企业。",
             "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。",
             "在车间里能听到不少关于职工干劲十足的故事，一位老师傅为了赶订单，连续三天没有回家。",
             "工厂去年的产值比上一年增长了三成多，利润创下建厂以来的最高纪录，职工收入也随之提高。",
             "赢得用户的信赖，靠的是过硬产品质量和周到的售后服务，这是全厂上下的共识。"]
    first = "新生产线已经投产了。工厂的订单排到了明年年底，职工们干劲更足了，" \
            "全厂上下都在为完成今年的生产任务加班加点，确保按期交货。"  # 。 ends the indented first line
    assert first.index("。") == 9
    block = _hang(paras[1] + paras[0], 12) + "\n" + _hang(first, 12)
    page = "\n\n".join([block] + [_hang(p, 12) for p in paras[1:]]) + "\n"
    assert "\n新生产线已经投产了。\n" in page
    out = _paras(pipe.run(page, Policy()).text)
    assert out == [_norm(paras[1] + paras[0]), _norm(first)] + [_norm(p) for p in paras[1:]]
    # a page that does not indent: a short line ending a sentence ends its paragraph
    block = _hang(paras[1] + paras[0], 12, 0) + "\n" + first[:10] + "\n" + _hang(first[10:], 12, 0)
    page = "\n\n".join([block] + [_hang(p, 12, 0) for p in paras[1:]]) + "\n"
    assert _norm(first[:10]) in _paras(pipe.run(page, Policy()).text)


def _hang(s, w, indent=2):
    """``s`` wrapped in a column of ``w`` as print sets it: the first line
    ``indent`` cells short, punctuation that would open a line hung at the
    end of the line before."""
    lines, i, cap = [], 0, w - indent
    while i < len(s):
        j = min(i + cap, len(s))
        while j < len(s) and s[j] in "，。、；：？！”":
            j += 1
        lines.append(s[i:j])
        i, cap = j, w
    return "\n".join(lines)


_BODY = ["这家工厂十年前还是一个只有几十名职工的小作坊，如今已经成为全省同行业的排头兵企业。",
         "早在创业之初，厂长就带领技术人员走访了几十家用户，摸清了市场的需求，开发出一批适销对路的新产品。",
         "在车间里能听到不少关于职工干劲十足的故事，一位老师傅为了赶订单，连续三天没有回家。",
         "工厂去年的产值比上一年增长了三成多，利润创下建厂以来的最高纪录，职工收入也随之提高。",
         "赢得用户的信赖，靠的是过硬产品质量和周到的售后服务，这是全厂上下的共识。"]


@pytest.mark.parametrize("w", [12, 10])
def test_indented_first_line_alone_before_a_column_break_joins_a_full_line(pipe, w):
    # on a page that indents its first lines, a paragraph's first line alone
    # between blank lines (a column break right after it) over a block that
    # opens with a full line: one paragraph, also when the line is only as
    # long as a byline or a name (alone_len, 8, in a column of 10); a subhead
    # of the same width has an indented first line under it and stays apart
    para = "厂长对技术人员一行来厂洽谈工作表示欢迎，对他们给予工厂的支持表示感谢，并介绍了今年的生产计划。"
    head = "科技创新产业升级添力"[:w - 2]  # as wide as an indented first line: a subhead
    first, rest = para[:w - 2], para[w - 2:]
    blocks = [_hang(p, w) for p in _BODY] + [first, _hang(rest, w, 0), head] + [_hang(p, w) for p in _BODY]
    assert len(first) == len(head) == w - 2 and len(_hang(rest, w, 0).split("\n")[0]) >= w
    out = _paras(pipe.run("\n\n".join(blocks) + "\n", Policy()).text)
    assert out == [_norm(p) for p in _BODY + [para, head] + _BODY]


@pytest.mark.parametrize("w", [12, 10])
def test_indented_first_line_alone_under_a_byline_joins_a_full_line(pipe, w):
    # after a block that ends no sentence: an indented first line alone
    # (without punctuation) under a byline, or one that opens a dateline
    # the next block finishes, is a paragraph's first line before a column
    # break; a line as short under a headline may be the headline's own
    # (开新局 起好步 强首府 | 这个班开在…) and stays apart
    para = "尽管这家工厂在第一年就实现了盈利，但厂长认为困难还在后头，必须继续抓好产品质量和市场开拓。"
    dl = "本报北京１月７日电记者王小明报道：这家工厂今年的订单排到了年底，全厂上下都在加班加点地生产。"
    head = "科技创新产业升级添力"[:w - 2]
    body = [_hang(p, w) for p in _BODY]
    for lead, first_para in ((["工厂扩建新车间投产", "本报记者王小明"], para), (["工厂扩建新车间投产"], dl)):
        first, rest = first_para[:w - 2], first_para[w - 2:]
        blocks = body + lead + [first, _hang(rest, w, 0)] + body
        out = _paras(pipe.run("\n\n".join(blocks) + "\n", Policy()).text)
        assert out == [_norm(p) for p in _BODY + lead + [first_para] + _BODY]
    blocks = body + ["工厂扩建新车间投产", head, _hang(para[w - 2:], w, 0)] + body
    out = _paras(pipe.run("\n\n".join(blocks) + "\n", Policy()).text)
    assert _norm(head) in out


@pytest.mark.parametrize("w", [12, 10])
def test_indented_first_line_over_a_short_last_line_of_its_block_is_one_paragraph(pipe, w):
    # on a page that indents, an indented first line over the block's last
    # line, too short to be an indented first line itself: a paragraph of
    # two lines; over a line as short as an indented first line (a column
    # break after it) it is a subhead and stays apart (page 004)
    first, last = "全村上下齐心协力，苦干"[-(w - 2):], "三年变了样"
    head = "民生为本教育医疗普惠新福祉"[-(w - 2):]
    para = _BODY[1]
    blocks = [_hang(p, w) for p in _BODY] + [first + "\n" + last] + [_hang(p, w) for p in _BODY]
    out = _paras(pipe.run("\n\n".join(blocks) + "\n", Policy()).text)
    assert _norm(first + last) in out
    blocks = [_hang(p, w) for p in _BODY] + [head + "\n" + para[:w - 2], _hang(para[w - 2:], w, 0)] \
        + [_hang(p, w) for p in _BODY]
    out = _paras(pipe.run("\n\n".join(blocks) + "\n", Policy()).text)
    assert _norm(head) in out and _norm(para) in out


@pytest.mark.parametrize("w", [12, 10])
def test_indented_first_line_over_a_full_line_without_punctuation_is_no_head_block(pipe, w):
    # on a page that indents, a block of two lines without punctuation whose
    # first line is 1-3 cells short and whose second fills the column opens
    # a paragraph (a column break after it); over a shorter second line the
    # two are head lines and stay apart
    first = "厂长还呼吁全体职工们"[-(w - 2):]
    second = "为企业发展而共同努力奋斗"[:w]
    rest = "为企业发展而共同努力奋斗"[w:] + "争取更大成绩，为国家多作贡献，让全厂职工过上更加富裕的生活。"
    body = [_hang(p, w) for p in _BODY]
    out = _paras(pipe.run("\n\n".join(body + [first + "\n" + second, _hang(rest, w, 0)] + body) + "\n",
                          Policy()).text)
    assert any(_norm(first + second) in p for p in out)
    sub = second[:w - 4]
    out = _paras(pipe.run("\n\n".join(body + [first + "\n" + sub] + body) + "\n", Policy()).text)
    assert _norm(first) in out and _norm(sub) in out


def test_indented_first_line_opening_a_block_after_a_head_is_as_good_as_full(pipe):
    # the first line of a block is never a paragraph's rest that a column
    # cut short: under a head that ends no sentence, an indented first line
    # ending with 。 goes on with the full line under it
    first = "新生产线已经投产了。工厂的订单排到了明年年底，职工们干劲更足了，" \
            "全厂上下都在为完成今年的生产任务加班加点，确保按期交货。"
    blocks = [_hang(p, 12) for p in _BODY] + ["新春走基层", _hang(first, 12)] + [_hang(p, 12) for p in _BODY]
    out = _paras(pipe.run("\n\n".join(blocks) + "\n", Policy()).text)
    assert _norm(first) in out


_PUNCT_IN_REF = __import__("re").compile(r"[，。、；：？！,;:?!]|(?<![0-9])\.|\.(?![0-9])")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123中.,。a；!?文 \n", max_size=20), st.integers(0, 20), st.integers(0, 20))
def test_punct_in_as_its_plain_form(s, i, j):
    # _PUNCT_IN is written with the marks as one class first (for speed):
    # the same matches as punctuation or a full stop that is no decimal point
    i, j = min(i, len(s)), min(max(i, j), len(s))
    for args in ((s,), (s, i, j)):
        a, b = LJ._PUNCT_IN.search(*args), _PUNCT_IN_REF.search(*args)
        assert (a and a.span()) == (b and b.span())


_RUN_COLUMN = ["“我们将认真落实会议的各项部署，", "全面推进乡村振兴各项重点工作，", "加大投入力度因地制宜发展特色优",
               "势产业，让群众的日子越过越红火", "越来越有奔头。”镇党委书记说。"]


def _kinds_hints_agree(text):
    from itertools import chain

    pg = LJ._Page(Document(text), dict(LJ.DEFAULTS))
    got = LJ.page_kinds(text)
    if pg.odd or not pg.single:
        assert got is None
        return False
    plain, runs = got
    blocks = LJ.page_blocks(text)[1]
    assert plain == LJ.K.plain_lines(blocks)
    assert set(runs) == set(chain.from_iterable(LJ.K.column_runs(blocks)))
    assert LJ.K.classify_blocks(blocks, plain, runs) == LJ.K.classify_blocks(blocks)
    return bool(runs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_RUN_COLUMN + ["标题", "第二个标题没有标点", "正文，很长的一段话。", "（李海珍）",
                                               "本报讯记者", "一一", "短", "中国人民，", "Latin line, two"]),
                min_size=1, max_size=12))
def test_page_kinds_are_what_kinds_computes(blocks):
    # what the lines pass hands the kinds of a page of one-line blocks (its
    # plain lines, its column runs) is what kinds computes of the blocks
    _kinds_hints_agree("\n\n".join(blocks) + "\n")


def test_page_kinds_on_a_column_run():
    text = "标题\n\n" + "\n\n".join(_RUN_COLUMN) + "\n\n另一个标题\n"
    assert _kinds_hints_agree(text)  # (a run found)
    assert not _kinds_hints_agree("\n\n".join(["标题", "正文，很长的一段话。", "小标题"]) + "\n")
    assert [p.kind for p in Document(text).paragraphs][1:6] == ["body"] * 5


def test_a_page_ending_with_a_blank_line_is_read_as_it_is():
    # A\nA\n\n: as many empty lines as lines, but one block of two lines and a
    # blank line at the end (not two one-line blocks)
    for text in ("A\nA\n\n", "甲乙\n丙丁\n\n", "甲\n\n乙\n丙\n\n"):
        pg = LJ._Page(Document(text), dict(LJ.DEFAULTS))
        assert not pg.single
        assert LJ.page_blocks(text)[0] == LJ.block_spans(text)
        assert [(p.start, p.end) for p in Document(text).paragraphs] == LJ.block_spans(text)


def test_full_line_ending_with_a_semicolon_before_a_blank_line_joins(pipe):
    # a full line of the column ending with ； before a blank line is a
    # sentence cut by a column break: the next block goes on (SAFE, 0.87).
    # Not when the next block opens an item of a list (（二）…, ●…), ends
    # with ； itself (the next item), or opens like this paragraph
    first = "去年全市新建学校十二所，新增学位八千多个；"  # (21: three full lines of 7)
    rest = "改造薄弱学校三十所，全市中小学的办学条件明显改善。"
    raw = _wrap(first, 7) + "\n\n" + _wrap(rest, 7) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(first + rest)]
    for nxt in ("（二）改造薄弱学校三十所，全市中小学的办学条件明显改善。",
                "改造薄弱学校三十所，全市中小学的办学条件明显改善；",
                "去年改造薄弱学校三十所，全市中小学的办学条件明显改善。"):
        raw = _wrap(first, 7) + "\n\n" + _wrap(nxt, 7) + "\n"
        assert _paras(pipe.run(raw, Policy()).text) == [_norm(first), _norm(nxt)]


def test_head_lines_whose_first_is_as_wide_as_the_column_join(pipe):
    # two lines without punctuation over the body: a headline set in the
    # column joins when its first line is exactly as wide as the page's
    # column (12 here, measured on the body blocks); a byline under such a
    # line stays apart
    body = ["今年以来全市各中小学校结合实际开展冬季长跑活动，参加的学生达到十万多人次，学生体质明显增强。",
            "市教育局有关负责人介绍，下一步将把冬季长跑纳入学校体育工作考核，推动活动常态化开展。"]
    head = "全市中小学校开展冬季长跑" + "活动增强学生体质"  # (12 + 8)
    raw = _wrap(head, 12) + "\n\n" + "\n\n".join(_wrap(p, 12) for p in body) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(head)] + [_norm(p) for p in body]
    raw = head[:12] + "\n本报记者 张海\n\n" + "\n\n".join(_wrap(p, 12) for p in body) + "\n"
    assert _paras(pipe.run(raw, Policy()).text)[:2] == [_norm(head[:12]), _norm("本报记者 张海")]


def test_quoted_term_opening_like_other_paragraphs_goes_on_after_a_sentence_end(pipe):
    # a full line ending a sentence inside a block, then a line opening with
    # the quoted term that opens two other paragraphs of the page too: the
    # paragraph goes on (a quoted term or a title goes on a paragraph as often
    # as it opens one); a slogan after a word (要“…”) still opens one
    paras = ["“城市大脑”项目今年投入运行，全市交通拥堵明显缓解，市民出行更加方便。",
             "“城市大脑”的建设离不开数据，各部门已经共享了大量的数据资源。",
             "记者在指挥中心看到，大屏幕上实时显示着全市的交通状况。“城市大脑”还能自动调整红绿灯的时长，让车辆通行更加顺畅。"]
    raw = "\n\n".join(_wrap(p, 9) for p in paras) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(p) for p in paras]


def test_full_line_opening_with_a_triangle_and_ending_a_sentence_goes_on(pipe):
    # an item of news briefs: △ and a one-sentence summary that fills its
    # line, then the item's text in the same block: one paragraph (the
    # triangle made the line a caption, which broke it off); a caption's
    # credit (…摄) still stands apart
    body = "这家工厂十年前还是一个只有几十名职工的小作坊，如今已经成为全省同行业的排头兵企业。"
    item = "△全市暂停新建专业市场。"  # (12: a full line of 12)
    rest = "近日市政府规定，今后五年内除列入规划的重点市场外，全市不再新建各类专业市场。"
    raw = _wrap(body, 12) + "\n\n" + item + "\n" + _wrap(rest, 12) + "\n"
    assert _paras(pipe.run(raw, Policy()).text) == [_norm(body), _norm(item + rest)]
