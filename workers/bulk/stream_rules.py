"""The contract's row rules on Arrow batches, while the column reader streams the file.

The rows are in memory as whole columns anyway, so checking them there costs a few
vectorised passes, where the same conditions in SQL cost a full scan of the staged
table (the larger part of a million-row validation). Each rule gives a mask of the rows
that break it, with the semantics of ``workers.bulk.rules.condition`` and of the
reference path: a missing cell is reported by ``required`` only, a cell of the wrong
type by its ``type`` rule only, and the other rules look only at cells that parsed.

The rules child-level contracts use are checked here; the rest stay in SQL
(``workers.bulk.rules``): a regular expression RE2 does not take, ranges on decimal
``number`` columns (SQL's exact numeric), cross-field sums and comparisons (aggregate
returns' rules), a rule that needs the period when the return does not say it (it is
worked out from the staged dates). Uniqueness spans batches: each row's key is noted as a
64-bit fingerprint, and only a return where two fingerprints meet has its keys compared
in SQL. ``StreamRules.done`` names the rules checked here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workers.bulk.convert import SQL_TYPES, matched_columns
from workers.bulk.typed import bools, false, integer, ints, text, trimmed
from workers.contracts.model import FeedContract, Rule
from workers.validation.context import ReturnContext

_BOOL = ("y", "yes", "true", "1", "n", "no", "false", "0")


def string_array(values: list[str]) -> pa.Array:
    """Strings built from buffers: converting Python values is where pyarrow imports
    pandas, a second of start-up the fast path does without (see ``typed``)."""
    data = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum([len(d) for d in data], out=offsets[1:])
    return pa.StringArray.from_buffers(
        len(data), pa.py_buffer(offsets), pa.py_buffer(b"".join(data))
    )


@dataclass
class Batch:
    """One batch's cells as the rules read them; each view is worked out once."""

    contract: FeedContract
    raw: dict[str, pa.Array]  # the text as sent, by column name
    # canonical text of typed values, NULL where unparsed
    twins: dict[str, pa.Array] = field(default_factory=dict)
    # pattern matched, for columns matched while staging
    flags: dict[str, pa.Array] = field(default_factory=dict)
    _cache: dict[tuple[str, str], pa.Array] = field(default_factory=dict)

    def _memo(self, kind: str, col: str, make) -> pa.Array:
        if (kind, col) not in self._cache:
            self._cache[(kind, col)] = make()
        return self._cache[(kind, col)]

    def text(self, col: str) -> pa.Array:
        return self._memo("text", col, lambda: trimmed(self.raw[col]))

    def missing(self, col: str) -> pa.Array:
        return self._memo("missing", col, lambda: pc.equal(self.text(col), text("")))

    def type_ok(self, col: str) -> pa.Array | None:
        """Cells of the column's type; None where every cell is (text columns)."""
        ltype = self.contract.column(col).logical_type
        if ltype in SQL_TYPES:
            return self._memo("ok", col, lambda: pc.is_valid(self.twins[col]))
        if ltype == "boolean":
            values = string_array(list(_BOOL))
            return self._memo(
                "ok", col, lambda: pc.is_in(pc.utf8_lower(self.text(col)), value_set=values)
            )
        return None

    def valid(self, *cols: str) -> pa.Array:
        mask = None
        for col in cols:
            part = pc.invert(self.missing(col))
            ok = self.type_ok(col)
            if ok is not None:
                part = pc.and_(part, ok)
            mask = part if mask is None else pc.and_(mask, part)
        return mask

    def number(self, col: str) -> pa.Array:
        """An integer column's values (NULL where the cell did not parse)."""

        def make() -> pa.Array:
            try:  # most columns hold plain digits: one cast, no rewriting
                return pc.cast(self.twins[col], pa.int64())
            except pa.ArrowInvalid:  # a "+5" or "5.0" the integer grammar allows
                digits = pc.replace_substring_regex(self.twins[col], r"^\+|\.0+$", "")
                return pc.cast(digits, pa.int64())

        return self._memo("number", col, make)


class StreamRules:
    """The rules of one return that the column reader checks, and how."""

    def __init__(self, contract: FeedContract, ctx: ReturnContext | None) -> None:
        self.contract = contract
        self.ctx = ctx
        self.matched = set(matched_columns(contract, [c.name for c in contract.columns]))
        self.rules = [r for r in contract.rules if self._checkable(r)]
        self.errors = frozenset(r.code for r in contract.rules if r.severity == "error")
        self.unique = [r for r in contract.rules if r.kind == "unique" and r.columns]
        self._keys = {r.code: Fingerprints() for r in self.unique}

    @property
    def done(self) -> frozenset[str]:
        """The rules checked here: the row rules, and each uniqueness rule that no two
        rows' keys break (a possible repeat is left to SQL, which compares exactly)."""
        return frozenset(r.code for r in self.rules) | frozenset(
            code
            for code, keys in self._keys.items()
            if keys.count and not keys.overflowed and not keys.repeats()
        )

    def expect(self, rows: int) -> None:
        """The file holds about ``rows`` rows: reserve the fingerprints' room now."""
        for keys in self._keys.values():
            keys.reserve(rows)

    def add_keys(self, cells: Batch, keyed: dict[str, tuple[pa.Array, np.ndarray]]) -> None:
        """Note a 64-bit fingerprint of each row's key, for rows whose key cells are all
        valid (the rows the rule compares). ``keyed``: for a hashed identifier column,
        each row's index into its distinct values and their ``digests``."""
        for rule in self.unique:
            mask = cells.valid(*rule.columns)
            fingerprint = np.zeros(len(mask), dtype=np.uint64)
            for col in rule.columns:
                if col in keyed:
                    part = _spread(*keyed[col])
                else:
                    part = _fingerprints(self._key_value(cells, col))
                fingerprint = fingerprint * np.uint64(0x100000001B3) ^ part
            self._keys[rule.code].add(fingerprint[bools(mask)])

    def _key_value(self, cells: Batch, col: str) -> pa.Array:
        """A key cell as SQL compares it: the typed value, or the trimmed text."""
        ltype = self._column_type(col)
        if ltype == "integer":
            return cells.number(col)
        if ltype == "number":
            return pc.cast(pc.cast(cells.twins[col], pa.float64()), pa.string())
        if ltype == "date":
            return cells.twins[col]
        return cells.text(col)

    def _checkable(self, rule: Rule) -> bool:
        cols = rule.columns
        kind = rule.kind
        if kind == "type":
            return self._column_type(cols[0]) in (*SQL_TYPES, "boolean")
        if kind in ("required", "allowed_values"):
            return bool(cols)
        if kind == "pattern":
            col = cols[0]
            return self.contract.column(col).pseudonymise or col in self.matched
        if kind == "range":
            return self._column_type(cols[0]) in ("integer", "date")
        if kind == "own_area":
            return self.ctx is not None
        if kind in ("not_in_future", "in_period"):
            return self.ctx is not None and self._column_type(cols[0]) == "date"
        return False

    def _column_type(self, col: str) -> str:
        return self.contract.column(col).logical_type

    def _value(self, cells: Batch, col: str) -> pa.Array:
        """Comparable values: integers as int64, dates as their ISO text."""
        if self._column_type(col) == "integer":
            return cells.number(col)
        return cells.twins[col]

    def _literal(self, col: str, value: object) -> pa.Scalar:
        if self._column_type(col) == "integer":
            return integer(int(value))  # type: ignore[call-overload]
        return text(str(value))

    def mask(self, rule: Rule, cells: Batch, id_bad: dict[str, pa.Array]) -> pa.Array:
        """The rows of the batch that break ``rule`` (no NULLs)."""
        ctx = self.ctx
        col = rule.columns[0]
        kind = rule.kind
        if kind == "type":
            out = pc.and_(pc.invert(cells.missing(col)), pc.invert(cells.type_ok(col)))
        elif kind == "required":
            out = cells.missing(col)
        elif kind == "pattern":
            if col in id_bad:  # matched on the raw value, before hashing
                return id_bad[col]
            out = pc.and_(cells.valid(col), pc.invert(cells.flags[col]))
        elif kind == "allowed_values":
            allowed = string_array([str(v) for v in rule.params["values"]])
            out = pc.and_(cells.valid(col), pc.invert(pc.is_in(cells.text(col), allowed)))
        elif kind == "own_area":
            areas = string_array(list(ctx.agency_areas))
            out = pc.and_(cells.valid(col), pc.invert(pc.is_in(cells.text(col), areas)))
        elif kind == "in_period":
            value = cells.twins[col]
            outside = pc.or_(
                pc.less(value, text(ctx.period.start.isoformat())),
                pc.greater(value, text(ctx.period.end.isoformat())),
            )
            out = pc.and_(cells.valid(col), outside)
        elif kind == "not_in_future":
            later = pc.greater(cells.twins[col], text(ctx.received_on.isoformat()))
            out = pc.and_(cells.valid(col), later)
        elif kind == "range":
            value = self._value(cells, col)
            lo, hi = rule.params.get("min"), rule.params.get("max")
            parts = [
                pc.less(value, self._literal(col, lo)) if lo is not None else None,
                pc.greater(value, self._literal(col, hi)) if hi is not None else None,
            ]
            outside = None
            for part in (p for p in parts if p is not None):
                outside = part if outside is None else pc.or_(outside, part)
            if outside is None:  # a range with neither bound: no row breaks it
                return _none(len(value))
            out = pc.and_(cells.valid(col), outside)
        else:  # pragma: no cover - _checkable admits only the kinds above
            raise ValueError(rule.kind)
        return pc.fill_null(out, false())

    def failures(
        self, cells: Batch, rows: int, id_bad: dict[str, pa.Array]
    ) -> tuple[pa.Array, pa.Array]:
        """Per row of the batch: the codes it breaks as a PostgreSQL array literal (NULL
        for a row that breaks nothing) and whether any of them is an error."""
        masks = [(rule.code, self.mask(rule, cells, id_bad)) for rule in self.rules]
        failing = None
        erring = None
        for code, mask in masks:
            failing = mask if failing is None else pc.or_(failing, mask)
            if code in self.errors:
                erring = mask if erring is None else pc.or_(erring, mask)
        failing = _none(rows) if failing is None else failing
        erring = _none(rows) if erring is None else erring
        where = ints(pc.indices_nonzero(failing))
        if not len(where):
            return pa.nulls(rows, pa.string()), erring
        taken = pa.Array.from_buffers(
            pa.int64(), len(where), [None, pa.py_buffer(where.astype(np.int64))]
        )
        hits = [(code, bools(pc.take(mask, taken))) for code, mask in masks]
        literals = []
        for i in range(len(where)):
            codes = sorted(code for code, hit in hits if hit[i])
            literals.append("{" + ",".join(f'"{c}"' for c in codes) + "}")
        index = np.full(rows, -1, dtype=np.int32)
        index[where] = np.arange(len(where), dtype=np.int32)
        valid = np.packbits(index >= 0, bitorder="little")
        indices = pa.Array.from_buffers(
            pa.int32(), rows, [pa.py_buffer(valid), pa.py_buffer(np.maximum(index, 0))]
        )
        return pc.take(string_array(literals), indices), erring


def _fingerprints(values: pa.Array) -> np.ndarray:
    """A 64-bit hash of each value (any for NULL: those rows are not compared).

    Python's own string hash of each distinct value: keys repeat little within a column
    but a lot across it (an event type, a date), and a rare collision costs only an exact
    check in SQL."""
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


def _spread(indices: pa.Array, distinct: np.ndarray) -> np.ndarray:
    """Each row's fingerprint from its index into the distinct values' fingerprints."""
    if not len(distinct):
        return np.zeros(len(indices), dtype=np.uint64)
    # NULL slots (rows not compared) may hold anything: keep them inside the table.
    return distinct[np.clip(ints(indices), 0, len(distinct) - 1)]


class Fingerprints:
    """Every row's key fingerprint, 8 bytes a row in one growing array, sorted in place
    at the end: a list of batches concatenated and sorted would hold three copies at
    once (120 MB at 5,000,000 rows). Past ``LIMIT`` rows the array is dropped and the
    key is left to SQL, so memory stays flat however long the file."""

    LIMIT = 3_000_000  # 24 MB

    def __init__(self) -> None:
        self._data = np.empty(1 << 16, dtype=np.uint64)
        self.count = 0
        self.overflowed = False

    def reserve(self, rows: int) -> None:
        """Room for ``rows`` fingerprints, made early while there is little to copy."""
        rows = min(rows, self.LIMIT)
        if rows > len(self._data) and not self.overflowed:
            grown = np.empty(rows, dtype=np.uint64)
            grown[: self.count] = self._data[: self.count]
            self._data = grown

    def add(self, values: np.ndarray) -> None:
        end = self.count + len(values)
        if self.overflowed or end > self.LIMIT:
            self.overflowed, self._data = True, np.empty(0, dtype=np.uint64)
            return
        if end > len(self._data):
            grown = np.empty(max(end, len(self._data) * 3 // 2), dtype=np.uint64)
            grown[: self.count] = self._data[: self.count]
            self._data = grown
        self._data[self.count : end] = values
        self.count = end

    def repeats(self) -> bool:
        """Whether any fingerprint occurs twice."""
        keys = self._data[: self.count]
        keys.sort()
        return bool(self.count > 1 and (keys[1:] == keys[:-1]).any())


def _none(rows: int) -> pa.Array:
    """A mask of ``rows`` rows, none set."""
    bits = pa.py_buffer(np.zeros((rows + 7) // 8, dtype=np.uint8))
    return pa.Array.from_buffers(pa.bool_(), rows, [None, bits])
