"""Small helpers the tests that start real processes share."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable


def free_port() -> int:
    """A port nothing listens on now, for a server the test is about to start."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(
    check: Callable[[], object], timeout: float, what: str, log: Callable[[], str] | None = None
) -> object:
    """Poll until ``check`` returns something true; on timeout say what never happened,
    with the process's log when one is given (the first thing anyone reads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{log() if log else ''}")
