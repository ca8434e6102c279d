"""Uniqueness of a natural key across a whole return, in bounded memory.

While the return streams, each row's key is noted as a 64-bit fingerprint with its row
number (12 bytes a row; a feed's row limit bounds the total). At the end the
fingerprints are sorted: a return whose fingerprints are all different has no repeated
key, which is the common case and costs nothing more. Rows whose fingerprint repeats are
read again (``exact_repeats``) and their keys compared exactly, so a rare 64-bit
collision never calls two different keys the same. Rows are compared only when every
cell of their key is present and typed (``Cells.valid``).

Keys compare as typed values (``1,000`` equals ``1000``; ``2023-04-01`` equals
``1/4/2023``), text as trimmed, and an identifier as its normalised form (case and
surrounding space ignored), which its pseudonym is a keyed hash of.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workers.arrow import bools, ints
from workers.contracts.model import FeedContract, Rule
from workers.validation.rules import Cells

_MIX = np.uint64(0x100000001B3)


def _spread(indices: pa.Array, distinct: np.ndarray) -> np.ndarray:
    """Each row's fingerprint from its index into the distinct values' fingerprints."""
    if not len(distinct):
        return np.zeros(len(indices), dtype=np.uint64)
    # NULL slots (rows not compared) may hold anything: keep them inside the table.
    return distinct[np.clip(ints(indices), 0, len(distinct) - 1)]


def _fingerprints(values: pa.Array) -> np.ndarray:
    """A 64-bit hash of each value (any for NULL: those rows are not compared).

    Python's own hash of each distinct value: keys repeat little within a column but a
    lot across it (an event type, a date), and a rare collision costs only an exact
    comparison."""
    encoded = pc.dictionary_encode(values)
    distinct = np.fromiter(
        (hash(v) for v in encoded.dictionary.to_pylist()),
        dtype=np.int64,
        count=len(encoded.dictionary),
    ).view(np.uint64)
    return _spread(encoded.indices, distinct)


def digests(hashes: bytes) -> np.ndarray:
    """64 bits of each pseudonym (32 hex characters each, end to end) as its
    fingerprint: they are keyed hashes already, so no further hashing is needed."""
    return np.frombuffer(bytes.fromhex(hashes.decode("ascii")), dtype=np.uint64)[::2]


class _Notes:
    """Fingerprints and row numbers, in arrays grown as the return streams."""

    def __init__(self) -> None:
        self.keys = np.empty(1 << 14, dtype=np.uint64)
        self.rows = np.empty(1 << 14, dtype=np.int32)
        self.count = 0

    def _grow(self, size: int) -> None:
        keys = np.empty(size, dtype=np.uint64)
        rows = np.empty(size, dtype=np.int32)
        keys[: self.count] = self.keys[: self.count]
        rows[: self.count] = self.rows[: self.count]
        self.keys, self.rows = keys, rows

    def add(self, keys: np.ndarray, rows: np.ndarray) -> None:
        end = self.count + len(keys)
        if end > len(self.keys):
            self._grow(max(end, len(self.keys) * 3 // 2))
        self.keys[self.count : end] = keys
        self.rows[self.count : end] = rows
        self.count = end

    def suspects(self) -> np.ndarray:
        """Row numbers whose fingerprint another row shares (sorted)."""
        keys = self.keys[: self.count]
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        same = ordered[1:] == ordered[:-1]
        if not same.any():
            return np.empty(0, dtype=np.int32)
        flag = np.zeros(self.count, dtype=bool)
        flag[1:] |= same
        flag[:-1] |= same
        return np.sort(self.rows[: self.count][order[flag]])


#: A key cell's identifier values as the hash saw them (distinct values' indices and
#: the fingerprints of their pseudonyms), by column.
Keyed = dict[str, tuple[pa.Array, np.ndarray]]


class Uniqueness:
    """The ``unique`` rules of a contract, over one return."""

    def __init__(self, contract: FeedContract) -> None:
        self.contract = contract
        self.rules = [r for r in contract.rules if r.kind == "unique" and r.columns]
        self._notes = {r.code: _Notes() for r in self.rules}

    def add(self, cells: Cells, keyed: Keyed) -> None:
        """Note each compared row's key fingerprint."""
        for rule in self.rules:
            mask = bools(cells.valid(*rule.columns))
            if not mask.any():
                continue
            fingerprint = np.zeros(cells.rows, dtype=np.uint64)
            for col in rule.columns:
                part = (
                    _spread(*keyed[col]) if col in keyed else _fingerprints(key_value(cells, col))
                )
                fingerprint = fingerprint * _MIX ^ part
            self._notes[rule.code].add(fingerprint[mask], ints(cells.numbers)[mask])

    def suspects(self) -> dict[str, np.ndarray]:
        """Per rule, the rows whose key fingerprint repeats (empty: the rule holds)."""
        return {code: notes.suspects() for code, notes in self._notes.items()}


def key_value(cells: Cells, col: str) -> pa.Array:
    """A key cell as keys compare: the typed value, or the trimmed text."""
    return cells.value(col)


def _key_column(cells: Cells, col: str) -> pa.Array:
    """A key cell as exact comparison reads it: an identifier as its normalised text
    (its pseudonym is a keyed hash of that), anything else as ``key_value``."""
    if col in cells.identifiers:
        return pc.utf8_upper(cells.text(col))
    return key_value(cells, col)


def exact_repeats(
    rules: Iterable[Rule], suspects: dict[str, np.ndarray], batches: Iterable[Cells]
) -> dict[str, list[tuple[int, tuple]]]:
    """Per rule, the rows whose key another row repeats exactly, with that key, in row
    order, from a second read of the return (``batches``), looking only at the suspect
    rows."""
    wanted = {r.code: r for r in rules if len(suspects.get(r.code, ()))}
    keys: dict[str, dict[tuple, list[int]]] = {code: defaultdict(list) for code in wanted}
    for cells in batches:
        numbers = ints(cells.numbers)
        for code, rule in wanted.items():
            hit = np.isin(numbers, suspects[code]) & bools(cells.valid(*rule.columns))
            if not hit.any():
                continue
            where = np.flatnonzero(hit).astype(np.int64)
            at = pa.Array.from_buffers(pa.int64(), len(where), [None, pa.py_buffer(where)])
            columns = [pc.take(_key_column(cells, col), at).to_pylist() for col in rule.columns]
            for number, key in zip(numbers[hit].tolist(), zip(*columns, strict=True), strict=True):
                keys[code][key].append(number)
    return {
        code: sorted((n, key) for key, rows in by_key.items() if len(rows) > 1 for n in rows)
        for code, by_key in keys.items()
    }
