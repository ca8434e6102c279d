"""The one type grammar: how the text of a cell becomes a value.

Every return, whatever its format, reaches the rules as columns of text; this module types
each column once, for every rule and for the load. ``docs/rules.md`` is written from this
text and from ``GRAMMAR`` below.

- A cell is trimmed of whitespace at both ends: spaces, tabs, line breaks, non-breaking
  spaces and the other Unicode space characters. A cell empty after trimming is missing.
- integer: up to 18 digits 0-9 with an optional sign, optionally grouped in threes by
  commas (`1,234`), optionally with a zero fraction (`12.0`). Other scripts' digits
  (Arabic-Indic, Devanagari, …) are not read as numbers.
- number: as integer, with any decimal fraction (`12.75`).
- date: `2023-04-01` (a time of day after it is ignored), `1/4/2023` (day first, as in
  the UK), `1-Apr-23`, `01 April 2023`; two-digit years as Excel reads them (00-29 are
  2000-2029, 30-99 are 1930-1999); real calendar days only. In a workbook, a date cell
  and a day number (Excel's serial date) are dates too.
- boolean: `Y`, `yes`, `true`, `1` and `N`, `no`, `false`, `0`, any case.
- text: anything.
- A return's period column (`periodColumn`) holds its period as `2023-04` or `2023-Q1`;
  Excel's spellings of a month (`Apr-23`, `April 2023`, a date in the month such as
  `01/04/2023`) are read as that month.
- JSON: a number, `true`/`false` or text is a value; `null` is missing; an object or a
  list in a cell is never a value of any type.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workers.arrow import false, integer, null, string_array, text
from workers.contracts.model import Column

INTEGER = r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.0+)?$"
NUMBER = r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$"
_ISO = (
    r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?$"
)

_UK = r"^(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})$"
_NAMED = r"^(?P<d>[0-9]{1,2})[- ](?P<mon>[A-Za-z]{3,9})[- ](?P<y>[0-9]{2}|[0-9]{4})$"
_MONTH_NAMED = r"^(?P<mon>[A-Za-z]{3,9})[- ](?P<y>[0-9]{2}|[0-9]{4})$"
_SERIAL = r"^[0-9]{1,7}(\.0+)?$"
TRUE = ("y", "yes", "true", "1")
FALSE = ("n", "no", "false", "0")
_MONTHS = [
    *("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december", "sept"),
]
_MONTH_NUMBER = np.array([*range(1, 13), *range(1, 13), 9], dtype=np.int64)
#: Excel's day 0 (its serial dates count from here, with the 1900 leap-year bug folded in).
_EXCEL_EPOCH_DAYS = -25569  # 1899-12-30 as days since 1970-01-01
_LAST_SERIAL = 2958465  # 9999-12-31

#: What each logical type accepts, as ``docs/rules.md`` prints it.
GRAMMAR = {
    "integer": "up to 18 digits 0-9, optional sign, optional thousands commas (1,234), "
    "optional zero fraction (12.0)",
    "number": "as integer, with any decimal fraction (12.75)",
    "date": "2023-04-01 (a time after it ignored), 1/4/2023 (day first), 1-Apr-23 or 01 April "
    "2023; two-digit years "
    "00-29 are 2000-2029 and 30-99 are 1930-1999; real days only; in a workbook, a date "
    "cell or a serial day number",
    "boolean": "Y, yes, true, 1 / N, no, false, 0 (any case)",
    "string": "any text",
}


@dataclass
class TypedColumn:
    """One column of a batch, typed.

    ``text`` is the trimmed text ("" where missing; a period column's Excel spellings
    read as the period); ``sent`` the trimmed text as sent; ``missing`` marks blank
    cells; ``value`` holds the typed values (NULL where missing or not of the type);
    ``ok`` marks cells that are present and of the type.
    """

    text: pa.Array
    sent: pa.Array
    missing: pa.Array
    value: pa.Array
    ok: pa.Array

    @property
    def bad(self) -> pa.Array:
        """Present but not of the column's type: what the ``type`` rule reports."""
        return pc.and_(pc.invert(self.missing), pc.invert(self.ok))


ARROW_TYPES = {
    "integer": pa.int64(),
    "number": pa.float64(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
    "string": pa.string(),
}


def _int32(value: int) -> pa.Scalar:
    """An int32 scalar (``utf8_length`` gives int32; a Python int would import pandas)."""
    return pc.cast(integer(value), pa.int32())


def trim(values: pa.Array) -> pa.Array:
    """Whitespace off both ends, NULL (a JSON null, an empty workbook cell) as ""."""
    trimmed = pc.utf8_trim_whitespace(values)
    return pc.fill_null(trimmed, text("")) if trimmed.null_count else trimmed


def type_column(
    raw: pa.Array,
    column: Column,
    *,
    not_scalar: pa.Array | None = None,
    serial_dates: bool = False,
    period_grain: str | None = None,
) -> TypedColumn:
    """Type one column of text. ``not_scalar`` marks cells that held an object or a list
    (JSON), which are of no type; ``serial_dates`` reads whole numbers in a date column as
    Excel's serial dates (workbooks only); ``period_grain`` marks the return's period
    column, whose Excel spellings of a month are read as the month."""
    sent = trim(raw)
    missing = pc.equal(sent, text(""))
    if not_scalar is not None:
        missing = pc.and_(missing, pc.invert(not_scalar))
    read = sent
    if period_grain is not None:
        read = canonical_period(sent, period_grain, serial_dates=serial_dates)
    value = typed(read, column.logical_type, serial_dates=serial_dates)
    ok = pc.fill_null(pc.and_(pc.is_valid(value), pc.invert(missing)), false())
    if not_scalar is not None:
        ok = pc.and_(ok, pc.invert(not_scalar))
        value = pc.if_else(not_scalar, null(value.type), value)
    return TypedColumn(read, sent, missing, value, ok)


def typed(trimmed: pa.Array, logical_type: str, *, serial_dates: bool = False) -> pa.Array:
    """Typed values of trimmed text; NULL where the text is not of the type (or empty)."""
    if logical_type == "integer":
        return _integer(trimmed)
    if logical_type == "number":
        return _number(trimmed)
    if logical_type == "date":
        return _date(trimmed, serial_dates=serial_dates)
    if logical_type == "boolean":
        return _boolean(trimmed)
    if logical_type == "string":
        return pc.if_else(pc.equal(trimmed, text("")), null(), trimmed)
    raise ValueError(f"no grammar for {logical_type}")


def _digits(trimmed: pa.Array, pattern: str) -> tuple[pa.Array, pa.Array]:
    """The text with separators and a zero fraction removed, and where it matched."""
    ok = pc.fill_null(pc.match_substring_regex(trimmed, pattern), false())
    bare = pc.replace_substring(trimmed, ",", "")
    return pc.if_else(ok, bare, null()), ok


def _integer(trimmed: pa.Array) -> pa.Array:
    if not trimmed.null_count and len(trimmed) and pc.all(pc.ascii_is_decimal(trimmed)).as_py():
        digits = trimmed  # every cell plain digits, as machines write them
    else:
        digits, _ = _digits(trimmed, INTEGER)
        digits = pc.replace_substring_regex(digits, r"^\+|\.0+$", "")
    return _to_int64(digits)


def _to_int64(digits: pa.Array) -> pa.Array:
    """Digits to int64; a number too large for 64 bits is not an integer (NULL)."""
    try:
        return pc.cast(digits, pa.int64())
    except pa.ArrowInvalid:
        short = pc.less_equal(pc.utf8_length(pc.replace_substring(digits, "-", "")), _int32(18))
        kept = pc.if_else(pc.fill_null(short, false()), digits, null())
        return pc.cast(kept, pa.int64())


def _number(trimmed: pa.Array) -> pa.Array:
    digits, _ = _digits(trimmed, NUMBER)
    return pc.cast(pc.replace_substring_regex(digits, r"^\+", ""), pa.float64())


def _boolean(trimmed: pa.Array) -> pa.Array:
    lower = pc.utf8_lower(trimmed)
    yes = pc.is_in(lower, value_set=string_array(list(TRUE)))
    no = pc.is_in(lower, value_set=string_array(list(FALSE)))
    return pc.if_else(pc.or_(yes, no), yes, null(pa.bool_()))


def _field(parts: pa.StructArray, name: str) -> pa.Array:
    """A named group, NULL on rows the pattern did not match (Arrow leaves "" there)."""
    return pc.if_else(pc.is_valid(parts), pc.struct_field(parts, name), null())


def _month_number(names: pa.Array) -> pa.Array:
    """Two-digit month of an English month name or abbreviation, NULL otherwise."""
    index = pc.index_in(pc.utf8_lower(names), value_set=string_array(list(_MONTHS)))
    numbers = pa.Array.from_buffers(
        pa.int64(), len(_MONTH_NUMBER), [None, pa.py_buffer(_MONTH_NUMBER)]
    )
    month = pc.take(numbers, index)
    return pc.utf8_lpad(pc.cast(month, pa.string()), 2, "0")


def _year(digits: pa.Array) -> pa.Array:
    """Four-digit years; two digits as Excel reads them (00-29 → 20xx, 30-99 → 19xx)."""
    short = pc.equal(pc.utf8_length(digits), _int32(2))
    century = pc.if_else(pc.less(digits, text("30")), text("20"), text("19"))
    return pc.if_else(
        pc.fill_null(short, false()), pc.binary_join_element_wise(century, digits, text("")), digits
    )


def _iso_text(trimmed: pa.Array, *, serial_dates: bool) -> pa.Array:
    """Each cell's day as ISO text ``YYYY-MM-DD`` by the grammar (not yet checked to be a
    real calendar day), NULL where no form of a date matches."""
    iso = pc.extract_regex(trimmed, _ISO)
    uk = pc.extract_regex(trimmed, _UK)
    named = pc.extract_regex(trimmed, _NAMED)
    year = pc.coalesce(_field(iso, "y"), _field(uk, "y"), _year(_field(named, "y")))
    month = pc.coalesce(
        _field(iso, "m"),
        pc.utf8_lpad(_field(uk, "m"), 2, "0"),
        _month_number(_field(named, "mon")),
    )
    day = pc.coalesce(
        _field(iso, "d"),
        pc.utf8_lpad(_field(uk, "d"), 2, "0"),
        pc.utf8_lpad(_field(named, "d"), 2, "0"),
    )
    joined = pc.binary_join_element_wise(year, month, day, text("-"))
    if serial_dates:
        joined = pc.coalesce(joined, _serial(trimmed))
    return joined


def _serial(trimmed: pa.Array) -> pa.Array:
    """Excel serial day numbers as ISO text, NULL for anything else."""
    ok = pc.fill_null(pc.match_substring_regex(trimmed, _SERIAL), false())
    digits = pc.if_else(ok, pc.replace_substring_regex(trimmed, r"\.0+$", ""), null())
    serial = pc.cast(digits, pa.int64())
    in_range = pc.and_(
        pc.greater_equal(serial, integer(1)), pc.less_equal(serial, integer(_LAST_SERIAL))
    )
    days = pc.if_else(in_range, pc.add(serial, integer(_EXCEL_EPOCH_DAYS)), null(pa.int64()))
    as_date = pc.cast(pc.cast(days, pa.int32()), pa.date32())
    return pc.strftime(as_date, format="%Y-%m-%d")


def _plain_iso(trimmed: pa.Array) -> pa.Array | None:
    """The column as dates when every cell is already a real ISO day (as machines write
    them): one match and one checked cast instead of the full grammar; None otherwise."""
    if trimmed.null_count or not len(trimmed):
        return None
    plain = pc.match_substring_regex(trimmed, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    if not pc.all(plain).as_py() or pc.any(pc.starts_with(trimmed, "0000")).as_py():
        return None
    try:
        return pc.cast(trimmed, pa.date32())  # refuses 2022-02-30
    except pa.ArrowInvalid:
        return None


def _date(trimmed: pa.Array, *, serial_dates: bool) -> pa.Array:
    plain = _plain_iso(trimmed)
    if plain is not None:
        return plain
    joined = _iso_text(trimmed, serial_dates=serial_dates)
    # strptime rolls 2022-02-30 over into March: a day is real only if it reads back.
    parsed = pc.strptime(joined, format="%Y-%m-%d", unit="s", error_is_null=True)
    real = pc.and_(
        pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), joined),
        pc.not_equal(pc.utf8_slice_codeunits(joined, 0, 4), text("0000")),
    )
    return pc.cast(pc.if_else(pc.fill_null(real, false()), parsed, null(parsed.type)), pa.date32())


def canonical_period(trimmed: pa.Array, grain: str, *, serial_dates: bool = False) -> pa.Array:
    """A period column's cells with Excel's spellings of a month read as the month
    (``Apr-23``, ``April 2023``, ``01/04/2023`` → ``2023-04``); other text as it is."""
    if grain != "month" or not len(trimmed):
        return trimmed
    if (
        not trimmed.null_count
        and pc.all(pc.match_substring_regex(trimmed, r"^[0-9]{4}-[0-9]{2}$")).as_py()
    ):
        return trimmed  # as machines write them
    named = pc.extract_regex(trimmed, _MONTH_NAMED)
    from_name = pc.binary_join_element_wise(
        _year(_field(named, "y")), _month_number(_field(named, "mon")), text("-")
    )
    days = _date(trimmed, serial_dates=serial_dates)
    from_day = pc.strftime(days, format="%Y-%m")
    return pc.coalesce(from_name, from_day, trimmed)
