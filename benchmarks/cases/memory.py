"""Memory: peak resident memory of the ingest process stays under 400 MB, flat in the file.

The same ``sdh ingest`` as the throughput case, at two sizes five times apart; the peak
is the kernel's figure for that process alone (``wait4``). "Flat" is read as: the larger
file's peak is within 25% of the smaller one's, so a path that holds the file, or a
frame of it, in memory fails even when it squeezes under the ceiling.
"""

from __future__ import annotations

import dataclasses

from benchmarks.cases.ingest import _admin, measure_ours, return_file
from benchmarks.context import Context
from benchmarks.result import Result

DATABASE = "sdh_bench_memory"  # the case's own, as in the ingest case
CEILING_MB = 400
GROWTH = 1.25


def run(ctx: Context) -> list[Result]:
    ctx = dataclasses.replace(ctx, database_name=DATABASE)
    small, large = (10_000, 50_000) if ctx.quick else (1_000_000, 5_000_000)
    results = []
    try:
        peaks = {}
        for rows in (small, large):
            measured = measure_ours(ctx, return_file(ctx, rows), f"memory-{rows}")
            peaks[rows] = measured.peak_mb
            results.append(
                Result(
                    case="memory: sdh ingest peak RSS",
                    rows=rows,
                    ours_s=measured.seconds,
                    peak_mb=measured.peak_mb,
                    target=f"< {CEILING_MB} MB, flat",
                    met=measured.peak_mb < CEILING_MB,
                )
            )
        flat = peaks[large] <= peaks[small] * GROWTH
        results[-1].met = bool(results[-1].met and flat)
        results[-1].note = f"{peaks[large] / peaks[small]:.2f}x the peak at {small:,} rows"
    finally:
        _admin(ctx, f"DROP DATABASE IF EXISTS {ctx.database_name} WITH (FORCE)")
    return results
