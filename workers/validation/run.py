"""Validate a recorded submission and keep the results: the step the runtime enqueues.

Idempotent: a submission already past ``received`` is left alone unless a replay is asked
for (after a contract fix), so running it twice ends in the same state.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import BinaryIO, Protocol

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from workers.contracts.catalogue import load_catalogue
from workers.contracts.loader import get_contract
from workers.contracts.model import FeedContract
from workers.errors import InvalidTransition, ReturnFileError, SubmissionNotFound
from workers.issues import Issue, RuleOutcome
from workers.periods import Period, parse_period
from workers.reading import ReaderRestart, open_return
from workers.reading.batch import Opener
from workers.settings import get_settings
from workers.statutory.check import check_statutory
from workers.statutory.returns import statutory
from workers.validation.acceptance import Decision, Standing, decide
from workers.validation.context import ReturnContext, WarehouseLookup
from workers.validation.engine import Sink, check, period_problem
from workers.validation.envelope import envelope_period
from workers.validation.period import period_from_rows
from workers.validation.report import ValidationReport
from workers.warehouse import lifecycle
from workers.warehouse.claims import claim, release
from workers.warehouse.contract_versions import record_contract_version
from workers.warehouse.events import record_event, set_status
from workers.warehouse.lookup import SqlWarehouseLookup
from workers.warehouse.models import (
    AgencyExplanation,
    Event,
    HoldReview,
    RowFailure,
    RowIssue,
    RuleResult,
    Submission,
    SubmissionStatus,
    ValidationRun,
    utcnow,
)
from workers.warehouse.staging import StagingSink, drop


class LandingStore(Protocol):
    """Where a return's bytes are kept as they arrived (``workers.sources.landing``, a
    package above this one)."""

    def open(self, sha256: str) -> BinaryIO: ...


#: Row issues kept per validation run for the pages (each rule's first, up to this many
#: in all); the complete record of failures is ``row_failure``.
MAX_STORED_ISSUES = 50_000
_ISSUE_BATCH = 5_000
REPLAYABLE = lifecycle.REPLAYABLE


def _opener(data: bytes | Path) -> Opener:
    if isinstance(data, Path):
        return lambda: data.open("rb")
    return lambda: io.BytesIO(data)


def _size(data: bytes | Path) -> int:
    return data.stat().st_size if isinstance(data, Path) else len(data)


def statutory_report(
    contract: FeedContract,
    opener: Callable[[], BinaryIO],
    filename: str,
    *,
    context: Callable[[Period], ReturnContext],
    key: bytes,
    period: str | None = None,
    period_source: str = "option",
    session: Session | None = None,
    run_id: int | None = None,
    exclude_submission: int | None = None,
) -> ValidationReport:
    """A statutory return (CIN census, SSDA903) checked by the DfE's rules
    (``workers.statutory``) and the hub's rules of the whole return, as a report."""
    label, source = envelope_period(contract, filename, period, period_source)
    contexts: list[ReturnContext] = []

    def on_year(year: Period) -> tuple[str, tuple[str, ...], list[RuleOutcome]]:
        ctx = context(year)
        contexts.append(ctx)
        whole = []
        for rule in contract.rules:
            if rule.kind == "return_period":
                message = period_problem(rule, ctx)
                issues = (
                    [Issue(rule.code, rule.severity, message, value=year.label)] if message else []
                )
                whole.append(RuleOutcome(rule, failed=int(bool(message)), issues=issues))
        return ctx.agency_id, ctx.agency_areas, whole

    checked = check_statutory(
        contract,
        opener,
        filename,
        label=label,
        on_year=on_year,
        key=key,
        session=session,
        run_id=run_id,
        exclude_submission=exclude_submission,
    )
    return ValidationReport(
        contract,
        filename,
        contexts[-1],
        checked.rows,
        checked.outcomes,
        rows_with_errors=checked.held,
        period_source=source or "rows",
    )


def validate_file(
    contract: FeedContract,
    opener: Callable[[], BinaryIO],
    filename: str,
    *,
    context: Callable[[Period], ReturnContext],
    key: bytes,
    period: str | None = None,
    period_source: str = "option",
    size: int = 0,
    sink: Callable[[Period], Sink] | None = None,
) -> ValidationReport:
    """Read and validate a return: the envelope's period, else the rows'; then every
    rule. ``ReturnFileError`` for a file that cannot be read as a return."""
    if statutory(contract) is not None:  # the DfE's rules, in their own environment
        return statutory_report(
            contract,
            opener,
            filename,
            context=context,
            key=key,
            period=period,
            period_source=period_source,
        )
    reader = open_return(contract, opener, filename)
    label, source = envelope_period(contract, filename, period, period_source)
    if label is not None and source is not None:
        chosen, source_name = parse_period(label, contract.grain), source
    else:
        try:
            chosen = period_from_rows(contract, reader)
        except ReaderRestart:
            if not reader.fallback():
                raise
            chosen = period_from_rows(contract, reader)
        source_name = "rows"
    return check(
        contract,
        reader,
        context(chosen),
        key,
        sink=sink(chosen) if sink else None,
        size=size,
        period_source=source_name,
    )


def standing(report: ValidationReport, loaded: Submission | None = None) -> Standing:
    return Standing(
        rows_received=report.rows_received,
        rows_with_errors=report.rows_with_errors,
        return_errors=bool(report.return_level_errors),
        loaded_version_held=None if loaded is None else (loaded.rows_held or 0),
        loaded_version_id=None if loaded is None else loaded.id,
    )


def check_return(
    contract: FeedContract,
    data: bytes | Path,
    filename: str,
    agency_id: str,
    *,
    period: str | None = None,
    received_on: date | None = None,
    warehouse: WarehouseLookup | None = None,
    pseudonym_key: bytes | None = None,
) -> ValidationReport:
    """Read and validate a file without recording anything (``sdh validate``)."""
    key = pseudonym_key if pseudonym_key is not None else get_settings().pseudonym_key_bytes
    agency = load_catalogue().agency(agency_id)
    report = validate_file(
        contract,
        _opener(data),
        filename,
        context=lambda p: ReturnContext(
            agency.id, tuple(agency.areas), p, received_on or date.today(), warehouse
        ),
        key=key,
        period=period,
        size=_size(data),
    )
    report.decision = decide(contract, standing(report))
    return report


def _save_results(session: Session, run: ValidationRun, report: ValidationReport) -> None:
    """The run's rule results and the row issues the pages show, a statement for each
    table (plain rows, not ORM objects: a return's thirty-odd results cost more to build
    and flush as objects than the rules took to run)."""
    results: list[dict] = []
    issues: list[dict] = []
    for outcome in report.outcomes:
        r = outcome.rule
        results.append(
            dict(
                run_id=run.id,
                rule_code=r.code,
                kind=r.kind,
                severity=r.severity,
                scope=r.scope,
                message=r.message,
                columns=",".join(r.columns),
                checked=outcome.checked,
                rows_failed=outcome.failed,
            )
        )
        for issue in outcome.issues:
            if len(issues) >= MAX_STORED_ISSUES and issue.row is not None:
                continue  # whole-return issues are kept whatever the count: they decide

            issues.append(
                dict(
                    run_id=run.id,
                    rule_code=issue.rule,
                    severity=issue.severity,
                    row_number=issue.row,
                    column_name=issue.column,
                    column_letter=issue.letter,
                    value=None if issue.value is None else issue.value[:255],
                    message=issue.message,
                    table_name=issue.table,
                    child_key=issue.child,
                )
            )
    # RETURNING makes SQLAlchemy send one multi-row INSERT rather than a statement a row.
    if results:
        session.execute(insert(RuleResult).returning(col(RuleResult.id)), results)
    for start in range(0, len(issues), _ISSUE_BATCH):
        batch = issues[start : start + _ISSUE_BATCH]
        session.execute(insert(RowIssue).returning(col(RowIssue.id)), batch)


def loaded_version(session: Session, submission: Submission) -> Submission | None:
    """The version of the same return (agency, contract, period) loaded now, if any."""
    return session.exec(
        select(Submission).where(
            Submission.contract_id == submission.contract_id,
            Submission.agency_id == submission.agency_id,
            Submission.period_label == submission.period_label,
            Submission.status == SubmissionStatus.LOADED,
            Submission.id != submission.id,
        )
    ).first()


def validate_submission(
    session: Session,
    submission_id: int,
    store: LandingStore,
    *,
    replay: bool = False,
    actor: str = "system",
) -> ValidationReport | None:
    """Validate and record the outcome; None when another worker has the step or it is done.

    ``replay`` validates again a return already validated or waiting for review (after a
    contract fix); it cannot touch a loaded or superseded one.
    """
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise SubmissionNotFound(f"No submission {submission_id}")
    if replay and submission.status not in REPLAYABLE:
        raise InvalidTransition(
            f"Submission {submission_id} is {submission.status}; only a return that is "
            "received, validated or waiting for review can be validated again"
        )
    sources = REPLAYABLE if replay else (SubmissionStatus.RECEIVED,)
    limit = get_settings().step_time_limit_seconds
    if not claim(
        session,
        submission_id,
        sources,
        SubmissionStatus.VALIDATING,
        stale_after_seconds=limit,
        actor=actor,
    ):
        return None
    try:
        return _validate_claimed(session, submission_id, store, actor)
    except BaseException:
        release(session, submission_id, SubmissionStatus.VALIDATING, SubmissionStatus.RECEIVED)
        raise


def return_context(session: Session, submission: Submission) -> Callable[[Period], ReturnContext]:
    """What the rules need to know about a recorded submission, once its period is known:
    the cross-return rules see only the delivering agency's own earlier returns."""
    agency = load_catalogue().agency(submission.agency_id)

    def context(period: Period) -> ReturnContext:
        return ReturnContext(
            agency.id,
            tuple(agency.areas),
            period,
            submission.received_at.date(),
            SqlWarehouseLookup(session, exclude_submission=submission.id, agency_id=agency.id),
        )

    return context


def stage_submission(
    session: Session,
    submission: Submission,
    contract: FeedContract,
    store: LandingStore,
    run_id: int | None,
) -> ValidationReport:
    """Read the landed file and run every rule, staging its rows (and, with ``run_id``,
    recording its failures) in the session's transaction."""

    sid = submission.id
    assert sid is not None
    size = submission.size_bytes
    if statutory(contract) is not None:
        return statutory_report(
            contract,
            lambda: store.open(submission.sha256),
            submission.filename,
            context=return_context(session, submission),
            key=get_settings().pseudonym_key_bytes,
            period=submission.period_label,
            period_source=submission.period_source or "form",
            session=session,
            run_id=run_id,
            exclude_submission=sid,
        )
    return validate_file(
        contract,
        lambda: store.open(submission.sha256),
        submission.filename,
        context=return_context(session, submission),
        key=get_settings().pseudonym_key_bytes,
        period=submission.period_label,
        period_source=submission.period_source or "form",
        size=size,
        sink=lambda p: StagingSink(
            session, contract, sid, p.label, run_id, submission.filename, size
        ),
    )


def _unreadable(
    session: Session,
    submission_id: int,
    run: ValidationRun,
    contract: FeedContract,
    exc: ReturnFileError,
    actor: str,
) -> None:
    session.rollback()  # nothing of a half-read file stays (staging included)
    submission = session.get(Submission, submission_id)
    assert submission is not None
    run = ValidationRun(
        submission_id=submission_id,
        contract_version=contract.version,
        outcome="unreadable",
        finished_at=utcnow(),
        error_count=1,
        message=str(exc),
    )
    session.add(run)
    session.flush()
    assert run.id is not None
    session.add(
        RuleResult(
            run_id=run.id,
            rule_code=exc.rule,
            kind="file",
            severity="error",
            scope="return",
            message=exc.detail,
            rows_failed=1,
        )
    )
    session.add(
        RowIssue(
            run_id=run.id,
            rule_code=exc.rule,
            severity="error",
            row_number=exc.row,
            column_name=exc.column,
            column_letter=exc.letter,
            message=exc.detail,
        )
    )
    submission.error_count, submission.query_count = 1, 0
    submission.contract_version = contract.version
    if exc.rule in RETURNED_TO_AGENCY:
        _return_to_agency(session, submission, run, exc)
        session.commit()
        return
    set_status(
        session,
        submission,
        SubmissionStatus.NEEDS_REVIEW,
        "validation_failed",
        actor,
        run_id=run.id,
        reason=str(exc),
    )
    session.commit()


#: Faults only the sender can mend, with nothing for a steward to decide: such a return
#: goes straight back to its agency (``docs/acceptance.md``), not into the review queue.
RETURNED_TO_AGENCY = frozenset({"file.header"})


def _return_to_agency(
    session: Session, submission: Submission, run: ValidationRun, exc: ReturnFileError
) -> None:
    set_status(
        session,
        submission,
        SubmissionStatus.REJECTED,
        "rejected",
        "hub",
        run_id=run.id,
        reason=exc.detail,
        returned=True,
    )
    expected = ", ".join(get_contract(submission.contract_id).column_names)
    found = ", ".join(exc.found_header or ())
    record_event(
        session,
        "resubmission_requested",
        submission.id,
        "hub",
        reason=exc.detail,
        message=(
            f"The header row of {submission.filename} is not the return's, so nothing of it "
            f"was read: {exc.detail}.\nExpected: {expected}\nFound:    {found}\n"
            "Correct row 1 and send the file again; the hub's upload page checks a file "
            "before you submit it."
        ),
        contract=submission.contract_id,
        agency=submission.agency_id,
        period=submission.period_label,
    )


def _validate_claimed(
    session: Session, submission_id: int, store: LandingStore, actor: str
) -> ValidationReport | None:
    submission = session.get(Submission, submission_id)  # as the claim refreshed it
    assert submission is not None
    contract = get_contract(submission.contract_id)
    run = ValidationRun(
        submission_id=submission_id, contract_version=contract.version, outcome="failed"
    )
    session.add(run)
    session.flush()
    try:
        report = stage_submission(session, submission, contract, store, run.id)
    except ReturnFileError as exc:
        _unreadable(session, submission_id, run, contract, exc, actor)
        return None

    period = report.context.period
    run.outcome = report.status
    run.rows_received = report.rows_received
    run.error_count, run.query_count = report.error_count, report.query_count
    run.finished_at = utcnow()
    _save_results(session, run, report)
    if report.query_count:
        _explained_in_advance(session, submission, run)

    record_contract_version(session, contract)
    submission.period_label = period.label
    submission.period_source = report.period_source
    submission.contract_version = contract.version
    submission.rows_received = report.rows_received
    submission.error_count, submission.query_count = report.error_count, report.query_count
    decision = decide(contract, standing(report, loaded_version(session, submission)))
    report.decision = decision
    _decided(session, submission, run, decision, report, actor)
    session.commit()
    return report


#: The event of an explanation an agency gave with the file, before it was validated.
EXPLAINED_IN_ADVANCE = "queries_explained_in_advance"


def _explained_in_advance(session: Session, submission: Submission, run: ValidationRun) -> None:
    """An explanation the agency gave when it submitted the file (having checked it and
    seen its queries) becomes its explanation of this run's queries, for the steward."""
    given = session.exec(
        select(Event)
        .where(Event.submission_id == submission.id, Event.kind == EXPLAINED_IN_ADVANCE)
        .order_by(col(Event.id).desc())
    ).first()
    reason = json.loads(given.detail or "{}").get("reason") if given is not None else None
    if given is None or not reason:
        return
    session.add(
        AgencyExplanation(
            submission_id=int(submission.id or 0),
            run_id=int(run.id or 0),
            explained_by=given.actor,
            reason=str(reason),
            explained_at=given.at,
        )
    )


def _decided(
    session: Session,
    submission: Submission,
    run: ValidationRun,
    decision: Decision,
    report: ValidationReport,
    actor: str,
) -> None:
    if decision.loads:
        contract = get_contract(submission.contract_id)
        authorised = submission.authorised_at is not None
        set_status(
            session,
            submission,
            lifecycle.accepted_status(contract.authorisation_required, authorised),
            "validated",
            actor,
            run_id=run.id,
            outcome=report.status,
            errors=report.error_count,
            queries=report.query_count,
            rows_to_hold=decision.rows_held,
            period_source=report.period_source,
        )
        return

    assert submission.id is not None
    drop(session, submission.id)
    set_status(
        session,
        submission,
        SubmissionStatus.NEEDS_REVIEW,
        "validation_failed",
        actor,
        run_id=run.id,
        errors=report.error_count,
        queries=report.query_count,
        rows_to_hold=decision.rows_held,
        reason=decision.reason,
        period_source=report.period_source,
    )


def latest_run(session: Session, submission_id: int) -> ValidationRun | None:
    return session.exec(
        select(ValidationRun)
        .where(ValidationRun.submission_id == submission_id)
        .order_by(col(ValidationRun.id).desc())
    ).first()


def rows_with_errors(session: Session, run_id: int, waived: set[str]) -> int:
    """Rows of a run failing an error rule that no override waives (complete, from the
    record of failures)."""
    errors = session.exec(
        select(RuleResult.rule_code).where(
            RuleResult.run_id == run_id, RuleResult.severity == "error"
        )
    ).all()
    blocking = sorted({*errors, "file.row_length"} - waived)
    return int(
        session.exec(
            select(func.count(func.distinct(RowFailure.row_number))).where(
                RowFailure.run_id == run_id,
                col(RowFailure.rule_code).in_(blocking),
            )
        ).one()
    )


def holds_accepted(session: Session, run_id: int) -> bool:
    return (
        session.exec(select(HoldReview.id).where(HoldReview.run_id == run_id)).first() is not None
    )
