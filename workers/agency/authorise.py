"""Authorising a return: someone at the agency signs it off (DfE COLLECT's "authorise",
the school census's "ready for review → authorised").

Who and when go on the submission and in its timeline (event ``authorised``). For a
contract whose figures wait for the sign-off (``authorisation: required``) a return the
hub accepted waits in ``awaiting_auth`` and goes on to the load once authorised; for the
others the sign-off is recorded and changes nothing else.
"""

from __future__ import annotations

from sqlmodel import Session

from workers.errors import InvalidTransition, SubmissionNotFound
from workers.review.actions import ActionResult, check_reason
from workers.review.followups import Enqueue, follow, send_load
from workers.warehouse.events import record_event, set_status
from workers.warehouse.lifecycle import FINAL, SubmissionStatus
from workers.warehouse.models import Submission, utcnow


def authorise(
    session: Session,
    submission_id: int,
    user: str,
    agency_id: str,
    *,
    note: str = "",
    enqueue_load: Enqueue | None = send_load,
) -> ActionResult:
    """Sign the return off for ``agency_id`` (the signed-in person's agency)."""
    submission = session.get(Submission, submission_id, with_for_update=True)
    if submission is None or submission.agency_id != agency_id:
        session.rollback()
        raise SubmissionNotFound(f"No submission {submission_id}")
    session.refresh(submission)
    if submission.status in FINAL:
        session.rollback()
        raise InvalidTransition(
            f"Submission {submission_id} is {submission.status}: only a return still in "
            "force can be authorised; send a corrected file instead"
        )
    if submission.authorised_at is not None:
        session.rollback()
        raise InvalidTransition(
            f"Submission {submission_id} was already authorised by {submission.authorised_by} "
            f"on {submission.authorised_at:%d %b %Y %H:%M}"
        )
    submission.authorised_by = user[:128]
    submission.authorised_at = utcnow()
    detail = {"note": check_reason(note)} if note.strip() else {}
    event = record_event(session, "authorised", submission_id, user, **detail)
    if submission.status == SubmissionStatus.AWAITING_AUTHORISATION:
        set_status(session, submission, SubmissionStatus.VALIDATED, "validated", user)
    session.add(submission)
    session.commit()
    enqueued = follow(submission_id, submission.status, enqueue_load=enqueue_load)
    return ActionResult(submission_id, submission.status, event.id, load_enqueued=enqueued)
