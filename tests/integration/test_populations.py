"""Child populations as a dated, versioned input (issue 14, item 8), on SQLite and
PostgreSQL: a rate per 10,000 children with no population says why; a steward imports a
release with who and when; the release added last is the one every report uses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select
from typer.testing import CliRunner

from tests.conftest import activity_row, csv_bytes
from workers.cli import app
from workers.errors import ContractError
from workers.pipeline import ingest
from workers.populations.notes import population_note
from workers.warehouse.db import session_scope
from workers.warehouse.models import Event, PopulationRelease

CAMBS, PBORO = "E10000003", "E06000031"


def _load(activity, month: str, **changes) -> None:
    result = ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row(month=month, **changes)]),
        f"{month}.csv",
        period=month,
    )
    assert result.submission.status == "loaded", result.submission


def _rate(engine, period: str, measure: str = "cp_rate_per_10k"):
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT value, denominator, no_value_reason FROM v_ratio_indicator "
                "WHERE measure_id = :m AND area_code = :a AND period_label = :p"
            ),
            {"m": measure, "a": CAMBS, "p": period},
        ).one()


def _import(tmp_path: Path, body: str, *args: str):
    path = tmp_path / "populations.csv"
    path.write_text(body, encoding="utf-8")
    return CliRunner().invoke(app, ["populations", "import", str(path), *args])


def test_a_rate_without_a_child_population_says_why(warehouse, activity):
    """docs/acceptance.md, "What a part-year figure looks like" (its rates): no population
    after mid-2021 in the catalogue, so 2023-24's rate is no data, and the view, the note
    for the packs and the annual report all say why."""
    _load(activity, "2021-04")
    _load(activity, "2023-04")
    rate = _rate(warehouse, "2021-04")
    assert rate.value == pytest.approx(360 * 10000 / 139300) and rate.no_value_reason is None
    rate = _rate(warehouse, "2023-04")
    assert rate.value is None and rate.denominator is None
    assert rate.no_value_reason == "no child population figure for 2023-24"
    # A ratio of two measures is untouched: it has its value and no reason.
    assert _rate(warehouse, "2023-04", "re_referral_rate").no_value_reason is None
    with session_scope() as s:
        assert population_note(s, CAMBS, 2021) is None
        assert population_note(s, CAMBS, 2023) == (
            "no child population figure for 2023-24 (the latest is mid-2021)"
        )
    out = " ".join(
        CliRunner().invoke(app, ["report", "annual", "--year", "2023-24"]).output.split()
    )
    assert "Rates per 10,000 children for 2023-24 show no data" in out
    assert "no child population figure for 2023-24 (the latest is mid-2021)" in out
    assert "sdh populations import" in out
    full = CliRunner().invoke(app, ["report", "annual", "--year", "2021-22"]).output
    assert "child population" not in full


def test_a_steward_imports_a_release_and_rates_use_it(warehouse, activity, tmp_path):
    _load(activity, "2023-04")
    result = _import(
        tmp_path,
        "area_code,area_name,year,population_0_17\n"
        f'{CAMBS},Cambridgeshire,2023,"141,250"\n'
        f"{PBORO},Peterborough,2023,52000\n",
        "--source",
        "ONS mid-year 2023",
        "--as",
        "a.steward",
    )
    assert result.exit_code == 0, result.output
    assert "ONS mid-year 2023" in result.output and "2023-24" in result.output
    rate = _rate(warehouse, "2023-04")
    assert rate.denominator == 141250
    assert rate.value == pytest.approx(360 * 10000 / 141250)
    assert rate.no_value_reason is None
    with session_scope() as s:
        assert population_note(s, CAMBS, 2023) is None
        release = s.exec(
            select(PopulationRelease).where(PopulationRelease.source == "ONS mid-year 2023")
        ).one()
        assert (release.origin, release.imported_by, release.figures) == ("import", "a.steward", 2)
        assert release.imported_at is not None and release.filename == "populations.csv"
        events = s.exec(select(Event).where(Event.kind == "population_release")).all()
        assert [e.actor for e in events] == ["a.steward"]  # the catalogue's is no decision
        releases = len(s.exec(select(PopulationRelease)).all())

    again = _import(
        tmp_path,
        f"area_code,year,population_0_17\n{PBORO},2023,52000\n{CAMBS},2023,141250\n",
        "--source",
        "ONS mid-year 2023",
    )
    assert again.exit_code == 0 and "nothing new" in again.output
    with session_scope() as s:
        assert len(s.exec(select(PopulationRelease)).all()) == releases

    listed = " ".join(CliRunner().invoke(app, ["populations", "list"]).output.split())
    assert "141,250" in listed and "ONS mid-year 2023" in listed and "a.steward" in listed


def test_the_release_added_last_wins_and_the_older_stays_on_record(warehouse, activity, tmp_path):
    _load(activity, "2021-04")
    assert _rate(warehouse, "2021-04").denominator == 139300  # the catalogue's
    result = _import(
        tmp_path,
        f"area_code,year,population_0_17\n{CAMBS},2021,140120\n",
        "--source",
        "ONS mid-year 2021 (revised)",
    )
    assert result.exit_code == 0, result.output
    assert _rate(warehouse, "2021-04").denominator == 140120
    with warehouse.connect() as conn:
        used = dict(
            conn.execute(
                text("SELECT year, population_0_17 FROM v_area_population WHERE area_code = :a"),
                {"a": CAMBS},
            ).all()
        )
    assert used == {2019: 137900, 2020: 138600, 2021: 140120}  # other years as they were
    every = " ".join(CliRunner().invoke(app, ["populations", "list", "--all"]).output.split())
    assert "139,300" in every and "replaced" in every and "140,120" in every


def test_pack_rates_use_the_latest_release(warehouse, activity, tmp_path):
    """The QEG pack's rate reads the same populations (sql/queries/pack_quarter_measures.sql)."""
    from workers.packs.metrics import quarter_data

    _load(activity, "2023-06")  # the quarter end: 360 children on a plan
    with session_scope() as s:
        assert (
            quarter_data(s, "cambridgeshire-cc", "2023-Q1")
            .figures[("cp_rate_per_10k", CAMBS)]
            .value
            is None
        )
    _import(tmp_path, f"area_code,year,population_0_17\n{CAMBS},2023,144000\n", "--source", "x")
    with session_scope() as s:
        figure = quarter_data(s, "cambridgeshire-cc", "2023-Q1").figures[("cp_rate_per_10k", CAMBS)]
    assert figure.value == pytest.approx(360 * 10000 / 144000)


def test_a_bad_population_file_is_refused_naming_row_column_and_rule(warehouse, tmp_path):
    result = _import(
        tmp_path,
        "area_code,year,population_0_17\n"
        "E99999999,2023,1000\n"
        f"{CAMBS},mid-2023,1000\n"
        f"{CAMBS},2023,-5\n"
        f"{PBORO},2023,52000\n"
        f"{PBORO},2023,52100\n",
        "--source",
        "ONS mid-year 2023",
    )
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "not imported, 4 problem(s)" in out
    assert (
        "row 2, column A (area_code): 'E99999999' is not an area" in out and "[area.known]" in out
    )
    assert "row 3, column B (year): 'mid-2023'" in out and "[year.valid]" in out
    assert "row 4, column C (population_0_17): '-5'" in out and "[population.positive]" in out
    assert "row 6, column B (year): E06000031 2023 is given again (first on row 5)" in out
    with session_scope() as s:
        assert (
            s.exec(select(PopulationRelease).where(PopulationRelease.origin == "import")).all()
            == []
        )

    missing = _import(tmp_path, "area,year,children\nE10000003,2023,1\n", "--source", "x")
    assert missing.exit_code == 1 and "[header.required]" in missing.output
    empty = _import(tmp_path, "", "--source", "x")
    assert empty.exit_code == 1 and "[file.empty]" in empty.output


@pytest.mark.usefixtures("quick_hashes")
def test_only_stewards_and_administrators_import(warehouse, tmp_path):
    from workers.accounts import create_user

    with session_scope() as s:
        create_user(s, "q.reader", role="qeg_reader", password="correct horse battery")
        s.commit()
    body = f"area_code,year,population_0_17\n{CAMBS},2023,141000\n"
    result = _import(tmp_path, body, "--source", "ONS mid-year 2023", "--as", "q.reader")
    assert result.exit_code == 2
    assert "only data stewards and administrators" in " ".join(result.output.split())
    with session_scope() as s:
        assert (
            s.exec(select(PopulationRelease).where(PopulationRelease.origin == "import")).all()
            == []
        )


def test_populations_are_not_read_from_areas_yaml(tmp_path):
    """One place for a population: areas.yaml carrying one is refused, naming the file to use."""
    from workers.contracts.catalogue import read_catalogue
    from workers.settings import get_settings

    contracts = tmp_path / "contracts"
    shutil.copytree(get_settings().contracts_dir, contracts)
    areas = contracts / "catalogue" / "areas.yaml"
    areas.write_text(
        areas.read_text().replace(
            "    kind: local_authority\n    parent: CPSCP\n",
            "    kind: local_authority\n    parent: CPSCP\n    population_0_17: {2023: 1}\n",
            1,
        )
    )
    with pytest.raises(ContractError, match=r"populations\.yaml"):
        read_catalogue(contracts)
