"""The services deployment run natively for the runtime benchmarks (latency, scale-out).

The processes are the ones docker-compose starts, launched as ``tests/e2e/test_services.py``
does: ``dramatiq workers.runtime.actors`` worker processes and the uvicorn web app, on a
fresh PostgreSQL database of their own and Redis db 12 (db 13 belongs to the e2e tests).
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import requests
import sqlalchemy as sa

from benchmarks.context import Context

SDH = [sys.executable, "-m", "workers.cli"]
#: Fixed, so pseudonyms are stable between runs; never a real deployment's key.
BENCH_KEY = "benchmark-pseudonym-key-not-for-production-0123456789"
#: ``SDH_BENCH_RT_DATABASE`` names another, so two checkouts can measure at the same time
#: (with ``SDH_BENCH_REDIS_URL`` pointing at another Redis db).
DATABASE = os.environ.get("SDH_BENCH_RT_DATABASE", "sdh_bench_rt")
_ISSUE_TOKENS = """
import json, sys
from workers.warehouse.db import session_scope
from workers.web.tokens import create_token
with session_scope() as session:
    print(json.dumps({a: create_token(session, a, "bench").secret for a in sys.argv[1:]}))
"""


def bench_context(ctx: Context) -> Context:
    return dataclasses.replace(ctx, database_name=DATABASE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check: Callable[[], object], timeout: float, what: str, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


def _cpu(pid: int) -> float:
    """User + system CPU seconds of one process, 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def fresh_database(ctx: Context) -> None:
    """Drop and create the benchmark database, so every measurement starts empty."""
    admin = sa.create_engine(
        ctx.postgres_admin_url.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{ctx.database_name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{ctx.database_name}"'))
    finally:
        admin.dispose()


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


class Services:
    """Worker processes and the web app against one database and one Redis db."""

    def __init__(self, ctx: Context, extra_env: Mapping[str, str] | None = None) -> None:
        self.ctx = ctx
        self.logdir = ctx.workdir / "logs"
        self.logdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.api = f"http://127.0.0.1:{self.port}"
        self.procs: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "SDH_DATABASE_URL": ctx.database_url,
            "SDH_BROKER_URL": ctx.redis_url,
            "SDH_DATA_DIR": str(ctx.workdir / "data"),
            "SDH_PSEUDONYM_KEY": BENCH_KEY,
            "SDH_SECRET_KEY": "benchmark-secret-key-not-for-production-0123",
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
        self.engine = sa.create_engine(ctx.database_url)

    # --- one-shot commands ---------------------------------------------------------------

    def sdh(self, *args: str) -> str:
        done = subprocess.run(
            [*SDH, *args], env=self.env, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            raise RuntimeError(f"sdh {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def init(self) -> None:
        fresh_database(self.ctx)
        flush_redis(self.ctx.redis_url)
        self.sdh("init")

    def tokens(self, agencies: list[str]) -> dict[str, str]:
        """An API token per agency, issued in one process (``sdh tokens create`` would
        start Python and check the schema once per agency)."""
        done = subprocess.run(
            [sys.executable, "-c", _ISSUE_TOKENS, *agencies],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise RuntimeError(f"issuing tokens failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    # --- long-running processes ----------------------------------------------------------

    def start(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = open(self.logdir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def start_workers(self, processes: int, threads: int, name: str = "worker") -> None:
        """``sdh worker`` as docker-compose runs it: the dramatiq CLI on the actors module."""
        self.start(name, [*SDH, "worker", "--processes", str(processes), "--threads", str(threads)])

    def start_web(self) -> None:
        self.start("web", [*SDH, "serve", "--no-embedded", "--port", str(self.port)])
        wait_for(self._healthy, 60, "the web app")

    def _healthy(self) -> bool:
        try:
            return requests.get(f"{self.api}/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def log(self, name: str) -> str:
        return (self.logdir / f"{name}.log").read_text(errors="replace")

    def pids(self, name: str) -> list[int]:
        """The process and its children (the dramatiq CLI forks one per ``--processes``)."""
        root = self.procs[name].pid
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(root)], capture_output=True, text=True
        ).stdout
        return [root, *(int(p) for p in out.split())]

    def cpu_seconds(self, name: str) -> float:
        """User + system CPU time so far of a process tree (from /proc)."""
        return sum(_cpu(pid) for pid in self.pids(name))

    def database_cpu_seconds(self) -> float:
        """CPU time so far of the PostgreSQL backends serving the benchmark database (their
        process title names it). A backend that has exited is not counted: call it while
        the connections that did the work are still open (the hub's pools keep them)."""
        total = 0.0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                title = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if title.startswith("postgres: ") and f" {self.ctx.database_name} " in title:
                total += _cpu(int(entry.name))
        return total

    def redis_cpu_seconds(self) -> float:
        """CPU time so far of the Redis server (its own count: every database, so any
        other client's work on it is included)."""
        import redis

        info = redis.Redis.from_url(self.ctx.redis_url).info("cpu")
        return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])

    def stop(self, name: str | None = None) -> None:
        names = [name] if name else list(self.procs)
        for n in names:
            proc = self.procs[n]
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for n in names:
            proc = self.procs.pop(n)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def close(self) -> None:
        self.stop()
        self.engine.dispose()
        flush_redis(self.ctx.redis_url)

    def query(self, sql: str, **params) -> list:
        with self.engine.connect() as conn:
            return conn.execute(sa.text(sql), params).all()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
