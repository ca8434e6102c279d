"""The agency's own page: what needs its action, the upload form (check a file, then
submit it), its recent returns and the templates for each contract it delivers.

Checking a file (``/agency/check``) validates it and shows the report addressed to the
agency without delivering anything (``workers.agency.checking``); "Submit this return"
then delivers exactly the checked bytes. Either goes through the same intake as the API
(``receive_return``, source "upload", the signed-in name as the sender); validation is
enqueued only after that commit, as the API does.
"""

from __future__ import annotations

import csv
import io
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form
from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from workers.accounts import Action, agency_scope, can
from workers.agency import templates
from workers.agency.advice import report_advice, unreadable_advice
from workers.agency.checking import Check, check_file, checked_file, checked_store
from workers.contracts.catalogue import load_catalogue
from workers.contracts.loader import get_contract
from workers.contracts.model import FeedContract
from workers.errors import AgencyNotAllowed, ContractError, InvalidTransition, ReturnFileError
from workers.exports import safe_cell
from workers.periods import parse_period
from workers.review.actions import MAX_REASON
from workers.sources.intake import Receipt
from workers.validation.run import EXPLAINED_IN_ADVANCE
from workers.warehouse.db import session_scope
from workers.warehouse.events import record_event
from workers.warehouse.models import Agency, Submission
from workers.web.api import Enqueue, get_enqueue
from workers.web.intake import receive, refuse
from workers.web.pages.errors import not_found
from workers.web.pages.guard import POST_CHECKS, Person, check_csrf, need
from workers.web.pages.render import page
from workers.web.pages.returns import contracts_for, today
from workers.web.pages.session import SignedIn, flash
from workers.web.pages.tasks import tasks_for
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
        tasks = tasks_for(db, user.agency_id, contracts_for(user.agency_id), today())
    context: dict[str, Any] = {
        "tasks": tasks,
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


def _contract_and_period(
    user: SignedIn, upload: UploadForm
) -> tuple[FeedContract | None, str | None, str]:
    """The form's contract (None and a message when it is not one the agency delivers)
    and period."""
    try:
        contract = get_contract(upload.get("contract"))
    except ContractError:
        return None, None, "Choose the return's contract."
    need(user, Action.UPLOAD, contract=contract)  # another agency's feed: 403, as uploads
    period_text = upload.get("period")
    if not period_text:
        return contract, None, ""
    try:
        return contract, parse_period(period_text, contract.grain).label, ""
    except ValueError as exc:
        return None, None, f"Period: {exc}"


def _check(
    request: Request, user: SignedIn, contract: FeedContract, upload: UploadForm, period: str | None
) -> Check:
    assert user.agency_id is not None
    data = upload.content if isinstance(upload.content, bytes) else upload.content.read_bytes()
    return check_file(
        lambda: session_scope(request.app.state.engine),
        checked_store(),
        request.app.state.web_config.secret_key,
        contract,
        user.agency_id,
        data,
        upload.filename or "return",
        period,
    )


@router.post("/agency/check")
async def check_upload(request: Request, user: Person) -> Response:
    """Validate a file and show its report; nothing is delivered."""
    need(user, Action.UPLOAD)
    limit = request.app.state.settings.max_upload_bytes
    try:
        upload = await read_upload(request, limit)
    except UploadRefused as exc:
        return _agency_page(request, user, error=exc.message, status=exc.status)
    try:
        check_csrf(request, upload.fields.get("csrf_token"))
        kept = {"contract": upload.get("contract"), "period": upload.get("period")}
        contract, period, problem = _contract_and_period(user, upload)
        if contract is None:
            return _agency_page(request, user, error=problem, form=kept, status=422)
        if not upload.size:
            return _agency_page(
                request,
                user,
                error="Choose the file to check (it must not be empty).",
                form=kept,
                status=422,
            )
        result = await run_in_threadpool(_check, request, user, contract, upload, period)
    finally:
        upload.discard()
    advice = (
        report_advice(result.report)
        if result.report is not None
        else unreadable_advice(contract, result.unreadable)  # type: ignore[arg-type]
    )
    title = f"{'Error: ' if advice.verdict == 'fix' else ''}Check of {result.file.filename}"
    context = {
        "title": title,
        "check": result,
        "advice": advice,
        "contract": contract,
        "period": result.report.period.label if result.report is not None else period,
        "contracts": contracts_for(user.agency_id),
        "form": kept,
        "max_bytes": limit,
    }
    return page(request, "agency_check.html", context)


@router.post("/agency/submit", dependencies=POST_CHECKS)
def submit_checked(
    request: Request,
    user: Person,
    enqueue: Annotated[Enqueue, Depends(get_enqueue)],
    token: Annotated[str, Form()] = "",
    explanation: Annotated[str, Form()] = "",
) -> Response:
    """Deliver the file the token names, exactly as it was checked, with the agency's
    explanation of its queries when it gave one (it reaches the steward once the return
    is validated: ``workers.validation.run``)."""
    need(user, Action.UPLOAD)
    assert user.agency_id is not None
    try:
        checked = checked_file(request.app.state.web_config.secret_key, token, user.agency_id)
        contract = get_contract(checked.contract_id)
    except (InvalidTransition, ContractError) as exc:
        return _agency_page(request, user, error=str(exc), status=409)
    need(user, Action.UPLOAD, contract=contract)
    store = checked_store()
    if not store.exists(checked.sha256):
        return _agency_page(
            request, user, error="This check has expired: check the file again", status=409
        )
    data = store.get(checked.sha256)
    receipt = receive(
        request,
        contract.id,
        user.agency_id,
        data,
        checked.filename,
        source="upload",
        period=checked.period,
        submitted_by=user.username,
    )
    store.remove(checked.sha256)  # it is in the landing store now
    if receipt.duplicate:
        flash(
            request,
            f"This exact file was delivered before, as submission {receipt.submission_id}: "
            "nothing new was received.",
            "info",
        )
    else:
        if explanation.strip():
            with session_scope(request.app.state.engine) as db:
                record_event(
                    db,
                    EXPLAINED_IN_ADVANCE,
                    receipt.submission_id,
                    user.username,
                    reason=explanation.strip()[:MAX_REASON],
                )
                db.commit()
        try:
            enqueue(receipt.submission_id)
        except Exception:
            log.exception("submission %s received but not enqueued", receipt.submission_id)
        flash(request, f"{checked.filename} was submitted as submission {receipt.submission_id}.")
    return RedirectResponse(f"/agency/returns/{receipt.submission_id}", status_code=303)


def _template_contract(user: SignedIn, contract_id: str) -> FeedContract:
    """The contract, for its delivering agencies and the stewards who help them."""
    try:
        contract = get_contract(contract_id)
    except ContractError:
        raise not_found(f"Contract {contract_id}") from None
    if not (
        can(user, Action.UPLOAD, contract=contract)
        or (can(user, Action.VIEW_RETURNS) and agency_scope(user) is None)
    ):
        need(user, Action.UPLOAD, contract=contract)
    return contract


@router.get("/agency/templates/{contract_id}.xlsx")
def template_xlsx(request: Request, contract_id: str, user: Person) -> Response:
    """An Excel template: drop-downs of the allowed codes, a codes sheet, the column
    descriptions and an example row (``workers.agency.templates``)."""
    contract = _template_contract(user, contract_id)
    area = None
    if user.agency_id:
        areas = load_catalogue().agency(user.agency_id).areas
        area = areas[0] if areas else None
    return Response(
        templates.template_xlsx(contract, area),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f'attachment; filename="{contract.id}-template.xlsx"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/agency/templates/{contract_id}.csv")
def template_csv(request: Request, contract_id: str, user: Person) -> Response:
    """A CSV file holding only the contract's header row, in the contract's column order."""
    contract = _template_contract(user, contract_id)
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
