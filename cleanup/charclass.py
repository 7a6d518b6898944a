"""Character classes shared by all passes (regex fragments and predicates)."""
from __future__ import annotations

import re

# Han ideographs (URO, Ext A, compatibility) — the "Chinese character" of every rule
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese (full-width) punctuation used in running text
ZH_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·～"
# sentence-final punctuation (a line ending with one of these may end a paragraph)
TERMINAL = "。！？…”’」』"

HAN_RE = re.compile(f"[{HAN}]")
HAN_RUN_RE = re.compile(f"[{HAN}]+")


def is_han(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff")


def has_han(s: str) -> bool:
    return HAN_RE.search(s) is not None


def is_zh_punct(ch: str) -> bool:
    return bool(ch) and ch in ZH_PUNCT


# --- added for the normalisation passes (issue 3) -------------------------
# Punctuation that only Chinese (CJK) text uses: full-width forms, the CJK
# Symbols and Punctuation block (、。《》「」 ideographic space ...) and the
# Chinese punctuation of ZH_PUNCT that English text does not share.
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\ufe10-\ufe1f\ufe30-\ufe4f"
# punctuation shared by Chinese and Western typography (curly quotes, em dash,
# ellipsis, middle dot): Chinese only when a neighbour is
SHARED_PUNCT = "“”‘’—…·"
# a character that makes a text "Chinese": a Han character or CJK-only punctuation
CHINESE = HAN + CJK_PUNCT
CHINESE_RE = re.compile(f"[{CHINESE}]")
LATIN = "A-Za-z"
DIGIT = "0-9"
KANA = "\u3040-\u30ff\u31f0-\u31ff"


def has_chinese(s: str) -> bool:
    """A Han character or CJK-only punctuation anywhere in ``s`` (curly quotes,
    em dashes and ellipses alone do not make a text Chinese)."""
    return CHINESE_RE.search(s) is not None
