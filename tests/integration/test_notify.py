"""Notifications to agencies, on SQLite and PostgreSQL, against a real SMTP server
(aiosmtpd on 127.0.0.1) and a real HTTP webhook receiver: one email per contact per
event, sent once however often dispatch runs, failures recorded and retried, and no
child identifier in any message."""

from __future__ import annotations

import email
import json
import shutil
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from sqlmodel import select

from tests.conftest import activity_row, csv_bytes
from tests.support import free_port as _free_port
from workers.contracts.loader import get_contract
from workers.notify.outbox import dispatch_pending
from workers.pipeline import ingest
from workers.returns_calendar import mark_overdue
from workers.review import reject
from workers.warehouse.db import session_scope
from workers.warehouse.models import Event, Notification, utcnow

CAMBS, PBORO = "cambridgeshire-cc", "peterborough-cc"
CAMBS_CONTACTS = ["csc-performance@cambridgeshire.example", "data-returns@cambridgeshire.example"]
pytestmark = pytest.mark.usefixtures("empty_broker", "no_receipts")


@pytest.fixture
def no_receipts(monkeypatch) -> None:
    """These tests count the notices of failures, rejections and overdue returns; the
    receipt for each return delivered is tested in test_agency_notify.py."""
    monkeypatch.setenv("SDH_NOTIFY_RECEIPTS", "false")
    monkeypatch.setenv("SDH_REMIND_DAYS_BEFORE_DUE", "0")


class SmtpSink:
    """aiosmtpd keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        self.url = ""

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [m for rcpt, m in self.messages if address in rcpt]


@pytest.fixture
def smtp(monkeypatch) -> Iterator[SmtpSink]:
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.url = f"smtp://127.0.0.1:{port}"
    monkeypatch.setenv("SDH_SMTP_URL", sink.url)
    monkeypatch.setenv("SDH_PUBLIC_URL", "https://hub.example")
    try:
        yield sink
    finally:
        controller.stop()


class Webhook:
    """A local HTTP server recording POSTed JSON; answers with ``status``."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict, dict]] = []
        self.bodies: list[bytes] = []  # as received, for checking signatures
        self.status = 200
        self.catalogue = Path()
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.calls.append((dict(self.headers), json.loads(body)))
                hook.bodies.append(body)
                self.send_response(hook.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sdh-events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook(tmp_path: Path, monkeypatch) -> Iterator[Webhook]:
    """Cambridgeshire gets a webhook (in a copy of the catalogue) pointing at the receiver."""
    from workers.settings import get_settings

    hook = Webhook()
    folder = tmp_path / "contracts"
    shutil.copytree(get_settings().contracts_dir, folder)
    path = folder / "catalogue" / "agencies.yaml"
    catalogue = yaml.safe_load(path.read_text())
    for agency in catalogue["agencies"]:
        if agency["id"] == CAMBS:
            agency["webhook"] = hook.url
    path.write_text(yaml.safe_dump(catalogue))
    hook.catalogue = path
    monkeypatch.setenv("SDH_CONTRACTS_DIR", str(folder))
    try:
        yield hook
    finally:
        hook.close()


def failing(agency: str = CAMBS, **changes):
    area = "E10000003" if agency == CAMBS else "E06000031"
    row = activity_row(area=area, referrals=2500, **changes)
    data = csv_bytes(get_contract("la-csc-activity"), [row])
    sub = ingest("la-csc-activity", agency, data, "april.csv").submission
    assert sub.status == "needs_review"
    return sub


def _outbox() -> list[Notification]:
    with session_scope() as s:
        return list(s.exec(select(Notification).order_by(Notification.id)))


def _body(message: Message) -> str:
    return message.get_payload(decode=True).decode()


# --- validation failed ---------------------------------------------------------------------


def test_failed_return_emails_each_contact_once_and_calls_the_webhook(warehouse, smtp, webhook):
    sub = failing()
    summary = dispatch_pending()
    assert (summary.planned, summary.sent, summary.failed) == (3, 3, 0)
    assert sorted(r for rcpt, _ in smtp.messages for r in rcpt) == CAMBS_CONTACTS
    for address in CAMBS_CONTACTS:
        (message,) = smtp.to(address)
        assert message["To"] == address
        assert message["Subject"].startswith("[Safeguarding Data Hub] Return failed validation")
        assert f"submission {sub.id}" in message["Subject"]
        body = _body(message)
        for part in (
            "la-csc-activity",
            "Period:    2020-04",
            "april.csv",
            "needs review: 1 error, 0 queries",
            "CSC-020, row 2, column D (referrals)",
            f"https://hub.example/submissions/{sub.id}",
        ):
            assert part in body, (part, body)
        assert "2500" not in body  # locations, never values
    ((headers, payload),) = webhook.calls
    assert headers["X-SDH-Event"] == "validation_failed"
    assert payload["event"] == "validation_failed" and payload["submission"]["id"] == sub.id
    assert payload["submission"]["url"] == f"https://hub.example/submissions/{sub.id}"
    assert payload["issues"][0] | {"message": ""} == {
        "rule": "CSC-020",
        "severity": "error",
        "row": 2,
        "column": "referrals",
        "column_letter": "D",
        "message": "",
    }
    # Dispatch again (the minute job, a second worker): nothing new goes out.
    again = dispatch_pending()
    assert (again.planned, again.sent) == (0, 0)
    assert len(smtp.messages) == 2 and len(webhook.calls) == 1
    assert [(n.channel, n.status, n.attempts) for n in _outbox()] == [
        ("email", "sent", 1),
        ("email", "sent", 1),
        ("webhook", "sent", 1),
    ]


def test_two_dispatchers_at_once_send_each_message_once(warehouse, smtp):
    failing()
    failing(PBORO)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(dispatch_pending())) for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.sent for r in results) == 3
    assert sorted(r for rcpt, _ in smtp.messages for r in rcpt) == sorted(
        [*CAMBS_CONTACTS, "csc-performance@peterborough.example"]
    )


def test_no_child_identifier_reaches_an_email_or_webhook(warehouse, smtp, webhook):
    """Every row fails (dates outside the month, a malformed id): held for review, and the
    messages name rules, rows and columns only."""
    raw = ["CAM-004711", "CAM-004712", "bad id!"]
    rows = [
        {
            "child_id": child,
            "area_code": "E10000003",
            "event_type": "referral",
            "event_date": "2021-12-31",
            "assessment_factors": "",
            "age": 7,
            "gender": "1",
            "ethnicity": "WBRI",
        }
        for child in raw
    ]
    data = csv_bytes(get_contract("la-csc-episodes"), rows)
    sub = ingest("la-csc-episodes", CAMBS, data, "ep.csv", period="2022-01").submission
    assert sub.status == "needs_review"
    assert dispatch_pending().sent == 3
    from workers.pseudonymise import pseudonymise
    from workers.settings import get_settings

    key = get_settings().pseudonym_key_bytes
    everything = [_body(m) + str(m) for _, m in smtp.messages]
    everything += [json.dumps(p) for _, p in webhook.calls]
    assert "period.date" in everything[0]
    for text in everything:
        for child in raw:
            assert child.lower() not in text.lower()
            assert pseudonymise(child, key) not in text


# --- failures ------------------------------------------------------------------------------


def test_a_failing_mail_server_is_recorded_and_retried(warehouse, smtp, monkeypatch):
    failing(PBORO)
    monkeypatch.setenv("SDH_SMTP_URL", f"smtp://127.0.0.1:{_free_port()}")  # nothing listens
    first = dispatch_pending()
    assert (first.sent, first.failed) == (0, 1)
    (row,) = _outbox()
    assert (row.status, row.attempts) == ("failed", 1)
    assert "mail server 127.0.0.1" in row.last_error and "refused" in row.last_error.lower()
    # Straight away: still pausing before the next try.
    assert dispatch_pending().failed == 0 and _outbox()[0].attempts == 1
    monkeypatch.setenv("SDH_SMTP_URL", smtp.url)
    later = dispatch_pending(now=utcnow() + timedelta(minutes=5))
    assert later.sent == 1
    (row,) = _outbox()
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)
    assert len(smtp.messages) == 1


def test_a_failing_webhook_is_retried_then_abandoned(warehouse, smtp, webhook, monkeypatch):
    monkeypatch.setenv("SDH_NOTIFY_MAX_ATTEMPTS", "2")
    webhook.status = 500
    failing()
    first = dispatch_pending()
    assert (first.sent, first.failed) == (2, 1)  # the emails went; the webhook did not
    hook = next(n for n in _outbox() if n.channel == "webhook")
    assert hook.status == "failed" and "answered 500" in hook.last_error
    second = dispatch_pending(now=utcnow() + timedelta(minutes=5))
    assert (second.sent, second.abandoned) == (0, 1)
    hook = next(n for n in _outbox() if n.channel == "webhook")
    assert (hook.status, hook.attempts) == ("abandoned", 2)
    webhook.status = 200
    assert dispatch_pending(now=utcnow() + timedelta(hours=2)).sent == 0  # given up for good
    assert len(webhook.calls) == 2 and len(smtp.messages) == 2


def test_without_smtp_emails_wait_in_the_outbox(warehouse, monkeypatch):
    monkeypatch.delenv("SDH_SMTP_URL", raising=False)
    failing()
    summary = dispatch_pending()
    assert (summary.planned, summary.sent, summary.waiting_for_smtp) == (2, 0, 2)
    assert {(n.status, n.attempts) for n in _outbox()} == {("pending", 0)}


def test_old_events_are_not_announced(warehouse, smtp):
    failing()
    assert dispatch_pending(now=utcnow() + timedelta(days=30)).planned == 0
    assert _outbox() == [] and smtp.messages == []


def test_an_agency_without_contacts_is_marked_skipped(warehouse, smtp, webhook):
    path = webhook.catalogue
    catalogue = yaml.safe_load(path.read_text())
    for agency in catalogue["agencies"]:
        if agency["id"] == PBORO:
            agency["contacts"] = []
    path.write_text(yaml.safe_dump(catalogue))
    failing(PBORO)
    assert dispatch_pending().sent == 0
    (row,) = _outbox()
    assert (row.channel, row.status) == ("none", "skipped") and "no contacts" in row.last_error


# --- rejected and overdue ------------------------------------------------------------------


def test_a_rejection_sends_one_email_per_contact_with_the_stewards_message(warehouse, smtp):
    sub = failing()
    assert dispatch_pending().sent == 2  # the failure itself
    with session_scope() as s:
        reject(
            s,
            sub.id,
            "ann.steward",
            "Referrals counted twice",
            message="Please resend April without the duplicated referrals.",
            notify=None,
        )
    assert dispatch_pending().sent == 2
    rejected = [m for _, m in smtp.messages if "rejected" in m["Subject"]]
    assert sorted(m["To"] for m in rejected) == CAMBS_CONTACTS
    body = _body(rejected[0])
    assert "Please resend April without the duplicated referrals." in body
    assert "rejected by ann.steward" in body and f"/submissions/{sub.id}" in body


def test_an_overdue_return_notifies_the_agency(warehouse, smtp, webhook):
    today = date(2026, 11, 25)
    with session_scope() as s:
        new = mark_overdue(s, [get_contract("la-csc-activity")], today, lookback=1)
    assert {(i.agency_id, i.period.label) for i in new} == {(CAMBS, "2026-10"), (PBORO, "2026-10")}
    summary = dispatch_pending()
    assert summary.sent == 4  # two Cambridgeshire contacts, one Peterborough, one webhook
    subjects = {m["Subject"] for _, m in smtp.messages}
    assert subjects == {"[Safeguarding Data Hub] Return overdue: la-csc-activity 2026-10"}
    (message,) = smtp.to("csc-performance@peterborough.example")
    assert "was due on 15 Nov 2026" in _body(message)
    ((_, payload),) = webhook.calls
    assert payload | {"at": None, "event_id": None} == {
        "event": "return_overdue",
        "event_id": None,
        "at": None,
        "agency": CAMBS,
        "contract": "la-csc-activity",
        "period": "2026-10",
        "due": "2026-11-15",
    }
    with session_scope() as s:
        assert mark_overdue(s, [get_contract("la-csc-activity")], today, lookback=1) == []
    assert dispatch_pending().sent == 0


# --- the runtime ---------------------------------------------------------------------------


def test_the_validation_actor_sends_notifications_after_a_failure(warehouse, smtp):
    """Embedded runtime: a failing validation sends the notification actor at once."""
    from workers.runtime import actors
    from workers.runtime.embedded import EmbeddedRuntime
    from workers.sources.intake import Delivery, receive_return
    from workers.sources.landing import default_store

    data = csv_bytes(get_contract("la-csc-activity"), [activity_row(referrals=2500)])
    with session_scope() as s:
        sid = receive_return(
            s, default_store(), Delivery("la-csc-activity", CAMBS, data, "r.csv", source="push")
        ).submission_id
    actors.broker.flush_all()  # nothing another test left behind may hold up the drain
    with EmbeddedRuntime(threads=2) as runtime:
        actors.validate_submission.send(sid)
        runtime.drain(timeout=60)
    assert sorted(r for rcpt, _ in smtp.messages for r in rcpt) == CAMBS_CONTACTS
    with session_scope() as s:
        kinds = [e.kind for e in s.exec(select(Event).order_by(Event.id))]
    assert "validation_failed" in kinds


def test_the_scheduler_sends_notifications_every_minute(warehouse):
    from workers.scheduler import FeedScheduler

    sent = []
    scheduler = FeedScheduler(
        lambda c, a: None, lambda: None, lambda: None, send_notifications=lambda: sent.append(1)
    )
    job = scheduler.scheduler.get_job("notify")
    assert job.trigger.interval == timedelta(minutes=1)
    job.func()
    assert sent == [1]
