"""Small Arrow helpers the path shares.

Constants and arrays are built from raw buffers rather than from Python values:
converting a Python value is where pyarrow imports pandas, half a second of start-up and
60 MB that a one-row return has no use for.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pyarrow as pa


def string_array(values: Sequence[str]) -> pa.Array:
    """A string array of ``values`` (none of them None)."""
    joined = "".join(values)
    data = joined.encode("utf-8")
    # ASCII, the common case, has a byte per character: the lengths are the strings'.
    pieces = values if len(data) == len(joined) else [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(values) + 1, dtype=np.int32)
    np.cumsum(np.fromiter(map(len, pieces), dtype=np.int32, count=len(values)), out=offsets[1:])
    return pa.StringArray.from_buffers(len(values), pa.py_buffer(offsets), pa.py_buffer(data))


def fixed_width(data: bytes, width: int) -> pa.Array:
    """A string array of ASCII values all ``width`` bytes long, laid end to end in
    ``data`` (pseudonyms), with no conversion."""
    count = len(data) // width
    offsets = np.arange(0, width * (count + 1), width, dtype=np.int32)
    return pa.StringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(data))


def integers(start: int, count: int) -> pa.Array:
    """``start``, ``start + 1``, … as int32 (row numbers)."""
    return pa.Array.from_buffers(
        pa.int32(), count, [None, pa.py_buffer(np.arange(start, start + count, dtype=np.int32))]
    )


def int32_array(values: np.ndarray) -> pa.Array:
    return pa.Array.from_buffers(
        pa.int32(), len(values), [None, pa.py_buffer(np.ascontiguousarray(values, np.int32))]
    )


def bool_array(values: np.ndarray) -> pa.Array:
    bits = np.packbits(np.asarray(values, dtype=bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])


@functools.cache
def text(value: str) -> pa.Scalar:
    data = value.encode("utf-8")
    offsets = np.array([0, len(data)], dtype=np.int32)
    return pa.StringArray.from_buffers(1, pa.py_buffer(offsets), pa.py_buffer(data))[0]


def integer(value: int) -> pa.Scalar:
    return pa.Array.from_buffers(
        pa.int64(), 1, [None, pa.py_buffer(np.array([value], dtype=np.int64))]
    )[0]


def number(value: float) -> pa.Scalar:
    return pa.Array.from_buffers(
        pa.float64(), 1, [None, pa.py_buffer(np.array([value], dtype=np.float64))]
    )[0]


def day(value: object) -> pa.Scalar:
    """A date32 scalar for a ``datetime.date``."""
    from datetime import date

    assert isinstance(value, date)
    days = (value - date(1970, 1, 1)).days
    return pa.Array.from_buffers(
        pa.date32(), 1, [None, pa.py_buffer(np.array([days], dtype=np.int32))]
    )[0]


@functools.cache
def false() -> pa.Scalar:
    return pa.Array.from_buffers(pa.bool_(), 1, [None, pa.py_buffer(b"\x00")])[0]


def null(kind: pa.DataType | None = None) -> pa.Scalar:
    return pa.nulls(1, kind or pa.string())[0]


def none(rows: int) -> pa.Array:
    """A mask of ``rows`` rows, none set."""
    bits = pa.py_buffer(np.zeros((rows + 7) // 8, dtype=np.uint8))
    return pa.Array.from_buffers(pa.bool_(), rows, [None, bits])


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
