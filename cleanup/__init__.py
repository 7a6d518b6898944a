"""zhclean: clean raw OCR output of Chinese newspaper pages.

The library (no UI code): ``Document``/``Edit``/``Proposal`` (cleanup.model),
the rule set (cleanup.rules), passes (cleanup.passes) and the fixpoint
pipeline (cleanup.pipeline).
"""
__version__ = "0.1.0"

from .model import Applicability, Document, Edit, Proposal, make_proposal  # noqa: E402
from .pipeline import Context, Pass, Pipeline, Policy, Result, fix_text  # noqa: E402

__all__ = [
    "Applicability", "Document", "Edit", "Proposal", "make_proposal",
    "Context", "Pass", "Pipeline", "Policy", "Result", "fix_text", "__version__",
]
