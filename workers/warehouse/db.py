"""Engines and sessions, and bringing a database up to the current schema.

Engines are created lazily per process and URL (never at import), so worker processes
forked later each get their own connection pool.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine, select

from workers.warehouse import init_state, models

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def get_engine(url: str | None = None) -> Engine:
    if url is None:
        from workers.settings import get_settings

        settings = get_settings()
        url = settings.resolved_database_url
        if url.startswith("sqlite"):
            settings.data_dir.mkdir(parents=True, exist_ok=True)
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                engine = create_engine(url, connect_args={"check_same_thread": False})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True)
            _engines[url] = engine
        return engine


def dispose_engines() -> None:
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        yield session


def _view_files(sql_dir: Path) -> list[Path]:
    return sorted((sql_dir / "views").glob("*.sql"))


def create_views(engine: Engine, sql_dir: Path) -> None:
    """(Re)create the reporting views; each file holds one CREATE VIEW named after it."""
    files = _view_files(sql_dir)
    with engine.begin() as conn:
        for path in reversed(files):
            name = path.stem.split("_", 1)[1]
            conn.execute(text(f"DROP VIEW IF EXISTS {name}"))
        for path in files:
            conn.execute(text(path.read_text(encoding="utf-8")))


def create_functions(engine: Engine, sql_dir: Path) -> None:
    """PostgreSQL helper functions for the fast path's set-based rules."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        # Two processes starting at once must not race on CREATE OR REPLACE.
        conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
        for path in sorted((sql_dir / "functions").glob("*.sql")):
            # Not text(): the bodies hold ':00' inside regular expressions.
            conn.exec_driver_sql(path.read_text(encoding="utf-8"))


#: The event log is the audit trail (design rule 4): the database itself refuses to change
#: or remove a row of it, whoever asks, so not even a bug or a hand-typed UPDATE can
#: rewrite history. Only dropping the table (a schema change) gets past it.
APPEND_ONLY_MESSAGE = "the event log is append-only"
_PG_APPEND_ONLY = [
    f"""
    CREATE OR REPLACE FUNCTION sdh_event_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING
            MESSAGE = '{APPEND_ONLY_MESSAGE}: ' || TG_OP || ' refused',
            ERRCODE = 'restrict_violation';
    END
    $$
    """,
    "CREATE OR REPLACE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
    "FOR EACH ROW EXECUTE FUNCTION sdh_event_append_only()",
    "CREATE OR REPLACE TRIGGER event_no_truncate BEFORE TRUNCATE ON event "
    "FOR EACH STATEMENT EXECUTE FUNCTION sdh_event_append_only()",
]
_SQLITE_APPEND_ONLY = [
    f"CREATE TRIGGER IF NOT EXISTS event_no_{verb.lower()} BEFORE {verb} ON event "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}: {verb} refused'); END"
    for verb in ("UPDATE", "DELETE")
]


def protect_event_log(engine: Engine) -> None:
    """Triggers that make the event table append-only (SQLite has no TRUNCATE)."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(4242002)"))
            for statement in _PG_APPEND_ONLY:
                conn.exec_driver_sql(statement)
        elif engine.dialect.name == "sqlite":
            for statement in _SQLITE_APPEND_ONLY:
                conn.exec_driver_sql(statement)


def sync_reference_data(session: Session, contracts_dir: Path) -> None:
    """Copy agencies, areas, measures and population releases from the catalogue files
    into their tables."""
    from workers.contracts.catalogue import read_catalogue

    cat = read_catalogue(contracts_dir)
    for agency in cat.agencies:
        session.merge(models.Agency(id=agency.id, name=agency.name, kind=agency.kind))
    for area in cat.areas:
        session.merge(
            models.Area(code=area.code, name=area.name, kind=area.kind, parent=area.parent)
        )
    session.flush()
    from workers.populations.releases import sync_catalogue_releases

    sync_catalogue_releases(session, cat.populations)
    for m in cat.measures:
        session.merge(
            models.Measure(
                id=m.id,
                label=m.label,
                unit=m.unit,
                aggregation=m.aggregation,
                polarity=m.polarity,
                precision=m.precision,
                numerator=m.numerator,
                denominator=m.denominator,
                scale=m.scale,
            )
        )
    session.commit()


def setup_fingerprint(contracts_dir: Path, sql_dir: Path) -> str:
    """The hash of everything :func:`init_db` builds a database from (see ``init_state``)."""
    return init_state.fingerprint(SQLModel.metadata, contracts_dir, sql_dir, code=(Path(__file__),))


def add_shared_partition(engine: Engine) -> None:
    """The default partition of ``child_event_fact`` that small returns share
    (``workers.warehouse.partitions``), made here once rather than by racing loads."""
    if engine.dialect.name != "postgresql":
        return
    from workers.warehouse.partitions import ensure_shared, is_partitioned

    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(4242004)"))
        with conn.connection.driver_connection.cursor() as cur:
            if is_partitioned(cur):
                ensure_shared(cur)


def init_db(engine: Engine | None = None, *, force: bool = False) -> Engine:
    """Create tables and views and load the reference data; safe to run again.

    When the database was last set up from exactly the current schema, SQL, catalogue and
    contract files (its stored fingerprint says so), there is nothing to do and this costs
    one query: every ``sdh ingest`` and service start calls it. ``force`` does the whole
    set-up regardless (``sdh init``, to repair a database changed by hand).
    """
    from workers.settings import get_settings

    settings = get_settings()
    engine = engine or get_engine()
    current = setup_fingerprint(settings.contracts_dir, settings.sql_dir)
    if not force and init_state.stored(engine) == current:
        return engine
    SQLModel.metadata.create_all(engine)
    protect_event_log(engine)
    add_shared_partition(engine)
    create_functions(engine, settings.sql_dir)
    create_views(engine, settings.sql_dir)
    with session_scope(engine) as session:
        sync_reference_data(session, settings.contracts_dir)
    init_state.store(engine, current)
    return engine


def is_initialised(engine: Engine) -> bool:
    try:
        with session_scope(engine) as session:
            session.exec(select(models.Agency).limit(1)).first()
        return True
    except Exception:
        return False
