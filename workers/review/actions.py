"""A data steward's decisions on a return: explain its queries, override an error, reject
it (asking the agency for a corrected one), or validate it again after a contract fix.

Every function takes the session, the submission id, the acting person's name and a
reason, which is required: a decision nobody can explain later is not one the hub keeps.
Each checks the return's current state under a row lock, records an event with who, when
and why, commits, and only then starts what follows (a load, notifications). A refusal
raises ``InvalidTransition`` (or ``ReasonRequired``) and changes nothing.

Permissions are the caller's business (``workers.accounts.require(user, "review")``);
these functions record the name they are given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from workers.contracts.loader import get_contract, reload_contracts
from workers.errors import InvalidTransition, ReasonRequired, SubmissionNotFound
from workers.load import overridden_rules
from workers.review.followups import (
    Enqueue,
    Notify,
    after_commit,
    follow,
    send_load,
    send_notifications,
)
from workers.review.overrides import NOT_OVERRIDABLE_KINDS
from workers.sources.landing import LandingStore, default_store
from workers.validation.acceptance import Decision, Standing, decide
from workers.validation.run import (
    REPLAYABLE,
    holds_accepted,
    latest_run,
    loaded_version,
    rows_with_errors,
    validate_submission,
)
from workers.warehouse import lifecycle
from workers.warehouse.events import record_event, set_status
from workers.warehouse.models import (
    HoldReview,
    Override,
    QueryExplanation,
    RowIssue,
    RuleResult,
    Submission,
    SubmissionStatus,
    ValidationRun,
)

MAX_REASON = 4000
#: A return whose queries a steward may explain: waiting for review, or accepted.
QUERY_STATES = tuple(
    {SubmissionStatus.NEEDS_REVIEW, SubmissionStatus.AWAITING_AUTHORISATION} | lifecycle.ACCEPTED
)
#: A return whose errors a steward may override: waiting for review, or loaded with rows
#: held back (an override then releases the rows it covers: they load as they are).
OVERRIDE_STATES = (SubmissionStatus.NEEDS_REVIEW, SubmissionStatus.LOADED)
REJECT_STATES = lifecycle.REJECTABLE

_STATE_WORDS = {
    SubmissionStatus.RECEIVED: "received and not yet validated",
    SubmissionStatus.VALIDATING: "being validated right now",
    SubmissionStatus.VALIDATED: "validated and about to be loaded",
    SubmissionStatus.LOADING: "being loaded right now",
    SubmissionStatus.NEEDS_REVIEW: "waiting for review",
    SubmissionStatus.AWAITING_AUTHORISATION: "waiting for its agency to authorise it",
    SubmissionStatus.LOADED: "loaded",
    SubmissionStatus.SUPERSEDED: "superseded by a later version",
    SubmissionStatus.REJECTED: "rejected",
}


@dataclass(frozen=True)
class ActionResult:
    """What a decision did: the return's status after it, the event that records it, and
    whether a load was started."""

    submission_id: int
    status: str
    event_id: int | None
    load_enqueued: bool = False
    detail: dict[str, Any] = field(default_factory=dict)


def _state(submission: Submission) -> str:
    words = _STATE_WORDS.get(SubmissionStatus(submission.status), submission.status)
    return f"Submission {submission.id} is {words}"


def check_reason(reason: str | None) -> str:
    """The reason, trimmed; ``ReasonRequired`` when there is none to record."""
    text = (reason or "").strip()
    if not text:
        raise ReasonRequired(
            "Give a reason: it is recorded with your name in the return's timeline, and "
            "the agency and QEG may read it"
        )
    if len(text) > MAX_REASON:
        raise ReasonRequired(f"Keep the reason under {MAX_REASON:,} characters")
    return text


def _check_user(user: str | None) -> str:
    name = (user or "").strip()
    if not name:
        raise ReasonRequired("Say who is acting: every decision is recorded with a name")
    return name[:128]


def _locked(session: Session, submission_id: int) -> Submission:
    """The submission, read afresh and locked until commit (PostgreSQL), so two stewards
    deciding at once are taken one after the other."""
    submission = session.exec(
        select(Submission)
        .where(Submission.id == submission_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if submission is None:
        session.rollback()
        raise SubmissionNotFound(f"No submission {submission_id}")
    return submission


def _refuse(session: Session, message: str) -> InvalidTransition:
    session.rollback()
    return InvalidTransition(message)


def _latest_run(session: Session, submission: Submission) -> ValidationRun:
    assert submission.id is not None
    run = latest_run(session, submission.id)
    if run is None:
        raise _refuse(session, f"Submission {submission.id} has not been validated yet")
    return run


def _rules(session: Session, run: ValidationRun) -> list[RuleResult]:
    return list(
        session.exec(
            select(RuleResult).where(RuleResult.run_id == run.id).order_by(col(RuleResult.id))
        )
    )


def _failing(rules: list[RuleResult], severity: str) -> list[RuleResult]:
    return [r for r in rules if r.severity == severity and r.rows_failed > 0]


# --- explain queries -------------------------------------------------------------------------


def accept_queries(session: Session, submission_id: int, user: str, reason: str) -> ActionResult:
    """Record the steward's explanation of the queries of the latest validation.

    Queries never block a load, so nothing else changes: the explanation is what the
    packs' data-quality notes quote, and the return leaves the review queue if it was
    there only for its queries. One explanation per validation run; a replay or a
    corrected return asks for a new one.
    """
    reason, user = check_reason(reason), _check_user(user)
    submission = _locked(session, submission_id)
    if submission.status not in QUERY_STATES:
        raise _refuse(
            session,
            f"{_state(submission)}: queries can be explained only on a return waiting for "
            "review or accepted",
        )
    run = _latest_run(session, submission)
    assert run.id is not None and submission.id is not None
    queries = _failing(_rules(session, run), "query")
    if not queries:
        raise _refuse(
            session,
            f"Submission {submission_id} has no queries to explain in its latest validation",
        )
    earlier = session.exec(
        select(QueryExplanation).where(QueryExplanation.run_id == run.id)
    ).first()
    if earlier is not None:
        raise _refuse(
            session,
            f"The queries of submission {submission_id} were already explained by "
            f"{earlier.explained_by} on {earlier.explained_at:%d %b %Y}: {earlier.reason!r}",
        )
    count = sum(r.rows_failed for r in queries)
    session.add(
        QueryExplanation(
            submission_id=submission_id,
            run_id=run.id,
            queries=count,
            explained_by=user,
            reason=reason,
        )
    )
    event = record_event(
        session,
        "queries_accepted",
        submission_id,
        user,
        reason=reason,
        run_id=run.id,
        queries=count,
        rules=[r.rule_code for r in queries],
    )
    session.commit()
    return ActionResult(submission_id, submission.status, event.id, detail={"queries": count})


# --- override an error -----------------------------------------------------------------------


def standing_now(session: Session, submission: Submission, run: ValidationRun) -> Standing:
    """What stands against the return after the steward's decisions so far, from the
    complete record of failures: the same counts validation decided on, less what the
    overrides waive, with the holds accepted or not."""
    assert run.id is not None
    waived = overridden_rules(session, run.id)
    whole = session.exec(
        select(RowIssue.rule_code).where(
            RowIssue.run_id == run.id,
            RowIssue.severity == "error",
            col(RowIssue.row_number).is_(None),
        )
    ).all()
    loaded = loaded_version(session, submission)
    return Standing(
        rows_received=run.rows_received or 0,
        rows_with_errors=rows_with_errors(session, run.id, waived),
        return_errors=any(code not in waived for code in whole),
        loaded_version_held=None if loaded is None else (loaded.rows_held or 0),
        loaded_version_id=None if loaded is None else loaded.id,
        holds_accepted=holds_accepted(session, run.id),
    )


def _decision_now(session: Session, submission: Submission, run: ValidationRun) -> Decision:
    contract = get_contract(submission.contract_id)
    return decide(contract, standing_now(session, submission, run))


def _held_rows_waiting(submission: Submission) -> bool:
    return submission.status == SubmissionStatus.LOADED and bool(submission.rows_held)


def override_error(
    session: Session,
    submission_id: int,
    rule_code: str,
    user: str,
    reason: str,
    *,
    enqueue_load: Enqueue | None = send_load,
) -> ActionResult:
    """Accept the rows failing one error rule as they are, for a return waiting for review
    or loaded with rows held back (the override then releases the rows: they load).

    Once the acceptance policy lets the return load (``workers.validation.acceptance``,
    on the errors not overridden), it becomes ``validated`` and its load is started after
    the commit; rows failing only overridden rules are loaded, not held.
    ``enqueue_load=None`` leaves starting the load to the caller.
    """
    reason, user = check_reason(reason), _check_user(user)
    code = (rule_code or "").strip()
    if not code:
        raise ReasonRequired("Say which rule to override (its code, e.g. CSC-020)")
    submission = _locked(session, submission_id)
    if submission.status not in OVERRIDE_STATES or (
        submission.status == SubmissionStatus.LOADED and not _held_rows_waiting(submission)
    ):
        raise _refuse(
            session,
            f"{_state(submission)}: only a return waiting for review, or loaded with rows "
            "held back, can have an error overridden",
        )
    run = _latest_run(session, submission)
    assert run.id is not None and submission.id is not None
    rules = _rules(session, run)
    result = next((r for r in rules if r.rule_code == code), None)
    failing = ", ".join(r.rule_code for r in _failing(rules, "error")) or "none"
    if result is None:
        raise _refuse(
            session,
            f"Rule {code} is not among the rules of submission {submission_id}'s latest "
            f"validation; its failing error rules are: {failing}",
        )
    if result.severity != "error":
        raise _refuse(
            session,
            f"Rule {code} is a query, not an error: queries never block a load. Explain "
            "them instead (accept the queries with a reason)",
        )
    if result.rows_failed == 0:
        raise _refuse(
            session,
            f"Rule {code} passed in the latest validation: there is nothing to override "
            f"(failing error rules: {failing})",
        )
    if result.kind in NOT_OVERRIDABLE_KINDS:
        raise _refuse(
            session,
            f"Rule {code} failed because values are missing or could not be read; there is "
            "nothing to accept as it is. Ask the agency for a corrected return (reject it "
            "with a reason)",
        )
    earlier = session.exec(
        select(Override).where(Override.run_id == run.id, Override.rule_code == code)
    ).first()
    if earlier is not None:
        raise _refuse(
            session,
            f"Rule {code} of submission {submission_id} was already overridden by "
            f"{earlier.overridden_by} on {earlier.overridden_at:%d %b %Y}",
        )
    session.add(
        Override(
            submission_id=submission_id,
            run_id=run.id,
            rule_code=code,
            rows_failed=result.rows_failed,
            overridden_by=user,
            reason=reason,
        )
    )
    session.flush()
    event = record_event(
        session,
        "error_overridden",
        submission_id,
        user,
        reason=reason,
        run_id=run.id,
        rule=code,
        rows_failed=result.rows_failed,
    )
    accepted = _decision_now(session, submission, run).loads
    if accepted:
        set_status(
            session,
            submission,
            _accepted_status(submission),
            "validated",
            user,
            run_id=run.id,
            by_override=True,
            overridden=sorted(overridden_rules(session, run.id)),
        )
    session.commit()
    enqueued = accepted and follow(submission_id, submission.status, enqueue_load=enqueue_load)
    return ActionResult(
        submission_id,
        submission.status,
        event.id,
        load_enqueued=enqueued,
        detail={"rule": code, "accepted": accepted},
    )


def _accepted_status(submission: Submission) -> SubmissionStatus:
    """Loads (again), unless its figures wait for the agency's sign-off; a loaded return
    releasing rows it held was authorised when it loaded."""
    if submission.status == SubmissionStatus.LOADED:
        return SubmissionStatus.VALIDATED
    contract = get_contract(submission.contract_id)
    authorised = submission.authorised_at is not None
    return lifecycle.accepted_status(contract.authorisation_required, authorised)


# --- accept the holds ------------------------------------------------------------------------


def accept_holds(
    session: Session,
    submission_id: int,
    user: str,
    reason: str,
    *,
    enqueue_load: Enqueue | None = send_load,
) -> ActionResult:
    """Agree that the rows failing error rules stay out while the rest of the return
    loads: for a return waiting because too many rows failed (or because it would replace
    a version that held fewer), which then loads; or for a return loaded with rows held,
    which leaves the queue. The agency sends the held rows again in a corrected return.
    """
    reason, user = check_reason(reason), _check_user(user)
    submission = _locked(session, submission_id)
    waiting = submission.status == SubmissionStatus.NEEDS_REVIEW
    if not waiting and not _held_rows_waiting(submission):
        raise _refuse(
            session,
            f"{_state(submission)}: holds can be accepted only for a return waiting for "
            "review, or loaded with rows held back",
        )
    run = _latest_run(session, submission)
    assert run.id is not None and submission.id is not None
    if holds_accepted(session, run.id):
        raise _refuse(session, f"The holds of submission {submission_id} were already accepted")
    before = standing_now(session, submission, run)
    if waiting:
        after = decide(
            get_contract(submission.contract_id),
            Standing(**{**before.__dict__, "holds_accepted": True}),
        )
        if not after.loads:
            raise _refuse(
                session,
                f"Submission {submission_id} cannot load with its bad rows held back: "
                f"{after.reason}. Override the errors that concern the whole return, or "
                "reject it",
            )
    held = before.rows_with_errors if waiting else (submission.rows_held or 0)
    session.add(
        HoldReview(
            submission_id=submission_id,
            run_id=run.id,
            rows_held=held,
            reviewed_by=user,
            reason=reason,
        )
    )
    event = record_event(
        session, "holds_accepted", submission_id, user, reason=reason, run_id=run.id, rows=held
    )
    if waiting:
        set_status(
            session,
            submission,
            _accepted_status(submission),
            "validated",
            user,
            run_id=run.id,
            holds_accepted=True,
        )
    session.commit()
    enqueued = waiting and follow(submission_id, submission.status, enqueue_load=enqueue_load)
    return ActionResult(
        submission_id, submission.status, event.id, load_enqueued=enqueued, detail={"rows": held}
    )


# --- reject ----------------------------------------------------------------------------------


def resubmission_message(submission: Submission, reason: str) -> str:
    """The default request to the agency: which return, why, and what to do."""
    period = submission.period_label or "the period it covers"
    return (
        f"Your return {submission.filename} for {submission.contract_id}, {period} "
        f"(submission {submission.id}), was rejected by the data steward: {reason}\n"
        "Please correct it and send it again; the corrected return replaces this one."
    )


def reject(
    session: Session,
    submission_id: int,
    user: str,
    reason: str,
    *,
    message: str | None = None,
    notify: Notify | None = send_notifications,
) -> ActionResult:
    """Refuse a return waiting for review (or validated, before it loads) and ask the agency
    for a corrected one: events ``rejected`` and ``resubmission_requested`` (the latter
    carries ``message``, or a default built from the reason, and is what notifies the
    agency's contacts). A rejected return is never loaded."""
    reason, user = check_reason(reason), _check_user(user)
    text = (message or "").strip() or None
    submission = _locked(session, submission_id)
    if _held_rows_waiting(submission):
        return _reject_held_rows(session, submission, user, reason, text, notify)
    if submission.status not in REJECT_STATES:
        raise _refuse(
            session,
            f"{_state(submission)}: only a return waiting for review or validated (not yet "
            "loaded), or the rows a loaded return holds back, can be rejected",
        )
    text = text or resubmission_message(submission, reason)
    set_status(session, submission, SubmissionStatus.REJECTED, "rejected", user, reason=reason)
    request = record_event(
        session,
        "resubmission_requested",
        submission_id,
        user,
        reason=reason,
        message=text,
        contract=submission.contract_id,
        agency=submission.agency_id,
        period=submission.period_label,
    )
    session.commit()
    if notify is not None:
        after_commit(notify, "notifying the agency")
    return ActionResult(submission_id, submission.status, request.id, detail={"message": text})


def _reject_held_rows(
    session: Session,
    submission: Submission,
    user: str,
    reason: str,
    text: str | None,
    notify: Notify | None,
) -> ActionResult:
    """Refuse the rows a loaded return holds back: they stay out, the rest stays loaded,
    and the agency is asked for a corrected return."""
    run = _latest_run(session, submission)
    assert run.id is not None and submission.id is not None
    if holds_accepted(session, run.id):
        raise _refuse(session, f"The held rows of submission {submission.id} were already decided")
    held = submission.rows_held or 0
    session.add(
        HoldReview(
            submission_id=submission.id,
            run_id=run.id,
            rows_held=held,
            reviewed_by=user,
            reason=reason,
        )
    )
    record_event(session, "held_rows_rejected", submission.id, user, reason=reason, rows=held)
    text = text or (
        f"Your return {submission.filename} for {submission.contract_id}, "
        f"{submission.period_label} (submission {submission.id}) loaded, but {held:,} row(s) "
        f"were held back and the data steward refused them: {reason}\\n"
        "Please send a corrected return with those rows fixed; it replaces this one."
    )
    request = record_event(
        session,
        "resubmission_requested",
        submission.id,
        user,
        reason=reason,
        message=text,
        contract=submission.contract_id,
        agency=submission.agency_id,
        period=submission.period_label,
    )
    session.commit()
    if notify is not None:
        after_commit(notify, "notifying the agency")
    return ActionResult(submission.id, submission.status, request.id, detail={"message": text})


# --- validate again --------------------------------------------------------------------------


def replay(
    session: Session,
    submission_id: int,
    user: str,
    reason: str,
    *,
    store: LandingStore | None = None,
    enqueue_load: Enqueue | None = send_load,
    notify: Notify | None = send_notifications,
) -> ActionResult:
    """Validate the return again from its kept bytes, with the contract files as they are
    now (after a contract fix); start the load if it now passes.

    A new validation run replaces the old one: its queries must be explained again and
    overrides of the old run no longer apply, as when a corrected file is uploaded.
    """
    reason, user = check_reason(reason), _check_user(user)
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise SubmissionNotFound(f"No submission {submission_id}")
    session.refresh(submission)
    if submission.status not in REPLAYABLE:
        raise _refuse(
            session,
            f"{_state(submission)}: only a return received, validated or waiting for "
            "review can be validated again",
        )
    before = latest_run(session, submission_id)
    reload_contracts()
    validate_submission(session, submission_id, store or default_store(), replay=True, actor=user)
    session.refresh(submission)
    run = latest_run(session, submission_id)
    if run is None or (before is not None and run.id == before.id):
        raise _refuse(
            session,
            f"Submission {submission_id} is being validated by another worker right now; "
            "nothing was changed. Try again in a minute",
        )
    event = record_event(
        session,
        "validation_replayed",
        submission_id,
        user,
        reason=reason,
        run_id=run.id,
        previous_run_id=before.id if before else None,
        outcome=run.outcome,
        errors=run.error_count,
        queries=run.query_count,
        contract_version=run.contract_version,
    )
    session.commit()
    enqueued = follow(submission_id, submission.status, enqueue_load=enqueue_load, notify=notify)
    return ActionResult(
        submission_id,
        submission.status,
        event.id,
        load_enqueued=enqueued,
        detail={"outcome": run.outcome, "errors": run.error_count, "queries": run.query_count},
    )
