"""The lists of returns: the returns calendar (what is expected this quarter and where it
stands) and every submission received, both filtered by GET parameters so a filtered
view can be bookmarked or sent to a colleague. An agency submitter sees only its agency's.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from math import ceil
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import Response

from workers.accounts import Action, agency_scope
from workers.contracts.loader import load_contracts
from workers.contracts.model import FeedContract
from workers.labels import period_words
from workers.returns_calendar import expected_periods
from workers.warehouse.models import Agency, Submission, SubmissionStatus
from workers.warehouse.paging import fetch_page
from workers.web.database import Db
from workers.web.pages.calendar import (
    ATTENTION,
    CALENDAR_STATUSES,
    calendar_rows,
    next_quarter,
    parse_quarter_param,
)
from workers.web.pages.guard import Person, need
from workers.web.pages.render import page, status_label

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def agency_names(db: Session) -> dict[str, str]:
    return {a.id: a.name for a in db.exec(select(Agency).order_by(Agency.name))}


def contracts_for(agency_id: str | None) -> list[FeedContract]:
    """The contracts this person's lists cover: all, or those the agency delivers."""
    contracts = sorted(load_contracts().values(), key=lambda c: c.id)
    return [c for c in contracts if agency_id is None or agency_id in c.agencies]


def pick(value: str | None, allowed: list[str] | tuple[str, ...]) -> str:
    """A filter value, or "" (everything) when it is not one of the choices."""
    return value if value is not None and value in allowed else ""


def query_string(params: dict[str, Any]) -> str:
    kept = {k: v for k, v in params.items() if v not in ("", None)}
    return f"?{urlencode(kept)}" if kept else ""


def filter_choices(
    scope: str | None, agencies: list[str], names: dict[str, str], contracts: list[FeedContract]
) -> dict[str, Any]:
    """The agency and contract choices of a list's filters, as (value, text) pairs or
    values; an agency's own list offers no choice of agency."""
    return {
        "agencies": [] if scope else [(a, names.get(a, a)) for a in agencies],
        "contracts": [(c.id, f"{c.label} ({c.id})") for c in contracts],
    }


def today() -> date:
    """Today, as the calendar counts due dates (a function so tests can fix the date)."""
    return date.today()


@router.get("/calendar")
def calendar_page(
    request: Request,
    user: Person,
    db: Db,
    quarter: str = "",
    agency: str = "",
    contract: str = "",
    status: str = "",
    period: str = "",
) -> Response:
    need(user, Action.VIEW_RETURNS)
    scope = agency_scope(user)
    day = today()
    shown = parse_quarter_param(quarter, day)
    names = agency_names(db)
    contracts = contracts_for(scope)
    agencies = [scope] if scope else sorted({a for c in contracts for a in c.agencies})
    agency = scope or pick(agency, agencies)
    contract = pick(contract, [c.id for c in contracts])
    periods = sorted({p.label for c in contracts for p in expected_periods(c, shown)})
    period = pick(period, periods)
    status = pick(status, CALENDAR_STATUSES)
    chosen = [c for c in contracts if not contract or c.id == contract]
    rows = calendar_rows(db, chosen, shown, day, agency_id=agency or None)
    rows = [r for r in rows if not period or r.period.label == period]
    counts = Counter(r.status for r in rows)
    rows = [r for r in rows if not status or r.status == status]
    filters = {"agency": agency if not scope else "", "contract": contract, "status": status}
    return page(
        request,
        "calendar.html",
        {
            "title": f"Returns calendar, {period_words(shown)}",
            "quarter": shown,
            "today": day,
            "rows": rows,
            "counts": [(s, counts[s]) for s in CALENDAR_STATUSES if counts[s]],
            "attention": ATTENTION,
            "names": names,
            **filter_choices(scope, agencies, names, contracts),
            "statuses": [(s, s.capitalize()) for s in CALENDAR_STATUSES],
            "periods": [(p, period_words(p)) for p in periods],
            "selected": {**filters, "period": period},
            "previous_link": query_string({**filters, "quarter": shown.previous().label}),
            "next_link": query_string({**filters, "quarter": next_quarter(shown).label}),
        },
    )


@router.get("/submissions")
def submissions_page(
    request: Request,
    user: Person,
    db: Db,
    agency: str = "",
    contract: str = "",
    status: str = "",
    page_no: int = 1,
) -> Response:
    need(user, Action.VIEW_RETURNS)
    scope = agency_scope(user)
    names = agency_names(db)
    contracts = contracts_for(scope)
    agencies = [scope] if scope else sorted(names)
    agency = scope or pick(agency, agencies)
    contract = pick(contract, [c.id for c in contracts])
    status = pick(status, tuple(SubmissionStatus))
    filters = []
    if agency:
        filters.append(Submission.agency_id == agency)
    if contract:
        filters.append(Submission.contract_id == contract)
    if status:
        filters.append(Submission.status == status)
    newest_first = (col(Submission.received_at).desc(), col(Submission.id).desc())
    subs, total, page_no = fetch_page(db, Submission, filters, newest_first, page_no, PAGE_SIZE)
    pages = max(1, ceil(total / PAGE_SIZE))
    selected = {"agency": agency if not scope else "", "contract": contract, "status": status}
    return page(
        request,
        "submissions.html",
        {
            "title": "Submissions",
            "submissions": subs,
            "names": names,
            **filter_choices(scope, agencies, names, contracts),
            "statuses": [(s, status_label(s)) for s in tuple(SubmissionStatus)],
            "selected": selected,
            "total": total,
            "page_no": page_no,
            "pages": pages,
            "previous_link": query_string({**selected, "page_no": page_no - 1}),
            "next_link": query_string({**selected, "page_no": page_no + 1}),
        },
    )
