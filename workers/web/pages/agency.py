"""The agency's own page: its recent returns, the upload form and a blank CSV template for
each contract it delivers.

An upload goes through the same intake as the API (``receive_return``, source "upload",
the signed-in name as the sender); validation is enqueued only after that commit, as the
API does, and the browser is sent to the new submission's page to watch its report.
"""

from __future__ import annotations

import csv
import io
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from workers.accounts import Action, agency_scope, can
from workers.contracts.loader import get_contract
from workers.errors import AgencyNotAllowed, ContractError, ReturnFileError
from workers.exports import safe_cell
from workers.periods import parse_period
from workers.sources.intake import Receipt
from workers.warehouse.db import session_scope
from workers.warehouse.models import Agency, Submission
from workers.web.api import Enqueue, get_enqueue
from workers.web.intake import receive, refuse
from workers.web.pages.errors import not_found
from workers.web.pages.guard import Person, check_csrf, need
from workers.web.pages.render import page
from workers.web.pages.returns import contracts_for
from workers.web.pages.session import SignedIn, flash
from workers.web.pages.uploads import UploadForm, UploadRefused, read_upload

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
RECENT = 15


def _agency_page(
    request: Request,
    user: SignedIn,
    *,
    error: str = "",
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    assert user.agency_id is not None
    with session_scope(request.app.state.engine) as db:
        agency = db.get(Agency, user.agency_id)
        recent = list(
            db.exec(
                select(Submission)
                .where(Submission.agency_id == user.agency_id)
                .order_by(col(Submission.received_at).desc(), col(Submission.id).desc())
                .limit(RECENT)
            )
        )
    context: dict[str, Any] = {
        "title": "Your returns",
        "agency_name": agency.name if agency else user.agency_id,
        "contracts": contracts_for(user.agency_id),
        "submissions": recent,
        "names": {user.agency_id: agency.name if agency else user.agency_id},
        "error": error,
        "form": form or {},
        "max_bytes": request.app.state.settings.max_upload_bytes,
    }
    return page(request, "agency.html", context, status=status)


@router.get("/agency")
def agency_page(request: Request, user: Person, contract: str = "", period: str = "") -> Response:
    """The agency's page; ``contract`` and ``period`` pre-fill the upload form (the "send a
    corrected file" link of a rejected return)."""
    need(user, Action.UPLOAD)
    return _agency_page(request, user, form={"contract": contract[:64], "period": period[:16]})


def _receive(
    request: Request, user: SignedIn, contract_id: str, upload: UploadForm, period: str | None
) -> Receipt:
    assert user.agency_id is not None
    return receive(
        request,
        contract_id,
        user.agency_id,
        upload.content,
        upload.filename or "return",
        source="upload",
        period=period,
        submitted_by=user.username,
    )


def _refused(
    request: Request, user: SignedIn, contract_id: str, filename: str, reason: str, rule: str
) -> None:
    assert user.agency_id is not None
    refuse(
        request,
        contract_id=contract_id,
        agency_id=user.agency_id,
        filename=filename,
        reason=reason,
        rule=rule,
        actor=user.username,
        source="upload",
    )


@router.post("/agency/upload")
async def upload_submit(
    request: Request,
    user: Person,
    enqueue: Annotated[Enqueue, Depends(get_enqueue)],
) -> Response:
    need(user, Action.UPLOAD)  # before reading a byte of the body
    limit = request.app.state.settings.max_upload_bytes
    try:
        upload = await read_upload(request, limit)
    except UploadRefused as exc:
        # Nothing of the form could be read (so no CSRF token either): say why, change
        # nothing but the trace of the attempt.
        rule = "file.size" if exc.status == 413 else "upload.unreadable"
        await run_in_threadpool(_refused, request, user, "", "", exc.message, rule)
        return _agency_page(request, user, error=exc.message, status=exc.status)
    try:
        return await _submit_upload(request, user, enqueue, upload)
    finally:
        upload.discard()  # the staged file, unless intake kept it


async def _submit_upload(
    request: Request, user: SignedIn, enqueue: Enqueue, upload: UploadForm
) -> Response:
    check_csrf(request, upload.fields.get("csrf_token"))
    contract_id, period_text = upload.get("contract"), upload.get("period")
    kept = {"contract": contract_id, "period": period_text}
    try:
        contract = get_contract(contract_id)
    except ContractError:
        await run_in_threadpool(
            _refused,
            request,
            user,
            contract_id[:64],
            upload.filename,
            "no such contract",
            "contract.unknown",
        )
        return _agency_page(
            request, user, error="Choose the return's contract.", form=kept, status=422
        )
    if not can(user, Action.UPLOAD, contract=contract):
        await run_in_threadpool(
            _refused,
            request,
            user,
            contract.id,
            upload.filename,
            "not this agency's contract",
            "agency.not_allowed",
        )
    need(user, Action.UPLOAD, contract=contract)
    if not upload.size:
        await run_in_threadpool(
            _refused, request, user, contract.id, upload.filename, "empty file", "file.empty"
        )
        return _agency_page(
            request,
            user,
            error="Choose the file to upload (it must not be empty).",
            form=kept,
            status=422,
        )
    period = None
    if period_text:
        try:
            period = parse_period(period_text, contract.grain).label
        except ValueError as exc:
            return _agency_page(request, user, error=f"Period: {exc}", form=kept, status=422)
    try:
        receipt = await run_in_threadpool(_receive, request, user, contract.id, upload, period)
    except (ReturnFileError, AgencyNotAllowed) as exc:
        return _agency_page(request, user, error=str(exc), form=kept, status=422)
    if receipt.duplicate:
        flash(
            request,
            f"This exact file was delivered before, as submission {receipt.submission_id}: "
            "nothing new was received.",
            "info",
        )
    else:
        # Only after the commit: a worker must find the row. If the broker is down the
        # return is safely received all the same, and the reconciler sends it on later.
        try:
            await run_in_threadpool(enqueue, receipt.submission_id)
        except Exception:
            log.exception("submission %s received but not enqueued", receipt.submission_id)
        flash(request, f"{upload.filename or 'The file'} was received and is being validated.")
    return RedirectResponse(f"/submissions/{receipt.submission_id}", status_code=303)


@router.get("/agency/templates/{contract_id}.csv")
def template_csv(request: Request, contract_id: str, user: Person) -> Response:
    """A CSV file holding only the contract's header row, in the contract's column order."""
    try:
        contract = get_contract(contract_id)
    except ContractError:
        raise not_found(f"Contract {contract_id}") from None
    if not (
        can(user, Action.UPLOAD, contract=contract)
        or (can(user, Action.VIEW_RETURNS) and agency_scope(user) is None)
    ):
        need(user, Action.UPLOAD, contract=contract)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(safe_cell(c) for c in contract.column_names)
    return Response(
        out.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{contract.id}-template.csv"',
            "Cache-Control": "no-store",
        },
    )
