"""The steward's side in words (issue 18): the verdict on a mislabelled return and the
returns calendar in the terminal (``sdh calendar``)."""

from __future__ import annotations

from typer.testing import CliRunner

from tests.conftest import activity_row, csv_bytes
from workers.cli import app as cli
from workers.contracts.loader import get_contract
from workers.pipeline import ingest
from workers.review.detail import submission_detail
from workers.review.verdict import verdict
from workers.warehouse.db import session_scope

CAMBS = "cambridgeshire-cc"


def _mislabelled(activity) -> int:
    """January loaded; February's file whose month column says January, held."""
    ingest(
        "la-csc-activity",
        CAMBS,
        csv_bytes(activity, [activity_row(month="2022-01")]),
        "2022-01.csv",
    )
    feb = csv_bytes(activity, [activity_row(month="2022-01", contacts=2100)])
    sub = ingest("la-csc-activity", CAMBS, feb, "2022-02.csv").submission
    assert sub.status == "needs_review"
    return sub.id


def test_a_wrong_period_is_said_plainly_with_the_likely_decision(warehouse, activity):
    sid = _mislabelled(activity)
    with session_scope() as s:
        found = verdict(s, submission_detail(s, sid), get_contract("la-csc-activity"))
    period = next(f for f in found.findings if f.kind == "period_match")
    assert period.expected == "2022-02 (February 2022)"
    assert period.found == "'2022-01' ×1" and period.first_row == 2
    assert found.next_step.decision == "reject"
    assert found.next_step.text == (
        "The period in the rows is January 2022; the return is for February 2022: reject it "
        "and ask for a corrected file."
    )


def test_sdh_calendar_prints_the_quarter_in_the_terminal(warehouse, activity):
    _mislabelled(activity)
    out = CliRunner().invoke(
        cli, ["calendar", "--quarter", "2021-Q4", "--agency", CAMBS], env={"COLUMNS": "200"}
    )
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert "Returns calendar, Q4 2021-22 (January to March 2022)" in lines[0]

    def row(what: str, period: str) -> str:
        return next(line for line in lines if what in line and f" {period} " in line)

    assert "accepted" in row("CSC activity", "January 2022")
    assert "needs review" in row("CSC activity", "February 2022")
    assert "overdue" in row("CSC activity", "March 2022")
    assert "Peterborough" not in out.output
    only = CliRunner().invoke(
        cli,
        ["calendar", "--quarter", "2021-Q4", "--agency", CAMBS, "--status", "needs review"],
        env={"COLUMNS": "200"},
    )
    table = only.output.split("\n", 1)[1]  # below the title, which names the quarter
    assert "February 2022" in table and "March 2022" not in table
    bad = CliRunner().invoke(cli, ["calendar", "--quarter", "spring"])
    assert bad.exit_code != 0 and "not a quarter" in bad.output


def test_sdh_review_show_gives_the_same_verdict(warehouse, activity):
    sid = _mislabelled(activity)
    out = CliRunner().invoke(cli, ["review", "show", str(sid)], env={"COLUMNS": "250"})
    assert out.exit_code == 0, out.output
    said = " ".join(out.output.split())
    assert said.startswith("Cambridgeshire · CSC activity · February 2022")
    assert "2022-02 (February 2022)" in said and "'2022-01' ×1" in said
    assert (
        "Suggested next step: The period in the rows is January 2022; the return is for "
        "February 2022: reject it and ask for a corrected file." in said
    )
