"""The agency analyst's side of a return, through the web pages on SQLite and PostgreSQL:
check a file without delivering it, then submit it; a header mismatch as one message with
both headers side by side; explain its own queries and see the steward's answer; authorise
a return (figures waiting for it where the contract says so); the "needs your action"
list. (issue 18, items 1-5)"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import activity_row, csv_bytes
from tests.integration.test_web_pages import (
    CAMBS,
    FAILING,
    Browser,
    with_query,
)
from tests.integration.test_web_pages import (
    hub as hub,
)
from tests.integration.test_web_pages import (
    users as users,
)
from workers.contracts.loader import get_contract, reload_contracts
from workers.pipeline import ingest
from workers.review.followups import load_now
from workers.warehouse.db import session_scope
from workers.warehouse.models import (
    AgencyExplanation,
    Event,
    QueryExplanation,
    Submission,
)

pytestmark = pytest.mark.usefixtures("quick_hashes", "secret_key", "empty_broker", "fresh_throttle")
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def check(browser: Browser, data: bytes, filename: str = "april.csv", **fields: str):
    form = {"contract": "la-csc-activity", "csrf_token": browser.csrf, **fields}
    return browser.client.post(
        "/agency/check",
        data=form,
        files={"file": (filename, data, "text/csv")},
        follow_redirects=False,
    )


def submissions() -> list[Submission]:
    with session_scope() as s:
        return list(s.exec(select(Submission)))


def test_a_check_shows_the_report_and_delivers_nothing_then_the_file_is_submitted(hub, activity):
    cam = hub.browser("cam")
    cam.get("/agency")
    bad = check(cam, csv_bytes(activity, [activity_row(**FAILING)]), period="2020-04")
    assert bad.status_code == 200
    page = bad.text
    assert "<title>Error: Check of april.csv" in page
    assert "Fix 2 errors in row 2, then send a corrected file" in page
    # The button to act comes before the detail, and no submit button is offered.
    assert page.index("Check a corrected file") < page.index("What to fix")
    assert "Submit this return" not in page
    assert submissions() == [] and hub.sent == []
    with session_scope() as s:
        # Not even a trace in a timeline: no submission's event.
        assert s.exec(select(Event).where(Event.submission_id.is_not(None))).all() == []

    from workers.agency.checking import checked_store, sweep
    from workers.sources.landing import default_store

    assert default_store().stored() == []  # the checked bytes wait apart from the returns
    assert len(checked_store().stored()) == 1
    fixed = check(cam, csv_bytes(activity, [activity_row(icpc_held=120)]), period="2020-04")
    assert "No errors. 1 query to explain" in fixed.text
    assert submissions() == []
    token = TOKEN.search(fixed.text)[1]
    done = cam.post("/agency/submit", {"token": token})
    assert done.status_code == 303
    sid = int(done.headers["location"].rsplit("/", 1)[1])
    assert done.headers["location"] == f"/agency/returns/{sid}"
    [sub] = submissions()
    assert (sub.id, sub.source, sub.submitted_by, sub.period_label) == (
        sid,
        "upload",
        "cam",
        "2020-04",
    )
    assert hub.sent == [sid]
    # Submitted: the bytes are in the landing store; the unsent check goes within a day.
    assert default_store().stored() == [sub.sha256]
    assert len(checked_store().stored()) == 1
    assert sweep(checked_store(), now=time.time() + 86_401) == 1
    assert checked_store().stored() == []
    page = cam.get(done.headers["location"]).text
    assert f"submitted as submission {sid}" in page
    # Titled as people name the return, not by its file or its codes.
    assert "<h1>Cambridgeshire · CSC activity · April 2020</h1>" in page.replace("&#39;", "'")


def test_a_check_token_is_bound_to_its_agency_and_cannot_be_forged(hub, activity):
    cam, pbo = hub.browser("cam"), hub.browser("pbo")
    cam.get("/agency")
    checked = check(cam, csv_bytes(activity, [activity_row()]), period="2020-04")
    token = TOKEN.search(checked.text)[1]
    pbo.get("/agency")
    other = pbo.post("/agency/submit", {"token": token})
    assert other.status_code == 409 and "checked for another agency" in other.text
    forged = cam.post("/agency/submit", {"token": token[:-3] + "abc"})
    assert forged.status_code == 409 and "check the file again" in forged.text
    assert cam.post("/agency/submit", {"token": token}, csrf="").status_code == 403
    assert submissions() == []


def test_a_header_mismatch_is_one_message_with_both_headers_side_by_side(hub, activity):
    cam = hub.browser("cam")
    cam.get("/agency")
    columns = list(activity.column_names)
    columns[3] = "referals"
    data = csv_bytes(activity, [activity_row()], columns=columns).replace(
        b"referals", b"Referals", 1
    )
    page = check(cam, data).text
    assert "The header row is not this return&#39;s" in page
    assert page.count("looks like") == 1  # the reason once, not a block per rule
    table = page[page.index('class="header-compare"') :]
    expected, found = "<td><code>referrals</code></td>", '<td class="differs"><code>Referals'
    assert re.search(rf'<th scope="row">D</th>{expected}\s*{found}', table)
    assert "Submit this return" not in page and submissions() == []


def test_the_agency_explains_its_queries_and_sees_the_stewards_answer(hub, activity):
    sub = with_query()
    cam, steward = hub.browser("cam"), hub.browser("steward")
    home = cam.get("/agency").text
    assert "Explain 1 query" in home and f"/agency/returns/{sub.id}#explain" in home
    page = cam.get(f"/agency/returns/{sub.id}").text
    assert "Why are these figures right?" in page
    empty = cam.post(f"/agency/returns/{sub.id}/explain", {"reason": " "})
    assert empty.status_code == 422 and "Give a reason" in empty.text
    assert "<title>Error:" in empty.text
    done = cam.post(
        f"/agency/returns/{sub.id}/explain", {"reason": "A sibling group of six was held."}
    )
    assert done.status_code == 303
    assert "Waiting for the data steward" in cam.get(f"/agency/returns/{sub.id}").text
    assert "Explain 1 query" not in cam.get("/agency").text
    # Only a steward answers; the agency cannot answer its own explanation.
    assert cam.post(f"/agency/returns/{sub.id}/answer", {"verdict": "accepted"}).status_code == 403
    steward.get(f"/agency/returns/{sub.id}")
    no_note = steward.post(f"/agency/returns/{sub.id}/answer", {"verdict": "challenged"})
    assert no_note.status_code == 422
    challenged = steward.post(
        f"/agency/returns/{sub.id}/answer",
        {"verdict": "challenged", "note": "Which area held the group?"},
    )
    assert challenged.status_code == 303
    page = cam.get(f"/agency/returns/{sub.id}").text
    assert "Challenged" in page and "Which area held the group?" in page
    assert "Explain again 1 query" in cam.get("/agency").text
    cam.get(f"/agency/returns/{sub.id}")
    cam.post(f"/agency/returns/{sub.id}/explain", {"reason": "Wisbech; six siblings."})
    steward.get(f"/agency/returns/{sub.id}")
    assert (
        steward.post(f"/agency/returns/{sub.id}/answer", {"verdict": "accepted"}).status_code == 303
    )
    with session_scope() as s:
        [explained] = s.exec(select(QueryExplanation)).all()
        assert "Wisbech; six siblings." in explained.reason and explained.explained_by == "steward"
        verdicts = [e.verdict for e in s.exec(select(AgencyExplanation))]
        assert verdicts == ["challenged", "accepted"]
    assert "Explain" not in cam.get("/agency").text.split("Check and send")[0]


@pytest.fixture
def authorisation_required(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workers.settings import get_settings

    folder = tmp_path / "contracts"
    shutil.copytree(get_settings().contracts_dir, folder)
    path = folder / "la-csc-activity.odcs.yaml"
    text = path.read_text()
    path.write_text(
        text.replace(
            "  - {property: onRowError, value: reject_return}\n",
            "  - {property: onRowError, value: reject_return}\n"
            "  - {property: authorisation, value: required}\n",
        )
    )
    monkeypatch.setenv("SDH_CONTRACTS_DIR", str(folder))
    reload_contracts()
    yield
    reload_contracts()


def test_figures_wait_for_the_agencys_authorisation_where_the_contract_says(
    hub, activity, authorisation_required, monkeypatch
):
    assert get_contract("la-csc-activity").authorisation_required
    data = csv_bytes(activity, [activity_row()])
    sub = ingest("la-csc-activity", CAMBS, data, "april.csv", period="2020-04").submission
    assert sub.status == "awaiting_auth" and sub.rows_loaded is None
    cam, steward = hub.browser("cam"), hub.browser("steward")
    assert "Authorise: " in cam.get("/agency").text
    # A steward cannot sign a return off for the agency.
    steward.get(f"/agency/returns/{sub.id}")
    refused = steward.post(f"/agency/returns/{sub.id}/authorise", {"confirm": "yes"})
    assert refused.status_code == 403
    cam.get(f"/agency/returns/{sub.id}")
    unticked = cam.post(f"/agency/returns/{sub.id}/authorise", {})
    assert unticked.status_code == 422 and "Tick the box" in unticked.text
    loads: list[int] = []
    monkeypatch.setattr("workers.web.pages.agency_return.send_load", loads.append)
    done = cam.post(f"/agency/returns/{sub.id}/authorise", {"confirm": "yes"})
    assert done.status_code == 303 and loads == [sub.id]
    load_now(sub.id)
    with session_scope() as s:
        after = s.get(Submission, sub.id)
        assert after.status == "loaded" and after.authorised_by == "cam"
        kinds = [e.kind for e in s.exec(select(Event).where(Event.submission_id == sub.id))]
    assert kinds.index("authorised") < kinds.index("loaded")
    page = cam.get(f"/agency/returns/{sub.id}").text
    assert "Authorised by <strong>cam</strong>" in page and "Authorised by the agency" in page
    again = cam.post(f"/agency/returns/{sub.id}/authorise", {"confirm": "yes"})
    assert again.status_code == 409 or "Authorise the return" not in page


def test_authorising_where_figures_do_not_wait_records_who_and_when_only(hub, activity):
    data = csv_bytes(activity, [activity_row()])
    sub = ingest("la-csc-activity", CAMBS, data, "april.csv", period="2020-04").submission
    assert sub.status == "loaded"
    cam = hub.browser("cam")
    cam.get(f"/agency/returns/{sub.id}")
    assert cam.post(f"/agency/returns/{sub.id}/authorise", {"confirm": "yes"}).status_code == 303
    with session_scope() as s:
        after = s.get(Submission, sub.id)
        assert after.status == "loaded" and after.authorised_by == "cam"
        assert after.authorised_at is not None
    pbo = hub.browser("pbo")
    assert pbo.get(f"/agency/returns/{sub.id}").status_code == 404


def test_the_calendar_shows_submitted_authorised_and_late(hub, activity, monkeypatch):
    from datetime import date

    from workers.web.pages import returns

    monkeypatch.setattr(returns, "today", lambda: date(2020, 5, 20))  # April due 15 May
    data = csv_bytes(activity, [activity_row()])
    sub = ingest("la-csc-activity", CAMBS, data, "april.csv", period="2020-04").submission
    cam = hub.browser("cam")
    cam.get(f"/agency/returns/{sub.id}")
    cam.post(f"/agency/returns/{sub.id}/authorise", {"confirm": "yes"})
    page = cam.get("/calendar?contract=la-csc-activity").text
    assert '<th scope="col">Submitted</th>' in page and '<th scope="col">Authorised</th>' in page
    body = page[page.index("<tbody>") :]
    row = body[body.index(">April 2020<") :].split("</tr>")[0]
    # Sent today (long after 15 May 2020): late; signed off by cam.
    assert "Late" in row and "by cam" in row
    may = body[body.index(">May 2020<") :].split("</tr>")[0]
    assert "Late" not in may and "Not due" in may


def test_the_excel_template_offers_the_codes_describes_the_columns_and_shows_an_example(hub):
    import io

    from openpyxl import load_workbook

    from workers.validation.run import check_return

    cam = hub.browser("cam")
    response = cam.get("/agency/templates/la-csc-episodes.xlsx")
    assert response.status_code == 200
    assert "la-csc-episodes-template.xlsx" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Return", "Codes", "Columns", "Example"]
    contract = get_contract("la-csc-episodes")
    sheet = book["Return"]
    assert [c.value for c in sheet[1]] == list(contract.column_names)
    # A drop-down of the allowed codes on each coded column, from the codes sheet.
    gender = contract.column("gender")
    lists = {
        str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"
    }
    where = f"{gender.letter}2:{gender.letter}5001"
    assert where in lists and lists[where].startswith("=Codes!$")
    codes = book["Codes"]
    column = next(c for c in codes[1] if c.value == "gender").column_letter
    listed = [c.value for c in codes[column][1:] if c.value is not None]
    assert tuple(listed) == gender.allowed_values
    described = {row[0].value: row for row in book["Columns"].iter_rows(min_row=2)}
    assert described["gender"][4].value.startswith("One of the codes on the Codes sheet")
    assert described["age"][4].value.startswith("A whole number")
    example = [c.value for c in book["Example"][4]]
    assert len(example) == len(contract.columns) and example[0] is not None
    # Filled in (here with the example row), the template is a return the hub reads: its
    # other sheets and the checks on empty rows are not taken for data.
    for i, value in enumerate(example, start=1):
        sheet.cell(row=2, column=i, value=value)
    filled = io.BytesIO()
    book.save(filled)
    report = check_return(contract, filled.getvalue(), "t.xlsx", CAMBS, period="2021-04")
    assert report.rows_received == 1


def test_the_agency_can_explain_its_queries_when_it_submits(warehouse, users, activity):
    """Explained before submitting: the explanation reaches the steward with the return."""
    from fastapi.testclient import TestClient

    from tests.integration.test_web_pages import Hub, _app
    from workers.runtime.embedded import EmbeddedRuntime

    app, _ = _app(real_enqueue=True)
    with EmbeddedRuntime(threads=1) as runtime, TestClient(app):
        cam = Hub(app).browser("cam")
        cam.get("/agency")
        checked = check(cam, csv_bytes(activity, [activity_row(icpc_held=120)]), period="2020-04")
        assert "Explain the query now (optional)" in checked.text
        token = TOKEN.search(checked.text)[1]
        done = cam.post("/agency/submit", {"token": token, "explanation": "Six siblings."})
        sid = int(done.headers["location"].rsplit("/", 1)[1])
        runtime.drain(timeout=120)
        with session_scope() as s:
            [given] = s.exec(select(AgencyExplanation)).all()
            assert (given.submission_id, given.explained_by, given.reason) == (
                sid,
                "cam",
                "Six siblings.",
            )
            assert given.verdict is None  # for the steward to answer
        page = cam.get(f"/agency/returns/{sid}").text
        assert "Waiting for the data steward" in page and "Six siblings." in page
