"""MK: Markdown debris left by OCR converters (heading markers, bold/italic markers)."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Document, Edit, Proposal, make_proposal
from ..pipeline import Context, Pass

# '#'..'######' at a line start, with the spaces after it; also a marker alone
# on its line (the heading wrapped to the next line, or a block of debris alone)
_HEADING = re.compile(r"[ \t]*(#{1,6})[ \t]*(?=\S|\n|\Z)")  # matched at a line start
# paired ** or __ around text on one line
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BOLD = re.compile(r"(\*\*|__)(?=\S)([^\n]*?\S)\1")


def _run(doc: Document, ctx: Context) -> Iterator[Proposal]:
    text = doc.text
    # everything this pass changes holds a '#', '**' or '__': literal searches
    # (the cheapest scans there are) decide whether there is anything to do
    # (a one-character search first: several times cheaper than a two-character one)
    bold = ("*" in text and "**" in text) or ("_" in text and "__" in text)
    pos = text.find("#")
    if pos < 0 and not bold:
        return
    while pos >= 0:  # only the lines holding a '#'
        m = _HEADING.match(text, text.rfind("\n", 0, pos) + 1)
        if m:
            yield make_proposal(
                doc, "MK001", f"remove Markdown heading marker {m.group(1)!r}",
                [Edit(m.start(), m.end(), "")], confidence=0.99,
                evidence={"marker": m.group(1)},
            )
        le = text.find("\n", pos)
        pos = -1 if le < 0 else text.find("#", le)
    for m in _BOLD.finditer(text) if bold else ():
        mk = m.group(1)
        if not _CJK.search(m.group(2)):  # a__b__c, 2**3**: not converter debris
            continue
        yield make_proposal(
            doc, "MK002", f"remove Markdown emphasis markers {mk}…{mk}",
            [Edit(m.start(), m.start() + 2, ""), Edit(m.end() - 2, m.end(), "")],
            confidence=0.97, evidence={"marker": mk},
        )


PASSES = [Pass("markup", ("MK001", "MK002"), _run, description="Markdown debris")]
