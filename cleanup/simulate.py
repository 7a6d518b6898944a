"""Damage simulator: realistic OCR pages (with their gold) from clean pages.

``simulate_page(gold_text, seed)`` takes a gold-format page (one paragraph a
line, a blank line between paragraphs, see ``fixtures/gold/GOLD_SPEC.md``) and
returns a :class:`SimPage`: the damaged ``raw`` text, the ``gold`` the cleaned
output should equal (the normalised input: damage is applied to a copy) and
the list of ``events`` that say exactly what was done. Everything is driven by
``random.Random(seed)``: the same input, seed, damages and width give the same
page, byte for byte.

Model
-----
The page is printed in columns of ``width`` cells (10..24; a CJK character or
CJK punctuation is 1 cell, an ASCII character half a cell, closing punctuation
may hang at a line end, opening punctuation never ends a line, an ASCII word
or number is never cut). Each column holds ``column_lines`` lines. The OCR
then reads the page back:

* *layout damage* works on where the printed lines go: hard wraps, blank
  lines at column breaks, spaces at line breaks, body fragments read out of
  order, headlines read away from their article, blocks read several times;
* *content damage* works on the characters of one paragraph: doubled words,
  misreads, half-width punctuation, spaces next to digits, letter-spaced
  headlines, Markdown markers, a spliced copy of another paragraph's tail.

Content damage is placed on the printed (gold) text, so line widths reflect
the print and the OCR's extra characters make a raw line a little longer, as
on real pages.

Event schema
------------
Offsets (``at``) are character offsets in the gold paragraph
``sim.paragraphs[gold_para]`` (the ``gold_para``-th non-empty line of
``sim.gold``). Events are listed in the order they were applied.

=================  =============================================================
kind               fields
=================  =============================================================
wrap               ``width``, ``breaks`` (number of newlines put inside paragraphs)
blank_split        ``gold_para``, ``at``: a blank line inside the paragraph, before
                   gold offset ``at`` (a column break)
space_break        ``gold_para``, ``at`` (list): a space instead of a newline at
                   each wrap point
interleave         ``gold_para``, ``at``, ``through_para``, ``fragment``,
                   ``after_gold_para``: the text from offset ``at`` of
                   ``gold_para`` through the end of ``through_para``
                   (``fragment``, gold text, paragraphs joined by a blank line)
                   was read right after the block holding gold
                   ``[after_span[0]:after_span[1]]`` of paragraph
                   ``after_gold_para`` (the whole paragraph unless an earlier
                   interleave cut it)
headline_move      ``gold_paras`` (head run: headline/kicker/byline),
                   ``to`` ("top" or "after_article"), ``after_gold_para``
                   (None for top), ``body`` ([first, last] gold paragraph of the
                   article)
dup_block          ``gold_paras`` (run, inclusive list), ``copies`` (total
                   occurrences in the raw, 2..3): copies follow the first one
dup_partial        ``gold_para``, ``source_para``, ``at`` (= paragraph length),
                   ``text``: raw text copied from the tail of ``source_para``
                   and appended to ``gold_para``
doubled_word       ``gold_para``, ``at``, ``word``: ``word`` (gold
                   ``[at:at+len(word)]``) appears twice in the raw
misread            ``gold_para``, ``at``, ``right``, ``wrong``
halfwidth_punct    ``gold_para``, ``at`` (list), ``chars`` (the half-width
                   replacements, same order)
space_digit        ``gold_para``, ``at`` (list): a space inserted at each offset
                   (between a digit and a Han character)
letter_spaced      ``gold_para``, ``lead`` (bool, a leading space too): a space
                   between every two characters of the headline
markdown           ``gold_para``, ``marker`` ("#", "##", "###" or "**"), ``prefix``
                   and ``suffix``: the exact text put before / after the paragraph
para_merge         ``gold_para``: the boundary between paragraphs ``gold_para``
                   and ``gold_para + 1`` is a single newline (one raw block,
                   as headline + byline and subhead + body on page 004); only
                   after a short last line or an unwrapped paragraph
=================  =============================================================

``sim.stats`` counts line breaks in the raw: ``wrap_breaks`` (newlines inside
a paragraph: join them), ``blank_breaks`` (blank lines inside a paragraph:
join them), ``space_breaks`` (spaces at old line breaks: remove them),
``merged_breaks`` (paragraph boundaries that are a single newline: keep them
as paragraph breaks), ``blocks`` (blank-line separated blocks of the raw).
"""
from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .charclass import HAN
from .kinds import BODY, BYLINE, DATELINE, HEADLINE, KICKER, LABEL, classify_block

DAMAGES = (
    "wrap", "blank_split", "interleave", "headline_move", "dup_block", "dup_partial",
    "doubled_word", "misread", "halfwidth_punct", "space_break", "space_digit",
    "letter_spaced", "markdown", "para_merge",
)
# kinds added after the first release draw from their own random stream, so the
# pages of the original kinds stay byte-identical for a given seed
EXTRA_DAMAGES = ("para_merge",)

# Bumped whenever the same seed may give a different page (caches key on it).
SIM_VERSION = 2

# Probability that a page gets a damage kind when ``damages`` is None.
RATES: dict[str, float] = {
    "wrap": 0.65, "blank_split": 0.7, "interleave": 0.3, "headline_move": 0.4,
    "dup_block": 0.2, "dup_partial": 0.1, "doubled_word": 0.5, "misread": 0.6,
    "halfwidth_punct": 0.35, "space_break": 0.15, "space_digit": 0.4,
    "letter_spaced": 0.15, "markdown": 0.25, "para_merge": 0.3,
}

# Visually similar characters (each pair is used both ways). Kept small and
# general; ``rules/data`` may hold richer confusion sets for the passes.
CONFUSION_PAIRS = (
    "贺贾 敕敖 入人 己已 已巳 未末 土士 日曰 天夭 干千 午牛 王玉 大太 太犬 力刀 刀刃 "
    "儿几 木本 本术 休体 杜社 宇字 想相 候侯 拔拨 茶荼 戊戌 析折 拆折 免兔 壁璧 治冶 "
    "徒徙 崇祟 辨辩 幕暮 暮墓 特持 持待 侍待 准淮 历厉 问间 管菅 赢羸 盲肓 苦若 "
    "采釆 鸟乌 设没 役没 仅仪 佳住 住往 困因 白自 自目 目且 由田 甲申 申电 结诘 "
    "钓钩 浅线 候侯 晴睛 清情 请情 织识 拨拔 末未 券卷 贷货 贫贪 妹姝 洒酒 "
)
CONFUSIONS: dict[str, list[str]] = {}
for _pair in CONFUSION_PAIRS.split():
    _a, _b = _pair
    CONFUSIONS.setdefault(_a, [])
    CONFUSIONS.setdefault(_b, [])
    if _b not in CONFUSIONS[_a]:
        CONFUSIONS[_a].append(_b)
    if _a not in CONFUSIONS[_b]:
        CONFUSIONS[_b].append(_a)

HALF = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")",
        "“": '"', "”": '"', "‘": "'", "’": "'"}

# line-breaking (kinsoku): never start a line with these, never end one with those
NO_START = set("，。、；：？！）》」』”’…—·,.;:?!)%")
NO_END = set("（《「『“‘(")

HEAD_KINDS = {HEADLINE, KICKER, BYLINE, LABEL}
WRAP_KINDS = {BODY, DATELINE}

_ASCII_RE = re.compile(r"[\x00-\xff]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9.%+\-/]")
_HALF_RE = re.compile("[" + "".join(HALF) + "]")
_DIGIT_HAN = re.compile(f"(?<=[0-9])(?=[{HAN}])|(?<=[{HAN}])(?=[0-9])")
_HAN_PAIR = re.compile(f"[{HAN}]{{2}}")
_CONF_RE = re.compile("[" + "".join(sorted(CONFUSIONS)) + "]")
_COMMA = re.compile("[，,；;]")


@dataclass
class SimPage:
    raw: str
    gold: str
    events: list[dict]
    seed: int = 0
    width: int = 0
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[str]:
        return [ln for ln in self.gold.split("\n") if ln]

    def kinds(self) -> set[str]:
        return {e["kind"] for e in self.events}

    def to_json(self) -> dict[str, Any]:
        return {"seed": self.seed, "width": self.width, "stats": self.stats, "events": self.events}


def normalise_gold(text: str) -> list[str]:
    """Paragraphs of a gold-format text (stripped, non-empty lines)."""
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def gold_join(paras: list[str]) -> str:
    return "\n\n".join(paras) + "\n" if paras else ""


# ---------------------------------------------------------------- lexicon
_LEX: Any = False


def _lexicon() -> Any:
    """The shared lexicon, or None when it cannot be loaded (cheap fallbacks then)."""
    global _LEX
    if _LEX is False:
        try:
            from .lexicon import get_lexicon

            _LEX = get_lexicon().freq
        except Exception:  # pragma: no cover - lexicon is optional here
            _LEX = None
    return _LEX


# ---------------------------------------------------------------- structure
def articles(kinds: list[str]) -> list[tuple[list[int], list[int]]]:
    """Split paragraph indices into articles: (head run, rest).

    A head run is a maximal run of headline/kicker/byline/label paragraphs that
    starts with a headline, kicker or label and follows a non-head paragraph (or
    the page start). Everything up to the next head run is the article's rest.
    """
    out: list[tuple[list[int], list[int]]] = []
    head: list[int] = []
    rest: list[int] = []
    prev_head = False
    for i, k in enumerate(kinds):
        is_head = k in HEAD_KINDS and (prev_head or k != BYLINE)
        if is_head and not prev_head and (head or rest):
            out.append((head, rest))
            head, rest = [], []
        if is_head and not rest:
            head.append(i)
            prev_head = True
        else:
            rest.append(i)
            prev_head = False
    if head or rest:
        out.append((head, rest))
    return out


def _settle_cut(text: str, pos: int, cut: int, words: bool) -> int:
    """Move a line break at ``cut`` the way a typesetter does: hang up to two
    characters that may not start a line, keep a Latin word whole (``words``),
    and never end a line on an opening bracket or quote."""
    n = len(text)
    hang = 0
    while cut < n and text[cut] in NO_START and hang < 2:
        cut += 1
        hang += 1
    if words and cut < n and cut > pos and _ASCII_WORD.match(text[cut]) and _ASCII_WORD.match(text[cut - 1]):
        j = cut
        while j > pos and _ASCII_WORD.match(text[j - 1]):
            j -= 1
        if j > pos:
            cut = j
        else:
            while cut < n and _ASCII_WORD.match(text[cut]):
                cut += 1
    if cut - 1 > pos and text[cut - 1] in NO_END:
        cut -= 1
    return cut


def wrap_points(text: str, width: int, indent: int = 0) -> list[int]:
    """Offsets where a printed paragraph of ``width`` cells breaks its lines
    (its first line ``indent`` cells short: the print's indent, which the OCR
    drops)."""
    n = len(text)
    if n <= width - indent:
        return []
    out: list[int] = []
    words = bool(_ASCII_RE.search(text))
    pos = 0
    while pos < n:
        cap = width - indent if pos == 0 else width
        if words:  # Latin letters and digits take half a cell
            acc = 0.0
            i = pos
            while i < n:
                w = 0.5 if text[i] <= "\xff" else 1.0
                if acc + w > cap and i > pos:
                    break
                acc += w
                i += 1
        else:
            i = pos + cap
        if i >= n:
            break
        cut = _settle_cut(text, pos, i, words)
        if cut >= n:
            break
        out.append(cut)
        pos = cut
    return out


# ---------------------------------------------------------------- the simulator
class _Page:
    def __init__(self, paras: list[str], rng: random.Random, width: int, on: set[str], forced: bool,
                 indent: int = 0):
        self.p = paras
        self.rng = rng
        self.xrng = random.Random(0)
        self.width = width
        self.on = on
        self.forced = forced  # damages given explicitly: apply each kind for sure
        self.kinds = [classify_block(t) for t in paras]
        self.arts = articles(self.kinds)
        self.art_of = {}
        for ai, (h, r) in enumerate(self.arts):
            for i in h + r:
                self.art_of[i] = ai
        self.wrapped = [k in WRAP_KINDS or (k not in HEAD_KINDS and len(t) > 30) for k, t in zip(self.kinds, paras)]
        # (body text and datelines indent their first lines; heads do not)
        self.breaks = [wrap_points(t, width, indent if k in WRAP_KINDS else 0) if w else []
                       for t, w, k in zip(paras, self.wrapped, self.kinds)]
        self.edits: list[list[tuple[int, int, str]]] = [[] for _ in paras]
        self.events: list[dict] = []
        self.space_broken: set[int] = set()
        self.no_colbreak: set[int] = set()
        # raw order: units (para, start, end)
        self.order: list[tuple[int, int, int]] = [(i, 0, len(t)) for i, t in enumerate(paras)]
        self.copies: dict[int, int] = {}  # order index of the last unit of a dup run -> extra copies
        self.dup_runs: list[tuple[int, int, int]] = []

    # -- helpers
    def busy(self, i: int, s: int, e: int) -> bool:
        """An edit of paragraph i touches [s, e] already."""
        for a, b, _ in self.edits[i]:
            if a <= e and s <= b:
                return True
        return False

    def add_edit(self, i: int, s: int, e: int, repl: str) -> None:
        self.edits[i].append((s, e, repl))

    def count(self, size: int, per_chars: int) -> int:
        base = 1 + int(self.rng.random() * size / per_chars)
        return max(1, base)

    def body_paras(self) -> list[int]:
        return [i for i, k in enumerate(self.kinds) if k in WRAP_KINDS]

    # -- content damage --------------------------------------------------
    def misread(self) -> None:
        lex = _lexicon()
        total = sum(map(len, self.p))
        want = self.count(total, 1500)
        cands = [(i, m.start()) for i, t in enumerate(self.p) for m in _CONF_RE.finditer(t)]
        self.rng.shuffle(cands)
        done = 0
        for i, at in cands:
            if done >= want:
                break
            t = self.p[i]
            c = t[at]
            if self.busy(i, at, at + 1):
                continue
            wrong = self.rng.choice(CONFUSIONS[c])
            if lex is not None:
                left, right = t[max(0, at - 1):at + 1], t[at:at + 2]
                ok_left = len(left) == 2 and left in lex and (left[0] + wrong) not in lex
                ok_right = len(right) == 2 and right in lex and (wrong + right[1]) not in lex
                if not (ok_left or ok_right):
                    continue
            self.add_edit(i, at, at + 1, wrong)
            self.events.append({"kind": "misread", "gold_para": i, "at": at, "right": c, "wrong": wrong})
            done += 1

    def doubled_word(self) -> None:
        lex = _lexicon()
        total = sum(map(len, self.p))
        want = self.count(total, 2500)
        body = [i for i in range(len(self.p)) if len(self.p[i]) >= 6]
        if not body:
            return
        done = 0
        for _ in range(want * 40):
            if done >= want:
                break
            i = self.rng.choice(body)
            t = self.p[i]
            n = 2 if self.rng.random() < 0.8 else 3
            at = self.rng.randrange(0, len(t) - n + 1)
            w = t[at:at + n]
            if not _HAN_PAIR.fullmatch(w[:2]) or (n == 3 and not re.fullmatch(f"[{HAN}]", w[2])):
                continue
            if len(set(w)) < len(w):  # 看看-like material
                continue
            if t[at + n:at + 2 * n] == w or t[max(0, at - n):at] == w:
                continue
            if t[at + n:at + n + 1] == w[-1] or t[at - 1:at] == w[0]:
                continue
            if lex is not None:
                f = lex.get(w, 0)
                if f < 50 or (w + w) in lex or (w[-1] + w[0]) in lex:
                    continue
                if n == 2 and (lex.get(t[max(0, at - 1):at + 1], 0) > f or lex.get(t[at + 1:at + 3], 0) > f):
                    continue
            if self.busy(i, at, at + n):
                continue
            self.add_edit(i, at + n, at + n, w)
            self.events.append({"kind": "doubled_word", "gold_para": i, "at": at, "word": w})
            done += 1

    def halfwidth_punct(self) -> None:
        page_level = self.forced or self.rng.random() < 0.7
        frac = self.rng.uniform(0.7, 1.0) if page_level else self.rng.uniform(0.1, 0.4)
        paras = list(range(len(self.p)))
        if not page_level:
            paras = self.rng.sample(paras, max(1, len(paras) // 4))
        for i in sorted(paras):
            t = self.p[i]
            at: list[int] = []
            chars: list[str] = []
            for m in _HALF_RE.finditer(t):
                if self.rng.random() >= frac or self.busy(i, m.start(), m.end()):
                    continue
                h = HALF[m.group()]
                self.add_edit(i, m.start(), m.end(), h)
                at.append(m.start())
                chars.append(h)
            if at:
                self.events.append({"kind": "halfwidth_punct", "gold_para": i, "at": at, "chars": "".join(chars)})

    def space_digit(self) -> None:
        frac = self.rng.uniform(0.3, 0.9)
        for i, t in enumerate(self.p):
            at = [m.start() for m in _DIGIT_HAN.finditer(t)
                  if self.rng.random() < frac and not self.busy(i, m.start(), m.start())]
            for a in at:
                self.add_edit(i, a, a, " ")
            if at:
                self.events.append({"kind": "space_digit", "gold_para": i, "at": at})

    def heads(self) -> list[int]:
        return [i for i, k in enumerate(self.kinds) if k in (HEADLINE, KICKER)]

    def letter_spaced(self) -> None:
        cands = [i for i in self.heads() if " " not in self.p[i] and len(self.p[i]) >= 4
                 and not self.edits[i] and re.search(f"[{HAN}]", self.p[i])]
        if not cands:
            return
        n = 1 if self.rng.random() < 0.8 else 2
        for i in self.rng.sample(cands, min(n, len(cands))):
            t = self.p[i]
            lead = self.rng.random() < 0.5
            if lead:
                self.add_edit(i, 0, 0, " ")
            for a in range(1, len(t)):
                self.add_edit(i, a, a, " ")
            self.events.append({"kind": "letter_spaced", "gold_para": i, "lead": lead})

    def markdown(self) -> None:
        cands = [i for i, k in enumerate(self.kinds) if k in (HEADLINE, KICKER, LABEL)]
        if not cands:
            return
        k = max(1, int(len(cands) * self.rng.uniform(0.3, 1.0)))
        for i in sorted(self.rng.sample(cands, k)):
            if self.busy(i, 0, 0) or self.busy(i, len(self.p[i]), len(self.p[i])):
                continue
            r = self.rng.random()
            if r < 0.75:
                marker = self.rng.choice(("#", "##", "###"))
                prefix, suffix = marker + (" " if self.rng.random() < 0.85 else ""), ""
            else:
                marker = prefix = suffix = "**"
            self.add_edit(i, 0, 0, prefix)
            if suffix:
                self.add_edit(i, len(self.p[i]), len(self.p[i]), suffix)
            self.events.append({"kind": "markdown", "gold_para": i, "marker": marker,
                                "prefix": prefix, "suffix": suffix})

    def render_para(self, i: int) -> str:
        return self.render_span(i, 0, len(self.p[i]))

    def render_span(self, i: int, s: int, e: int) -> str:
        t = self.p[i]
        n = len(t)
        out: list[str] = []
        pos = s
        for a, b, r in sorted(self.edits[i], key=lambda x: (x[0], x[1])):
            if not (s <= a < e or (a == e == n and b == n)):
                continue
            out.append(t[pos:a])
            out.append(r)
            pos = b
        out.append(t[pos:e])
        return "".join(out)

    def dup_partial(self) -> None:
        bodies = [i for i in self.body_paras() if len(self.p[i]) >= 30]
        if len(bodies) < 2:
            return
        for _ in range(10):
            i, j = self.rng.sample(bodies, 2)
            if self.busy(i, len(self.p[i]), len(self.p[i])):
                continue
            src = self.render_para(j)
            commas = [m.end() for m in _COMMA.finditer(src) if 8 <= len(src) - m.end()]
            if not commas:
                continue
            cut = self.rng.choice(commas)
            tail = src[cut:]
            if len(tail) > 400:
                tail = tail[:400]
            n = len(self.p[i])
            self.add_edit(i, n, n, tail)
            self.events.append({"kind": "dup_partial", "gold_para": i, "source_para": j, "at": n, "text": tail})
            return

    # -- layout damage ---------------------------------------------------
    def pos_of(self, pred) -> list[int]:
        return [k for k, u in enumerate(self.order) if pred(u)]

    def interleave(self) -> None:
        n_moves = 1 if self.rng.random() < 0.6 else self.rng.randint(2, 3)
        for _ in range(n_moves):
            self._interleave_one()

    def _interleave_one(self) -> None:
        cands = []
        for k, (i, s, e) in enumerate(self.order):
            if self.kinds[i] not in WRAP_KINDS or s != 0 or e != len(self.p[i]):
                continue
            if not self.breaks[i]:
                continue
            cands.append(i)
        self.rng.shuffle(cands)
        for i in cands:
            ai = self.art_of[i]
            rest = [x for x in self.arts[ai][1] if x >= i]
            # the fragment runs to the end of some later paragraph of the same article
            j = self.rng.choice(rest[: 1 + self.rng.randrange(min(4, len(rest)))])
            run = [x for x in range(i, j + 1)]
            ks = [self.order.index((x, 0, len(self.p[x]))) if (x, 0, len(self.p[x])) in self.order else -1 for x in run]
            if -1 in ks or ks != list(range(ks[0], ks[0] + len(ks))):
                continue
            at = self.rng.choice(self.breaks[i])
            k0, k1 = ks[0], ks[-1]
            # targets: a unit boundary after the run (not right after it), preferring article ends
            targets = list(range(k1 + 2, len(self.order) + 1))
            if not targets:
                continue
            ends = [t for t in targets if t == len(self.order) or self.art_of[self.order[t][0]] != self.art_of[self.order[t - 1][0]]]
            tgt = self.rng.choice(ends if ends and self.rng.random() < 0.7 else targets)
            after_unit = self.order[tgt - 1]
            frag_units = [(i, at, len(self.p[i]))] + [(x, 0, len(self.p[x])) for x in run[1:]]
            new = self.order[:k0] + [(i, 0, at)] + self.order[k1 + 1:tgt] + frag_units + self.order[tgt:]
            self.order = new
            fragment = "\n\n".join([self.p[i][at:]] + [self.p[x] for x in run[1:]])
            ev = {"kind": "interleave", "gold_para": i, "at": at, "through_para": j,
                  "fragment": fragment, "after_gold_para": after_unit[0],
                  "after_span": [after_unit[1], after_unit[2]]}
            self.events.append(ev)
            return

    def headline_move(self) -> None:
        cands = [ai for ai, (h, r) in enumerate(self.arts)
                 if h and r and any(self.kinds[x] in (HEADLINE, KICKER) for x in h)]
        if not cands:
            return
        n = min(len(cands), 1 if self.rng.random() < 0.5 else self.rng.randint(2, 4))
        for ai in sorted(self.rng.sample(cands, n)):
            h, r = self.arts[ai]
            units = [(x, 0, len(self.p[x])) for x in h]
            if any(u not in self.order for u in units):
                continue
            first = self.order.index(units[0])
            to = "top" if self.rng.random() < 0.5 else "after_article"
            if to == "top" and first == 0:
                to = "after_article"
            rem = [u for u in self.order if u not in units]
            if to == "top":
                self.order = units + rem
                after = None
            else:
                last = max(k for k, u in enumerate(rem) if u[0] in r)
                self.order = rem[:last + 1] + units + rem[last + 1:]
                after = rem[last][0]
            self.events.append({"kind": "headline_move", "gold_paras": list(h), "to": to,
                                "after_gold_para": after, "body": [r[0], r[-1]]})

    def dup_block(self) -> None:
        n_runs = 1 if self.rng.random() < 0.7 else 2
        for _ in range(n_runs):
            for _try in range(10):
                k = self.rng.randrange(len(self.order))
                ln = 1 if self.rng.random() < 0.5 else self.rng.randint(2, 3)
                units = self.order[k:k + ln]
                if len(units) < ln or any(u[1] != 0 or u[2] != len(self.p[u[0]]) for u in units):
                    continue
                idx = [u[0] for u in units]
                if idx != list(range(idx[0], idx[0] + ln)):
                    continue
                if any(x in self.no_colbreak for x in idx) or (k + ln - 1) in self.copies:
                    continue
                copies = 2 if self.rng.random() < 0.6 else 3
                self.copies[k + ln - 1] = (copies - 1, k)
                self.no_colbreak.update(idx)
                self.events.append({"kind": "dup_block", "gold_paras": idx, "copies": copies})
                break

    # -- rendering ---------------------------------------------------------
    def render(self, column_lines: int) -> tuple[str, dict[str, int]]:
        wrap = "wrap" in self.on
        blank = "blank_split" in self.on
        blocks: list[str] = []
        block_unit: list[tuple[int, int, int] | None] = []  # None: a duplicate copy
        stats = {"wrap_breaks": 0, "blank_breaks": 0, "space_breaks": 0}
        line_no = 0
        space_at: dict[int, list[int]] = {}
        # which units were duplicated: order index of the last unit -> (extra copies, first index)
        for k, (i, s, e) in enumerate(self.order):
            pts = [b for b in self.breaks[i] if s < b < e]
            cuts = [s] + pts + [e]
            pieces = [self.render_span(i, a, b) for a, b in zip(cuts, cuts[1:])]
            sep_line = " " if i in self.space_broken else ("\n" if wrap else "")
            text = pieces[0]
            for pi, (b, piece) in enumerate(zip(pts, pieces[1:])):
                if self.wrapped[i]:
                    line_no += 1
                if blank and i not in self.no_colbreak and self.wrapped[i] and line_no % column_lines == 0:
                    text += "\n\n" + piece
                    stats["blank_breaks"] += 1
                    self.events.append({"kind": "blank_split", "gold_para": i, "at": b})
                    continue
                if sep_line == " ":
                    stats["space_breaks"] += 1
                    space_at.setdefault(i, []).append(b)
                elif sep_line == "\n":
                    stats["wrap_breaks"] += 1
                text += sep_line + piece
            if self.wrapped[i]:
                line_no += 1
            blocks.append(text)
            block_unit.append((i, s, e))
            if k in self.copies:
                extra, first = self.copies[k]
                run = blocks[len(blocks) - (k - first + 1):]
                for _ in range(extra):
                    blocks.extend(run)
                    block_unit.extend([None] * len(run))
        for i in sorted(space_at):
            self.events.append({"kind": "space_break", "gold_para": i, "at": space_at[i]})
        if stats["wrap_breaks"]:
            self.events.insert(0, {"kind": "wrap", "width": self.width, "breaks": stats["wrap_breaks"]})
        seps = ["\n\n"] * (len(blocks) - 1)
        stats["merged_breaks"] = 0
        if "para_merge" in self.on:
            xr = self.xrng
            elig = []
            for b in range(len(blocks) - 1):
                u, v = block_unit[b], block_unit[b + 1]
                if u is None or v is None or u[0] in self.no_colbreak or v[0] in self.no_colbreak:
                    continue
                if v[0] != u[0] + 1 or u[2] != len(self.p[u[0]]) or v[1] != 0:
                    continue
                # only after a short last line (or an unwrapped head/caption), so
                # that the page itself shows the break (GOLD_SPEC: no break is
                # invented after a full-length line)
                i = u[0]
                last = len(self.p[i]) - (self.breaks[i][-1] if self.breaks[i] else 0)
                if not self.wrapped[i] or last <= self.width - 2:
                    elig.append(b)
            p = 0.3 if self.forced else xr.uniform(0.05, 0.3)
            pick = [b for b in elig if xr.random() < p]
            if self.forced and elig and not pick:
                pick = [xr.choice(elig)]
            for b in pick:
                seps[b] = "\n"
                self.events.append({"kind": "para_merge", "gold_para": block_unit[b][0]})
            stats["merged_breaks"] = len(pick)
        stats["blocks"] = len(blocks) - stats["merged_breaks"]
        out = [blocks[0]] if blocks else []
        for sep, blk in zip(seps, blocks[1:]):
            out += [sep, blk]
        return "".join(out) + "\n", stats


def simulate_page(gold_text: str, seed: int, damages: set[str] | Iterable[str] | None = None,
                  width: int | None = None, indent: int = 0) -> SimPage:
    """Damage a gold-format page; see the module docstring for the model and
    events. ``indent``: body paragraphs print their first line this many
    cells short of the column (the print's indent, which the OCR drops, as on
    fixture pages 000 and 004); 0, the default, prints every line full."""
    rng = random.Random(seed)
    paras = normalise_gold(gold_text)
    gold = gold_join(paras)
    if width is None:
        width = rng.randint(10, 24)
    if not 4 <= width <= 200:
        raise ValueError(f"width {width} out of range")
    xrng = random.Random(seed * 7919 + 17)  # stream of the EXTRA_DAMAGES
    if damages is None:
        on = {d for d in DAMAGES if d not in EXTRA_DAMAGES and rng.random() < RATES[d]}
        on |= {d for d in EXTRA_DAMAGES if xrng.random() < RATES[d]}
        forced = False
    else:
        on = set(damages)
        bad = on - set(DAMAGES)
        if bad:
            raise ValueError(f"unknown damage kinds: {sorted(bad)} (known: {', '.join(DAMAGES)})")
        forced = True
    column_lines = rng.randint(8, 40) if not forced else rng.randint(4, 12)
    pg = _Page(paras, rng, width, on, forced, indent)
    pg.xrng = xrng
    if paras:
        # content damage (gold coordinates)
        for kind in ("letter_spaced", "markdown", "misread", "doubled_word", "halfwidth_punct",
                     "space_digit", "dup_partial"):
            if kind in on:
                getattr(pg, kind)()
        if "space_break" in on:
            cands = [i for i in range(len(paras)) if pg.breaks[i]]
            if cands:
                frac = 1.0 if forced or rng.random() < 0.5 else rng.uniform(0.2, 0.8)
                pg.space_broken = {i for i in cands if rng.random() < frac} or {rng.choice(cands)}
        # layout damage (raw order of units)
        for kind in ("interleave", "headline_move", "dup_block"):
            if kind in on:
                getattr(pg, kind)()
        raw, stats = pg.render(column_lines)
    else:
        raw, stats = "", {"wrap_breaks": 0, "blank_breaks": 0, "space_breaks": 0, "blocks": 0}
    stats["column_lines"] = column_lines
    stats["damages"] = sorted(on)
    return SimPage(raw=raw, gold=gold, events=pg.events, seed=seed, width=width, stats=stats)


# ---------------------------------------------------------------- clean sources
def fixture_gold_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "fixtures" / "gold"


def load_gold_pages(sources: Iterable[str | Path] | None = None) -> list[str]:
    """Gold pages from files or directories (``*.txt``); default: the fixture gold pages."""
    if sources is None:
        sources = [fixture_gold_dir()]
    out: list[str] = []
    for src in sources:
        p = Path(src)
        files = sorted(f for f in p.glob("*.txt") if not f.name.endswith(".notes.md")) if p.is_dir() else [p]
        for f in files:
            out.append(f.read_text(encoding="utf-8"))
    if not out:
        raise FileNotFoundError(f"no gold pages found in {list(map(str, sources))}")
    return out


def split_articles(gold_text: str) -> list[list[str]]:
    """A gold page's articles as lists of paragraphs (see :func:`articles`)."""
    paras = normalise_gold(gold_text)
    kinds = [classify_block(p) for p in paras]
    return [[paras[i] for i in h + r] for h, r in articles(kinds)]


def clean_pages(n: int, seed: int, sources: Iterable[str | Path] | None = None,
                *, max_articles: int = 5) -> list[str]:
    """``n`` varied gold-format pages made by recombining articles of the gold pages.

    Each page takes 1..``max_articles`` articles in random order; each article
    keeps its head (headline, kicker, byline) and a random contiguous run of its
    other paragraphs (at least one).
    """
    rng = random.Random(seed)
    pool = [a for page in load_gold_pages(sources) for a in split_articles(page)]
    pool = [a for a in pool if a]
    out: list[str] = []
    for _ in range(n):
        k = rng.randint(1, min(max_articles, len(pool)))
        page: list[str] = []
        for art in rng.sample(pool, k):
            kinds = [classify_block(p) for p in art]
            h = 0
            while h < len(art) and kinds[h] in HEAD_KINDS:
                h += 1
            rest = art[h:]
            if rest:
                a = rng.randrange(len(rest))
                b = rng.randint(a + 1, min(len(rest), a + 1 + rng.randint(1, 8)))
                rest = rest[a:b] if rng.random() < 0.85 else rest
            page += art[:h] + rest
        out.append(gold_join(page))
    return out


# ---------------------------------------------------------------- CLI
def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", nargs="*",
                   help="clean gold pages or directories of them (default: fixtures/gold)")
    p.add_argument("--out", required=True, help="output directory (raw/, gold/, events/)")
    p.add_argument("--pages", type=int, default=10, help="number of pages to make (default 10)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--damage", action="append", choices=DAMAGES, metavar="KIND",
                   help="switch on only this damage kind (repeatable; default: all at realistic rates). "
                   f"Kinds: {', '.join(DAMAGES)}")
    p.add_argument("--width", type=int, default=None, help="column width 10..24 (default: random per page)")
    p.add_argument("--indent", type=int, default=0,
                   help="print body paragraphs' first lines this many cells short of the column "
                   "(the print's indent, which OCR drops; default 0: every line full)")
    p.add_argument("--recombine", action="store_true",
                   help="recombine articles of the sources into new pages (default: damage the pages as given, cycling)")


def cli_run(args: argparse.Namespace) -> int:
    sources = args.source or None
    try:
        if args.recombine:
            pages = clean_pages(args.pages, args.seed, sources)
        else:
            base = load_gold_pages(sources)
            pages = [base[k % len(base)] for k in range(args.pages)]
    except FileNotFoundError as e:
        print(f"simulate: {e}")
        return 2
    out = Path(args.out)
    for sub in ("raw", "gold", "events"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    damages = set(args.damage) if args.damage else None
    for k, text in enumerate(pages):
        sim = simulate_page(text, args.seed * 1_000_003 + k, damages, args.width, args.indent)
        name = f"{k:04d}"
        (out / "raw" / f"{name}.txt").write_text(sim.raw, encoding="utf-8")
        (out / "gold" / f"{name}.txt").write_text(sim.gold, encoding="utf-8")
        (out / "events" / f"{name}.json").write_text(
            json.dumps(sim.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"simulate: wrote {len(pages)} pages to {out}/raw, {out}/gold, {out}/events")
    return 0
