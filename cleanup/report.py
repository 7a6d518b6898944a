"""Output of ``fix`` and ``check``: finding formats, the run report, summaries."""
from __future__ import annotations

import json
import os
import tempfile
import time
from typing import IO, Any

from .runner import Finding, Outcome, _usage

FORMATS = ("concise", "full", "json", "github", "diff")


def one_line(s: str) -> str:
    return s.replace("\r", "\\r").replace("\n", "\\n")


def concise(f: Finding) -> str:
    return f"{f.path}:{f.line}:{f.col}: {f.code} {one_line(f.message)} [{f.tag}]"


def full(f: Finding) -> str:
    head = concise(f)
    return f"{head}\n{f.context}\n" if f.context else head + "\n"


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def github(f: Finding) -> str:
    """A GitHub Actions workflow command (shown as an annotation on the file)."""
    return (f"::warning file={_gh_prop(f.path)},line={f.line},col={f.col},"
            f"endLine={f.end_line},endColumn={f.end_col},title={_gh_prop(f.code)}"
            f"::{_gh_data(f.message)} [{f.tag}]")


class FindingCounts:
    """What the summary and --statistics need, without keeping the findings."""

    def __init__(self) -> None:
        self.by_rule: dict[tuple[str, str, str], int] = {}  # (code, name, tag) -> n
        self.total = 0
        self.files = 0

    def add(self, findings: list[Finding]) -> None:
        if findings:
            self.files += 1
        for f in findings:
            k = (f.code, f.name, f.tag)
            self.by_rule[k] = self.by_rule.get(k, 0) + 1
        self.total += len(findings)

    def by_tag(self) -> dict[str, int]:
        c = {"safe": 0, "accepted": 0, "unsafe": 0, "review": 0}
        for (_, _, tag), n in self.by_rule.items():
            c[tag] = c.get(tag, 0) + n
        return c


def check_summary(n_files: int, counts: FindingCounts, errors: int, rejected: int,
                  unsafe_fixes: bool = False) -> str:
    """``n_files``: the files read and checked; ``errors``: the paths that could
    not be (missing, unreadable, binary, not UTF-8)."""
    checked = n_files
    if not counts.total:
        msg = (f"All clean: {checked} file{'s' if checked != 1 else ''} checked, no findings." if checked
               else "No file checked.")
    else:
        c = counts.by_tag()
        n = counts.total
        msg = f"Found {n} finding{'s' if n != 1 else ''} in {counts.files} of {checked} files: "
        if unsafe_fixes:
            msg += f"{c['safe'] + c['accepted'] + c['unsafe']} fixable with `zhclean fix --unsafe-fixes`, "
        else:
            msg += (f"{c['safe'] + c['accepted']} fixable with `zhclean fix`, "
                    f"{c['unsafe']} more with `zhclean fix --unsafe-fixes`, ")
        msg += f"{c['review']} need review (`zhclean review`)."
    if rejected:
        msg += f" {rejected} rejected in the decisions journal, not reported."
    if errors:
        msg += f" {errors} file{'s' if errors != 1 else ''} could not be checked (see errors above)."
    return msg


def statistics(counts: FindingCounts) -> str:
    rows: dict[str, dict[str, Any]] = {}
    for (code, name, tag), n in counts.by_rule.items():
        r = rows.setdefault(code, {"name": name, "n": 0, "tags": {}})
        r["n"] += n
        r["tags"][tag] = r["tags"].get(tag, 0) + n
    lines = []
    for code, r in sorted(rows.items(), key=lambda kv: (-kv[1]["n"], kv[0])):
        tags = ", ".join(f"{k} {v}" for k, v in sorted(r["tags"].items()))
        lines.append(f"{r['n']:7d}  {code}  {r['name'] or '-':<34} [{tags}]")
    return "\n".join(lines)


class RunReport:
    """Per file and per rule: proposals applied, left for review, skipped (journal)."""

    def __init__(self, command: str, options: dict[str, Any], keep_files: bool = True) -> None:
        self.keep_files = keep_files  # per-file entries (for --report); totals are always kept
        self.n_files = 0
        self.command = command
        self.options = options
        # per-file entries go to a temporary file (one JSON line each) as they
        # come: the parent's memory does not grow with the number of files
        self._spool: IO[bytes] | None = None
        self.rules: dict[str, list[int]] = {}
        self.names: dict[str, str] = {}
        self.status: dict[str, int] = {"changed": 0, "unchanged": 0, "empty": 0, "error": 0}
        self.bytes = 0
        self.started = time.perf_counter()
        self.seconds = 0.0
        self.startup_seconds = 0.0  # until the passes were ready (lexicon, tables, workers)
        self.workers: dict[int, int] = {}
        self.jobs = 1
        self.notes = 0
        self.collect_seconds = 0.0
        self.cpu: dict[int, float] = {}
        self.parent_cpu = 0.0
        self.pss: dict[int, int] = {}
        self.uss: dict[int, int] = {}
        self.parent_mem: dict[str, float] = {}

    def add(self, oc: Outcome) -> None:
        self.status[oc.status] = self.status.get(oc.status, 0) + 1
        self.bytes += oc.size
        self.notes += len(oc.notes)
        rules = {}
        for code, (a, r, s) in sorted(oc.counts.items()):
            rules[code] = {"applied": a, "review": r, "skipped": s}
            t = self.rules.setdefault(code, [0, 0, 0])
            t[0] += a
            t[1] += r
            t[2] += s
            self.names[code] = oc.names.get(code, "")
        d: dict[str, Any] = {"path": oc.path, "status": oc.status, "bytes": oc.size,
                             "seconds": round(oc.seconds, 4), "rules": rules}
        if oc.error:
            d["error"] = oc.error.split("\n", 1)[0]
            d["error_kind"] = oc.error_kind
        if oc.notes:
            d["notes"] = oc.notes
        self.n_files += 1
        if self.keep_files:
            self._keep(d)

    def add_error(self, path: str, message: str, kind: str) -> None:
        self.status["error"] += 1
        self.n_files += 1
        self._keep({"path": path, "status": "error", "bytes": 0, "rules": {},
                    "error": message, "error_kind": kind})

    def _keep(self, d: dict[str, Any]) -> None:
        if self._spool is None:
            self._spool = tempfile.TemporaryFile(prefix="zhclean-report-")
        self._spool.write(json.dumps(d, ensure_ascii=False).encode("utf-8") + b"\n")

    def _file_lines(self):
        if self._spool is None:
            return
        self._spool.flush()
        self._spool.seek(0)
        for line in self._spool:
            yield line.rstrip(b"\n")
        self._spool.seek(0, os.SEEK_END)

    @property
    def files(self) -> list[dict[str, Any]]:
        """The per-file entries (read back from the spool)."""
        return [json.loads(line) for line in self._file_lines()]

    def ready(self) -> None:
        """The passes are loaded (lexicon, tables, the warmed worker): what
        came before is start-up, not throughput."""
        self.startup_seconds = time.perf_counter() - self.started

    def finish(self, workers: dict[int, int], jobs: int, collect_seconds: float = 0.0,
               cpu: dict[int, float] | None = None, pss: dict[int, int] | None = None,
               uss: dict[int, int] | None = None) -> None:
        self.pss = dict(pss or {})
        self.uss = dict(uss or {})
        self.seconds = time.perf_counter() - self.started
        self.workers = dict(workers)
        self.cpu = dict(cpu or {})
        self.parent_cpu = sum(os.times()[:2])
        rss, _, pss, uss = _usage()  # the CLI process itself (with one job: also the worker)
        self.parent_mem = {"peak_rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1),
                           "uss_mb": round(uss / 1024, 1)}
        self.jobs = jobs
        self.collect_seconds = collect_seconds

    def totals(self) -> dict[str, Any]:
        a = sum(v[0] for v in self.rules.values())
        r = sum(v[1] for v in self.rules.values())
        s = sum(v[2] for v in self.rules.values())
        mb = self.bytes / 1e6
        return {
            "files": self.n_files, **self.status, "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "startup_seconds": round(self.startup_seconds, 3),
            "mb_per_s": round(mb / self.seconds, 3) if self.seconds > 0 else None,
            "applied": a, "review": r, "skipped": s,
        }

    def to_dict(self, files: bool = True) -> dict[str, Any]:
        d = {
            "version": 1,
            "command": self.command,
            "options": self.options,
            "jobs": self.jobs,
            "corpus_statistics_seconds": round(self.collect_seconds, 3),
            "totals": self.totals(),
            "rules": {c: {"name": self.names.get(c, ""), "applied": v[0], "review": v[1], "skipped": v[2]}
                      for c, v in sorted(self.rules.items())},
            "workers_peak_rss_mb": {str(pid): round(kb / 1024, 1) for pid, kb in sorted(self.workers.items())},
            "workers_cpu_seconds": {str(pid): round(s, 2) for pid, s in sorted(self.cpu.items())},
            # shared pages (forked workers share the lexicon and models) counted once across processes
            "workers_pss_mb": {str(pid): round(kb / 1024, 1) for pid, kb in sorted(self.pss.items())},
            "workers_uss_mb": {str(pid): round(kb / 1024, 1) for pid, kb in sorted(self.uss.items())},
            "parent_cpu_seconds": round(self.parent_cpu, 2),
            "parent_memory": self.parent_mem,  # peak RSS, and PSS/USS at the end
        }
        if files:
            d["files"] = self.files
        return d

    def write_json(self, f: IO[bytes]) -> None:
        """The report as JSON, streamed: the per-file entries, one a line, come
        from the spool and are never all in memory."""
        head = json.dumps(self.to_dict(files=False), ensure_ascii=False, indent=1)
        assert head.endswith("\n}")
        f.write(head[:-2].encode("utf-8") + b',\n "files": [')
        sep = b"\n  "
        for line in self._file_lines():
            f.write(sep + line)
            sep = b",\n  "
        f.write(b"\n ]\n}\n")

    def to_json(self) -> str:
        import io

        buf = io.BytesIO()
        self.write_json(buf)
        return buf.getvalue().decode("utf-8")

    def summary(self, *, verb: str, max_rules: int = 12) -> str:
        t = self.totals()
        speed = f", {t['mb_per_s']:.2f} MB/s" if t["mb_per_s"] else ""
        work = self.seconds - self.startup_seconds
        if self.startup_seconds >= 0.5 and work > 0:
            # (on a few small files the start-up is most of the time: the rate
            # of the files themselves is the one worth reading)
            speed = f" (start-up {self.startup_seconds:.2f} s), {self.bytes / 1e6 / work:.2f} MB/s after it"
        lines = [
            f"zhclean {self.command}: {t['files']} file{'s' if t['files'] != 1 else ''} ({self.bytes / 1e6:.2f} MB) in "
            f"{self.seconds:.2f} s{speed}, {self.jobs} job{'s' if self.jobs != 1 else ''}",
            f"  {t['changed']} {verb}, {t['unchanged']} unchanged, {t['empty']} empty, {t['error']} error{'s' if t['error'] != 1 else ''}",
            f"  proposals: {t['applied']} applied, {t['review']} left for review, "
            f"{t['skipped']} skipped (rejected in the journal)",
        ]
        if self.rules:
            lines.append(f"  {'rule':<6} {'applied':>8} {'review':>7} {'skipped':>8}  name")
            ranked = sorted(self.rules.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
            for code, (a, r, s) in ranked[:max_rules]:
                lines.append(f"  {code:<6} {a:>8} {r:>7} {s:>8}  {self.names.get(code, '')}")
            if len(ranked) > max_rules:
                lines.append(f"  ... and {len(ranked) - max_rules} more rules (see --report FILE)")
        return "\n".join(lines)
