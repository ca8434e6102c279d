"""Engines and sessions, and bringing a database up to the current schema (``init_db``).

Engines are created lazily per process and URL (never at import), so worker processes
forked later each get their own connection pool.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, create_engine

from workers.contracts.catalogue import read_catalogue
from workers.warehouse import init_state, migrate, models
from workers.warehouse.populations import sync_catalogue_releases

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


def _view_names(sql_dir: Path) -> list[str]:
    """The views the hub makes, in the order they are made (each file holds one CREATE
    VIEW, named after the file without its number)."""
    return [path.stem.split("_", 1)[1] for path in sorted((sql_dir / "views").glob("*.sql"))]


def drop_views(conn: Connection, sql_dir: Path) -> None:
    """Drop the reporting views, the later ones (which may read the earlier) first."""
    for name in reversed(_view_names(sql_dir)):
        conn.execute(text(f"DROP VIEW IF EXISTS {name}"))


def create_views(conn: Connection, sql_dir: Path) -> None:
    """(Re)create the reporting views from ``sql/views``."""
    drop_views(conn, sql_dir)
    for path in sorted((sql_dir / "views").glob("*.sql")):
        conn.execute(text(path.read_text(encoding="utf-8")))


#: What the event log's triggers (made by the baseline revision) say when they refuse to
#: change or remove a row: the log is the audit trail (design rule 4), so the database
#: itself refuses, whoever asks.
APPEND_ONLY_MESSAGE = "the event log is append-only"


def sync_reference_data(session: Session, contracts_dir: Path) -> None:
    """Copy agencies, areas, measures and population releases from the catalogue files
    into their tables."""

    cat = read_catalogue(contracts_dir)
    for agency in cat.agencies:
        session.merge(models.Agency(id=agency.id, name=agency.name, kind=agency.kind))
    for area in cat.areas:
        session.merge(
            models.Area(code=area.code, name=area.name, kind=area.kind, parent=area.parent)
        )
    session.flush()

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
                authoritative_contract=m.authority.authoritative if m.authority else None,
            )
        )
    session.commit()


def setup_fingerprint(contracts_dir: Path, sql_dir: Path) -> str:
    """The hash of everything :func:`init_db` builds a database from (see ``init_state``)."""
    code = (Path(__file__), *migrate.revision_files())
    return init_state.fingerprint(SQLModel.metadata, contracts_dir, sql_dir, code=code)


def init_db(engine: Engine | None = None, *, force: bool = False) -> Engine:
    """Bring the database to this release's schema and load the reference data; safe to
    run again.

    The schema comes from the migrations (``upgrade head``, see ``migrate``); the views
    and functions under ``sql/`` are made again from their files after it, in the same
    transaction, so the files stay the one definition a person reads. When the database
    was last set up from exactly the current revisions, SQL, catalogue and contract files
    (its stored fingerprint says so), there is nothing to do and this costs one query:
    every ``sdh ingest`` and service start calls it. ``force`` does the whole set-up
    regardless (``sdh init``, to repair a database changed by hand).
    """
    from workers.settings import get_settings

    settings = get_settings()
    engine = engine or get_engine()
    current = setup_fingerprint(settings.contracts_dir, settings.sql_dir)
    if not force and init_state.stored(engine) == current:
        return engine
    # One transaction, under the set-up's lock: services starting together take turns.
    with engine.connect() as conn, migrate.foreign_keys_off(conn), conn.begin():
        migrate.upgrade(conn, before=lambda c: drop_views(c, settings.sql_dir))
        create_views(conn, settings.sql_dir)
        with Session(bind=conn) as session:  # joins the transaction; commits with it
            sync_reference_data(session, settings.contracts_dir)
    init_state.store(engine, current)
    return engine
