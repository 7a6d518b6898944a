"""The pipeline: run passes, choose proposals, apply them, repeat to a fixpoint.

A :class:`Pass` is a pure function ``(Document, Context) -> Iterable[Proposal]``.
Passes run in a fixed order (``cleanup.passes.all_passes``); each pass is re-run
on the updated text until it proposes nothing that the :class:`Policy` lets
through, then the next pass runs; the whole sequence is repeated until a full
round changes nothing (ruff's fix loop). Both loops are capped; hitting a cap
is reported in :class:`Result`, never silent.
"""
from __future__ import annotations

import bisect
import operator
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .model import _SPAN, Applicability, Document, Edit, Proposal, apply_edits, apply_sorted_edits
from .rules import RuleSet, code_matches

PassFunc = Callable[[Document, "Context"], Iterable[Proposal]]

# module constants: an attribute of the Enum class costs ~0.1 us a read
_SAFE = Applicability.SAFE
_UNSAFE = Applicability.UNSAFE
_DISPLAY = Applicability.DISPLAY_ONLY


@dataclass(frozen=True)
class Pass:
    """A named proposal generator.

    ``collect``/``merge`` (optional) gather corpus-level statistics in a first
    pass over all files of a run (``collect(doc) -> partial``; ``merge(partials)
    -> stats``, where ``partials`` is an iterable in file order that can be
    read once: the runner streams them from disk); the merged value is
    ``ctx.corpus[pass.name]``.
    """

    name: str
    codes: tuple[str, ...]
    run: PassFunc
    collect: Callable[[Document], Any] | None = None
    merge: Callable[[list[Any]], Any] | None = None
    description: str = ""


@dataclass
class Settings:
    """Run-time settings a pass may read (from configuration)."""

    profile: str = "newspaper"  # or "copywriting"
    thresholds: dict[str, dict[str, float]] = field(default_factory=dict)  # code -> {min,safe}
    lexicons: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    rules: RuleSet
    settings: Settings = field(default_factory=Settings)
    corpus: dict[str, Any] = field(default_factory=dict)

    def params(self, code: str) -> dict[str, Any]:
        return self.rules.params(code)

    def __getstate__(self) -> dict[str, Any]:
        # the plan a pipeline remembered on the context (Pipeline._plan) holds
        # its passes: not part of the context's state (pickles, copies)
        state = self.__dict__.copy()
        state.pop("_plan_for", None)
        return state

    @classmethod
    def default(cls) -> "Context":
        return cls(RuleSet.load())


@dataclass
class Policy:
    """Which proposals get applied."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    apply_safe: bool = True
    apply_unsafe: bool = False
    apply_display_only: bool = False  # only for tests of display-only rules
    accepted: dict[str, str | None] = field(default_factory=dict)  # fingerprint -> edited replacement or None
    rejected: frozenset[str] = frozenset()

    def selected(self, code: str) -> bool:
        cache = self.__dict__.setdefault("_selected_cache", {})
        hit = cache.get(code)
        if hit is None:
            hit = cache[code] = code_matches(code, self.select) and not code_matches(code, self.ignore)
        return hit

    def allows(self, p: Proposal) -> bool:
        if self.rejected or self.accepted:  # fingerprints are computed only when decisions exist
            fp = p.fingerprint
            if fp in self.rejected:
                return False
            if fp in self.accepted:
                return True
        a = p.applicability
        if a is _SAFE:
            return self.apply_safe
        if a is _UNSAFE:
            return self.apply_unsafe
        return self.apply_display_only


@dataclass(slots=True)
class Applied:
    proposal: Proposal
    round: int
    old: list[str]  # text of each edit's span before it was applied
    step: int = 0  # index in Result.history of the step that applied it


@dataclass
class Result:
    original: str
    text: str
    applied: list[Applied]
    pending: list[Proposal]  # proposals on the final text that the policy did not apply
    rounds: int
    converged: bool
    history: list[tuple[Edit, ...]] = field(default_factory=list)  # applied edits, per step
    warnings: list[str] = field(default_factory=list)
    # pending proposals the policy allows but that were held back because they
    # would change text an editor wrote (see _EditedText): they need review
    held: frozenset[str] = frozenset()

    def original_offset(self, ap: "Applied") -> int:
        """Where an applied proposal's first edit falls in the original text."""
        return self.map_to_original(ap.proposal.start, upto=ap.step)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def map_to_original(self, offset: int, upto: int | None = None, end: bool = False) -> int:
        """Map an offset in the final text (or, with ``upto=k``, in the text
        before history step k) back to the original text; an offset inside
        inserted text maps to where the insertion was, except inside text a
        move put there, which maps to where that text was taken from (so a
        later fix inside a moved fragment is located where the fragment is in
        the original). ``end=True`` maps the end of a span: the end of moved
        text is the end of its source, its start is not inside it."""
        pos = offset
        n = len(self.history) if upto is None else min(upto, len(self.history))
        moves = self._moves() if n else {}
        for k in range(n - 1, -1, -1):
            delta = 0
            inside = False
            for e in self.history[k]:  # sorted by start
                new_start = e.start + delta
                if pos < new_start or (end and pos == new_start):
                    break  # (a span that ends where text was removed ends before it)
                rl = len(e.replacement)
                mv = moves.get((k, e.start)) if rl else None
                if mv is not None:
                    lead, size, src = mv
                    x = pos - new_start - lead  # offset in the moved core
                    if (0 < x <= size) if end else (0 <= x < size):
                        pos, inside = src + x, True
                        break
                if pos < new_start + rl:
                    pos, inside = e.start, True
                    break
                delta += rl - (e.end - e.start)
            if not inside:
                pos -= delta
        return pos

    def _moves(self) -> dict[tuple[int, int], tuple[int, int, int]]:
        """(step, insertion start) -> (lead, size, source): for each applied
        move (a proposal that inserts text it also deletes elsewhere), the
        inserted text's core (without the line breaks around it) starts
        ``lead`` characters into the insertion, is ``size`` long, and was at
        ``source`` in the text before the step."""
        mv = self.__dict__.get("_moves_cache")
        if mv is None:
            mv = {}
            for ap in self.applied:
                edits = ap.proposal.edits
                if len(edits) < 2:
                    continue
                for e in edits:
                    if e.start != e.end or not e.replacement:
                        continue
                    core = e.replacement.strip("\n")
                    if not core:
                        continue
                    for d, old in zip(edits, ap.old):
                        if d is not e and not d.replacement and core in old:
                            mv[(ap.step, e.start)] = (e.replacement.index(core), len(core),
                                                      d.start + old.index(core))
                            break
            self.__dict__["_moves_cache"] = mv
        return mv


def choose(proposals: Iterable[Proposal], policy: Policy) -> list[Proposal]:
    """Non-overlapping proposals the policy allows, in position order.

    Conflicts are resolved by position, then confidence: a proposal is
    skipped when any of its edits overlaps an edit already chosen (two
    insertions at the same point also conflict).
    """
    return _choose(proposals, policy)[0]


_UNSET = object()


def _cand_key(p: Proposal) -> tuple:
    return (p.edits[0].start, -p.confidence, p.edits[-1].end)


def _in_order(edits) -> bool:
    """No edit starts before the end of the one before it, and no two
    insertions stand at one point: sorted by span, no conflict."""
    prev = edits[0]
    for e in edits[1:]:
        if e.start < prev.end or (e.start == e.end == prev.start == prev.end):
            return False
        prev = e
    return True


def _choose(proposals: Iterable[Proposal], policy: Policy) -> tuple[list[Proposal], tuple[Edit, ...] | None]:
    """:func:`choose`, and the edits of the chosen proposals sorted by span when
    that came for free (None otherwise).

    The usual case, no two edits of the candidates in conflict, is checked on
    the sorted edits (each against the next one: with no conflict between
    neighbours, the ends never decrease, so no two edits conflict) and takes
    every candidate; only when some edits conflict are the candidates taken
    one by one."""
    if policy.accepted or policy.rejected:
        cands = [p for p in proposals if policy.allows(p)]
    else:
        s, u, d = policy.apply_safe, policy.apply_unsafe, policy.apply_display_only
        if s and not u and not d:  # the default policy
            cands = [p for p in proposals if p.applicability is _SAFE]
        elif s and u and not d:  # --unsafe-fixes
            cands = [p for p in proposals if p.applicability is not _DISPLAY]
        else:
            ok = _ALLOWED[(bool(s), bool(u), bool(d))]
            cands = [p for p in proposals if p.applicability in ok]
    if not cands:
        return cands, None
    if len(cands) == 1:
        # one proposal: its edits are usually sorted already (make_proposal
        # sorts them); if not, the check below sees a "conflict" and the
        # one-by-one path sorts them for apply_edits (the same text and history)
        edits = cands[0].edits
    else:
        cands.sort(key=_cand_key)
        edits = [e for p in cands for e in p.edits]
        # (the check on the edits as they come: passed, they are sorted by
        # span already, since each starts at or after the end of the one
        # before and an insertion is not followed by another at its point;
        # else they are sorted and checked again)
        if _in_order(edits):
            return cands, tuple(edits)
        edits.sort(key=_SPAN)
    if _in_order(edits):
        return cands, edits if edits.__class__ is tuple else tuple(edits)
    taken = _Taken()
    chosen: list[Proposal] = []
    for p in cands:
        if any(taken.overlaps(e) for e in p.edits):
            continue
        chosen.append(p)
        for e in p.edits:
            taken.add(e.start, e.end)
    return chosen, None


_ALLOWED = {
    (s, u, d): frozenset(a for a, on in ((Applicability.SAFE, s), (Applicability.UNSAFE, u),
                                         (Applicability.DISPLAY_ONLY, d)) if on)
    for s in (False, True) for u in (False, True) for d in (False, True)
}


@dataclass(slots=True)
class _Plan:
    """What :meth:`Pipeline._plan` remembers: the objects it was made for
    (compared by identity), the policy's selectors and a copy of the
    thresholds (compared by value), the active passes and the per-code limits."""

    key: tuple
    select: tuple
    ignore: tuple
    thresholds: dict
    active: list
    limits: dict


def _fits(plan: _Plan | None, key: tuple, select, ignore, thresholds: dict) -> bool:
    """Was ``plan`` made for these objects (by identity), selectors and thresholds (by value)?"""
    return plan is not None and len(plan.key) == len(key) and all(map(operator.is_, plan.key, key)) \
        and (plan.select == select or plan.select == tuple(select)) \
        and (plan.ignore == ignore or plan.ignore == tuple(ignore)) and plan.thresholds == thresholds


class _Taken:
    """Spans already chosen, sorted by start: :func:`_overlaps` against only the
    spans that can overlap (start within [e.start - longest span, e.end]), so
    choosing among n edits costs O(n log n) instead of O(n^2)."""

    __slots__ = ("starts", "spans", "longest")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.spans: list[tuple[int, int]] = []
        self.longest = 0

    def add(self, s: int, t: int) -> None:
        i = bisect.bisect_right(self.starts, s)
        self.starts.insert(i, s)
        self.spans.insert(i, (s, t))
        if t - s > self.longest:
            self.longest = t - s

    def overlaps(self, e: Edit) -> bool:
        lo = bisect.bisect_left(self.starts, e.start - self.longest)
        hi = bisect.bisect_right(self.starts, e.end)
        return lo < hi and _overlaps(e, self.spans[lo:hi])


def _overlaps(e: Edit, taken: list[tuple[int, int]]) -> bool:
    """Spans overlap; an insertion conflicts with a span it falls strictly inside
    and with another insertion at the same point."""
    for s, t in taken:
        if e.start < t and s < e.end:
            return True
        if e.start == e.end and (s < e.start < t or (s == t == e.start)):
            return True
        if s == t and e.start < s < e.end:
            return True
    return False


def _with_accepted_edits(p: Proposal, policy: Policy) -> Proposal:
    """An editor may have accepted a proposal with an edited replacement."""
    if not policy.accepted:
        return p
    repl = policy.accepted.get(p.fingerprint)
    if repl is None or len(p.edits) != 1:
        return p
    e = p.edits[0]
    if repl == e.replacement:
        return p
    # (the message names the pass's replacement: say what was applied)
    return Proposal(p.code, f"{p.message} (edited by the editor: {repl})", (Edit(e.start, e.end, repl),),
                    p.confidence, p.applicability, p.fingerprint, p.evidence, p.name)


class _EditedText:
    """Text an editor wrote is final. A proposal accepted with an edited
    replacement puts the editor's text in place; a later proposal that would
    change that text (say MR002 proposing 赦 -> 敕 over the editor's 赦) is
    not applied automatically, only when the journal accepted it too: it
    stays pending, for review. ``spans`` are the editor's texts in the
    current text, carried along as later steps edit around them."""

    __slots__ = ("accepted", "spans")

    def __init__(self, accepted: dict[str, str | None]) -> None:
        self.accepted = accepted
        self.spans: list[tuple[int, int]] = []

    def blocks(self, p: Proposal) -> bool:
        if not self.spans or p.fingerprint in self.accepted:
            return False
        for e in p.edits:
            for a, b in self.spans:
                if (e.start < b and e.end > a) or (e.start == e.end and a < e.start < b):
                    return True
        return False

    def step(self, edits: tuple[Edit, ...], chosen: list[Proposal]) -> None:
        """Carry the spans through one step's (sorted) edits, and add the
        texts of the edited accepted proposals among ``chosen``."""
        spans = [(_forward(a, edits, False), _forward(b, edits, True)) for a, b in self.spans]
        mine = {id(p.edits[0]) for p in chosen
                if len(p.edits) == 1 and self.accepted.get(p.fingerprint) is not None}
        if mine:
            d = 0
            for e in edits:
                if id(e) in mine:
                    spans.append((e.start + d, e.start + d + len(e.replacement)))
                d += len(e.replacement) - (e.end - e.start)
        self.spans = [(a, b) for a, b in spans if a < b]


def _forward(x: int, edits: tuple[Edit, ...], is_end: bool) -> int:
    """Where offset ``x`` of the text before ``edits`` (sorted) is after them:
    text inserted at ``x`` falls after a span's start and before its end."""
    d = 0
    for e in edits:
        if e.start > x or (e.start == x and (e.end > x or is_end)):
            break
        if e.end > x:  # an edit across x
            return e.start + d + (len(e.replacement) if is_end else 0)
        d += len(e.replacement) - (e.end - e.start)
    return x + d


class Pipeline:
    def __init__(
        self,
        ctx: Context | None = None,
        passes: list[Pass] | None = None,
        *,
        max_rounds: int = 6,
        max_pass_iterations: int = 12,
    ) -> None:
        from .passes import all_passes

        self.ctx = ctx or Context.default()
        self.passes = passes if passes is not None else all_passes()
        self.max_rounds = max_rounds
        self.max_pass_iterations = max_pass_iterations

    # -- proposals --------------------------------------------------------
    def propose(self, doc: Document, policy: Policy, passes: Iterable[Pass] | None = None) -> list[Proposal]:
        """All proposals of the selected codes on this document (nothing applied)."""
        out: list[Proposal] = []
        for ps in passes if passes is not None else self.passes:
            if not any(policy.selected(c) for c in ps.codes):
                continue
            out += self._run_pass(ps, doc, policy)
        return out

    def _run_pass(self, ps: Pass, doc: Document, policy: Policy,
                  limits: dict[str, tuple | None] | None = None,
                  held: set[tuple[str, str]] | None = None) -> list[Proposal]:
        """The selected proposals of one run of ``ps``, with the rules' thresholds
        and applicability ceilings applied. ``limits`` (per code, filled on first
        use) saves looking the rule and the thresholds up for every proposal.
        ``held``: the (code, fingerprint) of the verdicts held earlier in the
        run (``Proposal.holds``), filled here; a SAFE proposal among them is
        made UNSAFE (in this loop, which looks at every proposal anyway)."""
        if limits is None:
            limits = {}
        out = []
        get = limits.get
        for p in ps.run(doc, self.ctx):
            lim = get(p.code, _UNSET)
            if lim is _UNSET:
                lim = limits[p.code] = self._limits(p.code, policy)
            if lim is None:
                continue  # not selected
            if lim:
                mn, sf, ceiling, name = lim
                c = p.confidence
                if c < mn:
                    continue
                # Applicability.cap(ceiling), then SAFE below the safe threshold -> UNSAFE
                a = p.applicability
                if ceiling is _SAFE:
                    if a is _SAFE and c < sf:
                        a = _UNSAFE
                elif ceiling is _UNSAFE:
                    if a is _SAFE:
                        a = _UNSAFE
                else:
                    a = ceiling
                p.applicability = a
                p.name = name
            if p.holds:
                if held is not None and p.applicability is not _SAFE:
                    held.add((p.code, p.fingerprint))
            elif held and p.applicability is _SAFE and (p.code, p.fingerprint) in held:
                p.applicability = _UNSAFE
            out.append(p)
        return out

    def _limits(self, code: str, policy: Policy) -> tuple | None:
        """None: the code is not selected; (): no rule; else (min confidence,
        safe confidence, applicability ceiling, rule name)."""
        if not policy.selected(code):
            return None
        rule = self.ctx.rules.by_code.get(code)
        if rule is None:
            return ()
        th = self.ctx.settings.thresholds.get(code, {})
        return (th.get("min", rule.min_confidence), th.get("safe", rule.safe_confidence),
                rule.applicability, rule.name)

    def _plan(self, policy: Policy) -> tuple[list[Pass], dict[str, tuple | None]]:
        """The passes with a code the policy selects, and the limits of each
        code (:meth:`_limits`, filled on first use), remembered for the last
        selectors (both are functions of the policy's ``select`` and
        ``ignore`` alone, so a new but equal policy, e.g. ``Policy()`` for
        every page, finds them) as long as the passes, the rules and the
        thresholds stay the same; also on the context, for a new pipeline
        of the same passes on it (``Pipeline(ctx, passes).run(page,
        Policy())`` for every page). Rebuilding them cost 10-15 us a page."""
        ctx = self.ctx
        key = (ctx, ctx.rules, *self.passes)
        select, ignore = policy.select, policy.ignore
        plan = self.__dict__.get("_plan_for")
        if not _fits(plan, key, select, ignore, ctx.settings.thresholds):
            plan = ctx.__dict__.get("_plan_for")
            if not _fits(plan, key, select, ignore, ctx.settings.thresholds):
                plan = ctx.__dict__["_plan_for"] = _Plan(
                    key, tuple(select), tuple(ignore), {k: dict(v) for k, v in ctx.settings.thresholds.items()},
                    [ps for ps in self.passes if any(policy.selected(c) for c in ps.codes)], {})
            self._plan_for = plan
        return plan.active, plan.limits

    # -- fixing -------------------------------------------------------------
    def run(self, text: str, policy: Policy | None = None, path: str | None = None) -> Result:
        policy = policy or Policy()
        doc = Document(text, path)
        applied: list[Applied] = []
        record = applied.append
        history: list[tuple[Edit, ...]] = []
        warnings: list[str] = []
        converged = False
        rounds = 0
        # A pass is a pure function of the text: when a pass has already
        # converged on exactly this text, running it again cannot change
        # anything, so it is skipped and its unapplied proposals are reused
        # as the final pending list.
        settled: dict[str, tuple[str, list[Proposal]]] = {}
        # (code, fingerprint) of the verdicts held for review on evidence a
        # later run of the pass no longer sees (``Proposal.holds``): the same
        # change proposed later in the run is not applied as SAFE
        held: set[tuple[str, str]] = set()
        active, limits = self._plan(policy)
        guard = _EditedText(policy.accepted) if any(
            r is not None for r in policy.accepted.values()) else None
        for rounds in range(1, self.max_rounds + 1):
            changed = False
            for ps in active:
                last = settled.get(ps.name)
                if last is not None and (last[0] is doc.text or last[0] == doc.text):
                    continue
                for it in range(self.max_pass_iterations):
                    props = self._run_pass(ps, doc, policy, limits, held)
                    if not props:  # (the usual re-run)
                        settled[ps.name] = (doc.text, props)
                        break
                    if guard is not None and guard.spans:
                        chosen, edits = _choose([p for p in props if not guard.blocks(p)], policy)
                    else:
                        chosen, edits = _choose(props, policy)
                    if not chosen:
                        settled[ps.name] = (doc.text, [p for p in props if not policy.allows(p)
                                                       or (guard is not None and guard.blocks(p))])
                        break
                    if policy.accepted:
                        chosen = [_with_accepted_edits(p, policy) for p in chosen]
                        edits = None
                    cur = doc.text
                    if edits is None:  # some proposals were left out: apply_edits checks what is left
                        edits = tuple(sorted((e for p in chosen for e in p.edits), key=_SPAN))
                        new = apply_edits(cur, edits)
                    else:
                        new = apply_sorted_edits(cur, edits)
                    step = len(history)
                    # (a plain loop: under 3.11 a comprehension inside a
                    # comprehension builds a closure and a frame per proposal)
                    for p in chosen:
                        old = []
                        for e in p.edits:
                            old.append(cur[e.start:e.end])
                        record(Applied(p, rounds, old, step))
                    doc = doc.with_text(new)
                    history.append(edits)
                    if guard is not None:
                        guard.step(edits, chosen)
                    changed = True
                else:
                    warnings.append(
                        f"pass {ps.name} did not converge after {self.max_pass_iterations} iterations"
                    )
            if not changed:
                converged = True
                break
        if not converged:
            warnings.append(f"pipeline did not converge after {self.max_rounds} rounds")
        pending: list[Proposal] = []
        for ps in active:
            last = settled.get(ps.name)
            if last is not None and (last[0] is doc.text or last[0] == doc.text):
                pending += last[1]
            else:
                pending += [p for p in self._run_pass(ps, doc, policy, limits, held) if not policy.allows(p)
                            or (guard is not None and guard.blocks(p))]
        held = frozenset(p.fingerprint for p in pending if policy.allows(p)) if guard is not None else frozenset()
        return Result(text, doc.text, applied, pending, rounds, converged, history, warnings, held)


def fix_text(text: str, *, unsafe: bool = False, select: Iterable[str] = ("ALL",),
             ignore: Iterable[str] = (), ctx: Context | None = None) -> str:
    """Convenience: the cleaned text."""
    pol = Policy(select=tuple(select), ignore=tuple(ignore), apply_unsafe=unsafe)
    return Pipeline(ctx).run(text, pol).text
