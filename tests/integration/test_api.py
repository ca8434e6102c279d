"""The push intake API and its client, on SQLite and the real PostgreSQL: every refusal
answers with a clear JSON error, a good push is validated and loaded by the embedded
workers, a re-delivery loads nothing, one agency never sees another's returns, and
``push_return`` works against a real uvicorn server."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from tests.conftest import activity_row, csv_bytes
from tests.support import asgi_post, serving
from workers.sources.landing import default_store
from workers.validation.run import validate_submission
from workers.warehouse.db import session_scope
from workers.warehouse.models import ApiToken, Event, MeasureFact, Submission
from workers.web.api import get_enqueue
from workers.web.app import create_app
from workers.web.tokens import (
    UnknownAgency,
    create_token,
    list_tokens,
    revoke_token,
    verify_token,
)

RETURNS = "/api/v1/returns/la-csc-activity"
CAMBS, PBORO = "cambridgeshire-cc", "peterborough-cc"
#: One row that breaks three rules: CSC-020 (D referrals), CSC-022 (G), CSC-024 (J).
FAILING = dict(referrals=3000, assessments_within_45wd=400, icpc_within_15wd=50)
pytestmark = pytest.mark.usefixtures("empty_broker")


@dataclass
class Api:
    client: TestClient
    sent: list[int] = field(default_factory=list)

    def push(self, token: str | None, data: bytes, filename: str = "r.csv", **form):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post(
            RETURNS, headers=headers, files={"file": (filename, data)}, data=form
        )

    def status(self, token: str, sid: int, **params):
        return self.client.get(
            f"/api/v1/submissions/{sid}",
            headers={"Authorization": f"Bearer {token}"},
            params=params,
        )


@pytest.fixture
def make_api(warehouse) -> Iterator:
    """Build an app from the settings as they are now; ``real_enqueue`` uses the broker."""
    stack = ExitStack()

    def make(real_enqueue: bool = False) -> Api:
        app = create_app()
        api = Api(stack.enter_context(TestClient(app)))
        if not real_enqueue:
            app.dependency_overrides[get_enqueue] = lambda: api.sent.append
        return api

    with stack:
        yield make


@pytest.fixture
def api(make_api) -> Api:
    return make_api()


@pytest.fixture
def runtime(warehouse):
    from workers.runtime.embedded import EmbeddedRuntime

    with EmbeddedRuntime(threads=2) as rt:
        yield rt


def issue(agency: str = CAMBS, name: str = "nightly export") -> str:
    with session_scope() as session:
        return create_token(session, agency, name, created_by="test").secret


def good_return(activity, **changes) -> bytes:
    return csv_bytes(activity, [activity_row(**changes)])


def submissions() -> list[Submission]:
    with session_scope() as session:
        return list(session.exec(select(Submission)))


def event_kinds(sid: int | None = None) -> list[str]:
    with session_scope() as session:
        query = select(Event).order_by(Event.id)  # type: ignore[arg-type]
        if sid is not None:
            query = query.where(Event.submission_id == sid)
        return [e.kind for e in session.exec(query)]


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["message"], body
    return body["error"]


# --- tokens --------------------------------------------------------------------------------


def test_tokens_store_only_a_hash_and_events_never_hold_the_secret(warehouse):
    secret = issue()
    assert secret.startswith("sdh_") and len(secret) > 40
    with session_scope() as session:
        (row,) = list_tokens(session)
        assert row.token_sha256 == hashlib.sha256(secret.encode()).hexdigest()
        assert row.prefix == secret[:12] and secret not in row.model_dump_json()
        assert verify_token(session, secret).id == row.id
        assert verify_token(session, secret + "x") is None
        assert verify_token(session, "") is None
        revoke_token(session, row.id, actor="test")
        revoke_token(session, row.prefix, actor="test")  # again: no change, no second event
        assert verify_token(session, secret) is None
        details = [e.detail for e in session.exec(select(Event))]
        with pytest.raises(UnknownAgency, match="No agency 'nobody'"):
            create_token(session, "nobody", "x")
    assert event_kinds() == ["token_created", "token_revoked"]
    assert all(secret not in d and secret[12:20] not in d for d in details)


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authorization", "code"),
    [
        (None, "missing_token"),
        ("Basic dXNlcjpwYXNz", "missing_token"),
        ("Bearer sdh_not-a-real-token", "invalid_token"),
        ("Bearer ", "missing_token"),
    ],
)
def test_push_without_a_valid_token_is_401(api, activity, authorization, code):
    headers = {"Authorization": authorization} if authorization else {}
    response = api.client.post(
        RETURNS, headers=headers, files={"file": ("r.csv", good_return(activity))}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert error_of(response)["code"] == code
    assert submissions() == [] and api.sent == []


def test_revoked_token_is_401_on_both_routes(api, activity):
    token = issue()
    sid = api.push(token, good_return(activity)).json()["submission_id"]
    with session_scope() as session:
        revoke_token(session, session.exec(select(ApiToken)).one().id)
    for response in (api.push(token, good_return(activity, contacts=2100)), api.status(token, sid)):
        assert response.status_code == 401
        assert error_of(response)["code"] == "invalid_token"
        assert "revoked" in error_of(response)["message"]
    assert len(submissions()) == 1


def test_unknown_contract_is_404(api, activity):
    response = api.client.post(
        "/api/v1/returns/no-such-feed",
        headers={"Authorization": f"Bearer {issue()}"},
        files={"file": ("r.csv", good_return(activity))},
    )
    assert response.status_code == 404
    err = error_of(response)
    assert err["code"] == "unknown_contract" and "no-such-feed" in err["message"]


def test_agency_that_does_not_deliver_the_contract_is_403(api, activity):
    response = api.push(issue("cambs-police"), good_return(activity))
    assert response.status_code == 403
    err = error_of(response)
    assert err["code"] == "agency_not_allowed"
    assert "cambs-police" in err["message"] and "la-csc-activity" in err["message"]
    assert submissions() == []


def test_empty_upload_is_received_and_held_naming_the_file_and_rule(api):
    """An empty file is treated as a header-only one: received, then held as unreadable
    where the steward sees it (issue 14, item 8)."""
    token = issue()
    response = api.push(token, b"", filename="april.csv")
    assert response.status_code == 202
    sid = response.json()["submission_id"]
    with session_scope() as session:
        validate_submission(session, sid, default_store())
    body = api.status(token, sid).json()
    assert body["status"] == "needs_review"
    assert [(r["code"], r["rows_failed"]) for r in body["rules"] if r["rows_failed"]] == [
        ("file.empty", 1)
    ]


def test_upload_without_a_file_field_or_with_a_bad_period_is_422(api, activity):
    token = issue()
    response = api.client.post(
        RETURNS,
        headers={"Authorization": f"Bearer {token}"},
        files={"document": ("r.csv", good_return(activity))},
    )
    assert response.status_code == 422 and error_of(response)["code"] == "missing_file"
    response = api.push(token, good_return(activity), period="2020-Q1")
    assert response.status_code == 422
    err = error_of(response)
    assert err["code"] == "invalid_period" and "month is expected" in err["message"]
    response = api.client.post(
        RETURNS, headers={"Authorization": f"Bearer {token}"}, content=b"contacts,2000"
    )
    assert response.status_code == 415
    assert submissions() == []


def test_oversized_upload_is_413_and_nothing_is_kept(make_api, monkeypatch, activity):
    monkeypatch.setenv("SDH_MAX_UPLOAD_BYTES", "600")
    api = make_api()
    token = issue()
    data = good_return(activity)
    padded = data + b"\n" * (600 - len(data))
    for too_big in (padded + b"\n", padded * 100):  # just over; far over (Content-Length)
        response = api.push(token, too_big)
        assert response.status_code == 413
        err = error_of(response)
        assert err["code"] == "file_too_large" and "600 bytes" in err["message"]
    assert submissions() == []
    from workers.settings import get_settings

    assert not any(p.is_file() for p in get_settings().landing_dir.rglob("*"))
    assert api.push(token, padded).status_code == 202  # exactly the limit is accepted


def test_upload_is_cut_off_once_past_the_limit_not_read_to_the_end(make_api, monkeypatch):
    """Straight through ASGI, with no Content-Length: count what the app asks to receive."""
    monkeypatch.setenv("SDH_MAX_UPLOAD_BYTES", "1000")
    app = make_api().client.app
    token = issue()
    boundary = "b0und4ry"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"'
        "\r\nContent-Type: text/csv\r\n\r\n"
    ).encode()
    pulled = 0

    def body() -> Iterator[bytes]:
        nonlocal pulled
        while pulled < 10_000:  # 10 MB: the app should have stopped long before
            pulled += 1
            yield head if pulled == 1 else b"x" * 1000

    headers = {
        "host": "testserver",
        "authorization": f"Bearer {token}",
        "content-type": f"multipart/form-data; boundary={boundary}",
        "transfer-encoding": "chunked",
    }
    assert asgi_post(app, RETURNS, headers, body()) == 413
    assert pulled <= 2 + (1000 + 16 * 1024) // 1000
    assert submissions() == []


# --- the happy path, duplicates, lineage ---------------------------------------------------


def test_valid_push_is_validated_and_loaded(make_api, runtime, activity):
    api = make_api(real_enqueue=True)
    token = issue()
    response = api.push(token, good_return(activity), filename="april.csv", period="2020-04")
    assert response.status_code == 202
    receipt = response.json()
    assert receipt["status"] == "received" and receipt["duplicate"] is False
    sid = receipt["submission_id"]
    assert receipt["status_url"].endswith(f"/api/v1/submissions/{sid}")
    assert response.headers["Location"] == receipt["status_url"]
    runtime.drain(timeout=60)

    body = api.status(token, sid).json()
    assert body["status"] == "loaded"
    assert (body["rows_received"], body["rows_loaded"], body["rows_held"]) == (1, 1, 0)
    assert body["contract"] == "la-csc-activity" and body["agency"] == CAMBS
    assert body["period"] == "2020-04" and body["filename"] == "april.csv"
    assert body["sha256"] == hashlib.sha256(good_return(activity)).hexdigest()
    assert body["validation"]["outcome"] == "passed" and body["error_count"] == 0
    assert body["rules"] and all(r["rows_failed"] == 0 for r in body["rules"])
    assert body["row_issues"]["total"] == 0
    kinds = [e["kind"] for e in body["events"]]
    assert kinds[0] == "received" and "loaded" in kinds
    assert body["events"][0]["actor"].startswith("token sdh_")
    assert token not in response.text + api.status(token, sid).text

    again = api.push(token, good_return(activity), filename="april-again.csv")
    assert again.status_code == 200
    assert again.json()["duplicate"] is True and again.json()["submission_id"] == sid
    runtime.drain(timeout=60)
    assert len(submissions()) == 1
    assert event_kinds(sid).count("loaded") == 1
    with session_scope() as session:
        facts = session.exec(select(MeasureFact)).all()
    assert len(facts) == len(activity.measure_columns)


def test_duplicate_is_not_enqueued_again(api, activity):
    token = issue()
    first = api.push(token, good_return(activity))
    second = api.push(token, good_return(activity))
    assert (first.status_code, second.status_code) == (202, 200)
    assert api.sent == [first.json()["submission_id"]]


def test_broker_failure_still_receives_the_return(make_api, activity):
    """Enqueueing comes after the commit; if it fails the reconciler sends it on later."""
    api = make_api()

    def broken(_sid: int) -> None:
        raise ConnectionError("broker down")

    api.client.app.dependency_overrides[get_enqueue] = lambda: broken
    response = api.push(issue(), good_return(activity))
    assert response.status_code == 202
    assert [s.status for s in submissions()] == ["received"]


def test_unreadable_file_is_recorded_and_held_for_review(make_api, runtime):
    api = make_api(real_enqueue=True)
    token = issue()
    response = api.push(token, b"PK\x03\x04\x00\x00not a csv at all", filename="export.csv")
    assert response.status_code == 202
    sid = response.json()["submission_id"]
    runtime.drain(timeout=60)
    body = api.status(token, sid).json()
    assert body["status"] == "needs_review"
    assert body["validation"]["outcome"] == "unreadable"
    assert [r["code"] for r in body["rules"]] == ["file.encoding"]
    (item,) = body["row_issues"]["items"]
    assert item["rule"] == "file.encoding" and "CSV" in item["message"]


def test_another_agencys_submission_is_404_like_a_missing_one(api, activity):
    sid = api.push(issue(CAMBS), good_return(activity)).json()["submission_id"]
    other = issue(PBORO, "their export")
    hidden, missing = api.status(other, sid), api.status(other, sid + 1000)
    assert hidden.status_code == missing.status_code == 404
    assert error_of(hidden)["code"] == error_of(missing)["code"] == "submission_not_found"
    assert str(sid) in error_of(hidden)["message"] and CAMBS not in hidden.text
    assert api.status(issue(CAMBS, "second"), sid).status_code == 200


def test_row_issues_are_paginated_and_filtered(make_api, runtime, activity):
    api = make_api(real_enqueue=True)
    token = issue()
    sid = api.push(token, good_return(activity, **FAILING)).json()["submission_id"]
    runtime.drain(timeout=60)

    first = api.status(token, sid, page_size=2).json()
    assert first["status"] == "needs_review" and first["error_count"] == 3
    failing = {r["code"]: r for r in first["rules"] if r["rows_failed"]}
    assert set(failing) == {"CSC-020", "CSC-022", "CSC-024"}
    assert failing["CSC-020"]["severity"] == "error" and failing["CSC-020"]["message"]
    page = first["row_issues"]
    assert (page["total"], page["pages"], len(page["items"])) == (3, 2, 2)
    second = api.status(token, sid, page_size=2, page=2).json()["row_issues"]
    assert len(second["items"]) == 1
    seen = {i["rule"] for i in page["items"] + second["items"]}
    assert seen == set(failing)

    by_rule = api.status(token, sid, rule="CSC-020").json()["row_issues"]
    assert by_rule["total"] == 1
    (issue_,) = by_rule["items"]
    assert (issue_["row"], issue_["column"], issue_["column_letter"]) == (2, "referrals", "D")
    assert issue_["value"] and issue_["severity"] == "error"
    for column in ("icpc_within_15wd", "J"):
        items = api.status(token, sid, column=column).json()["row_issues"]["items"]
        assert [i["rule"] for i in items] == ["CSC-024"]
    assert api.status(token, sid, rule="NOPE").json()["row_issues"]["total"] == 0
    assert api.status(token, sid, page=9).json()["row_issues"]["items"] == []

    for params in ({"page_size": 1001}, {"page": 0}):
        response = api.status(token, sid, **params)
        assert response.status_code == 422
        assert error_of(response)["code"] == "invalid_request"


# --- the rest of the surface ---------------------------------------------------------------


def test_openapi_describes_routes_bearer_scheme_and_upload(api):
    # The description is for the API's users: an agency token (or a sign-in) opens it.
    doc = api.client.get("/openapi.json", headers={"Authorization": f"Bearer {issue()}"}).json()
    post = doc["paths"]["/api/v1/returns/{contract}"]["post"]
    get = doc["paths"]["/api/v1/submissions/{submission_id}"]["get"]
    assert doc["components"]["securitySchemes"]["AgencyToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An agency API token (`sdh_…`) issued with `sdh tokens create`.",
    }
    for op in (post, get):
        assert op["security"] == [{"AgencyToken": []}]
        assert op["tags"] == ["returns"] and op["summary"]
        assert "401" in op["responses"] and "404" in op["responses"]
    upload = post["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert upload["properties"]["file"]["format"] == "binary"
    assert {"200", "202", "403", "413", "422"} <= set(post["responses"])
    assert "SubmissionOut" in doc["components"]["schemas"]
    assert "/healthz" in doc["paths"]


def test_healthz_and_unknown_routes(api):
    assert api.client.get("/healthz").json() == {"status": "ok"}
    response = api.client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_faults_answer_json_without_a_traceback(make_api, activity, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from workers.web import api as api_module

    api = make_api()
    token = issue()
    sid = api.push(token, good_return(activity)).json()["submission_id"]
    client = TestClient(api.client.app, raise_server_exceptions=False)
    headers = {"Authorization": f"Bearer {token}"}

    def bug(*_args, **_kwargs):
        raise KeyError("internal detail")

    monkeypatch.setattr(api_module, "submission_detail", bug)
    response = client.get(f"/api/v1/submissions/{sid}", headers=headers)
    assert response.status_code == 500
    err = error_of(response)
    assert err["code"] == "internal_error" and err["reference"] in err["message"]
    assert "Traceback" not in response.text and "internal detail" not in response.text

    def down(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(api_module, "submission_detail", down)
    response = client.get(f"/api/v1/submissions/{sid}", headers=headers)
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert error_of(response)["code"] == "database_unavailable"


# --- the client against a real server ------------------------------------------------------


@pytest.fixture
def hub(warehouse, runtime) -> Iterator[str]:
    app = create_app()
    with serving(app) as url:
        # The address its agencies reach it at (status_url is built from it, never from
        # the Host header); known only once the server has its port.
        app.state.settings = app.state.settings.model_copy(update={"public_url": url})
        yield url


def test_push_return_against_a_real_server(hub, tmp_path: Path, activity):
    from workers.web.push import PushError, push_return

    token = issue()
    good = tmp_path / "april.csv"
    good.write_bytes(good_return(activity))
    result = push_return(hub, token, "la-csc-activity", good, period="2020-04", timeout=60)
    assert result["status"] == "loaded" and result["rows_loaded"] == 1
    assert result["duplicate"] is False and result["filename"] == "april.csv"

    again = push_return(hub, token, "la-csc-activity", good, timeout=60)
    assert again["duplicate"] is True and again["id"] == result["id"]
    receipt = push_return(hub, token, "la-csc-activity", good, wait=False)
    assert receipt["submission_id"] == result["id"] and receipt["status"] == "loaded"

    bad = tmp_path / "may café.csv"
    bad.write_bytes(good_return(activity, month="2020-05", **FAILING))
    held = push_return(hub, token, "la-csc-activity", bad, timeout=60)
    assert held["status"] == "needs_review" and held["filename"] == "may café.csv"
    # ⊇: May against the April just loaded also raises the change-from-last-period query.
    assert {i["rule"] for i in held["row_issues"]["items"]} >= {"CSC-020", "CSC-022", "CSC-024"}

    with pytest.raises(PushError, match=r"HTTP 401.*not valid") as refused:
        push_return(hub, "sdh_wrong", "la-csc-activity", good)
    assert refused.value.status == 401 and refused.value.code == "invalid_token"
    with pytest.raises(PushError, match=r"HTTP 403.*does not deliver police-safeguarding"):
        push_return(hub, token, "police-safeguarding", good)
    with pytest.raises(PushError, match="no such file"):
        push_return(hub, token, "la-csc-activity", tmp_path / "missing.csv")


def test_push_return_shows_the_hubs_refusal_of_an_oversized_file(
    warehouse, tmp_path: Path, monkeypatch
):
    """The hub answers 413 from the Content-Length and stops reading; the client still
    reads that answer and shows the hub's message."""
    from workers.web.push import PushError, push_return

    monkeypatch.setenv("SDH_MAX_UPLOAD_BYTES", "1000")
    path = tmp_path / "big.csv"
    path.write_bytes(b"area_code,month\n" * 300_000)
    with serving(create_app()) as url, pytest.raises(PushError, match=r"HTTP 413.*1,000 bytes"):
        push_return(url, issue(), "la-csc-activity", path, wait=False)
    assert submissions() == []


def test_push_return_reports_a_hub_that_is_not_running(tmp_path: Path):
    from workers.web.push import PushError, push_return

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    path = tmp_path / "r.csv"
    path.write_bytes(b"x")
    with pytest.raises(PushError, match="connection was refused"):
        push_return(f"http://127.0.0.1:{port}", "sdh_x", "la-csc-activity", path)


def test_sdh_push_and_tokens_commands(hub, tmp_path: Path, activity, monkeypatch):
    from typer.testing import CliRunner

    from workers.cli import app

    monkeypatch.setenv("COLUMNS", "200")  # rich wraps at 80 columns otherwise
    runner = CliRunner()
    created = runner.invoke(app, ["tokens", "create", "--agency", CAMBS, "--name", "cli"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert token.startswith("sdh_") and "cannot be shown again" in created.stderr

    monkeypatch.setenv("SDH_API_URL", hub)
    monkeypatch.setenv("SDH_API_TOKEN", token)
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(good_return(activity))
    bad.write_bytes(good_return(activity, month="2020-05", **FAILING))
    ok = runner.invoke(app, ["push", "la-csc-activity", str(good), "--timeout", "60"])
    assert ok.exit_code == 0, ok.output
    assert "loaded" in ok.stdout and "rows received 1, loaded 1" in ok.stdout
    held = runner.invoke(app, ["push", "la-csc-activity", str(bad), "--timeout", "60"])
    assert held.exit_code == 1, held.output
    assert "needs_review" in held.stdout and "CSC-020" in held.stdout

    listed = runner.invoke(app, ["tokens", "list"])
    assert listed.exit_code == 0 and token[:12] in listed.stdout and token not in listed.stdout
    revoked = runner.invoke(app, ["tokens", "revoke", token[:12]])
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    refused = runner.invoke(app, ["push", "la-csc-activity", str(good)])
    assert refused.exit_code == 2 and "HTTP 401" in refused.stderr
