"""What the web pages need from the settings: the session key, how the session cookie is
sent, and where the templates are (all in ``workers/settings.py``, ``SDH_*`` variables)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from workers.settings import Settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class WebConfig:
    secret_key: str
    cookie_secure: bool | None
    idle_seconds: int
    max_seconds: int
    templates_dir: Path


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
    given = settings.secret_key.get_secret_value() if settings.secret_key else ""
    secret = given or _kept_secret(settings.data_dir)
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(
            f"SDH_SECRET_KEY must have at least {MIN_SECRET_LENGTH} characters; make one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
        )
    return WebConfig(
        secret_key=secret,
        cookie_secure=settings.session_cookie_secure,
        idle_seconds=settings.session_idle_minutes * 60,
        max_seconds=settings.session_max_hours * 3600,
        templates_dir=settings.web_templates_dir,
    )
