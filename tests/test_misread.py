"""Misread pass (MR): fixture cases, known pairs, page/corpus consistency, gold pages."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.confusion import W_BOTH, W_PYCORRECTOR, W_SIGHAN, W_SIGHAN_MUTUAL, Confusion, get_confusion
from cleanup.model import Applicability, Document
from cleanup.passes import pass_by_name
from cleanup.passes import misread as M
from cleanup.pipeline import Context, Pipeline, Policy
from cleanup.rules import RuleSet
from cleanup.runner import collect_corpus

ROOT = Path(__file__).resolve().parents[1]
RAW = sorted((ROOT / "fixtures" / "raw").glob("*.txt"))
GOLD = sorted((ROOT / "fixtures" / "gold").glob("*.txt"))
PAGE_001 = ROOT / "fixtures" / "raw" / "001_3c173866b2547df7.txt"


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet.load()


@pytest.fixture(scope="module")
def mr():
    return pass_by_name("misread")


def _ctx(rules: RuleSet, corpus: dict | None = None) -> Context:
    return Context(rules, corpus=dict(corpus or {}))


def _props(doc: Document, rules: RuleSet, corpus: dict | None = None, select=("MR",)):
    ps = pass_by_name("misread")
    pipe = Pipeline(_ctx(rules, corpus), [ps])
    return pipe._run_pass(ps, doc, Policy(select=tuple(select)))


def _at(doc: Document, props, old: str, new: str, context: str):
    """Proposals replacing ``old`` by ``new`` where ``context`` (containing old) occurs."""
    k = doc.text.index(context)
    lo, hi = k, k + len(context)
    return [p for p in props if lo <= p.start < hi and p.old_new(doc.text) == [(old, new)]]


def _corpus(paths, rules) -> dict:
    pipe = Pipeline(_ctx(rules), [pass_by_name("misread")])
    return collect_corpus(pipe, [Document(p.read_text(encoding="utf-8"), str(p)) for p in paths])


# -- fixture pages ----------------------------------------------------------------
def test_page_001_mayor_fixed_from_the_corpus(rules):
    """贾海东 (x1 on page 001) -> 贺海东 (x10 on page 000), by corpus consistency."""
    corpus = _corpus(RAW, rules)
    assert isinstance(corpus["misread"], M.TermStats)
    doc = Document(PAGE_001.read_text(encoding="utf-8"), str(PAGE_001))
    props = _props(doc, rules, corpus, select=("MR003",))
    hits = _at(doc, props, "贾", "贺", "市长贾海东")
    assert len(hits) == 1
    p = hits[0]
    assert p.applicability is Applicability.SAFE
    assert p.evidence["form"] == "贺海东" and p.evidence["form_count"] >= 5
    assert p.evidence["variant"] == "贾海东" and p.evidence["variant_count"] == 1
    assert p.evidence["similarity"] > 0


def test_page_001_mayor_not_fixed_by_consistency_from_the_page_alone(rules):
    doc = Document(PAGE_001.read_text(encoding="utf-8"))
    props = _props(doc, rules, select=("MR003",))
    assert not _at(doc, props, "贾", "贺", "市长贾海东")


@pytest.mark.parametrize("before, safe", [
    ("呼和浩特市委副书记、市长", True),   # page 001: the post names.txt lists for 贺海东
    ("呼和浩特市委副书记", True),
    ("我市副市长", False),                # another post: 贾海东 may be another person
    ("记者采访了", False),                # no post: a name from the lexicon alone
])
def test_misread_name_after_its_post_is_a_safe_fix(rules, before, safe):
    # the mayor of the brief: page 001 writes 贾海东 once and 贺海东 nowhere,
    # so neither the page nor a corpus without page 000 says who it is; the
    # post right before the name does (names.txt: 贺海东 post=市长,…)
    doc = Document(before + "贾海东分别率队赴北京、上海等地开展招商活动，取得了丰硕的成果。")
    hits = _at(doc, _props(doc, rules), "贾", "贺", "贾海东")
    assert len(hits) == 1
    assert (hits[0].applicability is Applicability.SAFE) is safe
    assert (hits[0].confidence >= 0.9) is safe
    assert hits[0].evidence.get("post") == (before.split("、")[-1] if safe else None)


def test_page_001_grassland_fixed_from_the_lexicon(rules):
    doc = Document(PAGE_001.read_text(encoding="utf-8"))
    props = _props(doc, rules)
    hits = _at(doc, props, "敖", "敕", "敖勒川草原")
    assert hits and hits[0].code == "MR002"
    assert hits[0].applicability is Applicability.SAFE
    assert hits[0].evidence["word"].startswith("敕勒川")


def test_pipeline_fixes_page_001_in_batch_mode(rules, mr):
    corpus = _corpus(RAW, rules)
    text = PAGE_001.read_text(encoding="utf-8")
    res = Pipeline(_ctx(rules, corpus), [mr]).run(text, Policy())  # SAFE only
    assert "贾海东" not in res.text and res.text.count("贺海东") == text.count("贾海东") + text.count("贺海东")
    assert "敕勒川草原" in res.text and "敖勒川" not in res.text
    assert len(res.text) == len(text)  # misreads are substitutions only
    changed = [k for k, (a, b) in enumerate(zip(text, res.text)) if a != b]
    assert len(changed) <= 3  # the certain fixes only


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.name[:3])
def test_no_safe_fix_on_gold_pages(path, rules):
    doc = Document(path.read_text(encoding="utf-8"))
    page = _props(doc, rules)
    corpus = _props(doc, rules, _corpus(GOLD, rules))
    safe = [p for p in page + corpus if p.applicability is Applicability.SAFE]
    assert safe == [], [(p.code, p.old_new(doc.text), p.evidence) for p in safe]


def test_every_proposal_carries_evidence(rules):
    doc = Document(PAGE_001.read_text(encoding="utf-8"))
    props = _props(doc, rules, _corpus(RAW, rules))
    assert props
    for p in props:
        assert p.evidence, p
        if p.code in ("MR002", "MR003", "MR004", "MR005"):
            assert {"char", "candidate", "similarity"} <= set(p.evidence)
        if p.code in ("MR002", "MR004", "MR005"):
            assert p.evidence["word"] and "gain_nats" in p.evidence
        assert all(e.end - e.start == len(e.replacement) for e in p.edits)


# -- known pairs (MR001) -----------------------------------------------------------
def test_known_pair_and_its_counterexample(rules):
    doc = Document("货物人库后，个人库存另行登记。")
    props = _props(doc, rules, select=("MR001",))
    assert [(p.start, p.old_new(doc.text)) for p in props] == [(2, [("人", "入")])]
    assert props[0].applicability is Applicability.SAFE
    assert props[0].evidence["pair"] == "人库->入库"


def test_known_pair_context_condition(rules):
    ok = Document("推动接人重点企业视频监控数据")
    no = Document("他去车站接人重点是要准时")  # the condition is literal: 接人 + 重点 matches here too
    assert [p.old_new(ok.text) for p in _props(ok, rules, select=("MR001",))] == [[("人", "入")]]
    assert _props(Document("他去车站接人了"), rules, select=("MR001",)) == []
    assert len(_props(no, rules, select=("MR001",))) == 1


def test_known_pairs_from_params_only(rules):
    """Pairs are data: a rule set whose MR001 lists other pairs proposes those."""
    from cleanup.rules import Rule

    r = rules.get("MR001")
    custom = Rule(**{**r.__dict__, "params": {"pairs": [
        {"wrong": "己经", "right": "已经", "unless_preceded_by": ["自"]}]}})
    rs = RuleSet([custom if x.code == "MR001" else x for x in rules])
    doc = Document("他己经走了，自己经营。")
    props = _props(doc, rs, select=("MR001",))
    assert [(p.start, p.old_new(doc.text)) for p in props] == [(1, [("己", "已")])]
    with pytest.raises(ValueError):
        M._Pair({"wrong": "甲", "right": "甲"})


# -- consistency (MR003) -------------------------------------------------------------
NAME_PAGE = "龚晓峰主持会议。龚晓峰指出，要抓好落实。龚晓峰强调，要守住底线。龚晓峰要求各部门协同。龚晓峰表示感谢。"
VARIANT_PAGE = "会上，龛晓峰作了总结。"


def test_consistency_within_one_page(rules):
    doc = Document(NAME_PAGE + VARIANT_PAGE)
    props = _props(doc, rules, select=("MR003",))
    assert [(p.old_new(doc.text), p.applicability) for p in props] == [([("龛", "龚")], Applicability.SAFE)]
    ev = props[0].evidence
    assert (ev["form"], ev["form_count"], ev["variant"], ev["variant_count"]) == ("龚晓峰", 5, "龛晓峰", 1)


def test_consistency_across_a_corpus(rules):
    other = Document(NAME_PAGE, "a.txt")
    page = Document(VARIANT_PAGE, "b.txt")
    assert _props(page, rules, select=("MR003",)) == []  # the page alone has no evidence
    pipe = Pipeline(_ctx(rules), [pass_by_name("misread")])
    corpus = collect_corpus(pipe, [other, page])
    props = _props(page, rules, corpus, select=("MR003",))
    assert [p.old_new(page.text) for p in props] == [[("龛", "龚")]]
    # collect/merge directly give the same statistics
    ps = pass_by_name("misread")
    stats = ps.merge([ps.collect(other), ps.collect(page)])
    assert stats.counts == corpus["misread"].counts


def test_consistency_needs_a_count_margin(rules):
    # 3 x form, 2 x variant: too close to call
    doc = Document("龚晓峰说。龚晓峰说。龚晓峰说。龛晓峰说。龛晓峰说。")
    assert _props(doc, rules, select=("MR003",)) == []
    # a wide margin but a weak count: proposed for review only
    doc = Document("龚晓峰说。龚晓峰说。龚晓峰说。龛晓峰说。")
    props = _props(doc, rules, select=("MR003",))
    assert props and all(p.applicability is Applicability.UNSAFE for p in props)


def test_consistency_needs_visual_similarity(rules):
    doc = Document(NAME_PAGE + "会上，林晓峰作了总结。")  # 林/龚 look nothing alike
    assert _props(doc, rules, select=("MR003",)) == []


# -- lexicon candidates (MR002/MR004) --------------------------------------------------
@pytest.mark.parametrize("text,old,new", [
    ("发展元字宙产业", "字", "宇"),
    ("日子越来赴好", "赴", "越"),
])
def test_lexicon_non_word_fixed(text, old, new, rules):
    doc = Document(text)
    props = _props(doc, rules, select=("MR002",))
    assert [p.old_new(text) for p in props] == [[(old, new)]]


@pytest.mark.parametrize("text", [
    "发展元宇宙产业", "民族团结示范校", "敕勒川草原", "日子越来越好", "本报记者 云静",
])
def test_right_text_left_alone(text, rules):
    assert [p for p in _props(Document(text), rules) if p.applicability is Applicability.SAFE] == []


def test_person_name_candidates_are_never_safe_from_the_lexicon_alone(rules):
    # 贺海东 is in rules/lexicon/names.txt; no post of his before the name
    # (市长贾海东 would be: test_misread_name_after_its_post_is_a_safe_fix)
    doc = Document("今天贾海东出席")
    props = _props(doc, rules, select=("MR002",))
    assert props and props[0].evidence["tag"] == "nr"
    assert all(p.applicability is not Applicability.SAFE for p in props)


# -- mechanics --------------------------------------------------------------------------
def _flagged_naive(model, text):
    out = []
    for i, ch in enumerate(text):
        if ch not in model.suspect:
            continue
        left = i > 0 and model.bigrams.get(text[i - 1:i + 1]) == 1
        right = i + 1 < len(text) and model.bigrams.get(text[i:i + 2]) == 1
        if not left and not right:
            out.append(i)
    return out


POOL = "贺海东贾敕勒川敖元宇宙字的了，。 a1人入库个社杜绝越来赴好龚龛晓峰\n"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=POOL, max_size=40))
def test_flagged_matches_a_naive_scan(text):
    model = M.get_model()
    assert model.flagged(text) == _flagged_naive(model, text)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=POOL, max_size=40))
def test_proposals_replace_one_han_character_by_another(text):
    rules = RuleSet.load()
    doc = Document(text)
    for p in M._run(doc, _ctx(rules)):
        if p.code == "MR001":
            continue
        assert len(p.edits) == 1
        e = p.edits[0]
        assert e.end - e.start == 1 and len(e.replacement) == 1
        assert text[e.start] != e.replacement
        assert "\u4e00" <= text[e.start] <= "\u9fff" and "\u4e00" <= e.replacement <= "\u9fff"


def test_seg_cost_prefers_words():
    model = M.get_model()
    assert model.seg_cost("可想而知") < model.seg_cost("可相而知")
    assert model.seg_cost("入库") < model.seg_cost("人库")
    assert model.seg_cost("") == 0.0


def test_confusion_weights():
    c = get_confusion()
    assert W_BOTH > W_PYCORRECTOR > W_SIGHAN_MUTUAL > W_SIGHAN
    assert c.listed("相", "想") == W_BOTH          # in both sets
    assert c.listed("字", "宇") == W_PYCORRECTOR   # pycorrector only
    assert c.listed("敖", "敕") == W_SIGHAN_MUTUAL
    assert c.listed("贾", "贺") == W_SIGHAN         # listed one way only
    assert c.listed("贺", "贾") == c.listed("贾", "贺")
    assert c.weight("的", "是") == 0.0
    assert c.listed("社", "杜") > 0  # rules/data/confusion/extra_ocr_pairs.txt


def test_confusion_extra_pairs_file(tmp_path):
    (tmp_path / "extra_mine.txt").write_text("# comment\n甲 乙 0.4\n丙 丁\n", encoding="utf-8")
    c = Confusion().load_default(tmp_path)  # no shipped sets in that directory
    assert c.listed("乙", "甲") == 0.4 and c.listed("丙", "丁") == 1.0
    assert c.listed("相", "想") == 0.0


def test_corpus_statistics_survive_pickling():
    """Worker processes receive the corpus statistics as a pickle."""
    import pickle

    ps = pass_by_name("misread")
    stats = ps.merge([ps.collect(Document(NAME_PAGE))])
    _ = stats.masked
    back = pickle.loads(pickle.dumps(stats, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.counts == stats.counts and back.counts["龚晓峰"] == 5
    assert back.masked == stats.masked


def test_configured_lexicons_are_used(tmp_path, rules):
    """Settings.lexicons (the configuration's `lexicons`) extend the lexicon."""
    (tmp_path / "terms.txt").write_text("塞北想园\n", encoding="utf-8")  # an invented term
    doc = Document("推进塞北相园建设")
    ctx = _ctx(rules)
    assert not [p for p in M._run(doc, ctx) if p.old_new(doc.text) == [("相", "想")]]
    ctx.settings.lexicons = [str(tmp_path)]
    hits = [p for p in M._run(doc, ctx) if p.old_new(doc.text) == [("相", "想")]]
    assert hits and hits[0].evidence["word"] == "塞北想园" and hits[0].evidence["user_lexicon"]


def test_variant_of_an_editors_term_found_from_an_intact_bigram(rules):
    """持 combines with 续 (持续), so it is no isolated suspect; the intact
    bigram 呼和 of the user-lexicon place 呼和浩特 finds the variant anyway."""
    text = "会议在呼和浩持续召开"
    model = M.get_model()
    assert text.index("持") not in model.flagged(text)
    props = _props(Document(text), rules, select=("MR002",))
    assert [p.old_new(text) for p in props] == [[("持", "特")]]
    assert props[0].evidence["anchor"] in ("呼和", "和浩") and props[0].evidence["user_lexicon"]
    # the right form, or a variant that is not visually close, is left alone
    assert _props(Document("会议在呼和浩特召开"), rules) == []
    t2 = "会议在呼和浩林召开"  # 林/特 look nothing alike
    assert not [p for p in _props(Document(t2), rules) if p.start == t2.index("林")]


def test_han_run_bounds_stop_at_a_newline():
    assert M._han_bounds("敕\n川", 2) == (2, 3)
    assert M._han_bounds("ab敕勒川,", 3) == (2, 5)
    assert [p for p in M._run(Document("敕\n川"), _ctx(RuleSet.load())) if p.code != "MR001"] == []


def test_a_span_that_recurs_on_the_page_is_no_misread(rules):
    one = "本报讯（记者 云静）2月11日下午，会议召开。"
    assert _props(Document(one), rules, select=("MR002",))  # alone: 云静 -> 动静 is proposed (unsafe)
    two = one + "\n\n本报讯（记者 云静）2月12日，项目签约。"
    assert _props(Document(two), rules, select=("MR002",)) == []


# -- context candidates (MR005) ------------------------------------------------------
def _mr005(text: str, rules: RuleSet, minimum: float | None = None):
    ctx = _ctx(rules)
    if minimum is not None:
        ctx.settings.thresholds = {"MR005": {"min": minimum}}
    return [p for p in M._run(Document(text), ctx) if p.code == "MR005"]


def test_mr005_proposes_a_look_alike_that_forms_a_word(rules):
    text = "全校师生热烈双迎新同学"  # 双/欢 share 又 and are in no confusion set
    props = _mr005(text, rules)
    assert [p.old_new(text) for p in props] == [[("双", "欢")]]
    p = props[0]
    assert p.applicability is Applicability.DISPLAY_ONLY  # review only: fix never applies it
    assert 0.0 < p.confidence <= M.CTX_MAX_CONFIDENCE
    assert p.evidence["word"] == "欢迎" and p.evidence["gain_nats"] > 0
    assert p.evidence["glyph_similarity"] > 0


def test_mr005_threshold_hides_the_weak_tier_and_turns_it_off(rules):
    text = "这是我们的冠识队"  # 识 -> 军 (冠军队): a weak reading
    weak = _mr005(text, rules, minimum=0.05)
    assert weak and all(p.confidence < 0.4 for p in weak)
    assert _mr005(text, rules) == []  # the rule's minimum (0.4) hides it
    assert _mr005("全校师生热烈双迎新同学", rules, minimum=0.95) == []  # above CTX_MAX_CONFIDENCE: off


def test_mr005_stays_away_from_other_rules_fixes(rules):
    """Where MR002/MR004 propose the same character, MR005 adds nothing."""
    for text in ("为国家责献力量", "这件事情的来尨去脉"):
        props = list(M._run(Document(text), _ctx(rules)))
        assert props and not [p for p in props if p.code == "MR005"], props


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=POOL, min_size=2, max_size=30))
def test_mr005_fast_score_is_the_logistic_model(text):
    """The pass's inlined score equals the weights times the feature vector
    that bench/fit_misread.py fits."""
    model = M.get_model()
    flagged = model.flagged(text)
    for j, seeds in M._context_seeds(model, text, flagged).items():
        a, b = M._han_bounds(text, j)
        fast = M._context_candidates(model, text, j, a, b, j in flagged, seeds, {})
        slow = M._context_candidates(model, text, j, a, b, j in flagged, seeds, {}, features=True)
        assert [r[1:] for r in fast] == [r[1:] for r in slow]
        for r, q in zip(fast, slow):
            assert len(q[0]) == len(M.CTX_WEIGHTS) == len(M.CTX_FEATURES)
            assert r[0] == pytest.approx(M._ctx_z(q[0]), abs=1e-9)


def test_glyph_codes():
    c = get_confusion()
    same, radical, dstroke = c.glyph("敖", "敕")
    assert same >= 3 and dstroke <= 1
    assert c.glyph("河", "湖")[1]  # same radical
    assert c.glyph("的", "是")[0] < 3
    assert c.glyph("x", "的") == (0, False, 99)  # no code
    assert "欢" in c.near("双") and "双" not in c.near("双")
    assert c.near("敖") >= set(c.partners("敖"))  # listed partners are look-alikes too


def test_corpus_terms_are_capped_to_the_most_frequent(monkeypatch):
    monkeypatch.setattr(M, "MAX_TERMS", 2)
    t = M._merge([{"贺海东市": 5}, {"甲乙丙": 2, "丁戊己": 3}, {"庚辛壬": 2, "丁戊己": 1}])
    assert t.capped and t.counts == {"贺海东市": 5, "丁戊己": 4}
    monkeypatch.setattr(M, "MAX_TERMS", 10)
    t = M._merge([{"甲乙丙": 2}, {"甲乙丙": 3}])
    assert not t.capped and t.counts == {"甲乙丙": 5}  # below the cap: exact


def test_capped_corpus_statistics_still_see_a_form_recurring_on_the_page():
    text = "贾海东说明情况。贾海东说明情况。"
    doc = Document(text, "p.txt")
    model = M.get_model()
    a, b = M._han_bounds(text, 0)
    capped = M.TermStats({"其他词语": 9}, capped=True)
    assert not M._consistency(doc, model, capped, 0, a, b)[0]
    assert M._consistency(doc, model, capped.with_page({"贾海东": 2}), 0, a, b)[0]


# -- proposals that contradict each other ----------------------------------------------
# 科威持: the frequent form 科威特 says 持 -> 特 (MR003); the lexicon says 威 -> 减
# (减持 is a word), reading 持 as right. Both applied give 科减特, whose fixes
# are 减 -> 威 and 特 -> 持: with --unsafe-fixes the page swapped back and
# forth until the iteration limit.
_KUWAIT = ("海湾小国———科威持，其石油储量在世界上名列前茅。\n\n"
           "科威特的街道很干净，科威特人喜欢喝茶。我们在科威特市住了三天，参观了科威特塔。"
           "科威特货币叫第纳尔，科威特的夏天很热。科威特大学有很多留学生，科威特港口繁忙。"
           "离开科威特的时候，大家都说科威特是一个美丽的国家。\n")


def test_no_proposal_reads_as_right_a_character_another_changes(rules):
    props = _props(Document(_KUWAIT), rules)
    at = _KUWAIT.index("科威持")
    assert [(p.code, p.edits[0].start, p.edits[0].replacement) for p in props] == [("MR003", at + 2, "特")]


def test_unsafe_fixes_settle_where_two_readings_compete(rules):
    res = Pipeline(Context(rules)).run(_KUWAIT, Policy(apply_unsafe=True))
    assert res.converged and not res.warnings
    assert "科威特，其石油" in res.text


# -- characters explained by their context (frames, numbers, enumerations, parallel slots) --
@pytest.mark.parametrize("text,char", [
    ("这张城市名片越擦越亮。", "擦"),            # 越X越Y: 擦 -> 来 (越来越)
    ("不正之风越刮越大。", "刮"),                # 越X越Y: 刮 -> 来
    ("只怕会越踢越没劲。", "踢"),                # 越X越Y: 踢 -> 跨 (跨越)
    ("回过头来的王小梅边喊边追。", "喊"),          # 边X边Y
    ("张晓伟边答边掏出兜里的钥匙。", "边"),      # 边X边Y: the frame's own 边 -> 道 (答道)
    ("几家小工厂仿来仿去还是不如原版的。", "仿"),  # X来X去
    ("本报北京3月8日讯记者从省里获悉", "讯"),    # 日 bound to 8: 讯 -> 记 (日记)
    ("去年已开工建设了3栋厂房、1栋动力中心及配套设施。", "栋"),  # 栋 -> 劳 (劳动力)
    ("出席会议的有王晓明、邱大洪、李红、陈刚等。", "邱"),  # an enumeration item: 邱 -> 那
    ("各地探索渔光互补、草光互补、农光互补的模式。", "草"),  # a parallel slot: 草 -> 荧 (荧光)
    ("周明看得更透：拿了别人的好处总要还的。", "透"),  # degree adverb + 透 ending the clause: -> 迭 (更迭)
    ("本报杭州二月十四日讯记者王立新报道", "讯"),  # a date in Chinese numerals: 讯 -> 记 (日记)
    ("名单上有李明、刘波、刘祁涛、刘思福等人。", "祁"),  # an item starting with a surname: 祁 -> 澜 (刘澜涛)
])
def test_a_character_its_context_explains_gets_no_lexicon_proposal(text, char, rules):
    k = text.rindex(char) if char == "栋" else text.index(char)
    props = _props(Document(text), rules)
    assert [p.old_new(text) for p in props if k - 1 <= p.edits[0].start <= k + 1] == []


@pytest.mark.parametrize("text,old,new", [
    ("这场改革正如火如茶。", "茶", "荼"),          # 如X如Y, but 如火如荼 is an idiom
    ("这里有的是不卑不方的态度。", "方", "亢"),    # 不X不Y, but 不卑不亢 is an idiom
])
def test_a_frame_the_look_alike_turns_into_an_idiom_is_still_fixed(text, old, new, rules):
    props = _props(Document(text), rules)
    assert [(old, new)] in [p.old_new(text) for p in props]


def _explained(text: str, rules: RuleSet) -> M._Explained:
    return M._Explained(text, M.get_model(), rules.params("MR002"))


def test_explained_classes(rules):
    t = "他边走边看，越擦越亮。"
    g = _explained(t, rules)
    assert g.blocks(t.index("走"), "行", t.index("走"), t.index("走") + 1)
    assert g.blocks(t.index("擦"), "来", t.index("越"), t.index("越") + 3)
    t = "比赛如火如茶地进行"
    g = _explained(t, rules)
    j = t.index("茶")
    assert not g.blocks(j, "荼", j - 3, j + 1)   # 如火如荼 is a word: the frame no longer explains 茶
    assert g.blocks(j, "叶", j, j + 2)           # 茶 -> 叶 keeps the frame a non-word
    t = "全年共完成1100万铢的投资"
    g = _explained(t, rules)
    j = t.index("铢")
    assert g.blocks(j, "千", j - 1, j + 1)       # 万千 would take 万 from 1100
    assert not g.blocks(t.index("投"), "设", t.index("投"), t.index("投") + 2)


def test_a_parallel_slot_the_candidate_fills_elsewhere_is_no_explanation(rules):
    # 荧光互补 recurs: the slot is filled by the candidate itself elsewhere (a
    # consistency argument, not a parallel list), so 草 -> 荧 is not blocked;
    # with a third filler it is
    t = "荧光互补、草光互补"
    j = t.index("草")
    assert not _explained(t, rules).blocks(j, "荧", j, j + 2)
    t = "荧光互补、草光互补、林光互补"
    assert _explained(t, rules).blocks(j, "荧", j, j + 2)



@pytest.mark.parametrize("text,char", [
    ("省电视台记者殷立青，县报记者周平也参加了采访。", "殷"),  # title + surname: 殷 -> 设 (设立)
    ("省电视台记者殷立青，县报记者周平也参加了采访。", "青"),
    ("医院外科主任医师付孝仁介绍了病情。", "付"),
    ("晚会由营教导员赵凡贵主持。", "凡"),
    ("当天的展品都很精美。（白宇）", "宇"),                # a byline in parentheses
    ("到场的有吴静（女）、郑敦训、孙立平。", "敦"),       # an enumeration item
    ("常委会委员刘积仁（女）发言。", "仁"),               # a name before （女）
])
def test_a_persons_name_gets_no_lexicon_proposal(text, char, rules):
    k = text.index(char)
    assert [p.old_new(text) for p in _props(Document(text), rules) if p.edits[0].start == k] == []


def test_a_name_the_editors_lexicon_knows_is_still_proposed(rules):
    # 市长 + surname is a name, but 贺海东 is an editor's entry (rules/lexicon/names.txt)
    text = "市长贾海东出席"
    assert [p.old_new(text) for p in _props(Document(text), rules, select=("MR002",))] == [[("贾", "贺")]]


def test_a_character_the_page_keeps_using_is_the_writers(rules):
    # 医 occurs four times in a short text (far above its rate in running
    # text) and 欧 nowhere: 医共体 is a term of the page, not a misread of 欧共体
    text = "县医院、乡镇卫生院和村卫生室组成县域医共体，医生下沉，医疗资源共享，医保支付改革同步推进。"
    assert _props(Document(text), rules) == []
    # alone, the same phrase still gets the (review-only) proposal: the page is the evidence
    alone = "全县建成县域医共体3个。"
    assert [p.old_new(alone) for p in _props(Document(alone), rules)] == [[("医", "欧")]]
    j = text.index("医共体")
    assert _explained(text, rules).blocks(j, "欧", j, j + 3)
    assert not _explained(text + "欧洲", rules).blocks(j, "欧", j, j + 3)  # 欧 is on the page too
