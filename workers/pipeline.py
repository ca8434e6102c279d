"""The three steps of a return (receive → validate → load) as plain functions.

The CLI calls them in a row; the event-driven runtime calls each from its own actor.
Each opens its own transaction, so a crash between steps leaves a state the next run of
the same step picks up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workers.load import load_submission
from workers.sources.intake import Delivery, Receipt, receive_return
from workers.sources.landing import LandingStore, default_store
from workers.validation.report import ValidationReport
from workers.validation.run import validate_submission
from workers.warehouse.db import session_scope
from workers.warehouse.lifecycle import Step, next_step
from workers.warehouse.models import Submission


@dataclass
class IngestResult:
    receipt: Receipt
    submission: Submission
    report: ValidationReport | None


def process(
    submission_id: int, store: LandingStore | None = None
) -> tuple[Submission, ValidationReport | None]:
    """Validate, then load if loadable: the two steps after intake, in a row.

    Both steps do nothing when the submission is already past them, so calling this again
    only finishes what an earlier run left undone.
    """
    store = store or default_store()
    with session_scope() as session:
        report = validate_submission(session, submission_id, store)
    with session_scope() as session:
        submission = session.get(Submission, submission_id)
        assert submission is not None
        if next_step(submission.status) is Step.LOAD:
            submission = load_submission(session, submission_id, store)
    return submission, report


def ingest(
    contract_id: str,
    agency_id: str,
    data: bytes | Path,
    filename: str,
    *,
    period: str | None = None,
    source: str = "cli",
    submitted_by: str | None = None,
    store: LandingStore | None = None,
) -> IngestResult:
    store = store or default_store()
    with session_scope() as session:
        receipt = receive_return(
            session,
            store,
            Delivery(
                contract_id,
                agency_id,
                data,
                filename,
                source=source,
                period=period,
                submitted_by=submitted_by,
            ),
        )
    submission, report = process(receipt.submission_id, store)
    return IngestResult(receipt, submission, report)
