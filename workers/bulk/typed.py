"""The column reader's conversions, on whole Arrow columns (see ``convert`` for the
grammar and the SQL twin of each).

Constants are built from raw buffers rather than from Python values: converting a Python
value is where pyarrow imports pandas, a second of start-up and 60 MB that the fast
path has no use for.
"""

from __future__ import annotations

import functools

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workers.bulk.convert import INT, ISO, NUM, UK


def fixed_width(data: bytes, width: int) -> pa.Array:
    """A string array of ASCII values all ``width`` bytes long, laid end to end in
    ``data`` (hashes), with no conversion."""
    count = len(data) // width
    offsets = np.arange(0, width * (count + 1), width, dtype=np.int32)
    return pa.StringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(data))


def integers(start: int, count: int) -> pa.Array:
    return pa.Array.from_buffers(
        pa.int32(), count, [None, pa.py_buffer(np.arange(start, start + count, dtype=np.int32))]
    )


@functools.cache
def text(value: str) -> pa.Scalar:
    data = value.encode("utf-8")
    offsets = np.array([0, len(data)], dtype=np.int32)
    return pa.StringArray.from_buffers(1, pa.py_buffer(offsets), pa.py_buffer(data))[0]


def integer(value: int) -> pa.Scalar:
    return pa.Array.from_buffers(
        pa.int64(), 1, [None, pa.py_buffer(np.array([value], dtype=np.int64))]
    )[0]


@functools.cache
def false() -> pa.Scalar:
    return pa.Array.from_buffers(pa.bool_(), 1, [None, pa.py_buffer(b"\x00")])[0]


@functools.cache
def null() -> pa.Scalar:
    return pa.nulls(1, pa.string())[0]


def trimmed(values: pa.Array) -> pa.Array:
    """As PostgreSQL's ``btrim``: spaces only, so both readers see the same cell."""
    return pc.utf8_trim(values, " ")


def _number(values: pa.Array, pattern: str) -> pa.Array:
    if pattern == INT and not values.null_count and pc.all(pc.ascii_is_decimal(values)).as_py():
        return values  # every cell plain digits, as machines write them: already canonical
    ok = pc.fill_null(pc.match_substring_regex(values, pattern), false())
    return pc.if_else(ok, pc.replace_substring(values, ",", ""), null())


def _field(parts: pa.StructArray, name: str) -> pa.Array:
    """A named group, NULL on rows the pattern did not match (Arrow leaves "" there)."""
    return pc.if_else(pc.is_valid(parts), pc.struct_field(parts, name), null())


_PLAIN_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _plain_iso(values: pa.Array) -> pa.Array | None:
    """The column itself when every cell is already a real ISO day (as machines write
    them): one match and one checked cast instead of the full grammar below; None when
    any cell needs the full grammar."""
    plain = pc.match_substring_regex(values, _PLAIN_ISO)
    if plain.null_count or not pc.all(plain).as_py():
        return None
    if pc.any(pc.starts_with(values, "0000")).as_py():
        return None  # year 0 is not a day
    try:
        pc.cast(values, pa.date32())  # refuses 2022-02-30, as strptime would not
    except pa.ArrowInvalid:
        return None
    return values


def _date(values: pa.Array) -> pa.Array:
    plain = _plain_iso(values)
    if plain is not None:
        return plain
    iso = pc.extract_regex(values, ISO)
    uk = pc.extract_regex(values, UK)
    year = pc.coalesce(_field(iso, "y"), _field(uk, "y"))
    month = pc.coalesce(_field(iso, "m"), pc.utf8_lpad(_field(uk, "m"), 2, "0"))
    day = pc.coalesce(_field(iso, "d"), pc.utf8_lpad(_field(uk, "d"), 2, "0"))
    joined = pc.binary_join_element_wise(year, month, day, text("-"))
    # strptime rolls 2022-02-30 over into March: a day is real only if it reads back.
    parsed = pc.strptime(joined, format="%Y-%m-%d", unit="s", error_is_null=True)
    real = pc.and_(
        pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), joined),
        pc.not_equal(year, text("0000")),
    )
    return pc.if_else(pc.fill_null(real, false()), joined, null())


def typed_value(values: pa.Array, logical_type: str) -> pa.Array:
    """The canonical text of each cell's typed value (NULL where it does not parse), ready
    for COPY into a numeric or date column. ``values`` are the cells ``trimmed`` (the
    reader trims each column once for every rule that reads it)."""
    if logical_type == "integer":
        return _number(values, INT)
    if logical_type == "number":
        return _number(values, NUM)
    if logical_type == "date":
        return _date(values)
    raise ValueError(f"no typed twin for {logical_type}")


def matches(values: pa.Array, pattern: str) -> pa.Array:
    """Whether each ``trimmed`` cell matches ``pattern``."""
    return pc.fill_null(pc.match_substring_regex(values, pattern), false())


def bools(values: pa.Array) -> np.ndarray:
    """A boolean array without NULLs as numpy booleans, read from its bits (pyarrow's
    own ``to_numpy`` imports pandas for booleans)."""
    bits = np.frombuffer(values.buffers()[1], dtype=np.uint8)
    unpacked = np.unpackbits(bits, bitorder="little")
    return unpacked[values.offset : values.offset + len(values)].astype(bool)


def ints(values: pa.Array) -> np.ndarray:
    """An integer array's values as numpy, read from its buffer (slots that are NULL
    hold whatever the buffer has there)."""
    dtype = values.type.to_pandas_dtype()
    data = np.frombuffer(values.buffers()[1], dtype=dtype)
    return data[values.offset : values.offset + len(values)]
