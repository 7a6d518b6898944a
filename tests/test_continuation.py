"""The continuation scorer (cleanup/continuation.py): one join at a time."""
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.continuation import (
    CLOSED,
    OPEN,
    OPEN_MID,
    START_CANDIDATE,
    START_OPEN_MID,
    ContinuationScorer,
    TermIndex,
    bigram_pmi,
    collect,
    crossing,
    end_evidence,
    end_state,
    grams,
    hungarian_max,
    merge,
    start_state,
    unclosed_openers,
    unmatched_closer,
)

SC = ContinuationScorer()


def test_word_crossing_the_join():
    for tail, head, word in [
        ("以产业为基础，积", "极布局新能源产业", "积极"),
        ("这个供热季一结束立", "即动工，实施节能改造", "立即"),
        ("推动内蒙古高质量发展奋", "力书写中国式现代化新篇章", "奋力"),
    ]:
        c = crossing(tail, head)
        assert c.word == word and c.gain > 5, (tail, head, c)
        j = SC.local(tail, head)
        assert j.word == word and j.strong and j.score > 2


def test_no_word_crossing_a_clean_boundary():
    assert crossing("这个供热季一结束立", "项目，推动农业集约化").word == ""
    assert SC.local("作出应有贡献。”", "一是用足用好政策红利").score <= 0
    # the split reading wins: no gain even if a dictionary word spans it
    assert crossing("会议", "员工作").gain < SC.min_gain


def test_the_true_continuation_scores_higher_than_a_wrong_one():
    tail = "这个供热季一结束立"
    assert SC.local(tail, "即动工，实施节能改造").score > SC.local(tail, "力书写中国式现代化").score
    tail2 = "和林格尔县已经对《国务院关于推动内蒙古高质量发展奋"
    assert SC.local(tail2, "力书写中国式现代化新篇章的意见》").score > SC.local(tail2, "即动工，实施改造").score


def test_bracket_opened_at_the_end_and_closed_by_the_head():
    j = SC.local("落实好自治区政府《关于支持呼和浩特市", "高质量发展的意见》等文件")
    assert "bracket" in j.features and j.strong
    # a head closing a bracket the tail never opened is evidence against
    j2 = SC.local("全市工业投资同比增长", "高质量发展的意见》等文件")
    assert "bracket_wrong" in j2.features and j2.score < 0


def test_brackets_and_states():
    assert unclosed_openers("关于《支持“首府”发展") == "《"
    assert unclosed_openers("他说：\"今年好") == "“"  # straight quote before the punct pass
    assert unmatched_closer("发展的意见》、《方案》")[1] == "》"
    assert unmatched_closer("《方案》发布")[0] == -1
    assert end_state("完成了任务。") == CLOSED
    assert end_state("作出应有贡献。”") == CLOSED
    assert end_state("的基础上，") == OPEN_MID
    assert end_state("一结束立") == OPEN
    assert end_state("“文明走廊\"") == OPEN  # a quoted term, mid-sentence
    assert end_state("不罢休。\"") == CLOSED
    assert start_state("，推动发展") == START_OPEN_MID
    assert start_state("高质量发展的意见》、《内蒙古") == START_OPEN_MID
    assert start_state("今年，我市将") == START_CANDIDATE


def test_number_cut_from_its_unit():
    j = SC.local("预计今年5", "月竣工")
    assert "number" in j.features and j.strong


def test_page_ngram_evidence_only_inside_blocks():
    page = "\x00".join(["自治区政府《关于支持呼和浩特市高质量发展的意见》", "其他内容"])
    j = SC.local("《关于支持呼和浩特市", "高质量发展的意见》", page)
    assert "page_ngram" in j.features and "page_ngram3" in j.features
    # the same characters across a block separator are no evidence
    page2 = "\x00".join(["关于支持呼和浩特市", "高质量发展"])
    assert "page_ngram" not in SC.local("支持呼和浩特市", "高质量发展", page2).features


def test_context_features_add_up():
    base = SC.score("一结束立", "即动工").score
    more = SC.score("一结束立", "即动工", topic=0.5, after_break=True, head_match=0.5).score
    assert more > base
    assert SC.score("一结束立", "即动工", adjacent=True).score > base


def test_weights_come_from_params():
    sc = ContinuationScorer({"cross": 0.0, "unknown_key": 9})
    assert "cross" not in sc.local("这个供热季一结束立", "即动工").features or \
        sc.local("这个供热季一结束立", "即动工").features["cross"] == 0


def test_corpus_statistics():
    parts = [collect("立即动工，立即开始。\n\n" * 30) for _ in range(20)]
    parts += [collect("项目建设加快推进。\n\n" * 30) for _ in range(20)]
    stats = merge(parts)
    assert stats["bigrams"]["立即"] >= 200 and " " not in "".join(stats["bigrams"])
    assert stats["starts"]["立"] == 600 and stats["blocks"] == 1200
    # only a sample of each document is counted for the bigrams
    assert len(collect("立即动工。" * 1000)[0]) <= 600
    assert bigram_pmi(stats, "立", "即") > 1.5
    assert bigram_pmi(stats, "立", "项") < bigram_pmi(stats, "立", "即")
    assert bigram_pmi({}, "立", "即") is None
    j = ContinuationScorer(corpus=stats).local("一结束立", "即动工")
    assert j.features.get("corpus_pmi", 0) > 0


def test_term_index_weighs_rare_terms():
    blocks = [grams("高正说托克托县发展"), grams("高峰说和林格尔县发展"), grams("全市发展大会")]
    idx = TermIndex(blocks)
    assert idx.idf("托克") > idx.idf("发展")
    q = grams("访托克托县县长高正")
    assert idx.coverage(q, blocks[0]) > idx.coverage(q, blocks[1])
    assert idx.similarity(blocks[0], blocks[0]) > 0.99
    assert idx.similarity(blocks[0], set()) == 0.0


def test_hungarian_known_answers():
    assert hungarian_max([[1, 2], [3, 1], [0, 5]]) == [-1, 0, 1]
    assert hungarian_max([[5, 0], [4, 0]]) == [0, -1]
    assert hungarian_max([[0, 0], [0, 0]]) == [-1, -1]
    assert hungarian_max([]) == []
    # joint beats greedy: greedy would take 10 and leave 1
    assert hungarian_max([[10, 9], [9, 0]]) == [1, 0]


def _brute(w):
    import itertools
    rows, cols = len(w), len(w[0])
    best = 0.0
    for perm in itertools.permutations(list(range(cols)) + [-1] * rows, rows):
        used = [c for c in perm if c >= 0]
        if len(used) != len(set(used)):
            continue
        best = max(best, sum(w[r][c] for r, c in enumerate(perm) if c >= 0 and w[r][c] > 0))
    return best


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda r: st.integers(1, 4).flatmap(
    lambda c: st.lists(st.lists(st.integers(-3, 9), min_size=c, max_size=c), min_size=r, max_size=r))))
def test_hungarian_is_optimal_and_a_matching(w):
    a = hungarian_max(w)
    used = [c for c in a if c >= 0]
    assert len(used) == len(set(used))
    assert all(w[r][c] > 0 for r, c in enumerate(a) if c >= 0)
    assert sum(w[r][c] for r, c in enumerate(a) if c >= 0) == _brute(w)


def test_start_features_tell_a_mid_sentence_start():
    # a first word no sentence begins with: a structural particle, a suffix
    assert "start_bound" in SC.start_features("的手脚。")
    assert "start_bound" in SC.start_features("们的生活水平提高了")
    # starts only a paragraph has: an ordinal, a list dash, an interview turn
    for h in ("一、加强领导", "（二）完善制度", "———明确责任", "记者：资金从哪里来？", "3.加强领导", "12、完善制度"):
        assert SC.start_features(h).get("start_marker", 0) < 0, h
    # a decimal number is a quantity, not a numbered item (…排查整治隐患 | 3.4万余项)
    assert "start_marker" not in SC.start_features("3.4万余项，责令125家企业停产整顿")
    # a pronoun or a preposition typically begins a sentence
    assert SC.start_features("他说，今年要抓好落实").get("start_para", 0) < 0
    assert SC.start_features("，推动发展")["start_mid"] > 0


def test_end_evidence():
    assert end_evidence("以产业为基础，积极布局，推动") == "end_prose"
    assert end_evidence("在全力组织抗灾，") == "end_mid"
    assert end_evidence("讲究方法") == "end_bare"  # a subheading as much as a cut
    assert end_evidence("作出应有贡献。”") == "end_closed"
    # a quoted term ends it, the sentence goes on (……『壮心不已』|的博大胸怀)
    assert end_state("无产阶级革命家『壮心不已』") == OPEN
    assert end_evidence("无产阶级革命家『壮心不已』") == "end_quote"


def test_a_title_does_not_end_in_a_function_word():
    assert SC.ends_in_function_word("外交大臣六日在耶路撒冷证实了这")
    assert SC.ends_in_function_word("这一任命是挪威于")
    assert not SC.ends_in_function_word("舞剧在京震撼上演")
    assert not SC.ends_in_function_word("贺海东拜访国家气象信息中心")


def test_numbers_in_chinese_numerals():
    assert "number" in SC.local("于一月八日至十二", "日在中国革命博物馆举行").features
    # a single numeral character is no number cut (万|元月)
    assert "number" not in SC.local("这种事我们只能从小处做起，万", "元月三日，北京气温骤降").features


def test_boundary_evidence_leaves_out_the_end_and_the_context():
    j = SC.score("这个供热季一结束立", "即动工，实施节能改造", topic=0.5, adjacent=True)
    assert j.boundary == j.features["cross"]
    assert j.score > j.boundary


def test_a_quote_opened_sentences_before_is_no_evidence():
    # opened in the last sentence and closed by the head: evidence
    assert "bracket" in SC.local("他说：“今年我们将", "扩大生产规模”，他说").features
    # opened before the last sentence end: neither for nor against
    f = SC.local("他说：“我们要继续努力。今年我们将", "扩大生产规模”，他说").features
    assert "bracket" not in f and "bracket_wrong" not in f
    # never opened: against
    assert "bracket_wrong" in SC.local("今年我们将", "扩大生产规模”，他说").features


# -- the fast paths give the answers of the plain computations ---------------
_ALPHABET = "积极布局新能源产业发展的了立即动工建设重点项目推进落实情况一二三年月日，。“”（）()0123 \n"


def _plain_grams(text: str) -> frozenset[str]:
    """Bigrams and trigrams inside runs of Han characters that are no function characters."""
    import re

    from cleanup.charclass import HAN
    from cleanup.continuation import _STOP_CHARS
    out: set[str] = set()
    for run in re.split(f"[^{HAN}]+|[{''.join(sorted(_STOP_CHARS))}]+", text):
        out.update(run[k:k + n] for n in (2, 3) for k in range(len(run) - n + 1))
    return frozenset(out)


@given(st.text(alphabet=_ALPHABET + "\u9fa6\u4dbf\u3400", max_size=60))
@settings(max_examples=200, deadline=None)
def test_grams_are_the_windows_of_han_runs(text):
    assert grams(text) == _plain_grams(text)


@given(st.text(alphabet=_ALPHABET, max_size=14), st.text(alphabet=_ALPHABET, max_size=14))
@settings(max_examples=200, deadline=None)
def test_segmentation_shortcuts_change_nothing(a, b):
    from cleanup.continuation import Segmenter
    from cleanup.lexicon import get_lexicon
    plain = Segmenter(get_lexicon())  # no character pairs: every window is looked up
    fast = Segmenter(get_lexicon())
    fast.pairs = SC.pairs
    assert fast.segment(a + b) == plain.segment(a + b)
    assert fast.segment_join(a, b) == plain.segment(a + b)
    assert fast.segment_join(a, b[:3]) == plain.segment(a + b[:3])  # the state of a reused


@given(st.text(alphabet=_ALPHABET + "的们个项上物众", min_size=1, max_size=30))
@settings(max_examples=200, deadline=None)
def test_start_evidence_without_segmenting_agrees(head):
    fresh = ContinuationScorer()
    fast = fresh.start_evidence(head)
    slow = ContinuationScorer()._start_evidence(head)  # the features computed in full
    assert fast == slow


@given(st.text(alphabet=_ALPHABET, max_size=20))
@settings(max_examples=100, deadline=None)
def test_flat_removes_what_regex_whitespace_matches(text):
    import re

    from cleanup.continuation import flat
    assert flat(text + "\u3000\xa0\t") == re.sub(r"\s+", "", text)


def _gold_blocks():
    from pathlib import Path

    gold = Path(__file__).resolve().parent.parent / "fixtures" / "gold"
    out = []
    for p in sorted(gold.glob("*.txt")):
        out += [b.strip() for b in p.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    return out


def test_reads_on_better_is_the_comparison_of_the_local_scores():
    # the bounds it screens heads with never drop a head whose score is
    # above the level: the answer is the plain comparison of local scores,
    # for ends and starts of every kind (cut mid-word, mid-clause, after a
    # sentence, brackets, numbers), with and without corpus statistics
    import random

    blocks = _gold_blocks()
    rng = random.Random(5)
    page = "\x00".join(b.replace("\n", "") for b in blocks[:40])
    corpus = merge([collect("\n\n".join(blocks))] * 400)
    checked = tight = 0
    for sc in (SC, ContinuationScorer(corpus=corpus)):
        for _ in range(300):
            a, b = rng.choice(blocks), rng.choice(blocks)
            cut = rng.randrange(1, max(2, len(a) - 1))
            tail, here = a[:cut][-40:], b[rng.randrange(0, max(1, len(b) // 2)):][:40]
            heads = []
            for _ in range(rng.randint(1, 6)):
                c = rng.choice(blocks)
                k = rng.randrange(0, len(c))
                heads.append(c[k:k + 40] if rng.random() < 0.7 else a[cut:cut + 40])
            # (local_floor, the lower bound it and claimed_by_word compare a
            # head's score with before scoring here: never above the score,
            # with or without the page test, and equal to it up to its 1e-9
            # when no feature that only adds is there)
            for h in [here] + heads:
                fl = sc.local_floor(tail, h)
                assert fl <= sc.local(tail, h, page).score and fl <= sc.local(tail, h).score, (tail, h)
                tight += fl > sc.local(tail, h, page).score - 1e-6
            for margin in (-2.0, 0.0, 1.0, 3.0):
                level = sc.local(tail, here, page).score + margin
                want = any(sc.local(tail, h, page).score > level for h in heads)
                assert sc.reads_on_better(tail, here, sc.start_bounds(heads), margin, page) == want, \
                    (tail, here, heads, margin)
                checked += want
    assert checked > 20 and tight > 50  # (both answers occur; the bound is often exact)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab哈。\x00", max_size=40), st.text(alphabet="ab哈", min_size=1, max_size=2),
       st.text(alphabet="ab哈。\x00", min_size=2, max_size=2))
def test_after_is_the_substring_test(text, a, x):
    # reads_on_better's page test: a + x on the page, for every two-character x
    # (overlapping places of a too: 哈哈 in 哈哈哈)
    from cleanup.continuation import _after

    assert (x in _after(text, a)) == ((a + x) in text)


def test_local_floor_needs_features_that_only_add():
    # (tested against the local scores in the test above) with a negative
    # weight for a feature it leaves out there is no bound
    assert ContinuationScorer(weights={"number": -1.0}).local_floor("他说，我们在１２", "月的会议上") == float("-inf")
    assert SC.local_floor("他说，我们在１２", "月的会议上") <= SC.local("他说，我们在１２", "月的会议上").score


def test_start_screen_with_closer_flags_is_the_plain_comparison():
    # heads screened from their first two characters and whether they may
    # hold a closer (the text made only for the heads the screen keeps)
    # give the answer of the plain comparison of local scores
    import random

    from cleanup.continuation import _ANY_CLOSER, flat

    blocks = _gold_blocks()
    rng = random.Random(7)
    page = "\x00".join(b.replace("\n", "") for b in blocks[:40])
    asked = []
    for _ in range(200):
        a = rng.choice(blocks)
        cut = rng.randrange(1, max(2, len(a) - 1))
        tail, here = a[:cut][-40:], rng.choice(blocks)[:40]
        heads = [rng.choice(blocks)[:40] for _ in range(rng.randint(1, 6))] + [a[cut:cut + 40]]
        firsts = [flat(h)[:2] for h in heads]
        closers = [_ANY_CLOSER.search(h, 0, 200) is not None for h in heads]

        def text_of(i, heads=heads):
            asked.append(i)
            return heads[i]

        for margin in (0.0, 3.0):
            start = rng.randrange(0, len(heads))
            level = SC.local(tail, here, page).score + margin
            want = any(SC.local(tail, h, page).score > level for h in heads[start:])
            got = SC.reads_on_better(tail, here, SC.start_screen(firsts, closers, text_of, range(len(heads))),
                                     margin, page, start)
            assert got == want, (tail, here, heads, margin, start)
    assert asked  # (some heads pass the screen)


def test_start_weights_are_the_largest_weight_of_the_words_a_character_starts():
    # (built from the tagged words picked at C level: the same as a loop over every word)
    from cleanup.continuation import BOUND_TAGS, LOCATIVE_TAGS, MEASURE_TAGS, MORPHEME_TAGS
    from cleanup.lexicon import get_lexicon

    want: dict[str, float] = {}
    w = SC.w
    classes = ((BOUND_TAGS, w["start_bound"]), (MORPHEME_TAGS, w["start_morpheme"]),
               (MEASURE_TAGS, w["start_measure"]), (LOCATIVE_TAGS, w["start_locative"]))
    for word, tag in get_lexicon().tags.items():
        for tags, v in classes:
            if tag in tags:
                want[word[0]] = max(want.get(word[0], 0.0), v)
                break
    assert SC.start_weights() == {c: v for c, v in want.items() if v > 0.0}
    assert SC.start_weights()["的"] == w["start_bound"]


def test_a_reduplication_across_the_cut_is_no_crossing_word():
    # the same character either side of the cut (…苍|苍岩…) spells 苍苍, but
    # a character printed twice or two words meeting is as likely: no word
    j = SC.local("旱害尤甚，苍", "苍岩柏树也令人叫绝")
    assert j.word == "" and "cross" not in j.features
    # a real word across the cut still counts (…积|极布局)
    assert SC.local("为基础，积", "极布局新兴产业").word == "积极"


def test_start_features_first_word_class_is_that_of_the_segmentation():
    # a start whose candidate first words (the first character, the prefixes
    # that are lexicon words) are all of one tag class is not segmented: the
    # class it takes is that of the first word of the segmentation
    import cleanup.continuation as C

    blocks = _gold_blocks()
    heads = [b[k:k + 24] for b in blocks for k in range(0, len(b), 3)]
    heads += ["我们的工作", "中国人民", "的确如此", "个人", "上海市", "本报讯", "在这里", "们说"]
    sc = ContinuationScorer()
    calls = []
    segment = sc.seg.segment
    sc.seg.segment = lambda s: calls.append(s) or segment(s)
    for h in heads:
        sc.start_features(C.flat(h))
    sc.seg.segment = segment
    assert len(sc._first_tags) > 1000 and len(calls) < len(sc._first_tags) / 4  # (most not segmented)
    classes = set()
    for run, tag in sc._first_tags.items():
        s, e = sc.seg.segment(run)[1][0]
        want = C._TAG_CLASS.get(sc.tags.get(run[s:e], ""))
        assert C._TAG_CLASS.get(tag) == want, (run, tag)
        classes.add(want)
    assert classes == {None, 0, 1, 2, 3, 4}  # (first words of every class)
