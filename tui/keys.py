"""Key bindings of ``zhclean review``: every binding has an id, so it can be remapped.

Configuration (``pyproject.toml``)::

    [tool.zhclean.review.keys]
    accept = "y"            # or "review.accept" = "y"
    reject = "n,x"          # several keys, comma-separated

or the same table as ``[review.keys]`` in ``zhclean.toml`` (read by
``cleanup.config``). The ids are the names below (``accept``,
``next_pending``...), with or without the ``review.`` prefix.
"""
from __future__ import annotations

from textual.binding import Binding

# id (without prefix), key, action, description, shown in the footer
REVIEW_KEYS: list[tuple[str, str, str, str, bool]] = [
    ("next_pending", "j", "next_pending", "Next", False),
    ("prev_pending", "k", "prev_pending", "Prev", False),
    ("next_any", "J", "next_any", "Next any", False),
    ("prev_any", "K", "prev_any", "Prev any", False),
    ("accept", "a", "accept", "Accept", True),
    ("reject", "x", "reject", "Reject", True),
    ("skip", "space", "skip", "Skip", True),
    ("edit", "e", "edit", "Edit", True),
    ("accept_rule", "A", "accept_rule", "Accept rule", True),
    ("reject_rule", "X", "reject_rule", "Reject rule", True),
    ("undo", "u", "undo", "Undo", True),
    ("redo", "U", "redo", "Redo", True),
    ("search", "slash", "search", "Search", False),
    ("filter", "ctrl+f", "filter", "Filter", False),
    ("toggle_view", "v", "toggle_view", "View", False),
    ("write", "w", "write", "Write", True),
    ("files", "escape", "back", "Files", True),
    ("cancel", "escape", "cancel_input", "Cancel", True),
]

APP_KEYS: list[tuple[str, str, str, str, bool]] = [
    ("help", "question_mark", "help", "Help", True),
    ("quit", "q", "quit_app", "Quit", True),
]

FILE_LIST_KEYS: list[tuple[str, str, str, str, bool]] = [
    ("open", "enter", "open_file", "Open", True),
]

PREFIX = "review."


def bindings(table: list[tuple[str, str, str, str, bool]]) -> list[Binding]:
    return [Binding(key, action, desc, show=show, id=PREFIX + bid) for bid, key, action, desc, show in table]


ALL_IDS = {PREFIX + row[0] for row in REVIEW_KEYS + APP_KEYS + FILE_LIST_KEYS}


def normalize_keymap(table: dict, source: str = "configuration") -> tuple[dict[str, str], list[str]]:
    """Binding id -> keys from the ``review.keys`` table (ids with or without the
    ``review.`` prefix), and warnings for unknown ids or bad values."""
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for k, v in (table or {}).items():
        bid = k if k.startswith(PREFIX) else PREFIX + k
        if bid not in ALL_IDS:
            warnings.append(f"{source}: unknown review key binding {k!r} "
                            f"(known: {', '.join(sorted(i.removeprefix(PREFIX) for i in ALL_IDS))})")
            continue
        if not isinstance(v, str) or not v.strip():
            warnings.append(f"{source}: the key for {k!r} must be a non-empty string")
            continue
        keymap[bid] = v.strip()
    return keymap, warnings
