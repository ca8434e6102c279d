"""The reconciler: the database says what should happen next; re-send what is overdue.

A broker can lose messages (the in-process one at exit, Redis restarted without
persistence, a crash between commit and send). Because every step is idempotent and its
state is in the database, re-sending the step for anything stuck past a time limit is
always safe, and nothing is lost.
"""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from sqlalchemy import and_, or_
from sqlmodel import col, select

from workers.warehouse.claims import holders_are_detectable
from workers.warehouse.db import session_scope
from workers.warehouse.lifecycle import CLAIM_OF, Step, next_step
from workers.warehouse.models import Submission, SubmissionStatus, utcnow

#: States waiting for a worker's step, and the step (as ``next_step`` decides it).
_WAITING: dict[str, str] = {
    s: str(step) for s in SubmissionStatus if (step := next_step(s)) in (Step.VALIDATE, Step.LOAD)
}
_CLAIMED: dict[str, str] = {s: str(step) for s, step in CLAIM_OF.items()}


def stuck_submissions(after_seconds: float | None = None) -> list[tuple[int, str]]:
    """(submission id, stage to run) for each submission waiting too long for its next step,
    or holding a claim whose worker may have died.

    On PostgreSQL a claim's holder is known to be alive by its lease (see
    ``workers.warehouse.claims``), so a claim idle past ``after_seconds`` is sent again and
    the step itself decides, at no cost, whether to take it over. Elsewhere only a claim
    older than the step time limit is presumed dead."""
    from workers.settings import get_settings

    settings = get_settings()
    if after_seconds is None:
        after_seconds = settings.reconcile_after_seconds
    now = utcnow()
    waiting_cutoff = now - timedelta(seconds=after_seconds)
    with session_scope() as session:
        claim_after = (
            after_seconds
            if holders_are_detectable(session.get_bind())
            else max(after_seconds, settings.step_time_limit_seconds)
        )
        claim_cutoff = now - timedelta(seconds=claim_after)
        rows = session.exec(
            select(Submission.id, Submission.status)
            .where(
                or_(
                    and_(
                        col(Submission.status).in_(list(_WAITING)),
                        col(Submission.status_changed_at) <= waiting_cutoff,
                    ),
                    and_(
                        col(Submission.status).in_(list(_CLAIMED)),
                        col(Submission.status_changed_at) <= claim_cutoff,
                    ),
                )
            )
            .order_by(col(Submission.id))
        ).all()
    stages = {**_WAITING, **_CLAIMED}
    return [(cast(int, sid), stages[status]) for sid, status in rows]  # ids of stored rows
