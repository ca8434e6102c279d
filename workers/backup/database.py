"""Copying the warehouse database out and back: ``pg_dump``/``pg_restore`` or SQLite's
backup API, both reading one consistent snapshot while the hub keeps running.

The row counts taken at backup come from the same snapshot as the copy, so that a restore
can be checked table by table against them.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlmodel import SQLModel

from workers.errors import SdhError

#: Tables whose rows make a warehouse "not empty": restoring over them needs --force.
DATA_TABLES = ("submission", "event", "measure_fact")


class BackupError(SdhError):
    """A backup or restore could not be made or would be unsafe; nothing was changed
    unless the message says otherwise."""


def dialect_of(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"backups cover SQLite and PostgreSQL warehouses, not {name}")
    return name


def count_rows(conn: Connection) -> dict[str, int]:
    """Rows in every hub table present (the hub's tables only: views and others are not)."""
    present = set(inspect(conn).get_table_names())
    return {
        name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
        for name in sorted(SQLModel.metadata.tables)
        if name in present
    }


def holds_data(engine: Engine) -> bool:
    """True when the warehouse holds returns or events (reference data alone is empty)."""
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        for name in DATA_TABLES:
            if name in present and conn.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first():
                return True
    return False


# --- SQLite ------------------------------------------------------------------------------


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def dump_sqlite(url: str, target: Path) -> dict[str, int]:
    """Copy with the backup API (consistent even while workers write), then count the copy."""
    source = sqlite3.connect(sqlite_path(url), timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # A self-contained file: no -wal beside it when the backup is later read.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        source.close()
        copy.close()
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{target}")
    try:
        with engine.connect() as conn:
            return count_rows(conn)
    finally:
        engine.dispose()


def restore_sqlite(url: str, source: Path) -> None:
    """Overwrite the target database, page for page, with the backup's."""
    path = sqlite_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(path, timeout=30)
    try:
        backup.backup(target)
    finally:
        backup.close()
        target.close()


# --- PostgreSQL ----------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: SDH_PG_BIN_DIR, then PATH, then the newest installed version."""
    from workers.settings import get_settings

    configured = get_settings().pg_bin_dir
    candidates = [str(configured / name)] if configured else []
    found = shutil.which(name)
    if found:
        candidates.append(found)
    candidates += sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(f"{name} not found: install the PostgreSQL client or set SDH_PG_BIN_DIR")


def pg_schema(url: URL) -> str:
    """The schema the hub's tables are in: the URL's search_path option, else public."""
    options = str(url.query.get("options", ""))
    found = re.search(r"search_path\s*=\s*([A-Za-z0-9_]+)", options)
    return found.group(1) if found else "public"


def _conninfo(url: URL) -> str:
    """A libpq connection string without the password (that goes in PGPASSWORD, so it is
    never on a command line another user can read)."""

    def quote(value: object) -> str:
        return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"

    parts = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database}
    parts.update({k: v for k, v in url.query.items() if k != "options" and isinstance(v, str)})
    return " ".join(f"{k}={quote(v)}" for k, v in parts.items() if v is not None)


def _run(args: list[str], url: URL, what: str) -> str:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: {' / '.join(message[-3:]) or done.returncode}")
    return done.stdout


def dump_postgres(engine: Engine, url_text: str, target: Path) -> dict[str, int]:
    """``pg_dump -Fc`` of the hub's schema, from a snapshot the counts are read in too."""
    url = make_url(url_text)
    schema = pg_schema(url)
    with engine.connect() as conn:
        conn.execute(text("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        counts = count_rows(conn)
        _run(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--schema={schema}",
                f"--snapshot={snapshot}",
                f"--file={target}",
                f"--dbname={_conninfo(url)}",
            ],
            url,
            "pg_dump",
        )
        conn.execute(text("COMMIT"))
    return counts


def restore_postgres(engine: Engine, url_text: str, source: Path) -> None:
    """Empty the hub's schema, then ``pg_restore`` the dump in one transaction.

    The schema itself is recreated here rather than by the dump, so that a dump of
    ``public`` and one of any other schema restore the same way.
    """
    url = make_url(url_text)
    schema = pg_schema(url)
    listing = _run([pg_tool("pg_restore"), "--list", str(source)], url, "pg_restore --list")
    kept = [
        line
        for line in listing.splitlines()
        if not re.match(r"^\d+; \d+ \d+ (SCHEMA|COMMENT - SCHEMA) ", line)
    ]
    dumped = re.findall(r"^\d+; \d+ \d+ TABLE (\S+) ", listing, flags=re.MULTILINE)
    if dumped and schema not in dumped:
        raise BackupError(
            f"the backup holds schema {dumped[0]!r}; the warehouse is in {schema!r}: "
            "restore into a database whose search_path names the backup's schema"
        )
    # The list goes beside the database, not in the backup (which may be read-only).
    fd, toc_name = tempfile.mkstemp(prefix="sdh-restore-", suffix=".toc")
    toc = Path(toc_name)
    with os.fdopen(fd, "w") as fh:
        fh.write("\n".join(kept) + "\n")
    try:
        engine.dispose()
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
        _run(
            [
                pg_tool("pg_restore"),
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                f"--use-list={toc}",
                f"--dbname={_conninfo(url)}",
                str(source),
            ],
            url,
            "pg_restore",
        )
    finally:
        toc.unlink(missing_ok=True)
