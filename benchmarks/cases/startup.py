"""Start-up: ``sdh --help`` must answer in under 0.5 s (heavy imports stay lazy), and
``sdh demo`` must complete in under 60 s after install.

Floor of ``--help``: a bare ``python -c pass`` in the same interpreter, so the figure
shows what the CLI adds on top of starting Python at all. The demo runs in a fresh
``SDH_DATA_DIR`` (nothing generated, loaded or rendered before), as a first run after
install would.
"""

from __future__ import annotations

import resource
import statistics
import sys
from pathlib import Path

from benchmarks.context import Context
from benchmarks.measure import run_measured
from benchmarks.result import Result

TARGET_S = 0.5
DEMO_TARGET_S = 60.0


def run(ctx: Context) -> list[Result]:
    sdh = str(Path(sys.executable).with_name("sdh"))
    repeats = 3 if ctx.quick else 7
    ours = [run_measured([sdh, "--help"]) for _ in range(repeats)]
    floor = [run_measured([sys.executable, "-c", "pass"]) for _ in range(repeats)]
    median = statistics.median(m.seconds for m in ours)
    data_dir = ctx.workdir / "demo-data"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    demo = run_measured([sdh, "demo"], env={"SDH_DATA_DIR": str(data_dir)})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The demo was the only child waited for in between: this is its own CPU time, which
    # says how much of the wall time was the demo's work and how much waiting for a core.
    demo_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
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
        ),
        Result(
            case="startup: sdh demo, fresh data dir",
            rows=None,
            ours_s=demo.seconds,
            peak_mb=demo.peak_mb,
            target=f"< {DEMO_TARGET_S:g} s",
            met=demo.seconds < DEMO_TARGET_S,
            note=f"CPU {demo_cpu:.1f} s; " + _demo_note(demo.stdout),
        ),
    ]


def _demo_note(stdout: str) -> str:
    """The demo's own account of what it did (returns loaded, packs written)."""
    wanted = ("Generated", "QEG packs for", "Finished in")
    return "; ".join(
        line.strip() for line in stdout.splitlines() if line.strip().startswith(wanted)
    )
