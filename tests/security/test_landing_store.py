"""The landing store at rest (issue 16, item 6): raw files sealed with a key kept apart
from the database, read back as plaintext a segment at a time, older plaintext stores
still readable and sealed by a command, and raw files removed past retention as an
event, only for returns that no longer count."""

from __future__ import annotations

import hashlib
import stat
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from tests.conftest import csv_bytes, episode_row
from workers.cli import app as sdh
from workers.contracts.loader import get_contract, load_contracts
from workers.pipeline import ingest
from workers.settings import get_settings
from workers.sources.landing import LandingStore, default_store
from workers.sources.retention import EVENT, purge_raw_files
from workers.warehouse.db import session_scope
from workers.warehouse.models import Event, Submission, utcnow

CAMBS = "cambridgeshire-cc"
CHILDREN = [f"Zq{n:04d}Kid" for n in range(40)]
runner = CliRunner()


def episodes(children: list[str], **changes) -> bytes:
    rows = [episode_row(child, **changes) for child in children]
    return csv_bytes(get_contract("la-csc-episodes"), rows)


def every_file(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_no_raw_identifier_is_on_disk_and_the_bytes_come_back(warehouse, tmp_path) -> None:
    data = episodes(CHILDREN)
    result = ingest("la-csc-episodes", CAMBS, data, "episodes.csv", period="2021-01")
    assert result.submission.status == "loaded"
    data_dir = get_settings().data_dir
    store = default_store()
    # Every file the hub wrote under its data folder (landing store, its temporaries, the
    # SQLite warehouse on that database): no identifier as sent, in any of them.
    for path in every_file(data_dir):
        content = path.read_bytes()
        for child in CHILDREN:
            assert child.encode() not in content, (path, child)
    sha = hashlib.sha256(data).hexdigest()
    assert result.submission.sha256 == sha  # named by the plaintext's hash, as before
    assert store.get(sha) == data
    with store.open(sha) as fh:
        fh.seek(len(data) // 2)
        assert fh.read(20) == data[len(data) // 2 : len(data) // 2 + 20]
    # The key is kept apart from the database: a file of the hub's owner only, not a row.
    key_file = data_dir / "landing.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key_hex = key_file.read_text().strip()
    with warehouse.connect() as conn:
        from sqlalchemy import inspect, text

        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                assert key_hex not in " ".join(map(str, row)), table


def test_the_configured_key_is_used_and_another_key_cannot_read(tmp_path, monkeypatch) -> None:
    from workers.sealed import SealError

    key = "ab" * 32
    monkeypatch.setenv("SDH_LANDING_KEY", key)
    store = default_store()
    sha, _ = store.put(b"child_id,age\nZq0001Kid,5\n")
    assert not (get_settings().data_dir / "landing.key").exists()
    assert store.get(sha) == b"child_id,age\nZq0001Kid,5\n"
    stranger = LandingStore(store.root, bytes(32))
    with pytest.raises(SealError, match="not the one it was sealed with"):
        stranger.get(sha)
    monkeypatch.setenv("SDH_LANDING_KEY", "too short")
    with pytest.raises(Exception, match="SDH_LANDING_KEY must be 32 random bytes"):
        _ = get_settings().landing_key_bytes


def test_an_upload_is_sealed_as_it_arrives(tmp_path) -> None:
    store = LandingStore(tmp_path / "landing", bytes(range(32)))
    staged = store.stage()
    for _ in range(3):
        staged.write(b"Zq0001Kid,5\n" * 100_000)
    staged.close()
    assert b"Zq0001Kid" not in staged.path.read_bytes()
    assert staged.read_bytes() == b"Zq0001Kid,5\n" * 300_000
    store.adopt(staged)
    assert store.get(staged.sha256) == b"Zq0001Kid,5\n" * 300_000


def test_an_older_plaintext_store_is_read_then_sealed_by_a_command(tmp_path) -> None:
    store = default_store()
    old = b"child_id,age\nZq0002Kid,7\n"
    sha = hashlib.sha256(old).hexdigest()
    legacy = store.path_for(sha)
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(old)  # as the store wrote files before it sealed them
    damaged = store.path_for("0" * 64)
    damaged.parent.mkdir(parents=True, exist_ok=True)
    damaged.write_bytes(b"not what the name says")
    assert store.get(sha) == old and not store.is_sealed(sha)
    sealed = runner.invoke(sdh, ["landing", "seal"])
    assert sealed.exit_code == 1, sealed.output  # the damaged file is named, left alone
    said = " ".join(sealed.output.split())
    assert "1 file(s) sealed" in said and "does not match its name" in said
    assert store.is_sealed(sha) and old not in legacy.read_bytes()
    assert store.get(sha) == old
    assert damaged.read_bytes() == b"not what the name says"
    damaged.unlink()
    again = runner.invoke(sdh, ["landing", "seal"])
    assert again.exit_code == 0 and "0 file(s) sealed, 1 already sealed" in again.output


def test_reading_a_large_return_holds_one_segment_not_the_file(tmp_path) -> None:
    """Sealing a 200 MB file from disk and reading it back through ``open`` (the way the
    readers stream a return) takes no more memory than doing so for a tiny file."""
    from benchmarks.measure import run_measured

    line = b"Zq0003Kid,E10000003,contact,2021-01-05,,5,1,WBRI\n"
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        for _ in range(200):
            fh.write(line * (1_000_000 // len(line)))
    small = tmp_path / "small.csv"
    small.write_bytes(line)
    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from workers.sources.landing import LandingStore\n"
        "store = LandingStore(Path(sys.argv[2]), bytes(range(32)))\n"
        "source = Path(sys.argv[1])\n"
        "with source.open('rb') as fh: sha = hashlib.file_digest(fh, 'sha256').hexdigest()\n"
        "store.put_file(source, sha)\n"
        "with store.open(sha) as fh:\n"
        "    read = hashlib.file_digest(fh, 'sha256').hexdigest()\n"
        "    fh.seek(0); n = sum(1 for _ in fh)\n"
        "print(read == sha, n)\n"
    )
    peaks = {}
    for name, path in (("small", small), ("big", big)):
        run = run_measured([sys.executable, "-c", script, str(path), str(tmp_path / name)])
        assert run.stdout.split()[0] == "True", run.stderr
        peaks[name] = run.peak_mb
    assert big.stat().st_size > 190_000_000
    assert peaks["big"] - peaks["small"] < 20, peaks


# --- retention ------------------------------------------------------------------------------


def _versions(monkeypatch) -> tuple[Submission, Submission, Submission]:
    """January's return, superseded by a correction; and February's, which counts."""
    first = ingest("la-csc-episodes", CAMBS, episodes(CHILDREN[:5]), "jan.csv", period="2021-01")
    fixed = ingest("la-csc-episodes", CAMBS, episodes(CHILDREN[:6]), "jan2.csv", period="2021-01")
    feb = ingest(
        "la-csc-episodes",
        CAMBS,
        episodes(CHILDREN[:5], event_date="2021-02-03"),
        "feb.csv",
        period="2021-02",
    )
    with session_scope() as s:
        subs = [s.get(Submission, r.submission.id) for r in (first, fixed, feb)]
    assert [x.status for x in subs] == ["superseded", "loaded", "loaded"]  # type: ignore[union-attr]
    return tuple(subs)  # type: ignore[return-value]


def test_raw_files_go_past_retention_only_when_superseded(warehouse, monkeypatch) -> None:
    old, current, other = _versions(monkeypatch)
    store = default_store()
    days = get_contract("la-csc-episodes").retention_days
    assert days is not None
    contracts = load_contracts()
    with session_scope() as s:
        early = purge_raw_files(s, store, contracts, now=utcnow() + timedelta(days=days - 1))
    assert early.removed == [] and store.exists(old.sha256)
    later = utcnow() + timedelta(days=days + 1)
    with session_scope() as s:
        dry = purge_raw_files(s, store, contracts, now=later, dry_run=True)
    assert dry.removed == [old.sha256] and store.exists(old.sha256)
    with session_scope() as s:
        done = purge_raw_files(s, store, contracts, now=later, actor="retention-test")
    assert done.removed == [old.sha256] and done.submissions == [old.id]
    assert not store.exists(old.sha256)
    # The returns that count keep their bytes, however old: a load can be replayed.
    assert store.exists(current.sha256) and store.exists(other.sha256)
    with session_scope() as s:
        events = s.exec(select(Event).where(Event.kind == EVENT)).all()
        assert [(e.submission_id, e.actor) for e in events] == [(old.id, "retention-test")]
        assert f'"retention_days": {days}' in events[0].detail
        assert s.get(Submission, old.id).sha256 == old.sha256  # type: ignore[union-attr]
    with session_scope() as s:  # a second run finds nothing to do, records nothing
        assert purge_raw_files(s, store, contracts, now=later).removed == []
        assert len(s.exec(select(Event).where(Event.kind == EVENT)).all()) == 1
    # An identical re-delivery of the purged file is still recognised as one.
    again = ingest("la-csc-episodes", CAMBS, episodes(CHILDREN[:5]), "jan.csv", period="2021-01")
    assert again.submission.id == old.id and again.receipt.duplicate


def test_a_file_named_by_a_return_that_counts_is_kept(warehouse, monkeypatch) -> None:
    """The same bytes delivered for two contracts: one version superseded, the other still
    the return that counts; the shared file stays."""
    old, _, _ = _versions(monkeypatch)
    with session_scope() as s:
        twin = Submission(
            **{**old.model_dump(), "id": None, "contract_id": "other-feed", "status": "loaded"}
        )
        s.add(twin)
        s.commit()
    contracts = load_contracts()
    later = utcnow() + timedelta(days=10_000)
    with session_scope() as s:
        report = purge_raw_files(s, default_store(), contracts, now=later)
    assert report.removed == [] and report.kept_in_use == 1
    assert default_store().exists(old.sha256)


def test_the_purge_command_and_the_daily_job(warehouse, monkeypatch) -> None:
    import workers.sources.retention as retention
    from workers.scheduler import FeedScheduler

    old, _, _ = _versions(monkeypatch)
    dry = runner.invoke(sdh, ["landing", "purge", "--dry-run"])
    assert dry.exit_code == 0 and "0 raw file(s) would be removed" in dry.output
    real_utcnow = retention.utcnow
    monkeypatch.setattr(retention, "utcnow", lambda: real_utcnow() + timedelta(days=400))
    done = runner.invoke(sdh, ["landing", "purge"])
    assert done.exit_code == 0, done.output
    assert f"1 raw file(s) removed, of submission(s) {old.id}" in " ".join(done.output.split())
    assert not default_store().exists(old.sha256)
    sent: list[str] = []
    scheduler = FeedScheduler(
        lambda c, a: None, lambda: None, lambda: None, send_purge=lambda: sent.append("purge")
    )
    job = scheduler.scheduler.get_job("retention")
    assert job is not None and "hour='2'" in str(job.trigger)
    job.func()
    assert sent == ["purge"]


def test_every_contract_states_its_retention() -> None:
    contracts = load_contracts()
    assert contracts and all(
        c.retention_days and c.retention_days >= 30 for c in contracts.values()
    )
    assert (
        contracts["la-csc-episodes"].retention_days <= contracts["la-csc-activity"].retention_days
    )  # type: ignore[operator]
