"""The acceptance policy (docs/acceptance.md), one case of issue 14 at a time: each was a
figure a statutory board could have acted on wrongly. Every test names the paragraph of
the policy it checks; each runs on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from tests.conftest import activity_row, csv_bytes, episode_row
from workers.cli import app as cli
from workers.contracts.loader import get_contract
from workers.pipeline import ingest
from workers.review.actions import accept_holds, override_error, reject
from workers.review.followups import load_now
from workers.review.queue import review_queue
from workers.warehouse.db import session_scope
from workers.warehouse.models import ChildEventFact, MeasureFact, RowFailure, Submission

CAMBS, PBORO = "cambridgeshire-cc", "peterborough-cc"
EPISODES = "la-csc-episodes"
STEWARD, WHY = "a.steward", "seen with the agency"


def episodes(n: int, bad: int = 0, *, field: str = "age", value: Any = 30, day="2022-01-10"):
    """``n`` rows of January 2022, the first ``bad`` breaking one error rule."""
    rows = [
        episode_row(f"CAM-{i:06d}", **({"event_date": day} | ({field: value} if i < bad else {})))
        for i in range(n)
    ]

    return csv_bytes(get_contract(EPISODES), rows)


def facts(sid: int) -> list[ChildEventFact]:
    with session_scope() as s:
        return list(s.exec(select(ChildEventFact).where(ChildEventFact.submission_id == sid)))


def sub(sid: int) -> Submission:
    with session_scope() as s:
        found = s.get(Submission, sid)
        assert found is not None
        return found


# --- 1. The complete record decides ("When rows are held", 1) ------------------------------


def test_every_failing_row_is_held_however_many_fail_one_rule(warehouse, monkeypatch):
    """11,000 rows all failing ``range.age``: the page shows the first 10,000 issues, and
    all 11,000 rows are recorded and held; none reaches the warehouse, whatever the
    steward decides about the rest."""
    data = episodes(11_000, bad=11_000)
    result = ingest(EPISODES, CAMBS, data, "ep.csv", period="2022-01")
    s = result.submission
    assert s.status == "needs_review"  # every row fails
    report = result.report
    assert report is not None
    outcome = report.outcome("range.age")
    assert outcome is not None and outcome.failed == 11_000 and len(outcome.issues) == 10_000
    with session_scope() as session:
        recorded = session.exec(select(RowFailure).where(RowFailure.rule_code == "range.age")).all()
    assert len(recorded) == 11_000
    with session_scope() as session, pytest.raises(Exception, match="every row fails"):
        accept_holds(session, s.id, STEWARD, WHY, enqueue_load=load_now)
    assert facts(s.id) == []


def test_held_rows_are_decided_on_the_complete_record_not_the_issues_shown(warehouse):
    """12,000 rows, 11,000 failing one rule: the steward accepts the holds; exactly the
    1,000 good rows load and 11,000 are held (a capped list held only 10,000 of them, and
    1,000 bad rows loaded)."""
    data = episodes(12_000, bad=11_000)
    s = ingest(EPISODES, CAMBS, data, "ep.csv", period="2022-01").submission
    with session_scope() as session:
        accept_holds(session, s.id, STEWARD, WHY, enqueue_load=load_now)
    done = sub(s.id)
    assert (done.status, done.rows_loaded, done.rows_held) == ("loaded", 1_000, 11_000)
    loaded = facts(s.id)
    assert len(loaded) == 1_000 and all(f.age is not None and f.age <= 17 for f in loaded)


# --- 2. A mostly failing return waits ("When a return waits for a steward", 3 and 4) --------


def test_a_mostly_failing_return_waits_and_does_not_replace_a_clean_one(warehouse):
    clean = ingest(EPISODES, CAMBS, episodes(6_000), "jan.csv", period="2022-01").submission
    assert (clean.status, clean.rows_held) == ("loaded", 0)
    worse = ingest(EPISODES, CAMBS, episodes(6_000, bad=3_600), "jan-v2.csv", period="2022-01")
    assert worse.submission.status == "needs_review"
    assert sub(clean.id).status == "loaded", "the clean version still counts"
    report = worse.report
    assert report is not None and report.decision is not None
    assert not report.decision.loads and "3,600 of 6,000" in report.decision.reason
    with session_scope() as session:
        queue = {i.submission_id: i.waiting_for for i in review_queue(session)}
    assert worse.submission.id in queue


def test_a_few_held_rows_load_the_rest_and_the_steward_decides_them(warehouse):
    """Under the contract's share (1%) the return loads with its bad rows held; it waits in
    the queue until the steward releases the rows (an override) or rejects them."""
    s = ingest(
        EPISODES, CAMBS, episodes(400, bad=2, field="gender", value="7"), "ep.csv", period="2022-01"
    ).submission
    assert (s.status, s.rows_loaded, s.rows_held) == ("loaded", 398, 2)
    with session_scope() as session:
        waiting = {i.submission_id: i.waiting_for for i in review_queue(session)}
    assert waiting.get(s.id) == "2 held row(s) to decide"
    with session_scope() as session:
        result = reject(session, s.id, STEWARD, "gender codes wrong", notify=None)
    assert result.status == "loaded" and "2 row(s)" in result.detail["message"]
    with session_scope() as session:
        assert s.id not in {i.submission_id for i in review_queue(session)}


def test_a_release_loads_the_held_rows_as_they_are(warehouse):
    s = ingest(
        EPISODES,
        CAMBS,
        episodes(400, bad=2, field="event_date", value="2021-12-31"),
        "ep.csv",
        period="2022-01",
    ).submission
    assert (s.rows_loaded, s.rows_held) == (398, 2)
    with session_scope() as session:
        override_error(session, s.id, "period.date", STEWARD, "late events", enqueue_load=load_now)
    done = sub(s.id)
    assert (done.status, done.rows_loaded, done.rows_held) == ("loaded", 400, 0)
    assert len(facts(s.id)) == 400


def test_messages_agree_with_the_outcome(warehouse, tmp_path):
    path = tmp_path / "2022-01.csv"
    path.write_bytes(episodes(400, bad=2, field="gender", value="7"))
    out = CliRunner().invoke(
        cli, ["ingest", EPISODES, str(path), "--agency", CAMBS], env={"COLUMNS": "200"}
    )
    said = " ".join(out.output.split())  # as read, whatever the terminal's width
    assert "ACCEPTED WITH 2 ROW(S) HELD BACK: the other 398 load" in said
    assert "loaded: 398 of 400 row(s), with 2 row(s) held back for the data steward" in said
    assert "FAILED" not in said


# --- 3. The envelope's period ("Which period a return is for", 1, 2, 4) ---------------------


def test_a_mislabelled_month_is_not_filed_as_another_month(warehouse, activity, tmp_path):
    """``2022-02.csv`` whose month column says 2022-01 is the February return (its file
    name says so); its rows are errors, located, and January is untouched."""
    jan = tmp_path / "2022-01.csv"
    jan.write_bytes(csv_bytes(activity, [activity_row(month="2022-01")]))
    feb = tmp_path / "2022-02.csv"
    feb.write_bytes(csv_bytes(activity, [activity_row(month="2022-01", contacts=2100)]))
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", "la-csc-activity", str(jan), "--agency", CAMBS])
    assert "loaded" in first.output
    second = runner.invoke(
        cli, ["ingest", "la-csc-activity", str(feb), "--agency", CAMBS], env={"COLUMNS": "200"}
    )
    said = " ".join(second.output.split())
    assert second.exit_code == 1
    assert "period 2022-02 (from the file's name)" in said
    assert "period.match" in said and "B month" in said
    again = runner.invoke(
        cli, ["ingest", "la-csc-activity", str(feb), "--agency", CAMBS, "--period", "2022-02"]
    )
    assert "identical to a return already received for 2022-02" in " ".join(again.output.split())
    with session_scope() as session:
        subs = session.exec(select(Submission).order_by(Submission.id)).all()
        january = session.exec(
            select(MeasureFact.value).where(
                MeasureFact.period_label == "2022-01", MeasureFact.measure_id == "contacts"
            )
        ).all()
    assert [(x.period_label, x.status) for x in subs] == [
        ("2022-01", "loaded"),
        ("2022-02", "needs_review"),
    ]
    assert january == [2000.0]


def test_same_bytes_for_another_period_are_another_return(warehouse, activity):
    data = csv_bytes(activity, [activity_row(month="2020-04")])
    first = ingest("la-csc-activity", CAMBS, data, "a.csv", period="2020-04")
    other = ingest("la-csc-activity", CAMBS, data, "a.csv", period="2020-05")
    same = ingest("la-csc-activity", CAMBS, data, "a.csv", period="2020-04")
    assert not first.receipt.duplicate and not other.receipt.duplicate
    assert same.receipt.duplicate and same.submission.id == first.submission.id
    assert other.submission.status == "needs_review"  # its row says April


def test_the_period_is_worked_out_from_the_rows_only_when_nothing_else_says(warehouse, activity):
    result = ingest(
        "la-csc-activity", CAMBS, csv_bytes(activity, [activity_row(month="2020-06")]), "x.csv"
    )
    assert (result.submission.period_label, result.submission.period_source) == ("2020-06", "rows")


# --- 4. No return for a period that has not begun ("Which period a return is for", 5) ------


def test_a_return_for_a_future_month_is_refused_naming_the_rule(warehouse, activity):
    next_year = datetime.now(UTC).year + 1
    label = f"{next_year}-06"
    result = ingest(
        "la-csc-activity", CAMBS, csv_bytes(activity, [activity_row(month=label)]), f"{label}.csv"
    )
    assert result.submission.status == "needs_review"
    report = result.report
    assert report is not None
    outcome = report.outcome("period.not_started")
    assert outcome is not None and outcome.failed == 1
    assert f"the return is for {label}" in outcome.issues[0].message


# --- 5. Excel's spellings ("Which period a return is for", 3) --------------------------------


@pytest.mark.parametrize("spelling", ["Apr-23", "April 2023", "01/04/2023", "2023-04-01"])
def test_excel_spellings_of_a_month_are_read_as_the_month(warehouse, activity, spelling):
    data = csv_bytes(activity, [activity_row(month=spelling)])
    result = ingest("la-csc-activity", CAMBS, data, "activity.csv")
    assert result.submission.period_label == "2023-04"
    assert result.submission.status == "loaded"


def test_a_workbook_date_cell_in_the_month_column_is_the_month(warehouse, activity):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(activity.column_names)
    row = activity_row(month=datetime(2023, 4, 1))
    ws.append([row[c] for c in activity.column_names])
    out = io.BytesIO()
    wb.save(out)
    result = ingest("la-csc-activity", CAMBS, out.getvalue(), "activity.xlsx")
    assert (result.submission.period_label, result.submission.status) == ("2023-04", "loaded")


# --- 6. Another agency's figures ("Cross-return rules": workers/validation/cross_return.py) -


def test_another_agencys_rows_are_compared_with_nothing(warehouse, activity):
    """Peterborough sending rows with Cambridgeshire's area code gets the area error, and
    no "change from last month" query computed against Cambridgeshire's figures."""
    for month in ("2020-03", "2020-04"):
        ingest(
            "la-csc-activity",
            CAMBS,
            csv_bytes(activity, [activity_row(month=month)]),
            f"{month}.csv",
        )
    odd = activity_row(month="2020-04", contacts=900, referrals=100)
    result = ingest("la-csc-activity", PBORO, csv_bytes(activity, [odd]), "2020-04.csv")
    report = result.report
    assert report is not None
    failed = {o.rule.code for o in report.outcomes if o.failed}
    assert "agency.area" in failed
    assert not [c for c in failed if c.startswith("CSC-10")], failed


def test_change_from_last_month_compares_with_the_agencys_own_return(warehouse, activity):
    ingest(
        "la-csc-activity",
        PBORO,
        csv_bytes(activity, [activity_row(area="E06000031", month="2020-03", contacts=1000)]),
        "2020-03.csv",
    )
    ingest(
        "la-csc-activity",
        CAMBS,
        csv_bytes(activity, [activity_row(month="2020-03", contacts=5000)]),
        "2020-03.csv",
    )
    now = activity_row(area="E06000031", month="2020-04", contacts=1900)
    result = ingest("la-csc-activity", PBORO, csv_bytes(activity, [now]), "2020-04.csv")
    report = result.report
    assert report is not None
    change = report.outcome("CSC-101")
    assert change is not None and change.failed == 1
    assert "1000 last period, 1900 now: +90%" in change.issues[0].message


# --- 8. Smaller truths -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "rule"),
    [(b"", "file.empty"), (b"area_code,month\n", "file.no_rows")],
    ids=["empty", "header-only"],
)
def test_an_empty_and_a_header_only_file_are_treated_the_same(warehouse, activity, content, rule):
    data = content if content else b""
    if rule == "file.no_rows":
        data = (",".join(activity.column_names) + "\n").encode()
    result = ingest("la-csc-activity", CAMBS, data, "2020-04.csv")
    s = result.submission
    assert s.status == "needs_review"
    with session_scope() as session:
        waiting = {i.submission_id for i in review_queue(session)}
    assert s.id in waiting


def test_a_title_row_above_the_header_is_named_as_such(warehouse, activity, tmp_path):
    path = tmp_path / "2020-04.csv"
    text = "Children's social care activity,,,\n" + csv_bytes(activity, [activity_row()]).decode()
    path.write_text(text)
    out = CliRunner().invoke(
        cli, ["validate", "la-csc-activity", str(path), "--agency", CAMBS], env={"COLUMNS": "200"}
    )
    said = " ".join(out.output.split())
    assert out.exit_code == 1
    assert "a title row above the header" in said
    assert "appears twice" not in said


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        ([activity_row()], 0),
        ([activity_row(contacts=500, referrals=400, s47_completed=10)], 0),  # a query only
        ([activity_row(referrals=3000)], 1),
    ],
    ids=["passes", "queries", "errors"],
)
def test_validate_exit_status_is_as_documented(warehouse, activity, tmp_path, rows, code):
    """README: 0 when the return would be accepted as it is, 1 when it would not, 2 when
    the command could not run."""
    path = tmp_path / "2020-04.csv"
    path.write_bytes(csv_bytes(activity, rows))
    out = CliRunner().invoke(cli, ["validate", "la-csc-activity", str(path), "--agency", CAMBS])
    assert out.exit_code == code, out.output
    unreadable = tmp_path / "nothing.csv"
    unreadable.write_bytes(b"")
    assert (
        CliRunner()
        .invoke(cli, ["validate", "la-csc-activity", str(unreadable), "--agency", CAMBS])
        .exit_code
        == 1
    )
    assert (
        CliRunner()
        .invoke(
            cli, ["validate", "la-csc-activity", str(tmp_path / "absent.csv"), "--agency", CAMBS]
        )
        .exit_code
        == 2
    )


def test_a_return_held_as_unreadable_says_what_it_received(warehouse, tmp_path):
    path = tmp_path / "2020-04.csv"
    path.write_bytes(b"not,a,return\n1,2,3\n")
    out = CliRunner().invoke(
        cli, ["ingest", "la-csc-activity", str(path), "--agency", CAMBS], env={"COLUMNS": "200"}
    )
    said = " ".join(out.output.split())
    assert out.exit_code == 1
    assert "None" not in said
    # A header only the agency can mend goes straight back to it, not to the steward.
    assert "returned to the agency" in said and "file.header" in said


def test_refusals_at_the_door_are_where_the_steward_sees_them(warehouse, activity):
    """A delivery refused at the door (another agency's feed) is listed under the review
    queue, with its reason, in the terminal and on the steward's page."""
    from workers.errors import AgencyNotAllowed

    with pytest.raises(AgencyNotAllowed):
        ingest("la-csc-activity", "cambs-police", csv_bytes(activity, [activity_row()]), "x.csv")
    out = CliRunner().invoke(cli, ["review", "list"], env={"COLUMNS": "200"})
    assert "Refused at the door" in out.output and "agency.not_allowed" in out.output


def test_each_contract_version_validated_against_is_recorded(warehouse, activity):
    from workers.warehouse.models import ContractVersion

    for month in ("2020-04", "2020-05"):
        ingest(
            "la-csc-activity",
            CAMBS,
            csv_bytes(activity, [activity_row(month=month)]),
            f"{month}.csv",
        )
    with session_scope() as s:
        versions = s.exec(select(ContractVersion)).all()
    assert [(v.contract_id, v.version) for v in versions] == [("la-csc-activity", "1.0.0")]
