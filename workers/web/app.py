"""The FastAPI application: ``create_app()`` builds it from the settings.

Every answer that is not a success has the same shape, ``{"error": {"code", "message"}}``,
worded for the data officer reading it; no request ever ends in a traceback sent to the
caller (the traceback goes to the server log, with a reference quoted in the answer).

Run it with ``sdh serve`` (uvicorn, factory ``workers.web.app:create_app``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from workers.errors import (
    AgencyNotAllowed,
    ContractError,
    InvalidTransition,
    ReturnFileError,
    SdhError,
    SubmissionNotFound,
    UnknownContract,
)
from workers.settings import Settings, get_settings
from workers.sources.landing import LandingStore
from workers.warehouse.db import get_engine, init_db
from workers.web.api import ApiError, router

if TYPE_CHECKING:
    from dramatiq.broker import Broker

log = logging.getLogger(__name__)

#: Most specific first: the first class an error is an instance of decides the answer.
SDH_ERRORS: list[tuple[type[SdhError], int, str]] = [
    (ReturnFileError, 422, "return_file_error"),
    (AgencyNotAllowed, 403, "agency_not_allowed"),
    (UnknownContract, 404, "unknown_contract"),
    (SubmissionNotFound, 404, "submission_not_found"),
    (InvalidTransition, 409, "invalid_transition"),
    # A contract file the hub cannot read is the hub's fault, not the caller's.
    (ContractError, 500, "contract_error"),
    (SdhError, 400, "bad_request"),
]


class Health(BaseModel):
    status: str


def error_response(
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, **extra}}, status_code=status, headers=headers
    )


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers, **exc.extra)


async def _sdh_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SdhError)
    status, code = next((s, c) for cls, s, c in SDH_ERRORS if isinstance(exc, cls))
    extra: dict[str, Any] = {}
    if isinstance(exc, ReturnFileError):
        extra = {
            "file": exc.filename,
            "row": exc.row,
            "column": exc.column,
            "column_letter": exc.letter,
            "rule": exc.rule,
        }
    if status >= 500:
        log.error("%s: %s", type(exc).__name__, exc)
    return error_response(status, code, str(exc), **extra)


async def _invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        where = " ".join(str(p) for p in err.get("loc", ()))
        problems.append(f"{where}: {err.get('msg', 'invalid')}")
    return error_response(422, "invalid_request", "; ".join(problems) or "Invalid request")


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        message = f"Nothing at {request.method} {request.url.path}; the API is described at /docs"
        return error_response(404, "not_found", message, exc.headers)
    if exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(405, "method_not_allowed", message, exc.headers)
    return error_response(exc.status_code, "http_error", str(exc.detail), exc.headers)


async def _database_down(_request: Request, exc: Exception) -> JSONResponse:
    log.error("database unavailable: %s", exc)
    return error_response(
        503,
        "database_unavailable",
        "The hub cannot reach its database just now; nothing was recorded. Try again in a minute.",
        {"Retry-After": "30"},
    )


async def _unusable_value(_request: Request, exc: Exception) -> JSONResponse:
    """A value from the request the database refuses to compare or store (a NUL byte in a
    filter, a number past its integer range): the caller's input, not the hub's fault."""
    log.warning("request value refused by the database: %s", type(exc.__cause__ or exc).__name__)
    return error_response(
        422,
        "invalid_value",
        "A value in the request cannot be used (for example it holds a NUL byte or a number "
        "too large); correct it and try again.",
    )


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    reference = uuid.uuid4().hex[:12]
    log.error("unexpected error (reference %s)", reference, exc_info=exc)
    return error_response(
        500,
        "internal_error",
        f"The hub hit an internal fault handling this request (reference {reference}). "
        "Its operators can find the details in the log by that reference.",
        reference=reference,
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app, bound to the database and landing store the settings name."""
    settings = settings or get_settings()
    engine = get_engine(settings.resolved_database_url)
    if settings.resolved_database_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(init_db, engine)
        yield

    app = FastAPI(
        title="Safeguarding Data Hub",
        version="1",
        summary="Agencies push their data returns; the hub validates and loads them.",
        description="Authenticate with your agency's API token: "
        "`Authorization: Bearer sdh_…`. Push a return to `/api/v1/returns/{contract}`, "
        "then follow the `status_url` it answers with.",
        openapi_tags=[
            {"name": "returns", "description": "Deliver returns and follow them."},
            {"name": "operations", "description": "For the people running the hub."},
        ],
        lifespan=lifespan,
        # Served by workers.web.docs: self-hosted, and only to the API's users.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.store = LandingStore(settings.landing_dir)
    app.include_router(router)

    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(SdhError, _sdh_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(DataError, _unusable_value)
    app.add_exception_handler(Exception, _unexpected)
    from workers.web.pages import register as register_pages

    register_pages(app)
    from workers.web.docs import register as register_docs

    register_docs(app, settings.api_docs)

    @app.get(
        "/healthz",
        tags=["operations"],
        summary="Liveness check",
        description="200 while the process answers; it touches nothing else, so a database "
        "outage does not get the web app restarted. Readiness is /readyz.",
        response_model=Health,
    )
    def healthz() -> Health:
        return Health(status="ok")

    from workers.observability.endpoints import register as register_operations

    register_operations(app, engine, settings, _broker)

    return app


def _broker() -> Broker:
    """The process's broker, set up when ``/metrics`` first asks for the queue depths."""
    from workers.runtime import actors

    return actors.broker
