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
import zipfile
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
#: A valid UTF-8 sequence of two or more bytes: its presence beside bytes that are not
#: UTF-8 means the file mixes encodings (pasted from two systems), not plain Windows-1252.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: What an XLSX may unpack to, in all and per byte of the file, before openpyxl opens it:
#: a real return is a few MB unpacked and compresses about 10:1; a "ZIP bomb" is a small
#: file that would unpack to gigabytes.
XLSX_MAX_UNPACKED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_PARTS = 5_000
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
    nul = data.find(b"\x00", 0, 65536)
    if nul >= 0:
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        raise ReturnFileError(
            filename,
            "the file is UTF-16 text (Excel's 'Unicode Text'), not a CSV the hub reads; "
            "save it as 'CSV UTF-8' from Excel"
            if utf16
            else "the file contains NUL bytes: it is binary or UTF-16, not a CSV text "
            "file; save it as 'CSV UTF-8' from Excel",
            row=1 if utf16 else data[:nul].count(b"\n") + 1,
            rule="file.encoding",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            # Part UTF-8, part not: read as Windows-1252 it would load garbled text.
            line = data[: exc.start].count(b"\n") + 1
            raise ReturnFileError(
                filename,
                f"the file mixes text encodings: most of it is UTF-8, but byte "
                f"0x{data[exc.start]:02X} is not (text pasted from another system?); "
                "save the whole file as 'CSV UTF-8'",
                row=line,
                rule="file.encoding",
            ) from None
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
        if "field larger than field limit" in str(exc):
            raise ReturnFileError(
                filename,
                f"a value is longer than {csv.field_size_limit():,} characters, far more "
                "than any cell of a return (often a double quote opened and never closed, "
                "or a line that never ends)",
                row=number + 1,
                rule="file.csv",
            ) from None
        raise ReturnFileError(
            filename,
            f"the CSV cannot be read: {exc} "
            "(often an unbalanced double quote, opened and never closed)",
            row=number + 1,
            rule="file.csv",
        ) from None
    return header or [], rows, encoding


def check_xlsx_package(data: bytes, filename: str) -> None:
    """Refuse a workbook before openpyxl unpacks it: too big unpacked (a ZIP bomb), with
    macros, or linked to other workbooks. Sizes are the ones the ZIP declares; Python's
    ``zipfile`` never inflates a part past its declared size, so they bound the work."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ReturnFileError(
            filename,
            "not a readable XLSX workbook (it is not a ZIP package); save it from Excel as "
            "'Excel Workbook (*.xlsx)'",
            rule="file.xlsx",
        ) from None
    with package:
        parts = package.infolist()
        names = [p.filename.lower() for p in parts]
        unpacked = sum(p.file_size for p in parts)
        if (
            len(parts) > XLSX_MAX_PARTS
            or unpacked > XLSX_MAX_UNPACKED
            or (unpacked > 10 * 1024 * 1024 and unpacked > XLSX_MAX_RATIO * len(data))
        ):
            raise ReturnFileError(
                filename,
                f"the workbook would unpack to {unpacked:,} bytes in {len(parts):,} parts "
                f"from {len(data):,} bytes; the hub opens workbooks up to "
                f"{XLSX_MAX_UNPACKED:,} bytes unpacked (a file like this is a 'ZIP bomb'); "
                "save the return as CSV UTF-8",
                rule="file.xlsx_size",
            )
        content_types = ""
        types_part = next((p for p in parts if p.filename.lower() == "[content_types].xml"), None)
        if types_part is not None:
            try:
                with package.open(types_part) as fh:
                    content_types = fh.read(1_000_000).decode("utf-8", "replace")
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
                raise ReturnFileError(
                    filename, f"not a readable XLSX workbook ({exc})", rule="file.xlsx"
                ) from None
    if any(n.endswith("vbaproject.bin") for n in names) or "macroenabled" in content_types.lower():
        raise ReturnFileError(
            filename,
            "the workbook contains macros (VBA); the hub does not accept macro-enabled "
            "workbooks: save it as 'Excel Workbook (*.xlsx)', which removes them",
            rule="file.xlsx_macros",
        )
    if any(n.startswith("xl/externallinks/") for n in names):
        raise ReturnFileError(
            filename,
            "the workbook links to other workbooks (external links), whose figures the hub "
            "cannot see or check; break the links in Excel (Data > Edit Links > Break Link) "
            "and send it again",
            rule="file.xlsx_links",
        )
    if any(n.startswith(("xl/embeddings/", "xl/activex/")) for n in names):
        raise ReturnFileError(
            filename,
            "the workbook contains embedded objects or ActiveX controls; send the figures "
            "only (copy the sheet's values into a new workbook)",
            rule="file.xlsx_macros",
        )


def _read_xlsx(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[Any]]], None]:
    check_xlsx_package(data, filename)
    from openpyxl import load_workbook  # only returns in XLSX pay for the import

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ReturnFileError(
            filename, f"not a readable XLSX workbook ({exc})", rule="file.xlsx"
        ) from None
    header: list[str] = []
    rows: list[tuple[int, list[Any]]] = []
    number = 0
    try:
        if not wb.worksheets:
            raise ReturnFileError(filename, "the workbook has no worksheet", rule="file.xlsx")
        ws = wb.worksheets[0]
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if number == 1:
                header = ["" if v is None else str(v) for v in values]
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            rows.append((number, list(values)))
    except ReturnFileError:
        raise
    except Exception as exc:  # a damaged sheet: say where reading stopped, never crash
        raise ReturnFileError(
            filename,
            f"the first worksheet cannot be read ({type(exc).__name__}: {str(exc)[:200]})",
            row=number + 1,
            rule="file.xlsx",
        ) from None
    finally:
        wb.close()
    return header, rows, None


def _check_declared_contract(doc: dict[str, Any], contract: FeedContract, filename: str) -> None:
    """A JSON return may say which contract and version it follows (``"contract"``,
    ``"contract_version"``): a file for another feed, or for another major version of this
    one, is refused as a whole rather than read column by column against the wrong rules."""
    declared = doc.get("contract")
    if declared is not None and str(declared) != contract.id:
        raise ReturnFileError(
            filename,
            f"the file says it is a {str(declared)[:64]!r} return but was sent as "
            f"{contract.id}; send it to the contract it was made for",
            column="contract",
            rule="file.contract",
        )
    version = doc.get("contract_version", doc.get("version"))
    if version is not None and str(version).split(".")[0] != contract.version.split(".")[0]:
        raise ReturnFileError(
            filename,
            f"the file follows {contract.id} version {str(version)[:32]}, but the hub checks "
            f"returns against version {contract.version}; export it again with the current "
            "template",
            column="contract_version",
            rule="file.contract_version",
        )


def _read_json(
    data: bytes, filename: str, contract: FeedContract | None = None
) -> tuple[list[str], list[tuple[int, list[Any]]], str]:
    text, encoding = decode_text(data, filename)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReturnFileError(
            filename, f"not valid JSON: {exc.msg} at line {exc.lineno}", rule="file.json"
        ) from None
    if isinstance(doc, dict) and contract is not None:
        _check_declared_contract(doc, contract, filename)
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
    seen = [(i, n) for i, n in enumerate(names, start=1) if names.count(n) > 1]
    if seen:
        i, name = seen[-1]
        raise ReturnFileError(
            filename,
            f"column {name!r} appears twice in the header",
            row=1,
            column=name[:128],
            letter=column_letter(i),
            rule="file.header",
        )
    missing = [c for c in expected if c not in names]
    extra = [
        (i, h)
        for i, (h, n) in enumerate(zip(header, names, strict=True), start=1)
        if n not in expected
    ]
    if missing or extra:
        problems = []
        first = (
            (column_letter(extra[0][0]), str(extra[0][1])[:128]) if extra else (None, missing[0])
        )
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
            column=first[1],
            letter=first[0],
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
    if fmt == "json":
        header, raw_rows, encoding = _read_json(data, filename, contract)
    else:
        reader = {"csv": _read_csv, "xlsx": _read_xlsx}[fmt]
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
