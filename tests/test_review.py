"""The review logic (cleanup.review), without Textual.

The tests run a small fixed pipeline (``review_pipeline`` below, also used by
the TUI tests) so that they do not change when the real passes change: a
half-width comma rule, a doubled-word rule that only fires after a join, a
join of a paragraph broken mid-sentence, a SAFE blank-line rule and a
visually-similar-character rule with evidence.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.journal import Journal
from cleanup.model import Applicability, Edit, Proposal, make_proposal
from cleanup.pipeline import Context, Pass, Pipeline
from cleanup.review import (ACCEPTED, AUTO, DEL, GAP, INS, PENDING, REJECTED, DecisionStore, Filter,
                            QueueView, ReviewSession, char_diff, context_excerpts, describe, edit_kind,
                            implied_text, side_by_side, visible)
from cleanup.rules import Rule, RuleSet
from cleanup.textio import InputError

ROOT = Path(__file__).resolve().parent.parent
RAW001 = next((ROOT / "fixtures" / "raw").glob("001_*.txt"))

_HAN = "\u4e00-\u9fff"
_COMMA = re.compile(rf"(?<=[{_HAN}0-9]),(?=[{_HAN}“])")
_DOUBLED = re.compile(rf"([{_HAN}]{{2}})\1")
_SPACE_LINE = re.compile(r"(?m)^[ \t]+$")
_BROKEN = re.compile(rf"(?<=[{_HAN}])\n\n(?=[{_HAN}])")
_PAIRS = {"敖": ("敕", "勒川"), "贾": ("贺", "海东")}  # char -> (candidate, following context)
_PAIR_RE = re.compile("|".join(f"{c}(?={ctx})" for c, (_, ctx) in _PAIRS.items()))


def _comma(doc, ctx):
    for m in _COMMA.finditer(doc.text):
        yield make_proposal(doc, "TX001", "half-width ',' in Chinese text -> ，", [Edit(m.start(), m.end(), "，")],
                            confidence=0.8)


def _doubled(doc, ctx):
    for m in _DOUBLED.finditer(doc.text):
        yield make_proposal(doc, "TX002", f"doubled word {m.group(1)}", [Edit(m.start() + 2, m.end(), "")],
                            confidence=0.7, evidence={"word": m.group(1)})


def _space_line(doc, ctx):
    for m in _SPACE_LINE.finditer(doc.text):
        yield make_proposal(doc, "TX003", "line holding only spaces", [Edit(m.start(), m.end(), "")],
                            confidence=0.99)


def _join(doc, ctx):
    text = doc.text
    for m in _BROKEN.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        if m.start() - line_start < 30 or (line_end if line_end >= 0 else len(text)) - m.end() < 30:
            continue  # short lines are headings and captions
        yield make_proposal(doc, "TX004", "paragraph broken mid-sentence", [Edit(m.start(), m.end(), "")],
                            confidence=0.75)


def _misread(doc, ctx):
    for m in _PAIR_RE.finditer(doc.text):
        cand, follow = _PAIRS[m.group(0)]
        yield make_proposal(doc, "TX005", f"{m.group(0)} -> {cand}: visually similar",
                            [Edit(m.start(), m.end(), cand)], confidence=0.6,
                            evidence={"pair": [m.group(0), cand], "counts": {m.group(0) + follow: 0, cand + follow: 12},
                                      "width": None})  # (a value a pass leaves empty)


def _rule(code: str, name: str, pass_name: str, appl: str = "unsafe", safe: float = 0.9) -> Rule:
    return Rule(code, name, f"test rule {name}", pass_name, Applicability.parse(appl), 0.1, safe, (), ())


def review_pipeline() -> Pipeline:
    """A small fixed pipeline for review tests (joins before doubled words before commas)."""
    rules = RuleSet([
        _rule("TX003", "space-only-line", "tspace", "safe"),
        _rule("TX004", "broken-paragraph-join", "tjoin"),
        _rule("TX002", "doubled-word", "tdoubled"),
        _rule("TX001", "half-width-comma", "tcomma"),
        _rule("TX005", "similar-character", "tmisread"),
    ])
    passes = [
        Pass("tspace", ("TX003",), _space_line),
        Pass("tjoin", ("TX004",), _join),
        Pass("tdoubled", ("TX002",), _doubled),
        Pass("tcomma", ("TX001",), _comma),
        Pass("tmisread", ("TX005",), _misread),
    ]
    return Pipeline(Context(rules), passes)


@pytest.fixture
def page(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    dest = tmp_path / RAW001.name
    dest.write_bytes(RAW001.read_bytes())  # the fixtures are read-only
    return Path(RAW001.name)


def _session(path, journal=".zhclean/decisions.jsonl", review_safe=False, pipe=None):
    store = DecisionStore(Journal(journal) if journal else None)
    s = ReviewSession(path, store, pipe or review_pipeline(), review_safe=review_safe)
    s.ensure_current()
    return s


def _first(s: ReviewSession, code: str, status: str = PENDING):
    return next(it for it in s.snapshot.items if it.code == code and s.status(it) == status)


# -- diff and context ------------------------------------------------------------


def test_char_diff_marks_single_characters_in_a_chinese_run():
    segs = char_diff("跑出高质量发展新速度", "跑出高质量发展新速变")
    assert [(s.kind, s.text) for s in segs] == [("ctx", "跑出高质量发展新速"), ("del", "度"), ("ins", "变")]
    segs = char_diff("高质量发展发展新速度", "高质量发展新速度")
    assert [s.text for s in segs if s.kind == DEL] == ["发展"]
    assert not [s for s in segs if s.kind == INS]
    # punctuation replaced inside a Chinese run: only the comma lights up
    segs = char_diff("精神,如何", "精神，如何")
    assert [(s.kind, s.text) for s in segs if s.kind != "ctx"] == [("del", ","), ("ins", "，")]


def test_context_shows_join_and_far_move_with_where_the_text_goes():
    text = "第一段开头文字很长很长从生产、研\n\n发到科技创新。\n\n" + "中间段落。" * 40 + "\n\n末段。"
    doc_join = _prop(text, [Edit(text.index("研") + 1, text.index("发到"), "")])
    (x,) = context_excerpts(text, doc_join)
    assert edit_kind(doc_join, text) == "join"
    kinds = [(s.kind, s.text) for s in x.segments]
    assert ("del", "\n\n") in kinds and kinds[0] == ("ctx", "第一段开头文字很长很长从生产、研")
    assert visible("\n\n", DEL) == "⏎⏎"
    # a move: the caption is taken out near the top and put in at the end
    cap = "第一段开头文字很长很长"
    mv = _prop(text, [Edit(0, len(cap), ""), Edit(len(text), len(text), cap)])
    ex = context_excerpts(text, mv)
    assert edit_kind(mv, text) == "move" and len(ex) == 2
    assert ex[0].label == "moved from here to line 7" and ex[1].label == "moved here from line 1"
    assert [s.text for s in ex[0].segments if s.kind == DEL] == [cap]
    assert [s.text for s in ex[1].segments if s.kind == INS] == [cap]
    before, after = side_by_side(ex)
    assert all(s.kind != INS for x in before for s in x.segments)
    assert all(s.kind != DEL for x in after for s in x.segments)


def test_context_is_clipped_and_long_deletions_are_shortened():
    text = "甲" * 1000 + "乙" + "丙" * 1000
    p = _prop(text, [Edit(1000, 1001, "丁")])
    (x,) = context_excerpts(text, p, window=50)
    assert x.segments[0].kind == GAP and x.segments[-1].kind == GAP
    assert sum(len(s.text) for s in x.segments if s.kind == "ctx") == 100
    big = _prop(text, [Edit(0, 2001, "")])
    (x,) = context_excerpts(text, big, long_edit=100)
    assert any(s.kind == GAP and "more characters" in s.text for s in x.segments)
    assert sum(len(s.text) for s in x.segments if s.kind == DEL) == 100


def _prop(text: str, edits: list[Edit], code: str = "TX009") -> Proposal:
    from cleanup.model import Document

    return make_proposal(Document(text), code, "test", edits, confidence=0.5, applicability="unsafe")


# -- a session over fixture page 001 ---------------------------------------------------


def test_review_of_page_001_decisions_imply_the_written_text(page):
    s = _session(page)
    c = s.counts()
    assert c.auto == 2 and c.pending > 30  # the two space-only lines are SAFE: pre-accepted
    assert "敖勒川" in s.snapshot.text and "\n \n" not in s.snapshot.text

    mis = _first(s, "TX005")
    assert s.snapshot.base(mis)[mis.proposal.start] == "敖"
    assert s.accept(mis) is not None
    comma = _first(s, "TX001")
    s.reject(comma)
    edited = [it for it in s.snapshot.items if it.code == "TX001" and s.status(it) == PENDING][3]
    s.accept(edited, replacement="、")
    doubled = _first(s, "TX002")
    s.accept(doubled, replacement="发展")  # editing back to the old text: keep both words
    step = s.accept_rule("TX004")
    assert step is not None and len(step.changes) == 1
    snap = s.ensure_current()
    assert "敕勒川草原" in snap.text and "敖" not in snap.text
    assert "从生产、研发到科技创新" in snap.text  # the join
    assert "高质量发展发展新速度" in snap.text     # the edited doubled-word decision kept both
    assert s.status(snap.by_fingerprint(mis.fingerprint)) == ACCEPTED
    assert s.status(snap.by_fingerprint(comma.fingerprint)) == REJECTED
    # what `w` writes equals what the journal implies, computed afresh
    written = s.write()
    on_disk = page.read_text(encoding="utf-8")
    assert on_disk == written == implied_text(page, ".zhclean/decisions.jsonl", pipeline=review_pipeline(),
                                              text=s.original)
    assert on_disk.count("、") == s.original.count("、") + 1
    # Journal.load (what `zhclean fix --decisions` replays) agrees
    dec = Journal(".zhclean/decisions.jsonl").load()
    assert dec.accepted[mis.fingerprint] is None and dec.accepted[edited.fingerprint] == "、"
    assert comma.fingerprint in dec.rejected


def test_review_safe_puts_safe_proposals_in_the_queue(page):
    s = _session(page, journal=None, review_safe=True)
    c = s.counts()
    assert c.auto == 0 and sum(1 for it in s.snapshot.items if it.code == "TX003") == 2
    assert "\n \n" in s.snapshot.text
    s.reject(_first(s, "TX003"))
    s.accept(_first(s, "TX003"))
    snap = s.ensure_current()
    assert [s.status(it) for it in snap.items if it.code == "TX003"] == [REJECTED, ACCEPTED]


def test_rejecting_a_pre_accepted_safe_proposal_restores_the_text(page):
    s = _session(page, journal=None)
    auto = _first(s, "TX003", AUTO)
    s.reject(auto)
    snap = s.ensure_current()
    assert snap.text.count("\n \n") == 1
    assert s.status(snap.by_fingerprint(auto.fingerprint)) == REJECTED


def test_later_proposals_are_recomputed_after_a_join(tmp_path):
    f = tmp_path / "p.txt"
    f.write_text("呼和浩特市的乳产业从生产、研究到科技创新已经跨入了快车道持续发展\n\n"
                 "发展到新的高度并且继续前进，全市上下比学赶超的干事热情和创业激情。\n", encoding="utf-8")
    s = _session(f, journal=None)
    assert [it.code for it in s.items()] == ["TX004"]  # no doubled word before the join
    s.accept(s.items()[0])
    snap = s.ensure_current()
    assert "持续发展发展到" in snap.text
    codes = {it.code: s.status(it) for it in snap.items}
    assert codes == {"TX004": ACCEPTED, "TX002": PENDING}
    s.accept(_first(s, "TX002"))
    assert "持续发展到新的高度" in s.ensure_current().text


def test_decision_survives_a_neighbour_changing_its_fingerprint(tmp_path):
    """A rejected comma whose context changes because a neighbouring character was
    corrected stays rejected (the decision is carried to its new fingerprint)."""
    f = tmp_path / "p.txt"
    f.write_text("敖勒川,草原上的风景。\n", encoding="utf-8")
    s = _session(f, journal=tmp_path / "d.jsonl")
    comma, mis = _first(s, "TX001"), _first(s, "TX005")
    s.reject(comma)
    s.accept(mis)
    snap = s.ensure_current()
    assert snap.text == "敕勒川,草原上的风景。\n"
    (now,) = [it for it in snap.items if it.code == "TX001"]
    assert now.fingerprint != comma.fingerprint and s.status(now) == REJECTED
    # the carried rejection is in the journal (so `zhclean fix --decisions` agrees) ...
    assert now.fingerprint in Journal(tmp_path / "d.jsonl").load().rejected
    # ... and belongs to the step that caused it: one undo takes both back
    s.undo()
    snap = s.ensure_current()
    assert s.status(snap.by_fingerprint(comma.fingerprint)) == REJECTED
    assert s.status(snap.by_fingerprint(mis.fingerprint)) == PENDING
    assert now.fingerprint not in Journal(tmp_path / "d.jsonl").load().rejected


# -- undo / redo, persisted ------------------------------------------------------------------


def test_bulk_accept_is_one_step_and_undo_history_survives_a_restart(page):
    s = _session(page)
    n_pending = len(s.pending_of("TX001"))
    first = _first(s, "TX005")
    s.accept(first)
    step = s.accept_rule("TX001")
    assert len(step.changes) == n_pending
    assert s.counts().pending == len([it for it in s.snapshot.items if it.code not in ("TX001", "TX003")]) - 1
    # restart: a new store from the same journal
    s2 = _session(page)
    assert s2.can_undo() and not s2.can_redo()
    assert s2.counts().accepted == s.counts().accepted
    undone = s2.undo()
    assert undone.label == f"accept all TX001 ({n_pending})"
    snap = s2.ensure_current()
    assert len(s2.pending_of("TX001")) == n_pending
    assert s2.status(snap.by_fingerprint(first.fingerprint)) == ACCEPTED
    # restart again: the redo is still there, and the first accept can be undone after it
    s3 = _session(page)
    assert s3.can_redo()
    assert s3.redo().label == undone.label
    s3.ensure_current()
    assert not s3.pending_of("TX001")
    s3.undo()
    s3.undo()
    assert not s3.can_undo()
    snap = s3.ensure_current()
    assert s3.status(snap.by_fingerprint(first.fingerprint)) == PENDING
    assert Journal(".zhclean/decisions.jsonl").load().accepted == {}
    # a new decision clears the redo stack
    s3.reject(_first(s3, "TX005"))
    assert not s3.can_redo() and not _session(page).can_redo()


def test_torn_last_journal_line_does_not_swallow_the_next_decision(tmp_path):
    j = tmp_path / "d.jsonl"
    j.write_text('{"fingerprint": "aa", "decision": "accept"}\n{"fingerprint": "bb", "deci', encoding="utf-8")
    store = DecisionStore(Journal(j))
    store.do("f.txt", [("cc", "TX001", ("reject", None))], "reject TX001")
    dec = Journal(j).load()
    assert "aa" in dec.accepted and "cc" in dec.rejected


def _apply_ops(store: DecisionStore, ops) -> None:
    for op, fp, what in ops:
        if op == "do":
            store.do("f.txt", [(fp, "TX001", None if what == "clear" else (what, None))], f"{what} {fp}")
        elif op == "bulk":
            store.do("f.txt", [(f, "TX001", ("accept", None)) for f in ("a", "b", "c")], "bulk")
        elif op == "undo":
            store.undo("f.txt")
        else:
            store.redo("f.txt")


_OPS = st.lists(st.tuples(st.sampled_from(["do", "do", "bulk", "undo", "redo"]), st.sampled_from("abcd"),
                          st.sampled_from(["accept", "reject", "clear"])), max_size=25)


@settings(max_examples=60, deadline=None)
@given(_OPS)
def test_replaying_the_journal_restores_decisions_and_history(tmp_path_factory, ops):
    j = tmp_path_factory.mktemp("j") / "d.jsonl"
    live = DecisionStore(Journal(j))
    _apply_ops(live, ops)
    again = DecisionStore(Journal(j))
    assert again.decisions.accepted == live.decisions.accepted
    assert again.decisions.rejected == live.decisions.rejected
    plain = Journal(j).load()  # the journal's own reader agrees
    assert plain.accepted == live.decisions.accepted and plain.rejected == live.decisions.rejected
    h1, h2 = live.history("f.txt"), again.history("f.txt")
    assert [s.id for s in h1.undo] == [s.id for s in h2.undo]
    assert [s.id for s in h1.redo] == [s.id for s in h2.redo]
    # undoing everything from the reloaded store gives back the empty state
    while again.undo("f.txt"):
        pass
    assert not again.decisions.accepted and not again.decisions.rejected


# -- the queue --------------------------------------------------------------------------------------


def test_queue_groups_by_rule_navigates_filters_and_searches(page):
    s = _session(page)
    v = QueueView(s)
    codes = [it.code for it in v.items]
    assert codes == sorted(codes, key=["TX003", "TX004", "TX002", "TX001", "TX005"].index)
    assert s.status(v.current) == PENDING  # starts on the first pending item, not a pre-accepted one
    assert v.current.code == "TX004"
    start = v.current
    s.accept(v.current)
    assert v.advance() and v.current.code == "TX002"
    assert v.move(-1, pending_only=False) and v.current is start
    assert v.move(-1, pending_only=False) and s.status(v.current) == AUTO
    assert v.move(1, pending_only=True) and v.current.code == "TX002"
    # filter by rule, status and confidence
    v.set_filter(Filter(codes=("TX005",)))
    assert {it.code for it in v.items} == {"TX005"} and v.current.code == "TX005"
    v.set_filter(Filter(statuses=(ACCEPTED,)))
    assert [it.fingerprint for it in v.items] == [start.fingerprint]
    v.set_filter(Filter(min_confidence=0.79))
    assert {it.code for it in v.items} == {"TX003", "TX001"}
    v.set_filter(Filter())
    # search the surrounding text: the caption with 贾海东
    assert v.search("贾海东") and v.current.code == "TX005" and "贾" in s.snapshot.base(v.current)[
        v.current.proposal.start]
    assert not v.search("没有这个词")
    rows = dict(describe(s, v.current))
    assert rows["rule"] == "TX005 similar-character" and rows["pair"] == "贾 / 贺"
    assert rows["counts"] == "贾海东=0, 贺海东=12"
    assert "width" not in rows  # an empty evidence value is not shown ('width None')


def test_cursor_stays_on_the_same_proposal_after_recompute(page):
    s = _session(page)
    v = QueueView(s)
    target = [it for it in v.items if it.code == "TX001"][10]
    v.goto_fingerprint(target.fingerprint)
    s.accept(next(it for it in v.items if it.code == "TX005"))
    s.ensure_current()
    v.refresh()
    assert v.current.fingerprint == target.fingerprint


def test_write_refuses_a_file_changed_on_disk(page):
    s = _session(page)
    s.accept(_first(s, "TX005"))
    assert s.dirty
    page.write_text("changed by someone else\n", encoding="utf-8")
    with pytest.raises(InputError, match="changed on disk"):
        s.write()
    assert page.read_text(encoding="utf-8") == "changed by someone else\n"


def test_nothing_written_and_not_dirty_without_decisions(page):
    before = page.read_bytes()
    s = _session(page)
    assert not s.dirty  # SAFE changes alone do not count as unwritten decisions
    assert page.read_bytes() == before
    rec = [json.loads(x) for x in Path(".zhclean/decisions.jsonl").read_text().splitlines()] \
        if Path(".zhclean/decisions.jsonl").exists() else []
    assert rec == []


def test_large_corpus_gives_provisional_proposals_until_its_statistics_are_complete(tmp_path):
    """Corpus statistics are gathered a few files at a time; meanwhile a page's
    proposals use its own statistics (marked provisional) and decisions made on
    them are kept."""
    from cleanup.review import Corpus

    files = []
    for i in range(Corpus.SMALL + 5):
        f = tmp_path / f"p{i:02d}.txt"
        f.write_text("甲地的新闻,乙地的消息。\n", encoding="utf-8")
        files.append(f)

    def collect(doc):
        return doc.text.count("甲")

    def run(doc, ctx):  # proposes only when the corpus says 甲 is frequent
        i = doc.text.find("甲")
        if i >= 0 and (ctx.corpus.get("tcount") or 0) > 10:
            yield make_proposal(doc, "TX006", "甲 is frequent in the corpus", [Edit(i, i + 1, "丙")],
                                confidence=0.5, applicability="unsafe", evidence={"count": ctx.corpus["tcount"]})

    def factory():
        base = review_pipeline()
        return Pipeline(base.ctx, [*base.passes, Pass("tcount", ("TX006",), run, collect=collect, merge=sum)])

    corpus = Corpus(files, DecisionStore(None), factory)
    key = str(files[0])
    snap = corpus.compute(key)
    assert snap.provisional and not corpus.prepared
    s = corpus.session(key)
    s.install(snap)
    assert {it.code for it in s.items()} == {"TX001"}  # one file alone: 甲 is not frequent
    s.accept(s.items()[0])
    steps = 0
    while not corpus.prepare_step(chunk=8):
        steps += 1
    assert steps >= 2 and corpus.prepared and corpus.pipeline.ctx.corpus["tcount"] == len(files)
    final = corpus.compute(key)
    assert not final.provisional
    s.install(final)
    assert {it.code: s.status(it) for it in s.items()} == {"TX001": ACCEPTED, "TX006": PENDING}
    assert s.ensure_current().text == "甲地的新闻，乙地的消息。\n"


def test_filter_that_hides_the_current_proposal_moves_to_a_pending_one(page):
    """Filtering by confidence from a proposal below it: the cursor goes to the
    nearest pending proposal that matches, not to the nearest decided one."""
    s = _session(page)
    v = QueueView(s)
    mis = next(it for it in v.items if it.code == "TX005")
    origin = mis.origin
    near = min((it for it in v.items if it.code == "TX001"), key=lambda it: abs(it.origin - origin))
    s.accept(near)                                       # the editor accepted the comma next to it
    s.ensure_current()
    v.refresh()
    v.goto_fingerprint(mis.fingerprint)
    v.set_filter(Filter(min_confidence=0.79))            # TX005 (0.6) filtered out
    nearest = min(v.items, key=lambda it: abs(it.origin - origin))
    assert s.status(nearest) == ACCEPTED                 # where the cursor landed before
    assert s.status(v.current) == PENDING and v.current.code == "TX001"
    pending = [it for it in v.items if s.status(it) == PENDING]
    assert abs(v.current.origin - origin) == min(abs(it.origin - origin) for it in pending)
    # a filter that keeps the current proposal keeps the cursor on it, decided or not
    v.set_filter(Filter())
    v.goto_fingerprint(near.fingerprint)
    v.set_filter(Filter(min_confidence=0.5))
    assert v.current.fingerprint == near.fingerprint
