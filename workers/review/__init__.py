"""A data steward's work on returns: the review queue, the decisions (explain queries,
override an error, reject, validate again) and what the packs' notes need from them.

The CLI (``sdh review``) and the web pages call these same functions. The names below
are imported on first use, so ``sdh --help`` does not pay for the database layer.
"""

from __future__ import annotations

from workers.lazy import lazy_getattr

_EXPORTS = {
    "ActionResult": "actions",
    "accept_holds": "actions",
    "accept_queries": "actions",
    "check_reason": "actions",
    "override_error": "actions",
    "reject": "actions",
    "replay": "actions",
    "SubmissionDetail": "detail",
    "submission_detail": "detail",
    "ExplanationNote": "explanations",
    "explanations_for": "explanations",
    "OverrideNote": "overrides",
    "overrides_for": "overrides",
    "QueueItem": "queue",
    "review_queue": "queue",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_getattr(__name__, _EXPORTS)
