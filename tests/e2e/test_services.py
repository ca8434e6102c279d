"""The services deployment, run natively (docker-compose's processes without Docker):
real PostgreSQL and Redis, a dramatiq worker process, the scheduler, the web app and the
agency simulator as subprocesses. Returns are pulled on schedule and pushed over the API;
all end validated and loaded, and a second identical push loads nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.conftest import POSTGRES_URL, TEST_KEY
from tests.support import free_port as _free_port
from tests.support import wait_for
from workers.periods import period_containing
from workers.sample.generate import generate_samples

REDIS_URL = "redis://127.0.0.1:6379/13"
SDH = [sys.executable, "-m", "workers.cli"]


class Services:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.schema = f"sdh_e2e_{uuid.uuid4().hex[:10]}"
        self.db_url = f"{POSTGRES_URL}?options=-csearch_path%3D{self.schema}"
        self.sim_port, self.api_port = _free_port(), _free_port()
        self.procs: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "SDH_DATABASE_URL": self.db_url,
            "SDH_BROKER_URL": REDIS_URL,
            "SDH_DATA_DIR": str(tmp / "data"),
            "SDH_PSEUDONYM_KEY": TEST_KEY,
            "SDH_SOURCE_BASE_URL": f"http://127.0.0.1:{self.sim_port}",
            "SDH_PUBLIC_URL": f"http://127.0.0.1:{self.api_port}",
            "SDH_SOURCE_TOKEN_CAMBRIDGESHIRE_CC": "cambs-secret",
            "SDH_RECONCILE_AFTER_SECONDS": "5",
            "PYTHONUNBUFFERED": "1",
        }
        self.engine = sa.create_engine(self.db_url)

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*SDH, *args], env=self.env, capture_output=True, text=True, timeout=120
        )

    def start(self, name: str, *args: str) -> None:
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        self.procs[name] = subprocess.Popen(
            [*SDH, *args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def query(self, sql: str, **params) -> list:
        with self.engine.connect() as conn:
            return conn.execute(sa.text(sql), params).all()


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    svc = Services(tmp_path)
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{svc.schema}"'))
    try:
        yield svc
    finally:
        svc.stop()
        svc.engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{svc.schema}" CASCADE'))
        admin.dispose()
        redis.Redis.from_url(REDIS_URL).flushdb()


def _agency_files(tmp: Path) -> tuple[Path, Path]:
    """Sample returns, plus the feed the scheduler will ask for: the latest complete month."""
    samples = generate_samples(tmp / "samples", 2020, 2020, child_level_months=0)
    april = next(
        s
        for s in samples
        if s.contract == "la-csc-activity"
        and s.agency == "cambridgeshire-cc"
        and s.period == "2020-04"
    )
    latest = period_containing(time_today(), "month").previous().label
    scheduled = tmp / "samples" / "la-csc-activity" / "cambridgeshire-cc" / f"{latest}.csv"
    scheduled.write_text(april.path.read_text().replace("2020-04", latest))
    pushed = next(
        s
        for s in samples
        if s.contract == "la-csc-activity"
        and s.agency == "peterborough-cc"
        and s.period == "2020-05"
    )
    return scheduled, pushed.path


def time_today():
    from datetime import date

    return date.today()


def test_pulled_and_pushed_returns_are_loaded_by_the_services(services: Services, tmp_path):
    scheduled, pushed = _agency_files(tmp_path)
    assert services.run("init").returncode == 0
    services.start(
        "simulator",
        "simulate",
        "--dir",
        str(tmp_path / "samples"),
        "--port",
        str(services.sim_port),
    )
    services.start("worker", "worker", "--processes", "1", "--threads", "2")
    services.start("web", "serve", "--no-embedded", "--port", str(services.api_port))
    services.start("scheduler", "scheduler")
    api = f"http://127.0.0.1:{services.api_port}"
    wait_for(lambda: _ok(f"{api}/healthz"), 60, "the web app")

    # Pulled: the scheduler catches up the missed daily run; the worker validates and loads.
    latest = scheduled.stem
    row = wait_for(
        lambda: services.query(
            "SELECT id, status, source FROM submission WHERE contract_id='la-csc-activity' "
            "AND agency_id='cambridgeshire-cc' AND period_label=:p AND status='loaded'",
            p=latest,
        ),
        120,
        f"the scheduled pull of {latest} to load\n"
        + services.log("worker")
        + services.log("scheduler"),
    )
    assert row[0].source == "pull"

    # Pushed through the API by an agency, twice: one submission, one load.
    created = services.run("tokens", "create", "--agency", "peterborough-cc", "--name", "e2e")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    for attempt in range(2):
        with pushed.open("rb") as fh:
            answer = requests.post(
                f"{api}/api/v1/returns/la-csc-activity",
                headers=headers,
                files={"file": (pushed.name, fh, "text/csv")},
                timeout=30,
            )
        assert answer.status_code == (202 if attempt == 0 else 200), answer.text
        status_url = answer.json()["status_url"]
        wait_for(
            lambda url=status_url: (
                requests.get(url, headers=headers, timeout=10).json()["status"] == "loaded"
            ),
            120,
            "the pushed return to load\n" + services.log("worker"),
        )
    subs = services.query("SELECT id, status FROM submission WHERE agency_id='peterborough-cc'")
    assert [s.status for s in subs] == ["loaded"]
    loads = services.query(
        "SELECT COUNT(*) AS n FROM event WHERE kind='loaded' AND submission_id=:s", s=subs[0].id
    )
    assert loads[0].n == 1
    facts = services.query(
        "SELECT value FROM v_current_measure_fact WHERE measure_id='contacts' "
        "AND area_code='E06000031' AND period_label='2020-05'"
    )
    assert len(facts) == 1
    # Every process is still up: nothing crashed along the way.
    assert all(p.poll() is None for p in services.procs.values()), {
        n: services.log(n)[-2000:] for n, p in services.procs.items() if p.poll() is not None
    }


def _ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False
