"""Decisions are data: the editors' journal (``.zhclean/decisions.jsonl``).

One JSON object per line, appended and flushed at once::

    {"fingerprint": "…", "decision": "accept" | "reject" | "undo",
     "replacement": "…" (optional, an edited accept), "code": "PU001",
     "file": "page.txt", "time": "2026-11-22T10:00:00Z"}

The latest line for a fingerprint wins; ``undo`` withdraws the decision.
``zhclean review`` writes it, ``zhclean fix`` replays it, ``zhclean check``
does not report what was rejected.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

DEFAULT_JOURNAL = Path(".zhclean") / "decisions.jsonl"
DECISIONS = ("accept", "reject", "undo")


@dataclass
class Decisions:
    accepted: dict[str, str | None] = field(default_factory=dict)
    rejected: set[str] = field(default_factory=set)

    def state(self, fp: str) -> str | None:
        if fp in self.accepted:
            return "accept"
        if fp in self.rejected:
            return "reject"
        return None


def _ends_with_newline(path: Path) -> bool:
    """True for a missing or empty file or one whose last byte is a newline."""
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            if f.tell() == 0:
                return True
            f.seek(-1, os.SEEK_END)
            return f.read(1) == b"\n"
    except FileNotFoundError:
        return True


class Journal:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def read_entries(self) -> list[dict]:
        if not self.path.exists():
            return []
        out = []
        with self.path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    d = json.loads(line)
                except json.JSONDecodeError:
                    # a crash can leave a torn last line; everything before it counts
                    continue
                if isinstance(d, dict) and d.get("decision") in DECISIONS and d.get("fingerprint"):
                    out.append(d)
        return out

    def load(self) -> Decisions:
        dec = Decisions()
        for d in self.read_entries():
            fp = d["fingerprint"]
            dec.accepted.pop(fp, None)
            dec.rejected.discard(fp)
            if d["decision"] == "accept":
                dec.accepted[fp] = d.get("replacement")
            elif d["decision"] == "reject":
                dec.rejected.add(fp)
        return dec

    def append(self, entries: Iterable[dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        lines = []
        for e in entries:
            if e.get("decision") not in DECISIONS:
                raise ValueError(f"bad decision {e.get('decision')!r}")
            e = {"time": stamp, **e}
            lines.append(json.dumps(e, ensure_ascii=False) + "\n")
        data = "".join(lines)
        if not _ends_with_newline(self.path):
            data = "\n" + data  # a crash left a torn last line: keep it on its own line
        with self.path.open("a", encoding="utf-8") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())

    def record(self, fingerprint: str, decision: str, **extra) -> None:
        self.append([{"fingerprint": fingerprint, "decision": decision, **extra}])
