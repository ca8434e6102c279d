"""Sign-in sessions kept in the database, so that ending one really ends it.

A signed cookie alone cannot be withdrawn: a copy taken before sign-out, or before an
account was disabled and enabled again, would still work. Here the cookie carries only a
random token and the ``web_session`` row found by its sha256 decides: a session is alive
while its row is not ended, the account is enabled, it has been used within the idle limit
and is younger than the longest sign-in. Ending is final (a row is never revived), and it
happens at sign-out, when the account is disabled or its password changes, and when an
administrator revokes it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from workers.warehouse.events import record_event
from workers.warehouse.models import User, WebSession, as_utc, utcnow

#: How often a busy session's last use is written (not on every request).
TOUCH_EVERY = timedelta(seconds=60)
#: Ended or expired sessions are kept this long for ``sdh users sessions --all``.
KEEP_ENDED = timedelta(days=30)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Limits:
    idle: timedelta
    longest: timedelta


@dataclass
class Alive:
    """A live session and its account, as one request needs them."""

    session: WebSession
    user: User


def start_session(db: Session, user: User, *, address: str = "", user_agent: str = "") -> str:
    """A new session for ``user``; returns the token for the cookie (never stored)."""
    assert user.id is not None
    token = secrets.token_urlsafe(32)
    db.add(
        WebSession(
            token_sha256=_hash(token),
            user_id=user.id,
            address=address[:64],
            user_agent=user_agent[:200],
        )
    )
    db.commit()
    return token


def find_session(db: Session, token: str, limits: Limits) -> Alive | None:
    """The live session the token names, or None (unknown, ended, idle or too old, or
    its account disabled). A session found dead for age is ended on the way."""
    if not token or len(token) > 100:
        return None
    found = db.exec(
        select(WebSession, User)
        .join(User, col(User.id) == WebSession.user_id)
        .where(WebSession.token_sha256 == _hash(token))
    ).first()
    if found is None:
        return None
    record, user = found
    if record.ended_at is not None or user.disabled:
        return None
    now = utcnow()
    if now - as_utc(record.created_at) > limits.longest:
        _end(db, record, "expired")
        return None
    if now - as_utc(record.last_seen_at) > limits.idle:
        _end(db, record, "idle")
        return None
    if now - as_utc(record.last_seen_at) > TOUCH_EVERY:
        record.last_seen_at = now
        db.add(record)
        db.commit()
    return Alive(record, user)


def _end(db: Session, record: WebSession, reason: str) -> None:
    record.ended_at = utcnow()
    record.ended_reason = reason
    db.add(record)
    db.commit()


def end_session(db: Session, token: str, reason: str = "signed_out") -> None:
    """End the session the token names (sign-out); an unknown token changes nothing."""
    db.exec(
        update(WebSession)
        .where(col(WebSession.token_sha256) == _hash(token), col(WebSession.ended_at).is_(None))
        .values(ended_at=utcnow(), ended_reason=reason)
    )
    db.commit()


def end_user_sessions(
    db: Session, user: User, reason: str, *, actor: str = "system", commit: bool = True
) -> int:
    """End every live session of ``user``; recorded as an event when there were any."""
    result = db.exec(
        update(WebSession)
        .where(col(WebSession.user_id) == user.id, col(WebSession.ended_at).is_(None))
        .values(ended_at=utcnow(), ended_reason=reason[:32])
    )
    ended = int(result.rowcount or 0)
    if ended:
        record_event(
            db, "sessions_ended", None, actor, username=user.username, reason=reason, count=ended
        )
    if commit:
        db.commit()
    return ended


def end_one_session(db: Session, user: User, session_id: int, *, actor: str) -> bool:
    """End one of ``user``'s sessions by its number (from ``sdh users sessions``)."""
    record = db.get(WebSession, session_id)
    if record is None or record.user_id != user.id or record.ended_at is not None:
        return False
    record.ended_at, record.ended_reason = utcnow(), "revoked"
    db.add(record)
    record_event(
        db, "sessions_ended", None, actor, username=user.username, reason="revoked", count=1
    )
    db.commit()
    return True


def list_sessions(
    db: Session, user: User | None = None, *, include_ended: bool = False
) -> list[tuple[WebSession, str]]:
    """Sessions (with their username), newest first; live ones only unless asked."""
    query = select(WebSession, User.username).join(User, col(User.id) == WebSession.user_id)
    if user is not None:
        query = query.where(WebSession.user_id == user.id)
    if not include_ended:
        query = query.where(col(WebSession.ended_at).is_(None))
    return [(s, name) for s, name in db.exec(query.order_by(col(WebSession.id).desc()))]


def forget_old_sessions(db: Session, limits: Limits) -> int:
    """Delete sessions ended (or past their longest life) more than ``KEEP_ENDED`` ago."""
    cutoff = utcnow() - KEEP_ENDED
    result = db.exec(
        delete(WebSession).where(
            (col(WebSession.ended_at) < cutoff)
            | (col(WebSession.created_at) < cutoff - limits.longest)
        )
    )
    db.commit()
    return int(result.rowcount or 0)


# --- messages shown once -------------------------------------------------------------------


def add_flash(db: Session, record: WebSession, kind: str, text: str) -> None:
    messages = json.loads(record.flash or "[]")
    messages.append([kind, text[:600]])
    record.flash = json.dumps(messages[-3:])
    db.add(record)
    db.commit()


def take_flash(db: Session, record: WebSession) -> list[tuple[str, str]]:
    if not record.flash:
        return []
    messages = json.loads(record.flash)
    record.flash = ""
    db.add(record)
    db.commit()
    return [(str(k), str(t)) for k, t in messages]
