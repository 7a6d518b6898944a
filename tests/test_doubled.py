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
    "翻着一本本的借阅名册", "痴呆呆地望着来人", "一九九八年元旦", "与乡亲们心心相印的好干部",
    "想着想着，他的眼眶红了起来", "中国天主教主教团主席", "一文钱一文钱地积累",
    # a longer word across the copies; AABB and ABB cut by an old line break
    "委内瑞拉加拉加斯的油价涨得最快", "病菌的赤裸裸弱点", "祖 祖辈辈没有步出山门", "门前打扫得干干 净净。",
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
    text = "相信我们这个社会会有更多热心肠的人"
    res = pipe.run(text, Policy())
    assert res.text == text
    assert [p.applicability.value for p in res.pending] == ["unsafe"]


@pytest.mark.parametrize("text", [
    "“请坐请坐，先吃块西瓜。”",          # direct speech: a speaker repeats
    "“不敢当不敢当，过奖过奖！”老周说",
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


def _dw(pipe, text):
    return [(p.code, p.applicability.value) for p in pipe.propose(Document(text), Policy())]


@pytest.mark.parametrize("text,code", [
    # a degree adverb and an adjective repeated where an emphatic form stands
    ("他家住得很远很远，很少回来。", "DW001"),
    # a preposition, then a longer word starting with the same letters
    ("这份报告是根据根据地的经验写成的。", "DW001"),
    # both sides of the pair stand elsewhere on the page, never read once
    ("A行：就业人员从事农业\nB行：就业人员人员（万人）比重\nC行：人员（万人）合计", "DW001"),
    # the same doubling twice on one page is the text's, not an accident
    ("要发展发展再发展。\n我们说：发展发展再发展！", "DW001"),
    # "one by one" before a verb, or 一 and a measure word before a noun
    ("改革要一步一步深入下去。", "DW001"),
    ("他仔细推敲一个一个关节点。", "DW001"),
    # V着V着 before an object, not a clause mark
    ("这是一张有着有着相似经历的面孔。", "DW001"),
    # placeholders of an unnamed amount or manner
    ("只说要交多少多少钱。", "DW001"),
    # a word starts at the second copy once the character after it is read right (国情)
    ("我们要立足我国国清，走自己的路。", "DW002"),
    # two doubled characters a few characters apart: a pattern of the sentence
    ("那里地少人多，种菜菜难卖，养鸡鸡难活。", "DW002"),
])
def test_split_evidence_is_only_unsafe(pipe, text, code):
    """Cases where the page or the lexicon give evidence both ways: offered
    for review, never applied by default."""
    assert pipe.run(text, Policy()).text == text
    props = _dw(pipe, text)
    assert props and all(c == code and a == "unsafe" for c, a in props)


@pytest.mark.parametrize("raw,fixed", [
    # numeral + measure before a noun, a date, or after a longer word (第一次)
    ("全厂分成三个三个小组，轮流值班。", "全厂分成三个小组，轮流值班。"),
    ("本报讯一月一月七日，某公司开业。", "本报讯一月七日，某公司开业。"),
    ("这是第一次一次主办博览会。", "这是第一次主办博览会。"),
    # two words sharing the copy whose merged form the lexicon knows
    ("代表们出席全国人民代表代表大会。", "代表们出席全国人民代表大会。"),
    # pronouns and plain adjectives before a noun or 的 (ABAB is not their form)
    ("本报本报记者王明报道", "本报记者王明报道"),
    ("他以沉稳沉稳的态度回应。", "他以沉稳的态度回应。"),
    # a word made of the doubled letters alone (尔贝尔) proves nothing
    ("这是诺贝尔贝尔物理奖的成果。", "这是诺贝尔物理奖的成果。"),
    # the word's alignment wins over the first match (年上半|年上半)
    ("该公司去年上半年上半年利润大增。", "该公司去年上半年利润大增。"),
])
def test_ocr_doubling_fixed_with_general_evidence(pipe, raw, fixed):
    assert pipe.run(raw, Policy()).text == fixed


@pytest.mark.parametrize("text", ["想着想着，她笑了。", "她把书一本一本地放好。", "于一九一九年建成"])
def test_one_by_one_and_numbers_kept(pipe, text):
    assert pipe.run(text, Policy()).text == text
    assert _dw(pipe, text) == []


def test_name_repeated_at_a_headline_junction_is_only_unsafe(pipe):
    # 会见X|X与…: a headline's name then the subtitle's (seen on People's Daily pages)
    text = "会见张三丰张三丰与李四会谈。"
    assert pipe.run(text, Policy()).text == text
    assert _dw(pipe, text) == [("DW001", "unsafe")]
