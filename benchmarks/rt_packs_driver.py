"""The packs case's measurements, in one process as a worker would run them.

    python -m benchmarks.rt_packs_driver QUARTER RETURN_CSV CONTRACT AGENCY PERIOD

Run with ``SDH_DATA_DIR`` pointing at a filled warehouse (the demo's). Prints one JSON
object: the forced build of every pack of the quarter, a build with nothing changed (the
floor: assembling and hashing every pack, rendering none), then the rebuild after
``RETURN_CSV`` is ingested, each with its time and what it rendered.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _timed_build(quarter: str, force: bool = False) -> dict:
    from workers.packs.build import build_packs

    started, cpu = time.perf_counter(), time.process_time()
    result = build_packs(quarter, force=force)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "rebuilt": len(result.rebuilt),
        "skipped": len(result.skipped),
        "consolidated": result.consolidated,
        "files": len(result.files),
    }


def main(argv: list[str]) -> None:
    quarter, csv, contract, agency, period = argv
    started = time.perf_counter()
    # The imports a worker that has built packs before has already paid.
    import docxtpl  # noqa: F401
    import matplotlib.figure  # noqa: F401

    import workers.packs.build
    import workers.packs.render  # noqa: F401

    imports = time.perf_counter() - started
    full = _timed_build(quarter, force=True)
    unchanged = _timed_build(quarter)
    from workers.pipeline import ingest

    path = Path(csv)
    result = ingest(contract, agency, path.read_bytes(), path.name, period=period)
    if result.submission.status != "loaded":
        raise SystemExit(f"the new return did not load: {result.submission.status}")
    rebuild = _timed_build(quarter)
    print(
        json.dumps({"imports": imports, "full": full, "unchanged": unchanged, "rebuild": rebuild})
    )


if __name__ == "__main__":
    main(sys.argv[1:])
