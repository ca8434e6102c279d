"""Stream a CSV return into a staging table with COPY.

Lines without quotes (nearly all of a machine-written extract) are split and re-joined as
bytes; a line with quotes goes through the csv module. Either way the child identifier is
checked against its pattern and replaced by its keyed hash before the bytes leave this
process, so no raw identifier reaches the database, even in staging.
"""

from __future__ import annotations

import codecs
import csv
import hmac
import io
import re
from dataclasses import dataclass, field
from typing import BinaryIO

from workers.contracts.model import FeedContract, column_letter
from workers.errors import ReturnFileError
from workers.pseudonymise import normalise_identifier
from workers.sources.parse import _match_header, decode_text
from workers.validation.issues import Issue

CHUNK = 1 << 20


def staging_table(submission_id: int) -> str:
    return f"stg_submission_{int(submission_id)}"


@dataclass
class Staged:
    table: str
    columns: list[str]  # contract column names, in the file's order
    rows_received: int = 0
    issues: list[Issue] = field(default_factory=list)  # found before SQL (identifiers, ragged)


def _hash(value: bytes, key: bytes) -> bytes:
    ident = normalise_identifier(value.decode("utf-8"))
    return hmac.digest(key, ident.encode("utf-8"), "sha256").hex()[:32].encode()


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


def stage(
    conn, contract: FeedContract, fh: BinaryIO, filename: str, key: bytes, table: str
) -> Staged:
    """Create ``table`` (UNLOGGED, text columns) and COPY every row of the file into it.

    ``conn`` is a psycopg connection; the caller commits. Each row keeps its spreadsheet
    row number; a row with the wrong number of values is staged empty and flagged.
    """
    stream = _utf8_stream(fh, filename)
    header_line = stream.readline()
    header_text = header_line.decode("utf-8")
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
    names = _match_header(contract, header, filename)
    staged = Staged(table, names)
    ncols = len(names)
    hashed = [i for i, n in enumerate(names) if contract.column(n).pseudonymise]
    patterns = {
        i: re.compile(contract.column(names[i]).pattern.encode())
        for i in hashed
        if contract.column(names[i]).pattern
    }
    letters = {i: column_letter(i + 1) for i in range(ncols)}

    cur = conn.cursor()
    cur.execute(f"DROP TABLE IF EXISTS {table}")
    cols = ", ".join(f'"{n}" text' for n in names)
    cur.execute(
        f"CREATE UNLOGGED TABLE {table} (row_number integer PRIMARY KEY, {cols}, "
        "_failed text[], _error boolean NOT NULL DEFAULT false)"
    )
    empty = b"," * (ncols - 1)

    def flag(
        number: int, column_index: int | None, rule: str, message: str, value: str | None
    ) -> None:
        staged.issues.append(
            Issue(
                rule,
                "error",
                message,
                row=number,
                column=None if column_index is None else names[column_index],
                letter=None if column_index is None else letters[column_index],
                value=value,
            )
        )

    def prepare(number: int, fields: list[bytes]) -> list[bytes] | None:
        """Check and hash the identifier fields; None for a row of the wrong length."""
        if len(fields) != ncols:
            flag(
                number,
                None,
                "file.row_length",
                f"this row has {len(fields)} values; the header has {ncols}",
                None,
            )
            return None
        for i in hashed:
            raw = fields[i].strip()
            if not raw:
                continue
            pattern = patterns.get(i)
            if pattern is not None and not pattern.search(raw):
                flag(
                    number,
                    i,
                    f"pattern.{names[i]}",
                    contract.rule(f"pattern.{names[i]}").message,
                    "(withheld)",
                )
            fields[i] = _hash(raw, key)
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
    with cur.copy(
        f"COPY {table} (row_number, {', '.join(chr(34) + n + chr(34) for n in names)})"
        " FROM STDIN (FORMAT csv)"
    ) as copy:
        while True:
            lines = stream.readlines(CHUNK)
            if not lines:
                break
            out = []
            for line in lines:
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
    if staged.rows_received == 0:
        raise ReturnFileError(
            filename, "the file has a header but no data rows", rule="file.no_rows"
        )
    if staged.issues:
        _mark(cur, table, staged.issues)
    return staged


def _mark(cur, table: str, issues: list[Issue]) -> None:
    """Record the failures found while streaming on their staged rows."""
    by_row: dict[int, list[str]] = {}
    for issue in issues:
        by_row.setdefault(issue.row, []).append(issue.rule)  # type: ignore[arg-type]
    cur.executemany(
        f"UPDATE {table} SET _failed = %s, _error = true WHERE row_number = %s",
        [(codes, row) for row, codes in by_row.items()],
    )
