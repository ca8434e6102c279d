"""The web app's operator routes, scraped and probed for real: ``/healthz`` stays up while
``/readyz`` names what is missing, and ``/metrics`` moves when a return is processed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import activity_row, csv_bytes, receive_push
from workers.pipeline import ingest
from workers.settings import get_settings
from workers.web.app import create_app

DEAD_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:1/test"


def scrape(client: TestClient) -> dict[tuple[str, tuple], float]:
    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(answer.text)
        for s in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def client(warehouse) -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


def test_ready_when_the_schema_is_in_place(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ready",
        "checks": {"database": "ok", "broker": "in_process", "templates": "ok"},
    }


def test_not_ready_when_the_database_is_down_but_still_alive(monkeypatch):
    monkeypatch.setenv("SDH_DATABASE_URL", DEAD_POSTGRES)
    client = TestClient(create_app())  # no start-up: it would fail on the dead database
    assert client.get("/healthz").status_code == 200
    answer = client.get("/readyz")
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "unavailable" and body["checks"]["database"] == "unreachable"
    assert body["reason"].startswith("database unreachable")
    assert "127.0.0.1" in body["reason"] or "refused" in body["reason"].lower()
    # The scrape still answers, and says which source failed.
    samples = scrape(client)
    assert value(samples, "sdh_scrape_error", source="database") == 1
    assert ("sdh_returns", (("status", "loaded"),)) not in samples


def test_not_ready_without_the_schema(tmp_path, monkeypatch):
    monkeypatch.setenv("SDH_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    answer = TestClient(create_app()).get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["database"] == "no_schema"
    assert "sdh init" in answer.json()["reason"]


def test_not_ready_when_the_broker_is_down(warehouse, monkeypatch):
    monkeypatch.setenv("SDH_BROKER_URL", "redis://127.0.0.1:1/11")
    answer = TestClient(create_app()).get("/readyz")
    assert answer.status_code == 503
    body = answer.json()
    assert body["checks"] == {"database": "ok", "broker": "unreachable", "templates": "ok"}
    assert body["reason"].startswith("broker unreachable")


def test_ready_with_a_live_redis(warehouse, monkeypatch):
    monkeypatch.setenv("SDH_BROKER_URL", "redis://127.0.0.1:6379/11")
    answer = TestClient(create_app()).get("/readyz")
    assert answer.status_code == 200, answer.text
    assert answer.json()["checks"]["broker"] == "ok"


def test_not_ready_when_the_page_templates_are_missing(warehouse, tmp_path, monkeypatch):
    """The image once shipped without templates/: every page answered 500 while /readyz
    answered 200, so the health check called a broken web app healthy."""
    monkeypatch.setenv("SDH_WEB_TEMPLATES", str(tmp_path / "nowhere"))
    client = TestClient(create_app(), raise_server_exceptions=False)
    assert client.get("/sign-in").status_code == 500
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["templates"] == "missing"
    assert answer.json()["reason"] == (
        f"page templates missing: no sign_in.html in {tmp_path / 'nowhere'}"
    )


def test_not_ready_when_a_page_template_is_broken(warehouse, tmp_path, monkeypatch):
    folder = tmp_path / "web"
    shutil.copytree(get_settings().web_templates_dir, folder)
    (folder / "queue.html").write_text("{% block content %}unclosed")
    monkeypatch.setenv("SDH_WEB_TEMPLATES", str(folder))
    answer = TestClient(create_app()).get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["templates"] == "broken"
    assert "queue.html" in answer.json()["reason"]


def test_not_ready_when_a_pack_template_is_missing(warehouse, tmp_path, monkeypatch):
    folder = tmp_path / "packs"
    shutil.copytree(get_settings().pack_templates_dir, folder)
    (folder / "consolidated.docx").unlink()
    monkeypatch.setenv("SDH_PACK_TEMPLATES", str(folder))
    answer = TestClient(create_app()).get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["reason"] == f"pack templates missing in {folder}: consolidated.docx"


def test_metrics_follow_the_database_and_time_requests(client, activity):
    before = scrape(client)
    assert value(before, "sdh_scrape_error", source="database") == 0
    result = ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row()]),
        "r.csv",
    )
    assert result.submission.status == "loaded"
    ingest(
        "la-csc-activity",
        "cambridgeshire-cc",
        csv_bytes(activity, [activity_row(month="2020-05", contacts=-1)]),
        "bad.csv",
    )
    client.get(f"/api/v1/submissions/{result.submission.id}")  # 401: no token
    after = scrape(client)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("sdh_returns", status="loaded") == 1
    assert moved("sdh_returns", status="needs_review") == 1
    assert moved("sdh_return_events_total", kind="received") == 2
    assert moved("sdh_return_events_total", kind="loaded") == 1
    assert moved("sdh_return_events_total", kind="validation_failed") == 1
    route = "/api/v1/submissions/{submission_id}"
    assert (
        moved("sdh_http_request_duration_seconds_count", method="GET", route=route, status="401")
        == 1
    )
    # Scrapes are timed too, under their route, never under a raw path.
    assert (
        value(
            after,
            "sdh_http_request_duration_seconds_count",
            method="GET",
            route="/metrics",
            status="200",
        )
        >= 1
    )
    assert not any(
        dict(labels).get("route", "").endswith(str(result.submission.id)) for _, labels in after
    )
    assert value(after, "process_resident_memory_bytes") > 0


def test_embedded_runtime_counts_steps_in_the_web_process(client, activity):
    """With the in-process broker the actors run beside the app: its /metrics shows their
    counters and the queue depth of the stub broker."""
    from workers.runtime import actors
    from workers.runtime.embedded import EmbeddedRuntime

    assert get_settings().broker_url is None
    before = scrape(client)
    actors.validate_submission.send(receive_push(activity, month="2020-06"))
    queued = scrape(client)
    assert value(queued, "sdh_queue_messages", queue="validate", state="ready") >= 1
    with EmbeddedRuntime(threads=2) as runtime:
        runtime.drain(timeout=60)
    after = scrape(client)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("sdh_returns_validated_total", outcome="validated") == 1
    assert moved("sdh_returns_loaded_total") == 1
    assert moved("sdh_step_duration_seconds_count", step="load_submission") == 1
    assert value(after, "sdh_queue_messages", queue="validate", state="ready") == 0
