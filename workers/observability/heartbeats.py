"""Health of the processes that serve no web page: ``sdh health worker`` and
``sdh health scheduler``, the health checks of docker-compose's worker and scheduler.

A worker is healthy when every worker process it started is still heard by the broker:
dramatiq's Redis broker records a heartbeat for each process (its ``broker_id``) at every
poll, idle or busy, and takes back the messages of a process silent for
``REDIS_HEARTBEAT_MS``. Each worker process writes its id into a folder of this host's
(:func:`worker_ids_dir`) as it boots; the check reads them and asks Redis when each was
last heard. A process that hangs, or lost Redis, goes unhealthy while ``ps`` still shows it.

The scheduler is healthy while the leader's lease in Redis is held and renewed
(``workers.scheduler``: renewed every 10 s, lost 30 s after its holder stops). A stopped or
stuck leader lets the lease lapse; a standby is healthy while some scheduler leads.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from dramatiq import Middleware

#: dramatiq's sorted set of worker heartbeats, in its default namespace (the hub's broker).
HEARTBEATS_KEY = "dramatiq:__heartbeats__"
#: Redis redelivery after a crash waits for this heartbeat timeout plus a maintenance pass
#: (``workers.runtime.broker`` sets it; the worker's health check holds processes to it).
REDIS_HEARTBEAT_MS = 15_000
#: The scheduler leader's lease in Redis (``workers.scheduler`` takes and renews it).
LEADER_KEY = "sdh:scheduler:leader"


@dataclass(frozen=True)
class Health:
    healthy: bool
    message: str


def worker_ids_dir() -> Path:
    """Where this host's worker processes note their broker ids. Under the data folder
    (per deployment, and shared by docker-compose's containers), then per host name (one
    container's processes apart from another's)."""
    from workers.settings import get_settings

    return get_settings().data_dir / "run" / "workers" / socket.gethostname()


def reset_worker_ids() -> None:
    """Forget the processes of an earlier run on this host (the worker is starting)."""
    shutil.rmtree(worker_ids_dir(), ignore_errors=True)


class RecordWorkerId(Middleware):
    """Note each worker process's broker id as it boots, for :func:`check_worker`."""

    def after_worker_boot(self, broker, worker) -> None:
        folder = worker_ids_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / str(os.getpid())).write_text(getattr(broker, "broker_id", ""))

    def before_worker_shutdown(self, broker, worker) -> None:
        with contextlib.suppress(FileNotFoundError):
            (worker_ids_dir() / str(os.getpid())).unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def _is_redis(url: str | None) -> bool:
    return (url or "").startswith(("redis://", "rediss://", "unix://"))


def check_worker(broker_url: str | None) -> Health:
    """Every worker process of this host booted, is running, and (Redis) was heard lately."""
    folder = worker_ids_dir()
    noted = {int(p.name): p.read_text().strip() for p in folder.glob("*") if p.name.isdigit()}
    if not noted:
        return Health(
            False, f"no worker process noted in {folder}: none has booted, or all stopped"
        )
    dead = sorted(pid for pid in noted if not _alive(pid))
    if dead:
        return Health(False, f"worker process(es) {dead} stopped")
    if not _is_redis(broker_url):
        return Health(True, f"{len(noted)} worker process(es) running (no Redis heartbeats)")
    import redis

    client = redis.Redis.from_url(str(broker_url), socket_connect_timeout=3, socket_timeout=3)
    try:
        now_ms = time.time() * 1000
        scores = [client.zscore(HEARTBEATS_KEY, bid) for bid in noted.values()]
    except redis.RedisError as exc:
        return Health(False, f"Redis does not answer: {exc}")
    finally:
        client.close()
    ages = [None if score is None else (now_ms - score) / 1000 for score in scores]
    silent = [
        pid
        for pid, age in zip(noted, ages, strict=True)
        if age is None or age * 1000 > REDIS_HEARTBEAT_MS
    ]
    if silent:
        return Health(
            False,
            f"worker process(es) {sorted(silent)} not heard by the broker for more than "
            f"{REDIS_HEARTBEAT_MS / 1000:.0f} s",
        )
    oldest = max(a for a in ages if a is not None)
    return Health(True, f"{len(noted)} worker process(es), last heard at most {oldest:.1f} s ago")


def check_scheduler(broker_url: str | None) -> Health:
    """Some scheduler holds the leader's lease, renewed within its time to live."""

    if not _is_redis(broker_url):
        return Health(
            False, "the scheduler's lease is kept in Redis; SDH_BROKER_URL is not redis://"
        )
    import redis

    client = redis.Redis.from_url(str(broker_url), socket_connect_timeout=3, socket_timeout=3)
    try:
        holder = client.get(LEADER_KEY)
        ttl_ms = client.pttl(LEADER_KEY)
    except redis.RedisError as exc:
        return Health(False, f"Redis does not answer: {exc}")
    finally:
        client.close()
    if holder is None or ttl_ms <= 0:
        return Health(False, "no scheduler holds the lease: none is leading")
    leader = holder.decode(errors="replace") if isinstance(holder, bytes) else str(holder)
    return Health(True, f"leader {leader}, lease renewed (expires in {ttl_ms / 1000:.0f} s)")
