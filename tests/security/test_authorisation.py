"""Who may reach what: every route of the app, for every role, another agency's user and
token, a revoked and a made-up token, and nobody at all.

The table below is the authorisation policy written out. ``test_every_route_is_in_the_table``
enumerates the app's routes, so a route added later without a line here fails the suite
until someone decides who may use it. Each probe is sent by every caller and the status is
compared with the table: 2xx/3xx where the caller may, 401 (API) or a redirect to sign in
(pages) without credentials, 403 for a role that may not, 404 for another agency's return.
The requests that could change something are sent so that, once past the checks, they
stop at a harmless refusal (an empty reason, an empty file, a missing file field): a 422
proves the caller got through, and nothing is changed whoever sends them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from tests.conftest import activity_row, csv_bytes
from tests.security.conftest import CAMBS, PASSWORD, Hub
from workers.contracts.loader import get_contract
from workers.pipeline import ingest
from workers.warehouse.db import session_scope
from workers.warehouse.models import ApiToken, utcnow
from workers.web.tokens import hash_token, verify_token

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SESSION_CALLERS = ("anonymous", "cam", "pbo", "qeg", "steward", "admin")
TOKEN_CALLERS = ("tok_cam", "tok_pbo", "tok_police", "tok_revoked", "tok_wrong")
CALLERS = SESSION_CALLERS + TOKEN_CALLERS
#: A token of the right shape that was never issued.
WRONG_TOKEN = "sdh_" + "x" * 43
#: Routes announced by issue 6 (operations) that another branch adds: public when present.
PLANNED = {("GET", "/metrics"), ("GET", "/readyz")}


@dataclass(frozen=True)
class Probe:
    """One request, and the status each caller must get."""

    method: str
    url: str
    expect: dict[str, int | tuple[int, ...]]  # a tuple: any of these
    data: dict[str, str] | None = None
    files: dict[str, Any] | None = None
    csrf: bool = False  # send the caller's CSRF token in the form


def page(anon: int, cam: int, pbo: int, qeg: int, steward: int, admin: int) -> dict[str, int]:
    """A page's answers; a bearer token is no sign-in, so token callers fare as anonymous."""
    people = dict(anonymous=anon, cam=cam, pbo=pbo, qeg=qeg, steward=steward, admin=admin)
    return people | {t: anon for t in TOKEN_CALLERS}


def api(cam: int, pbo: int, police: int) -> dict[str, int]:
    """An API route's answers; a web session is no token, so every person gets 401."""
    tokens = dict(tok_cam=cam, tok_pbo=pbo, tok_police=police, tok_revoked=401, tok_wrong=401)
    return {p: 401 for p in SESSION_CALLERS} | tokens


def public(status: int | tuple[int, ...] = 200) -> dict[str, int | tuple[int, ...]]:
    return dict.fromkeys(CALLERS, status)


SEE_RETURNS = page(303, 200, 200, 403, 200, 200)
REVIEW = page(303, 403, 403, 403, 200, 200)
#: Cambridgeshire's own return: Peterborough's submitter is told it does not exist.
CAM_RETURN = page(303, 200, 404, 403, 200, 200)
#: A decision with an empty reason: 422 once allowed, and nothing changes.
DECIDE = page(303, 403, 404, 403, 422, 422)
UPLOAD_PAGE = page(303, 200, 200, 403, 403, 403)
TEMPLATE = page(303, 200, 200, 403, 200, 200)
#: The packs' list: an agency user sees its own agency's packs there.
PACKS = page(303, 200, 200, 200, 200, 200)
#: A file of the whole quarter (the index, the consolidated pack): not an agency's.
QUARTER_FILE = page(303, 404, 404, 200, 200, 200)
#: Cambridgeshire's pack: Peterborough's submitter is told it does not exist.
CAM_PACK = page(303, 200, 404, 200, 200, 200)
EMPTY_FILE = {"file": ("empty.csv", b"", "text/csv")}
EMPTY_DOCX = {"file": ("empty.docx", b"", "application/octet-stream")}
CAM_PACK_URL = "/packs/2021-Q4/commentary/cambridgeshire-cc/csa"
#: Every live agency token, whichever agency: the API's description is the same for all.
API_USERS = {t: s for t, s in api(200, 200, 200).items() if t in TOKEN_CALLERS}


def table(sub: int) -> dict[tuple[str, str], list[Probe]]:
    """Every route, keyed as the app declares it, with the probes that exercise it."""
    decisions = {
        f"/submissions/{{submission_id:int}}/{verb}": [
            Probe("POST", f"/submissions/{sub}/{verb}", DECIDE, data={"reason": ""}, csrf=True)
        ]
        for verb in ("accept-queries", "accept-holds", "override", "reject", "replay")
    }
    return {
        # The API's description: for its users (people signed in, agencies' live tokens).
        ("GET", "/openapi.json"): [
            Probe("GET", "/openapi.json", page(401, 200, 200, 200, 200, 200) | API_USERS)
        ],
        ("GET", "/docs"): [Probe("GET", "/docs", page(303, 200, 200, 200, 200, 200))],
        # Swagger UI's own files (no data in them), served here rather than from a CDN.
        ("MOUNT", "/docs/assets"): [Probe("GET", "/docs/assets/swagger-ui-bundle.js", public())],
        # Operations: public by design.
        ("GET", "/healthz"): [Probe("GET", "/healthz", public())],
        ("GET", "/metrics"): [Probe("GET", "/metrics", public())],
        # Ready or not (503 while a dependency is down): either way, open to all.
        ("GET", "/readyz"): [Probe("GET", "/readyz", public((200, 503)))],
        ("MOUNT", "/static"): [Probe("GET", "/static/sdh.css", public())],
        # The intake API.
        ("POST", "/api/v1/returns/{contract}"): [
            # No file field: 422 once the token and the contract are accepted.
            Probe(
                "POST",
                "/api/v1/returns/la-csc-activity",
                api(422, 422, 403),
                files={"other": ("x.txt", b"x", "text/plain")},
            ),
            Probe(
                "POST",
                "/api/v1/returns/police-safeguarding",
                api(403, 403, 422),
                files={"other": ("x.txt", b"x", "text/plain")},
            ),
        ],
        ("GET", "/api/v1/submissions/{submission_id}"): [
            Probe("GET", f"/api/v1/submissions/{sub}", api(200, 404, 404)),
            Probe("GET", "/api/v1/submissions/999999", api(404, 404, 404)),
        ],
        # Sign-in and out.
        ("GET", "/"): [Probe("GET", "/", public(303))],
        ("GET", "/sign-in"): [Probe("GET", "/sign-in", page(200, 303, 303, 303, 303, 303))],
        ("POST", "/sign-in"): [
            Probe(
                "POST",
                "/sign-in",
                public(400),
                # One name per caller, so the sign-in throttle stays out of the way.
                data={"username": "nobody-{caller}", "password": "not the password"},
                csrf=True,
            )
        ],
        ("POST", "/sign-out"): [Probe("POST", "/sign-out", public(303), csrf=True)],
        # Steward and agency pages.
        ("GET", "/calendar"): [Probe("GET", "/calendar", SEE_RETURNS)],
        ("GET", "/submissions"): [Probe("GET", "/submissions", SEE_RETURNS)],
        ("GET", "/queue"): [Probe("GET", "/queue", REVIEW)],
        ("GET", "/submissions/{submission_id:int}"): [
            Probe("GET", f"/submissions/{sub}", CAM_RETURN),
            Probe("GET", "/submissions/999999", page(303, 404, 404, 403, 404, 404)),
        ],
        ("GET", "/submissions/{submission_id:int}/status"): [
            Probe("GET", f"/submissions/{sub}/status", CAM_RETURN)
        ],
        ("GET", "/submissions/{submission_id:int}/rows/{row_number:int}"): [
            Probe("GET", f"/submissions/{sub}/rows/2", CAM_RETURN)
        ],
        ("GET", "/submissions/{submission_id:int}/issues.csv"): [
            Probe("GET", f"/submissions/{sub}/issues.csv", CAM_RETURN)
        ],
        **{("POST", path): probes for path, probes in decisions.items()},
        ("GET", "/agency"): [Probe("GET", "/agency", UPLOAD_PAGE)],
        ("POST", "/agency/upload"): [
            Probe(
                "POST",
                "/agency/upload",
                page(303, 422, 422, 403, 403, 403),
                data={"contract": "la-csc-activity"},
                files=EMPTY_FILE,
                csrf=True,
            ),
            # A contract the agency does not deliver.
            Probe(
                "POST",
                "/agency/upload",
                page(303, 403, 403, 403, 403, 403),
                data={"contract": "police-safeguarding"},
                files=EMPTY_FILE,
                csrf=True,
            ),
        ],
        # Checking a file delivers nothing; an empty one is refused once past the checks.
        ("POST", "/agency/check"): [
            Probe(
                "POST",
                "/agency/check",
                page(303, 422, 422, 403, 403, 403),
                data={"contract": "la-csc-activity"},
                files=EMPTY_FILE,
                csrf=True,
            ),
            Probe(
                "POST",
                "/agency/check",
                page(303, 403, 403, 403, 403, 403),
                data={"contract": "police-safeguarding"},
                files=EMPTY_FILE,
                csrf=True,
            ),
        ],
        # No token of a checked file: 409 once the agency is let through.
        ("POST", "/agency/submit"): [
            Probe("POST", "/agency/submit", page(303, 409, 409, 403, 403, 403), csrf=True)
        ],
        ("GET", "/agency/returns/{submission_id}"): [
            Probe("GET", f"/agency/returns/{sub}", CAM_RETURN)
        ],
        ("POST", "/agency/returns/{submission_id}/explain"): [
            Probe(
                "POST",
                f"/agency/returns/{sub}/explain",
                page(303, 422, 404, 403, 403, 403),
                data={"reason": ""},
                csrf=True,
            )
        ],
        # Only a steward answers the agency's explanation (no answer given: 409).
        ("POST", "/agency/returns/{submission_id}/answer"): [
            Probe(
                "POST",
                f"/agency/returns/{sub}/answer",
                page(303, 403, 404, 403, 409, 409),
                data={"verdict": ""},
                csrf=True,
            )
        ],
        # Only the agency signs its return off (not confirmed: 422).
        ("POST", "/agency/returns/{submission_id}/authorise"): [
            Probe(
                "POST",
                f"/agency/returns/{sub}/authorise",
                page(303, 422, 404, 403, 403, 403),
                data={"confirm": ""},
                csrf=True,
            )
        ],
        ("GET", "/agency/templates/{contract_id}.xlsx"): [
            Probe("GET", "/agency/templates/la-csc-activity.xlsx", TEMPLATE),
            Probe(
                "GET",
                "/agency/templates/police-safeguarding.xlsx",
                page(303, 403, 403, 403, 200, 200),
            ),
        ],
        ("GET", "/agency/templates/{contract_id}.csv"): [
            # Blank headers: the delivering agencies, and the stewards who help them.
            Probe("GET", "/agency/templates/la-csc-activity.csv", TEMPLATE),
            Probe(
                "GET",
                "/agency/templates/police-safeguarding.csv",
                page(303, 403, 403, 403, 200, 200),
            ),
        ],
        ("GET", "/packs"): [Probe("GET", "/packs", PACKS)],
        ("GET", "/packs/{quarter}/{name:path}"): [
            Probe("GET", "/packs/2021-Q4/index.html", QUARTER_FILE),
            Probe("GET", "/packs/2021-Q4/2021-Q4_cambridgeshire-cc_csa.html", CAM_PACK),
        ],
        ("GET", "/packs/{quarter}/commentary"): [Probe("GET", "/packs/2021-Q4/commentary", PACKS)],
        ("GET", "/packs/{quarter}/commentary/{agency_id}/{priority_id}"): [
            Probe("GET", CAM_PACK_URL, CAM_PACK),
        ],
        # An empty file: 422 once past the checks, and nothing is stored.
        ("POST", "/packs/{quarter}/commentary/{agency_id}/{priority_id}/upload"): [
            Probe(
                "POST",
                f"{CAM_PACK_URL}/upload",
                page(303, 422, 404, 403, 422, 422),
                data={},
                files=EMPTY_DOCX,
                csrf=True,
            )
        ],
        # No such returned pack: 404 once past the checks (403 for a reader).
        (
            "POST",
            "/packs/{quarter}/commentary/{agency_id}/{priority_id}/returns/{return_id:int}/store",
        ): [
            Probe(
                "POST",
                f"{CAM_PACK_URL}/returns/999999/store",
                page(303, 404, 404, 403, 404, 404),
                data={},
                csrf=True,
            )
        ],
    }


def app_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route the app answers, however routers were included."""
    found: set[tuple[str, str]] = set()

    def visit(routes: Any, prefix: str = "") -> None:
        for route in routes:
            contexts = getattr(route, "effective_route_contexts", None)
            if contexts is not None:  # FastAPI's included router
                for ctx in contexts() if callable(contexts) else contexts:
                    for method in ctx.methods or ():
                        if method != "HEAD":
                            found.add((method, ctx.path))
            elif hasattr(route, "app") and not hasattr(route, "methods"):  # a mount
                found.add(("MOUNT", prefix + route.path))
            else:
                for method in getattr(route, "methods", None) or ():
                    if method != "HEAD":
                        found.add((method, prefix + route.path))

    visit(app.routes)
    return found


# --- callers ---------------------------------------------------------------------------------


@dataclass
class Caller:
    name: str
    client: TestClient
    headers: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    def send(self, probe: Probe):
        data = {k: v.format(caller=self.name) for k, v in (probe.data or {}).items()}
        if probe.csrf and self.csrf:
            data["csrf_token"] = self.csrf
        kwargs: dict[str, Any] = {"headers": self.headers}
        if data or probe.files:
            kwargs["data"] = data
        if probe.files:
            kwargs["files"] = probe.files
        return self.client.request(probe.method, probe.url, **kwargs)


def caller(hub: Hub, name: str) -> Caller:
    """A fresh browser or API client for ``name``, signed in where it is a person."""
    client = TestClient(hub.app, follow_redirects=False)
    who = Caller(name, client)
    form = client.get("/sign-in")  # every browser can hold a sign-in form's token
    who.csrf = CSRF.search(form.text)[1]  # type: ignore[index]
    if name in SESSION_CALLERS and name != "anonymous":
        signed = client.post(
            "/sign-in", data={"username": name, "password": PASSWORD, "csrf_token": who.csrf}
        )
        assert signed.status_code == 303, (name, signed.text)
        home = client.get(signed.headers["location"])
        who.csrf = CSRF.search(home.text)[1]  # type: ignore[index]
    tokens = {
        "tok_cam": hub.tokens.cam,
        "tok_pbo": hub.tokens.pbo,
        "tok_police": hub.tokens.police,
        "tok_revoked": hub.tokens.revoked,
        "tok_wrong": WRONG_TOKEN,
    }
    if name in tokens:
        who.headers = {"Authorization": f"Bearer {tokens[name]}"}
    return who


def held_return() -> int:
    """A Cambridgeshire return held for review (errors on row 2)."""
    bad = activity_row(referrals=2500, icpc_held=120, icpc_within_15wd=130)
    data = csv_bytes(get_contract("la-csc-activity"), [bad])
    sub = ingest("la-csc-activity", CAMBS, data, "cam-bad.csv").submission
    assert sub.status == "needs_review" and sub.id is not None
    return sub.id


# --- tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_route_is_in_the_table(hub: Hub) -> None:
    routes = app_routes(hub.app)
    declared = set(table(1))
    missing = routes - declared
    assert not missing, f"routes with no authorisation entry in this test's table: {missing}"
    stale = declared - routes - PLANNED
    assert not stale, f"table entries for routes the app does not have: {stale}"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_each_caller_gets_exactly_what_the_table_says(hub: Hub) -> None:
    sub = held_return()
    pack = hub.app.state.settings.output_dir / "packs" / "2021-Q4" / "index.html"
    pack.parent.mkdir(parents=True, exist_ok=True)
    pack.write_text("<html><body>pack</body></html>")
    (pack.parent / "2021-Q4_cambridgeshire-cc_csa.html").write_text("<p>Cambridgeshire</p>")
    routes = app_routes(hub.app)
    callers = {name: caller(hub, name) for name in CALLERS}
    wrong: list[str] = []
    sent = 0
    # Signing out ends the session: that route goes last.
    for key, probes in sorted(table(sub).items(), key=lambda kv: kv[0][1] == "/sign-out"):
        if key not in routes:
            continue  # a planned route another branch adds
        for probe in probes:
            for name in CALLERS:
                response = callers[name].send(probe)
                sent += 1
                expected = probe.expect[name]
                allowed = expected if isinstance(expected, tuple) else (expected,)
                if response.status_code not in allowed:
                    wrong.append(
                        f"{name} {probe.method} {probe.url}: {response.status_code}, "
                        f"expected {probe.expect[name]}"
                    )
                elif response.status_code == 303 and (name == "anonymous" or name[:4] == "tok_"):
                    # A page refused for want of a sign-in goes to the sign-in page.
                    assert response.headers["location"].startswith("/sign-in"), probe
                assert response.status_code < 500 or response.status_code in allowed, (
                    name,
                    probe,
                    response.text,
                )
    assert not wrong, "\n".join(wrong)
    assert sent > 300
    assert hub.sent == []  # no probe delivered a return
    with session_scope() as s:
        from workers.warehouse.models import Submission

        assert [x.id for x in s.exec(select(Submission))] == [sub]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_changed_role_or_disabled_account_takes_effect_on_the_next_request(hub: Hub) -> None:
    from workers.accounts import disable_user
    from workers.warehouse.models import User

    steward = caller(hub, "steward")
    assert steward.client.get("/queue").status_code == 200
    with session_scope() as s:
        user = s.exec(select(User).where(User.username == "steward")).one()
        user.role = "qeg_reader"
        s.add(user)
        s.commit()
    assert steward.client.get("/queue").status_code == 403
    with session_scope() as s:
        disable_user(s, "steward", actor="test")
    assert steward.client.get("/packs").status_code == 303


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_expired_or_forged_sessions_are_refused(hub: Hub, monkeypatch) -> None:
    steward = caller(hub, "steward")
    assert steward.client.get("/queue").status_code == 200
    # Past the session's longest life (SDH_SESSION_MAX_HOURS) it is over, however busy.
    later = utcnow() + timedelta(seconds=hub.app.state.web_config.max_seconds + 60)
    monkeypatch.setattr("workers.accounts.sessions.utcnow", lambda: later)
    assert steward.client.get("/queue").status_code == 303
    monkeypatch.undo()
    # A cookie signed with another key (or edited by hand) is no session at all.
    forged = TestClient(hub.app, follow_redirects=False)
    cookie = caller(hub, "admin").client.cookies.get("sdh_session")
    assert cookie
    forged.cookies.set("sdh_session", cookie[:-4] + ("AAAA" if cookie[-4:] != "AAAA" else "BBBB"))
    assert forged.get("/queue").status_code == 303


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "authorization",
    [
        "",
        "Bearer",
        "Bearer ",
        f"Bearer {WRONG_TOKEN}",
        "Bearer sdh_",
        "Basic c2RoOnNkaA==",
        "Bearer " + "sdh_" + "a" * 400,
        "Bearer not-a-token",
    ],
)
def test_malformed_unknown_or_revoked_tokens_get_401(hub: Hub, authorization: str) -> None:
    client = hub.client()
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/api/v1/submissions/1", headers=headers)
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    revoked = client.get(
        "/api/v1/submissions/1", headers={"Authorization": f"Bearer {hub.tokens.revoked}"}
    )
    assert revoked.status_code == 401


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_token_is_found_by_its_hash_and_compared_in_constant_time(hub: Hub, monkeypatch) -> None:
    """The secret never reaches a SQL comparison (only its sha256 does), and the final
    check uses ``hmac.compare_digest``; a token differing in one character is refused."""
    import workers.web.tokens as tokens

    compared: list[tuple[str, str]] = []
    real = tokens.hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(tokens.hmac, "compare_digest", spy)
    with session_scope() as s:
        found = verify_token(s, hub.tokens.cam)
        assert found is not None and found.agency_id == CAMBS
        assert compared == [(found.token_sha256, hash_token(hub.tokens.cam))]
        near = hub.tokens.cam[:-1] + ("A" if hub.tokens.cam[-1] != "A" else "B")
        assert verify_token(s, near) is None
        # Nothing stored holds the secret itself.
        for row in s.exec(select(ApiToken)):
            assert hub.tokens.cam not in (row.token_sha256, row.prefix, row.name)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_lists_show_an_agency_only_its_own_returns(hub: Hub) -> None:
    """A 200 is not enough on a list page: its rows must be filtered by agency too."""
    sub = held_return()
    link = f'href="/submissions/{sub}"'
    for name, sees in (("cam", True), ("pbo", False), ("steward", True), ("admin", True)):
        page_text = caller(hub, name).client.get("/submissions").text
        assert (link in page_text) is sees, name
        assert ("cam-bad.csv" in page_text) is sees, name
