"""The returns agencies actually send, through the one path.

- A one-row aggregate return (``la-csc-activity``), whole process: ``sdh validate`` (the
  pre-check an agency runs) and ``sdh ingest`` into a fresh SQLite warehouse. Target
  (issue 15): ≤ 0.5 s and ≤ 120 MB. Floor: importing the libraries the path is built on
  (Arrow, SQLModel/SQLAlchemy, pydantic-settings, typer) and nothing of the hub's, in the
  same interpreter: what any command that reads a return into Arrow and writes it to the
  warehouse pays before it does anything.
- The same child-level rows as XLSX (100,000 rows) and JSON (1,000,000 rows) as as CSV,
  ``sdh ingest`` on PostgreSQL. Target: within 2x the CSV time, memory flat. The CSV run
  of the same rows is the baseline of each, measured in the same run.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import statistics
import sys
from pathlib import Path

from benchmarks.cases.ingest import KEY, _admin, measure_ours, return_file
from benchmarks.context import Context
from benchmarks.measure import Measured, run_measured
from benchmarks.result import Result

DATABASE = "sdh_bench_formats"
SMALL_S, SMALL_MB = 0.5, 120.0
FORMAT_RATIO = 2.0
LIBRARIES = "import pyarrow.compute, pyarrow.csv, sqlmodel, pydantic_settings, typer"


def _sdh() -> str:
    return str(Path(sys.executable).with_name("sdh"))


def _one_row(ctx: Context) -> Path:
    from tests.conftest import activity_row

    path = ctx.workdir / "2020-04.csv"
    row = activity_row()
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    return path


def _small(ctx: Context) -> list[Result]:
    path = _one_row(ctx)
    repeats = 3 if ctx.quick else 7
    floors = [run_measured([sys.executable, "-c", LIBRARIES]) for _ in range(repeats)]
    floor = statistics.median(m.seconds for m in floors)
    floor_mb = max(m.peak_mb for m in floors)
    results = []
    for command in ("validate", "ingest"):
        runs: list[Measured] = []
        for n in range(repeats):
            data = ctx.workdir / f"small-{command}-{n}"
            # a hub set up already, as an operator's is (set-up is once, not per return)
            run_measured(
                [_sdh(), "init"], env={"SDH_DATA_DIR": str(data), "SDH_PSEUDONYM_KEY": KEY}
            )
            runs.append(
                run_measured(
                    [
                        _sdh(),
                        command,
                        "la-csc-activity",
                        str(path),
                        "--agency",
                        "cambridgeshire-cc",
                    ],
                    env={"SDH_DATA_DIR": str(data), "SDH_PSEUDONYM_KEY": KEY},
                )
            )
        median = statistics.median(m.seconds for m in runs)
        peak = max(m.peak_mb for m in runs)
        results.append(
            Result(
                case=f"one-row return: sdh {command}",
                rows=1,
                ours_s=median,
                floor_s=floor,
                peak_mb=peak,
                target=f"≤ {SMALL_S} s, ≤ {SMALL_MB:g} MB",
                met=median <= SMALL_S and peak <= SMALL_MB,
                note=f"median of {repeats}; floor = importing the libraries alone "
                f"({floor_mb:.0f} MB); SQLite",
            )
        )
    return results


def _as_json(csv_path: Path, out: Path) -> Path:
    """The CSV's rows as a JSON list of objects, written a row at a time."""
    if out.exists():
        return out
    with csv_path.open(newline="") as src, out.open("w") as dst:
        dst.write('{"contract": "la-csc-episodes", "rows": [')
        for n, row in enumerate(csv.DictReader(src)):
            dst.write(("," if n else "") + json.dumps(row))
        dst.write("]}")
    return out


def _as_xlsx(csv_path: Path, out: Path) -> Path:
    """The CSV's rows as a workbook (openpyxl's write-only mode: cells as Excel keeps them,
    numbers as numbers)."""
    if out.exists():
        return out
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    with csv_path.open(newline="") as src:
        reader = csv.reader(src)
        sheet.append(next(reader))
        for row in reader:
            sheet.append([int(v) if v.isdigit() else v for v in row])
    book.save(out)
    return out


def _formats(ctx: Context) -> list[Result]:
    ctx = dataclasses.replace(ctx, database_name=DATABASE)
    results = []
    try:
        for fmt, rows in (
            ("xlsx", 2_000 if ctx.quick else 100_000),
            ("json", 10_000 if ctx.quick else 1_000_000),
        ):
            source = return_file(ctx, rows)
            other = (_as_xlsx if fmt == "xlsx" else _as_json)(
                source, ctx.workdir / f"ep-{rows}.{fmt}"
            )
            as_csv = measure_ours(ctx, source, f"csv-{rows}")
            ours = measure_ours(ctx, other, f"{fmt}-{rows}")
            result = Result(
                case=f"ingest as {fmt.upper()} vs CSV",
                rows=rows,
                ours_s=ours.seconds,
                baseline_s=as_csv.seconds,
                peak_mb=ours.peak_mb,
                target=f"≤ {FORMAT_RATIO:g}x the CSV time",
                note=f"CSV {as_csv.seconds:.2f} s, peak {as_csv.peak_mb:.0f} MB; "
                f"{fmt} file {other.stat().st_size / 1e6:.0f} MB",
            )
            result.met = ours.seconds <= FORMAT_RATIO * as_csv.seconds
            results.append(result)
    finally:
        _admin(ctx, f"DROP DATABASE IF EXISTS {ctx.database_name} WITH (FORCE)")
    return results


def run(ctx: Context) -> list[Result]:
    ctx.workdir.mkdir(parents=True, exist_ok=True)
    return [*_small(ctx), *_formats(ctx)]
