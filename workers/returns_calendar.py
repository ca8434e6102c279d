"""When each return is due, and which are overdue.

A return is due ``dueDays`` calendar days after its period ends (the contract says how
many). It is overdue once that day has passed with no accepted submission (validated,
loaded or superseded by a later accepted one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from workers.contracts.model import FeedContract
from workers.periods import Period, period_containing
from workers.warehouse import lifecycle
from workers.warehouse.events import record_event
from workers.warehouse.models import Event, Submission, SubmissionStatus

#: A version accepted now, or accepted once and replaced since.
ACCEPTED = tuple(lifecycle.ACCEPTED | {SubmissionStatus.SUPERSEDED})


@dataclass(frozen=True)
class ExpectedReturn:
    contract_id: str
    agency_id: str
    period: Period
    due: date


def due_date(contract: FeedContract, period: Period) -> date:
    return period.end + timedelta(days=contract.due_days)


def latest_complete_period(grain: str, today: date) -> Period:
    return period_containing(today, grain).previous()


def recent_periods(grain: str, today: date, count: int) -> list[Period]:
    periods = [latest_complete_period(grain, today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods


def overdue_returns(
    session: Session, contracts: list[FeedContract], today: date, lookback: int = 3
) -> list[ExpectedReturn]:
    """Returns past their due date without an accepted submission, over the last periods."""
    out = []
    for contract in contracts:
        for period in recent_periods(contract.grain, today, lookback):
            due = due_date(contract, period)
            if due >= today:
                continue
            for agency in contract.agencies:
                if not _accepted(session, contract.id, agency, period.label):
                    out.append(ExpectedReturn(contract.id, agency, period, due))
    return out


def due_soon_returns(
    session: Session, contracts: list[FeedContract], today: date, days: int
) -> list[ExpectedReturn]:
    """Returns due within ``days`` (today included) without an accepted submission."""
    if days <= 0:
        return []
    out = []
    for contract in contracts:
        for period in recent_periods(contract.grain, today, 2):
            due = due_date(contract, period)
            if not today <= due <= today + timedelta(days=days):
                continue
            for agency in contract.agencies:
                if not _accepted(session, contract.id, agency, period.label):
                    out.append(ExpectedReturn(contract.id, agency, period, due))
    return out


def _accepted(session: Session, contract_id: str, agency_id: str, period: str) -> bool:
    return (
        session.exec(
            select(Submission.id).where(
                Submission.contract_id == contract_id,
                Submission.agency_id == agency_id,
                Submission.period_label == period,
                col(Submission.status).in_(ACCEPTED),
            )
        ).first()
        is not None
    )


def _mark_once(session: Session, kind: str, items: list[ExpectedReturn]) -> list[ExpectedReturn]:
    """Record a ``kind`` event once per return; the new ones."""
    new = []
    for item in items:
        detail = {
            "contract": item.contract_id,
            "agency": item.agency_id,
            "period": item.period.label,
            "due": item.due.isoformat(),
        }
        text = json.dumps(detail, sort_keys=True)
        seen = session.exec(
            select(Event.id).where(Event.kind == kind, Event.detail == text)
        ).first()
        if seen is None:
            record_event(session, kind, None, "scheduler", **detail)
            new.append(item)
    session.commit()
    return new


def mark_due_soon(
    session: Session, contracts: list[FeedContract], today: date, days: int
) -> list[ExpectedReturn]:
    """Record a ``return_due_soon`` event (a reminder to the agency) once per return."""
    return _mark_once(session, "return_due_soon", due_soon_returns(session, contracts, today, days))


def mark_overdue(
    session: Session, contracts: list[FeedContract], today: date, lookback: int = 3
) -> list[ExpectedReturn]:
    """Record a ``return_overdue`` event once per overdue return; returns the new ones."""
    return _mark_once(
        session, "return_overdue", overdue_returns(session, contracts, today, lookback)
    )
