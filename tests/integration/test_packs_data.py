"""The data side of the QEG packs, against SQLite and PostgreSQL: the figures in a pack are
the warehouse's (flows summed over the quarter, stocks at its end, ratios recomputed from
their parts), a missing return shows as missing and never as a zero, the rota picks the
right priorities, commentary comes back six months later, and builds are incremental and
debounced. Rendering is a fake here: the real renderer has its own tests."""

from __future__ import annotations

import copy
import csv
from collections import defaultdict
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from sqlmodel import select
from typer.testing import CliRunner

from tests.conftest import csv_bytes
from workers.contracts.catalogue import load_catalogue
from workers.contracts.loader import get_contract
from workers.packs import rota
from workers.packs.assemble import consolidated_pack, pack_plan, single_agency_pack
from workers.packs.build import build_packs, inputs_sha256
from workers.packs.commentary import (
    CommentaryError,
    escalations,
    get_commentary,
    last_time,
    store_commentary,
)
from workers.packs.triggers import QUARTER_ROW, affected_quarters
from workers.periods import fy_start_year, parse_period
from workers.pipeline import ingest
from workers.sample.generate import generate_samples
from workers.warehouse.db import session_scope
from workers.warehouse.models import Event, PackBuild

CAMBS, PBORO = "E10000003", "E06000031"
Q3_MONTHS = ("2020-10", "2020-11", "2020-12")
Q4_MONTHS = ("2021-01", "2021-02", "2021-03")


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture
def samples(tmp_path: Path) -> dict[tuple[str, str, str], Path]:
    """FY 2020-21 sample returns by (contract, agency, period); nothing loaded yet."""
    files = generate_samples(tmp_path / "samples", 2020, 2020, child_level_months=0)
    return {(s.contract, s.agency, s.period): s.path for s in files}


def load(samples, contract: str, agency: str, periods) -> list[int]:
    """Ingest the sample returns in period order; the submission ids, in that order."""
    ids = []
    for period in sorted(periods):
        path = samples[(contract, agency, period)]
        result = ingest(contract, agency, path.read_bytes(), path.name)
        assert result.submission.status == "loaded", (contract, agency, period)
        ids.append(result.submission.id)
    return ids


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def expected_quarter(samples, contract_id: str, agency: str, months) -> dict:
    """What a pack must show for a complete quarter, worked out from the sample files
    themselves (not the warehouse): measure → area → value."""
    catalogue = load_catalogue()
    contract = get_contract(contract_id)
    parent = {a.code: (a.parent if a.kind == "district" else a.code) for a in catalogue.areas}
    by_month: dict[str, dict[str, dict[str, float]]] = {}
    for month in months:
        totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for row in read_rows(samples[(contract_id, agency, month)]):
            area = parent[row[contract.area_column]]
            for col in contract.measure_columns:
                totals[col.measure][area] += float(row[col.name])
        by_month[month] = totals
    out: dict[str, dict[str, float]] = {}
    for m in catalogue.measures:
        if m.aggregation == "flow" and m.id in by_month[months[-1]]:
            areas = by_month[months[-1]][m.id]
            out[m.id] = {a: sum(by_month[mo][m.id][a] for mo in months) for a in areas}
        elif m.aggregation == "stock" and m.id in by_month[months[-1]]:
            out[m.id] = dict(by_month[months[-1]][m.id])
    for m in catalogue.measures:
        if m.aggregation != "ratio" or m.numerator not in out:
            continue
        fy = fy_start_year(parse_period(months[0]).start)
        out[m.id] = {}
        for area, num in out[m.numerator].items():
            if m.denominator == "population_0_17":
                den = catalogue.area(area).population_0_17.get(fy)
            else:
                den = out[m.denominator][area]
            out[m.id][area] = num * m.scale / den
    return out


class FakeRenderer:
    """Stands in for ``workers.packs.render``: writes a small file per format and records
    each call, so a test can tell what was rendered again."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def render_single(self, pack, out_dir: Path) -> list[Path]:
        self.calls.append(pack.slug)
        return self._write(out_dir, pack.slug, inputs_sha256(pack))

    def render_consolidated(self, pack, packs, out_dir: Path) -> list[Path]:
        self.calls.append(f"{pack.quarter}_consolidated")
        assert [p.slug for p in pack.packs] == [p.slug for p in packs]
        return self._write(out_dir, f"{pack.quarter}_qeg", inputs_sha256(pack))

    def render_index(self, quarter: str, entries, out_dir: Path) -> Path:
        self.calls.append(f"{quarter}_index")
        path = out_dir / "index.html"
        path.write_text("\n".join(f"{e.kind} {e.slug} {e.files}" for e in entries))
        return path

    @staticmethod
    def _write(out_dir: Path, stem: str, content: str) -> list[Path]:
        paths = [out_dir / f"{stem}.docx", out_dir / f"{stem}.html"]
        for path in paths:
            path.write_text(content)
        return paths


def rows_by(pack) -> dict[tuple[str, str], object]:
    return {(r.measure_id, r.area_code): r for r in pack.measures}


# --- the rota ------------------------------------------------------------------------------


def test_the_rota_picks_each_quarters_priorities_and_the_previous_review():
    names = {q: [p.id for p in rota.priorities_reviewed(f"2020-Q{q}")] for q in (1, 2, 3, 4)}
    assert names == {
        1: ["neglect", "cce"],
        2: ["csa", "learning", "adolescent-wellbeing"],
        3: ["neglect", "cce"],
        4: ["csa", "learning", "adolescent-wellbeing"],
    }
    neglect = next(p for p in load_catalogue().priorities if p.id == "neglect")
    assert rota.previous_review(neglect, "2020-Q3") == "2020-Q1"  # six months earlier
    assert rota.previous_review(neglect, "2020-Q1") == "2019-Q3"  # across the year end
    assert rota.last_quarters("2020-Q4", 5) == [
        "2019-Q4",
        "2020-Q1",
        "2020-Q2",
        "2020-Q3",
        "2020-Q4",
    ]
    assert rota.quarter_label("2020-Q4") == "Q4 2020-21 (January to March 2021)"
    assert affected_quarters("2021-02") == ["2020-Q4"]
    assert affected_quarters("2020-Q3") == ["2020-Q3"]
    assert affected_quarters(None) == []
    # Packs go to agencies that supply a measure for the priority: no LA pack for learning.
    plan = {(a.id, p.id) for a, p in pack_plan("2020-Q4")}
    assert ("cp-icb", "learning") in plan and ("cp-cdop", "learning") in plan
    assert ("cambridgeshire-cc", "learning") not in plan
    assert ("cambridgeshire-cc", "csa") in plan and ("cambs-police", "csa") in plan


# --- the figures ---------------------------------------------------------------------------


def test_pack_figures_equal_the_warehouse_and_a_missing_return_shows_as_missing(warehouse, samples):
    la = load(samples, "la-csc-activity", "cambridgeshire-cc", Q3_MONTHS + Q4_MONTHS)
    police = load(samples, "police-safeguarding", "cambs-police", ("2021-01", "2021-03"))
    expected = expected_quarter(samples, "la-csc-activity", "cambridgeshire-cc", Q4_MONTHS)
    q3 = expected_quarter(samples, "la-csc-activity", "cambridgeshire-cc", Q3_MONTHS)

    with session_scope() as session:
        pack = single_agency_pack(session, "cambridgeshire-cc", "neglect", "2020-Q4")
        police_pack = single_agency_pack(session, "cambs-police", "cce", "2020-Q4")

    # Every measure of the agency for the priority, for its one area, equals the files.
    rows = rows_by(pack)
    assert {m for m, _ in rows} == {
        m.id
        for m in load_catalogue().measures
        if "neglect" in m.priorities and m.agency_kind == "local_authority"
    }
    assert {a for _, a in rows} == {CAMBS}
    # Children in care started, moves and missing come from the SSDA903 alone: none loaded,
    # so no figure (never a zero), and the pack lists them as missing.
    from_903_only = {"cic_started", "cic_placement_moves", "cic_missing_episodes"}
    for (measure, area), row in rows.items():
        if measure in from_903_only:
            assert row.current.value is None and row.series[-2].value is None, measure
            continue
        assert row.current.value == pytest.approx(expected[measure][area]), measure
        assert row.series[-2].value == pytest.approx(q3[measure][area]), measure
    # A flow is the sum of the quarter's months, a stock its March value, a ratio a
    # ratio of the quarter's sums (not an average of monthly ratios).
    contacts = rows[("contacts", CAMBS)]
    months = [read_rows(samples[("la-csc-activity", "cambridgeshire-cc", m)])[0] for m in Q4_MONTHS]
    assert contacts.current.value == sum(int(r["contacts"]) for r in months)
    assert contacts.current.submissions == tuple(la[3:])
    cp = rows[("cp_children", CAMBS)]
    assert cp.aggregation == "stock" and cp.current.value == 445  # the seed's 31 March figure
    assert cp.current.submissions == (la[-1],)
    rate = rows[("re_referral_rate", CAMBS)]
    assert rate.current.numerator == sum(int(r["re_referrals_12m"]) for r in months)
    assert rate.current.denominator == sum(int(r["referrals"]) for r in months)
    assert rate.current.value == pytest.approx(
        100 * rate.current.numerator / rate.current.denominator
    )
    assert set(rate.current.submissions) == set(la[3:])
    per_10k = rows[("cp_rate_per_10k", CAMBS)]
    assert per_10k.current.denominator == 138_600  # Cambridgeshire's children, 2020
    assert per_10k.current.value == pytest.approx(445 * 10_000 / 138_600)
    # Change and judgement: a rate where down is good, against a target of at most 20%.
    shown = round(rate.current.value, 1)
    assert rate.change == pytest.approx(shown - round(rate.series[-2].value, 1))
    assert rate.direction == (
        "same" if rate.change == 0 else "better" if rate.change < 0 else "worse"
    )
    assert rate.target == 20 and rate.target_status == ("met" if shown <= 20 else "not_met")
    assert contacts.direction == "same"  # neutral polarity: no judgement
    assert rows[("cp_second_or_subsequent_pct", CAMBS)].target_status == "no_target"
    # Nothing loaded for 2019-20: no figure a year earlier, never a zero.
    assert contacts.year_ago.quarter == "2019-Q4" and contacts.year_ago.value is None
    assert contacts.change_year is None
    catalogue = load_catalogue()
    assert set(pack.missing_measures) == {catalogue.measure(m).label for m in from_903_only}
    # The activity months were loaded years on; the statutory returns of the year 2020-21
    # (it ends in the quarter) were never sent.
    assert [(r.contract_id, r.period, r.status) for r in pack.returns] == [
        ("la-cin-census", "2020-21", "missing"),
        *(("la-csc-activity", m, "late") for m in Q4_MONTHS),
        ("la-ssda903", "2020-21", "missing"),
    ]

    # The police skipped February: the return is missing, the quarter's flows are blank
    # (not two months' worth), the March stock stands, districts roll up to Cambridgeshire.
    feb = next(r for r in police_pack.returns if r.period == "2021-02")
    assert feb.status == "missing" and feb.submission_id is None
    assert any(n.kind == "missing" and "February 2021" in n.text for n in police_pack.notes)
    prows = rows_by(police_pack)
    assert {a for _, a in prows} == {CAMBS, PBORO}
    assert prows[("missing_episodes_police", CAMBS)].current.value is None
    assert prows[("missing_episodes_police", CAMBS)].direction == "no_data"
    march = read_rows(samples[("police-safeguarding", "cambs-police", "2021-03")])
    flagged = sum(int(r["children_flagged_cce"]) for r in march if r["area_code"] != PBORO)
    assert prows[("children_flagged_cce", CAMBS)].current.value == flagged
    assert prows[("children_flagged_cce", CAMBS)].current.submissions == (police[-1],)

    # Cambridgeshire corrects March with contacts up 60%: the figure follows the loaded
    # version, the pack says it was revised, and the query it raised (CSC-101) is noted.
    before = int(months[-1]["contacts"])
    after = round(before * 1.6)
    contract = get_contract("la-csc-activity")
    corrected = csv_bytes(contract, [{**months[-1], "contacts": after}])
    fixed = ingest("la-csc-activity", "cambridgeshire-cc", corrected, "2021-03-v2.csv")
    assert fixed.submission.status == "loaded" and fixed.submission.query_count
    with session_scope() as session:
        again = single_agency_pack(session, "cambridgeshire-cc", "neglect", "2020-Q4")
    contacts = rows_by(again)[("contacts", CAMBS)]
    assert contacts.current.value == sum(int(r["contacts"]) for r in months) - before + after
    assert contacts.current.submissions == (*la[3:5], fixed.submission.id)
    revised = [n for n in again.notes if n.kind == "revised"]
    assert [n.submission_id for n in revised] == [fixed.submission.id]
    assert f"from {before:,} to {after:,}" in revised[0].text and "March 2021" in revised[0].text
    queries = [n for n in again.notes if n.kind == "query"]
    assert queries and "CSC-101" in queries[0].text
    march = next(r for r in again.returns if r.period == "2021-03")
    assert march.submission_id == fixed.submission.id and march.queries >= 1


def test_an_agency_with_no_data_gets_rows_of_none_and_a_list_of_what_is_missing(warehouse):
    with session_scope() as session:
        pack = single_agency_pack(session, "peterborough-cc", "csa", "2020-Q4")
        cons = consolidated_pack(session, "2020-Q4", [pack])
    assert pack.measures and all(v.value is None for r in pack.measures for v in r.series)
    assert {r.area_code for r in pack.measures} == {PBORO}
    assert "Contacts to children's social care" in pack.missing_measures
    assert {r.status for r in pack.returns} == {"missing"}
    assert all(r.target_status in ("no_data", "no_target") for r in pack.measures)
    pboro = next(c for c in cons.compliance if c.agency_id == "peterborough-cc")
    # Three months each of la-csc-activity and la-csc-episodes, and the year 2020-21 (it
    # ends in the quarter) of the CIN census and the SSDA903.
    assert (pboro.due, pboro.received, pboro.on_time, pboro.passed) == (8, 0, 0, 0)
    assert len({r.measure_id for r in cons.dashboard["csa"]}) == 3


def test_a_rate_with_no_population_for_its_year_says_why(warehouse):
    """areas.yaml has child populations up to 2021-22: a 2022-23 quarter's rate per 10,000
    is blank, and the row and the notes say it is for want of the population, while the
    count it divides is printed."""
    from tests.conftest import activity_row

    contract = get_contract("la-csc-activity")
    for month in ("2022-04", "2022-05", "2022-06"):
        data = csv_bytes(contract, [activity_row(area=CAMBS, month=month)])
        assert ingest(contract.id, "cambridgeshire-cc", data, f"{month}.csv").submission.status
    with session_scope() as session:
        pack = single_agency_pack(session, "cambridgeshire-cc", "neglect", "2022-Q1")
    rows = rows_by(pack)
    rate, count = rows[("cp_rate_per_10k", CAMBS)], rows[("cp_children", CAMBS)]
    assert count.current.value == 360 and rate.current.value is None
    assert dict(rate.blank_reasons) == {"2022-Q1": "no child population figure for 2022-23"}
    assert count.blank_reasons == ()
    notes = [n.text for n in pack.notes if n.kind == "population"]
    assert notes == [
        f"{label} per 10,000 children, Cambridgeshire: no child population figure for "
        "2022-23, so the rate per 10,000 children is left blank for Q1 2022-23; the count "
        "it divides is in the pack."
        for label in ("Children on a CP plan", "Children in care")
    ]
    # a year that has its population: no such note
    with session_scope() as session:
        earlier = single_agency_pack(session, "cambridgeshire-cc", "neglect", "2021-Q4")
    assert not [n for n in earlier.notes if n.kind == "population"]


# --- commentary ----------------------------------------------------------------------------


def test_commentary_comes_back_when_the_priority_is_next_reviewed(warehouse):
    written = {
        "worked_well": "GCP2 training reached every team.",
        "improvement": "Re-referrals: audit in May.",
        "multi_agency": "",
        "escalation": "Health visitor vacancies in Fenland.",
    }
    with session_scope() as session:
        store_commentary(
            session, "cambridgeshire-cc", "neglect", "2020-Q1", written, source="a.docx"
        )
        # Sent again, corrected: replaces the text, the event log keeps both imports.
        store_commentary(
            session,
            "cambridgeshire-cc",
            "neglect",
            "2020-Q1",
            {**written, "multi_agency": "Police to join the audit."},
            source="a-v2.docx",
        )
        with pytest.raises(CommentaryError, match="Unknown commentary section"):
            store_commentary(session, "cambridgeshire-cc", "neglect", "2020-Q1", {"wellbeing": "x"})
        stored = get_commentary(session, "cambridgeshire-cc", "neglect", "2020-Q1")
        events = session.exec(select(Event).where(Event.kind == "commentary_imported")).all()
        pack = single_agency_pack(session, "cambridgeshire-cc", "neglect", "2020-Q3")
        other_priority = single_agency_pack(session, "cambridgeshire-cc", "cce", "2020-Q3")
        too_soon = last_time(session, "cambridgeshire-cc", "neglect", "2020-Q2")
        seen = escalations(session, ["2020-Q1"])
        cons = consolidated_pack(session, "2020-Q2", [])

    assert stored is not None and stored.sections["multi_agency"] == "Police to join the audit."
    assert stored.source == "a-v2.docx" and len(events) == 2
    assert pack.last_time is not None
    assert pack.last_time.quarter == "2020-Q1"
    assert pack.last_time.sections == {**written, "multi_agency": "Police to join the audit."}
    assert other_priority.last_time is None
    assert too_soon is not None  # Q2 is off neglect's rota: its last review is still Q1
    assert [(e.agency_id, e.priority_id, e.text) for e in seen] == [
        ("cambridgeshire-cc", "neglect", "Health visitor vacancies in Fenland.")
    ]
    # The meeting after: the previous quarter's returned escalations are in its pack.
    assert [e.quarter for e in cons.escalations] == ["2020-Q1"]


# --- building ------------------------------------------------------------------------------


def test_a_rebuild_renders_only_packs_whose_figures_changed(warehouse, samples, tmp_path):
    load(samples, "la-csc-activity", "cambridgeshire-cc", ("2021-01", "2021-02"))
    renderer = FakeRenderer()
    out = tmp_path / "packs"
    with session_scope() as session:
        plan = [f"2020-Q4_{a.id}_{p.id}" for a, p in pack_plan("2020-Q4")]

    first = build_packs("2020-Q4", out_dir=out, renderer=renderer)
    assert sorted(first.rebuilt) == sorted(plan) and first.skipped == []
    assert first.consolidated and first.index == out / "index.html"
    assert renderer.calls[-2:] == ["2020-Q4_consolidated", "2020-Q4_index"]
    index = first.index.read_text()
    assert "consolidated 2020-Q4_consolidated" in index.splitlines()[0]

    renderer.calls.clear()
    second = build_packs("2020-Q4", out_dir=out, renderer=renderer)
    assert second.rebuilt == [] and sorted(second.skipped) == sorted(plan)
    assert not second.consolidated and renderer.calls == []
    assert second.index == first.index

    load(samples, "la-csc-activity", "cambridgeshire-cc", ("2021-03",))
    renderer.calls.clear()
    third = build_packs("2020-Q4", out_dir=out, renderer=renderer)
    assert sorted(third.rebuilt) == [
        "2020-Q4_cambridgeshire-cc_adolescent-wellbeing",
        "2020-Q4_cambridgeshire-cc_csa",
    ]
    assert third.consolidated and "2020-Q4_index" in renderer.calls

    # A deleted file is rendered again; --force renders everything.
    (out / "2020-Q4_cp-cdop_learning.docx").unlink()
    fourth = build_packs("2020-Q4", out_dir=out, renderer=renderer)
    assert fourth.rebuilt == ["2020-Q4_cp-cdop_learning"]
    forced = build_packs("2020-Q4", out_dir=out, force=True, renderer=renderer)
    assert sorted(forced.rebuilt) == sorted(plan) and forced.consolidated

    # One agency only: its packs, and the consolidated pack waits for a full build.
    narrow = build_packs("2020-Q4", agency="cp-icb", out_dir=out, force=True, renderer=renderer)
    assert all("_cp-icb_" in s for s in narrow.rebuilt) and narrow.index is None

    with session_scope() as session:
        row = session.get(PackBuild, ("2020-Q4", "2020-Q4_cambridgeshire-cc_csa"))
    assert (
        row is not None
        and row.inputs_sha256
        and row.path.split(";")
        == [
            "2020-Q4_cambridgeshire-cc_csa.docx",
            "2020-Q4_cambridgeshire-cc_csa.html",
        ]
    )


def test_a_burst_of_loads_causes_one_background_build(warehouse, monkeypatch):
    from workers.packs import build
    from workers.runtime import actors
    from workers.runtime.embedded import EmbeddedRuntime

    renderer = FakeRenderer()
    builds: list[str] = []
    real_build = build.build_packs

    def counting_build(quarter, *args, **kwargs):
        builds.append(quarter)
        return real_build(quarter, *args, renderer=renderer, **kwargs)

    monkeypatch.setenv("SDH_PACK_DEBOUNCE_SECONDS", "1")
    monkeypatch.setenv("SDH_PACKS_AUTO_BUILD", "true")
    monkeypatch.setattr(build, "build_packs", counting_build)
    with EmbeddedRuntime(threads=3) as rt:
        for period in ("2021-01", "2021-02", "2021-03", "2021-01", "2020-Q4"):
            actors.warehouse_changed.send("la-csc-activity", period)
        rt.drain(timeout=60)
    assert builds == ["2020-Q4"]
    assert "2020-Q4_consolidated" in renderer.calls
    with session_scope() as session:
        row = session.get(PackBuild, ("2020-Q4", QUARTER_ROW))
        changes = session.exec(select(Event).where(Event.kind == "warehouse_changed")).all()
    assert row is not None and row.built_at >= row.requested_at
    assert len(changes) == 5


def test_a_process_busy_building_sends_the_next_quarter_again(warehouse, monkeypatch):
    """One build at a time per process: a second quarter is sent again later, so it never
    holds a worker thread while it waits (validation and loading need them)."""
    from workers.packs import triggers

    sent: list[tuple[str, float]] = []
    monkeypatch.setattr(triggers, "_send", lambda quarter, delay: sent.append((quarter, delay)))
    with session_scope() as session:
        triggers.request_rebuild(session, ["2020-Q3", "2020-Q4"])
        triggers.request_rebuild(session, ["2020-Q4"])  # again: an update, not a second row
        session.commit()
    built: list[str] = []
    with triggers._BUILDING:
        assert triggers.run_pending_build("2020-Q3", debounce=0, build=built.append) == "waiting"
    assert sent == [("2020-Q3", triggers.BUSY_RETRY_SECONDS)] and built == []
    assert triggers.run_pending_build("2020-Q3", debounce=0, build=built.append) == "built"
    assert built == ["2020-Q3"]


# --- the command line ----------------------------------------------------------------------


def test_cli_builds_lists_and_imports_commentary(warehouse, monkeypatch, tmp_path):
    import typer

    from workers.packs import build, cli

    renderer = FakeRenderer()
    monkeypatch.setattr(build, "default_renderer", lambda: renderer)
    app = typer.Typer()
    cli.register(app)
    runner = CliRunner()
    out = tmp_path / "out"

    result = runner.invoke(app, ["packs", "build", "--quarter", "2020-Q4", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "10 pack(s), 10 rebuilt, 0 unchanged" in result.output
    assert str(out.resolve()) in result.output.replace("\n", "")

    result = runner.invoke(app, ["packs", "list", "--quarter", "2020-Q4"])
    assert result.exit_code == 0, result.output
    assert "Child sexual abuse" in result.output and "not built" not in result.output

    # a real pack, filled in as Word would, with a line typed below a box
    from tests.unit.test_pack_render import _box, _edited, _fill, example_single_pack
    from workers.packs.render import render_single

    filled = render_single(example_single_pack(), tmp_path / "real")[0]
    _fill(filled, {"escalation": ["Level 3 training."], "completed_by": ["A. Officer"]})
    with _edited(filled) as document:
        below = copy.deepcopy(document.paragraphs[-1]._p)  # a paragraph after the box
        for t in below.iter(qn("w:t")):
            t.text = ""
        next(below.iter(qn("w:t"))).text = "Typed under the box."
        _box(document, "escalation")._tbl.addnext(below)
    monkeypatch.setenv("COLUMNS", "200")  # rich wraps at 80 columns otherwise
    result = runner.invoke(app, ["packs", "import-commentary", str(filled), "--by", "bu"])
    assert result.exit_code == 0, result.output
    assert "(1 of 4 sections filled in)" in result.output
    assert "Sign-off: completed by: A. Officer" in result.output
    assert "warning: Typed outside the answer boxes" in result.output
    assert "“Typed under the box.”" in result.output
    with session_scope() as session:
        assert escalations(session, ["2020-Q4"])[0].text == "Level 3 training."
        stored = get_commentary(session, "cambridgeshire-cc", "neglect", "2020-Q4")
        assert stored is not None and stored.sign_off["completed_by"] == "A. Officer"

    result = runner.invoke(app, ["packs", "build", "--quarter", "2020-13"])
    assert result.exit_code == 2 and "2020-Q1" in result.output


def test_steward_decisions_appear_in_the_notes(warehouse, samples, activity):
    """An overridden error and an explained query are shown with the steward's reasons."""
    from tests.conftest import activity_row, csv_bytes
    from workers.review.actions import accept_queries, override_error
    from workers.review.followups import load_now

    load(samples, "la-csc-activity", "cambridgeshire-cc", ["2021-01", "2021-02"])
    # March: referrals above contacts (an error the steward accepts) and contacts up more
    # than half on February (a query the steward explains).
    feb = read_rows(samples[("la-csc-activity", "cambridgeshire-cc", "2021-02")])[0]
    contacts = int(int(feb["contacts"]) * 1.8)
    march = ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(
            activity,
            [
                activity_row(
                    month="2021-03", contacts=contacts, referrals=contacts + 1, re_referrals_12m=10
                )
            ],
        ),
        "march.csv",
    ).submission
    assert march.status == "needs_review"
    with session_scope() as session:
        override_error(
            session,
            march.id,
            "CSC-020",
            "a.steward",
            "Referrals include a batch recorded without a contact",
            enqueue_load=load_now,
        )
    with session_scope() as session:
        accept_queries(session, march.id, "a.steward", "A campaign doubled contacts in March")
    with session_scope() as session:
        pack = single_agency_pack(session, "cambridgeshire-cc", "neglect", "2020-Q4")
    march_status = next(r for r in pack.returns if r.period == "2021-03")
    assert march_status.status == "overridden"
    texts = [n.text for n in pack.notes]
    assert any(
        n.kind == "override" and "CSC-020" in n.text and "without a contact" in n.text
        for n in pack.notes
    ), texts
    assert any(
        n.kind == "query" and "Explained by a.steward: A campaign" in n.text for n in pack.notes
    ), texts
