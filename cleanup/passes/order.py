"""RO: reading order — column interleaving and displaced headlines.

Three kinds of move, each ONE proposal (a deletion edit where the text was and
an edit where it goes):

* **RO001 move-continuation**: a body fragment that continues a sentence left
  open elsewhere on the page is moved to that open end and joined to it with
  no break (``……结束立`` + ``即动工……`` -> ``……结束立即动工……``). The
  continuation of every open end is chosen jointly: a maximum-weight
  assignment (Hungarian algorithm) over the score matrix of open ends x
  candidate starts (``cleanup.continuation``), keeping the original order
  wherever nothing is open, never creating a cycle, never losing a block.
* **RO002 move-headline**: a headline unit (kicker, headline, subheadline,
  byline) is moved before the body of the article it belongs to, matched by
  IDF-weighted character n-gram overlap (names, places, key terms), when the
  match is clear; otherwise it stays. Bodies are never reordered here, so
  articles stay in the order in which their bodies first appear.
* **RO003 move-interleaved-run**: a run of another article's blocks printed
  inside a sentence (an interview's opening column read into the article
  before it) goes under that article's headline unit when the run names what
  the unit names and the article around it does not, the sentence around the
  run closes over it and the run's last open end continues the block under
  the unit; one late line of the run (``积`` before ``极布局``) is read first.

Moves with direct evidence at the join (a word crossing it, a bracket closed)
and a clear margin over the runner-up are SAFE; weaker ones are UNSAFE.
Adjacent blocks are left to the ``lines`` pass (it joins neighbours; this
pass only moves non-adjacent fragments). The pass runs after lines,
duplicates and doubled, before spaces and punct.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Iterator

from ..continuation import (
    _HEAD_RUN,
    CLOSED,
    OPEN,
    PARA_MARKER,
    START_MID,
    START_OPEN_MID,
    ContinuationScorer,
    Join,
    TermIndex,
    collect as _collect_text,
    end_state,
    flat,
    grams,
    hungarian_max,
    merge as _merge,
    start_state,
    unclosed_openers,
)
from ..kinds import BYLINE, CAPTION, DATELINE, HEADLINE, JUMP, KICKER, LABEL
from ..model import Applicability, Document, Edit, Proposal, make_proposal
from ..pipeline import Context, Pass

BODY_ROLE = "body"
HEAD_ROLE = "head"  # headline, kicker, subheadline, label
LEAD_ROLE = "lead"  # byline at the head of an article (●本报记者 …)
TRAIL_ROLE = "trail"  # jump marker, caption, closing byline (（李海珍）)

_LEAD_BYLINE = re.compile(r"^(?:[●■◆□○]\s*\S|(?:本报)?(?:驻\S{1,8}?)?(?:实习|特约)?(?:记者|通讯员)\s*\S)")
_TRAIL_BYLINE = re.compile(r"^[（(][^（()）]{1,30}[)）]$")
_SUBHEAD = re.compile(r"^[—\-一]{2}")
_HEAD_PUNCT = re.compile(r"[。！？；!?;]")
_MD = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]*")


def _unmark(text: str) -> str:
    """The text without markdown heading marks (most text has no ``#``)."""
    return _MD.sub("", text) if "#" in text else text


_DATELINE = re.compile(r"^[（(]?据?(?:本报讯|新华社|中新社|本报[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日)")
# a byline or credit standing as a body block: 新华社记者李锦赵承, 本报记者郭伟成,
# 新华社通讯员王小平新华社记者周立军 (names only after the role: at most 8 characters each)
_CREDIT = re.compile(r"^(?:(?:新华社|本报|中新社)?(?:驻[\u4e00-\u9fff]{1,8}?)?(?:高级|实习|特约|首席)?"
                     r"(?:记者|通讯员|编辑|摄影记者|摄影|撰稿|特约撰稿人)[\u4e00-\u9fff·]{2,8}){1,3}$")
# an editor's or photographer's signature ending a block: ———编者, （新华社记者 X 摄）
_SIGNATURE = re.compile(r"(?:[—\-]{1,3}\s*(?:编者|编辑部|本报编辑部|编辑)|摄影?)$")
_NON_TEXT = re.compile(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ.．·%％\-－/／+＋]")
_NO_PUNCT = re.compile(r"[，。、；：！？,.;:!?]")

LABEL_MAX = 6  # a head block this short is a label (a name under a photo, 前言:)
VERSE_LINE = 16  # a start this short between blocks …
VERSE_NEXT = 20  # … this short is a line of verse or of a list

DEFAULTS_JOIN: dict[str, float] = {
    "min_link": 2.5,  # a join needs at least this score …
    "min_boundary": 1.8,  # … and this much evidence at the cut (start and join features)
    "min_margin": 1.5,  # … and this margin over the runner-up (leaving it in place included)
    "safe_score": 4.0,  # SAFE needs this score …
    "safe_margin": 1.0,  # … this margin over the runner-up …
    "safe_boundary": 2.5,  # … and this much evidence at the cut
    "context_blocks": 3,  # blocks on each side used for the topic feature
    "topic_cap": 1.5,  # the topic feature adds at most this much
    "safe_head_match": 0.3,  # column-cut layout: the headline above the fragment names the article …
    "safe_layout_margin": 1.0,  # … and no other join comes this close
    "inplace_margin": 2.5,  # the margin a move needs when the end reads on in place with a word across the cut too
}
DEFAULTS_HEAD: dict[str, float] = {
    "min_match": 0.35,  # share of the headline's n-gram weight found in the region
    "margin": 0.15,  # over the second-best region and over where it stands now
    "protect": 0.2,  # a headline matching the text right after it this much never moves
    "protect_direct": 0.15,  # … this much when it is the last head above that text
    "safe_match": 0.45,
    "safe_margin": 0.2,
    "pair_min": 0.25,  # a neighbour matching this much goes with a strong unit …
    "pair_strong": 0.6,  # … that matches its article at least this much
    "page_min": 0.3,  # a series headline matches this much …
    "page_share": 0.6,  # … in this share of the page's articles (and at least 3)
    "weak_head": 0.1,  # a headline matching the article under it less than this …
    "strong_head": 0.6,  # … does not keep a headline matching it this much from arriving
}


@dataclass
class Blk:
    i: int
    start: int
    end: int
    text: str
    kind: str
    role: str
    flat: str
    dateline: bool = False
    est: str = CLOSED  # end state
    sst: str = ""  # start state
    can_end: bool = False  # an open end that may continue elsewhere
    can_start: bool = False  # a start that may continue an open end elsewhere
    headish: bool = False  # a headline-like block that may be a short piece of a cut paragraph
    adjacent_only: bool = False  # an end that may only continue in place (a caption)

    def __hash__(self) -> int:
        return self.i


def _role(text: str, kind: str, f: str) -> str:
    """The block's role; ``f``: its text flat, without heading marks."""
    if kind in (JUMP, CAPTION):
        return TRAIL_ROLE
    if _DATELINE.match(f):
        return BODY_ROLE
    if _TRAIL_BYLINE.match(f) and kind in (BYLINE, HEADLINE, KICKER, LABEL):
        return TRAIL_ROLE
    if _LEAD_BYLINE.match(f) and len(f) <= 40 and not _HEAD_PUNCT.search(f):
        return LEAD_ROLE
    if kind == BYLINE:
        return LEAD_ROLE
    if 2 < len(f) <= 30 and f[-1] in "”’」』》" and kind not in (HEADLINE, KICKER, LABEL) \
            and "\n" not in text.strip() and not re.search(r"[，。！？；：,;:!?]", f) and not unclosed_openers(f):
        kind = HEADLINE  # a headline ending in a quote (看看经开区如何念好“节水经”)
    if kind in (HEADLINE, KICKER, LABEL):
        lines = [ln for ln in text.split("\n") if ln.strip()]
        if len(lines) <= 4 and all(len(flat(ln)) <= 48 for ln in lines) \
                and not _HEAD_PUNCT.search(f[:-1]) and not unclosed_openers(f):
            return HEAD_ROLE
    return BODY_ROLE


def _heading_line(line: str, other: str) -> bool:
    """A line that reads as a heading printed with the text next to it (one
    block after a single-newline paragraph break): short, no punctuation, and
    ``other`` (the neighbouring line) shows the break (ends a sentence, or is
    much longer)."""
    f = flat(line)
    return 0 < len(f) <= 30 and not _NO_PUNCT.search(f) and len(flat(other)) > len(f) + 2


def _open_end(b: Blk) -> bool:
    """Whether the open end of body block b may be a sentence cut off (rather
    than a heading, a credit, a table row or a signature)."""
    f = b.flat
    # (a signature or a date ending the flat text is at most 8 and 12
    # characters long: only the end is searched)
    if _CREDIT.match(f) or _SIGNATURE.search(f[-16:]):
        return False
    if _table(f[-40:]):
        return False  # a table row (上证 3037.72 …)
    if _DATE_END.search(f[-16:]):
        return False  # the date under a notice or a letter
    if PARA_MARKER.match(f) and len(f) < 40 and "。" not in f:
        return False  # a numbered section heading (三、开拓进取，…)
    lines = [ln for ln in b.text.strip().split("\n") if ln.strip()]
    if len(lines) >= 2 and flat(lines[-2])[-1:] in "。！？!?”’」』）)" and _heading_line(lines[-1], lines[-2]):
        return False  # the last line is a heading printed under the paragraph
    return True


_WORD_START = re.compile(r"[\u3400-\u9fff\uf900-\ufaff0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")
_HAN2 = re.compile(r"[\u3400-\u9fff0-9０-９]")
# the end of a list of short items (names): four of at most four characters
_ENUM_END = re.compile(r"(?:[\u4e00-\u9fff·]{1,4}(?:[（(][^（()）]{1,8}[)）])?、){3}[\u4e00-\u9fff·]{1,4}$")
_DATE_END = re.compile(r"[0-9０-９〇一二三四五六七八九十]{1,4}年[0-9０-９一二三四五六七八九十]{1,2}月"
                       r"[0-9０-９一二三四五六七八九十]{1,3}日$")


def _table(f: str) -> bool:
    """A table row: digits and signs make up much of the text."""
    return len(_NON_TEXT.findall(f)) >= 0.5 * len(f)


def _open_start(b: Blk) -> bool:
    """Whether body block b may start mid-sentence (not a dateline, not a
    heading line printed above its text, not a table row, not a separator)."""
    if b.dateline or not _HAN2.search(b.flat[:40]) or _table(b.flat[:40]):
        return False
    lines = list(islice((ln for ln in b.text.strip().split("\n") if ln.strip()), 2))  # the first two
    if len(lines) >= 2 and _heading_line(lines[0], lines[1]) and not flat(lines[1])[:1] in START_MID:
        return False
    return True


def analyse(doc: Document) -> list[Blk]:
    """The blocks of a page with their roles and the state of their edges
    (each block's analysis is remembered by its text: the pipeline re-runs
    the pass on pages where only a few blocks changed)."""
    out: list[Blk] = []
    for p in doc.paragraphs:
        key = (p.text, p.kind)
        hit = _BLOCKS.get(key)
        if hit is None:
            hit = _analyse_block(p.text, p.kind)
            if len(_BLOCKS) > 4096:  # (~600 bytes an entry, in every worker)
                _BLOCKS.clear()
            _BLOCKS[key] = hit
        b = Blk(p.index, p.start, p.end, p.text, p.kind, *hit)
        out.append(b)
    return out


_BLOCKS: dict[tuple[str, str], tuple] = {}


def _analyse_block(text: str, kind: str) -> tuple:
    fl = flat(_unmark(text))
    role = _role(text, kind, fl)
    b = Blk(0, 0, 0, text, kind, role, fl)
    if role == BODY_ROLE and fl:
        b.dateline = kind == DATELINE or bool(_DATELINE.match(fl))
        b.est = end_state(fl)
        b.sst = start_state(fl)
        b.can_end = b.est != CLOSED and _open_end(b)
        b.can_start = _open_start(b)
    elif role == TRAIL_ROLE and kind == CAPTION and fl and end_state(fl) != CLOSED:
        # a caption cut at a column break (图为下岗女 | 工肖顺琴…): the
        # block after it may continue it in place, nothing moves
        b.est = end_state(fl)
        b.can_end = True
        b.adjacent_only = True
    elif role == HEAD_ROLE and kind == HEADLINE and len(fl) > LABEL_MAX and "\n" not in text.strip() \
            and not _LEAD_BYLINE.match(fl) and not _SUBHEAD.match(fl):
        # a one-line "headline" may be the first line of a paragraph cut
        # at a column break (馆员、中国美术家 | 协会会员、…): a candidate
        # end or start, with a penalty
        b.headish = True
        b.est = end_state(fl)
        b.sst = start_state(fl)
        b.can_end = b.est != CLOSED and _open_end(b)
        b.can_start = not _DATELINE.match(fl)
    if b.can_end and not b.adjacent_only and "、" in fl[-20:] and _ENUM_END.search(fl[-80:]):
        # cut inside a list of names (…王义夫、田麦 | 久、孙君梅…): a word
        # across the cut says nothing there (麦子 with another list's
        # 子钊、…); it continues in place or not at all
        b.adjacent_only = True
    return (b.role, b.flat, b.dateline, b.est, b.sst, b.can_end, b.can_start, b.headish, b.adjacent_only)


# ---------------------------------------------------------------- planning
@dataclass
class Link:
    e: int  # block index of the open end
    s: int  # block index of the start that continues it
    join: Join
    runner_up: float
    runner_desc: str

    real_runner_up: float = 0.0  # the best alternative join (not "no join")

    @property
    def margin(self) -> float:
        return self.join.score - self.runner_up


@dataclass
class Plan:
    blocks: list[Blk]
    links: dict[int, Link] = field(default_factory=dict)  # e -> link
    segs: dict[int, list[int]] = field(default_factory=dict)  # s -> moved blocks
    order: list[int] = field(default_factory=list)  # virtual block order after the joins
    mid_start: Any = None  # block -> evidence that it starts mid-sentence


def _params(ctx: Context | None, code: str, defaults: dict[str, float]) -> dict[str, Any]:
    out: dict[str, Any] = dict(defaults)
    if ctx is not None:
        out.update(ctx.params(code))
    return out


def _scorer(ctx: Context | None) -> ContinuationScorer:
    """The scorer for a context (cached: its caches of tails and heads are
    reused across pages); keyed by the context and corpus objects themselves
    and the weights, so a new context never gets a stale scorer."""
    corpus = ctx.corpus.get("order") if ctx is not None else None
    weights = (ctx.params("RO001").get("weights") if ctx is not None else None) or {}
    # (asked several times a run: the items in the rule's order, not sorted;
    # another order of the same weights only builds another scorer)
    key = (id(ctx), id(corpus), tuple(weights.items()))
    hit = _SCORERS.get(key)
    if hit is None or hit[0] is not ctx or hit[1] is not corpus:
        hit = (ctx, corpus, ContinuationScorer(weights, corpus=corpus))
        if len(_SCORERS) >= 4:
            _SCORERS.pop(next(iter(_SCORERS)))
        _SCORERS[key] = hit
    return hit[2]


_SCORERS: dict[tuple, tuple[Any, Any, ContinuationScorer]] = {}


def plan_joins(doc: Document, blocks: list[Blk], ctx: Context | None = None,
               scorer: ContinuationScorer | None = None) -> Plan:
    """Choose the continuation of every open end jointly.

    Every open end may continue with any candidate start on the page,
    including the block right after it (leaving it in place) and nothing at
    all. A pair's score sums the evidence that the end is open, that the start
    is mid-sentence, that the two join (a word across the cut, a bracket, a
    number, corpus and page statistics) and, for a move, that the fragment
    reads better after the end than where it stands. The assignment maximises
    the total over all ends and starts; a move is kept only when it has
    evidence at the cut itself and beats every alternative (for its end and
    for its start, leaving both in place included) by a margin."""
    prm = _params(ctx, "RO001", DEFAULTS_JOIN)
    plan = Plan(blocks)
    n = len(blocks)
    ends = [b for b in blocks if b.can_end]
    starts = [b for b in blocks if b.can_start]
    if not ends or not starts or not any(s.i != e.i + 1 for e in ends for s in starts):
        plan.order = list(range(n))
        return plan
    scorer = scorer or _scorer(ctx)
    cb = int(prm["context_blocks"])
    run_start: dict[int, int] = {}
    for b in blocks:
        if b.role == BODY_ROLE:
            prev = blocks[b.i - 1] if b.i > 0 else None
            run_start[b.i] = run_start[prev.i] if prev is not None and prev.role == BODY_ROLE \
                and not b.dateline else b.i

    breaks: dict[int, bool] = {}

    def at_break(b: Blk) -> bool:
        """The end stops before a headline (or the page ends): not before a
        short line that reads on from it (……以下几 | 个方面的工作:)."""
        hit = breaks.get(b.i)
        if hit is None:
            if b.i + 1 >= n:
                hit = True
            else:
                nb = blocks[b.i + 1]
                hit = nb.role != BODY_ROLE and not (nb.role == HEAD_ROLE and (
                    nb.flat[-1:] in "：:" or _table(nb.flat) or _reads_into(scorer, b.flat, nb.flat, 0.5)))
            breaks[b.i] = hit
        return hit

    page = "\x00".join(b.flat for b in blocks)
    min_link = float(prm["min_link"])
    min_boundary = float(prm["min_boundary"])
    min_hm = float(prm["safe_head_match"])
    gs: list[set[str]] = []
    index: TermIndex | None = None

    def terms() -> TermIndex:
        nonlocal index
        if index is None:
            gs.extend(grams(b.flat) if b.role == BODY_ROLE or b.headish else set() for b in blocks)
            index = _term_index([g for g in gs if g])
        return index

    above = _LazyBags(lambda i: _above(blocks, i))
    article = _LazyBags(lambda i: _article(blocks, gs, i))
    # 1. evidence at the boundary itself (cheap): which pairs may join at all
    allowed: list[tuple[int, int, Join, bool, float]] = []
    # a quick screen: pairs with no evidence at the cut but corpus statistics
    # are not scored (corpus statistics alone never make a move); the first
    # characters and word run of each start
    sedge = [(m.group(0)[:1] if (m := _WORD_START.match(s.flat)) else "\x01", s.flat[:2] if len(s.flat) >= 2
              else "\x01") for s in starts]
    sruns = [m.group(0) if (m := _HEAD_RUN.match(s.flat[:24])) else "" for s in starts]

    def follows(a2: str) -> set[str]:
        """The two characters after each occurrence of ``a2`` on the page
        (``a2 + b2 in page`` for every b2 at once)."""
        out: set[str] = set()
        k = page.find(a2)
        while k >= 0:
            out.add(page[k + 2:k + 4])
            k = page.find(a2, k + 1)
        return out

    # the column-cut layout: a start right under an article's full head
    layout_start = [s.i > 0 and blocks[s.i - 1].role in (HEAD_ROLE, LEAD_ROLE) and not s.headish
                    and s.flat[0] not in "“‘《（(「『【\"'" and _full_head(blocks, s.i) for s in starts]
    # a line of verse or of a list (a short block between short blocks)
    # continues only in place: its neighbours say nothing of a cut
    verse = [0 < s.i < n - 1 and len(s.flat) <= VERSE_LINE
             and all(len(x.flat) <= VERSE_NEXT and x.role != LEAD_ROLE for x in (blocks[s.i - 1], blocks[s.i + 1]))
             for s in starts]
    # a short block with no clause printed right above a byline is a title
    # (到南美种茶叶——中秘合作茶园访问记 | 本报记者…)
    titled = [s.i + 1 < n and blocks[s.i + 1].role == LEAD_ROLE and _heading_text(s.flat) for s in starts]
    pairs = scorer.pairs
    candidates: list[tuple[int, int, bool, bool]] = []
    moves = False
    # the screen by groups of starts: those with lexical start evidence, those
    # whose first character may form a word with the end's last one, those
    # whose first two characters follow the end's last two elsewhere on the page
    start_at = {s.i: c for c, s in enumerate(starts)}
    movable = [c for c in range(len(starts)) if not verse[c] and not titled[c]]
    by_first: dict[str, list[int]] = {}
    by_first2: dict[str, list[int]] = {}
    for c in movable:
        f, f2 = sedge[c]
        by_first.setdefault(f, []).append(c)
        by_first2.setdefault(f2, []).append(c)
    layout_cs = {c for c in movable if layout_start[c]}
    evident: set[int] | None = None  # starts with lexical start evidence (looked up on first need)
    for r, e in enumerate(ends):
        here = start_at.get(e.i + 1)
        if here is not None:
            candidates.append((r, here, True, False))  # in place
        if e.adjacent_only:
            continue
        last, last2, numeric, run = scorer.end_info(e.flat)
        if numeric:
            cs = set(movable)
        else:
            if evident is None:
                evident = {c for c in movable if scorer.start_evidence(starts[c].flat)}
            cs = set(evident)
            for f, group in by_first.items():
                if (last + f) in pairs:
                    cs.update(c for c in group if scorer.spans(run, sruns[c]))
            if len(last2) == 2 and last2 != "\x02":
                for f2 in follows(last2):
                    cs.update(by_first2.get(f2, ()))
        layout = layout_cs if at_break(e) and not e.headish and "。" in e.flat else set()
        lo = run_start.get(e.i, e.i)
        for c in sorted(cs | layout):
            if lo <= starts[c].i <= e.i + 1:
                continue  # its own text (a cycle), or in place (above)
            candidates.append((r, c, False, c in layout))
            moves = True
    if not moves:
        plan.order = list(range(n))  # only blocks continuing in place: nothing moves
        return plan
    # the moves first: a page where none has enough evidence at the cut is
    # left as it is before its joins in place are scored
    candidates.sort(key=lambda x: x[2])
    n_moves = sum(1 for x in candidates if not x[2])
    for k_cand, (r, c, adjacent, layout_pos) in enumerate(candidates):
        if k_cand == n_moves and not allowed:
            break
        e, s = ends[r], starts[c]
        loc = scorer.local(e.flat, s.flat, page, floor=None if adjacent or layout_pos else min_boundary)
        if loc is None:
            continue
        if e.headish or s.headish:
            loc = _with(loc, ("end_head", scorer.w["end_head"]) if e.headish else None,
                        ("start_head", scorer.w["start_head"]) if s.headish else None)
        hm = 0.0
        if not adjacent:
            # moving a fragment needs evidence at the join itself (a word,
            # a bracket, punctuation, a start no paragraph has, a number,
            # the same characters elsewhere on the page, corpus
            # statistics), or the layout of a column cut: the end stops
            # before a headline, the start follows the headline of the
            # end's article
            if layout_pos and loc.boundary >= 0 and _prose_cut(e, s, loc):
                ab = above[s.i]
                hm = terms().coverage(ab, article[e.i]) if ab else 0.0
                if hm < min_hm:
                    hm = 0.0
            if loc.boundary < min_boundary and not hm:
                continue
        allowed.append((r, c, loc, adjacent, hm))
    if not any(not a for _, _, _, a, _ in allowed):
        plan.order = list(range(n))
        return plan
    # 2. context: shared terms
    index = terms()

    def left_ctx(b: Blk) -> set[str]:
        out = set(gs[b.i])
        k = b.i - 1
        while k >= run_start.get(b.i, b.i) and b.i - k < cb:
            out |= gs[k]
            k -= 1
        return out

    def right_ctx(b: Blk) -> set[str]:
        out = set(gs[b.i])
        k = b.i + 1
        while k < n and blocks[k].role == BODY_ROLE and not blocks[k].dateline and k - b.i < cb:
            out |= gs[k]
            k += 1
        return out

    lctx = _LazyBags(lambda i: left_ctx(blocks[i]))
    rctx = _LazyBags(lambda i: right_ctx(blocks[i]))
    opening = _LazyBags(lambda i: set(grams(_first_sentence(blocks[i].flat))))
    heads_above = _LazyBags(lambda i: _heads_above(blocks, i))
    whole = _LazyBags(lambda i: article[i] | rctx[i + 1] if i + 1 < n and blocks[i + 1].role == BODY_ROLE
                      else article[i])
    lw = _LazyWeights(index, lctx)
    rw = _LazyWeights(index, rctx)
    # how a start reads where it stands (the same for every end it may join)
    stays = _LazyBags(lambda i: index.similarity(lctx[i - 1], rctx[i], lw[i - 1], rw[i]))
    own_head = _LazyBags(lambda i: index.coverage(heads_above[i], rctx[i]))
    freq = scorer.seg.freq
    anchors = _LazyBags(lambda i: {g for g in opening[i] & lctx[i - 1]
                                   if len(g) == 2 and freq.get(g, 0) < ANCHOR_COMMON})
    topic_cap = float(prm["topic_cap"]) / max(scorer.w["topic"], 1e-9)
    scores: list[list[Join | None]] = [[None] * len(starts) for _ in ends]
    for r, c, loc, adjacent, hm in allowed:
        e, s = ends[r], starts[c]
        topic = anchor = anchor_head = 0.0
        if not adjacent:
            # does the start read better after this end than where it stands?
            topic = index.similarity(lctx[e.i], rctx[s.i], lw[e.i], rw[s.i])
            p = blocks[s.i - 1] if s.i > 0 else None
            if p is not None and p.role == BODY_ROLE:
                topic -= stays[s.i]
                # the names and terms its opening shares with the text around
                # each place (子翼 … 孟德 where it stands: it belongs there)
                if opening[s.i]:
                    # names and terms shared with where it stands that the
                    # end's article never uses: evidence against the move
                    shared = anchors[s.i] - whole[e.i]
                    anchor = -min(2.0, len(shared) / ANCHOR_UNIT)
            elif p is not None and p.role in (HEAD_ROLE, LEAD_ROLE) and not hm:
                # right under a headline that reads with its own text and not
                # with the end's article: the first paragraph of the article
                # that headline opens
                hg = heads_above[s.i]
                if hg:
                    anchor_head = max(-1.0, 2 * min(0.0, index.coverage(hg, article[e.i]) - own_head[s.i]))
            topic = min(topic, topic_cap)
        j = scorer.with_context(loc, topic=topic, adjacent=adjacent, head_match=hm, layout=hm > 0)
        if anchor or anchor_head:
            j = _with(j, ("anchor", anchor * scorer.w["anchor"]) if anchor else None,
                      ("anchor_head", max(-1.0, anchor_head) * scorer.w["anchor_head"]) if anchor_head else None)
        scores[r][c] = j
    W = [[(j.score - min_link) if j is not None and j.score > min_link else 0.0 for j in row]
         for row in scores]
    # the join of each end with the block right after it (leaving it in place)
    in_place = {r: scores[r][c] for r, c, _, adjacent, _ in allowed if adjacent}
    assign = hungarian_max(W)
    total = sum(W[r][c] for r, c in enumerate(assign) if c >= 0)
    links: dict[int, Link] = {}
    for r, c in enumerate(assign):
        if c < 0:
            continue
        e, s = ends[r], starts[c]
        j = scores[r][c]
        assert j is not None
        if s.i == e.i + 1:
            links[e.i] = Link(e.i, s.i, j, min_link, "in place", min_link)
            continue
        # the margin: how much the best assignment loses without this move
        # (the end and the start then take their next best joins, leaving
        # them in place included, or none)
        saved = W[r][c]
        W[r][c] = 0.0
        alt = hungarian_max(W)
        W[r][c] = saved
        total2 = sum(W[r2][c2] for r2, c2 in enumerate(alt) if c2 >= 0)
        margin = total - total2
        desc = "no join"
        if alt[r] >= 0:
            s2 = starts[alt[r]]
            desc = "in place" if s2.i == e.i + 1 else f"start of block {s2.i + 1}: {s2.flat[:8]}"
        else:
            r2 = next((x for x, y in enumerate(alt) if y == c), -1)
            if r2 >= 0:
                e2 = ends[r2]
                desc = "in place" if s.i == e2.i + 1 else f"end of block {e2.i + 1}: {e2.flat[-8:]}"
        lk = Link(e.i, s.i, j, j.score - margin, desc, j.score - margin)
        if not _keep(lk, prm, scorer):
            continue  # too weak to move: both stay where they are
        here = in_place.get(r)
        if here is not None and here.strong and margin < float(prm["inplace_margin"]):
            # the block after the end continues it too (a word across that
            # cut as well: 食|粮 in place, 食|品 elsewhere): the lexicon tells
            # a cut inside a word, not which word; it stays unless clearly worse
            continue
        links[e.i] = lk
    for lk in links.values():
        for bi in (lk.e, lk.s):
            if blocks[bi].headish:
                blocks[bi].role = BODY_ROLE  # a piece of a paragraph after all
    plan.links = links
    plan.mid_start = lambda b: sum(scorer.start_features(b.flat).values())
    _segments(plan, gs, index)
    _break_cycles(plan, gs, index)
    plan.order = _virtual_order(plan)
    return plan


def _reads_into(scorer: ContinuationScorer, tail: str, head: str, level: float, strict: bool = True) -> bool:
    """The evidence at the cut ``tail|head`` (no page, no context) is above
    ``level`` (at least ``level`` unless ``strict``). The level is the
    scorer's floor: a pair that cannot reach it is not looked up in the
    corpus statistics (the corpus adds at most ``corpus_max``)."""
    j = scorer.local(tail, head, floor=level)
    if j is None:
        return False
    return j.boundary > level if strict else j.boundary >= level


def _term_index(bags: list[frozenset[str]]) -> TermIndex:
    """``TermIndex(bags)`` (the blocks' grams()), remembered for the next
    round of the pipeline: a page whose edits left every block's n-grams as
    they were gets the same document frequencies (a third of the rounds)."""
    return _remembered(_INDEXES, tuple(bags), TermIndex, bags)


_INDEXES: dict[tuple[frozenset[str], ...], TermIndex] = {}


def _remembered(cache: dict, key: Any, make, arg: Any, size: int = 8) -> Any:
    """``make(arg)``, remembered under ``key`` in ``cache`` (the last ``size``)."""
    hit = cache.get(key)
    if hit is None:
        if len(cache) >= size:
            cache.pop(next(iter(cache)))
        hit = cache[key] = make(arg)
    return hit


def _prose_cut(e: Blk, s: Blk, loc: Join) -> bool:
    """The column-cut layout needs prose on both sides: an end in running
    text (a sentence ended before it, or a clause mark), a start that is no
    quotation, bracket or table."""
    f = loc.features
    return ("end_prose" in f or "end_mid" in f) and bool(re.search("[。！？]", e.flat)) \
        and s.flat[0] not in "“‘《（(「『【\"'"


def _first_sentence(f: str, limit: int = 40) -> str:
    m = re.search("[。！？；]", f[:limit])
    return f[:m.start()] if m else f[:limit]


def _with(j: Join, *feats: tuple[str, float] | None) -> Join:
    f = dict(j.features)
    for x in feats:
        if x is not None:
            f[x[0]] = x[1]
    return Join(sum(f.values()), j.word, j.gain, f)


def _cut_layout(j: Join, prm: dict[str, Any], scorer: ContinuationScorer) -> bool:
    """The layout of a column cut: the end stops right before a headline and
    the fragment starts right after a headline that names the end's article."""
    return j.features.get("head_match", 0.0) >= float(prm["safe_head_match"]) * scorer.w["head_match"]


def _keep(lk: Link, prm: dict[str, Any], scorer: ContinuationScorer) -> bool:
    """A move is proposed only with evidence at the cut (or the column-cut
    layout) and a clear margin over every alternative."""
    j = lk.join
    if lk.margin < float(prm["min_margin"]):
        return False
    return j.boundary >= float(prm["min_boundary"]) or _cut_layout(j, prm, scorer)


class _LazyBags(dict):
    """n-gram bags (or other values) by block index, computed on first use."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, k: int) -> set[str]:
        v = self[k] = self.make(k)
        return v


class _Holds:
    """The n-grams of a vocabulary that a flat text holds: ``grams(text) &
    vocab`` without enumerating the text's n-grams (the vocabulary's are
    made of the characters grams() takes, so a substring is one of them)."""

    def __init__(self, vocab: set[str] | frozenset[str]) -> None:
        self.by_first: dict[str, list[str]] = {}
        for g in vocab:
            self.by_first.setdefault(g[0], []).append(g)
        self.seen: dict[str, set[str]] = {}  # text -> its answer (callers do not change it)

    def __call__(self, text: str) -> set[str]:
        hit = self.seen.get(text)
        if hit is None:
            # substring tests in C: no set of the text's characters (each
            # one a new string to hash)
            by_first = self.by_first
            hit = self.seen[text] = {g for c in by_first if c in text for g in by_first[c] if g in text}
        return hit


def _holds(vocab: frozenset[str]) -> _Holds:
    """The _Holds of a vocabulary, remembered for the next round of the
    pipeline (the same headlines, most blocks unchanged)."""
    return _remembered(_HOLDS, vocab, _Holds, vocab)


_HOLDS: dict[frozenset[str], _Holds] = {}


class _Later:
    """An iterable built on first use."""

    def __init__(self, make) -> None:
        self.make, self.items = make, None

    def __iter__(self):
        if self.items is None:
            self.items = self.make()
        return iter(self.items)


def _above(blocks: list[Blk], i: int) -> set[str]:
    """n-grams of the headline cluster printed right above block i (only when
    it holds a real headline, not just a label or a lead-in)."""
    g: set[str] = set()
    k = i - 1
    long_head = False
    while k >= 0 and blocks[k].role in (HEAD_ROLE, LEAD_ROLE):
        g |= grams(blocks[k].flat)
        if blocks[k].role == HEAD_ROLE and blocks[k].kind == HEADLINE and len(blocks[k].flat) > LABEL_MAX \
                and blocks[k].flat[-1:] not in "：:":
            long_head = True
            break  # the headline unit right above it (its kicker and byline), not the whole cluster
        k -= 1
    return g if long_head else set()


def _full_head(blocks: list[Blk], i: int) -> bool:
    """Block i follows an article's full head: a headline with a kicker,
    subheadline or byline (where an article's text column starts)."""
    k = i - 1
    head = extra = False
    if k >= 1 and blocks[k].headish and blocks[k - 1].role == LEAD_ROLE:
        return False  # a byline is followed by the article's text: a one-line "headline" under it is its first line
    while k >= 0 and blocks[k].role in (HEAD_ROLE, LEAD_ROLE):
        b = blocks[k]
        if b.role == LEAD_ROLE or b.kind == KICKER or _SUBHEAD.match(b.flat):
            extra = True
        elif b.kind == HEADLINE and len(b.flat) > LABEL_MAX:
            head = True
        k -= 1
    return head and extra


def _heads_above(blocks: list[Blk], i: int) -> set[str]:
    """n-grams of the headline unit (not the byline) printed right above block i."""
    g: set[str] = set()
    k = i - 1
    while k >= 0 and blocks[k].role in (HEAD_ROLE, LEAD_ROLE):
        if blocks[k].role == HEAD_ROLE:
            g |= grams(blocks[k].flat)
            if blocks[k].kind == HEADLINE:
                break
        k -= 1
    return g


def _article(blocks: list[Blk], gs: list[set[str]], i: int) -> set[str]:
    """n-grams of the article block i ends: its body run and the short labels above it."""
    g = set(gs[i])
    k = i - 1
    while k >= 0 and blocks[k].role == BODY_ROLE:
        g |= gs[k]
        if blocks[k].dateline:
            break
        k -= 1
    while k >= 0 and blocks[k].role == HEAD_ROLE and len(blocks[k].flat) <= LABEL_MAX:
        g |= grams(blocks[k].flat)  # a name or section label printed above the text
        k -= 1
    return g


class _LazyWeights(dict):
    """IDF weights of context bags, computed on first use."""

    def __init__(self, index: TermIndex, bags: dict[int, set[str]]) -> None:
        super().__init__()
        self.index, self.bags = index, bags

    def __missing__(self, k: int) -> float:
        v = self[k] = self.index.weight(self.bags[k])
        return v


def _segments(plan: Plan, gs: list[set[str]], index: TermIndex, mid_start=None) -> None:
    """The blocks that move with each linked start: the start and the body
    blocks after it, up to the next headline, dateline, other fragment or
    open end that continues elsewhere (a closing byline or jump marker goes
    with it). When the fragment sits inside another article's text, the cut
    back to that text is placed where the blocks after it stop reading with
    the fragment's article and start reading with the text it interrupts."""
    blocks = plan.blocks
    n = len(blocks)
    links = plan.links
    linked_starts = {lk.s for lk in links.values() if lk.s != lk.e + 1}  # fragments that move
    segs: dict[int, list[int]] = {}
    mid_start = mid_start or plan.mid_start
    for lk in links.values():
        s = lk.s
        if s == lk.e + 1:
            continue  # adjacent: the lines pass joins them, nothing moves
        run = [s]
        glued = set()  # k: the cut may not fall between k and k + 1
        k = s
        while True:
            b = blocks[k]
            nb = k + 1
            if nb >= n:
                break
            c = blocks[nb]
            if b.est != CLOSED:
                nxt = links.get(k)
                if nxt is not None and nxt.s != nb:
                    break  # it continues elsewhere
                if c.role != BODY_ROLE or nb in linked_starts or c.dateline:
                    break
                glued.add(k)  # one paragraph split in two: never cut between them
                k = nb
                run.append(k)
                continue
            if c.role == TRAIL_ROLE and c.kind != CAPTION:
                run.append(nb)  # a closing byline or jump marker ends the article
                glued.add(k)
                break
            if c.role != BODY_ROLE or c.dateline or nb in linked_starts or c.sst == START_OPEN_MID:
                break
            if mid_start is not None and mid_start(c) >= SEG_MID_START:
                break  # it starts mid-sentence: another fragment, not a paragraph of this one
            k = nb
            run.append(k)
        cut = len(run)
        if len(run) > 1:
            cut = _cut(blocks, gs, index, lk.e, run, glued)
        segs[s] = run[:cut]
    plan.segs = segs


ANCHOR_UNIT = 1.5  # shared rare terms (bigrams) that make one unit of anchor
ANCHOR_COMMON = 20000  # a bigram this frequent in the lexicon (发展, 经济) is no anchor
SEG_MID_START = 1.5  # start evidence that stops a fragment's run (another fragment begins)
SEG_JOIN = 0.5  # weight of how well the texts join at the cut
SEG_BIAS = -0.03  # per block moved with a fragment: it must read with the fragment's article


def _cut(blocks: list[Blk], gs: list[set[str]], index: TermIndex, e: int, run: list[int],
         glued: set[int]) -> int:
    """How many blocks of ``run`` (the fragment's start and the body blocks
    after it) move to the open end ``e``.

    Each block after the start either reads with the fragment's article (the
    open end and its neighbours) or with the text the fragment interrupts
    (the blocks around the run); a block goes with the fragment only when it
    reads with the fragment's article more (by ``SEG_BIAS``). The cut also
    prefers the places where the two texts join well: the last moved block
    followed by the block after the open end, the block before the fragment
    followed by the first block left in place."""
    n = len(blocks)
    s, last = run[0], run[-1]
    prev = s - 1 if s > 0 and blocks[s - 1].role == BODY_ROLE else None
    nxt = e + 1 if e + 1 < n and blocks[e + 1].role == BODY_ROLE and not blocks[e + 1].dateline else None
    mine = gs[e] | gs[s] | _body(blocks, gs, e - 1) | _body(blocks, gs, e - 2) | _body(blocks, gs, e + 1)
    theirs = _body(blocks, gs, s - 1) | _body(blocks, gs, s - 2) | _body(blocks, gs, s - 3) \
        | _body(blocks, gs, last + 1) | _body(blocks, gs, last + 2)
    if prev is None:
        ab = _above(blocks, s)  # the headline the fragment stands under, unless it names the fragment's article
        if ab and index.coverage(ab, mine) < 0.15:
            theirs |= ab
    # inside another article's text a block must read with the fragment's
    # article to go with it; under a headline (a column continued) the run
    # goes whole unless its blocks read with the text around it
    bias = SEG_BIAS if prev is not None else -SEG_BIAS

    def coh(a: int | None, b: int | None) -> float:
        return index.similarity(gs[a], gs[b]) if a is not None and b is not None else 0.0

    best_v, cut, acc = None, len(run), 0.0
    for t in range(1, len(run) + 1):  # move run[:t]
        if t > 1:
            bi = run[t - 1]
            acc += (index.coverage(gs[bi], mine) - index.coverage(gs[bi], theirs) if gs[bi] else 0.0) + bias
        if run[t - 1] in glued and t < len(run):
            continue
        after = run[t] if t < len(run) else None
        v = acc + SEG_JOIN * (coh(run[t - 1], nxt) + coh(prev, after) - coh(run[t - 1], after))
        if best_v is None or v > best_v + 1e-9:
            best_v, cut = v, t
    return cut


def _body(blocks: list[Blk], gs: list[set[str]], k: int) -> set[str]:
    if 0 <= k < len(blocks) and blocks[k].role == BODY_ROLE:
        return gs[k]
    return set()


def _break_cycles(plan: Plan, gs: list[set[str]], index: TermIndex) -> None:
    """Drop the weakest link of every cycle (and links into their own segment)."""
    for _ in range(len(plan.links) + 1):
        bad: Link | None = None
        for lk in plan.links.values():
            seg = plan.segs.get(lk.s)
            if seg is not None and lk.e in seg:
                bad = lk
                break
            # follow the chain from lk.s; a cycle returns to lk.e's segment
            seen = {lk.e}
            cur = lk.s
            cyc = [lk]
            while True:
                sg = plan.segs.get(cur, [cur])
                if any(x in seen for x in sg):
                    bad = min(cyc, key=lambda x: x.join.score)
                    break
                seen.update(sg)
                nxt = plan.links.get(sg[-1])
                if nxt is None or nxt.s not in plan.segs:
                    break
                cyc.append(nxt)
                cur = nxt.s
            if bad is not None:
                break
        if bad is None:
            return
        del plan.links[bad.e]
        _segments(plan, gs, index)


def _virtual_order(plan: Plan) -> list[int]:
    n = len(plan.blocks)
    moved = {x for seg in plan.segs.values() for x in seg}
    order = [i for i in range(n) if i not in moved]
    pending = dict(plan.segs)
    for _ in range(len(pending) + 1):
        if not pending:
            break
        placed = []
        pos = {b: k for k, b in enumerate(order)}
        for s, seg in pending.items():
            e = next(lk.e for lk in plan.links.values() if lk.s == s)
            if e in pos:
                k = pos[e]
                order[k + 1:k + 1] = seg
                placed.append(s)
                pos = {b: kk for kk, b in enumerate(order)}
        for s in placed:
            del pending[s]
    for seg in pending.values():  # cannot happen without a cycle; never lose a block
        order += seg
    return order


# ---------------------------------------------------------------- headlines
@dataclass
class HeadUnit:
    blocks: list[int]
    grams: set[str]
    target: int | None = None  # region index
    current: int | None = None
    cov: list[float] = field(default_factory=list)
    best: int | None = None
    second: float = 0.0
    paired: bool = False
    page: bool = False
    reach: set[int] = field(default_factory=set)  # regions it stands before (up to the next head)
    last_in_cluster: bool = False  # nothing but body text follows it


@dataclass
class HeadMove:
    blocks: list[int]  # contiguous, in text order
    target: int  # insert before this block
    how: str
    match: float
    margin: float
    safe: bool
    shared: list[str] = field(default_factory=list)  # the terms that made the match


@dataclass
class Region:
    blocks: list[int]  # in virtual order
    grams: set[str]


def plan_headlines(plan: Plan, ctx: Context | None = None,
                   trace: list | None = None, scorer: ContinuationScorer | None = None) -> list[HeadMove]:
    """Headline moves (each: the blocks to move and the block to insert before)."""
    prm = _params(ctx, "RO002", DEFAULTS_HEAD)
    blocks = plan.blocks
    order = plan.order
    if not any(b.role == HEAD_ROLE for b in blocks):
        return []
    scorer = scorer or _scorer(ctx)
    min_boundary = float(_params(ctx, "RO001", DEFAULTS_JOIN)["min_boundary"])

    def reads_on(b: Blk) -> bool:
        """A one-line "headline" that reads straight on into the body block
        printed after it: a line of text cut off, not a title (…证实了这 |
        一任命; …联合采访 | 时发表…)."""
        if not b.headish or b.est == CLOSED or b.i + 1 >= len(blocks):
            return False
        nb = blocks[b.i + 1]
        if nb.role != BODY_ROLE or not nb.flat:
            return False
        if scorer.ends_in_function_word(b.flat):
            return True
        return _reads_into(scorer, b.flat, nb.flat, min_boundary, strict=False)

    for b in blocks:
        if b.headish and b.role == HEAD_ROLE and reads_on(b):
            b.role = BODY_ROLE  # a piece of the paragraph after it: no headline, no region break
    # regions (body runs, split before datelines) and clusters (head runs)
    regions: list[Region] = []
    region_of: dict[int, int] = {}
    units: list[HeadUnit] = []
    cluster_units: list[list[int]] = []  # per cluster: unit indices
    cur_region: list[int] | None = None
    cur_cluster: list[int] | None = None
    clusters: list[list[int]] = []
    for pos, bi in enumerate(order):
        b = blocks[bi]
        if b.role == BODY_ROLE:
            if cur_cluster is not None:
                clusters.append(cur_cluster)
                cur_cluster = None
            if cur_region is None or b.dateline:
                if cur_region is not None:
                    regions.append(Region(cur_region, set()))
                cur_region = [bi]
            else:
                cur_region.append(bi)
        else:
            if cur_region is not None:
                regions.append(Region(cur_region, set()))
                cur_region = None
            if b.role in (HEAD_ROLE, LEAD_ROLE):
                if cur_cluster is None:
                    cur_cluster = []
                cur_cluster.append(bi)
            else:  # trail blocks end a cluster without starting a region
                if cur_cluster is not None:
                    clusters.append(cur_cluster)
                    cur_cluster = None
    if cur_region is not None:
        regions.append(Region(cur_region, set()))
    if cur_cluster is not None:
        clusters.append(cur_cluster)
    if not regions:
        return []
    # which region follows each cluster directly (recomputed from positions)
    vpos = {bi: k for k, bi in enumerate(order)}
    # a headline can only go to an article printed with no headline above it
    # (after other text, a jump marker, a short name label, or at the top of
    # the page): a page without one is left alone (and the n-gram work skipped)
    top_headed = blocks[order[0]].role == HEAD_ROLE and not _is_label(blocks[order[0]])
    if top_headed or len(regions) < 3:
        def headless(r: Region) -> bool:
            k = vpos[r.blocks[0]] - 1
            if k < 0:
                return True
            b = blocks[order[k]]
            return b.role in (BODY_ROLE, TRAIL_ROLE) or (_is_label(b) and len(b.flat) < 4
                                                          and b.flat[-1:] not in "：:" and not _section_head(b))
        if not any(headless(r) for r in regions):
            return []
    region_first = {r.blocks[0]: ri for ri, r in enumerate(regions)}
    for ri, r in enumerate(regions):
        for bi in r.blocks:
            region_of[bi] = ri
    # units inside clusters

    def not_a_headline(b: Blk) -> bool:
        """A table row, or a one-line "headline" that is a sentence cut off
        (it ends in a function word: 证实了这, 是挪威于, 当天还)."""
        if _table(b.flat):
            return True
        return b.headish and b.est != CLOSED and scorer.ends_in_function_word(b.flat)

    # form fields: a label that opens head blocks in three or more clusters
    # (荣誉：… 工作单位… 目前状况…: profile cards, not headlines)
    seen: dict[str, set[int]] = {}
    for ci, cl in enumerate(clusters):
        for bi in cl:
            if blocks[bi].role == HEAD_ROLE:
                for k in _fields(blocks[bi].flat):
                    seen.setdefault(k, set()).add(ci)
    fields = {k for k, c in seen.items() if len(c) >= 3}
    for ci, cl in enumerate(clusters):
        ulist: list[int] = []
        cur: list[int] = []
        for ki, bi in enumerate(cl):
            b = blocks[bi]
            if _affiliation(b.flat, scorer) or (fields and any(k in fields for k in _fields(b.flat))):
                continue  # an author's affiliation and name, a field of a profile card: not a headline
            after_b = vpos[bi] + 1
            photo = after_b < len(order) and blocks[order[after_b]].role == TRAIL_ROLE and \
                bool(_PHOTO.search(blocks[order[after_b]].flat))
            if _is_label(b) or not_a_headline(b) or _FIGURE.search(b.flat) or b.flat[-1:] in "：:" or photo or \
                    (ki > 0 and _is_label(blocks[cl[ki - 1]]) and _FIGURE_LABEL.match(blocks[cl[ki - 1]].flat)):
                # labels stay with the text below them; a figure's title stays with the figure
                if cur:
                    units.append(HeadUnit(cur, set()))
                    ulist.append(len(units) - 1)
                    cur = []
                continue
            attach = bool(cur) and (b.role == LEAD_ROLE or _SUBHEAD.match(_unmark(b.flat)))
            if cur and not attach:
                units.append(HeadUnit(cur, set()))
                ulist.append(len(units) - 1)
                cur = []
            cur.append(bi)
        if cur:
            units.append(HeadUnit(cur, set()))
            ulist.append(len(units) - 1)
        cluster_units.append(ulist)
        after = vpos[cl[-1]] + 1
        while after < len(order) and blocks[order[after]].kind == CAPTION:
            after += 1  # photo captions printed between a headline and its text
        nr = region_first.get(order[after]) if after < len(order) else None
        reach: set[int] = set()
        if nr is not None:
            # its article, possibly past a subtitle line printed under it
            # and past numbered section heads (二, （三）) inside it
            reach.add(nr)
            k = nr
            while k + 1 < len(regions):
                a, b2 = vpos[regions[k].blocks[-1]], vpos[regions[k + 1].blocks[0]]
                gap = order[a + 1:b2]
                if (_subtitle(regions[k], blocks) and not gap) or \
                        (gap and all(_section_head(blocks[x]) for x in gap)):
                    k += 1
                    reach.add(k)
                else:
                    break
        for ui in ulist:
            units[ui].current = nr
            units[ui].reach = reach
        if ulist:
            units[ulist[-1]].last_in_cluster = True
    # a unit can leave the article below it only when another headline of
    # its cluster stays there or nothing follows it (or, in a chain, when a
    # unit that can leave takes its place): a page with no such unit and no
    # top to put a series headline at keeps every headline where it is
    real = [sum(1 for ui in ul if _real_head(units[ui], blocks)) for ul in cluster_units]
    page_possible = not top_headed and len(regions) >= 3
    if not page_possible and not any(n_real >= 2 for n_real in real) \
            and not any(u.current is None for u in units):
        return []
    head_grams = {}
    for cl in clusters:
        for bi in cl:
            head_grams[bi] = grams(_unmark(blocks[bi].flat))
    vocab = frozenset().union(*head_grams.values())
    # the text is matched against the headlines' n-grams only: the n-grams
    # of a body block that matter are the headline n-grams it holds (looked
    # up, not enumerated); splitting a region between two headlines needs
    # the blocks' whole n-gram sets, built on first use
    holds = _holds(vocab)
    body_grams = {bi: holds(blocks[bi].flat) for r in regions for bi in r.blocks}
    for r in regions:
        g: set[str] = set()
        for bi in r.blocks:
            g |= body_grams[bi]
        k = vpos[r.blocks[0]] - 1
        while k >= 0 and _is_label(blocks[order[k]]):
            g |= holds(blocks[order[k]].flat)  # a name or section label printed above it
            k -= 1
        r.grams = g
    whole = _LazyBags(lambda bi: grams(blocks[bi].flat))
    # weights are asked for the headlines' n-grams (and rarely for others:
    # their document frequencies are then counted over the whole sets)
    index = TermIndex(list(body_grams.values()) + list(head_grams.values()), vocab=vocab,
                      blocks=_Later(lambda: [whole[bi] for bi in body_grams] + list(head_grams.values())),
                      within_vocab=True)  # the vocabulary's n-grams of each (holds), the headlines' own
    present: set[str] = set().union(*(r.grams for r in regions))
    for u in units:
        g: set[str] = set()
        for bi in u.blocks:
            if blocks[bi].role != LEAD_ROLE:  # a reporter's name matches every article they wrote
                g |= head_grams[bi]
        u.grams = g
        u.cov = index.coverages(g, [r.grams for r in regions], present) if g else [0.0] * len(regions)
    # a long article shares a little with every headline: the margin over
    # the runner-up is measured after removing each region's usual share
    base = [0.0] * len(regions)
    if len(units) >= 3:
        for ri in range(len(regions)):
            col = sorted(u.cov[ri] for u in units if u.cov)
            col = col[:-1]  # without its best match (its own headline)
            base[ri] = sum(col) / len(col) if col else 0.0
    for u in units:
        if u.cov:
            adj = [c - b for c, b in zip(u.cov, base)]
            best = max(range(len(regions)), key=lambda ri: adj[ri])
            u.best = best
            u.second = u.cov[best] - adj[best] + max((a for ri, a in enumerate(adj) if ri != best), default=0.0)
    min_match, margin = float(prm["min_match"]), float(prm["margin"])
    cluster_of = {id(units[ui]): ul for ul in cluster_units for ui in ul}  # a unit's mates: the others of its cluster
    # a one-line "headline" printed between two body blocks that reads best
    # with the text right above it (…市长是在接受当地几家电视台的联合采访 |
    # 时发表…) may be a line of that text (or that text's headline printed
    # after it): it does not tell that the parts around it are separate articles
    text_lines: set[int] = set()
    for u in units:
        bi = u.blocks[0]
        k = vpos[bi]
        if u.best is not None and len(u.blocks) == 1 and blocks[bi].headish and 0 < k < len(order) - 1 \
                and blocks[order[k + 1]].role == BODY_ROLE and region_of.get(order[k - 1]) == u.best:
            text_lines.add(bi)
    for u in units:
        if u.best is None:
            continue
        c = u.cov[u.best]
        if u.best in u.reach:
            u.current = u.best  # it already stands before its article (maybe past a subtitle)
        cur_c = max((u.cov[r] for r in u.reach), default=0.0)
        if cur_c >= float(prm["protect"]) or all(blocks[bi].role == LEAD_ROLE for bi in u.blocks):
            continue  # it reads with the text it stands before: leave it
        if u.last_in_cluster and u.current is not None and cur_c > float(prm["protect_direct"]):
            continue  # printed right above a text it shares terms with: where a headline belongs
        if c >= min_match and c - u.second >= margin and (u.best == u.current or c - cur_c >= margin) \
                and (u.best == u.current or _distinct_match(u, regions[u.best], blocks)) \
                and not _roundup(u, regions, order, vpos, blocks,
                                 [units[vi] for vi in cluster_of.get(id(u), ()) if units[vi] is not u], text_lines):
            u.target = u.best
    # a bare headline printed next to a clearly matched moving bare headline
    # (kicker and main headline) goes with it when it matches that article
    # too and the neighbour is the surer match
    pair_min, pair_strong = float(prm["pair_min"]), float(prm["pair_strong"])
    for ulist in cluster_units:
        for k, ui in enumerate(ulist):
            u = units[ui]
            if u.best is None or len(u.blocks) != 1 or (u.target is not None and u.target == u.current):
                continue
            for nk in (k - 1, k + 1):
                if not 0 <= nk < len(ulist):
                    continue
                v = units[ulist[nk]]
                if len(v.blocks) != 1 or v.target is None or v.target == v.current or v.target == u.target:
                    continue
                own = u.cov[u.target] if u.target is not None else 0.0
                if v.cov[v.target] >= pair_strong and u.cov[v.target] >= pair_min and v.cov[v.target] >= own:
                    u.target = v.target
                    u.paired = True
                    break
    # a series headline over the whole page: it matches most articles alike
    nreg = len(regions)
    page_min = float(prm["page_min"])
    for u in units:
        if nreg < 3 or not u.cov or (u.target is not None and u.target == u.current):
            continue
        if u.current is not None and u.cov[u.current] >= page_min:
            continue  # it reads with the article below it: that article's headline
        if top_headed:
            continue  # the page opens with a headline already
        hits = sum(1 for ri, c in enumerate(u.cov) if c >= page_min and _distinct_match(u, regions[ri], blocks))
        if hits >= max(3, float(prm["page_share"]) * nreg):
            u.page = True
            u.target = None
    unit_cluster = [0] * len(units)
    for ci, ulist in enumerate(cluster_units):
        for ui in ulist:
            unit_cluster[ui] = ci
    unit_of = {bi: u for u in units for bi in u.blocks}
    vpos_all = {bi: k for k, bi in enumerate(order)}

    def continues(u: HeadUnit, moving) -> bool:
        """u's current article continues its target article: everything
        printed between them moves away (a column cut after a sentence end,
        the rest read under the headline)."""
        if u.target is None or u.current is None or u.page:
            return False
        a, b = vpos_all[regions[u.target].blocks[-1]], vpos_all[regions[u.current].blocks[0]]
        if a >= b:
            return False
        between = set()
        for k in range(a + 1, b):
            v = unit_of.get(order[k])
            if v is None or not moving(v):
                return False
            between.add(id(v))
        return len(between) >= 2  # several headlines printed together, all read elsewhere

    # a region under a numbered section head (二, （三）) goes on an article
    # above it: it has a head already
    sections = set()
    for ri, r in enumerate(regions):
        k = vpos[r.blocks[0]] - 1
        if k >= 0 and (_section_head(blocks[order[k]]) or
                       (_is_label(blocks[order[k]]) and (blocks[order[k]].flat[-1:] in "：:"
                                                         or len(blocks[order[k]].flat) >= 4))):
            sections.add(ri)  # a numbered section, a lead-in, a short title of its own (沟通你和我)
        elif _heading_text(blocks[r.blocks[0]].flat) and len(r.blocks) > 1:
            sections.add(ri)  # it opens with a title of its own
        elif not any(len(blocks[bi].flat) >= 30 and re.search("[。！？]", blocks[bi].flat) for bi in r.blocks):
            sections.add(ri)  # no prose: a list or a table, not an article that lost its headline
    _consistent(units, cluster_units, unit_cluster, blocks, continues, sections,
                max(range(len(regions)), key=lambda ri: vpos[regions[ri].blocks[-1]]),
                float(prm["weak_head"]), float(prm["strong_head"]))
    if trace is not None:
        trace += [(u, regions) for u in units]
    out: list[HeadMove] = []
    owner = {bi: u for u in units for bi in u.blocks}
    first_block = order[0]
    for u in units:
        if u.page and order.index(u.blocks[0]) > 0:
            # to the top of the page, unless only other page headlines precede it
            k = vpos[u.blocks[0]] - 1
            while k >= 0 and getattr(owner.get(order[k]), "page", False):
                k -= 1
            if k >= 0:
                hits = sum(1 for c in u.cov if c >= page_min)
                out.append(HeadMove(u.blocks, first_block, "page headline", hits / nreg, 0.0,
                                    hits / nreg >= 0.6 and hits >= 4))
    # placements
    by_region: dict[int, list[HeadUnit]] = {}
    for u in units:
        if u.target is not None:
            by_region.setdefault(u.target, []).append(u)
    for ri, us in by_region.items():
        r = regions[ri]
        in_place = [u for u in us if u.current == ri]
        movers = [u for u in us if u.current != ri]
        if not movers:
            continue
        # the cluster right before the region: units assigned here or staying
        own_start = r.blocks[0]
        k = vpos[own_start] - 1
        while k >= 0:
            bi = order[k]
            b = blocks[bi]
            if b.role not in (HEAD_ROLE, LEAD_ROLE):
                break
            u = owner.get(bi)
            if u is not None and u.target is not None and u.target != ri:
                break
            own_start = bi
            k -= 1

        def centre(u: HeadUnit) -> float:
            ws = list(enumerate(index.coverages(u.grams, [body_grams[bi] for bi in r.blocks])))
            tot = sum(w for _, w in ws)
            return sum(k2 * w for k2, w in ws) / tot if tot > 0 else 0.0

        # several articles in one body run: order the units by where their
        # matches lie; a unit that does not read clearly with a later part of
        # the run belongs to the same article as the one before it
        groups: list[tuple[list[HeadUnit], int]] = []  # (units, target block)
        anchor: HeadUnit | None = in_place[0] if in_place else None
        lo = 0
        for u in sorted(movers, key=lambda x: (centre(x), vpos[x.blocks[0]])):
            if anchor is None and not groups:
                groups.append(([u], own_start))
                continue
            ref = anchor if not groups else groups[-1][0][-1]
            t = _split(r, whole, index, ref, u, lo)
            if t is None:
                if groups:
                    groups[-1][0].append(u)
                else:
                    groups.append(([u], own_start))
                continue
            groups.append(([u], r.blocks[t]))
            lo = t
            anchor = u
        for gu, tgt in groups:
            gu.sort(key=lambda x: vpos[x.blocks[0]])
            # units printed next to each other move as one
            runs: list[list[HeadUnit]] = []
            for u in gu:
                if runs and vpos[u.blocks[0]] == vpos[runs[-1][-1].blocks[-1]] + 1:
                    runs[-1].append(u)
                else:
                    runs.append([u])
            for run in runs:
                blks = [bi for u in run for bi in u.blocks]
                c = max(u.cov[ri] for u in run)
                lead = [u for u in run if not u.paired] or run  # the units that matched on their own
                second = max(max(u.second, u.cov[u.current] if u.current is not None and u.current != ri else 0.0)
                             for u in lead)
                if any(u.paired for u in run):
                    c = min(c, max((u.cov[ri] for u in run if not u.paired), default=c))
                g = set().union(*(u.grams for u in run)) & r.grams
                shared = sorted(_maximal(g), key=lambda x: (-index.idf(x), x))[:6]
                out.append(HeadMove(blks, tgt, "region start" if tgt == own_start else "split",
                                    c, c - second, c >= float(prm["safe_match"])
                                    and c - second >= float(prm["safe_margin"]), shared))
    return out


_FIGURE = re.compile(r"(?:示意图|分布图|地图|图表|走势图|统计图|[（(](?:附?图片?|照片)[^（()）]{0,6}[)）])$")
_FIGURE_LABEL = re.compile(r"^(?:图片|图表|照片|图)[:：]?$")
_PHOTO = re.compile(r"图片|照片|摄[)）]?$|^[（(]图[)）]$")  # a photo marker or credit after a title


_AFFILIATION = re.compile(r"(?:厂|局|公司|学院|大学|中学|小学|医院|研究所|研究院|委员会|党委|部|处|站|中心|报社|协会|学会"
                          r"|集团|分社|编辑部|学校|政府)([\u4e00-\u9fff]{2,3})$")


def _affiliation(f: str, scorer: ContinuationScorer) -> bool:
    """An author line: an organisation followed by a person's name
    (南京电务段党委张建康), not by a verb or noun (中信集团拜访)."""
    m = _AFFILIATION.search(f)
    if not m:
        return False
    name = m.group(1)
    tag = scorer.tags.get(name)
    return tag is None or tag.startswith("nr")


_FIELD = re.compile(r"([\u4e00-\u9fff]{2,4})[:：]")
_TWO_HAN = re.compile(r"[\u4e00-\u9fff]{2}")
_TITLE_PUNCT = re.compile(r"[，。；！？,;!?]")


def _fields(f: str) -> list[str]:
    """Candidate field labels opening a block (荣誉：…, 工作单位…): the text
    before a colon, and its first two characters."""
    m = _FIELD.match(f)
    out = [m.group(1)] if m else []
    if len(f) > 4 and _TWO_HAN.match(f):
        out.append(f[:2] + "…")
    return out


_DATED = re.compile(r"[0-9０-９一二三四五六七八九十]{1,2}月[0-9０-９一二三四五六七八九十]{1,3}日(?:电|讯)")


def _heading_text(f: str) -> bool:
    """Short text with no sentence punctuation and no dateline: a title."""
    return 0 < len(f) <= 30 and not _TITLE_PUNCT.search(f) and not _DATED.search(f)


def _section_head(b: Blk) -> bool:
    """A numbered section head inside an article (二, 三、, （四）, 第五部分)."""
    return _is_label(b) and (bool(_ORDINAL.match(b.flat)) or bool(re.fullmatch(r"[一二三四五六七八九十0-9０-９]{1,3}", b.flat)))


def _roundup(u: HeadUnit, regions: list[Region], order: list[int], vpos: dict[int, int],
             blocks: list[Blk], mates: list[HeadUnit] = (), text_lines: set[int] = frozenset()) -> bool:
    """The unit stands over several parts of one article (datelined items
    with no headline or jump marker between them, 俄… 德… 乌…) and it, or a
    headline printed with it, names a part between where it stands and its
    best match: a headline over all of them."""
    c, t = u.current, u.best
    if c is None or t is None or t == c:
        return False
    lo, hi = (c, t) if vpos[regions[c].blocks[0]] < vpos[regions[t].blocks[0]] else (t, c)
    a, b = vpos[regions[lo].blocks[0]], vpos[regions[hi].blocks[0]]
    if any(blocks[order[k]].role == TRAIL_ROLE or (blocks[order[k]].role == HEAD_ROLE and order[k] not in text_lines
                                                    and _heading_text(blocks[order[k]].flat)) for k in range(a, b)):
        return False  # a headline or a jump marker between them: separate articles
    if lo == c:
        return True  # its best match runs on from the text below it: one article in parts
    return any(max([u.cov[r]] + [v.cov[r] for v in mates if v.cov]) >= 0.15 for r in range(len(regions))
               if r not in (c, t) and a < vpos[regions[r].blocks[0]] < b)


def _real_head(u: HeadUnit, blocks: list[Blk]) -> bool:
    """A unit with a headline in it (not only bylines and short labels)."""
    return any(blocks[bi].role == HEAD_ROLE and not _is_label(blocks[bi]) for bi in u.blocks)


def _consistent(units: list[HeadUnit], cluster_units: list[list[int]], unit_cluster: list[int],
                blocks: list[Blk], continues=None, sections: set[int] | None = None,
                last_region: int | None = None, weak_head: float = 0.0, strong_head: float = 2.0) -> None:
    """Keep only headline moves that leave every article with a headline.

    A page whose articles each stand under a headline is left alone: a unit
    may leave the article printed below it only when another headline of its
    cluster stays there, or another moving headline takes its place, or no
    article follows it at all (the end of the page, a photo), or that article
    continues the one it moves to (everything printed between them moves
    away). It may go only to an article that no staying headline already
    stands above. Moves that
    break this are dropped until the plan is consistent (the largest such set
    of moves is kept)."""
    def moving(u: HeadUnit) -> bool:
        return u.page or (u.target is not None and u.target != u.current)

    for _ in range(len(units) + 1):
        # an article with a headline, a byline or a bullet line printed above it that stays there
        headed = {u.current for u in units if u.current is not None and not moving(u)}
        # … unless every headline staying there shares (almost) nothing with
        # it: a headline left over from a cluster whose other headlines went
        # to their articles; a headline that clearly matches the article may
        # still arrive there (a matching over the whole page, not "the
        # headline above a text is its own")
        weak = {r for r in headed if all(v.cov[r] < weak_head for v in units
                                         if v.current == r and not moving(v) and v.cov)}
        headed |= sections or set()
        incoming = {u.target for u in units if moving(u) and not u.page and _real_head(u, blocks)}
        if continues is not None:
            # an article that continues another one reads under that one's headline
            incoming |= {u.current for u in units if moving(u) and _real_head(u, blocks) and continues(u, moving)}
        bad = []
        for ui, u in enumerate(units):
            if not moving(u):
                continue
            cl = cluster_units[unit_cluster[ui]]
            stays = any(vi != ui and not moving(units[vi]) and _real_head(units[vi], blocks) for vi in cl)
            leave_ok = u.current is None or stays or u.current in incoming or not _real_head(u, blocks)
            arrive_ok = u.page or u.target not in headed or (
                u.target in weak and u.target not in (sections or set()) and u.cov[u.target] >= strong_head)
            if u.current is None and not u.page and last_region is not None and u.target != last_region:
                arrive_ok = False  # after the last article: only that article's headline, printed after it
            if not (leave_ok and arrive_ok):
                bad.append(u)
        if not bad:
            return
        for u in bad:
            u.target = u.current if u.target is not None else None
            u.page = False


def _distinct_match(u: HeadUnit, r: Region, blocks: list[Blk]) -> bool:
    """The headline shares at least two separate phrases with the article, or
    one long one: a single common phrase (高质量发展) is no match."""
    text = "".join(blocks[bi].flat for bi in u.blocks)
    shared = u.grams & r.grams
    covered = [False] * len(text)
    for g in shared:
        k = text.find(g)
        while k != -1:
            for x in range(k, k + len(g)):
                covered[x] = True
            k = text.find(g, k + 1)
    runs = []
    n = 0
    for c in covered + [False]:
        if c:
            n += 1
        elif n:
            runs.append(n)
            n = 0
    return len(runs) >= 2 or any(x >= 6 for x in runs)


def _subtitle(r: Region, blocks: list[Blk]) -> bool:
    """A one-block region that reads like a subtitle (short, no sentence end)."""
    if len(r.blocks) != 1:
        return False
    f = blocks[r.blocks[0]].flat
    return 0 < len(f) <= 50 and f[-1] not in "。！？!?"  # (a block of debris alone, # or *, has no flat text)


def _maximal(gs: set[str]) -> list[str]:
    """The n-grams not contained in a longer one of the set."""
    return [g for g in gs if not any(g != h and g in h for h in gs)]


_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十0-9０-９]{1,3}[)）]|[0-9０-９]{1,2}[、.．]|第[一二三四五六七八九十]+)")


def _is_label(b: Blk) -> bool:
    """Short labels (a name under a photo, 前言:) and numbered section heads
    (六、…, （二）…) belong to the text below them: they never move."""
    return b.role == HEAD_ROLE and (len(b.flat) <= LABEL_MAX or bool(_ORDINAL.match(b.flat)))


def _split(r: Region, bg: dict[int, set[str]], index: TermIndex, a: HeadUnit, b: HeadUnit,
           lo: int) -> int | None:
    """Index (in r.blocks) of the first block of b's article, after lo."""
    m = len(r.blocks)
    if m - lo < 2:
        return None
    sa = index.coverages(a.grams, [bg[bi] for bi in r.blocks])
    sb = index.coverages(b.grams, [bg[bi] for bi in r.blocks])
    best_t, best_v = None, None
    for t in range(lo + 1, m):
        left = sum(sa[lo:t]) - sum(sb[lo:t])
        right = sum(sb[t:]) - sum(sa[t:])
        v = left + right
        lg: set[str] = set()
        for bi in r.blocks[lo:t]:
            lg |= bg[bi]
        rg: set[str] = set()
        for bi in r.blocks[t:]:
            rg |= bg[bi]
        v -= 0.5 * index.similarity(lg, rg)
        if best_v is None or v > best_v + 1e-9:
            best_t, best_v = t, v
    if best_v is None or best_v <= 0:
        return None
    lg = set().union(*(bg[bi] for bi in r.blocks[lo:best_t]))
    rg = set().union(*(bg[bi] for bi in r.blocks[best_t:]))
    # two articles only when each headline reads clearly with its own side
    if index.coverage(b.grams, rg) < 2 * index.coverage(b.grams, lg) + 0.05:
        return None
    if a.grams and index.coverage(a.grams, lg) < 2 * index.coverage(a.grams, rg) + 0.05:
        return None
    return best_t

# ------------------------------------------------ interleaved runs (RO003)
INTERLEAVE_MAX = 12  # blocks in a run printed inside another article's sentence
INTERLEAVE_TERMS = 2  # rare terms the run shares with a headline unit (SAFE: 3)


@dataclass
class Interleave:
    x: int  # the open end the run interrupts
    y: int  # the block that continues it after the run
    order: list[int]  # the run's blocks in reading order
    glued: int  # the run's blocks glued to the next one (a line swap: 积 | 极布局)
    head: tuple[int, int]  # the headline unit the run belongs under
    d: int  # the block after that unit, which the run's last open end continues
    shared: list[str]
    safe: bool


def _head_units(blocks: list[Blk]) -> list[tuple[int, int]]:
    """Maximal runs of headline and byline blocks that open an article (a
    real headline with a kicker, subheadline or byline) with body after them."""
    out = []
    k, n = 0, len(blocks)
    while k < n:
        if blocks[k].role in (HEAD_ROLE, LEAD_ROLE):
            j = k
            while j + 1 < n and blocks[j + 1].role in (HEAD_ROLE, LEAD_ROLE):
                j += 1
            unit = blocks[k:j + 1]
            if j + 1 < n and blocks[j + 1].role == BODY_ROLE \
                    and any(b.role == HEAD_ROLE and b.kind == HEADLINE and len(b.flat) > LABEL_MAX for b in unit) \
                    and any(b.role == LEAD_ROLE or b.kind == KICKER or _SUBHEAD.match(b.flat) for b in unit):
                out.append((k, j))
            k = j + 1
        else:
            k += 1
    return out


def _para_start(scorer: ContinuationScorer, f: str) -> bool:
    """A block that reads as a paragraph's start (a marker, an opening quote,
    a pronoun, name or time word first)."""
    if not f or f[0] in "“‘《（(「『【\"'" or PARA_MARKER.match(f):
        return True
    feats = scorer.start_features(f[:40])
    return bool(feats.get("start_para", 0) < 0 or feats.get("start_marker", 0) < 0)


def plan_interleaved(blocks: list[Blk], scorer: ContinuationScorer, prm: dict[str, Any]) -> list[Interleave]:
    """Runs of another article's text printed inside a sentence (the column
    layout of an interview whose opening column was read into the article
    printed before it): an open end X, a run R of body blocks, and a block Y
    that continues X; R shares rare terms with a headline unit elsewhere that
    X's article never uses, and R's last open end continues the block under
    that unit. The run moves under the headline unit, X joins Y."""
    n = len(blocks)
    units = _head_units(blocks)
    if not units:
        return []
    min_link = float(prm["min_link"])
    min_hm = float(prm["safe_head_match"])
    out: list[Interleave] = []
    index: TermIndex | None = None
    page: str | None = None  # the page text for scorer.local (built on first need)
    used: set[int] = set()
    rare = lambda g: len(g) == 2 and scorer.seg.freq.get(g, 0) < ANCHOR_COMMON  # noqa: E731
    for x in blocks:
        if not x.can_end or x.role != BODY_ROLE or x.headish or x.adjacent_only or x.i in used:
            continue
        lo = x.i
        while lo > 0 and blocks[lo - 1].role == BODY_ROLE and not blocks[lo].dateline:
            lo -= 1
        k = x.i + 1
        while k < n and k - x.i <= INTERLEAVE_MAX + 1 and blocks[k].role == BODY_ROLE and not blocks[k].dateline:
            k += 1
        for yi in range(x.i + 2, k):
            y = blocks[yi]
            if not y.can_start or _para_start(scorer, y.flat):
                continue
            run = list(range(x.i + 1, yi))
            hi = yi
            while hi + 1 < n and blocks[hi + 1].role == BODY_ROLE and not blocks[hi + 1].dateline:
                hi += 1
            before = set().union(*(grams(blocks[i].flat) for i in range(lo, x.i + 1)))  # X's text
            home = before.union(*(grams(blocks[i].flat) for i in range(yi, hi + 1)))
            rg = set().union(*(grams(blocks[i].flat) for i in run))
            for a, b in units:
                if b + 1 == lo:
                    continue  # the unit over X's own article
                d = blocks[b + 1]
                if d.dateline or not d.can_start or _para_start(scorer, d.flat) or d.i in used:
                    continue
                hg = set().union(*(grams(blocks[i].flat) for i in range(a, b + 1)))
                shared = sorted(g for g in (rg & hg) - home if rare(g))
                if len(shared) < INTERLEAVE_TERMS:
                    continue
                if index is None:
                    index = _term_index([g for g in (grams(bb.flat) for bb in blocks) if g])
                hi2 = b + 1
                while hi2 + 1 < n and blocks[hi2 + 1].role == BODY_ROLE and not blocks[hi2 + 1].dateline:
                    hi2 += 1
                there = hg.union(*(grams(blocks[i].flat) for i in range(b + 1, hi2 + 1)))
                # the run reads with the unit and its article, not with X's
                cover = index.coverage(hg, rg)
                if cover < min_hm or cover < 3 * index.coverage(hg, home) \
                        or index.similarity(rg, there) < 2 * index.similarity(rg, home):
                    continue
                # Y reads with the text before X, not with the run's article
                gy = grams(y.flat)
                if index.similarity(gy, before) <= index.similarity(gy, there | rg):
                    continue
                order, glued = _run_order(blocks, run, scorer, prm)
                if order is None:
                    continue
                z = blocks[order[-1]]
                if not z.can_end:
                    continue
                if page is None:
                    page = "\x00".join(bb.flat for bb in blocks)
                j = scorer.local(z.flat, d.flat, page)
                if j is None or j.score < min_link:
                    continue
                # SAFE: a third shared term, and nothing at X|Y against the join
                # (a marker, a bracket closed that X never opened)
                xy = scorer.local(x.flat, y.flat)
                safe = len(shared) >= INTERLEAVE_TERMS + 1 and xy is not None and xy.score > 0
                out.append(Interleave(x.i, yi, order, glued, (a, b), d.i, shared, safe))
                used.update([x.i, yi, d.i, *run])
                break
            if x.i in used:
                break
    return out


def _run_order(blocks: list[Blk], run: list[int], scorer: ContinuationScorer,
               prm: dict[str, Any]) -> tuple[list[int] | None, int]:
    """The run's blocks in reading order: as printed, or with its last block
    read before an earlier one when that block starts with the rest of a word
    the last one cuts (积 | 极布局: a line the OCR emitted late). Every block
    but the last must end a sentence or continue into the next."""
    last = blocks[run[-1]]
    order, glued = list(run), -1
    if last.can_end and len(run) >= 2:
        for p in range(len(run) - 1):
            b = blocks[run[p]]
            if p > 0 and blocks[run[p - 1]].est != CLOSED:
                continue
            j = scorer.local(last.flat, b.flat)
            if j is not None and j.word and j.boundary >= float(prm["safe_boundary"]):
                order = run[:p] + [run[-1]] + run[p:-1]
                glued = run[-1]
                break
    for a, b in zip(order, order[1:]):
        if a != glued and blocks[a].est != CLOSED:
            return None, -1
    return order, glued



# ---------------------------------------------------------------- proposals
def _del_span(blocks: list[Blk], first: int, last: int) -> tuple[int, int] | None:
    if first > 0:
        return blocks[first - 1].end, blocks[last].end
    if last + 1 < len(blocks):
        return blocks[first].start, blocks[last + 1].start
    return None


_MEMO: dict[tuple[int, int, str], tuple[Any, Any, list[Proposal]]] = {}


def _run(doc: Document, ctx: Context) -> list[Proposal]:
    """The proposals for a text; the pipeline re-runs every pass each round,
    so the last few answers are remembered (copies are handed out: the
    pipeline adjusts a proposal's applicability and name)."""
    corpus = ctx.corpus.get("order")
    key = (id(ctx), id(corpus), doc.text)
    hit = _MEMO.get(key)
    if hit is None or hit[0] is not ctx or hit[1] is not corpus:
        hit = (ctx, corpus, list(_propose(doc, ctx)))
        if len(_MEMO) >= 32:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = hit
    return [dataclasses.replace(p, evidence=dict(p.evidence)) for p in hit[2]]


def _propose(doc: Document, ctx: Context) -> Iterator[Proposal]:
    blocks = analyse(doc)
    if len(blocks) < 2:
        return
    jp = _params(ctx, "RO001", DEFAULTS_JOIN)
    text = doc.text
    taken: list[tuple[int, int]] = []
    scorer = _scorer(ctx)
    inter = plan_interleaved(blocks, scorer, jp)
    for il in inter:
        yield _interleave_proposal(doc, blocks, il)
    if any(il.safe for il in inter):
        return  # the other moves are planned on the page with the runs back in place
    plan = plan_joins(doc, blocks, ctx, scorer)
    moving: set[int] = {x for seg in plan.segs.values() for x in seg}
    for s, seg in sorted(plan.segs.items()):
        lk = next(lk for lk in plan.links.values() if lk.s == s)
        e = blocks[lk.e]
        if lk.e in moving:
            continue  # its anchor moves too: next run
        span = _del_span(blocks, seg[0], seg[-1])
        if span is None:
            continue
        frag = text[blocks[seg[0]].start:blocks[seg[-1]].end]
        ins = Edit(e.end, e.end, frag)
        # the fragment also continues into the block after the open end
        tail_link = plan.links.get(seg[-1])
        y = lk.e + 1
        if tail_link is not None and tail_link.s == y and y < len(blocks) and y != seg[0] \
                and blocks[y].start >= e.end and not (span[0] < blocks[y].start <= span[1]):
            ins = Edit(e.end, blocks[y].start, frag)
        if _overlap(span, (ins.start, ins.end)):
            continue
        j = lk.join
        safe = j.strong and j.boundary >= float(jp["safe_boundary"]) and j.score >= float(jp["safe_score"]) \
            and lk.margin >= float(jp["safe_margin"])
        if _cut_layout(j, jp, scorer) and lk.margin >= float(jp["safe_layout_margin"]):
            safe = True
        conf = _conf(j.score, lk.margin, safe)
        why = (f"crossing word {j.word!r}" if j.word else
               "bracket closed" if "bracket" in j.features else
               "starts mid-sentence" if "start_mid" in j.features else
               "number and unit" if "number" in j.features else "context")
        yield make_proposal(
            doc, "RO001",
            f"move the fragment starting {blocks[s].flat[:10]!r} to continue {e.flat[-10:]!r} ({why})",
            [Edit(span[0], span[1], ""), ins], confidence=conf,
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
            evidence={
                "end": e.flat[-12:], "start": blocks[s].flat[:12], "word": j.word,
                "gain": round(j.gain, 2), "score": round(j.score, 3),
                "runner_up": round(lk.runner_up, 3), "runner_up_is": lk.runner_desc,
                "margin": round(lk.margin, 3), "blocks_moved": len(seg),
                "features": {k: round(v, 3) for k, v in j.features.items()},
            },
        )
        taken += [span, (ins.start, ins.end)]
    for hm in plan_headlines(plan, ctx, scorer=scorer):
        first, last = hm.blocks[0], hm.blocks[-1]
        tgt = hm.target
        if last - first + 1 != len(hm.blocks) or tgt in moving or any(x in moving for x in hm.blocks):
            continue
        if tgt == last + 1 or first <= tgt <= last:
            continue
        span = _del_span(blocks, first, last)
        if span is None:
            continue
        at = blocks[tgt].start
        if span[0] < at < span[1] or any(_overlap(t, (at, at)) for t in taken):
            continue
        unit_text = text[blocks[first].start:blocks[last].end]
        ins = Edit(at, at, unit_text + "\n\n")
        yield make_proposal(
            doc, "RO002",
            f"move headline {blocks[first].flat[:14]!r} before its article ({blocks[tgt].flat[:10]!r})",
            [Edit(span[0], span[1], ""), ins],
            confidence=_conf(hm.match * 5, hm.margin * 5, hm.safe),
            applicability=Applicability.SAFE if hm.safe else Applicability.UNSAFE,
            evidence={
                "headline": blocks[first].flat[:30], "article_start": blocks[tgt].flat[:16],
                "match": round(hm.match, 3), "margin": round(hm.margin, 3), "placed_by": hm.how,
                "shared": hm.shared,
            },
        )


def _interleave_proposal(doc: Document, blocks: list[Blk], il: Interleave) -> Proposal:
    text = doc.text
    x, y, d, hb = blocks[il.x], blocks[il.y], blocks[il.d], blocks[il.head[1]]
    body = ""
    for t, bi in enumerate(il.order):
        body += text[blocks[bi].start:blocks[bi].end]
        if t + 1 < len(il.order) and bi != il.glued:
            body += "\n\n"
    sep = text[hb.end:d.start]
    return make_proposal(
        doc, "RO003",
        f"move the run starting {blocks[il.order[0]].flat[:10]!r} out of the sentence {x.flat[-8:]!r}|"
        f"{y.flat[:8]!r} to under its headline {blocks[il.head[0]].flat[:12]!r}",
        [Edit(x.end, y.start, ""), Edit(hb.end, d.start, sep + body)],
        confidence=0.93 if il.safe else 0.6,
        applicability=Applicability.SAFE if il.safe else Applicability.UNSAFE,
        evidence={"end": x.flat[-12:], "continued_by": y.flat[:12], "blocks_moved": len(il.order),
                  "shared_with_headline": il.shared[:12], "line_swap": il.glued >= 0,
                  "joins": d.flat[:12]},
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if b[0] == b[1]:
        return a[0] < b[0] < a[1]
    return a[0] < b[1] and b[0] < a[1]


def _conf(score: float, margin: float, safe: bool) -> float:
    base = 0.5 + 0.08 * max(0.0, score) + 0.1 * max(0.0, margin)
    return min(0.99, max(0.92, base)) if safe else min(0.85, max(0.4, base - 0.2))


def _collect(doc: Document) -> str:
    return _collect_text(doc.text)


PASSES = [Pass("order", ("RO001", "RO002", "RO003"), _run, collect=_collect, merge=_merge,
               description="reading order: interleaved fragments and displaced headlines")]
