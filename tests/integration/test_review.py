"""A data steward's decisions, users and permissions, and ``sdh review``/``sdh users``, on
SQLite and PostgreSQL. Each decision is tested both ways: allowed (the state changes and
an event records who and why) and refused (wrong state or no reason: nothing changes)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from tests.conftest import activity_row, csv_bytes, episode_row
from workers.accounts import (
    AccountError,
    Action,
    Role,
    UsernameTaken,
    WeakPassword,
    agency_scope,
    authenticate,
    can,
    create_user,
    disable_user,
    passwords,
    require,
    set_password,
)
from workers.contracts.loader import get_contract
from workers.errors import InvalidTransition, PermissionDenied, ReasonRequired
from workers.load import load_submission
from workers.pipeline import ingest
from workers.review import (
    accept_holds,
    accept_queries,
    explanations_for,
    override_error,
    overrides_for,
    reject,
    replay,
    review_queue,
    submission_detail,
)
from workers.review.followups import load_now
from workers.sources.intake import Delivery, receive_return
from workers.sources.landing import default_store
from workers.validation.run import validate_submission
from workers.warehouse.db import session_scope
from workers.warehouse.models import (
    Event,
    MeasureFact,
    Override,
    QueryExplanation,
    RowHold,
    Submission,
    User,
)

CAMBS, PBORO = "cambridgeshire-cc", "peterborough-cc"
STEWARD = "ann.steward"
WHY = "Confirmed with the agency by phone: a data migration backlog, figures are right"
pytestmark = pytest.mark.usefixtures("quick_hashes", "empty_broker")


def _ingest(agency: str = CAMBS, **changes) -> Submission:
    area = "E10000003" if agency == CAMBS else "E06000031"
    data = csv_bytes(get_contract("la-csc-activity"), [activity_row(area=area, **changes)])
    return ingest("la-csc-activity", agency, data, f"{agency}-{len(str(changes))}.csv").submission


def failing(**changes) -> Submission:
    """Referrals above contacts: error CSC-020 at row 2, column D."""
    sub = _ingest(referrals=2500, **changes)
    assert sub.status == "needs_review"
    return sub


def with_query(agency: str = CAMBS) -> Submission:
    """More ICPCs than Section 47 enquiries: query CSC-023; loads all the same."""
    sub = _ingest(agency, icpc_held=120)
    assert sub.status == "loaded" and sub.query_count == 1
    return sub


def _sub(sid: int) -> Submission:
    with session_scope() as s:
        return s.get(Submission, sid)


def _events(sid: int) -> list[Event]:
    with session_scope() as s:
        return list(s.exec(select(Event).where(Event.submission_id == sid).order_by(Event.id)))


def _kinds(sid: int) -> list[str]:
    return [e.kind for e in _events(sid)]


def _state(sid: int) -> tuple:
    """What a refused action must leave untouched."""
    with session_scope() as s:
        sub = s.get(Submission, sid)
        return (
            sub.status,
            len(s.exec(select(Event).where(Event.submission_id == sid)).all()),
            len(s.exec(select(Override)).all()),
            len(s.exec(select(QueryExplanation)).all()),
        )


def _facts(sid: int) -> dict[str, float]:
    with session_scope() as s:
        rows = s.exec(select(MeasureFact).where(MeasureFact.submission_id == sid)).all()
    return {f.measure_id: f.value for f in rows}


def _recorder() -> tuple[list, object]:
    calls: list = []
    return calls, lambda *args: calls.append(args)


# --- explain queries ---------------------------------------------------------------------


def test_accepting_queries_records_the_explanation_and_clears_the_queue(warehouse):
    sub = with_query()
    with session_scope() as s:
        assert [i.submission_id for i in review_queue(s)] == [sub.id]
        result = accept_queries(
            s, sub.id, STEWARD, "  Two conferences for enquiries ended in March "
        )
    assert result.status == "loaded"  # queries never block: nothing else changes
    assert _sub(sub.id).status == "loaded"
    event = _events(sub.id)[-1]
    assert (event.kind, event.actor) == ("queries_accepted", STEWARD)
    detail = json.loads(event.detail)
    assert detail["reason"] == "Two conferences for enquiries ended in March"
    assert detail["rules"] == ["CSC-023"] and detail["queries"] == 1
    with session_scope() as s:
        assert review_queue(s) == []
        note = explanations_for(s, [sub.id])[sub.id]
    assert note.explained_by == STEWARD and note.queries == 1


def test_accepting_queries_is_refused_without_reason_or_queries_and_only_once(warehouse):
    sub, clean = with_query(), _ingest(PBORO)
    before = _state(sub.id)
    with session_scope() as s:
        for blank in ("", "   ", None):
            with pytest.raises(ReasonRequired, match="Give a reason"):
                accept_queries(s, sub.id, STEWARD, blank)  # type: ignore[arg-type]
        with pytest.raises(InvalidTransition, match="no queries to explain"):
            accept_queries(s, clean.id, STEWARD, WHY)
    assert _state(sub.id) == before
    with session_scope() as s:
        accept_queries(s, sub.id, STEWARD, WHY)
        with pytest.raises(InvalidTransition, match=f"already explained by {STEWARD}"):
            accept_queries(s, sub.id, "bob", "again")
    assert _kinds(sub.id).count("queries_accepted") == 1


def test_queries_of_a_rejected_return_cannot_be_explained(warehouse):
    sub = failing(icpc_held=120)  # an error and a query
    with session_scope() as s:
        reject(s, sub.id, STEWARD, WHY, notify=None)
        before = _state(sub.id)
        with pytest.raises(InvalidTransition, match="is rejected"):
            accept_queries(s, sub.id, STEWARD, WHY)
    assert _state(sub.id) == before


# --- override an error -------------------------------------------------------------------


def test_overriding_the_only_error_loads_the_rows_as_they_are(warehouse):
    sub = failing()
    with session_scope() as s:
        result = override_error(s, sub.id, "CSC-020", STEWARD, WHY, enqueue_load=load_now)
    assert result.detail["accepted"] and result.load_enqueued
    done = _sub(sub.id)
    assert done.status == "loaded"
    assert (done.rows_received, done.rows_loaded, done.rows_held) == (1, 1, 0)
    assert done.rows_received == done.rows_loaded + done.rows_held
    assert _facts(sub.id)["referrals"] == 2500  # the overridden row is loaded, not held
    kinds = _kinds(sub.id)
    assert kinds[kinds.index("error_overridden") :] == [
        "error_overridden",
        "validated",
        "loading_started",
        "loaded",
    ]
    overridden, validated = (
        e for e in _events(sub.id) if e.kind in ("error_overridden", "validated")
    )
    assert overridden.actor == validated.actor == STEWARD
    detail = json.loads(overridden.detail)
    assert (detail["rule"], detail["reason"], detail["rows_failed"]) == ("CSC-020", WHY, 1)
    assert json.loads(validated.detail)["by_override"] is True
    with session_scope() as s:
        (note,) = overrides_for(s, [sub.id])[sub.id]
        assert (note.rule_code, note.overridden_by, note.reason, note.rows_failed) == (
            "CSC-020",
            STEWARD,
            WHY,
            1,
        )
        assert review_queue(s) == []


def test_a_return_with_two_errors_waits_until_both_are_overridden(warehouse):
    sub = failing(icpc_within_15wd=50)  # CSC-020 and CSC-024
    loads, enqueue = _recorder()
    with session_scope() as s:
        first = override_error(s, sub.id, "CSC-024", STEWARD, WHY, enqueue_load=enqueue)
    assert not first.detail["accepted"] and loads == []
    assert _sub(sub.id).status == "needs_review"
    with session_scope() as s:
        (item,) = review_queue(s)
        assert item.rules_overridden == 1 and item.error_count == 2
        with pytest.raises(InvalidTransition, match=r"already overridden by ann\.steward"):
            override_error(s, sub.id, "CSC-024", "bob", "again", enqueue_load=enqueue)
        second = override_error(s, sub.id, "CSC-020", "bob", WHY, enqueue_load=enqueue)
    assert second.detail["accepted"] and second.status == "validated"
    assert loads == [(sub.id,)]  # sent once, after the commit


@pytest.mark.parametrize(
    ("rule", "changes", "message"),
    [
        ("CSC-021", {}, "passed in the latest validation"),
        ("CSC-999", {}, "not among the rules"),
        ("CSC-023", {"icpc_held": 120}, "is a query, not an error"),
        ("type.contacts", {"contacts": "many"}, "missing or could not be read"),
    ],
)
def test_override_is_refused_for_a_rule_that_cannot_be_overridden(
    warehouse, rule, changes, message
):
    sub = failing(**changes)
    before = _state(sub.id)
    with session_scope() as s, pytest.raises(InvalidTransition, match=message):
        override_error(s, sub.id, rule, STEWARD, WHY, enqueue_load=None)
    assert _state(sub.id) == before


def test_override_is_refused_without_reason_or_outside_review(warehouse):
    sub, loaded = failing(), _ingest(PBORO)
    before = _state(sub.id)
    with session_scope() as s:
        with pytest.raises(ReasonRequired):
            override_error(s, sub.id, "CSC-020", STEWARD, " ", enqueue_load=None)
        with pytest.raises(ReasonRequired):
            override_error(s, sub.id, "CSC-020", "", WHY, enqueue_load=None)  # no name
        with pytest.raises(InvalidTransition, match="only a return waiting for review"):
            override_error(s, loaded.id, "CSC-020", STEWARD, WHY, enqueue_load=None)
    assert _state(sub.id) == before
    assert _sub(loaded.id).status == "loaded"


def test_override_in_a_hold_rows_contract_loads_what_is_left_and_holds_the_rest(warehouse):
    """Child level: every row had an error, so nothing could load. Overriding the date
    rule leaves one row error, a third of the rows: more than the contract lets load
    without a steward (docs/acceptance.md, "When a return waits for a steward", 3), so
    the return still waits; accepting the holds loads the others and holds that row."""
    rows = [
        _episode("CAM-000001", day="2021-12-31"),
        _episode("CAM-000002", day="2021-12-30"),
        _episode("CAM-000003", gender="7"),
    ]
    data = csv_bytes(get_contract("la-csc-episodes"), rows)
    sub = ingest("la-csc-episodes", CAMBS, data, "ep.csv", period="2022-01").submission
    assert sub.status == "needs_review"
    with session_scope() as s:
        result = override_error(s, sub.id, "period.date", STEWARD, WHY, enqueue_load=load_now)
    assert not result.detail["accepted"]
    assert _sub(sub.id).status == "needs_review"
    with session_scope() as s:
        accepted = accept_holds(s, sub.id, STEWARD, WHY, enqueue_load=load_now)
    assert accepted.load_enqueued and accepted.detail["rows"] == 1
    done = _sub(sub.id)

    assert done.status == "loaded"
    assert (done.rows_received, done.rows_loaded, done.rows_held) == (3, 2, 1)
    with session_scope() as s:
        (hold,) = s.exec(select(RowHold).where(RowHold.submission_id == sub.id)).all()
    assert hold.row_number == 4 and "EPI-003" in hold.reason


def _episode(child: str, day: str = "2022-01-10", **changes) -> dict:
    return episode_row(child, event_date=day, **({"event_type": "referral", "age": 7} | changes))


# --- reject ------------------------------------------------------------------------------


def test_reject_asks_the_agency_for_a_corrected_return(warehouse):
    sub = failing()
    told, notify = _recorder()
    with session_scope() as s:
        result = reject(s, sub.id, STEWARD, "Referrals are counted twice", notify=notify)
    assert result.status == "rejected" and _sub(sub.id).status == "rejected"
    assert told == [()]
    rejected, requested = _events(sub.id)[-2:]
    assert (rejected.kind, rejected.actor) == ("rejected", STEWARD)
    assert json.loads(rejected.detail)["reason"] == "Referrals are counted twice"
    assert (requested.kind, requested.actor) == ("resubmission_requested", STEWARD)
    message = json.loads(requested.detail)["message"]
    assert "Referrals are counted twice" in message and "send it again" in message
    assert f"submission {sub.id}" in message
    with session_scope() as s:
        assert review_queue(s) == []


def test_a_validated_return_rejected_before_its_load_is_never_loaded(warehouse, activity):
    store = default_store()
    with session_scope() as s:
        sid = receive_return(
            s,
            store,
            Delivery("la-csc-activity", CAMBS, csv_bytes(activity, [activity_row()]), "v.csv"),
        ).submission_id
    with session_scope() as s:
        validate_submission(s, sid, store)
    assert _sub(sid).status == "validated"
    with session_scope() as s:
        reject(s, sid, STEWARD, WHY, message="Wrong month: send April again", notify=None)
    with session_scope() as s:
        assert load_submission(s, sid, store).status == "rejected"  # the load message, late
    assert _facts(sid) == {}
    assert json.loads(_events(sid)[-1].detail)["message"] == "Wrong month: send April again"


def test_reject_is_refused_for_a_loaded_return_or_without_reason(warehouse):
    loaded, held = _ingest(), failing(month="2020-05")
    with session_scope() as s:
        with pytest.raises(InvalidTransition, match=r"Submission \d+ is loaded"):
            reject(s, loaded.id, STEWARD, WHY, notify=None)
        with pytest.raises(ReasonRequired):
            reject(s, held.id, STEWARD, "\n", notify=None)
    assert _sub(loaded.id).status == "loaded" and _sub(held.id).status == "needs_review"
    assert "rejected" not in _kinds(held.id) + _kinds(loaded.id)


# --- replay ------------------------------------------------------------------------------


@pytest.fixture
def contracts_copy(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the contracts the test may edit, as a steward's contract fix would."""
    from workers.settings import get_settings

    folder = tmp_path / "contracts"
    shutil.copytree(get_settings().contracts_dir, folder)
    monkeypatch.setenv("SDH_CONTRACTS_DIR", str(folder))
    return folder


def test_replay_after_a_contract_fix_validates_and_loads(warehouse, contracts_copy):
    sub = failing()
    path = contracts_copy / "la-csc-activity.odcs.yaml"
    yaml = path.read_text()
    fixed = re.sub(
        r"(implementation: \{check: not_above, other: contacts\}\n\s+severity: )error",
        r"\1warning",
        yaml,
    ).replace("version: 1.0.0", "version: 1.0.1", 1)
    assert fixed != yaml
    path.write_text(fixed)  # CSC-020 is now a query
    with session_scope() as s:
        result = replay(
            s, sub.id, STEWARD, "CSC-020 downgraded to a query", enqueue_load=load_now, notify=None
        )
    assert result.status == "validated" and result.load_enqueued
    assert result.detail == {"outcome": "queries", "errors": 0, "queries": 1}
    done = _sub(sub.id)
    assert done.status == "loaded" and done.contract_version == "1.0.1"
    assert (done.rows_received, done.rows_loaded, done.rows_held) == (1, 1, 0)
    event = next(e for e in _events(sub.id) if e.kind == "validation_replayed")
    assert event.actor == STEWARD
    assert json.loads(event.detail)["reason"] == "CSC-020 downgraded to a query"
    with session_scope() as s:
        (item,) = review_queue(s)  # now its query waits for an explanation
        assert item.submission_id == sub.id and item.waiting_for == "queries to explain"


def test_replay_that_still_fails_stays_in_review_and_drops_old_overrides(warehouse):
    sub = failing(icpc_within_15wd=50)
    told, notify = _recorder()
    with session_scope() as s:
        override_error(s, sub.id, "CSC-024", STEWARD, WHY, enqueue_load=None)
        result = replay(s, sub.id, STEWARD, "rules changed", enqueue_load=None, notify=notify)
    assert result.status == "needs_review" and told == [()]
    with session_scope() as s:
        assert overrides_for(s, [sub.id])[sub.id] == []  # the new run needs new decisions


def test_replay_is_refused_for_a_loaded_return_or_without_reason(warehouse):
    loaded, held = _ingest(), failing(month="2020-05")
    before = _state(held.id)
    with session_scope() as s:
        with pytest.raises(InvalidTransition, match="only a return received, validated"):
            replay(s, loaded.id, STEWARD, WHY, enqueue_load=None, notify=None)
        with pytest.raises(ReasonRequired):
            replay(s, held.id, STEWARD, "", enqueue_load=None, notify=None)
    assert _state(held.id) == before


# --- the queue ---------------------------------------------------------------------------


def test_review_queue_is_oldest_first_with_counts(warehouse):
    first = failing(icpc_within_15wd=150, icpc_held=120)  # 2 errors, 1 query
    _ingest(PBORO)  # clean: not in the queue
    second = with_query(PBORO)
    rejected = failing(month="2020-06")
    with session_scope() as s:
        reject(s, rejected.id, STEWARD, WHY, notify=None)
    explained = _ingest(month="2020-07", icpc_held=120)
    with session_scope() as s:
        accept_queries(s, explained.id, STEWARD, WHY)
    third = failing(month="2020-08")
    with session_scope() as s:
        queue = review_queue(s)
        only_pboro = review_queue(s, PBORO)
    assert [(i.submission_id, i.error_count, i.query_count, i.waiting_for) for i in queue] == [
        (first.id, 2, 1, "errors to decide"),
        (second.id, 0, 1, "queries to explain"),
        (third.id, 1, 1, "errors to decide"),  # referrals jumped from July: CSC-102
    ]
    assert [i.submission_id for i in only_pboro] == [second.id]


def test_submission_detail_has_rules_issues_timeline_and_lineage(warehouse):
    old = failing()
    new = _ingest(contacts=2600)  # the correction supersedes the failed version
    with session_scope() as s:
        d = submission_detail(s, old.id)
    assert d.submission.status == "superseded"
    assert [r.rule_code for r in d.rules if r.rows_failed] == ["CSC-020"]
    assert [(i.row_number, i.column_letter, i.rule_code) for i in d.issues] == [(2, "D", "CSC-020")]
    assert [v.id for v in d.versions] == [old.id, new.id]
    assert d.timeline[0].kind == "received" and d.timeline[-1].kind == "superseded"


# --- users -------------------------------------------------------------------------------


def test_users_roles_and_agency_binding(warehouse):
    pw = "correct horse battery"
    with session_scope() as s:
        steward = create_user(s, "Ann.Steward", role="data_steward", password=pw, email="a@x.org")
        officer = create_user(
            s, "c.officer", role=Role.AGENCY_SUBMITTER, password=pw, agency_id=CAMBS
        )
        assert steward.username == "ann.steward" and steward.agency_id is None
        assert officer.agency_id == CAMBS
        for kwargs, message in [
            ({"role": "agency_submitter"}, "must belong to an agency"),
            ({"role": "agency_submitter", "agency_id": "nowhere"}, "No agency 'nowhere'"),
            ({"role": "data_steward", "agency_id": CAMBS}, "cannot belong to an agency"),
            ({"role": "qeg_reader", "agency_id": CAMBS}, "cannot belong to an agency"),
            ({"role": "superuser"}, "No role 'superuser'"),
            ({"role": "admin", "email": "not-an-address"}, "not an email address"),
        ]:
            with pytest.raises(AccountError, match=message):
                create_user(s, "someone", password=pw, **kwargs)
        with pytest.raises(UsernameTaken):
            create_user(s, "ANN.STEWARD", role="admin", password=pw)
        with pytest.raises(WeakPassword, match="at least 12"):
            create_user(s, "short", role="admin", password="tiny")
        with pytest.raises(WeakPassword, match="cannot be the username"):
            create_user(s, "longusername1", role="admin", password="LongUsername1")
    # The database refuses a broken binding too, whatever code writes the row.
    for role, agency in (("agency_submitter", None), ("data_steward", CAMBS), ("root", None)):
        with session_scope() as s:
            s.add(User(username=f"x-{role}", role=role, agency_id=agency, password_hash="x"))
            with pytest.raises(IntegrityError):
                s.commit()
    with session_scope() as s:
        assert [e.kind for e in s.exec(select(Event))].count("user_created") == 2


def test_authenticate_right_wrong_disabled_and_no_clear_password(warehouse):
    pw = "a long and secret phrase"
    with session_scope() as s:
        create_user(s, "c.officer", role="agency_submitter", password=pw, agency_id=CAMBS)
    with session_scope() as s:
        user = authenticate(s, "C.Officer", pw)
        assert user is not None and user.last_login_at is not None
        assert authenticate(s, "c.officer", pw + "!") is None
        assert authenticate(s, "nobody", pw) is None
        assert authenticate(s, "c.officer", "x" * 5000) is None
        assert user.password_hash.startswith("$argon2id$")
    with warehouse.connect() as conn:
        dump = " ".join(str(v) for row in conn.execute(text("SELECT * FROM app_user")) for v in row)
        events = " ".join(r[0] for r in conn.execute(text("SELECT detail FROM event")))
    assert pw not in dump and pw not in events
    with session_scope() as s:
        disable_user(s, "c.officer", actor="admin", reason="left the council")
        assert authenticate(s, "c.officer", pw) is None
        set_password(s, "c.officer", "another long phrase", actor="admin")
        assert authenticate(s, "c.officer", "another long phrase") is None  # still disabled


def test_a_hash_made_with_old_parameters_is_renewed_at_sign_in(warehouse, monkeypatch):
    from argon2 import PasswordHasher

    pw = "a long and secret phrase"
    with session_scope() as s:
        old = create_user(s, "q.reader", role="qeg_reader", password=pw).password_hash
    monkeypatch.setattr(passwords, "hasher", PasswordHasher(time_cost=2, memory_cost=2048))
    with session_scope() as s:
        user = authenticate(s, "q.reader", pw)
        assert user is not None and user.password_hash != old
        assert not passwords.needs_rehash(user.password_hash)
        assert authenticate(s, "q.reader", pw) is not None


def test_unknown_user_waits_like_a_check_but_hashes_nothing(warehouse, monkeypatch):
    waited = []
    monkeypatch.setattr(passwords, "pretend_verify", lambda: waited.append(True))
    monkeypatch.setattr(passwords, "verify_password", lambda h, p: pytest.fail("hashed"))
    with session_scope() as s:
        assert authenticate(s, "nobody", "whatever it is") is None
    assert waited == [True]


class _Person:
    def __init__(self, role: str, agency_id: str | None = None, disabled: bool = False):
        self.role, self.agency_id, self.disabled = role, agency_id, disabled


class _Return:
    def __init__(self, agency_id: str):
        self.agency_id = agency_id


MATRIX = {
    #                 view_returns view_sub upload review packs commentary users tokens authorise
    "agency_submitter": (1, 1, 1, 0, 1, 1, 0, 0, 1),  # packs: its own agency's only
    "data_steward": (1, 1, 0, 1, 1, 1, 0, 0, 0),
    "qeg_reader": (0, 0, 0, 0, 1, 0, 0, 0, 0),
    "admin": (1, 1, 0, 1, 1, 1, 1, 1, 0),
}
ACTIONS = (
    Action.VIEW_RETURNS,
    Action.VIEW_SUBMISSION,
    Action.UPLOAD,
    Action.REVIEW,
    Action.READ_PACKS,
    Action.RETURN_COMMENTARY,
    Action.MANAGE_USERS,
    Action.MANAGE_TOKENS,
    Action.AUTHORISE,
)


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_permission_matrix(role):
    agency = CAMBS if role == "agency_submitter" else None
    person = _Person(role, agency)
    assert tuple(int(can(person, a)) for a in ACTIONS) == MATRIX[role]
    own, other = _Return(CAMBS), _Return(PBORO)
    sees_all = role in ("data_steward", "admin")
    assert can(person, Action.VIEW_SUBMISSION, own) is (role != "qeg_reader")
    assert can(person, Action.VIEW_SUBMISSION, other) is sees_all
    assert can(person, Action.REVIEW, other) is sees_all
    is_officer = role == "agency_submitter"
    assert can(person, Action.UPLOAD, contract="la-csc-activity") is is_officer
    assert can(person, Action.UPLOAD, contract="police-safeguarding") is False
    assert can(_Person(role, agency, disabled=True), Action.VIEW_SUBMISSION, own) is False
    if role == "qeg_reader":
        with pytest.raises(PermissionDenied, match="not allowed to see the returns"):
            agency_scope(person)
    else:
        assert agency_scope(person) == agency


def test_agency_user_cannot_act_on_another_agencys_return():
    officer = _Person("agency_submitter", PBORO)
    with pytest.raises(PermissionDenied, match="see this return"):
        require(officer, "view_submission", _Return(CAMBS))
    with pytest.raises(PermissionDenied, match="review returns"):
        require(officer, Action.REVIEW, _Return(PBORO))
    require(officer, "upload", contract="la-csc-activity")
    assert not can(None, Action.READ_PACKS)
    assert not can(_Person("agency_submitter", None), Action.VIEW_RETURNS)
    assert not can(_Person("owner"), Action.VIEW_RETURNS)


# --- the commands ------------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch):
    from typer.testing import CliRunner

    from workers.cli import app

    monkeypatch.setenv("COLUMNS", "200")  # rich wraps at 80 columns otherwise
    runner = CliRunner()
    return lambda *args, input=None: runner.invoke(app, list(args), input=input)


def test_review_commands(warehouse, cli):
    held, queried = failing(), with_query(PBORO)
    listed = cli("review", "list")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.index(f"│ {held.id} ") < listed.stdout.index(f"│ {queried.id} ")
    assert "errors to decide" in listed.stdout and "queries to explain" in listed.stdout

    shown = cli("review", "show", str(held.id))
    assert shown.exit_code == 0, shown.output
    for part in ("needs_review", "CSC-020", "D referrals", "Timeline", "validation_failed"):
        assert part in shown.stdout

    missing = cli("review", "accept", str(queried.id))
    assert missing.exit_code == 2 and "Give a reason" in missing.stderr
    blank = cli("review", "override", str(held.id), "--rule", "CSC-020", "--reason", "  ")
    assert blank.exit_code == 2 and "Give a reason" in blank.stderr
    assert _state(held.id)[2] == 0

    ok = cli("review", "accept", str(queried.id), "--reason", "Known spike", "--as", STEWARD)
    assert ok.exit_code == 0, ok.output
    refused = cli("review", "accept", str(queried.id), "--reason", "again")
    assert refused.exit_code == 1 and "already explained" in refused.stderr

    overridden = cli(
        "review", "override", str(held.id), "--rule", "CSC-020", "--reason", WHY, "--as", STEWARD
    )
    assert overridden.exit_code == 0, overridden.output
    assert "loaded: 1 of 1 row(s)" in overridden.stdout
    assert _sub(held.id).status == "loaded"
    assert cli("review", "list").stdout.strip() == "Nothing waits for review."

    again = failing(month="2020-05")
    rejected = cli(
        "review", "reject", str(again.id), "--reason", "Duplicated rows", "--as", STEWARD
    )
    assert rejected.exit_code == 0, rejected.output
    assert "Duplicated rows" in rejected.stdout and _sub(again.id).status == "rejected"
    replayed = cli("review", "replay", str(again.id), "--reason", "try")
    assert replayed.exit_code == 1 and "is rejected" in replayed.stderr
    unknown = cli("review", "show", "999999")
    assert unknown.exit_code == 2 and "No submission 999999" in unknown.stderr


def test_review_show_names_a_statutory_returns_table_and_child_by_pseudonym(
    warehouse, cli, tmp_path
):
    """As the ingest report does: the SSDA903 table each issue is in and the child's
    pseudonym, never the CHILD identifier the authority sent."""
    from workers.sample.generate import PBORO as PBORO_AREA
    from workers.statutory.sample import ssda903_tables
    from workers.statutory.ssda903 import zip_folder

    for name, body in ssda903_tables(PBORO_AREA, plant=True).items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    sub = ingest("la-ssda903", "peterborough-cc", zip_folder(tmp_path), "2020-21.zip").submission
    assert sub.rows_held == 2
    with warehouse.connect() as conn:
        issue = conn.execute(
            text("SELECT row_number, child_key FROM rowissue WHERE rule_code = '103'")
        ).one()
    header = (tmp_path / "header.csv").read_text(encoding="utf-8").splitlines()
    raw_child = header[issue.row_number - 1].split(",")[0]

    shown = cli("review", "show", str(sub.id))
    assert shown.exit_code == 0, shown.output
    out = shown.stdout
    assert "┃ table " in out and "child (pseudonym)" in out
    issues = out[out.index("Row issues") :]
    line = next(row for row in issues.splitlines() if "ZZZZ" in row)
    assert "Header" in line and f"│ {issue.row_number} " in line and "D ETHNIC" in line
    assert issue.child_key[:12] in line
    assert raw_child not in out and issue.child_key not in out  # the pseudonym, shortened


def test_review_commands_refuse_an_account_that_may_not_review(warehouse, cli):
    held = failing()
    with session_scope() as s:
        create_user(s, "q.reader", role="qeg_reader", password="a long and secret phrase")
    refused = cli("review", "reject", str(held.id), "--reason", WHY, "--as", "q.reader")
    assert refused.exit_code == 2 and "only data stewards and administrators" in refused.stderr
    assert _sub(held.id).status == "needs_review"


def test_users_commands(warehouse, cli):
    pw = "correct horse battery"
    added = cli(
        "users",
        "add",
        "c.officer",
        "--role",
        "agency_submitter",
        "--agency",
        CAMBS,
        input=f"{pw}\n{pw}\n",
    )
    assert added.exit_code == 0, added.output
    assert pw not in added.output  # hidden input is never echoed
    mismatch = cli(
        "users", "add", "x.user", "--role", "admin", input=f"{pw}\nother one here\n{pw}\n{pw}\n"
    )
    assert mismatch.exit_code == 0, mismatch.output
    stdin = cli(
        "users", "add", "s.one", "--role", "data_steward", "--password-stdin", input=f"{pw}\n"
    )
    assert stdin.exit_code == 0, stdin.output
    bad = cli(
        "users",
        "add",
        "q.one",
        "--role",
        "qeg_reader",
        "--agency",
        CAMBS,
        "--password-stdin",
        input=f"{pw}\n",
    )
    assert bad.exit_code == 2 and "cannot belong to an agency" in bad.stderr
    listed = cli("users", "list")
    assert listed.exit_code == 0
    assert all(n in listed.stdout for n in ("c.officer", "x.user", "s.one", CAMBS))
    assert "argon2" not in listed.stdout
    assert cli("users", "disable", "s.one", "--reason", "left").exit_code == 0
    assert "disabled" in cli("users", "list").stdout
    with session_scope() as s:
        assert authenticate(s, "s.one", pw) is None
        assert authenticate(s, "c.officer", pw) is not None
    assert cli("users", "disable", "nobody").exit_code == 2
