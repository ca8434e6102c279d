"""A year with months missing is never printed as the year (issue 14, item 7).

Each test checks docs/acceptance.md, "What a part-year figure looks like", on SQLite and
on PostgreSQL: a flow with months missing is marked part-year with the months named; a
count at the year end with no March figure is "no data"; publication refuses an
incomplete year unless told, and then marks each incomplete figure; CSV and JSON carry
the same months and the same suppression as the table.
"""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from tests.conftest import activity_row, csv_bytes
from workers.cli import app
from workers.periods import financial_year
from workers.pipeline import ingest
from workers.reporting.annual import annual_figures, published_annual_table
from workers.warehouse.db import session_scope

MISSING_AFTER_APRIL_AND_JUNE = (
    "2023-05",
    "2023-07",
    "2023-08",
    "2023-09",
    "2023-10",
    "2023-11",
    "2023-12",
    "2024-01",
    "2024-02",
    "2024-03",
)


def _load(activity, month: str, agency: str = "cambridgeshire-cc", **changes) -> int:
    area = "E10000003" if agency == "cambridgeshire-cc" else "E06000031"
    result = ingest(
        "la-csc-activity",
        agency,
        csv_bytes(activity, [activity_row(area=area, month=month, **changes)]),
        f"la-csc-activity-{month}.csv",
        period=month,
    )
    return result.submission.id


def _april_and_june(activity) -> None:
    """Cambridgeshire's April and June 2023, nothing else: 2,000 + 2,100 contacts; 360
    children on a plan in April, 365 in June."""
    for month, changes in (
        ("2023-04", {"contacts": 2000}),
        ("2023-06", {"contacts": 2100, "cp_children_neglect": 205, "cp_children_total": 365}),
    ):
        sid = _load(activity, month, **changes)
        with session_scope() as s:
            from workers.warehouse.models import Submission

            assert s.get(Submission, sid).status == "loaded"


def _report(*args: str):
    return CliRunner().invoke(app, ["report", "annual", "--year", "2023-24", *args])


def test_april_and_june_are_a_part_year_not_the_year(warehouse, activity):
    """docs/acceptance.md, "What a part-year figure looks like": a flow with months
    missing is marked part-year, with how many months and which are missing; a stock
    with no March figure is "no data", never June's count."""
    _april_and_june(activity)
    with session_scope() as s:
        figures = {f.measure_id: f for f in annual_figures(s, financial_year(2023))}
    contacts = figures["contacts"].cells["E10000003"]
    assert contacts.status == "part-year"
    assert contacts.value == 4100  # what the two months add up to, marked as such
    assert contacts.months_present == ("2023-04", "2023-06")
    assert contacts.months_missing == MISSING_AFTER_APRIL_AND_JUNE
    assert figures["contacts"].values["E10000003"] is None  # not the year's figure
    plans = figures["cp_children"].cells["E10000003"]
    assert plans.status == "no data" and plans.value is None
    assert "2023-06" in plans.note and "March" in plans.note
    assert figures["contacts"].cells["E06000031"].status == "no data"

    result = _report()
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "4,100" in out and "2 of 12 months" in out
    assert "part-year: 2 of 12 months; missing 2023-05, 2023-07 to 2024-03" in out
    assert "no March figure" in out
    assert "365" not in out and "360" not in out  # no month's count passed off as the year's
    assert "stock (year end)" in out


def test_a_stock_is_the_march_figure_whatever_else_is_missing(warehouse, activity):
    """docs/acceptance.md, "What a part-year figure looks like": the year's stock is the
    count at its end; with March loaded it is complete even when other months are not."""
    _load(activity, "2023-06", cp_children_neglect=205, cp_children_total=365)
    _load(activity, "2024-03", cp_children_neglect=190, cp_children_total=350)
    with session_scope() as s:
        figures = {f.measure_id: f for f in annual_figures(s, financial_year(2023))}
    plans = figures["cp_children"].cells["E10000003"]
    assert (plans.status, plans.value) == ("complete", 350)
    assert figures["contacts"].cells["E10000003"].status == "part-year"


def test_a_month_waiting_for_a_steward_is_named(warehouse, activity):
    """docs/acceptance.md, "What a part-year figure looks like": a month left out because
    its return waits for a steward says so, with the submission to look at."""
    _april_and_june(activity)
    held = _load(activity, "2023-05", cp_children_neglect=209)  # categories ≠ total: error
    with session_scope() as s:
        figures = {f.measure_id: f for f in annual_figures(s, financial_year(2023))}
    contacts = figures["contacts"].cells["E10000003"]
    assert "2023-05" in contacts.months_missing
    assert contacts.pending == {"2023-05": f"submission {held} waits for a steward"}
    out = " ".join(_report().output.split())
    assert f"2023-05: submission {held} waits for a steward" in out


def test_publish_refuses_an_incomplete_year(warehouse, activity):
    """docs/acceptance.md, "What a part-year figure looks like": publication of a year
    with a month missing is refused unless asked for, and nothing is printed."""
    _april_and_june(activity)
    result = _report("--publish")
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "not published" in out and "--allow-incomplete" in out
    assert "4,100" not in out
    assert _report("--allow-incomplete").exit_code == 2  # only with --publish


def test_publish_allow_incomplete_marks_each_incomplete_figure(warehouse, activity):
    """docs/acceptance.md, "What a part-year figure looks like": published anyway, each
    part-year figure carries "[part-year]", the legend says what that means and the notes
    name the months missing."""
    _april_and_june(activity)
    _load(activity, "2023-04", agency="peterborough-cc", contacts=1000)
    with session_scope() as s:
        published = published_annual_table(
            annual_figures(s, financial_year(2023)), allow_incomplete=True
        )
    rows = {r[0]: r[1:] for r in published.rows}
    assert rows["Contacts to children's social care"] == [
        "1,000 [part-year]",
        "4,100 [part-year]",
        "5,100 [part-year]",
    ]
    assert rows["Children in care"] == ["—", "—", "—"]
    assert "[part-year]" in published.legend
    result = _report("--publish", "--allow-incomplete")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "(for publication)" in out and "4,100" in out
    assert out.count("[part-year]") >= 3 * 5  # five flows, each area and the total
    assert "missing 2023-05, 2023-07 to 2024-03" in out
    assert "Peterborough" in out and "missing 2023-05 to 2024-03" in out


def test_csv_and_json_carry_the_months_per_figure(warehouse, activity):
    """docs/acceptance.md, "What a part-year figure looks like": the analysts' formats say
    per figure how many months are in it and which are missing, parsed back here."""
    _april_and_june(activity)
    result = _report("--format", "csv")
    assert result.exit_code == 0, result.output
    records = list(csv.DictReader(io.StringIO(result.output)))
    assert len(records) == 7 * 2  # seven measures, two areas
    got = {(r["measure_id"], r["area_code"]): r for r in records}
    contacts = got[("contacts", "E10000003")]
    assert contacts["value"] == "4100" and contacts["status"] == "part-year"
    assert (contacts["months_present"], contacts["months_expected"]) == ("2", "12")
    assert contacts["months_missing"].split(";") == list(MISSING_AFTER_APRIL_AND_JUNE)
    plans = got[("cp_children", "E10000003")]
    assert (plans["value"], plans["status"], plans["shown"]) == ("", "no data", "no data")
    assert contacts["shown"] == "4,100 [part-year]"

    result = _report("--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["year"] == "2023-24" and document["complete"] is False
    assert document["published"] is False
    cells = {(c["measure_id"], c["area_code"]): c for c in document["cells"]}
    contacts = cells[("contacts", "E10000003")]
    assert contacts["value"] == 4100 and contacts["months_present"] == 2
    assert contacts["months_missing"] == list(MISSING_AFTER_APRIL_AND_JUNE)
    assert cells[("cp_children", "E10000003")]["value"] is None
    assert any("part-year: 2 of 12 months" in n for n in document["notes"])


def test_published_csv_and_json_are_suppressed_like_the_table(warehouse, activity):
    """Publication suppression applies to CSV and JSON as to the table: the hidden counts
    appear nowhere in the file, and the incomplete year is refused the same way."""
    _april_and_june(activity)
    _load(activity, "2023-04", agency="peterborough-cc", s47_completed=3)
    assert _report("--publish", "--format", "json").exit_code == 1

    result = _report("--publish", "--allow-incomplete", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["published"] is True and "<5" in document["legend"]
    cells = {(c["measure_id"], c["area_code"]): c for c in document["cells"]}
    small = cells[("s47_completed", "E06000031")]
    assert (small["value"], small["shown"], small["suppressed"]) == (
        None,
        "<5 [part-year]",
        "primary",
    )
    # Cambridgeshire's 200 would give Peterborough's 3 away from the total of 203.
    assert cells[("s47_completed", "E10000003")]["value"] is None
    assert cells[("s47_completed", "CPSCP")]["shown"] == "203 [part-year]"
    assert '"value": 3,' not in result.output and '"value": 200,' not in result.output

    result = _report("--publish", "--allow-incomplete", "--format", "csv")
    records = {
        (r["measure_id"], r["area_code"]): r for r in csv.DictReader(io.StringIO(result.output))
    }
    assert records[("s47_completed", "E06000031")]["value"] == ""
    assert records[("s47_completed", "E06000031")]["shown"] == "<5 [part-year]"
    assert records[("s47_completed", "E10000003")]["value"] == ""
    assert records[("s47_completed", "E10000003")]["shown"] == "[c] [part-year]"


def test_report_annual_refuses_an_unknown_format(warehouse):
    result = _report("--format", "xlsx")
    assert result.exit_code == 2
    assert "table, csv or json" in result.output
