"""Agency API tokens: issue, verify, revoke, list.

Only a token's sha256 is stored, so a copy of the database (a backup, a support dump)
cannot be used to push returns; the token itself is shown once, when it is created. A
short readable prefix (``sdh_`` and 8 characters) is kept beside the hash, so people can
tell tokens apart in lists and logs without ever seeing a secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from workers.errors import SdhError
from workers.warehouse.events import record_event
from workers.warehouse.models import Agency, ApiToken, utcnow

TOKEN_PREFIX = "sdh_"
PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
#: Recording every use would turn each status poll into a write; once a minute is enough
#: to answer "is this token still in use?".
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(SdhError):
    """A token cannot be issued or revoked as asked."""


class UnknownAgency(TokenError):
    """No agency with that id in the catalogue."""


class TokenNotFound(TokenError):
    """No token with that id or prefix."""


@dataclass(frozen=True)
class IssuedToken:
    """A newly created token: ``secret`` exists only here, never in the database."""

    id: int
    agency_id: str
    name: str
    prefix: str
    secret: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def create_token(
    session: Session, agency_id: str, name: str, *, created_by: str = "admin"
) -> IssuedToken:
    """Issue a token for an agency and record who did it (the event never holds the token)."""
    name = name.strip()
    if not name:
        raise TokenError("Give the token a name that says what uses it, e.g. 'nightly export'")
    if len(name) > 128:
        raise TokenError("A token name can be at most 128 characters")
    if session.get(Agency, agency_id) is None:
        known = sorted(a.id for a in session.exec(select(Agency)))
        raise UnknownAgency(f"No agency {agency_id!r}; agencies: {', '.join(known)}")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        agency_id=agency_id,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_sha256=hash_token(secret),
        created_by=created_by[:128],
    )
    session.add(token)
    session.flush()
    record_event(
        session,
        "token_created",
        None,
        created_by,
        token_id=token.id,
        agency=agency_id,
        name=name,
        prefix=token.prefix,
    )
    session.commit()
    assert token.id is not None
    return IssuedToken(token.id, agency_id, name, token.prefix, secret)


def verify_token(session: Session, presented: str | None) -> ApiToken | None:
    """The live token matching ``presented``, or None (unknown, malformed or revoked).

    The lookup is by hash, so the database index does the search and never sees the token;
    the final comparison is constant-time all the same.
    """
    if not presented or not presented.startswith(TOKEN_PREFIX) or len(presented) > 256:
        return None
    digest = hash_token(presented)
    token = session.exec(select(ApiToken).where(ApiToken.token_sha256 == digest)).first()
    if token is None or not hmac.compare_digest(token.token_sha256, digest):
        return None
    if token.revoked_at is not None:
        return None
    return token


def mark_used(session: Session, token: ApiToken) -> bool:
    """Note that the token was used (at most once a minute); the caller commits."""
    now = utcnow()
    if token.last_used_at and now - _aware(token.last_used_at) < LAST_USED_RESOLUTION:
        return False
    token.last_used_at = now
    session.add(token)
    return True


def find_token(session: Session, id_or_prefix: str) -> ApiToken:
    """A token by its id (``12``) or its printed prefix (``sdh_AbC123xy``)."""
    if id_or_prefix.isdigit():
        token = session.get(ApiToken, int(id_or_prefix))
    else:
        token = session.exec(select(ApiToken).where(ApiToken.prefix == id_or_prefix)).first()
    if token is None:
        raise TokenNotFound(f"No API token {id_or_prefix!r}; `sdh tokens list` shows them")
    return token


def revoke_token(session: Session, id_or_prefix: str | int, *, actor: str = "admin") -> ApiToken:
    """Revoke a token at once; revoking one already revoked changes nothing."""
    token = find_token(session, str(id_or_prefix))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.add(token)
        record_event(
            session,
            "token_revoked",
            None,
            actor,
            token_id=token.id,
            agency=token.agency_id,
            name=token.name,
            prefix=token.prefix,
        )
        session.commit()
    return token


def list_tokens(session: Session, agency_id: str | None = None) -> list[ApiToken]:
    """Every token (no secrets exist to show), oldest first."""
    query = select(ApiToken).order_by(col(ApiToken.id))
    if agency_id:
        query = query.where(ApiToken.agency_id == agency_id)
    return list(session.exec(query))
