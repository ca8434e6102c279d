"""The structural stage, as a data officer meets it: every way a file can fail to be read,
with the file, row and problem named, and every accepted variant read to the same values.

``parse`` runs the one validation path (reader, grammar, hash) and keeps what the
structural stage decides: the rows as typed values (identifiers as their pseudonyms) and
the issues of structure (a row that cannot be split, a cell not of its type, an
identifier not of its form).
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import date, datetime
from typing import Any

import pyarrow as pa
import pytest

from tests.conftest import TEST_KEY, activity_row, csv_bytes, episode_row
from workers.contracts.loader import get_contract
from workers.contracts.model import FeedContract
from workers.errors import ReturnFileError
from workers.issues import Issue
from workers.periods import parse_period
from workers.reading import open_return
from workers.validation.context import ReturnContext
from workers.validation.engine import check

KEY = TEST_KEY.encode()
HEX32 = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture
def episodes() -> FeedContract:
    return get_contract("la-csc-episodes")


@dataclasses.dataclass
class ParsedReturn:
    format: str
    encoding: str | None
    columns: list[str]
    rows: list[dict[str, Any]]
    row_numbers: list[int]
    issues: list[Issue]
    unreadable_rows: list[int]

    @property
    def rows_received(self) -> int:
        return len(self.rows) + len(self.unreadable_rows)


class _Kept:
    """A sink that keeps the staged rows in memory."""

    def __init__(self) -> None:
        self.batches: list[tuple[pa.Array, dict[str, pa.Array]]] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def stage(self, numbers: pa.Array, values: dict[str, pa.Array], errors: pa.Array) -> None:
        self.batches.append((numbers, values))

    def failed(self, numbers, codes) -> None:
        return None

    def reset(self) -> None:
        self.batches = []

    def rows_done(self) -> None:
        return None


def parse(contract: FeedContract, data: bytes, filename: str = "return.csv", key=KEY):
    reader = open_return(contract, lambda: io.BytesIO(data), filename)
    ctx = ReturnContext(
        "cambridgeshire-cc", ("E10000003",), parse_period("2021-01"), date(2099, 1, 1)
    )
    kept = _Kept()
    report = check(contract, reader, ctx, key, sink=kept)
    structural = [
        i
        for i in report.issues
        if i.rule.startswith("type.")
        or i.rule == "file.row_length"
        or (i.rule.startswith("pattern.") and contract.column(i.column).pseudonymise)
    ]
    structural.sort(key=lambda i: (i.row or 0, reader.columns.index(i.column) if i.column else -1))
    rows, numbers = [], []
    for batch_numbers, batch_values in kept.batches:
        values = {name: array.to_pylist() for name, array in batch_values.items()}
        for i, number in enumerate(batch_numbers.to_pylist()):
            numbers.append(number)
            rows.append({name: values[name][i] for name in reader.columns})
    return ParsedReturn(
        reader.format,
        None if reader.format == "xlsx" else reader.encoding,
        reader.columns,
        rows,
        numbers,
        structural,
        [i.row for i in report.issues if i.rule == "file.row_length"],
    )


def refused(contract: FeedContract, data: bytes, filename: str = "return.csv") -> ReturnFileError:
    with pytest.raises(ReturnFileError) as info:
        parse(contract, data, filename)
    err = info.value
    assert str(err).startswith(filename), "the message must name the file"
    assert f"[{err.rule}]" in str(err)
    return err


def only_issue(parsed: ParsedReturn) -> Issue:
    assert len(parsed.issues) == 1, parsed.issues
    return parsed.issues[0]


def xlsx_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    # A second sheet must be ignored: the return is the first sheet.
    wb.create_sheet("Notes").append(["anything", "else"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def header_line(contract: FeedContract, sep: str = ",") -> str:
    return sep.join(contract.column_names)


def row_line(row: dict[str, Any], sep: str = ",") -> str:
    return sep.join(str(v) for v in row.values())


# --- files that cannot be read --------------------------------------------------------


def test_empty_file(activity):
    err = refused(activity, b"")
    assert err.rule == "file.empty"
    assert err.row is None
    assert "the file is empty" in str(err)


def test_whitespace_only_file(activity):
    err = refused(activity, b"  \r\n\t\n   \n")
    assert err.rule == "file.empty"
    assert "empty" in str(err)


def test_bom_only_file_is_empty(activity):
    err = refused(activity, b"\xef\xbb\xbf\r\n")
    assert err.rule == "file.empty"


def test_header_only(activity):
    err = refused(activity, (header_line(activity) + "\n\n").encode())
    assert err.rule == "file.no_rows"
    assert "header but no data rows" in str(err)


@pytest.mark.parametrize(("sep", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_other_delimiters(activity, sep, name):
    text = header_line(activity, sep) + "\n" + row_line(activity_row(), sep) + "\n"
    err = refused(activity, text.encode())
    assert err.rule == "file.delimiter"
    assert err.row == 1
    assert f"separated by {name}" in str(err)
    assert "commas" in str(err)


def test_text_after_closing_quote(activity):
    good = row_line(activity_row())
    bad = good.replace("E10000003", '"E10000003"x', 1)
    err = refused(activity, f"{header_line(activity)}\n{good}\n{bad}\n".encode())
    assert err.rule == "file.csv"
    assert err.row == 3
    assert "row 3" in str(err)
    assert "double quote" in str(err)


def test_unbalanced_quote_in_last_row(activity):
    good = row_line(activity_row())
    bad = good.replace("E10000003", '"E10000003', 1)
    err = refused(activity, f"{header_line(activity)}\n{good}\n{bad}\n".encode())
    assert err.rule == "file.csv"
    assert err.row == 3
    assert "unbalanced double quote" in str(err)


def test_unbalanced_quote_names_the_row_where_it_opens(activity):
    good = row_line(activity_row())
    bad = good.replace("E10000003", '"E10000003', 1)
    text = f"{header_line(activity)}\n{bad}\n{good}\n{good}\n"
    err = refused(activity, text.encode())
    assert err.rule == "file.csv"
    assert err.row == 2  # reported today: row 4, a correct row


def test_missing_column(activity):
    cols = [c for c in activity.column_names if c != "missing_episodes"]
    err = refused(activity, csv_bytes(activity, [activity_row()], columns=cols))
    assert err.rule == "file.header"
    assert err.row == 1
    assert "missing column(s): missing_episodes" in str(err)
    assert "la-csc-activity v1.0.0" in str(err)


def test_extra_column(activity):
    cols = [*activity.column_names, "notes"]
    err = refused(activity, csv_bytes(activity, [activity_row(notes="x")], columns=cols))
    assert err.rule == "file.header"
    assert err.row == 1
    assert "column W 'notes' is not in the contract" in str(err)
    assert "missing" not in str(err)


def test_renamed_column(activity):
    cols = ["referals" if c == "referrals" else c for c in activity.column_names]
    err = refused(activity, csv_bytes(activity, [activity_row()], columns=cols))
    assert err.rule == "file.header"
    assert err.row == 1
    assert "column D 'referals' looks like 'referrals' renamed" in str(err)
    assert "missing column" not in str(err), "a renamed column is not also reported missing"


def test_duplicated_header_column(activity):
    cols = [*activity.column_names, "contacts"]
    err = refused(activity, csv_bytes(activity, [activity_row()], columns=cols))
    assert err.rule == "file.header"
    assert err.row == 1
    assert "column 'contacts' appears twice" in str(err)


def test_blank_header_row(activity):
    text = "," * 21 + "\n" + row_line(activity_row()) + "\n"
    err = refused(activity, text.encode())
    assert err.rule == "file.header"
    assert "first row must be the header" in str(err)


def test_bytes_invalid_in_utf8_and_windows_1252(episodes):
    text = csv_bytes(episodes, [episode_row(), episode_row(ethnicity="WXYZ")])
    data = text.replace(b"WXYZ", b"W\x81YZ")
    err = refused(episodes, data)
    assert err.rule == "file.encoding"
    assert err.row == 3
    assert "0x81" in str(err)
    assert "CSV UTF-8" in str(err)


def test_nul_bytes(activity):
    data = csv_bytes(activity, [activity_row()]).replace(b"2000", b"20\x0000", 1)
    err = refused(activity, data)
    assert err.rule == "file.encoding"
    assert "NUL" in str(err)


def test_utf16_file_is_refused_as_encoding(activity):
    data = csv_bytes(activity, [activity_row()]).decode().encode("utf-16")
    err = refused(activity, data)
    assert err.rule == "file.encoding"
    assert "UTF-16" in str(err)


def test_invalid_json(activity):
    err = refused(activity, b'[{"area_code": "E10000003",}]', "return.json")
    assert err.rule == "file.json"
    assert "not valid JSON" in str(err)
    assert "line 1" in str(err)


def test_json_that_is_not_a_list_of_objects(activity):
    err = refused(activity, b'{"data": [1, 2]}', "return.json")
    assert err.rule == "file.json"
    assert '{"rows": [...]}' in str(err)


def test_format_not_accepted_for_the_contract(activity):
    # No shipped contract restricts its formats today; the setting is customProperties.formats.
    csv_only = dataclasses.replace(activity, formats=("csv",))
    err = refused(csv_only, xlsx_bytes(activity.column_names, []), "return.xlsx")
    assert err.rule == "file.format"
    assert "XLSX is not accepted for la-csc-activity" in str(err)
    assert "send CSV" in str(err)


def test_unreadable_xlsx(activity):
    err = refused(activity, b"PK\x03\x04 not really a workbook", "return.xlsx")
    assert err.rule == "file.xlsx"


# --- rows and cells that do not fit: issues, the rest is still read -------------------


def test_row_with_too_few_values(activity):
    good = row_line(activity_row())
    text = f"{header_line(activity)}\n{good}\nE10000003,2020-05,2000\n"
    parsed = parse(activity, text.encode())
    issue = only_issue(parsed)
    assert issue.rule == "file.row_length"
    assert issue.severity == "error"
    assert issue.row == 3
    assert "3 values" in issue.message
    assert "22" in issue.message
    assert parsed.unreadable_rows == [3]
    assert len(parsed.rows) == 1
    assert parsed.rows_received == 2


def test_non_integer_counts(activity):
    rows = [activity_row(contacts="12.5"), activity_row(referrals="abc")]
    parsed = parse(activity, csv_bytes(activity, rows))
    first, second = parsed.issues
    assert (first.rule, first.row, first.column, first.letter, first.value) == (
        "type.contacts",
        2,
        "contacts",
        "C",
        "12.5",
    )
    assert (second.rule, second.row, second.column, second.letter, second.value) == (
        "type.referrals",
        3,
        "referrals",
        "D",
        "abc",
    )
    assert first.message == "Contacts to children's social care must be a whole number"
    # The cell is emptied, the rest of the row is still read.
    assert parsed.rows[0]["contacts"] is None
    assert parsed.rows[0]["referrals"] == 400
    assert parsed.rows[1]["contacts"] == 2000


def test_thousands_separator_accepted(activity):
    data = csv_bytes(activity, [activity_row(contacts="1,234", referrals="12.0")])
    assert b'"1,234"' in data
    parsed = parse(activity, data)
    assert parsed.issues == []
    assert parsed.rows[0]["contacts"] == 1234
    assert parsed.rows[0]["referrals"] == 12


def test_misplaced_thousands_separator_is_a_type_issue(activity):
    parsed = parse(activity, csv_bytes(activity, [activity_row(contacts="12,34")]))
    assert only_issue(parsed).rule == "type.contacts"


@pytest.mark.parametrize("text", ["2021-01-05", "05/01/2021", "5/1/2021", "2021-01-05 00:00:00"])
def test_date_forms(episodes, text):
    parsed = parse(episodes, csv_bytes(episodes, [episode_row(event_date=text)]))
    assert parsed.issues == []
    assert parsed.rows[0]["event_date"] == date(2021, 1, 5)


@pytest.mark.parametrize("text", ["31/02/2021", "2021-13-01", "Jan 5 2021", "01/05/21"])
def test_impossible_or_unknown_dates_are_type_issues(episodes, text):
    parsed = parse(episodes, csv_bytes(episodes, [episode_row(event_date=text)]))
    issue = only_issue(parsed)
    assert (issue.rule, issue.row, issue.letter, issue.value) == ("type.event_date", 2, "D", text)
    assert parsed.rows[0]["event_date"] is None


# --- accepted variants -----------------------------------------------------------------


def test_plain_csv(activity):
    parsed = parse(activity, csv_bytes(activity, [activity_row()]))
    assert parsed.format == "csv"
    assert parsed.encoding == "utf-8"
    assert parsed.issues == []
    assert parsed.row_numbers == [2]
    assert parsed.rows == [activity_row()]


def test_utf8_with_bom(activity):
    parsed = parse(activity, b"\xef\xbb\xbf" + csv_bytes(activity, [activity_row()]))
    assert parsed.encoding == "utf-8"
    assert parsed.columns[0] == "area_code"
    assert parsed.rows == [activity_row()]


def test_crlf_blank_lines_and_header_spelling(activity):
    header = ",".join(f" {c.replace('_', ' ').title()} " for c in activity.column_names)
    text = f"{header}\r\n{row_line(activity_row())}\r\n\r\n,,,\r\n"
    parsed = parse(activity, text.encode())
    assert parsed.issues == []
    assert parsed.columns == activity.column_names
    assert parsed.rows == [activity_row()]


def test_windows_1252(episodes):
    data = csv_bytes(episodes, [episode_row(ethnicity="Caf\xe9")]).decode().encode("cp1252")
    assert b"Caf\xe9" in data
    parsed = parse(episodes, data)
    assert parsed.encoding == "windows-1252"
    assert parsed.issues == []
    assert parsed.rows[0]["ethnicity"] == "Café"


def test_xlsx_first_sheet(episodes):
    rows = [
        ["ABC123", "E10000003", "contact", datetime(2021, 1, 5), None, 5, 1, "WBRI"],
        ["XYZ789", "E10000003", "assessment", datetime(2021, 1, 6, 14, 30), "3B,4B", 17, 2, "MOTH"],
    ]
    parsed = parse(episodes, xlsx_bytes(episodes.column_names, rows), "return.xlsx")
    assert parsed.format == "xlsx"
    assert parsed.encoding is None
    assert parsed.issues == []
    assert parsed.row_numbers == [2, 3]
    first, second = parsed.rows
    assert first["event_date"] == date(2021, 1, 5)
    assert second["event_date"] == date(2021, 1, 6)
    assert (first["age"], second["age"]) == (5, 17)
    assert (first["gender"], second["gender"]) == ("1", "2")  # numeric cells read as codes
    assert first["assessment_factors"] is None


def test_xlsx_short_rows_and_mixed_cells(activity):
    """Rows that end early (Excel drops trailing empty cells) and columns mixing numbers
    and text read as the CSV of the same rows would."""
    header = list(activity_row())
    full = list(activity_row().values())
    short = list(activity_row(month="2020-05").values())[:-2]
    mixed = list(activity_row(month="2020-06", contacts=2000.0).values())
    parsed = parse(activity, xlsx_bytes(header, [full, short, mixed]), "return.xlsx")
    assert parsed.row_numbers == [2, 3, 4]
    assert parsed.rows[0] == activity_row()
    assert parsed.rows[1][header[-1]] is None and parsed.rows[1][header[-2]] is None
    assert parsed.rows[2]["contacts"] == 2000


def test_xlsx_integer_cells_and_bad_cell(activity):
    good = list(activity_row().values())
    bad = list(activity_row(contacts=12.5).values())
    parsed = parse(activity, xlsx_bytes(activity.column_names, [good, bad]), "return.xlsx")
    assert parsed.rows[0] == activity_row()
    issue = only_issue(parsed)
    assert (issue.rule, issue.row, issue.letter, issue.value) == ("type.contacts", 3, "C", "12.5")


def test_xlsx_detected_without_suffix(activity):
    data = xlsx_bytes(activity.column_names, [list(activity_row().values())])
    assert parse(activity, data, "upload").format == "xlsx"


def test_xlsx_date_in_integer_column_is_a_type_issue(activity):
    row = list(activity_row(contacts=datetime(2021, 1, 5)).values())
    parsed = parse(activity, xlsx_bytes(activity.column_names, [row]), "return.xlsx")
    assert only_issue(parsed).rule == "type.contacts"


def test_xlsx_serial_number_in_date_column_is_the_date(episodes):
    """Excel keeps a date as a day number; a date column whose cells lost their date
    format still holds dates (issue 14, item 5). Outside a workbook a number is not a
    date (``test_json_number_in_date_column_is_a_type_issue``)."""
    row = ["ABC123", "E10000003", "contact", 44201, None, 5, 1, "WBRI"]
    parsed = parse(episodes, xlsx_bytes(episodes.column_names, [row]), "return.xlsx")
    assert parsed.issues == []
    assert parsed.rows[0]["event_date"] == date(2021, 1, 5)


def test_json_list_of_objects(activity):
    parsed = parse(activity, json.dumps([activity_row()]).encode(), "return.json")
    assert parsed.format == "json"
    assert parsed.issues == []
    assert parsed.row_numbers == [2]
    assert parsed.rows == [activity_row()]


def test_json_rows_object(activity):
    doc = {"rows": [activity_row(), activity_row(month="2020-05", contacts="abc")]}
    parsed = parse(activity, json.dumps(doc).encode(), "return.json")
    assert parsed.rows[0] == activity_row()
    issue = only_issue(parsed)
    assert (issue.rule, issue.row, issue.letter) == ("type.contacts", 3, "C")


def test_json_fractional_and_boolean_counts(activity):
    rows = [activity_row(contacts=12.5), activity_row(contacts=True)]
    parsed = parse(activity, json.dumps(rows).encode(), "return.json")
    assert [(i.rule, i.row) for i in parsed.issues] == [("type.contacts", 2), ("type.contacts", 3)]


@pytest.mark.parametrize("value", [[2000], {"n": 2000}])
def test_json_nested_value_is_a_type_issue(activity, value):
    data = json.dumps([activity_row(contacts=value)]).encode()
    assert only_issue(parse(activity, data, "return.json")).rule == "type.contacts"


def test_json_records_with_names_written_otherwise_missing_or_blank(activity):
    """Records that spell a column's name another way, leave a column out (read as blank)
    or are blank throughout are read as the CSV of the same rows would be."""
    full = activity_row()
    spelled = {k.upper().replace("_", " "): v for k, v in activity_row(month="2020-05").items()}
    short = {k: v for k, v in activity_row(month="2020-06").items() if k != "contacts"}
    blank = {k: " " for k in full}
    rows = [full, spelled, blank, short]
    parsed = parse(activity, json.dumps(rows).encode(), "return.json")
    assert parsed.row_numbers == [2, 3, 5]
    assert parsed.rows[0] == full
    assert parsed.rows[1] == activity_row(month="2020-05")
    assert parsed.issues == []  # no type issue; a blank count is for the required rule
    assert parsed.rows[2]["contacts"] is None


def test_json_numbers_and_text_in_one_column_read_as_written(activity):
    rows = [activity_row(contacts=v) for v in (2000, "2001", 2002.0, " 2003 ")]
    parsed = parse(activity, json.dumps(rows).encode(), "return.json")
    assert parsed.issues == []
    assert [r["contacts"] for r in parsed.rows] == [2000, 2001, 2002, 2003]


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_more_rows_than_the_feed_allows_is_refused_in_every_format(activity, fmt):
    contract = dataclasses.replace(activity, max_rows=3)
    rows = [activity_row(month=f"2020-{m:02}") for m in range(1, 6)]
    data = {
        "csv": lambda: csv_bytes(contract, rows),
        "json": lambda: json.dumps(rows).encode(),
        "xlsx": lambda: xlsx_bytes(list(rows[0]), [list(r.values()) for r in rows]),
    }[fmt]()
    err = refused(contract, data, f"return.{fmt}")
    assert err.rule in ("file.too_many_rows", "file.xlsx_size")
    assert "3" in str(err)


def test_json_number_in_date_column_is_a_type_issue(episodes):
    data = json.dumps([episode_row(event_date=20210105)]).encode()
    assert only_issue(parse(episodes, data, "return.json")).rule == "type.event_date"


# --- child identifiers ------------------------------------------------------------------


def test_child_id_is_hashed_on_arrival(episodes):
    parsed = parse(episodes, csv_bytes(episodes, [episode_row(child_id="ABC123")]))
    hashed = parsed.rows[0]["child_id"]
    assert HEX32.match(hashed)
    assert "ABC123" not in repr(parsed).upper()


def test_child_id_hash_ignores_case_and_spaces(episodes):
    rows = [episode_row(child_id="abc123"), episode_row(child_id="  ABC123 ")]
    first, second = parse(episodes, csv_bytes(episodes, rows)).rows
    assert first["child_id"] == second["child_id"]
    other = parse(episodes, csv_bytes(episodes, [episode_row(child_id="ABC124")]))
    assert other.rows[0]["child_id"] != first["child_id"]


def test_child_id_hash_depends_on_the_key(episodes):
    data = csv_bytes(episodes, [episode_row()])
    one = parse(episodes, data, key=b"key-one").rows[0]["child_id"]
    two = parse(episodes, data, key=b"key-two").rows[0]["child_id"]
    assert HEX32.match(one)
    assert HEX32.match(two)
    assert one != two


def test_child_id_needs_a_key(episodes):
    with pytest.raises(ValueError, match="pseudonymisation key"):
        parse(episodes, csv_bytes(episodes, [episode_row()]), key=None)


def test_bad_child_id_is_withheld(episodes):
    rows = [episode_row(), episode_row(child_id="AB$9")]
    parsed = parse(episodes, csv_bytes(episodes, rows))
    issue = only_issue(parsed)
    assert (issue.rule, issue.row, issue.column, issue.letter) == (
        "pattern.child_id",
        3,
        "child_id",
        "A",
    )
    assert issue.value == "(withheld)"
    assert "AB$9" not in repr(parsed)
    assert HEX32.match(parsed.rows[1]["child_id"])
