"""``sdh notify``: send what the outbox holds now, and see what was sent or failed."""

from __future__ import annotations

from typing import Annotated

import typer

notify_app = typer.Typer(
    help="Notifications to agencies (email, webhook): send now, list.", no_args_is_help=True
)


@notify_app.command("send")
def notify_send(
    limit: Annotated[int, typer.Option(help="At most this many events and messages.")] = 200,
) -> None:
    """Plan and send the notifications due now (the scheduler does this every minute)."""
    from rich.console import Console

    from workers.notify.outbox import dispatch_pending
    from workers.warehouse.db import init_db

    init_db()
    summary = dispatch_pending(limit)
    console = Console()
    console.print(
        f"{summary.planned} new message(s) planned · {summary.sent} sent · "
        f"{summary.failed} failed (will retry) · {summary.abandoned} abandoned"
    )
    if summary.waiting_for_smtp:
        console.print(f"{summary.waiting_for_smtp} email(s) wait until SDH_SMTP_URL is set.")
    for error in summary.errors:
        console.print(f"[yellow]{error}[/]", markup=True, highlight=False)


@notify_app.command("list")
def notify_list(
    status: Annotated[
        str | None, typer.Option(help="pending, sent, failed, abandoned or skipped.")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
) -> None:
    """The outbox, newest first: each message, its state, tries and last error."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from sqlmodel import col, select

    from workers.warehouse.db import init_db, session_scope
    from workers.warehouse.models import Event, Notification

    init_db()
    with session_scope() as session:
        query = (
            select(Notification, Event)
            .join(Event, col(Event.id) == col(Notification.event_id))
            .order_by(col(Notification.id).desc())
            .limit(limit)
        )
        if status:
            query = query.where(Notification.status == status)
        rows = session.exec(query).all()
    table = Table()
    for heading in (
        "id",
        "event",
        "submission",
        "agency",
        "channel",
        "to",
        "state",
        "tries",
        "error",
    ):
        table.add_column(heading, overflow="fold")
    for n, e in rows:
        table.add_row(
            str(n.id),
            e.kind,
            "" if e.submission_id is None else str(e.submission_id),
            n.agency_id or "",
            n.channel,
            escape(n.recipient),
            n.status,
            str(n.attempts),
            escape(n.last_error or ""),
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add ``sdh notify`` to the ``sdh`` app (imports stay inside the commands)."""
    app.add_typer(notify_app, name="notify")
