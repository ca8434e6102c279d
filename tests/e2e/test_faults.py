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
import hashlib
import io
import itertools
import os
import random
import re
import shutil
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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
    free_port,
    missing_binaries,
    new_database,
    wait_for,
)
from workers.contracts.loader import get_contract, load_contracts
from workers.scheduler import RENEW_SECONDS
from workers.simulator import AgencySimulator, start_simulator, stop_simulator

_MISSING = missing_binaries()
pytestmark = pytest.mark.skipif(_MISSING is not None, reason=f"fault tests: {_MISSING}")

ROUNDS = int(os.environ.get("SDH_FAULT_ROUNDS", "20"))
SEED = int(os.environ.get("SDH_FAULT_SEED", "6"))
#: Rows of each child-level return killed mid-load: its load lasts about a second here.
ROWS = int(os.environ.get("SDH_FAULT_ROWS", "15000"))
#: Enough returns that a load is always waiting: a killed one goes to the back of the queue.
CHILD_RETURNS = max(4, ROUNDS // 2)
AGGREGATE_RETURNS = 2
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
    """Validations and loads recorded as failed for good: what these cases are about.
    (Pulls fail here by design, with no agency system to pull from; a race between two
    ``warehouse_changed`` for the same quarter in ``workers/packs/triggers.py`` is a
    known, separate finding, see docs/reliability.md.)"""
    return [
        r.detail
        for r in hub.query("SELECT detail FROM event WHERE kind = 'step_failed' ORDER BY id")
        if '"step": "validate_submission"' in r.detail or '"step": "load_submission"' in r.detail
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
    submission_id: int
    contract: str
    offset: float  # seconds after the moment aimed at (the load's or validation's start)
    status_before: str
    status_after: str
    at: float  # the database's clock, as the events' timestamps are
    recovered_in: float | None = None


def test_worker_killed_mid_load_loads_every_return_exactly_once(hub: Hub, tmp_path: Path):
    """SIGKILL the dramatiq worker process at random moments of a load, restart it and let
    the reconciler tick: every return ends loaded once, whole.

    The returns are validated first, by a worker on the validate queue only, so that each
    round costs a restart and a load rather than a validation too: their loads wait in the
    queue, and every round kills the load that has just begun."""
    rng = random.Random(SEED)
    sent: list[Sent] = []
    for n in range(CHILD_RETURNS):
        data, period, rows, total = child_return(tmp_path, n, ROWS)
        sid = hub.receive("la-csc-episodes", "cambridgeshire-cc", data, f"e{n}.csv", period)
        sent.append(Sent(sid, "la-csc-episodes", rows, total))
    for n in range(AGGREGATE_RETURNS):
        data, period, total = aggregate_return(n)
        sid = hub.receive("la-csc-activity", "cambridgeshire-cc", data, f"a{n}.csv", period)
        sent.append(Sent(sid, "la-csc-activity", 1, total))
    by_id = {s.submission_id: s for s in sent}
    hub.start_worker("validator", threads=2, queues=("validate",))
    wait_for(lambda: {hub.status(s.submission_id) for s in sent} == {"validated"}, 300, hub.logs)
    hub.stop("validator")

    kills: list[Kill] = []
    last_event = hub.scalar("SELECT coalesce(max(id), 0) FROM event")

    def next_load() -> tuple[Sent, float]:
        """The submission whose load has just begun, and when the test saw it begin."""
        nonlocal last_event
        row = wait_for(
            lambda: hub.query(
                "SELECT id, submission_id FROM event WHERE kind = 'loading_started' "
                "AND id > :e ORDER BY id LIMIT 1",
                e=last_event,
            ),
            120,
            hub.logs,
            every=0.01,  # seen late, a short load would mostly be killed after its commit
        )[0]
        last_event = row.id
        return by_id[row.submission_id], time.monotonic()

    hub.start_worker()
    started = time.monotonic()
    # The first load, undisturbed, times the window to aim at on this machine today: on the
    # database's clock, from its start to its commit, as the test sees a start late.
    first, _ = next_load()
    wait_for(lambda: hub.status(first.submission_id) == "loaded", 120, hub.logs)
    load_seconds = max(
        0.05,
        float(
            hub.scalar(
                "SELECT extract(epoch FROM max(at) FILTER (WHERE kind = 'loaded') "
                "- max(at) FILTER (WHERE kind = 'loading_started')) FROM event "
                "WHERE submission_id = :i",
                i=first.submission_id,
            )
        ),
    )

    resumed: list[float] = []  # kill → the next load begun by the restarted worker
    killed_at: float | None = None
    while len(kills) < ROUNDS:
        s, began = next_load()
        if killed_at is not None:
            resumed.append(began - killed_at)
        # An aggregate load takes milliseconds: it is killed wherever the moment falls.
        window = load_seconds if s.contract == "la-csc-episodes" else 0.05
        offset = rng.uniform(0, 0.8 * window)
        time.sleep(max(0.0, began + offset - time.monotonic()))
        before = hub.status(s.submission_id) or "?"
        hub.kill("worker")
        killed_at = time.monotonic()
        # The load is one transaction: right after the kill the warehouse holds all of
        # the return or none of it, never a part.
        after = hub.status(s.submission_id) or "?"
        rows_after = facts_of(hub, s)[0]
        assert rows_after in (0, s.rows), f"{s}: {rows_after} of {s.rows} rows visible"
        assert (rows_after == s.rows) == (after == "loaded"), (s, after, rows_after)
        at = float(hub.scalar("SELECT extract(epoch FROM localtimestamp)"))
        s.kills.append(before)
        kills.append(Kill(s.submission_id, s.contract, round(offset, 3), before, after, at))
        hub.start_worker()
        hub.reconcile()  # the scheduler's reconciler, one tick

    wait_all_loaded(hub, sent, 240)
    elapsed = time.monotonic() - started
    assert_loaded_exactly_once(hub, sent)
    for k in kills:
        loaded_at = hub.scalar(
            "SELECT extract(epoch FROM max(at)) FROM event "
            "WHERE kind = 'loaded' AND submission_id = :i",
            i=k.submission_id,
        )
        k.recovered_in = float(loaded_at) - k.at
    child = [k for k in kills if k.contract == "la-csc-episodes"]
    mid_load = [k for k in child if k.status_after != "loaded"]
    reloaded = sorted(k.recovered_in for k in mid_load if k.recovered_in is not None)
    offsets = sorted(k.offset for k in mid_load) or [0.0]
    print(
        f"\nkilled {len(kills)} times ({len(child)} in child-level loads of {ROWS} rows "
        f"lasting about {load_seconds:.2f} s, {len(kills) - len(child)} in aggregate loads): "
        f"{len(mid_load)} inside an uncommitted load, {offsets[0]:.2f}-{offsets[-1]:.2f} s "
        f"in; the rest just after a commit. Kill to the next load begun: median "
        f"{statistics.median(resumed):.1f} s, max {max(resumed):.1f} s; kill to that return "
        f"loaded (it queues behind the others): median {statistics.median(reloaded):.1f} s; "
        f"returns killed more than once: {sum(len(s.kills) > 1 for s in sent)}; "
        f"{elapsed:.0f} s in all"
    )
    # Most child-level kills must land inside a load, or the test proves little.
    assert len(mid_load) >= len(child) * 0.6, kills


# --- 2. Redis restarted, and flushed, while returns are queued -----------------------------


def _deliver_while_no_worker(hub: Hub, tmp_path: Path, first: int, count: int) -> list[Sent]:
    """Child-level returns received and queued for validation while no worker runs (the
    fast path: a fresh worker validates them without first importing Great Expectations)."""
    sent = []
    for n in range(first, first + count):
        data, period, rows, total = child_return(tmp_path, n, 2000)
        sid = hub.receive("la-csc-episodes", "cambridgeshire-cc", data, f"e{n}.csv", period)
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
    redis_server.stop()
    # Down for longer than the scheduler's renewal period, so its leader lock is renewed
    # (and fails) during the outage, as in a restart that replays a large append-only file.
    time.sleep(RENEW_SECONDS + 2)
    redis_server.start()
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
    print(
        f"\nloaded {after_restart:.1f} s after Redis stopped (down {RENEW_SECONDS + 2} s), "
        f"{after_flush:.1f} s after FLUSHALL"
    )

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


# --- 4. the agency's system misbehaves -----------------------------------------------------

TOKEN = "agency-token-for-the-fault-tests"


@pytest.fixture
def agency_system(tmp_path: Path) -> Iterator[AgencySimulator]:
    server, _ = start_simulator(tmp_path / "agency-systems", tokens={"cambridgeshire-cc": TOKEN})
    try:
        yield server
    finally:
        stop_simulator(server)


def test_agency_source_faults_never_make_a_partial_submission(
    hub: Hub, agency_system: AgencySimulator, tmp_path: Path
):
    """Timeouts, HTTP 500 and a body cut short (Content-Length larger than what came) are
    retried until the whole file arrives; a source that keeps failing is recorded as a
    failed pull; a file whose columns changed goes back to the agency with a clear error.
    No submission is ever made from a partial file."""
    hub.env.update(
        SDH_SOURCE_BASE_URL=agency_system.base_url,
        SDH_SOURCE_TOKEN_CAMBRIDGESHIRE_CC=TOKEN,
        SDH_PULL_TIMEOUT_SECONDS="1",
    )
    contract, agency = "la-csc-activity", "cambridgeshire-cc"
    files: dict[str, tuple[bytes, float]] = {}
    for n, fault in enumerate(["timeout", "status", "truncate", "columns", "down"], start=1):
        data, period, total = aggregate_return(n)
        path = agency_system.directory / contract / agency / f"{period}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files[fault] = (data, total)
        url = f"/{contract}/{agency}/{period}.csv"
        if fault == "timeout":
            agency_system.inject(url, "timeout", times=2, delay=3)
        elif fault == "status":
            agency_system.inject(url, "status", times=2, status=500)
        elif fault == "truncate":
            agency_system.inject(url, "truncate", times=2)
        elif fault == "columns":
            agency_system.inject(url, "columns", times=1)
        else:  # the agency's system is down for longer than the retries last
            agency_system.inject(url, "status", times=100, status=500)
    periods = {fault: aggregate_return(n)[1] for n, fault in enumerate(files, start=1)}
    hub.start_worker(threads=2)
    for period in periods.values():
        # Short backoffs so the retries (the same policy, five of them) fit in the test.
        hub.send("ingest", "pull_feed", contract, agency, period, min_backoff=200, max_backoff=800)

    def submission(fault: str) -> list:
        return hub.query(
            "SELECT id, status, sha256, size_bytes FROM submission WHERE period_label = :p",
            p=periods[fault],
        )

    def settled() -> bool:
        ok = all(
            [r.status for r in submission(f)] == ["loaded"]
            for f in ("timeout", "status", "truncate")
        )
        held = [r.status for r in submission("columns")] == ["rejected"]
        down = "HTTP 500" in str(failed_pulls(hub))
        return ok and held and down

    wait_for(settled, 180, lambda: f"{hub.query('SELECT * FROM submission')}\n{hub.logs()}")

    # Retried: one submission each, of the whole file, loaded once.
    sent = []
    for fault in ("timeout", "status", "truncate"):
        (row,) = submission(fault)
        data, total = files[fault]
        assert row.sha256 == hashlib.sha256(data).hexdigest() and row.size_bytes == len(data)
        sent.append(Sent(row.id, contract, 1, total))
        seen = [
            r.status
            for r in agency_system.requests_for(f"/{contract}/{agency}/{periods[fault]}.csv")
        ]
        assert len(seen) == 3, (fault, seen)  # two faults, then the file
    # Changed columns: a whole file, returned to the agency with the column named.
    (held,) = submission("columns")
    issues = hub.query(
        "SELECT i.rule_code, i.column_name, i.message FROM rowissue i JOIN validationrun r "
        "ON r.id = i.run_id WHERE r.submission_id = :s",
        s=held.id,
    )
    assert issues and any("missing_episodes" in f"{i.column_name} {i.message}" for i in issues)
    assert hub.scalar("SELECT count(*) FROM measure_fact WHERE submission_id = :s", s=held.id) == 0
    # Down for good: no submission; the failure is on record with its reason.
    assert submission("down") == []
    state = hub.query(
        "SELECT last_status, last_error FROM feed_state WHERE period_label = :p", p=periods["down"]
    )
    assert state[0].last_status == "failed" and "HTTP 500" in state[0].last_error
    # Nothing else became a submission.
    assert hub.scalar("SELECT count(*) FROM submission") == 4
    for s in sent:
        assert facts_of(hub, s) == (1, s.total)
    tries = {
        f: len(agency_system.requests_for(f"/{contract}/{agency}/{p}.csv"))
        for f, p in periods.items()
    }
    print(f"\nrequests per fault: {tries}")


def failed_pulls(hub: Hub) -> list[str]:
    return [
        r.detail
        for r in hub.query("SELECT detail FROM event WHERE kind = 'step_failed' ORDER BY id")
        if "pull_feed" in r.detail
    ]


# --- 5. two schedulers started at once -----------------------------------------------------


def test_two_schedulers_pull_each_return_once_per_tick(
    hub: Hub, redis_server: RedisServer, agency_system: AgencySimulator, tmp_path: Path
):
    """Two schedulers start together on the same Redis, and a third on another Redis db
    (a leader that cannot see the lock: split brain). Every feed runs each minute: at each
    tick every return is pulled once, whichever scheduler sends it."""
    contracts = tmp_path / "contracts"
    shutil.copytree(Path(get_contract("la-csc-activity").path).parent, contracts)
    for path in contracts.glob("*.odcs.yaml"):
        text = path.read_text()
        path.write_text(re.sub(r'(property: schedule, value: )"[^"]*"', r'\1"* * * * *"', text))
    agencies = {a for c in load_contracts().values() if c.source for a in c.agencies}
    hub.env.update(
        SDH_CONTRACTS_DIR=str(contracts),
        SDH_SOURCE_BASE_URL=agency_system.base_url,
        **{f"SDH_SOURCE_TOKEN_{a.upper().replace('-', '_')}": "t" for a in agencies},
    )
    other_db = next(_redis_dbs)
    redis_server.client(other_db).flushdb()
    hub.start_worker(threads=2)
    hub.start(
        "worker-b",
        "worker",
        "--processes",
        "1",
        "--threads",
        "2",
        SDH_BROKER_URL=redis_server.url(other_db),
    )
    for name in ("scheduler-1", "scheduler-2"):
        hub.start(name, "scheduler")
    hub.start("scheduler-split", "scheduler", SDH_BROKER_URL=redis_server.url(other_db))
    feeds = {
        (c.id, a) for c in load_contracts().values() if c.schedule and c.source for a in c.agencies
    }

    def slots() -> Counter:
        rows = hub.query("SELECT contract_id, agency_id FROM schedule_run")
        return Counter((r.contract_id, r.agency_id) for r in rows)

    # The start-up catch-up is one tick, the next minute's cron another.
    wait_for(lambda: set(slots()) == feeds and min(slots().values()) >= 2, 150, hub.logs)
    leaders = sum("is the leader" in hub.log(n) for n in ("scheduler-1", "scheduler-2"))
    assert leaders == 1, "two schedulers on one Redis both led"
    for name in ("scheduler-1", "scheduler-2", "scheduler-split"):
        hub.stop(name)
    ticks = slots()

    def pulls() -> Counter:
        seen = Counter()
        for r in list(agency_system.requests):
            contract, agency, period = r.path.strip("/").split("/")
            seen[(contract, agency, period)] += 1
        return seen

    def each_pulled_once_per_tick() -> bool:
        seen = pulls()
        latest = {(c, a) for c, a, _ in seen}
        return latest == feeds and all(n == ticks[(c, a)] for (c, a, _), n in seen.items())

    wait_for(each_pulled_once_per_tick, 60, lambda: f"{pulls()} for ticks {ticks}")
    time.sleep(2)  # nothing more arrives late
    assert each_pulled_once_per_tick(), (pulls(), ticks)
    print(
        f"\n{len(feeds)} feeds, {sum(ticks.values())} slots, {len(pulls())} URLs, "
        f"{sum(pulls().values())} pulls"
    )
    assert not hub.dead(), hub.dead()


# --- 6. the same return pushed twice at the same moment ------------------------------------


def test_same_return_pushed_at_the_same_moment_loads_once(hub: Hub, tmp_path: Path):
    """Eight agency clients push the same bytes (under different file names) at once through
    the web app: one submission, one load; the others are told it is a duplicate."""
    import requests

    port = free_port()
    hub.start("web", "serve", "--no-embedded", "--port", str(port))
    hub.start_worker(threads=2)
    token = hub.run("tokens", "create", "--agency", "cambridgeshire-cc", "--name", "faults")
    headers = {"Authorization": f"Bearer {token.stdout.strip().splitlines()[-1]}"}
    api = f"http://127.0.0.1:{port}"
    wait_for(lambda: requests.get(f"{api}/healthz", timeout=2).ok, 120, hub.logs)
    data, period, rows, total = child_return(tmp_path, 1, 2000)
    clients = 8
    barrier = threading.Barrier(clients)

    def push(n: int) -> requests.Response:
        barrier.wait()
        return requests.post(
            f"{api}/api/v1/returns/la-csc-episodes",
            headers=headers,
            files={"file": (f"episodes-{n}.csv", data, "text/csv")},
            data={"period": period},
            timeout=60,
        )

    with ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(push, range(clients)))
    assert sorted(a.status_code for a in answers) == [200] * (clients - 1) + [202], [
        a.text for a in answers
    ]
    (sid,) = {a.json()["submission_id"] for a in answers}
    sent = [Sent(sid, "la-csc-episodes", rows, total)]
    wait_all_loaded(hub, sent, 120)
    time.sleep(1)  # a second load, were one sent, would have begun by now
    assert_loaded_exactly_once(hub, sent)
    assert not hub.dead(), hub.dead()
