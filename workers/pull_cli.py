"""CLI commands of the pull side (``sdh pull``, ``sdh simulate``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``sdh`` app (imports stay inside commands)."""

    @app.command("pull")
    def pull(
        contract: Annotated[str, typer.Argument(help="Contract id, e.g. la-csc-activity.")],
        agency: Annotated[
            str | None, typer.Option(help="Agency id (needed when several deliver the feed).")
        ] = None,
        period: Annotated[
            str | None,
            typer.Option(help="Period, e.g. 2020-04 or 2020-Q1; default: the latest complete."),
        ] = None,
    ) -> None:
        """Pull a return from the agency's system now, then validate and load it (no broker)."""
        from rich.console import Console

        from workers.sources.pull import close_sessions
        from workers.sources.pull import pull as run_pull
        from workers.warehouse.db import init_db

        console = Console()
        agency_id = _agency(contract, agency)
        init_db()
        try:
            result = run_pull(contract, agency_id, period)
        finally:
            close_sessions()
        where = f"{contract} · {agency_id} · {result.period}"
        if result.status == "not_modified":
            console.print(f"{where}: not modified since the last pull; nothing new.")
            return
        if result.status == "missing":
            console.print(f"{where}: no file yet at {result.url}.")
            return
        receipt = result.receipt
        assert receipt is not None
        if receipt.duplicate:
            console.print(
                f"{where}: identical to submission {receipt.submission_id} "
                f"({receipt.status}); nothing new received."
            )
        else:
            console.print(f"{where}: pulled {result.url} as submission {receipt.submission_id}.")
        _validate_and_load(receipt.submission_id, console, show_report=not receipt.duplicate)

    @app.command("simulate")
    def simulate(
        directory: Annotated[
            Path, typer.Option("--dir", help="Folder of returns: <contract>/<agency>/<period>.csv.")
        ] = Path(".sdh/samples"),
        port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8765,
        host: Annotated[
            str,
            typer.Option(help="Address to bind; 0.0.0.0 only inside a container network."),
        ] = "127.0.0.1",
    ) -> None:
        """Serve returns over HTTP as the agencies' systems would, until Ctrl-C.

        Writes the sample returns into the folder first if it is empty. Agencies whose
        SDH_SOURCE_TOKEN_<AGENCY> is set (in the environment or .env) must send that
        bearer token, as `sdh pull` started in the same folder does.
        """
        import signal
        import threading

        from rich.console import Console

        from workers.simulator import start_simulator, stop_simulator
        from workers.sources.pull import configured_tokens

        console = Console()
        if not directory.exists() or not any(directory.iterdir()):
            from workers.sample.generate import generate_samples

            files = generate_samples(directory)
            console.print(f"Wrote {len(files)} sample returns under {directory}")
        tokens = configured_tokens()
        try:
            server, base_url = start_simulator(
                directory, host=host, port=port, tokens=tokens, verbose=True
            )
        except OSError as exc:
            Console(stderr=True).print(f"[red]error:[/] cannot listen on {host}:{port}: {exc}")
            raise typer.Exit(2) from None
        console.print(f"Serving {directory} at [bold]{base_url}[/] (Ctrl-C to stop)")
        console.print(f"  pull from it with SDH_SOURCE_BASE_URL={base_url}")
        if tokens:
            console.print(f"  bearer token required for: {', '.join(sorted(tokens))}")
        else:
            console.print(
                "  no SDH_SOURCE_TOKEN_* set (environment or .env): tokens are not checked"
            )
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())  # docker stop, systemd
        try:
            while not stop.is_set() and server.thread is not None and server.thread.is_alive():
                stop.wait(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop_simulator(server)
            console.print("Stopped.")


def _agency(contract_id: str, agency: str | None) -> str:
    """The agency asked for, or the only one delivering the contract."""
    from workers.contracts.loader import get_contract
    from workers.errors import AgencyNotAllowed

    contract = get_contract(contract_id)
    if agency:
        return agency  # pull() checks that it delivers the contract
    if len(contract.agencies) == 1:
        return contract.agencies[0]
    raise AgencyNotAllowed(
        f"{contract_id} is delivered by several agencies ({', '.join(contract.agencies)}): "
        "say which with --agency"
    )


def _validate_and_load(submission_id: int, console, *, show_report: bool) -> None:
    """Validate and load a pulled submission (``workers.pipeline.process``) and say how it
    went."""
    from workers.pipeline import process
    from workers.validation.render import outcome_line, render_report
    from workers.warehouse.models import SubmissionStatus

    sub, report = process(submission_id)
    if report is not None and show_report:
        render_report(report, console)
    console.print(outcome_line(sub))
    if sub.status in (SubmissionStatus.NEEDS_REVIEW, SubmissionStatus.REJECTED):
        raise typer.Exit(1)
