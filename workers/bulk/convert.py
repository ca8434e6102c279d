"""Typed values of the staged text, worked out once per cell.

Every integer, number and date column is staged twice: the text as sent (for the rules
that read text and for the values shown to a steward) and a typed twin ``"<col>__v"``,
NULL where the cell is empty or does not parse. The rules then compare typed values and
the load copies them, so no cell is parsed more than once.

The column reader computes the twins on whole columns in this process (``typed``:
vectorised, and off the database's single core); the line reader, kept for awkward
files, leaves them to one SQL ``UPDATE``. Both follow the same grammar, which the
reference parser also accepts: integers with optional thousands separators and a zero
fraction; ISO dates (optionally with a midnight time) and UK day/month/year dates, real
calendar days only.
"""

from __future__ import annotations

import functools

from workers.contracts.model import FeedContract

INT = r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.0+)?$"
NUM = r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$"
ISO = r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})(?:[T ]00:00(?::00)?)?$"
UK = r"^(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})$"
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
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        pc.match_substring_regex(pa.nulls(1, pa.string()), pattern)
    except pa.ArrowInvalid:
        return False
    return True


def matches_sql(contract: FeedContract, name: str) -> str:
    return f"btrim(\"{name}\") ~ '{contract.column(name).pattern.replace(chr(39), chr(39) * 2)}'"


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
