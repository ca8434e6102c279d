"""Rebuild packs in the background when the warehouse changes, once per burst of loads.

Every ``warehouse_changed`` marks the quarter(s) it affects in ``pack_build`` (the row
with ``pack = ""``: ``requested_at`` = now) and sends ``build_quarter_packs`` with a delay.
When that message arrives, the build runs only if no newer request came in within the
debounce window; otherwise the message sends itself again for the rest of the window.
A year's returns loaded in a minute thus cause one rebuild per quarter, not one per file.

The database holds the state, so duplicate or late messages are harmless: a message for
a quarter already built since its last request does nothing, and two workers racing for
the same quarter are settled by a conditional update (only one claims the build).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import CursorResult, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from workers.packs.quality import aware
from workers.packs.rota import next_quarter
from workers.periods import parse_period, period_containing
from workers.settings import get_settings
from workers.warehouse.db import session_scope
from workers.warehouse.models import PackBuild

log = logging.getLogger(__name__)


def _debounce() -> float:
    """Quiet time after the last change before a quarter's packs are rebuilt."""

    return get_settings().pack_debounce_seconds


#: A change also refreshes the next quarters' packs that were already built: their
#: five-quarter series shows the changed quarter.
SERIES_AFTER = 4
QUARTER_ROW = ""  # pack_build.pack of the row that stands for the whole quarter
#: One build at a time in a process. Charts are drawn one at a time anyway (matplotlib's
#: settings are process-wide), so a second build would gain nothing; and builds of
#: several quarters at once once held every worker thread, leaving none to validate or
#: load the returns still arriving (a pushed return waited 40 s). A quarter that finds
#: the process busy is sent again after ``BUSY_RETRY_SECONDS``, without holding a thread.
_BUILDING = threading.Lock()
BUSY_RETRY_SECONDS = 2.0


def _now() -> datetime:
    return datetime.now(UTC)


def affected_quarters(period: str | None) -> list[str]:
    """The quarter(s) a period's figures belong to: a month's quarter, the quarter itself,
    or a year's four quarters. Unreadable or absent periods affect none."""
    if not period:
        return []
    try:
        p = parse_period(period)
    except ValueError:
        log.warning("warehouse changed for %r, which is not a period; no packs marked", period)
        return []
    if p.grain == "year":
        return [f"{p.label[:4]}-Q{q}" for q in (1, 2, 3, 4)]
    return [period_containing(p.start, "quarter").label]


def _later_built(session: Session, quarters: list[str]) -> list[str]:
    """Quarters after these whose packs were already built and still show them."""
    later = {
        next_quarter(q, ahead) for q in quarters for ahead in range(1, SERIES_AFTER + 1)
    } - set(quarters)
    if not later:
        return []
    rows = session.exec(
        select(PackBuild.quarter).where(
            col(PackBuild.quarter).in_(sorted(later)),
            PackBuild.pack == QUARTER_ROW,
            col(PackBuild.built_at).is_not(None),
        )
    ).all()
    return sorted(rows)


def request_rebuild(session: Session, quarters: list[str]) -> None:
    """Mark the quarters as changed now (in the caller's transaction).

    An upsert, not read-then-insert: two workers loading returns of the same new quarter
    at once would otherwise both insert its row, and one would fail on the key."""
    now = _now()
    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):  # pragma: no cover - the hub runs on these two
        raise NotImplementedError(dialect)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for quarter in quarters:
        statement = insert(PackBuild).values(quarter=quarter, pack=QUARTER_ROW, requested_at=now)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["quarter", "pack"], set_={"requested_at": now}
            )
        )


def _send(quarter: str, delay_seconds: float) -> None:
    from workers.runtime.actors import build_quarter_packs

    build_quarter_packs.send_with_options(args=(quarter,), delay=max(1, int(delay_seconds * 1000)))


def on_warehouse_changed(
    contract_id: str, period: str | None, session: Session | None = None
) -> list[str]:
    """Mark the affected quarters and send their (delayed) rebuild; returns the quarters.

    Commits before sending, so the message always finds the request it answers; given a
    session, the request is made and committed in its transaction."""

    quarters = affected_quarters(period)
    if not quarters:
        return []
    if session is None:
        with session_scope() as own:
            return on_warehouse_changed(contract_id, period, own)
    quarters = _mark_and_send(session, quarters)
    log.info("%s %s changed: packs of %s to rebuild", contract_id, period, ", ".join(quarters))
    return quarters


def _mark_and_send(
    session: Session, quarters: list[str], *, best_effort: bool = False
) -> list[str]:
    """Mark the quarters (and the later ones already built that show them), commit, and
    send their delayed rebuilds unless packs are built by hand. ``best_effort`` (a person
    storing commentary) keeps the mark when the broker cannot be reached, for the next
    build of the quarter, rather than fail; an actor lets the failure through to be
    retried."""
    quarters = sorted({*quarters, *_later_built(session, quarters)})
    request_rebuild(session, quarters)
    session.commit()

    if not get_settings().packs_auto_build:
        return quarters  # marked: the next `sdh packs build` sees them
    for quarter in quarters:
        try:
            _send(quarter, _debounce())
        except Exception:
            if not best_effort:
                raise
            log.exception("packs of %s marked for a rebuild but not sent", quarter)
    return quarters


def on_commentary_stored(quarter: str, session: Session) -> list[str]:
    """Commentary came back for ``quarter``: its consolidated pack counts it and shows its
    escalations, and the next review's pack shows it as "what you wrote last time"."""
    quarters = _mark_and_send(session, [quarter], best_effort=True)
    log.info("commentary stored for %s: packs of %s to rebuild", quarter, ", ".join(quarters))
    return quarters


def run_pending_build(
    quarter: str,
    debounce: float | None = None,
    build: Callable[[str], object] | None = None,
) -> str:
    """Build the quarter's packs if it is quiet: ``built``, ``waiting`` (sent again for the
    rest of the window) or ``nothing`` (built already, or another worker is on it).

    ``build`` is ``build_packs`` unless a test gives another."""
    debounce = _debounce() if debounce is None else debounce
    if not _BUILDING.acquire(blocking=False):
        _send(quarter, BUSY_RETRY_SECONDS)
        return "waiting"
    try:
        return _build_if_quiet(quarter, debounce, build)
    finally:
        _BUILDING.release()


def _build_if_quiet(quarter: str, debounce: float, build: Callable[[str], object] | None) -> str:

    with session_scope() as session:
        row = session.get(PackBuild, (quarter, QUARTER_ROW))
        if row is None or row.requested_at is None:
            return "nothing"
        requested, built = aware(row.requested_at), aware(row.built_at)
        assert requested is not None
        if built is not None and built >= requested:
            return "nothing"
        quiet = (_now() - requested).total_seconds()
        if quiet < debounce:
            _send(quarter, debounce - quiet)
            return "waiting"
        started = _now()
        result = session.execute(
            update(PackBuild)
            .where(
                col(PackBuild.quarter) == quarter,
                col(PackBuild.pack) == QUARTER_ROW,
                col(PackBuild.requested_at) == row.requested_at,
                col(PackBuild.built_at).is_(None)
                if row.built_at is None
                else col(PackBuild.built_at) == row.built_at,
            )
            .values(built_at=started)
        )
        assert isinstance(result, CursorResult)  # an UPDATE's
        claimed = result.rowcount
        session.commit()
    if claimed != 1:
        return "nothing"
    try:
        if build is None:
            from workers.packs.build import build_packs

            build_packs(quarter)
        else:
            build(quarter)
    except BaseException:
        _release(quarter, started, row.built_at)
        raise
    _follow_up(quarter, started, debounce)
    return "built"


def _release(quarter: str, started: datetime, previous: datetime | None) -> None:
    """A failed build gives its claim back, so the retry (or the next change) builds."""

    with session_scope() as session:
        session.execute(
            update(PackBuild)
            .where(
                col(PackBuild.quarter) == quarter,
                col(PackBuild.pack) == QUARTER_ROW,
                col(PackBuild.built_at) == started,
            )
            .values(built_at=previous)
        )
        session.commit()


def _follow_up(quarter: str, started: datetime, debounce: float) -> None:
    """A change that arrived while the build ran gets a build of its own."""

    with session_scope() as session:
        row = session.get(PackBuild, (quarter, QUARTER_ROW))
        requested = aware(row.requested_at) if row else None
    if requested is not None and requested > started:
        _send(quarter, debounce)
