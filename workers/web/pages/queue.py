"""The review queue: the returns waiting for a steward, oldest first, with their error and
query counts (``workers.review.review_queue``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from workers.accounts import Action
from workers.review import review_queue
from workers.review.queue import refusals
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
    items = review_queue(db)
    refused = refusals(db, datetime.now(UTC) - timedelta(days=REFUSALS_SHOWN_DAYS))
    names = agency_names(db)
    return page(
        request,
        "queue.html",
        {
            "title": "Review queue",
            "items": items,
            "names": names,
            "errors_waiting": sum(1 for i in items if i.waiting_for == "errors to decide"),
            "refused": refused,
            "refused_days": REFUSALS_SHOWN_DAYS,
        },
    )
