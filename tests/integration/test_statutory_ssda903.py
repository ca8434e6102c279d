"""The SSDA903 return end to end: its CSV tables as a folder or a ZIP, the DfE's rules
(Data to Insight's 903 validator, in its own environment) find the planted defects by
their codes, those children are held back, the rest load as children in care."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.conftest import TEST_KEY
from workers.sample.generate import PBORO
from workers.statutory.dfe_rules import run_rules
from workers.statutory.sample import PLANTED_903, activity_months, ssda903_tables


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("ssda903") / "2020-21"
    target.mkdir()
    for name, body in ssda903_tables(PBORO, plant=True).items():
        (target / name).write_text(body, encoding="utf-8")
    return target


def test_the_903_validator_finds_each_planted_defect_by_its_dfe_code(folder):
    files = [(p, p.name) for p in sorted(folder.glob("*.csv"))]
    verdict = run_rules(
        "903",
        "lac2022_23",
        files,
        TEST_KEY.encode(),
        metadata={"collectionYear": "2021", "localAuthority": PBORO},
    )
    assert {f.code for f in verdict.findings} == set(PLANTED_903)
    assert not verdict.crashed
    assert verdict.tables["Episodes"] > 400


def test_sdh_ingest_a_folder_holds_the_failing_children_and_loads_the_rest(warehouse, folder):
    from workers.cli import app

    result = CliRunner().invoke(
        app, ["ingest", "la-ssda903", str(folder), "--agency", "peterborough-cc"]
    )
    out = result.output
    assert result.exit_code == 0, out
    assert "102" in out and "103" in out and "Header" in out  # codes, table, row, column
    assert "held back" in out
    with warehouse.connect() as conn:
        sub = conn.execute(
            text("SELECT status, rows_received, rows_held, period_label FROM submission")
        ).one()
        assert (sub.status, sub.rows_held, sub.period_label) == ("loaded", 2, "2020-21")
        issue = conn.execute(
            text(
                "SELECT table_name, column_name, column_letter, row_number, value "
                "FROM rowissue WHERE rule_code = '103'"
            )
        ).one()
        assert (issue.table_name, issue.column_name, issue.column_letter, issue.value) == (
            "Header",
            "ETHNIC",
            "D",
            "ZZZZ",
        )
        # The row is the CSV's own line: the header is row 1.
        line = (folder / "header.csv").read_text().splitlines()[issue.row_number - 1]
        assert ",ZZZZ," in line
        stock = dict(
            conn.execute(
                text(
                    "SELECT period_label, value FROM v_current_measure_fact "
                    "WHERE measure_id = 'cic_children'"
                )
            ).all()
        )
        assert stock == {m["month"]: float(m["cic_children"]) for m in activity_months(PBORO)}
        assert stock["2021-03"] == 364  # the seed's children in care at 31 March 2021
        raw = (folder / "header.csv").read_text().splitlines()[1].split(",")[0]
        for table in ("rowissue", "child_event_fact", "rowhold"):
            assert raw not in repr(conn.execute(text(f"SELECT * FROM {table}")).all())


@pytest.mark.usefixtures("empty_broker")
def test_a_push_carries_the_tables_together_as_one_zip(warehouse, folder):
    """The intake API takes the SSDA903 tables as one ZIP; the steps after it validate it
    with the DfE's rules and load it as `sdh ingest` does."""
    from fastapi.testclient import TestClient

    from workers.pipeline import process
    from workers.statutory.ssda903 import zip_folder
    from workers.warehouse.db import session_scope
    from workers.web.api import get_enqueue
    from workers.web.app import create_app
    from workers.web.tokens import create_token

    with session_scope() as session:
        token = create_token(session, "peterborough-cc", "returns", created_by="test").secret
    app = create_app()
    sent: list[int] = []
    app.dependency_overrides[get_enqueue] = lambda: sent.append
    with TestClient(app) as client:
        response = client.post(
            "/api/v1/returns/la-ssda903",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": ("ssda903.zip", zip_folder(folder))},
            data={"period": "2020-21"},
        )
    assert response.status_code == 202, response.text
    submission, report = process(response.json()["submission_id"])
    assert report is not None and {o.rule.code for o in report.outcomes if o.failed} == set(
        PLANTED_903
    )
    assert (submission.status, submission.rows_held) == ("loaded", 2)


def _q_counts(folder: Path, months: tuple[str, ...]) -> dict[str, int]:
    """The quarter's starts, placement moves and missing episodes counted from the CSV
    tables themselves (not the warehouse), as the DfE defines them."""
    import csv

    def month(day: str) -> str:  # dd/mm/yyyy → yyyy-mm
        return f"{day[6:10]}-{day[3:5]}"

    with (folder / "episodes.csv").open(encoding="utf-8") as fh:
        episodes = [r for r in csv.DictReader(fh) if month(r["DECOM"]) in months]
    with (folder / "missing.csv").open(encoding="utf-8") as fh:
        missing = [r for r in csv.DictReader(fh) if month(r["MIS_START"]) in months]
    return {
        "cic_started": sum(r["RNE"] == "S" for r in episodes),
        "cic_placement_moves": sum(r["RNE"] in {"P", "B", "T", "U"} for r in episodes),
        "cic_missing_episodes": sum(r["MISSING"] == "M" for r in missing),
    }


def test_a_pack_built_after_the_903_shows_its_children_in_care_figures(warehouse, folder, tmp_path):
    """Starts, placement moves and missing episodes come from the SSDA903 alone: once it
    is loaded, the neglect pack shows them, quarter by quarter, with the return behind
    them, and the rendered pack prints them."""
    from workers.cli import app
    from workers.packs.assemble import single_agency_pack
    from workers.packs.render import render_single
    from workers.warehouse.db import session_scope

    result = CliRunner().invoke(
        app, ["ingest", "la-ssda903", str(folder), "--agency", "peterborough-cc"]
    )
    assert result.exit_code == 0, result.output
    with warehouse.connect() as conn:
        submission = conn.execute(text("SELECT id FROM submission")).scalar_one()
    with session_scope() as session:
        pack = single_agency_pack(session, "peterborough-cc", "neglect", "2020-Q4")
    rows = {r.measure_id: r for r in pack.measures if r.area_code == PBORO}
    q4 = _q_counts(folder, ("2021-01", "2021-02", "2021-03"))
    q3 = _q_counts(folder, ("2020-10", "2020-11", "2020-12"))
    assert all(q4.values()) and all(q3.values())  # something to show in each quarter
    for measure, value in q4.items():
        row = rows[measure]
        assert row.current.value == value, measure
        assert row.series[-2].value == q3[measure], measure
        assert row.current.submissions == (submission,), measure
        assert row.year_ago.value is None, measure  # no 2019-20 return: blank, not zero
    assert rows["cic_children"].current.value == 364  # the seed's children in care at March
    labels = {rows[m].label for m in q4}
    assert not labels & set(pack.missing_measures)
    # The return behind them is in the pack's returns, as received (years after it was due).
    assert ("la-ssda903", "2020-21", "late") in {
        (r.contract_id, r.period, r.status) for r in pack.returns
    }

    html = next(p for p in render_single(pack, tmp_path) if p.suffix == ".html")
    page = html.read_text(encoding="utf-8")
    for measure in q4:
        assert rows[measure].label in page
