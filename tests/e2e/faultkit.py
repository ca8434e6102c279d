"""Private servers and hub processes for the fault tests.

The fault tests restart and flush Redis and restart PostgreSQL, so they never touch the
machine's shared servers: each session starts its own ``redis-server`` and its own
PostgreSQL 15 cluster on free ports, in throw-away folders. PostgreSQL refuses to run as
root, so when the tests run as root (CI does) its programs run as the ``postgres`` user.

The hub itself runs as it does in production: ``sdh worker`` (dramatiq), ``sdh scheduler``
and ``sdh serve`` as subprocesses, configured only through ``SDH_*`` variables.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
PG_BIN = Path(os.environ.get("SDH_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
SDH = [sys.executable, "-m", "workers.cli"]
TEST_KEY = "test-pseudonym-key-not-for-production"
#: The landing store's key, shared by the test (which receives returns itself) and the
#: processes it starts, as every process of one deployment shares it.
LANDING_KEY = "5e" * 32


def missing_binaries() -> str | None:
    """Why the fault tests cannot run here, or None when they can."""
    if not Path(REDIS_SERVER).exists():
        return f"redis-server not found (looked for {REDIS_SERVER})"
    for name in ("initdb", "pg_ctl"):
        if not (PG_BIN / name).exists():
            return f"PostgreSQL {name} not found in {PG_BIN} (set SDH_TEST_PG_BIN)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run PostgreSQL as"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(
    check: Callable[[], Any],
    timeout: float,
    what: str | Callable[[], str],
    every: float = 0.05,
) -> Any:
    """Poll until ``check`` returns something true; the message says what never happened."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except Exception:  # a server restarting: keep polling until the deadline
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            detail = what() if callable(what) else what
            raise AssertionError(f"timed out after {timeout:g} s waiting for {detail}")
        time.sleep(every)


# --- Redis ---------------------------------------------------------------------------------


class RedisServer:
    """A private redis-server with an append-only file, so a restart keeps the queues."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self, db: int = 0):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, db=db, socket_timeout=5)

    def start(self) -> None:
        log = open(self.root / "redis.log", "a")  # noqa: SIM115 - lives as long as the server
        self.proc = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.root),
                "--appendonly",
                "yes",
                # Every write on disk before the answer: a restart loses no queued message.
                "--appendfsync",
                "always",
                "--save",
                "",
                "--maxmemory-policy",
                "noeviction",
                "--protected-mode",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: self.client().ping(), 20, "redis-server to answer")

    def stop(self) -> None:
        """A clean shutdown (SIGTERM): Redis syncs its append-only file and exits."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()


# --- PostgreSQL ----------------------------------------------------------------------------


class PostgresCluster:
    """A private PostgreSQL cluster in a temporary folder, owned by ``postgres`` under root."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="sdh-faults-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self.root.chmod(0o700)

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_postgres else []
        return subprocess.run(
            [*prefix, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.root,
            check=True,
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\n"
                # Durable against a process crash, not a power cut: enough for these tests.
                "fsync = off\n"
                "full_page_writes = off\n"
                "max_connections = 100\n"
                "shared_buffers = 64MB\n"
            )

    def start(self) -> None:
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "pg.log"),
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """``fast`` ends every session and shuts down cleanly; ``immediate`` is a crash."""
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    def create_database(self, name: str, template: str | None = None) -> str:
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        copy = f' TEMPLATE "{template}"' if template else ""
        try:
            with engine.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
        finally:
            engine.dispose()
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


# --- the hub's processes -------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    """Direct child processes (the dramatiq master forks its worker processes)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may hold spaces, so split after the last ')'.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


class Hub:
    """One hub deployment: its own database, Redis db, data folder and processes."""

    def __init__(
        self,
        tmp: Path,
        database_url: str,
        redis_url: str,
        **settings: str,
    ) -> None:
        self.tmp = tmp
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url
        self.redis_url = redis_url
        self.procs: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "SDH_DATABASE_URL": database_url,
            "SDH_BROKER_URL": redis_url,
            "SDH_DATA_DIR": str(tmp / "data"),
            "SDH_PSEUDONYM_KEY": TEST_KEY,
            "SDH_LANDING_KEY": LANDING_KEY,
            "SDH_PACKS_AUTO_BUILD": "false",
            "PYTHONUNBUFFERED": "1",
            **settings,
        }
        self.data_dir = tmp / "data"
        self.engine = sa.create_engine(database_url, pool_pre_ping=True)
        self._broker = None

    # processes

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [*SDH, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, f"sdh {' '.join(args)}: {done.stdout}\n{done.stderr}"
        return done

    def start(self, name: str, *args: str, **env: str) -> subprocess.Popen:
        return self._spawn(name, [*SDH, *args], env)

    def _spawn(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        """Start ``argv`` in its own session, its output appended to ``<name>.log``."""
        log = open(self.tmp / f"{name}.log", "a")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            argv,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs[name] = proc
        return proc

    def start_worker(
        self, name: str = "worker", threads: int = 1, queues: tuple[str, ...] = (), **env: str
    ) -> subprocess.Popen:
        """One dramatiq worker process, started as ``sdh worker`` starts it (that command
        only execs this), minus the CLI's own imports: it is restarted many times."""
        return self._spawn(
            name,
            [
                sys.executable,
                "-m",
                "dramatiq",
                "workers.runtime.actors",
                "--processes",
                "1",
                "--threads",
                str(threads),
                *(["--queues", *queues] if queues else []),
            ],
            env,
        )

    def worker_pid(self, name: str = "worker", timeout: float = 30) -> int:
        """The pid of the forked dramatiq worker process (the one doing the work)."""
        master = self.procs[name].pid
        return wait_for(
            lambda: (children_of(master) or [None])[0], timeout, "the dramatiq worker process"
        )

    def kill(self, name: str) -> None:
        """SIGKILL the process and everything it started: no chance to clean up."""
        proc = self.procs.pop(name)
        for child in children_of(proc.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def logs(self, tail: int = 3000) -> str:
        return "\n".join(
            f"--- {p.stem} ---\n{p.read_text(errors='replace')[-tail:]}"
            for p in sorted(self.tmp.glob("*.log"))
        )

    def dead(self) -> dict[str, str]:
        """Processes that exited on their own, with the end of their logs."""
        return {
            name: self.log(name)[-3000:]
            for name, proc in self.procs.items()
            if proc.poll() is not None
        }

    # the broker, as the web app and the scheduler use it

    @property
    def broker(self):
        if self._broker is None:
            from workers.runtime.broker import build_broker

            self._broker = build_broker(self.redis_url)
        return self._broker

    def send(self, queue: str, actor: str, *args: Any, **options: Any) -> None:
        """Enqueue an actor's message by name, as any process with the broker would."""
        from dramatiq import Message

        self.broker.enqueue(
            Message(queue_name=queue, actor_name=actor, args=args, kwargs={}, options=options)
        )

    def receive(
        self, contract: str, agency: str, data: bytes, filename: str, period: str | None = None
    ) -> int:
        """Take a return in as the intake API does (keep the bytes, record the submission,
        commit) and send it to be validated; the submission's id."""
        from sqlmodel import Session

        from workers.sources.intake import Delivery, receive_return
        from workers.sources.landing import LandingStore

        with Session(self.engine) as session:
            receipt = receive_return(
                session,
                LandingStore(self.data_dir / "landing", bytes.fromhex(LANDING_KEY)),
                Delivery(contract, agency, data, filename, source="push", period=period),
            )
        if not receipt.duplicate:
            self.send("validate", "validate_submission", receipt.submission_id)
        return receipt.submission_id

    def status(self, submission_id: int) -> str | None:
        return self.scalar("SELECT status FROM submission WHERE id = :i", i=submission_id)

    def reconcile(self) -> None:
        """One tick of the scheduler's reconciler job."""
        self.send("default", "reconcile")

    # the database

    def query(self, sql: str, **params: Any) -> list:
        with self.engine.connect() as conn:
            return conn.execute(sa.text(sql), params).all()

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(sa.text(sql), params).scalar()

    def close(self) -> None:
        self.stop_all()
        self.engine.dispose()
        if self._broker is not None:
            self._broker.close()


def new_database(cluster: PostgresCluster, template: str | None = None) -> str:
    return cluster.create_database(f"faults_{uuid.uuid4().hex[:10]}", template)
