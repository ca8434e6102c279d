"""What the ``sdh`` commands print stays readable where it is read: a pipe or a file gets
every id and heading whole (rich assumed 80 columns there and cut them to "contr…"), and
the demo's summary fits an 80-column terminal without cutting a name."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from tests.conftest import receive_push
from workers.demo import _summary
from workers.warehouse.db import session_scope

SDH = str(Path(sys.executable).with_name("sdh"))


def test_a_table_sent_to_a_pipe_keeps_every_heading_and_id_whole(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["SDH_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [SDH, "contracts", "list"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "…" not in result.stdout
    header = next(line for line in result.stdout.splitlines() if "contract" in line)
    for heading in ("contract", "version", "agencies", "grain", "level", "columns", "rules"):
        assert f" {heading} " in header
    row = next(line for line in result.stdout.splitlines() if "la-csc-activity" in line)
    assert "cambridgeshire-cc, peterborough-cc" in row


def test_the_demo_summary_fits_80_columns_with_every_name_whole(warehouse, activity):
    for month in ("2020-04", "2020-05"):
        receive_push(activity, period=month, month=month)
    out = io.StringIO()
    with session_scope() as session:
        _summary(Console(file=out, width=80), session)
    printed = out.getvalue()
    assert "…" not in printed
    assert max(len(line.rstrip()) for line in printed.splitlines()) <= 80
    assert "cambridgeshire-cc" in printed and "la-csc-activity" in printed
    assert "needs" in printed and "review" in printed
