"""The one settings object, read from ``SDH_*`` environment variables.

Everything that differs between a laptop demo and the services deployment lives here, so
that the rest of the code never reads the environment itself.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from workers import resources

#: The variable holding an agency's bearer token when its contract names none.
SOURCE_TOKEN_VARIABLE = "SDH_SOURCE_TOKEN_{AGENCY}"


def agency_suffix(agency_id: str) -> str:
    """``cambridgeshire-cc`` → ``CAMBRIDGESHIRE_CC``, as agency-specific variables are named."""
    return agency_id.upper().replace("-", "_")


def agency_variable(template: str, agency_id: str) -> str:
    """A variable name a contract gives as a template: ``{AGENCY}`` is the agency's suffix."""
    return template.replace("{AGENCY}", agency_suffix(agency_id))


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
    validators_dir: Path = Field(
        default=Path.home() / ".cache" / "sdh-validators",
        description="Where the DfE rule validators' own virtual environment is made (one "
        "folder per lock; see workers/statutory/environment.py).",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; defaults to SQLite at DATA_DIR/warehouse.db.",
    )
    database_password: SecretStr | None = Field(
        default=None,
        description="The database user's password, kept out of DATABASE_URL: the hub puts "
        "it in, escaped, so any character may be in it (docker-compose passes "
        "POSTGRES_PASSWORD here).",
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
    contracts_dir: Path = Field(
        default_factory=resources.contracts_dir,
        description="The data contracts and catalogue/; default: those shipped with the hub.",
    )
    sql_dir: Path = Field(
        default_factory=resources.sql_dir,
        description="Reporting views and queries; default: those shipped.",
    )
    templates_dir: Path = Field(
        default_factory=resources.templates_dir,
        description="Page templates (web/) and pack templates (packs/); default: those shipped.",
    )
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
    commentary_due_days: int = Field(
        default=42,
        ge=0,
        description="Days after a quarter ends by which agencies' commentary is due (the "
        "packs' status grid shows it late after that).",
    )
    worker_threads: int = Field(default=4, description="Threads per worker process.")
    api_url: str = Field(default="http://127.0.0.1:8000", description="Where `sdh push` sends.")
    api_token: SecretStr | None = Field(
        default=None, description="Agency API token for `sdh push`."
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signs the web sessions. Unset: a random key kept at DATA_DIR/secret.key "
        "(fine on one machine; give every web process the same key when there are several).",
    )
    session_cookie_secure: bool | None = Field(
        default=None,
        description="Send the session cookie only over https. Unset: when the request came "
        "over https (behind a proxy, run uvicorn with --proxy-headers).",
    )
    session_idle_minutes: int = Field(
        default=120, description="A session unused this long has ended; sign in again."
    )
    session_max_hours: int = Field(
        default=12, description="The longest a sign-in lasts, however busy the session."
    )
    web_templates: Path | None = Field(
        default=None, description="The page templates alone; default: TEMPLATES_DIR/web."
    )
    pack_templates: Path | None = Field(
        default=None,
        description="The pack templates alone (a business unit's restyled copy); default: "
        "TEMPLATES_DIR/packs.",
    )
    source_base_url: str = Field(
        default="http://127.0.0.1:8765",
        description="Base URL that contract source paths are relative to (agency systems); "
        "SDH_SOURCE_BASE_URL_<AGENCY> for one agency's system.",
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
    notify_receipts: bool = Field(
        default=True,
        description="Email the agency a receipt for each return it delivers (and call its "
        "webhook).",
    )
    remind_days_before_due: int = Field(
        default=3,
        ge=0,
        description="Remind an agency this many days before a return is due, when no "
        "version of it has been accepted yet; 0 sends no reminders (overdue notices still go).",
    )
    webhook_signing_secret: SecretStr | None = Field(
        default=None,
        description="The key webhook calls are signed with (HMAC-SHA256 over the timestamp "
        "and the body: docs/webhooks.md). Give each agency that receives webhooks this key.",
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

    #: Secrets given in code by variable name (``with_source_secrets``), before the
    #: environment's.
    _source_secrets: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def resolved_database_url(self) -> str:
        """The URL to connect with, holding the password when one is set apart. Secret:
        show :attr:`shown_database_url` instead."""
        if not self.database_url:
            return f"sqlite:///{(self.data_dir / 'warehouse.db').resolve()}"
        password = self.database_password.get_secret_value() if self.database_password else ""
        if not password:
            return self.database_url
        from sqlalchemy.engine import make_url

        url = make_url(self.database_url).set(password=password)
        return url.render_as_string(hide_password=False)  # escapes @ : / % and the rest

    @property
    def shown_database_url(self) -> str:
        """The database URL as it may be printed or logged: any password as ``***``."""
        from sqlalchemy.engine import make_url

        return make_url(self.resolved_database_url).render_as_string(hide_password=True)

    @property
    def web_templates_dir(self) -> Path:
        return self.web_templates or self.templates_dir / "web"

    @property
    def pack_templates_dir(self) -> Path:
        return self.pack_templates or self.templates_dir / "packs"

    def named_variable(self, name: str) -> str | None:
        """A variable whose name is data, such as the source token a contract names
        (``SDH_SOURCE_TOKEN_<AGENCY>``): from the environment, else from the ``.env`` file
        the fields are read from, so that ``sdh pull`` and ``sdh simulate`` started in the
        same folder agree on it."""
        value = os.environ.get(name)
        if value:
            return value
        env_file = Path(str(self.model_config.get("env_file") or ".env"))
        if not env_file.is_file():
            return None
        from dotenv import dotenv_values

        return dotenv_values(env_file).get(name) or None

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

    # --- the agencies' systems: variables named per agency, or by the contracts ----------

    def source_base_url_for(self, agency_id: str) -> str:
        """``SDH_SOURCE_BASE_URL_<AGENCY>`` when set, else ``source_base_url``."""
        own = self.named_variable(f"SDH_SOURCE_BASE_URL_{agency_suffix(agency_id)}")
        return (own or self.source_base_url).rstrip("/")

    def source_secret(self, name: str) -> str | None:
        """The secret in the variable ``name``, which a contract's ``source`` names (so
        it is no field here): given in code first, else the environment's, else the
        ``.env`` file's; None if unset or empty."""
        return self._source_secrets.get(name) or self.named_variable(name)

    def source_token(self, agency_id: str, template: str = SOURCE_TOKEN_VARIABLE) -> str | None:
        """An agency's bearer token for its system (``SDH_SOURCE_TOKEN_<AGENCY>``, or the
        variable its contract names)."""
        return self.source_secret(agency_variable(template, agency_id))

    def with_source_secrets(self, values: Mapping[str, str]) -> Settings:
        """A copy that also holds these secrets by variable name: ``sdh demo`` gives its
        simulator's tokens to the hub this way, not through the process environment."""
        copy = self.model_copy()
        copy._source_secrets = {**self._source_secrets, **values}
        return copy


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


#: Settings in force for the whole process instead of the environment's (``use_settings``).
_in_force: Settings | None = None


@contextmanager
def use_settings(settings: Settings) -> Iterator[Settings]:
    """Make ``settings`` what :func:`get_settings` returns, in every thread, until the block
    ends: ``sdh demo`` runs the hub on its own folder this way (its worker threads and
    API server included) without touching the environment."""
    global _in_force
    previous, _in_force = _in_force, settings
    try:
        yield settings
    finally:
        _in_force = previous


def get_settings() -> Settings:
    """Settings as the environment says now, built once per distinct environment (or
    those a :func:`use_settings` block put in force).

    A worker asks for settings a dozen times per return; building them each time (reading
    ``.env``, validating every field) was a large share of a small return's CPU
    (docs/performance.md, "Where a return's CPU goes"). Keying the cache
    on the ``SDH_*`` variables and the working directory keeps tests that change the
    environment between cases correct. Settings are frozen, so a cached one cannot be
    changed under another caller.
    """
    if _in_force is not None:
        return _in_force
    key = (
        os.getcwd(),
        tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith("SDH_"))),
    )
    return _settings_for(key)


@functools.lru_cache(maxsize=32)
def _settings_for(_key: tuple) -> Settings:
    return Settings()
