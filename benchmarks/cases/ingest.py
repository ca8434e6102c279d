"""Ingest throughput: a large ``la-csc-episodes`` return through the full path.

Ours is what a user runs: ``sdh ingest la-csc-episodes FILE --agency cambridgeshire-cc
--period 2022-01`` against PostgreSQL (read, pseudonymise, every contract rule, load with
lineage), in a process of its own. The floor is ``psql \\copy`` of the same file into an
unindexed table of eight text columns: what PostgreSQL takes to swallow the bytes. The
baseline is ``benchmarks/baseline_pandas.py`` (pandas, Great Expectations, ``to_sql``).
All three are measured in the same run, one after another, so the ratios hold on a
shared machine even when the absolute seconds drift; the floor and ours three times each,
alternating, and their medians taken.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from benchmarks.context import Context
from benchmarks.generate import COLUMNS, generate
from benchmarks.measure import Measured, run_measured
from benchmarks.result import Result

#: A database of the case's own, so cases of other worktrees or runs never drop it.
DATABASE = "sdh_bench_ingest"
FLOOR_RATIO = 3.0
BASELINE_RATIO = 10.0
REPEATS = 3
KEY = "benchmark-key"


def _median(runs: list[Measured]) -> Measured:
    return sorted(runs, key=lambda m: m.seconds)[len(runs) // 2]


def _spread(runs: list[Measured]) -> str:
    return ", ".join(f"{m.seconds:.2f}" for m in runs) + " s"


def sizes(ctx: Context) -> list[int]:
    return [10_000] if ctx.quick else [100_000, 1_000_000]


def return_file(ctx: Context, rows: int) -> Path:
    """The generated return of ``rows`` rows, written once per run and reused."""
    ctx.workdir.mkdir(parents=True, exist_ok=True)
    path = ctx.workdir / f"la-csc-episodes-{rows}.csv"
    if not path.exists():
        generate(path, rows)
    return path


def _admin(ctx: Context, sql: str) -> None:
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", ctx.postgres_admin_url, "-c", sql],
        check=True,
        capture_output=True,
    )


def fresh_database(ctx: Context) -> None:
    """Drop and create the benchmark database, then create the hub's schema in it."""
    _admin(ctx, f"DROP DATABASE IF EXISTS {ctx.database_name} WITH (FORCE)")
    _admin(ctx, f"CREATE DATABASE {ctx.database_name}")


def _sdh() -> str:
    return str(Path(sys.executable).with_name("sdh"))


def hub_env(ctx: Context, data_dir: Path) -> dict[str, str]:
    return {
        "SDH_DATABASE_URL": ctx.database_url,
        "SDH_DATA_DIR": str(data_dir),
        "SDH_PSEUDONYM_KEY": KEY,
        "SDH_BROKER_URL": "",
    }


def measure_ours(ctx: Context, path: Path, tag: str) -> Measured:
    """``sdh ingest`` of the file into a fresh database, as its own measured process."""
    fresh_database(ctx)
    data_dir = ctx.workdir / f"sdh-{tag}"
    env = hub_env(ctx, data_dir)
    run_measured([_sdh(), "init"], env=env)  # schema and catalogue: not part of the ingest
    measured = run_measured(
        [
            _sdh(),
            "ingest",
            "la-csc-episodes",
            str(path),
            "--agency",
            "cambridgeshire-cc",
            "--period",
            "2022-01",
        ],
        env=env,
    )
    if "loaded" not in measured.stdout:
        raise RuntimeError(f"the ingest did not load:\n{measured.stdout[-2000:]}")
    return measured


def measure_floor(ctx: Context, path: Path) -> Measured:
    fresh_database(ctx)
    cols = ", ".join(f"{c} text" for c in COLUMNS)
    subprocess.run(
        ["psql", "-q", ctx.libpq_url, "-c", f"CREATE TABLE floor_copy ({cols})"],
        check=True,
        capture_output=True,
    )
    return run_measured(
        [
            "psql",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            ctx.libpq_url,
            "-c",
            f"\\copy floor_copy FROM '{path}' (FORMAT csv, HEADER)",
        ]
    )


def measure_baseline(ctx: Context, path: Path) -> Measured:
    fresh_database(ctx)
    return run_measured(
        [
            sys.executable,
            "-m",
            "benchmarks.baseline_pandas",
            str(path),
            ctx.database_url,
            "--key",
            KEY,
        ],
        cwd=str(Path(__file__).resolve().parents[2]),
    )


def own_database(ctx: Context) -> Context:
    return dataclasses.replace(ctx, database_name=DATABASE)


def run(ctx: Context) -> list[Result]:
    ctx = own_database(ctx)
    results = []
    try:
        for rows in sizes(ctx):
            path = return_file(ctx, rows)
            # The short runs three times each, alternating, and their medians: a tenth of
            # a second of noise is a fifth of the floor. The baseline runs half a minute
            # and more, once.
            floors, runs = [], []
            for _ in range(REPEATS):
                floors.append(measure_floor(ctx, path))
                runs.append(measure_ours(ctx, path, f"ingest-{rows}"))
            floor, ours = _median(floors), _median(runs)
            baseline = measure_baseline(ctx, path)
            result = Result(
                case="ingest: la-csc-episodes",
                rows=rows,
                ours_s=ours.seconds,
                baseline_s=baseline.seconds,
                floor_s=floor.seconds,
                peak_mb=ours.peak_mb,
                target=f"≤{FLOOR_RATIO:g}x floor, ≥{BASELINE_RATIO:g}x baseline",
                note=f"baseline peak {baseline.peak_mb:.0f} MB; median of {REPEATS}: ours "
                f"{_spread(runs)}, floor {_spread(floors)}",
            )
            result.met = (
                result.vs_floor is not None
                and result.vs_floor <= FLOOR_RATIO
                and result.vs_baseline is not None
                and result.vs_baseline >= BASELINE_RATIO
            )
            results.append(result)
    finally:
        _admin(ctx, f"DROP DATABASE IF EXISTS {ctx.database_name} WITH (FORCE)")
    return results
