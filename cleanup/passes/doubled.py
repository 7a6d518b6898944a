"""DW: words and characters the OCR doubled inside a sentence.

- DW001 ``doubled-word``: a word of 2..4 characters written twice in a row
  (发展发展, 达产达产, 治疗治疗) keeps one copy. Kept: forms the lexicon knows
  as words (谢谢谢谢 is not, 研究研究 is reduplication), numeral + measure
  word runs (一个一个); verbs that reduplicate in speech (研究研究, 讨论讨论,
  listed in ``rules/data/reduplication.txt``) are only UNSAFE proposals.
- DW002 ``doubled-character``: one character written twice (做好好, 优惠惠)
  keeps one copy when a lexicon word ends at the first copy and none starts at
  the second (or the other way round) and the doubled form is not itself a
  word. Kept: AA words (天天, 常常, 看看, listed or in the lexicon), AABB
  shapes (干干净净), numeral + measure word (一粒粒, 一批批), and a split into
  two words (呼和浩特市|市委, 掺杂|杂质).

The second copy is removed; the text is otherwise untouched.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..model import Document, Edit, Proposal, make_proposal
from ..pipeline import Context, Pass
from ..rules import default_rules_dir

_H = "\u3400-\u4dbf\u4e00-\u9fff"
_WORD2 = re.compile(f"([{_H}]{{2,4}})\\1")
_CHAR2 = re.compile(f"([{_H}])\\1")
NUMERALS = set("一二两三四五六七八九十百千万几每数0123456789０１２３４５６７８９")

DEFAULTS = {"min_freq": 20, "data": "data/reduplication.txt"}


@lru_cache(maxsize=4)
def whitelist(path: str) -> tuple[frozenset[str], frozenset[str]]:
    """(AA forms, ABAB base words) from the reduplication data file."""
    aa: set[str] = set()
    abab: set[str] = set()
    p = Path(path)
    if not p.is_absolute():
        p = default_rules_dir() / p
    if p.exists():
        for line in p.read_text(encoding="utf-8").splitlines():
            for tok in line.split("#", 1)[0].split():
                if tok.endswith("*"):
                    abab.add(tok[:-1])
                else:
                    aa.add(tok)
    return frozenset(aa), frozenset(abab)


@lru_cache(maxsize=1)
def _lex():
    from ..lexicon import get_lexicon

    return get_lexicon()


def _params(ctx: Context) -> dict:
    prm = dict(DEFAULTS)
    try:
        prm.update(ctx.params("DW001"))
    except Exception:
        pass
    return prm


def _is_measure(ch: str) -> bool:
    return _lex().tags.get(ch, "") == "q" or ch in "粒批项次件个步条层张座位名家所"


_GAP = " \t\n\u3000"


def _before(text: str, end: int, n: int = 6) -> str:
    """Up to n characters before ``end``, skipping spaces and line breaks
    (a word cut by an old line break is still a word: the spaces and lines
    passes run after this one)."""
    out = []
    i = end - 1
    while i >= 0 and len(out) < n:
        if text[i] not in _GAP:
            out.append(text[i])
        i -= 1
    return "".join(reversed(out))


def _after(text: str, start: int, n: int = 6) -> str:
    """Up to n characters from ``start``, skipping spaces and line breaks."""
    out = []
    i = start
    while i < len(text) and len(out) < n:
        if text[i] not in _GAP:
            out.append(text[i])
        i += 1
    return "".join(out)


def _word_ending(text: str, end: int, min_freq: int) -> str:
    """Longest lexicon word (2..6 chars) ending at ``end`` (exclusive)."""
    f = _lex().freq
    tail = _before(text, end)
    for ln in (6, 5, 4, 3, 2):
        if len(tail) >= ln:
            w = tail[-ln:]
            if f.get(w, 0) >= min_freq:
                return w
    return ""


def _word_starting(text: str, start: int, min_freq: int) -> str:
    f = _lex().freq
    head = _after(text, start)
    for ln in (6, 5, 4, 3, 2):
        w = head[:ln]
        if len(w) == ln and f.get(w, 0) >= min_freq:
            return w
    return ""


# POS tags (jieba) of words that repeat for emphasis (DW001 only unsafe):
# adjectives, pronouns, numerals, states. Not adverbs: on simulator pages a
# doubled adverb (逐步逐步, 至少至少) was the OCR's 35 times to 4 (很紧很紧)
_REDUP_TAGS = frozenset("amrz")
# a reduplicated verb takes a person as its object (上晃上晃他, 帮助帮助她)
_PERSONS = frozenset("他她你我它咱您")
# POS tags of single characters that are words of their own after a word
# ending in the same character (DW002 only unsafe)
_FUNCTION_TAGS = frozenset("pcudrv")
_NAME_TAGS = frozenset(("nr", "ns", "nz", "nrt", "nrfg"))
_DIGITS = frozenset("〇零一二两三四五六七八九十百千万亿0123456789０１２３４５６７８９")


def _spans_split(text: str, s: int, n: int, freq: dict, mf: int) -> bool:
    """The first copy ends a longer word and the second starts a longer one
    (天主教|主教团): two words that share the letters, not a doubling."""
    e = s + n
    ends = any(freq.get(text[a:e], 0) >= mf for a in range(max(0, e - 6), s))
    starts = any(freq.get(text[e:b], 0) >= mf for b in range(e + n + 1, min(len(text), e + 6) + 1))
    return ends and starts


def _word_across(text: str, a0: int, cut: int, b1: int, freq: dict, mf: int) -> bool:
    """A lexicon word of 3..6 characters starts in a0..cut-1 and ends after
    ``cut`` (at most at b1): the doubled letters are read inside a longer
    word (委内瑞拉|加拉加斯: 拉加拉加 is 拉 + 加拉加斯; 赤裸裸, 祖祖辈辈)."""
    for a in range(max(0, a0), cut):
        for b in range(max(cut + 1, a + 3), min(len(text), b1, a + 6) + 1):
            if freq.get(text[a:b], 0) >= mf:
                return True
    return False


_SPEECH_NEXT = frozenset("，！？…,!?")


def _in_speech(text: str, s: int, e: int) -> bool:
    """The doubling opens or fills a clause of direct speech (“请坐请坐，喝杯早茶”,
    “过奖过奖，不敢当不敢当！”): inside a quotation that is still open on its
    line and followed by a clause mark, where speakers repeat a phrase. A
    doubled term closed by its quote (“用心用心”) is the OCR's."""
    if e >= len(text) or text[e] not in _SPEECH_NEXT:
        return False
    ls = text.rfind("\n", 0, s) + 1
    line = text[ls:s]
    opened = max(line.rfind("“"), line.rfind("『"), line.rfind("「"))
    if opened >= 0:
        return opened > max(line.rfind("”"), line.rfind("』"), line.rfind("」"))
    return line.count('"') % 2 == 1


def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    text = doc.text
    prm = _params(ctx)
    aa, abab = whitelist(prm["data"])
    lx = _lex()
    freq, tags = lx.freq, lx.tags
    mf = prm["min_freq"]
    taken: list[tuple[int, int]] = []
    for m in _WORD2.finditer(text):
        w = m.group(1)
        n = len(w)
        s = m.start()
        if len(set(w)) == 1:
            continue  # 哈哈哈哈: AA material
        if (w + w) in freq or w + w in aa:
            continue
        if n == 2 and w[0] in NUMERALS and _is_measure(w[1]):
            continue  # 一个一个
        if w[0] == "一":
            continue  # 一节一节, 一文钱一文钱: one by one
        if n == 2 and w[1] == "着":
            continue  # 想着想着, 走着走着: while doing
        if text[m.end():m.end() + n] == w:
            continue  # three copies: not an OCR doubling we understand
        if _spans_split(text, s, n, freq, mf):
            continue  # 天主教|主教团: the copies belong to two longer words
        if _word_across(text, s - 3, s + n, s + 2 * n + 3, freq, mf):
            continue  # 委内瑞拉加拉加斯: a longer word across the two copies
        f = freq.get(w, 0)
        tag = tags.get(w, "")
        if w in abab:
            conf, why = 0.6, "a verb that reduplicates in speech (研究研究): unclear"
        elif tag[:1] == "v" and text[m.end():m.end() + 2].lstrip("”’』」\"'")[:1] in _PERSONS:
            conf, why = 0.6, f"the verb {w} reduplicated before a person (商量商量他): unclear"
        elif _in_speech(text, s, m.end()):
            conf, why = 0.6, f"{w}{w} in direct speech: maybe repeated by the speaker (请坐请坐，)"
        elif tag[:1] in _REDUP_TAGS or (tag in _NAME_TAGS and f < 1000):
            # adjectives, pronouns, numerals and states repeat for emphasis
            # (墨黑墨黑, 那么那么, 多少多少), and rare names: only unsafe
            conf, why = 0.6, f"{w} ({tag}) may be repeated for emphasis"
        elif f >= mf:
            conf, why = 0.95, f"the word {w} written twice"
        else:
            conf, why = 0.7, f"{w} written twice (not a lexicon word)"
        taken.append((s, m.end()))
        yield make_proposal(doc, "DW001", f"doubled word {w}{w} -> {w}",
                            [Edit(s + n, s + 2 * n, "")], confidence=conf,
                            evidence={"word": w, "freq": f, "why": why})
    for m in _CHAR2.finditer(text):
        s = m.start()
        if any(a <= s < b for a, b in taken):
            continue
        x = m.group(1)
        xx = x + x
        prev = text[s - 1:s]
        nxt = text[s + 2:s + 3]
        if nxt == x or prev == x:
            continue  # three or more: 哈哈哈
        if xx in aa:
            continue
        if prev and prev in NUMERALS and _is_measure(x):
            continue  # 一粒粒, 一批批
        if prev == "一":
            continue  # 一点点, 一排排, 一双双: one X after another
        if nxt and nxt in "的地得":
            continue  # 黑洞洞的, 痴呆呆地, 长长的: reduplication before 的/地
        if x in _DIGITS and (prev in _DIGITS or nxt in _DIGITS):
            continue  # 一九九八: a number
        # the pair with up to 3 characters either side, spaces and line breaks
        # skipped (干干 净净 and 祖 祖辈辈 are cut by an old line break)
        bt = _before(text, s, 3)
        near = bt + xx + _after(text, s + 2, 3)
        i = len(bt)
        if _word_starting(text, s, mf)[2:3] or _word_across(near, i - 3, i + 1, i + 5, freq, mf):
            continue  # 心心相印, 赤裸裸, 祖祖辈辈: a word of 3+ characters holds both copies
        # AABB: 干干净净 / AABB's second half
        if len(near) >= i + 4 and near[i + 2] == near[i + 3] != x:
            continue
        if i >= 2 and near[i - 2] == near[i - 1] != x:
            continue
        left = _word_ending(text, s + 1, mf)
        right = _word_starting(text, s + 1, mf)
        if left and right:
            continue  # 呼和浩特市|市委, 掺杂|杂质
        in_lex = freq.get(xx, 0) >= mf
        if in_lex:
            if not left:
                continue
            after = _word_starting(text, s + 2, mf)
            if after and tags.get(after, "")[:1] == "v":
                continue  # 要紧紧围绕: an adverb before a verb
            if not after and nxt and nxt in "，。、；：？！":
                continue
            conf, why = 0.86, f"{left} then a stray {x} ({xx} is a word, but not here)"
            if tags.get(x, "")[:1] in _FUNCTION_TAGS:
                conf, why = 0.8, f"{left} then {x}, a word of its own ({xx} is a word, but not here)"
            elif tags.get(left, "")[:1] != "v":
                # 做好好 is a verb and its complement stuttered; after a noun or
                # an adjective, A+BB is a reduplicated form (软绵绵, 赤裸裸, 山丹丹)
                conf, why = 0.8, f"{left}{x}: maybe a reduplicated form ({xx} is a word)"
        elif left:
            conf, why = 0.92, f"{left} with a doubled {x}"
            if tags.get(x, "")[:1] in _FUNCTION_TAGS:
                # 社会|会有, 可以|以实行, 反对|对伊: the second copy is a word
                # of its own (a preposition, verb, pronoun ...)
                conf, why = 0.8, f"{left} then {x}, a word of its own"
            elif tags.get(left, "") in _NAME_TAGS:
                # 北京|京港, 吉尔吉斯|斯坦: a name, then an abbreviation or
                # another name starting with the same character
                conf, why = 0.8, f"the name {left} then {x}"
        elif right:
            # the OCR stutters at the end of a word (做好好, 优惠惠); a first
            # copy that ends no known word may end an unknown one (a name, a
            # misread word) before a word starting with the same character
            conf, why = 0.8, f"{right} with a doubled {x} (no word ends at the first copy)"
        else:
            conf, why = 0.6, f"{x} doubled (no word on either side)"
        yield make_proposal(doc, "DW002", f"doubled character {xx} -> {x}",
                            [Edit(s + 1, s + 2, "")], confidence=conf,
                            evidence={"char": x, "left": left, "right": right, "why": why})


PASSES = [Pass("doubled", ("DW001", "DW002"), _run, description="doubled words and characters")]
