"""The packs as a QEG member opens them: every figure in the generated DOCX and HTML of one
agency and priority equals what the warehouse holds, worked out here straight from the
fact table (a flow, a stock and a ratio included), and a missing return shows as missing."""

from __future__ import annotations

import html
import re
from decimal import ROUND_HALF_UP, Decimal

import docx
import pytest
from sqlalchemy import text

from workers.contracts.catalogue import load_catalogue
from workers.packs.build import build_packs
from workers.pipeline import ingest
from workers.sample.generate import generate_samples

AGENCY, PRIORITY, QUARTER = "cambridgeshire-cc", "csa", "2020-Q4"  # csa is on the Q4 rota
MONTHS = ("2021-01", "2021-02", "2021-03")


@pytest.fixture
def built(warehouse, tmp_path):
    samples = {
        (s.contract, s.agency, s.period): s.path
        for s in generate_samples(tmp_path / "samples", 2020, 2020, child_level_months=0)
    }
    for period in ("2020-10", "2020-11", "2020-12", *MONTHS):
        path = samples[("la-csc-activity", AGENCY, period)]
        assert (
            ingest("la-csc-activity", AGENCY, path.read_bytes(), path.name).submission.status
            == "loaded"
        )
    result = build_packs(QUARTER, AGENCY, PRIORITY, out_dir=tmp_path / "packs")
    docx_path = next(p for p in result.files if p.suffix == ".docx")
    html_path = next(p for p in result.files if p.suffix == ".html")
    return warehouse, docx_path, html_path


def _warehouse_quarter(engine) -> dict[str, float]:
    """Measure → the quarter's figure for Cambridgeshire, straight from measure_fact."""
    cat = load_catalogue()
    with engine.connect() as conn:
        facts = conn.execute(
            text(
                "SELECT f.measure_id, f.period_label, f.value FROM measure_fact f "
                "JOIN submission s ON s.id = f.submission_id WHERE s.status = 'loaded' "
                "AND f.area_code = 'E10000003'"
            )
        ).all()
    by_month: dict[str, dict[str, float]] = {}
    for measure, period, value in facts:
        by_month.setdefault(measure, {})[period] = value
    out: dict[str, float] = {}
    for m in cat.measures:
        months = by_month.get(m.id, {})
        if m.aggregation == "flow" and all(p in months for p in MONTHS):
            out[m.id] = sum(months[p] for p in MONTHS)
        elif m.aggregation == "stock" and MONTHS[-1] in months:
            out[m.id] = months[MONTHS[-1]]
    for m in cat.measures:
        if m.aggregation == "ratio" and m.numerator in out:
            den = (
                cat.area("E10000003").population_0_17[2020]
                if m.denominator == "population_0_17"
                else out.get(m.denominator)
            )
            if den:
                out[m.id] = out[m.numerator] * m.scale / den
    return out


def _printed(measure, value: float) -> str:
    """As a statistician prints it: a half rounds up (Decimal, not the float format)."""
    text = str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-measure.precision), ROUND_HALF_UP))
    whole, _, part = text.partition(".")
    text = f"{int(whole):,}" + (f".{part}" if part else "")
    return f"{text}%" if measure.unit == "percent" else text


def test_every_figure_of_the_pack_equals_the_warehouse(built):
    engine, docx_path, html_path = built
    expected = _warehouse_quarter(engine)
    cat = load_catalogue()
    document = docx.Document(str(docx_path))
    blocks = [  # one table per headline figure, its parts as rows under it
        [[c.text for c in r.cells] for r in t.rows]
        for t in document.tables
        if t.rows[0].cells[0].text == "Measure" and len(t.rows[0].cells) == 9
    ]
    assert len(blocks) > 3
    header = blocks[0][0]
    current = header.index("2020-Q4")
    rows = [row for block in blocks for row in block[1:]]
    page = html.unescape(re.sub(r"<[^>]+>", " ", html_path.read_text()))
    kinds = set()
    checked = 0
    for row in rows:
        measure = next(m for m in cat.measures if row[0].split("\n")[0] == m.label)
        if measure.id not in expected:
            continue
        want = _printed(measure, expected[measure.id])
        assert row[current] == want, (measure.id, row)
        assert want in page, measure.id
        kinds.add(measure.aggregation)
        checked += 1
    assert {"flow", "stock", "ratio"} <= kinds
    # Every figure printed for the quarter was checked against the warehouse.
    assert checked == sum(1 for row in rows if row[current] != "no data")


def test_a_missing_month_shows_as_missing_not_as_a_partial_sum(warehouse, tmp_path):
    samples = {
        (s.contract, s.agency, s.period): s.path
        for s in generate_samples(tmp_path / "samples", 2020, 2020, child_level_months=0)
    }
    for period in ("2021-01", "2021-03"):  # February never arrived
        path = samples[("la-csc-activity", AGENCY, period)]
        ingest("la-csc-activity", AGENCY, path.read_bytes(), path.name)
    result = build_packs(QUARTER, AGENCY, PRIORITY, out_dir=tmp_path / "packs")
    document = docx.Document(str(next(p for p in result.files if p.suffix == ".docx")))
    returns = next(t for t in document.tables if t.rows[0].cells[0].text == "Return")
    status = [c.text for c in returns.rows[0].cells].index("Status")
    statuses = {r.cells[1].text: r.cells[status].text for r in returns.rows[1:]}
    assert statuses["2021-02"].lower().startswith("missing")
    table = next(
        t
        for t in document.tables
        if t.rows[0].cells[0].text == "Measure" and t.rows[1].cells[0].text.startswith("Contacts")
    )
    current = [c.text for c in table.rows[0].cells].index("2020-Q4")
    contacts = table.rows[1]
    assert contacts.cells[current].text == "no data"
