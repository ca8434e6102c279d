"""Every page's checks in one place: signed in, allowed by role (``can``/``require``), the
submission visible to this person, the form's CSRF token.

An agency submitter asking for another agency's submission gets "not found", as from
the API, so ids of other agencies' returns do not leak; a role that may not open
submission pages at all gets "not allowed".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form
from sqlmodel import Session
from starlette.requests import Request

from workers.accounts import Action, can, require
from workers.contracts.model import FeedContract
from workers.errors import PermissionDenied
from workers.warehouse.models import Submission
from workers.web.pages.errors import PageError, SignInRequired, forbidden, not_found
from workers.web.pages.session import SignedIn, csrf_ok, current_user


def signed_in(request: Request) -> SignedIn:
    """The signed-in person; anyone else is sent to the sign-in page."""
    user = current_user(request)
    if user is None:
        raise SignInRequired
    return user


Person = Annotated[SignedIn, Depends(signed_in)]


def need(
    user: SignedIn,
    action: Action,
    submission: Submission | None = None,
    *,
    contract: FeedContract | None = None,
) -> None:
    """``require`` worded as a page: 403 with the reason the account is refused."""
    try:
        require(user, action, submission, contract=contract)
    except PermissionDenied as exc:
        raise forbidden(f"{exc}. Ask the hub's administrator if your role should change.") from None


#: The largest id a database column holds (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1


def storable_id(number: int) -> bool:
    """True when ``number`` could be a row's id or number; a page asked for one beyond
    64 bits answers "not found" like any other missing page, without asking the database
    (which would refuse the number)."""
    return 0 <= number <= LARGEST_ID


def visible_submission(db: Session, user: SignedIn, submission_id: int) -> Submission:
    """The submission, if this person may open it; 404 for another agency's, 403 for a
    role that sees no submissions."""
    need(user, Action.VIEW_SUBMISSION)
    if not storable_id(submission_id):
        raise not_found(f"Submission {submission_id}")
    submission = db.get(Submission, submission_id)
    if submission is None or not can(user, Action.VIEW_SUBMISSION, submission):
        raise not_found(f"Submission {submission_id}")
    return submission


def check_csrf(request: Request, presented: object) -> None:
    """403 unless the form carried this session's token: a page on another site cannot
    make a signed-in browser act here."""
    if not csrf_ok(request, presented):
        raise PageError(
            403,
            "Form expired",
            "This form could not be accepted: it was not sent from a page of this hub, or "
            "your session has ended since it was opened. Go back, reload the page and try "
            "again.",
        )


async def csrf_form(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """Dependency of every url-encoded POST: the form's token must match the session's."""
    check_csrf(request, csrf_token)


#: The checks of every url-encoded POST, in order: signed in (else to the sign-in page),
#: then the CSRF token (else 403). ``@router.post(..., dependencies=POST_CHECKS)``.
POST_CHECKS = [Depends(signed_in), Depends(csrf_form)]
__all__ = [
    "POST_CHECKS",
    "Person",
    "check_csrf",
    "need",
    "signed_in",
    "storable_id",
    "visible_submission",
]
