"""DW: words and characters the OCR doubled inside a sentence.

- DW001 ``doubled-word``: a word of 2..4 characters written twice in a row
  (发展发展, 达产达产, 治疗治疗) keeps one copy. Kept: forms the lexicon knows
  as words, numerals and measure words "one by one" (一个一个地), a split into
  two words (天主教|主教团). Only UNSAFE where the evidence goes both ways:
  words that reduplicate in speech (研究研究, 如何如何, listed in
  ``rules/data/reduplication.txt``), ABAB of an emphatic shape where an
  emphatic form stands (很远很远，, 墨黑墨黑的), rare person names, a
  preposition before a longer word (根据|根据地), a pair whose two sides
  stand elsewhere on the page (a table), the same doubling twice on a page.
  :func:`_judge_word` gives the verdict and its reason.
- DW002 ``doubled-character``: one character written twice (做好好, 优惠惠)
  keeps one copy when a lexicon word ends at the first copy and none starts at
  the second (or the other way round) and the doubled form is not itself a
  word. Kept: AA words (天天, 常常, 看看, listed or in the lexicon), AABB
  shapes (干干净净), numeral + measure word (一粒粒, 一批批), and a split into
  two words (呼和浩特市|市委, 掺杂|杂质). Only UNSAFE: a word at the second
  copy if the next character is a misread (我国|国清), another doubled
  character close by (种粮粮难收，种树树不长).

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


# a reduplicated verb takes a person as its object (上晃上晃他, 帮助帮助她)
_PERSONS = frozenset("他她你我它咱您")
# POS tags of single characters that are words of their own after a word
# ending in the same character (DW002 only unsafe)
_FUNCTION_TAGS = frozenset("pcudrv")
_NAME_TAGS = frozenset(("nr", "ns", "nz", "nrt", "nrfg"))
_PERSON_TAGS = frozenset(("nr", "nrt", "nrfg"))
_PLAIN_DIGITS = frozenset("〇零一二三四五六七八九0123456789０１２３４５６７８９")
_DIGITS = frozenset("〇零一二两三四五六七八九十百千万亿0123456789０１２３４５６７８９")


def _split_words(text: str, s: int, n: int, freq: dict, mf: int) -> tuple[int, int] | None:
    """The first copy ends a longer word and the second starts a longer one
    (天主教|主教团): (start of the first word, end of the second), the longest
    of each, or None."""
    e = s + n
    a = next((a for a in range(max(0, e - 6), s) if freq.get(text[a:e], 0) >= mf), -1)
    if a < 0:
        return None
    b = next((b for b in range(min(len(text), e + 6), e + n, -1) if freq.get(text[e:b], 0) >= mf), -1)
    return (a, b) if b > 0 else None


def _merged_known(text: str, a: int, s: int, n: int, b: int, freq: dict, mf: int) -> str:
    """The two words of a split (a..s+n, s+n..b) read with one copy: the
    merged form when the lexicon knows it or the page has it elsewhere
    (人民代表|代表大会 -> 人民代表大会, 新闻出版|出版署 -> 新闻出版署): then the
    split is an OCR doubling inside one name. Else ''."""
    merged = text[a:s + n] + text[s + 2 * n:b]
    return merged if freq.get(merged, 0) >= mf or merged in text else ""


def _page_units(text: str, s: int, n: int) -> bool:
    """The page has the first copy with the three characters before it, and
    the second copy with the three after it, elsewhere too, but never the pair
    read with one copy (从业人员|人员（万人）in a table): two units of the
    page meet here. After an OCR doubling of a phrase the page repeats, the
    phrase read once is on the page too."""
    w = text[s:s + n]
    left = _before(text, s, 3) + w
    right = w + _after(text, s + 2 * n, 3)
    if len(left) < n + 3 or len(right) < n + 3:
        return False
    flat = _flat(text)
    return flat.count(left) >= 2 and flat.count(right) >= 2 and (left[:3] + right) not in flat


@lru_cache(maxsize=2)
def _flat(text: str) -> str:
    """The page without spaces and line breaks (a phrase cut by an old line
    break is still the phrase)."""
    return text.translate(_NO_GAP)


_NO_GAP = str.maketrans("", "", _GAP)


def _word_across(text: str, a0: int, cut: int, b1: int, freq: dict, mf: int,
                 inner: tuple[int, int] = (0, 0)) -> bool:
    """A lexicon word of 3..6 characters starts in a0..cut-1 and ends after
    ``cut`` (at most at b1): the doubled letters are read inside a longer
    word (委内瑞拉|加拉加斯: 拉加拉加 is 拉 + 加拉加斯; 赤裸裸, 祖祖辈辈). Words
    inside ``inner`` do not count: ABAB always holds BAB and ABA, and a word
    made of the doubled letters alone (有没有, 百分百) says nothing."""
    lo, hi = inner
    for a in range(max(0, a0), cut):
        for b in range(max(cut + 1, a + 3), min(len(text), b1, a + 6) + 1):
            if freq.get(text[a:b], 0) >= mf and not (lo <= a and b <= hi):
                return True
    return False


# look-alikes of this weight (the pycorrector groups) and words this frequent
# make the character after a doubled one a possible misread
_MISREAD_WEIGHT = 0.85
_MISREAD_MIN_FREQ = 100
_NEAR_PAIR = 8  # characters either side searched for another doubled character


@lru_cache(maxsize=1)
def _confusion():
    from ..confusion import get_confusion

    return get_confusion()


def _word_if_misread(x: str, nxt: str, freq: dict) -> str:
    """A frequent word x + c where c looks like ``nxt`` (国 + 清 -> 国情): a
    word may start at the second copy, the character after it misread."""
    if not nxt:
        return ""
    for c, wt in _confusion().partners(nxt).items():
        if wt >= _MISREAD_WEIGHT and freq.get(x + c, 0) >= _MISREAD_MIN_FREQ:
            return x + c
    return ""


def _pair_near(text: str, s: int) -> bool:
    """Another doubled character within _NEAR_PAIR characters of the pair at s."""
    return bool(_CHAR2.search(text[max(0, s - _NEAR_PAIR):s]) or
                _CHAR2.search(text[s + 2:s + 2 + _NEAR_PAIR]))


_SPEECH_NEXT = frozenset("，！？…,!?")


def _in_speech(text: str, s: int, e: int) -> bool:
    """The doubling opens or fills a clause of direct speech (“请坐请坐，喝杯早茶”,
    “客气客气，不敢当不敢当！”): inside a quotation that is still open on its
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


# a word after a numeral phrase that makes 一X一X / 三个三个 "one by one"
# (一步一步深入, 一点一点弯成): verbs, adverbs, prepositions, adjectives, conjunctions
_ONE_BY_ONE_NEXT = frozenset("vdpac")
_CLAUSE_MARKS = frozenset("，。、；：？！…,;:?!")


def _next_word(text: str, start: int, freq: dict, mf: int) -> str:
    """The longest lexicon word starting at ``start`` (gaps skipped), else
    the character there."""
    return _word_starting(text, start, mf) or _after(text, start, 1)


def _numeral_phrase(text: str, s: int, n: int, freq: dict, tags: dict, mf: int) -> tuple | None:
    """A doubled numeral + measure word (一个一个, 一节一节, 三个三个).

    Returns None when it is read like any other word (the OCR's): the first
    copy is the tail of a longer word or number (第一次|一次, 每一个|一个,
    进一步|一步, 三十一日|一日), or a noun, a number or a date follows
    (三个三个主题, 一月一月七日). Returns "keep" before 的/地/得 (一个一个地检查,
    the "one by one" reading), and an unsafe verdict before a verb, adverb,
    adjective or a clause mark (一步一步深入: either reading), and for 一 and
    a measure word before a noun (推敲一个一个关节点)."""
    prev = _before(text, s, 1)
    if prev and (prev in _DIGITS or any(freq.get(text[a:s + n], 0) >= mf
                                        for a in range(max(0, s - 4), s))):
        return None
    nxt = _after(text, s + 2 * n, 1)
    if nxt and nxt in "的地得":
        return ("keep",)
    if not nxt or nxt in _CLAUSE_MARKS:
        return (0.6, f"{text[s:s + n]}{text[s:s + n]}: one by one? (before a clause mark)")
    word = _next_word(text, s + 2 * n, freq, mf)
    if word[:1] in _DIGITS:
        return None
    if tags.get(word, "")[:1] in _ONE_BY_ONE_NEXT:
        return (0.6, f"{text[s:s + n]}{text[s:s + n]} before {word}: one by one?")
    if text[s] == "一" and n == 2 and _is_measure(text[s + 1]):
        # 推敲一个一个关节点: "one by one" before a noun too (三个三个主题 is not)
        return (0.6, f"{text[s:s + n]}{text[s:s + n]} before {word}: one by one?")
    return None


def _emphatic_shape(w: str, tags: dict) -> bool:
    """``w`` has the shape of the words whose ABAB is an emphatic form: a
    state word (z: 雪白, 碧蓝), a degree adverb and an adjective (很紧, 最难),
    or a modifier and an adjective the lexicon does not tag as a plain
    adjective (墨黑 ns, 细长 n). Plain adjectives (沉稳, 高效, 独特) double
    as AABB, not ABAB; time words (最近) do not double."""
    tag = tags.get(w, "")
    if tag[:1] in "ft":
        return False
    if tag == "z":
        return True
    first, last = tags.get(w[0], ""), tags.get(w[-1], "")
    if last[:1] != "a":
        return False
    return first[:1] == "d" or first == "zg" or tag[:1] not in "ad"


def _degree_numeral(w: str, tags: dict) -> bool:
    """A numeral word after a degree word (很多, 好多): 很多很多 is emphatic."""
    first = tags.get(w[0], "")
    return first[:1] in "da" or first == "zg"


_EMPHASIS_NEXT = frozenset("的地得") | _CLAUSE_MARKS | frozenset("”’』」\"'")


def _emphasis_slot(text: str, s: int, e: int, freq: dict, tags: dict, mf: int) -> bool:
    """The doubled form stands where an emphatic ABAB does: before 的/地/得,
    a clause mark, a closing quote, an adverb or the end (墨黑墨黑，, 很远很远的北方,
    那么那么地蓝, 老远老远就), or after 得 (抓得很紧很紧). Before a noun or a
    verb it is the OCR's (本报本报记者, 隆重隆重开幕, 这个这个美人鱼)."""
    nxt = _after(text, e, 1)
    if not nxt or nxt in _EMPHASIS_NEXT or _before(text, s, 1) == "得":
        return True
    return tags.get(_next_word(text, e, freq, mf), "")[:1] == "d"


def _judge_word(text: str, s: int, n: int, prm: dict, aa: frozenset, abab: frozenset) -> tuple:
    """DW001's verdict on ``text[s:s+2n]`` (a word of n characters twice):
    ("keep", reason) or (confidence, why)."""
    lx = _lex()
    freq, tags = lx.freq, lx.tags
    mf = prm["min_freq"]
    w = text[s:s + n]
    e = s + 2 * n
    if len(set(w)) == 1:
        return ("keep", "AA material (哈哈哈哈)")
    if (w + w) in freq or w + w in aa:
        return ("keep", "the doubled form is a word")
    if all(c in _PLAIN_DIGITS for c in w):
        return ("keep", "digits of a number (一九一九年)")
    numeral = w[0] in NUMERALS and (w[0] == "一" or (n == 2 and _is_measure(w[1])))
    if numeral:
        v = _numeral_phrase(text, s, n, freq, tags, mf)
        if v is not None:
            return ("keep", "numeral + measure before 的/地/得: one by one") if v[0] == "keep" else v
    if n == 2 and w[1] == "着":
        # 想着想着，她… / 走着走着就到了: "while doing" opens a clause, before
        # a clause mark or an adverb; elsewhere (有着有着相似经历) it may be
        # the OCR's
        nxt = _after(text, e, 1)
        if not nxt or nxt in _CLAUSE_MARKS or tags.get(_next_word(text, e, freq, mf), "")[:1] == "d":
            return ("keep", "V着V着 opening a clause: while doing")
        return (0.6, f"{w}{w}: V着V着 (while doing)?")
    if text[e:e + n] == w:
        return ("keep", "three copies: not an OCR doubling we understand")
    split = _split_words(text, s, n, freq, mf)
    merged = ""
    if split:
        merged = _merged_known(text, split[0], s, n, split[1], freq, mf)
        if not merged:
            return ("keep", "the copies belong to two longer words (天主教|主教团)")
    elif _word_across(text, s - 3, s + n, e + 3, freq, mf, (s, e)):
        return ("keep", "a longer word across the two copies (委内瑞拉加拉加斯)")
    f = freq.get(w, 0)
    tag = tags.get(w, "")
    longer = _word_starting(text, s + n, mf)
    if merged:
        return (0.9, f"{merged} with {w} written twice (a split into two words would not be a known word)")
    if w in abab:
        return (0.6, f"{w}{w}: a word that reduplicates in speech (研究研究, 如何如何): unclear")
    if tag[:1] == "v" and text[e:e + 2].lstrip("”’』」\"'")[:1] in _PERSONS:
        return (0.6, f"the verb {w} reduplicated before a person (商量商量他): unclear")
    if _in_speech(text, s, e):
        return (0.6, f"{w}{w} in direct speech: maybe repeated by the speaker (请坐请坐，)")
    if tag in _PERSON_TAGS and f < 1000 and not split and len(longer) <= n and \
            not _word_ending(text, s + n, mf)[n:]:
        # rare person names, often other words (香甜, 老远), or a headline's
        # name then the body's (会见钱其琛|钱其琛与): only unsafe
        return (0.6, f"{w} ({tag}) may be a name repeated, or another word")
    if tag[:1] == "m" and not numeral and _degree_numeral(w, tags):
        return (0.6, f"{w} ({tag}) may be repeated for emphasis (很多很多)")
    if _emphatic_shape(w, tags) and _emphasis_slot(text, s, e, freq, tags, mf):
        # 墨黑墨黑，, 很紧很紧。, 细长细长的: only unsafe where an emphatic
        # form stands
        return (0.6, f"{w} ({tag}) may be repeated for emphasis")
    if _flat(text).count(w + w) >= 2:
        # an OCR doubling is an accident; the same one twice on a page is the text's
        return (0.6, f"{w}{w} stands more than once on the page")
    if tag[:1] in "pc" and len(longer) > n:
        # 党委根据|根据地: a preposition or conjunction, then a longer word
        # it governs starting with the same letters
        return (0.6, f"{w} ({tag}) may govern {longer}")
    if _page_units(text, s, n):
        return (0.6, f"{w}|{w}: both sides stand elsewhere on the page, never read once (a table?)")
    if f >= mf:
        return (0.95, f"the word {w} written twice")
    return (0.7, f"{w} written twice (not a lexicon word)")


def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    text = doc.text
    prm = _params(ctx)
    aa, abab = whitelist(prm["data"])
    lx = _lex()
    freq, tags = lx.freq, lx.tags
    mf = prm["min_freq"]
    taken: list[tuple[int, int]] = []
    pos = 0
    while (m := _WORD2.search(text, pos)) is not None:
        n = len(m.group(1))
        if freq.get(m.group(1), 0) < mf:
            # 去年上半年上半年: 年上半|年上半 comes first, 上半年|上半年 is the word
            for k in range(1, n):
                m2 = _WORD2.match(text, m.start() + k)
                if m2 and len(m2.group(1)) == n and freq.get(m2.group(1), 0) >= mf:
                    m = m2
                    break
        w = m.group(1)
        s = m.start()
        conf, why = _judge_word(text, s, n, prm, aa, abab)
        if conf == "keep":
            # 去年上半年上半年: the kept 年上半|年上半 overlaps the real pair
            pos = s + 1
            continue
        pos = m.end()
        taken.append((s, m.end()))
        yield make_proposal(doc, "DW001", f"doubled word {w}{w} -> {w}",
                            [Edit(s + n, s + 2 * n, "")], confidence=conf,
                            evidence={"word": w, "freq": freq.get(w, 0), "why": why})
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
            misread = _word_if_misread(x, _after(text, s + 2, 1), freq)
            if misread:
                # 我国国清: 国情 starts at the second copy once 清 is read right
                conf, why = 0.6, f"{left} then {misread}, if {misread[1]} was misread"
            elif tags.get(x, "")[:1] in _FUNCTION_TAGS:
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
        if conf > 0.6 and _pair_near(text, s):
            # 种粮粮难收，种树树不长: two doubled characters a few characters
            # apart are a pattern of the sentence, not two OCR stutters
            conf, why = 0.6, f"{xx} next to another doubled character: a pattern of the text?"
        yield make_proposal(doc, "DW002", f"doubled character {xx} -> {x}",
                            [Edit(s + 1, s + 2, "")], confidence=conf,
                            evidence={"char": x, "left": left, "right": right, "why": why})


PASSES = [Pass("doubled", ("DW001", "DW002"), _run, description="doubled words and characters")]
