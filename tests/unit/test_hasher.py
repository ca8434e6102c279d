"""The hashing helper process of the reader (workers/validation/hashing.py)."""

from __future__ import annotations

import threading

from workers.pseudonymise import pseudonymise_many
from workers.validation.hashing import Hasher

KEY = b"unit-test-key"


def test_helper_process_hashes_as_pseudonymise_many():
    batches = [[f"CAM-{i:07d}" for i in range(n, n + 500)] for n in (0, 500, 1000)]
    with Hasher(KEY, parallel=True) as hasher:
        assert hasher.parallel
        asked = [hasher.submit(batch) for batch in batches]  # several in flight
        answers = [a.result() for a in asked]
    assert answers == ["".join(pseudonymise_many(b, KEY)).encode() for b in batches]


def _within(seconds: float, work) -> object:
    """``work()``, failing the test if it has not returned in time (a deadlock)."""
    done: list[object] = []
    thread = threading.Thread(target=lambda: done.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert done, f"still waiting after {seconds} s"
    return done[0]


def _large_batches() -> list[list[str]]:
    """Requests and answers each larger than a pipe holds (64 kB)."""
    return [[f"CAM-{i:07d}" for i in range(n, n + 40_000)] for n in (0, 40_000, 80_000)]


def test_batches_asked_ahead_of_their_answers_do_not_deadlock():
    """The reader asks for the next batch before reading the last one's answer: with
    both larger than the pipes hold, the helper and the reader must not wait on each
    other."""
    batches = _large_batches()

    def run() -> list[bytes]:
        with Hasher(KEY, parallel=True) as hasher:
            asked = [hasher.submit(batch) for batch in batches]
            return [a.result() for a in asked]

    answers = _within(60, run)
    assert answers == ["".join(pseudonymise_many(b, KEY)).encode() for b in batches]


def test_a_reader_that_gives_up_leaves_quietly(capfd):
    """A file refused half-way leaves answers unread: the helper ends at once, without a
    traceback on the terminal."""

    def run() -> None:
        with Hasher(KEY, parallel=True) as hasher:
            for batch in _large_batches():
                hasher.submit(batch)

    _within(60, run)
    assert "Traceback" not in capfd.readouterr().err


def test_helper_that_dies_falls_back_to_hashing_here():
    batch = [" cam-1 ", "CAM-2", "x"]
    with Hasher(KEY, parallel=True) as hasher:
        hasher._process.kill()  # type: ignore[union-attr]
        hasher._process.wait()  # type: ignore[union-attr]
        first = hasher.submit(batch).result()
        assert not hasher.parallel
        second = hasher.submit(batch).result()
    assert first == second == "".join(pseudonymise_many(batch, KEY)).encode()


def test_the_key_is_not_in_the_helper_arguments():
    with Hasher(KEY, parallel=True) as hasher:
        args = hasher._process.args  # type: ignore[union-attr]
    assert not any(KEY.decode() in str(a) for a in args)


def test_identifiers_normalised_by_arrow_hash_as_pseudonymise_many():
    """The column reader normalises ASCII identifiers with Arrow and sends the helper two
    buffers (workers/validation/hashing.py hash_request): the pseudonyms are those of the
    reference path for every space Python strips, either case, a slice of a column,
    and a batch with one identifier that is not ASCII (sent as a list)."""
    import pyarrow as pa

    from workers.validation.hashing import hash_request

    spaces = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
    raw = [f"{spaces[i % 10]}cam-{i:05d}{spaces[(i * 7) % 10]}" for i in range(3_000)]
    raw += ["CAM-1", "  Cam-2 ", "", "a,b"]
    for values, as_list in (
        (pa.array(raw), False),
        (pa.array(raw).slice(17, 1_000), False),
        (pa.array([*raw[:50], " cäm-9 "]), True),
        (pa.array([], pa.string()), True),
    ):
        request = hash_request(values)
        assert isinstance(request, list) == as_list
        expected = "".join(pseudonymise_many(values.to_pylist(), KEY)).encode()
        with Hasher(KEY, parallel=True) as hasher:
            assert hasher.submit(request).result() == expected
        with Hasher(KEY, parallel=False) as hasher:
            assert hasher.submit(request).result() == expected


def test_a_helper_that_stops_reading_is_ended():
    """A helper that hangs (stopped here) while a request larger than the pipe is being
    written: leaving the hasher ends it rather than waiting for ever."""
    import signal

    def run() -> None:
        with Hasher(KEY, parallel=True) as hasher:
            hasher._process.send_signal(signal.SIGSTOP)  # type: ignore[union-attr]
            hasher.submit(_large_batches()[0])

    _within(60, run)
