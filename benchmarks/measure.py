"""Time and peak memory of one child process, read from the kernel.

``os.wait4`` returns the resident-set peak of exactly that child (``RUSAGE_CHILDREN``
would give the largest of every child the runner ever started), so each case reports
its own process and nothing of the runner's. Output goes to temporary files rather than
pipes so a chatty child can never block on a full pipe while we wait for it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str


class CommandFailed(RuntimeError):
    """A measured command exited non-zero: its figure would be meaningless."""


def run_measured(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    exit_codes: tuple[int, ...] = (0,),
) -> Measured:
    """Run ``argv`` to completion; return wall time and the child's own peak RSS.
    ``exit_codes`` are the statuses that mean it did its job (``sdh validate`` exits 1
    for a return it would not accept)."""
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), env=full_env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    if proc.returncode not in exit_codes:
        raise CommandFailed(f"{' '.join(argv)} exited {proc.returncode}:\n{stderr[-2000:]}")
    # Linux reports ru_maxrss in kilobytes.
    return Measured(seconds, usage.ru_maxrss / 1024, stdout, stderr)
