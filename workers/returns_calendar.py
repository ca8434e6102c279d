"""Which returns are expected, when each is due, and where each stands.

A monthly feed is expected once for each month of a quarter, a quarterly feed once. A
return is due ``dueDays`` calendar days after its period ends (the contract says how
many). It is overdue once that day has passed with no accepted submission (validated,
loaded or superseded by a later accepted one). ``standing`` is the one account of where
an expected return stands, read by the returns calendar, the packs' notes and the
scheduler alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from workers.contracts.model import FeedContract
from workers.periods import Period, financial_year, fy_start_year, months_in, period_containing
from workers.warehouse import lifecycle
from workers.warehouse.events import record_event
from workers.warehouse.models import Event, Submission, SubmissionStatus

#: A version accepted now, or accepted once and replaced since.
ACCEPTED = tuple(lifecycle.ACCEPTED | {SubmissionStatus.SUPERSEDED})


#: Received and still with the workers (not yet accepted, held or refused).
IN_FLIGHT = (SubmissionStatus.RECEIVED, SubmissionStatus.VALIDATING)

# Where an expected return stands, in the words of the returns calendar.
NOT_DUE, DUE, OVERDUE = "not due", "due", "overdue"
RECEIVED, FAILED, NEEDS_REVIEW = "received", "failed", "needs review"
AWAITING_AUTHORISATION = "awaiting authorisation"
STANDS, SUPERSEDED = "accepted", "superseded"
#: Every state, in the order a steward reads them.
STATES = (
    NOT_DUE,
    DUE,
    OVERDUE,
    RECEIVED,
    FAILED,
    NEEDS_REVIEW,
    AWAITING_AUTHORISATION,
    STANDS,
    SUPERSEDED,
)


@dataclass(frozen=True)
class Standing:
    """Where one expected return stands, from its versions (oldest first) and the date.

    ``state`` follows the latest version, as the steward works on it; ``current`` is the
    version behind the figures (the loaded one, else the latest accepted), and ``arrived``
    the one timeliness is judged on: the first accepted version that came by the due date,
    else the first accepted, else the first still being checked, else the first at all.
    The last file that passed is the one that counts, so a rejected latest version leaves
    an earlier accepted one standing.
    """

    period: Period
    due: date
    state: str
    versions: tuple[Submission, ...]
    current: Submission | None  # accepted: behind the figures; otherwise the latest worth showing
    arrived: Submission | None
    accepted: bool

    @property
    def latest(self) -> Submission | None:
        return self.versions[-1] if self.versions else None

    @property
    def received(self) -> bool:
        return bool(self.versions)

    @property
    def in_flight(self) -> bool:
        """Not accepted, and a version is still being checked."""
        return not self.accepted and any(v.status in IN_FLIGHT for v in self.versions)

    @property
    def on_time(self) -> bool | None:
        """Whether ``arrived`` came by the due date (None when nothing came)."""
        if self.arrived is None:
            return None
        return self.arrived.received_at.date() <= self.due

    def overdue(self, today: date) -> bool:
        """Past the due date with no accepted version."""
        return not self.accepted and today > self.due


def standing(versions: list[Submission], period: Period, due: date, today: date) -> Standing:
    """Where the return for ``period`` stands, given its versions oldest first."""
    accepted = [v for v in versions if v.status in ACCEPTED]
    flying = [v for v in versions if v.status in IN_FLIGHT]
    current: Submission | None
    arrived: Submission | None
    if accepted:
        loaded = [v for v in accepted if v.status == SubmissionStatus.LOADED]
        current = loaded[-1] if loaded else accepted[-1]
        arrived = next((v for v in accepted if v.received_at.date() <= due), accepted[0])
    elif flying:
        current, arrived = flying[-1], flying[0]
    elif versions:
        current, arrived = versions[-1], versions[0]
    else:
        current = arrived = None
    return Standing(
        period=period,
        due=due,
        state=_state(versions, period, due, today, bool(accepted)),
        versions=tuple(versions),
        current=current,
        arrived=arrived,
        accepted=bool(accepted),
    )


def _state(
    versions: list[Submission], period: Period, due: date, today: date, accepted: bool
) -> str:
    if not versions:
        if today <= period.end:
            return NOT_DUE
        return DUE if today <= due else OVERDUE
    status = versions[-1].status
    if status in IN_FLIGHT:
        return RECEIVED
    if status == SubmissionStatus.NEEDS_REVIEW:
        return NEEDS_REVIEW
    if status == SubmissionStatus.AWAITING_AUTHORISATION:
        return AWAITING_AUTHORISATION
    if status == SubmissionStatus.SUPERSEDED:
        return SUPERSEDED
    return STANDS if accepted else FAILED


def versions_of(
    session: Session, contract_id: str, agency_id: str, period: str
) -> list[Submission]:
    """Every version of one return, oldest first."""
    return list(
        session.exec(
            select(Submission)
            .where(
                Submission.contract_id == contract_id,
                Submission.agency_id == agency_id,
                Submission.period_label == period,
            )
            .order_by(col(Submission.received_at), col(Submission.id))
        ).all()
    )


def expected_periods(contract: FeedContract, quarter: Period) -> list[Period]:
    """The periods of ``contract`` whose returns fall in ``quarter``: its three months, the
    quarter itself, or (a yearly return, such as the statutory ones) the financial year
    when it ends in the quarter."""
    if contract.grain == "month":
        return months_in(quarter)
    if contract.grain == "year":
        year = financial_year(fy_start_year(quarter.start))
        return [year] if year.end == quarter.end else []
    return [quarter]


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
                found = versions_of(session, contract.id, agency, period.label)
                if standing(found, period, due, today).overdue(today):
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
