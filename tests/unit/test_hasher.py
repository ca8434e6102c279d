"""The bulk reader's hashing helper process (workers/bulk/hasher.py)."""

from __future__ import annotations

from workers.bulk.hasher import Hasher
from workers.pseudonymise import pseudonymise_many

KEY = b"unit-test-key"


def test_helper_process_hashes_as_pseudonymise_many():
    batches = [[f"CAM-{i:07d}" for i in range(n, n + 500)] for n in (0, 500, 1000)]
    with Hasher(KEY, parallel=True) as hasher:
        assert hasher.parallel
        asked = [hasher.submit(batch) for batch in batches]  # several in flight
        answers = [a.result() for a in asked]
    assert answers == ["".join(pseudonymise_many(b, KEY)).encode() for b in batches]


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
