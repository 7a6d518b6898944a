#!/usr/bin/env python3
"""Does a pass settle in one step? (Could the engine skip its fixpoint re-run?)

    .venv/bin/python bench/one_step.py --examples 3000          # hypothesis texts
    .venv/bin/python bench/one_step.py --source fixtures        # the 20 MB corpus, fix loop

The engine (``cleanup.pipeline.Pipeline.run``) re-runs a pass on the text its
applied proposals made until it proposes nothing. If a pass always proposed
nothing after *all* of its proposals were applied, the engine could skip
that re-run when nothing was left out (a pass declaring it settles in one
step). This script counts the cases where the re-run is not empty:

* ``--examples N``: random Chinese texts (the ``zh_text`` strategy of
  tests/test_normalise_props.py); one run of each pass, and when its
  proposals do not conflict, all of them applied and the pass run again;
* ``--source``: in the fix loop over the corpus (default policy and
  --unsafe-fixes), every re-run after a run whose proposals were all
  applied (empty or not), and every re-run after a run that left some
  pending.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from cleanup.model import Document, apply_edits  # noqa: E402
from cleanup.passes import pass_by_name  # noqa: E402
from cleanup.pipeline import Context, Pipeline, Policy, _choose, choose  # noqa: E402

NAMES = ("markup", "chars", "spaces", "punct", "trad")
ALL = Policy(apply_safe=True, apply_unsafe=True, apply_display_only=True)


def on_examples(n: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from test_normalise_props import CTX, zh_text

    for name in NAMES:
        ps = pass_by_name(name)
        count = [0, 0]
        first: list = []

        @settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck))
        @given(zh_text)
        def check(text):
            props = list(ps.run(Document(text), CTX))
            if not props or len(choose(props, ALL)) != len(props):
                return
            count[0] += 1
            new = apply_edits(text, [e for p in props for e in p.edits])
            again = list(ps.run(Document(new), CTX))
            if again:
                count[1] += 1
                if not first:
                    first.append((text, [(p.code, p.old_new(new)) for p in again]))

        check()
        print(f"{name:<7} all proposals applied in {count[0]:5d} examples; the re-run proposed something in "
              f"{count[1]:4d}" + (f"; e.g. {first[0][0]!r} -> again {first[0][1][:2]}" if first else ""))


def on_corpus(source: str, mb: float) -> None:
    from corpus import build_corpus

    pages = [s.raw for s in build_corpus(mb, 0, source)]
    ctx = Context.default()
    for unsafe in (False, True):
        pipe = Pipeline(ctx, [pass_by_name(n) for n in NAMES])
        pol = Policy(apply_unsafe=unsafe)
        counts: Counter = Counter()
        before: dict[str, str] = {}  # pass -> "all" / "some": what its last run left
        run_pass = pipe._run_pass

        def counted(ps, doc, policy, limits=None):
            props = run_pass(ps, doc, policy, limits)
            left = before.pop(ps.name, None)
            if left is not None:
                counts[(ps.name, left, "empty" if not props else "not empty")] += 1
            if props:
                chosen, _ = _choose(props, policy)
                if chosen:
                    before[ps.name] = "all applied" if len(chosen) == len(props) else "some pending"
            return props

        pipe._run_pass = counted
        for p in pages:
            before.clear()
            pipe.run(p, pol)
        for (name, left, got), c in sorted(counts.items()):
            print(f"{source} {'--unsafe-fixes' if unsafe else 'default policy'}: {name:<7} re-run after {left}: "
                  f"{got} {c}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--source", choices=("pd1998", "fixtures"))
    ap.add_argument("--mb", type=float, default=20)
    a = ap.parse_args()
    if a.examples:
        on_examples(a.examples)
    if a.source:
        on_corpus(a.source, a.mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
