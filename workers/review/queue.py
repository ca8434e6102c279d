"""The review queue: returns waiting for a data steward, oldest first.

Three kinds wait: a return held for its errors (``needs_review``), a return loaded with
rows held back that no steward has decided on yet, and an accepted return whose latest
validation raised queries that nobody has explained yet. Superseded and rejected
returns have left the queue: a later version (or the agency) answers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from workers.warehouse import lifecycle
from workers.warehouse.models import (
    HoldReview,
    Override,
    QueryExplanation,
    Submission,
    SubmissionStatus,
    ValidationRun,
)

#: Accepted states in which unexplained queries still put a return in the queue.
_ACCEPTED = tuple(lifecycle.ACCEPTED)


@dataclass(frozen=True)
class QueueItem:
    submission_id: int
    contract_id: str
    agency_id: str
    period: str | None
    filename: str
    status: str
    received_at: datetime
    waiting_since: datetime
    error_count: int
    query_count: int
    rules_overridden: int
    queries_explained: bool
    rows_held: int = 0
    holds_decided: bool = True

    @property
    def waiting_for(self) -> str:
        """Why it is in the queue, in a steward's words."""
        if self.status == SubmissionStatus.NEEDS_REVIEW:
            return "errors to decide"
        if not self.holds_decided:
            return f"{self.rows_held:,} held row(s) to decide"
        return "queries to explain"


def review_queue(session: Session, agency_id: str | None = None) -> list[QueueItem]:
    """Returns waiting for a steward, oldest received first, with their error and query
    counts (optionally for one agency)."""
    latest = (
        select(ValidationRun.submission_id, func.max(ValidationRun.id).label("run_id"))
        .group_by(col(ValidationRun.submission_id))
        .subquery()
    )
    overrides = (
        select(Override.run_id, func.count(col(Override.id)).label("n"))
        .group_by(col(Override.run_id))
        .subquery()
    )
    query = (
        select(Submission, QueryExplanation.id, overrides.c.n, HoldReview.id)
        .join(latest, latest.c.submission_id == Submission.id, isouter=True)
        .join(QueryExplanation, col(QueryExplanation.run_id) == latest.c.run_id, isouter=True)
        .join(overrides, overrides.c.run_id == latest.c.run_id, isouter=True)
        .join(HoldReview, col(HoldReview.run_id) == latest.c.run_id, isouter=True)
        .where(
            or_(
                col(Submission.status) == SubmissionStatus.NEEDS_REVIEW,
                and_(
                    col(Submission.status) == SubmissionStatus.LOADED,
                    col(Submission.rows_held) > 0,
                    col(HoldReview.id).is_(None),
                ),
                and_(
                    col(Submission.status).in_(_ACCEPTED),
                    col(Submission.query_count) > 0,
                    col(QueryExplanation.id).is_(None),
                ),
            )
        )
        .order_by(col(Submission.received_at), col(Submission.id))
    )
    if agency_id is not None:
        query = query.where(Submission.agency_id == agency_id)
    items = []
    for sub, explanation_id, overridden, hold_review_id in session.exec(query).all():
        assert sub.id is not None
        items.append(
            QueueItem(
                submission_id=sub.id,
                contract_id=sub.contract_id,
                agency_id=sub.agency_id,
                period=sub.period_label,
                filename=sub.filename,
                status=sub.status,
                received_at=sub.received_at,
                waiting_since=sub.status_changed_at,
                error_count=sub.error_count or 0,
                query_count=sub.query_count or 0,
                rules_overridden=overridden or 0,
                queries_explained=explanation_id is not None,
                rows_held=sub.rows_held or 0,
                holds_decided=not (
                    sub.status == SubmissionStatus.LOADED and (sub.rows_held or 0) > 0
                )
                or hold_review_id is not None,
            )
        )
    return items


@dataclass(frozen=True)
class Refusal:
    """A delivery refused at the door (it never became a submission): another agency's
    feed, a file over the size limit, a period that is not one of the feed's."""

    at: datetime
    agency_id: str
    contract_id: str
    filename: str
    rule: str
    reason: str
    actor: str


def refusals(session: Session, since: datetime, agency_id: str | None = None) -> list[Refusal]:
    """Deliveries refused at the door since ``since``, newest first (the event log keeps
    them: a steward sees every attempt, not only the returns that got in)."""
    import json

    from workers.warehouse.models import Event

    rows = session.exec(
        select(Event)
        .where(Event.kind == "refused", Event.at >= since)
        .order_by(col(Event.at).desc(), col(Event.id).desc())
    ).all()
    out = []
    for event in rows:
        detail = json.loads(event.detail or "{}")
        if agency_id is not None and detail.get("agency") != agency_id:
            continue
        out.append(
            Refusal(
                event.at,
                str(detail.get("agency", "")),
                str(detail.get("contract", "")),
                str(detail.get("filename", "")),
                str(detail.get("rule", "")),
                str(detail.get("reason", "")),
                event.actor,
            )
        )
    return out
