"""The process ``sdh worker`` becomes: dramatiq's own CLI, with logging and metrics set first.

Both must be in place before dramatiq forks its worker processes. The hub's log handler,
installed here, is inherited by every fork (dramatiq's plain-text ``basicConfig`` then
finds the root logger configured and adds nothing). prometheus-client picks its
multiprocess mode from the environment when first imported, and dramatiq reads its
metrics folder at import, so both variables are set before either is imported. Each run
gets a fresh metrics folder: files left by an earlier run would be summed in.

Run as ``python -m workers.observability.worker workers.runtime.actors [dramatiq options]``.
dramatiq's SIGHUP reload re-executes ``sys.argv[0]``, which is this file and not a
program: restart the service instead (SIGTERM, then start it again).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile


def prepare_metrics_dir() -> str | None:
    """A fresh multiprocess folder for this run's metrics, or None with no exporter."""
    from workers.settings import get_settings

    if get_settings().worker_metrics_port is None:
        return None
    folder = tempfile.mkdtemp(prefix="sdh-worker-metrics-")
    os.environ["dramatiq_prom_db"] = folder  # noqa: SIM112 - the name dramatiq reads
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    return folder


def main() -> int:
    from workers.logs import configure_logging
    from workers.observability.heartbeats import reset_worker_ids

    configure_logging("worker", replace=True)
    reset_worker_ids()  # the processes about to boot note theirs (`sdh health worker`)
    folder = prepare_metrics_dir()
    from dramatiq.cli import main as dramatiq_main

    try:
        return dramatiq_main() or 0
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
