"""Running the pipeline over files: discovery, corpus statistics, per-file results."""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .model import Document
from .pipeline import Context, Pipeline, Policy, Result
from .textio import FileMeta, InputError, read_text


def discover(paths: Iterable[str | Path], glob: str = "*.txt", exclude: Iterable[str] = ()) -> list[Path]:
    """Files named on the command line, and files matching ``glob`` under directories."""
    out: list[Path] = []
    excl = list(exclude)
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob(glob)):
                if f.is_file() and not _excluded(f, excl) and not any(
                    part.startswith(".") for part in f.relative_to(p).parts
                ):
                    out.append(f)
        elif p.exists():
            out.append(p)
        else:
            raise InputError(p, "no such file or directory")
    seen: set[Path] = set()
    uniq = []
    for f in out:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            uniq.append(f)
    return uniq


def _excluded(f: Path, patterns: list[str]) -> bool:
    s = f.as_posix()
    return any(fnmatch.fnmatch(s, pat) or fnmatch.fnmatch(f.name, pat) for pat in patterns)


def collect_corpus(pipeline: Pipeline, docs: Iterable[Document]) -> dict:
    """First pass over a corpus: each pass with a collector gathers statistics."""
    collectors = [p for p in pipeline.passes if p.collect is not None]
    if not collectors:
        return {}
    partials: dict[str, list] = {p.name: [] for p in collectors}
    for doc in docs:
        for p in collectors:
            partials[p.name].append(p.collect(doc))
    return {p.name: (p.merge(partials[p.name]) if p.merge else partials[p.name]) for p in collectors}


@dataclass
class FileResult:
    path: Path
    meta: FileMeta | None = None
    result: Result | None = None
    error: str | None = None
    extra: dict = field(default_factory=dict)


def run_file(path: Path, pipeline: Pipeline, policy: Policy, encoding: str | None = None) -> FileResult:
    try:
        text, meta = read_text(path, encoding)
    except InputError as e:
        return FileResult(path, error=str(e))
    return FileResult(path, meta, pipeline.run(text, policy, str(path)))


def make_pipeline(ctx: Context | None = None) -> Pipeline:
    return Pipeline(ctx)
