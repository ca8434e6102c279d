"""The hub survives faults: real worker, scheduler and web processes on a private Redis and
a private PostgreSQL cluster, which the tests kill, restart and flush.

Each case states what must hold afterwards, and checks it in the warehouse: every return
loaded exactly once (rows and sums equal the file's), none half-loaded, none doubled.

``SDH_FAULT_ROUNDS`` sets how many times the worker is killed in the middle of a load
(default 20); ``SDH_FAULT_SEED`` varies the moments. A longer run:

    SDH_FAULT_ROUNDS=200 uv run pytest tests/e2e/test_faults.py -k killed -s
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from benchmarks.generate import generate
from tests.conftest import activity_row, csv_bytes
from tests.e2e.faultkit import (
    Hub,
    PostgresCluster,
    RedisServer,
    missing_binaries,
    new_database,
    wait_for,
)
from workers.contracts.loader import get_contract

_MISSING = missing_binaries()
pytestmark = pytest.mark.skipif(_MISSING is not None, reason=f"fault tests: {_MISSING}")

ROUNDS = int(os.environ.get("SDH_FAULT_ROUNDS", "20"))
SEED = int(os.environ.get("SDH_FAULT_SEED", "6"))
#: Rows of each child-level return killed mid-load: its load lasts about a second here.
ROWS = int(os.environ.get("SDH_FAULT_ROWS", "20000"))
AGGREGATE_ROUNDS = max(3, ROUNDS // 5)
TEMPLATE_DB = "faults_template"
_redis_dbs = itertools.count(1)


# --- servers and the hub -------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def template_db(pg_cluster: PostgresCluster, redis_server: RedisServer, tmp_path_factory) -> str:
    """One initialised warehouse that each test's database is copied from (``sdh init``
    once, not once per test)."""
    url = pg_cluster.create_database(TEMPLATE_DB)
    hub = Hub(tmp_path_factory.mktemp("template"), url, redis_server.url(15))
    try:
        hub.run("init")
    finally:
        hub.close()
    return TEMPLATE_DB


@pytest.fixture
def hub(
    pg_cluster: PostgresCluster, redis_server: RedisServer, template_db: str, tmp_path: Path
) -> Iterator[Hub]:
    db = next(_redis_dbs)
    if redis_server.proc is None or redis_server.proc.poll() is not None:
        redis_server.start()
    redis_server.client(db).flushdb()
    deployment = Hub(
        tmp_path / "hub",
        new_database(pg_cluster, template_db),
        redis_server.url(db),
        SDH_RECONCILE_AFTER_SECONDS="2",
    )
    try:
        yield deployment
    finally:
        deployment.close()


# --- returns and what the warehouse must hold ----------------------------------------------


@dataclass
class Sent:
    """A return the test delivered, with the figures its file holds."""

    submission_id: int
    contract: str
    rows: int
    total: float
    kills: list[str] = field(default_factory=list)


def child_return(tmp: Path, n: int, rows: int) -> tuple[bytes, str, int, float]:
    """A valid la-csc-episodes return for month ``n`` (from January 2015): its bytes,
    period, row count and the sum of its ages."""
    month = date(2015 + n // 12, n % 12 + 1, 1)
    path = generate(tmp / f"episodes-{n}.csv", rows, month=month, seed=1000 + n)
    data = path.read_bytes()
    ages = [int(r["age"]) for r in csv.DictReader(io.StringIO(data.decode()))]
    return data, month.strftime("%Y-%m"), len(ages), float(sum(ages))


def aggregate_return(n: int) -> tuple[bytes, str, float]:
    """A valid la-csc-activity return for month ``n`` and the sum of all its measures."""
    contract = get_contract("la-csc-activity")
    month = date(2015 + n // 12, n % 12 + 1, 1).strftime("%Y-%m")
    data = csv_bytes(contract, [activity_row(month=month)])
    row = next(csv.DictReader(io.StringIO(data.decode())))
    return data, month, float(sum(float(row[c.name]) for c in contract.measure_columns))


def facts_of(hub: Hub, sent: Sent) -> tuple[int, float]:
    """(rows, sum) the warehouse holds for a submission: ages for a child-level return,
    distinct source rows and the sum of every value for an aggregate one."""
    if sent.contract == "la-csc-episodes":
        row = hub.query(
            "SELECT count(*) AS n, coalesce(sum(age), 0) AS s FROM child_event_fact "
            "WHERE submission_id = :i",
            i=sent.submission_id,
        )[0]
    else:
        row = hub.query(
            "SELECT count(DISTINCT row_number) AS n, coalesce(sum(value), 0) AS s "
            "FROM measure_fact WHERE submission_id = :i",
            i=sent.submission_id,
        )[0]
    return int(row.n), float(row.s)


def assert_loaded_exactly_once(hub: Hub, sent: list[Sent]) -> None:
    """Every return loaded, once, whole: its rows and sums equal the file's, one
    ``loaded`` event, no holds, and no fact belongs to a submission the test did not send."""
    problems = []
    for s in sent:
        status = hub.status(s.submission_id)
        rows, total = facts_of(hub, s)
        loaded_events = hub.scalar(
            "SELECT count(*) FROM event WHERE kind = 'loaded' AND submission_id = :i",
            i=s.submission_id,
        )
        holds = hub.scalar(
            "SELECT count(*) FROM rowhold WHERE submission_id = :i", i=s.submission_id
        )
        if (status, rows, total, loaded_events, holds) != ("loaded", s.rows, s.total, 1, 0):
            problems.append(
                f"submission {s.submission_id} ({s.contract}, kills {s.kills}): status "
                f"{status}, {rows}/{s.rows} rows, sum {total}/{s.total}, "
                f"{loaded_events} loaded event(s), {holds} hold(s)"
            )
    ids = [s.submission_id for s in sent]
    assert hub.scalar("SELECT count(*) FROM submission") == len(ids)
    for table in ("child_event_fact", "measure_fact"):
        strays = hub.scalar(
            f"SELECT count(*) FROM {table} WHERE NOT (submission_id = ANY(:ids))", ids=ids
        )
        if strays:
            problems.append(f"{strays} row(s) in {table} from no submission sent")
    assert not problems, "\n".join(problems)


def failed_steps(hub: Hub) -> list[str]:
    """Validations and loads recorded as failed for good (pulls fail here by design: the
    tests give the scheduler no agency systems to pull from)."""
    return [
        r.detail
        for r in hub.query("SELECT detail FROM event WHERE kind = 'step_failed' ORDER BY id")
        if "pull_feed" not in r.detail
    ]


def wait_all_loaded(hub: Hub, sent: list[Sent], timeout: float) -> None:
    ids = [s.submission_id for s in sent]
    wait_for(
        lambda: (
            hub.scalar(
                "SELECT count(*) FROM submission WHERE status = 'loaded' AND id = ANY(:ids)",
                ids=ids,
            )
            == len(ids)
        ),
        timeout,
        lambda: (
            "every return to load: "
            + str(hub.query("SELECT id, status FROM submission ORDER BY id"))
            + "\n"
            + hub.logs()
        ),
    )


# --- 1. a worker killed in the middle of a load --------------------------------------------


@dataclass
class Kill:
    index: int  # of the return in the order sent
    contract: str
    offset: float  # seconds after the moment aimed at (the load's or validation's start)
    status_before: str
    status_after: str
    at: float  # the database's clock, as the events' timestamps are
    recovered_in: float | None = None


def test_worker_killed_mid_load_loads_every_return_exactly_once(hub: Hub, tmp_path: Path):
    """SIGKILL the dramatiq worker process at random moments of a load, restart it and let
    the reconciler tick: every return ends loaded once, whole."""
    rng = random.Random(SEED)
    child = [child_return(tmp_path, n, ROWS) for n in range(ROUNDS + 1)]
    aggregate = [aggregate_return(n) for n in range(AGGREGATE_ROUNDS + 1)]
    sent: list[Sent] = []
    kills: list[Kill] = []
    # Two threads: the reload of the return killed last round runs beside the validation
    # of the next one, which keeps a round to a few seconds.
    hub.start_worker(threads=2)
    started = time.monotonic()

    def send_child(n: int) -> Sent:
        data, period, rows, total = child[n]
        sid = hub.receive("la-csc-episodes", "cambridgeshire-cc", data, f"e{n}.csv", period)
        sent.append(Sent(sid, "la-csc-episodes", rows, total))
        return sent[-1]

    def send_aggregate(n: int) -> Sent:
        data, period, total = aggregate[n]
        sid = hub.receive("la-csc-activity", "cambridgeshire-cc", data, f"a{n}.csv", period)
        sent.append(Sent(sid, "la-csc-activity", 1, total))
        return sent[-1]

    def reach(s: Sent, status: str) -> float:
        wait_for(lambda: hub.status(s.submission_id) in status.split("|"), 120, hub.logs)
        return time.monotonic()

    def kill_now(s: Sent, offset: float) -> None:
        before = hub.status(s.submission_id) or "?"
        hub.kill("worker")
        # The load is one transaction: right after the kill the warehouse holds all of
        # the return or none of it, never a part.
        after = hub.status(s.submission_id) or "?"
        rows_after = facts_of(hub, s)[0]
        assert rows_after in (0, s.rows), f"{s}: {rows_after} of {s.rows} rows visible"
        assert (rows_after == s.rows) == (after == "loaded"), (s, after, rows_after)
        at = float(hub.scalar("SELECT extract(epoch FROM localtimestamp)"))
        s.kills.append(before)
        kills.append(Kill(len(sent) - 1, s.contract, round(offset, 3), before, after, at))
        hub.start_worker(threads=2)
        hub.reconcile()  # the scheduler's reconciler, one tick
        print(f"{time.monotonic() - started:6.1f} s: killed {s.contract} at {before}")

    # A first load of each kind, undisturbed, times the window to aim at on this machine.
    first = send_child(0)
    began = reach(first, "loading")
    load_seconds = max(reach(first, "loaded") - began, 0.2)
    first = send_aggregate(0)
    began = reach(first, "validating")
    aggregate_seconds = max(reach(first, "loaded") - began, 0.2)

    for n in range(1, ROUNDS + 1):
        s = send_child(n)
        reach(s, "loading")
        offset = rng.uniform(0, load_seconds * 1.1)
        time.sleep(offset)
        kill_now(s, offset)

    # An aggregate return loads in milliseconds: aim anywhere from its validation's start.
    for n in range(1, AGGREGATE_ROUNDS + 1):
        s = send_aggregate(n)
        reach(s, "validating|validated|loading|loaded")
        offset = rng.uniform(0, aggregate_seconds)
        time.sleep(offset)
        kill_now(s, offset)

    print(f"{time.monotonic() - started:6.1f} s: last kill")
    wait_all_loaded(hub, sent, 240)
    elapsed = time.monotonic() - started
    assert_loaded_exactly_once(hub, sent)
    assert not hub.dead(), hub.dead()
    for k in kills:
        loaded_at = hub.scalar(
            "SELECT extract(epoch FROM max(at)) FROM event "
            "WHERE kind = 'loaded' AND submission_id = :i",
            i=sent[k.index].submission_id,
        )
        k.recovered_in = float(loaded_at) - k.at
    stages = Counter(f"{k.contract}:{k.status_before}" for k in kills)
    mid_load = sum(1 for k in kills if k.status_before == "loading" and k.status_after != "loaded")
    recovered = sorted(k.recovered_in for k in kills if k.recovered_in and k.recovered_in > 0)
    print(
        f"\nkilled {len(kills)} times ({ROUNDS} child-level returns of {ROWS} rows, load "
        f"{load_seconds:.2f} s; {AGGREGATE_ROUNDS} aggregate, validate+load "
        f"{aggregate_seconds:.2f} s); status at the kill: {dict(stages)}; killed inside an "
        f"uncommitted load: {mid_load}; kill to loaded: median "
        f"{statistics.median(recovered):.1f} s, max {recovered[-1]:.1f} s; {elapsed:.0f} s"
    )
    # Most child-level kills must land inside the load, or the test proves little.
    assert mid_load >= ROUNDS * 0.6, kills


# --- 2. Redis restarted, and flushed, while returns are queued -----------------------------


def _deliver_while_no_worker(hub: Hub, tmp_path: Path, first: int, count: int) -> list[Sent]:
    """Returns received and queued for validation while no worker runs."""
    sent = []
    for n in range(first, first + count):
        data, period, total = aggregate_return(n)
        sid = hub.receive("la-csc-activity", "cambridgeshire-cc", data, f"a{n}.csv", period)
        sent.append(Sent(sid, "la-csc-activity", 1, total))
    data, period, rows, total = child_return(tmp_path, first, 2000)
    sid = hub.receive("la-csc-episodes", "cambridgeshire-cc", data, f"e{first}.csv", period)
    sent.append(Sent(sid, "la-csc-episodes", rows, total))
    return sent


def test_redis_restart_and_flush_lose_no_return(
    hub: Hub, redis_server: RedisServer, tmp_path: Path
):
    """Queued messages survive a Redis restart (append-only file); after FLUSHALL they are
    gone, and the scheduler's reconciler sends the returns again from the database."""
    hub.start("scheduler", "scheduler")
    wait_for(lambda: "is the leader" in hub.log("scheduler"), 60, hub.logs)
    queue = f"dramatiq:{'validate'}"
    redis = redis_server.client(int(hub.redis_url.rsplit("/", 1)[1]))

    # Restarted: the queued messages come back with Redis.
    sent = _deliver_while_no_worker(hub, tmp_path, 1, 3)
    assert redis.llen(queue) == len(sent)
    began = time.monotonic()
    redis_server.restart()
    assert redis.llen(queue) == len(sent), "the queue did not survive the restart"
    hub.start_worker(threads=2)
    wait_all_loaded(hub, sent, 120)
    after_restart = time.monotonic() - began

    # Flushed: the messages are lost; the database still says what is waiting.
    hub.stop("worker")
    flushed = _deliver_while_no_worker(hub, tmp_path, 10, 3)
    began = time.monotonic()
    redis.flushall()
    hub.start_worker(threads=2)
    wait_all_loaded(hub, flushed, 120)
    after_flush = time.monotonic() - began
    print(f"\nloaded {after_restart:.1f} s after the restart, {after_flush:.1f} s after FLUSHALL")

    assert_loaded_exactly_once(hub, sent + flushed)
    assert failed_steps(hub) == []
    assert not hub.dead(), hub.dead()  # the scheduler and the worker rode it out


# --- 3. PostgreSQL restarted while workers run ---------------------------------------------


def test_postgres_restart_while_workers_run(hub: Hub, pg_cluster: PostgresCluster, tmp_path: Path):
    """Restart PostgreSQL (every connection ends) in the middle of validations and loads:
    the actors retry, and every return is loaded once."""
    hub.start_worker(threads=2)
    sent = []
    for n in range(1, 3):
        data, period, rows, total = child_return(tmp_path, n, ROWS)
        sid = hub.receive("la-csc-episodes", "cambridgeshire-cc", data, f"e{n}.csv", period)
        sent.append(Sent(sid, "la-csc-episodes", rows, total))
    for n in range(3, 7):
        data, period, total = aggregate_return(n)
        sid = hub.receive("la-csc-activity", "cambridgeshire-cc", data, f"a{n}.csv", period)
        sent.append(Sent(sid, "la-csc-activity", 1, total))
    wait_for(lambda: hub.status(sent[0].submission_id) == "loading", 120, hub.logs)
    states = [hub.status(s.submission_id) for s in sent]
    began = time.monotonic()
    pg_cluster.restart("fast")
    down = time.monotonic() - began
    wait_all_loaded(hub, sent, 180)
    print(
        f"\nPostgreSQL down {down:.1f} s with returns at {states}; all loaded "
        f"{time.monotonic() - began:.1f} s after the restart began"
    )
    assert_loaded_exactly_once(hub, sent)
    assert failed_steps(hub) == []
    assert not hub.dead(), hub.dead()
