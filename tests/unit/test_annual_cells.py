"""The annual table's cells without a database: how much of the year each one is, and its
rounding (docs/acceptance.md, "What a part-year figure looks like")."""

from __future__ import annotations

from workers.publication import suppress
from workers.reporting.annual import (
    ANNUAL_AREAS,
    AnnualCell,
    AnnualFigure,
    month_ranges,
    report_cells,
)

MONTHS = tuple(
    f"{y}-{m:02d}" for y, m in [(2023, m) for m in range(4, 13)] + [(2024, 1), (2024, 2), (2024, 3)]
)


def _cell(aggregation: str, value: float | None, present: tuple[str, ...]) -> AnnualCell:
    return AnnualCell(
        measure_id="m",
        area_code="E10000003",
        aggregation=aggregation,
        value=value,
        months_present=present,
        months_missing=tuple(m for m in MONTHS if m not in present),
        periods=len(present),
    )


def test_a_flow_is_the_year_only_with_all_twelve_months():
    assert _cell("flow", 100, MONTHS).status == "complete"
    short = _cell("flow", 100, MONTHS[:11])
    assert (
        short.status == "part-year" and short.note == "part-year: 11 of 12 months; missing 2024-03"
    )
    assert _cell("flow", None, ()).status == "no data"


def test_a_missing_month_names_the_return_that_would_fill_it():
    cell = AnnualCell(
        measure_id="m",
        area_code="E10000003",
        aggregation="flow",
        value=100,
        months_present=MONTHS[:11],
        months_missing=MONTHS[11:],
        pending={"2024-03": "submission 9 waits for a steward"},
    )
    assert cell.note == (
        "part-year: 11 of 12 months; missing 2024-03 (submission 9 waits for a steward)"
    )


def test_a_stock_is_the_year_end_figure_or_no_data():
    assert _cell("stock", 360, ("2024-03",)).status == "complete"  # March alone is enough
    june = _cell("stock", None, ("2023-04", "2023-06"))
    assert june.status == "no data"
    assert june.note.startswith("no year-end (March) figure; the latest loaded is 2023-06")


def test_missing_months_are_written_as_runs():
    assert month_ranges(["2023-05", "2023-07", "2023-08", "2023-09", "2024-03"]) == (
        "2023-05, 2023-07 to 2023-09, 2024-03"
    )
    assert month_ranges(["2023-12", "2024-01"]) == "2023-12 to 2024-01"


def test_a_half_rounds_up_in_the_report_and_in_publication():
    """Issue 14, item 8: 12.5 prints 13, as Excel and the GSS round, not 12."""
    cells = {code: _cell("flow", 12.5, MONTHS) for code, _ in ANNUAL_AREAS}
    (row,) = report_cells([AnnualFigure("m", "A measure", "flow", cells)])
    assert [c.text for c in row] == ["13", "13"]
    (shown,) = suppress([[12.5, 20.5, 2.5]])
    assert [c.text for c in shown] == ["13", "21", "<5"]  # 2.5 would print 3: a small count
    (shown,) = suppress([[0.5, 20]])
    assert shown[0].text == "<5"  # it would print as 1, so it is one child, hidden
