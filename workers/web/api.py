"""The agencies' intake API: push a return, then follow it to loaded or held for review.

Intake only records the file and answers at once (202); validation and loading run on
the workers, and the caller follows the ``status_url``. The upload is read in chunks and
refused as soon as it passes the size limit, so an oversized or endless upload never
fills memory or disk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from workers.contracts.loader import get_contract
from workers.errors import AgencyNotAllowed, SdhError, SubmissionNotFound, UnknownContract
from workers.periods import parse_period
from workers.review.detail import submission_detail
from workers.review.issues import issue_page
from workers.sources.intake import Receipt, safe_filename
from workers.sources.landing import StagedFile
from workers.warehouse.models import ValidationRun
from workers.web.database import Db
from workers.web.intake import receive, refuse
from workers.web.tokens import mark_used, verify_token
from workers.web.upload_reader import UploadProblem, read_form

#: Room for the multipart envelope (boundaries, part headers, the period field) on top of
#: the file itself: the raw request is cut off once it passes limit + this.
MAX_DB_ID = 2**31 - 1
#: No return has a million pages of issues; an unbounded page number made the offset
#: overflow the database's integer (a 500 found by fuzzing the API).
MAX_PAGE = 1_000_000

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1")
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AgencyToken",
    description="An agency API token (`sdh_…`) issued with `sdh tokens create`.",
)


# --- errors --------------------------------------------------------------------------------


class ApiError(Exception):
    """An answer other than success, already worded for the data officer who reads it."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.extra = extra


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")
    code: str = Field(description="Stable machine-readable code, e.g. `invalid_token`.")
    message: str = Field(description="What went wrong and what to do, in plain words.")


class ErrorOut(BaseModel):
    error: ErrorDetail


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    text = {
        401: "No token, or the token is unknown or revoked.",
        403: "The token's agency does not deliver this contract.",
        404: "Unknown contract, or no such submission for this agency.",
        413: "The file is larger than the hub accepts.",
        415: "The body is not multipart/form-data.",
        422: "The upload or a parameter is not usable (empty file, bad period, …).",
        503: "The hub's database is not reachable; try again shortly.",
    }
    return {s: {"model": ErrorOut, "description": text[s]} for s in statuses}


def _too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "file_too_large",
        f"The file is larger than the {limit:,} bytes the hub accepts; split the return "
        "or ask the hub's administrator about the limit (SDH_MAX_UPLOAD_BYTES).",
        limit_bytes=limit,
        rule="file.size",
    )


# --- who is calling ------------------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    """The agency behind a verified token."""

    token_id: int
    agency_id: str
    name: str
    prefix: str

    @property
    def actor(self) -> str:
        """How the caller appears in submissions and the timeline (never the secret)."""
        return f"token {self.prefix} ({self.name})"[:128]


def current_caller(
    session: Db,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    """Verify the bearer token; 401 with ``WWW-Authenticate: Bearer`` otherwise."""
    if credentials is None:
        raise ApiError(
            401,
            "missing_token",
            "This request needs your agency's API token, sent as 'Authorization: Bearer sdh_…'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token = verify_token(session, credentials.credentials)
    if token is None:
        raise ApiError(
            401,
            "invalid_token",
            "The API token is not valid: it is unknown or has been revoked. Ask the "
            "hub's administrator for a new one.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    if mark_used(session, token):
        session.commit()
    assert token.id is not None
    return Caller(token.id, token.agency_id, token.name, token.prefix)


Enqueue = Callable[[int], None]


def get_enqueue() -> Enqueue:
    """Start validation of a submission; a dependency so tests can swap the broker out."""

    def send(submission_id: int) -> None:
        from workers.runtime.actors import validate_submission

        validate_submission.send(submission_id)

    return send


# --- response models -----------------------------------------------------------------------


class ReceiptOut(BaseModel):
    submission_id: int
    status: str = Field(description="`received` for a new return; an earlier one's status.")
    duplicate: bool = Field(description="True when these exact bytes were delivered before.")
    status_url: str = Field(description="GET this to follow the return to its outcome.")


class RuleOut(BaseModel):
    code: str
    severity: str = Field(description="`error` blocks the return; `query` needs explaining.")
    kind: str
    scope: str
    columns: list[str]
    checked: bool
    rows_failed: int
    message: str


class RowIssueOut(BaseModel):
    row: int | None = Field(description="Row as a spreadsheet numbers it (header = 1).")
    column: str | None
    column_letter: str | None
    value: str | None
    rule: str
    severity: str
    message: str


class RowIssuePage(BaseModel):
    total: int = Field(description="Issues matching the filters, on every page.")
    page: int
    page_size: int
    pages: int
    items: list[RowIssueOut]


class ValidationOut(BaseModel):
    run_id: int
    outcome: str = Field(description="passed | queries | failed | unreadable")
    started_at: datetime
    finished_at: datetime | None
    message: str | None


class EventOut(BaseModel):
    kind: str
    at: datetime
    actor: str


class SubmissionOut(BaseModel):
    id: int
    status: str = Field(
        description="received → validating → validated → loading → loaded, or needs_review; "
        "later superseded or rejected."
    )
    contract: str
    version: str
    agency: str
    period: str | None
    filename: str
    sha256: str
    size_bytes: int
    source: str
    received_at: datetime
    status_changed_at: datetime
    rows_received: int | None
    rows_loaded: int | None
    rows_held: int | None
    error_count: int | None
    query_count: int | None
    supersedes: int | None
    superseded_by: int | None
    validation: ValidationOut | None = Field(description="The latest validation run.")
    rules: list[RuleOut] = Field(description="Every rule of the latest validation run.")
    row_issues: RowIssuePage
    events: list[EventOut] = Field(description="The return's timeline, oldest first.")


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes (written in UTC): answer with the zone either way."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- reading the upload --------------------------------------------------------------------


@dataclass
class _Upload:
    content: bytes | StagedFile  # staged on the landing store's disk as it arrived
    filename: str
    period: str | None
    contract_version: str | None = None

    def discard(self) -> None:
        if isinstance(self.content, StagedFile):
            self.content.discard()


async def _read_upload(request: Request, limit: int) -> _Upload:
    """The uploaded return and its optional period, read with the shared size limit."""
    try:
        form = await read_form(request, limit)
    except UploadProblem as problem:
        if problem.kind == "not_multipart":
            raise ApiError(
                415,
                "unsupported_media_type",
                "Send the return as multipart/form-data, with the file in a field named 'file'.",
            ) from None
        if problem.kind == "too_large":
            raise _too_large(limit) from None
        if problem.kind == "unreadable":
            raise ApiError(
                422,
                "invalid_upload",
                f"The upload is not readable multipart/form-data ({problem.detail}); send one "
                "file in a field named 'file' and, optionally, a field 'period'.",
            ) from None
        raise ApiError(400, "upload_interrupted", "The upload stopped before the end.") from None
    if not form.has_file:
        form.discard()
        raise ApiError(
            422,
            "missing_file",
            "The upload has no file in a field named 'file' (curl: -F file=@return.csv).",
        )
    return _Upload(
        form.content,
        form.filename or "return",
        form.get("period") or None,
        form.get("contract_version") or None,
    )


# --- routes --------------------------------------------------------------------------------


def _receive(
    request: Request, contract_id: str, caller: Caller, upload: _Upload, period: str | None
) -> Receipt:
    return receive(
        request,
        contract_id,
        caller.agency_id,
        upload.content,
        upload.filename,
        source="push",
        period=period,
        submitted_by=caller.actor,
    )


def _record_refusal(
    request: Request, caller: Caller, contract_id: str, filename: str, exc: Exception
) -> None:
    if isinstance(exc, ApiError):
        rule = str(exc.extra.get("rule") or f"upload.{exc.code}")
    elif isinstance(exc, AgencyNotAllowed):
        rule = "agency.not_allowed"
    elif isinstance(exc, UnknownContract):
        rule = "contract.unknown"
    else:
        rule = getattr(exc, "rule", None) or type(exc).__name__
    refuse(
        request,
        contract_id=contract_id,
        agency_id=caller.agency_id,
        filename=filename,
        reason=str(exc),
        rule=rule,
        actor=caller.actor,
        source="push",
    )


@router.post(
    "/returns/{contract}",
    tags=["returns"],
    summary="Deliver a return",
    description="Upload one return file for a contract your agency delivers. The hub keeps "
    "the file and answers at once; validation and loading follow, and `status_url` shows "
    "the outcome. The same bytes delivered again are recognised and load nothing new.",
    status_code=202,
    response_model=ReceiptOut,
    responses={
        200: {"model": ReceiptOut, "description": "These exact bytes were delivered before."},
        **_errors(401, 403, 404, 413, 415, 422, 503),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {
                                "type": "string",
                                "format": "binary",
                                "description": "The return, in the contract's format.",
                            },
                            "contract_version": {
                                "type": "string",
                                "description": "The contract version the file was made "
                                "for, e.g. 1.0.0: a different major version is refused.",
                            },
                            "period": {
                                "type": "string",
                                "description": "The period, if the file does not say: "
                                "2020-04 (month), 2020-Q1 (quarter) or 2020-21 (year).",
                            },
                        },
                    }
                }
            },
        }
    },
)
async def push_return(
    request: Request,
    response: Response,
    contract: Annotated[str, Path(description="Contract id, e.g. la-csc-activity.")],
    caller: Annotated[Caller, Depends(current_caller)],
    enqueue: Annotated[Enqueue, Depends(get_enqueue)],
) -> ReceiptOut:
    filename, upload = "", None
    try:
        feed = get_contract(contract)
        if caller.agency_id not in feed.agencies:
            raise AgencyNotAllowed(
                f"Agency {caller.agency_id!r} does not deliver {contract}; it is delivered by "
                f"{', '.join(feed.agencies)}"
            )
        upload = await _read_upload(request, request.app.state.settings.max_upload_bytes)
        filename = upload.filename
        period = None
        if upload.period:
            try:
                period = parse_period(upload.period, feed.grain).label
            except ValueError as exc:
                raise ApiError(422, "invalid_period", f"period: {exc}") from None
        declared = upload.contract_version
        if declared and declared.split(".")[0] != feed.version.split(".")[0]:
            raise ApiError(
                422,
                "contract_version_mismatch",
                f"{safe_filename(filename)}: the file follows {contract} version "
                f"{declared[:32]}, but the hub checks returns against version {feed.version}; "
                "export it again with the current template [file.contract_version]",
                file=safe_filename(filename),
                rule="file.contract_version",
            )
    except (ApiError, SdhError) as exc:
        # Refused before intake: keep a trace of the attempt all the same.
        if upload is not None:
            upload.discard()
        await run_in_threadpool(_record_refusal, request, caller, contract, filename, exc)
        raise
    assert upload is not None
    try:
        receipt = await run_in_threadpool(_receive, request, contract, caller, upload, period)
    finally:
        upload.discard()  # a no-op once intake kept the file
    if receipt.duplicate:
        response.status_code = 200
    else:
        # Only after the commit: a worker must find the row. If the broker is down the
        # return is still safely received, and the reconciler sends it on later.
        try:
            await run_in_threadpool(enqueue, receipt.submission_id)
        except Exception:
            log.exception(
                "submission %s received but not enqueued; the reconciler will send it",
                receipt.submission_id,
            )
    # From the configured address (SDH_PUBLIC_URL, else SDH_API_URL), never the request's
    # Host header, which the caller chooses: a forged one would send the agency's client,
    # token and all, elsewhere.
    path = request.app.url_path_for("get_submission", submission_id=receipt.submission_id)
    status_url = request.app.state.settings.resolved_public_url + str(path)
    response.headers["Location"] = status_url
    return ReceiptOut(
        submission_id=receipt.submission_id,
        status=receipt.status,
        duplicate=receipt.duplicate,
        status_url=status_url,
    )


def _issue_page(
    session: Session,
    run: ValidationRun | None,
    page: int,
    page_size: int,
    rule: str | None,
    column: str | None,
) -> RowIssuePage:
    found = issue_page(
        session,
        run,
        rule=rule or "",
        column=column or "",
        page_no=page,
        per_page=page_size,
        clamp=False,
        drop_unknown=False,
    )
    return RowIssuePage(
        total=found.total,
        page=page,
        page_size=page_size,
        pages=found.pages,
        items=[
            RowIssueOut(
                row=i.row_number,
                column=i.column_name,
                column_letter=i.column_letter,
                value=i.value,
                rule=i.rule_code,
                severity=i.severity,
                message=i.message,
            )
            for i in found.items
        ],
    )


@router.get(
    "/submissions/{submission_id}",
    name="get_submission",
    tags=["returns"],
    summary="Follow a return",
    description="Status, row accounting (received = loaded + held), the rules of the latest "
    "validation and the row issues, a page at a time, and the return's timeline. A token "
    "sees only its own agency's submissions.",
    response_model=SubmissionOut,
    responses=_errors(401, 404, 422, 503),
)
def get_submission(
    session: Db,
    submission_id: Annotated[int, Path(ge=1, le=MAX_DB_ID)],
    caller: Annotated[Caller, Depends(current_caller)],
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page of row issues, from 1.")] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000, description="Row issues per page.")] = 100,
    rule: Annotated[str | None, Query(max_length=64, description="Only this rule.")] = None,
    column: Annotated[
        str | None, Query(max_length=128, description="Only this column (name or letter).")
    ] = None,
) -> SubmissionOut:
    detail = submission_detail(session, submission_id, issues=0, holds=0)
    sub, run = detail.submission, detail.run
    if sub.agency_id != caller.agency_id:
        # The same answer as for no such submission, so other agencies' ids do not leak.
        raise SubmissionNotFound(f"No submission {submission_id} from agency {caller.agency_id!r}")
    assert sub.id is not None
    return SubmissionOut(
        id=sub.id,
        status=sub.status,
        contract=sub.contract_id,
        version=sub.contract_version,
        agency=sub.agency_id,
        period=sub.period_label,
        filename=sub.filename,
        sha256=sub.sha256,
        size_bytes=sub.size_bytes,
        source=sub.source,
        received_at=_utc(sub.received_at),
        status_changed_at=_utc(sub.status_changed_at),
        rows_received=sub.rows_received,
        rows_loaded=sub.rows_loaded,
        rows_held=sub.rows_held,
        error_count=sub.error_count,
        query_count=sub.query_count,
        supersedes=sub.supersedes_id,
        superseded_by=sub.superseded_by_id,
        validation=ValidationOut(
            run_id=run.id,
            outcome=run.outcome,
            started_at=_utc(run.started_at),
            finished_at=_utc(run.finished_at),
            message=run.message,
        )
        if run and run.id is not None
        else None,
        rules=[
            RuleOut(
                code=r.rule_code,
                severity=r.severity,
                kind=r.kind,
                scope=r.scope,
                columns=[c for c in r.columns.split(",") if c],
                checked=r.checked,
                rows_failed=r.rows_failed,
                message=r.message,
            )
            for r in detail.rules
        ],
        row_issues=_issue_page(session, run, page, page_size, rule, column),
        events=[EventOut(kind=e.kind, at=_utc(e.at), actor=e.actor) for e in detail.timeline],
    )
