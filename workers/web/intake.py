"""The web's two doors to intake, the API's push and the agency page's upload: a return
received, or the trace of one refused at the door, each in a session of its own (the
routes call these in a worker thread)."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request

from workers.sources.intake import Delivery, Receipt, receive_return, record_refusal
from workers.sources.landing import StagedFile
from workers.warehouse.db import session_scope


def receive(
    request: Request,
    contract_id: str,
    agency_id: str,
    content: bytes | StagedFile | Path,
    filename: str,
    *,
    source: str,
    period: str | None,
    submitted_by: str,
) -> Receipt:
    """Receive the return through the shared intake, with the app's upload limit, and
    commit, so that a worker enqueued afterwards finds the submission."""
    with session_scope(request.app.state.engine) as session:
        receipt = receive_return(
            session,
            request.app.state.store,
            Delivery(
                contract_id,
                agency_id,
                content,
                filename,
                source=source,
                period=period,
                submitted_by=submitted_by,
            ),
            max_bytes=request.app.state.settings.max_upload_bytes,
        )
        session.commit()
    return receipt


def refuse(
    request: Request,
    *,
    contract_id: str,
    agency_id: str,
    filename: str,
    reason: str,
    rule: str,
    actor: str,
    source: str,
) -> None:
    """Keep the trace of a return refused before intake (``record_refusal`` commits)."""
    with session_scope(request.app.state.engine) as session:
        record_refusal(
            session,
            contract_id=contract_id,
            agency_id=agency_id,
            filename=filename or "(not read)",
            reason=reason,
            rule=rule,
            actor=actor,
            source=source,
        )
