"""The annual table read from the warehouse matches the published 2020-21 report, figure
for figure: flows summed over the months, stocks taken at the year end."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from workers.cli import app
from workers.periods import financial_year
from workers.pipeline import ingest
from workers.reporting.annual import ANNUAL_AREAS, annual_figures
from workers.sample.generate import SEED_2020_21, generate_samples
from workers.warehouse.db import session_scope


@pytest.fixture
def loaded_2020_21(warehouse, tmp_path):
    samples = [
        s
        for s in generate_samples(tmp_path / "samples", 2020, 2020)
        if s.contract == "la-csc-activity"
    ]
    assert len(samples) == 24
    for s in sorted(samples, key=lambda s: s.period):
        result = ingest(s.contract, s.agency, s.path.read_bytes(), s.path.name)
        assert result.submission.status == "loaded", s
    return warehouse


def test_annual_figures_match_the_published_table(loaded_2020_21):
    """One load of the year checks it all (loading 24 returns is the slow part)."""
    with session_scope() as session:
        figures = {f.measure_id: f for f in annual_figures(session, financial_year(2020))}
        empty = annual_figures(session, financial_year(2018))
    assert set(figures) == set(SEED_2020_21)
    for measure, by_area in SEED_2020_21.items():
        for area, published in by_area.items():
            assert figures[measure].values[area] == published, (measure, area)
    assert figures["contacts"].aggregation == "flow"
    assert figures["contacts"].periods["E10000003"] == 12
    # A stock is the March value: twelve month-ends of ~450 children would sum to thousands.
    assert figures["cp_children"].aggregation == "stock"
    assert figures["cp_children"].values["E10000003"] == 445
    # A year with nothing loaded shows no figure, never a zero.
    assert all(v is None for f in empty for v in f.values.values())

    # docs/acceptance.md, "What a part-year figure looks like", the case where it must not
    # fire: all twelve months loaded, every figure is the year's, and it may be published.
    assert all(c.status == "complete" for f in figures.values() for c in f.cells.values())
    result = CliRunner().invoke(app, ["report", "annual", "--year", "2020-21"])
    assert result.exit_code == 0, result.output
    for _, name in ANNUAL_AREAS:
        assert name in result.output
    assert "12,837" in result.output and "26,474" in result.output and "664" in result.output
    out = " ".join(result.output.split())
    assert "Every figure covers all twelve months, 2020-04 to 2021-03." in out
    assert "part-year" not in out and "no data" not in out
    published = CliRunner().invoke(app, ["report", "annual", "--year", "2020-21", "--publish"])
    assert published.exit_code == 0, published.output
    assert "39,311" in published.output and "[part-year]" not in published.output


def test_report_annual_refuses_a_malformed_year(warehouse):
    result = CliRunner().invoke(app, ["report", "annual", "--year", "2020"])
    assert result.exit_code == 2
    assert "2020-21" in result.output
