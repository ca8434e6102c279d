"""Checking a return before submitting it: the file is validated against its contract and
the report shown, and nothing is delivered (no submission, no event, nothing loaded).

The checked bytes are kept, sealed as the landing store seals returns, in a store of
their own (``<data dir>/checked``) so that "submit this file" sends exactly what was
checked without a second upload; the form carries a token signed with the hub's secret
that binds the file to the agency, contract and period, so one agency cannot submit bytes
under another's name or a file it never checked. A checked file is removed once it is
submitted (it is then in the landing store) or, unsubmitted, once its token has expired:
nothing of a return that was never sent is kept longer than a day.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlmodel import Session

from workers.contracts.model import FeedContract
from workers.errors import InvalidTransition, ReturnFileError
from workers.settings import get_settings
from workers.sources.landing import LandingStore
from workers.validation.report import ValidationReport
from workers.validation.run import check_return
from workers.warehouse.lookup import SqlWarehouseLookup
from workers.warehouse.models import utcnow

#: How long a checked file may wait to be submitted.
TOKEN_MAX_AGE_SECONDS = 24 * 3600
_SALT = "sdh.check-before-submit"


@dataclass(frozen=True)
class CheckedFile:
    """A file checked for an agency, ready to be submitted as it is."""

    agency_id: str
    contract_id: str
    period: str | None
    filename: str
    sha256: str


@dataclass(frozen=True)
class Check:
    file: CheckedFile
    report: ValidationReport | None  # None when the file cannot be read as a return
    unreadable: ReturnFileError | None
    token: str


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def checked_store() -> LandingStore:
    """Where checked files wait to be submitted."""
    return LandingStore(get_settings().data_dir / "checked")


def sweep(store: LandingStore, now: float | None = None) -> int:
    """Remove checked files older than a token lives; how many went."""
    cutoff = (now if now is not None else time.time()) - TOKEN_MAX_AGE_SECONDS
    removed = 0
    for sha256 in store.stored():
        try:
            if store.path_for(sha256).stat().st_mtime < cutoff:
                removed += store.remove(sha256)
        except FileNotFoundError:
            continue
    return removed


def check_file(
    session_factory: Callable[[], AbstractContextManager[Session]],
    store: LandingStore,
    secret: str,
    contract: FeedContract,
    agency_id: str,
    data: bytes | Path,
    filename: str,
    period: str | None,
) -> Check:
    """Validate ``data`` as ``agency_id``'s return without delivering it."""
    if isinstance(data, Path):
        data = data.read_bytes()
    sweep(store)
    sha256, _ = store.put(data)
    file = CheckedFile(agency_id, contract.id, period, filename[:255], sha256)
    token = _serializer(secret).dumps(
        [file.agency_id, file.contract_id, file.period, file.filename, file.sha256]
    )
    try:
        with session_factory() as session:
            report = check_return(
                contract,
                data,
                filename,
                agency_id,
                period=period,
                received_on=utcnow().date(),
                warehouse=SqlWarehouseLookup(session, agency_id=agency_id),
            )
    except ReturnFileError as exc:
        return Check(file, None, exc, token)
    return Check(file, report, None, token)


def checked_file(secret: str, token: str, agency_id: str) -> CheckedFile:
    """The file a submit form's token names, if it was checked for this agency lately."""
    try:
        values = _serializer(secret).loads(token, max_age=TOKEN_MAX_AGE_SECONDS)
        agency, contract_id, period, filename, sha256 = values
    except (BadSignature, ValueError, TypeError):
        raise InvalidTransition(
            "This check has expired or was not made here: check the file again, then submit it"
        ) from None
    if agency != agency_id:
        raise InvalidTransition("This file was checked for another agency")
    return CheckedFile(agency, contract_id, period, filename, sha256)
