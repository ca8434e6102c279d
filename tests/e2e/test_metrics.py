"""A real ``sdh worker`` on Redis (db 11): its Prometheus exporter answers and its figures
move when a return is processed, and every line it writes is JSON carrying the return's
ids. The return is received straight into the database and its validation message put on
Redis by hand, as the web app would."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import TEST_KEY, activity_row, csv_bytes
from tests.support import free_port as _free_port
from tests.support import wait_for
from workers.sources.intake import Delivery, receive_return
from workers.sources.landing import LandingStore
from workers.warehouse.db import get_engine, init_db, session_scope
from workers.warehouse.models import Submission

REDIS_URL = "redis://127.0.0.1:6379/11"
SDH = [sys.executable, "-m", "workers.cli"]


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
            # The main process only: dramatiq passes it on, and a second SIGTERM sent to
            # the whole group would make the worker processes exit hard.
            os.kill(self.proc.pid, signal.SIGTERM)
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


@pytest.fixture(scope="module")
def running_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    """One ``sdh worker`` (two processes) for the module: booting one and importing the
    validation libraries in it is most of this test's time."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    w = Worker(tmp_path_factory.mktemp("worker"))
    w.env["SDH_DATA_DIR"] = str(w.tmp / "data")
    os.environ["SDH_DATA_DIR"], saved = w.env["SDH_DATA_DIR"], os.environ.get("SDH_DATA_DIR")
    try:
        init_db(get_engine(w.db_url))
    finally:
        if saved is None:
            del os.environ["SDH_DATA_DIR"]
        else:
            os.environ["SDH_DATA_DIR"] = saved
    w.start(processes=2)
    try:
        yield w
    finally:
        w.stop()
        client.flushdb()
        client.close()


@pytest.fixture
def worker(running_worker: Worker, monkeypatch: pytest.MonkeyPatch) -> Worker:
    """This test's process reads and writes the worker's database and landing store."""
    monkeypatch.setenv("SDH_DATABASE_URL", running_worker.db_url)
    monkeypatch.setenv("SDH_DATA_DIR", running_worker.env["SDH_DATA_DIR"])
    return running_worker


def _send_validation(activity, worker: Worker, **changes) -> int:
    """Receive a return and queue its validation on Redis, as the intake API does."""
    from dramatiq import Message
    from dramatiq.brokers.redis import RedisBroker

    with session_scope() as session:
        receipt = receive_return(
            session,
            LandingStore(Path(worker.env["SDH_DATA_DIR"]) / "landing"),
            Delivery(
                "la-csc-activity",
                "cambridgeshire-cc",
                csv_bytes(activity, [activity_row(**changes)]),
                "r.csv",
                source="push",
            ),
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
    # The counters exist from the worker's boot, before any return arrives.
    before = wait_for(
        lambda: (s := worker.scrape()) and ("sdh_returns_loaded_total", ()) in s and s,
        60,
        "the exporter",
        worker.log,
    )
    assert isinstance(before, dict)

    sid = _send_validation(activity, worker, month="2020-04")
    wait_for(lambda: _status(sid) == "loaded", 90, "the return to load", worker.log)
    bad = _send_validation(activity, worker, month="2020-05", contacts=-1)
    wait_for(lambda: _status(bad) == "needs_review", 90, "the bad return", worker.log)

    def moved(samples: dict, name: str, **labels: str) -> float:
        return _value(samples, name, **labels) - _value(before, name, **labels)

    def settled() -> dict | None:
        samples = worker.scrape()
        if not samples:
            return None
        load_done = moved(samples, "sdh_step_duration_seconds_count", step="load_submission")
        bad_done = moved(samples, "sdh_returns_failed_total", step="validate")
        return samples if load_done and bad_done else None

    after = wait_for(settled, 30, "the counters to move", worker.log)
    assert isinstance(after, dict)
    assert moved(after, "sdh_returns_loaded_total") == 1
    assert moved(after, "sdh_returns_validated_total", outcome="validated") == 1
    assert moved(after, "sdh_returns_validated_total", outcome="needs_review") == 1
    assert moved(after, "sdh_returns_failed_total", step="validate") == 1
    # The validations ran in either of the two processes: the exporter sums them.
    validations = {"queue_name": "validate", "actor_name": "validate_submission"}
    assert moved(after, "dramatiq_messages_total", **validations) == 2
    assert moved(after, "sdh_step_duration_seconds_count", step="load_submission") == 1
    assert moved(after, "sdh_step_duration_seconds_sum", step="validate_submission") > 0


def test_worker_writes_json_lines_with_the_return_ids(worker: Worker, activity):
    wait_for(lambda: worker.scrape() is not None, 60, "the worker to start", worker.log)
    sid = _send_validation(activity, worker, month="2020-06", contacts=1500)
    wait_for(lambda: _status(sid) == "loaded", 90, "the return to load", worker.log)

    def records() -> list[dict]:
        text = worker.log()
        complete = text[: text.rfind("\n") + 1]  # a line being written is not judged yet
        # Every line, dramatiq's own included, is one JSON object.
        return [json.loads(line) for line in complete.splitlines() if line.strip()]

    def logged_load() -> list[dict]:
        found = records()
        return (
            found
            if any(
                r.get("submission_id") == sid and r["message"].startswith("loaded:") for r in found
            )
            else []
        )

    found = wait_for(logged_load, 30, "the load's log line", worker.log)
    assert isinstance(found, list)
    assert all({"time", "level", "logger", "message", "service"} <= set(r) for r in found)
    assert {r["service"] for r in found} == {"worker"}
    about = [r for r in found if r.get("submission_id") == sid]
    messages = " | ".join(r["message"] for r in about)
    assert any(r["message"].startswith("validated: validated") for r in about), messages
    loaded = next(r for r in about if r["message"].startswith("loaded:"))
    assert loaded["contract"] == "la-csc-activity"
    assert loaded["agency"] == "cambridgeshire-cc"
    assert loaded["period"] == "2020-06"
    assert loaded["actor"] == "load_submission" and loaded["level"] == "INFO"
    # Lines from outside any return carry no stale ids (the context ends with the message).
    assert any("submission_id" not in r for r in found)
