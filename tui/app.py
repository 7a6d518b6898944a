"""``zhclean review``: the Textual app, a thin layer over ``cleanup.review``.

All computation (corpus statistics, proposals of a file, recomputation after
decisions) runs in one background thread worker (the "engine") that takes
jobs from a priority queue: the open file first, then the counts of the file
list. The UI thread only records decisions (appended to the journal at once),
moves the cursor and renders, so moving between proposals never waits on
computation.
"""
from __future__ import annotations

import argparse
import itertools
import queue
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from textual import events
from textual.app import App
from textual.worker import get_current_worker

from cleanup.journal import Journal
from cleanup.pipeline import Pipeline
from cleanup.review import Corpus, DecisionStore
from cleanup.textio import InputError

from .keys import APP_KEYS, bindings, normalize_keymap
from .screens import ConfirmQuitScreen, FileListScreen, HelpScreen, ReviewScreen

SNAPSHOT, PREPARE, SUMMARY = 0, 1, 2


def default_pipeline() -> Pipeline:
    from cleanup.pipeline import Context
    from cleanup.rules import RuleSet

    return Pipeline(Context(RuleSet.load()))


class ReviewApp(App):
    CSS_PATH = "zhclean.tcss"
    TITLE = "zhclean review"
    BINDINGS = bindings(APP_KEYS)
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, corpus: Corpus, *, keymap: dict[str, str] | None = None,
                 count_in_background: bool = True) -> None:
        super().__init__()
        self.corpus = corpus
        self._keymap_config = keymap or {}
        self._engine_jobs: queue.PriorityQueue = queue.PriorityQueue()
        self._engine_queued: set[tuple[int, str]] = set()
        self._engine_current: tuple[int, str] | None = None
        self._engine_seq = itertools.count()
        self._engine_stop = threading.Event()
        self._write_pending: set[str] = set()
        self._count_in_background = count_in_background
        self._last_input = 0.0
        self.open_keys: set[str] = set()
        self.last_error: str | None = None

    @classmethod
    def for_files(cls, files: list[Path | str], *, journal: Path | str | None = None,
                  review_safe: bool = False, encoding: str | None = None,
                  pipeline_factory: Callable[[], Pipeline] | None = None, backend: str = "thread",
                  **kw) -> "ReviewApp":
        """An app over these files with this journal (None: decisions in memory only).
        ``backend="process"`` computes in a child process, as ``zhclean review`` does."""
        store = DecisionStore(Journal(journal) if journal is not None else None)
        corpus = Corpus([Path(f) for f in files], store, pipeline_factory or default_pipeline,
                        review_safe=review_safe, encoding=encoding, backend=backend)
        return cls(corpus, **kw)

    # -- start -------------------------------------------------------------------
    def on_mount(self) -> None:
        if self._keymap_config:
            self.set_keymap(self._keymap_config)
        self.run_worker(self._engine, thread=True, group="engine", name="engine", exit_on_error=False)
        self._request(PREPARE, "")
        if len(self.corpus.entries) == 1:
            self.open_file(self.corpus.entries[0].key)
        else:
            self.push_screen(FileListScreen())
            if self._count_in_background:
                for e in self.corpus.entries:
                    self._request(SUMMARY, e.key)

    def open_file(self, key: str) -> None:
        self.open_keys.add(key)
        self.push_screen(ReviewScreen(key))
        self._request(SNAPSHOT, key)

    # -- the engine (background thread) --------------------------------------------
    def _request(self, kind: int, key: str) -> None:
        if (kind, key) in self._engine_queued:
            return
        self._engine_queued.add((kind, key))
        self._engine_jobs.put((kind, next(self._engine_seq), key))

    def is_computing(self, key: str) -> bool:
        return (SNAPSHOT, key) in self._engine_queued or self._engine_current == (SNAPSHOT, key)

    @property
    def busy(self) -> bool:
        """Jobs queued or running (tests and benchmarks wait for this to clear)."""
        return bool(self._engine_queued) or self._engine_current is not None

    IDLE_BEFORE_BACKGROUND = 0.6  # seconds without input before counting other files

    async def on_event(self, event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _engine(self) -> None:
        worker = get_current_worker()
        while not self._engine_stop.is_set() and not worker.is_cancelled:
            try:
                kind, seq, key = self._engine_jobs.get(timeout=0.1)
            except queue.Empty:
                continue
            if kind == SUMMARY and time.monotonic() - self._last_input < self.IDLE_BEFORE_BACKGROUND:
                # the editor is at work: the counts of other files can wait
                self._engine_jobs.put((kind, seq, key))
                time.sleep(0.05)
                continue
            self._engine_current = (kind, key)
            self._engine_queued.discard((kind, key))
            try:
                result = self._compute(kind, key)
                error = None
            except Exception as e:  # noqa: BLE001 - shown to the editor, the app goes on
                result, error = None, f"{type(e).__name__}: {e}"
            try:
                self.call_from_thread(self._deliver, kind, key, result, error)
            except RuntimeError:
                self._engine_current = None
                break  # the app is gone
            except Exception as e:  # noqa: BLE001 - a display error must not stop the engine
                import traceback

                self._engine_current = None
                self.last_error = f"{type(e).__name__}: {e}"
                self.log.error(traceback.format_exc())

    def _compute(self, kind: int, key: str):
        if kind == PREPARE:
            return self.corpus.prepare_step()
        if kind == SUMMARY:
            if key in self.open_keys:
                return None
            entry = self.corpus.entry(key)
            if entry.counts is not None and entry.version == self.corpus.store.version:
                return None
            return self.corpus.summarize(key)
        try:
            return self.corpus.compute(key)
        except InputError as e:
            self.corpus.session(key).error = str(e)
            return None

    def _deliver(self, kind: int, key: str, result, error: str | None) -> None:
        self._engine_current = None
        if error:
            self.last_error = error
            s = self.corpus.sessions.get(key)
            if s is not None:
                s.error = error
        if kind == PREPARE:
            if result:  # complete: the open files get their final proposals
                for k in self.open_keys:
                    self._request(SNAPSHOT, k)
            elif error is None:
                self._request(PREPARE, "")
            for scr in self.screen_stack:
                if isinstance(scr, FileListScreen) and scr.is_mounted:
                    scr.update_status()
            return
        if kind == SNAPSHOT:
            s = self.corpus.session(key)
            if result is not None:
                s.install(result)
                self.corpus.update_counts(key)
            if s.stale and s.error is None:
                self._request(SNAPSHOT, key)  # decisions changed while computing
            elif key in self._write_pending and not s.provisional:
                self._write_pending.discard(key)
                self.write_file(key)
            for scr in self._screens_for(key):
                scr.refresh_all()
        self._update_file_list(key)

    def _screens_for(self, key: str) -> list[ReviewScreen]:
        # a screen pushed but not composed yet shows the snapshot when it mounts
        return [s for s in self.screen_stack if isinstance(s, ReviewScreen) and s.key == key and s.is_mounted]

    def _update_file_list(self, key: str) -> None:
        for scr in self.screen_stack:
            if isinstance(scr, FileListScreen) and scr.is_mounted:
                scr.update_entry(key)

    # -- called by the review screen ------------------------------------------------------
    def decided(self, key: str) -> None:
        """A decision was recorded: counts now, recompute in the background."""
        self.corpus.update_counts(key)
        self._request(SNAPSHOT, key)
        self._update_file_list(key)

    def write_file(self, key: str) -> None:
        s = self.corpus.sessions.get(key)
        if s is None:
            return
        screens = self._screens_for(key)
        if s.stale or s.provisional:
            self._write_pending.add(key)
            if s.stale:
                self._request(SNAPSHOT, key)
            for scr in screens:
                scr.message = ("writing once the recomputation is done" if s.stale else
                               "writing once the corpus statistics are complete")
                scr.update_status()
            return
        try:
            changed = s.snapshot is not None and s.snapshot.text != s.disk_text
            s.write()
            msg = f"written: {key}" if changed else f"{key} already up to date"
        except (InputError, OSError) as e:
            msg = f"not written: {e}"
        for scr in screens:
            scr.message = msg
            scr.update_status()

    # -- app-wide actions ------------------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def dirty_keys(self) -> list[str]:
        return [k for k, s in self.corpus.sessions.items() if k in self.open_keys and s.dirty]

    def action_quit_app(self) -> None:
        dirty = self.dirty_keys()
        if not dirty:
            self._engine_stop.set()
            self.exit(0)
            return

        def answered(what: str | None) -> None:
            if what == "write":
                errors = []
                for k in dirty:
                    try:
                        self.corpus.write(k)  # final proposals (waits for the statistics)
                    except (InputError, OSError) as e:
                        errors.append(str(e))
                if errors:
                    self.last_error = "; ".join(errors)
                    for scr in self.screen_stack:
                        if isinstance(scr, ReviewScreen):
                            scr.message = f"not written: {self.last_error}"
                            scr.update_status()
                    return
                self._engine_stop.set()
                self.exit(0)
            elif what == "quit":
                self._engine_stop.set()
                self.exit(0)

        self.push_screen(ConfirmQuitScreen(dirty), answered)

    async def action_quit(self) -> None:
        self.action_quit_app()

    def on_unmount(self) -> None:
        self._engine_stop.set()
        self.corpus.close()


def main(args: argparse.Namespace) -> int:
    from cleanup.config import ConfigError
    from cleanup.review import setup
    from cleanup.review_args import codes
    from cleanup.rules import RuleError

    try:
        rs = setup(args.paths, config=getattr(args, "config", None), decisions=getattr(args, "decisions", None),
                   glob=getattr(args, "glob", "*.txt"), select=codes(getattr(args, "select", None)),
                   ignore=codes(getattr(args, "ignore", None)), review_safe=getattr(args, "review_safe", False),
                   encoding=getattr(args, "encoding", None))
    except (ConfigError, InputError, RuleError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for e in rs.errors:
        print(f"error: {e}", file=sys.stderr)
    if not rs.corpus.entries:
        print("error: no files to review", file=sys.stderr)
        return 2
    keymap, warnings = normalize_keymap(rs.keys)
    for w in rs.warnings + warnings:
        print(f"warning: {w}", file=sys.stderr)
    app = ReviewApp(rs.corpus, keymap=keymap)
    app.run()
    if app.last_error:
        print(f"error: {app.last_error}", file=sys.stderr)
    rc = app.return_code or 0
    if not rc and (rs.errors or any(e.error for e in rs.corpus.entries)):
        rc = 2  # as fix and check: some file could not be read (its error was shown)
    return rc
