"""What the agency hears (issue 18, item 7): a receipt for each return, a reminder a
configurable number of days before a return is due, no stale "failed validation" once a
steward has decided, and webhooks signed (HMAC-SHA256 over the timestamp and the body)
as docs/webhooks.md says, checked with the snippet printed there."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import activity_row, csv_bytes
from tests.integration.test_notify import CAMBS_CONTACTS, _body, failing
from tests.integration.test_notify import smtp as smtp
from tests.integration.test_notify import webhook as webhook
from workers.contracts.loader import get_contract
from workers.notify.channels import post_webhook
from workers.notify.outbox import dispatch_pending
from workers.pipeline import ingest
from workers.returns_calendar import mark_due_soon
from workers.review import override_error
from workers.warehouse.db import session_scope
from workers.warehouse.models import Notification

pytestmark = pytest.mark.usefixtures("empty_broker")
DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
SECRET = "a shared key for the agency's system"


def verify_from_the_doc():
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert code is not None
    scope: dict = {}
    exec(code.group(1), scope)  # the snippet an agency copies
    return scope["verify"]


def test_each_return_delivered_gets_a_receipt(warehouse, smtp, webhook, monkeypatch):
    monkeypatch.setenv("SDH_WEBHOOK_SIGNING_SECRET", SECRET)
    data = csv_bytes(get_contract("la-csc-activity"), [activity_row()])
    sub = ingest("la-csc-activity", "cambridgeshire-cc", data, "april.csv").submission
    assert sub.status == "loaded"
    dispatch_pending()
    for address in CAMBS_CONTACTS:
        (message,) = smtp.to(address)
        assert " ".join(message["Subject"].split()).endswith(
            f"Return received: la-csc-activity 2020-04 (submission {sub.id})"
        )
        body = _body(message)
        assert f"SHA-256 {sub.sha256}" in body and "april.csv" in body
    ((headers, payload),) = webhook.calls
    assert headers["X-SDH-Event"] == "received" and payload["sha256"] == sub.sha256


def test_a_reminder_goes_the_configured_days_before_a_return_is_due(warehouse, smtp, monkeypatch):
    monkeypatch.setenv("SDH_NOTIFY_RECEIPTS", "false")
    contract = get_contract("la-csc-activity")  # October 2026 is due on 15 November
    with session_scope() as s:
        assert mark_due_soon(s, [contract], date(2026, 11, 11), days=3) == []  # 4 days before
        new = mark_due_soon(s, [contract], date(2026, 11, 12), days=3)
        assert {(i.agency_id, i.period.label) for i in new} == {
            ("cambridgeshire-cc", "2026-10"),
            ("peterborough-cc", "2026-10"),
        }
        assert mark_due_soon(s, [contract], date(2026, 11, 13), days=3) == []  # once
    dispatch_pending()
    (message,) = smtp.to("csc-performance@peterborough.example")
    assert "is due on Sunday 15 November 2026" in " ".join(_body(message).split())
    assert " ".join(message["Subject"].split()).endswith(
        "Return due Sunday 15 November 2026: la-csc-activity 2026-10"
    )


def test_no_reminder_for_a_return_already_accepted(warehouse):
    data = csv_bytes(get_contract("la-csc-activity"), [activity_row(month="2026-10")])
    ingest("la-csc-activity", "cambridgeshire-cc", data, "october.csv", period="2026-10")
    with session_scope() as s:
        new = mark_due_soon(s, [get_contract("la-csc-activity")], date(2026, 11, 12), days=3)
    assert [i.agency_id for i in new] == ["peterborough-cc"]


def test_no_stale_failed_validation_email_once_the_steward_has_decided(
    warehouse, smtp, monkeypatch
):
    monkeypatch.setenv("SDH_NOTIFY_RECEIPTS", "false")
    sub = failing()  # CSC-020: waits for the steward
    with session_scope() as s:
        override_error(s, sub.id, "CSC-020", "ann.steward", "confirmed by phone", enqueue_load=None)
    dispatch_pending()
    assert smtp.messages == []
    with session_scope() as s:
        rows = s.exec(select(Notification)).all()
    assert rows and {r.status for r in rows} == {"skipped"}
    assert "the return is validated now" in rows[0].last_error


def test_webhooks_are_signed_and_the_documented_check_accepts_only_genuine_calls(
    warehouse, smtp, webhook, monkeypatch
):
    monkeypatch.setenv("SDH_WEBHOOK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SDH_NOTIFY_RECEIPTS", "false")
    failing()
    dispatch_pending()
    ((headers, _),) = webhook.calls
    verify = verify_from_the_doc()
    body = webhook.bodies[0]
    now = int(headers["X-SDH-Timestamp"])
    assert headers["X-SDH-Signature"].startswith("v1=")
    assert verify(SECRET, headers, body, now=now + 10)
    assert not verify("another key", headers, body, now=now)
    assert not verify(SECRET, headers, body.replace(b'"errors":1', b'"errors":0'), now=now)
    assert not verify(SECRET, headers, body, now=now + 301)  # replayed later
    forged = headers | {"X-SDH-Timestamp": str(now + 60)}
    assert not verify(SECRET, forged, body, now=now + 60)


def test_a_signature_is_over_the_timestamp_and_the_exact_body(webhook):
    post_webhook(webhook.url, {"b": 1, "a": "é"}, timeout=5, secret=SECRET, now=1_700_000_000)
    ((headers, _),) = webhook.calls
    assert headers["X-SDH-Timestamp"] == "1700000000"
    assert verify_from_the_doc()(SECRET, headers, webhook.bodies[0], now=1_700_000_100)
