"""Typed values of the staged text, worked out once per cell.

Every integer, number and date column is staged twice: the text as sent (for the rules
that read text and for the values shown to a steward) and a typed twin ``"<col>__v"``,
NULL where the cell is empty or does not parse. The rules then compare typed values and
the load copies them, so no cell is parsed more than once.

The Arrow reader computes the twins on whole columns in this process (vectorised, and
off the database's single core); the line reader, kept for awkward files, leaves them to
one SQL ``UPDATE``. Both follow the same grammar, which the reference parser also
accepts: integers with optional thousands separators and a zero fraction; ISO dates
(optionally with a midnight time) and UK day/month/year dates, real calendar days only.
"""

from __future__ import annotations

import functools

import pyarrow as pa
import pyarrow.compute as pc

from workers.contracts.model import FeedContract

INT = r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.0+)?$"
NUM = r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$"
_ISO = r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})(?:[T ]00:00(?::00)?)?$"
_UK = r"^(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})$"
SQL_TYPES = {"integer": "numeric", "number": "numeric", "date": "date"}


def typed_columns(contract: FeedContract, names: list[str]) -> list[str]:
    """The file's columns that get a typed twin, in file order."""
    return [n for n in names if contract.column(n).logical_type in SQL_TYPES]


def twin(name: str) -> str:
    return f"{name}__v"


def matched(name: str) -> str:
    """The staged flag: does the trimmed text match the column's pattern?"""
    return f"{name}__p"


def matched_columns(contract: FeedContract, names: list[str]) -> list[str]:
    """Columns whose pattern is matched while staging (one flag per cell, computed by
    Arrow's RE2 engine) rather than by a regular expression per row in the database.
    Identifiers are matched before hashing anyway; a pattern RE2 cannot compile stays
    in SQL."""
    return [
        n
        for n in names
        if (col := contract.column(n)).pattern and not col.pseudonymise and _compiles(col.pattern)
    ]


@functools.cache
def _compiles(pattern: str) -> bool:
    try:
        pc.match_substring_regex(pa.array([""], pa.string()), pattern)
    except pa.ArrowInvalid:
        return False
    return True


def matches(values: pa.Array, pattern: str) -> pa.Array:
    return pc.fill_null(pc.match_substring_regex(trimmed(values), pattern), False)


def matches_sql(contract: FeedContract, name: str) -> str:
    return f"btrim(\"{name}\") ~ '{contract.column(name).pattern.replace(chr(39), chr(39) * 2)}'"


def trimmed(values: pa.Array) -> pa.Array:
    """As PostgreSQL's ``btrim``: spaces only, so both readers see the same cell."""
    return pc.utf8_trim(values, " ")


def _number(values: pa.Array, pattern: str) -> pa.Array:
    ok = pc.fill_null(pc.match_substring_regex(values, pattern), False)
    return pc.if_else(ok, pc.replace_substring(values, ",", ""), pa.scalar(None, pa.string()))


def _field(parts: pa.StructArray, name: str) -> pa.Array:
    """A named group, NULL on rows the pattern did not match (Arrow leaves "" there)."""
    return pc.if_else(
        pc.is_valid(parts), pc.struct_field(parts, name), pa.scalar(None, pa.string())
    )


def _date(values: pa.Array) -> pa.Array:
    iso = pc.extract_regex(values, _ISO)
    uk = pc.extract_regex(values, _UK)
    year = pc.coalesce(_field(iso, "y"), _field(uk, "y"))
    month = pc.coalesce(_field(iso, "m"), pc.utf8_lpad(_field(uk, "m"), 2, "0"))
    day = pc.coalesce(_field(iso, "d"), pc.utf8_lpad(_field(uk, "d"), 2, "0"))
    text = pc.binary_join_element_wise(year, month, day, "-")
    # strptime rolls 2022-02-30 over into March: a day is real only if it reads back.
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    real = pc.and_(
        pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), text), pc.not_equal(year, "0000")
    )
    return pc.if_else(pc.fill_null(real, False), text, pa.scalar(None, pa.string()))


def typed_value(values: pa.Array, logical_type: str) -> pa.Array:
    """The canonical text of each cell's typed value (NULL where it does not parse), ready
    for COPY into a numeric or date column."""
    values = trimmed(values)
    if logical_type == "integer":
        return _number(values, INT)
    if logical_type == "number":
        return _number(values, NUM)
    if logical_type == "date":
        return _date(values)
    raise ValueError(f"no typed twin for {logical_type}")


def typed_sql(contract: FeedContract, name: str) -> str:
    """The same conversion in SQL, for rows staged by the line reader."""
    t = f'btrim("{name}")'
    ltype = contract.column(name).logical_type
    if ltype == "integer":
        return f"CASE WHEN {t} ~ '{INT}' THEN replace({t}, ',', '')::numeric END"
    if ltype == "number":
        return f"CASE WHEN {t} ~ '{NUM}' THEN replace({t}, ',', '')::numeric END"
    if ltype == "date":
        return f"sdh_parse_date({t})"
    raise ValueError(f"no typed twin for {ltype}")
