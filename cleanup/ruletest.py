"""Running the examples embedded in rules (used by ``zhclean rules test`` and the test suite).

For each example ``a{old=>new}b`` of rule CODE, with only CODE selected and
every applicability allowed:

1. one run of the rule's pass on the input proposes exactly the marked edits
   (same spans, same replacements, nothing else);
2. the pipeline's output equals the example's right-hand side;
3. a second run over that output proposes nothing.

Each counterexample must produce no proposal of CODE. A rule without
examples fails.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Document
from .pipeline import Context, Pipeline, Policy
from .rules import Rule, RuleSet, parse_example


@dataclass
class Failure:
    code: str
    example: str
    problem: str

    def __str__(self) -> str:
        return f"{self.code}: {self.problem}\n    example: {self.example!r}"


def _policy(code: str) -> Policy:
    return Policy(select=(code,), apply_safe=True, apply_unsafe=True, apply_display_only=True)


def check_rule(rule: Rule, ctx: Context) -> list[Failure]:
    from .passes import pass_by_name

    fails: list[Failure] = []
    try:
        ps = pass_by_name(rule.pass_name)
    except KeyError:
        return [Failure(rule.code, "", f"no pass named {rule.pass_name!r}")]
    if rule.code not in ps.codes:
        fails.append(Failure(rule.code, "", f"pass {ps.name!r} does not declare code {rule.code}"))
    if not rule.examples:
        fails.append(Failure(rule.code, "", "rule has no examples"))
    pipe = Pipeline(ctx, [ps])
    pol = _policy(rule.code)
    for marked in rule.examples:
        ex = parse_example(marked)
        if not ex.edits:
            fails.append(Failure(rule.code, marked, "example has no {old=>new} marker"))
            continue
        props = pipe.propose(Document(ex.before), pol)
        got = sorted((e.start, e.end, e.replacement) for p in props for e in p.edits)
        want = sorted((e.start, e.end, e.replacement) for e in ex.edits)
        if got != want:
            fails.append(Failure(rule.code, marked, f"proposed edits {_show(ex.before, got)} != expected {_show(ex.before, want)}"))
            continue
        res = pipe.run(ex.before, pol)
        if res.text != ex.after:
            fails.append(Failure(rule.code, marked, f"output {res.text!r} != expected {ex.after!r}"))
            continue
        again = pipe.propose(Document(res.text), pol)
        if again:
            fails.append(Failure(rule.code, marked, f"not idempotent: second run proposes {_show(res.text, [(e.start, e.end, e.replacement) for p in again for e in p.edits])}"))
    for cx in rule.counterexamples:
        props = pipe.propose(Document(cx), pol)
        if props:
            fails.append(Failure(rule.code, cx, f"counterexample got proposals {_show(cx, [(e.start, e.end, e.replacement) for p in props for e in p.edits])}"))
    return fails


def _show(text: str, edits: list[tuple[int, int, str]]) -> str:
    return "[" + ", ".join(f"{s}:{e} {text[s:e]!r}=>{r!r}" for s, e, r in edits) + "]"


def check_rules(rules: RuleSet, codes: list[str] | None = None, ctx: Context | None = None) -> tuple[int, list[Failure]]:
    ctx = ctx or Context(rules)
    n = 0
    fails: list[Failure] = []
    for r in rules:
        if codes and not any(r.code.startswith(c) for c in codes):
            continue
        n += 1
        fails += check_rule(r, ctx)
    return n, fails
