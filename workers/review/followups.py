"""What a steward's action sets going once it is committed: a load, notifications.

The service functions take these as arguments so each caller picks how: the web app sends
them to the workers (``send_load``); the CLI without a broker runs them in its own
process (``load_now``), since nothing else would pick the message up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from workers.load import load_submission
from workers.sources.landing import default_store
from workers.warehouse.db import session_scope
from workers.warehouse.lifecycle import Step, next_step

log = logging.getLogger(__name__)

Enqueue = Callable[[int], None]
Notify = Callable[[], None]


def send_load(submission_id: int) -> None:
    """Ask the workers to load the submission (the ``load_submission`` actor)."""
    from workers.runtime.actors import load_submission

    load_submission.send(submission_id)


def load_now(submission_id: int) -> None:
    """Load the submission in this process, as ``sdh ingest`` does."""

    with session_scope() as session:
        load_submission(session, submission_id, default_store())


def send_notifications() -> None:
    """Ask the workers to send what the event log says is due (the ``send_notifications``
    actor); the scheduler's minute job would do it anyway, this only makes it prompt."""
    from workers.runtime.actors import send_notifications as actor

    actor.send()


def follow(
    submission_id: int,
    status: str,
    *,
    enqueue_load: Enqueue | None,
    notify: Notify | None = None,
) -> bool:
    """Start what follows a decision once it is committed, as the lifecycle's
    ``next_step`` says; True when the load was enqueued."""

    step = next_step(status)
    if step is Step.LOAD and enqueue_load is not None:
        return after_commit(lambda: enqueue_load(submission_id), "the load")
    if step is Step.NOTIFY and notify is not None:
        after_commit(notify, "notifying the agency")
    return False


def after_commit(step: Callable[[], None], what: str) -> bool:
    """Run a follow-up once the decision is safely committed. A failure here loses
    nothing (the reconciler and the scheduler's notification job pick the work up), so it
    is logged rather than raised: the steward's decision stands either way."""
    try:
        step()
    except Exception:
        log.exception("%s could not be started now; it will be picked up later", what)
        return False
    return True
