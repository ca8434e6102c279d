"""The CIN census end to end: the DfE's rules (Data to Insight's validator, in its own
environment) find the planted defects by their codes, the children they concern are held
back, the rest load, and the figures derived from them are the activity returns'."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import TEST_KEY
from workers.pipeline import ingest
from workers.sample.generate import PBORO
from workers.statutory.dfe_rules import run_rules
from workers.statutory.sample import PLANTED_CIN, activity_months, cin_census, scaled

SCALE = 0.4  # two fifths of Peterborough: about 1,150 children (3 held: under 1%)


@pytest.fixture(scope="module")
def census(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cin") / "2020-21.xml"
    path.write_text(cin_census(PBORO, plant=True, scale=SCALE), encoding="utf-8")
    return path


def test_the_cin_validator_finds_each_planted_defect_by_its_dfe_code(census):
    verdict = run_rules("cin", "cin2022_23", [(census, census.name)], TEST_KEY.encode())
    codes = {f.code for f in verdict.findings}
    assert set(PLANTED_CIN) <= codes
    assert codes == set(PLANTED_CIN)  # and nothing else: the rest of the sample is clean
    assert verdict.rules["2886Q"].severity == "query"
    assert verdict.rules["1510"].severity == "error"


def test_the_census_is_read_as_the_validators_own_reader_reads_it(tmp_path):
    """The runner reads the XML in one pass rather than with the validator's reader (whose
    time grows with the square of the children); the rules must see the same tables."""
    path = tmp_path / "2020-21.xml"
    path.write_text(cin_census(PBORO, plant=True, scale=0.05), encoding="utf-8")
    key = TEST_KEY.encode()
    ours = run_rules("cin", "cin2022_23", [(path, path.name)], key)
    theirs = run_rules("cin", "cin2022_23", [(path, path.name)], key, ingress="validator")
    assert ours.tables == theirs.tables
    assert ours.findings == theirs.findings and ours.findings
    assert ours.whole_return == theirs.whole_return


def test_ingest_holds_the_failing_children_and_loads_the_rest(warehouse, census):
    """`sdh ingest la-cin-census`: DfE codes with table, row, column and child; the
    children they concern held, the rest loaded, pseudonymised, into the packs' facts."""
    result = ingest("la-cin-census", "peterborough-cc", census, census.name)
    report, submission = result.report, result.submission
    assert report is not None
    assert submission.status == "loaded"
    assert submission.period_label == "2020-21"
    assert submission.rows_held == len(PLANTED_CIN)
    assert submission.rows_loaded + submission.rows_held == submission.rows_received
    with warehouse.connect() as conn:
        issues = conn.execute(
            text(
                "SELECT rule_code, table_name, row_number, column_name, child_key, value "
                "FROM rowissue ORDER BY rule_code"
            )
        ).all()
        upn = next(i for i in issues if i.rule_code == "1510")
        assert (upn.table_name, upn.column_name, upn.value) == (
            "ChildIdentifiers",
            "UPN",
            "(withheld)",
        )
        assert upn.row_number >= 2 and len(upn.child_key) == 32
        ethnicity = next(i for i in issues if i.rule_code == "4220")
        assert (ethnicity.table_name, ethnicity.value) == ("ChildCharacteristics", "ZZZZ")
        held = conn.execute(text("SELECT reason FROM rowhold")).scalars().all()
        assert any("1510" in r for r in held)
        # The figures the packs read are the sample activity returns', month by month.
        months = scaled(activity_months(PBORO), SCALE)
        derived = dict(
            conn.execute(
                text(
                    "SELECT period_label, value FROM v_current_measure_fact "
                    "WHERE measure_id = 'referrals' AND area_code = :a"
                ),
                {"a": PBORO},
            ).all()
        )
        assert derived == {m["month"]: float(m["referrals"]) for m in months}
        stock = conn.execute(
            text(
                "SELECT value FROM v_current_measure_fact WHERE measure_id = 'cp_children' "
                "AND period_label = '2021-03'"
            )
        ).scalar_one()
        assert stock == months[-1]["cp_children_total"]
        # No raw identifier, and no whole date of birth, is kept anywhere.
        raw = census.read_text(encoding="utf-8")
        secrets = [
            raw.split(f"<{tag}>")[1].split("<")[0]
            for tag in ("LAchildID", "UPN", "PersonBirthDate")
        ]
        for table in ("rowissue", "child_event_fact", "rowhold", "event", "measure_fact"):
            dump = repr(conn.execute(text(f"SELECT * FROM {table}")).all())
            for secret in secrets:
                assert secret not in dump, (table, secret)


def test_the_census_counts_over_la_csc_activity_and_a_disagreement_is_a_query(warehouse, census):
    """The catalogue makes the census authoritative for referrals: where both feeds give a
    month, the packs' facts are the census's; a month whose activity return says otherwise
    by more than the tolerance is a query naming both figures. Contacts, which only the
    activity return gives, still come from it."""
    from tests.conftest import csv_bytes
    from workers.contracts.loader import get_contract

    activity = get_contract("la-csc-activity")
    months = scaled(activity_months(PBORO), SCALE)
    april, may = dict(months[0]), dict(months[1])
    april["referrals"] = round(april["referrals"] * 1.3)  # the activity return disagrees
    for row in (april, may):  # parts scaled one by one still add up to their total
        row["cp_children_total"] = sum(
            row[c] for c in row if c.startswith("cp_children_") and c != "cp_children_total"
        )
    for row in (april, may):
        done = ingest(
            "la-csc-activity", "peterborough-cc", csv_bytes(activity, [row]), f"{row['month']}.csv"
        )
        assert done.submission.status == "loaded", done.report and [
            (o.rule.code, o.issues[:1]) for o in done.report.outcomes if o.failed
        ]
    result = ingest("la-cin-census", "peterborough-cc", census, census.name)
    assert result.submission.status == "loaded"  # a query does not hold anything back
    assert result.report is not None
    agreement = result.report.outcome("statutory.agreement")
    assert agreement is not None and agreement.rule.severity == "query"
    flagged = {i.value: i.message for i in agreement.issues}
    census_referrals = months[0]["referrals"] + months[1]["referrals"]
    assert "referrals" in flagged
    assert f"{census_referrals:,} from this return" in flagged["referrals"]
    assert f"{april['referrals'] + may['referrals']:,} on la-csc-activity" in flagged["referrals"]
    with warehouse.connect() as conn:

        def current(measure: str) -> list[tuple[str, float]]:
            return conn.execute(
                text(
                    "SELECT contract_id, value FROM v_current_measure_fact "
                    "WHERE measure_id = :m AND period_label = '2020-04'"
                ),
                {"m": measure},
            ).all()

        assert current("referrals") == [("la-cin-census", float(months[0]["referrals"]))]
        assert current("contacts") == [("la-csc-activity", float(april["contacts"]))]
