"""Which failures are worth retrying: the network and the database, not a bad return."""

from __future__ import annotations

from workers.errors import SdhError, TransientSourceError

MAX_RETRIES = 5


def is_transient(exc: BaseException) -> bool:
    """A fault that may pass by itself: connection refused, timeout, database restarting."""
    import requests
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(exc, TransientSourceError):
        return True
    if isinstance(exc, SdhError):
        return False  # an invalid return or a wrong request: retrying changes nothing
    if isinstance(exc, requests.ConnectionError | requests.Timeout):
        return True
    if isinstance(exc, OperationalError):
        return True
    # The fast path talks to psycopg directly (COPY), so a restart of PostgreSQL can reach
    # the actor as psycopg's own error, not wrapped by SQLAlchemy.
    import psycopg

    if isinstance(exc, psycopg.OperationalError):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, ConnectionError | TimeoutError)


def retry_transient(retries: int, exc: BaseException) -> bool:
    """dramatiq ``retry_when``: retry transient faults a few times, never the rest."""
    return retries < MAX_RETRIES and is_transient(exc)
