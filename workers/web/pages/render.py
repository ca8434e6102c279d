"""Rendering a page: the Jinja2 templates (autoescaped), the filters they share, the
navigation a role sees, and the headers every page is sent with."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from workers.accounts import Action, can
from workers.contracts.loader import get_contract
from workers.errors import SdhError
from workers.labels import period_words
from workers.web.pages.config import WebConfig
from workers.web.pages.session import CSRF_FIELD, csrf_token, current_user, take_flashes

LONDON = ZoneInfo("Europe/London")

#: Scripts and styles come only from this site; nothing may frame the pages.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    # The pages show returns' contents: never keep them in a shared or back-button cache.
    "Cache-Control": "no-store",
}

STATUS_LABELS = {
    "received": "Received",
    "validating": "Being validated",
    "validated": "Validated",
    "loading": "Being loaded",
    "needs_review": "Needs review",
    "awaiting_auth": "Waiting for authorisation",
    "loaded": "Loaded",
    "superseded": "Superseded",
    "rejected": "Rejected",
}
#: The badge colour of each status; the text always says the status too.
STATUS_TONES = {
    "received": "pending",
    "validating": "pending",
    "validated": "good",
    "loading": "pending",
    "needs_review": "bad",
    "awaiting_auth": "pending",
    "loaded": "good",
    "superseded": "muted",
    "rejected": "bad",
}

EVENT_LABELS = {
    "received": "Received",
    "duplicate_received": "Sent again (identical file)",
    "validating_started": "Validation started",
    "validated": "Validated",
    "validation_failed": "Held for review",
    "loading_started": "Loading started",
    "validating_released": "Validation stopped; to be retried",
    "loading_released": "Loading stopped; to be retried",
    "loaded": "Loaded into the warehouse",
    "rows_held": "Rows held back",
    "superseded": "Superseded",
    "queries_accepted": "Queries explained",
    "error_overridden": "Error overridden",
    "rejected": "Rejected",
    "resubmission_requested": "Resubmission requested",
    "validation_replayed": "Validated again",
    "authorised": "Authorised by the agency",
    "queries_explained_by_agency": "Queries explained by the agency",
    "queries_explained_in_advance": "Queries explained by the agency when it submitted",
    "explanation_challenged": "Explanation challenged by the data steward",
}


def when(moment: datetime | None) -> str:
    """A moment as people here read it: London time, e.g. ``3 Mar 2021, 14:05``."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(LONDON)
    return f"{local.day} {local:%b %Y, %H:%M}"


def iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def day(value: date | None) -> str:
    return "—" if value is None else f"{value.day} {value:%b %Y}"


def num(value: int | float | None) -> str:
    return "—" if value is None else f"{value:,}"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def event_label(kind: str) -> str:
    return EVENT_LABELS.get(kind, kind.replace("_", " ").capitalize())


def contract_label(contract_id: str) -> str:
    """A return's everyday name ("CSC activity"), or its id if the contract is gone."""
    try:
        return get_contract(contract_id).label
    except SdhError:
        return contract_id


def make_environment(config: WebConfig) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(config.templates_dir)),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        when=when,
        iso=iso,
        day=day,
        num=num,
        status_label=status_label,
        event_label=event_label,
        period_words=period_words,
        contract_label=contract_label,
    )
    env.globals.update(status_tone=lambda s: STATUS_TONES.get(s, "muted"), CSRF_FIELD=CSRF_FIELD)
    return env


def navigation(request: Request) -> list[tuple[str, str]]:
    """The links the signed-in person's role can use, in the order of their day."""
    user = current_user(request)
    links: list[tuple[str, str]] = []
    if can(user, Action.UPLOAD):
        links.append(("/agency", "Your returns"))
    if can(user, Action.REVIEW):
        links.append(("/queue", "Review queue"))
    if can(user, Action.VIEW_RETURNS):
        links += [("/calendar", "Returns calendar"), ("/submissions", "Submissions")]
    if can(user, Action.READ_PACKS):
        links.append(("/packs", "Packs"))
    return links


def page(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    """Render ``template`` with what every page shows (who is signed in, the navigation,
    this session's CSRF token and the messages left by the last action)."""
    env: Environment = request.app.state.page_templates
    path = request.url.path
    full = {
        "request": request,
        "user": current_user(request),
        "nav": [
            (href, label, path == href or path.startswith(href + "/"))
            for href, label in navigation(request)
        ],
        "csrf_token": csrf_token(request),
        "flashes": take_flashes(request),
        **context,
    }
    html = env.get_template(template).render(full)
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)
