"""The row page of a large return reads only as far as the row asked for, in small
batches: its memory does not grow with the return (issue 16, item 5). Reading a whole
600,000-row return took the page's process up by over 300 MB; the bound here is a third
of that. Measured in a process of its own, peak RSS from the kernel."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.generate import generate
from workers.sources.landing import LandingStore

ROWS = 600_000
#: What reading one row may add to the page's process, over its libraries.
BOUND_MB = 100

SCRIPT = """
import json, resource, sys
from pathlib import Path
from workers.contracts.loader import get_contract
from workers.sources.landing import LandingStore
from workers.warehouse.models import Submission
from workers.web.pages.rows import read_row

root, key, sha, row = sys.argv[1], bytes.fromhex(sys.argv[2]), sys.argv[3], int(sys.argv[4])
contract = get_contract("la-csc-episodes")
store = LandingStore(Path(root), key)
submission = Submission(sha256=sha, filename="2022-01.csv", contract_id=contract.id)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
view = read_row(None, store, submission, contract, None, row)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"added_mb": after - before, "note": view.note,
                  "cells": {c.column: c.value for c in view.cells}}))
"""


def test_the_last_row_of_a_large_return_is_read_in_bounded_memory(tmp_path: Path) -> None:
    source = generate(tmp_path / "2022-01.csv", ROWS)
    key = bytes(range(32))
    store = LandingStore(tmp_path / "landing", key)
    sha, _ = store.put(source.read_bytes())
    source.unlink()

    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(store.root), key.hex(), sha, str(ROWS + 1)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])

    assert found["note"] == ""
    assert found["cells"]["area_code"] == "E10000003"
    assert found["cells"]["child_id"].startswith("(withheld)")  # never shown as sent
    assert found["added_mb"] < BOUND_MB, f"reading one row added {found['added_mb']} MB"
