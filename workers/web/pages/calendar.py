"""The returns calendar: every return expected in a quarter, per contract and agency, with
where it stands (``workers.returns_calendar.standing``: not due while the period runs, due
until the due date, overdue after it; then as its latest version stands).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from workers.contracts.model import FeedContract
from workers.periods import Period, parse_period, period_containing
from workers.returns_calendar import (
    AWAITING_AUTHORISATION,
    FAILED,
    NEEDS_REVIEW,
    OVERDUE,
    STATES,
    due_date,
    expected_periods,
    standing,
)
from workers.warehouse.models import Submission, as_utc

#: Every status a calendar row can have, in the order a steward reads them.
CALENDAR_STATUSES = STATES
#: Statuses that ask somebody to act, shown as warnings.
ATTENTION = frozenset({OVERDUE, FAILED, NEEDS_REVIEW, AWAITING_AUTHORISATION})


@dataclass(frozen=True)
class CalendarRow:
    contract: FeedContract
    agency_id: str
    period: Period
    due: date
    status: str
    latest: Submission | None
    versions: int

    @property
    def submitted(self) -> date | None:
        """The day the latest version arrived."""
        return as_utc(self.latest.received_at).date() if self.latest is not None else None

    @property
    def late(self) -> bool:
        """Submitted after its due date (or not at all, and past it)."""
        submitted = self.submitted
        return self.status == OVERDUE or (submitted is not None and submitted > self.due)


def current_quarter(today: date) -> Period:
    return period_containing(today, "quarter")


def parse_quarter_param(value: str | None, today: date) -> Period:
    """The quarter a ``quarter=2020-Q1`` parameter names; the current one if absent or bad."""
    if value:
        try:
            return parse_period(value, "quarter")
        except ValueError:
            pass
    return current_quarter(today)


def next_quarter(quarter: Period) -> Period:
    return period_containing(quarter.end + timedelta(days=1), "quarter")


def calendar_rows(
    db: Session,
    contracts: list[FeedContract],
    quarter: Period,
    today: date,
    *,
    agency_id: str | None = None,
) -> list[CalendarRow]:
    """Every return expected in ``quarter`` (only ``agency_id``'s, when given), ordered by
    contract, period and agency."""
    wanted = [
        (contract, period, agency)
        for contract in contracts
        for period in expected_periods(contract, quarter)
        for agency in contract.agencies
        if agency_id is None or agency == agency_id
    ]
    if not wanted:
        return []
    query = select(Submission).where(
        col(Submission.contract_id).in_({c.id for c, _, _ in wanted}),
        col(Submission.period_label).in_({p.label for _, p, _ in wanted}),
    )
    if agency_id is not None:
        query = query.where(Submission.agency_id == agency_id)
    versions: dict[tuple[str, str, str], list[Submission]] = defaultdict(list)
    for sub in db.exec(query.order_by(col(Submission.received_at), col(Submission.id))):
        versions[(sub.contract_id, sub.agency_id, sub.period_label or "")].append(sub)
    rows = []
    for contract, period, agency in wanted:
        found = versions.get((contract.id, agency, period.label), [])
        due = due_date(contract, period)
        rows.append(
            CalendarRow(
                contract=contract,
                agency_id=agency,
                period=period,
                due=due,
                status=standing(found, period, due, today).state,
                latest=found[-1] if found else None,
                versions=len(found),
            )
        )
    return rows
