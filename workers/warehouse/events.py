"""Recording state changes: every change of a submission is also an event row."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from workers.warehouse.lifecycle import check_move
from workers.warehouse.models import Event, Submission, utcnow


def record_event(
    session: Session,
    kind: str,
    submission_id: int | None = None,
    actor: str = "system",
    **detail: Any,
) -> Event:
    event = Event(
        submission_id=submission_id,
        kind=kind,
        actor=actor,
        detail=json.dumps(detail, default=str, sort_keys=True) if detail else "",
    )
    session.add(event)
    return event


def set_status(
    session: Session,
    submission: Submission,
    status: str,
    kind: str,
    actor: str = "system",
    **detail: Any,
) -> None:
    """Change a submission's status and log it, in the caller's transaction; a move the
    lifecycle's table does not hold raises ``InvalidTransition``."""
    previous = submission.status
    check_move(previous, status, submission.id)
    submission.status = status
    submission.status_changed_at = utcnow()
    session.add(submission)
    record_event(
        session, kind, submission.id, actor, status_from=previous, status_to=status, **detail
    )
