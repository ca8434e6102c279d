"""The session cookie, who is signed in, CSRF tokens and one-off messages.

The cookie carries only a random session id, signed with ``SDH_SECRET_KEY``
(itsdangerous); the session itself is a ``web_session`` row (``workers.accounts.sessions``),
so any web process can answer any request and ending a session (sign-out, a disabled
account, a new password, ``sdh users revoke``) ends it for every copy of the cookie. A
visitor not signed in gets an id with no row, only to tie the sign-in form's CSRF token
to the browser. The cookie is HttpOnly and SameSite=Lax, and Secure when the request came
over https (or always/never, as ``SDH_SESSION_COOKIE_SECURE`` says). A session ends after
``SDH_SESSION_IDLE_MINUTES`` unused or ``SDH_SESSION_MAX_HOURS`` in all.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workers.accounts import sessions
from workers.accounts.roles import Role
from workers.warehouse.db import session_scope
from workers.warehouse.models import User, WebSession
from workers.web.pages.config import WebConfig

COOKIE = "sdh_session"
#: A form field the browser sends back with every POST (see ``check_csrf``).
CSRF_FIELD = "csrf_token"
#: The session dict's keys: a signed-in session's id, or a visitor's id (no row).
SIGNED, VISITOR = "sid", "visitor"


def cookie_flags(config: WebConfig, scope: Scope, path: str = "/") -> str:
    """HttpOnly, SameSite=Lax, and Secure over https (or as the setting says)."""
    flags = f"; Path={path}; HttpOnly; SameSite=Lax"
    secure = config.cookie_secure
    if secure is None:
        secure = scope.get("scheme") in ("https", "wss")
    return flags + ("; Secure" if secure else "")


class SessionCookieMiddleware:
    """Puts ``{"sid": …}`` (or a visitor's id) in ``scope["session"]`` from the signed
    cookie, and writes the cookie back when the id changed (sign-in, sign-out, a new
    visitor) or was found dead.

    Written rather than Starlette's ``SessionMiddleware`` because the cookie holds an id,
    not the session, and to decide the Secure flag per request (http on a laptop, https
    behind the proxy) instead of once at start-up.
    """

    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        self.app = app
        self.config = config
        self.serializer = URLSafeTimedSerializer(config.secret_key, salt="sdh.web.session")

    def _load(self, raw: str | None) -> dict[str, Any]:
        if not raw:
            return {}
        try:
            data = self.serializer.loads(raw, max_age=self.config.max_seconds)
        except BadSignature:  # tampered, made with another key, or too old
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if k in (SIGNED, VISITOR) and isinstance(v, str)}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = HTTPConnection(scope).cookies.get(COOKIE)
        loaded = self._load(raw)
        scope["session"] = dict(loaded)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                session = scope["session"]
                flags = cookie_flags(self.config, scope)
                headers = MutableHeaders(scope=message)
                if session and session != loaded:
                    value = self.serializer.dumps(dict(session))
                    age = f"; Max-Age={self.config.max_seconds}" if SIGNED in session else ""
                    headers.append("Set-Cookie", f"{COOKIE}={value}{age}{flags}")
                elif raw and not session:
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


def _limits(request: Request) -> sessions.Limits:
    config: WebConfig = request.app.state.web_config
    return sessions.Limits(
        idle=timedelta(seconds=config.idle_seconds), longest=timedelta(seconds=config.max_seconds)
    )


def client_address(request: Request) -> str:
    """The client's address as the server saw it (behind a proxy: run uvicorn with
    ``--proxy-headers`` and ``--forwarded-allow-ips`` so this is the real client)."""
    return request.client.host if request.client else ""


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for ``user``: a new id (so a session id planted before the
    sign-in is worth nothing), a new CSRF token, nothing kept from before."""
    with session_scope(request.app.state.engine) as db:
        token = sessions.start_session(
            db,
            user,
            address=client_address(request),
            user_agent=request.headers.get("user-agent", ""),
        )
        sessions.forget_old_sessions(db, _limits(request))  # the table does not grow
    request.session.clear()
    request.session[SIGNED] = token
    request.state.user = _signed_in(user)
    request.state.web_session = None


def sign_out(request: Request) -> None:
    """End this session in the database (every copy of the cookie dies with it)."""
    token = request.session.get(SIGNED)
    if token:
        with session_scope(request.app.state.engine) as db:
            sessions.end_session(db, token)
    request.session.clear()
    request.state.user = None
    request.state.web_session = None


def _signed_in(user: User) -> SignedIn:
    assert user.id is not None
    return SignedIn(user.id, user.username, user.display_name, user.role, user.agency_id)


def current_user(request: Request) -> SignedIn | None:
    """The person signed in, read from the database on each request; None otherwise."""
    if hasattr(request.state, "user"):  # already read for this request
        return request.state.user
    signed: SignedIn | None = None
    record: WebSession | None = None
    token = request.session.get(SIGNED)
    if token:
        with session_scope(request.app.state.engine) as db:
            alive = sessions.find_session(db, token, _limits(request))
        if alive is not None:
            signed, record = _signed_in(alive.user), alive.session
        else:
            request.session.clear()
    request.state.user = signed
    request.state.web_session = record
    return signed


# --- CSRF and flash messages -------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """This session's CSRF token: a keyed hash of the session's id, so nothing more is
    kept; a visitor not signed in gets an id on first use (the sign-in form needs one)."""
    key = request.session.get(SIGNED) or request.session.get(VISITOR)
    if not key:
        key = request.session[VISITOR] = secrets.token_urlsafe(32)
    secret = request.app.state.web_config.secret_key.encode()
    return hmac.new(secret, f"csrf:{key}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(request: Request, presented: object) -> bool:
    """True when the form carried this session's token (compared in constant time)."""
    if not (request.session.get(SIGNED) or request.session.get(VISITOR)):
        return False
    if not isinstance(presented, str):
        return False
    return hmac.compare_digest(csrf_token(request).encode(), presented.encode())


def flash(request: Request, text: str, kind: str = "success") -> None:
    """A message shown once, on the next page (after the redirect that follows a POST);
    kept with the session in the database."""
    current_user(request)
    record = getattr(request.state, "web_session", None)
    if record is not None:
        with session_scope(request.app.state.engine) as db:
            sessions.add_flash(db, record, kind, text)


def take_flashes(request: Request) -> list[tuple[str, str]]:
    current_user(request)
    record = getattr(request.state, "web_session", None)
    if record is None or not record.flash:
        return []
    with session_scope(request.app.state.engine) as db:
        return sessions.take_flash(db, record)
