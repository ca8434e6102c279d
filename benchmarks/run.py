"""Run the benchmarks and print one table: case, rows, ours, baseline, floor, ratios, memory.

    uv run python -m benchmarks.run            # every case at full size (tens of minutes)
    uv run python -m benchmarks.run --quick    # small sizes, a minute or two: do they run?
    uv run python -m benchmarks.run ingest latency

Each case is a module in ``benchmarks/cases/`` with ``run(ctx) -> list[Result]``. The
table is also written as JSON to ``.sdh/benchmarks/latest.json`` so a run can be quoted
in ``docs/performance.md`` without copying from a terminal.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.context import Context
from benchmarks.result import Result

# In the order a reader meets the targets in the issue.
CASES = ["formats", "ingest", "memory", "latency", "scale_out", "packs", "startup", "statutory"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("cases", nargs="*", help=f"cases to run (default: all of {CASES})")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--json", type=Path, default=Path(".sdh/benchmarks/latest.json"))
    args = parser.parse_args(argv)
    unknown = sorted(set(args.cases) - set(CASES))
    if unknown:
        parser.error(f"unknown case(s) {unknown}; choose from {CASES}")
    chosen = args.cases or CASES

    # A fixed width keeps the table readable when piped to a file or a CI log.
    console = Console(width=None if sys.stdout.isatty() else 160)
    results: list[Result] = []
    workdir = Path(tempfile.mkdtemp(prefix="sdh-bench-"))
    try:
        for name in chosen:
            module = importlib.import_module(f"benchmarks.cases.{name}")
            console.print(f"[bold]{name}[/bold] …")
            started = time.perf_counter()
            case_results = module.run(Context(workdir=workdir / name, quick=args.quick))
            for result in case_results:
                console.print(f"  {_line(result)}")
            console.print(f"  ({time.perf_counter() - started:.0f} s)")
            results.extend(case_results)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    console.print(render_table(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps([r.as_dict() for r in results], indent=2))
    console.print(f"Written to {args.json}")
    return 1 if any(r.met is False for r in results) else 0


def render_table(results: list[Result]) -> Table:
    table = Table(title="Safeguarding Data Hub benchmarks")
    for heading in ("case", "rows", "ours", "baseline", "floor", "xfloor", "xfaster", "peak MB"):
        table.add_column(heading, justify="left" if heading == "case" else "right")
    table.add_column("target")
    table.add_column("met")
    for r in results:
        table.add_row(
            r.case,
            f"{r.rows:,}" if r.rows is not None else "",
            _s(r.ours_s),
            _s(r.baseline_s),
            _s(r.floor_s),
            f"{r.vs_floor:.1f}x" if r.vs_floor else "",
            f"{r.vs_baseline:.1f}x" if r.vs_baseline else "",
            f"{r.peak_mb:.0f}" if r.peak_mb is not None else "",
            r.target,
            {True: "yes", False: "NO", None: ""}[r.met],
        )
    return table


def _s(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds:.2f} s"


def _line(r: Result) -> str:
    parts = [r.case, f"{r.rows:,} rows" if r.rows else "", f"ours {_s(r.ours_s)}"]
    if r.baseline_s:
        parts.append(f"baseline {_s(r.baseline_s)} ({r.vs_baseline:.1f}x faster)")
    if r.floor_s:
        parts.append(f"floor {_s(r.floor_s)} ({r.vs_floor:.1f}x floor)")
    if r.peak_mb is not None:
        parts.append(f"{r.peak_mb:.0f} MB")
    if r.note:
        parts.append(r.note)
    return " · ".join(p for p in parts if p)


if __name__ == "__main__":
    sys.exit(main())
