"""The review queue: returns waiting for a data steward, oldest first.

Three kinds wait: a return held for its errors (``needs_review``), a return loaded with
rows held back that no steward has decided on yet, and an accepted return whose latest
validation raised queries that nobody has explained yet. Superseded and rejected
returns have left the queue: a later version (or the agency) answers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from workers.warehouse import lifecycle
from workers.warehouse.models import (
    HoldReview,
    Override,
    QueryExplanation,
    RuleResult,
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
class QueueEntry:
    """One return in the queue (agency × return × period): the attempt that waits, with
    every attempt newest first, its main problem and whose move it is."""

    item: QueueItem
    attempts: list[Submission]  # newest first; the first is the one waiting
    main_problem: str
    days_waiting: int

    @property
    def earlier(self) -> list[Submission]:
        return [a for a in self.attempts if a.id != self.item.submission_id]

    @property
    def whose_move(self) -> str:
        """Who holds the return now, in a steward's words."""
        if self.item.waiting_for == "queries to explain":
            return "Agency to explain, or a steward"
        return "Data steward"


def _main_problems(session: Session, items: list[QueueItem]) -> dict[int, str]:
    """Per submission, its latest validation's worst failing rule in words: errors before
    queries, then the rule failing most rows."""
    runs = dict(
        session.exec(
            select(ValidationRun.submission_id, func.max(ValidationRun.id))
            .where(col(ValidationRun.submission_id).in_([i.submission_id for i in items]))
            .group_by(col(ValidationRun.submission_id))
        ).all()
    )
    if not runs:
        return {}
    worst: dict[int, RuleResult] = {}
    results = session.exec(
        select(RuleResult).where(
            col(RuleResult.run_id).in_(list(runs.values())), RuleResult.rows_failed > 0
        )
    ).all()
    for result in results:
        assert result.run_id is not None
        held = worst.get(result.run_id)
        rank = (result.severity == "error", result.rows_failed)
        if held is None or rank > (held.severity == "error", held.rows_failed):
            worst[result.run_id] = result
    out = {}
    for submission_id, run_id in runs.items():
        found = worst.get(run_id) if run_id is not None else None
        if found is not None:
            rows = f"{found.rows_failed:,} row{'' if found.rows_failed == 1 else 's'}"
            out[submission_id] = f"{found.message.rstrip('. ')} ({rows})"
    return out


def queue_entries(session: Session, today: date, agency_id: str | None = None) -> list[QueueEntry]:
    """The queue a return at a time, each with its attempts newest first, oldest waiting
    first (``review_queue``'s order)."""
    items = review_queue(session, agency_id)
    if not items:
        return []
    attempts: dict[tuple[str, str, str | None], list[Submission]] = {}
    for sub in session.exec(
        select(Submission)
        .where(
            col(Submission.contract_id).in_({i.contract_id for i in items}),
            col(Submission.agency_id).in_({i.agency_id for i in items}),
            col(Submission.period_label).in_({i.period for i in items if i.period}),
        )
        .order_by(col(Submission.received_at).desc(), col(Submission.id).desc())
    ):
        attempts.setdefault((sub.agency_id, sub.contract_id, sub.period_label), []).append(sub)
    problems = _main_problems(session, items)
    latest: dict[tuple[str, str, str | None], QueueItem] = {}
    for item in items:  # one entry per return: its newest attempt that waits
        key = (item.agency_id, item.contract_id, item.period or f"#{item.submission_id}")
        held = latest.get(key)
        if held is None or (item.received_at, item.submission_id) > (
            held.received_at,
            held.submission_id,
        ):
            latest[key] = item
    entries = []
    for item in latest.values():
        found = attempts.get((item.agency_id, item.contract_id, item.period), [])
        waiting = [a for a in found if a.id == item.submission_id]
        if not waiting:  # no period yet: the attempt alone
            waiting = [a for a in [session.get(Submission, item.submission_id)] if a]
        rest = [a for a in found if a.id != item.submission_id]
        problem = problems.get(item.submission_id, "")
        if item.waiting_for != "errors to decide" and not item.holds_decided:
            problem = f"{item.rows_held:,} row(s) held back" + (f": {problem}" if problem else "")
        days = max(0, (today - item.waiting_since.date()).days)
        entries.append(QueueEntry(item, waiting + rest, problem, days))
    return entries


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
