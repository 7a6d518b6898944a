"""Derive ``rules/data/confusion/shape_codes.tsv`` from the char-similar wheel
(PyPI ``char-similar`` 0.0.2, Apache-2.0, by yongzhuo). Run by hand once:

    pip download --no-deps char-similar==0.0.2 -d /tmp/cs
    .venv/bin/python bench/make_shape_codes.py /tmp/cs/char_similar-0.0.2-py2.py3-none-any.whl

The package itself is not a dependency of zhclean: through macropodus 0.0.7
it pins gensim 3.7.1, networkx 2.4 and tqdm 4.31.1, and it loads eight JSON
files at import. Only
four of its per-character tables are kept, for the Han characters
(U+4E00-9FFF, U+3400-4DBF): the four-corner code (四角号码, 4 digits + the
supplementary corner), the radical (部首), the stroke count and the structure
class. ``cleanup/confusion.py`` compares them (``Confusion.glyph``).
"""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "rules/data/confusion/shape_codes.tsv"


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as z:
        def table(name: str) -> dict:
            return json.loads(z.read(f"char_similar/data/{name}.dict").decode("utf-8"))
        four, rad, num, struct = (table(n) for n in ("char_fourangle", "char_component", "char_number", "char_struct"))
    lines = ["# char\tfour-corner code\tradical\tstrokes\tstructure  (derived from char-similar 0.0.2, Apache-2.0;"
             " see rules/data/LICENSES/confusion.md)"]
    for c in sorted(four):
        if len(c) == 1 and ("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"):
            lines.append(f"{c}\t{four[c]}\t{rad.get(c, '')}\t{num.get(c, 0)}\t{struct.get(c, '')}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines) - 1} characters")


if __name__ == "__main__":
    main(sys.argv[1])
