"""Worker threads inside the ``sdh`` process, on dramatiq's in-process broker.

The stub broker keeps nothing: messages prefetched or delayed when the process stops are
dropped. That is acceptable only because the database is the truth: on start, everything
left in a working state is sent again (the reconciler with no grace period).
"""

from __future__ import annotations

import time

from dramatiq import Worker
from dramatiq.brokers.stub import StubBroker


class EmbeddedRuntime:
    def __init__(self, threads: int | None = None) -> None:
        from workers.runtime import actors
        from workers.settings import get_settings

        if not isinstance(actors.broker, StubBroker):
            raise RuntimeError("the embedded runtime needs SDH_BROKER_URL unset")
        self.broker: StubBroker = actors.broker
        self.actors = actors
        # Without this the time limits of in-process actors are never enforced; once per
        # broker, since it starts the time-limit watchdog thread.
        if not getattr(self.broker, "_sdh_booted", False):
            self.broker.emit_after("process_boot")
            self.broker._sdh_booted = True  # type: ignore[attr-defined]
        self.worker = Worker(
            self.broker, worker_threads=threads or get_settings().worker_threads, worker_timeout=100
        )

    def __enter__(self) -> EmbeddedRuntime:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self.worker.start()
        self.redrive()

    def redrive(self, after_seconds: float = 0) -> int:
        """Send again every submission the database says is waiting for a step."""
        from workers.runtime.reconcile import stuck_submissions

        stuck = stuck_submissions(after_seconds)
        for submission_id, stage in stuck:
            actor = (
                self.actors.validate_submission
                if stage == "validate"
                else self.actors.load_submission
            )
            actor.send(submission_id)
        return len(stuck)

    def pending(self) -> int:
        """Messages queued, delayed or being processed on any queue."""
        return sum(q.unfinished_tasks for q in self.broker.queues.values())

    def drain(self, timeout: float = 300.0) -> None:
        """Wait until every queue is empty and no message is in flight (follow-ups included)."""
        deadline = time.monotonic() + timeout
        while self.pending():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.pending()} message(s) still pending after {timeout} s")
            time.sleep(0.02)

    def stop(self) -> None:
        self.worker.stop()
        # The worker registered a middleware on the shared broker; a later runtime in the
        # same process (tests, a second demo) must not inherit it.
        self.broker.middleware[:] = [
            m for m in self.broker.middleware if getattr(m, "worker", None) is not self.worker
        ]
