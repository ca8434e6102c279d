"""The health checks of docker-compose's worker and scheduler (``sdh health worker``,
``sdh health scheduler``), against the real Redis: a worker is healthy while every process
it started is heard by the broker, the scheduler while a leader keeps its lease."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.support import wait_for
from workers import scheduler as sched
from workers.observability.heartbeats import (
    HEARTBEATS_KEY,
    check_scheduler,
    check_worker,
    worker_ids_dir,
)

REDIS_URL = "redis://127.0.0.1:6379/10"
SDH = [sys.executable, "-m", "workers.cli"]


@pytest.fixture
def client(tmp_path, monkeypatch) -> Iterator[redis.Redis]:
    monkeypatch.setenv("SDH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SDH_BROKER_URL", REDIS_URL)
    connection = redis.Redis.from_url(REDIS_URL)
    connection.delete(sched.LEADER_KEY, HEARTBEATS_KEY)
    yield connection
    connection.delete(sched.LEADER_KEY, HEARTBEATS_KEY)
    connection.close()


def _note(pid: int, broker_id: str) -> None:
    folder = worker_ids_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / str(pid)).write_text(broker_id)


def test_a_worker_is_healthy_only_while_the_broker_hears_it(client):
    assert not check_worker(REDIS_URL).healthy  # nothing booted yet
    _note(os.getpid(), "broker-a")
    client.zadd(HEARTBEATS_KEY, {"broker-a": time.time() * 1000 - 1000})
    health = check_worker(REDIS_URL)
    assert health.healthy, health.message
    # Silent for longer than dramatiq waits before taking its messages back: unhealthy.
    client.zadd(HEARTBEATS_KEY, {"broker-a": time.time() * 1000 - 20_000})
    health = check_worker(REDIS_URL)
    assert not health.healthy
    assert "not heard by the broker for more than 15 s" in health.message
    # Dropped from the set by dramatiq's maintenance: unhealthy too.
    client.zrem(HEARTBEATS_KEY, "broker-a")
    assert not check_worker(REDIS_URL).healthy


def test_a_worker_process_that_stopped_is_unhealthy(client):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    _note(gone.pid, "broker-b")
    client.zadd(HEARTBEATS_KEY, {"broker-b": time.time() * 1000})
    health = check_worker(REDIS_URL)
    assert not health.healthy and f"[{gone.pid}] stopped" in health.message


def test_sdh_health_worker_follows_a_real_worker(client, tmp_path):
    env = {**os.environ, "SDH_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    log = tmp_path / "worker.log"

    def health() -> subprocess.CompletedProcess:
        return subprocess.run(
            [*SDH, "health", "worker"], env=env, capture_output=True, text=True, timeout=60
        )

    with log.open("w") as out:
        worker = subprocess.Popen(
            [*SDH, "worker", "--processes", "1", "--threads", "1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        first = health()
        assert first.returncode == 1 and "unhealthy" in first.stderr
        wait_for(lambda: health().returncode == 0, 90, "a healthy worker", log.read_text)
        assert "healthy: 1 worker process(es)" in health().stdout
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    after = health()
    assert after.returncode == 1 and "stopped" in after.stderr  # noted, or already gone


class _Idle:
    def start(self) -> None: ...

    def stop(self) -> None: ...


def test_the_scheduler_is_healthy_while_a_leader_holds_the_lease(client):
    health = check_scheduler(REDIS_URL)
    assert not health.healthy and "none is leading" in health.message
    stop = threading.Event()
    leader = threading.Thread(target=sched.run_elected, args=(_Idle, REDIS_URL, stop))
    leader.start()
    try:
        wait_for(lambda: check_scheduler(REDIS_URL).healthy, 30, "a leading scheduler")
        assert f"leader {sched.node_name()}/" in check_scheduler(REDIS_URL).message
    finally:
        stop.set()
        leader.join(timeout=30)
    assert not check_scheduler(REDIS_URL).healthy  # stepped down: the lease is released


def test_a_lease_nobody_renews_lapses_into_unhealthy(client):
    """A stuck leader stops renewing: once the lease's time is up, no one leads."""
    client.set(sched.LEADER_KEY, "stuck-host:1/abc", px=500)
    assert check_scheduler(REDIS_URL).healthy
    wait_for(lambda: not check_scheduler(REDIS_URL).healthy, 10, "the lease to lapse")


def test_sdh_health_scheduler_without_redis_says_why(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SDH_BROKER_URL"}
    env["SDH_DATA_DIR"] = str(Path(tmp_path))
    result = subprocess.run(
        [*SDH, "health", "scheduler"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "the scheduler's lease is kept in Redis" in result.stderr
