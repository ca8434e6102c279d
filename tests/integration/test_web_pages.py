"""The web pages on SQLite and PostgreSQL, through the FastAPI app: sign-in and the session
cookie, each page and action for each role (allowed, refused, sent to sign in, or "not
found" for another agency's return), CSRF on every form, reasons required, the row issues'
filters and paging, the blank templates, uploads (and their validation by the embedded
workers), the returns calendar and the packs."""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx.oxml.ns import qn
from fastapi.testclient import TestClient
from sqlmodel import select

from tests.conftest import activity_row, csv_bytes, episode_row
from workers.accounts import create_user, disable_user, set_password
from workers.contracts.loader import get_contract
from workers.pipeline import ingest
from workers.returns_calendar import standing
from workers.warehouse.db import session_scope
from workers.warehouse.models import Event, Submission
from workers.web.api import get_enqueue
from workers.web.app import create_app
from workers.web.pages import register, returns
from workers.web.pages.calendar import calendar_rows
from workers.web.pages.errors import safe_next

CAMBS, PBORO = "cambridgeshire-cc", "peterborough-cc"
PASSWORD = "a long enough password 42"
WHY = "Confirmed with the agency by phone: the figures are right"
#: One user per role, and a second agency's submitter.
USERS = {
    "steward": ("data_steward", None),
    "admin": ("admin", None),
    "qeg": ("qeg_reader", None),
    "cam": ("agency_submitter", CAMBS),
    "pbo": ("agency_submitter", PBORO),
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
#: One row breaking two error rules (CSC-020 in D, CSC-024 in J) and one query (CSC-023).
FAILING = dict(referrals=2500, icpc_held=120, icpc_within_15wd=130)
pytestmark = pytest.mark.usefixtures("quick_hashes", "secret_key", "empty_broker", "fresh_throttle")


# --- a browser per person ------------------------------------------------------------------


@dataclass
class Browser:
    """A client with its own cookies, signed in (or not) as one person."""

    client: TestClient
    csrf: str = ""

    def get(self, path: str, **kw: Any):
        response = self.client.get(path, follow_redirects=False, **kw)
        if found := CSRF.search(response.text):
            self.csrf = found[1]
        return response

    def sign_in(self, username: str, password: str = PASSWORD, **extra: str):
        self.get("/sign-in")
        return self.client.post(
            "/sign-in",
            data={"username": username, "password": password, "csrf_token": self.csrf, **extra},
            follow_redirects=False,
        )

    def post(self, path: str, data: dict[str, str] | None = None, *, csrf: str | None = None):
        """POST a form with this session's token (or the ``csrf`` given, "" for none)."""
        form = dict(data or {})
        token = self.csrf if csrf is None else csrf
        if token:
            form["csrf_token"] = token
        return self.client.post(path, data=form, follow_redirects=False)

    def upload(
        self,
        contract: str,
        data: bytes,
        filename: str = "return.csv",
        *,
        csrf: str | None = None,
        **fields: str,
    ):
        token = self.csrf if csrf is None else csrf
        form = {"contract": contract, **fields}
        if token:
            form["csrf_token"] = token
        return self.client.post(
            "/agency/upload",
            data=form,
            files={"file": (filename, data, "text/csv")},
            follow_redirects=False,
        )


@dataclass
class Hub:
    app: Any
    sent: list[int] = field(default_factory=list)
    _clients: list[TestClient] = field(default_factory=list)

    def browser(
        self, username: str | None = None, *, base_url: str = "http://testserver"
    ) -> Browser:
        client = TestClient(self.app, base_url=base_url)
        self._clients.append(client)
        browser = Browser(client)
        if username:
            response = browser.sign_in(username)
            assert response.status_code == 303, response.text
            browser.get(response.headers["location"])  # for the new session's CSRF token
        return browser


def _app(real_enqueue: bool = False) -> tuple[Any, list[int]]:
    app = create_app()
    register(app)  # a no-op once create_app() registers the pages itself
    sent: list[int] = []
    if not real_enqueue:
        app.dependency_overrides[get_enqueue] = lambda: sent.append
    return app, sent


@pytest.fixture
def users(warehouse) -> None:
    with session_scope() as s:
        for name, (role, agency) in USERS.items():
            create_user(
                s, name, role=role, agency_id=agency, password=PASSWORD, display_name=name.title()
            )


@pytest.fixture
def hub(warehouse, users) -> Iterator[Hub]:
    app, sent = _app()
    with TestClient(app):  # runs the lifespan once
        yield Hub(app, sent)


def failing(agency: str = CAMBS, **changes: Any) -> Submission:
    """A return held for review: two errors and a query on row 2."""
    area = "E10000003" if agency == CAMBS else "E06000031"
    data = csv_bytes(
        get_contract("la-csc-activity"), [activity_row(area=area, **(FAILING | changes))]
    )
    sub = ingest("la-csc-activity", agency, data, f"{agency}-bad.csv").submission
    assert sub.status == "needs_review"
    return sub


def with_query(agency: str = CAMBS) -> Submission:
    area = "E10000003" if agency == CAMBS else "E06000031"
    data = csv_bytes(get_contract("la-csc-activity"), [activity_row(area=area, icpc_held=120)])
    sub = ingest("la-csc-activity", agency, data, f"{agency}-query.csv").submission
    assert sub.status == "loaded" and sub.query_count == 1
    return sub


def episode(child: str, **changes: Any) -> dict[str, Any]:
    defaults = {"event_type": "referral", "event_date": "2022-01-10", "age": 7}
    return episode_row(child, **(defaults | changes))


def forty_issues(rows: int) -> Submission:
    """A child-level return of ``rows`` rows with 40 issues: 30 bad genders (G) and 10 bad
    ethnicities (H)."""
    sent = [episode(f"CAM-{i:06d}", gender="5") for i in range(30)]
    sent += [episode(f"CAM-{i:06d}", ethnicity="XXXX") for i in range(30, 40)]
    sent += [episode(f"CAM-{i:06d}") for i in range(40, rows)]
    data = csv_bytes(get_contract("la-csc-episodes"), sent)
    return ingest("la-csc-episodes", CAMBS, data, "episodes.csv", period="2022-01").submission


def many_issues() -> Submission:
    """Forty issues in 60 rows, the rest loaded once a steward keeps the bad rows out."""
    sub = forty_issues(60)
    # Two rows in three held: it waits until a steward lets the rest load (acceptance.md).
    from workers.review.actions import accept_holds
    from workers.review.followups import load_now

    with session_scope() as s:
        accept_holds(s, sub.id, "a.steward", "the agency resends them", enqueue_load=load_now)
    with session_scope() as s:
        return s.get(Submission, sub.id)  # type: ignore[return-value]


def many_issues_waiting() -> Submission:
    """Forty issues in 4,000 rows: loaded with its bad rows held, no steward yet."""
    sub = forty_issues(4_000)
    assert sub.status == "loaded" and sub.rows_held == 40
    return sub


def kinds(sid: int) -> list[str]:
    with session_scope() as s:
        return [
            e.kind
            for e in s.exec(select(Event).where(Event.submission_id == sid).order_by(Event.id))
        ]


def status_of(sid: int) -> str:
    with session_scope() as s:
        return s.get(Submission, sid).status  # type: ignore[union-attr]


def timeline(html: str) -> str:
    return html.split('id="timeline"', 1)[1]


def words(html: str) -> str:
    """The page's text as read, without tags and with single spaces."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


# --- sign-in, session, sign-out ------------------------------------------------------------


PAGES = ["/queue", "/calendar", "/submissions", "/submissions/1", "/agency", "/packs"]


@pytest.mark.parametrize(
    "path", ["/", *PAGES, "/submissions/1/rows/2", "/agency/templates/la-csc-activity.csv"]
)
def test_anonymous_visitors_are_sent_to_sign_in_and_back(hub, path):
    response = hub.browser().get(path)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/sign-in")
    if path != "/":
        assert "next=" in location


@pytest.mark.parametrize(
    "path",
    [
        "/submissions/1/accept-queries",
        "/submissions/1/override",
        "/submissions/1/reject",
        "/submissions/1/replay",
        "/agency/upload",
        "/sign-out",
    ],
)
def test_anonymous_posts_are_sent_to_sign_in(hub, path):
    browser = hub.browser()
    browser.get("/sign-in")
    response = browser.post(path, {"reason": WHY})
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"


def test_sign_in_sends_each_role_to_its_first_page_and_back_to_where_it_was(hub):
    homes = {"steward": "/queue", "admin": "/queue", "qeg": "/packs", "cam": "/agency"}
    for name, home in homes.items():
        response = hub.browser().sign_in(name)
        assert response.status_code == 303 and response.headers["location"] == home
    browser = hub.browser()
    first = browser.get("/calendar?quarter=2020-Q1")
    assert first.headers["location"] == "/sign-in?next=%2Fcalendar%3Fquarter%3D2020-Q1"
    browser.get(first.headers["location"])
    response = browser.client.post(
        "/sign-in",
        data={
            "username": "steward",
            "password": PASSWORD,
            "csrf_token": browser.csrf,
            "next": "/calendar?quarter=2020-Q1",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/calendar?quarter=2020-Q1"
    # Never elsewhere: another site, or a path a browser reads as another site.
    evil = hub.browser().sign_in("steward", next="//evil.example/x")
    assert evil.headers["location"] == "/"
    assert [safe_next(t) for t in ("https://evil.example", "/\\evil", "/ok?a=1")] == [
        "/",
        "/",
        "/ok?a=1",
    ]


def test_failed_sign_in_does_not_say_which_part_was_wrong(hub):
    wrong_password = hub.browser().sign_in("steward", "not the password at all")
    unknown_user = hub.browser().sign_in("nobody", PASSWORD)
    for response in (wrong_password, unknown_user):
        assert response.status_code == 400
        assert "The username or password is not right" in response.text
    with session_scope() as s:
        disable_user(s, "cam", actor="test")
    disabled = hub.browser().sign_in("cam")
    assert disabled.status_code == 400 and "The username or password is not right" in disabled.text


def test_repeated_failures_ask_for_a_pause(hub):
    browser = hub.browser()
    for _ in range(5):
        assert browser.sign_in("steward", "wrong wrong wrong").status_code == 400
    paused = browser.sign_in("steward")  # even the right password waits
    assert paused.status_code == 429 and "Wait" in paused.text


def test_sign_in_without_the_forms_token_is_refused(hub):
    browser = hub.browser()
    browser.get("/sign-in")
    for token in ("", "forged-token"):
        response = browser.client.post(
            "/sign-in",
            data={"username": "steward", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 403
    assert browser.get("/queue").status_code == 303  # still not signed in


def test_session_cookie_is_httponly_lax_and_secure_over_https(hub, monkeypatch):
    plain = hub.browser().sign_in("steward")
    cookie = plain.headers["set-cookie"]
    assert "sdh_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    secure = hub.browser(base_url="https://testserver").sign_in("steward")
    assert "; Secure" in secure.headers["set-cookie"]
    monkeypatch.setenv("SDH_SESSION_COOKIE_SECURE", "true")
    app, _ = _app()
    forced = TestClient(app).get("/sign-in")
    assert "; Secure" in forced.headers["set-cookie"]


def test_a_tampered_or_foreign_cookie_is_ignored(hub):
    browser = hub.browser("steward")
    assert browser.get("/queue").status_code == 200
    value = browser.client.cookies["sdh_session"]
    tampered = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    stranger = TestClient(hub.app)
    for cookie in (tampered, value.replace(".", "x", 1), "not-a-cookie"):
        response = stranger.get(
            "/queue", headers={"Cookie": f"sdh_session={cookie}"}, follow_redirects=False
        )
        assert response.status_code == 303, cookie
    assert browser.get("/queue").status_code == 200


def test_sign_out_needs_the_token_and_ends_the_session(hub):
    browser = hub.browser("steward")
    assert browser.post("/sign-out", csrf="").status_code == 403
    assert browser.get("/queue").status_code == 200
    response = browser.post("/sign-out")
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"
    assert browser.get("/queue").status_code == 303


def test_disabling_an_account_or_changing_its_password_ends_its_sessions(hub):
    cam, steward = hub.browser("cam"), hub.browser("steward")
    assert cam.get("/agency").status_code == 200 and steward.get("/queue").status_code == 200
    with session_scope() as s:
        disable_user(s, "cam", actor="admin")
        set_password(s, "steward", "another long password 7", actor="admin")
    assert cam.get("/agency").status_code == 303
    assert steward.get("/queue").status_code == 303


def test_pages_are_sent_with_protective_headers(hub):
    response = hub.browser("steward").get("/queue")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    css = hub.browser().get("/static/sdh.css")
    assert css.status_code == 200 and "--ink" in css.text


# --- who sees which page ---------------------------------------------------------------------

ALLOWED = {
    "/queue": {"steward", "admin"},
    "/calendar": {"steward", "admin", "cam"},
    "/submissions": {"steward", "admin", "cam"},
    "/agency": {"cam"},
    "/packs": {"steward", "admin", "qeg", "cam"},
}


@pytest.mark.parametrize("path", sorted(ALLOWED))
def test_each_page_is_open_to_its_roles_only(hub, path):
    for name in ("steward", "admin", "qeg", "cam"):
        response = hub.browser(name).get(path)
        expected = 200 if name in ALLOWED[path] else 403
        assert response.status_code == expected, (name, path)
        if expected == 403:
            assert "Not allowed" in response.text and "not allowed to" in response.text


def test_submission_pages_open_for_stewards_and_the_own_agency_only(hub):
    cambs, pboro = failing(CAMBS), failing(PBORO)
    steward, admin, qeg, cam = (hub.browser(n) for n in ("steward", "admin", "qeg", "cam"))
    for path in (
        f"/submissions/{cambs.id}",
        f"/submissions/{cambs.id}/rows/2",
        f"/submissions/{cambs.id}/status",
    ):
        assert steward.get(path).status_code == 200
        assert admin.get(path).status_code == 200
        assert cam.get(path).status_code == 200
        assert qeg.get(path).status_code == 403
    for path in (
        f"/submissions/{pboro.id}",
        f"/submissions/{pboro.id}/rows/2",
        f"/submissions/{pboro.id}/status",
    ):
        response = cam.get(path)
        assert response.status_code == 404, path  # not "forbidden": ids do not leak
        assert pboro.filename not in response.text
    missing = cam.get("/submissions/999999")
    assert missing.status_code == 404 and "Not found" in missing.text
    # The lists leave other agencies' returns out too.
    listed = cam.get("/submissions").text
    assert cambs.filename in listed and pboro.filename not in listed
    assert pboro.filename in steward.get("/submissions").text


def test_agency_users_never_see_review_forms(hub):
    sub = failing()
    page = hub.browser("cam").get(f"/submissions/{sub.id}").text
    assert "accept-queries" not in page and "/override" not in page
    assert "Held for review" in page and "Send a corrected file" in page
    steward_page = hub.browser("steward").get(f"/submissions/{sub.id}").text
    for form in ("accept-queries", "override", "reject", "replay"):
        assert f'action="/submissions/{sub.id}/{form}"' in steward_page


# --- the submission page -----------------------------------------------------------------------


def test_submission_page_shows_file_rules_issues_timeline_and_lineage(hub):
    first = failing()
    data = csv_bytes(get_contract("la-csc-activity"), [activity_row(icpc_held=120)])
    second = ingest(
        "la-csc-activity", CAMBS, data, "corrected.csv", submitted_by="j.smith"
    ).submission
    page = hub.browser("steward").get(f"/submissions/{first.id}").text
    assert "cambridgeshire-cc-bad.csv" in page and "Cambridgeshire County Council" in page
    assert "2020-04" in page and "la-csc-activity" in page and "v1.0.0" in page
    for code in ("CSC-020", "CSC-023", "CSC-024"):
        assert code in page
    assert "Superseded" in page and f'href="/submissions/{second.id}"' in page
    assert "Held for review" in timeline(page) and "Received" in timeline(page)
    newer = hub.browser("steward").get(f"/submissions/{second.id}").text
    assert "j.smith" in newer and "superseded by this one" in newer


def test_row_issues_filter_by_rule_and_column_and_page(hub):
    sub = many_issues()
    assert sub.status == "loaded" and sub.rows_held == 40  # good rows loaded, bad held
    steward = hub.browser("steward")
    base = f"/submissions/{sub.id}"
    everything = words(steward.get(base).text)
    assert "Row issues: 1–25 of 40" in everything and "Page 1 of 2" in everything
    by_rule = steward.get(f"{base}?rule=EPI-004").text
    assert "Row issues (filtered: rule EPI-004): 1–10 of 10" in words(by_rule)
    assert "XXXX" in by_rule
    assert "<code>EPI-003</code>" not in by_rule.split('id="issues"', 1)[1]
    by_column = words(steward.get(f"{base}?column=gender").text)
    assert "Row issues (filtered: column gender): 1–25 of 30" in by_column
    by_letter = words(steward.get(f"{base}?column=h").text)  # a column letter typed by hand
    assert "(filtered: column ethnicity): 1–10 of 10" in by_letter
    second = steward.get(f"{base}?column=gender&page_no=2").text
    assert "26–30 of 30" in words(second) and "Page 2 of 2" in words(second)
    assert "/rows/27" in second.split('id="issues"', 1)[1]
    assert "/rows/26" not in second.split('id="issues"', 1)[1]  # rows 2-26 were on page 1
    beyond = words(steward.get(f"{base}?page_no=99").text)
    assert "26–40 of 40" in beyond
    nothing = steward.get(f"{base}?rule=EPI-004&column=gender").text
    assert "No issue matches these filters" in nothing
    unknown = steward.get(f"{base}?rule=%3Cscript%3E").text
    assert "<script>" not in unknown and "Row issues: 1–25 of 40" in words(unknown)


def test_thousands_of_issues_read_as_values_with_counts_pages_and_held_rows(hub):
    """Issue 18 item 11: per rule the unexpected values with their counts and first rows;
    rows per page and a page jump; held rows marked in the same table."""
    sub = many_issues()
    steward = hub.browser("steward")
    base = f"/submissions/{sub.id}"
    page = steward.get(base).text
    rules = html.unescape(words(page.split('id="rules"', 1)[1].split('id="issues"', 1)[0]))
    assert "'5' ×30, rows 2, 3, 4, 5, 6, …" in rules
    assert "'XXXX' ×10, rows 32, 33, 34, 35, 36, …" in rules
    assert "Expected one of 0, 1, 2, 9" in rules
    table = page.split('id="issues"', 1)[1]
    assert table.count("Held back</span>") == 25  # every failing row was held
    all_40 = words(steward.get(f"{base}?per_page=50").text)
    assert "Row issues: 1–40 of 40" in all_40 and "Page 1 of" not in all_40
    odd = words(steward.get(f"{base}?per_page=7").text)  # not offered: the default
    assert "Row issues: 1–25 of 40" in odd
    assert 'id="jump-page"' in page and 'max="2"' in page
    held = words(steward.get(f"{base}?held=true&per_page=100").text)
    assert "(filtered: rows held back): 1–40 of 40" in held
    assert "CAM-0000" not in page  # identifiers stay withheld in the counts too


def test_a_failing_rows_values_never_show_a_childs_identifier(hub):
    sub = many_issues()
    steward = hub.browser("steward")
    row = steward.get(f"/submissions/{sub.id}/rows/2")
    assert row.status_code == 200
    assert "(withheld)" in row.text and "CAM-000000" not in row.text
    assert "E10000003" in row.text and "EPI-003" in row.text and ">5<" in row.text
    for page in (
        steward.get(f"/submissions/{sub.id}").text,
        steward.get(f"/submissions/{sub.id}?page_no=2").text,
    ):
        assert "CAM-0000" not in page
    assert "no data row 500" in steward.get(f"/submissions/{sub.id}/rows/500").text


# --- the steward's decisions -------------------------------------------------------------------


def test_accepting_queries_with_a_reason_shows_in_the_timeline(hub):
    sub = with_query()
    steward = hub.browser("steward")
    steward.get(f"/submissions/{sub.id}")
    response = steward.post(f"/submissions/{sub.id}/accept-queries", {"reason": WHY})
    assert response.status_code == 303 and response.headers["location"] == f"/submissions/{sub.id}"
    page = steward.get(f"/submissions/{sub.id}").text
    assert "Queries explained (1 row(s))" in page  # the message left by the action
    assert "Queries explained" in timeline(page) and WHY in timeline(page)
    assert "· steward" in timeline(page)  # who decided
    assert "queries_accepted" in kinds(sub.id)
    assert f'action="/submissions/{sub.id}/accept-queries"' not in page  # done once
    again = steward.post(f"/submissions/{sub.id}/accept-queries", {"reason": WHY})
    assert again.status_code == 409 and "already explained by steward" in again.text


@pytest.mark.parametrize("reason", ["", "   \n "])
@pytest.mark.parametrize("action", ["accept-queries", "override", "reject", "replay"])
def test_every_decision_needs_a_reason(hub, action, reason):
    sub = failing()
    before = kinds(sub.id)
    steward = hub.browser("steward")
    steward.get(f"/submissions/{sub.id}")
    response = steward.post(
        f"/submissions/{sub.id}/{action}", {"reason": reason, "rule": "CSC-020"}
    )
    assert response.status_code == 422
    assert "Give a reason" in response.text and 'aria-invalid="true"' in response.text
    assert kinds(sub.id) == before and status_of(sub.id) == "needs_review"


def test_the_verdict_reads_in_ten_seconds(hub):
    """Issue 18 item 9: one line per failing rule with what was expected and found, linked
    to its first row; the likely decision first, the others behind it; a plain title."""
    sub = failing()
    page = hub.browser("steward").get(f"/submissions/{sub.id}").text
    assert "<title>Cambridgeshire · CSC activity · April 2020 · Safeguarding Data Hub" in page
    verdict = html.unescape(words(page.split('id="verdict-title"', 1)[1].split("</div>", 1)[0]))
    assert verdict.startswith(">2 rules not met, 1 query")
    assert "Error: Referrals cannot exceed contacts" in verdict
    assert "Expected referrals no more than contacts; found '2500 > contacts" in verdict
    assert "first in row 2" in verdict
    assert f'href="/submissions/{sub.id}/rows/2"' in page.split('id="verdict-title"', 1)[1]
    assert "Suggested next step: 2 error rules failed: reject the return" in verdict
    decide = page.split('id="actions"', 1)[1]
    first_form = decide.split("<form", 2)[1]
    assert f'action="/submissions/{sub.id}/reject"' in first_form
    others = decide.split('class="other-decisions"', 1)[1]
    assert "Other decisions (3)" in others and "/override" in others and "/replay" in others


def test_a_refused_decision_says_error_first_and_ties_it_to_its_field(hub):
    """Issue 18 item 14: the title starts "Error:", an error summary (focused on load)
    links to the field, which is aria-invalid and described by its message."""
    sub = failing()
    steward = hub.browser("steward")
    steward.get(f"/submissions/{sub.id}")
    response = steward.post(f"/submissions/{sub.id}/reject", {"reason": ""})
    assert response.status_code == 422
    page = response.text
    assert "<title>Error: Cambridgeshire · CSC activity · April 2020" in page
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "autofocus" in summary and "data-error-summary" in summary
    assert 'href="#reject-reason"' in summary and "Give a reason" in summary
    field = page.split('id="reject-reason"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in field and 'aria-describedby="reject-error"' in field
    assert 'id="reject-error"' in page


@pytest.mark.parametrize("action", ["accept-queries", "override", "reject", "replay"])
def test_every_decision_needs_the_forms_token(hub, action):
    sub = failing()
    before = kinds(sub.id)
    steward = hub.browser("steward")
    steward.get(f"/submissions/{sub.id}")
    other = hub.browser("admin")  # a real token, of another session
    for token in ("", "forged", other.csrf):
        response = steward.post(
            f"/submissions/{sub.id}/{action}", {"reason": WHY, "rule": "CSC-020"}, csrf=token
        )
        assert response.status_code == 403 and "Form expired" in response.text
    assert kinds(sub.id) == before


@pytest.mark.parametrize("action", ["accept-queries", "override", "reject", "replay"])
def test_only_stewards_and_admins_decide(hub, action):
    cambs, pboro = failing(CAMBS), failing(PBORO)
    form = {"reason": WHY, "rule": "CSC-020"}
    qeg, cam = hub.browser("qeg"), hub.browser("cam")
    assert qeg.post(f"/submissions/{cambs.id}/{action}", form).status_code == 403
    assert cam.post(f"/submissions/{cambs.id}/{action}", form).status_code == 403  # its own
    assert cam.post(f"/submissions/{pboro.id}/{action}", form).status_code == 404  # another's
    assert kinds(cambs.id)[-1] == kinds(pboro.id)[-1] == "validation_failed"
    admin = hub.browser("admin")
    assert admin.post(f"/submissions/{cambs.id}/{action}", form).status_code == 303


def test_overriding_an_error_records_it_and_lets_the_last_one_through(hub):
    sub = failing()
    steward = hub.browser("steward")

    def choices(page: str) -> list[str]:
        form = page.split(f'action="/submissions/{sub.id}/override"', 1)[1].split("</form>")[0]
        return re.findall(r'<option value="([^"]+)"', form)

    page = steward.get(f"/submissions/{sub.id}").text
    assert choices(page) == ["CSC-020", "CSC-024"]  # a query is explained, not overridden
    assert (
        steward.post(
            f"/submissions/{sub.id}/override", {"rule": "CSC-024", "reason": WHY}
        ).status_code
        == 303
    )
    page = steward.get(f"/submissions/{sub.id}").text
    assert "Rule CSC-024 overridden." in page and "Error overridden" in timeline(page)
    assert choices(page) == ["CSC-020"] and status_of(sub.id) == "needs_review"
    response = steward.post(f"/submissions/{sub.id}/override", {"rule": "CSC-020", "reason": WHY})
    assert response.status_code == 303
    assert status_of(sub.id) == "validated"  # its load is on its way to the workers
    page = steward.get(f"/submissions/{sub.id}").text
    assert "being loaded" in page and "Decisions in force" in page
    refused = steward.post(f"/submissions/{sub.id}/override", {"rule": "CSC-023", "reason": WHY})
    assert refused.status_code == 409 and "only a return waiting for review" in refused.text


def test_rejecting_sends_a_message_the_agency_reads(hub):
    sub = failing()
    steward = hub.browser("steward")
    steward.get(f"/submissions/{sub.id}")
    message = "Referrals are above contacts in April: please check the export and send it again."
    response = steward.post(f"/submissions/{sub.id}/reject", {"reason": WHY, "message": message})
    assert response.status_code == 303
    assert status_of(sub.id) == "rejected"
    assert kinds(sub.id)[-2:] == ["rejected", "resubmission_requested"]
    agency_view = hub.browser("cam").get(f"/submissions/{sub.id}").text
    assert "Rejected: a corrected return is needed" in agency_view and message in agency_view
    assert "Resubmission requested" in timeline(agency_view)


def test_overlong_reasons_and_messages_are_refused_with_a_message(hub):
    sub = failing()
    steward = hub.browser("steward")
    steward.get(f"/submissions/{sub.id}")
    long_reason = steward.post(f"/submissions/{sub.id}/replay", {"reason": "x" * 4001})
    assert long_reason.status_code == 422 and "under 4,000 characters" in long_reason.text
    long_message = steward.post(
        f"/submissions/{sub.id}/reject", {"reason": WHY, "message": "x" * 4001}
    )
    assert long_message.status_code == 422 and "Keep the message" in long_message.text
    assert status_of(sub.id) == "needs_review"


def test_replaying_validates_again_and_says_so(hub):
    sub = failing()
    steward = hub.browser("steward")
    steward.get(f"/submissions/{sub.id}")
    response = steward.post(f"/submissions/{sub.id}/replay", {"reason": "Contract CSC rules fixed"})
    assert response.status_code == 303
    page = steward.get(f"/submissions/{sub.id}").text
    assert "Validated again: failed, 2 error(s), 1 query(ies)." in page
    assert "Validated again" in timeline(page) and "Contract CSC rules fixed" in timeline(page)


# --- the agency's page: templates and uploads --------------------------------------------------


def test_blank_template_has_the_contracts_header_row(hub):
    cam = hub.browser("cam")
    page = cam.get("/agency").text
    assert "/agency/templates/la-csc-activity.csv" in page
    assert "/agency/templates/la-csc-episodes.csv" in page
    assert "/agency/templates/police-safeguarding.csv" not in page
    response = cam.get("/agency/templates/la-csc-activity.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="la-csc-activity-template.csv"' in response.headers["content-disposition"]
    assert response.text == ",".join(get_contract("la-csc-activity").column_names) + "\r\n"
    assert cam.get("/agency/templates/police-safeguarding.csv").status_code == 403
    assert cam.get("/agency/templates/no-such-contract.csv").status_code == 404
    assert hub.browser("qeg").get("/agency/templates/la-csc-activity.csv").status_code == 403
    assert (
        hub.browser("steward").get("/agency/templates/police-safeguarding.csv").status_code == 200
    )


def test_upload_records_the_submission_and_enqueues_it_after_commit(hub, activity):
    cam = hub.browser("cam")
    data = csv_bytes(activity, [activity_row()])
    response = cam.upload("la-csc-activity", data, "april.csv", period="2020-04")
    assert response.status_code == 303
    sid = int(response.headers["location"].rsplit("/", 1)[1])
    with session_scope() as s:
        sub = s.get(Submission, sid)
        assert (sub.source, sub.submitted_by, sub.agency_id) == ("upload", "cam", CAMBS)
        assert (sub.filename, sub.period_label, sub.status) == ("april.csv", "2020-04", "received")
    assert hub.sent == [sid]
    page = cam.get(f"/submissions/{sid}").text
    assert "april.csv was received and is being validated" in page
    assert f'data-follow-status="/submissions/{sid}/status"' in page
    status = cam.get(f"/submissions/{sid}/status").json()
    assert status == {"id": sid, "status": "received", "in_progress": True}
    again = cam.upload("la-csc-activity", data, "april-again.csv")
    assert again.headers["location"] == f"/submissions/{sid}" and hub.sent == [sid]
    assert "This exact file was delivered before" in cam.get(f"/submissions/{sid}").text


def test_uploads_refused(hub, activity, monkeypatch):
    cam = hub.browser("cam")
    cam.get("/agency")
    data = csv_bytes(activity, [activity_row()])

    def count() -> int:
        with session_scope() as s:
            return len(s.exec(select(Submission)).all())

    assert cam.upload("la-csc-activity", data, csrf="").status_code == 403
    assert cam.upload("la-csc-activity", data, csrf="forged").status_code == 403
    assert cam.upload("police-safeguarding", data).status_code == 403  # not its contract
    empty = cam.upload("la-csc-activity", b"")
    assert empty.status_code == 422 and "must not be empty" in empty.text
    period = cam.upload("la-csc-activity", data, period="2020-Q1")
    assert period.status_code == 422 and "a month is expected" in period.text
    unknown = cam.upload("no-such", data)
    assert unknown.status_code == 422 and "Choose the return" in unknown.text
    steward = hub.browser("steward")
    assert steward.upload("la-csc-activity", data).status_code == 403
    assert count() == 0 and hub.sent == []


def test_an_upload_above_the_limit_is_refused_without_reading_it_all(
    warehouse, users, monkeypatch, activity
):
    monkeypatch.setenv("SDH_MAX_UPLOAD_BYTES", "1000")
    app, sent = _app()
    cam = Hub(app).browser("cam")
    cam.get("/agency")
    response = cam.upload("la-csc-activity", b"x" * 50_000)
    assert response.status_code == 413 and "larger than the 1,000 bytes" in response.text
    assert sent == []


def test_an_uploaded_return_is_validated_by_the_embedded_workers(warehouse, users, activity):
    from workers.runtime.embedded import EmbeddedRuntime

    app, _ = _app(real_enqueue=True)
    with EmbeddedRuntime(threads=2) as runtime, TestClient(app):
        cam = Hub(app).browser("cam")
        bad = csv_bytes(activity, [activity_row(**FAILING)])
        response = cam.upload("la-csc-activity", bad, "april.csv")
        sid = int(response.headers["location"].rsplit("/", 1)[1])
        runtime.drain(timeout=120)
        assert status_of(sid) == "needs_review"
        page = cam.get(f"/submissions/{sid}").text
        assert "Held for review: 2 error(s) and 1 query(ies)" in page
        assert "CSC-020" in page and "data-follow-status" not in page
        good = cam.upload("la-csc-activity", csv_bytes(activity, [activity_row()]), "fixed.csv")
        fixed = int(good.headers["location"].rsplit("/", 1)[1])
        runtime.drain(timeout=120)
        assert status_of(fixed) == "loaded" and status_of(sid) == "superseded"
        assert "Loaded: 1 of 1 row(s)" in cam.get(f"/submissions/{fixed}").text


# --- the returns calendar ----------------------------------------------------------------------


def test_standing_covers_every_state():
    from workers.periods import parse_period
    from workers.returns_calendar import due_date

    april = parse_period("2020-04")
    due = due_date(get_contract("la-csc-activity"), april)  # 15 May 2020

    def sub(*states: str) -> list[Submission]:
        return [Submission(status=s) for s in states]  # type: ignore[call-arg]

    assert standing([], april, due, date(2020, 4, 20)).state == "not due"
    assert standing([], april, due, date(2020, 5, 15)).state == "due"
    assert standing([], april, due, date(2020, 5, 16)).state == "overdue"
    assert standing(sub("received"), april, due, date(2020, 6, 1)).state == "received"
    assert standing(sub("validating"), april, due, date(2020, 6, 1)).state == "received"
    assert standing(sub("needs_review"), april, due, date(2020, 6, 1)).state == "needs review"
    assert standing(sub("loaded"), april, due, date(2020, 6, 1)).state == "accepted"
    assert standing(sub("rejected"), april, due, date(2020, 6, 1)).state == "failed"
    assert standing(sub("loaded", "rejected"), april, due, date(2020, 6, 1)).state == "accepted"
    assert standing(sub("superseded"), april, due, date(2020, 6, 1)).state == "superseded"


def test_calendar_lists_expected_returns_with_filters(hub, monkeypatch):
    monkeypatch.setattr(returns, "today", lambda: date(2020, 5, 20))  # April due 15 May
    failing(CAMBS)  # la-csc-activity 2020-04: needs review
    with_query(PBORO)  # la-csc-activity 2020-04: accepted
    steward = hub.browser("steward")
    page = steward.get("/calendar").text  # the quarter of "today": 2020-Q1
    assert "Every return expected in Q1 2020-21 (April to June 2020)" in page
    assert "<title>Returns calendar, Q1 2020-21 (April to June 2020)" in page
    with session_scope() as s:
        contracts = [get_contract(c) for c in ("la-csc-activity", "health-safeguarding")]
        rows = calendar_rows(
            s,
            contracts,
            returns.parse_quarter_param("2020-Q1", date(2020, 5, 20)),
            date(2020, 5, 20),
        )
    by_key = {(r.contract.id, r.agency_id, r.period.label): r.status for r in rows}
    assert by_key[("la-csc-activity", CAMBS, "2020-04")] == "needs review"
    assert by_key[("la-csc-activity", PBORO, "2020-04")] == "accepted"
    assert by_key[("la-csc-activity", CAMBS, "2020-05")] == "not due"
    assert by_key[("health-safeguarding", "cp-icb", "2020-Q1")] == "not due"

    def table(html: str) -> str:
        return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]

    overdue = table(steward.get("/calendar?quarter=2019-Q4&status=overdue").text)
    assert "March 2020" in overdue and "Overdue" in overdue and "Accepted" not in overdue
    assert "CSC activity" in overdue  # the return's name before its code
    just_cambs = table(
        steward.get(f"/calendar?agency={CAMBS}&contract=la-csc-activity&period=2020-04").text
    )
    assert just_cambs.count("<tr>") == 1 and "Needs review" in just_cambs
    review = table(steward.get("/calendar?status=needs+review").text)
    assert review.count("<tr>") == 1
    cam_page = hub.browser("cam").get(f"/calendar?agency={PBORO}").text
    assert "Peterborough" not in table(cam_page) and "Cambridgeshire County Council" in table(
        cam_page
    )
    assert "Cambridgeshire Constabulary" not in table(cam_page)


# --- packs ------------------------------------------------------------------------------------


@pytest.fixture
def packs_on_disk(hub) -> Path:
    root = hub.app.state.settings.output_dir / "packs" / "2020-Q4"
    root.mkdir(parents=True)
    (root / "index.html").write_text("<h1>2020-Q4 packs</h1>")
    (root / "2020-Q4_consolidated.docx").write_bytes(b"PK\x03\x04docx")
    (root / "2020-Q4_cambridgeshire-cc_csa.html").write_text("<p>Cambridgeshire's pack</p>")
    (root / "2020-Q4_peterborough-cc_csa.html").write_text("<p>Peterborough's pack</p>")
    (root / ".hidden.html").write_text("no")
    (root.parent / "secret.html").write_text("outside any quarter")
    return root


def test_packs_are_listed_by_quarter_and_served(hub, packs_on_disk):
    qeg = hub.browser("qeg")
    page = qeg.get("/packs").text
    assert "2020-Q4" in page and "/packs/2020-Q4/index.html" in page and ".hidden" not in page
    index = qeg.get("/packs/2020-Q4/index.html")
    assert index.status_code == 200 and "2020-Q4 packs" in index.text
    assert "default-src 'none'" in index.headers["content-security-policy"]
    docx = qeg.get("/packs/2020-Q4/2020-Q4_consolidated.docx")
    assert docx.status_code == 200 and "attachment" in docx.headers["content-disposition"]
    assert hub.browser("steward").get("/packs/2020-Q4/index.html").status_code == 200
    # an agency user opens its own agency's packs only, never the quarter's index
    cam = hub.browser("cam")
    assert cam.get("/packs/2020-Q4/index.html").status_code == 404
    assert cam.get("/packs/2020-Q4/2020-Q4_consolidated.docx").status_code == 404
    own = cam.get("/packs/2020-Q4/2020-Q4_cambridgeshire-cc_csa.html")
    assert own.status_code == 200 and "Cambridgeshire's pack" in own.text
    assert cam.get("/packs/2020-Q4/2020-Q4_peterborough-cc_csa.html").status_code == 404
    listed = cam.get("/packs").text
    assert "2020-Q4_cambridgeshire-cc_csa.html" in listed
    assert "peterborough" not in listed and "index.html" not in listed


@pytest.mark.parametrize(
    "path",
    [
        "/packs/2020-Q4/../secret.html",
        "/packs/2020-Q4/%2e%2e/secret.html",
        "/packs/2020-Q4/..%2fsecret.html",
        "/packs/2020-Q4/%2fetc%2fpasswd",
        "/packs/2020-Q4/.hidden.html",
        "/packs/..%2f2020-Q4/index.html",
        "/packs/2020-Q9/index.html",
        "/packs/2020-Q4/missing.html",
    ],
)
def test_pack_files_outside_a_quarters_folder_are_not_served(hub, packs_on_disk, path):
    response = hub.browser("qeg").client.get(path)  # following any redirect
    assert response.status_code == 404
    assert "outside any quarter" not in response.text and "root:" not in response.text


def test_no_packs_yet_says_how_they_are_made(hub):
    assert "No packs have been built yet" in hub.browser("qeg").get("/packs").text


# --- the round trip: a filled pack comes back through the hub ---------------------------------

CAM_PACK = "/packs/2020-Q4/commentary/cambridgeshire-cc/csa"


def filled_pack(tmp_path: Path, agency: str = CAMBS, priority: str = "csa") -> Path:
    """Cambridgeshire's 2020-Q4 child sexual abuse pack as the hub renders it, filled in
    as Word would, with a line typed under a box after lifting the editing restriction."""
    from dataclasses import replace

    from tests.unit.test_pack_render import _box, _edited, _fill, example_single_pack
    from workers.packs.render import render_single

    pack = replace(
        example_single_pack(),
        agency_id=agency,
        priority_id=priority,
        priority_name="Child sexual abuse",
    )
    path = render_single(pack, tmp_path / f"{agency}-{priority}")[0]
    _fill(
        path,
        {
            "worked_well": ["CSA pathway audit: 18 of 20 cases referred within a day."],
            "escalation": ["SARC waiting times for under-13s."],
            "completed_by": ["Jo Smith"],
            "role": ["Safeguarding lead"],
            "approved_by": ["A. Director"],
        },
    )
    with _edited(path) as document:
        box = _box(document, "worked_well")._tbl
        below = copy.deepcopy(document.paragraphs[-1]._p)
        texts = list(below.iter(qn("w:t")))
        for t in texts:
            t.text = ""
        texts[0].text = "Also: two new CSA champions."
        box.addnext(below)
    return path


def send_pack(browser: Browser, url: str, path: Path, *, csrf: str | None = None):
    token = browser.csrf if csrf is None else csrf
    return browser.client.post(
        f"{url}/upload",
        data={"csrf_token": token} if token else {},
        files={"file": (path.name, path.read_bytes(), "application/octet-stream")},
        follow_redirects=False,
    )


def test_an_agency_uploads_its_filled_pack_checks_the_preview_and_stores_it(hub, tmp_path):
    from workers.packs.commentary import get_commentary
    from workers.warehouse.models import PackBuild

    cam = hub.browser("cam")
    page = cam.get(CAM_PACK)
    assert page.status_code == 200 and "Upload the filled pack" in page.text
    assert '<dd id="pack-status">Late</dd>' in page.text  # due 12 May 2021, long past

    preview = send_pack(cam, CAM_PACK, filled_pack(tmp_path))
    assert preview.status_code == 200, preview.text
    text = preview.text
    assert "Check what the hub read" in text and "2 of 4 sections filled in" in text
    assert "CSA pathway audit: 18 of 20 cases referred within a day." in text
    assert "SARC waiting times for under-13s." in text
    assert "Jo Smith" in text and "Safeguarding lead" in text and "A. Director" in text
    # typed under a box: shown, with its text, and not imported
    assert "Not imported: text outside the answer boxes" in text
    assert "“Also: two new CSA champions.”" in text
    with session_scope() as s:
        assert get_commentary(s, CAMBS, "csa", "2020-Q4") is None  # nothing stored yet

    store = re.search(r'action="(/packs/2020-Q4/commentary/[^"]+/store)"', text)
    assert store
    cam.get(CAM_PACK)  # the token is the session's: any page of it will do
    stored = cam.post(store[1])
    assert stored.status_code == 303 and stored.headers["location"] == CAM_PACK
    after = cam.get(CAM_PACK).text
    assert "Commentary stored: 2 of 4 sections filled in" in after
    assert '<dd id="pack-status">Returned late</dd>' in after
    assert "Completed by Jo Smith (Safeguarding lead), approved by A. Director." in after
    with session_scope() as s:
        found = get_commentary(s, CAMBS, "csa", "2020-Q4")
        assert found is not None
        assert found.sections["escalation"] == "SARC waiting times for under-13s."
        assert "Also" not in found.sections["worked_well"]
        assert found.sign_off["approved_by"] == "A. Director"
        event = s.exec(select(Event).where(Event.kind == "commentary_imported")).one()
        assert event.actor == "cam"
        mark = s.get(PackBuild, ("2020-Q4", ""))
        assert mark is not None and mark.requested_at is not None  # the packs to rebuild

    # the same preview cannot be stored twice
    again = cam.post(store[1])
    assert again.status_code == 303 and "was stored already" in cam.get(CAM_PACK).text


def test_the_grid_shows_awaiting_returned_and_late_with_dates(hub, tmp_path, monkeypatch):
    from workers.packs import commentary

    steward = hub.browser("steward")
    grid = steward.get("/packs/2020-Q4/commentary")
    assert grid.status_code == 200
    assert "Commentary received from 0 of 10 (10 late)." in grid.text
    assert grid.text.count('data-status="late"') == 10
    assert "due 12 May 2021, not returned" in grid.text

    # the business unit uploads a pack that came back by email
    cam_pack = filled_pack(tmp_path)
    preview = send_pack(steward, CAM_PACK, cam_pack)
    store = re.search(r'action="(/packs/2020-Q4/commentary/[^"]+/store)"', preview.text)
    assert store
    steward.get(CAM_PACK)
    assert steward.post(store[1]).status_code == 303
    grid = steward.get("/packs/2020-Q4/commentary").text
    assert "Commentary received from 1 of 10 (9 late, 1 returned after the due date)." in grid
    assert "Returned late" in grid and "due 12 May 2021" in grid

    # before the due date the others are awaiting, not late
    monkeypatch.setattr(
        "workers.web.pages.packs._today", lambda: commentary.commentary_due("2020-Q4")
    )
    grid = steward.get("/packs/2020-Q4/commentary").text
    assert grid.count('data-status="awaiting"') == 9 and "Awaiting" in grid

    # an agency user sees its own agency's row only
    mine = hub.browser("cam").get("/packs/2020-Q4/commentary").text
    assert "Cambridgeshire County Council" in mine and "Peterborough City Council" not in mine


def test_a_pack_is_returned_only_by_its_agency_or_the_business_unit(hub, tmp_path):
    cam_pack = filled_pack(tmp_path)
    pbo = hub.browser("pbo")
    assert pbo.get(CAM_PACK).status_code == 404
    assert send_pack(pbo, CAM_PACK, cam_pack).status_code == 404
    qeg = hub.browser("qeg")
    assert qeg.get(CAM_PACK).status_code == 200  # a reader reads
    assert "Upload the filled pack" not in qeg.get(CAM_PACK).text
    assert send_pack(qeg, CAM_PACK, cam_pack).status_code == 403
    cam = hub.browser("cam")
    assert send_pack(cam, CAM_PACK, cam_pack, csrf="").status_code == 403
    assert send_pack(cam, CAM_PACK, cam_pack, csrf="forged").status_code == 403
    assert (
        hub.browser("cam").get("/packs/2020-Q4/commentary/cambridgeshire-cc/nope").status_code
        == 404
    )


def test_a_wrong_or_hostile_file_is_refused_with_a_message(hub, tmp_path):
    from tests.unit.test_docx_safety import BOMB, _with_part

    cam = hub.browser("cam")
    other = filled_pack(tmp_path, priority="learning")  # another priority's pack
    wrong = send_pack(cam, CAM_PACK, other)
    assert wrong.status_code == 422
    assert "is the pack of cambridgeshire-cc for learning, 2020-Q4, not this one" in wrong.text
    bomb = _with_part(filled_pack(tmp_path), tmp_path / "bomb.docx", "docProps/custom.xml", BOMB)
    refused = send_pack(cam, CAM_PACK, bomb)
    assert refused.status_code == 422 and "document type declaration" in refused.text
    assert "Traceback" not in refused.text
    notdocx = tmp_path / "notes.docx"
    notdocx.write_bytes(b"plain text")
    assert "not a Word .docx file" in send_pack(cam, CAM_PACK, notdocx).text
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert "Choose the filled pack" in send_pack(cam, CAM_PACK, empty).text
    with session_scope() as s:
        from workers.warehouse.models import CommentaryReturn

        assert s.exec(select(CommentaryReturn)).all() == []  # nothing read, nothing kept


# --- the home page and the JSON API are left alone ------------------------------------------


def test_api_answers_stay_json(hub):
    response = hub.browser("steward").client.get("/api/v1/submissions/1")
    assert response.status_code == 401 and response.json()["error"]["code"] == "missing_token"


def test_the_queue_lists_waiting_returns_oldest_first(hub):
    first, second = failing(CAMBS), with_query(PBORO)
    page = hub.browser("steward").get("/queue").text
    assert page.index(f"/submissions/{first.id}") < page.index(f"/submissions/{second.id}")
    assert "Errors to decide" in page and "Queries to explain" in page


def test_the_queue_says_what_is_wrong_a_return_a_line(hub):
    """Issue 18 item 10: a line per agency × return × period with its latest attempt on
    top, the main problem, days waiting and whose move; returns loaded with rows held too."""
    older = failing(CAMBS)
    newer = failing(CAMBS, referrals=2600)  # a second attempt at the same return
    held = many_issues_waiting()
    page = hub.browser("steward").get("/queue").text
    table = html.unescape(words(page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]))
    assert table.count("Cambridgeshire · CSC activity · April 2020") == 1
    assert f"Submission {newer.id}, attempt 2 (earlier: {older.id} needs review)" in table
    assert "Referrals cannot exceed contacts in the same month (1 row)" in table
    assert "Data steward" in table and "Days waiting" in page
    assert "Cambridgeshire · CSC events · January 2022" in table
    assert "40 row(s) held back" in table and "Held rows to decide" in table
    assert f"/submissions/{held.id}" in page


def test_the_queue_lists_deliveries_refused_at_the_door(hub, activity):
    """A refusal never becomes a submission; the steward still sees it, with its reason."""
    from workers.errors import AgencyNotAllowed

    with pytest.raises(AgencyNotAllowed):
        ingest("la-csc-activity", "cambs-police", csv_bytes(activity, [activity_row()]), "x.csv")
    page = hub.browser("steward").get("/queue").text
    refused = page.split('id="refused"', 1)[1]
    assert "agency.not_allowed" in refused and "x.csv" in refused
