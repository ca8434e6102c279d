"""Read a return's bytes (CSV, XLSX or JSON) into typed rows against its contract.

This is the structural stage: encoding, format, header and cell types. A file that cannot
be read at all raises :class:`ReturnFileError` naming what is wrong; a cell that does not
fit its type becomes an :class:`Issue` and the rest of the return is still read, so the
data officer sees every problem at once rather than one per upload.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from workers.contracts.model import FeedContract, column_letter
from workers.errors import ReturnFileError
from workers.pseudonymise import pseudonymise
from workers.validation.issues import Issue

_INT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.0+)?$")
_NUM = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TRUE = {"y", "yes", "true", "1"}
_FALSE = {"n", "no", "false", "0"}


@dataclass
class ParsedReturn:
    """A return read and typed, ready for the rules. Rows keep their spreadsheet numbers."""

    filename: str
    format: str
    encoding: str | None
    columns: list[str]
    rows: list[dict[str, Any]]
    row_numbers: list[int]
    issues: list[Issue] = field(default_factory=list)
    unreadable_rows: list[int] = field(default_factory=list)

    @property
    def rows_received(self) -> int:
        return len(self.rows) + len(self.unreadable_rows)


def detect_format(filename: str, data: bytes) -> str:
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    if suffix in ("csv", "txt"):
        return "csv"
    if suffix in ("xlsx", "xlsm"):
        return "xlsx"
    if suffix == "json":
        return "json"
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data.lstrip()[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel's "CSV" export writes it."""
    if b"\x00" in data[:65536]:
        raise ReturnFileError(
            filename,
            "the file contains NUL bytes: it is binary or UTF-16, not a CSV text "
            "file; save it as 'CSV UTF-8' from Excel",
            rule="file.encoding",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReturnFileError(
            filename,
            f"byte 0x{data[exc.start]:02X} is neither UTF-8 nor Windows-1252 text; "
            "save the file as 'CSV UTF-8'",
            row=line,
            rule="file.encoding",
        ) from None


def _read_csv(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[Any]]], str]:
    text, encoding = decode_text(data, filename)
    if not text.strip():
        raise ReturnFileError(filename, "the file is empty", rule="file.empty")
    first_line = text.lstrip().split("\n", 1)[0]
    if "," not in first_line:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if sep in first_line:
                raise ReturnFileError(
                    filename,
                    f"values are separated by {name}; the hub expects commas "
                    "(save as 'CSV UTF-8 (Comma delimited)')",
                    row=1,
                    rule="file.delimiter",
                )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[Any]]] = []
    header: list[str] | None = None
    # Rows are numbered by record, as Excel shows them: a quoted value spanning lines is
    # still one row.
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if header is None:
                header = record
                continue
            if not any(cell.strip() for cell in record):
                continue  # blank lines at the end of Excel exports
            rows.append((number, record))
    except csv.Error as exc:
        raise ReturnFileError(
            filename,
            f"the CSV cannot be read: {exc} "
            "(often an unbalanced double quote, opened and never closed)",
            row=number + 1,
            rule="file.csv",
        ) from None
    return header or [], rows, encoding


def _read_xlsx(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[Any]]], None]:
    from openpyxl import load_workbook  # only returns in XLSX pay for the import

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ReturnFileError(
            filename, f"not a readable XLSX workbook ({exc})", rule="file.xlsx"
        ) from None
    try:
        ws = wb.worksheets[0]
        header: list[str] = []
        rows: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if number == 1:
                header = ["" if v is None else str(v) for v in values]
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            rows.append((number, list(values)))
    finally:
        wb.close()
    return header, rows, None


def _read_json(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[Any]]], str]:
    text, encoding = decode_text(data, filename)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReturnFileError(
            filename, f"not valid JSON: {exc.msg} at line {exc.lineno}", rule="file.json"
        ) from None
    records = doc.get("rows") if isinstance(doc, dict) else doc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ReturnFileError(
            filename, 'JSON must be a list of objects, or {"rows": [...]}', rule="file.json"
        )
    header: list[str] = []
    for record in records:
        header.extend(k for k in record if k not in header)
    # JSON rows are numbered as they would be in a spreadsheet of the same data.
    rows = [(i + 2, [record.get(k) for k in header]) for i, record in enumerate(records)]
    return header, rows, encoding


def _normalise_name(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().strip("\ufeff").lower())


def _match_header(contract: FeedContract, header: list[str], filename: str) -> list[str]:
    """Map each file column to a contract column, or explain the mismatch in one message."""
    if not any(h.strip() for h in header):
        raise ReturnFileError(
            filename, "the first row must be the header", row=1, rule="file.header"
        )
    names = [_normalise_name(h) for h in header]
    expected = contract.column_names
    seen = [n for n in names if names.count(n) > 1]
    if seen:
        raise ReturnFileError(
            filename, f"column {seen[0]!r} appears twice in the header", row=1, rule="file.header"
        )
    missing = [c for c in expected if c not in names]
    extra = [
        (i, h)
        for i, (h, n) in enumerate(zip(header, names, strict=True), start=1)
        if n not in expected
    ]
    if missing or extra:
        problems = []
        for i, original in extra:
            guess = difflib.get_close_matches(_normalise_name(original), missing, n=1, cutoff=0.6)
            if guess:
                problems.append(
                    f"column {column_letter(i)} '{original}' looks like '{guess[0]}' renamed"
                )
                missing.remove(guess[0])
            else:
                problems.append(f"column {column_letter(i)} '{original}' is not in the contract")
        if missing:
            problems.append("missing column(s): " + ", ".join(missing))
        raise ReturnFileError(
            filename,
            "the header does not match contract "
            f"{contract.id} v{contract.version}: " + "; ".join(problems),
            row=1,
            rule="file.header",
        )
    return names


def _convert(value: Any, ltype: str) -> Any:
    """Convert one cell; raises ValueError when it does not fit the type."""
    if isinstance(value, dict | list):
        raise ValueError  # a JSON object or list where one value belongs
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if value is None:
        return None
    if ltype == "string":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)
    if ltype == "integer":
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer():
                return int(value)
            raise ValueError
        if _INT.match(value):
            return int(float(value.replace(",", "")))
        raise ValueError
    if ltype == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if _NUM.match(value):
            return float(value.replace(",", ""))
        raise ValueError
    if ltype == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if m := _ISO_DATE.match(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _UK_DATE.match(value):
            return date(int(m[3]), int(m[2]), int(m[1]))
        raise ValueError
    if ltype == "boolean":
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError
    raise ValueError


def parse_return(
    contract: FeedContract, data: bytes, filename: str, pseudonym_key: bytes | None = None
) -> ParsedReturn:
    """Read and type a return. Child identifiers are hashed here, before anything keeps them."""
    fmt = detect_format(filename, data)
    if fmt not in contract.formats:
        raise ReturnFileError(
            filename,
            f"{fmt.upper()} is not accepted for {contract.id}; "
            f"send {', '.join(f.upper() for f in contract.formats)}",
            rule="file.format",
        )
    if not data.strip():
        raise ReturnFileError(filename, "the file is empty", rule="file.empty")
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "json": _read_json}[fmt]
    header, raw_rows, encoding = reader(data, filename)
    names = _match_header(contract, header, filename)
    if not raw_rows:
        raise ReturnFileError(
            filename, "the file has a header but no data rows", rule="file.no_rows"
        )

    columns = {c.name: c for c in contract.columns}
    position = {name: i for i, name in enumerate(names, start=1)}
    hashed = [c.name for c in contract.columns if c.pseudonymise]
    if hashed and pseudonym_key is None:
        raise ValueError("a pseudonymisation key is needed for this contract")

    rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    issues: list[Issue] = []
    unreadable: list[int] = []
    for number, values in raw_rows:
        if len(values) != len(names):
            unreadable.append(number)
            issues.append(
                Issue(
                    "file.row_length",
                    "error",
                    f"this row has {len(values)} values; the header has {len(names)}",
                    row=number,
                )
            )
            continue
        row: dict[str, Any] = {}
        for name, raw in zip(names, values, strict=True):
            col = columns[name]
            try:
                value = _convert(raw, col.logical_type)
            except (ValueError, TypeError):  # TypeError: a non-text cell (XLSX, JSON)
                shown = "(withheld)" if col.pseudonymise else str(raw)[:200]
                issues.append(
                    Issue(
                        f"type.{name}",
                        "error",
                        contract.rule(f"type.{name}").message,
                        row=number,
                        column=name,
                        letter=column_letter(position[name]),
                        value=shown,
                    )
                )
                value = None
            if col.pseudonymise and value is not None:
                if col.pattern and not re.search(col.pattern, value):
                    issues.append(
                        Issue(
                            f"pattern.{name}",
                            "error",
                            contract.rule(f"pattern.{name}").message,
                            row=number,
                            column=name,
                            letter=column_letter(position[name]),
                            value="(withheld)",
                        )
                    )
                value = pseudonymise(value, pseudonym_key)  # type: ignore[arg-type]
            row[name] = value
        rows.append(row)
        numbers.append(number)
    return ParsedReturn(filename, fmt, encoding, names, rows, numbers, issues, unreadable)
