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
from functools import lru_cache
from itertools import chain
from typing import Iterable

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
_MARKUP = re.compile(r"^[#*\s]+")

_NUM = "0-9０-９一二三四五六七八九十"
_JUMP = re.compile(rf"^[（(]\s*(?:[上下紧]?[接转]|转自|续)第?\s*[{_NUM}]+\s*版\s*[）)]$")
# names separated by spaces or 、 (a comma makes a clause: 记者会上，陈方安生表)
_NAMES = rf"[{_HAN}·]{{2,5}}(?:[\s、]+[{_HAN}·]{{2,5}}){{0,5}}"
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


def names_byline(line: str) -> bool:
    """The line is a byline by its words (a reporter's title and names, 文/,
    图/, or a marker and a few short names), not only by the marker it opens
    with: ●一九九七年，… is an item of a list, not a byline."""
    return _BYLINE.match(line.strip()) is not None


# a date in Arabic or Chinese numerals (1月2日, 十二月三十一日)
_DAY = r"[0-9０-９〇零一二三四五六七八九十]{1,3}"
_DATELINE = re.compile(
    r"^(?:本报讯\s*[（(][^）)]{0,30}[）)]"
    r"|本报讯"
    rf"|据?(?:新华社|中新社|中新网|人民网|新华网|央视网)[\u4e00-\u9fff]{{0,8}}?{_DAY}月{_DAY}日电"
    # 据新华社北京电（记者…）: no date, only after 据 and before a bracket or a space
    r"|据(?:新华社|中新社)[\u4e00-\u9fff]{0,6}?电(?=[\s（(]|$)"
    rf"|本报[\u4e00-\u9fff]{{0,6}}?{_DAY}月{_DAY}日[讯电])"
)


# the first two characters of a text _DATELINE matches (compacted)
_DATELINE_OPEN = frozenset(("本报", "据新", "据中", "据人", "据央", "新华", "中新", "人民", "央视"))


def _no_dateline_open(text: str) -> bool:
    """The text (opening with one of 本新中人央据) opens with two characters
    that no whitespace parts and that open no dateline (中国…, 人们…): its
    compacted form opens with them, and _DATELINE cannot match it."""
    return text[:2] not in _DATELINE_OPEN and len(text) > 1 and not text[1].isspace()


def dateline_only(text: str) -> bool:
    """The text is a whole dateline and nothing more (本报讯（记者 刘丽霞）,
    新华社北京2月19日电): the story it opens goes on after it."""
    if not text or text[0] not in "本新中人央据" or _no_dateline_open(text):
        return False
    c = compact(text)
    m = _DATELINE.match(c)
    return m is not None and m.end() == len(c)


def dateline_cut(a: str, b: str) -> bool:
    """Line a opens a dateline that line b finishes: the two read as one
    (新华社长春１月１０日|电（记者…）, 据新华社雅加达１月１２|日电), a alone
    does not."""
    if not a or a[0] not in "本新中人央据" or _no_dateline_open(a):
        return False
    ca = compact(a)
    if _DATELINE.match(ca):
        return False
    m = _DATELINE.match(ca + compact(b[:8]))
    return m is not None and m.end() > len(ca)


_CAPTION = re.compile(
    r"(?:\s摄(?:影)?$|\s摄[）)]?$|^[▲▶△►]|本版图片由.{0,30}提供$|^图为"
    rf"|[。．.][{_HAN}]{{2,4}}(?:\s+[{_HAN}]{{2,4}})*\s*摄$"
    rf"|(?:记者|通讯员)\s*[{_HAN}]{{2,4}}\s*摄$)"
)
_KICKER = re.compile(r"^[—\-一]\s*[—\-一]\s*\S")  # also letter-spaced (— — 访 …)
_LABEL_WORDS = frozenset(
    "采访手记 记者手记 编者按 编后 短评 链接 相关链接 新闻链接 背景 背景链接 记者调查 记者观察"
    " 图片新闻 新闻速递 评论员文章 本报评论员 人物 数说 小贴士 延伸阅读".split())
_LABEL = re.compile(
    rf"^[{_HAN}]{{1,8}}[:：]$"
    r"|^(?:" + "|".join(sorted(_LABEL_WORDS, key=lambda w: (-len(w), w))) + r")$"
)
# a text without whitespace that _LABEL may match ends with a colon or is a label word
_LABEL_END = frozenset(":：")


def compact(text: str) -> str:
    """The text without any whitespace (lengths are measured on this)."""
    if " " not in text and text.isprintable():
        return text  # (every other whitespace character is unprintable): the common case
    # str.split() cuts at Unicode whitespace, what [\s\u3000]+ matches: about
    # half the cost of a regex sub
    return "".join(text.split())


def compact_head(text: str, n: int) -> str:
    """``compact(text)[:n]`` without compacting the whole text (a paragraph
    line can be long): whitespace is removed character by character, so the
    compacted prefix is a prefix of the compacted text."""
    if len(text) <= n:
        return compact(text)
    c = compact(text[:n])
    return c if len(c) == n else compact(text)[:n]


def compact_tail(text: str, n: int) -> str:
    """``compact(text)[-n:]`` (n > 0) without compacting the whole text."""
    if len(text) <= n:
        return compact(text)
    c = compact(text[-n:])
    return c if len(c) == n else compact(text)[-n:]


def compact_upto(text: str, n: int) -> str:
    """``compact(text)`` when it has at most n characters, else some string
    of more than n characters (for code that reads the compacted text only
    when it is that short)."""
    if len(text) <= n:
        return compact(text)
    c = compact(text[:n + 1])
    return c if len(c) > n else compact(text)


def is_head(kind: str) -> bool:
    """Headline-like kinds: never joined to the body text around them."""
    return kind in HEAD_KINDS


# Fast paths: a line or block can only be of a special kind when its start or
# end (or its shortness) allows one of the regexes below to match;
# everything else is body without running them. The results are exactly those
# of the full checks (tests/test_kinds.py compares both on many lines).
_BLOCK_BYLINE_FIRST = frozenset("●□■◆○本记通实文图（(")
_LONG_SLOW_FIRST = _BLOCK_BYLINE_FIRST | frozenset("#*（(本新中人央据")
# the characters a block's text may start with for _BYLINE or _BYLINE_LINE to
# match (a marker, 本报/记者/通讯员/实习/新华社/特约 …, 文/ 图/, a bracket),
# for _CAPTION's ^ branches, and for _KICKER
_BYLINE_FIRST = frozenset("●□■◆○本记通实文图（(新特")
_CAPTION_FIRST = frozenset("▲▶△►")
_KICKER_FIRST = frozenset("—-一")
_REST_FIRST = frozenset("●□■◆○本新实记通特（(—-一")
# the first characters of a short one-line block that some pattern may need
# (Markdown markers, a jump marker's bracket, a dateline's, a caption's, a
# byline's and a kicker's first characters): any other takes the short fast
# path of classify_block
_SHORT_SLOW_FIRST = frozenset("#*（(本新中人央据图") | _BYLINE_FIRST | _CAPTION_FIRST | _KICKER_FIRST
_MARK_CHARS = "#*"
# a line (after the first) that may be a byline or a kicker
_REST_CAND = re.compile(r"^[#*\s]*[●□■◆○本新实记通特（(—\-一]", re.M)
_TERMINAL_SET = frozenset(_TERMINAL)
# a line (after the first) whose start lets line_kind say byline or kicker
# (_BYLINE_LINE's and _KICKER's openings after the Markdown markers): a
# stricter _REST_CAND (a line opening with 一个… or 新… matches that one)
_REST_KIND = re.compile(r"^[#*\s]*(?:[●□■◆○（(]|本报|新华社|实习|记者|通讯员|特约|[—\-一]\s*[—\-一])", re.M)


def _strip_markup(line: str) -> str:
    t = line.strip()
    if t[:1] in ("#", "*") and t:
        t = _MARKUP.sub("", t).strip()
    return t


def line_kind(line: str) -> str:
    """Kind of one raw line when the line alone shows it, else ``BODY``.

    Strict on purpose: a wrapped body line such as "记者走进经济技术开发区" is
    ``BODY``; only the byline marker or 记者 + names makes a byline.
    """
    t = _strip_markup(line)
    if not t:
        return BODY
    flat = t if " " not in t and t.isprintable() else compact(t)
    if (len(flat) > 9 or (flat[-1] not in _LABEL_END and flat not in _LABEL_WORDS)) \
            and not maybe_special(t) and (flat is t or not _KIND_START.match(flat)):
        return BODY  # none of the patterns below can match (a label: short, a colon or a label word)
    return _line_kind_full(t, flat)


# what a line must start or end with for one of the kind patterns to match
# (a dash or 一 opens a kind only as a kicker's two dashes: 一个… is body)
_KIND_START = re.compile(r"[（(▲▶△►●□■◆○]|[—\-一]\s*[—\-一]|图为|本报|本版|新华|中新|人民网|央视网|实习|记者|通讯员|特约|[文图][/／]"
                         r"|据(?:新华社|中新社|中新网|人民网|新华网|央视网)")
_KIND_END = ("摄", "摄影", "摄）", "摄)", "提供")
_KIND_END_LAST = frozenset(e[-1] for e in _KIND_END)
_START_CHARS = frozenset("（(▲▶△►●□■◆○—-一图本新中人央据实记通特文")


def maybe_special(t: str) -> bool:
    """A stripped line (no Markdown markers) that some kind pattern other than
    the short label could match: it starts or ends like one."""
    return t.endswith(_KIND_END) or (t[:1] in _START_CHARS and _KIND_START.match(t) is not None)


def plain_lines(lines: list[str], clean: bool = False) -> list[bool]:
    """For each line (not empty, no spaces around it): True when no kind
    pattern can match it, so that ``line_kind`` says ``BODY`` by its fast path
    alone: longer than 9 characters or no label (no colon at the end, no
    label word), no Markdown marker, no whitespace or unprintable character,
    and neither its start nor its end lets a pattern match
    (``maybe_special`` inlined). ``clean``: the caller knows that no line
    holds a space or an unprintable character (looked for once in a whole
    page)."""
    ke, kl, sc, km, le, lw = _KIND_END, _KIND_END_LAST, _START_CHARS, _KIND_START.match, _LABEL_END, _LABEL_WORDS
    # (the last character first: most lines end with none of _KIND_END's)
    if clean:
        return [(len(c) > 9 or (c[-1] not in le and c not in lw)) and c[0] not in "#*"
                and (c[-1] not in kl or not c.endswith(ke)) and (c[0] not in sc or km(c) is None) for c in lines]
    return [(len(c) > 9 or (c[-1] not in le and c not in lw)) and c[0] not in "#*" and " " not in c
            and c.isprintable() and (c[-1] not in kl or not c.endswith(ke))
            and (c[0] not in sc or km(c) is None) for c in lines]


def _line_kind_full(t: str, flat: str) -> str:
    # (each pattern looked for only when the line starts or ends as a match
    # needs: see classify_block)
    f = flat[0]
    if f in "（(" and _JUMP.match(flat):
        return JUMP
    if (flat[-1] in _LABEL_END or flat in _LABEL_WORDS) and _LABEL.match(flat):
        return LABEL
    if flat[:2] in _DATELINE_OPEN and _DATELINE.match(flat):
        return DATELINE
    n = len(flat)
    if n <= 60 and (t.endswith(_KIND_END) or t[0] in _CAPTION_FIRST or t[:2] == "图为") and _CAPTION.search(t):
        return CAPTION
    if n <= 40 and t[0] in _BYLINE_FIRST and _BYLINE_LINE.match(t):
        return BYLINE
    if n <= 60 and t[0] in _KICKER_FIRST and _KICKER.match(t) and not _CLAUSE_PUNCT.search(flat):
        return KICKER
    return BODY


_CLAUSE_PUNCT = re.compile("[，,。；;]")


def _first_two_lines(t: str) -> str:
    """The first two lines of a block: a dateline wrapped in a narrow column
    (据新华社北京1月13日|电（记者…）) is read over both."""
    i = t.find("\n")
    j = t.find("\n", i + 1) if i >= 0 else -1
    return t if j < 0 else t[:j]


def _shape_kind(flat: str) -> str:
    """The kind of a text no kind pattern matches, from its shape alone: a
    headline when short (30 characters at most), without a comma and a
    sentence end; else body."""
    return HEADLINE if len(flat) <= 30 and "，" not in flat and "," not in flat and not ends_sentence(flat) \
        else BODY


def classify_block(text: str) -> str:
    """Kind of one block (its lines joined)."""
    if len(text) > 60 and text[0] not in _LONG_SLOW_FIRST and " " not in text and text.isprintable():
        # one line of more than 60 characters without whitespace: too long for
        # a label, caption, byline, kicker or headline, and its first
        # character opens no jump marker, dateline or byline (the common
        # case: a whole paragraph)
        return BODY
    if len(text) <= 60 and text and text[0] not in _SHORT_SLOW_FIRST and (len(text) > 9 or (
            text[-1] not in _LABEL_END and text not in _LABEL_WORDS)) and " " not in text and text.isprintable() \
            and (text[-1] not in _KIND_END_LAST or not text.endswith(_KIND_END)):
        # one short line without whitespace whose start and end let no
        # pattern match (no jump marker, label, dateline, caption, byline,
        # kicker or Markdown marker: the checks below would pass them all):
        # a headline when short, without a comma and a sentence end
        return _shape_kind(text)
    t = text.strip()
    if not t:
        return BODY
    multi = "\n" in t
    if len(t) > 60 and t[0] not in _LONG_SLOW_FIRST and len("".join(t.split())) > 60 and (
            not multi or _REST_KIND.search(t, t.index("\n")) is None):
        # more than 60 characters without whitespace (no label, caption,
        # kicker or headline), a first character that opens no jump marker,
        # dateline, byline or Markdown marker, and on a later line no start
        # of a byline or kicker (a head line over one): body, what the checks
        # below give (the usual spaced or wrapped paragraph)
        return BODY
    if t[0] in "本新中人央据" and not _no_dateline_open(t):
        # a dateline: the checks below look for it on the compacted first
        # line right after a jump marker (which opens with a bracket) and a
        # label (at most 9 characters): a first line of more compacted
        # characters that reads as one is a dateline
        fc = compact(_first_two_lines(t) if multi else t)
        if len(fc) > 9 and _DATELINE.match(fc):
            return DATELINE
    lines = [ln for ln in t.split("\n") if ln.strip()] if multi else [t]
    first = _strip_markup(lines[0])
    one_line = t.replace("\n", "") if multi else t
    if one_line[0] in _MARK_CHARS:
        flat = compact(_MARKUP.sub("", one_line))
    elif " " not in one_line and one_line.isprintable():
        flat = one_line  # no whitespace in it (every other space is not printable)
    else:
        flat = compact(one_line)
    if not flat:
        return BODY
    n = len(flat)
    if flat[0] in "（(" and _JUMP.match(flat):
        return JUMP
    if n <= 9 and (flat[-1] in _LABEL_END or flat in _LABEL_WORDS) and _LABEL.match(flat):
        return LABEL
    if first and first[0] in "本新中人央据" and not _no_dateline_open(first) and _DATELINE.match(
            first if not multi and flat is one_line else compact("".join(_strip_markup(ln) for ln in lines[:2]))):
        return DATELINE
    # (each pattern is looked for only when the text starts or ends as it
    # must for a match: _CAPTION's $-anchored branches end with _KIND_END,
    # the others open with ▲▶△► or 图为; the bylines' first characters)
    if n <= 60 and (one_line.endswith(_KIND_END) or one_line[0] in _CAPTION_FIRST or one_line[:2] == "图为") \
            and _CAPTION.search(one_line):
        return CAPTION
    if (t[0] in _BLOCK_BYLINE_FIRST or n <= 40) and t[0] in _BYLINE_FIRST:
        one = " ".join(ln.strip() for ln in lines) if multi else t
        if _BYLINE.match(one) or (n <= 40 and _BYLINE_LINE.match(one)):
            return BYLINE
    if n <= 60 and first[:1] in _KICKER_FIRST and _KICKER.match(first):
        return KICKER
    if t[0] == "#":
        return HEADLINE
    if multi and len(lines) > 1:
        # a head line over a byline or kicker line: the block starts with a headline
        if compact(first)[-1:] not in _TERMINAL and _REST_CAND.search(t, len(lines[0])):
            for ln in lines[1:]:
                s = _strip_markup(ln)
                if s and s[0] in _REST_FIRST and line_kind(ln) in (BYLINE, KICKER):
                    return HEADLINE
    return _shape_kind(flat)


_STOPS = frozenset("。！？…!?；;")
_CLOSERS = frozenset("”’」』）)\"'")  # half-width quotes open and close alike
_OPENER_OF = {"”": "“", "’": "‘", "」": "「", "』": "『"}
_QUOTE_CLAUSE = re.compile("[，；,;。！？]")


def ends_sentence(flat: str) -> bool:
    """The text (no whitespace) ends a sentence: 。！？…； or a closing quote
    after one (…说。”), or a closing bracket (a note, a credit: …（新华社记者
    兰红光摄）). A closing quote right after a word ends a quoted term
    (念好“节水经”, 围绕“宜居”): no sentence end, unless the quote is a whole
    quotation (a clause mark in it, or longer than 12 characters, or opened
    before the text)."""
    c = flat[-1:]
    if not c or c in _STOPS:
        return bool(c)
    if c not in _CLOSERS:
        return False
    if c in "）)" or len(flat) < 2 or flat[-2] in _STOPS or flat[-2] in _CLOSERS:
        return True  # a bracket closes a note, a credit, a date (…讲话（附图片１张）)
    i = flat.rfind(_OPENER_OF.get(c, c), 0, len(flat) - 1)
    if i < 0:
        return True
    q = flat[i + 1:-1]
    return len(q) > 12 or _QUOTE_CLAUSE.search(q) is not None


def classify_blocks(blocks: list[str], plain: list[bool] | None = None,
                    runs: Iterable[int] | None = None) -> list[str]:
    """One kind per block of a page. For blocks of one line each, what the
    caller has of the lines pass's page: ``plain``, ``plain_lines`` of them
    (no kind pattern can match a plain line, so that ``classify_block``
    gives it the kind of its shape alone, a headline when short, without a
    comma and a sentence end: given here without the call); ``runs``, the
    blocks of ``column_runs(blocks)``."""
    if plain is None:
        out = [classify_block(b) for b in blocks]
    else:
        out = [_shape_kind(b) if p else classify_block(b) for b, p in zip(blocks, plain)]
    if len(blocks) >= COLUMN_RUN_MIN and HEADLINE in out:
        for i in chain.from_iterable(column_runs(blocks)) if runs is None else runs:
            if out[i] == HEADLINE:
                out[i] = BODY
    return out


# -- column lines emitted one per block -------------------------------------
# An OCR that puts a blank line after every line of a narrow column leaves a
# run of one-line blocks of the same width. Each is short and most have no
# sentence end, so alone each looks like a headline; together they are lines
# of body text: headlines are not set in stacks of equal width with commas
# inside (a kicker, a headline and a subheadline differ in width and have no
# clause marks).
COLUMN_RUN_MIN = 3  # blocks of the same width in a run
COLUMN_RUN_TOL = 1.0  # cells: "the same width"
COLUMN_RUN_INDENT = 2.5  # a line this much narrower may be an indented first line
# (二、 numbering a heading is no clause mark)
_INNER_CLAUSE = re.compile("(?:[，,；;。！？!?]|(?<![一二三四五六七八九十0-9０-９])、)(?=.)")
_ONE_LINE_BODY = re.compile(r"^[^\n#*]{6,40}$")


def cells(flat: str) -> float:
    """Print width of a text without whitespace: CJK 1 cell, ASCII half a cell."""
    return (len(flat.encode("utf-8")) + len(flat)) / 4.0


def column_runs(blocks: list[str]) -> list[list[int]]:
    """Runs of one-line blocks that are lines of one text column: a run of
    at least ``COLUMN_RUN_MIN`` consecutive one-line blocks whose widths agree
    within ``COLUMN_RUN_TOL`` cells (a line up to ``COLUMN_RUN_INDENT`` narrower
    is an indented first line, a shorter one ending a sentence is the last
    line of a paragraph), with clause marks inside at least two of them.
    Blocks with Markdown heading markers, or of a kind the line alone shows
    (a byline, a dateline ...), never belong to a run."""
    # the cheap screen first: three one-line blocks of at most 40 characters in a row
    short = [len(b) <= 48 and "\n" not in b.strip() for b in blocks]
    if not any(short[k] and short[k + 1] and short[k + 2] for k in range(len(short) - 2)) \
            or sum(1 for b, sh in zip(blocks, short) if sh and ("，" in b or "," in b)) < 2:
        return []
    info = [_run_line(b) if sh else None for b, sh in zip(blocks, short)]
    out: list[list[int]] = []
    n = len(info)
    i = 0
    while i < n:
        if info[i] is None:
            i += 1
            continue
        j = i
        while j < n and info[j] is not None:
            j += 1
        out += _runs_in(info, i, j)
        i = j
    return out


@lru_cache(maxsize=8192)
def _run_line(b: str) -> tuple[float, str] | None:
    """(width, text without whitespace) of a short one-line block that may be
    a line of a column run (6..40 characters of body text, no Markdown
    marker), else None. Remembered: the same headlines and short lines come
    back on every fixpoint run over a page."""
    t = b.strip()
    if not _ONE_LINE_BODY.match(t):
        return None
    f = compact(t)
    return (cells(f), f) if len(f) >= 6 and line_kind(t) == BODY else None


def _runs_in(info: list, lo: int, hi: int) -> list[list[int]]:
    """Column runs among the consecutive one-line blocks lo..hi-1."""
    if hi - lo < COLUMN_RUN_MIN:
        return []
    ws = sorted(info[k][0] for k in range(lo, hi))
    w = ws[len(ws) // 2]  # the column width: most lines are full
    out: list[list[int]] = []
    run: list[int] = []
    for k in range(lo, hi + 1):
        member = False
        if k < hi:
            wk, f = info[k]
            end = f[-1] in _TERMINAL_SET
            if abs(wk - w) <= COLUMN_RUN_TOL:
                # a full line; a bare one right after a sentence end may be a headline
                member = not (run and info[run[-1]][1][-1] in _TERMINAL_SET
                              and not end and not _INNER_CLAUSE.search(f))
            elif wk < w:
                # an indented first line, or the last line of a paragraph
                member = wk >= w - COLUMN_RUN_INDENT - COLUMN_RUN_TOL or end
        if member:
            run.append(k)
            continue
        if sum(1 for x in run if abs(info[x][0] - w) <= COLUMN_RUN_TOL) >= COLUMN_RUN_MIN \
                and sum(1 for x in run if _INNER_CLAUSE.search(info[x][1])) >= 2 \
                and len({info[x][1] for x in run}) == len(run) and _reads_on(info, run):
            out.append(run)
        run = [k] if k < hi and abs(info[k][0] - w) <= COLUMN_RUN_TOL else []
    return out


COLUMN_RUN_READS_ON = 0.4  # share of the cuts of a run that a word or a dangling character spans
# characters that cannot end a paragraph: a line ending with one reads on
# (the default of the lines pass's ``dangling`` parameter)
DANGLING = "的和与及或把被对向从将并而且、，,（《“‘("
_DANGLING_END = frozenset(DANGLING)
NO_START = frozenset("，。、；：？！）》」』”’…—·,.;:?!)%")


def is_han(c: str) -> bool:
    """A CJK ideograph (the unified blocks and the compatibility block)."""
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def lexicon_tags() -> dict[str, str]:
    """The lexicon's part-of-speech tags (``cleanup.lexicon``), loaded once;
    an empty table when it cannot be loaded."""
    try:
        from .lexicon import get_lexicon

        return get_lexicon().tags
    except Exception:  # pragma: no cover
        return {}


@lru_cache(maxsize=1)
def lexicon_freq() -> dict[str, int]:
    """The lexicon's word frequencies (``cleanup.lexicon``), loaded once (the
    table remembered: the passes ask for it per line); an empty table when
    it cannot be loaded."""
    try:
        from .lexicon import get_lexicon

        return get_lexicon().freq
    except Exception:  # pragma: no cover
        return {}


@lru_cache(maxsize=1)
def _lexicon():
    """The lexicon whose frequencies ``lexicon_freq`` gives, or None."""
    try:
        from .lexicon import get_lexicon

        lx = get_lexicon()
        return lx if lx.freq is lexicon_freq() else None
    except Exception:  # pragma: no cover
        return None


def bridge(a_end: str, b_start: str, min_freq: int = 30) -> int:
    """Frequency of the best lexicon word (2..4 Han characters, at least
    ``min_freq``) that spans a cut between a text ending with ``a_end`` and
    one starting with ``b_start`` (因地|制宜, 清水|河县), else 0. Reads at most
    the last 3 characters of a_end and the first 3 of b_start.

    A word across the cut holds the pair ``a_end[-1] + b_start[0]``: when
    the lexicon's table of the pairs inside its words (``word_pairs``) is
    built (the continuation scorer and the misread pass build it; not built
    for this alone: 0.4 s and 35 MB) and holds no such pair (most cuts), the
    answer is 0 without looking further. (``Lexicon.add`` drops the table,
    so it always matches the words.)"""
    if not a_end or not b_start:
        return 0
    lx = _lexicon()
    pairs = lx._pairs if lx is not None else None
    if pairs is not None and (a_end[-1] + b_start[0]) not in pairs:
        return 0
    return _bridge(a_end, b_start, min_freq)


@lru_cache(maxsize=4096)  # (~300 bytes an entry, in every worker)
def _bridge(a_end: str, b_start: str, min_freq: int) -> int:
    if not is_han(a_end[-1]) or not is_han(b_start[0]):
        return 0
    lex = lexicon_freq()
    best = 0
    for i in (1, 2, 3):
        if i > len(a_end):
            break
        left = a_end[-i:]
        if not is_han(left[0]):
            break
        for j in (1, 2, 3):
            if i + j > 4 or j > len(b_start):
                break
            f = lex.get(left + b_start[:j], 0)
            if f >= min_freq and f > best:
                best = f
    return best


def _reads_on(info: list, run: list[int]) -> bool:
    """The lines of the run read on into each other: at least
    ``COLUMN_RUN_READS_ON`` of the cuts between them (and two) fall inside a
    lexicon word (因地|制宜, 清水|河县: ``bridge``) or after a character no
    line of verse or heading ends with (，、的 …). Lines of verse, a list or a
    stack of headings end where their phrases end."""
    cuts = bridged = 0
    for x, y in zip(run, run[1:]):
        a, b = info[x][1], info[y][1]
        if a[-1] in _TERMINAL_SET:
            continue  # a paragraph ends there: no evidence either way
        cuts += 1
        if a[-1] in _DANGLING_END or b[0] in NO_START or bridge(a[-3:], b[:3], 30):
            bridged += 1
    return bridged >= max(2, COLUMN_RUN_READS_ON * cuts)
