"""The one settings object, read from ``SDH_*`` environment variables.

Everything that differs between a laptop demo and the services deployment lives here, so
that the rest of the code never reads the environment itself.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Secrets (the pseudonym key, the session key, the push token, the SMTP URL with its
    password) are ``SecretStr``: they come only from the environment (or ``.env``), and a
    printed, logged or raised ``Settings`` shows them as ``**********``."""

    model_config = SettingsConfigDict(
        env_prefix="SDH_", env_file=".env", extra="ignore", frozen=True
    )

    data_dir: Path = Field(
        default=Path(".sdh"),
        description="Embedded warehouse, landing store and outputs live under this folder.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; defaults to SQLite at DATA_DIR/warehouse.db.",
    )
    broker_url: str | None = Field(
        default=None,
        description="redis://… for the Redis broker; unset for the in-process broker.",
    )
    pseudonym_key: SecretStr | None = Field(
        default=None,
        description="Key for the keyed hash of child identifiers. Unset: a random key is "
        "generated once and kept at DATA_DIR/pseudonym.key.",
    )
    contracts_dir: Path = Field(default=PROJECT_ROOT / "contracts")
    sql_dir: Path = Field(default=PROJECT_ROOT / "sql")
    max_upload_bytes: int = Field(default=100 * 1024 * 1024)
    reconcile_after_seconds: float = Field(
        default=120.0,
        description="A submission idle this long in received or validated is sent again.",
    )
    step_time_limit_seconds: float = Field(
        default=900.0,
        description="Longest a validation or load may run; a claim older than this is stale.",
    )
    packs_auto_build: bool = Field(
        default=True,
        description="Rebuild a quarter's packs in the background when its figures change.",
    )
    pack_debounce_seconds: float = Field(
        default=5.0,
        description="Quiet time after the last load before a quarter's packs are rebuilt.",
    )
    worker_threads: int = Field(default=4, description="Threads per worker process.")
    api_url: str = Field(default="http://127.0.0.1:8000", description="Where `sdh push` sends.")
    api_token: SecretStr | None = Field(
        default=None, description="Agency API token for `sdh push`."
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signs the web sessions. Unset: a random key kept at DATA_DIR/secret.key.",
    )
    source_base_url: str = Field(
        default="http://127.0.0.1:8765",
        description="Base URL that contract source paths are relative to (agency systems).",
    )
    pull_timeout_seconds: float = Field(default=30.0)
    smtp_url: SecretStr | None = Field(
        default=None,
        description="Mail server for notifications: smtp://[user:pass@]host[:port] "
        "(add ?starttls=true to upgrade the connection), or smtps://… for TLS from the "
        "start. Unset: emails wait in the outbox until it is set.",
    )
    mail_from: str = Field(
        default="Safeguarding Data Hub <sdh@localhost>",
        description="The From address of notification emails.",
    )
    public_url: str | None = Field(
        default=None,
        description="The hub's address as people and agencies reach it (https://… behind "
        "the proxy), for links in emails and the API's status_url and Location; default: "
        "SDH_API_URL. Never taken from a request's Host header.",
    )
    smtp_timeout_seconds: float = Field(default=20.0)
    webhook_timeout_seconds: float = Field(default=10.0)
    notify_max_attempts: int = Field(
        default=5, description="Tries of one email or webhook call before giving up."
    )
    notify_max_age_hours: float = Field(
        default=72.0,
        description="Events older than this are not announced (so a newly configured hub "
        "does not mail out its whole history).",
    )

    log_format: Literal["text", "json"] = Field(
        default="text",
        description="text for a person at a terminal; json (one object a line) for a log "
        "collector, as in docker-compose.yml.",
    )
    log_level: str | None = Field(
        default=None,
        description="DEBUG, INFO, WARNING or ERROR. Default: INFO for the worker, scheduler "
        "and web app; WARNING for other commands, so their output stays readable.",
    )
    worker_metrics_port: int | None = Field(
        default=None,
        description="Port of the Prometheus exporter of `sdh worker` (one per host or "
        "container, summing its processes). Unset: no exporter.",
    )
    worker_metrics_host: str = Field(
        default="0.0.0.0", description="Address the worker's Prometheus exporter listens on."
    )
    signin_account_limit: int = Field(
        default=5,
        description="Failed sign-ins for one account (within SDH_SIGNIN_WINDOW_MINUTES) "
        "before further tries from browsers that have not signed in to it before must wait.",
    )
    signin_address_limit: int = Field(
        default=30,
        description="Failed sign-ins from one client address, whatever the names, before "
        "further tries from it must wait (password spraying).",
    )
    signin_window_minutes: int = Field(
        default=15, description="How long a failed sign-in counts against the limits."
    )
    signin_pause_seconds: float = Field(
        default=30.0,
        description="The wait after the limit is reached; it doubles with each further "
        "failure, up to the window.",
    )
    password_hash_concurrency: int = Field(
        default=2,
        description="Password checks (argon2, 64 MiB each) run at once per web process; "
        "more sign-ins wait their turn.",
    )
    api_docs: bool = Field(
        default=True,
        description="Serve the API's documentation (/docs, /openapi.json) to people signed "
        "in and agency tokens; false turns it off.",
    )
    landing_key: SecretStr | None = Field(
        default=None,
        description="Key that encrypts the landing store's files (32 bytes, as 64 hex "
        "digits or URL-safe base64). Unset: a random key is made once and kept at "
        "DATA_DIR/landing.key.",
    )
    backup_key: SecretStr | None = Field(
        default=None,
        description="Key that encrypts backups (as SDH_LANDING_KEY). Unset: a random key "
        "kept at DATA_DIR/backup.key; keep a copy away from the backups.",
    )
    pg_bin_dir: Path | None = Field(
        default=None,
        description="Folder holding pg_dump and pg_restore for `sdh backup` (default: "
        "PATH, then the newest /usr/lib/postgresql/*/bin).",
    )

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'warehouse.db').resolve()}"

    @property
    def resolved_public_url(self) -> str:
        return (self.public_url or self.api_url).rstrip("/")

    @property
    def landing_dir(self) -> Path:
        return self.data_dir / "landing"

    @property
    def output_dir(self) -> Path:
        return self.data_dir / "outputs"

    @cached_property
    def pseudonym_key_bytes(self) -> bytes:
        """The key as bytes; embedded installs get a persistent random key.

        A fixed default key in the code would make the hash reversible by anyone who can
        enumerate child identifiers, so there is none.
        """
        if self.pseudonym_key and self.pseudonym_key.get_secret_value():
            return self.pseudonym_key.get_secret_value().encode()
        return kept_key(self.data_dir / "pseudonym.key").encode()

    @cached_property
    def landing_key_bytes(self) -> bytes:
        """The landing store's key: SDH_LANDING_KEY, else DATA_DIR/landing.key (made once,
        owner-only). Neither is in the database, so a copy of it reveals no raw file."""
        from workers.sealed import parse_key

        if self.landing_key and self.landing_key.get_secret_value():
            return parse_key(self.landing_key.get_secret_value(), "SDH_LANDING_KEY")
        path = self.data_dir / "landing.key"
        return parse_key(kept_key(path), str(path))

    @property
    def backup_key_file(self) -> Path:
        return self.data_dir / "backup.key"


def kept_key(path: Path) -> str:
    """The random key kept in ``path`` (64 hex digits), made owner-only on first use.

    Two processes starting at once must not each make a key (files sealed with the loser's
    would be lost): the key is written beside the path and linked into place, which only
    one of them can do; the other reads the winner's."""
    from workers.sealed import new_key_text

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(new_key_text())
                fh.flush()
                os.fsync(fh.fileno())
            with contextlib.suppress(FileExistsError):  # another process made it first
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    return path.read_text().strip()


def get_settings() -> Settings:
    """Settings as the environment says now, built once per distinct environment.

    A worker asks for settings a dozen times per return; building them each time (reading
    ``.env``, validating every field) was a fifth of a small return's CPU. Keying the cache
    on the ``SDH_*`` variables and the working directory keeps tests that change the
    environment between cases correct. Settings are frozen, so a cached one cannot be
    changed under another caller.
    """
    key = (
        os.getcwd(),
        tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith("SDH_"))),
    )
    return _settings_for(key)


@functools.lru_cache(maxsize=32)
def _settings_for(_key: tuple) -> Settings:
    return Settings()
