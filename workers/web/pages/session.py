"""The signed session cookie, who is signed in, CSRF tokens and one-off messages.

The session lives in a cookie signed with ``SDH_SECRET_KEY`` (itsdangerous): nothing is
stored on the server, so any web process can answer any request. The cookie is HttpOnly
and SameSite=Lax, and Secure when the request came over https (or always/never, as
``SDH_SESSION_COOKIE_SECURE`` says). Because a signed cookie cannot be withdrawn, every
request reloads the account: a disabled account or a changed password ends its sessions
at once, and a session ends after ``SDH_SESSION_IDLE_MINUTES`` unused or
``SDH_SESSION_MAX_HOURS`` in all.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workers.accounts.roles import Role
from workers.warehouse.db import session_scope
from workers.warehouse.models import User
from workers.web.pages.config import WebConfig

COOKIE = "sdh_session"
#: A form field the browser sends back with every POST (see ``check_csrf``).
CSRF_FIELD = "csrf_token"


class SessionCookieMiddleware:
    """Puts the session dict in ``scope["session"]`` and writes it back as a signed cookie.

    Written rather than Starlette's ``SessionMiddleware`` only to decide the Secure flag per
    request (http on a laptop, https behind the proxy) instead of once at start-up.
    """

    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        self.app = app
        self.config = config
        self.serializer = URLSafeTimedSerializer(config.secret_key, salt="sdh.web.session")

    def _load(self, raw: str | None) -> dict[str, Any]:
        if not raw:
            return {}
        try:
            data = self.serializer.loads(raw, max_age=self.config.idle_seconds)
        except BadSignature:  # tampered, made with another key, or idle too long
            return {}
        return data if isinstance(data, dict) else {}

    def _secure(self, scope: Scope) -> bool:
        if self.config.cookie_secure is not None:
            return self.config.cookie_secure
        return scope.get("scheme") in ("https", "wss")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = HTTPConnection(scope).cookies.get(COOKIE)
        scope["session"] = self._load(raw)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                session = scope["session"]
                flags = "; Path=/; HttpOnly; SameSite=Lax"
                if self._secure(scope):
                    flags += "; Secure"
                headers = MutableHeaders(scope=message)
                if session:  # signed afresh each time: the idle limit slides with use
                    value = self.serializer.dumps(session)
                    headers.append(
                        "Set-Cookie", f"{COOKIE}={value}; Max-Age={self.config.idle_seconds}{flags}"
                    )
                elif raw:
                    headers.append("Set-Cookie", f"{COOKIE}=; Max-Age=0{flags}")
            await send(message)

        await self.app(scope, receive, send_with_cookie)


# --- who is signed in --------------------------------------------------------------------


@dataclass(frozen=True)
class SignedIn:
    """The signed-in person as the pages need them (a ``Person`` for ``can``/``require``)."""

    id: int
    username: str
    display_name: str
    role: str
    agency_id: str | None
    disabled: bool = False

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def _stamp(user: User) -> str:
    """Changes when the password does, so a new password ends the sessions made before."""
    return "" if user.password_changed_at is None else user.password_changed_at.isoformat()


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for ``user`` (new CSRF token, nothing kept from before)."""
    assert user.id is not None
    request.session.clear()
    request.session.update(
        uid=user.id, stamp=_stamp(user), at=int(time.time()), csrf=secrets.token_urlsafe(32)
    )
    request.state.user = _signed_in(user)


def sign_out(request: Request) -> None:
    request.session.clear()
    request.state.user = None


def _signed_in(user: User) -> SignedIn:
    assert user.id is not None
    return SignedIn(user.id, user.username, user.display_name, user.role, user.agency_id)


def current_user(request: Request) -> SignedIn | None:
    """The person signed in, read from the database on each request; None otherwise."""
    if hasattr(request.state, "user"):  # already read for this request
        return request.state.user
    signed: SignedIn | None = None
    session = request.session
    uid = session.get("uid")
    if isinstance(uid, int):
        config: WebConfig = request.app.state.web_config
        fresh = time.time() - float(session.get("at", 0)) < config.max_seconds
        with session_scope(request.app.state.engine) as db:
            user = db.get(User, uid)
        if (
            user is not None
            and fresh
            and not user.disabled
            and session.get("stamp") == _stamp(user)
        ):
            signed = _signed_in(user)
        else:
            session.clear()
    request.state.user = signed
    return signed


# --- CSRF and flash messages -------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use (the sign-in form needs one too)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_ok(request: Request, presented: object) -> bool:
    """True when the form carried this session's token (compared in constant time)."""
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not expected or not isinstance(presented, str):
        return False
    return hmac.compare_digest(expected.encode(), presented.encode())


def flash(request: Request, text: str, kind: str = "success") -> None:
    """A message shown once, on the next page (after the redirect that follows a POST)."""
    messages = list(request.session.get("flash", []))
    messages.append([kind, text[:600]])
    request.session["flash"] = messages[-3:]


def take_flashes(request: Request) -> list[tuple[str, str]]:
    messages = request.session.pop("flash", [])
    return [(str(k), str(t)) for k, t in messages]
