"""Smaller doors (issue 16, item 7): the API's documentation served by the hub itself to
its users only, page ids past 64 bits, and a forged Host header."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import activity_row, csv_bytes
from tests.security.conftest import PASSWORD, Hub
from tests.security.test_authorisation import caller
from workers.contracts.loader import get_contract
from workers.web.app import create_app

HUGE = [2**63, 2**64, 10**30]


def signed_in(app, name: str = "steward") -> TestClient:
    client = TestClient(app, follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text)[1]  # type: ignore[index]
    response = client.post(
        "/sign-in", data={"username": name, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303
    return client


# --- /docs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_api_docs_load_nothing_from_elsewhere_and_need_a_sign_in(hub: Hub) -> None:
    anonymous = TestClient(hub.app, follow_redirects=False)
    refused = anonymous.get("/docs")
    assert refused.status_code == 303 and refused.headers["location"] == "/sign-in?next=%2Fdocs"
    assert anonymous.get("/openapi.json").status_code == 401
    qeg = signed_in(hub.app, "qeg")
    docs = qeg.get("/docs")
    assert docs.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources)
    assert "cdn" not in docs.text.lower() and "http" not in " ".join(sources)
    for source in sources:  # every script, style and icon it names is served here
        assert qeg.get(source).status_code == 200, source
    policy = docs.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy and "http" not in policy
    spec = qeg.get("/openapi.json")
    assert spec.status_code == 200 and "/api/v1/returns/{contract}" in spec.json()["paths"]
    token = {"Authorization": f"Bearer {hub.tokens.cam}"}
    assert anonymous.get("/openapi.json", headers=token).status_code == 200
    revoked = {"Authorization": f"Bearer {hub.tokens.revoked}"}
    assert anonymous.get("/openapi.json", headers=revoked).status_code == 401


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_api_docs_can_be_turned_off(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDH_API_DOCS", "false")
    app = create_app()
    with TestClient(app):
        steward = signed_in(app)
        for path in ("/docs", "/openapi.json", "/docs/assets/swagger-ui-bundle.js", "/redoc"):
            assert steward.get(path).status_code == 404, path
        assert steward.get("/queue").status_code == 200


# --- page ids -------------------------------------------------------------------------------


def test_a_page_id_beyond_64_bits_is_the_html_not_found_page(hub: Hub) -> None:
    steward = caller(hub, "steward")
    for n in HUGE:
        for path in (
            f"/submissions/{n}",
            f"/submissions/{n}/status",
            f"/submissions/{n}/issues.csv",
            f"/submissions/{n}/rows/2",
            f"/submissions/1/rows/{n}",
        ):
            response = steward.client.get(path)
            assert response.status_code == 404, (path, response.text[:200])
            assert response.headers["content-type"].startswith("text/html"), path
            assert "Not found" in response.text
        decision = steward.client.post(
            f"/submissions/{n}/reject", data={"reason": "x" * 20, "csrf_token": steward.csrf}
        )
        assert decision.status_code == 404 and "text/html" in decision.headers["content-type"]


# --- Host header ----------------------------------------------------------------------------


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_forged_host_header_is_not_echoed_in_status_url_or_location(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDH_PUBLIC_URL", "https://hub.partnership.example/")
    app = create_app()
    with TestClient(app, base_url="http://evil.example") as client:
        data = csv_bytes(get_contract("la-csc-activity"), [activity_row()])
        response = client.post(
            "/api/v1/returns/la-csc-activity",
            files={"file": ("r.csv", data, "text/csv")},
            headers={
                "Authorization": f"Bearer {hub.tokens.cam}",
                "Host": "evil.example",
                "X-Forwarded-Host": "evil.example",
            },
        )
    assert response.status_code == 202, response.text
    receipt = response.json()
    expected = f"https://hub.partnership.example/api/v1/submissions/{receipt['submission_id']}"
    assert receipt["status_url"] == expected
    assert response.headers["location"] == expected
    assert "evil" not in response.text
    # Without SDH_PUBLIC_URL: SDH_API_URL, the address the hub is configured to have.
    monkeypatch.delenv("SDH_PUBLIC_URL")
    monkeypatch.setenv("SDH_API_URL", "http://127.0.0.1:8123")
    app = create_app()
    with TestClient(app, base_url="http://evil.example") as client:
        data = csv_bytes(get_contract("la-csc-activity"), [activity_row(month="2020-05")])
        response = client.post(
            "/api/v1/returns/la-csc-activity",
            files={"file": ("r.csv", data, "text/csv")},
            headers={"Authorization": f"Bearer {hub.tokens.cam}", "Host": "evil.example"},
        )
    assert response.status_code == 202, response.text
    url = f"http://127.0.0.1:8123/api/v1/submissions/{response.json()['submission_id']}"
    assert response.json()["status_url"] == response.headers["location"] == url
