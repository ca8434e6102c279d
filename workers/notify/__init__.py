"""Telling agencies when a return needs them: failed validation, rejected (a corrected
return is requested), or overdue. Read from the event log into an outbox, each message
sent at most once, by email (SMTP) and, where the agency has one, a webhook.

``dispatch_pending`` (in ``outbox``) is imported on first use, so ``sdh --help`` stays fast.
"""

from __future__ import annotations

from workers.lazy import lazy_getattr

_EXPORTS = {"NOTIFY_KINDS": "outbox", "DispatchSummary": "outbox", "dispatch_pending": "outbox"}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_getattr(__name__, _EXPORTS)
