"""The column reader: a CSV return in Arrow batches, whole columns at a time.

Arrow's multi-threaded CSV parser splits the file into batches of some tens of thousands
of rows; per batch the identifier column is checked against its pattern and hashed in one
call, every integer, number and date column gets its typed twin, and the batch goes to
COPY as one buffer written by Arrow's CSV writer. Python touches a row only to hash its
identifier. Memory holds a few batches whatever the file's size.

The reader declines (returns None) a file it cannot number exactly as the reference
parser does: a row with the wrong number of values, which Arrow would skip, or CSV that
Arrow refuses. The caller then stages it with the line reader.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from psycopg.copy import QueuedLibpqWriter

from workers.bulk import fact_layout
from workers.bulk.hasher import PARALLEL_FROM_BYTES, Hasher, Pending, Request
from workers.bulk.staging import Layout, Staged, file_size
from workers.bulk.stream_rules import Batch, StreamRules, digests
from workers.bulk.typed import false, fixed_width, integers, matches, null, text, typed_value
from workers.pseudonymise_worker import NORMALISED

BLOCK = 2 << 20  # bytes of CSV per batch: about 35,000 rows of a child-level return
_WRITE = pacsv.WriteOptions(include_header=False, quoting_style="needed")
#: The partition's layout goes tab-separated (``Layout.copy_sql``) and, where no value
#: needs it, unquoted: Arrow quotes every string otherwise, and PostgreSQL spent a sixth
#: of a million-row COPY reading the quotes.
_PLAIN_TABS = pacsv.WriteOptions(include_header=False, quoting_style="none", delimiter="\t")
_QUOTED_TABS = pacsv.WriteOptions(include_header=False, quoting_style="needed", delimiter="\t")


class _BoundedWriter(QueuedLibpqWriter):
    """psycopg's writer thread, so the next batch is prepared while the server reads this
    one, with its queue cut from 1,024 chunks of 128 kB to 32: when the server falls
    behind, the reader waits rather than filling memory with a file's worth of batches."""

    def __init__(self, cursor) -> None:
        super().__init__(cursor)
        self._queue = queue.Queue(maxsize=32)


def _reader(layout: Layout, stream: BinaryIO, ragged: list[int]) -> pacsv.CSVStreamingReader:
    def invalid_row(row) -> str:
        ragged.append(1)
        return "skip"

    return pacsv.open_csv(
        stream,
        read_options=pacsv.ReadOptions(
            column_names=layout.names, block_size=BLOCK, use_threads=False
        ),
        parse_options=pacsv.ParseOptions(
            newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=invalid_row
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in layout.names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _blank(batch: pa.RecordBatch) -> pa.Array | None:
    """Rows with nothing but separators and spaces (Excel leaves some at the end); None
    when there are none, which the first column alone usually shows."""
    empty = None
    for column in batch.columns:
        is_empty = pc.equal(pc.utf8_trim(column, " \t"), text(""))
        empty = is_empty if empty is None else pc.and_(empty, is_empty)
        if not pc.any(empty).as_py():
            return None
    return empty


#: What Python's ``str.strip()`` removes from an ASCII string.
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def hash_request(values: pa.Array) -> Request:
    """A batch's distinct identifiers as the hash helper takes them. ASCII ones (as
    machines write them) are normalised here, in one vectorised pass that is exactly
    ``normalise_identifier`` on ASCII, and sent as Arrow's two buffers: no Python string
    per identifier on either side. Others go as a list, normalised by the helper."""
    if not len(values) or not pc.all(pc.string_is_ascii(values)).as_py():
        return values.to_pylist()
    normal = pc.ascii_upper(pc.ascii_trim(values, _ASCII_SPACE))
    ends = np.frombuffer(normal.buffers()[1], dtype=np.int32)
    ends = ends[normal.offset : normal.offset + len(normal) + 1]
    data = normal.buffers()[2]
    return (NORMALISED, ends.tobytes(), data.to_pybytes() if data is not None else b"")


def _check_ids(
    layout: Layout, staged: Staged, values: pa.Array, index: int, numbers: pa.Array
) -> tuple[pa.DictionaryArray, pa.Array | None]:
    """Check the raw identifiers against their pattern; returns them dictionary-encoded
    (blank cells NULL) for hashing, and the rows that break the pattern (None without a
    pattern). Each distinct identifier is hashed once (a child has several events)."""
    raw = pc.utf8_trim_whitespace(values)
    present = pc.not_equal(raw, text(""))
    pattern = layout.contract.column(layout.names[index]).pattern
    bad = None
    if pattern:
        bad = pc.fill_null(
            pc.and_(present, pc.invert(pc.match_substring_regex(raw, pattern))), false()
        )
        for number in pc.filter(numbers, bad).to_pylist():
            layout.pattern_issue(staged, number, index)
    return pc.dictionary_encode(pc.if_else(present, values, null())), bad


def _csv(table: pa.Table, options: pacsv.WriteOptions) -> pa.Buffer:
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, options)
    return sink.getvalue()


def facts_csv(table: pa.Table, quoted: bool) -> pa.Buffer:
    """A batch in the partition's layout as COPY reads it (tab-separated CSV). Unquoted,
    an empty string would read back as NULL: only the text as sent of a failing row can
    be empty, so a batch with failing rows (``quoted``) is quoted, and so is one with a
    tab, quote or line break in a value (Arrow refuses to write those bare)."""
    if not quoted:
        try:
            return _csv(table, _PLAIN_TABS)
        except pa.ArrowInvalid:
            pass
    return _csv(table, _QUOTED_TABS)


@dataclass
class _InFlight:
    """A batch whose identifiers are being hashed."""

    batch: pa.RecordBatch
    numbers: pa.Array  # spreadsheet row numbers
    id_bad: dict[str, pa.Array]  # rows whose identifier breaks its pattern, by column
    pending: dict[int, tuple[pa.DictionaryArray, Pending]]  # by column index


def copy_columns(cur, layout: Layout, stream: BinaryIO, rules: StreamRules) -> Staged | None:
    """COPY the rest of ``stream`` into the staging table, each row with the rules it
    breaks (those ``rules`` check); None if the file is declined."""
    staged = Staged(layout.table, layout.names, failing=0)
    ragged: list[int] = []
    hashed = layout.hashed
    typed = [(n, layout.contract.column(n).logical_type) for n in layout.typed]
    patterns = {n: layout.contract.column(n).pattern for n in layout.matched}
    try:
        reader = _reader(layout, stream, ragged)
    except pa.ArrowInvalid:
        return None
    declined = False
    # Leaving the COPY block by an exception would abort the caller's transaction, so a
    # declined file ends the COPY normally and the caller empties the table.
    copy_sql = layout.copy_sql(with_twins=True, with_failures=True)
    size = file_size(stream)
    names = ["row_number", *layout.names, *layout.extra, "_failed", "_error"]
    if layout.facts is not None:
        names = [
            *fact_layout.copy_columns(layout.facts, layout.contract, layout.names),
            "_failed",
            "_error",
        ]
    parallel = bool(hashed) and size >= PARALLEL_FROM_BYTES
    first = 2  # spreadsheet row of the next batch's first row (the header is row 1)

    def ask(batch: pa.RecordBatch, hasher: Hasher) -> _InFlight:
        """Number the batch's rows, drop blank ones, check its identifiers and ask for
        their hashes."""
        nonlocal first
        if first == 2 and size:  # the first batch tells the file's rows per byte
            rules.expect(int(size / BLOCK * batch.num_rows * 1.1))
        numbers = integers(first, batch.num_rows)
        first += batch.num_rows
        blank = _blank(batch)
        if blank is not None:
            keep = pc.invert(blank)
            batch, numbers = batch.filter(keep), pc.filter(numbers, keep)
        id_bad, pending = {}, {}
        for i in hashed:
            encoded, bad = _check_ids(layout, staged, batch.column(i), i, numbers)
            pending[i] = (encoded, hasher.submit(hash_request(encoded.dictionary)))
            if bad is not None:
                id_bad[layout.names[i]] = bad
        return _InFlight(batch, numbers, id_bad, pending)

    def write(flight: _InFlight, copy) -> None:
        """Type and check the batch, take its hashes, and send it to COPY."""
        batch, numbers, id_bad = flight.batch, flight.numbers, flight.id_bad
        columns = list(batch.columns)
        cells = Batch(layout.contract, dict(zip(layout.names, columns, strict=True)))
        twins = [typed_value(cells.text(n), ltype) for n, ltype in typed]
        flags = [matches(cells.text(n), patterns[n]) for n in layout.matched]
        cells.twins = dict(zip(layout.typed, twins, strict=True))
        cells.flags = dict(zip(layout.matched, flags, strict=True))
        failed, error = rules.failures(cells, batch.num_rows, id_bad)
        keyed, keys = {}, None
        for i, (encoded, pending) in flight.pending.items():
            hashes = pending.result()
            keys = pc.take(fixed_width(hashes, 32), encoded.indices)
            columns[i] = pc.coalesce(keys, columns[i])  # blank cells stay as sent
            keyed[layout.names[i]] = (encoded.indices, digests(hashes))
        rules.add_keys(cells, keyed)
        if layout.facts is not None:
            values = fact_layout.batch_arrays(
                layout.facts,
                layout.contract,
                layout.names,
                cells,
                keys,
                numbers,
                failed,
                error,
                layout.filename,
            )
            out = pa.Table.from_arrays([*values, failed, error], names=names)
            copy.write(facts_csv(out, quoted=failed.null_count < len(failed)))
        else:
            arrays = [numbers, *columns, *twins, *flags, failed, error]
            copy.write(_csv(pa.Table.from_arrays(arrays, names=names), _WRITE))
        staged.rows_received += batch.num_rows
        staged.failing += len(failed) - failed.null_count  # type: ignore[operator]

    with (
        Hasher(layout.key, parallel) as hasher,
        cur.copy(copy_sql, writer=_BoundedWriter(cur)) as copy,
    ):
        try:
            # One batch ahead: the next batch's identifiers are with the hash helper
            # while this one is typed, checked and written, so it never waits for work.
            ahead = None
            for batch in reader:
                if ragged:
                    break
                flight = ask(batch, hasher)
                if ahead is not None:
                    write(ahead, copy)
                ahead = flight
            if ahead is not None and not ragged:
                write(ahead, copy)
        except pa.ArrowInvalid:
            declined = True
    staged.done = rules.done
    return None if declined or ragged else staged
