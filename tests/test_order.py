"""The reading-order pass (RO001 continuation moves, RO002 headline moves) on the
fixture pages and on hand-made pages."""
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.model import Document, apply_edits
from cleanup.passes import pass_by_name
from cleanup.passes.order import analyse, plan_joins
from cleanup.pipeline import Context, Pipeline, Policy

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
GOLD = ROOT / "fixtures" / "gold"
CTX = Context.default()
ORDER = pass_by_name("order")
PIPE = Pipeline(CTX, [pass_by_name("markup"), ORDER])
SAFE = Policy(select=("MK", "RO"))
ALL = Policy(select=("MK", "RO"), apply_unsafe=True)


def raw(name: str) -> str:
    return next(RAW.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def gold(name: str) -> str:
    return next(GOLD.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def content(text: str) -> Counter:
    return Counter(re.sub(r"[\s#*]", "", text))


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.fixture(scope="module")
def out003():
    return PIPE.run(raw("003"), SAFE)


def test_003_every_interview_reads_continuously(out003):
    text = out003.text
    for joined in ("一结束立即动工", "高质量发展奋力书写", "现代农业科技园项目", "支持呼和浩特市高质量发展的意见》"):
        assert joined in flat(text), joined
    # each opening is followed by the rest of its own interview
    f = flat(text)
    assert f.index("一结束立即动工") < f.index("高峰“大会既明确")
    assert f.index("托克托县将把落实好") < f.index("高峰“大会既明确")
    assert out003.converged


def test_003_headlines_before_their_interviews(out003):
    lines = [ln.strip() for ln in out003.text.split("\n") if ln.strip()]
    for sub, name in [("——访托克托县委副书记、县长高正", "高正"), ("——访和林格尔县委副书记、县长高峰", "高峰"),
                      ("——访玉泉区委副书记、区长南男", "南男"), ("——访呼和浩特经济技术开发区管委会主任塔拉", "塔拉")]:
        k = lines.index(sub)
        nxt = lines[k + 1:k + 3]
        assert name in nxt, (sub, nxt)
    # the page headline goes to the top, before the preface
    assert lines[0] == "凝心聚力担使命 砥砺奋进新征程" and lines[2] == "前言:"


def test_003_matches_gold_up_to_normalisation(out003):
    def norm(t):
        t = t.replace(",", "，").replace(":", "：").replace(";", "；").replace("?", "？")
        t = t.replace("(", "（").replace(")", "）").replace("惠惠", "惠")
        return [ln.strip() for ln in t.split("\n") if ln.strip()]
    # same characters in the same order (paragraph joins of adjacent blocks
    # are the lines pass's business)
    assert "".join(map(flat, norm(out003.text))) == "".join(map(flat, norm(gold("003"))))


def test_000_headlines_placed_as_in_gold():
    out = PIPE.run(raw("000"), SAFE).text
    lines = [flat(ln) for ln in out.split("\n\n") if ln.strip()]
    g = [flat(ln) for ln in gold("000").split("\n") if ln.strip()]
    # every gold headline is followed by the same paragraph start as in the gold
    for head in ["包钢贺海东赴中信集团拜访", "市生态环境局：高标准打好蓝天碧水净土保卫战——推进首府高质量发展系列报道",
                 "舞剧《昭君》在京震撼上演", "数字赋能首府经济社会高质量发展", "贺海东拜访国家气象信息中心",
                 "去年拉动全市投资增长3.3个百分点"]:
        k = next(i for i, x in enumerate(lines) if x == head)
        gk = next(i for i, x in enumerate(g) if x == head or (head.startswith(x) and len(x) > 8))
        gnext = g[gk + 1] if g[gk + 1] not in head else g[gk + 2]
        assert lines[k + 1][:12] == gnext[:12], head
    assert lines.index("电子信息技术产业步入发展“快车道”最大程度发挥数据红利") + 1 == \
        lines.index("数字赋能首府经济社会高质量发展")
    # the slogan whose article cannot be told stays where it was
    assert lines.index("开新局起好步强首府") < lines.index(next(x for x in lines if x.startswith("致力千秋")))


def test_004_headlines():
    out = PIPE.run(raw("004"), ALL).text
    f = flat(out)
    assert f.index("包钢贺海东调研科技型企业和科创平台并召开优化创新生态座谈会本报讯（记者云静）2月19日") >= 0
    assert "看看经开区如何念好“节水经”本报讯（记者宋向华）2月19日" in f
    assert "内蒙古新增5处国家林草种质资源库本报讯（记者刘丽霞）" in f
    assert "呼和浩特市两个案例入选工信部“数字三品”应用场景典型案例本报讯（记者宋向华）近日" in f
    assert "2024年内蒙古引进国内到位资金5573.1亿元本报讯（记者杨彩霞）" in f
    # the page banner that matches no single article stays
    assert f.index("加快落实“五大任务”推动首府高质量发展") < f.index("在我国区域协同发展")


@pytest.mark.parametrize("name", ["000", "001", "003"])
def test_gold_pages_are_left_alone(name):
    assert list(ORDER.run(Document(gold(name)), CTX)) == []


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_moves_keep_every_character_and_converge(name):
    text = raw(name)
    res = PIPE.run(text, ALL)
    assert res.converged
    before = content(text)
    after = content(res.text)
    assert before == after
    assert list(ORDER.run(Document(res.text), CTX)) == []  # idempotent


def test_each_move_is_one_proposal_that_moves_text():
    doc = Document(raw("003"))
    props = list(ORDER.run(doc, CTX))
    assert props
    for p in props:
        assert len(p.edits) == 2
        dele = next(e for e in p.edits if e.replacement == "")
        ins = next(e for e in p.edits if e.replacement)
        assert flat(doc.text[dele.start:dele.end]) == flat(ins.replacement) + flat(doc.text[ins.start:ins.end])
        assert p.evidence
    j = [p for p in props if p.code == "RO001" and p.evidence["word"] == "立即"]
    assert j and j[0].evidence["runner_up_is"] and j[0].applicability.value == "safe"


def test_join_is_direct_and_weak_moves_are_unsafe():
    text = ("新区将加快推进重点项目，力争早日建成一批\n\n"
            "市统计局发布数据显示，全年工业投资同比增长。\n\n"
            "其中，新材料产业投资增速明显快于传统产业。\n\n"
            "标志性工程，为全市高质量发展提供支撑。\n")
    props = list(ORDER.run(Document(text), CTX))
    # no word crosses 一批|标志性 and nothing else says so: nothing or an unsafe move
    assert all(p.applicability.value == "unsafe" for p in props)


def test_no_cycle_and_no_lost_block_on_mutual_fragments():
    # two fragments that could each continue the other: never a cycle
    text = "甲说，这个供热季一结束立\n\n即动工，实施节能改造，一结束立\n\n即动工，完成改造。\n"
    doc = Document(text)
    plan = plan_joins(doc, analyse(doc), CTX)
    seen = set()
    for s, seg in plan.segs.items():
        assert not (set(seg) & seen)
        seen |= set(seg)
    assert sorted(plan.order) == list(range(len(analyse(doc))))
    out = PIPE.run(text, ALL).text
    assert content(out) == content(text)


BLOCKS = [b for b in gold("003").split("\n\n") if b.strip()] + [b for b in gold("000").split("\n\n") if b.strip()][:30]


@settings(max_examples=12, deadline=None)
@given(st.lists(st.sampled_from(BLOCKS), min_size=2, max_size=12),
       st.lists(st.integers(1, 60), min_size=0, max_size=3))
def test_property_text_is_conserved(blocks, cuts):
    # cut some blocks mid-text and move the tails elsewhere: whatever the pass
    # does, every character stays and the pipeline converges
    blocks = list(blocks)
    for c in cuts:
        i = c % len(blocks)
        b = blocks[i].strip()
        if len(b) > 10:
            at = 1 + c % (len(b) - 1)
            blocks[i] = b[:at]
            blocks.insert((i + 3) % (len(blocks) + 1), b[at:])
    text = "\n\n".join(blocks) + "\n"
    res = PIPE.run(text, ALL)
    assert content(res.text) == content(text)
    assert res.converged
