"""Validate a recorded submission and keep the results: the step the runtime enqueues.

Idempotent: a submission already past ``received`` is left alone unless a replay is asked
for (after a contract fix), so running it twice ends in the same state.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from sqlalchemy import insert
from sqlmodel import Session, select

from workers.contracts.catalogue import load_catalogue
from workers.contracts.loader import get_contract
from workers.contracts.model import FeedContract
from workers.errors import InvalidTransition, ReturnFileError, SubmissionNotFound
from workers.periods import Period, parse_period, period_containing
from workers.settings import get_settings
from workers.sources.landing import LandingStore
from workers.sources.parse import ParsedReturn, parse_return
from workers.validation.context import ReturnContext
from workers.validation.engine import ValidationReport, validate_return
from workers.warehouse.claims import claim, release
from workers.warehouse.events import set_status
from workers.warehouse.lookup import SqlWarehouseLookup
from workers.warehouse.models import (
    RowIssue,
    RuleResult,
    Submission,
    SubmissionStatus,
    ValidationRun,
    utcnow,
)

MAX_STORED_ISSUES = 50_000
_ISSUE_BATCH = 5_000
REPLAYABLE = (SubmissionStatus.RECEIVED, SubmissionStatus.VALIDATED, SubmissionStatus.NEEDS_REVIEW)


def infer_period(contract: FeedContract, parsed: ParsedReturn, given: str | None) -> Period:
    """The return's period: as given, else the one its rows name (most rows win)."""
    if given:
        return parse_period(given, contract.grain)
    counts: Counter[str] = Counter()
    if contract.period_column:
        for row in parsed.rows:
            label = row.get(contract.period_column)
            if label:
                try:
                    counts[parse_period(str(label), contract.grain).label] += 1
                except ValueError:
                    continue
    elif contract.date_column:
        for row in parsed.rows:
            day = row.get(contract.date_column)
            if isinstance(day, date):
                counts[period_containing(day, contract.grain).label] += 1
    if not counts:
        raise ReturnFileError(
            parsed.filename,
            f"cannot tell which {contract.grain} this return is for: no row "
            "names a valid period; give the period explicitly",
            rule="period.unknown",
        )
    return parse_period(counts.most_common(1)[0][0], contract.grain)


def check_return(
    contract: FeedContract,
    data: bytes,
    filename: str,
    agency_id: str,
    *,
    period: str | None = None,
    received_on: date | None = None,
    warehouse=None,
    pseudonym_key: bytes | None = None,
) -> ValidationReport:
    """Parse and validate a file without recording anything (``sdh validate``)."""
    key = pseudonym_key if pseudonym_key is not None else get_settings().pseudonym_key_bytes
    parsed = parse_return(contract, data, filename, key)
    agency = load_catalogue().agency(agency_id)
    ctx = ReturnContext(
        agency.id,
        tuple(agency.areas),
        infer_period(contract, parsed, period),
        received_on or date.today(),
        warehouse,
    )
    return validate_return(contract, parsed, ctx)


def _save_results(
    session: Session, submission: Submission, run: ValidationRun, report: ValidationReport
) -> None:
    """The run, then its rule results and row issues, a statement for each table (plain
    rows, not ORM objects: a return's thirty-odd results cost more to build and flush as
    objects than the rules took to run)."""
    session.add(run)
    session.flush()
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
            if len(issues) >= MAX_STORED_ISSUES:
                break
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
                )
            )
    # RETURNING makes SQLAlchemy send one multi-row INSERT rather than a statement a row.
    if results:
        session.execute(insert(RuleResult).returning(RuleResult.id), results)
    for start in range(0, len(issues), _ISSUE_BATCH):
        batch = issues[start : start + _ISSUE_BATCH]
        session.execute(insert(RowIssue).returning(RowIssue.id), batch)


def loadable(contract: FeedContract, report: ValidationReport) -> bool:
    """Errors block the load, except row errors in a contract that holds bad rows back."""
    if report.error_count == 0:
        return True
    if contract.on_row_error != "hold_rows" or report.return_level_errors:
        return False
    return len(report.error_rows) < report.rows_received


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


def _validate_claimed(
    session: Session, submission_id: int, store: LandingStore, actor: str
) -> ValidationReport | None:
    submission = session.get(Submission, submission_id)  # as the claim refreshed it
    assert submission is not None
    contract = get_contract(submission.contract_id)
    run = ValidationRun(
        submission_id=submission.id, contract_version=contract.version, outcome="failed"
    )
    bulk = fast_path(session, contract, submission)
    try:
        report = _check(session, submission, contract, store, bulk)
    except ReturnFileError as exc:
        session.rollback()  # nothing of a half-read file stays (staging included)
        submission = session.get(Submission, submission_id)
        assert submission is not None
        run.outcome, run.finished_at, run.error_count = "unreadable", utcnow(), 1
        run.message = str(exc)
        session.add(run)
        session.flush()
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
        return None

    period = report.context.period
    run.outcome = report.status
    run.rows_received = report.rows_received
    run.error_count, run.query_count = report.error_count, report.query_count
    run.finished_at = utcnow()
    _save_results(session, submission, run, report)

    submission.period_label = period.label
    submission.contract_version = contract.version
    submission.rows_received = report.rows_received
    submission.error_count, submission.query_count = report.error_count, report.query_count
    if loadable(contract, report):
        set_status(
            session,
            submission,
            SubmissionStatus.VALIDATED,
            "validated",
            actor,
            run_id=run.id,
            outcome=report.status,
            errors=report.error_count,
            queries=report.query_count,
        )
    else:
        if bulk:
            discard_staging(session, submission_id)
        set_status(
            session,
            submission,
            SubmissionStatus.NEEDS_REVIEW,
            "validation_failed",
            actor,
            run_id=run.id,
            errors=report.error_count,
            queries=report.query_count,
        )
    session.commit()
    return report


def fast_path(session: Session, contract: FeedContract, submission: Submission) -> bool:
    """Whether this return goes through the set-based path (``workers.bulk``)."""
    from workers.bulk import applies

    return applies(contract, session.get_bind(), submission.filename)


def return_context(session: Session, submission: Submission) -> Callable[[Period], ReturnContext]:
    """What the rules need to know about a recorded submission, once its period is known."""
    agency = load_catalogue().agency(submission.agency_id)

    def context(period: Period) -> ReturnContext:
        return ReturnContext(
            agency.id,
            tuple(agency.areas),
            period,
            submission.received_at.date(),
            SqlWarehouseLookup(session, exclude_submission=submission.id),
        )

    return context


def _check(
    session: Session,
    submission: Submission,
    contract: FeedContract,
    store: LandingStore,
    bulk: bool,
) -> ValidationReport:
    """Read the landed file and run every rule, by the fast path or the reference path."""
    context = return_context(session, submission)
    if bulk:
        from workers.bulk.run import validate_staged

        return validate_staged(session, submission, contract, store, context)
    parsed = parse_return(
        contract,
        store.get(submission.sha256),
        submission.filename,
        get_settings().pseudonym_key_bytes,
    )
    return validate_return(
        contract, parsed, context(infer_period(contract, parsed, submission.period_label))
    )


def discard_staging(session: Session, submission_id: int) -> None:
    from workers.bulk.run import discard

    discard(session, submission_id)


def latest_run(session: Session, submission_id: int) -> ValidationRun | None:
    return session.exec(
        select(ValidationRun)
        .where(ValidationRun.submission_id == submission_id)
        .order_by(ValidationRun.id.desc())  # type: ignore[union-attr]
    ).first()
