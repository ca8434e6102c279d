"""Receiving, validating and loading returns into the warehouse, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from tests.conftest import TEST_KEY, activity_row, csv_bytes, episode_row
from workers.contracts.loader import get_contract
from workers.load import load_submission
from workers.pipeline import ingest
from workers.pseudonymise import pseudonymise
from workers.sources.landing import default_store
from workers.validation.run import validate_submission
from workers.warehouse.db import session_scope
from workers.warehouse.models import (
    ChildEventFact,
    Event,
    MeasureFact,
    RowHold,
    RowIssue,
    Submission,
)


def _facts(engine, submission_id: int) -> dict[str, float]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT measure_id, value FROM measure_fact WHERE submission_id = :s"),
            {"s": submission_id},
        ).all()
    return {r.measure_id: r.value for r in rows}


def _current(engine, measure: str, area: str, period: str) -> list[float]:
    with engine.connect() as conn:
        return [
            r.value
            for r in conn.execute(
                text(
                    "SELECT value FROM v_current_measure_fact WHERE measure_id = :m "
                    "AND area_code = :a AND period_label = :p"
                ),
                {"m": measure, "a": area, "p": period},
            )
        ]


def _events(submission_id: int) -> list[str]:
    with session_scope() as s:
        return [
            e.kind
            for e in s.exec(
                select(Event).where(Event.submission_id == submission_id).order_by(Event.id)
            )
        ]


def test_valid_return_is_loaded_with_every_measure(warehouse, activity):
    result = ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row()]),
        "cambs-2020-04.csv",
    )
    sub = result.submission
    assert sub.status == "loaded"
    assert (sub.rows_received, sub.rows_loaded, sub.rows_held) == (1, 1, 0)
    assert sub.period_label == "2020-04"
    facts = _facts(warehouse, sub.id)
    assert facts["contacts"] == 2000
    assert facts["cp_children"] == 360
    assert len(facts) == len(activity.measure_columns)
    assert _events(sub.id) == [
        "received",
        "validating_started",
        "validated",
        "loading_started",
        "loaded",
    ]


def test_identical_redelivery_loads_nothing_new(warehouse, activity):
    data = csv_bytes(activity, [activity_row()])
    first = ingest("la-csc-activity", "cambridgeshire-cc", data, "a.csv")
    again = ingest("la-csc-activity", "cambridgeshire-cc", data, "a-copy.csv")
    assert again.receipt.duplicate
    assert again.submission.id == first.submission.id
    with session_scope() as s:
        assert len(s.exec(select(Submission)).all()) == 1
        assert len(s.exec(select(MeasureFact)).all()) == len(activity.measure_columns)
    assert _events(first.submission.id)[-1] == "duplicate_received"


def test_correction_supersedes_and_both_stay_in_lineage(warehouse, activity):
    first = ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row(contacts=2000)]),
        "v1.csv",
    ).submission
    second = ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row(contacts=2100)]),
        "v2.csv",
    ).submission
    assert second.status == "loaded"
    assert second.supersedes_id == first.id
    with session_scope() as s:
        old = s.get(Submission, first.id)
        assert old.status == "superseded" and old.superseded_by_id == second.id
    # The old facts stay for lineage; only the new version is reported.
    assert _facts(warehouse, first.id)["contacts"] == 2000
    assert _current(warehouse, "contacts", "E10000003", "2020-04") == [2100]


def test_other_agency_and_other_period_are_not_superseded(warehouse, activity):
    ingest("la-csc-activity", "cambridgeshire-cc", csv_bytes(activity, [activity_row()]), "c.csv")
    ingest(
        "la-csc-activity",
        "peterborough-cc",
        csv_bytes(activity, [activity_row(area="E06000031")]),
        "p.csv",
    )
    ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row(month="2020-05", contacts=2100)]),
        "c5.csv",
    )
    with session_scope() as s:
        statuses = [x.status for x in s.exec(select(Submission).order_by(Submission.id))]
    assert statuses == ["loaded", "loaded", "loaded"]


def test_return_with_errors_is_held_whole_and_nothing_loaded(warehouse, activity):
    data = csv_bytes(activity, [activity_row(referrals=2500)])
    result = ingest("la-csc-activity", "cambridgeshire-cc", data, "bad.csv")
    sub = result.submission
    assert sub.status == "needs_review"
    assert sub.error_count == 1
    assert _facts(warehouse, sub.id) == {}
    with session_scope() as s:
        issues = s.exec(select(RowIssue)).all()
    assert [(i.rule_code, i.row_number, i.column_name, i.column_letter) for i in issues] == [
        ("CSC-020", 2, "referrals", "D")
    ]
    # A corrected return for the same period loads; the failed one stays in the lineage.
    fixed = ingest(
        "la-csc-activity", "cambridgeshire-cc", csv_bytes(activity, [activity_row()]), "fixed.csv"
    ).submission
    assert fixed.status == "loaded"
    with session_scope() as s:
        assert s.get(Submission, sub.id).status == "superseded"


def test_unreadable_file_is_recorded_with_its_error(warehouse):
    result = ingest("la-csc-activity", "cambridgeshire-cc", b"area_code;month\nx;y\n", "semi.csv")
    sub = result.submission
    assert sub.status == "needs_review"
    with session_scope() as s:
        issue = s.exec(select(RowIssue)).one()
    assert issue.rule_code == "file.delimiter"
    assert "semicolons" in issue.message


def test_steps_are_idempotent(warehouse, activity):
    store = default_store()
    result = ingest(
        "la-csc-activity", "cambridgeshire-cc", csv_bytes(activity, [activity_row()]), "a.csv"
    )
    sid = result.submission.id
    with session_scope() as s:
        assert validate_submission(s, sid, store) is None  # already past received
    with session_scope() as s:
        load_submission(s, sid, store)  # already loaded: nothing changes
    assert len(_facts(warehouse, sid)) == len(activity.measure_columns)
    assert _events(sid).count("loaded") == 1


def test_load_replayed_after_partial_state_does_not_double(warehouse, activity):
    """A crash after facts were written but before the status changed: the replay clears
    them first, so the figures are not doubled."""
    store = default_store()
    result = ingest(
        "la-csc-activity", "cambridgeshire-cc", csv_bytes(activity, [activity_row()]), "a.csv"
    )
    sid = result.submission.id
    with session_scope() as s:
        sub = s.get(Submission, sid)
        sub.status = "validated"  # as if the crash came before the status was written
        s.add(sub)
        s.commit()
    with session_scope() as s:
        load_submission(s, sid, store)
    assert _current(warehouse, "contacts", "E10000003", "2020-04") == [2000]


def _episodes_csv(rows: list[dict]) -> bytes:
    return csv_bytes(get_contract("la-csc-episodes"), rows)


def _episode(child: str, event: str = "referral", day: str = "2022-01-10", **kw) -> dict:
    return episode_row(child, event_type=event, event_date=day, **({"age": 7} | kw))


def test_child_level_bad_rows_are_held_and_accounted_for(warehouse):
    """Under the contract's share (1%: docs/acceptance.md, "When rows are held"), the bad
    row is held and the others load."""
    rows = [_episode(f"CAM-{i:06d}") for i in range(1, 150)]
    rows.append(_episode("CAM-000999", day="2021-12-31"))  # outside January: held
    result = ingest(
        "la-csc-episodes", "cambridgeshire-cc", _episodes_csv(rows), "ep.csv", period="2022-01"
    )
    sub = result.submission
    assert sub.status == "loaded"
    assert (sub.rows_received, sub.rows_loaded, sub.rows_held) == (150, 149, 1)
    assert sub.rows_received == sub.rows_loaded + sub.rows_held
    with session_scope() as s:
        hold = s.exec(select(RowHold)).one()
        assert hold.row_number == 151
        assert "period.date" in hold.reason
        keys = [f.child_key for f in s.exec(select(ChildEventFact))]
    assert len(keys) == 149


def test_no_raw_child_identifier_reaches_the_database(warehouse):
    raw_ids = [f"PBO-{i:06d}" for i in range(1, 120)]  # one bad row in 120 is held

    rows = [_episode(r, area_code="E06000031") for r in raw_ids]
    rows.append(_episode("bad id!", area_code="E06000031"))  # fails the pattern: held
    ingest("la-csc-episodes", "peterborough-cc", _episodes_csv(rows), "ep.csv", period="2022-01")
    dump = []
    with warehouse.connect() as conn:
        tables = [t for t in warehouse.dialect.get_table_names(conn)]
        for table in tables:
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                dump.append(" ".join(str(v) for v in row))
    everything = "\n".join(dump).upper()
    for raw in [*raw_ids, "BAD ID!"]:
        assert raw.upper() not in everything
    assert pseudonymise("PBO-000001", TEST_KEY.encode()) in "\n".join(dump)


def test_correction_closes_the_failed_version_waiting_for_review(warehouse, activity):
    failed = ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row(referrals=2500)]),
        "bad.csv",
    ).submission
    assert failed.status == "needs_review"
    fixed = ingest(
        "la-csc-activity", "cambridgeshire-cc", csv_bytes(activity, [activity_row()]), "fixed.csv"
    ).submission
    assert fixed.status == "loaded"
    with session_scope() as s:
        old = s.get(Submission, failed.id)
    assert old.status == "superseded" and old.superseded_by_id == fixed.id
    assert fixed.supersedes_id is None  # nothing loaded was replaced


def test_older_version_loading_late_does_not_overwrite_the_newer(warehouse, activity):
    """Two versions in flight: the newer loads first; the older must not replace it."""
    store = default_store()
    from workers.sources.intake import Delivery, receive_return

    ids = []
    with session_scope() as s:
        for contacts in (2000, 2222):
            ids.append(
                receive_return(
                    s,
                    store,
                    Delivery(
                        "la-csc-activity",
                        "cambridgeshire-cc",
                        csv_bytes(activity, [activity_row(contacts=contacts)]),
                        f"v{contacts}.csv",
                    ),
                ).submission_id
            )
    older, newer = ids
    for sid in (newer, older):
        with session_scope() as s:
            validate_submission(s, sid, store)
        with session_scope() as s:
            load_submission(s, sid, store)
    with session_scope() as s:
        late = s.get(Submission, older)
        assert late.status == "superseded" and late.superseded_by_id == newer
        assert (late.rows_received, late.rows_loaded, late.rows_held) == (1, 0, 1)
        assert s.get(Submission, newer).status == "loaded"
    assert _current(warehouse, "contacts", "E10000003", "2020-04") == [2222]


def test_derived_indicators_are_ratios_of_the_loaded_figures(warehouse, activity):
    """sql/views/03_v_ratio_indicator.sql: % within timescale and rates per 10,000 children,
    recomputed from numerator and denominator."""
    ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(
            activity,
            [
                activity_row(
                    referrals=400,
                    re_referrals_12m=80,
                    assessments_completed=350,
                    assessments_within_45wd=301,
                )
            ],
        ),
        "a.csv",
    )
    with warehouse.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT measure_id, numerator, denominator, value FROM v_ratio_indicator "
                "WHERE area_code = 'E10000003' AND period_label = '2020-04'"
            )
        ).all()
    got = {r.measure_id: r for r in rows}
    assert got["re_referral_rate"].value == pytest.approx(20.0)
    assert got["assessments_within_45wd_pct"].value == pytest.approx(100 * 301 / 350)
    # 360 children on a plan; Cambridgeshire's 0-17 population for 2020 is 138,600.
    cp = got["cp_rate_per_10k"]
    assert (cp.numerator, cp.denominator) == (360, 138600)
    assert cp.value == pytest.approx(360 * 10000 / 138600)
    # Nothing loaded for Peterborough: no indicator, rather than a zero.
    with warehouse.connect() as conn:
        none = conn.execute(
            text("SELECT COUNT(*) FROM v_ratio_indicator WHERE area_code = 'E06000031'")
        ).scalar()
    assert none == 0
