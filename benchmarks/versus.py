"""This checkout against another release, case by case, in one run.

    uv run python -m benchmarks.versus /path/to/other/.venv/bin/sdh
    uv run python -m benchmarks.versus OTHER_SDH --cases one-row,csv,xlsx,json,hostile,demo

Each case runs the other release's ``sdh`` and this one's alternately (``--repeats``
times each; medians), each in a process of its own with its own data folder and, for the
PostgreSQL cases, a fresh database. Time and peak memory are the child's own
(``benchmarks.measure``). The other release needs its own virtual environment: for a
commit, ``git worktree add /tmp/before COMMIT && (cd /tmp/before && uv sync)``. The
figures of ``docs/performance.md``'s "One path" section come from this.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.cases.formats import _as_json, _as_xlsx, _one_row
from benchmarks.cases.ingest import KEY, fresh_database, hub_env, return_file
from benchmarks.context import Context
from benchmarks.measure import Measured, run_measured

CASES = ("one-row", "csv", "xlsx", "json", "hostile", "demo")
DATABASE = "sdh_bench_versus"


def _ours() -> str:
    return str(Path(sys.executable).with_name("sdh"))


def _sqlite_env(data: Path) -> dict[str, str]:
    return {"SDH_DATA_DIR": str(data), "SDH_PSEUDONYM_KEY": KEY, "SDH_DATABASE_URL": ""}


def _one_row_case(ctx: Context, sdh: str, command: str, n: int) -> Measured:
    data = ctx.workdir / f"one-{Path(sdh).parent.parent.name}-{command}-{n}"
    env = _sqlite_env(data)
    run_measured([sdh, "init"], env=env)  # a hub set up already: set-up is once
    path = _one_row(ctx)
    return run_measured(
        [sdh, command, "la-csc-activity", str(path), "--agency", "cambridgeshire-cc"],
        env=env,
        exit_codes=(0, 1),
    )


def _ingest_case(ctx: Context, sdh: str, path: Path, n: int) -> Measured:
    fresh_database(ctx)
    env = hub_env(ctx, ctx.workdir / f"pg-{Path(sdh).parent.parent.name}-{n}")
    run_measured([sdh, "init"], env=env)
    argv = [sdh, "ingest", "la-csc-episodes", str(path), "--agency", "cambridgeshire-cc"]
    measured = run_measured([*argv, "--period", "2022-01"], env=env)
    if "loaded" not in measured.stdout:
        raise RuntimeError(f"{sdh} did not load {path.name}:\n{measured.stdout[-2000:]}")
    return measured


def _hostile_case(ctx: Context, sdh: str, path: Path, n: int) -> Measured:
    env = _sqlite_env(ctx.workdir / f"hostile-{Path(sdh).parent.parent.name}-{n}")
    argv = [sdh, "validate", "la-csc-activity", str(path), "--agency", "cambridgeshire-cc"]
    return run_measured([*argv, "--period", "2020-04", "--offline"], env=env, exit_codes=(1, 2))


def _demo_case(ctx: Context, sdh: str, n: int) -> Measured:
    data = ctx.workdir / f"demo-{Path(sdh).parent.parent.name}-{n}"
    return run_measured([sdh, "demo"], env={"SDH_DATA_DIR": str(data), "SDH_DATABASE_URL": ""})


def _hostile_files(ctx: Context) -> dict[str, Path]:
    from tests.corpus.generate import json_deep, json_many_keys, xlsx_far_row, xlsx_full_width

    files = {}
    for name, build in (
        ("wide.xlsx", xlsx_full_width),
        ("far.xlsx", xlsx_far_row),
        ("keys.json", json_many_keys),
        ("deep.json", json_deep),
    ):
        path = ctx.workdir / name
        path.write_bytes(build())
        files[name] = path
    return files


def _cases(ctx: Context, chosen: set[str]) -> list[tuple[str, Callable[[str, int], Measured]]]:
    cases: list[tuple[str, Callable[[str, int], Measured]]] = []
    if "one-row" in chosen:
        for command in ("validate", "ingest"):
            cases.append(
                (
                    f"one-row la-csc-activity: sdh {command} (SQLite)",
                    lambda sdh, n, c=command: _one_row_case(ctx, sdh, c, n),
                )
            )
    if "csv" in chosen:
        for rows in (100_000, 1_000_000):
            path = return_file(ctx, rows)
            cases.append(
                (
                    f"{rows:,}-row CSV: sdh ingest (PostgreSQL)",
                    lambda sdh, n, p=path: _ingest_case(ctx, sdh, p, n),
                )
            )
    if "xlsx" in chosen:
        path = _as_xlsx(return_file(ctx, 100_000), ctx.workdir / "ep-100000.xlsx")
        cases.append(
            (
                "100,000-row XLSX: sdh ingest (PostgreSQL)",
                lambda sdh, n, p=path: _ingest_case(ctx, sdh, p, n),
            )
        )
    if "json" in chosen:
        json_path = _as_json(return_file(ctx, 100_000), ctx.workdir / "ep-100000.json")
        cases.append(
            (
                "100,000-row JSON: sdh ingest (PostgreSQL)",
                lambda sdh, n, p=json_path: _ingest_case(ctx, sdh, p, n),
            )
        )
    if "hostile" in chosen:
        for name, path in _hostile_files(ctx).items():
            cases.append(
                (
                    f"hostile {name} ({path.stat().st_size / 1024:.0f} KB): sdh validate",
                    lambda sdh, n, p=path: _hostile_case(ctx, sdh, p, n),
                )
            )
    if "demo" in chosen:
        cases.append(("sdh demo, fresh data folder", lambda sdh, n: _demo_case(ctx, sdh, n)))
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.versus", description=__doc__)
    parser.add_argument("other", help="the other release's sdh executable")
    parser.add_argument("--cases", default=",".join(CASES), help=f"of {', '.join(CASES)}")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    chosen = set(args.cases.split(","))
    workdir = Path(tempfile.mkdtemp(prefix="sdh-versus-"))
    ctx = Context(workdir=workdir, database_name=DATABASE)
    print("| case | before | now | before / now | peak MB before → now |")
    print("| --- | ---: | ---: | ---: | --- |")
    for label, run in _cases(ctx, chosen):
        before: list[Measured] = []
        now: list[Measured] = []
        for n in range(args.repeats):
            before.append(run(args.other, n))
            now.append(run(_ours(), n))
        b = statistics.median(m.seconds for m in before)
        o = statistics.median(m.seconds for m in now)
        peak_b = max(m.peak_mb for m in before)
        peak_o = max(m.peak_mb for m in now)
        print(
            f"| {label} | {b:.2f} s | {o:.2f} s | {b / o:.1f}x | {peak_b:.0f} → {peak_o:.0f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
