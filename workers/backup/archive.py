"""Making and checking a backup folder; see the package's docstring for its layout."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from workers.backup import keys as backup_keys
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
from workers.private_files import FILE_MODE, private_dir
from workers.sealed import SealError, UnsealingReader, parse_key, seal_stream
from workers.settings import get_settings
from workers.sources.landing import LandingStore
from workers.sources.retention import EVENT
from workers.warehouse.db import dispose_engines, get_engine, init_db

__all__ = ["BackupError", "Manifest", "create_backup", "restore_backup"]

#: 2: sealed (the database copy and the keys with the backup key, landing files with the
#: landing key), owner-only. 1: the plaintext backups made before; they still restore.
FORMAT = 2
READABLE_FORMATS = (1, 2)
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "warehouse.dump", "sqlite": "warehouse.db"}
SEALED_SUFFIX = ".sealed"


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
    #: A fingerprint of the backup key (format 2), to say "wrong key" before anything.
    key_check: str | None = None
    keys_file: str | None = None

    def write(self, folder: Path) -> None:
        tmp = folder / f".{MANIFEST}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w") as fh:
            fh.write(json.dumps(asdict(self), indent=1, sort_keys=True))
        os.replace(tmp, folder / MANIFEST)

    @property
    def sealed(self) -> bool:
        return self.format >= 2

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        if not path.is_file():
            raise BackupError(f"{folder} holds no {MANIFEST}: not a backup, or an unfinished one")
        data = json.loads(path.read_text())
        if data.get("format") not in READABLE_FORMATS:
            raise BackupError(
                f"{path}: backup format {data.get('format')}, expected one of {READABLE_FORMATS}"
            )
        data["landing"] = [LandingFile(**f) for f in data["landing"]]
        return cls(**data)


@dataclass
class RestoreReport:
    manifest: Manifest
    landing_written: int
    missing_landing: list[int] = field(default_factory=list)  # submission ids
    keys_written: list[Path] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.manifest.tables.values())


@dataclass
class BackupResult:
    manifest: Manifest
    key: backup_keys.BackupKey


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _settings_parts(database_url: str | None, landing_dir: Path | None):

    settings = get_settings()
    url = database_url or settings.resolved_database_url
    return settings, url, get_engine(url), landing_dir or settings.landing_dir


@contextmanager
def _scratch(near: Path | None = None) -> Iterator[Path]:
    """A private folder for a plaintext copy of the database while it is sealed or
    restored (0700, removed afterwards whatever happens)."""
    folder = Path(tempfile.mkdtemp(prefix=".sdh-backup-", dir=near))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _seal_file(source: Path, target: Path, key: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        seal_stream(src, out, key)
        out.flush()
        os.fsync(out.fileno())


def _unseal_file(source: Path, target: Path, key: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            reader = io.BufferedReader(UnsealingReader(src, key, name=source.name), 1 << 20)
            shutil.copyfileobj(reader, out, 1 << 20)
    except SealError as exc:
        raise BackupError(str(exc)) from None


def create_backup(
    folder: Path, *, database_url: str | None = None, landing_dir: Path | None = None
) -> BackupResult:
    """Back the warehouse and the landing store up into ``folder`` (new or empty), sealed
    and owner-only."""

    settings, url, engine, landing_root = _settings_parts(database_url, landing_dir)
    dialect = dialect_of(url)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: back up into a new folder")
    key = backup_keys.backup_key_for_create(settings)
    private_dir(folder)
    database_file = folder / (DATABASE_FILES[dialect] + SEALED_SUFFIX)
    with _scratch(folder) as scratch:
        plain = scratch / DATABASE_FILES[dialect]
        if dialect == "postgresql":
            from sqlalchemy.engine import make_url

            tables = dump_postgres(engine, url, plain)
            schema: str | None = pg_schema(make_url(url))
        else:
            tables = dump_sqlite(url, plain)
            schema = None
        _seal_file(plain, database_file, key.key)
    keys_file = folder / backup_keys.KEYS_FILE
    backup_keys.seal_keys(settings, key, keys_file)
    keys_file.chmod(FILE_MODE)
    files = landing.copy_out(LandingStore(landing_root), folder / "landing")
    manifest = Manifest(
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        dialect=dialect,
        schema=schema,
        database_file=database_file.name,
        database_sha256=_sha256(database_file),
        tables=tables,
        landing=files,
        key_check=key.check,
        keys_file=keys_file.name,
    )
    manifest.write(folder)
    return BackupResult(manifest, key)


def restore_backup(
    folder: Path,
    *,
    force: bool = False,
    database_url: str | None = None,
    landing_dir: Path | None = None,
    key_file: Path | None = None,
) -> RestoreReport:
    """Restore ``folder`` into the configured warehouse and landing store.

    Refuses a warehouse that holds returns or events unless ``force``: a restore replaces
    the database whole. Stop the workers, scheduler and web app first.
    """

    settings, url, engine, landing_root = _settings_parts(database_url, landing_dir)
    manifest = Manifest.read(folder)
    dialect = dialect_of(url)
    if dialect != manifest.dialect:
        raise BackupError(f"the backup is of a {manifest.dialect} warehouse; this one is {dialect}")
    database_file = folder / manifest.database_file
    if not database_file.is_file() or _sha256(database_file) != manifest.database_sha256:
        raise BackupError(f"{database_file} is missing or does not match its checksum")
    landing.verify(folder / "landing", manifest.landing)
    plan = backup_keys.KeyPlan({})
    key: backup_keys.BackupKey | None = None
    if manifest.sealed:
        key = backup_keys.backup_key_for_restore(settings, key_file)
        if key.check != manifest.key_check:
            raise BackupError(
                f"the backup key from {key.source} is not the key this backup was made with"
            )
        carried = backup_keys.open_keys(folder / (manifest.keys_file or ""), key)
        plan = backup_keys.plan_keys(settings, carried, force=force)
    try:
        occupied = holds_data(engine)
    except Exception:
        occupied = False  # no tables yet, or a database file not created yet
    if occupied and not force:
        raise BackupError(
            "the warehouse already holds returns: restoring would replace them. "
            "Back it up first, then restore with --force"
        )

    with _scratch() as scratch:
        if key is not None:
            plain = scratch / DATABASE_FILES[dialect]
            _unseal_file(database_file, plain, key.key)
        else:
            plain = database_file
        dispose_engines()
        if dialect == "postgresql":
            restore_postgres(get_engine(url), url, plain)
        else:
            restore_sqlite(url, plain)
    dispose_engines()
    engine = get_engine(url)
    with engine.connect() as conn:
        restored = count_rows(conn)
    differ = {t: (n, restored.get(t)) for t, n in manifest.tables.items() if restored.get(t) != n}
    if differ:
        raise BackupError(f"restored tables differ from the backup (expected, found): {differ}")
    backup_keys.write_keys(plan)
    store = LandingStore(landing_root, _landing_key(plan, settings))
    written = landing.copy_in(folder / "landing", manifest.landing, store)
    init_db(engine)  # tables or views added since the backup; reference data refreshed
    missing = _submissions_without_bytes(engine, landing_root)
    return RestoreReport(manifest, written, missing, sorted(plan.writes))


def _landing_key(plan: backup_keys.KeyPlan, settings) -> bytes:
    """The landing key as restored (a settings object made before the restore may hold
    the key file's earlier content)."""

    for path, value in plan.writes.items():
        if path.name == "landing.key":
            return parse_key(value)
    return settings.landing_key_bytes


def _submissions_without_bytes(engine, landing_root: Path) -> list[int]:
    """Submissions whose landing file is not in the store (they could not be replayed),
    leaving out those whose file was removed past retention, as their events say."""

    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, landing_path FROM submission")).all()
        purged = set(
            conn.execute(
                text("SELECT submission_id FROM event WHERE kind = :kind"), {"kind": EVENT}
            ).scalars()
        )
    return [
        sid
        for sid, path in rows
        if path and sid not in purged and not (landing_root / path).is_file()
    ]
