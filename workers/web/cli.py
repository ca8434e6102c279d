"""CLI commands of the web side (``sdh serve``, ``sdh push``, ``sdh tokens``).

Imports stay inside the commands, so ``sdh --help`` does not pay for FastAPI, uvicorn,
requests or the database layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

tokens_app = typer.Typer(
    help="Agency API tokens for pushing returns (only their hashes are stored).",
    no_args_is_help=True,
)

#: Exit codes of ``sdh push``, for an agency's scripts.
EXIT_ACCEPTED, EXIT_NEEDS_REVIEW, EXIT_FAILED, EXIT_PENDING = 0, 1, 2, 3
#: Outcomes that mean the agency (or a steward) has to act before the return counts.
NEEDS_ACTION = {"needs_review", "rejected"}


def _consoles() -> tuple[Console, Console]:
    from rich.console import Console

    return Console(), Console(stderr=True)


def _fail(message: str, code: int = EXIT_FAILED) -> None:
    from rich.markup import escape

    _consoles()[1].print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    embedded: Annotated[
        bool | None,
        typer.Option(
            "--embedded/--no-embedded",
            help="Run validation workers in this process. Default: yes when "
            "SDH_BROKER_URL is unset (nothing else would pick the pushed returns up).",
        ),
    ] = None,
) -> None:
    """Run the intake API (uvicorn, factory workers.web.app:create_app)."""
    import uvicorn

    from workers.settings import get_settings, use_settings

    settings = get_settings()
    configured = settings.public_url or "api_url" in settings.model_fields_set
    if not configured and host not in ("0.0.0.0", "::"):
        # On a laptop the hub's address is where it listens: the status URLs it answers
        # pushes with say so (behind a proxy, set SDH_PUBLIC_URL).
        settings = settings.model_copy(update={"public_url": f"http://{host}:{port}"})
    if embedded is None:
        embedded = not settings.broker_url
    console, _ = _consoles()
    # uvicorn builds the app in this process, so the settings in force reach it.
    with use_settings(settings):
        if not embedded:
            uvicorn.run("workers.web.app:create_app", factory=True, host=host, port=port)
            return
        from workers.runtime.embedded import EmbeddedRuntime
        from workers.warehouse.db import init_db

        init_db()
        with EmbeddedRuntime() as runtime:
            console.print(
                f"Validation workers: {runtime.worker.worker_threads} thread(s) in this process"
            )
            uvicorn.run("workers.web.app:create_app", factory=True, host=host, port=port)


def push(
    contract: Annotated[str, typer.Argument(help="Contract id, e.g. la-csc-activity.")],
    file: Annotated[Path, typer.Argument(help="The return file.", exists=True, dir_okay=False)],
    period: Annotated[str | None, typer.Option(help="Period, if the file does not say.")] = None,
    api_url: Annotated[
        str | None, typer.Option(help="The hub's address (default: SDH_API_URL).")
    ] = None,
    token: Annotated[
        str | None, typer.Option(help="Agency API token (default: SDH_API_TOKEN; prefer it).")
    ] = None,
    wait: Annotated[
        bool, typer.Option("--wait/--no-wait", help="Wait for validation and loading.")
    ] = True,
    timeout: Annotated[float, typer.Option(help="Longest wait for the outcome, seconds.")] = 600,
    issues: Annotated[int, typer.Option(help="Row issues to show.")] = 20,
) -> None:
    """Deliver a return to the hub's API and show its outcome.

    Exit 0 when loaded (or accepted), 1 when it needs review, 2 when it could not be
    delivered, 3 when it was delivered but not finished within --timeout.
    """
    from workers.settings import get_settings
    from workers.web.push import PENDING, PushError, push_return

    settings = get_settings()
    token = token or (settings.api_token.get_secret_value() if settings.api_token else None)
    if not token:
        _fail("No API token: set SDH_API_TOKEN (or pass --token); `sdh tokens create` makes one")
    url = api_url or settings.api_url
    try:
        result = push_return(
            url, token or "", contract, file, period, wait, timeout, page_size=issues
        )
    except PushError as exc:
        _fail(str(exc))
        return
    console, _ = _consoles()
    if not wait:
        console.print(
            f"Submission {result['submission_id']}: {result['status']}"
            + (" (identical to a return already delivered)" if result["duplicate"] else "")
            + f" · follow it at {result['status_url']}"
        )
        return
    render_outcome(result, console)
    if result["status"] in NEEDS_ACTION:
        raise typer.Exit(EXIT_NEEDS_REVIEW)
    if result["status"] in PENDING:
        console.print(f"Still {result['status']} after {timeout:g} s; the hub carries on.")
        raise typer.Exit(EXIT_PENDING)


def render_outcome(sub: dict[str, Any], console: Console) -> None:
    """Status, row accounting, the failing rules and the first row issues."""
    from rich.markup import escape
    from rich.table import Table

    colour = {"loaded": "green", "needs_review": "red", "rejected": "red"}.get(
        sub["status"], "yellow"
    )
    console.print(
        f"Submission {sub['id']} · {escape(sub['filename'])} · {sub['contract']} "
        f"v{sub['version']} · {sub['agency']} · period {sub['period'] or '?'}"
    )
    if sub.get("duplicate"):
        console.print("Identical to a return already delivered: nothing new was loaded.")

    def n(key: str) -> str:
        return "—" if sub.get(key) is None else f"{sub[key]:,}"

    console.print(
        f"[bold {colour}]{sub['status']}[/] · rows received {n('rows_received')}, loaded "
        f"{n('rows_loaded')}, held {n('rows_held')} · errors {n('error_count')}, queries "
        f"{n('query_count')}"
        + (f" · supersedes submission {sub['supersedes']}" if sub.get("supersedes") else "")
    )
    failing = [r for r in sub.get("rules", []) if r["rows_failed"]]
    if failing:
        table = Table(title="Rules not met")
        for col in ("rule", "severity", "rows", "message"):
            table.add_column(col)
        for r in failing:
            table.add_row(r["code"], r["severity"], str(r["rows_failed"]), escape(r["message"]))
        console.print(table)
    page = sub.get("row_issues") or {}
    if page.get("items"):
        table = Table(title="Row issues")
        for col in ("row", "column", "value", "rule", "message"):
            table.add_column(col)
        for i in page["items"]:
            column = " ".join(p for p in (i["column_letter"], i["column"]) if p)
            table.add_row(
                "" if i["row"] is None else str(i["row"]),
                escape(column),
                escape(i["value"] or ""),
                i["rule"],
                escape(i["message"]),
            )
        console.print(table)
        more = page["total"] - len(page["items"])
        if more > 0:
            console.print(f"… and {more:,} more row issue(s): GET the status URL with ?page=2")


def _actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "admin"


@tokens_app.command("create")
def tokens_create(
    agency: Annotated[str, typer.Option(help="The agency id the token pushes for.")],
    name: Annotated[str, typer.Option(help="What uses it, e.g. 'nightly export'.")],
) -> None:
    """Issue a token; it is printed once (alone on stdout) and never stored."""
    from workers.warehouse.db import init_db, session_scope
    from workers.web.tokens import TokenError, create_token

    engine = init_db()
    try:
        with session_scope(engine) as session:
            issued = create_token(session, agency, name, created_by=_actor())
    except TokenError as exc:
        _fail(str(exc))
        return
    _, err = _consoles()
    err.print(
        f"API token {issued.id} for [bold]{issued.agency_id}[/] ({issued.name}), "
        f"prefix {issued.prefix}:"
    )
    typer.echo(issued.secret)
    err.print(
        "[yellow]Copy it now: the hub keeps only its hash, so it cannot be shown again.[/] "
        "The agency sets it as SDH_API_TOKEN for `sdh push`."
    )


@tokens_app.command("revoke")
def tokens_revoke(
    token: Annotated[str, typer.Argument(help="Token id or prefix (see `sdh tokens list`).")],
) -> None:
    """Revoke a token; it stops working at once."""
    from workers.warehouse.db import init_db, session_scope
    from workers.web.tokens import TokenError, revoke_token

    engine = init_db()
    try:
        with session_scope(engine) as session:
            revoked = revoke_token(session, token, actor=_actor())
    except TokenError as exc:
        _fail(str(exc))
        return
    _consoles()[0].print(
        f"Token {revoked.id} ({revoked.prefix}, {revoked.agency_id}, {revoked.name}) is "
        f"revoked since {revoked.revoked_at:%Y-%m-%d %H:%M} UTC"
    )


@tokens_app.command("list")
def tokens_list(
    agency: Annotated[str | None, typer.Option(help="Only this agency's tokens.")] = None,
) -> None:
    """Every token with its agency, name, prefix and use (no secrets)."""
    from rich.markup import escape
    from rich.table import Table

    from workers.warehouse.db import init_db, session_scope
    from workers.web.tokens import list_tokens

    engine = init_db()
    with session_scope(engine) as session:
        tokens = list_tokens(session, agency)
    table = Table()
    # Folded, never cut short: the prefix is how people tell tokens apart. Who created a
    # token is in its token_created event.
    for col in ("id", "agency", "prefix", "name", "created", "last used", "revoked"):
        table.add_column(col, overflow="fold")

    def when(moment) -> str:
        return "" if moment is None else f"{moment:%Y-%m-%d %H:%M}"

    for t in tokens:
        table.add_row(
            str(t.id),
            t.agency_id,
            t.prefix,
            escape(t.name),
            when(t.created_at),
            when(t.last_used_at),
            when(t.revoked_at),
        )
    _consoles()[0].print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``sdh`` app (imports stay inside commands)."""
    app.command("serve")(serve)
    app.command("push")(push)
    app.add_typer(tokens_app, name="tokens")
