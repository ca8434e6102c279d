"""A large return staged straight in the layout of its own partition (PostgreSQL only).

The staging table of a large child-level return used to hold the text as sent plus typed
twins; the load then copied every good row into a new table, typed and trimmed, and
attached that as the return's partition of ``child_event_fact``. Writing a million rows
a second time, WAL and all, was a third of the whole ingest. When every rule can be
checked while the file streams (the period is known, the column reader takes the file),
the staging table is instead made in the partition's own layout: the typed, trimmed
values the load would have written, plus the text as sent only for rows that failed a
rule (for the steward's report and the holds), each row's failures, and whether they
block it. The load then holds and deletes the blocked rows, drops the staging columns,
and attaches the table: no row is written twice.

Values are checked against the warehouse's columns while streaming: a value that a
loadable row could not store (a number past 2,147,483,647, text longer than its column)
stops the return with its row and column, where it used to fail in the middle of the
load; on a row that will be held anyway it is left out of the typed column (its text
is kept for the report).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workers.bulk.typed import bools, false, integer, null, text
from workers.contracts.model import FeedContract, column_letter
from workers.errors import ReturnFileError
from workers.warehouse.models import CHILD_EVENT_COLUMNS, ChildEventFact
from workers.warehouse.partitions import partition_name

#: Files this large (about 50,000 rows: a return that gets a partition of its own) and
#: larger are staged in the partition's layout.
DIRECT_FROM_BYTES = 4 << 20

_INT32 = (-(2**31), 2**31 - 1)
_KINDS = {"integer": "INTEGER", "date": "DATE"}


@dataclass(frozen=True)
class FactColumn:
    """A column of ``child_event_fact`` filled from a column of the file."""

    name: str  # in child_event_fact
    source: str  # in the file and the contract
    kind: str  # key (the hashed identifier), integer, date or text
    max_length: int | None


def raw(name: str) -> str:
    """The staged text of a file's column, kept only on rows that failed a rule."""
    return f"{name}__t"


def _sql_type(name: str) -> str:
    from sqlalchemy.dialects import postgresql

    return ChildEventFact.__table__.c[name].type.compile(dialect=postgresql.dialect())


def fact_columns(contract: FeedContract, names: list[str]) -> list[FactColumn] | None:
    """The file's columns as the partition stores them, in file order; None when a column
    does not map onto the warehouse's type (the load then converts in SQL, as before)."""
    table = ChildEventFact.__table__
    out = []
    for source in names:
        col = contract.column(source)
        if col.pseudonymise:
            out.append(FactColumn("child_key", source, "key", table.c.child_key.type.length))
            continue
        if source not in CHILD_EVENT_COLUMNS:
            continue
        sql = _sql_type(source)
        if col.logical_type in _KINDS:
            if sql != _KINDS[col.logical_type]:
                return None
            out.append(FactColumn(source, source, col.logical_type, None))
        elif col.logical_type == "string" and sql.startswith("VARCHAR"):
            out.append(FactColumn(source, source, "text", table.c[source].type.length))
        else:
            return None
    if sum(f.kind == "key" for f in out) != 1:
        return None
    return out


def kept(contract: FeedContract, names: list[str]) -> list[str]:
    """The file's columns whose text is staged on failing rows (identifiers never are)."""
    return [n for n in names if not contract.column(n).pseudonymise]


def create_sql(
    table: str, contract: FeedContract, names: list[str], submission_id: int, period: str
) -> str:
    """The staging table: the partition's columns (no NOT NULL yet: a held row may lack a
    value), its return check, the failing rows' text and their failures. Logged, unlike
    the other layout's: it becomes the partition, and its rows are written once."""
    cols = []
    for column in ChildEventFact.__table__.columns:
        spec = f'"{column.name}" {_sql_type(column.name)}'
        if column.name == "submission_id":
            spec += (
                f" DEFAULT {int(submission_id)} CONSTRAINT {partition_name(submission_id)}"
                f"_return CHECK (submission_id = {int(submission_id)})"
            )
        elif column.name == "period_label":
            spec += " DEFAULT '" + period.replace("'", "''") + "'"
        cols.append(spec)
    cols += [f'"{raw(n)}" text' for n in kept(contract, names)]
    cols += ["_failed text[]", "_error boolean NOT NULL DEFAULT false"]
    return f"CREATE TABLE {table} ({', '.join(cols)})"


def copy_columns(facts: list[FactColumn], contract: FeedContract, names: list[str]) -> list[str]:
    return ["row_number", *(f.name for f in facts), *(raw(n) for n in kept(contract, names))]


def _fits(values: pa.Array, fact: FactColumn) -> pa.Array | None:
    """Rows whose value the column cannot store; None when every row fits."""
    if fact.kind == "integer":
        lo, hi = _INT32
        out = pc.or_(pc.less(values, integer(lo)), pc.greater(values, integer(hi)))
    elif fact.max_length is not None and fact.kind != "key":
        out = pc.greater(pc.utf8_length(values), integer(fact.max_length))
    else:
        return None
    out = pc.fill_null(out, false())
    return out if pc.any(out).as_py() else None


def batch_arrays(
    facts: list[FactColumn],
    contract: FeedContract,
    names: list[str],
    cells,
    keys: pa.Array,
    numbers: pa.Array,
    failed: pa.Array,
    error: pa.Array,
    filename: str,
) -> list[pa.Array]:
    """One batch's values in ``copy_columns`` order (``cells``: the batch as the rules
    read it; ``keys``: the identifiers' hashes, NULL where blank)."""
    out: list[pa.Array] = [numbers]
    for fact in facts:
        if fact.kind == "key":
            out.append(keys)
            continue
        if fact.kind == "integer":
            values = cells.number(fact.source)
        elif fact.kind == "date":
            values = cells.twins[fact.source]
        else:
            trimmed = cells.text(fact.source)
            values = pc.if_else(pc.equal(trimmed, text("")), null(), trimmed)
        misfit = _fits(values, fact)
        if misfit is not None:
            loadable = pc.and_(misfit, pc.invert(error))
            if pc.any(loadable).as_py():
                where = int(np.flatnonzero(bools(loadable))[0])
                limit = (
                    "a whole number up to 2,147,483,647"
                    if fact.kind == "integer"
                    else f"at most {fact.max_length} characters"
                )
                raise ReturnFileError(
                    filename,
                    f"the value is too large for the warehouse ({limit})",
                    row=numbers[where].as_py(),
                    column=fact.source,
                    letter=column_letter(names.index(fact.source) + 1),
                    rule="file.value_too_large",
                )
            values = pc.if_else(misfit, pa.nulls(1, values.type)[0], values)
        if fact.kind == "integer":
            values = pc.cast(values, pa.int32())
        out.append(values)
    failing = pc.is_valid(failed)
    for name in kept(contract, names):
        out.append(pc.if_else(failing, cells.raw[name], null()))
    return out
