"""``sdh``: the command line of the hub.

Imports here stay light (typer, rich): Great Expectations, pandas and SQLAlchemy are
imported inside the commands that use them, so ``sdh --help`` answers at once.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from workers.accounts import cli as accounts_cli
from workers.backup import cli as backup_cli
from workers.errors import SdhError
from workers.notify import cli as notify_cli
from workers.packs import cli as packs_cli
from workers.review import cli as review_cli
from workers.sources import cli as sources_cli
from workers.sources import landing_cli
from workers.web import cli as web_cli

app = typer.Typer(
    help="Safeguarding Data Hub: returns in, validated, loaded, reported.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
contracts_app = typer.Typer(help="Data contracts: list and lint them.", no_args_is_help=True)
report_app = typer.Typer(help="Reports read from the warehouse.", no_args_is_help=True)
submissions_app = typer.Typer(help="Submissions and their lineage.", no_args_is_help=True)
app.add_typer(contracts_app, name="contracts")
app.add_typer(report_app, name="report")
app.add_typer(submissions_app, name="submissions")
sources_cli.register(app)
web_cli.register(app)
review_cli.register(app)
accounts_cli.register(app)
notify_cli.register(app)
packs_cli.register(app)
backup_cli.register(app)
landing_cli.register(app)

console = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[red]error:[/] {message}")
    raise typer.Exit(code)


def _default_agency(contract_id: str, agency: str | None) -> str:
    from workers.contracts.loader import get_contract

    contract = get_contract(contract_id)
    if agency:
        if agency not in contract.agencies:
            _fail(
                f"{agency} does not deliver {contract_id}; it is delivered by "
                f"{', '.join(contract.agencies)}"
            )
        return agency
    if len(contract.agencies) == 1:
        return contract.agencies[0]
    _fail(
        f"{contract_id} is delivered by several agencies ({', '.join(contract.agencies)}): "
        "say which with --agency"
    )
    raise AssertionError  # unreachable


def _readable(path: Path) -> Path:
    try:
        with path.open("rb"):
            return path
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror}")
        raise AssertionError from None


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror}")
        raise AssertionError from None


@contracts_app.command("lint")
def contracts_lint(
    directory: Annotated[Path | None, typer.Option("--dir", help="Contracts folder.")] = None,
) -> None:
    """Check every contract and the catalogue; exit 1 and list each problem if any."""
    from workers.contracts.lint import lint
    from workers.settings import get_settings

    directory = directory or get_settings().contracts_dir
    contracts, problems = lint(directory)
    for contract in contracts:
        console.print(
            f"[green]✓[/] {contract.path.name}: {contract.id} v{contract.version}, "
            f"{len(contract.columns)} columns, {len(contract.rules)} rules"
        )
    for problem in problems:
        console.print(f"[red]✗[/] {problem}")
    if problems:
        console.print(f"[red]{len(problems)} problem(s)[/]")
        raise typer.Exit(1)
    console.print(f"[green]{len(contracts)} contract(s) and the catalogue are valid[/]")


@contracts_app.command("list")
def contracts_list() -> None:
    """The feeds the hub knows, who delivers them and how often."""
    from rich.table import Table

    from workers.contracts.loader import load_contracts

    table = Table()
    for col in ("contract", "version", "agencies", "grain", "level", "columns", "rules"):
        table.add_column(col)
    for c in load_contracts().values():
        table.add_row(
            c.id,
            c.version,
            ", ".join(c.agencies),
            c.grain,
            c.level,
            str(len(c.columns)),
            str(len(c.rules)),
        )
    console.print(table)


@app.command()
def validate(
    contract: Annotated[str, typer.Argument(help="Contract id, e.g. la-csc-activity.")],
    file: Annotated[Path, typer.Argument(help="The return: CSV, XLSX or JSON.")],
    agency: Annotated[str | None, typer.Option(help="Delivering agency id.")] = None,
    period: Annotated[str | None, typer.Option(help="Period, e.g. 2020-04 or 2020-Q1.")] = None,
    offline: Annotated[bool, typer.Option(help="Skip the cross-return rules.")] = False,
) -> None:
    """Check a return against its contract without loading it; exit 1 on errors."""
    from workers.contracts.loader import get_contract
    from workers.validation.render import render_report
    from workers.validation.run import check_return

    agency_id = _default_agency(contract, agency)
    data = _read_file(file)
    if offline:
        report = check_return(get_contract(contract), data, file.name, agency_id, period=period)
    else:
        from workers.warehouse.db import init_db, session_scope
        from workers.warehouse.lookup import SqlWarehouseLookup

        init_db()
        with session_scope() as session:
            report = check_return(
                get_contract(contract),
                data,
                file.name,
                agency_id,
                period=period,
                warehouse=SqlWarehouseLookup(session),
            )
    render_report(report, console)
    if report.status == "failed":
        raise typer.Exit(1)


@app.command()
def ingest(
    contract: Annotated[str, typer.Argument(help="Contract id.")],
    file: Annotated[Path, typer.Argument(help="The return: CSV, XLSX or JSON.")],
    agency: Annotated[str | None, typer.Option(help="Delivering agency id.")] = None,
    period: Annotated[str | None, typer.Option(help="Period, if the file does not say.")] = None,
) -> None:
    """Receive, validate and load a return now (no broker)."""
    from workers.pipeline import ingest as run_ingest
    from workers.validation.render import render_report
    from workers.warehouse.db import init_db

    agency_id = _default_agency(contract, agency)
    init_db()
    # The path, not the bytes: intake hashes and stores it in chunks, so memory stays flat.
    result = run_ingest(contract, agency_id, _readable(file), file.name, period=period)
    sub = result.submission
    if result.receipt.duplicate:
        console.print(
            f"Submission {sub.id}: identical to a return already received "
            f"({sub.status}); nothing new loaded."
        )
        return
    if result.report is not None:
        render_report(result.report, console)
    console.print(
        f"Submission {sub.id}: [bold]{sub.status}[/] · rows received "
        f"{sub.rows_received}, loaded {sub.rows_loaded or 0}, held {sub.rows_held or 0}"
        + (f" · supersedes {sub.supersedes_id}" if sub.supersedes_id else "")
    )
    if sub.status == "needs_review":
        raise typer.Exit(1)


@app.command()
def init() -> None:
    """Create the database tables and views and load the catalogue (safe to repeat)."""
    from workers.settings import get_settings
    from workers.warehouse.db import init_db

    init_db(force=True)
    console.print(f"Database ready: {get_settings().resolved_database_url}")


@app.command()
def sample(
    out: Annotated[Path, typer.Option(help="Folder to write the sample returns to.")] = Path(
        ".sdh/samples"
    ),
    first_year: Annotated[int, typer.Option(help="First financial year (2019 = 2019-20).")] = 2019,
    last_year: Annotated[int, typer.Option(help="Last financial year.")] = 2021,
) -> None:
    """Write realistic sample returns for every contract, with a few planted defects."""
    from workers.sample.generate import generate_samples

    files = generate_samples(out, first_year, last_year)
    defects = [f for f in files if f.defect]
    console.print(f"Wrote {len(files)} returns under {out}")
    for f in defects:
        console.print(f"  planted defect: {f.path.relative_to(out)}: {f.defect}")


@report_app.command("annual")
def report_annual(
    year: Annotated[str, typer.Option(help="Financial year, e.g. 2020-21.")] = "2020-21",
    publish: Annotated[
        bool,
        typer.Option(
            help="For publication outside the partnership: counts of 1 to 4 shown as <5, "
            "and any count a total would reveal hidden too."
        ),
    ] = False,
) -> None:
    """Print the year's "Safeguarding Children Data" table from the warehouse."""
    from rich.table import Table

    from workers.periods import parse_period
    from workers.reporting.annual import ANNUAL_AREAS, annual_figures
    from workers.warehouse.db import init_db, session_scope

    try:
        fy = parse_period(year, "year")
    except ValueError as exc:
        _fail(str(exc))
        return
    init_db()
    with session_scope() as session:
        figures = annual_figures(session, fy)
    if publish:
        from rich.text import Text

        from workers.reporting.annual import published_annual_table

        published = published_annual_table(figures)
        table = Table(title=f"Safeguarding Children Data {fy.label} (for publication)")
        for i, heading in enumerate(published.header):
            table.add_column(heading, justify="right" if i else "left")
        for row in published.rows:
            table.add_row(*(Text(cell) for cell in row))  # "[c]" is not Rich markup
        console.print(table)
        console.print(Text(published.legend))
        return
    table = Table(title=f"Safeguarding Children Data {fy.label}")
    table.add_column("measure")
    for _, name in ANNUAL_AREAS:
        table.add_column(name, justify="right")
    table.add_column("kind")
    for f in figures:
        table.add_row(
            f.label,
            *("—" if f.values[c] is None else f"{f.values[c]:,.0f}" for c, _ in ANNUAL_AREAS),
            {"flow": "flow (summed)", "stock": "stock (year end)"}.get(f.aggregation, "no data"),
        )
    console.print(table)


@submissions_app.command("list")
def submissions_list(
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
) -> None:
    """Recent submissions with their status and row accounting."""
    from rich.table import Table
    from sqlmodel import select

    from workers.warehouse.db import init_db, session_scope
    from workers.warehouse.models import Submission

    init_db()
    with session_scope() as session:
        query = select(Submission).order_by(Submission.id.desc()).limit(limit)  # type: ignore[union-attr]
        if status:
            query = query.where(Submission.status == status)
        rows = session.exec(query).all()
    table = Table()
    for col in (
        "id",
        "contract",
        "agency",
        "period",
        "status",
        "received",
        "loaded",
        "held",
        "errors",
        "queries",
    ):
        table.add_column(col)
    for s in rows:
        table.add_row(
            str(s.id),
            s.contract_id,
            s.agency_id,
            s.period_label or "",
            s.status,
            *(
                str(v) if v is not None else ""
                for v in (s.rows_received, s.rows_loaded, s.rows_held, s.error_count, s.query_count)
            ),
        )
    console.print(table)


@app.command()
def worker(
    processes: Annotated[int, typer.Option(help="Worker processes.")] = 2,
    threads: Annotated[int | None, typer.Option(help="Threads per process.")] = None,
    queues: Annotated[
        list[str] | None, typer.Option("--queue", "-Q", help="Only these queues.")
    ] = None,
) -> None:
    """Run dramatiq worker processes on the configured broker (SDH_BROKER_URL)."""
    import os

    from workers.settings import get_settings

    settings = get_settings()
    if not settings.broker_url:
        _fail(
            "SDH_BROKER_URL is not set: separate worker processes need Redis or RabbitMQ "
            "(`sdh demo` runs workers inside its own process)"
        )
    # dramatiq's CLI, behind the hub's logging and metrics set-up (see that module).
    args = [
        sys.executable,
        "-m",
        "workers.observability.worker",
        "workers.runtime.actors",
        "--processes",
        str(processes),
        "--threads",
        str(threads or settings.worker_threads),
    ]
    for queue in queues or []:
        args += ["--queues", queue]
    os.execv(sys.executable, args)


@app.command()
def scheduler() -> None:
    """Send scheduled pulls, mark overdue returns and run the reconciler (one leader at a time)."""
    import logging
    import signal
    import threading
    from datetime import date

    from workers.contracts.loader import load_contracts
    from workers.returns_calendar import mark_overdue
    from workers.runtime import actors
    from workers.scheduler import FeedScheduler, run_elected
    from workers.settings import get_settings
    from workers.warehouse.db import init_db, session_scope

    settings = get_settings()
    if not settings.broker_url:
        _fail("SDH_BROKER_URL is not set: the scheduler sends work to Redis or RabbitMQ workers")
    init_db()

    def overdue() -> None:
        with session_scope() as session:
            for item in mark_overdue(session, list(load_contracts().values()), date.today()):
                logging.info(
                    "overdue: %s %s %s (due %s)",
                    item.contract_id,
                    item.agency_id,
                    item.period,
                    item.due,
                    extra={
                        "contract": item.contract_id,
                        "agency": item.agency_id,
                        "period": item.period.label,
                    },
                )

    def make() -> FeedScheduler:
        return FeedScheduler(
            lambda c, a: actors.pull_feed.send(c, a),
            lambda: actors.reconcile.send(),
            overdue,
            send_late_pull=lambda c, a, p: actors.pull_feed.send(c, a, p),
            send_purge=lambda: actors.purge_raw_files.send(),
        )

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if settings.broker_url.startswith(("redis://", "rediss://")):
        run_elected(make, settings.broker_url, stop)
    else:
        running = make()
        running.start()
        stop.wait()
        running.stop()


@app.command()
def demo(
    keep: Annotated[bool, typer.Option(help="Keep the previous demo's data.")] = False,
) -> None:
    """Run the hub end to end on the embedded default and show what it did."""
    from workers.demo import run_demo

    run_demo(console, reset=not keep)


#: Long-running commands log at INFO by default, under these names; the rest at WARNING.
SERVICE_ROLES = {"worker": "worker", "scheduler": "scheduler", "serve": "web"}


def _configure_logging(argv: list[str]) -> None:
    # Help prints and exits without logging; reading the settings for it would cost a
    # third of a second of pydantic imports on every `sdh --help`.
    if not argv or "--help" in argv or "-h" in argv:
        return
    from workers.observability.logs import configure_logging

    command = next((a for a in argv if not a.startswith("-")), "")
    role = SERVICE_ROLES.get(command)
    configure_logging(role or "cli", default_level="INFO" if role else "WARNING")


def main() -> None:
    _configure_logging(sys.argv[1:])
    try:
        app()
    except SdhError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")  # names from files are not markup
        sys.exit(2)


def run() -> None:
    """The ``sdh`` command: ``main``, then, for a command that has finished all it started,
    out without Python's teardown of every module (about a tenth of a second once
    SQLAlchemy and Arrow are loaded). What teardown would finish is finished first:
    database connections closed, logs and output flushed. A service (worker, scheduler,
    web app) and any command that leaves a thread running (a scheduler's job sending a
    pull) exit the ordinary way, which waits for it."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    command = next((a for a in sys.argv[1:] if not a.startswith("-")), "")
    if command in SERVICE_ROLES or not finished():
        sys.exit(code)
    db = sys.modules.get("workers.warehouse.db")
    if db is not None:
        db.dispose_engines()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def finished() -> bool:
    """Whether no thread but this one is left that the interpreter would wait for."""
    current = threading.current_thread()
    return all(t is current or t.daemon or not t.is_alive() for t in threading.enumerate())


if __name__ == "__main__":
    run()
