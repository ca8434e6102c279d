"""Start-up: ``sdh --help`` must answer in under 0.5 s (heavy imports stay lazy).

Baseline: a bare ``python -c pass`` in the same interpreter, so the figure shows what
the CLI adds on top of starting Python at all.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from benchmarks.context import Context
from benchmarks.measure import run_measured
from benchmarks.result import Result

TARGET_S = 0.5


def run(ctx: Context) -> list[Result]:
    sdh = str(Path(sys.executable).with_name("sdh"))
    repeats = 3 if ctx.quick else 7
    ours = [run_measured([sdh, "--help"]) for _ in range(repeats)]
    floor = [run_measured([sys.executable, "-c", "pass"]) for _ in range(repeats)]
    median = statistics.median(m.seconds for m in ours)
    return [
        Result(
            case="startup: sdh --help",
            rows=None,
            ours_s=median,
            floor_s=statistics.median(m.seconds for m in floor),
            peak_mb=max(m.peak_mb for m in ours),
            target=f"< {TARGET_S} s",
            met=median < TARGET_S,
            note=f"median of {repeats}; floor = python -c pass",
        )
    ]
