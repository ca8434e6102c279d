"""Bringing a database to the schema of this release: Alembic's ``upgrade head``.

The revisions live in ``migrations/versions`` inside the package, so an installed hub
migrates its own database. A database set up before there were migrations (by the
release whose ``create_all`` the baseline revision froze, or an older one) has the hub's
tables and no ``alembic_version``: it is recognised, its tables are checked column by
column against the baseline's, it is given whatever the baseline has and it lacks (its
rows kept), and it is stamped at the baseline, never created again. Then the revisions
after the baseline run as on any other database.

Alembic is imported only when there is something to do: every ``sdh ingest`` asks
:func:`revision_files` for the set-up's fingerprint, and most find nothing to do.

Everything happens on the caller's connection, in its transaction: on PostgreSQL the whole
upgrade commits or none of it does, and one advisory lock makes processes that start
together take turns (the second finds the work done).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from workers.errors import SdhError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
BASELINE = "0001"
#: Held for the whole set-up on PostgreSQL (other set-up steps use 4242001-4242005).
SETUP_LOCK = 4242000


class SchemaError(SdhError):
    """A database the hub cannot bring to its schema as it is (it says what differs)."""


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave out of autogenerate the tables the models do not declare: a return's own
    partitions of ``child_event_fact`` and the shared one's ranges, the bulk path's
    staging tables, ``sdh_init_state``. A revision must never propose to drop them."""
    return not (type_ == "table" and reflected and compare_to is None)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built here rather than read from an ``alembic.ini``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    """The newest revision this code knows."""
    revision = scripts().get_current_head()
    assert revision is not None, "no revisions in " + str(MIGRATIONS_DIR)
    return revision


def revision_files() -> list[Path]:
    """The files the revisions are made of (``init_state`` fingerprints them)."""
    return [MIGRATIONS_DIR / "env.py", *sorted((MIGRATIONS_DIR / "versions").glob("*.py"))]


def current(conn: Connection) -> str | None:
    """The revision the database is at; None when it has never been migrated."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def set_up_before_migrations(conn: Connection) -> bool:
    """Whether this database holds the hub's tables but no revision: set up by
    ``create_all`` before migrations (it has the ``submission`` table and, as a rule, the
    fingerprint table ``sdh_init_state``)."""
    present = set(inspect(conn).get_table_names())
    return "alembic_version" not in present and "submission" in present


def baseline() -> ModuleType:
    """The baseline revision's module (``bring_to_baseline``, ``tables``)."""
    script = scripts().get_revision(BASELINE)
    assert script is not None
    return script.module


def check_tables(conn: Connection) -> None:
    """Refuse to take over a database whose tables lack a column of the baseline's (tables
    it lacks altogether the baseline makes)."""
    insp = inspect(conn)
    present = set(insp.get_table_names())
    problems = []
    for name, table in sorted(baseline().tables().tables.items()):
        if name not in present:
            continue
        have = {c["name"] for c in insp.get_columns(name)}
        missing = [c.name for c in table.columns if c.name not in have]
        if missing:
            problems.append(f"table {name} lacks column(s) {', '.join(missing)}")
    if problems:
        raise SchemaError(
            "this database was not set up by a release of the hub before migrations, so it "
            f"cannot be taken over as it is: {'; '.join(problems)}"
        )


def adopt(conn: Connection) -> None:
    """Bring a database set up before migrations to the baseline and stamp it there.

    Checked first: on SQLite each CREATE TABLE commits on its own, so a database refused
    must be refused before anything is made in it."""
    from alembic import command

    check_tables(conn)
    baseline().bring_to_baseline(conn)
    command.stamp(alembic_config(conn), BASELINE)


@contextmanager
def foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite alters a table by copying it and dropping the old one, which its foreign
    keys refuse for a table others reference (``submission``, ``agency``, …): they are off
    while ``conn`` migrates, then on again before the connection goes back to the pool.
    ``upgrade`` checks them all before it commits. Nothing on PostgreSQL."""
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside a transaction, or ignored
    conn.commit()
    try:
        yield
    finally:
        conn.rollback()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def upgrade(conn: Connection, before: Callable[[Connection], None] | None = None) -> bool:
    """Bring the database on ``conn`` to the newest revision; whether anything ran.

    On SQLite, run it inside :func:`foreign_keys_off`. ``before`` runs first when there
    is something to do: ``init_db`` drops the reporting
    views there, since PostgreSQL refuses to alter a column a view reads (it makes them
    again after).
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK})
    newest = head()
    if current(conn) == newest:
        return False
    if before is not None:
        before(conn)
    from alembic import command

    if set_up_before_migrations(conn):
        adopt(conn)
    command.upgrade(alembic_config(conn), "head")
    if conn.dialect.name == "sqlite":
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise SchemaError(
                f"the upgrade would leave rows pointing at rows that do not exist: {broken[:5]}"
            )
    return True
