"""Readiness: can this process do its work now? The database with its schema, the broker,
and the templates its pages and packs are made from.

Liveness (``/healthz``) asks only whether the process answers: restarting a web app
because PostgreSQL is down would not bring PostgreSQL back. Readiness (``/readyz``) is
what a load balancer or ``depends_on`` should wait for, and it names what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from jinja2 import Environment

#: The page every visitor starts at: a web app that cannot render it serves no one.
SIGN_IN_PAGE = "sign_in.html"

#: Seconds a broker check may take; a probe must answer faster than its own timeout.
BROKER_TIMEOUT = 2.0


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        answer: dict[str, object] = {
            "status": "ready" if self.ready else "unavailable",
            "checks": self.checks,
        }
        if self.problems:
            answer["reason"] = "; ".join(self.problems)
        return answer


def _short(exc: BaseException) -> str:
    """The first line of the driver's message: enough to act on, no connection string."""
    inner = getattr(exc, "orig", None) or exc
    first = (str(inner).strip().splitlines() or [type(inner).__name__])[0]
    return f"{type(inner).__name__}: {first[:200]}"


def check_database(engine: Engine) -> tuple[str, str | None]:
    """("ok", None), or a state and the reason: unreachable, or reachable without the schema."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        return "unreachable", f"database unreachable ({_short(exc)})"
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT id FROM submission WHERE 1 = 0")).all()
            agencies = conn.execute(text("SELECT COUNT(*) FROM agency")).scalar_one()
    except Exception as exc:
        return "no_schema", f"database has no hub schema; run `sdh init` ({_short(exc)})"
    if not agencies:
        return "no_reference_data", "database has no agencies; run `sdh init`"
    return "ok", None


def check_broker(url: str | None) -> tuple[str, str | None]:
    """Redis answers PING; no URL is the in-process broker."""
    if not url:
        return "in_process", None
    try:
        import redis

        client = redis.Redis.from_url(
            url, socket_connect_timeout=BROKER_TIMEOUT, socket_timeout=BROKER_TIMEOUT
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:
        return "unreachable", f"broker unreachable ({_short(exc)})"
    return "ok", None


def check_templates(pages: Environment | None, pack_dir: Path | None) -> tuple[str, str | None]:
    """Every page template loads (the sign-in page among them), and the pack templates are
    there. A web app whose image lost its templates answered /readyz 200 and every page 500."""
    from jinja2 import TemplateError

    if pages is not None:
        try:
            names = pages.list_templates()
            if SIGN_IN_PAGE not in names:
                return "missing", f"page templates missing: no {SIGN_IN_PAGE} in {_folder(pages)}"
            for name in names:
                pages.get_template(name)  # compiled once, then kept
        except (TemplateError, OSError) as exc:
            return "broken", f"page template {getattr(exc, 'name', '') or ''} broken: {_short(exc)}"
    if pack_dir is not None:
        from workers.packs.render import PACK_TEMPLATES

        missing = [name for name in PACK_TEMPLATES if not (pack_dir / name).is_file()]
        if missing:
            return "missing", f"pack templates missing in {pack_dir}: {', '.join(missing)}"
    return "ok", None


def _folder(pages: Environment) -> str:
    return ", ".join(str(p) for p in getattr(pages.loader, "searchpath", [])) or "the loader"


def readiness(
    engine: Engine,
    broker_url: str | None,
    pages: Environment | None = None,
    pack_dir: Path | None = None,
) -> Readiness:
    result = Readiness()
    for name, (state, problem) in (
        ("database", check_database(engine)),
        ("broker", check_broker(broker_url)),
        ("templates", check_templates(pages, pack_dir)),
    ):
        result.checks[name] = state
        if problem:
            result.problems.append(problem)
    return result
