"""Pulling a return from an agency's system over HTTP: the work of the ``pull_feed`` actor.

A pull is cheap when nothing changed (a conditional GET answered 304), never records a
file it did not receive whole (size limit, Content-Length, broken streams), and sorts
failures into those worth retrying (timeouts, 5xx: ``TransientSourceError``, so the actor
retries) and those that are not (refused credentials, a missing secret, an oversized
file: ``SourceError``, recorded as a ``pull_failed`` event for the steward).

What the hub last saw of each feed (ETag, Last-Modified, sha256, outcome) is kept in
``FeedState``, one row per contract, agency and period.

Duplicates: a file whose bytes equal the last pulled file for the same feed and period
makes no submission and no event (a daily schedule must not fill the timeline); the pull
returns the earlier submission's ``Receipt`` with ``duplicate=True``, so the actor does
nothing more and ``sdh pull`` can say which submission it matches. Bytes equal to some
other earlier submission (pushed, or pulled for another period) go through intake, which
recognises them by sha256 and also answers ``duplicate=True``.

Secrets come from environment variables named in the contract's ``source`` settings, read
through the settings (``Settings.source_secret``); only those names ever appear in
messages, logs and events, never the values.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from urllib3.exceptions import ProtocolError
from urllib3.util.retry import Retry

from workers.contracts.loader import get_contract, load_contracts
from workers.contracts.model import FeedContract
from workers.errors import AgencyNotAllowed, SdhError, SourceError, TransientSourceError
from workers.periods import parse_period, period_containing
from workers.settings import SOURCE_TOKEN_VARIABLE, agency_variable, get_settings
from workers.sources.intake import Delivery, Receipt, receive_return
from workers.sources.landing import LandingStore, StagedFile, default_store
from workers.warehouse.db import session_scope
from workers.warehouse.events import record_event
from workers.warehouse.models import FeedState, Submission, utcnow

log = logging.getLogger(__name__)

#: Answers worth a quick retry inside the same pull (the actor retries the rest later).
RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: Retries after the first try, for connection errors and RETRY_STATUSES.
TRANSPORT_RETRIES = 3
BACKOFF_FACTOR = 0.25  # 0, 0.5, 1 s between tries (urllib3 skips the first sleep)
BACKOFF_MAX_SECONDS = 2.0
#: A longer Retry-After is cut to this: a worker thread should not sleep for an hour when
#: the actor's own retry with backoff can come back later.
RETRY_AFTER_CAP_SECONDS = 10.0
CHUNK_BYTES = 64 * 1024
USER_AGENT = "safeguarding-data-hub/pull"


@dataclass(frozen=True)
class PullResult:
    """What one pull did. ``status`` is the FeedState vocabulary: new (a submission was
    recorded), same (the bytes were already received), not_modified (304), missing (404).
    ``url`` never carries credentials."""

    contract_id: str
    agency_id: str
    period: str
    url: str
    status: str
    receipt: Receipt | None = None


@dataclass(frozen=True)
class _Feed:
    contract_id: str
    agency_id: str
    period: str
    url: str  # shown form: no user info, no query string

    @property
    def key(self) -> dict[str, Any]:
        return {
            "contract_id": self.contract_id,
            "agency_id": self.agency_id,
            "period_label": self.period,
        }


@dataclass(frozen=True)
class _Seen:
    """The FeedState values a pull needs, read before the request."""

    etag: str | None = None
    last_modified: str | None = None
    last_sha256: str | None = None
    submission_id: int | None = None


# --- configuration -------------------------------------------------------------------------


def base_url_for(agency_id: str) -> str:
    """``SDH_SOURCE_BASE_URL_<AGENCY>`` if set, else ``SDH_SOURCE_BASE_URL``."""
    return get_settings().source_base_url_for(agency_id)


def source_url(contract: FeedContract, agency_id: str, period: str) -> str:
    path = str(contract.source["path"])
    path = path.replace("{agency}", quote(agency_id, safe="")).replace(
        "{period}", quote(period, safe="")
    )
    return f"{base_url_for(agency_id)}/{path.lstrip('/')}"


def shown_url(url: str) -> str:
    """The URL as it may appear in messages and events: no user info, no query string."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def resolve_period(contract: FeedContract, period: str | None, today: date | None = None) -> str:
    """The period asked for, checked against the contract's grain; by default the latest
    complete period before today (the one an agency should have delivered by now)."""
    if period:
        try:
            return parse_period(period, contract.grain).label
        except ValueError as exc:
            raise SourceError(f"{contract.id}: {exc}") from None
    return period_containing(today or date.today(), contract.grain).previous().label


class _Bearer(AuthBase):
    """Bearer token auth whose repr never shows the token."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:
        return "_Bearer(<hidden>)"


def source_auth(contract: FeedContract, agency_id: str) -> tuple[AuthBase | None, list[str]]:
    """The credentials the contract's source asks for, and the names of their variables."""
    source = contract.source
    kind = str(source.get("auth") or "none").lower()
    if kind == "none":
        return None, []
    settings = get_settings()
    if kind == "bearer":
        template = str(source.get("secretEnv") or SOURCE_TOKEN_VARIABLE)
        name = agency_variable(template, agency_id)
        token = settings.source_token(agency_id, template)
        if not token:
            raise SourceError(
                f"{contract.id} for {agency_id}: the source needs a bearer token, but the "
                f"environment variable {name} is not set"
            )
        return _Bearer(token), [name]
    if kind == "basic":
        names = []
        for key in ("usernameEnv", "passwordEnv"):
            named = source.get(key)
            if not named:
                raise SourceError(
                    f"{contract.id}: source auth basic needs customProperties.source.{key}"
                )
            names.append(agency_variable(str(named), agency_id))
        user, password = (settings.source_secret(name) for name in names)
        if user is None or password is None:
            missing = [name for name in names if settings.source_secret(name) is None]
            raise SourceError(
                f"{contract.id} for {agency_id}: the source needs basic auth, but these "
                f"environment variables are not set: {', '.join(missing)}"
            )
        return HTTPBasicAuth(user, password), names
    raise SourceError(
        f"{contract.id}: source auth {source.get('auth')!r} is not supported; use bearer, "
        "basic or none"
    )


def configured_tokens() -> dict[str, str]:
    """Agency → bearer token, from the variables the contracts name and that are set.

    ``sdh simulate`` checks these, so a simulator and a hub started in the same
    environment agree on the tokens.
    """

    settings = get_settings()
    tokens: dict[str, str] = {}
    for contract in load_contracts().values():
        source = contract.source
        if str(source.get("auth") or "").lower() != "bearer":
            continue
        for agency_id in contract.agencies:
            template = str(source.get("secretEnv") or SOURCE_TOKEN_VARIABLE)
            value = settings.source_token(agency_id, template)
            if value:
                tokens[agency_id] = value
    return tokens


# --- HTTP ----------------------------------------------------------------------------------


class _CappedRetry(Retry):
    """urllib3's Retry, with Retry-After honoured only up to RETRY_AFTER_CAP_SECONDS."""

    def get_retry_after(self, response: Any) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, RETRY_AFTER_CAP_SECONDS)


def transport_retry() -> Retry:
    """Quick retries for what usually passes in a second (a refused connection while a
    server restarts, a 502 from its proxy). Read timeouts are not retried here: waiting
    again in the same thread is the actor's job, with a real backoff."""
    return _CappedRetry(
        total=TRANSPORT_RETRIES,
        connect=TRANSPORT_RETRIES,
        read=False,
        status=TRANSPORT_RETRIES,
        other=0,
        backoff_factor=BACKOFF_FACTOR,
        backoff_max=BACKOFF_MAX_SECONDS,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
        respect_retry_after_header=True,
    )


_local = threading.local()


def http_session(base_url: str, agency_id: str) -> requests.Session:
    """One ``requests.Session`` per source, kept for the life of the process so connections
    are reused. Kept per thread as well: ``requests.Session`` is not documented as safe to
    share between threads, and the actor runs on several. Credentials are not stored on
    the session but sent with each request, so a rotated secret takes effect at once."""
    sessions: dict[tuple[str, str], requests.Session] = _local.__dict__.setdefault("sessions", {})
    key = (base_url, agency_id)
    session = sessions.get(key)
    if session is None:
        session = requests.Session()
        adapter = HTTPAdapter(max_retries=transport_retry())
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers["User-Agent"] = USER_AGENT
        sessions[key] = session
    return session


def close_sessions() -> None:
    """Close this thread's cached sessions (tests, and the CLI when it is done)."""
    sessions: dict = _local.__dict__.get("sessions", {})
    for session in sessions.values():
        session.close()
    sessions.clear()


def _cause(exc: BaseException) -> str:
    """The innermost reason of a requests/urllib3 error, without its URL (which could
    carry a token in a query string): e.g. ``Connection refused``."""
    current: BaseException = exc
    for _ in range(8):
        nxt = getattr(current, "reason", None)
        if not isinstance(nxt, BaseException):
            first = current.args[0] if current.args else None
            nxt = first if isinstance(first, BaseException) else current.__cause__
        if nxt is None or nxt is current:
            break
        current = nxt
    if isinstance(current, OSError) and current.strerror:
        return current.strerror
    return type(current).__name__


def read_body(response: requests.Response, limit: int, url: str, store: LandingStore) -> StagedFile:
    """The whole body, written to the landing store's disk as it arrives (a file of any
    size costs no more memory than a small one), or an error: over ``limit`` bytes is a
    SourceError (the same file would be refused again); a short or broken body is a
    TransientSourceError. Nothing of a refused body is left on disk."""
    declared: int | None = None
    header = response.headers.get("Content-Length")
    if header is not None and header.strip().isdigit():
        declared = int(header)
        if declared > limit:
            raise SourceError(
                f"{url}: the file is {declared:,} bytes; the limit is {limit:,} "
                "(SDH_MAX_UPLOAD_BYTES)"
            )
    body = store.stage()
    try:
        _receive(response, body, limit, url)
        body.close()
        encoding = response.headers.get("Content-Encoding", "").strip().lower()
        if declared is not None and encoding in ("", "identity") and body.size != declared:
            raise TransientSourceError(
                f"{url}: received {body.size:,} of the {declared:,} bytes announced; the file "
                "is incomplete"
            )
    except BaseException:
        body.discard()
        raise
    return body


def _receive(response: requests.Response, body: StagedFile, limit: int, url: str) -> None:
    try:
        for chunk in response.iter_content(CHUNK_BYTES):
            body.write(chunk)
            if body.size > limit:
                raise SourceError(
                    f"{url}: the file is over the limit of {limit:,} bytes (SDH_MAX_UPLOAD_BYTES)"
                )
    except (requests.exceptions.ChunkedEncodingError, ProtocolError):
        raise TransientSourceError(
            f"{url}: the connection broke after {body.size:,} bytes; the file is incomplete"
        ) from None
    except requests.exceptions.ContentDecodingError:
        raise TransientSourceError(f"{url}: the compressed body is incomplete or corrupt") from None
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise TransientSourceError(
            f"{url}: the download stopped after {body.size:,} bytes ({_cause(exc)})"
        ) from None


# --- the pull ------------------------------------------------------------------------------


def pull_return(contract_id: str, agency_id: str, period: str | None = None) -> Receipt | None:
    """Pull one return; a Receipt when a file was received (``duplicate=True`` when its
    bytes were already received), None when there was nothing new (304) or no file (404).
    """
    return pull(contract_id, agency_id, period).receipt


def pull(contract_id: str, agency_id: str, period: str | None = None) -> PullResult:
    """Pull one return and say what happened (see :class:`PullResult`)."""
    contract = get_contract(contract_id)
    if agency_id not in contract.agencies:
        raise AgencyNotAllowed(
            f"Agency {agency_id!r} does not deliver {contract_id}; it is delivered by "
            f"{', '.join(contract.agencies)}"
        )
    if not contract.source.get("path"):
        raise SourceError(f"{contract_id} is not pulled: its contract has no source path")
    label = resolve_period(contract, period)
    url = source_url(contract, agency_id, label)
    feed = _Feed(contract_id, agency_id, label, shown_url(url))
    try:
        auth, secret_names = source_auth(contract, agency_id)
        return _pull(feed, url, auth, secret_names)
    except TransientSourceError as exc:
        log.info("pull %s/%s %s failed, may pass: %s", contract_id, agency_id, label, exc)
        _record_failure(feed, exc, permanent=False)
        raise
    except SdhError as exc:
        log.info("pull %s/%s %s failed: %s", contract_id, agency_id, label, exc)
        _record_failure(feed, exc, permanent=True)
        raise


def _pull(feed: _Feed, url: str, auth: AuthBase | None, secret_names: list[str]) -> PullResult:
    settings = get_settings()
    seen = _read_state(feed)
    headers = {}
    if seen.etag:
        headers["If-None-Match"] = seen.etag
    if seen.last_modified:
        headers["If-Modified-Since"] = seen.last_modified
    timeout = settings.pull_timeout_seconds
    session = http_session(base_url_for(feed.agency_id), feed.agency_id)
    try:
        response = session.get(
            url, headers=headers, auth=auth, timeout=(timeout, timeout), stream=True
        )
    except requests.Timeout:
        raise TransientSourceError(f"{feed.url}: no answer within {timeout:g} s") from None
    except (requests.ConnectionError, requests.exceptions.RetryError) as exc:
        raise TransientSourceError(f"{feed.url}: cannot connect ({_cause(exc)})") from None
    except requests.RequestException as exc:
        raise SourceError(f"{feed.url}: the request failed ({_cause(exc)})") from None

    with response:
        status = response.status_code
        if status == 304 and headers:
            _write_state(feed, "not_modified")
            return PullResult(*_fields(feed), "not_modified", None)
        if status == 404:
            _write_state(feed, "missing")
            return PullResult(*_fields(feed), "missing", None)
        if status in (401, 403):
            hint = (
                f"check {' and '.join(secret_names)}"
                if secret_names
                else "the contract's source sets no auth"
            )
            raise SourceError(
                f"{feed.url}: the agency's system refused the request (HTTP {status}); {hint}"
            )
        if status in RETRY_STATUSES or status >= 500:
            retried = " after retries" if status in RETRY_STATUSES else ""
            raise TransientSourceError(
                f"{feed.url}: the agency's system answered HTTP {status}{retried}"
            )
        if status != 200:
            raise SourceError(f"{feed.url}: unexpected answer HTTP {status}")
        body = read_body(response, settings.max_upload_bytes, feed.url, default_store())
        etag = _validator(response.headers.get("ETag"), 255)
        last_modified = _validator(response.headers.get("Last-Modified"), 64)
    try:
        return _take_in(feed, body, url, etag, last_modified, seen)
    finally:
        body.discard()  # what intake did not keep (nothing, once it is under its hash)


def _validator(value: str | None, max_length: int) -> str | None:
    """A validator too long for its FeedState column is dropped, not cut: a cut ETag would
    never match, and the sha256 check still catches an unchanged file."""
    return value if value and len(value) <= max_length else None


def _fields(feed: _Feed) -> tuple[str, str, str, str]:
    return feed.contract_id, feed.agency_id, feed.period, feed.url


def _take_in(
    feed: _Feed,
    body: StagedFile,
    url: str,
    etag: str | None,
    last_modified: str | None,
    seen: _Seen,
) -> PullResult:
    """Record the file as a submission unless it is the one pulled last time.

    Intake commits the submission before FeedState is written; a crash in between leaves
    the old ETag, so the next pull downloads the file again, intake recognises its sha256,
    and the reconciler sends the received submission on.
    """
    sha = body.sha256
    meta: dict[str, Any] = {"etag": etag, "last_modified": last_modified, "last_sha256": sha}
    if seen.last_sha256 == sha and seen.submission_id is not None:
        with session_scope() as session:
            earlier = session.get(Submission, seen.submission_id)
            earlier_status = earlier.status if earlier is not None else None
        if earlier_status is not None:
            _write_state(feed, "same", **meta)
            return PullResult(
                *_fields(feed), "same", Receipt(seen.submission_id, True, earlier_status)
            )

    settings = get_settings()
    filename = urlsplit(url).path.rsplit("/", 1)[-1] or f"{feed.period}.csv"
    with session_scope() as session:
        receipt = receive_return(
            session,
            default_store(),
            Delivery(
                feed.contract_id, feed.agency_id, body, filename, source="pull", period=feed.period
            ),
            max_bytes=settings.max_upload_bytes,
        )
    status = "same" if receipt.duplicate else "new"

    def pulled(session: Session) -> None:
        record_event(
            session,
            "pulled",
            receipt.submission_id,
            "pull",
            contract=feed.contract_id,
            agency=feed.agency_id,
            period=feed.period,
            url=feed.url,
            bytes=body.size,
            sha256=sha,
            duplicate=receipt.duplicate,
        )

    _write_state(feed, status, also=pulled, submission_id=receipt.submission_id, **meta)
    log.info(
        "pulled %s/%s %s: submission %s%s",
        feed.contract_id,
        feed.agency_id,
        feed.period,
        receipt.submission_id,
        " (already received)" if receipt.duplicate else "",
    )
    return PullResult(*_fields(feed), status, receipt)


# --- feed state ----------------------------------------------------------------------------


def _read_state(feed: _Feed) -> _Seen:
    with session_scope() as session:
        state = session.get(FeedState, feed.key)
        if state is None:
            return _Seen()
        return _Seen(state.etag, state.last_modified, state.last_sha256, state.submission_id)


def _write_state(
    feed: _Feed,
    status: str,
    *,
    also: Callable[[Session], None] | None = None,
    last_error: str | None = None,
    **fields: Any,
) -> None:
    """Upsert the feed's state (and whatever ``also`` adds) in one transaction.

    Two workers pulling the same new feed at once may both try to insert its row; the
    loser's insert fails on the primary key and is retried once as an update.
    """
    for attempt in (1, 2):
        with session_scope() as session:
            state = session.get(FeedState, feed.key) or FeedState(**feed.key)
            state.last_status = status
            state.last_error = last_error
            state.last_checked_at = utcnow()
            for name, value in fields.items():
                setattr(state, name, value)
            session.add(state)
            if also is not None:
                also(session)
            try:
                session.commit()
                return
            except IntegrityError:
                session.rollback()
                if attempt == 2:
                    raise


def _record_failure(feed: _Feed, exc: SdhError, *, permanent: bool) -> None:
    """FeedState says the last pull failed and why; a permanent failure is also an event.

    A transient one is not: the actor retries it, and once retries are spent the runtime
    records ``step_failed`` itself. The stored ETag and sha256 are kept.
    """

    def event(session: Session) -> None:
        record_event(
            session,
            "pull_failed",
            None,
            "pull",
            contract=feed.contract_id,
            agency=feed.agency_id,
            period=feed.period,
            url=feed.url,
            reason=str(exc),
        )

    try:
        _write_state(feed, "failed", last_error=str(exc), also=event if permanent else None)
    except Exception:  # the database may be what failed; the pull's own error matters more
        log.exception("could not record the failed pull of %s/%s", feed.contract_id, feed.agency_id)
