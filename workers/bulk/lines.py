"""The line reader: a CSV return line by line, for files the column reader declines.

Lines without quotes are split and re-joined as bytes; a line with quotes goes through
the csv module, and a quoted value may run over several lines. A row with the wrong
number of values is staged empty and flagged ``file.row_length``, and an unbalanced
quote stops the file with its row number: the reference parser's answers, to the row.
"""

from __future__ import annotations

import csv
import io
import re
from typing import BinaryIO

from workers.bulk.staging import CHUNK, Layout, Staged
from workers.errors import ReturnFileError
from workers.pseudonymise import pseudonymise
from workers.validation.issues import Issue


def copy_lines(cur, layout: Layout, stream: BinaryIO) -> Staged:
    """COPY the rest of ``stream`` into the staging table (text columns only)."""
    contract, names, filename = layout.contract, layout.names, layout.filename
    staged = Staged(layout.table, names, reader="lines")
    ncols = len(names)
    hashed = layout.hashed
    patterns = {
        i: re.compile(contract.column(names[i]).pattern.encode())
        for i in hashed
        if contract.column(names[i]).pattern
    }
    empty = b"," * (ncols - 1)

    def prepare(number: int, fields: list[bytes]) -> list[bytes] | None:
        """Check and hash the identifier fields; None for a row of the wrong length."""
        if len(fields) != ncols:
            staged.issues.append(
                Issue(
                    "file.row_length",
                    "error",
                    f"this row has {len(fields)} values; the header has {ncols}",
                    row=number,
                )
            )
            return None
        for i in hashed:
            raw = fields[i].strip()
            if not raw:
                continue
            pattern = patterns.get(i)
            if pattern is not None and not pattern.search(raw):
                layout.pattern_issue(staged, number, i)
            fields[i] = pseudonymise(raw.decode("utf-8"), layout.key).encode()
        return fields

    def plain(number: int, line: bytes) -> bytes:
        fields = prepare(number, line.split(b","))
        return b"%d,%s\n" % (number, empty if fields is None else b",".join(fields))

    def quoted(number: int, record: bytes) -> bytes:
        try:
            rows = list(csv.reader(io.StringIO(record.decode("utf-8"), newline=""), strict=True))
        except csv.Error as exc:
            raise ReturnFileError(
                filename,
                f"the CSV cannot be read: {exc} (often an unbalanced double quote)",
                row=number,
                rule="file.csv",
            ) from None
        fields = prepare(number, [f.encode("utf-8") for f in (rows[0] if rows else [])])
        if fields is None:
            return b"%d,%s\n" % (number, empty)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([number, *(f.decode() for f in fields)])
        return out.getvalue().encode("utf-8")

    number = 1
    pending = b""
    with cur.copy(layout.copy_sql(with_twins=False)) as copy:
        while True:
            chunk = stream.readlines(CHUNK)
            if not chunk:
                break
            out = []
            for line in chunk:
                if pending:
                    line = pending + line
                    pending = b""
                if b'"' in line:
                    if line.count(b'"') % 2:
                        pending = line  # a quoted value continues on the next line
                        continue
                    number += 1
                    out.append(quoted(number, line))
                    continue
                number += 1
                stripped = line.rstrip(b"\r\n")
                if not stripped.strip(b", \t"):
                    continue  # blank lines (Excel leaves some at the end)
                out.append(plain(number, stripped))
            staged.rows_received += len(out)
            copy.write(b"".join(out))
        if pending:
            raise ReturnFileError(
                filename,
                "the CSV cannot be read: a double quote is opened and never closed",
                row=number + 1,
                rule="file.csv",
            )
    return staged
