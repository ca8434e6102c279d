"""The keyed hash of a return's identifiers, for a large return in a second process.

Hashing each identifier is the one step of the path that runs a Python loop, and the GIL
keeps a thread from running it beside the rest. A process of its own
(``workers.pseudonymise_worker``) takes each batch's identifiers while this one types and
checks the batch before, so on two cores the hash costs little wall time. Small returns
hash in-process, and so does any return whose helper process fails: the result is the
same ``pseudonymise_many`` either way. ``docs/performance.md`` has the measurements.
"""

from __future__ import annotations

import contextlib
import queue
import subprocess
import sys
import threading
from typing import Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workers.pseudonymise_worker import NORMALISED, hashed, receive, send

#: What ``submit`` takes: identifiers as sent, or normalised as two buffers (``request``).
Request = list[str] | tuple[str, bytes, bytes]

#: Files smaller than this (about 220,000 rows of a child-level return) are hashed
#: in-process: starting a process costs more.
PARALLEL_FROM_BYTES = 12 << 20


def _count(values: Request) -> int:
    if isinstance(values, tuple):
        return len(values[1]) // 4 - 1  # int32 offsets, one more than the values
    return len(values)


def _close(pipe) -> None:
    try:
        if pipe is not None:
            pipe.close()
    except OSError:  # a helper that died leaves a broken pipe
        pass


class Pending(Protocol):
    def result(self) -> bytes: ...


class _Done:
    def __init__(self, value: bytes) -> None:
        self._value = value

    def result(self) -> bytes:
        return self._value


class _Asked:
    """Hashes the helper process is working out; read in the order they were asked."""

    def __init__(self, hasher: Hasher, values: Request) -> None:
        self._hasher = hasher
        self._values = values

    def result(self) -> bytes:
        return self._hasher._answer(self._values)


class Hasher:
    """``submit(values)`` starts hashing a batch's distinct identifiers; ``result()`` of
    what it returns waits for their pseudonyms, end to end (``hashed``; answers are read
    in the order asked, and a batch may be asked for before the last one's answer is
    read). Use as a context manager: the helper process ends with it."""

    def __init__(self, key: bytes, parallel: bool) -> None:
        self.key = key
        self._process: subprocess.Popen | None = None
        self._outbox: queue.SimpleQueue[Request | None] = queue.SimpleQueue()
        self._sender: threading.Thread | None = None
        if parallel:
            try:
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "workers.pseudonymise_worker"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                )
                send(self._process.stdin, key)  # type: ignore[arg-type]
            except OSError:
                self._stop()
                return
            self._sender = threading.Thread(
                target=self._send_all, args=(self._process.stdin,), name="sdh-hash-requests"
            )
            self._sender.start()

    def _send_all(self, requests) -> None:
        """Write the requests in a thread of their own. The reader asks for a batch's hashes
        before it reads the previous batch's answer; written inline, that request could
        wait for the helper, the helper for the reader to read its answer, and the reader
        for the request: a deadlock once both outgrow the pipes' buffers."""
        while (values := self._outbox.get()) is not None:
            # A helper that is gone fails its answers too: they fall back to hashing here.
            with contextlib.suppress(OSError, ValueError):
                send(requests, values)

    @property
    def parallel(self) -> bool:
        return self._process is not None

    def submit(self, values: Request) -> Pending:
        if self._process is not None:
            self._outbox.put(values)
            return _Asked(self, values)
        return _Done(hashed(values, self.key))

    def _answer(self, values: Request) -> bytes:
        if self._process is not None:
            try:
                answer = receive(self._process.stdout)  # type: ignore[arg-type]
                if isinstance(answer, bytes) and len(answer) == 32 * _count(values):
                    return answer
            except (OSError, EOFError):
                pass
            self._stop()  # the helper is gone: hash here from now on
        return hashed(values, self.key)

    def _stop(self) -> None:
        process, self._process = self._process, None
        sender, self._sender = self._sender, None
        if process is None:
            return
        self._outbox.put(None)
        # The answers' pipe first: a helper still writing an answer nobody will read then
        # stops, and so stops reading requests, which frees a request being written.
        _close(process.stdout)
        if sender is not None:
            sender.join(timeout=5)
            if sender.is_alive():  # a helper that reads nothing: ending it frees the write
                process.kill()
                sender.join()
        _close(process.stdin)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> Hasher:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()


#: What Python's ``str.strip()`` removes from an ASCII string.
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def hash_request(values: pa.Array) -> Request:
    """Distinct identifiers as the hash helper takes them. ASCII ones (as machines write
    them) are normalised here, in one vectorised pass that is exactly
    ``normalise_identifier`` on ASCII, and sent as Arrow's two buffers: no Python string
    per identifier on either side. Others go as a list, normalised by the helper."""
    if not len(values) or not pc.all(pc.string_is_ascii(values)).as_py():
        return values.to_pylist()
    normal = pc.ascii_upper(pc.ascii_trim(values, _ASCII_SPACE))
    ends = np.frombuffer(normal.buffers()[1], dtype=np.int32)
    ends = ends[normal.offset : normal.offset + len(normal) + 1]
    data = normal.buffers()[2]
    return (NORMALISED, ends.tobytes(), data.to_pybytes() if data is not None else b"")
