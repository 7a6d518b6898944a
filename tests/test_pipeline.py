"""The fixpoint pipeline on small hand-made passes (independent of the shipped passes)."""
import re

from cleanup.model import Applicability, Document, Edit, make_proposal
from cleanup.pipeline import Context, Pass, Pipeline, Policy, choose
from cleanup.rules import RuleSet


def _ctx():
    return Context(RuleSet([]))


def collapse(doc, ctx):  # "aa" -> "a", one pair at a time: needs several iterations
    m = re.search("aa", doc.text)
    if m:
        yield make_proposal(doc, "XX001", "collapse", [Edit(m.start(), m.start() + 1, "")], confidence=1)


def upper_b(doc, ctx):
    for m in re.finditer("b", doc.text):
        yield make_proposal(doc, "XX002", "upper", [Edit(m.start(), m.end(), "B")], confidence=0.5,
                            applicability="unsafe")


def test_fixpoint_repeats_a_pass_until_nothing_changes():
    pipe = Pipeline(_ctx(), [Pass("c", ("XX001",), collapse)])
    res = pipe.run("aaaaab")
    assert res.text == "ab" and res.converged and len(res.applied) == 4


def test_unsafe_needs_permission_and_is_reported_pending():
    pipe = Pipeline(_ctx(), [Pass("u", ("XX002",), upper_b)])
    res = pipe.run("abab")
    assert res.text == "abab" and len(res.pending) == 2
    assert pipe.run("abab", Policy(apply_unsafe=True)).text == "aBaB"


def test_rejected_fingerprint_is_never_applied_and_accepted_is():
    def comma(doc, ctx):
        for m in re.finditer(",", doc.text):
            yield make_proposal(doc, "XX008", "", [Edit(m.start(), m.end(), "，")], confidence=1,
                                applicability="unsafe")

    pipe = Pipeline(_ctx(), [Pass("u", ("XX008",), comma)])
    first, second = pipe.propose(Document("甲,乙,丙"), Policy())
    res = pipe.run("甲,乙,丙", Policy(apply_unsafe=True, rejected=frozenset({first.fingerprint})))
    assert res.text == "甲,乙，丙"
    res = pipe.run("甲,乙,丙", Policy(accepted={second.fingerprint: None}))
    assert res.text == "甲,乙，丙"
    res = pipe.run("甲,乙,丙", Policy(accepted={second.fingerprint: "、"}))  # edited by an editor
    assert res.text == "甲,乙、丙"
    # (what was applied is the editor's text, and the record says so)
    [ap] = res.applied
    assert ap.proposal.edits[0].replacement == "、" and "edited by the editor: 、" in ap.proposal.message
    assert ap.proposal.fingerprint == second.fingerprint


def test_text_an_editor_wrote_is_not_changed_by_a_later_safe_fix():
    # pass m proposes 敖 -> 敕 (an editor accepted it edited to 赦); pass s, which
    # runs after it, would turn any 赦 into 敕 (SAFE) and the 丙 two characters
    # on into 丁. The editor's 赦 stays and its proposal is held for review;
    # the fix next to it is applied; accepting the held proposal applies it.
    def misread(doc, ctx):
        for m in re.finditer("敖", doc.text):
            yield make_proposal(doc, "XX010", "", [Edit(m.start(), m.end(), "敕")], confidence=1,
                                applicability="unsafe")

    def safe(doc, ctx):
        for m in re.finditer("[赦丙]", doc.text):
            new = "敕" if m.group() == "赦" else "丁"
            yield make_proposal(doc, "XX011", "", [Edit(m.start(), m.end(), new)], confidence=1)

    pipe = Pipeline(_ctx(), [Pass("m", ("XX010",), misread), Pass("s", ("XX011",), safe)])
    text = "甲乙敖勒川丙"
    (mr,) = [p for p in pipe.propose(Document(text), Policy()) if p.code == "XX010"]
    assert pipe.run(text, Policy(accepted={mr.fingerprint: None})).text == "甲乙敕勒川丁"
    res = pipe.run(text, Policy(accepted={mr.fingerprint: "赦"}))
    assert res.text == "甲乙赦勒川丁"
    (held,) = [p for p in res.pending if p.code == "XX011"]
    assert held.edits[0].start == 2 and held.fingerprint in res.held
    both = {mr.fingerprint: "赦", held.fingerprint: None}
    assert pipe.run(text, Policy(accepted=both)).text == "甲乙敕勒川丁"
    # the span follows the text when a later step changes the length before it
    def hashes(doc, ctx):
        if doc.text.startswith("##"):
            yield make_proposal(doc, "XX012", "", [Edit(0, 2, "")], confidence=1)

    pipe = Pipeline(_ctx(), [Pass("m", ("XX010",), misread), Pass("h", ("XX012",), hashes),
                             Pass("s", ("XX011",), safe)])
    res = pipe.run("##" + text, Policy(accepted={mr.fingerprint: "赦"}))
    assert res.text == "甲乙赦勒川丁"


def test_select_and_ignore_by_prefix():
    pipe = Pipeline(_ctx(), [Pass("c", ("XX001",), collapse), Pass("u", ("XX002",), upper_b)])
    assert pipe.run("aab", Policy(select=("XX002",), apply_unsafe=True)).text == "aaB"
    assert pipe.run("aab", Policy(ignore=("XX00",), apply_unsafe=True)).text == "aab"


def test_choose_skips_overlaps_and_keeps_position_order():
    d = Document("abcdef")
    p1 = make_proposal(d, "XX001", "", [Edit(0, 3, "x")], confidence=0.5)
    p2 = make_proposal(d, "XX001", "", [Edit(2, 4, "y")], confidence=0.9)
    p3 = make_proposal(d, "XX001", "", [Edit(4, 4, "+")], confidence=0.9)
    p4 = make_proposal(d, "XX001", "", [Edit(4, 4, "-")], confidence=0.1)  # same insertion point
    assert choose([p3, p2, p1, p4], Policy()) == [p1, p3]


def test_move_is_atomic():
    def move(doc, ctx):
        if doc.text.startswith("X"):
            yield make_proposal(doc, "XX003", "move", [Edit(0, 1, ""), Edit(len(doc.text), len(doc.text), "X")], confidence=1)

    def blocker(doc, ctx):  # overlaps the insertion end of the move only
        if doc.text.endswith("e"):
            n = len(doc.text)
            yield make_proposal(doc, "XX004", "block", [Edit(n - 1, n, "E")], confidence=1)

    pipe = Pipeline(_ctx(), [Pass("m", ("XX003", "XX004"), lambda d, c: [*move(d, c), *blocker(d, c)])])
    res = pipe.run("Xabcde")
    # both apply in one step without overlap (insertion at the end touches the
    # replaced span only at its boundary); the move never applies half
    assert res.text.count("X") == 1 and res.text.endswith("X")


def test_non_convergence_is_reported():
    def flip(doc, ctx):
        yield make_proposal(doc, "XX005", "", [Edit(0, 1, "b" if doc.text[0] == "a" else "a")], confidence=1)

    pipe = Pipeline(_ctx(), [Pass("f", ("XX005",), flip)], max_rounds=2, max_pass_iterations=3)
    res = pipe.run("a")
    assert not res.converged
    assert any("did not converge" in w for w in res.warnings)


def test_map_to_original_through_several_steps():
    def ins(doc, ctx):
        if "," in doc.text:
            i = doc.text.index(",")
            yield make_proposal(doc, "XX006", "", [Edit(i, i + 1, "，，")], confidence=1)

    def dele(doc, ctx):
        if doc.text.startswith("  "):
            yield make_proposal(doc, "XX007", "", [Edit(0, 2, "")], confidence=1)

    pipe = Pipeline(_ctx(), [Pass("d", ("XX007",), dele), Pass("i", ("XX006",), ins)])
    src = "  甲,乙丙"
    res = pipe.run(src)
    assert res.text == "甲，，乙丙"
    assert src[res.map_to_original(res.text.index("乙"))] == "乙"
    assert src[res.map_to_original(0)] == "甲"
    by_code = {a.proposal.code: a for a in res.applied}
    assert res.original_offset(by_code["XX006"]) == src.index(",")
    assert res.original_offset(by_code["XX007"]) == 0


def test_rule_thresholds_cap_applicability():
    from cleanup.model import Applicability as A
    from cleanup.rules import Rule

    rule = Rule("XX002", "upper", "s", "u", A.SAFE, 0.3, 0.9, ("{b=>B}",), ())
    ctx = Context(RuleSet([rule]))

    def safe_upper(doc, c):
        for p in upper_b(doc, c):
            p.applicability = A.SAFE
            yield p

    pipe = Pipeline(ctx, [Pass("u", ("XX002",), safe_upper)])
    [p] = pipe.propose(Document("b"), Policy())
    assert p.applicability is A.UNSAFE and p.name == "upper"  # 0.5 < safe threshold 0.9
    ctx.settings.thresholds["XX002"] = {"min": 0.6}
    assert pipe.propose(Document("b"), Policy()) == []


def test_thresholds_and_ceilings_as_applicability_cap_and_follow_changes_between_runs():
    """_run_pass caps each proposal as ``Applicability.cap(ceiling)`` and then
    turns SAFE below the safe threshold into UNSAFE, for every ceiling and
    applicability; the limits remembered for a policy follow a change of the
    thresholds between two runs with that policy."""
    from cleanup.rules import Rule

    A = Applicability
    for ceiling in A:
        for given_a in A:
            for conf in (0.2, 0.5, 0.95):
                rule = Rule("XX002", "upper", "s", "u", ceiling, 0.3, 0.9, ("{b=>B}",), ())
                pipe = Pipeline(Context(RuleSet([rule])), [Pass("u", ("XX002",), _fixed(given_a, conf))])
                props = pipe.propose(Document("b"), Policy())
                if conf < 0.3:
                    assert props == []
                    continue
                want = given_a.cap(ceiling)
                if want is A.SAFE and conf < 0.9:
                    want = A.UNSAFE
                assert [p.applicability for p in props] == [want], (ceiling, given_a, conf)
    rule = Rule("XX002", "upper", "s", "u", A.SAFE, 0.3, 0.4, ("{b=>B}",), ())
    ctx = Context(RuleSet([rule]))
    pipe = Pipeline(ctx, [Pass("u", ("XX002",), _fixed(A.SAFE, 0.5))])
    pol = Policy()
    assert pipe.run("abc", pol).text == "aBc"
    ctx.settings.thresholds["XX002"] = {"safe": 0.6}  # the same policy object: limits looked up again
    res = pipe.run("abc", pol)
    assert res.text == "abc" and [p.applicability for p in res.pending] == [A.UNSAFE]
    ctx.settings.thresholds["XX002"]["min"] = 0.7
    assert pipe.run("abc", pol).pending == []


def test_plan_is_remembered_by_the_selectors_not_the_policy_object():
    """The active passes and the per-code limits are remembered by the policy's
    select/ignore (and the rules, thresholds and passes): a new but equal
    Policy (one per page) finds them, also from a new pipeline of the same
    passes on the context; other selectors or passes get their own, and the
    limits follow the selectors (a code ignored by one policy is applied
    under the next). The context does not pickle the plan."""
    from cleanup.rules import Rule

    def upper(ch, code):
        def run(doc, ctx):
            for m in re.finditer(ch, doc.text):
                yield make_proposal(doc, code, "upper", [Edit(m.start(), m.end(), ch.upper())], confidence=0.95)
        return run

    rules = [Rule(c, "upper", "s", "u", Applicability.SAFE, 0.3, 0.9, (), ()) for c in ("XX002", "XX003")]
    pipe = Pipeline(Context(RuleSet(rules)), [Pass("b", ("XX002",), upper("b", "XX002")),
                                              Pass("c", ("XX003",), upper("c", "XX003"))])
    assert pipe.run("abc", Policy()).text == "aBC"
    plan = pipe._plan_for
    assert pipe.run("abc", Policy()).text == "aBC" and pipe._plan_for is plan
    assert pipe.run("abc", Policy(select=("XX003",))).text == "abC"
    assert pipe.run("abc", Policy(ignore=["XX003"])).text == "aBc"
    assert pipe.run("abc", Policy(ignore=("XX003",))).text == "aBc"
    assert pipe.run("abc", Policy(select=["XX00"], ignore=("XX002",))).text == "abC"
    res = pipe.run("abc", Policy(select=("XX002", "XX003")))
    assert res.text == "aBC" and [a.proposal.name for a in res.applied] == ["upper", "upper"]
    assert pipe.run("abc", Policy(select=("XX9",))).text == "abc"
    # a new pipeline of the same passes on the same context finds the plan there;
    # one of other passes on it gets its own (and the first one its own again)
    again = Pipeline(pipe.ctx, pipe.passes)
    assert again.run("abc", Policy(select=("XX9",))).text == "abc" and again._plan_for is pipe._plan_for
    only_c = Pipeline(pipe.ctx, pipe.passes[1:])
    assert only_c.run("abc", Policy()).text == "abC" and only_c._plan_for is not pipe._plan_for
    assert again.run("abc", Policy()).text == "aBC"
    import pickle

    assert "_plan_for" not in pickle.loads(pickle.dumps(Context(RuleSet(rules)))).__dict__
    assert "_plan_for" in pipe.ctx.__dict__ and "_plan_for" not in pickle.loads(pickle.dumps(pipe.ctx)).__dict__


def _fixed(applicability, conf):
    def run(doc, ctx):
        for m in re.finditer("b", doc.text):
            yield make_proposal(doc, "XX002", "upper", [Edit(m.start(), m.end(), "B")], confidence=conf,
                                applicability=applicability)
    return run


def test_choose_one_proposal_with_edits_out_of_order():
    """A proposal built without make_proposal, its edits not sorted: chosen and
    applied as sorted edits (the one-proposal path does not sort them itself)."""
    from cleanup.model import Proposal

    def unsorted(doc, ctx):
        if doc.text == "abcd":
            yield Proposal("XX001", "m", (Edit(3, 4, "D"), Edit(0, 1, "A")), 1.0, Applicability.SAFE, None, {}, "",
                           doc.text)

    res = Pipeline(_ctx(), [Pass("u", ("XX001",), unsorted)]).run("abcd", Policy())
    assert res.text == "AbcD" and res.history == [(Edit(0, 1, "A"), Edit(3, 4, "D"))]
    assert res.applied[0].old == ["d", "a"]


def _ref_choose(proposals, policy):
    """A reference choice: the allowed candidates by position, then confidence,
    each taken unless one of its edits conflicts with a span taken before
    (checked against every taken span)."""
    from cleanup.pipeline import _overlaps

    cands = sorted((p for p in proposals if policy.allows(p)),
                   key=lambda p: (p.edits[0].start, -p.confidence, p.edits[-1].end))
    chosen, spans = [], []
    for p in cands:
        if any(_overlaps(e, spans) for e in p.edits):
            continue
        chosen.append(p)
        spans += [(e.start, e.end) for e in p.edits]
    return chosen, cands


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_EDIT = st.tuples(st.integers(0, 12), st.integers(0, 3), st.sampled_from(["", "x", "yz"]))
_PROP = st.tuples(st.lists(_EDIT, min_size=1, max_size=3), st.sampled_from([0.3, 0.6, 0.9, 1.0]),
                  st.sampled_from(["safe", "unsafe"]), st.booleans())


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PROP, min_size=1, max_size=6), st.booleans(), st.booleans())
def test_choose_equals_sorting_choice(props, unsafe, laid_out):
    """_choose gives what the sorting reference gives: the same proposals in
    the same order and the same sorted edits (proposals in order, out of
    order, overlapping, insertions at one point, equal starts, unsorted edits)."""
    from cleanup.model import Proposal
    from cleanup.pipeline import _choose

    ps = []
    at = 0
    for eds, conf, app, ordered in props:
        if laid_out:  # each edit at or after the end of the one before (gaps 0-12 // 4)
            es = []
            for gap, n, r in eds:
                es.append(Edit(at + gap // 4, at + gap // 4 + n, r))
                at = es[-1].end
        else:
            es = [Edit(s, s + n, r) for s, n, r in eds]
        if ordered:
            es.sort(key=lambda e: (e.start, e.end))
        ps.append(Proposal("XX001", "m", tuple(es), conf, Applicability(app), None, {}, "", "t" * 20))
    policy = Policy(apply_unsafe=unsafe)
    got, (want, cands) = _choose(list(ps), policy), _ref_choose(list(ps), policy)
    assert [id(p) for p in got[0]] == [id(p) for p in want]
    if got[1] is not None:  # the edits come along only when every candidate was taken
        assert len(want) == len(cands)
        assert got[1] == tuple(sorted((e for p in want for e in p.edits), key=lambda e: (e.start, e.end)))
    # proposals laid out in order without conflicts
    ordered = [Proposal("XX001", "m", (Edit(4 * i, 4 * i + 1, "a"), Edit(4 * i + 2, 4 * i + 2, "b")), 1.0,
                        Applicability.SAFE, None, {}, "", "t" * 40) for i in range(len(props))]
    assert _choose(list(ordered), policy) == (ordered, tuple(e for p in ordered for e in p.edits))


def test_choose_in_order_with_equal_first_starts():
    """An insertion, then an edit at the same point with a higher confidence:
    edits in order as given, but the choice puts the second proposal first
    (a shortcut that skips sorting for edits in order must not)."""
    from cleanup.model import Proposal
    from cleanup.pipeline import _choose

    a = Proposal("XX001", "m", (Edit(2, 2, "x"),), 0.3, Applicability.SAFE, None, {}, "", "t" * 20)
    b = Proposal("XX001", "m", (Edit(2, 3, "y"),), 0.9, Applicability.SAFE, None, {}, "", "t" * 20)
    assert _choose([a, b], Policy()) == ([b, a], (a.edits[0], b.edits[0]))
    assert _ref_choose([a, b], Policy())[0] == [b, a]


def test_a_held_verdict_is_not_applied_safely_by_a_later_run():
    # a pass that decides "x|y" from layout (a line break): while the break is
    # there it holds the join for review; once another rule has removed the
    # layout (the newline) it would propose the same join (same fingerprint)
    # as SAFE. The held verdict stands; without ``holds`` it would not.
    def layout(doc, ctx, holds=True):
        t = doc.text
        i = t.find("\n")
        if i >= 0:
            yield make_proposal(doc, "XX010", "drop layout", [Edit(i, i + 1, "")], confidence=1)
        j = t.find("x|y")
        if j >= 0:
            yield make_proposal(doc, "XX009", "join", [Edit(j + 1, j + 2, "")], confidence=1,
                                applicability="unsafe" if i >= 0 else "safe", holds=holds and i >= 0)

    pipe = Pipeline(_ctx(), [Pass("l", ("XX009", "XX010"), layout)])
    res = pipe.run("ab\ncx|y")
    assert res.text == "abcx|y"
    assert [p.code for p in res.pending] == ["XX009"]  # still offered for review
    assert pipe.run("ab\ncx|y", Policy(apply_unsafe=True)).text == "abcxy"

    def forgetful(doc, ctx):
        return layout(doc, ctx, holds=False)

    pipe = Pipeline(_ctx(), [Pass("l", ("XX009", "XX010"), forgetful)])
    assert pipe.run("ab\ncx|y").text == "abcxy"
