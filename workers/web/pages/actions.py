"""The steward's decisions as forms on the submission page: explain the queries, override
an error rule, reject (with a message to the agency), validate again.

Each needs a reason, checked here before anything else and again by the service function
(``workers.review``), which records the event with the signed-in name. A refused decision
shows the page again with the message beside its form; an accepted one redirects back to
the page (POST, redirect, GET), where the new event is in the timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from workers.accounts import Action
from workers.errors import ReasonRequired, SdhError
from workers.review import (
    accept_holds,
    accept_queries,
    check_reason,
    override_error,
    reject,
    replay,
)
from workers.review.actions import MAX_REASON, ActionResult
from workers.web.database import Db
from workers.web.pages.guard import POST_CHECKS, Person, need, visible_submission
from workers.web.pages.render import page
from workers.web.pages.session import SignedIn, flash
from workers.web.pages.submission import submission_context

router = APIRouter(include_in_schema=False)
#: Lengths are checked by ``check_reason`` (with a message), not by the form parser.
Reason = Annotated[str, Form()]


def _decide(
    request: Request,
    db: Session,
    user: SignedIn,
    submission_id: int,
    form: str,
    values: dict[str, str],
    decide: Callable[[Session], ActionResult],
    done: Callable[[ActionResult], str],
) -> Response:
    """Check who may decide, run ``decide``, and answer with the page or a redirect."""
    sub = visible_submission(db, user, submission_id)
    need(user, Action.REVIEW, sub)
    try:
        check_reason(values.get("reason"))
        result = decide(db)
    except SdhError as exc:  # ReasonRequired, InvalidTransition, …: nothing was changed
        db.rollback()
        status = 422 if isinstance(exc, ReasonRequired) else 409
        db.refresh(sub)
        context = submission_context(db, user, sub, errors={form: str(exc)}, values=values)
        return page(request, "submission.html", context, status=status)
    flash(request, done(result))
    return RedirectResponse(f"/submissions/{submission_id}", status_code=303)


@router.post("/submissions/{submission_id:int}/accept-queries", dependencies=POST_CHECKS)
def accept_queries_submit(
    request: Request, submission_id: int, user: Person, db: Db, reason: Reason = ""
) -> Response:
    return _decide(
        request,
        db,
        user,
        submission_id,
        "accept",
        {"reason": reason},
        lambda db: accept_queries(db, submission_id, user.username, reason),
        lambda r: (
            f"Queries explained ({r.detail.get('queries', 0)} row(s)); "
            "your reason is in the timeline."
        ),
    )


@router.post("/submissions/{submission_id:int}/accept-holds", dependencies=POST_CHECKS)
def accept_holds_submit(
    request: Request, submission_id: int, user: Person, db: Db, reason: Reason = ""
) -> Response:
    return _decide(
        request,
        db,
        user,
        submission_id,
        "accept_holds",
        {"reason": reason},
        lambda db: accept_holds(db, submission_id, user.username, reason),
        lambda r: (
            f"{r.detail.get('rows', 0):,} held row(s) stay out; the agency sends them again "
            "in a corrected return."
        ),
    )


@router.post("/submissions/{submission_id:int}/override", dependencies=POST_CHECKS)
def override_submit(
    request: Request,
    submission_id: int,
    user: Person,
    db: Db,
    rule: Annotated[str, Form()] = "",
    reason: Reason = "",
) -> Response:
    def done(result: ActionResult) -> str:
        text = f"Rule {rule} overridden."
        if result.detail.get("accepted"):
            text += " No error stands in the way any more: the return is being loaded."
        return text

    return _decide(
        request,
        db,
        user,
        submission_id,
        "override",
        {"reason": reason, "rule": rule},
        lambda db: override_error(db, submission_id, rule, user.username, reason),
        done,
    )


def _message(text: str) -> str | None:
    """The message to the agency, if any; as long as a reason may be, at most."""
    if len(text.strip()) > MAX_REASON:
        raise ReasonRequired(f"Keep the message to the agency under {MAX_REASON:,} characters")
    return text.strip() or None


@router.post("/submissions/{submission_id:int}/reject", dependencies=POST_CHECKS)
def reject_submit(
    request: Request,
    submission_id: int,
    user: Person,
    db: Db,
    reason: Reason = "",
    message: Annotated[str, Form()] = "",
) -> Response:
    return _decide(
        request,
        db,
        user,
        submission_id,
        "reject",
        {"reason": reason, "message": message},
        lambda db: reject(db, submission_id, user.username, reason, message=_message(message)),
        lambda _r: "Return rejected; the agency is asked for a corrected one.",
    )


@router.post("/submissions/{submission_id:int}/replay", dependencies=POST_CHECKS)
def replay_submit(
    request: Request, submission_id: int, user: Person, db: Db, reason: Reason = ""
) -> Response:
    def done(result: ActionResult) -> str:
        d = result.detail
        return (
            f"Validated again: {d.get('outcome')}, {d.get('errors', 0)} error(s), "
            f"{d.get('queries', 0)} query(ies)."
        )

    return _decide(
        request,
        db,
        user,
        submission_id,
        "replay",
        {"reason": reason},
        lambda db: replay(db, submission_id, user.username, reason),
        done,
    )
