"""Text conservation (property): the paragraph passes never lose text silently.

Every non-space character of the input is in the output, unless an applied
duplicate proposal (DU: repeated block or spliced copy, DW: doubled word)
removed it; no character is added.
"""
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup.passes import pass_by_name
from cleanup.pipeline import Context, Pipeline, Policy
from cleanup.rules import RuleSet

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "gold"
PARAS = [ln for f in sorted(FIX.glob("*.txt")) for ln in f.read_text(encoding="utf-8").split("\n") if ln.strip()]
PIPE = Pipeline(Context(RuleSet.load()), [pass_by_name(n) for n in ("lines", "duplicates", "doubled")])


def _chars(s: str) -> Counter:
    return Counter(c for c in s if not c.isspace())


def _wrap(p: str, w: int, blank_every: int) -> str:
    lines = [p[i:i + w] for i in range(0, len(p), w)] or [""]
    out = lines[0]
    for k, ln in enumerate(lines[1:], 1):
        out += ("\n\n" if blank_every and k % blank_every == 0 else "\n") + ln
    return out


@st.composite
def pages(draw):
    idx = draw(st.lists(st.integers(0, len(PARAS) - 1), min_size=1, max_size=8))
    paras = [PARAS[i] for i in idx]
    if draw(st.booleans()):  # a repeated run
        a = draw(st.integers(0, len(paras) - 1))
        paras += paras[a:a + draw(st.integers(1, 3))]
    if draw(st.booleans()):  # a doubled word
        k = draw(st.integers(0, len(paras) - 1))
        p = paras[k]
        if len(p) > 4:
            at = draw(st.integers(0, len(p) - 3))
            paras[k] = p[:at + 2] + p[at:at + 2] + p[at + 2:]
    w = draw(st.integers(6, 24))
    blank_every = draw(st.sampled_from([0, 0, 3, 7]))
    noise = draw(st.text(alphabet="的了，。 \n\t　“”发展好惠", max_size=12))
    blocks = [_wrap(p, w, blank_every) for p in paras]
    seps = [draw(st.sampled_from(["\n\n", "\n", "\n\n\n", "\n \n"])) for _ in blocks]
    return "".join(b + s for b, s in zip(blocks, seps)) + noise


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_every_character_kept_unless_a_duplicate_proposal_removed_it(text):
    res = PIPE.run(text, Policy(apply_unsafe=True))
    lost = _chars(text) - _chars(res.text)
    added = _chars(res.text) - _chars(text)
    assert not added
    removed = Counter()
    for ap in res.applied:
        old = "".join(ap.old)
        new = "".join(e.replacement for e in ap.proposal.edits)
        diff = _chars(old) - _chars(new)
        if diff:
            assert ap.proposal.code[:2] in ("DU", "DW"), (ap.proposal.code, old)
            removed += diff
    assert lost == removed
