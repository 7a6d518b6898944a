"""Rules as data: TOML files under ``rules/``.

Each file holds ``[[rule]]`` tables::

    [[rule]]
    code = "PU001"                 # two letters + three digits, stable forever
    name = "half-width-comma"      # kebab-case
    summary = "Half-width comma in Chinese text becomes ，"
    pass = "punctuation"           # the pass (cleanup/passes) that implements it
    applicability = "safe"         # ceiling: safe | unsafe | display-only
    confidence = { min = 0.5, safe = 0.9 }   # thresholds (see below)
    examples = ["市长{,=>，}一行"]   # {old=>new}, {=>new} insertion, {old=>} deletion
    counterexamples = ["3,000 元"]  # must produce no proposal of this code
    [rule.params]                  # free data for the pass (pairs, word lists ...)

``confidence.min``: proposals below it are dropped; ``confidence.safe``: a
SAFE proposal below it is downgraded to UNSAFE. Both can be overridden in the
configuration.

Rule files are found in the ``rules`` directory shipped with the package (or
the checkout's top-level ``rules/``), plus any ``extra_rule_dirs``.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .model import Applicability, Edit

CODE_RE = re.compile(r"^[A-Z]{2}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MARK = re.compile(r"\{(.*?)=>(.*?)\}", re.S)


class RuleError(ValueError):
    """A rule file is invalid; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    pass_name: str
    applicability: Applicability
    min_confidence: float
    safe_confidence: float
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    source: str = ""

    def describe(self) -> str:
        lines = [
            f"{self.code} {self.name}",
            f"  {self.summary}",
            f"  pass: {self.pass_name}   applicability ceiling: {self.applicability.value}",
            f"  confidence: min {self.min_confidence}  safe >= {self.safe_confidence}",
            f"  defined in: {self.source}",
        ]
        if self.examples:
            lines.append("  examples:")
            lines += [f"    {ex}" for ex in self.examples]
        if self.counterexamples:
            lines.append("  counterexamples (no change):")
            lines += [f"    {ex}" for ex in self.counterexamples]
        return "\n".join(lines)


@dataclass(frozen=True)
class Example:
    """A parsed example: input text, expected output and expected edits on the input."""

    source: str
    before: str
    after: str
    edits: tuple[Edit, ...]


def parse_example(marked: str) -> Example:
    """Parse ``"a{b=>c}d"`` into before ``abd``, after ``acd`` and the edit (1, 2, 'c')."""
    before: list[str] = []
    after: list[str] = []
    edits: list[Edit] = []
    pos = 0
    blen = 0
    for m in _MARK.finditer(marked):
        plain = marked[pos:m.start()]
        before.append(plain)
        after.append(plain)
        blen += len(plain)
        old, new = m.group(1), m.group(2)
        edits.append(Edit(blen, blen + len(old), new))
        before.append(old)
        after.append(new)
        blen += len(old)
        pos = m.end()
    before.append(marked[pos:])
    after.append(marked[pos:])
    return Example(marked, "".join(before), "".join(after), tuple(edits))


def _rules_dirs() -> list[Path]:
    here = Path(__file__).resolve().parent
    out = []
    for cand in (here / "rules", here.parent / "rules"):
        if cand.is_dir() and any(cand.rglob("*.toml")):
            out.append(cand)
            break
    return out


def default_rules_dir() -> Path:
    dirs = _rules_dirs()
    if not dirs:
        raise RuleError("cannot find the rules directory shipped with zhclean")
    return dirs[0]


def data_path(relative: str, extra_dirs: Iterable[Path] = ()) -> Path:
    """Path of a data file shipped under rules/ (e.g. ``data/confusion.txt``)."""
    for d in [*extra_dirs, default_rules_dir()]:
        p = Path(d) / relative
        if p.exists():
            return p
    raise FileNotFoundError(relative)


class RuleSet:
    """All rules, by code."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.by_code: dict[str, Rule] = {}
        for r in rules:
            if r.code in self.by_code:
                raise RuleError(
                    f"duplicate rule code {r.code}: {self.by_code[r.code].source} and {r.source}"
                )
            self.by_code[r.code] = r

    def __iter__(self):
        return iter(sorted(self.by_code.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self.by_code)

    def __contains__(self, code: str) -> bool:
        return code in self.by_code

    def get(self, code: str) -> Rule:
        try:
            return self.by_code[code]
        except KeyError:
            raise RuleError(f"unknown rule code {code}") from None

    def params(self, code: str) -> dict[str, Any]:
        r = self.by_code.get(code)
        return r.params if r else {}

    def for_pass(self, pass_name: str) -> list[Rule]:
        return [r for r in self if r.pass_name == pass_name]

    @classmethod
    def load(cls, extra_dirs: Iterable[Path | str] = (), *, include_default: bool = True) -> "RuleSet":
        files: list[Path] = []
        dirs = ([default_rules_dir()] if include_default else []) + [Path(d) for d in extra_dirs]
        for d in dirs:
            if not d.is_dir():
                raise RuleError(f"rule directory not found: {d}")
            files += sorted(p for p in d.rglob("*.toml") if p.is_file())
        rules: list[Rule] = []
        for f in files:
            rules += load_rule_file(f)
        return cls(rules)


_KNOWN_KEYS = {
    "code", "name", "summary", "pass", "applicability", "confidence",
    "examples", "counterexamples", "params",
}


def load_rule_file(path: Path) -> list[Rule]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise RuleError(f"{path}: invalid TOML: {e}") from None
    out: list[Rule] = []
    for i, t in enumerate(data.get("rule", [])):
        where = f"{path} rule #{i + 1}"
        unknown = set(t) - _KNOWN_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        code = t.get("code", "")
        if not CODE_RE.match(code):
            raise RuleError(f"{where}: code {code!r} is not two capital letters and three digits")
        where = f"{path} {code}"
        name = t.get("name", "")
        if not NAME_RE.match(name):
            raise RuleError(f"{where}: name {name!r} is not kebab-case")
        for key in ("summary", "pass"):
            if not isinstance(t.get(key), str) or not t[key]:
                raise RuleError(f"{where}: missing {key}")
        try:
            appl = Applicability.parse(t.get("applicability", "safe"))
        except ValueError as e:
            raise RuleError(f"{where}: {e}") from None
        conf = t.get("confidence", {})
        if not isinstance(conf, dict) or set(conf) - {"min", "safe"}:
            raise RuleError(f"{where}: confidence must be a table with keys min and safe")
        mn, sf = float(conf.get("min", 0.0)), float(conf.get("safe", 0.0))
        if not (0 <= mn <= 1 and 0 <= sf <= 1):
            raise RuleError(f"{where}: confidence thresholds must be within 0..1")
        ex = t.get("examples", [])
        cex = t.get("counterexamples", [])
        if not all(isinstance(x, str) for x in [*ex, *cex]):
            raise RuleError(f"{where}: examples and counterexamples must be strings")
        out.append(
            Rule(
                code=code,
                name=name,
                summary=t["summary"],
                pass_name=t["pass"],
                applicability=appl,
                min_confidence=mn,
                safe_confidence=sf,
                examples=tuple(ex),
                counterexamples=tuple(cex),
                params=dict(t.get("params", {})),
                source=str(path),
            )
        )
    return out


def code_matches(code: str, patterns: Iterable[str]) -> bool:
    """Does a code match any selector: ``ALL``, a prefix (``PU``, ``PU0``) or a full code."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)
