"""What :func:`workers.warehouse.db.init_db` last brought a database up to, as one hash.

``init_db`` runs before every command that touches the warehouse (each ``sdh ingest``,
every worker and web start). Upgrading the schema, making the functions and views again
and merging the whole catalogue into the reference tables each time would cost more than
many commands' own work (docs/performance.md, "Fixed cost of sdh ingest"), to change
nothing. Instead, the full set-up stores a fingerprint of everything it was built from in
the database itself; a later call that finds the same fingerprint has nothing to do.

The fingerprint covers every input of the set-up: the schema as the models declare it, the
migrations (``workers/warehouse/migrations``), the SQL files of the views and functions,
``db.py`` itself (the sync code), the catalogue files and the contract files. Editing any
of them, upgrading the hub, or pointing it at another contracts folder changes the hash,
and the next ``init_db`` does the whole set-up again (``upgrade head`` among it). A
database that never had the set-up (or lost its tables: a dropped schema takes the
fingerprint with it) has no fingerprint, so it gets the full set-up too.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import MetaData, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

#: Not a model: a bookkeeping row of the set-up, outside the schema it describes.
TABLE = "sdh_init_state"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, fingerprint VARCHAR(64) NOT NULL)"
)


def _schema_digest(metadata: MetaData) -> bytes:
    """The tables, columns, types and indexes the models declare, in a stable order."""
    parts = []
    for name in sorted(metadata.tables):
        table = metadata.tables[name]
        parts.append(f"table {name}")
        parts.extend(f"  {c.name} {c.type!r} {c.nullable} {c.primary_key}" for c in table.c)
        parts.extend(f"  index {i.name}" for i in sorted(table.indexes, key=lambda i: i.name or ""))
    return "\n".join(parts).encode()


def _files(*globs: tuple[Path, str]) -> list[Path]:
    return [path for folder, pattern in globs for path in sorted(folder.glob(pattern))]


def fingerprint(
    metadata: MetaData, contracts_dir: Path, sql_dir: Path, code: tuple[Path, ...] = ()
) -> str:
    """The sha256 of every input of the set-up (names and bytes of the files)."""
    digest = hashlib.sha256(b"sdh init v1\0")
    digest.update(_schema_digest(metadata))
    files = [
        *code,
        *_files(
            (sql_dir / "functions", "*.sql"),
            (sql_dir / "views", "*.sql"),
            (contracts_dir, "*.yaml"),
            (contracts_dir / "catalogue", "*.yaml"),
        ),
    ]
    for path in files:
        digest.update(b"\0" + str(path.name).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stored(engine: Engine) -> str | None:
    """The fingerprint the database was last set up to, or None (never, or unreadable)."""
    try:
        with engine.connect() as conn:
            return conn.execute(text(f"SELECT fingerprint FROM {TABLE} WHERE id = 1")).scalar()
    except DBAPIError:
        return None  # no such table yet: a database that was never set up


def store(engine: Engine, value: str) -> None:
    """Record that the set-up is complete for ``value`` (after every step succeeded).

    Worker processes starting together each finish the set-up and store the same value:
    on PostgreSQL a lock keeps their ``CREATE TABLE IF NOT EXISTS`` from racing (it can
    fail on the catalog's unique index otherwise), and the upsert (the same syntax in
    SQLite) lets the last one win instead of failing on the key."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(4242003)"))
        conn.execute(text(_CREATE))
        conn.execute(
            text(
                f"INSERT INTO {TABLE} (id, fingerprint) VALUES (1, :f) "
                "ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint"
            ),
            {"f": value},
        )
