"""CSV returns.

Two tokenisers give the same batches. Arrow's streaming CSV reader takes whole columns at
a time and reads a million-row file in about half a second; Python's ``csv`` module, in
strict mode, is kept for what Arrow would read differently: a line with the wrong number
of values (Arrow can only skip it, which would renumber the rows after it) or a double
quote with text on both sides (Arrow reads ``"x"y`` as ``xy``; the strict reader refuses
it with its row). A first pass over the bytes (``encoding.survey``) decides which reads
the file; if Arrow meets a line it cannot split after all, it says so
(``ReaderRestart``) and the caller starts again with the strict reader.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv

from workers.arrow import integers, string_array
from workers.contracts.model import FeedContract
from workers.errors import ReturnFileError
from workers.issues import Issue
from workers.reading.batch import (
    BATCH_ROWS,
    Limits,
    Opener,
    ReaderRestart,
    ReturnReader,
    TextBatch,
)
from workers.reading.encoding import BOM, as_utf8, check_binary, survey
from workers.reading.header import match_header

_HEADER_LIMIT = 1 << 20


def _header_line(stream: BinaryIO, filename: str) -> bytes:
    line = stream.readline(_HEADER_LIMIT)
    if line.startswith(BOM):
        line = line[3:]
    return line


def _read_header(stream: BinaryIO, filename: str) -> list[str]:
    line = _header_line(stream, filename)
    while not line.strip(b" \t\r\n"):
        if not line:
            raise ReturnFileError(filename, "the file is empty", rule="file.empty")
        line = stream.readline(_HEADER_LIMIT)  # blank lines before the header
    text_line = line.decode("utf-8", errors="replace")
    header = next(csv.reader([text_line]))
    if len(header) == 1 and "," not in text_line:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if sep in text_line:
                raise ReturnFileError(
                    filename,
                    f"values are separated by {name}; the hub expects commas "
                    "(save as 'CSV UTF-8 (Comma delimited)')",
                    row=1,
                    rule="file.delimiter",
                )
    return header


class DelimitedReader(ReturnReader):
    format = "csv"

    def __init__(
        self, contract: FeedContract, filename: str, opener: Opener, limits: Limits
    ) -> None:
        with opener() as stream:
            head = stream.read(65536)
            check_binary(head, filename)
            if not head.lstrip(BOM).strip():
                raise ReturnFileError(filename, "the file is empty", rule="file.empty")
            stream.seek(0)
            header = _read_header(stream, filename)
        columns = match_header(contract, header, filename, limits.max_columns)
        super().__init__(contract, filename, columns, limits)
        self._opener = opener
        with opener() as stream:
            found = survey(stream, filename, len(columns))
        self._utf8 = found.utf8
        self.encoding = "utf-8" if found.utf8 else "windows-1252"
        if not found.utf8:  # the survey judged the raw bytes; judge the text it reads as
            with self._open() as stream:
                found = survey(stream, filename, len(columns))
        #: Read with the strict reader: Arrow would number or read some row differently.
        self.strict = (
            found.quote_inside
            or found.uneven_lines
            or found.quote_count % 2 == 1
            # a value past the strict reader's limit: it says so, with its row
            or found.longest_line > csv.field_size_limit()
        )

    def fallback(self) -> bool:
        if self.strict:
            return False
        self.strict = True
        return True

    def _open(self) -> BinaryIO:
        stream = self._opener()
        if self._utf8:
            return stream
        with stream:
            return as_utf8(stream, self.filename)

    def batches(self, only: set[str] | None = None) -> Iterator[TextBatch]:
        self.ragged = []
        rows = 0
        read = self._strict if self.strict else self._arrow
        for batch in read(only):
            rows += batch.rows
            if rows > self.limits.max_rows:
                raise ReturnFileError(
                    self.filename,
                    f"the return has more than {self.limits.max_rows:,} rows, more than any "
                    f"return of {self.contract.id} can hold; check the extract",
                    row=int(batch.numbers[-1].as_py()),
                    rule="file.too_many_rows",
                )
            yield batch
        if rows + len(self.ragged) == 0:
            raise ReturnFileError(
                self.filename, "the file has a header but no data rows", rule="file.no_rows"
            )

    # --- Arrow ------------------------------------------------------------------------

    def _arrow(self, only: set[str] | None) -> Iterator[TextBatch]:
        invalid: list[int] = []

        def invalid_row(row) -> str:
            invalid.append(row.number or 0)
            return "skip"

        names = self.columns
        keep = [n for n in names if only is None or n in only]
        with self._open() as stream:
            _read_header(stream, self.filename)
            try:
                reader = pacsv.open_csv(
                    stream,
                    read_options=pacsv.ReadOptions(
                        column_names=names,
                        block_size=self.limits.block_bytes,
                        use_threads=False,
                    ),
                    parse_options=pacsv.ParseOptions(
                        newlines_in_values=True,
                        ignore_empty_lines=False,
                        invalid_row_handler=invalid_row,
                    ),
                    convert_options=pacsv.ConvertOptions(
                        column_types={n: pa.string() for n in names},
                        include_columns=keep,
                        strings_can_be_null=False,
                        quoted_strings_can_be_null=False,
                    ),
                )
            except pa.ArrowInvalid:
                raise ReaderRestart from None
            first = 2  # the spreadsheet row of the batch's first row (the header is row 1)
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
                except pa.ArrowInvalid:
                    raise ReaderRestart from None
                if invalid:
                    raise ReaderRestart
                numbers = integers(first, batch.num_rows)
                first += batch.num_rows
                found = TextBatch(numbers, dict(zip(keep, batch.columns, strict=True)))
                if (rows := found.without_blank_rows()) is not None:
                    yield rows

    # --- Python's csv module, strict ----------------------------------------------------

    def _strict(self, only: set[str] | None) -> Iterator[TextBatch]:
        names = self.columns
        width = len(names)
        keep = [(i, n) for i, n in enumerate(names) if only is None or n in only]
        with self._open() as raw:
            stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.reader(stream, strict=True)
            number = 0
            records: list[tuple[int, list[str]]] = []
            try:
                for number, record in enumerate(reader, start=1):
                    if number == 1:
                        continue
                    if len(record) != width:
                        if not any(cell.strip() for cell in record):
                            continue  # a line of spaces is a blank row, not a short one
                        self.ragged.append(
                            Issue(
                                "file.row_length",
                                "error",
                                f"this row has {len(record)} values; the header has {width}",
                                row=number,
                            )
                        )
                        continue
                    records.append((number, record))
                    if len(records) >= BATCH_ROWS:
                        if (rows := _records_batch(records, keep).without_blank_rows()) is not None:
                            yield rows
                        records = []
            except csv.Error as exc:
                raise _csv_error(self.filename, exc, number + 1) from None
            if records and (rows := _records_batch(records, keep).without_blank_rows()) is not None:
                yield rows


def _records_batch(records: list[tuple[int, list[str]]], keep: list[tuple[int, str]]) -> TextBatch:
    import numpy as np

    numbers = np.fromiter((n for n, _ in records), dtype=np.int32, count=len(records))
    columns = {name: string_array([r[i] for _, r in records]) for i, name in keep}
    return TextBatch(
        pa.Array.from_buffers(pa.int32(), len(numbers), [None, pa.py_buffer(numbers)]), columns
    )


def _csv_error(filename: str, exc: csv.Error, row: int) -> ReturnFileError:
    if "field larger than field limit" in str(exc):
        return ReturnFileError(
            filename,
            f"a value is longer than {csv.field_size_limit():,} characters, far more "
            "than any cell of a return (often a double quote opened and never closed, "
            "or a line that never ends)",
            row=row,
            rule="file.csv",
        )
    return ReturnFileError(
        filename,
        f"the CSV cannot be read: {exc} "
        "(often an unbalanced double quote, opened and never closed)",
        row=row,
        rule="file.csv",
    )
