"""Paragraph kinds: headline, kicker, byline, dateline, caption, jump, label, body.

Public API (other passes, the simulator and the TUI rely on it; keep it stable):

- the kind constants (``HEADLINE`` ... ``BODY``), ``KINDS``, ``HEAD_KINDS``;
- ``classify_block(text)``: the kind of one block (text between blank lines;
  its lines may still be hard-wrapped);
- ``classify_blocks(blocks)``: one kind per block of a page;
- ``line_kind(line)``: the kind of ONE raw line when the line itself shows it
  (a byline, a kicker, a dateline opening, a caption, a jump marker, a label),
  else ``BODY``. It never says ``HEADLINE``: whether a short line is a headline
  or the last line of a paragraph depends on the column width, which only the
  ``lines`` pass knows;
- ``is_head(kind)``: headline-like kinds that are never joined to body text;
- ``compact(text)``: the text without whitespace (used for lengths).

All decisions are regexes on the text: no per-character Python loops.
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
# kinds that stand alone: never joined to the text before or after them
HEAD_KINDS = frozenset({HEADLINE, KICKER, BYLINE, CAPTION, JUMP, LABEL})

_TERMINAL = "。！？…”’」』）)!?;；"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WS = re.compile(r"[\s\u3000]+")
_MARKUP = re.compile(r"^[#*\s]+")

_NUM = "0-9０-９一二三四五六七八九十"
_JUMP = re.compile(rf"^[（(]\s*(?:[上下紧]?[接转]|转自|续)第?\s*[{_NUM}]+\s*版\s*[）)]$")
_NAMES = rf"[{_HAN}·]{{2,5}}(?:[\s、，,]+[{_HAN}·]{{2,5}}){{0,5}}"
_BYLINE = re.compile(
    rf"^(?:[●□■◆○]\s*)?(?:本报记者|本报实习记者|记者|本报通讯员|通讯员|实习生)\s*{_NAMES}$"
    r"|^(?:[●□■◆○]\s*)?(?:文/|文／|图/|图／)[^\n。，,]{1,40}$"
    r"|^[●□■◆○]\s*\S{2,4}(?:\s+\S{2,4}){0,4}$"
    r"|^[（(](?:记者|通讯员)?\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*[）)]$"
)
# a byline on a single line: the marker, or 本报记者/记者 followed by names only
_BYLINE_LINE = re.compile(
    rf"^[●□■◆○]\s*\S"
    rf"|^(?:本报|新华社)?(?:实习)?(?:记者|通讯员|特约记者)\s*{_NAMES}$"
    rf"|^[（(](?:记者|通讯员)?\s*[{_HAN}]{{2,4}}(?:\s+[{_HAN}]{{2,4}})*[）)]$"
)
_DATELINE = re.compile(
    r"^(?:本报讯\s*[（(][^）)]{0,30}[）)]"
    r"|本报讯"
    r"|新华社[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电"
    r"|(?:中新社|中新网|人民网|新华网|央视网)[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电"
    r"|本报[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日讯)"
)
_CAPTION = re.compile(
    r"(?:\s摄(?:影)?$|\s摄[）)]?$|^[▲▶△►]|本版图片由.{0,30}提供$|^图为"
    rf"|[。．.][{_HAN}]{{2,4}}(?:\s+[{_HAN}]{{2,4}})*\s*摄$"
    rf"|(?:记者|通讯员)\s*[{_HAN}]{{2,4}}\s*摄$)"
)
_KICKER = re.compile(r"^[—\-一]{2}\s*\S")
_LABEL = re.compile(
    rf"^[{_HAN}]{{1,8}}[:：]$"
    r"|^(?:采访手记|记者手记|编者按|编后|短评|链接|相关链接|新闻链接|背景|背景链接|记者调查|记者观察"
    r"|图片新闻|新闻速递|评论员文章|本报评论员|人物|数说|小贴士|延伸阅读)$"
)


def compact(text: str) -> str:
    """The text without any whitespace (lengths are measured on this)."""
    return _WS.sub("", text)


def is_head(kind: str) -> bool:
    """Headline-like kinds: never joined to the body text around them."""
    return kind in HEAD_KINDS


def line_kind(line: str) -> str:
    """Kind of one raw line when the line alone shows it, else ``BODY``.

    Strict on purpose: a wrapped body line such as "记者走进经济技术开发区" is
    ``BODY``; only the byline marker or 记者 + names makes a byline.
    """
    t = _MARKUP.sub("", line).strip()
    if not t:
        return BODY
    flat = compact(t)
    if _JUMP.match(flat):
        return JUMP
    if _LABEL.match(flat):
        return LABEL
    if _DATELINE.match(flat):
        return DATELINE
    if len(flat) <= 60 and _CAPTION.search(t):
        return CAPTION
    if len(flat) <= 40 and _BYLINE_LINE.match(t):
        return BYLINE
    if len(flat) <= 60 and _KICKER.match(t) and not re.search("[，,。；;]", flat):
        return KICKER
    return BODY


def classify_block(text: str) -> str:
    """Kind of one block (its lines joined)."""
    t = text.strip()
    if not t:
        return BODY
    lines = [ln for ln in t.split("\n") if ln.strip()]
    first = _MARKUP.sub("", lines[0]).strip()
    flat = compact(_MARKUP.sub("", t.replace("\n", "")))
    if not flat:
        return BODY
    if _JUMP.match(flat):
        return JUMP
    if _LABEL.match(flat):
        return LABEL
    if _DATELINE.match(compact(first)):
        return DATELINE
    if len(flat) <= 60 and _CAPTION.search(t.replace("\n", "")):
        return CAPTION
    one = " ".join(ln.strip() for ln in lines)
    if _BYLINE.match(one) or (len(flat) <= 40 and _BYLINE_LINE.match(one)):
        return BYLINE
    if _KICKER.match(first) and len(flat) <= 60:
        return KICKER
    if t.startswith("#"):
        return HEADLINE
    if len(lines) > 1:
        # a head line over a byline or kicker line: the block starts with a headline
        rest = [line_kind(ln) for ln in lines[1:]]
        if any(k in (BYLINE, KICKER) for k in rest) and compact(first)[-1:] not in _TERMINAL:
            return HEADLINE
    if len(flat) <= 30 and flat[-1] not in _TERMINAL and "，" not in flat and "," not in flat:
        return HEADLINE
    return BODY


def classify_blocks(blocks: list[str]) -> list[str]:
    return [classify_block(b) for b in blocks]
