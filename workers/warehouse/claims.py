"""Claiming a step of a submission, so that two workers never do the same step at once.

A claim is a conditional UPDATE of the status (``received → validating``), committed
before the work starts: exactly one of two concurrent workers changes the row. A claim
older than its time limit is stale (its worker died) and may be taken over.

On PostgreSQL a claim is also a lease: while the step runs, its worker holds a session
advisory lock on a connection of its own. A worker killed mid-step (SIGKILL, OOM, a lost
machine) drops that connection and PostgreSQL frees the lock at once, so the next message
or reconciler tick for the submission takes the step over in seconds instead of waiting
out the time limit. Without the lease a redelivered message found the dead worker's claim
"taken", did nothing, and the return sat in ``loading`` for ``step_time_limit_seconds``.

The lease connections are pooled per process: a new connection per claim (two a return)
made PostgreSQL start a backend for each (docs/performance.md, "Where a return's CPU
goes"). A lease is given back by unlocking; a connection whose unlock cannot be
confirmed is closed instead, so no lock ever goes back into the pool.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import and_, event, or_, select, text, update
from sqlalchemy.engine import Connection, CursorResult, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, create_engine

from workers.warehouse.events import record_event
from workers.warehouse.lifecycle import check_claim, check_move
from workers.warehouse.models import Submission, utcnow

#: The lock is per database; the schema is part of its key, so two hubs sharing a
#: database in separate schemas (as the tests do) never see each other's leases.
_LOCK_KEY = "hashtext('sdh.claim:' || current_schema()), :id"

_lease_engines: dict[str, Engine] = {}
_lease_engines_lock = threading.Lock()


def holders_are_detectable(engine: Engine | Connection) -> bool:
    """Whether a dead claim holder is noticed at once (PostgreSQL) rather than only after
    the time limit (SQLite, where the embedded runtime has a single process anyway)."""
    return engine.dialect.name == "postgresql"


def _lease_engine(engine: Engine | Connection) -> Engine:
    """A small pool of connections kept for leases, apart from the session's pool.

    Not pre-pinged (a lease is taken twice a return): a connection found dead when the
    lock is asked for is thrown away and the lock asked for once more on a new one."""
    main = engine.engine  # an Engine or a Connection
    url = main.url.render_as_string(hide_password=False)
    if not event.contains(main, "engine_disposed", _dispose_leases_of):
        # Disposing the engine (a forked worker, the end of a test) closes its leases' too.
        event.listen(main, "engine_disposed", _dispose_leases_of)
    with _lease_engines_lock:
        lease_engine = _lease_engines.get(url)
        if lease_engine is None:
            lease_engine = create_engine(
                url,
                pool_size=LEASE_POOL_SIZE,
                max_overflow=LEASE_POOL_OVERFLOW,
                isolation_level="AUTOCOMMIT",
            )
            event.listen(lease_engine, "checkin", _unlock_on_checkin)
            _lease_engines[url] = lease_engine
        return lease_engine


#: Leases a process keeps connections open for (one per worker thread is the usual need;
#: more are opened and closed again when needed).
LEASE_POOL_SIZE = 4
LEASE_POOL_OVERFLOW = 16


def _unlock_on_checkin(dbapi_connection, connection_record) -> None:
    """No connection goes back into the pool holding a lease, whichever way it is returned
    (``release``, an error, a connection dropped without release): the lock is freed here,
    and a connection that cannot confirm it is closed, which frees it too."""
    if dbapi_connection is None:  # already invalidated: closing it freed the lock
        return
    try:
        cur = dbapi_connection.cursor()
        try:
            cur.execute("SELECT pg_advisory_unlock_all()")
        finally:
            cur.close()
    except Exception:
        connection_record.invalidate()


def _dispose_leases_of(engine: Engine) -> None:
    with _lease_engines_lock:
        lease_engine = _lease_engines.pop(engine.url.render_as_string(hide_password=False), None)
    if lease_engine is not None:
        lease_engine.dispose()


def dispose_lease_engines() -> None:
    """Close the pooled lease connections (a forked worker must not share its parent's)."""
    with _lease_engines_lock:
        for lease_engine in _lease_engines.values():
            lease_engine.dispose(close=False)
        _lease_engines.clear()


class _Lease:
    """A session advisory lock on the submission, on a connection held for the step."""

    def __init__(self, conn: Connection, submission_id: int) -> None:
        self.conn = conn
        self.submission_id = submission_id

    @classmethod
    def take(cls, session: Session, submission_id: int) -> _Lease | None:
        """The lease, or None when a live worker holds it."""
        for attempt in (1, 2):
            conn = _lease_engine(session.get_bind()).connect()
            try:
                taken = conn.execute(
                    text(f"SELECT pg_try_advisory_lock({_LOCK_KEY})"), {"id": submission_id}
                ).scalar()
            except DBAPIError as exc:
                conn.close()
                # A pooled connection gone stale (PostgreSQL restarted): once more on a new one.
                if attempt == 1 and exc.connection_invalidated:
                    continue
                raise
            except BaseException:
                conn.close()
                raise
            break
        if not taken:
            conn.close()
            return None
        return cls(conn, submission_id)

    def release(self, *_: object) -> None:
        """Back to the pool, the lock freed on the way (``_unlock_on_checkin``)."""
        if not self.conn.closed:
            self.conn.close()

    def hold_until_step_ends(self, session: Session) -> None:
        """The step ends with the session's next commit: its result, or ``release`` putting
        the status back. Not at a rollback: ``release`` rolls back first, and a lease freed
        before the status is put back would let another worker start the step and then see
        its claim undone. If even ``release`` fails, the lease's connection is unlocked when
        it goes back to its pool (or closed with the process), which frees the lock."""
        event.listen(session, "after_commit", self.release, once=True)


def claim(
    session: Session,
    submission_id: int,
    from_statuses: tuple[str, ...],
    claim_status: str,
    *,
    stale_after_seconds: float,
    actor: str = "system",
) -> bool:
    """Move the submission into ``claim_status`` if it is in one of ``from_statuses`` (or holds
    a stale claim); True when this caller now owns the step. A claim the lifecycle's table
    does not allow raises ``InvalidTransition`` before anything is asked of the database."""
    check_claim(from_statuses, claim_status)
    lease: _Lease | None = None
    if holders_are_detectable(session.get_bind()):
        lease = _Lease.take(session, submission_id)
        if lease is None:  # a live worker is doing a step of this submission
            _await_holder_claim(session, submission_id, from_statuses)
            return False
    now = utcnow()
    cutoff = now - timedelta(seconds=stale_after_seconds)
    # Holding the lease proves whoever claimed the step before is gone.
    status = col(Submission.status)
    stale = (
        status == claim_status
        if lease is not None
        else and_(status == claim_status, col(Submission.status_changed_at) <= cutoff)
    )
    try:
        # RETURNING the row refreshes the caller's Submission in the same round trip: the
        # step reads it next, and would otherwise select it again.
        claimed = (
            session.execute(
                update(Submission)
                .where(col(Submission.id) == submission_id)
                .where(or_(status.in_(from_statuses), stale))
                .values(status=claim_status, status_changed_at=now)
                .returning(Submission),
                execution_options={"populate_existing": True, "synchronize_session": False},
            )
            .scalars()
            .all()
        )
        if len(claimed) != 1:
            session.rollback()
            if lease is not None:
                lease.release()
            return False
        record_event(session, f"{claim_status}_started", submission_id, actor)
        session.commit()
    except BaseException:
        if lease is not None:
            lease.release()
        raise
    if lease is not None:
        lease.hold_until_step_ends(session)
    return True


def _await_holder_claim(
    session: Session, submission_id: int, from_statuses: tuple[str, ...], timeout: float = 5.0
) -> None:
    """A worker that has just taken the lease commits its claim a moment later; wait for
    that, so that the caller reads the step as taken, not as one it may not start."""
    deadline = time.monotonic() + timeout
    while True:
        status = session.execute(
            select(col(Submission.status)).where(col(Submission.id) == submission_id)
        ).scalar()
        session.rollback()
        if status not in from_statuses or time.monotonic() > deadline:
            return
        time.sleep(0.05)


def release(session: Session, submission_id: int, claim_status: str, back_to: str) -> None:
    """Give a claim back after a failed attempt, so a retry can take it at once."""
    check_move(claim_status, back_to, submission_id)
    session.rollback()
    result = cast(
        "CursorResult[Any]",
        session.execute(
            update(Submission)
            .where(col(Submission.id) == submission_id, col(Submission.status) == claim_status)
            .values(status=back_to, status_changed_at=utcnow())
        ),
    )
    if result.rowcount == 1:  # every change of a submission is in its timeline
        record_event(
            session,
            f"{claim_status}_released",
            submission_id,
            status_from=claim_status,
            status_to=back_to,
        )
    session.commit()
