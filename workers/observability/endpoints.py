"""The operator's routes on the web app: ``/readyz`` and ``/metrics``, and request timing.

Kept apart from the application module so that the app only has to call
:func:`register`; everything an operator scrapes or probes is defined here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from workers.logs import route_uvicorn_logs
from workers.observability.health import readiness
from workers.observability.metrics import WarehouseCollector, hub_metrics

if TYPE_CHECKING:
    from dramatiq.broker import Broker
    from prometheus_client import CollectorRegistry, Histogram
    from sqlalchemy.engine import Engine
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from workers.settings import Settings

#: Web requests run from a millisecond (a status poll) to tens of seconds (a large upload).
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Ready(BaseModel):
    status: str
    checks: dict[str, str]
    reason: str | None = None


_http: tuple[CollectorRegistry, Histogram] | None = None
_lock = threading.Lock()


def http_metrics() -> tuple[CollectorRegistry, Histogram]:
    """The request histogram, one per process (however many apps a test builds)."""
    global _http
    if _http is None:
        with _lock:
            if _http is None:
                from prometheus_client import CollectorRegistry, Histogram

                registry = CollectorRegistry()
                histogram = Histogram(
                    "sdh_http_request_duration_seconds",
                    "Time to answer a request, by method, route template and status.",
                    ["method", "route", "status"],
                    buckets=REQUEST_BUCKETS,
                    registry=registry,
                )
                _http = (registry, histogram)
    return _http


class RequestTimer:
    """ASGI middleware: observe each request's duration under its route's template
    (``/api/v1/submissions/{submission_id}``), never the raw path, so that the number of
    series stays bounded whatever URLs are asked for."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            http_metrics()[1].labels(scope["method"], route, str(status)).observe(
                time.perf_counter() - start
            )


class _Registries:
    """A collector that yields what other registries hold (prometheus-client has no
    union of registries)."""

    def __init__(self, registries: list[CollectorRegistry]) -> None:
        self.registries = registries

    def describe(self) -> list:
        return []

    def collect(self) -> Iterator[Any]:
        for registry in self.registries:
            yield from registry.collect()


def metrics_registry(
    engine: Engine, settings: Settings, broker: Callable[[], Broker]
) -> CollectorRegistry:
    """What the web app's ``/metrics`` shows: figures from the database and broker, request
    durations, the process's own, and, in the embedded runtime (where the actors run in
    this process), the step counters."""
    from prometheus_client import CollectorRegistry, PlatformCollector, ProcessCollector

    registry = CollectorRegistry(auto_describe=False)
    sources = [http_metrics()[0]]
    if not settings.broker_url:
        sources.append(hub_metrics().registry)
    registry.register(_Registries(sources))
    registry.register(WarehouseCollector(engine, broker))
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    return registry


def register(
    app: FastAPI, engine: Engine, settings: Settings, broker: Callable[[], Broker]
) -> None:
    """Add ``/readyz``, ``/metrics`` and request timing to the app; ``broker`` gives the
    process's broker, for the queue depths."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    route_uvicorn_logs()
    app.add_middleware(RequestTimer)
    registry = metrics_registry(engine, settings, broker)

    @app.get(
        "/readyz",
        tags=["operations"],
        summary="Readiness check",
        description="200 when the database answers with the hub's schema in place, the "
        "broker answers and the page and pack templates are found; 503 with the reason "
        "otherwise.",
        response_model=Ready,
        responses={503: {"model": Ready, "description": "Not ready; `reason` says why."}},
    )
    def readyz() -> Any:
        result = readiness(
            engine,
            settings.broker_url,
            pages=getattr(app.state, "page_templates", None),
            pack_dir=settings.pack_templates_dir,
        )
        return JSONResponse(result.as_dict(), 200 if result.ready else 503)

    @app.get(
        "/metrics",
        tags=["operations"],
        summary="Prometheus metrics",
        description="Returns by status and events by kind (read from the database at each "
        "scrape), queue depth, request durations; Prometheus text format.",
        response_class=Response,
    )
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
