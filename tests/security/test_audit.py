"""The audit trail: the event log cannot be rewritten, even by SQL typed at the database;
every steward decision names the person who made it and why; every change of a
submission is in its timeline, and every loaded figure leads back to a submission."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.conftest import activity_row, csv_bytes
from tests.security.conftest import CAMBS, Hub
from tests.security.test_authorisation import caller
from workers.contracts.loader import get_contract
from workers.pipeline import ingest
from workers.warehouse.claims import claim, release
from workers.warehouse.db import APPEND_ONLY_MESSAGE, init_db, session_scope
from workers.warehouse.events import record_event
from workers.warehouse.models import (
    Event,
    MeasureFact,
    Override,
    QueryExplanation,
    Submission,
    User,
)

WHY = "Confirmed with the agency by phone: the figures are right"
DECISIONS = {
    "queries_accepted",
    "error_overridden",
    "rejected",
    "resubmission_requested",
    "validation_replayed",
}


def failing() -> Submission:
    bad = activity_row(referrals=2500, icpc_held=120, icpc_within_15wd=130)
    sub = ingest(
        "la-csc-activity", CAMBS, csv_bytes(get_contract("la-csc-activity"), [bad]), "bad.csv"
    )
    assert sub.submission.status == "needs_review"
    return sub.submission


def events_of(sid: int) -> list[Event]:
    with session_scope() as s:
        return list(
            s.exec(select(Event).where(Event.submission_id == sid).order_by(Event.id))  # type: ignore[arg-type]
        )


def status_from_events(events: list[Event]) -> str:
    """The status the timeline says the submission is in, replaying it from the start."""
    status = ""
    for event in events:
        detail = json.loads(event.detail) if event.detail else {}
        if event.kind == "received":
            status = "received"
        elif "status_to" in detail:
            status = detail["status_to"]
        elif event.kind.endswith("_started"):
            status = event.kind.removesuffix("_started")
    return status


# --- append-only at the database level -------------------------------------------------------


def test_the_event_log_refuses_update_delete_and_truncate(warehouse) -> None:
    with session_scope() as s:
        record_event(s, "token_created", None, "admin", prefix="sdh_abcdefgh")
        s.commit()
    statements = ["UPDATE event SET actor = 'someone else'", "DELETE FROM event"]
    if warehouse.dialect.name == "postgresql":
        statements.append("TRUNCATE event CASCADE")  # past the foreign keys, to the trigger
    for statement in statements:
        refused = pytest.raises(sa.exc.DBAPIError, match=APPEND_ONLY_MESSAGE)
        with refused, warehouse.begin() as conn:
            conn.execute(sa.text(statement))
    # Through the ORM as well: an edited event is refused at commit.
    with session_scope() as s:
        event = s.exec(select(Event)).one()
        event.kind = "rewritten"
        s.add(event)
        with pytest.raises(sa.exc.DBAPIError, match=APPEND_ONLY_MESSAGE):
            s.commit()
    init_db(warehouse)  # the triggers are created again harmlessly, and still hold
    refused = pytest.raises(sa.exc.DBAPIError, match=APPEND_ONLY_MESSAGE)
    with refused, warehouse.begin() as conn:
        conn.execute(sa.text("DELETE FROM event"))
    with session_scope() as s:
        (event,) = s.exec(select(Event)).all()
        assert (event.kind, event.actor) == ("token_created", "admin")
        # Appending is what the log is for.
        record_event(s, "token_revoked", None, "admin")
        s.commit()
        assert len(s.exec(select(Event)).all()) == 2


# --- every decision has a person, every change an event --------------------------------------


def decide(hub: Hub, who: str, sid: int, verb: str, **form: str) -> None:
    person = caller(hub, who)
    response = person.client.post(
        f"/submissions/{sid}/{verb}", data={"reason": WHY, "csrf_token": person.csrf, **form}
    )
    assert response.status_code == 303, response.text


def test_every_steward_decision_names_the_person_and_the_reason(hub: Hub) -> None:
    held = failing()
    decide(hub, "steward", held.id, "override", rule="CSC-020")
    decide(hub, "admin", held.id, "override", rule="CSC-024")
    queried = ingest(
        "la-csc-activity",
        CAMBS,
        csv_bytes(get_contract("la-csc-activity"), [activity_row(month="2020-05", icpc_held=120)]),
        "query.csv",
    ).submission
    decide(hub, "steward", queried.id, "accept-queries")
    other = ingest(
        "la-csc-activity",
        CAMBS,
        csv_bytes(
            get_contract("la-csc-activity"),
            [activity_row(month="2020-06", referrals=2500, icpc_held=120, icpc_within_15wd=130)],
        ),
        "bad-june.csv",
    ).submission
    decide(hub, "steward", other.id, "replay")
    decide(hub, "admin", other.id, "reject")

    with session_scope() as s:
        people = {u.username: u for u in s.exec(select(User))}
        decisions = [e for e in s.exec(select(Event)) if e.kind in DECISIONS]
        assert {e.kind for e in decisions} == DECISIONS
        for event in decisions:
            assert event.actor in ("steward", "admin"), event
            assert people[event.actor].id is not None  # a person with an account
            assert json.loads(event.detail)["reason"] == WHY
        overrides = s.exec(select(Override)).all()
        assert {(o.rule_code, o.overridden_by) for o in overrides} == {
            ("CSC-020", "steward"),
            ("CSC-024", "admin"),
        }
        assert all(o.reason == WHY for o in overrides)
        (explained,) = s.exec(select(QueryExplanation)).all()
        assert (explained.explained_by, explained.reason) == ("steward", WHY)
    for sid in (held.id, queried.id, other.id):
        timeline = events_of(sid)
        with session_scope() as s:
            assert status_from_events(timeline) == s.get(Submission, sid).status


def test_every_change_of_a_submission_is_in_its_timeline_and_every_figure_has_a_source(
    warehouse,
) -> None:
    activity = get_contract("la-csc-activity")
    first = ingest("la-csc-activity", CAMBS, csv_bytes(activity, [activity_row()]), "a.csv")
    again = ingest("la-csc-activity", CAMBS, csv_bytes(activity, [activity_row()]), "a.csv")
    corrected = ingest(
        "la-csc-activity", CAMBS, csv_bytes(activity, [activity_row(contacts=2100)]), "b.csv"
    )
    held = failing()
    assert again.receipt.duplicate
    assert corrected.submission.supersedes_id == first.submission.id

    # A claim given back after a failed attempt is a change too.
    with session_scope() as s:
        assert claim(s, held.id, ("needs_review",), "validating", stale_after_seconds=900)
        release(s, held.id, "validating", "needs_review")

    with session_scope() as s:
        subs = s.exec(select(Submission)).all()
        facts = s.exec(select(MeasureFact)).all()
    for sub in subs:
        timeline = events_of(sub.id)
        assert timeline[0].kind == "received", sub.id
        assert timeline[0].actor  # who (or which door) delivered it
        assert status_from_events(timeline) == sub.status, [e.kind for e in timeline]
    assert [e.kind for e in events_of(held.id)][-2:] == [
        "validating_started",
        "validating_released",
    ]
    assert {s.status for s in subs} == {"superseded", "loaded", "needs_review"}
    # Every figure in the warehouse names the submission it came from, and that one loaded
    # (the superseded version's figures stay, for the lineage).
    sources = {f.submission_id for f in facts}
    assert sources == {first.submission.id, corrected.submission.id}
    assert all("loaded" in kinds(sid) for sid in sources)


def kinds(sid: int) -> list[str]:
    return [e.kind for e in events_of(sid)]


def test_nothing_in_the_code_rewrites_or_removes_events() -> None:
    """A cheap guard beside the triggers: no UPDATE or DELETE of the event table is written
    anywhere in the package or the SQL."""
    repo = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"(update|delete\s+from|truncate)\s*\(?\s*(event\b|Event\b)", re.I)
    offenders = [
        str(path.relative_to(repo))
        for folder in ("workers", "sql")
        for path in (repo / folder).rglob("*.[ps][yq]*")
        if pattern.search(path.read_text(encoding="utf-8", errors="replace"))
        and path.name != "db.py"
    ]
    assert offenders == []
