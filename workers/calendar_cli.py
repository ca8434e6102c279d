"""``sdh calendar``: the returns calendar in the terminal, as the steward's web page shows
it: every return expected in a quarter, when it is due and where it stands."""

from __future__ import annotations

from typing import Annotated

import typer


def calendar(
    quarter: Annotated[
        str | None, typer.Option(help="The quarter, e.g. 2021-Q4; the current one if not given.")
    ] = None,
    agency: Annotated[str | None, typer.Option(help="Only this agency's returns.")] = None,
    status: Annotated[
        str | None, typer.Option(help="Only returns in this state, e.g. overdue.")
    ] = None,
) -> None:
    """Every return expected in a quarter: when it is due and where it stands."""
    from collections import Counter
    from datetime import date

    from rich.console import Console
    from rich.table import Table

    from workers.contracts.loader import load_contracts
    from workers.labels import agency_label, period_words
    from workers.returns_calendar import STATES
    from workers.warehouse.db import init_db, session_scope
    from workers.web.pages.calendar import calendar_rows, parse_quarter_param

    console = Console()
    today = date.today()
    shown = parse_quarter_param(quarter, today)
    if quarter and shown.label != quarter.strip():
        raise typer.BadParameter(f"{quarter!r} is not a quarter: write it as 2021-Q4")
    if status and status not in STATES:
        raise typer.BadParameter(f"{status!r} is not a state: use one of {', '.join(STATES)}")
    contracts = sorted(load_contracts().values(), key=lambda c: c.label)
    init_db()
    with session_scope() as session:
        rows = calendar_rows(session, contracts, shown, today, agency_id=agency)
    counts = Counter(r.status for r in rows)
    rows = [r for r in rows if not status or r.status == status]
    table = Table(title=f"Returns calendar, {period_words(shown)}", title_justify="left")
    for heading in ("Return", "Agency", "Period", "Due", "Status", "Latest"):
        table.add_column(heading)
    for r in rows:
        latest = (
            f"submission {r.latest.id} ({r.versions} version{'s' * (r.versions > 1)})"
            if r.latest
            else ""
        )
        tone = "red" if r.status in ("overdue", "failed", "needs review") else ""
        table.add_row(
            r.contract.label,
            agency_label(r.agency_id),
            period_words(r.period),
            f"{r.due.day} {r.due:%b %Y}",
            f"[{tone}]{r.status}[/]" if tone else r.status,
            latest,
        )
    console.print(table)
    console.print(", ".join(f"{counts[s]} {s}" for s in STATES if counts[s]) or "No return due.")


def register(app: typer.Typer) -> None:
    app.command("calendar")(calendar)
