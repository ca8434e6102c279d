"""Stream a CSV return into a staging table with COPY.

Two readers feed the same table. The column reader (``columns``) parses the file in
Arrow batches and hashes, checks and types whole columns at once; it takes every file a
machine writes. The line reader (``lines``) walks the file line by line with the csv
module; it is kept for what the column reader declines (a row with the wrong number of
values, a stray quote), which it reports to the row as the reference parser does.
Either way the child identifier is checked against its pattern and replaced by its keyed
hash before the bytes leave this process, so no raw identifier reaches the database,
even in staging.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from workers.bulk.convert import (
    SQL_TYPES,
    matched,
    matched_columns,
    matches_sql,
    twin,
    typed_columns,
    typed_sql,
)
from workers.contracts.model import FeedContract, column_letter
from workers.errors import ReturnFileError
from workers.sources.parse import _match_header, decode_text
from workers.validation.context import ReturnContext
from workers.validation.issues import Issue

if TYPE_CHECKING:
    from workers.bulk.fact_layout import FactColumn

CHUNK = 1 << 20
#: Staging tables of files this large (about 8,000 rows) and larger are UNLOGGED.
UNLOGGED_FROM_BYTES = 1 << 20


def staging_table(submission_id: int) -> str:
    return f"stg_submission_{int(submission_id)}"


@dataclass
class Staged:
    table: str
    columns: list[str]  # contract column names, in the file's order
    rows_received: int = 0
    issues: list[Issue] = field(default_factory=list)  # found before SQL (identifiers, ragged)
    reader: str = "columns"  # which reader took the file: columns | lines
    done: frozenset[str] = frozenset()  # rules checked while streaming (column reader)
    direct: bool = False  # staged in the partition's layout (``fact_layout``)
    #: Rows the column reader staged with failure codes (None from the line reader): with
    #: none, a return whose rules all ran while streaming has nothing left to read back.
    failing: int | None = None


@dataclass
class Layout:
    """What both readers need to know about the file and the table they fill."""

    contract: FeedContract
    filename: str
    key: bytes
    table: str
    names: list[str]  # contract column names in the file's order
    typed: list[str]  # columns with a typed twin
    matched: list[str]  # columns whose pattern is matched while staging
    facts: list[FactColumn] | None = None  # staged in the partition's layout

    @property
    def direct(self) -> bool:
        return self.facts is not None

    @property
    def extra(self) -> list[str]:
        """The staged columns worked out from the text: typed twins, then pattern flags."""
        return [*(twin(n) for n in self.typed), *(matched(n) for n in self.matched)]

    @property
    def hashed(self) -> list[int]:
        return [i for i, n in enumerate(self.names) if self.contract.column(n).pseudonymise]

    def copy_sql(self, with_twins: bool, with_failures: bool = False) -> str:
        if self.facts is not None:
            from workers.bulk import fact_layout

            cols = fact_layout.copy_columns(self.facts, self.contract, self.names)[1:]
        else:
            cols = [*self.names, *self.extra] if with_twins else list(self.names)
        if with_failures:
            cols += ["_failed", "_error"]
        quoted = ", ".join(f'"{c}"' for c in cols)
        # FREEZE: the table was made (or emptied) in this same transaction, so its rows
        # can be written frozen and all-visible; the load's later scans then neither
        # rewrite every page to set hint bits nor visit the heap to count rows.
        # The partition's layout is written tab-separated (``columns.facts_csv``).
        tabs = ", DELIMITER E'\\t'" if self.facts is not None else ""
        return f"COPY {self.table} (row_number, {quoted}) FROM STDIN (FORMAT csv{tabs}, FREEZE)"

    def pattern_issue(self, staged: Staged, number: int, index: int) -> None:
        name = self.names[index]
        staged.issues.append(
            Issue(
                f"pattern.{name}",
                "error",
                self.contract.rule(f"pattern.{name}").message,
                row=number,
                column=name,
                letter=column_letter(index + 1),
                value="(withheld)",
            )
        )


def _utf8_stream(fh: BinaryIO, filename: str) -> BinaryIO:
    """The file as UTF-8 bytes without a BOM, read in chunks so memory stays flat.

    A first pass checks the encoding chunk by chunk; a Windows-1252 file (rare, and small:
    Excel exports) is converted in memory once.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := fh.read(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        fh.seek(0)
        text, _ = decode_text(fh.read(), filename)
        return io.BytesIO(text.encode("utf-8"))
    fh.seek(0)
    if fh.read(3) != b"\xef\xbb\xbf":
        fh.seek(0)
    return fh


def _header(stream: BinaryIO, contract: FeedContract, filename: str) -> list[str]:
    header_text = stream.readline().decode("utf-8")
    if not header_text.strip():
        raise ReturnFileError(filename, "the file is empty", rule="file.empty")
    header = next(csv.reader([header_text]))
    if len(header) == 1 and any(sep in header_text for sep in (";", "\t", "|")):
        raise ReturnFileError(
            filename,
            "values are not separated by commas; save as 'CSV UTF-8 (Comma delimited)'",
            row=1,
            rule="file.delimiter",
        )
    return _match_header(contract, header, filename)


def file_size(fh: BinaryIO) -> int:
    """The open file's size in bytes; 0 for a stream that has none (a converted file)."""
    try:
        return os.fstat(fh.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        return 0


def _direct(
    cur, contract: FeedContract, names: list[str], rules, size: int, submission_id: int | None
) -> list[FactColumn] | None:
    """The partition's columns when the return can be staged in its layout, else None:
    a large return of a known period on a partitioned warehouse, every rule but the
    key's checked while streaming, and its key stored in the partition."""
    from workers.bulk import fact_layout
    from workers.bulk.rules import condition
    from workers.warehouse.partitions import is_partitioned

    if submission_id is None or rules.ctx is None or size < fact_layout.DIRECT_FROM_BYTES:
        return None
    streamed = {r.code for r in rules.rules}
    if any(
        r.code not in streamed and condition(r, contract, rules.ctx) is not None
        for r in contract.rules
    ):
        return None
    facts = fact_layout.fact_columns(contract, names)
    if facts is None:
        return None
    stored = {f.source for f in facts}
    if any(not set(r.columns) <= stored for r in rules.unique):
        return None
    return facts if is_partitioned(cur) else None


def _create(cur, layout: Layout, submission_id: int | None, period: str | None, size: int) -> None:
    contract, table, names = layout.contract, layout.table, layout.names
    cur.execute(f"DROP TABLE IF EXISTS {table}")
    if layout.facts is not None:
        from workers.bulk import fact_layout

        cur.execute(
            fact_layout.create_sql(table, contract, names, submission_id or 0, period or "")
        )
        return
    cols = ", ".join(f'"{n}" text' for n in names)
    twins = "".join(
        f', "{twin(n)}" {SQL_TYPES[contract.column(n).logical_type]}' for n in layout.typed
    )
    flags = "".join(f', "{matched(n)}" boolean' for n in layout.matched)
    # No key: the rows are numbered here, every later statement reads or joins them in
    # bulk, and an index kept up row by row through the COPY cost more than it served.
    # UNLOGGED spares a large file's rows the WAL, but PostgreSQL syncs an unlogged
    # table's files to disk as it creates them: for a return of a few rows that wait was
    # the largest part of staging.
    unlogged = " UNLOGGED" if size >= UNLOGGED_FROM_BYTES else ""
    cur.execute(
        f"CREATE{unlogged} TABLE {table} (row_number integer NOT NULL, {cols}{twins}{flags}, "
        "_failed text[], _error boolean NOT NULL DEFAULT false)"
    )


def stage(
    conn,
    contract: FeedContract,
    fh: BinaryIO,
    filename: str,
    key: bytes,
    table: str,
    ctx: ReturnContext | None = None,
    submission_id: int | None = None,
) -> Staged:
    """Create ``table`` and COPY every row of the file into it.

    ``conn`` is a psycopg connection; the caller commits. Each row keeps its spreadsheet
    row number; a row with the wrong number of values is staged empty and flagged. The
    column reader also checks the row rules it can (``Staged.done``) and stages each
    row's failures with it; ``ctx`` is the return's context when its period is known.
    With ``submission_id`` too, a large return is staged in the layout of its partition
    (``fact_layout``); otherwise the table is UNLOGGED text with typed twins.
    """
    from workers.bulk import columns, lines
    from workers.bulk.stream_rules import StreamRules

    size = file_size(fh)
    stream = _utf8_stream(fh, filename)
    names = _header(stream, contract, filename)
    body = stream.tell()
    rules = StreamRules(contract, ctx)
    cur = conn.cursor()
    layout = Layout(
        contract,
        filename,
        key,
        table,
        names,
        typed_columns(contract, names),
        matched_columns(contract, names),
        _direct(cur, contract, names, rules, size, submission_id),
    )
    period = ctx.period.label if ctx is not None else None
    _create(cur, layout, submission_id, period, size)
    staged = columns.copy_columns(cur, layout, stream, rules)
    if staged is None:  # the column reader declined the file: start again line by line
        if layout.direct:
            layout.facts = None
            _create(cur, layout, submission_id, period, size)
        else:
            cur.execute(f"TRUNCATE {table}")
        stream.seek(body)
        staged = lines.copy_lines(cur, layout, stream)
        sets = [f'"{twin(n)}" = {typed_sql(contract, n)}' for n in layout.typed]
        sets += [f'"{matched(n)}" = {matches_sql(contract, n)}' for n in layout.matched]
        if sets:
            cur.execute(f"UPDATE {table} SET {', '.join(sets)}")
    staged.direct = layout.direct
    if staged.rows_received == 0:
        raise ReturnFileError(
            filename, "the file has a header but no data rows", rule="file.no_rows"
        )
    if staged.issues and not staged.done:  # the column reader staged them with the rows
        _mark(cur, table, staged.issues)
    return staged


def _mark(cur, table: str, issues: list[Issue]) -> None:
    """Record the failures found while streaming on their staged rows, in one statement
    (a return whose every identifier breaks the pattern must not cost a round trip a
    row)."""
    by_row: dict[int, list[str]] = {}
    for issue in issues:
        by_row.setdefault(issue.row, []).append(issue.rule)  # type: ignore[arg-type]
    rows = sorted(by_row)
    cur.execute(
        f"UPDATE {table} s SET _failed = string_to_array(f.codes, E'\\x1f'), _error = true "
        "FROM unnest(%s::integer[], %s::text[]) AS f(row_number, codes) "
        "WHERE s.row_number = f.row_number",
        (rows, ["\x1f".join(by_row[r]) for r in rows]),
    )
