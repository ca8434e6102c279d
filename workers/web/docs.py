"""The API's documentation: the OpenAPI document and its Swagger UI page, served by the hub
itself to the people and agencies that use the API, and to nobody else.

FastAPI's own ``/docs`` loads Swagger UI's scripts from a public CDN and answers anyone.
Here its scripts come from the ``fastapi-offline`` package's copy (served under
``/docs/assets``), ``/docs`` needs a sign-in (anyone else goes to the sign-in page),
and ``/openapi.json`` needs a sign-in or a valid agency token (anyone else gets 401).
``SDH_API_DOCS=false`` turns both off (404), for a deployment that publishes its API
description some other way.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles

from workers.web.database import Db
from workers.web.tokens import verify_token

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS_URL = "/docs/assets"


def _has_token(request: Request, db: Session) -> bool:
    scheme, _, credential = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        return False
    return verify_token(db, credential.strip()) is not None


def register(app: FastAPI, enabled: bool) -> None:
    """Add ``/docs`` and ``/openapi.json`` (the app must be made with ``docs_url``,
    ``redoc_url`` and ``openapi_url`` set to None); nothing when ``enabled`` is false."""
    if not enabled:
        return
    from workers.web.pages.errors import SignInRequired
    from workers.web.pages.session import current_user

    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="api-docs-assets")

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_document(request: Request, db: Db) -> Response:
        if current_user(request) is None and not _has_token(request, db):
            return JSONResponse(
                {
                    "error": {
                        "code": "missing_token",
                        "message": "The API description is for the hub's users: sign in, "
                        "or send your agency's API token as 'Authorization: Bearer sdh_…'.",
                    }
                },
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    def swagger_page(request: Request) -> HTMLResponse:
        if current_user(request) is None:
            raise SignInRequired
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{app.title}: API",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
        )
        page.headers["Content-Security-Policy"] = _policy(bytes(page.body).decode())
        page.headers["Cache-Control"] = "no-store"
        return page


def _policy(html: str) -> str:
    """Scripts from this hub only: its own files, and the page's one inline script by its
    hash (so the browser itself refuses any other, from a CDN or injected)."""
    inline = [m for m in re.findall(r"<script>(.*?)</script>", html, flags=re.S)]
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in inline
    )
    return (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
