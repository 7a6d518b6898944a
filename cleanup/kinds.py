"""Paragraph kinds: headline, kicker, byline, dateline, caption, jump, label, body.

``classify_blocks`` takes the blocks of a page (text between blank lines) and
returns one kind per block. Later passes (joins, reading order) and the TUI use
the kinds exposed on ``Document.paragraphs``.
"""
from __future__ import annotations

import re

HEADLINE = "headline"
KICKER = "kicker"
BYLINE = "byline"
DATELINE = "dateline"
CAPTION = "caption"
JUMP = "jump"
LABEL = "label"
BODY = "body"

KINDS = (HEADLINE, KICKER, BYLINE, DATELINE, CAPTION, JUMP, LABEL, BODY)

_TERMINAL = "。！？…”’」』）)!?;；"

_JUMP = re.compile(r"^[（(]\s*[上下]接第?\s*[0-9０-９一二三四五六七八九十]+\s*版\s*[）)]$")
_BYLINE = re.compile(r"^(?:[●□■◆○]\s*)?(?:本报记者|记者|本报通讯员|通讯员|实习生|文/|文／)[^\n。，,]{1,40}$|^[●□■]\s*\S{2,4}(?:\s+\S{2,4}){0,4}$|^[（(](?:记者|通讯员)?\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*[）)]$")
_DATELINE = re.compile(r"^(?:本报讯\s*[（(][^）)]{0,30}[）)]|新华社[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电|本报[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日讯)")
_CAPTION = re.compile(r"(?:\s摄|^[▲▶△►]|本版图片由.{0,30}提供$|^图为)")
_KICKER = re.compile(r"^[—\-一]{2}\s*\S")
_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,8}[:：]$|^(?:采访手记|编者按|记者手记|短评|链接|相关链接|背景)$")


def classify_block(text: str) -> str:
    """Kind of one block (its lines joined)."""
    t = text.strip()
    flat = t.replace("\n", "")
    if not flat:
        return BODY
    first = t.split("\n", 1)[0].lstrip("#* ").strip()
    if _JUMP.match(flat):
        return JUMP
    if _LABEL.match(flat):
        return LABEL
    if _DATELINE.match(first):
        return DATELINE
    if len(flat) <= 60 and _CAPTION.search(flat):
        return CAPTION
    if _BYLINE.match(flat):
        return BYLINE
    if _KICKER.match(first) and len(flat) <= 60:
        return KICKER
    if t.startswith("#"):
        return HEADLINE
    if len(flat) <= 30 and flat[-1] not in _TERMINAL and "，" not in flat and "," not in flat:
        return HEADLINE
    return BODY


def classify_blocks(blocks: list[str]) -> list[str]:
    return [classify_block(b) for b in blocks]
