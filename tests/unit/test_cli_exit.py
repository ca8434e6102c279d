"""How the ``sdh`` command ends (workers/cli.py ``run``): a command that has finished
leaves without the interpreter's teardown, with its output whole and its exit status
kept; anything still running keeps the ordinary exit, which waits for it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from workers.cli import finished

SDH = str(Path(sys.executable).with_name("sdh"))


def _sdh(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "SDH_DATA_DIR": str(tmp_path / "data"),
        "SDH_DATABASE_URL": "",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [SDH, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_a_thread_still_working_keeps_the_ordinary_exit():
    release = threading.Event()
    working = threading.Thread(target=release.wait)
    working.start()
    try:
        assert not finished()
    finally:
        release.set()
        working.join()
    assert finished()
    background = threading.Thread(target=release.wait, daemon=True)  # never waited for
    background.start()
    assert finished()


def test_output_and_exit_status_survive_the_quick_exit(tmp_path):
    listed = _sdh("contracts", "list", tmp_path=tmp_path)
    assert listed.returncode == 0, listed.stderr
    # Piped, so buffered: every contract is there, the last one included.
    for contract in ("cdop-child-deaths", "la-csc-episodes", "police-safeguarding"):
        assert contract in listed.stdout
    assert listed.stdout.rstrip().splitlines()[-1].startswith("└")  # the table's last line
    refused = _sdh("validate", "no-such-contract", str(tmp_path / "x.csv"), tmp_path=tmp_path)
    assert refused.returncode == 2
    assert "No contract 'no-such-contract'" in refused.stderr
