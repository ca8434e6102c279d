"""A real ``sdh worker`` on Redis (db 11): its Prometheus exporter answers and its figures
move when a return is processed, and every line it writes is JSON carrying the return's
ids. The return is received straight into the database and its validation message put on
Redis by hand, as the web app would."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import TEST_KEY, activity_row, csv_bytes
from workers.sources.intake import receive_return
from workers.sources.landing import LandingStore
from workers.warehouse.db import get_engine, init_db, session_scope
from workers.warehouse.models import Submission

REDIS_URL = "redis://127.0.0.1:6379/11"
SDH = [sys.executable, "-m", "workers.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(
    check: Callable[[], object], timeout: float, what: str, log: Callable[[], str] | None = None
) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{log() if log else ''}")


class Worker:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.port = _free_port()
        self.db_url = f"sqlite:///{tmp / 'warehouse.db'}"
        self.log_path = tmp / "worker.log"
        self.env = {
            **os.environ,
            "SDH_DATABASE_URL": self.db_url,
            "SDH_BROKER_URL": REDIS_URL,
            "SDH_DATA_DIR": str(tmp / "data"),
            "SDH_PSEUDONYM_KEY": TEST_KEY,
            "SDH_PACKS_AUTO_BUILD": "false",
            "SDH_LOG_FORMAT": "json",
            "SDH_WORKER_METRICS_PORT": str(self.port),
            "SDH_WORKER_METRICS_HOST": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
        }
        self.proc: subprocess.Popen | None = None

    def start(self, processes: int = 1) -> None:
        log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [*SDH, "worker", "--processes", str(processes), "--threads", "2"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def scrape(self) -> dict[tuple[str, tuple], float] | None:
        try:
            answer = requests.get(f"http://127.0.0.1:{self.port}/metrics", timeout=2)
        except requests.RequestException:
            return None
        samples = {}
        for family in text_string_to_metric_families(answer.text):
            for s in family.samples:
                samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
        return samples


@pytest.fixture
def worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Worker]:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    w = Worker(tmp_path)
    monkeypatch.setenv("SDH_DATABASE_URL", w.db_url)
    monkeypatch.setenv("SDH_DATA_DIR", w.env["SDH_DATA_DIR"])
    init_db(get_engine(w.db_url))
    try:
        yield w
    finally:
        w.stop()
        client.flushdb()
        client.close()


def _send_validation(activity, worker: Worker, **changes) -> int:
    """Receive a return and queue its validation on Redis, as the intake API does."""
    from dramatiq import Message
    from dramatiq.brokers.redis import RedisBroker

    with session_scope() as session:
        receipt = receive_return(
            session,
            LandingStore(Path(worker.env["SDH_DATA_DIR"]) / "landing"),
            "la-csc-activity",
            "cambridgeshire-cc",
            csv_bytes(activity, [activity_row(**changes)]),
            "r.csv",
            source="push",
        )
    broker = RedisBroker(url=REDIS_URL)
    try:
        broker.enqueue(
            Message(
                queue_name="validate",
                actor_name="validate_submission",
                args=(receipt.submission_id,),
                kwargs={},
                options={},
            )
        )
    finally:
        broker.close()
    return receipt.submission_id


def _status(sid: int) -> str:
    with session_scope() as session:
        return session.get(Submission, sid).status  # type: ignore[union-attr]


def _value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_worker_exporter_counts_a_processed_return(worker: Worker, activity):
    worker.start(processes=2)
    # The counters exist from the worker's boot, at 0, before any return arrives.
    before = wait_for(
        lambda: (s := worker.scrape()) and ("sdh_returns_loaded_total", ()) in s and s,
        60,
        "the exporter",
        worker.log,
    )
    assert _value(before, "sdh_returns_loaded_total") == 0

    sid = _send_validation(activity, worker)
    wait_for(lambda: _status(sid) == "loaded", 90, "the return to load", worker.log)
    bad = _send_validation(activity, worker, month="2020-05", contacts=-1)
    wait_for(lambda: _status(bad) == "needs_review", 90, "the bad return", worker.log)

    def settled() -> dict | None:
        samples = worker.scrape()
        done = samples and _value(
            samples, "dramatiq_messages_total", queue_name="load", actor_name="load_submission"
        )
        return (
            samples
            if done and _value(samples, "sdh_returns_failed_total", step="validate")
            else None
        )

    after = wait_for(settled, 30, "the counters to move", worker.log)
    assert _value(after, "sdh_returns_loaded_total") == 1
    assert _value(after, "sdh_returns_validated_total", outcome="validated") == 1
    assert _value(after, "sdh_returns_validated_total", outcome="needs_review") == 1
    assert _value(after, "sdh_returns_failed_total", step="validate") == 1
    # The two validations ran in either of the two processes: the exporter sums them.
    assert (
        _value(
            after,
            "dramatiq_messages_total",
            queue_name="validate",
            actor_name="validate_submission",
        )
        == 2
    )
    assert _value(after, "sdh_step_duration_seconds_count", step="load_submission") == 1
    assert _value(after, "sdh_step_duration_seconds_sum", step="validate_submission") > 0


def test_worker_writes_json_lines_with_the_return_ids(worker: Worker, activity):
    worker.start()
    wait_for(lambda: worker.scrape() is not None, 60, "the worker to start", worker.log)
    sid = _send_validation(activity, worker)
    wait_for(lambda: _status(sid) == "loaded", 90, "the return to load", worker.log)
    worker.stop()

    lines = [line for line in worker.log().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line, dramatiq's own included
    assert all({"time", "level", "logger", "message", "service"} <= set(r) for r in records)
    assert {r["service"] for r in records} == {"worker"}
    about = [r for r in records if r.get("submission_id") == sid]
    messages = " | ".join(r["message"] for r in about)
    assert any(r["message"].startswith("validated: validated") for r in about), messages
    loaded = next(r for r in about if r["message"].startswith("loaded:"))
    assert loaded["contract"] == "la-csc-activity"
    assert loaded["agency"] == "cambridgeshire-cc"
    assert loaded["period"] == "2020-04"
    assert loaded["actor"] == "load_submission" and loaded["level"] == "INFO"
    # Lines from outside any return carry no stale ids (the context ends with the message).
    assert any("submission_id" not in r for r in records)
