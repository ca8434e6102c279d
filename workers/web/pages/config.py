"""Settings of the web pages: the session key and how the session cookie is sent.

They are read like every other setting (``SDH_*`` environment variables), and a field of
the same name on the hub's ``Settings`` wins once it has one, so moving them into
``workers/settings.py`` later changes nothing for an operator.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from workers.settings import Settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
MIN_SECRET_LENGTH = 32


class PageSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SDH_", env_file=".env", extra="ignore")

    secret_key: str | None = Field(
        default=None,
        description="Signs the session cookie. Unset: a random key is made once and kept at "
        "DATA_DIR/secret.key (fine on one machine; give every web process the same key "
        "when there are several).",
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


@dataclass(frozen=True)
class WebConfig:
    secret_key: str
    cookie_secure: bool | None
    idle_seconds: int
    max_seconds: int
    templates_dir: Path


def _pick(settings: Settings, pages: PageSettings, name: str) -> Any:
    """The hub's own setting when it has the field, else this module's."""
    value = getattr(settings, name, None)
    return value if value is not None else getattr(pages, name)


def _kept_secret(data_dir: Path) -> str:
    """A persistent random key for a single-machine install, readable by its owner only."""
    path = data_dir / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def web_config(settings: Settings) -> WebConfig:
    """The pages' settings; refuses a session key short enough to guess."""
    pages = PageSettings()
    secret = _pick(settings, pages, "secret_key")
    if hasattr(secret, "get_secret_value"):
        secret = secret.get_secret_value()
    secret = secret or _kept_secret(settings.data_dir)
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(
            f"SDH_SECRET_KEY must have at least {MIN_SECRET_LENGTH} characters; make one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
        )
    return WebConfig(
        secret_key=secret,
        cookie_secure=_pick(settings, pages, "session_cookie_secure"),
        idle_seconds=int(_pick(settings, pages, "session_idle_minutes")) * 60,
        max_seconds=int(_pick(settings, pages, "session_max_hours")) * 3600,
        templates_dir=settings.web_templates_dir,
    )
