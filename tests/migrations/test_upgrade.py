"""A hub of the last release before migrations moves to this one with nothing lost.

The release databases (``release-2026-12-06/``) were made by that release's own code (main
at dd8b2b7, the last commit before migrations) with data in them
(``make_release_dumps.py``): here each is loaded as it was dumped, brought to this release
by ``init_db`` (what every command and ``sdh init`` run), and read back.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from tests.conftest import activity_row, csv_bytes, episode_row
from workers.contracts.loader import get_contract
from workers.warehouse import init_state, migrate
from workers.warehouse.db import APPEND_ONLY_MESSAGE, dispose_engines, get_engine, init_db

RELEASE = Path(__file__).with_name("release-2026-12-06")
#: Changed by the upgrade on purpose: the fingerprint of the set-up.
BOOKKEEPING = {"sdh_init_state", "alembic_version"}


def _schema_of(url: str) -> str:
    found = re.search(r"search_path%3D(\w+)", url)
    assert found, url
    return found.group(1)


def load_release(url: str) -> None:
    """The release's database, as its code left it, into the test's empty database."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(sa.engine.make_url(url).database)
        conn.executescript((RELEASE / "sqlite.sql").read_text(encoding="utf-8"))
        conn.close()
        return
    schema = _schema_of(url)
    lines = [
        line
        for line in (RELEASE / "postgresql.sql").read_text(encoding="utf-8").splitlines()
        # psql's own commands, and the schema the test already made
        if not line.startswith("\\") and line != "CREATE SCHEMA sdh_release;"
    ]
    script = "\n".join(lines).replace("sdh_release.", f'"{schema}".')
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        # psycopg itself: with no parameters it reads no placeholders (the dump has '%')
        conn.connection.driver_connection.execute(script)
    engine.dispose()


#: Tables a later revision drops, and where their rows went.
DROPPED = {
    # 0003: child populations as dated releases; the same figures, loaded from the
    # catalogue's releases, are read through v_area_population.
    "area_population": "SELECT area_code, year, population_0_17 FROM v_area_population",
}


#: Tables the catalogue fills at set-up: a release adds its new measures to them.
CATALOGUE = {"measure"}


def snapshot(
    engine: sa.Engine, columns: dict[str, list[str]] | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (through the parent for partitioned facts), sorted;
    ``columns``: only these tables and columns (what an earlier snapshot had), so rows
    are compared as they were, whatever later revisions added."""
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        names = [
            name
            for name in inspector.get_table_names()
            if name not in BOOKKEEPING and not name.startswith("child_event_fact_")
        ]
        if columns is not None:
            names = [n for n in names if n in columns and n not in DROPPED]
        out = {}
        for name in names:
            cols = (columns or {}).get(name) or [c["name"] for c in inspector.get_columns(name)]
            listed = ", ".join(f'"{c}"' for c in cols)
            rows = conn.execute(sa.text(f'SELECT {listed} FROM "{name}"'))
            out[name] = sorted((tuple(row) for row in rows), key=repr)
        return out


def assert_intact(
    before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]
) -> None:
    """Every row kept as it was; the catalogue's tables may gain the release's new entries."""
    after = dict(after)
    for table in CATALOGUE:
        assert set(before[table]) <= set(after.pop(table)), table
    assert after == {k: v for k, v in before.items() if k not in DROPPED and k not in CATALOGUE}


def columns_of(engine: sa.Engine) -> dict[str, list[str]]:
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        return {
            name: [c["name"] for c in inspector.get_columns(name)]
            for name in inspector.get_table_names()
        }


@pytest.fixture
def release(database_url: str) -> sa.Engine:
    load_release(database_url)
    return get_engine(database_url)


def test_the_last_release_upgrades_with_its_data_intact(release: sa.Engine) -> None:
    before = snapshot(release)
    shape = columns_of(release)
    assert len(before["submission"]) == 10 and len(before["child_event_fact"]) > 600
    assert before["event"] and before["app_user"] and before["rowhold"]

    init_db(release)

    assert_intact(before, snapshot(release, shape))
    with release.connect() as conn:
        for table, moved in DROPPED.items():
            assert set(before[table]) <= {tuple(r) for r in conn.execute(sa.text(moved))}
    # new tables start empty, but the reference data init_db loads from the catalogue
    reference = {"population_release", "population_estimate"}
    new_tables = set(columns_of(release)) - set(shape) - BOOKKEEPING - reference
    assert all(not rows for rows in snapshot(release, {t: [] for t in new_tables}).values())

    with release.connect() as conn:
        assert migrate.current(conn) == migrate.head()
    assert init_state.stored(release) == _fingerprint()


def test_an_upgraded_hub_loads_new_returns_and_keeps_its_rules(release: sa.Engine) -> None:
    from workers.pipeline import ingest

    with release.connect() as conn:
        figures = conn.execute(
            sa.text("SELECT COUNT(*), SUM(value) FROM v_current_measure_fact")
        ).one()
    init_db(release)
    with release.connect() as conn:
        assert (
            conn.execute(sa.text("SELECT COUNT(*), SUM(value) FROM v_current_measure_fact")).one()
            == figures
        )

    activity = get_contract("la-csc-activity")
    loaded = ingest(
        activity.id,
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row(month="2020-09")]),
        "new.csv",
    )
    assert loaded.submission.status == "loaded"
    episodes = get_contract("la-csc-episodes")
    child = ingest(
        episodes.id,
        "cambridgeshire-cc",
        csv_bytes(episodes, [episode_row()]),
        "new-episodes.csv",
        period="2021-01",
    )
    assert child.submission.status == "loaded", child.report
    with release.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT COUNT(*) FROM child_event_fact WHERE submission_id = :s"),
            {"s": child.submission.id},
        ).scalar()
    assert rows == 1
    with pytest.raises(sa.exc.DBAPIError, match=APPEND_ONLY_MESSAGE), release.begin() as conn:
        conn.execute(sa.text("UPDATE event SET actor = 'someone else'"))


def _fingerprint() -> str:
    from workers.settings import get_settings
    from workers.warehouse.db import setup_fingerprint

    settings = get_settings()
    return setup_fingerprint(settings.contracts_dir, settings.sql_dir)


#: A revision as the next release might write one: it changes a column the views read
#: (PostgreSQL allows it only while no view reads it) and a table others reference (SQLite
#: copies it, which its foreign keys allow only while they are off).
NEXT_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measure_fact") as batch:
        batch.alter_column("value", type_=sa.Numeric(18, 4), existing_type=sa.Float())
    with op.batch_alter_table("submission") as batch:
        batch.alter_column("filename", type_=sa.String(512), existing_type=sa.String(255))


def downgrade() -> None:
    pass
"""


def test_a_later_revision_runs_on_the_upgraded_release(
    release: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, migrations)
    (migrations / "versions" / "9001_next.py").write_text(
        NEXT_REVISION.replace("{head}", migrate.head())
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", migrations)
    before = snapshot(release)
    shape = columns_of(release)

    init_db(release)

    with release.connect() as conn:
        assert migrate.current(conn) == "9001"
        value = next(
            c for c in sa.inspect(conn).get_columns("measure_fact") if c["name"] == "value"
        )
        assert isinstance(value["type"], sa.Numeric) and value["type"].scale == 4
        total = conn.execute(sa.text("SELECT SUM(value) FROM v_current_measure_fact")).scalar()
    assert total == pytest.approx(
        sum(row[9] for row in before["measure_fact"] if _loaded(before, row[1]))
    )
    after = snapshot(release, shape)
    facts_before, facts_after = before.pop("measure_fact"), after.pop("measure_fact")
    assert_intact(before, after)
    assert [row[:9] for row in facts_after] == [row[:9] for row in facts_before]
    with pytest.raises(sa.exc.IntegrityError), release.begin() as conn:  # foreign keys still on
        conn.execute(
            sa.text(
                "INSERT INTO rowhold (submission_id, row_number, reason) "
                "VALUES (999, 1, 'no such return')"
            )
        )


def _loaded(tables: dict[str, list[tuple[Any, ...]]], submission_id: int) -> bool:
    status = {row[0]: row[11] for row in tables["submission"]}
    return status[submission_id] == "loaded"


# --- the baseline is the release's schema, and the models agree with the revisions ------


def describe(engine: sa.Engine) -> dict[str, Any]:
    """The schema as the database itself records it, in a form two databases compare in:
    tables with their columns, constraints, indexes and triggers (names included)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(
                sa.text(
                    "SELECT type, name, sql FROM sqlite_master "
                    "WHERE name NOT LIKE 'sqlite_%' AND type != 'view' "
                    "AND name NOT IN ('sdh_init_state', 'alembic_version')"
                )
            )
            return {(kind, name): " ".join((sql or "").split()) for kind, name, sql in rows}
        schema = conn.execute(sa.text("SELECT current_schema()")).scalar()
        queries = {
            "columns": """
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid)
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE c.relnamespace = to_regnamespace(:s) AND c.relkind IN ('r', 'p')
                  AND a.attnum > 0 AND NOT a.attisdropped""",
            "constraints": """
                SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                WHERE c.relnamespace = to_regnamespace(:s)""",
            "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = :s",
            "partitioning": """
                SELECT c.relname, pg_get_partkeydef(c.oid), pg_get_expr(c.relpartbound, c.oid)
                FROM pg_class c WHERE c.relnamespace = to_regnamespace(:s)
                  AND (c.relkind = 'p' OR c.relispartition)""",
            "triggers": """
                SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relnamespace = to_regnamespace(:s) AND NOT t.tgisinternal""",
        }
        shape = {}
        for what, query in queries.items():
            rows = conn.execute(sa.text(query), {"s": schema}).all()
            shape[what] = sorted(
                tuple(_plain(str(v).replace(f"{schema}.", "")) for v in row)
                for row in rows
                # bookkeeping, and the partitions loads made (data, not schema)
                if row[0] not in BOOKKEEPING
                and not re.match(r"child_event_fact_(s\d+|shared_r\d+)", row[0])
            )
        return shape


def _plain(definition: str) -> str:
    """A definition without casts and brackets: PostgreSQL prints a CHECK it read back
    from a dump with other casts than the one it was given (the same test)."""
    return re.sub(r"::[a-z ]+(\[\])?|[()]", "", definition)


def test_the_upgraded_release_has_the_schema_a_new_hub_has(
    release: sa.Engine, fresh: sa.Engine
) -> None:
    """The baseline makes the schema the last release made, and the revisions after it
    take that release and a new database to the same schema."""
    init_db(release)
    released = describe(release)
    init_db(fresh)
    made = describe(fresh)

    assert made.keys() == released.keys()
    for kind in released:  # the differences alone, when there are any
        assert (set(made[kind]) - set(released[kind]), set(released[kind]) - set(made[kind])) == (
            set(),
            set(),
        ), kind


def test_the_models_declare_what_the_revisions_make(warehouse: sa.Engine) -> None:
    """A model changed without a revision (or the other way round) fails here."""
    with warehouse.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": migrate.include_object}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_an_upgraded_release_is_what_the_models_declare(release: sa.Engine) -> None:
    init_db(release)
    with release.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": migrate.include_object}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


@pytest.fixture
def fresh(database_url: str, tmp_path: Path) -> Iterator[sa.Engine]:
    """A second, empty database beside the test's (a file, or a schema of its own)."""
    if database_url.startswith("sqlite"):
        yield get_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
        return
    schema = _schema_of(database_url) + "_fresh"
    admin = sa.create_engine(database_url.split("?")[0])
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield get_engine(database_url.replace(_schema_of(database_url), schema))
    finally:
        dispose_engines()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# --- what is not the last release's database ---------------------------------------------


def test_a_database_whose_tables_differ_is_not_taken_over(database_url: str) -> None:
    engine = get_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE submission (id INTEGER PRIMARY KEY, note TEXT)"))
    with pytest.raises(
        migrate.SchemaError, match=r"table submission lacks column\(s\) contract_id"
    ):
        init_db(engine)
    with engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == ["submission"]


def test_a_new_database_is_made_by_the_revisions(database_url: str) -> None:
    engine = init_db(get_engine(database_url))
    with engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        tables = set(sa.inspect(conn).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_services_starting_together_migrate_once(database_url: str) -> None:
    engine = get_engine(database_url)
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def set_up() -> None:
        start.wait()
        try:
            init_db(engine, force=True)
        except BaseException as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    threads = [threading.Thread(target=set_up) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).all() == [
            (migrate.head(),)
        ]


# --- older layouts of the child-level facts (PostgreSQL) ---------------------------------

#: How hubs before the release kept ``child_event_fact``, made from the release's database.
OLDER_LAYOUTS = {
    "one plain table (before 2026-11-25)": """
        CREATE TABLE old_facts (LIKE child_event_fact);
        INSERT INTO old_facts SELECT * FROM child_event_fact;
        DROP TABLE child_event_fact;
        ALTER TABLE old_facts RENAME TO child_event_fact;
        ALTER TABLE child_event_fact
            ADD CONSTRAINT child_event_fact_pkey PRIMARY KEY (submission_id, row_number);
    """,
    "partitioned, without the shared partition (2026-11-25)": """
        DROP TABLE child_event_fact_shared;
    """,
    "a shared partition not split by ranges (before 2026-12-05)": """
        CREATE TABLE old_shared (LIKE child_event_fact);
        INSERT INTO old_shared SELECT * FROM child_event_fact_shared;
        DROP TABLE child_event_fact_shared;
        ALTER TABLE old_shared RENAME TO child_event_fact_shared;
        ALTER TABLE child_event_fact_shared
            ADD CONSTRAINT child_event_fact_shared_pkey PRIMARY KEY (submission_id, row_number);
        ALTER TABLE child_event_fact ATTACH PARTITION child_event_fact_shared DEFAULT;
    """,
}


def _partitioned(conn: sa.Connection, table: str) -> bool:
    return conn.execute(
        sa.text(
            "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(:t))"
        ),
        {"t": table},
    ).scalar()


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
@pytest.mark.parametrize("layout", sorted(OLDER_LAYOUTS))
def test_older_layouts_of_the_child_facts_are_rebuilt_with_their_rows(
    release: sa.Engine, layout: str
) -> None:
    with release.begin() as conn:
        conn.execute(sa.text(OLDER_LAYOUTS[layout]))
    before, shape = snapshot(release), columns_of(release)
    assert before["child_event_fact"]

    init_db(release)

    assert_intact(before, snapshot(release, shape))
    with release.connect() as conn:
        assert _partitioned(conn, "child_event_fact")
        assert _partitioned(conn, "child_event_fact_shared")
        left = sa.inspect(conn).get_table_names()
    assert not [name for name in left if name.startswith(("old_", "child_event_fact_plain"))]
    assert "child_event_fact_shared_whole" not in left
