""" "Needs your action": what an agency has to do now, most pressing first (the GOV.UK
task list pattern), for the top of its home page.

Read from the same standing of each expected return as the calendar
(``workers.web.pages.calendar.calendar_rows``), plus the returns whose queries wait for the
agency's explanation or whose sign-off is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from workers.contracts.loader import get_contract
from workers.contracts.model import FeedContract
from workers.labels import period_words
from workers.returns_calendar import DUE, FAILED, OVERDUE
from workers.review.actions import QUERY_STATES
from workers.validation.run import latest_run
from workers.warehouse.lifecycle import SubmissionStatus
from workers.warehouse.models import AgencyExplanation, QueryExplanation, Submission
from workers.web.pages.calendar import calendar_rows, current_quarter

#: How far ahead a due date counts as "due this week".
THIS_WEEK = timedelta(days=7)
#: The kinds of task, in the order they are shown.
KINDS = ("rejected", "explain", "authorise", "overdue", "due")


@dataclass(frozen=True)
class Task:
    kind: str  # one of KINDS
    title: str  # what to do, in the agency's words
    detail: str
    href: str  # where to do it
    action: str  # the link's text
    due: date | None = None  # the return's due date, where it has one: the earliest first


def _return_name(contract: FeedContract, period_label: str | None) -> str:
    """ "CSC activity, February 2022": the return as people name it."""
    return f"{contract.label}, {period_words(period_label)}"


def _upload_link(contract_id: str, period: str | None) -> str:
    return f"/agency?contract={contract_id}&period={period or ''}#upload"


def _due_tasks(
    db: Session, agency_id: str, contracts: list[FeedContract], today: date
) -> list[Task]:
    quarter = current_quarter(today)
    previous = current_quarter(quarter.start - timedelta(days=1))
    rows = [
        row
        for q in (previous, quarter)
        for row in calendar_rows(db, contracts, q, today, agency_id=agency_id)
    ]
    tasks = []
    for row in rows:
        name = _return_name(row.contract, row.period.label)
        if row.status == FAILED and row.latest is not None:
            tasks.append(
                Task(
                    "rejected",
                    f"Send a corrected file: {name}",
                    f"Submission {row.latest.id} was not accepted.",
                    f"/agency/returns/{row.latest.id}",
                    "See what to fix",
                )
            )
        elif row.status == OVERDUE:
            tasks.append(
                Task(
                    "overdue",
                    f"Overdue: {name}",
                    f"It was due on {row.due:%d %B %Y}.",
                    _upload_link(row.contract.id, row.period.label),
                    "Send it now",
                    row.due,
                )
            )
        elif row.status == DUE and row.due - today <= THIS_WEEK:
            tasks.append(
                Task(
                    "due",
                    f"Due this week: {name}",
                    f"Due on {row.due:%A %d %B %Y}.",
                    _upload_link(row.contract.id, row.period.label),
                    "Check and send it",
                    row.due,
                )
            )
    return tasks


def _return_tasks(db: Session, agency_id: str) -> list[Task]:
    """Returns in force whose queries wait for the agency, or whose sign-off is missing."""
    live = db.exec(
        select(Submission)
        .where(
            Submission.agency_id == agency_id,
            col(Submission.status).in_([*QUERY_STATES, SubmissionStatus.AWAITING_AUTHORISATION]),
        )
        .order_by(col(Submission.id))
    ).all()
    tasks = []
    for sub in live:
        contract = get_contract(sub.contract_id)
        name = _return_name(contract, sub.period_label)
        if sub.status == SubmissionStatus.AWAITING_AUTHORISATION:
            tasks.append(
                Task(
                    "authorise",
                    f"Authorise: {name}",
                    "Its figures wait for your sign-off.",
                    f"/agency/returns/{sub.id}#authorise",
                    "Authorise it",
                )
            )
        if not sub.query_count:
            continue
        run = latest_run(db, sub.id)  # type: ignore[arg-type]
        if (
            run is None
            or db.exec(select(QueryExplanation.id).where(QueryExplanation.run_id == run.id)).first()
        ):
            continue
        last = db.exec(
            select(AgencyExplanation)
            .where(AgencyExplanation.run_id == run.id)
            .order_by(col(AgencyExplanation.id).desc())
        ).first()
        if last is not None and last.verdict is None:
            continue  # explained; waiting for the steward's answer
        challenged = last is not None and last.verdict == "challenged"
        tasks.append(
            Task(
                "explain",
                f"{'Explain again' if challenged else 'Explain'} {sub.query_count} "
                f"quer{'y' if sub.query_count == 1 else 'ies'}: {name}",
                "The data steward challenged your explanation."
                if challenged
                else "Figures that look unusual need a word from you.",
                f"/agency/returns/{sub.id}#explain",
                "Explain",
            )
        )
    return tasks


def tasks_for(
    db: Session, agency_id: str, contracts: list[FeedContract], today: date
) -> list[Task]:
    """The agency's tasks, most pressing kind first."""
    tasks = _due_tasks(db, agency_id, contracts, today) + _return_tasks(db, agency_id)
    return sorted(tasks, key=lambda t: (KINDS.index(t.kind), t.due or date.min))
