"""Signing in and out, and the home address that sends each role to its first page.

A failed sign-in says only that the name or the password is wrong, never which (and
``authenticate`` takes as long either way). After a few failures for one name a short
pause is asked for, which makes guessing slow without locking the real person out for
long.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Annotated

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from workers.accounts import authenticate
from workers.warehouse.db import session_scope
from workers.web.pages.errors import safe_next
from workers.web.pages.guard import POST_CHECKS
from workers.web.pages.render import navigation, page
from workers.web.pages.session import csrf_ok, current_user, sign_in, sign_out

router = APIRouter(include_in_schema=False)

FAILED = "The username or password is not right. Check both and try again."


class Throttle:
    """Failed sign-ins per username in this process: after ``limit`` within ``window``
    seconds, each further try must wait ``pause`` seconds after the last failure."""

    def __init__(self, limit: int = 5, window: float = 900, pause: float = 30) -> None:
        self.limit, self.window, self.pause = limit, window, pause
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_needed(self, name: str) -> float:
        now = time.monotonic()
        with self._lock:
            recent = self._failures.get(name)
            if not recent:
                return 0.0
            while recent and now - recent[0] > self.window:
                recent.popleft()
            if len(recent) < self.limit:
                return 0.0
            return max(0.0, self.pause - (now - recent[-1]))

    def failed(self, name: str) -> None:
        with self._lock:
            self._failures.setdefault(name, deque(maxlen=50)).append(time.monotonic())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


throttle = Throttle()


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
        {"title": "Sign in", "error": error, "username": username, "next": safe_next(next_)},
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
    wait = throttle.wait_needed(name)
    if wait > 0:
        return _form(
            request,
            next,
            username=username,
            status=429,
            error=f"Several sign-ins for this name have failed. Wait {int(wait) + 1} seconds, "
            "then try again.",
        )
    with session_scope(request.app.state.engine) as db:
        user = authenticate(db, name, password)
    if user is None:
        throttle.failed(name)
        return _form(request, next, username=username, status=400, error=FAILED)
    throttle.succeeded(name)
    sign_in(request, user)
    target = safe_next(next) if next else home_for(request)
    return RedirectResponse(target, status_code=303)


@router.post("/sign-out", dependencies=POST_CHECKS)
def sign_out_submit(request: Request) -> Response:
    sign_out(request)
    response = RedirectResponse("/sign-in", status_code=303)
    return response
