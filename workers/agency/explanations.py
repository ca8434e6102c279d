"""The agency explains its own queries; the steward accepts the explanation or challenges
it, and the agency sees which (COLLECT: queries are explained by the sender).

An explanation belongs to one validation run: a corrected file or a replay asks for a new
one. Accepting it makes it the run's ``QueryExplanation`` (what the packs quote and what
takes the return out of the queue), in the agency's words and with the agency's name; a
challenge carries a note the agency reads and answers with another explanation.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from workers.errors import InvalidTransition, SubmissionNotFound
from workers.review.actions import QUERY_STATES, ActionResult, accept_queries, check_reason
from workers.validation.run import latest_run
from workers.warehouse.events import record_event
from workers.warehouse.models import (
    AgencyExplanation,
    QueryExplanation,
    RuleResult,
    Submission,
    ValidationRun,
    utcnow,
)

ACCEPTED, CHALLENGED = "accepted", "challenged"


def _run_with_queries(session: Session, submission: Submission) -> ValidationRun:
    run = latest_run(session, submission.id)  # type: ignore[arg-type]
    if run is None or not run.query_count:
        session.rollback()
        raise InvalidTransition(
            f"Submission {submission.id} has no queries to explain in its latest check"
        )
    return run


def explanations(session: Session, submission_id: int) -> list[AgencyExplanation]:
    """The agency's explanations of the latest run's queries, oldest first."""
    run = latest_run(session, submission_id)
    if run is None:
        return []
    return list(
        session.exec(
            select(AgencyExplanation)
            .where(AgencyExplanation.run_id == run.id)
            .order_by(col(AgencyExplanation.id))
        )
    )


def pending(session: Session, submission_id: int) -> AgencyExplanation | None:
    """The agency's explanation waiting for the steward's answer, if any."""
    waiting = [e for e in explanations(session, submission_id) if e.verdict is None]
    return waiting[-1] if waiting else None


def explain(
    session: Session, submission_id: int, user: str, agency_id: str, reason: str
) -> ActionResult:
    """The agency's explanation of its return's queries, for a steward to answer."""
    reason = check_reason(reason)
    submission = session.get(Submission, submission_id)
    if submission is None or submission.agency_id != agency_id:
        raise SubmissionNotFound(f"No submission {submission_id}")
    if submission.status not in QUERY_STATES:
        raise InvalidTransition(
            f"Submission {submission_id} is {submission.status}: its queries can no longer "
            "be explained"
        )
    run = _run_with_queries(session, submission)
    if session.exec(select(QueryExplanation.id).where(QueryExplanation.run_id == run.id)).first():
        raise InvalidTransition(f"The queries of submission {submission_id} are explained already")
    if pending(session, submission_id) is not None:
        raise InvalidTransition(
            "Your earlier explanation is waiting for the data steward; you can explain again "
            "if they challenge it"
        )
    row = AgencyExplanation(
        submission_id=submission_id, run_id=int(run.id or 0), explained_by=user[:128], reason=reason
    )
    session.add(row)
    event = record_event(
        session, "queries_explained_by_agency", submission_id, user, reason=reason, run_id=run.id
    )
    session.commit()
    return ActionResult(submission_id, submission.status, event.id)


def answer(
    session: Session, submission_id: int, steward: str, verdict: str, note: str = ""
) -> ActionResult:
    """The steward's answer to the agency's waiting explanation: ``accepted`` (it becomes
    the queries' explanation) or ``challenged`` (``note`` says what is missing)."""
    if verdict not in (ACCEPTED, CHALLENGED):
        raise InvalidTransition(f"Answer {ACCEPTED} or {CHALLENGED}, not {verdict!r}")
    row = pending(session, submission_id)
    if row is None:
        raise InvalidTransition(
            f"Submission {submission_id} has no explanation from its agency waiting for an answer"
        )
    if verdict == CHALLENGED:
        note = check_reason(note)
    row.verdict, row.verdict_by, row.verdict_at = verdict, steward[:128], utcnow()
    row.verdict_note = note.strip() or None
    session.add(row)
    if verdict == CHALLENGED:
        event = record_event(
            session,
            "explanation_challenged",
            submission_id,
            steward,
            reason=note,
            run_id=row.run_id,
        )
        session.commit()
        submission = session.get(Submission, submission_id)
        assert submission is not None
        return ActionResult(submission_id, submission.status, event.id)
    session.flush()
    return accept_queries(
        session, submission_id, steward, f"{row.reason} (explained by {row.explained_by})"
    )


def query_rules(session: Session, run_id: int) -> list[RuleResult]:
    """The run's queries, for the explanation form."""
    return list(
        session.exec(
            select(RuleResult).where(
                RuleResult.run_id == run_id,
                RuleResult.severity == "query",
                RuleResult.rows_failed > 0,
            )
        )
    )
