"""Pass module 'doubled' (see cleanup/passes/__init__.py for its place in the order)."""
from __future__ import annotations

from ..pipeline import Pass

PASSES: list[Pass] = []
