"""The returns calendar: every return expected in a quarter, per contract and agency, with
where it stands.

A monthly feed is expected once for each month of the quarter, a quarterly feed once.
Where a return stands comes from its latest version (``Submission`` rows for the same
contract, agency and period), or, with none yet, from its due date
(``workers.returns_calendar.due_date``): not due while the period runs, due until the due
date, overdue after it. A rejected latest version leaves the return "failed" unless an
earlier version was accepted, because the last file that passed is the one that counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from workers.contracts.model import FeedContract
from workers.periods import Period, months_in, parse_period, period_containing
from workers.returns_calendar import due_date
from workers.warehouse import lifecycle
from workers.warehouse.models import Submission, SubmissionStatus, as_utc

NOT_DUE, DUE, OVERDUE = "not due", "due", "overdue"
RECEIVED, FAILED, NEEDS_REVIEW = "received", "failed", "needs review"
AWAITING_AUTHORISATION = "awaiting authorisation"
ACCEPTED, SUPERSEDED = "accepted", "superseded"
#: Every status a calendar row can have, in the order a steward reads them.
CALENDAR_STATUSES = (
    NOT_DUE,
    DUE,
    OVERDUE,
    RECEIVED,
    FAILED,
    NEEDS_REVIEW,
    AWAITING_AUTHORISATION,
    ACCEPTED,
    SUPERSEDED,
)
#: Statuses that ask somebody to act, shown as warnings.
ATTENTION = frozenset({OVERDUE, FAILED, NEEDS_REVIEW, AWAITING_AUTHORISATION})

_ACCEPTED_STATES = lifecycle.ACCEPTED


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


def expected_periods(contract: FeedContract, quarter: Period) -> list[Period]:
    """The periods of ``contract`` whose returns fall in ``quarter``."""
    return [quarter] if contract.grain == "quarter" else months_in(quarter)


def return_status(versions: list[Submission], period: Period, due: date, today: date) -> str:
    """Where one expected return stands, from its versions (oldest first) and the date."""
    if not versions:
        if today <= period.end:
            return NOT_DUE
        return DUE if today <= due else OVERDUE
    status = versions[-1].status
    if status in (SubmissionStatus.RECEIVED, SubmissionStatus.VALIDATING):
        return RECEIVED
    if status == SubmissionStatus.NEEDS_REVIEW:
        return NEEDS_REVIEW
    if status == SubmissionStatus.AWAITING_AUTHORISATION:
        return AWAITING_AUTHORISATION
    if status in _ACCEPTED_STATES:
        return ACCEPTED
    if status == SubmissionStatus.SUPERSEDED:
        return SUPERSEDED
    if any(v.status in (*_ACCEPTED_STATES, SubmissionStatus.SUPERSEDED) for v in versions):
        return ACCEPTED  # rejected now, but an earlier version stands
    return FAILED


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
    for sub in db.exec(query.order_by(col(Submission.id))):
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
                status=return_status(found, period, due, today),
                latest=found[-1] if found else None,
                versions=len(found),
            )
        )
    return rows
