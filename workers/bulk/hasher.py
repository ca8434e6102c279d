"""The keyed hash of a large return's identifiers, worked out in a second process.

Hashing each identifier is the one step of the column reader that runs a Python loop
(about 1 µs a value: half of the reader's time on a million-row return), and the GIL
keeps a thread from running it beside the rest. A process of its own
(``workers.pseudonymise_worker``) takes each batch's identifiers while this one types and
checks the same batch, so on two cores the hash costs little wall time. Small returns
hash in-process, and so does any return whose helper process fails: the result is the
same ``pseudonymise_many`` either way.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Protocol

from workers.pseudonymise_worker import hashed, receive, send

#: Files smaller than this are hashed in-process: starting a process costs more.
PARALLEL_FROM_BYTES = 4 << 20


class Pending(Protocol):
    def result(self) -> bytes: ...


class _Done:
    def __init__(self, value: bytes) -> None:
        self._value = value

    def result(self) -> bytes:
        return self._value


class _Asked:
    """Hashes the helper process is working out; read in the order they were asked."""

    def __init__(self, hasher: Hasher, values: list[str]) -> None:
        self._hasher = hasher
        self._values = values

    def result(self) -> bytes:
        return self._hasher._answer(self._values)


class Hasher:
    """``submit(values)`` starts hashing a batch's distinct identifiers; ``result()`` of
    what it returns waits for their pseudonyms, end to end (``hashed``; answers are read
    in the order asked). Use as a
    context manager: the helper process ends with it."""

    def __init__(self, key: bytes, parallel: bool) -> None:
        self.key = key
        self._process: subprocess.Popen | None = None
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

    @property
    def parallel(self) -> bool:
        return self._process is not None

    def submit(self, values: list[str]) -> Pending:
        if self._process is not None:
            try:
                send(self._process.stdin, values)  # type: ignore[arg-type]
                return _Asked(self, values)
            except OSError:
                self._stop()
        return _Done(hashed(values, self.key))

    def _answer(self, values: list[str]) -> bytes:
        if self._process is not None:
            try:
                answer = receive(self._process.stdout)  # type: ignore[arg-type]
                if isinstance(answer, bytes) and len(answer) == 32 * len(values):
                    return answer
            except (OSError, EOFError):
                pass
            self._stop()  # the helper is gone: hash here from now on
        return hashed(values, self.key)

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for pipe in (process.stdin, process.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:  # a helper that died leaves a broken pipe
                pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> Hasher:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()
