"""The notification outbox: from the event log to emails and webhook calls, each at most
once.

``dispatch_pending`` does two things, both safe to run in several workers at once:

1. *Plan*: for each new event agencies are told about, one outbox row per contact and
   per webhook. The unique key (event, channel, recipient) lets only one dispatcher create
   them; an event with nobody to tell gets a ``skipped`` row saying so, which also marks
   it as seen.
2. *Send*: each row due is claimed by a conditional update (``pending``/``failed`` →
   ``sending``) committed before anything goes out, so two dispatchers never send the same
   row. A failure is recorded with its error and retried later with a growing pause, up to
   ``SDH_NOTIFY_MAX_ATTEMPTS``; then the row is ``abandoned``. A row left ``sending`` by a
   worker that died is abandoned too, not resent: it may have gone out, and at most once is
   the promise.

Emails wait in the outbox (``pending``) while ``SDH_SMTP_URL`` is unset.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Update, and_, exists, or_, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from workers.notify.channels import DeliveryError, SmtpConfig, post_webhook, send_email
from workers.notify.messages import Notice, agency_of, compose
from workers.notify.recipients import recipients_for
from workers.settings import Settings, get_settings
from workers.warehouse.db import session_scope
from workers.warehouse.models import Event, Notification, Submission, SubmissionStatus, utcnow

log = logging.getLogger(__name__)

#: Events the agency's contacts are told about. ``rejected`` is announced through the
#: ``resubmission_requested`` event recorded with it (it carries the steward's message),
#: so a rejection makes one email per contact, not two.
NOTIFY_KINDS = ("validation_failed", "resubmission_requested", "return_overdue", "return_due_soon")
#: The receipt for each return delivered (``SDH_NOTIFY_RECEIPTS``).
RECEIPT_KINDS = ("received",)
CHANNELS = ("email", "webhook")
#: A claim older than this belongs to a sender that died mid-way.
STALE_SENDING = timedelta(minutes=15)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(hours=6)


@dataclass
class DispatchSummary:
    planned: int = 0
    sent: int = 0
    failed: int = 0
    abandoned: int = 0
    waiting_for_smtp: int = 0
    errors: list[str] = field(default_factory=list)


def _pause(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes between tries, at most six hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_PAUSE)


def plan(session: Session, now: datetime, limit: int, settings: Settings) -> int:
    """Create the outbox rows of new events; returns how many rows were made."""
    horizon = now - timedelta(hours=settings.notify_max_age_hours)
    kinds = NOTIFY_KINDS + (RECEIPT_KINDS if settings.notify_receipts else ())
    events = session.exec(
        select(Event)
        .where(
            col(Event.kind).in_(kinds),
            col(Event.at) >= horizon,
            ~exists().where(col(Notification.event_id) == col(Event.id)),
        )
        .order_by(col(Event.id))
        .limit(limit)
    ).all()
    made = 0
    for event in events:
        assert event.id is not None
        agency = agency_of(session, event)
        to = recipients_for(agency) if agency else None
        rows = []
        if to is not None:
            rows += [
                Notification(event_id=event.id, agency_id=agency, channel="email", recipient=a)
                for a in to.emails
            ]
            if to.webhook:
                rows.append(
                    Notification(
                        event_id=event.id, agency_id=agency, channel="webhook", recipient=to.webhook
                    )
                )
        if not rows:
            rows.append(
                Notification(
                    event_id=event.id,
                    agency_id=agency,
                    channel="none",
                    status="skipped",
                    last_error=f"nobody to tell: agency {agency or '(unknown)'} has no contacts "
                    "or webhook in agencies.yaml",
                )
            )
        session.add_all(rows)
        try:
            session.commit()
        except IntegrityError:  # another dispatcher planned this event first
            session.rollback()
            continue
        made += sum(r.channel != "none" for r in rows)
    return made


def _abandon_stale(session: Session, now: datetime) -> int:
    result = _changed(
        session,
        update(Notification)
        .where(
            col(Notification.status) == "sending",
            col(Notification.claimed_at) < now - STALE_SENDING,
        )
        .values(
            status="abandoned",
            last_error="the sender stopped while sending this; it may have gone out, so it "
            "is not sent again automatically",
        ),
    )
    session.commit()
    return result


def _claim(session: Session, row: Notification, now: datetime) -> bool:
    result = _changed(
        session,
        update(Notification)
        .where(
            col(Notification.id) == row.id,
            col(Notification.status) == row.status,
            col(Notification.attempts) == row.attempts,
        )
        .values(status="sending", claimed_at=now),
    )
    session.commit()
    return result == 1


def _changed(session: Session, statement: Update) -> int:
    """Rows an UPDATE changed."""
    result = cast("CursorResult[Any]", session.execute(statement))
    return result.rowcount or 0


def _overtaken(session: Session, event: Event) -> str | None:
    """Why an event's news is stale now (None when it still stands): a "failed validation"
    notice for a return a steward has since decided on, or a reminder for a return that
    has since arrived, is never sent."""
    if event.kind == "validation_failed" and event.submission_id is not None:
        sub = session.get(Submission, event.submission_id)
        if sub is not None and sub.status != SubmissionStatus.NEEDS_REVIEW:
            return f"not sent: the return is {sub.status} now (decided before this went out)"
    return None


def _deliver(row: Notification, notice: Notice, settings: Settings, event: Event) -> None:
    headers = {"X-SDH-Event-Id": str(event.id), "X-SDH-Event": event.kind}
    if row.channel == "email":
        if not settings.smtp_url:
            raise DeliveryError("SDH_SMTP_URL is not set")
        send_email(
            SmtpConfig.from_url(settings.smtp_url.get_secret_value()),
            settings.mail_from,
            row.recipient,
            f"[Safeguarding Data Hub] {notice.subject}",
            notice.text,
            timeout=settings.smtp_timeout_seconds,
            headers=headers,
        )
    elif row.channel == "webhook":
        secret = settings.webhook_signing_secret
        post_webhook(
            row.recipient,
            notice.payload,
            timeout=settings.webhook_timeout_seconds,
            headers=headers,
            secret=secret.get_secret_value() if secret else None,
        )
    else:
        raise DeliveryError(f"unknown channel {row.channel!r}")


def send_due(session: Session, now: datetime, limit: int, settings: Settings) -> DispatchSummary:
    """Send the rows that are due (new, or failed and past their pause)."""
    summary = DispatchSummary()
    summary.abandoned += _abandon_stale(session, now)
    channels = list(CHANNELS if settings.smtp_url else ("webhook",))
    due = session.exec(
        select(Notification)
        .where(
            col(Notification.channel).in_(channels),
            or_(
                col(Notification.status) == "pending",
                and_(
                    col(Notification.status) == "failed",
                    col(Notification.next_attempt_at) <= now,
                ),
            ),
        )
        .order_by(col(Notification.id))
        .limit(limit)
    ).all()
    if not settings.smtp_url:
        summary.waiting_for_smtp = len(
            session.exec(
                select(Notification.id).where(
                    Notification.channel == "email", Notification.status == "pending"
                )
            ).all()
        )
    notices: dict[int, Notice | None] = {}
    for row in due:
        if not _claim(session, row, now):
            continue  # another dispatcher has it
        event = session.get(Event, row.event_id)
        assert event is not None
        overtaken = _overtaken(session, event)
        if overtaken is not None:
            row.status, row.last_error = "skipped", overtaken
            session.add(row)
            session.commit()
            continue
        if row.event_id not in notices:
            notices[row.event_id] = compose(session, event, settings.resolved_public_url)
        notice = notices[row.event_id]
        session.refresh(row)
        row.attempts += 1
        try:
            if notice is None:
                raise DeliveryError("there is nothing to say about this event any more")
            _deliver(row, notice, settings, event)
        except Exception as exc:  # every failure is recorded on the row, never lost
            error = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
            row.last_error = error[:2000]
            if row.attempts >= settings.notify_max_attempts:
                row.status = "abandoned"
                summary.abandoned += 1
            else:
                row.status = "failed"
                row.next_attempt_at = now + _pause(row.attempts)
                summary.failed += 1
            summary.errors.append(f"{row.channel} to {row.recipient}: {error}")
            log.warning(
                "notification %s (%s to %s) failed: %s", row.id, row.channel, row.recipient, error
            )
        else:
            row.status, row.sent_at, row.last_error = "sent", utcnow(), None
            summary.sent += 1
        session.add(row)
        session.commit()
    return summary


def dispatch_pending(limit: int = 200, *, now: datetime | None = None) -> DispatchSummary:
    """Plan the outbox rows of new events, then send what is due (``limit`` of each).

    ``now`` is for tests that need the clock past a retry pause.
    """
    settings = get_settings()
    moment = now or utcnow()
    with session_scope() as session:
        planned = plan(session, moment, limit, settings)
        summary = send_due(session, moment, limit, settings)
    summary.planned = planned
    return summary
