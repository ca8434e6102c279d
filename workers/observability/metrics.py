"""The hub's Prometheus metrics: counters the steps keep, and figures read at scrape time.

Two sources, because they answer different questions:

* **Counters and histograms** kept by the process doing the work (returns received,
  validated, failed and loaded; how long each step took). In ``sdh worker`` they live in
  prometheus-client's multiprocess files next to dramatiq's own metrics and are served by
  the worker's exporter; in the embedded runtime they are in the web app's process and its
  ``/metrics`` shows them.
* **Gauges computed at scrape** from the database and the broker (returns by status,
  events by kind, queue depth), so they are right whichever process did the work and
  survive restarts: the database is the truth, the counters are rates.

prometheus_client is imported only inside functions: in a worker its multiprocess mode is
chosen from the environment at import, which ``workers.observability.worker`` sets first.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import Token
from typing import TYPE_CHECKING, Any

from dramatiq.middleware import Middleware

from workers.logs import enter_context, exit_context

if TYPE_CHECKING:
    from dramatiq.broker import Broker
    from prometheus_client import CollectorRegistry
    from prometheus_client.metrics_core import Metric
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

#: Step durations run from milliseconds (a small return) to many minutes (a large load).
STEP_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 900)
#: Actors whose first argument is a submission id.
SUBMISSION_ACTORS = frozenset({"validate_submission", "load_submission"})
#: Event kinds counted at scrape: a return's life as the event log records it.
RETURN_EVENTS = (
    "received",
    "duplicate_received",
    "validated",
    "validation_failed",
    "loaded",
    "rows_held",
    "step_failed",
    "pull_failed",
)


class HubMetrics:
    """The counters a step updates; one set per process (see :func:`hub_metrics`)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        from prometheus_client import Counter, Histogram

        self.registry = registry
        self.received = Counter(
            "sdh_returns_received",
            "Returns taken in by this process (new files, not identical re-deliveries).",
            ["source"],
            registry=registry,
        )
        self.validated = Counter(
            "sdh_returns_validated",
            "Validations finished, by outcome: validated (loadable) or needs_review.",
            ["outcome"],
            registry=registry,
        )
        self.failed = Counter(
            "sdh_returns_failed",
            "Returns that failed a step: validation (held for review) or a step whose "
            "retries ran out.",
            ["step"],
            registry=registry,
        )
        self.loaded = Counter(
            "sdh_returns_loaded", "Returns loaded into the warehouse.", registry=registry
        )
        self.step_seconds = Histogram(
            "sdh_step_duration_seconds",
            "Time a worker spent on one message, by step (actor).",
            ["step"],
            buckets=STEP_BUCKETS,
            registry=registry,
        )


_metrics: HubMetrics | None = None
_lock = threading.Lock()


def hub_metrics() -> HubMetrics:
    """This process's counters, created on first use (after the worker set its mode)."""
    global _metrics
    if _metrics is None:
        with _lock:
            if _metrics is None:
                from prometheus_client import CollectorRegistry

                _metrics = HubMetrics(CollectorRegistry(auto_describe=True))
    return _metrics


class ObserveMessages(Middleware):
    """Puts the message's return ids in the log context and times each step.

    First in the middleware list: its ``before`` hook runs first, so every other
    middleware's lines carry the ids, and its ``after`` hook runs last, when ``Retries``
    has already decided whether the message failed for good.
    """

    def __init__(self) -> None:
        self._open: dict[str, tuple[Token, float]] = {}

    def after_process_boot(self, broker: Any) -> None:
        hub_metrics()  # the unlabelled counters show as 0 from the start, not from the first return

    def before_process_message(self, broker: Any, message: Any) -> None:
        fields: dict[str, Any] = {"actor": message.actor_name, "message_id": message.message_id}
        args = list(message.args)
        if message.actor_name in SUBMISSION_ACTORS and args:
            fields["submission_id"] = args[0]
        elif message.actor_name == "pull_feed" and len(args) >= 2:
            fields.update(contract=args[0], agency=args[1])
            if len(args) > 2:
                fields["period"] = args[2]
        self._open[message.message_id] = (enter_context(**fields), time.perf_counter())

    def after_process_message(
        self, broker: Any, message: Any, *, result: Any = None, exception: Any = None
    ) -> None:
        opened = self._open.pop(message.message_id, None)
        try:
            metrics = hub_metrics()
            if opened is not None:
                metrics.step_seconds.labels(message.actor_name).observe(
                    time.perf_counter() - opened[1]
                )
            if exception is not None and message.failed and message.actor_name != "reconcile":
                metrics.failed.labels(message.actor_name).inc()
        except Exception:  # metrics must never fail a message
            log.exception("could not update the step metrics")
        finally:
            if opened is not None:
                # ValueError: set in another context, so nothing to undo in this one.
                with contextlib.suppress(ValueError):
                    exit_context(opened[0])

    after_skip_message = after_process_message


def worker_prometheus() -> Middleware:
    """dramatiq's Prometheus middleware, inert until a worker process has booted.

    The same broker is built by the web app and the scheduler, which never boot a worker
    and so never create the middleware's metrics; its enqueue hook would then fail.
    """
    from dramatiq.middleware.prometheus import Prometheus

    class WorkerPrometheus(Prometheus):
        booted = False

        def after_process_boot(self, broker: Any) -> None:
            super().after_process_boot(broker)
            self.booted = True

        @property
        def forks(self) -> list:
            return [serve_worker_metrics]

        def after_worker_shutdown(self, broker: Any, worker: Any) -> None:
            if self.booted:
                super().after_worker_shutdown(broker, worker)

        def after_nack(self, broker: Any, message: Any) -> None:
            if self.booted:
                super().after_nack(broker, message)

        def after_enqueue(self, broker: Any, message: Any, delay: Any) -> None:
            if self.booted:
                super().after_enqueue(broker, message, delay)

        def before_delay_message(self, broker: Any, message: Any) -> None:
            if self.booted:
                super().before_delay_message(broker, message)

        def before_process_message(self, broker: Any, message: Any) -> None:
            if self.booted:
                super().before_process_message(broker, message)

        def after_process_message(self, broker: Any, message: Any, **kwargs: Any) -> None:
            if self.booted:
                super().after_process_message(broker, message, **kwargs)

        after_skip_message = after_process_message

    return WorkerPrometheus()


def serve_worker_metrics() -> int:
    """The exporter process dramatiq forks: every worker process's metrics, summed.

    Replaces dramatiq's own so the address comes from the settings (dramatiq reads
    ``dramatiq_prom_port`` once at import), and a port already taken is one clear line
    rather than a traceback; the workers carry on either way.
    """
    from http.server import HTTPServer

    from dramatiq.middleware.prometheus import _metrics_handler

    from workers.settings import get_settings

    settings = get_settings()
    address = (settings.worker_metrics_host, settings.worker_metrics_port or 9191)
    try:
        server = HTTPServer(address, _metrics_handler)
    except OSError as exc:
        log.error("worker metrics not served on %s:%s: %s", *address, exc)
        return 1
    log.info("worker metrics at http://%s:%s/metrics", *address)
    server.serve_forever()
    return 0


# --- read at scrape time -----------------------------------------------------------------


class WarehouseCollector:
    """Returns by status and return events by kind, read from the database per scrape,
    and the broker's queue depth; a source that does not answer is skipped, and
    ``sdh_scrape_error`` says which. ``broker`` gives the process's broker when a scrape
    asks (set up on first use, by the runtime above this package)."""

    def __init__(self, engine: Engine, broker: Callable[[], Broker]) -> None:
        self.engine = engine
        self.broker = broker

    def describe(self) -> list:
        return []  # computed per scrape: do not collect at registration

    def collect(self) -> Iterator[Metric]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        errors = GaugeMetricFamily(
            "sdh_scrape_error",
            "1 when a source of these metrics did not answer.",
            labels=["source"],
        )
        try:
            by_status, by_kind = self._database()
        except Exception as exc:
            log.warning("metrics: database not readable: %s", exc)
            errors.add_metric(["database"], 1)
        else:
            errors.add_metric(["database"], 0)
            returns = GaugeMetricFamily(
                "sdh_returns", "Submissions by current status.", labels=["status"]
            )
            for status, count in by_status.items():
                returns.add_metric([status], count)
            yield returns
            events = CounterMetricFamily(
                "sdh_return_events", "Events recorded in the event log, by kind.", labels=["kind"]
            )
            for kind, count in by_kind.items():
                events.add_metric([kind], count)
            yield events
        try:
            depth = queue_depth(self.broker())
        except Exception as exc:
            log.warning("metrics: broker not readable: %s", exc)
            errors.add_metric(["broker"], 1)
        else:
            errors.add_metric(["broker"], 0)
            queued = GaugeMetricFamily(
                "sdh_queue_messages",
                "Messages on the broker by queue and state: ready (waiting for a worker), "
                "delayed (retries and scheduled sends) or dead (failed for good).",
                labels=["queue", "state"],
            )
            for (queue, state), count in sorted(depth.items()):
                queued.add_metric([queue, state], count)
            yield queued
        yield errors

    def _database(self) -> tuple[dict[str, int], dict[str, int]]:
        from sqlalchemy import bindparam, text

        from workers.warehouse.models import SubmissionStatus

        by_status: dict[str, int] = {s.value: 0 for s in SubmissionStatus}
        by_kind = dict.fromkeys(RETURN_EVENTS, 0)
        kinds = text("SELECT kind, COUNT(*) FROM event WHERE kind IN :kinds GROUP BY kind")
        with self.engine.connect() as conn:
            for status, count in conn.execute(
                text("SELECT status, COUNT(*) FROM submission GROUP BY status")
            ):
                by_status[status] = count
            for kind, count in conn.execute(
                kinds.bindparams(bindparam("kinds", expanding=True)),
                {"kinds": list(RETURN_EVENTS)},
            ):
                by_kind[kind] = count
        return by_status, by_kind


def queue_depth(broker: Broker) -> dict[tuple[str, str], int]:
    """Messages per queue on the process's broker (Redis or in-process).

    dramatiq has no queue-depth metric: for Redis this reads its keys directly (the list
    of ready ids, the delay and dead-letter sorted sets).
    """
    queues = sorted(q for q in broker.get_declared_queues() if not q.endswith((".DQ", ".XQ")))
    depth: dict[tuple[str, str], int] = {}
    client = getattr(broker, "client", None)
    if client is not None and hasattr(broker, "namespace"):
        pipe = client.pipeline(transaction=False)
        for q in queues:
            key = f"{broker.namespace}:{q}"
            pipe.llen(key)
            pipe.zcard(f"{key}.DQ")
            pipe.zcard(f"{key}.XQ")
        counts = pipe.execute()
        for i, q in enumerate(queues):
            ready, delayed, dead = counts[3 * i : 3 * i + 3]
            depth[(q, "ready")], depth[(q, "delayed")], depth[(q, "dead")] = ready, delayed, dead
        return depth
    from dramatiq.brokers.stub import StubBroker

    if isinstance(broker, StubBroker):
        for q in queues:
            depth[(q, "ready")] = broker.queues[q].qsize()
            delayed = broker.queues.get(f"{q}.DQ")
            depth[(q, "delayed")] = delayed.qsize() if delayed is not None else 0
            depth[(q, "dead")] = len(broker.dead_letters_by_queue.get(q, []))
    return depth
