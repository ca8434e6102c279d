"""``sdh packs``: build a quarter's QEG packs, read an agency's commentary back, list them.

Imports stay inside the commands, so ``sdh --help`` does not pay for SQLAlchemy,
matplotlib or python-docx.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

QuarterOption = Annotated[
    str,
    typer.Option("--quarter", help="Financial-year quarter, e.g. 2020-Q4 (January-March 2021)."),
]


def _quarter(value: str) -> str:
    from workers.packs.rota import parse_quarter

    try:
        return parse_quarter(value).label
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--quarter") from None


def register(app: typer.Typer) -> None:
    """Add the ``packs`` commands to the ``sdh`` app."""
    packs_app = typer.Typer(
        help="QEG packs: pre-filled single-agency commentary and the consolidated pack.",
        no_args_is_help=True,
    )
    app.add_typer(packs_app, name="packs")

    @packs_app.command("build")
    def build(
        quarter: QuarterOption,
        agency: Annotated[str | None, typer.Option(help="Only this agency's packs.")] = None,
        priority: Annotated[str | None, typer.Option(help="Only this priority's packs.")] = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="Output folder (default: outputs/packs/Q).")
        ] = None,
        force: Annotated[
            bool, typer.Option("--force", help="Render every pack, changed or not.")
        ] = False,
    ) -> None:
        """Write the quarter's packs (DOCX and HTML) and say where; unchanged packs are kept."""
        from rich.console import Console

        from workers.packs.build import build_packs
        from workers.warehouse.db import init_db

        console = Console()
        init_db()
        result = build_packs(_quarter(quarter), agency, priority, out, force)
        total = len(result.rebuilt) + len(result.skipped)
        console.print(
            f"{result.quarter}: {total} pack(s), {len(result.rebuilt)} rebuilt, "
            f"{len(result.skipped)} unchanged (skipped)"
            + ("; consolidated pack rebuilt" if result.consolidated else "")
        )
        console.print(f"Packs in {result.out_dir.resolve()}")
        if result.index is not None:
            console.print(f"Index: {Path(result.index).resolve()}")
        else:
            console.print(
                "A build for one agency or priority leaves the consolidated pack and the "
                "index as they were; build the whole quarter to refresh them."
            )

    @packs_app.command("import-commentary")
    def import_commentary(
        file: Annotated[Path, typer.Argument(help="An agency's filled pack (.docx).")],
        by: Annotated[
            str, typer.Option("--by", help="Who is importing it (for the audit trail).")
        ] = "",
    ) -> None:
        """Read an agency's filled pack and store its four sections and sign-off for next
        time; text typed outside the answer boxes is shown, not stored."""
        import hashlib

        from rich.console import Console
        from rich.markup import escape

        from workers.packs import docx_import
        from workers.packs.commentary import stage_return, store_return
        from workers.warehouse.db import init_db, session_scope

        if not file.is_file():
            raise typer.BadParameter(f"{file} is not a file", param_hint="FILE")
        pack = docx_import.read_pack(file)
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        init_db()
        with session_scope() as session:
            row = stage_return(
                session, pack, filename=file.name, sha256=digest, uploaded_by=by or "cli"
            )
            stored = store_return(session, row, by or "cli")
        console = Console()
        filled = [key for key, text in stored.sections.items() if text]
        console.print(
            f"Stored commentary of {pack.agency_id} for {pack.priority_id}, {pack.quarter} "
            f"({len(filled)} of {len(stored.sections)} sections filled in); it will show "
            'as "what you wrote last time" in the next pack for this priority.'
        )
        signed = [f"{k.replace('_', ' ')}: {v}" for k, v in stored.sign_off.items() if v]
        console.print(
            "Sign-off: " + escape("; ".join(signed)) if signed else "Sign-off: left blank."
        )
        for warning in pack.warnings:
            console.print(f"[yellow]warning:[/] {escape(warning)}")
        if not pack.checked_outside:
            console.print(
                "This pack has no fingerprint (made before the form had one): text typed "
                "outside the answer boxes could not be looked for."
            )

    @packs_app.command("list")
    def list_packs(quarter: QuarterOption) -> None:
        """The quarter's packs: each agency by each priority on the rota, when each was built."""
        from rich.console import Console
        from rich.table import Table
        from sqlmodel import select

        from workers.packs.assemble import pack_plan, pack_slug
        from workers.packs.build import consolidated_slug
        from workers.packs.rota import priorities_reviewed, quarter_label
        from workers.warehouse.db import init_db, session_scope
        from workers.warehouse.models import PackBuild

        label = _quarter(quarter)
        init_db()
        with session_scope() as session:
            built = {
                row.pack: row
                for row in session.exec(select(PackBuild).where(PackBuild.quarter == label))
            }
        reviewed = ", ".join(p.name for p in priorities_reviewed(label))
        console = Console()
        console.print(f"{quarter_label(label)} · priorities reviewed: {reviewed}")
        table = Table("agency", "priority", "built", "files")
        plan = pack_plan(label)
        for agency, priority in plan:
            row = built.get(pack_slug(label, agency.id, priority.id))
            table.add_row(
                agency.name,
                priority.name,
                _when(row.built_at) if row else "not built",
                (row.path or "").replace(";", "\n") if row else "",
            )
        row = built.get(consolidated_slug(label))
        table.add_row(
            "all agencies",
            "consolidated QEG pack",
            _when(row.built_at) if row else "not built",
            (row.path or "").replace(";", "\n") if row else "",
        )
        console.print(table)
        pending = built.get("")
        if (
            pending
            and pending.requested_at
            and (pending.built_at is None or pending.built_at < pending.requested_at)
        ):
            console.print(f"A rebuild is pending (requested {_when(pending.requested_at)}).")


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "not built"
