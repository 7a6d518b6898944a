"""Doubled pass (DW): OCR doubling removed, legitimate reduplication kept."""
import pytest

from cleanup.model import Applicability, Document
from cleanup.passes import pass_by_name
from cleanup.pipeline import Context, Pipeline, Policy
from cleanup.rules import RuleSet


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(Context(RuleSet.load()), [pass_by_name("doubled")])


@pytest.mark.parametrize("raw,fixed", [
    ("呼和浩特加压奋进跑出高质量发展发展新速度", "呼和浩特加压奋进跑出高质量发展新速度"),
    ("久泰二期、旭阳焦化等项目达产达产，三聚化工", "久泰二期、旭阳焦化等项目达产，三聚化工"),
    ("在新城区医院进行康复治疗治疗的姚阿姨", "在新城区医院进行康复治疗的姚阿姨"),
    ("会扎实做好好各项任务，加油干", "会扎实做好各项任务，加油干"),
    ("及时足额兑现招商引优惠惠政策", "及时足额兑现招商引优惠政策"),
])
def test_ocr_doubling_fixed(pipe, raw, fixed):
    assert pipe.run(raw, Policy()).text == fixed


@pytest.mark.parametrize("text", [
    "看看经开区如何念好节水经", "现在看病真是越来越方便了", "一次次尝试", "常常加班", "天天锻炼",
    "屋子打扫得干干净净", "一粒粒颗粒硅源源不断地生产出来", "一批批项目落地", "谢谢大家", "星星点点",
    "妈妈说", "全市上下紧紧围绕目标", "自治区两会刚刚闭幕", "呼和浩特市市委、市政府", "还能避免掺杂杂质",
    "嗡嗡声交织", "感受浓浓的节日氛围", "处处焕发勃勃生机", "暖宝宝", "一项项举措",
    "要紧紧抓住机遇", "一个一个地检查",
    # general evidence, not listed words: 一 + AA, ABB before 的/地, numbers,
    # a longer word holding both copies, V着V着, two words sharing letters
    "翻着一本本的借阅名册", "痴呆呆地望着来人", "一九九八年元旦", "与人民群众心心相印的作品",
    "想着想着，她的泪水涌了出来", "中国天主教主教团主席", "一文钱一文钱地积累",
    # a longer word across the copies; AABB and ABB cut by an old line break
    "委内瑞拉加拉加斯股市受冲击最大", "病菌的赤裸裸弱点", "祖 祖辈辈没有步出山门", "门前打扫得干干 净净。",
])
def test_legitimate_reduplication_kept(pipe, text):
    assert pipe.run(text, Policy()).text == text


def test_reduplicated_verb_is_only_unsafe(pipe):
    res = pipe.run("咱们再研究研究这个方案", Policy())
    assert res.text == "咱们再研究研究这个方案"
    assert [p.applicability.value for p in res.pending] == ["unsafe"]


def test_repeated_first_character_of_a_word_is_only_unsafe(pipe):
    # nothing ends at the first 市 (呼和浩持 is a misread name): an unknown word
    # may end there, so removing the second 市 is left to review
    text = "呼和浩持市市委召开会议"
    res = pipe.run(text, Policy())
    assert res.text == text
    assert [(p.code, p.applicability.value) for p in res.pending] == [("DW002", "unsafe")]


def test_word_of_its_own_after_a_word_ending_in_it_is_only_unsafe(pipe):
    # 社会|会有: the second 会 is a verb of its own, not a stutter
    text = "希望我们这个社会会有更多这样的人"
    res = pipe.run(text, Policy())
    assert res.text == text
    assert [p.applicability.value for p in res.pending] == ["unsafe"]


@pytest.mark.parametrize("text", [
    "“请坐请坐，喝杯早茶。”",          # direct speech: a speaker repeats
    "“过奖过奖，不敢当不敢当！”科雷说",
    "他们说：“不喝不喝，衣服别脏了。”",
    "你上晃上晃他，他就高兴",            # a reduplicated verb before a person
    "你『上晃上晃』他，他就眉开眼笑",
])
def test_speech_repetition_is_only_unsafe(pipe, text):
    """Speakers repeat phrases; such doublings are offered, never applied by
    default (seen on People's Daily pages, not on the fixtures)."""
    assert pipe.run(text, Policy()).text == text
    props = pipe.propose(Document(text), Policy())
    assert props and all(p.applicability is Applicability.UNSAFE for p in props)


@pytest.mark.parametrize("raw,fixed", [
    ("商家并未“用心用心”。从量体裁衣", "商家并未“用心”。从量体裁衣"),  # a quoted term, closed
    ("最近笔者发现，但是但是，市场", "最近笔者发现，但是，市场"),      # not in a quotation
    ("房地产热逐步逐步降温", "房地产热逐步降温"),                      # an adverb: the OCR's
])
def test_doubling_outside_speech_still_fixed(pipe, raw, fixed):
    assert pipe.run(raw, Policy()).text == fixed
