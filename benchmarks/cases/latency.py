"""Latency: a 50-row return pushed to the API is loaded, as the API tells it, in a median of
at most 1 s and a 95th percentile of at most 2 s over 100 pushes.

The services run as docker-compose runs them: Redis, PostgreSQL, a warm ``dramatiq``
worker process and the uvicorn web app. Each return is pushed over real HTTP and its
status polled over the API until it says ``loaded``; the next push starts after that, so
each figure is one return's own time, not a queue's.

Floor: a status GET of an already loaded return, over the same connection, in the same
run: the least any "is it loaded yet?" answer can take. The return's own timeline (the
events the API lists) splits each figure into its steps.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections import defaultdict
from datetime import datetime

import requests

from benchmarks.context import Context
from benchmarks.result import Result
from benchmarks.rt_returns import CONTRACT, episode_returns
from benchmarks.rt_services import Services, bench_context

MEDIAN_TARGET_S = 1.0
P95_TARGET_S = 2.0
POLL_EVERY_S = 0.01


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the value below which ``share`` of the figures fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def push_and_wait(
    http: requests.Session, api: str, token: str, path, period: str, timeout: float = 60
) -> tuple[float, float, dict]:
    """Seconds to the receipt, seconds until the API says loaded, and the final status."""
    headers = {"Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    with path.open("rb") as fh:
        answer = http.post(
            f"{api}/api/v1/returns/{CONTRACT}",
            headers=headers,
            data={"period": period},
            files={"file": (path.name, fh, "text/csv")},
            timeout=30,
        )
    received = time.perf_counter() - started
    answer.raise_for_status()
    url = answer.json()["status_url"]
    deadline = started + timeout
    while True:
        status = http.get(url, headers=headers, params={"page_size": 1}, timeout=30).json()
        if status["status"] not in ("received", "validating", "validated", "loading"):
            return received, time.perf_counter() - started, status
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{path.name} still {status['status']} after {timeout} s")
        time.sleep(POLL_EVERY_S)


def _steps(status: dict) -> dict[str, float]:
    """Seconds between the return's events: where its time went inside the hub."""
    events = [(e["kind"], datetime.fromisoformat(e["at"])) for e in status["events"]]
    steps = {}
    for (_, before), (kind, at) in itertools.pairwise(events):
        steps[f"→{kind}"] = (at - before).total_seconds()
    return steps


def run(ctx: Context, workers: int = 1, threads: int = 4) -> list[Result]:
    ctx = bench_context(ctx)
    pushes = 20 if ctx.quick else 100
    returns = episode_returns(ctx.workdir, pushes + 2, 50)
    warmup, measured = returns[:2], returns[2:]
    with Services(ctx) as svc:
        svc.init()
        tokens = svc.tokens(sorted({r.agency for r in returns}))
        svc.start_workers(workers, threads)
        svc.start_web()
        http = requests.Session()
        # Warm: the worker's first messages import the validation and loading code.
        for ret in warmup:
            push_and_wait(http, svc.api, tokens[ret.agency], ret.path, ret.period, timeout=120)
        latencies, receipts, failed = [], [], []
        steps: dict[str, list[float]] = defaultdict(list)
        for ret in measured:
            received, seconds, status = push_and_wait(
                http, svc.api, tokens[ret.agency], ret.path, ret.period
            )
            if status["status"] != "loaded":
                failed.append(f"{ret.path.name}: {status['status']}")
            latencies.append(seconds)
            receipts.append(received)
            for step, took in _steps(status).items():
                steps[step].append(took)
        # The floor: the API answering "loaded" for a return that already is.
        last = status["id"]
        headers = {"Authorization": f"Bearer {tokens[measured[-1].agency]}"}
        floor = []
        for _ in range(50):
            started = time.perf_counter()
            http.get(
                f"{svc.api}/api/v1/submissions/{last}",
                headers=headers,
                params={"page_size": 1},
                timeout=30,
            ).raise_for_status()
            floor.append(time.perf_counter() - started)
    if failed:
        raise RuntimeError(f"returns not loaded: {failed[:5]}")
    median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    floor_s = statistics.median(floor)
    step_note = ", ".join(f"{k} {statistics.median(v) * 1000:.0f} ms" for k, v in steps.items())
    note = (
        f"{len(measured)} pushes of 50 rows, {workers}x{threads} worker; receipt "
        f"{statistics.median(receipts) * 1000:.0f} ms; median steps: {step_note}; "
        f"floor = status GET"
    )
    return [
        Result(
            case="latency: push → loaded, median",
            rows=50,
            ours_s=median,
            floor_s=floor_s,
            target=f"≤ {MEDIAN_TARGET_S:g} s",
            met=median <= MEDIAN_TARGET_S,
            note=note,
        ),
        Result(
            case="latency: push → loaded, p95",
            rows=50,
            ours_s=p95,
            floor_s=floor_s,
            target=f"≤ {P95_TARGET_S:g} s",
            met=p95 <= P95_TARGET_S,
            note=f"max {max(latencies):.2f} s",
        ),
    ]
