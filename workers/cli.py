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
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from workers import calendar_cli, pull_cli
from workers.accounts import cli as accounts_cli
from workers.backup import cli as backup_cli
from workers.errors import SdhError
from workers.notify import cli as notify_cli
from workers.packs import cli as packs_cli
from workers.populations import cli as populations_cli
from workers.review import cli as review_cli
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
env_app = typer.Typer(
    help="The deployment's .env file: every credential, with fresh keys.", no_args_is_help=True
)
health_app = typer.Typer(
    help="Health checks of the services (docker-compose runs them); exit 1 when unhealthy.",
    no_args_is_help=True,
)
app.add_typer(contracts_app, name="contracts")
app.add_typer(report_app, name="report")
app.add_typer(submissions_app, name="submissions")
app.add_typer(env_app, name="env")
app.add_typer(health_app, name="health")
pull_cli.register(app)
web_cli.register(app)
review_cli.register(app)
accounts_cli.register(app)
notify_cli.register(app)
packs_cli.register(app)
backup_cli.register(app)
populations_cli.register(app)
landing_cli.register(app)
calendar_cli.register(app)

console = Console()
err = Console(stderr=True)

#: Width of what the hub prints to a pipe or a file. rich assumes 80 columns when it cannot
#: ask a terminal and then cut names in tables ("contr…"); this wide, a table keeps every
#: id and name whole, one row to a line, for grep and for logs. COLUMNS still wins.
PIPED_WIDTH = 200


def _fail(message: str, code: int = 2) -> NoReturn:
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


def _delivered(path: Path) -> tuple[bytes | Path, str]:
    """The return and the name it goes by: a folder (an SSDA903 return's CSV tables) is
    sent as one ZIP of its CSVs, as an upload or a push carries them."""
    if path.is_dir():
        from workers.statutory.ssda903 import zip_folder

        return zip_folder(path), f"{path.name}.zip"
    return _readable(path), path.name


def _readable(path: Path) -> Path:
    try:
        with path.open("rb"):
            return path
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


@contracts_app.command("export")
def contracts_export(
    contract: Annotated[str, typer.Argument(help="Contract id, e.g. la-csc-episodes.")],
    fmt: Annotated[str, typer.Option("--format", help="gx: a Great Expectations suite.")] = "gx",
    agency: Annotated[
        str | None, typer.Option(help="Include the rules about who sends it (its areas).")
    ] = None,
    period: Annotated[
        str | None, typer.Option(help="Include the rules about the return's period.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write to this file (default: print).")] = None,
) -> None:
    """Write a contract for an agency's own pipeline: a Great Expectations expectation
    suite (JSON) that judges a return as the hub does (docs/rules.md says how to build the
    table it checks)."""
    import json
    from datetime import date

    from workers.contracts.catalogue import load_catalogue
    from workers.contracts.gx_suite import export
    from workers.contracts.loader import get_contract
    from workers.periods import parse_period
    from workers.validation.context import ReturnContext

    if fmt != "gx":
        _fail(f"unknown format {fmt!r}: the one there is is gx (Great Expectations)")
    feed = get_contract(contract)
    ctx = None
    if agency or period:
        if not (agency and period):
            _fail("give both --agency and --period to include the rules that need them")
        try:
            chosen = parse_period(period or "", feed.grain)
        except ValueError as exc:
            _fail(str(exc))
            return
        areas = tuple(load_catalogue().agency(agency or "").areas)
        ctx = ReturnContext(agency or "", areas, chosen, date.today())
    text = json.dumps(export(feed, ctx), indent=2, default=str)
    if out is None:
        sys.stdout.write(text + "\n")
        return
    out.write_text(text + "\n", encoding="utf-8")
    console.print(f"Wrote {out}")


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


@env_app.command("new")
def env_new(
    out: Annotated[Path, typer.Option(help="The file to write; never overwritten.")] = Path(".env"),
) -> None:
    """Write a .env with fresh random keys, database password and source tokens (chmod 600)."""
    from workers.contracts.loader import load_contracts
    from workers.envfile import write_new

    try:
        write_new(out, list(load_contracts().values()))
    except FileExistsError:
        _fail(f"{out} exists: its keys may already protect data; edit it, or move it away first")
    console.print(
        f"Wrote {out} (readable by you only). Keep SDH_PSEUDONYM_KEY safe and apart from the "
        "backups: without it pseudonyms no longer match. Replace each SDH_SOURCE_TOKEN_* "
        "with the agency's own token when you have it."
    )


@env_app.command("example")
def env_example() -> None:
    """Print the commented template with every credential blank (.env.example)."""
    from workers.contracts.loader import load_contracts
    from workers.envfile import render

    sys.stdout.write(render(list(load_contracts().values())))


def _report_health(check) -> None:
    from workers.settings import get_settings

    health = check(get_settings().broker_url)
    (console if health.healthy else err).print(
        ("healthy: " if health.healthy else "unhealthy: ") + health.message, markup=False
    )
    if not health.healthy:
        raise typer.Exit(1)


@health_app.command("worker")
def health_worker() -> None:
    """Every `sdh worker` process on this host is running and heard by the broker lately."""
    from workers.observability.heartbeats import check_worker

    _report_health(check_worker)


@health_app.command("scheduler")
def health_scheduler() -> None:
    """A scheduler holds the leader's lease in Redis and keeps renewing it."""
    from workers.observability.heartbeats import check_scheduler

    _report_health(check_scheduler)


@app.command()
def validate(
    contract: Annotated[str, typer.Argument(help="Contract id, e.g. la-csc-activity.")],
    file: Annotated[
        Path,
        typer.Argument(
            help="The return: CSV, XLSX, JSON, a CIN census XML, an SSDA903 ZIP or folder."
        ),
    ],
    agency: Annotated[str | None, typer.Option(help="Delivering agency id.")] = None,
    period: Annotated[
        str | None,
        typer.Option(
            help="Period, e.g. 2020-04 or 2020-Q1 (default: the file's name, else its rows)."
        ),
    ] = None,
    offline: Annotated[bool, typer.Option(help="Skip the cross-return rules.")] = False,
) -> None:
    """Check a return against its contract without loading it.

    Exit status: 0 the return would be accepted as it is (it passes, or raises only
    queries); 1 it would not (errors: rows held back, or the return waits for the data
    steward, or the file cannot be read as a return); 2 the command could not run."""
    from workers.contracts.loader import get_contract
    from workers.errors import ReturnFileError
    from workers.validation.render import render_report, render_unreadable
    from workers.validation.run import check_return

    agency_id = _default_agency(contract, agency)
    path, name = _delivered(file)
    feed = get_contract(contract)
    try:
        if offline:
            report = check_return(feed, path, name, agency_id, period=period)
        else:
            from workers.warehouse.db import init_db, session_scope
            from workers.warehouse.lookup import SqlWarehouseLookup

            init_db()
            with session_scope() as session:
                report = check_return(
                    feed,
                    path,
                    name,
                    agency_id,
                    period=period,
                    warehouse=SqlWarehouseLookup(session, agency_id=agency_id),
                )
    except ReturnFileError as exc:
        render_unreadable(exc, console)
        raise typer.Exit(1) from None
    except ValueError as exc:  # a --period that is not one of the contract's grain
        _fail(str(exc))
        return
    render_report(report, console)
    decision = report.decision
    if decision is None or not decision.loads or decision.rows_held:
        raise typer.Exit(1)


@app.command()
def ingest(
    contract: Annotated[str, typer.Argument(help="Contract id.")],
    file: Annotated[
        Path,
        typer.Argument(
            help="The return: CSV, XLSX, JSON, a CIN census XML, an SSDA903 ZIP or folder."
        ),
    ],
    agency: Annotated[str | None, typer.Option(help="Delivering agency id.")] = None,
    period: Annotated[
        str | None, typer.Option(help="Period (default: the file's name, else its rows).")
    ] = None,
) -> None:
    """Receive, validate and load a return now (no broker). Exit status 1 when it waits
    for the data steward."""
    from workers.pipeline import ingest as run_ingest
    from workers.validation.render import outcome_line, render_report
    from workers.warehouse.db import init_db

    agency_id = _default_agency(contract, agency)
    init_db()
    # The path, not the bytes: intake hashes and stores it in chunks, so memory stays flat.
    data, name = _delivered(file)
    result = run_ingest(contract, agency_id, data, name, period=period)
    sub = result.submission
    if result.receipt.duplicate:
        console.print(
            f"Submission {sub.id}: identical to a return already received for "
            f"{sub.period_label or 'the same period'} ({sub.status}); nothing new loaded."
        )
        return
    if result.report is not None:
        render_report(result.report, console)
    elif sub.status in ("needs_review", "rejected"):
        from workers.review.detail import submission_detail
        from workers.warehouse.db import session_scope

        with session_scope() as session:
            detail = submission_detail(session, sub.id)  # type: ignore[arg-type]
        for issue in detail.issues[:1]:
            console.print(
                "[red]FAILED[/]: the file cannot be read as a return "
                + escape(f"[{issue.rule_code}]")
            )

            console.print(escape(issue.message))
    console.print(outcome_line(sub))
    if sub.status in ("needs_review", "rejected"):
        raise typer.Exit(1)


@app.command()
def init() -> None:
    """Create the database tables and views and load the catalogue (safe to repeat)."""
    from workers.settings import get_settings
    from workers.warehouse.db import init_db

    init_db(force=True)
    console.print(f"Database ready: {get_settings().shown_database_url}")


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
    if first_year <= 2020 <= last_year:  # the statutory returns of the seed's year
        from workers.statutory.sample import write_samples

        statutory = write_samples(out)
        console.print(f"Wrote {len(statutory)} statutory returns (CIN census, SSDA903) for 2020-21")
        for path, planted in statutory:
            if planted:
                console.print(f"  planted DfE-rule defects: {path.relative_to(out)}: {planted}")


@report_app.command("annual")
def report_annual(
    year: Annotated[str, typer.Option(help="Financial year, e.g. 2020-21.")] = "2020-21",
    publish: Annotated[
        bool,
        typer.Option(
            help="For publication outside the partnership: counts of 1 to 4 shown as <5, "
            "and any count a total would reveal hidden too. Refused for a year with a "
            "month missing unless --allow-incomplete."
        ),
    ] = False,
    allow_incomplete: Annotated[
        bool,
        typer.Option(
            help="With --publish: publish a year with months missing, each such figure "
            "marked [part-year] and its missing months listed."
        ),
    ] = False,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="table (for reading), csv or json (for analysts: one record per measure "
            "and area, with the months present and missing).",
        ),
    ] = "table",
) -> None:
    """Print the year's "Safeguarding Children Data" table from the warehouse.

    Each figure says how much of the year is behind it: a flow with months missing is
    marked part-year, a count at the year end with no March figure is "no data".
    Exit codes: 0 printed; 1 publication refused (the year is incomplete); 2 bad option.
    """
    from rich.text import Text

    from workers.periods import parse_period
    from workers.populations.notes import missing_population_notes
    from workers.reporting import output
    from workers.reporting.annual import (
        ANNUAL_AREAS,
        IncompleteYear,
        annual_figures,
        published_annual_table,
        report_cells,
    )
    from workers.warehouse.db import init_db, session_scope

    if output_format not in ("table", "csv", "json"):
        _fail(f"--format must be table, csv or json, not {output_format!r}")
    if allow_incomplete and not publish:
        _fail("--allow-incomplete goes with --publish")
    try:
        fy = parse_period(year, "year")
    except ValueError as exc:
        _fail(str(exc))
        return
    init_db()
    with session_scope() as session:
        figures = annual_figures(session, fy)
        population_notes = missing_population_notes(session, fy, ANNUAL_AREAS)
    legend: str | None = None
    title = f"Safeguarding Children Data {fy.label}"
    if publish:
        try:
            published = published_annual_table(figures, allow_incomplete=allow_incomplete)
        except IncompleteYear as exc:
            _fail(escape(f"{fy.label} not published: {exc}"), code=1)
            return
        cells, legend = published.cells, published.legend
        title += " (for publication)"
    else:
        cells = report_cells(figures)
    if output_format == "csv":
        typer.echo(output.to_csv(fy, cells), nl=False)
        return
    if output_format == "json":
        document = output.to_json(fy, cells, published=publish, legend=legend)
        typer.echo(document, nl=False)
        return
    console.print(output.terminal_table(title, fy, cells, kinds=not publish))
    if legend:
        console.print(Text(legend))
    for line in output.cell_notes(cells) + population_notes:
        console.print(Text(f"• {line}"))


@submissions_app.command("list")
def submissions_list(
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
) -> None:
    """Recent submissions with their status and row accounting."""
    from rich.table import Table
    from sqlmodel import col, select

    from workers.warehouse.db import init_db, session_scope
    from workers.warehouse.models import Submission

    init_db()
    with session_scope() as session:
        query = select(Submission).order_by(col(Submission.id).desc()).limit(limit)
        if status:
            query = query.where(Submission.status == status)
        rows = session.exec(query).all()
    table = Table()
    for heading in (
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
        table.add_column(heading)
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
            "SDH_BROKER_URL is not set: separate worker processes need Redis "
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
    from workers.returns_calendar import mark_due_soon, mark_overdue
    from workers.runtime import actors
    from workers.scheduler import FeedScheduler, run_elected
    from workers.settings import get_settings
    from workers.warehouse.db import init_db, session_scope

    broker_url = get_settings().broker_url
    if not broker_url:
        _fail("SDH_BROKER_URL is not set: the scheduler sends work to workers through Redis")
    init_db()

    def overdue() -> None:
        with session_scope() as session:
            contracts = list(load_contracts().values())
            days = get_settings().remind_days_before_due
            for item in mark_due_soon(session, contracts, date.today(), days):
                logging.info("reminder: %s %s %s", item.contract_id, item.agency_id, item.period)
            for item in mark_overdue(session, contracts, date.today()):
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
    run_elected(make, broker_url, stop)


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
    if _asks_help(argv):
        return
    from workers.logs import configure_logging

    command = next((a for a in argv if not a.startswith("-")), "")
    role = SERVICE_ROLES.get(command)
    configure_logging(role or "cli", default_level="INFO" if role else "WARNING")


def _widen_when_piped(argv: list[str]) -> None:
    """Give output that goes to a pipe or a file :data:`PIPED_WIDTH` columns; a terminal
    keeps its own width, and help (boxes as wide as the page) keeps 80."""
    if os.environ.get("COLUMNS") or sys.stdout.isatty() or _asks_help(argv):
        return
    os.environ["COLUMNS"] = str(PIPED_WIDTH)  # every Console made from here on reads it
    for made_at_import in (console, err):
        if not made_at_import.is_terminal:
            made_at_import.width = PIPED_WIDTH


def _asks_help(argv: list[str]) -> bool:
    return not argv or "--help" in argv or "-h" in argv


def main() -> None:
    _widen_when_piped(sys.argv[1:])
    _configure_logging(sys.argv[1:])
    try:
        app()
    except SdhError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")  # names from files are not markup
        sys.exit(2)


def run() -> None:
    """The ``sdh`` command: ``main``, then, for a command that has finished all it started,
    out without Python's teardown of every module (docs/performance.md, "Start-up"). What
    teardown would finish is finished first: database connections closed, logs and output
    flushed. A service (worker, scheduler, web app) and any command that leaves a thread
    running (a scheduler's job sending a pull) exit the ordinary way, which waits for it."""
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
