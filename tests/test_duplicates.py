"""Duplicates pass (DU): repeated blocks, runs, spliced tails, corpus duplicates."""
import re
from pathlib import Path

import pytest

from cleanup.model import Document
from cleanup.passes import pass_by_name
from cleanup.passes.duplicates import norm
from cleanup.pipeline import Context, Pipeline, Policy
from cleanup.rules import RuleSet

FIX = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(Context(RuleSet.load()), [pass_by_name("lines"), pass_by_name("duplicates")])


def _paras(text):
    return [norm(p) for p in text.split("\n") if p.strip()]


def test_001_duplicates_and_splice_match_gold(pipe):
    raw = (FIX / "raw" / "001_3c173866b2547df7.txt").read_text(encoding="utf-8")
    gold = (FIX / "gold" / "001_3c173866b2547df7.txt").read_text(encoding="utf-8")
    res = pipe.run(raw, Policy())
    out = _paras(res.text)
    g = _paras(gold)
    assert len(out) == len(g) == 45
    # the 宜游 paragraph ends at 呼和浩特 (the spliced 宜业 tail is gone)
    yiyou = [p for p in out if p.startswith("周杰伦")]
    assert len(yiyou) == 1 and yiyou[0].endswith("围绕“宜游”城市建设，呼和浩特")
    assert yiyou[0] in g
    # the repeated captions and the 3-paragraph run are kept once
    assert out.count(norm("内蒙古鑫环数字人力资源服务产业园。闫鑫 摄")) == 1
    assert sum(p.startswith("夜幕降临") for p in out) == 1
    codes = {a.proposal.code for a in res.applied}
    assert {"DU001", "DU003"} <= codes
    assert "\n\n\n" not in res.text


def test_copy_with_different_wrapping_is_removed(pipe):
    a = "在与中信集团党委书记、董事长朱鹤新座谈交流时，包钢详细介绍了呼和浩特市产业发展基本情况。"
    text = f"{a}\n\n另一段正文，说的是别的事情。\n\n{a[:15]}\n{a[15:30]}\n{a[30:]}\n"
    out = pipe.run(text, Policy()).text
    assert out == f"{a}\n\n另一段正文，说的是别的事情。\n"


def test_short_legitimate_repeats_stay(pipe):
    text = "（李海珍）\n\n第一篇的正文结束了。\n\n第二篇的正文开始了，内容不同。\n\n（李海珍）\n"
    assert pipe.run(text, Policy()).text == text


def test_shared_document_title_is_not_a_splice(pipe):
    t = "《国务院关于推动内蒙古高质量发展奋力书写中国式现代化新篇章的意见》"
    text = f"落实好{t}，工作有序推进。\n\n用足用好{t}，政策红利释放。\n"
    assert pipe.run(text, Policy()).text == text


def test_host_chosen_by_sentence_end_before_tail(pipe):
    src = "为了让更多的优秀人才融入城市发展，呼和浩特出台引人留人措施，举办各类招聘活动230场。"
    host = "周杰伦演唱会好评如潮。"
    # host first on the page: the copy is still removed from the host, not from the source
    text = f"{host}举办各类招聘活动230场。\n\n{src}\n"
    assert pipe.run(text, Policy()).text == f"{host}\n\n{src}\n"


def test_corpus_duplicate_is_display_only():
    ps = pass_by_name("duplicates")
    a = Document("这一段在两个文件里都出现了，而且足够长，应该被报告出来。\n\n第一个文件自己的段落。", "a.txt")
    b = Document("第二个文件自己的段落，不一样。\n\n这一段在两个文件里都出现了，而且足够长，应该被报告出来。", "b.txt")
    ctx = Context(RuleSet.load())
    ctx.corpus["duplicates"] = ps.merge([ps.collect(a), ps.collect(b)])
    pa = [p for p in ps.run(a, ctx) if p.code == "DU004"]
    pb = [p for p in ps.run(b, ctx) if p.code == "DU004"]
    assert pa == []  # first occurrence
    assert len(pb) == 1 and pb[0].applicability.value == "display-only"
    assert pb[0].evidence["file"] == "a.txt"
    out = Pipeline(ctx, [ps]).run(b.text, Policy(), "b.txt").text
    assert out == b.text  # reported, never removed by fix


def test_copy_of_the_middle_of_another_paragraph_is_removed(pipe):
    src = ("为了让更多的优秀人才融入城市发展，呼和浩特出台引人留人措施，举办各类招聘活动230场，"
           "新增城镇就业人员3.2万人，城镇调查失业率控制在5%以内。")
    host = "周杰伦演唱会好评如潮。"
    # the OCR repeated a run of clauses from the middle of src after host's sentence end
    text = f"{src}\n\n{host}呼和浩特出台引人留人措施，举办各类招聘活动230场，新增城镇就业\n"
    out = pipe.run(text, Policy()).text
    assert out == f"{src}\n\n{host}\n"


def test_repeated_sentence_after_a_sentence_end_in_both_stays(pipe):
    a = "会议强调，要抓好落实。确保各项任务按时完成。"
    b = "报告指出，成绩来之不易。确保各项任务按时完成。"
    text = f"{a}\n\n{b}\n"
    assert pipe.run(text, Policy()).text == text


def test_corpus_level_duplicates_exact_and_near_without_all_pairs():
    import random

    from cleanup.corpusdup import find_duplicates

    rng = random.Random(3)
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    paras = ["".join(rng.choice(chars) for _ in range(rng.randint(30, 60))) + "。" for _ in range(3000)]
    paras.append(paras[10])  # exact copy
    noisy = list(paras[20])
    noisy[5] = "鑫"
    noisy[40 if len(noisy) > 41 else 6] = "焱"
    paras.append("".join(noisy))  # near copy: two substitutions
    paras.append("，".join([paras[30][:12], "完全不同的一段内容在这里"]))  # shares a start only
    res = find_duplicates(paras)
    dup = res.duplicate_of()
    assert dup[3000] == 10
    assert dup[3001] == 20
    assert 3002 not in dup
    assert len(dup) == 2  # nothing else among 3,000 random paragraphs
    assert res.compared < 3000  # blocking: no all-pairs comparison (4.5 million pairs)


def test_copy_of_a_paragraph_end_without_punctuation_followed_by_joined_text():
    pipe = Pipeline(Context(RuleSet.load()), [pass_by_name("duplicates")])
    src = "周杰伦演唱会好评如潮，哈蒙雪冬捕让人们感受到了快乐……围绕“宜游”城市建设，呼和浩特"
    copy = "哈蒙雪冬捕让人们感受到了快乐……围绕“宜游”城市建设，呼和浩特"
    host = "及时兑现优惠政策，进一步释放市场主体发展活力。"
    after = "在防沙治沙工程方面，新区将全力以赴。"
    text = f"{src}\n\n{host}{copy}{after}\n"
    out = pipe.run(text, Policy()).text
    assert out == f"{src}\n\n{host}{after}\n"


def test_snap_when_the_host_clause_is_a_suffix_of_the_source_clause():
    """A fuzzy first clause that is a suffix of the source's has no differing
    character (p == -1): the copy starts at the clause start (it raised
    IndexError on People's Daily simulator pages)."""
    from cleanup.passes.duplicates import _snap

    assert _snap("推动高质量发展", -1) == 0


def test_copy_spliced_after_a_closing_credit_is_removed(pipe):
    """A paragraph may end with its credit in brackets (…建设。（王小明）); a
    copy of another paragraph's tail spliced after it is still found: the
    credit is a clause of its own, so the copy's clauses line up."""
    src = "今年全市新建学校十二所，新增学位一万八千个，其中小学学位九千个，有效缓解了城区入学难的问题。"
    host = "市教育局表示，明年将继续推进学校建设。（王小明）"
    text = f"{src}\n\n{host}新增学位一万八千个，其中小学学位九千个，有效缓解了城区入学难的问题。\n"
    assert pipe.run(text, Policy()).text == f"{src}\n\n{host}\n"


# ------------------------------------------------- issue 4, item 4: recall
def test_run_of_short_blocks_read_twice_in_a_row_is_removed(pipe):
    """A heading and its byline (both short) read twice in a row: the second
    run follows a copy of its own source run, so it is a copy, though no
    member is long enough on its own."""
    body = "入冬以来，这个小镇的居民每天早晨都在河边锻炼身体。"
    text = f"冬日河畔\n\n李明远\n\n冬日河畔\n\n李明远\n\n{body}\n"
    res = pipe.run(text, Policy())
    assert res.text == f"冬日河畔\n\n李明远\n\n{body}\n"
    assert [a.proposal.code for a in res.applied] == ["DU001"]


def test_short_run_apart_from_its_source_stays(pipe):
    """The same two short lines far apart (two articles by one author under
    one column name) are not a copy."""
    text = ("冬日河畔\n\n李明远\n\n入冬以来，这个小镇的居民每天早晨都在河边锻炼身体。\n\n"
            "冬日河畔\n\n李明远\n\n春节前后，镇上的集市比往年热闹了许多。\n")
    assert pipe.run(text, Policy()).text == text


def test_copied_run_takes_its_byline_from_the_run_it_copies(pipe):
    """A byline that also stands earlier on the page (the same reporter's
    first article): the copy of headline + byline is one run copied from the
    run right before it, byline included."""
    a = "本报记者周文涛"
    first = "这座城市今年新建了三十座口袋公园，市民出门五分钟就能见到绿地。"
    head = "（本报杭州１月５日电）"
    title = "老街新貌引来八方游客"
    text = (f"{a}\n\n{first}\n\n{head}\n\n{title}\n\n{a}\n\n{head}\n\n{title}\n\n{a}\n\n"
            "走进老街，青石板路两旁的店铺都换上了新招牌。\n")
    out = pipe.run(text, Policy()).text
    assert out == (f"{a}\n\n{first}\n\n{head}\n\n{title}\n\n{a}\n\n"
                   "走进老街，青石板路两旁的店铺都换上了新招牌。\n")


def test_copy_after_an_ellipsis_is_removed(pipe):
    """The host's own text ends with an ellipsis and the copy follows without
    a clause mark: the copy is part of the host's last clause."""
    src = "新建成的小区拆掉了旧围墙，在路口空旷地方修起街心小花园，老人散步也将更加方便。"
    host = "也许你曾为房间背阴而叹气；也许……"
    text = f"{host}老人散步也将更加方便。\n\n{src}\n"
    res = pipe.run(text, Policy())
    assert res.text == f"{host}\n\n{src}\n"
    # with more than one clause copied, too
    src2 = "她多年在外求学，足迹遍布东西，身在异国，却讲述故乡、亲人而从不厌烦；"
    host2 = "靠着信念与倔强，终于挺了过来……"
    text2 = f"{host2}身在异国，却讲述故乡、亲人而从不厌烦；\n\n{src2}\n"
    assert pipe.run(text2, Policy()).text == f"{host2}\n\n{src2}\n"


def test_copy_inside_a_clause_after_a_list_of_names_is_removed(pipe):
    """The host (a list without marks) runs into the copy with no mark at all;
    the source has the copied text after a comma: the host is the list."""
    src = ("她们借来名师的教学碟、光盘，夜里在宿舍反复地练习、琢磨，周末到琴行里再向懂行的人讨教，"
           "不久就弹会了几首老曲子，在广场上弹，小区里唱，挺有意思。")
    host = "省医学院附属医院省自治州文工团县文化局"
    tail = "周末到琴行里再向懂行的人讨教，不久就弹会了几首老曲子，在广场上弹，小区里唱，挺有意思。"
    text = f"{host}{tail}\n\n{src}\n"
    assert pipe.run(text, Policy()).text == f"{host}\n\n{src}\n"


def test_host_after_a_semicolon_rather_than_the_later_source(pipe):
    """Neither paragraph has a sentence end before the shared tail; the host
    ends its own text with a semicolon (a list item), the source has the tail
    after a comma: the copy leaves the host even when the source comes later
    (the later paragraph lost its own tail)."""
    tail = "某某首倡“一村一品”发展思路，为解决增收难问题，实现农民共同富裕，找到了一条新路。"
    host = "第三，修建了通村入户的硬化公路，打下了长远发展的物质基础；"
    src = f"第十，{tail}"
    text = f"{host}{tail}\n\n{src}\n"
    assert pipe.run(text, Policy()).text == f"{host}\n\n{src}\n"


def test_copy_with_a_doubled_word_is_still_lined_up(pipe):
    """A clause of the copy holds a doubled word (包你舒服舒服！”) between
    clauses equal on both sides: the copy is found across it."""
    src = ("推门一看，里面有三张躺椅，按摩师傅说：“我们能够提供全套按摩，包你舒服！”"
           "我们找个理由赶紧走出了这间屋。")
    host = "那天，我们也是说了好些借口才脱身。"
    copy = "按摩师傅说：“我们能够提供全套按摩，包你舒服舒服！”我们找个理由赶紧走出了这间屋。"
    text = f"{host}{copy}\n\n{src}\n"
    assert pipe.run(text, Policy()).text == f"{host}\n\n{src}\n"


def test_report_quoting_a_speech_with_other_quotation_marks_stays(pipe):
    """The same sentences set twice with other quotation marks (a speech and
    the report quoting it) are not lined up across that clause."""
    a = ("此时此刻，我们更加怀念远行的伙伴。我们将继续坚持“绿色发展”的基本方针，大力推进乡村旅游建设，"
         "推动实现全域“三通”。我们希望各方以大局为重，尽快落实我们提出的具体建议。")
    b = ("他指出，我们将继续坚持『绿色发展』的基本方针，大力推进乡村旅游建设，"
         "推动实现全域『三通』。我们希望各方以大局为重，尽快落实我们提出的具体建议。")
    text = f"{a}\n\n{b}\n"
    res = pipe.run(text, Policy())
    removed = "".join("".join(ap.old) for ap in res.applied)
    assert "三通" not in removed and "基本方针" not in removed


def test_near_copy_with_a_clause_added_is_not_safe(pipe):
    """A paragraph that is another one with a clause added in front (a report
    quoting a speech: 他说，|…) is not OCR noise: never removed by fix."""
    a = ("二〇一五年，是我们小镇历史上非常关键而又充满挑战的一年。我们顺利举办了庙会，"
         "回顾过去，规划明天，修订了新的镇志，对各项事务作出了周密安排。")
    text = f"{a}\n\n另一段正文，说的是别的事情。\n\n他说，{a}\n"
    assert pipe.run(text, Policy()).text == text


def test_unsure_near_copy_that_is_a_splice_loses_only_the_copy(pipe):
    """A paragraph of its own text then a long copy of another paragraph's
    tail is similar to it as a whole (an unsure near duplicate) but is a
    splice: only the copied tail goes."""
    lead = "座谈会在南昌召开。"
    tail = ("湿地保护已开始起步，且与水文地理学、生态学等学科发生紧密联系，很快成为近几年讨论的焦点。"
            "有的专家指出，江河湿地保护体系，应该是重点和全面保护相结合并扩展到整个流域的治理；"
            "在保护的手段上，应借鉴生态学、景观生态学、恢复生态学等理论与技术。")
    src = f"改革开放以来，{tail}"
    text = f"{src}\n\n{lead}{tail}\n"
    res = pipe.run(text, Policy())
    assert res.text == f"{src}\n\n{lead}\n"
    assert [a.proposal.code for a in res.applied] == ["DU003"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="甲乙，,。.:;?!()\"'*# \n\u3000\t", min_size=1, max_size=12), min_size=1, max_size=6))
def test_page_keys_are_the_norm_of_each_block(blocks):
    # the page-level shortcut of the comparison forms gives norm_text of each block
    from cleanup.passes import duplicates as DU

    text = "\n\n".join(blocks)
    assert DU._keys(text, blocks) == [DU.norm_text(b) for b in blocks]
    # and on a page without anything to fold or strip
    clean = [b.translate({ord(c): None for c in " \n\u3000\t*#,.:;?!()\"'"}) or "甲" for b in blocks]
    assert DU._keys("\n\n".join(clean), clean) == clean == [DU.norm_text(b) for b in clean]
    # with the lines pass's word that the page is printable apart from its
    # newlines (a wrapped block is one with a newline)
    if all(ln.isprintable() for ln in text.split("\n")):
        assert DU._keys(text, blocks, True) == [DU.norm_text(b) for b in blocks]
    printable = [b.replace("\u3000", "").replace("\t", "") or "甲" for b in blocks]
    assert DU._keys("\n\n".join(printable), printable, True) == [DU.norm_text(b) for b in printable]
