"""XLSX returns: the first worksheet, read with calamine.

calamine (a Rust reader) reads a 100,000-row sheet in a fraction of the time openpyxl
takes, but it lays out the whole used range of the sheet in memory: one cell at
``XFD1048576`` would ask for half a terabyte and end the process. So before calamine
opens anything, the package is checked (``check_package``: its unpacked size, macros,
links) and the sheet's XML is scanned for the cells it holds (``sheet_extent``): a sheet
reaching past the rows and columns a return of the feed can have is refused, naming the
cell that reaches furthest.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.etree import ElementTree

from workers.arrow import int32_array, string_array
from workers.contracts.model import FeedContract, column_letter
from workers.errors import ReturnFileError
from workers.reading.batch import BATCH_ROWS, Limits, Opener, ReturnReader, TextBatch
from workers.reading.header import match_header

#: What an XLSX may unpack to, in all and per byte of the file, before anything opens it:
#: a real return is a few MB unpacked and compresses about 10:1; a "ZIP bomb" is a small
#: file that would unpack to gigabytes.
XLSX_MAX_UNPACKED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_PARTS = 5_000
_SMALL_PART = 4 * 1024 * 1024
_SCAN_CHUNK = 1 << 20
_TAG = rb"<(?:[A-Za-z_][\w.-]*:)?"
#: Every cell and row element, in one pass: (b"row" for a row, the reference's letters,
#: its number); the reference is empty where the writer left it out.
_PLACE = re.compile(_TAG + rb'(?:c|(row))(?=[\s/>])(?:[^>]*?\br="([A-Z]{0,3})([0-9]{1,7})")?')
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _refuse(filename: str, message: str, rule: str = "file.xlsx") -> ReturnFileError:
    return ReturnFileError(filename, message, rule=rule)


def check_package(package: zipfile.ZipFile, size: int, filename: str) -> None:
    """Refuse a workbook before anything unpacks it: too big unpacked (a ZIP bomb), with
    macros, or linked to other workbooks. Sizes are the ones the ZIP declares; Python's
    ``zipfile`` never inflates a part past its declared size, so they bound the work."""
    parts = package.infolist()
    names = [p.filename.lower() for p in parts]
    unpacked = sum(p.file_size for p in parts)
    if (
        len(parts) > XLSX_MAX_PARTS
        or unpacked > XLSX_MAX_UNPACKED
        or (unpacked > 10 * 1024 * 1024 and unpacked > XLSX_MAX_RATIO * size)
    ):
        raise _refuse(
            filename,
            f"the workbook would unpack to {unpacked:,} bytes in {len(parts):,} parts "
            f"from {size:,} bytes; the hub opens workbooks up to "
            f"{XLSX_MAX_UNPACKED:,} bytes unpacked (a file like this is a 'ZIP bomb'); "
            "save the return as CSV UTF-8",
            "file.xlsx_size",
        )
    content_types = _small_part(package, "[content_types].xml", filename) or ""
    if any(n.endswith("vbaproject.bin") for n in names) or "macroenabled" in content_types.lower():
        raise _refuse(
            filename,
            "the workbook contains macros (VBA); the hub does not accept macro-enabled "
            "workbooks: save it as 'Excel Workbook (*.xlsx)', which removes them",
            "file.xlsx_macros",
        )
    if any(n.startswith("xl/externallinks/") for n in names):
        raise _refuse(
            filename,
            "the workbook links to other workbooks (external links), whose figures the hub "
            "cannot see or check; break the links in Excel (Data > Edit Links > Break Link) "
            "and send it again",
            "file.xlsx_links",
        )
    if any(n.startswith(("xl/embeddings/", "xl/activex/")) for n in names):
        raise _refuse(
            filename,
            "the workbook contains embedded objects or ActiveX controls; send the figures "
            "only (copy the sheet's values into a new workbook)",
            "file.xlsx_macros",
        )


def _part(package: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    wanted = name.lower()
    return next((p for p in package.infolist() if p.filename.lower() == wanted), None)


def _small_part(package: zipfile.ZipFile, name: str, filename: str) -> str | None:
    info = _part(package, name)
    if info is None:
        return None
    if info.file_size > _SMALL_PART:
        raise _refuse(filename, f"not a readable XLSX workbook ({name} is too large)")
    try:
        with package.open(info) as fh:
            return fh.read(_SMALL_PART).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise _refuse(filename, f"not a readable XLSX workbook ({exc})") from None


def _first_sheet(package: zipfile.ZipFile, filename: str) -> str:
    """The part name of the workbook's first worksheet, as Excel orders its tabs."""
    workbook = _small_part(package, "xl/workbook.xml", filename)
    rels = _small_part(package, "xl/_rels/workbook.xml.rels", filename)
    if workbook is None or rels is None:
        raise _refuse(filename, "not a readable XLSX workbook (it has no workbook part)")
    try:
        book = ElementTree.fromstring(workbook)
        links = ElementTree.fromstring(rels)
    except ElementTree.ParseError as exc:
        raise _refuse(filename, f"not a readable XLSX workbook ({exc})") from None
    targets = {r.get("Id"): r.get("Target", "") for r in links}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            target = targets.get(sheet.get(f"{{{_REL_NS}}}id"), "")
            if "worksheets/" in target:
                target = target.lstrip("/")
                return target if target.startswith("xl/") else f"xl/{target}"
    raise _refuse(filename, "the workbook has no worksheet")


@dataclass(frozen=True)
class Extent:
    """How far a sheet's cells reach (1-based)."""

    rows: int
    columns: int
    #: Rows whose XML is whole (a damaged sheet breaks off in the row after them).
    complete_rows: int = 0


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def sheet_extent(package: zipfile.ZipFile, part: str, filename: str) -> Extent:
    """Scan the sheet's XML for the cells it holds, without building any. Cells and rows
    without a reference (some writers leave them out) are counted as if each took the
    next place, an upper bound of where they can land."""
    info = _part(package, part)
    if info is None:
        raise _refuse(filename, "not a readable XLSX workbook (its first sheet is missing)")
    rows = columns = loose_rows = loose_cells = complete = 0
    tail = b""
    try:
        with package.open(info) as fh:
            while chunk := fh.read(_SCAN_CHUNK):
                joined = tail + chunk
                cut = joined.rfind(b">") + 1
                body, tail = joined[:cut], joined[cut:][-4096:]
                places = _PLACE.findall(body)
                if places:
                    # the distinct letters and numbers are few: each compared once
                    kinds, letters, numbers = zip(*places, strict=True)
                    rows = max([rows, *map(int, set(numbers) - {b""})])
                    columns = max([columns, *map(_column_number, set(letters))])
                    if b"" in numbers:
                        loose = [kind for kind, n in zip(kinds, numbers, strict=True) if not n]
                        loose_rows += loose.count(b"row")
                        loose_cells += len(loose) - loose.count(b"row")
                complete += body.count(b"</row>") + body.count(b":row>")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise _refuse(filename, f"not a readable XLSX workbook ({exc})") from None
    return Extent(rows + loose_rows, columns + loose_cells, complete)


def _check_extent(extent: Extent, limits: Limits, filename: str) -> None:
    if (
        extent.rows - 1 > limits.max_rows
        or extent.columns > limits.max_columns
        or extent.rows * extent.columns > limits.max_cells
    ):
        raise ReturnFileError(
            filename,
            f"the first worksheet has cells as far as row {extent.rows:,} and column "
            f"{column_letter(extent.columns)}; a return of this feed "
            f"has at most {limits.max_rows:,} rows and {limits.max_columns} columns. Delete "
            "the stray cells (select the rows and columns past the data, Delete), or save the "
            "return as CSV UTF-8",
            rule="file.xlsx_size",
        )


def cell_texts(values: Sequence[Any]) -> Sequence[str]:
    """:func:`cell_text` of each value; a column of text, or of text and whole numbers
    (most columns), is converted without a call per cell."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return values
    if kinds <= {str, int}:
        return list(map(str, values))
    return list(map(cell_text, values))


def cell_text(value: Any) -> str:
    """A workbook cell as the text the grammar reads: numbers as Excel shows them in
    General format (no trailing .0), dates as ISO, booleans as true/false."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time.min:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time | timedelta):
        return str(value)
    return "" if value is None else str(value)


class WorkbookReader(ReturnReader):
    format = "xlsx"
    serial_dates = True

    def __init__(
        self, contract: FeedContract, filename: str, opener: Opener, limits: Limits
    ) -> None:
        self._opener = opener
        self.filename = filename
        with opener() as stream:
            data = stream.read()
        self._data = data
        try:
            package = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError):
            raise _refuse(
                filename,
                "not a readable XLSX workbook (it is not a ZIP package); save it from Excel "
                "as 'Excel Workbook (*.xlsx)'",
            ) from None
        with package:
            check_package(package, len(data), filename)
            self._extent = sheet_extent(package, _first_sheet(package, filename), filename)
            _check_extent(self._extent, limits, filename)
        rows = self._rows()
        try:
            first = next(rows)
        except StopIteration:
            raise ReturnFileError(
                filename, "the first row must be the header", row=1, rule="file.header"
            ) from None
        number, header = first
        if number != 1:
            raise ReturnFileError(
                filename, "the first row must be the header", row=1, rule="file.header"
            )
        header = [cell_text(v) for v in header]
        while header and not header[-1].strip():
            header.pop()  # cells past the last column name: empty, as Excel often keeps
        columns = match_header(contract, header, filename, limits.max_columns)
        super().__init__(contract, filename, columns, limits)
        #: The rows after the header, for the first pass (the sheet is parsed once).
        self._after_header: Iterator[tuple[int, list[Any]]] | None = rows

    def _rows(self) -> Iterator[tuple[int, list[Any]]]:
        from python_calamine import CalamineError, CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(self._data))
            sheet = book.get_sheet_by_index(
                next(i for i, s in enumerate(book.sheets_metadata) if "WorkSheet" in str(s.typ))
            )
        except (CalamineError, StopIteration, ValueError, TypeError) as exc:
            raise ReturnFileError(
                self.filename,
                f"the first worksheet cannot be read ({str(exc)[:200]})",
                row=self._extent.complete_rows + 1,  # where its XML breaks off
                rule="file.xlsx",
            ) from None

        start = sheet.start
        offset = [""] * (start[1] if start else 0)
        number = 0
        try:
            for number, values in enumerate(sheet.iter_rows(), start=1):
                yield number, offset + values if offset else values
        except Exception as exc:  # a damaged sheet: say where reading stopped, never crash
            raise ReturnFileError(
                self.filename,
                f"the first worksheet cannot be read ({type(exc).__name__}: {str(exc)[:200]})",
                row=number + 1,
                rule="file.xlsx",
            ) from None

    def batches(self, only: set[str] | None = None) -> Iterator[TextBatch]:
        self.ragged = []
        width = len(self.columns)
        keep = [(i, n) for i, n in enumerate(self.columns) if only is None or n in only]
        numbers: list[int] = []
        kept: list[list[Any]] = []
        total = 0
        rows, self._after_header = self._after_header, None
        if rows is None:
            rows = self._rows()
            next(rows)  # the header
        for number, values in rows:
            numbers.append(number)
            kept.append(values)
            if len(numbers) >= BATCH_ROWS:
                if (batch := self._batch(numbers, keep, kept, width)) is not None:
                    total += batch.rows
                    yield batch
                numbers, kept = [], []
        if numbers and (batch := self._batch(numbers, keep, kept, width)) is not None:
            total += batch.rows
            yield batch
        if not total:
            raise ReturnFileError(
                self.filename, "the file has a header but no data rows", rule="file.no_rows"
            )

    @staticmethod
    def _batch(
        numbers: list[int], keep: list[tuple[int, str]], rows: list[list[Any]], width: int
    ) -> TextBatch | None:
        import numpy as np

        if any(len(r) < width for r in rows):
            rows = [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]
        by_column = list(zip(*rows, strict=False))  # cells past the header's are not read
        return TextBatch(
            int32_array(np.array(numbers, dtype=np.int32)),
            {name: string_array(cell_texts(by_column[i])) for i, name in keep},
        ).without_blank_rows()
