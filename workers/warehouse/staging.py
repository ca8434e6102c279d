"""A validated return's rows, kept between validation and load, and its record of failures.

Validation streams each batch's typed rows into a staging table of the return's own
(``stg_submission_<id>``) and each failing row's rule codes into ``row_failure``, in its
transaction: PostgreSQL takes them with ``COPY``, SQLite with a bulk insert. The staging
table is laid out as the warehouse stores the rows: a child-level return's as
``child_event_fact`` (so on PostgreSQL a large return's staging table becomes its
partition, with no row written twice), an aggregate return's as its contract's columns,
typed. The load (``workers.load``) reads it back; if it is gone (a return held
for a steward drops it; a crash empties an UNLOGGED one), the load stages the return
again from the landing store.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from sqlmodel import Session, SQLModel

from workers.arrow import bools, false, int32_array, integer, ints, null
from workers.contracts.model import FeedContract, column_letter
from workers.errors import ReturnFileError
from workers.reading import ReaderRestart
from workers.warehouse.models import CHILD_EVENT_COLUMNS, ChildEventFact
from workers.warehouse.partitions import partition_name

#: Staging tables of files this large (about 8,000 rows) and larger are UNLOGGED on
#: PostgreSQL: spared the WAL, at the price of being emptied by a crash (the load then
#: stages again). Smaller ones are logged: PostgreSQL syncs an unlogged table's files as
#: it creates them, which cost a small return more than its rows.
UNLOGGED_FROM_BYTES = 1 << 20
#: Child-level files this large (about 50,000 rows) are staged as a partition-to-be: the
#: load attaches the table rather than copying its rows.
PARTITION_FROM_BYTES = 4 << 20
_INT32 = (-(2**31), 2**31 - 1)
_TABS = pacsv.WriteOptions(include_header=False, quoting_style="needed", delimiter="\t")


def staging_table(submission_id: int) -> str:
    return f"stg_submission_{int(submission_id)}"


@dataclass(frozen=True)
class StagedColumn:
    """A column of the staging table, filled from a contract column."""

    name: str  # in the staging table (and the warehouse)
    source: str  # in the contract
    arrow: pa.DataType
    sql: dict[str, str]  # by dialect
    max_length: int | None = None


_SQL_TYPES = {
    "integer": ({"postgresql": "bigint", "sqlite": "INTEGER"}, pa.int64()),
    "number": ({"postgresql": "double precision", "sqlite": "REAL"}, pa.float64()),
    "date": ({"postgresql": "date", "sqlite": "DATE"}, pa.date32()),
    "boolean": ({"postgresql": "boolean", "sqlite": "BOOLEAN"}, pa.bool_()),
    "string": ({"postgresql": "text", "sqlite": "TEXT"}, pa.string()),
}


def layout(contract: FeedContract) -> list[StagedColumn]:
    """The staging table's columns after ``row_number``: for a child-level return the
    warehouse's own (the identifier as ``child_key``), for an aggregate one its
    contract's, typed."""
    if contract.level != "child":
        out = []
        for col in contract.columns:
            sql, arrow = _SQL_TYPES[col.logical_type]
            out.append(StagedColumn(col.name, col.name, arrow, sql))
        return out
    table = SQLModel.metadata.tables[ChildEventFact.__tablename__]
    key = next(c.name for c in contract.columns if c.pseudonymise)
    out = [
        StagedColumn(
            "child_key",
            key,
            pa.string(),
            {"postgresql": "varchar(64)", "sqlite": "VARCHAR(64)"},
            getattr(table.c.child_key.type, "length", None),
        )
    ]
    for name in CHILD_EVENT_COLUMNS:
        if name not in contract.column_names:
            continue
        column = table.c[name]
        ltype = contract.column(name).logical_type
        sql, arrow = _SQL_TYPES[ltype]
        if ltype == "integer":
            sql, arrow = {"postgresql": "integer", "sqlite": "INTEGER"}, pa.int32()
        length = getattr(column.type, "length", None)
        if length:
            sql = {"postgresql": f"varchar({length})", "sqlite": f"VARCHAR({length})"}
        out.append(StagedColumn(name, name, arrow, sql, length))
    return out


def _fits(values: pa.Array, column: StagedColumn) -> pa.Array | None:
    """Rows whose value the warehouse column cannot store; None when every row fits."""
    if column.arrow == pa.int32():
        lo, hi = _INT32
        out = pc.or_(pc.less(values, integer(lo)), pc.greater(values, integer(hi)))
    elif column.max_length is not None and column.name != "child_key":
        out = pc.greater(pc.utf8_length(values), pc.cast(integer(column.max_length), pa.int32()))
    else:
        return None
    out = pc.fill_null(out, false())
    return out if pc.any(out).as_py() else None


class StagingSink:
    """Validation's sink (``workers.validation.engine.Sink``) into the database, inside
    the session's transaction."""

    def __init__(
        self,
        session: Session,
        contract: FeedContract,
        submission_id: int,
        period_label: str,
        run_id: int | None,
        filename: str,
        size: int,
        letters: dict[str, str] | None = None,
    ) -> None:
        self.session = session
        self.contract = contract
        self.submission_id = submission_id
        self.run_id = run_id
        self.filename = filename
        self.columns = layout(contract)
        self.dialect = session.get_bind().dialect.name
        self.table = staging_table(submission_id)
        self.letters = letters or {}
        self.staged = 0
        self._copy: Any = None  # the COPY's context manager, while the rows stream
        self._writing: Any = None  # the COPY itself
        self._cursor: Any = None
        self._failures: list[tuple[np.ndarray, pa.Array]] = []
        self._period_label, self._size = period_label, size
        self._create(period_label, size)

    def reset(self) -> None:
        self.staged = 0
        self._failures = []
        self._create(self._period_label, self._size)

    # --- the table -------------------------------------------------------------------------

    def _create(self, period_label: str, size: int) -> None:
        from sqlalchemy import text

        self.session.execute(text(f"DROP TABLE IF EXISTS {self.table}"))
        cols = [f'"{c.name}" {c.sql[self.dialect]}' for c in self.columns]
        sid = int(self.submission_id)
        if self.contract.level == "child":
            period = period_label.replace("'", "''")
            check = ""
            if self.dialect == "postgresql":
                check = f" CONSTRAINT {partition_name(sid)}_return CHECK (submission_id = {sid})"
            cols = [
                f"submission_id integer NOT NULL DEFAULT {sid}{check}",
                *cols,
                f"period_label varchar(16) NOT NULL DEFAULT '{period}'",
            ]
        persistence = ""
        if (
            self.dialect == "postgresql"
            and size >= UNLOGGED_FROM_BYTES
            and not self.partition(size)
        ):
            persistence = " UNLOGGED"
        self.session.execute(
            text(
                f"CREATE{persistence} TABLE {self.table} "
                f"(row_number integer NOT NULL, {', '.join(cols)})"
            )
        )

    def partition(self, size: int) -> bool:
        """Whether the staging table is to become the return's own partition."""
        return (
            self.dialect == "postgresql"
            and self.contract.level == "child"
            and size >= PARTITION_FROM_BYTES
        )

    # --- rows ------------------------------------------------------------------------------

    def __enter__(self) -> StagingSink:
        return self

    def rows_done(self) -> None:
        """End the rows' COPY, so the connection can answer other questions."""
        self._end_copy(None, None, None)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb) -> None:
        """End the rows' COPY if it is still open and record the failures: normally when
        the return was read to the end, and also when the reader must start again (the
        table is then dropped and made afresh: ending it in error would abort the whole
        transaction); aborted otherwise."""
        self._end_copy(kind, exc, tb)
        if exc is None and self._failures:
            numbers = np.concatenate([n for n, _ in self._failures])
            codes = pa.concat_arrays([c for _, c in self._failures])
            runs = int32_array(np.full(len(numbers), self.run_id, dtype=np.int32))
            table = pa.Table.from_arrays(
                [runs, int32_array(numbers), codes], names=["run_id", "row_number", "rule_code"]
            )
            write_table(self.session, "row_failure", table)
        self._failures = []

    def _end_copy(self, kind, exc, tb) -> None:

        copy, self._copy = self._copy, None
        if copy is not None:
            if exc is None or isinstance(exc, ReaderRestart):
                copy.__exit__(None, None, None)
            else:
                copy.__exit__(kind, exc, tb)
            self._cursor.close()
            self._writing = None

    def stage(self, numbers: pa.Array, values: dict[str, pa.Array], errors: pa.Array) -> None:
        """A batch's typed rows (``workers.validation.engine.Sink.stage``)."""
        arrays = [numbers]
        for column in self.columns:
            arrays.append(self._narrow(values[column.source], column, numbers, errors))

        names = ["row_number", *(c.name for c in self.columns)]
        table = pa.Table.from_arrays(arrays, names=names)
        self.staged += len(numbers)
        if self.dialect != "postgresql":
            write_table(self.session, self.table, table)
            return
        if self._copy is None:
            # One COPY for the whole return, written by psycopg's thread: PostgreSQL reads
            # one batch while this process types and checks the next.
            self._cursor = dbapi_connection(self.session).cursor()
            quoted = ", ".join(f'"{n}"' for n in names)
            self._copy = self._cursor.copy(
                f"COPY {self.table} ({quoted}) FROM STDIN (FORMAT csv, DELIMITER E'\\t')",
                writer=_bounded_writer(self._cursor),
            )
            self._writing = self._copy.__enter__()
        self._writing.write(_csv(table))

    def _narrow(
        self, values: pa.Array, column: StagedColumn, numbers: pa.Array, errors: pa.Array
    ) -> pa.Array:
        """A typed column in the warehouse's type: a value it cannot store stops the
        return where the row would load, and is left out where the row is held anyway."""
        misfit = _fits(values, column)
        if misfit is not None:
            loadable = bools(pc.and_(misfit, pc.invert(errors)))
            if loadable.any():
                at = int(np.flatnonzero(loadable)[0])
                limit = (
                    "a whole number up to 2,147,483,647"
                    if column.arrow == pa.int32()
                    else f"at most {column.max_length} characters"
                )
                raise ReturnFileError(
                    self.filename,
                    f"the value is too large for the warehouse ({limit})",
                    row=int(ints(numbers)[at]),
                    column=column.source,
                    letter=self.letters.get(column.source)
                    or column_letter(self.contract.column_names.index(column.source) + 1),
                    rule="file.value_too_large",
                )
            values = pc.if_else(misfit, null(values.type), values)
        return values.cast(column.arrow) if values.type != column.arrow else values

    def failed(self, numbers: np.ndarray, codes: pa.Array) -> None:
        """Kept until the rows' COPY ends (a connection runs one COPY at a time)."""
        if self.run_id is not None and len(numbers):
            self._failures.append((np.ascontiguousarray(numbers, dtype=np.int32), codes))


def _bounded_writer(cursor):
    """psycopg's writer thread, with its queue cut from 1,024 chunks to 32: when the
    server falls behind, the reader waits rather than filling memory with a file's worth
    of batches. (Imported here, not with the module: a worker importing this module in
    one thread while another first imports psycopg met a half-initialised package.)"""
    from psycopg.copy import QueuedLibpqWriter

    writer = QueuedLibpqWriter(cursor)
    writer._queue = queue.Queue(maxsize=32)  # type: ignore[assignment]
    return writer


def _csv(table: pa.Table) -> pa.Buffer:
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, _TABS)
    return sink.getvalue()


def dbapi_connection(session: Session) -> Any:
    """The DB-API connection inside the session's transaction (COPY and bulk inserts)."""
    driver = session.connection().connection.driver_connection
    assert driver is not None
    return driver


def write_table(session: Session, target: str, table: pa.Table) -> None:
    """Append an Arrow table's rows to a database table in the session's transaction:
    PostgreSQL's ``COPY``, or SQLite's bulk insert."""
    names = ", ".join(f'"{n}"' for n in table.column_names)
    driver = dbapi_connection(session)
    if session.get_bind().dialect.name == "postgresql":
        with (
            driver.cursor() as cur,
            cur.copy(f"COPY {target} ({names}) FROM STDIN (FORMAT csv, DELIMITER E'\\t')") as copy,
        ):
            copy.write(_csv(table))
        return
    columns = [c.to_pylist() for c in table.columns]
    marks = ", ".join("?" for _ in table.column_names)
    driver.executemany(
        f"INSERT INTO {target} ({names}) VALUES ({marks})", zip(*columns, strict=True)
    )


def drop(session: Session, submission_id: int) -> None:
    """Drop the staging table of a return that will not be loaded as it is."""
    from sqlalchemy import text

    session.execute(text(f"DROP TABLE IF EXISTS {staging_table(submission_id)}"))


def staged_rows(session: Session, submission_id: int) -> int | None:
    """Rows in the return's staging table; None if there is none."""
    from sqlalchemy import text

    table = staging_table(submission_id)
    if session.get_bind().dialect.name == "postgresql":
        found = session.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar()
    else:
        found = session.execute(
            text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :t"),
            {"t": table},
        ).scalar()
    if not found:
        return None
    return int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)
