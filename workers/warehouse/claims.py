"""Claiming a step of a submission, so that two workers never do the same step at once.

A claim is a conditional UPDATE of the status (``received → validating``), committed
before the work starts: exactly one of two concurrent workers changes the row. A claim
older than its time limit is stale (its worker died) and may be taken over.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session

from workers.warehouse.events import record_event
from workers.warehouse.models import Submission, utcnow


def claim(
    session: Session,
    submission_id: int,
    from_statuses: tuple[str, ...],
    claim_status: str,
    *,
    stale_after_seconds: float,
    actor: str = "system",
) -> bool:
    """Move the submission into ``claim_status`` if it is in one of ``from_statuses`` (or holds
    a stale claim); True when this caller now owns the step."""
    now = utcnow()
    cutoff = now - timedelta(seconds=stale_after_seconds)
    result = session.execute(
        update(Submission)
        .where(Submission.id == submission_id)
        .where(
            or_(
                Submission.status.in_(from_statuses),  # type: ignore[attr-defined]
                and_(Submission.status == claim_status, Submission.status_changed_at <= cutoff),
            )
        )
        .values(status=claim_status, status_changed_at=now)
    )
    if result.rowcount != 1:
        session.rollback()
        return False
    record_event(session, f"{claim_status}_started", submission_id, actor)
    session.commit()
    return True


def release(session: Session, submission_id: int, claim_status: str, back_to: str) -> None:
    """Give a claim back after a failed attempt, so a retry can take it at once."""
    session.rollback()
    result = session.execute(
        update(Submission)
        .where(Submission.id == submission_id, Submission.status == claim_status)
        .values(status=back_to, status_changed_at=utcnow())
    )
    if result.rowcount == 1:  # every change of a submission is in its timeline
        record_event(
            session,
            f"{claim_status}_released",
            submission_id,
            status_from=claim_status,
            status_to=back_to,
        )
    session.commit()
