"""``sdh landing``: seal the files of an older landing store, and remove raw files past
retention (the scheduler does that every day; this is for the embedded hub and by hand)."""

from __future__ import annotations

from typing import Annotated

import typer

landing_app = typer.Typer(
    help="The landing store of raw returns: sealing and retention.", no_args_is_help=True
)


@landing_app.command("seal")
def seal() -> None:
    """Encrypt every file written before the store was sealed (each checked against its
    sha256 first, replaced atomically); files already sealed are left as they are."""
    from rich.console import Console

    from workers.sources.landing import LandingDamaged, default_store

    store = default_store()
    sealed = already = 0
    damaged: list[str] = []
    for sha in store.stored():
        try:
            if store.seal_in_place(sha):
                sealed += 1
            else:
                already += 1
        except LandingDamaged as exc:
            damaged.append(str(exc))
    console = Console()
    console.print(f"{sealed:,} file(s) sealed, {already:,} already sealed.")
    if damaged:
        Console(stderr=True).print(
            f"[red]{len(damaged)} file(s) left as they are:[/] " + "; ".join(damaged[:5])
        )
        raise typer.Exit(1)


@landing_app.command("purge")
def purge(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be removed; remove nothing.")
    ] = False,
) -> None:
    """Remove the raw files of superseded and rejected returns past their contract's
    retentionDays; each removal is an event on the submissions that named the file."""
    import getpass

    from rich.console import Console

    from workers.contracts.loader import load_contracts
    from workers.sources.landing import default_store
    from workers.sources.retention import purge_raw_files
    from workers.warehouse.db import init_db, session_scope

    init_db()
    with session_scope() as session:
        report = purge_raw_files(
            session, default_store(), load_contracts(), actor=getpass.getuser(), dry_run=dry_run
        )
    verb = "would be removed" if dry_run else "removed"
    Console().print(
        f"{len(report.removed):,} raw file(s) {verb}, of submission(s) "
        f"{', '.join(map(str, report.submissions[:20])) or 'none'}"
        + (f" and {len(report.submissions) - 20} more" if len(report.submissions) > 20 else "")
        + (
            f"; {report.kept_in_use} kept: another submission of the same bytes still counts"
            if report.kept_in_use
            else ""
        )
    )


def register(app: typer.Typer) -> None:
    app.add_typer(landing_app, name="landing")
