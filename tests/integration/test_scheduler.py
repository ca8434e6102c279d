"""The scheduler: one pull per feed and slot, missed runs caught up once, overdue returns
marked once, and one leader among several schedulers (real Redis)."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from tests.conftest import activity_row, csv_bytes
from workers import scheduler as sched
from workers.contracts.loader import load_contracts
from workers.pipeline import ingest
from workers.returns_calendar import due_date, mark_overdue, overdue_returns
from workers.warehouse.db import session_scope
from workers.warehouse.models import Event

REDIS_URL = "redis://127.0.0.1:6379/14"


def _recorder():
    sent: list[tuple[str, str]] = []
    return sent, lambda c, a: sent.append((c, a))


def test_a_slot_is_sent_once_across_schedulers(warehouse):
    sent, send = _recorder()
    a = sched.FeedScheduler(send, lambda: None, lambda: None, node="a")
    b = sched.FeedScheduler(send, lambda: None, lambda: None, node="b")
    slot = datetime(2026, 11, 25, 6, 0, 12, tzinfo=UTC)
    assert a.pull("la-csc-activity", "cambridgeshire-cc", slot) is True
    assert b.pull("la-csc-activity", "cambridgeshire-cc", slot + timedelta(seconds=30)) is False
    assert b.pull("la-csc-activity", "peterborough-cc", slot) is True
    assert sent == [
        ("la-csc-activity", "cambridgeshire-cc"),
        ("la-csc-activity", "peterborough-cc"),
    ]


def test_missed_runs_are_caught_up_once_per_feed(warehouse):
    sent, send = _recorder()
    s = sched.FeedScheduler(send, lambda: None, lambda: None, node="a")
    expected = {(c, a) for c, a, _ in sched.feeds()}
    assert len(expected) >= 5
    assert s.catch_up() == len(expected)
    assert set(sent) == expected and len(sent) == len(expected)
    # Started again straight away: nothing was missed since.
    assert s.catch_up() == 0
    assert len(sent) == len(expected)


def test_previous_fire_time_of_a_daily_schedule():
    trigger = sched.CronTrigger.from_crontab("0 6 * * *", timezone=sched.TIMEZONE)
    now = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    assert sched._previous_fire_time(trigger, now) == datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    early = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
    assert sched._previous_fire_time(trigger, early) == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def test_overdue_returns_are_marked_once_and_not_when_received(warehouse, activity):
    contract = load_contracts()["la-csc-activity"]
    today = date(2020, 6, 20)  # May 2020 due 15 June: overdue; June not yet due
    overdue = overdue_returns_for(contract, today)
    assert {(o.agency_id, o.period.label) for o in overdue} >= {
        ("cambridgeshire-cc", "2020-05"),
        ("peterborough-cc", "2020-05"),
    }
    assert all(o.due < today for o in overdue)
    assert due_date(contract, overdue[0].period) == overdue[0].due

    ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row(month="2020-05")]),
        "may.csv",
    )
    with session_scope() as session:
        first = mark_overdue(session, [contract], today)
    labels = {(o.agency_id, o.period.label) for o in first}
    assert ("cambridgeshire-cc", "2020-05") not in labels
    assert ("peterborough-cc", "2020-05") in labels
    with session_scope() as session:
        assert mark_overdue(session, [contract], today) == []
        events = session.exec(select(Event).where(Event.kind == "return_overdue")).all()
    assert len(events) == len(first)
    details = [json.loads(e.detail) for e in events]
    assert {
        "contract": "la-csc-activity",
        "agency": "peterborough-cc",
        "period": "2020-05",
        "due": "2020-06-15",
    } in details


def overdue_returns_for(contract, today):
    with session_scope() as session:
        return overdue_returns(session, [contract], today)


@pytest.fixture
def redis_url():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.delete(sched.LEADER_KEY)
    yield REDIS_URL
    client.delete(sched.LEADER_KEY)


def test_only_one_scheduler_leads_and_another_takes_over(warehouse, redis_url, monkeypatch):
    monkeypatch.setattr(sched, "LOCK_TTL_SECONDS", 2)
    monkeypatch.setattr(sched, "RENEW_SECONDS", 0.2)
    leading: list[str] = []
    lock = threading.Lock()

    class Probe:
        def __init__(self, name: str) -> None:
            self.name = name

        def start(self) -> None:
            with lock:
                leading.append(self.name)

        def stop(self) -> None:
            with lock:
                leading.remove(self.name)

    stops = {n: threading.Event() for n in ("a", "b")}
    threads = {
        n: threading.Thread(
            target=sched.run_elected, args=(lambda n=n: Probe(n), redis_url, stops[n]), daemon=True
        )
        for n in stops
    }
    for t in threads.values():
        t.start()
    deadline = time.monotonic() + 10
    while not leading and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    assert len(leading) == 1, leading
    first = leading[0]
    other = "b" if first == "a" else "a"
    stops[first].set()
    threads[first].join(timeout=10)
    deadline = time.monotonic() + 15
    while leading != [other] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leading == [other]
    stops[other].set()
    threads[other].join(timeout=10)
    assert leading == []


def test_slot_key_is_per_minute():
    a = datetime(2026, 1, 1, 6, 0, 5, tzinfo=UTC)
    assert sched._slot(a) == sched._slot(a + timedelta(seconds=50))
    assert sched._slot(a) != sched._slot(a + timedelta(minutes=1))


def test_earlier_periods_without_an_accepted_return_are_pulled_again(warehouse, activity):
    from workers.returns_calendar import recent_periods

    latest, previous, before = recent_periods("month", date.today(), 3)
    late: list[tuple[str, str, str]] = []
    s = sched.FeedScheduler(
        lambda c, a: None,
        lambda: None,
        lambda: None,
        node="a",
        send_late_pull=lambda c, a, p: late.append((c, a, p)),
    )
    ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row(month=before.label)]),
        "b.csv",
    )
    assert s.pull("la-csc-activity", "cambridgeshire-cc", datetime.now(UTC))
    # The previous month has no accepted return: pulled again; the one before was received.
    assert late == [("la-csc-activity", "cambridgeshire-cc", previous.label)]
    assert latest.label not in [p for _, _, p in late]
