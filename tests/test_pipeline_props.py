"""Properties of the WHOLE pipeline over simulated pages (cleanup.simulate).

For many damaged pages (several seeds, all damage kinds at realistic rates,
plus hypothesis-chosen damage subsets) the pipeline must:

(a) be idempotent: cleaning its own output applies nothing;
(b) not crash and converge (no cap warnings);
(c) account for every Han character: Han(raw) - Han(removed by applied edits)
    + Han(inserted by applied edits) == Han(output), as multisets, where the
    removed/inserted texts come from ``Result.applied`` (``Applied.old`` and
    ``Applied.proposal.edits``);
(d) never delete real text: the output has at least as many Han characters as
    the gold (damage only adds Han characters or substitutes them; removing
    more than the damage added means a pass deleted the newspaper's words).

Failures here may come from any pass: the message names the page seed and the
applied proposals so the owner can reproduce it with
``simulate_page(clean_pages(...)[k], seed)``.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup.charclass import HAN
from cleanup.pipeline import Pipeline, Policy, Result
from cleanup.simulate import DAMAGES, clean_pages, simulate_page

HAN_RE = re.compile(f"[{HAN}]")
SEEDS = (11, 22, 33, 44, 55)
# 5 seeds x 60 pages by default (fast enough for a loaded 2-core machine);
# ZHCLEAN_PROPS_PAGES=200 makes a 1000-page sweep for a deeper check.
PAGES_PER_SEED = int(os.environ.get("ZHCLEAN_PROPS_PAGES", "60"))


@lru_cache(maxsize=1)
def pipeline() -> Pipeline:
    return Pipeline()


@lru_cache(maxsize=8)
def sources(seed: int, n: int = PAGES_PER_SEED) -> tuple[str, ...]:
    return tuple(clean_pages(n, seed, max_articles=3))


def han(s: str) -> Counter[str]:
    return Counter(HAN_RE.findall(s))


def describe(res: Result, only_deleting: bool = False) -> str:
    """The applied proposals (only those that removed more Han characters than
    they inserted, with ``only_deleting``), with their old and new texts."""
    aps = res.applied
    if only_deleting:
        aps = [ap for ap in aps if sum(len(HAN_RE.findall(o)) for o in ap.old)
               > sum(len(HAN_RE.findall(e.replacement)) for e in ap.proposal.edits)]
    lines = []
    for ap in aps[:12]:
        p = ap.proposal
        lines.append(f"  {p.code} {p.message[:60]!r} old={[o[:20] for o in ap.old]} "
                     f"new={[e.replacement[:20] for e in p.edits]}")
    if len(aps) > 12:
        lines.append(f"  ... {len(aps) - 12} more")
    return "\n".join(lines)


def check_page(raw: str, gold: str, where: str, policy: Policy) -> None:
    pl = pipeline()
    res = pl.run(raw, policy)
    # (b) converged, no cap warnings
    assert res.converged and not res.warnings, f"{where}: {res.warnings}"
    # (c) Han conservation, exactly, through the applied edits
    removed: Counter[str] = Counter()
    inserted: Counter[str] = Counter()
    for ap in res.applied:
        assert len(ap.old) == len(ap.proposal.edits)
        for old, e in zip(ap.old, ap.proposal.edits):
            removed.update(HAN_RE.findall(old))
            inserted.update(HAN_RE.findall(e.replacement))
    expect = han(raw)
    expect.subtract(removed)
    expect.update(inserted)
    got = han(res.text)
    expect = +expect  # drop zero counts (negative counts would show a bookkeeping error)
    assert all(v >= 0 for v in (han(raw) - removed).values())
    assert expect == got, (
        f"{where}: Han characters changed outside the applied edits: "
        f"missing {dict(expect - got)} extra {dict(got - expect)}\n{describe(res)}")
    # (d) no real text lost
    n_out, n_gold = sum(got.values()), sum(han(gold).values())
    assert n_out >= n_gold, (
        f"{where}: output has {n_gold - n_out} Han characters fewer than the gold "
        f"(a pass deleted real text); proposals that removed Han characters:\n"
        f"{describe(res, only_deleting=True)}")
    # (a) idempotent: the pipeline applies nothing to its own output
    res2 = pl.run(res.text, policy)
    assert res2.text == res.text and not res2.applied, (
        f"{where}: not idempotent, second run applied:\n{describe(res2)}")


@pytest.mark.parametrize("seed", SEEDS)
def test_pipeline_sweep_safe(seed):
    for k, g in enumerate(sources(seed)):
        sim = simulate_page(g, seed * 10_000 + k)
        check_page(sim.raw, sim.gold, f"seed={seed} page={k} sim_seed={seed * 10_000 + k}", Policy())


def test_pipeline_sweep_unsafe():
    pol = Policy(apply_unsafe=True)
    for k, g in enumerate(sources(77, max(10, PAGES_PER_SEED * 2 // 3))):
        sim = simulate_page(g, 770_000 + k)
        check_page(sim.raw, sim.gold, f"unsafe page={k} sim_seed={770_000 + k}", pol)


def test_pipeline_on_clean_gold_changes_nothing_in_han():
    """The gold pages themselves: conservation and no real text lost."""
    for k, g in enumerate(sources(99, max(10, PAGES_PER_SEED // 3))):
        check_page(g, g, f"gold page={k}", Policy())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1),
       damages=st.sets(st.sampled_from(DAMAGES), min_size=1, max_size=5),
       width=st.integers(10, 24),
       page=st.integers(0, PAGES_PER_SEED - 1))
def test_pipeline_props_any_damage_subset(seed, damages, width, page):
    g = sources(SEEDS[0])[page]
    sim = simulate_page(g, seed, damages, width)
    check_page(sim.raw, sim.gold, f"damages={sorted(damages)} width={width} seed={seed} page={page}", Policy())
