"""Taking in a return: check who may send it, keep its bytes, record the submission.

Intake never parses the file: it only has to be fast and lose nothing. An identical
re-delivery (same contract, agency and bytes) returns the existing submission.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path, PurePath

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from workers.contracts.loader import get_contract
from workers.errors import AgencyNotAllowed, ReturnFileError
from workers.observability.logs import submission_fields
from workers.sources.landing import LandingStore
from workers.warehouse.events import record_event
from workers.warehouse.models import Submission, SubmissionStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Receipt:
    submission_id: int
    duplicate: bool
    status: str


def safe_filename(filename: str) -> str:
    """Keep only the last path part: a filename is a label, never a path to write to."""
    name = PurePath(filename.replace("\\", "/")).name.strip() or "return"
    return "".join(ch if ch.isprintable() else "_" for ch in name)[:200]


def receive_return(
    session: Session,
    store: LandingStore,
    contract_id: str,
    agency_id: str,
    data: bytes | Path,
    filename: str,
    *,
    source: str = "cli",
    period: str | None = None,
    submitted_by: str | None = None,
    max_bytes: int | None = None,
) -> Receipt:
    """Record a delivered return. ``data`` is the bytes, or the path of a file on disk
    (``sdh ingest``), which is hashed and stored in chunks: a large return is never
    held in memory."""
    contract = get_contract(contract_id)
    if agency_id not in contract.agencies:
        raise AgencyNotAllowed(
            f"Agency {agency_id!r} does not deliver {contract_id}; it is delivered by "
            f"{', '.join(contract.agencies)}"
        )
    filename = safe_filename(filename)
    size = data.stat().st_size if isinstance(data, Path) else len(data)
    if not size:
        raise ReturnFileError(filename, "the file is empty", rule="file.empty")
    if max_bytes is not None and size > max_bytes:
        raise ReturnFileError(
            filename,
            f"the file is {size:,} bytes; the limit is {max_bytes:,}",
            rule="file.size",
        )
    if isinstance(data, Path):
        with data.open("rb") as fh:
            sha = hashlib.file_digest(fh, "sha256").hexdigest()
    else:
        sha = hashlib.sha256(data).hexdigest()
    existing = _existing(session, contract_id, agency_id, sha)
    if existing is not None:
        record_event(
            session,
            "duplicate_received",
            existing.id,
            submitted_by or source,
            filename=filename,
            source=source,
        )
        session.commit()
        log.info(
            "identical re-delivery via %s: nothing new", source, extra=submission_fields(existing)
        )
        return Receipt(existing.id, True, existing.status)  # type: ignore[arg-type]

    if isinstance(data, Path):
        store.put_file(data, sha)
    else:
        store.put(data)
    submission = Submission(
        contract_id=contract_id,
        contract_version=contract.version,
        agency_id=agency_id,
        period_label=period,
        filename=filename,
        sha256=sha,
        size_bytes=size,
        landing_path=store.relative(sha),
        source=source,
        submitted_by=submitted_by,
        status=SubmissionStatus.RECEIVED,
    )
    session.add(submission)
    try:
        session.flush()
    except IntegrityError:
        # The same bytes arrived at the same moment through another door: one submission.
        session.rollback()
        existing = _existing(session, contract_id, agency_id, sha)
        assert existing is not None
        return Receipt(existing.id, True, existing.status)  # type: ignore[arg-type]
    record_event(
        session,
        "received",
        submission.id,
        submitted_by or source,
        filename=filename,
        bytes=size,
        sha256=sha,
        source=source,
    )
    session.commit()
    log.info(
        "received via %s: %d bytes, sha256 %s",
        source,
        size,
        sha[:12],
        extra=submission_fields(submission),
    )
    return Receipt(submission.id, False, submission.status)  # type: ignore[arg-type]


def _existing(session: Session, contract_id: str, agency_id: str, sha: str) -> Submission | None:
    return session.exec(
        select(Submission).where(
            Submission.contract_id == contract_id,
            Submission.agency_id == agency_id,
            Submission.sha256 == sha,
        )
    ).first()
