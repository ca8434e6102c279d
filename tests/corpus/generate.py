"""Builders for the corpus cases too large or too binary to commit (``generate:`` in
``cases.yaml``): workbooks written with openpyxl and then tampered with, a ZIP bomb, very
long lines, and the bodies of the oversized uploads, which are streamed, never held."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import cache

from tests.conftest import activity_row
from workers.contracts.loader import get_contract

MB = 1024 * 1024
#: What the oversized uploads would send in all if nobody stopped them.
HUGE_BYTES = 200 * MB
CHUNK = 64 * 1024


def _csv(columns: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8")


def _activity_columns() -> list[str]:
    return get_contract("la-csc-activity").column_names


def empty() -> bytes:
    return b""


def raw_body() -> bytes:
    return _csv(_activity_columns(), [activity_row()])


def long_value() -> bytes:
    """A line of 2 MB: one value far past the CSV reader's field limit."""
    head = _csv(_activity_columns(), [])
    return head + b"E10000003" + b"9" * (2 * MB) + b",2020-04" + b",1" * 20 + b"\r\n"


def wide_row() -> bytes:
    """A row of 200,000 values where the header has 22."""
    head = _csv(_activity_columns(), [])
    return head + b",".join([b"1"] * 200_000) + b"\r\n"


def _workbook(rows: list[list[object]], tweak: Callable | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(_activity_columns())
    for row in rows:
        ws.append(row)
    if tweak is not None:
        tweak(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _good_values() -> list[object]:
    row = activity_row()
    return [row[c] for c in _activity_columns()]


@cache
def xlsx_good() -> bytes:
    return _workbook([_good_values()])


def xlsx_formulas() -> bytes:
    """A text cell that looks like a formula, and a real formula never calculated (a
    workbook written by a program rather than saved by Excel has no cached value)."""

    def tweak(ws) -> None:
        ws["A2"] = '=HYPERLINK("http://evil.example","x")'
        ws["A2"].data_type = "s"  # stored as text, as a data officer's typing would be
        ws["C2"] = "=1+1"

    return _workbook([_good_values()], tweak)


def _repack(data: bytes, extra: dict[str, bytes], content_types: Callable | None = None) -> bytes:
    """The workbook's parts, plus ``extra`` ones, with [Content_Types].xml edited."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml" and content_types is not None:
                body = content_types(body)
            dst.writestr(info, body)
        for name, body in extra.items():
            dst.writestr(name, body)
    return out.getvalue()


def xlsm_macros() -> bytes:
    """A macro-enabled workbook: a VBA project and the macro-enabled content type."""
    return _repack(
        xlsx_good(),
        {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504},
        lambda ct: ct.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ),
    )


def xlsx_external_links() -> bytes:
    link = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships" r:id="rId1"/></externalLink>'
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/externalLinkPath" Target="file:///C:/secret/figures.xlsx" '
        b'TargetMode="External"/></Relationships>'
    )
    return _repack(
        xlsx_good(),
        {
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": rels,
        },
    )


def xlsx_damaged_sheet() -> bytes:
    """A workbook whose sheet XML stops half-way through a row."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_good())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body[: body.index(b"<row") + 200]
            dst.writestr(info, body)
    return out.getvalue()


@cache
def zip_bomb() -> bytes:
    """A workbook of ~300 KB whose sheet unpacks to 300 MB of zeros."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_good())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info.filename, src.read(info.filename))
        with dst.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            zeros = b"0" * MB
            for _ in range(300):
                sheet.write(zeros)
    return out.getvalue()


def _sheet_xml(rows_xml: bytes, dimension: bytes = b"A1:V2") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="' + dimension + b'"/><sheetData>' + rows_xml + b"</sheetData></worksheet>"
    )


def _with_sheet(sheet: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_good())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = sheet
            dst.writestr(info.filename, body)
    return out.getvalue()


def xlsx_full_width() -> bytes:
    """A 60 KB workbook of 3,000 rows whose sheet declares every column (A1:XFD…) and has
    a cell in the last one: a reader that pads rows to the declared width builds 16,384
    cells a row, 49 million in all."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_good())).read("xl/worksheets/sheet1.xml")
    body = good[good.index(b"<sheetData>") + 11 : good.index(b"</sheetData>")]
    header, row = body[: body.index(b"</row>") + 6], body[body.index(b"</row>") + 6 :]
    rows = [header]
    for n in range(2, 3002):
        rows.append(row.replace(b'r="2"', b'r="%d"' % n).replace(b'2"', b'%d"' % n))
    rows[1] = rows[1].replace(b"</row>", b'<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>')
    return _with_sheet(_sheet_xml(b"".join(rows), b"A1:XFD3001"))


def xlsx_far_row() -> bytes:
    """A 2 KB workbook with one cell at row 1,048,576: a reader that fills the gap reads a
    million empty rows."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_good())).read("xl/worksheets/sheet1.xml")
    rows = good[good.index(b"<sheetData>") + 11 : good.index(b"</sheetData>")]
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return _with_sheet(_sheet_xml(rows + far, b"A1:V1048576"))


def json_many_keys() -> bytes:
    """A 400 KB JSON row with 30,000 distinct keys: a reader that looks each key up in a
    list of the keys before it does half a billion comparisons."""
    row = {**activity_row(), **{f"k{i}": 1 for i in range(30_000)}}

    return json.dumps([row]).encode()


def json_deep() -> bytes:
    """A 200 KB JSON value nested 100,000 levels deep in one cell."""
    depth = 100_000
    row = json.dumps(activity_row())[:-1] + ', "note": ' + "[" * depth + "]" * depth + "}"
    return ("[" + row + "]").encode()


def this_month() -> str:
    return date.today().strftime("%Y-%m")


def episodes_future() -> bytes:
    """Three events this month; the second dated more than a year ahead."""
    contract = get_contract("la-csc-episodes")
    today = date.today()

    def event(child: str, day: date) -> dict:
        return dict(
            child_id=child,
            area_code="E10000003",
            event_type="referral",
            event_date=day.isoformat(),
            age=7,
            gender="1",
            ethnicity="WBRI",
        )

    rows = [
        event("C0001", today),
        event("C0002", today + timedelta(days=400)),
        event("C0003", today),
    ]
    return _csv(contract.column_names, rows)


BUILDERS: dict[str, Callable[[], bytes]] = {
    "empty": empty,
    "raw_body": raw_body,
    "long_value": long_value,
    "wide_row": wide_row,
    "xlsx_good": xlsx_good,
    "xlsx_formulas": xlsx_formulas,
    "xlsm_macros": xlsm_macros,
    "xlsx_external_links": xlsx_external_links,
    "xlsx_damaged_sheet": xlsx_damaged_sheet,
    "zip_bomb": zip_bomb,
    "episodes_future": episodes_future,
    "xlsx_full_width": xlsx_full_width,
    "xlsx_far_row": xlsx_far_row,
    "json_many_keys": json_many_keys,
    "json_deep": json_deep,
}


def multipart_stream(
    filename: str, total: int, boundary: str, fields: dict[str, str], consumed: list[int]
) -> Iterator[bytes]:
    """A multipart body whose file part is ``total`` bytes, produced a chunk at a time;
    ``consumed[0]`` counts what the reader actually took."""
    head = b""
    for name, value in fields.items():
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
        "\r\nContent-Type: text/csv\r\n\r\n"
    ).encode()
    consumed[0] += len(head)
    yield head
    line = b"E10000003,2020-04" + b",1" * 20 + b"\r\n"
    chunk = line * (CHUNK // len(line))
    sent = 0
    while sent < total:
        consumed[0] += len(chunk)
        sent += len(chunk)
        yield chunk
    tail = f"\r\n--{boundary}--\r\n".encode()
    consumed[0] += len(tail)
    yield tail
