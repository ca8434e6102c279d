"""Taking in a return: check who may send it, keep its bytes, record the submission.

Intake never parses the file: it only has to be fast and lose nothing. The period the
return is for comes from its envelope (``workers.validation.envelope``). An identical
re-delivery (same contract, agency, bytes and envelope period, or the same bytes with no
period said) returns the existing submission; the same bytes sent for another period
are another return.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path, PurePath

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from workers.contracts.loader import get_contract
from workers.errors import AgencyNotAllowed, ReturnFileError, SdhError
from workers.logs import submission_fields
from workers.sources.landing import LandingStore, StagedFile
from workers.validation.envelope import envelope_period
from workers.warehouse.events import record_event
from workers.warehouse.models import Submission, SubmissionStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Receipt:
    submission_id: int
    duplicate: bool
    status: str


#: Where each door's period comes from: a push or upload's form, a pull's schedule slot,
#: the command line's ``--period``.
PERIOD_SOURCES = {"push": "form", "upload": "form", "pull": "slot", "cli": "option"}

#: Characters no file name needs and some systems treat as syntax (paths, devices, shells).
_UNSAFE_IN_NAME = set('<>:"/\\|?*')


def safe_filename(filename: str) -> str:
    """The name the return is known by: only its last path part, with no control or path
    characters and no leading dots, at most 200 characters (the extension kept).

    A filename is a label shown to people, never a path to write to: the landing store
    names files by their sha256. Sanitising it anyway means a name such as
    ``../../etc/passwd`` or ``..\\boot.ini`` cannot mislead whoever reads it later."""
    name = PurePath(str(filename).replace("\\", "/")).name
    name = "".join("_" if (not ch.isprintable() or ch in _UNSAFE_IN_NAME) else ch for ch in name)
    name = name.strip().lstrip(".").strip()
    if not name:
        return "return"
    if len(name) > 200:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: 199 - len(suffix)] + dot + suffix) if dot and len(suffix) <= 10 else name
    return name[:200]


def record_refusal(
    session: Session,
    *,
    contract_id: str,
    agency_id: str,
    filename: str,
    reason: str,
    rule: str,
    actor: str,
    source: str,
    size_bytes: int | None = None,
    sha256: str | None = None,
) -> None:
    """Keep a trace of a return refused at the door (it never became a submission), and
    commit it: the steward's timeline shows the attempt, so nothing is lost silently."""
    record_event(
        session,
        "refused",
        None,
        actor[:128],
        contract=contract_id[:64],
        agency=agency_id[:64],
        filename=safe_filename(filename),
        reason=reason[:1000],
        rule=rule,
        source=source,
        bytes=size_bytes,
        sha256=sha256,
    )
    session.commit()


@dataclass(frozen=True)
class Delivery:
    """A return as it arrives, through any door: for which feed, from which agency, the
    file and what its envelope says.

    ``data`` is the bytes, an upload already staged on disk (moved under its hash when
    kept and removed otherwise, whatever happens to it), or the path of a file on disk
    (``sdh ingest``), hashed and copied in chunks: a large return is never held in memory.
    ``period`` is the period the envelope names, if any; ``source`` the door (push,
    upload, pull, cli), which also says where such a period comes from.
    """

    contract_id: str
    agency_id: str
    data: bytes | StagedFile | Path
    filename: str
    source: str = "cli"
    period: str | None = None
    submitted_by: str | None = None


def receive_return(
    session: Session, store: LandingStore, delivery: Delivery, *, max_bytes: int | None = None
) -> Receipt:
    """Record a delivered return, or refuse it (over ``max_bytes``, from an agency that
    does not deliver the feed, for a period the envelope gets wrong)."""
    contract_id, agency_id, data = delivery.contract_id, delivery.agency_id, delivery.data
    filename, source, period = delivery.filename, delivery.source, delivery.period
    submitted_by = delivery.submitted_by
    if isinstance(data, StagedFile):
        staged: StagedFile | None = data
        data.close()
        size, sha = data.size, data.sha256
    elif isinstance(data, Path):
        staged, size = None, data.stat().st_size
        with data.open("rb") as fh:
            sha = hashlib.file_digest(fh, "sha256").hexdigest()
    else:
        staged, size, sha = None, len(data), hashlib.sha256(data).hexdigest()
    try:
        contract = get_contract(contract_id)
        filename = safe_filename(filename)
        refusal: SdhError | None = None
        rule = ""
        label, period_source = None, None
        if agency_id not in contract.agencies:
            refusal, rule = (
                AgencyNotAllowed(
                    f"Agency {agency_id!r} does not deliver {contract_id}; it is delivered by "
                    f"{', '.join(contract.agencies)}"
                ),
                "agency.not_allowed",
            )
        elif max_bytes is not None and size > max_bytes:
            refusal = ReturnFileError(
                filename,
                f"the file is {size:,} bytes; the limit is {max_bytes:,}",
                rule="file.size",
            )
        else:
            try:
                label, period_source = envelope_period(
                    contract, filename, period, PERIOD_SOURCES.get(source, "form")
                )
            except ValueError as exc:
                refusal = ReturnFileError(filename, str(exc), rule="period.envelope")
        if refusal is not None:
            record_refusal(
                session,
                contract_id=contract_id,
                agency_id=agency_id,
                filename=filename,
                reason=str(refusal),
                rule=getattr(refusal, "rule", rule),
                actor=submitted_by or source,
                source=source,
                size_bytes=size,
                sha256=sha if size else None,
            )
            raise refusal
        existing = _existing(session, contract_id, agency_id, sha, label)
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
                "identical re-delivery via %s: nothing new",
                source,
                extra=submission_fields(existing),
            )
            return _receipt(existing, duplicate=True)

        if staged is not None:
            store.adopt(staged)
        elif isinstance(data, Path):
            store.put_file(data, sha)
        else:
            assert isinstance(data, bytes)
            store.put(data)
    finally:
        if staged is not None:
            staged.discard()  # a no-op once adopted
    submission = Submission(
        contract_id=contract_id,
        contract_version=contract.version,
        agency_id=agency_id,
        period_label=label,
        period_source=period_source,
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
        existing = _existing(session, contract_id, agency_id, sha, label)
        assert existing is not None
        return _receipt(existing, duplicate=True)
    record_event(
        session,
        "received",
        submission.id,
        submitted_by or source,
        filename=filename,
        bytes=size,
        sha256=sha,
        source=source,
        period=label,
        period_source=period_source,
    )
    session.commit()
    log.info(
        "received via %s: %d bytes, sha256 %s",
        source,
        size,
        sha[:12],
        extra=submission_fields(submission),
    )
    return _receipt(submission, duplicate=False)


def _existing(
    session: Session, contract_id: str, agency_id: str, sha: str, period: str | None
) -> Submission | None:
    """The earlier delivery this one repeats: the same bytes for the same period, or the
    same bytes at all when the envelope says no period."""
    query = select(Submission).where(
        Submission.contract_id == contract_id,
        Submission.agency_id == agency_id,
        Submission.sha256 == sha,
    )
    if period is not None:
        query = query.where(Submission.period_label == period)
    return session.exec(query.order_by(col(Submission.id))).first()


def _receipt(submission: Submission, *, duplicate: bool) -> Receipt:
    assert submission.id is not None  # a stored submission's
    return Receipt(submission.id, duplicate, submission.status)
