"""``sdh demo``: the whole hub on one laptop, with no servers to install.

A local agency simulator serves sample returns over HTTP as the agencies' systems would;
the scheduler's pulls go to in-process dramatiq worker threads that validate and load
them; one agency then pushes a corrected return through the intake API. The demo keeps
its own data under ``SDH_DATA_DIR/demo`` (SQLite and a landing store), so it never touches
a real warehouse, and ends with the annual table checked against the published figures
and the latest year's table as the annual report prints it (part-year figures marked).
"""

from __future__ import annotations

import csv
import io
import secrets
import shutil
import socket
import threading
import time
from collections import defaultdict
from pathlib import Path

from rich import box
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from workers.settings import (
    SOURCE_TOKEN_VARIABLE,
    Settings,
    agency_variable,
    get_settings,
    use_settings,
)

#: The demo covers two financial years (2020-21 holds the published figures).
FIRST_FY, LAST_FY = 2020, 2021


def _demo_settings(reset: bool) -> Settings:
    """The hub's settings for the demo: its own folder, SQLite and the in-process broker,
    whatever the environment says about the real warehouse."""
    base = (get_settings().data_dir / "demo").resolve()
    if reset and base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True, exist_ok=True)
    # Two years of returns arrive within a minute here: the demo builds the packs once at
    # the end rather than after every quarter.
    return Settings(data_dir=base, database_url=None, broker_url=None, packs_auto_build=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _ApiServer:
    """The intake API on a free loopback port, in a thread of this process."""

    def __init__(self) -> None:
        import uvicorn

        from workers.settings import get_settings
        from workers.web.app import create_app

        self.port = _free_port()
        # Its own address, for the status URL it answers pushes with.
        settings = get_settings().model_copy(update={"public_url": self.url})
        app = create_app(settings)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="demo-api")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> _ApiServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the intake API did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _corrected(sample, out_dir: Path) -> Path:
    """The agency's fix of a return that failed CSC-021 (re-referrals above referrals)."""
    rows = list(csv.DictReader(io.StringIO(sample.path.read_text(encoding="utf-8"))))
    for row in rows:
        row["re_referrals_12m"] = str(min(int(row["re_referrals_12m"]), int(row["referrals"]) // 5))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = out_dir / f"corrected-{sample.path.name}"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _period_key(label: str) -> tuple:
    from workers.periods import parse_period

    p = parse_period(label)
    return (p.end, p.grain)


def run_demo(console: Console, reset: bool = True) -> Path:
    """The whole demo; returns the folder it kept its data in."""
    started = time.perf_counter()
    settings = _demo_settings(reset)
    base = settings.data_dir
    from workers.warehouse.db import dispose_engines

    with use_settings(settings):
        dispose_engines()
        all_match = _run(console, settings)
    elapsed = time.perf_counter() - started
    console.print(
        f"Finished in {elapsed:.1f} s"
        + ("" if all_match else " · [red]annual figures differ from the published report[/]")
    )
    return base


def _run(console: Console, settings: Settings) -> bool:
    """Everything the demo does, under its own settings; whether the figures match."""
    from workers.sample.generate import generate_samples
    from workers.simulator import start_simulator, stop_simulator
    from workers.warehouse.db import init_db, session_scope

    base = settings.data_dir
    console.print(f"[bold]Safeguarding Data Hub demo[/] · data in {base}")
    samples = generate_samples(base / "samples", FIRST_FY, LAST_FY)
    agencies = sorted({s.agency for s in samples})
    console.print(
        f"Generated {len(samples)} returns from {len(agencies)} agencies for "
        f"{FIRST_FY}-{(FIRST_FY + 1) % 100:02d} to {LAST_FY}-{(LAST_FY + 1) % 100:02d} "
        f"({sum(1 for s in samples if s.defect)} with planted defects)"
    )
    init_db()

    # Each agency's system answers only to its own token, as the contracts require.
    tokens = {agency: secrets.token_urlsafe(16) for agency in agencies}
    simulator, base_url = start_simulator(base / "samples", tokens=tokens)
    pulling = settings.model_copy(update={"source_base_url": base_url}).with_source_secrets(
        {agency_variable(SOURCE_TOKEN_VARIABLE, agency): t for agency, t in tokens.items()}
    )
    console.print(f"Agency simulator serving the returns at {base_url}")

    from workers.runtime import actors
    from workers.runtime.embedded import EmbeddedRuntime

    # Pull period by period, as the scheduler would have over two years: the cross-return
    # rules compare each return with the period before it.
    by_period: dict[str, list] = defaultdict(list)
    for s in samples:
        by_period[s.period].append(s)
    try:
        with use_settings(pulling), EmbeddedRuntime() as runtime:
            console.print(
                f"Workers: {runtime.worker.worker_threads} threads in this process "
                "(dramatiq, in-process broker)"
            )
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task("Pulling, validating and loading", total=len(samples))
                for label in sorted(by_period, key=_period_key):
                    for s in by_period[label]:
                        actors.pull_feed.send(s.contract, s.agency, s.period)
                    runtime.drain(timeout=300)
                    progress.advance(task, len(by_period[label]))
            _push_correction(console, samples, base, runtime)
    finally:
        stop_simulator(simulator)

    with session_scope() as session:
        _date_as_delivered(session, samples)
        _summary(console, session)
        all_match = _annual_check(console, session)
    index = _build_packs(console, samples)
    console.print(
        f"Warehouse: {base / 'warehouse.db'}\nLanding store: {base / 'landing'}\n"
        f"Sample returns: {base / 'samples'}\nQEG packs: {index}"
    )
    return all_match


#: Days after its period ends that the demo dates each return as received (a return is due
#: 15 days after its period; one agency is made late on purpose).
ON_TIME_DAYS, LATE_DAYS = 10, 25


def _date_as_delivered(session, samples) -> None:
    """Date each pulled return as if it had arrived on schedule over the two years.

    The demo replays two years of deliveries in a minute; left as they are, every
    historical return would read as received today, months late. One agency's returns
    for one quarter are dated after their due date, so the packs show a late return.
    """
    from datetime import UTC, datetime, time, timedelta

    from sqlmodel import select

    from workers.periods import parse_period
    from workers.warehouse.models import Submission

    late = {
        (s.agency, s.period)
        for s in samples
        if s.agency == "peterborough-cc" and s.period in ("2021-10", "2021-11")
    }
    for sub in session.exec(select(Submission).where(Submission.source == "pull")):
        if not sub.period_label:
            continue
        days = LATE_DAYS if (sub.agency_id, sub.period_label) in late else ON_TIME_DAYS
        end = parse_period(sub.period_label).end
        sub.received_at = datetime.combine(end + timedelta(days=days), time(9), tzinfo=UTC)
        session.add(sub)
    session.commit()


def _build_packs(console: Console, samples) -> Path | None:
    """The QEG packs of the latest complete quarter in the demo's data."""
    from workers.packs.build import build_packs
    from workers.periods import parse_period, period_containing

    last = max(parse_period(s.period).end for s in samples)
    quarter = period_containing(last, "quarter").label
    result = build_packs(quarter)
    console.print(
        f"QEG packs for {quarter}: {len(result.rebuilt)} single-agency "
        f"commentaries and the consolidated pack, DOCX and HTML"
    )
    return result.index


def _push_correction(console: Console, samples, base: Path, runtime) -> None:
    """An agency fixes its failed return and pushes it through the intake API."""
    from workers.warehouse.db import session_scope
    from workers.web.push import push_return
    from workers.web.tokens import create_token

    failed = next((s for s in samples if s.rule == "CSC-021"), None)
    if failed is None:
        return
    with session_scope() as session:
        issued = create_token(session, failed.agency, "demo push", created_by="demo")
    corrected = _corrected(failed, base)
    with _ApiServer() as api:
        outcome = push_return(
            api.url, issued.secret, failed.contract, corrected, period=failed.period, timeout=60
        )
    console.print(
        f"{failed.agency} pushed a corrected {failed.contract} {failed.period} to {api.url}: "
        f"submission {outcome['id']} [bold]{outcome['status']}[/], rows loaded "
        f"{outcome.get('rows_loaded')} (the pulled version failed {failed.rule})"
    )


def _summary(console: Console, session) -> None:
    from sqlmodel import col, select

    from workers.warehouse.models import Submission

    # 75 columns with every agency and contract id whole (rich cut them to "cambr…" in
    # 80): the id pair stacked in one column, no vertical rules, single spaces between.
    table = Table(
        title="Returns processed",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("agency\ncontract", no_wrap=True)
    for heading in (
        "returns",
        "passed",
        "queries",
        "errors",
        "needs\nreview",
        "rows\nloaded",
        "rows\nheld",
    ):
        table.add_column(heading, justify="right", no_wrap=True)
    tally: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    review = []
    for sub in session.exec(select(Submission).order_by(col(Submission.id))):
        t = tally[(sub.agency_id, sub.contract_id)]
        t["received"] += 1
        t["passed"] += sub.status in ("loaded", "superseded") and not sub.error_count
        t["queries"] += sub.query_count or 0
        t["errors"] += sub.error_count or 0
        t["review"] += sub.status == "needs_review"
        t["rows"] += sub.rows_loaded or 0
        t["held"] += sub.rows_held or 0
        if sub.status == "needs_review" or sub.rows_held:
            review.append(
                f"submission {sub.id}: {sub.contract_id} {sub.agency_id} "
                f"{sub.period_label} {sub.status}, {sub.error_count} error(s), "
                f"{sub.rows_held or 0} row(s) held"
            )
    for (agency, contract), t in sorted(tally.items()):
        table.add_row(
            f"{agency}\n{contract}",
            *(
                str(t[k])
                for k in ("received", "passed", "queries", "errors", "review", "rows", "held")
            ),
        )
    console.print(table)
    if review:
        console.print("[yellow]Waiting for a data steward[/] (`sdh submissions list`):")
        for line in review:
            console.print(f"  {line}")


def _annual_check(console: Console, session) -> bool:
    """The published year checked figure by figure, then the latest year as the annual
    report prints it: its returns waiting for a steward leave months out, and each
    figure they touch says so."""
    from workers.numbers import format_number
    from workers.periods import financial_year
    from workers.reporting.annual import ANNUAL_AREAS, annual_figures
    from workers.sample.generate import SEED_2020_21

    figures = annual_figures(session, financial_year(2020))
    table = Table(title="Safeguarding Children Data 2020-21: warehouse vs published report")
    table.add_column("measure")
    for _, name in ANNUAL_AREAS:
        table.add_column(name, justify="right")
    table.add_column("matches")
    all_match = True
    for f in figures:
        seed = SEED_2020_21.get(f.measure_id, {})
        ok = all(f.values[c] == seed.get(c) for c, _ in ANNUAL_AREAS)
        all_match &= ok
        table.add_row(
            f.label,
            *("—" if (v := f.values[c]) is None else format_number(v) for c, _ in ANNUAL_AREAS),
            "[green]yes[/]" if ok else "[red]NO[/]",
        )
    console.print(table)
    _latest_year(console, session, financial_year(LAST_FY))
    return all_match


def _latest_year(console: Console, session, year) -> None:
    from rich.text import Text

    from workers.reporting.annual import annual_figures, cell_notes, report_cells
    from workers.reporting.output import terminal_table

    cells = report_cells(annual_figures(session, year))
    console.print(terminal_table(f"Safeguarding Children Data {year.label}", year, cells))
    for line in cell_notes(cells):
        console.print(Text(f"• {line}"))


__all__ = ["run_demo"]
