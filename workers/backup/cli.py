"""``sdh backup create DIR`` and ``sdh backup restore DIR [--force]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

backup_app = typer.Typer(
    help="Back up and restore the warehouse and the landing store (see docs/reliability.md).",
    no_args_is_help=True,
)


def _fail(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(2)


@backup_app.command("create")
def create(
    folder: Annotated[Path, typer.Argument(help="A new (or empty) folder for the backup.")],
) -> None:
    """Copy the warehouse (pg_dump -Fc, or SQLite's backup API) and every landing file,
    sealed with the backup key (with the pseudonym and landing keys inside), owner-only,
    with a manifest of checksums and row counts; safe while the hub runs."""
    from rich.console import Console

    from workers.backup.archive import BackupError, create_backup

    try:
        result = create_backup(folder)
    except BackupError as exc:
        _fail(str(exc))
        return
    manifest = result.manifest
    size = sum(f.bytes for f in manifest.landing)
    console = Console()
    console.print(
        f"Backed up to {folder}: {manifest.dialect} warehouse ({manifest.database_file}, "
        f"{manifest.tables.get('submission', 0):,} submissions, "
        f"{manifest.tables.get('event', 0):,} events) and {len(manifest.landing):,} landing "
        f"file(s), {size:,} bytes; sealed with the backup key from {result.key.source}, "
        "with the pseudonym and landing keys inside"
    )
    if result.key.made_now:
        console.print(
            f"[yellow]A backup key was made: {result.key.source}.[/] Keep a copy of it now "
            "away from this machine and from the backups (a password manager, a sealed "
            "envelope): no backup can be restored without it, and anyone holding a backup "
            "and its key can read it."
        )


@backup_app.command("restore")
def restore(
    folder: Annotated[Path, typer.Argument(help="A folder `sdh backup create` wrote.")],
    force: Annotated[
        bool,
        typer.Option(help="Replace a warehouse that already holds returns."),
    ] = False,
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file",
            help="The backup key (default SDH_BACKUP_KEY, then DATA_DIR/backup.key).",
        ),
    ] = None,
) -> None:
    """Check the backup's checksums, then restore the warehouse and landing store from it.

    Stop the workers, scheduler and web app first. Refuses a warehouse that holds returns
    unless --force.
    """
    from rich.console import Console

    from workers.backup.archive import BackupError, restore_backup

    try:
        report = restore_backup(folder, force=force, key_file=key_file)
    except BackupError as exc:
        _fail(str(exc))
        return
    console = Console()
    console.print(
        f"Restored {report.manifest.dialect} warehouse from {folder} "
        f"(backup of {report.manifest.created_at}): {report.rows:,} rows in "
        f"{len(report.manifest.tables)} tables, counts match; "
        f"{len(report.manifest.landing):,} landing file(s) checked, "
        f"{report.landing_written:,} written"
    )
    for path in report.keys_written:
        console.print(f"The backup's key written to {path} (owner-only).")
    if report.missing_landing:
        console.print(
            f"[yellow]{len(report.missing_landing)} submission(s) have no landing file and "
            f"cannot be replayed:[/] {', '.join(map(str, report.missing_landing[:20]))}"
        )
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(backup_app, name="backup")
