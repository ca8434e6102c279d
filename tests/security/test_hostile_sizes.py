"""Tiny files that would take gigabytes: every reader bounds its memory and time by what
the contract allows before it expands anything (issue 16, item 1). Each file goes through
``sdh validate`` in a process of its own, whose peak memory is read from the kernel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpus.generate import json_deep, json_many_keys, xlsx_far_row, xlsx_full_width

#: The peak a reading process may reach: the interpreter with the hub's libraries is
#: about 130 MB; a pass that expanded any of these files took from 1 to over 4 GB.
PEAK_MB = 300


def _validate(tmp_path: Path, name: str, data: bytes) -> tuple[subprocess.CompletedProcess, int]:
    path = tmp_path / name
    path.write_bytes(data)
    script = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024\n"
        "print(done.returncode, peak)\n"
        "sys.stdout.write(done.stdout + done.stderr)\n"
    )
    sdh = str(Path(sys.executable).with_name("sdh"))
    env = {**os.environ, "SDH_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            sdh,
            "validate",
            "la-csc-activity",
            str(path),
            "--agency",
            "cambridgeshire-cc",
            "--period",
            "2020-04",
            "--offline",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    first, _, rest = done.stdout.partition("\n")
    code, peak = (int(x) for x in first.split())
    return subprocess.CompletedProcess(done.args, code, rest, done.stderr), peak


@pytest.mark.parametrize(
    ("name", "build", "rule"),
    [
        ("wide.xlsx", xlsx_full_width, "file.xlsx_size"),
        ("far.xlsx", xlsx_far_row, "file.xlsx_size"),
        ("keys.json", json_many_keys, "file.header"),
        ("deep.json", json_deep, "file.json"),
    ],
    ids=["xlsx-full-width", "xlsx-row-1048576", "json-10000-keys", "json-nested-100000"],
)
def test_a_hostile_file_is_refused_in_bounded_memory(tmp_path, name, build, rule):
    data = build()
    assert len(data) < 500_000  # tiny, as the attack is
    done, peak = _validate(tmp_path, name, data)
    assert done.returncode == 1, done.stdout
    assert f"[{rule}]" in done.stdout, done.stdout
    assert "Traceback" not in done.stdout
    assert peak < PEAK_MB, f"{name}: the reading process peaked at {peak} MB"
