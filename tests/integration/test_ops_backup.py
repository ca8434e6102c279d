"""Backup and restore of the warehouse and landing store, on SQLite and PostgreSQL.

Load returns, back up, wipe both the database and the landing store, restore: the annual
figures, the measure sums, the submissions and the event log come back equal, and the
restored landing store still feeds a replay and a load of a return received before the
backup. A damaged backup and a restore over live data are refused without changing
anything.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from tests.conftest import activity_row, csv_bytes
from workers.cli import app
from workers.periods import financial_year
from workers.pipeline import ingest, process
from workers.reporting.annual import annual_figures
from workers.review.actions import replay
from workers.sample.generate import generate_samples
from workers.settings import get_settings
from workers.sources.intake import Delivery, receive_return
from workers.sources.landing import default_store
from workers.warehouse.db import dispose_engines, get_engine, session_scope

runner = CliRunner()


def _load_returns(tmp_path: Path, activity) -> dict[str, int]:
    """Six loaded monthly returns, one held for review, one received and not yet processed."""
    samples = [
        s
        for s in generate_samples(tmp_path / "samples", 2020, 2020, child_level_months=0)
        if s.contract == "la-csc-activity" and s.period in ("2020-04", "2020-05", "2020-06")
    ]
    assert len(samples) == 6
    for s in sorted(samples, key=lambda s: s.period):
        result = ingest(s.contract, s.agency, s.path.read_bytes(), s.path.name)
        assert result.submission.status == "loaded", s
    bad = ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row(month="2020-07", contacts=-5)]),
        "2020-07.csv",
    )
    assert bad.submission.status == "needs_review"
    with session_scope() as session:
        waiting = receive_return(
            session,
            default_store(),
            Delivery(
                "la-csc-activity",
                "cambridgeshire-cc",
                csv_bytes(activity, [activity_row(month="2020-08", contacts=1234)]),
                "2020-08.csv",
            ),
        )
    return {"needs_review": bad.submission.id, "received": waiting.submission_id}


def _snapshot(engine) -> dict:
    """What a restore must give back exactly: figures, facts, submissions and events."""
    with session_scope() as session:
        annual = [
            (f.measure_id, sorted(f.values.items()))
            for f in annual_figures(session, financial_year(2020))
        ]
    with engine.connect() as conn:

        def rows(sql: str) -> list[tuple]:
            return [tuple(r) for r in conn.execute(sa.text(sql))]

        return {
            "annual": annual,
            "sums": rows(
                "SELECT measure_id, area_code, SUM(value) FROM measure_fact "
                "GROUP BY measure_id, area_code ORDER BY measure_id, area_code"
            ),
            "submissions": rows(
                "SELECT id, status, sha256, rows_loaded FROM submission ORDER BY id"
            ),
            "events": rows("SELECT id, kind, submission_id, actor, detail FROM event ORDER BY id"),
        }


def _wipe(url: str, landing: Path) -> None:
    """Lose everything: the database (file or schema) and the landing store."""
    dispose_engines()
    if url.startswith("sqlite"):
        db = Path(sa.engine.make_url(url).database or "")
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            path.unlink(missing_ok=True)
    else:
        schema = sa.engine.make_url(url).query["options"].split("=")[-1]
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
    shutil.rmtree(landing)


def test_backup_wipe_restore_gives_back_figures_events_and_replayable_bytes(
    warehouse, database_url, activity, tmp_path
):
    ids = _load_returns(tmp_path, activity)
    landing = get_settings().landing_dir
    before = _snapshot(warehouse)
    assert len(before["submissions"]) == 8 and before["sums"] and len(before["events"]) > 20
    backup = tmp_path / "backup"

    made = runner.invoke(app, ["backup", "create", str(backup)])
    assert made.exit_code == 0, made.output
    assert "8 submissions" in made.output
    assert (backup / "manifest.json").is_file()
    assert len(list((backup / "landing").glob("*/*"))) == 8

    _wipe(database_url, landing)
    assert not landing.exists()

    restored = runner.invoke(app, ["backup", "restore", str(backup)])
    assert restored.exit_code == 0, restored.output
    assert "counts match" in restored.output and "8 written" in restored.output
    engine = get_engine(database_url)
    assert _snapshot(engine) == before

    # The restored bytes still serve: a held return is validated again from them, and the
    # return received before the backup is validated and loaded now.
    with session_scope() as session:
        again = replay(
            session,
            ids["needs_review"],
            "steward",
            "checking the restore",
            enqueue_load=None,
            notify=None,
        )
    assert again.status == "needs_review"
    submission, report = process(ids["received"])
    assert submission.status == "loaded" and report is not None
    with engine.connect() as conn:
        contacts = conn.execute(
            sa.text(
                "SELECT value FROM measure_fact WHERE submission_id = :s "
                "AND measure_id = 'contacts'"
            ),
            {"s": ids["received"]},
        ).scalar_one()
    assert contacts == 1234


def test_restore_refuses_live_data_and_a_damaged_backup(
    warehouse, database_url, activity, tmp_path
):
    _load_returns(tmp_path, activity)
    backup = tmp_path / "backup"
    assert runner.invoke(app, ["backup", "create", str(backup)]).exit_code == 0
    # Backing up twice into the same folder would mix two backups.
    again = runner.invoke(app, ["backup", "create", str(backup)])
    assert again.exit_code == 2 and "not empty" in again.output

    refused = runner.invoke(app, ["backup", "restore", str(backup)])
    assert refused.exit_code == 2 and "--force" in refused.output

    # One flipped byte in one landing file: nothing is restored, even with --force.
    victim = next((backup / "landing").glob("*/*"))
    data = bytearray(victim.read_bytes())
    data[0] ^= 1
    victim.write_bytes(bytes(data))
    with get_engine(database_url).begin() as conn:
        conn.execute(sa.text("DELETE FROM measure_fact WHERE measure_id = 'contacts'"))
    damaged = runner.invoke(app, ["backup", "restore", "--force", str(backup)])
    assert damaged.exit_code == 2 and "checksum" in damaged.output
    with get_engine(database_url).connect() as conn:
        left = conn.execute(
            sa.text("SELECT COUNT(*) FROM measure_fact WHERE measure_id = 'contacts'")
        ).scalar_one()
    assert left == 0  # untouched: the refused restore changed nothing

    # Repaired, --force replaces the live data with the backup's.
    data[0] ^= 1
    victim.write_bytes(bytes(data))
    forced = runner.invoke(app, ["backup", "restore", "--force", str(backup)])
    assert forced.exit_code == 0, forced.output
    with get_engine(database_url).connect() as conn:
        back = conn.execute(
            sa.text("SELECT COUNT(*) FROM measure_fact WHERE measure_id = 'contacts'")
        ).scalar_one()
    assert back > 0


@pytest.mark.parametrize("missing", ["manifest.json", "warehouse"])
def test_an_unfinished_backup_is_refused(warehouse, tmp_path, missing):
    backup = tmp_path / "backup"
    assert runner.invoke(app, ["backup", "create", str(backup)]).exit_code == 0
    for path in backup.iterdir():
        if path.name.startswith(missing):
            path.unlink()
    refused = runner.invoke(app, ["backup", "restore", str(backup)])
    assert refused.exit_code == 2
    assert ("manifest.json" if missing == "manifest.json" else "checksum") in refused.output
