"""The review queue: the returns waiting for a steward, a return (agency × return ×
period) a line, oldest waiting first, each with its main problem, the days it has waited
and whose move it is (``workers.review.queue.queue_entries``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from workers.accounts import Action
from workers.contracts.loader import load_contracts
from workers.labels import return_title
from workers.review.queue import queue_entries, refusals
from workers.web.database import Db
from workers.web.pages.guard import Person, need
from workers.web.pages.render import page
from workers.web.pages.returns import agency_names

router = APIRouter(include_in_schema=False)
#: Deliveries refused at the door are listed under the queue for this long.
REFUSALS_SHOWN_DAYS = 30


@router.get("/queue")
def queue_page(request: Request, user: Person, db: Db) -> Response:
    need(user, Action.REVIEW)
    entries = queue_entries(db, date.today())
    refused = refusals(db, datetime.now(UTC) - timedelta(days=REFUSALS_SHOWN_DAYS))
    names = agency_names(db)
    contracts = load_contracts()
    return page(
        request,
        "queue.html",
        {
            "title": "Review queue",
            "entries": entries,
            "titles": {
                e.item.submission_id: return_title(
                    e.item.agency_id, contracts.get(e.item.contract_id), e.item.period
                )
                for e in entries
            },
            "contracts": contracts,
            "names": names,
            "errors_waiting": sum(1 for e in entries if e.item.waiting_for == "errors to decide"),
            "refused": refused,
            "refused_days": REFUSALS_SHOWN_DAYS,
        },
    )
