"""``sdh scheduler``: sends each feed's pull on its cron schedule, marks overdue returns and
runs the reconciler. It only enqueues; workers do the work.

With several schedulers started (services), one is elected by a Redis lock and the others
wait to take over. A unique (feed, slot) row in the database stops a double send during a
hand-over, and on start a feed whose last slot was missed is pulled once, not once per
missed tick.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from workers.contracts.loader import get_contract, load_contracts
from workers.observability.heartbeats import LEADER_KEY
from workers.returns_calendar import ACCEPTED, recent_periods
from workers.settings import get_settings
from workers.warehouse.db import session_scope
from workers.warehouse.models import ScheduleRun, Submission

log = logging.getLogger(__name__)
TIMEZONE = "Europe/London"
LOCK_TTL_SECONDS = 30
RENEW_SECONDS = 10

SendPull = Callable[[str, str], object]


def node_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _slot(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def claim_slot(contract_id: str, agency_id: str, slot: datetime, node: str) -> bool:
    """True for the first scheduler to record this feed's slot; False for any other."""
    with session_scope() as session:
        session.add(
            ScheduleRun(contract_id=contract_id, agency_id=agency_id, slot=_slot(slot), node=node)
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return False
    return True


def feeds() -> list[tuple[str, str, str]]:
    """(contract, agency, cron) for every pulled feed."""
    return [
        (c.id, agency, c.schedule)
        for c in load_contracts().values()
        if c.schedule and c.source
        for agency in c.agencies
    ]


def missed_feeds(now: datetime) -> list[tuple[str, str, datetime]]:
    """Feeds whose most recent scheduled time passed with no recorded run (downtime)."""
    missed = []
    with session_scope() as session:
        for contract_id, agency_id, cron in feeds():
            trigger = CronTrigger.from_crontab(cron, timezone=TIMEZONE)
            last_due = _previous_fire_time(trigger, now)
            if last_due is None:
                continue
            last_run = session.exec(
                select(func.max(ScheduleRun.slot)).where(
                    ScheduleRun.contract_id == contract_id, ScheduleRun.agency_id == agency_id
                )
            ).one()
            if last_run is None or _slot(last_run) < _slot(last_due):
                missed.append((contract_id, agency_id, last_due))
    return missed


def _previous_fire_time(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The latest fire time at or before ``now``, searching back in widening windows."""
    for window in (timedelta(hours=1), timedelta(days=2), timedelta(days=40), timedelta(days=400)):
        previous, cursor = None, trigger.get_next_fire_time(None, now - window)
        while cursor is not None and cursor <= now:
            previous = cursor
            cursor = trigger.get_next_fire_time(cursor, cursor + timedelta(seconds=1))
        if previous is not None:
            return previous
    return None


def late_periods(contract_id: str, agency_id: str, lookback: int = 2) -> list[str]:
    """Earlier periods still without an accepted return: pulled again at each run, so a
    return an agency publishes after the next period has begun is still collected."""
    from datetime import date

    contract = get_contract(contract_id)
    earlier = recent_periods(contract.grain, date.today(), lookback + 1)[1:]
    with session_scope() as session:
        accepted = set(
            session.exec(
                select(Submission.period_label).where(
                    Submission.contract_id == contract_id,
                    Submission.agency_id == agency_id,
                    col(Submission.status).in_(ACCEPTED),
                    col(Submission.period_label).in_([p.label for p in earlier]),
                )
            ).all()
        )
    return [p.label for p in earlier if p.label not in accepted]


def reconcile_interval_seconds() -> float:

    return max(1.0, min(60.0, get_settings().reconcile_after_seconds / 2))


def _send_notifications() -> None:
    from workers.runtime.actors import send_notifications

    send_notifications.send()


def _send_purge() -> None:
    from workers.runtime.actors import purge_raw_files

    purge_raw_files.send()


class FeedScheduler:
    """The jobs of one (leading) scheduler, on an APScheduler background scheduler."""

    def __init__(
        self,
        send_pull: SendPull,
        send_reconcile: Callable[[], object],
        mark_overdue: Callable[[], None],
        node: str | None = None,
        send_late_pull: Callable[[str, str, str], object] | None = None,
        send_notifications: Callable[[], object] | None = None,
        send_purge: Callable[[], object] | None = None,
    ) -> None:
        self.send_pull = send_pull
        self.send_late_pull = send_late_pull or (lambda c, a, p: None)
        self.node = node or node_name()
        self.scheduler = BackgroundScheduler(
            timezone=TIMEZONE,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        )
        for contract_id, agency_id, cron in feeds():
            self.scheduler.add_job(
                self.pull,
                CronTrigger.from_crontab(cron, timezone=TIMEZONE),
                args=(contract_id, agency_id),
                id=f"pull:{contract_id}:{agency_id}",
            )
        # At once on taking the lead (a broker restarted without its queues loses nothing
        # for longer than one tick), then at least twice per grace period, so a return
        # waits about SDH_RECONCILE_AFTER_SECONDS, not that plus a minute.
        self.scheduler.add_job(
            send_reconcile,
            "interval",
            seconds=reconcile_interval_seconds(),
            id="reconcile",
            next_run_time=datetime.now(UTC),
        )
        self.scheduler.add_job(
            mark_overdue, "interval", minutes=15, id="overdue", next_run_time=datetime.now(UTC)
        )
        # Notifications go out from the event log; the same job retries failed ones.
        self.scheduler.add_job(
            send_notifications or _send_notifications, "interval", minutes=1, id="notify"
        )
        # Raw files past their contract's retention go once a day, at a quiet hour.
        self.scheduler.add_job(
            send_purge or _send_purge,
            CronTrigger(hour=2, minute=30, timezone=TIMEZONE),
            id="retention",
        )

    def pull(self, contract_id: str, agency_id: str, slot: datetime | None = None) -> bool:
        if not claim_slot(contract_id, agency_id, slot or datetime.now(UTC), self.node):
            log.info(
                "pull %s/%s for this slot already sent by another scheduler", contract_id, agency_id
            )
            return False
        self.send_pull(contract_id, agency_id)
        for period in late_periods(contract_id, agency_id):
            self.send_late_pull(contract_id, agency_id, period)
        return True

    def catch_up(self) -> int:
        """Pull once each feed whose last run was missed while no scheduler was running."""
        sent = 0
        for contract_id, agency_id, due in missed_feeds(datetime.now(UTC)):
            sent += self.pull(contract_id, agency_id, due)
        return sent

    def start(self) -> None:
        self.catch_up()
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)


def run_elected(
    make_scheduler: Callable[[], FeedScheduler], redis_url: str, stop: threading.Event
) -> None:
    """Wait for leadership (a Redis lock), run the jobs while holding it, step down if lost.

    Redis restarting or unreachable is not the end of the scheduler: a leader that cannot
    renew its lock steps down (another may take over while the lock is gone), and every
    scheduler keeps trying to lead until Redis answers again.
    """
    import redis

    client = redis.Redis.from_url(redis_url)
    node = node_name()
    while not stop.is_set():
        lock = client.lock(LEADER_KEY, timeout=LOCK_TTL_SECONDS, thread_local=False)
        # The lease names its holder, for `sdh health scheduler` and whoever reads Redis.
        token = f"{node}/{uuid.uuid4().hex[:8]}"
        try:
            if not lock.acquire(blocking=True, blocking_timeout=RENEW_SECONDS, token=token):
                continue
        except redis.exceptions.ConnectionError as exc:
            log.warning("scheduler %s cannot reach Redis (%s); trying again", node, exc)
            stop.wait(1.0)
            continue
        log.info("scheduler %s is the leader", node)
        scheduler = make_scheduler()
        try:
            scheduler.start()
            renewed = time.monotonic()
            while not stop.wait(RENEW_SECONDS):
                try:
                    lock.extend(LOCK_TTL_SECONDS, replace_ttl=True)
                    renewed = time.monotonic()
                except redis.exceptions.LockError:
                    log.warning("scheduler %s lost the leadership", node)
                    break
                except redis.exceptions.ConnectionError as exc:
                    # The lock outlives a short outage (a restart with its append-only
                    # file): keep leading while it may still be ours.
                    if time.monotonic() - renewed >= LOCK_TTL_SECONDS - RENEW_SECONDS:
                        log.warning("scheduler %s cannot renew its lead (%s)", node, exc)
                        break
                    log.warning("scheduler %s cannot reach Redis (%s); retrying", node, exc)
        except redis.exceptions.ConnectionError as exc:
            # Redis went away while the jobs were sending (the start-up catch-up, say).
            log.warning("scheduler %s lost Redis while leading (%s); stepping down", node, exc)
            stop.wait(1.0)
        finally:
            scheduler.stop()
            with contextlib.suppress(redis.exceptions.LockError, redis.exceptions.ConnectionError):
                lock.release()
