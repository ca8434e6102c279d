"""Small-number suppression: each rule where it must fire and where it must not, and the
published annual table built from the warehouse."""

from __future__ import annotations

import itertools

import pytest
from typer.testing import CliRunner

from tests.conftest import activity_row, csv_bytes
from workers.cli import app as cli
from workers.contracts.loader import get_contract
from workers.periods import financial_year
from workers.pipeline import ingest
from workers.publication import PRIMARY_MARK, SECONDARY_MARK, suppress
from workers.reporting.annual import annual_figures, published_annual_table
from workers.warehouse.db import session_scope


def texts(grid, **kw) -> list[list[str]]:
    return [[c.text for c in row] for row in suppress(grid, **kw)]


def derivable(grid, shown, *, total_column: bool, total_row: bool) -> bool:
    """Could a hidden cell be worked out by subtracting from a total?"""
    lines = []
    if total_column:
        lines += [[(i, j) for j in range(len(grid[0]))] for i in range(len(grid))]
    if total_row:
        lines += [[(i, j) for i in range(len(grid))] for j in range(len(grid[0]))]
    return any(sum(shown[i][j].suppressed for i, j in line) == 1 for line in lines)


# --- primary -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 2, 3, 4, 4.0])
def test_counts_of_one_to_four_are_shown_as_under_five(value) -> None:
    assert texts([[value]]) == [[PRIMARY_MARK]]
    assert suppress([[value]])[0][0].suppression == "primary"


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), (5, "5"), (6, "6"), (12837, "12,837")])
def test_zero_and_five_or_more_are_shown_as_they_are(value, shown) -> None:
    cell = suppress([[value]])[0][0]
    assert cell.text == shown and not cell.suppressed


def test_a_missing_figure_is_a_dash_and_never_suppressed() -> None:
    assert texts([[None, 3, 7, None]], total_column=True) == [["—", "<5", "[c]", "—"]]


# --- secondary -----------------------------------------------------------------------------


def test_a_total_would_reveal_a_lone_small_count_so_a_second_cell_is_hidden() -> None:
    # Peterborough 3, Cambridgeshire 25, partnership 28: 28 - 25 = 3 without a second cell.
    assert texts([[3, 25, 28]], total_column=True) == [[PRIMARY_MARK, SECONDARY_MARK, "28"]]


def test_the_smallest_non_zero_cell_is_hidden_second_not_a_zero_nor_the_total() -> None:
    assert texts([[2, 0, 40, 9, 51]], total_column=True) == [["<5", "0", "40", "[c]", "51"]]
    # Only a zero left: the zero goes; nothing else: the total goes.
    assert texts([[2, 0, 9]], total_column=True) == [["<5", "[c]", "9"]]
    assert texts([[3, 3]], total_column=True) == [["<5", "<5"]]
    assert texts([[3, None, 30]], total_column=True) == [["<5", "—", "[c]"]]


def test_without_a_total_a_lone_small_count_hides_nothing_else() -> None:
    assert texts([[3, 25]]) == [["<5", "25"]]
    assert texts([[3, 25]], total_row=True) == [["<5", "25"]]  # a column of one row


def test_two_small_counts_on_a_line_need_no_second_cell() -> None:
    assert texts([[3, 4, 30, 37]], total_column=True) == [["<5", "<5", "30", "37"]]


def test_nothing_is_suppressed_in_a_table_of_large_counts() -> None:
    grid = [[2404, 4539, 6943], [718, 1213, 1931], [3122, 5752, 8874]]
    shown = suppress(grid, total_column=True, total_row=True)
    assert not any(c.suppressed for row in shown for c in row)


def test_secondary_suppression_spreads_across_rows_and_columns_until_none_is_derivable() -> None:
    #           a    b    c  | total
    grid = [
        [3, 20, 30, 53],
        [10, 11, 40, 61],
        [12, 50, 60, 122],
        [25, 81, 130, 236],
    ]
    shown = suppress(grid, total_column=True, total_row=True)
    assert shown[0][0].text == PRIMARY_MARK
    assert not derivable(grid, shown, total_column=True, total_row=True)
    # Hiding the 3 in row 0 and column 0 hides (at least) one more in each.
    assert sum(c.suppressed for c in shown[0]) >= 2
    assert sum(shown[i][0].suppressed for i in range(4)) >= 2


def test_no_random_table_is_left_with_a_derivable_cell() -> None:
    """Exhaustive over small tables: whatever the counts, no line with a total ends with a
    single hidden cell, and nothing is hidden where nothing small is."""
    values = [0, 2, 6, 30]
    for a, b, c, d in itertools.product(values, repeat=4):
        grid = [[a, b, a + b], [c, d, c + d], [a + c, b + d, a + b + c + d]]
        shown = suppress(grid, total_column=True, total_row=True)
        assert not derivable(grid, shown, total_column=True, total_row=True), grid
        if not any(0 < v < 5 for row in grid for v in row):
            assert not any(x.suppressed for row in shown for x in row), grid


def test_ragged_tables_are_refused() -> None:
    with pytest.raises(ValueError):
        suppress([[1, 2], [3]])


# --- the published annual table ------------------------------------------------------------


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_published_annual_table_hides_small_counts_and_what_would_reveal_them(
    warehouse,
) -> None:
    activity = get_contract("la-csc-activity")
    # One month of 2019-20, its year end (March 2020): Peterborough's Section 47 enquiries
    # and children in care are small; Cambridgeshire's are not; every other figure is
    # large in both. The flows are part-year (one month of twelve), so the year is
    # published only when told, each such cell marked (docs/acceptance.md, "What a
    # part-year figure looks like"); suppression applies to them all the same.
    small = activity_row(area="E06000031", month="2020-03", s47_completed=3, cic_children=4)
    large = activity_row(area="E10000003", month="2020-03")
    for agency, row in (("peterborough-cc", small), ("cambridgeshire-cc", large)):
        result = ingest("la-csc-activity", agency, csv_bytes(activity, [row]), f"{agency}.csv")
        assert result.submission.status == "loaded"
    with session_scope() as s:
        figures = annual_figures(s, financial_year(2019))
    published = published_annual_table(figures, allow_incomplete=True)
    rows = {r[0]: r[1:] for r in published.rows}
    assert published.header[1:] == [
        "Peterborough",
        "Cambridgeshire",
        "Cambridgeshire and Peterborough",
    ]
    part = " [part-year]"
    # Fires: the small count, and Cambridgeshire's (else total - Cambridgeshire = 3).
    assert rows["Section 47 enquiries completed"] == ["<5" + part, "[c]" + part, "103" + part]
    assert rows["Children in care"] == ["<5", "[c]", "664"]  # the year-end count: complete
    # Must not fire: large counts on both sides are published as they are.
    assert rows["Contacts to children's social care"] == [
        f"{n}{part}" for n in ("2,000", "2,000", "4,000")
    ]
    assert rows["Referrals"] == [f"{n}{part}" for n in ("400", "400", "800")]
    # Nowhere in the published text is a hidden figure.
    everything = " ".join(" ".join(r) for r in published.rows)
    assert " 3 " not in f" {everything} " and "100" not in everything and "660" not in everything

    unpublished = CliRunner().invoke(cli, ["report", "annual", "--year", "2019-20"])
    assert unpublished.exit_code == 0 and "660" in unpublished.output  # inside: as it is
    result = CliRunner().invoke(
        cli, ["report", "annual", "--year", "2019-20", "--publish", "--allow-incomplete"]
    )
    assert result.exit_code == 0, result.output
    assert "<5" in result.output and "[c]" in result.output and "not shown" in result.output
    assert "660" not in result.output and "664" in result.output
