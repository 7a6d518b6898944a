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
