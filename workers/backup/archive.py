"""Making and checking a backup folder; see the package's docstring for its layout."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from workers.backup import landing
from workers.backup.database import (
    BackupError,
    count_rows,
    dialect_of,
    dump_postgres,
    dump_sqlite,
    holds_data,
    pg_schema,
    restore_postgres,
    restore_sqlite,
)
from workers.backup.landing import LandingFile

__all__ = ["BackupError", "Manifest", "create_backup", "restore_backup"]

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "warehouse.dump", "sqlite": "warehouse.db"}


@dataclass
class Manifest:
    created_at: str
    dialect: str
    schema: str | None
    database_file: str
    database_sha256: str
    tables: dict[str, int]
    landing: list[LandingFile]
    format: int = FORMAT

    def write(self, folder: Path) -> None:
        tmp = folder / f".{MANIFEST}.tmp"
        tmp.write_text(json.dumps(asdict(self), indent=1, sort_keys=True))
        os.replace(tmp, folder / MANIFEST)

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        if not path.is_file():
            raise BackupError(f"{folder} holds no {MANIFEST}: not a backup, or an unfinished one")
        data = json.loads(path.read_text())
        if data.get("format") != FORMAT:
            raise BackupError(f"{path}: backup format {data.get('format')}, expected {FORMAT}")
        data["landing"] = [LandingFile(**f) for f in data["landing"]]
        return cls(**data)


@dataclass
class RestoreReport:
    manifest: Manifest
    landing_written: int
    missing_landing: list[int] = field(default_factory=list)  # submission ids

    @property
    def rows(self) -> int:
        return sum(self.manifest.tables.values())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _settings_parts(database_url: str | None, landing_dir: Path | None):
    from workers.settings import get_settings
    from workers.warehouse.db import get_engine

    settings = get_settings()
    url = database_url or settings.resolved_database_url
    return url, get_engine(url), landing_dir or settings.landing_dir


def create_backup(
    folder: Path, *, database_url: str | None = None, landing_dir: Path | None = None
) -> Manifest:
    """Back the warehouse and the landing store up into ``folder`` (new or empty)."""
    url, engine, landing_root = _settings_parts(database_url, landing_dir)
    dialect = dialect_of(url)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: back up into a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    database_file = folder / DATABASE_FILES[dialect]
    if dialect == "postgresql":
        from sqlalchemy.engine import make_url

        tables = dump_postgres(engine, url, database_file)
        schema: str | None = pg_schema(make_url(url))
    else:
        tables = dump_sqlite(url, database_file)
        schema = None
    files = landing.copy_out(landing_root, folder / "landing")
    manifest = Manifest(
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        dialect=dialect,
        schema=schema,
        database_file=database_file.name,
        database_sha256=_sha256(database_file),
        tables=tables,
        landing=files,
    )
    manifest.write(folder)
    return manifest


def restore_backup(
    folder: Path,
    *,
    force: bool = False,
    database_url: str | None = None,
    landing_dir: Path | None = None,
) -> RestoreReport:
    """Restore ``folder`` into the configured warehouse and landing store.

    Refuses a warehouse that holds returns or events unless ``force``: a restore replaces
    the database whole. Stop the workers, scheduler and web app first.
    """
    from workers.warehouse.db import dispose_engines, get_engine, init_db

    url, engine, landing_root = _settings_parts(database_url, landing_dir)
    manifest = Manifest.read(folder)
    dialect = dialect_of(url)
    if dialect != manifest.dialect:
        raise BackupError(f"the backup is of a {manifest.dialect} warehouse; this one is {dialect}")
    database_file = folder / manifest.database_file
    if not database_file.is_file() or _sha256(database_file) != manifest.database_sha256:
        raise BackupError(f"{database_file} is missing or does not match its checksum")
    landing.verify(folder / "landing", manifest.landing)
    try:
        occupied = holds_data(engine)
    except Exception:
        occupied = False  # no tables yet, or a database file not created yet
    if occupied and not force:
        raise BackupError(
            "the warehouse already holds returns: restoring would replace them. "
            "Back it up first, then restore with --force"
        )

    dispose_engines()
    if dialect == "postgresql":
        restore_postgres(get_engine(url), url, database_file)
    else:
        restore_sqlite(url, database_file)
    dispose_engines()
    engine = get_engine(url)
    with engine.connect() as conn:
        restored = count_rows(conn)
    differ = {t: (n, restored.get(t)) for t, n in manifest.tables.items() if restored.get(t) != n}
    if differ:
        raise BackupError(f"restored tables differ from the backup (expected, found): {differ}")
    written = landing.copy_in(folder / "landing", manifest.landing, landing_root)
    init_db(engine)  # tables or views added since the backup; reference data refreshed
    missing = _submissions_without_bytes(engine, landing_root)
    return RestoreReport(manifest, written, missing)


def _submissions_without_bytes(engine, landing_root: Path) -> list[int]:
    """Submissions whose landing file is not in the store (they could not be replayed)."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, landing_path FROM submission")).all()
    return [sid for sid, path in rows if path and not (landing_root / path).is_file()]
