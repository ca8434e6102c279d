"""Backups at rest (issue 16, item 6): owner-only and sealed with a backup key kept apart
from them, carrying the pseudonym and landing keys so a hub restored on a new machine gives
every child the pseudonym it had; a wrong key or a hub with other keys is refused before
anything changes; backups made before sealing still restore."""

from __future__ import annotations

import json
import shutil
import stat

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from tests.conftest import csv_bytes, episode_row
from tests.integration.test_ops_backup import _wipe
from workers.backup.database import dump_sqlite
from workers.cli import app as sdh
from workers.contracts.loader import get_contract
from workers.pipeline import ingest
from workers.settings import get_settings
from workers.sources.landing import default_store
from workers.warehouse.db import get_engine, session_scope
from workers.warehouse.models import Submission

CAMBS = "cambridgeshire-cc"
CHILDREN = [f"Zq{n:04d}Kid" for n in range(30)]
runner = CliRunner()


def said(result) -> str:
    return " ".join(result.output.split())


def episodes(children: list[str], when: str = "2021-01-05") -> bytes:
    rows = [episode_row(c, event_date=when) for c in children]
    return csv_bytes(get_contract("la-csc-episodes"), rows)


def child_keys(engine) -> dict[str, set[str]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT child_key, period_label FROM child_event_fact"))
        found: dict[str, set[str]] = {}
        for key, period in rows:
            found.setdefault(period, set()).add(key)
    return found


def wipe(database_url: str) -> None:
    """The machine is lost: its data folder (keys included) and its database."""
    _wipe(database_url, get_settings().landing_dir)
    shutil.rmtree(get_settings().data_dir)


def test_a_backup_is_owner_only_sealed_and_restores_on_a_new_machine(
    warehouse, database_url, tmp_path, monkeypatch
) -> None:
    # Keys kept in files, as on an embedded install: the backup must carry them.
    monkeypatch.delenv("SDH_PSEUDONYM_KEY")
    result = ingest("la-csc-episodes", CAMBS, episodes(CHILDREN), "jan.csv", period="2021-01")
    assert result.submission.status == "loaded"
    data_dir = get_settings().data_dir
    secrets = [
        (data_dir / "pseudonym.key").read_text().strip(),
        (data_dir / "landing.key").read_text().strip(),
    ]
    january = child_keys(get_engine(database_url))["2021-01"]
    backup = tmp_path / "backups" / "2021-02-01"
    made = runner.invoke(sdh, ["backup", "create", str(backup)])
    assert made.exit_code == 0, made.output
    assert "A backup key was made" in said(made) and "Keep a copy of it now" in said(made)
    kept_key = tmp_path / "password-manager" / "backup.key"
    kept_key.parent.mkdir()
    shutil.copy(data_dir / "backup.key", kept_key)

    # Owner-only, whatever the umask; nothing in it readable without the backup key.
    for path in [backup, *backup.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    pseudonyms = sorted(january)[:5]
    for path in backup.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert b"SQLite format 3" not in content and b"PGDMP" not in content[:5], path
            for needle in [*CHILDREN, *secrets, *pseudonyms, kept_key.read_text().strip()]:
                assert needle.encode() not in content, (path, needle)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["format"] == 2 and manifest["database_file"].endswith(".sealed")

    wipe(database_url)
    assert not data_dir.exists()
    no_key = runner.invoke(sdh, ["backup", "restore", str(backup)])
    assert no_key.exit_code == 2 and "--key-file" in said(no_key)
    restored = runner.invoke(sdh, ["backup", "restore", str(backup), "--key-file", str(kept_key)])
    assert restored.exit_code == 0, restored.output
    written = "".join(restored.output.split())  # Rich breaks long paths anywhere
    assert "pseudonym.key" in written and "landing.key" in written
    assert [(data_dir / n).read_text().strip() for n in ("pseudonym.key", "landing.key")] == secrets
    # The same children in February get the pseudonyms they had in January.
    feb = ingest(
        "la-csc-episodes", CAMBS, episodes(CHILDREN, "2021-02-03"), "feb.csv", period="2021-02"
    )
    assert feb.submission.status == "loaded"
    assert child_keys(get_engine(database_url))["2021-02"] == january
    # And January's raw file is readable again with the restored landing key.
    with session_scope() as s:
        jan = s.get(Submission, result.submission.id)
    assert default_store().get(jan.sha256) == episodes(CHILDREN)  # type: ignore[union-attr]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_wrong_key_or_other_keys_are_refused_before_anything_changes(
    warehouse, database_url, tmp_path, monkeypatch
) -> None:
    ingest("la-csc-episodes", CAMBS, episodes(CHILDREN[:3]), "jan.csv", period="2021-01")
    backup = tmp_path / "backup"
    monkeypatch.setenv("SDH_BACKUP_KEY", "cd" * 32)
    made = runner.invoke(sdh, ["backup", "create", str(backup)])
    assert made.exit_code == 0 and "SDH_BACKUP_KEY" in said(made)
    assert "A backup key was made" not in said(made)
    assert not (get_settings().data_dir / "backup.key").exists()
    # A change the backup does not have: a refused restore must leave it in place.
    with warehouse.begin() as conn:
        conn.execute(sa.text("UPDATE submission SET filename = 'changed-after.csv'"))

    monkeypatch.setenv("SDH_BACKUP_KEY", "ef" * 32)
    wrong = runner.invoke(sdh, ["backup", "restore", "--force", str(backup)])
    assert wrong.exit_code == 2 and "not the key this backup was made with" in said(wrong)
    monkeypatch.setenv("SDH_BACKUP_KEY", "cd" * 32)
    monkeypatch.setenv("SDH_PSEUDONYM_KEY", "another key entirely")
    other = runner.invoke(sdh, ["backup", "restore", "--force", str(backup)])
    assert other.exit_code == 2
    assert "SDH_PSEUDONYM_KEY is not the pseudonym key the backup was made with" in said(other)
    assert "every child would get a new pseudonym" in said(other)
    with get_engine(database_url).connect() as conn:  # refused before anything changed
        names = conn.execute(sa.text("SELECT filename FROM submission")).scalars().all()
    assert names == ["changed-after.csv"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_backup_made_before_sealing_still_restores(warehouse, database_url, tmp_path) -> None:
    """Format 1: a plain SQLite copy and plaintext landing files. Restored, the landing
    files are sealed on their way into the store."""
    result = ingest("la-csc-episodes", CAMBS, episodes(CHILDREN[:4]), "jan.csv", period="2021-01")
    store = default_store()
    sha = result.submission.sha256
    old = tmp_path / "old-backup"
    (old / "landing" / sha[:2]).mkdir(parents=True)
    plain = store.get(sha)
    (old / "landing" / sha[:2] / sha).write_bytes(plain)
    tables = dump_sqlite(database_url, old / "warehouse.db")
    import hashlib

    (old / "manifest.json").write_text(
        json.dumps(
            {
                "format": 1,
                "created_at": "2026-11-25T02:00:00+00:00",
                "dialect": "sqlite",
                "schema": None,
                "database_file": "warehouse.db",
                "database_sha256": hashlib.sha256((old / "warehouse.db").read_bytes()).hexdigest(),
                "tables": tables,
                "landing": [{"path": f"{sha[:2]}/{sha}", "sha256": sha, "bytes": len(plain)}],
            }
        )
    )
    store.remove(sha)
    restored = runner.invoke(sdh, ["backup", "restore", "--force", str(old)])
    assert restored.exit_code == 0, restored.output
    assert store.is_sealed(sha) and store.get(sha) == plain
