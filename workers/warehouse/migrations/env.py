"""How Alembic reaches the database: on the connection ``workers.warehouse.migrate`` hands
it (``sdh init``, ``init_db``), or, for the ``alembic`` command a developer runs to write a
revision, on the hub's own database (``SDH_DATABASE_URL``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from workers.warehouse import models  # noqa: F401 - the tables autogenerate compares with
from workers.warehouse.migrate import include_object


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        include_object=include_object,
        compare_type=True,
        # SQLite alters a table by copying it: autogenerate writes batch operations.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from workers.warehouse.db import get_engine

    with get_engine().connect() as conn:
        _run(conn)
        conn.commit()


if context.is_offline_mode():
    # The baseline reads the database it brings up to date (what a pre-migration hub
    # already has), so there is no statement list to print without one.
    raise SystemExit("the hub's migrations run against a database: use `sdh init`")
run_online()
