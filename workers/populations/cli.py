"""``sdh populations``: the child populations behind rates per 10,000 children.

Exit codes: 0 done; 1 the file was refused (each problem named by row and column); 2 the
command was incomplete or the acting account may not do this.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

populations_app = typer.Typer(
    help="Child populations (0-17) per area and mid-year: the releases behind every rate "
    "per 10,000 children.",
    no_args_is_help=True,
)


def _fail(message: str, code: int) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def _acting(session, name: str | None) -> str:
    """The acting name: a hub account must be one that reviews returns (a data steward or
    an administrator); any other name is an operator at the hub's own terminal."""
    from workers.accounts import Action, can, get_user
    from workers.review.cli import os_user

    acting = (name or os_user()).strip()
    user = get_user(session, acting)
    if user is not None and not can(user, Action.REVIEW):
        _fail(f"{acting} may not change populations: only data stewards and administrators", 2)
    return acting


@populations_app.command("import")
def import_release(
    file: Annotated[Path, typer.Argument(help="CSV with area_code, year, population_0_17.")],
    source: Annotated[
        str,
        typer.Option(help='The release, as a reader should see it: "ONS mid-year 2023".'),
    ],
    acting: Annotated[
        str | None, typer.Option("--as", help="Who imports (default: your user name).")
    ] = None,
) -> None:
    """Store a release of child populations (children aged 0-17 per area and mid-year).

    It is checked whole before anything is stored, and kept with who imported it and when.
    For the years it covers it replaces the figures reports used until now (those stay
    on record: `sdh populations list --all`).
    """
    from rich.console import Console

    from workers.contracts.catalogue import load_catalogue
    from workers.periods import financial_year
    from workers.populations.reader import PopulationFileError, read_release
    from workers.warehouse.db import init_db, session_scope
    from workers.warehouse.populations import add_release

    if not source.strip():
        _fail('Name the release: --source "ONS mid-year 2023"', 2)
    try:
        data = file.read_bytes()
    except OSError as exc:
        _fail(f"{file}: cannot be read: {exc.strerror}", 2)
        return
    areas = {a.code for a in load_catalogue().areas}
    try:
        figures = read_release(data, file.name, areas)
    except PopulationFileError as exc:
        _fail(str(exc), 1)
        return
    init_db()
    with session_scope() as session:
        who = _acting(session, acting)
        added = add_release(
            session, source.strip(), figures, origin="import", imported_by=who, filename=file.name
        )
        session.commit()
        release = added.release
    console = Console()
    if not added.new:
        console.print(
            f"Release {release.id} ({release.source}) holds these figures already, imported "
            f"by {release.imported_by} on {release.imported_at:%Y-%m-%d}: nothing new."
        )
        return
    years = sorted({y for by_year in figures.values() for y in by_year})
    console.print(
        f"Imported release {release.id}, {release.source}: {release.figures} figure(s) for "
        f"{len(figures)} area(s), mid-{years[0]} to mid-{years[-1]}, by {who}. Rates for "
        + ", ".join(financial_year(y).label for y in years)
        + " now use it."
    )


@populations_app.command("list")
def list_populations(
    all_releases: Annotated[
        bool, typer.Option("--all", help="Every release's figures, not only those in use.")
    ] = False,
) -> None:
    """The child population per area and mid-year that reports use, and the releases."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text
    from sqlalchemy import text
    from sqlmodel import col, select

    from workers.numbers import format_number
    from workers.warehouse.db import init_db, session_scope
    from workers.warehouse.models import PopulationRelease

    init_db()
    sql = (
        "SELECT e.area_code, a.name, e.year, e.population_0_17, e.release_id, "
        "CASE WHEN v.release_id = e.release_id THEN 1 ELSE 0 END AS in_use "
        "FROM population_estimate e "
        "JOIN area a ON a.code = e.area_code "
        "JOIN v_area_population v ON v.area_code = e.area_code AND v.year = e.year "
        "ORDER BY e.area_code, e.year, e.release_id"
    )
    with session_scope() as session:
        rows = session.execute(text(sql)).all()
        releases = session.exec(select(PopulationRelease).order_by(col(PopulationRelease.id))).all()
    table = Table(title="Children aged 0-17, per area and mid-year")
    for heading in ("area", "mid-year", "children 0-17", "release"):
        table.add_column(heading, justify="right" if heading == "children 0-17" else "left")
    if all_releases:
        table.add_column("in use")
    for r in rows:
        if all_releases or r.in_use:
            cells = [r.name, str(r.year), format_number(r.population_0_17), str(r.release_id)]
            table.add_row(*cells, *(["yes" if r.in_use else "replaced"] if all_releases else []))
    console = Console()
    console.print(table)
    console.print("Releases (the one added last wins for each area and mid-year it gives):")
    for release in releases:
        how = (
            "from the catalogue"
            if release.origin == "catalogue"
            else (f"imported from {release.filename} by {release.imported_by}")
        )
        console.print(
            Text(
                f"  {release.id}: {release.source}, {release.figures} figure(s), {how} "
                f"on {release.imported_at:%Y-%m-%d}"
            )
        )


def register(app: typer.Typer) -> None:
    """Add ``sdh populations`` to the ``sdh`` app (imports stay inside the commands)."""
    app.add_typer(populations_app, name="populations")
