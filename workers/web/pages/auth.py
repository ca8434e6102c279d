"""Signing in and out, and the home address that sends each role to its first page.

A failed sign-in says only that the name or the password is wrong, never which (and
``authenticate`` takes as long either way). Failures are counted per account and per
client address in the database (``workers.accounts.throttle``): past a few, a try must
wait, except from a browser that has signed in to that account before (it carries a
signed "known browser" cookie), so guessing is slow and the real person still gets in.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from workers.accounts import authenticate
from workers.accounts.errors import HashingBusy
from workers.accounts.throttle import Attempt, Throttle
from workers.warehouse.db import session_scope
from workers.web.pages.errors import safe_next
from workers.web.pages.guard import POST_CHECKS
from workers.web.pages.render import navigation, page
from workers.web.pages.session import (
    client_address,
    cookie_flags,
    csrf_ok,
    current_user,
    sign_in,
    sign_out,
)

router = APIRouter(include_in_schema=False)

FAILED = "The username or password is not right. Check both and try again."
#: The known-browser cookie: this browser's id and the accounts it has signed in to.
BROWSER_COOKIE = "sdh_browser"
BROWSER_DAYS = 400
#: Accounts remembered per browser (a shared office computer has a few).
BROWSER_ACCOUNTS = 5


def _browser_serializer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.web_config.secret_key, salt="sdh.web.browser")


def _known_browser(request: Request) -> tuple[str | None, list[str]]:
    """This browser's id and the account tags it has signed in to (none when absent)."""
    raw = request.cookies.get(BROWSER_COOKIE)
    if not raw:
        return None, []
    try:
        data = _browser_serializer(request).loads(raw)
    except BadSignature:
        return None, []
    if not isinstance(data, dict) or not isinstance(data.get("b"), str):
        return None, []
    accounts = [a for a in data.get("a", []) if isinstance(a, str)]
    return data["b"], accounts[:BROWSER_ACCOUNTS]


def _remember_browser(request: Request, response: Response, throttle: Throttle, name: str) -> None:
    browser, accounts = _known_browser(request)
    browser = browser or secrets.token_urlsafe(18)
    tag = throttle.tag("account", name)
    accounts = [tag, *[a for a in accounts if a != tag]][:BROWSER_ACCOUNTS]
    value = _browser_serializer(request).dumps({"b": browser, "a": accounts})
    flags = cookie_flags(request.app.state.web_config, request.scope, "/sign-in")
    response.headers.append(
        "Set-Cookie", f"{BROWSER_COOKIE}={value}; Max-Age={BROWSER_DAYS * 86400}{flags}"
    )


def _attempt(request: Request, throttle: Throttle, name: str) -> Attempt:
    browser, accounts = _known_browser(request)
    known = browser if browser and throttle.tag("account", name) in accounts else None
    return Attempt(name, client_address(request), known)


def home_for(request: Request) -> str:
    links = navigation(request)
    return links[0][0] if links else "/sign-in"


@router.get("/")
def home(request: Request) -> Response:
    """Each role's first page; the sign-in page for anyone not signed in."""
    if current_user(request) is None:
        return RedirectResponse("/sign-in", status_code=303)
    return RedirectResponse(home_for(request), status_code=303)


def _form(request: Request, next_: str, *, error: str = "", username: str = "", status: int = 200):
    return page(
        request,
        "sign_in.html",
        {
            "title": "Error: Sign in" if error else "Sign in",
            "error": error,
            "username": username,
            "next": safe_next(next_),
        },
        status=status,
    )


@router.get("/sign-in")
def sign_in_page(request: Request, next: str = "") -> Response:
    if current_user(request) is not None:
        return RedirectResponse(safe_next(next) if next else home_for(request), status_code=303)
    return _form(request, next)


@router.post("/sign-in")
def sign_in_submit(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    name = username.strip().lower()[:200]
    if not csrf_ok(request, csrf_token):
        return _form(
            request,
            next,
            username=username,
            status=403,
            error="The sign-in form had expired. It has been reloaded: please sign in again.",
        )
    if not name or not password:
        return _form(
            request, next, username=username, status=400, error="Enter your username and password."
        )
    throttle: Throttle = request.app.state.signin_throttle
    attempt = _attempt(request, throttle, name)
    engine = request.app.state.engine
    with session_scope(engine) as db:
        wait = throttle.wait_needed(db, attempt)
    if wait > 0:
        return _form(
            request,
            next,
            username=username,
            status=429,
            error=f"Several sign-ins have failed. Wait {int(wait) + 1} seconds, then try "
            "again (from a browser you have signed in with before, you need not wait).",
        )
    try:
        with session_scope(engine) as db:
            user = authenticate(db, name, password)
    except HashingBusy as exc:
        return _form(request, next, username=username, status=503, error=str(exc))
    with session_scope(engine) as db:
        if user is None:
            throttle.failed(db, attempt)
        else:
            throttle.succeeded(db, attempt)
    if user is None:
        return _form(request, next, username=username, status=400, error=FAILED)
    sign_in(request, user)
    target = safe_next(next) if next else home_for(request)
    response = RedirectResponse(target, status_code=303)
    _remember_browser(request, response, throttle, name)
    return response


@router.post("/sign-out", dependencies=POST_CHECKS)
def sign_out_submit(request: Request) -> Response:
    sign_out(request)
    response = RedirectResponse("/sign-in", status_code=303)
    return response
