"""Removing raw files past retention, as the data-sharing agreements say.

Design rule 2: a return's raw bytes are kept until the return is superseded and past
retention. A raw file is removed when every submission that names it has ended (it was
superseded by a corrected return, or rejected: neither can be validated or loaded again)
and was received more than its contract's ``retentionDays`` ago. The return that counts
keeps its bytes, so its load can always be replayed; a contract without ``retentionDays``
keeps every file.

Each removal is an event (``raw_file_purged``) on every submission that named the file,
recorded before the file goes: a crash in between leaves the event and the file, and the
next run removes the file without recording it twice. The submission rows stay (with the
file's sha256, so an identical re-delivery is still recognised).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from workers.contracts.model import FeedContract
from workers.sources.landing import LandingStore
from workers.warehouse import lifecycle
from workers.warehouse.events import record_event
from workers.warehouse.models import Event, Submission, as_utc, utcnow

EVENT = "raw_file_purged"
ENDED = tuple(lifecycle.FINAL)


@dataclass
class PurgeReport:
    removed: list[str] = field(default_factory=list)  # sha256 of each file removed
    submissions: list[int] = field(default_factory=list)  # the submissions that named them
    kept_in_use: int = 0  # files past retention still named by a live submission


def _expired(sub: Submission, contracts: dict[str, FeedContract], now: datetime) -> int | None:
    """The retention in days when ``sub`` has ended and is past it; None otherwise."""
    contract = contracts.get(sub.contract_id)
    days = contract.retention_days if contract else None
    if days is None or sub.status not in ENDED:
        return None
    return days if now - as_utc(sub.received_at) > timedelta(days=days) else None


def purge_raw_files(
    session: Session,
    store: LandingStore,
    contracts: dict[str, FeedContract],
    *,
    now: datetime | None = None,
    actor: str = "system",
    dry_run: bool = False,
) -> PurgeReport:
    """Remove every raw file that retention allows, recording each; ``dry_run`` only says
    which it would remove."""
    now = now or utcnow()
    candidates = session.exec(select(Submission).where(col(Submission.status).in_(ENDED))).all()
    shas = {s.sha256 for s in candidates if _expired(s, contracts, now) is not None}
    report = PurgeReport()
    if not shas:
        return report
    naming: dict[str, list[Submission]] = defaultdict(list)
    for sub in session.exec(select(Submission).where(col(Submission.sha256).in_(shas))):
        naming[sub.sha256].append(sub)
    for sha in sorted(shas):
        subs = naming[sha]
        if any(_expired(s, contracts, now) is None for s in subs):
            report.kept_in_use += 1
            continue
        if not store.exists(sha):
            continue
        report.removed.append(sha)
        report.submissions.extend(s.id for s in subs if s.id is not None)
        if dry_run:
            continue
        recorded = set(
            session.exec(
                select(Event.submission_id).where(
                    Event.kind == EVENT,
                    col(Event.submission_id).in_([s.id for s in subs]),
                )
            )
        )
        for sub in subs:
            if sub.id not in recorded:
                record_event(
                    session,
                    EVENT,
                    sub.id,
                    actor,
                    retention_days=_expired(sub, contracts, now),
                    status=sub.status,
                    received_at=as_utc(sub.received_at).isoformat(timespec="seconds"),
                )
        session.commit()
        store.remove(sha)
    return report
