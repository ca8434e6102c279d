"""Build the dramatiq broker from ``SDH_BROKER_URL``, with an explicit middleware list.

``redis://`` gives dramatiq's Redis broker, tuned so that a message held by a killed
worker comes back in seconds rather than many minutes; unset gives the in-process stub
broker that ``sdh demo`` runs its worker threads on. Redis is the one broker the hub runs
and is tested on (the scheduler's leader election is a Redis lock too).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import dramatiq
from dramatiq.broker import Broker
from dramatiq.middleware import (
    AgeLimit,
    Callbacks,
    Middleware,
    Pipelines,
    Retries,
    ShutdownNotifications,
    TimeLimit,
)

from workers.observability.heartbeats import REDIS_HEARTBEAT_MS, RecordWorkerId
from workers.runtime.failures import RecordFailures

if TYPE_CHECKING:
    from dramatiq.brokers.redis import RedisBroker

REDIS_MAINTENANCE_CHANCE = 50_000  # per million calls: about one poll in twenty
DEAD_MESSAGE_TTL_MS = 3 * 86_400_000
#: An idle Redis consumer sleeps longer after each empty poll, up to the worker's idle
#: timeout (1 s by default), so a return pushed to a quiet hub waited up to that at each
#: step. The queues a pushed return goes through are polled at least this often (what it
#: costs an idle worker: docs/performance.md, "Latency"); the others keep dramatiq's.
QUICK_QUEUES = frozenset({"ingest", "validate", "load"})
QUICK_POLL_MS = 100


class DatabasePerProcess(Middleware):
    """Worker processes forked by the dramatiq CLI must not share the parent's connections."""

    def before_worker_boot(self, broker: Broker, worker) -> None:
        from workers.warehouse.claims import dispose_lease_engines
        from workers.warehouse.db import dispose_engines

        dispose_engines()
        dispose_lease_engines()

    def after_worker_shutdown(self, broker: Broker, worker) -> None:
        from workers.warehouse.db import dispose_engines

        dispose_engines()


#: The modules a return's steps import on first use: better imported at boot than by the
#: first returns (see ``WarmCaches``).
STEP_MODULES = (
    "workers.sources.landing",
    "workers.validation.run",
    "workers.load",
    "workers.reading.delimited",
    "workers.review.overrides",
    "workers.packs.triggers",
)


class WarmCaches(Middleware):
    """Import the steps' modules and read the contracts and the catalogue as a worker
    process boots, before it takes a message.

    The actors import their steps on first use (so the web app and the CLI, which share
    the actors module, stay quick to start), and the contracts are cached on first use.
    Left to the first messages, every process spent seconds of CPU on them while its
    first returns waited, and its threads, all meeting the cold cache at once, each parsed
    every YAML file again (docs/performance.md, "Where a return's CPU goes")."""

    def after_worker_boot(self, broker: Broker, worker) -> None:
        import importlib

        from workers.contracts.catalogue import load_catalogue
        from workers.contracts.loader import load_contracts

        try:
            for name in STEP_MODULES:
                importlib.import_module(name)
            load_contracts()
            load_catalogue()
        except Exception:  # a broken file is reported by the step that needs it
            logging.getLogger(__name__).warning("could not warm up at boot", exc_info=True)


def _middleware(exporter: bool = False) -> list[Middleware]:
    """``exporter``: separate worker processes: add dramatiq's Prometheus middleware and
    the note of each process's broker id (``sdh health worker``)."""
    from workers.observability.metrics import ObserveMessages, worker_prometheus
    from workers.settings import get_settings

    metrics = [worker_prometheus()] if exporter and get_settings().worker_metrics_port else []
    return [
        ObserveMessages(),
        *metrics,
        *([RecordWorkerId()] if exporter else []),
        AgeLimit(),
        TimeLimit(time_limit=600_000),
        ShutdownNotifications(),
        Callbacks(),
        Pipelines(),
        RecordFailures(),
        Retries(max_retries=5, min_backoff=2_000, max_backoff=300_000),
        DatabasePerProcess(),
        WarmCaches(),
    ]


def _redis_broker_class() -> type[RedisBroker]:
    from dramatiq.brokers.redis import RedisBroker

    class QuickRedisBroker(RedisBroker):
        """Redis broker whose consumers of ``QUICK_QUEUES`` wake at least every
        ``QUICK_POLL_MS`` when idle (the dramatiq CLI offers no setting for it)."""

        def consume(self, queue_name: str, prefetch: int = 1, timeout: int = 5000):
            if queue_name in QUICK_QUEUES:
                timeout = min(timeout, QUICK_POLL_MS)
            return super().consume(queue_name, prefetch, timeout)

    return QuickRedisBroker


def build_broker(url: str | None) -> Broker:
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        return _redis_broker_class()(
            url=url,
            middleware=_middleware(exporter=True),
            heartbeat_timeout=REDIS_HEARTBEAT_MS,
            maintenance_chance=REDIS_MAINTENANCE_CHANCE,
            dead_message_ttl=DEAD_MESSAGE_TTL_MS,
        )
    if url:
        raise ValueError(
            f"SDH_BROKER_URL {url!r}: use redis://… (or rediss://, unix://), or leave it unset "
            "for the in-process broker"
        )
    from dramatiq.brokers.stub import StubBroker

    return StubBroker(middleware=_middleware(), fail_fast_default=False)


def setup_broker() -> Broker:
    """The process-wide broker, created once from the settings before any actor is declared."""
    from workers.settings import get_settings

    current = dramatiq.broker.global_broker
    if current is None:
        current = build_broker(get_settings().broker_url)
        dramatiq.set_broker(current)
    return current
