"""TR: stray traditional forms in a simplified-Chinese page (OCR or converter mixing).

Per character, never a whole-page conversion. A character is a candidate when
OpenCC's t2s maps it (on its own) to exactly one other character, the
character is not part of GB 2312 (so it is not also a valid simplified
character: 乾, 著, 麽, 於 stay) and its simplified form is. The table is built
once per process with a single OpenCC call over all Han code points.

A page qualifies only when it is otherwise simplified: it has enough
simplified-only characters (们, 这, 发 ...) and the candidates are a small share
of them. Each run of candidates is one proposal; OpenCC's phrase-level
conversion of a small window around the run is a cross-check (if it
disagrees, the proposal's confidence drops). UNSAFE by default (rule ceiling);
``[rule.params] allow`` lists characters and words that stay (names,
legitimate variants).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..charclass import KANA
from ..model import Applicability, Document, Edit, Proposal, make_proposal
from ..pipeline import Context, Pass
from .chars import _char_class, run_re

_KANA_RE = re.compile(f"[{KANA}]")
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _in_gb2312(c: str) -> bool:
    try:
        c.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    import opencc

    t2s = _t2s()
    # s2t only builds the tables: not kept (its dictionaries are ~27 MB of C
    # memory in every process; t2s's are ~2 MB)
    s2t = opencc.OpenCC("s2t")
    chars = [chr(c) for lo, hi in _HAN_RANGES for c in range(lo, hi + 1)]
    gb = {c for c in chars if _in_gb2312(c)}
    conv = t2s.convert("\n".join(chars)).split("\n")
    table: dict[str, str] = {}
    for c, s in zip(chars, conv):
        if len(s) == 1 and s != c and c not in gb and s in gb:
            table[c] = s
    gbl = sorted(gb)
    back = s2t.convert("\n".join(gbl)).split("\n")
    simp_only = [c for c, t in zip(gbl, back) if t != c]
    return table, run_re(_char_class(list(table))), re.compile(f"[{_char_class(simp_only)}]")


@lru_cache(maxsize=8)
def candidate_tables(extra: str = "") -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    """(traditional char -> simplified char, regex of candidate runs, regex of
    simplified-only chars), with the ``extra`` characters added as candidates."""
    table, cand_re, simp_re = _tables()
    if not extra:
        return table, cand_re, simp_re
    table = dict(table)
    t2s = _t2s()
    for c in extra:
        s = t2s.convert(c)
        if len(s) == 1 and s != c:
            table[c] = s
    return table, run_re(_char_class(list(table))), simp_re


def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    text = doc.text
    params = ctx.params("TR001")
    extra = str(params.get("extra_candidates", ""))
    table, cand_re, simp_re = candidate_tables(extra)
    runs = list(cand_re.finditer(text))
    if not runs:
        return
    allow = [str(w) for w in params.get("allow", [])]
    allow_chars = {w for w in allow if len(w) == 1}
    allow_words = [w for w in allow if len(w) > 1]
    n_trad = sum(m.end() - m.start() for m in runs)
    n_simp = 0
    need = max(int(params.get("min_simplified", 3)), int(n_trad / float(params.get("max_share", 0.25))))
    for _ in simp_re.finditer(text):
        n_simp += 1
        if n_simp >= need:
            break
    if n_simp < need:
        return  # a traditional page (or too little simplified text to tell)
    t2s = _t2s()
    win = 4
    for m in runs:
        s, e = m.span()
        run = m.group()
        if any(c in allow_chars for c in run):
            continue
        if allow_words and any(0 <= text.find(w, max(0, s - len(w) + 1), e + len(w) - 1) for w in allow_words):
            continue
        ws, we = max(0, s - win), min(len(text), e + win)
        if _KANA_RE.search(text, ws, we):
            continue  # Japanese: kyūjitai are not strays
        repl = "".join(table[c] for c in run)
        window = text[ws:we]
        phrase = t2s.convert(window)
        agrees = len(phrase) == len(window) and phrase[s - ws:e - ws] == repl
        conf = 0.85 if agrees else 0.6
        yield make_proposal(
            doc, "TR001", f"stray traditional form {run} -> {repl}", [Edit(s, e, repl)],
            confidence=conf, applicability=Applicability.UNSAFE,
            evidence={"opencc_phrase": phrase if not agrees else "agrees", "simplified_chars_seen": n_simp},
        )


PASSES = [Pass("trad", ("TR001",), _run, description="stray traditional forms in a simplified page")]
