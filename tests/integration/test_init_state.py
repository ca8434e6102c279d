"""``init_db`` does the whole set-up only when something it is built from changed.

Every ``sdh ingest`` and every service start calls ``init_db``; a database already set up
from the same schema, SQL, catalogue and contract files is left as it is (one query),
and any change to one of those files brings the full set-up back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from workers.settings import get_settings
from workers.warehouse import db, init_state
from workers.warehouse.db import get_engine, init_db, session_scope
from workers.warehouse.models import Agency


@pytest.fixture
def contracts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped contracts folder that the test may edit."""
    target = tmp_path / "contracts"
    shutil.copytree(get_settings().contracts_dir, target)
    monkeypatch.setenv("SDH_CONTRACTS_DIR", str(target))
    return target


@pytest.fixture
def syncs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Each full set-up's contracts folder, in order (the sync still runs)."""
    calls: list[Path] = []
    real = db.sync_reference_data

    def spy(session, contracts_dir: Path) -> None:
        calls.append(contracts_dir)
        real(session, contracts_dir)

    monkeypatch.setattr(db, "sync_reference_data", spy)
    return calls


def _edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, old
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def _agency_name(agency_id: str) -> str:
    with session_scope() as session:
        agency = session.get(Agency, agency_id)
        assert agency is not None
        return agency.name


def test_a_database_already_set_up_is_left_alone(database_url, contracts, syncs):
    engine = get_engine(database_url)
    init_db(engine)
    assert len(syncs) == 1
    stored = init_state.stored(engine)
    assert stored is not None and len(stored) == 64
    init_db(engine)
    init_db(engine)
    assert len(syncs) == 1
    assert init_state.stored(engine) == stored


def test_a_changed_contract_file_is_synced_again(database_url, contracts, syncs):
    engine = get_engine(database_url)
    init_db(engine)
    before = init_state.stored(engine)
    _edit(contracts / "la-csc-episodes.odcs.yaml", "version:", "# steward's note\nversion:")
    init_db(engine)
    assert len(syncs) == 2
    assert init_state.stored(engine) not in (None, before)
    init_db(engine)
    assert len(syncs) == 2  # and once synced, left alone again


def test_a_changed_catalogue_reaches_the_reference_tables(database_url, contracts, syncs):
    engine = get_engine(database_url)
    init_db(engine)
    agencies = contracts / "catalogue" / "agencies.yaml"
    old = _agency_name("cambridgeshire-cc")
    _edit(agencies, old, "Cambridgeshire County Council (renamed)")
    init_db(engine)
    assert len(syncs) == 2
    assert _agency_name("cambridgeshire-cc") == "Cambridgeshire County Council (renamed)"


def test_a_new_contract_file_is_synced_again(database_url, contracts, syncs):
    engine = get_engine(database_url)
    init_db(engine)
    shutil.copy(contracts / "la-csc-episodes.odcs.yaml", contracts / "copy.odcs.yaml")
    init_db(engine)
    assert len(syncs) == 2


def test_force_does_the_whole_set_up(database_url, contracts, syncs):
    engine = get_engine(database_url)
    init_db(engine)
    init_db(engine, force=True)
    assert len(syncs) == 2


def test_a_database_that_lost_its_fingerprint_is_set_up_again(database_url, contracts, syncs):
    engine = get_engine(database_url)
    init_db(engine)
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE {init_state.TABLE}"))
    assert init_state.stored(engine) is None
    init_db(engine)
    assert len(syncs) == 2
    assert init_state.stored(engine) is not None


def test_processes_finishing_the_set_up_together_do_not_clash(database_url):
    import threading

    engine = get_engine(database_url)
    init_state.store(engine, "a" * 64)
    init_state.store(engine, "b" * 64)
    assert init_state.stored(engine) == "b" * 64
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def finish(value: str) -> None:
        start.wait()
        try:
            init_state.store(engine, value)
        except BaseException as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    threads = [threading.Thread(target=finish, args=(str(i) * 64,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert init_state.stored(engine) in {str(i) * 64 for i in range(4)}


def test_an_unreachable_or_new_database_has_no_fingerprint(database_url):
    assert init_state.stored(get_engine(database_url)) is None


def test_the_fingerprint_follows_the_schema_and_sql(contracts, tmp_path: Path):
    sql = tmp_path / "sql"
    shutil.copytree(get_settings().sql_dir, sql)
    first = db.setup_fingerprint(contracts, sql)
    assert db.setup_fingerprint(contracts, sql) == first
    view = sorted((sql / "views").glob("*.sql"))[0]
    view.write_text(view.read_text() + "\n-- changed\n")
    assert db.setup_fingerprint(contracts, sql) != first


def test_the_fingerprint_follows_the_tables_the_models_declare(contracts):
    from sqlalchemy import Column, Integer, MetaData, Table
    from sqlmodel import SQLModel

    sql = get_settings().sql_dir
    schema = MetaData()
    for table in SQLModel.metadata.tables.values():
        table.to_metadata(schema)
    same = init_state.fingerprint(schema, contracts, sql)
    assert same == init_state.fingerprint(SQLModel.metadata, contracts, sql)
    Table("new_table", schema, Column("id", Integer, primary_key=True))
    assert init_state.fingerprint(schema, contracts, sql) != same


def test_sdh_init_always_does_the_whole_set_up(database_url, contracts, syncs):
    from typer.testing import CliRunner

    from workers.cli import app

    init_db(get_engine(database_url))
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert len(syncs) == 2
