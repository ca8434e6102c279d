"""The dramatiq actors: thin wiring around the pipeline steps.

Messages carry ids only; the database holds the truth. Each actor reloads its row, does
nothing if the work is already done, commits, and only then enqueues the next stage, so a
crash at any point leaves a state that a re-run (or the reconciler) completes.

Start production workers with ``dramatiq workers.runtime.actors`` (or ``sdh worker``).
"""

from __future__ import annotations

import logging
from typing import Any

import dramatiq

from workers.logs import bind, submission_fields
from workers.observability.metrics import hub_metrics
from workers.runtime.broker import setup_broker
from workers.runtime.retry import MAX_RETRIES, retry_transient

log = logging.getLogger(__name__)
broker = setup_broker()

_RETRY: dict[str, Any] = dict(retry_when=retry_transient, min_backoff=2_000, max_backoff=300_000)
#: Tries a load gets after a unique-key clash (see ``retry_load``).
KEY_CLASH_RETRIES = 2


def retry_load(retries: int, exc: BaseException) -> bool:
    """A load also retries a unique-key clash, a couple of times.

    Two workers loading returns for the same new period at once both add its ``period``
    row, and the second commit fails on the key: run again, it finds the row and loads.
    Without the retry the return waited for the reconciler (two minutes) instead of
    seconds. A clash that persists is a real fault and fails after these tries.
    """
    from sqlalchemy.exc import IntegrityError

    if isinstance(exc, IntegrityError) and retries < KEY_CLASH_RETRIES:
        return True
    return retry_transient(retries, exc)


@dramatiq.actor(queue_name="ingest", time_limit=300_000, **_RETRY)
def pull_feed(contract_id: str, agency_id: str, period: str | None = None) -> None:
    """Fetch a feed from the agency's system; a new file becomes a submission."""
    from workers.sources.pull import pull_return

    receipt = pull_return(contract_id, agency_id, period)
    if receipt is not None and not receipt.duplicate:
        bind(submission_id=receipt.submission_id)
        hub_metrics().received.labels("pull").inc()
        validate_submission.send(receipt.submission_id)


@dramatiq.actor(queue_name="validate", time_limit=900_000, **_RETRY)
def validate_submission(submission_id: int) -> None:
    """Run the contract's rules; a loadable return goes on to be loaded."""
    from workers.sources.landing import default_store
    from workers.validation.run import validate_submission as validate
    from workers.warehouse.db import session_scope
    from workers.warehouse.lifecycle import Step, next_step
    from workers.warehouse.models import Submission, SubmissionStatus

    with session_scope() as session:
        # Held for the whole step: the session's identity map keeps rows only while they
        # are referenced, and the step and the lines below would otherwise read it again.
        submission = session.get(Submission, submission_id)
        bind(**submission_fields(submission))
        report = validate(session, submission_id, default_store())
        submission = session.get(Submission, submission_id)
        assert submission is not None
        bind(**submission_fields(submission))  # the period is known once the file is read
        status = submission.status
    if report is not None and status in (SubmissionStatus.VALIDATED, SubmissionStatus.NEEDS_REVIEW):
        hub_metrics().validated.labels(status).inc()
        if status == SubmissionStatus.NEEDS_REVIEW:
            hub_metrics().failed.labels("validate").inc()
        failing = ", ".join(f"{o.rule.code} {o.failed}" for o in report.outcomes if o.failed)
        log.info(
            "validated: %s, %d error(s), %d query(ies)%s",
            status,
            report.error_count,
            report.query_count,
            f" ({failing})" if failing else "",
            extra={"status": status},
        )

    step = next_step(status)
    if step is Step.LOAD:
        load_submission.send(submission_id)
    elif step is Step.NOTIFY:
        send_notifications.send()  # tell the agency now, not at the next minute's job


@dramatiq.actor(queue_name="load", time_limit=900_000, **{**_RETRY, "retry_when": retry_load})
def load_submission(submission_id: int) -> None:
    """Load into the warehouse (one transaction), then announce the change."""
    from workers.load import load_submission as load
    from workers.sources.landing import default_store
    from workers.warehouse.db import session_scope
    from workers.warehouse.lifecycle import Step, next_step
    from workers.warehouse.models import Submission, SubmissionStatus

    with session_scope() as session:
        before = session.get(Submission, submission_id)
        bind(**submission_fields(before))
        already = before is not None and before.status == SubmissionStatus.LOADED
        submission = load(session, submission_id, default_store())
        loaded = next_step(submission.status) is Step.PUBLISH
        contract_id, period = submission.contract_id, submission.period_label
        rows_loaded, rows_held = submission.rows_loaded, submission.rows_held
    if loaded and not already:
        hub_metrics().loaded.inc()
        log.info(
            "loaded: %s row(s), %s held",
            rows_loaded,
            rows_held or 0,
            extra={"status": SubmissionStatus.LOADED},
        )
    if loaded:
        warehouse_changed.send(contract_id, period)


@dramatiq.actor(queue_name="reports", time_limit=600_000, **_RETRY)
def warehouse_changed(contract_id: str, period: str | None) -> None:
    """The warehouse has new figures for a period: what depends on them is rebuilt here.

    Pack building hooks on to this actor; for now it records the change for the timeline.
    """
    from workers.packs.triggers import on_warehouse_changed
    from workers.warehouse.db import session_scope
    from workers.warehouse.events import record_event

    with session_scope() as session:
        record_event(session, "warehouse_changed", contract=contract_id, period=period)
        # The event and the packs' rebuild request in one transaction, one commit.
        on_warehouse_changed(contract_id, period, session=session)
        session.commit()


@dramatiq.actor(queue_name="reports", time_limit=1_800_000, **_RETRY)
def build_quarter_packs(quarter: str) -> None:
    """Rebuild a quarter's packs once the loads that changed it have settled (debounced)."""
    from workers.packs.triggers import run_pending_build

    run_pending_build(quarter)


@dramatiq.actor(queue_name="notify", time_limit=300_000, max_retries=0)
def send_notifications(limit: int = 200) -> None:
    """Email (and webhook) the agencies about new failed, rejected and overdue returns.

    Not retried by dramatiq: the outbox keeps each failure and the next run (the
    scheduler sends one every minute) tries it again, without sending anything twice.
    """
    from workers.notify.outbox import dispatch_pending

    summary = dispatch_pending(limit)
    if summary.sent or summary.failed or summary.abandoned:
        log.info(
            "notifications: %d sent, %d failed (will retry), %d abandoned",
            summary.sent,
            summary.failed,
            summary.abandoned,
        )


@dramatiq.actor(queue_name="default", time_limit=1_800_000, max_retries=0)
def purge_raw_files() -> None:
    """Remove raw files past retention (``workers.sources.retention``); the scheduler
    sends one a day, and the next day's run finishes what a failed one left."""
    from workers.contracts.loader import load_contracts
    from workers.sources.landing import default_store
    from workers.sources.retention import purge_raw_files as purge
    from workers.warehouse.db import session_scope

    with session_scope() as session:
        report = purge(session, default_store(), load_contracts())
    if report.removed:
        log.info("retention: %d raw file(s) removed", len(report.removed))


@dramatiq.actor(queue_name="default", time_limit=120_000, max_retries=0)
def reconcile() -> None:
    """Re-enqueue submissions stuck in a state past their time limit."""
    from workers.runtime.reconcile import stuck_submissions

    for submission_id, stage in stuck_submissions():
        (validate_submission if stage == "validate" else load_submission).send(submission_id)


__all__ = [
    "MAX_RETRIES",
    "broker",
    "build_quarter_packs",
    "load_submission",
    "pull_feed",
    "purge_raw_files",
    "reconcile",
    "send_notifications",
    "validate_submission",
    "warehouse_changed",
]
