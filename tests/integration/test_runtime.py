"""The actors on dramatiq's in-process broker with real worker threads, against SQLite and
PostgreSQL: each step chains to the next, is idempotent, retries only transient faults,
and the reconciler re-drives what a lost message left behind."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from tests.conftest import receive_push
from workers.errors import ReturnFileError
from workers.runtime.retry import retry_transient
from workers.warehouse.db import session_scope
from workers.warehouse.models import Event, MeasureFact, Submission


@pytest.fixture
def runtime(warehouse):
    from workers.runtime.embedded import EmbeddedRuntime

    with EmbeddedRuntime(threads=2) as rt:
        yield rt


def _submission(sid: int) -> Submission:
    with session_scope() as session:
        return session.get(Submission, sid)


def _event_kinds(sid: int | None = None) -> list[str]:
    with session_scope() as session:
        query = select(Event).order_by(Event.id)
        if sid is not None:
            query = query.where(Event.submission_id == sid)
        return [e.kind for e in session.exec(query)]


def test_validate_message_chains_to_load_and_announces_the_change(runtime, activity):
    from workers.runtime import actors

    sid = receive_push(activity)
    actors.validate_submission.send(sid)
    runtime.drain(timeout=60)
    sub = _submission(sid)
    assert sub.status == "loaded" and sub.rows_loaded == 1
    assert "warehouse_changed" in _event_kinds()


def test_duplicate_messages_load_once(runtime, activity):
    from workers.runtime import actors

    sid = receive_push(activity)
    for _ in range(3):
        actors.validate_submission.send(sid)
    runtime.drain(timeout=60)
    runtime.worker.join()
    assert _event_kinds(sid).count("loaded") == 1
    with session_scope() as session:
        assert len(session.exec(select(MeasureFact)).all()) == len(activity.measure_columns)


def test_invalid_return_goes_to_review_without_retry(runtime, activity):
    from workers.runtime import actors

    sid = receive_push(activity, referrals=9999)
    actors.validate_submission.send(sid)
    runtime.drain(timeout=60)
    assert _submission(sid).status == "needs_review"
    assert "step_failed" not in _event_kinds(sid)


def test_lost_message_is_redriven_by_the_reconciler(runtime, activity):
    """A submission recorded but whose message never arrived (broker lost it)."""
    sid = receive_push(activity)
    assert _submission(sid).status == "received"
    assert runtime.redrive(after_seconds=0) == 1
    runtime.drain(timeout=60)
    assert _submission(sid).status == "loaded"
    assert runtime.redrive(after_seconds=0) == 0


def test_reconciler_waits_for_the_time_limit(warehouse, activity):
    from workers.runtime.reconcile import stuck_submissions

    sid = receive_push(activity)
    assert stuck_submissions(after_seconds=3600) == []
    assert stuck_submissions(after_seconds=0) == [(sid, "validate")]


def test_transient_database_fault_is_retried(runtime, activity, monkeypatch):
    from workers import load
    from workers.runtime import actors

    real = load.load_submission
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("INSERT", {}, Exception("server closed the connection"))
        return real(*args, **kwargs)

    monkeypatch.setattr(load, "load_submission", flaky)
    sid = receive_push(activity)
    actors.validate_submission.send(sid)
    # The load is retried with backoff: short in this test via per-message options.
    runtime.drain(timeout=60)
    if _submission(sid).status != "loaded":
        actors.load_submission.send_with_options(args=(sid,), min_backoff=10, max_backoff=50)
        runtime.drain(timeout=60)
    assert calls["n"] >= 2
    assert _submission(sid).status == "loaded"


def test_bug_is_not_retried_and_is_recorded(runtime, activity, monkeypatch):
    from workers import load
    from workers.runtime import actors

    def broken(*args, **kwargs):
        raise KeyError("unexpected")

    monkeypatch.setattr(load, "load_submission", broken)
    sid = receive_push(activity)
    actors.validate_submission.send(sid)
    runtime.drain(timeout=60)
    assert _submission(sid).status == "validated"  # the reconciler will try again later
    assert "step_failed" in _event_kinds(sid)


@pytest.mark.parametrize(
    ("exc", "retried"),
    [
        (OperationalError("SELECT 1", {}, Exception("connection refused")), True),
        (ConnectionError("reset"), True),
        (ReturnFileError("a.csv", "bad header"), False),
        (KeyError("x"), False),
    ],
)
def test_only_transient_faults_are_retried(exc, retried):
    assert retry_transient(0, exc) is retried
    assert retry_transient(5, exc) is False


def test_a_load_retries_a_key_clash_a_couple_of_times_only():
    """Two loads adding the same new period row at once: the loser runs again and finds
    the row; a clash that persists fails like any other bug."""
    from sqlalchemy.exc import IntegrityError

    from workers.runtime.actors import KEY_CLASH_RETRIES, retry_load

    clash = IntegrityError("INSERT INTO period", {}, Exception("duplicate key"))
    assert retry_load(0, clash) is True
    assert retry_load(KEY_CLASH_RETRIES, clash) is False
    assert retry_load(0, KeyError("x")) is False


def test_reconcile_actor_sends_what_waited_too_long(runtime, activity, monkeypatch):
    from workers.runtime import actors

    monkeypatch.setenv("SDH_RECONCILE_AFTER_SECONDS", "0")
    sid = receive_push(activity)
    actors.reconcile.send()
    runtime.drain(timeout=60)
    assert _submission(sid).status == "loaded"
