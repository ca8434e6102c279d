"""The column reader's key fingerprints (workers/bulk/stream_rules.py)."""

from __future__ import annotations


def test_key_fingerprints_find_repeats_and_give_up_past_their_limit(monkeypatch):
    """workers/bulk/stream_rules.py: a repeat is seen across batches; past the limit
    the fingerprints are dropped (memory stays flat) and the key is left to SQL."""
    import numpy as np

    from workers.bulk.stream_rules import Fingerprints

    keys = Fingerprints()
    keys.reserve(10)
    keys.add(np.arange(5, dtype=np.uint64))
    keys.add(np.arange(5, 10, dtype=np.uint64))
    assert not keys.repeats()
    keys.add(np.array([7], dtype=np.uint64))  # another batch repeats a key
    assert keys.repeats()

    monkeypatch.setattr(Fingerprints, "LIMIT", 8)
    long = Fingerprints()
    long.add(np.arange(6, dtype=np.uint64))
    long.add(np.arange(6, 12, dtype=np.uint64))
    assert long.overflowed
