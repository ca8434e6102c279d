"""Record a step that failed for good as an event, so a steward sees it in the timeline."""

from __future__ import annotations

import logging

from dramatiq.middleware import Middleware

log = logging.getLogger(__name__)


class RecordFailures(Middleware):
    """After retries are spent (or for a fault not worth retrying), write a ``step_failed``
    event against the submission. Must sit before ``Retries`` in the middleware list:
    dramatiq runs ``after_*`` hooks in reverse order, and ``Retries`` marks the message
    failed."""

    def after_process_message(self, broker, message, *, result=None, exception=None):
        if exception is None or not message.failed:
            return
        submission_id = (
            message.args[0] if message.args and isinstance(message.args[0], int) else None
        )
        try:
            from workers.warehouse.db import session_scope
            from workers.warehouse.events import record_event

            with session_scope() as session:
                record_event(
                    session,
                    "step_failed",
                    submission_id,
                    "worker",
                    step=message.actor_name,
                    args=list(message.args),
                    error=f"{type(exception).__name__}: {str(exception)[:500]}",
                    retries=message.options.get("retries", 0),
                )
                session.commit()
        except Exception:  # the database may be the thing that failed
            log.exception("could not record the failure of %s", message.actor_name)
