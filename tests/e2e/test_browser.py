"""The web pages in a real browser: Playwright drives Debian's Chromium (headless) against
the app served by uvicorn on 127.0.0.1, with the embedded workers validating uploads in
the same process.

A steward signs in, opens the review queue and a failed return, filters its row issues,
explains its queries with a reason and finds the decision in the timeline; an agency
officer uploads a return, watches its report arrive and cannot open another agency's
return. The README's screenshots come from ``test_journeys.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import activity_row, csv_bytes
from tests.support import serving
from workers.contracts.loader import get_contract

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "a long enough password 42"
CAMBS, PBORO = "cambridgeshire-cc", "peterborough-cc"
WHY = "Two conferences were held for enquiries completed in March: the figures are right."
#: Referrals above contacts (error CSC-020), ICPCs above Section 47s (query CSC-023) and
#: ICPCs in time above ICPCs held (error CSC-024).
FAILING = dict(referrals=2500, icpc_held=120, icpc_within_15wd=130)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium); "
    ".ci/run installs it",
)


@dataclass
class Hub:
    url: str
    runtime: Any


@pytest.fixture
def hub(quick_hashes, secret_key, empty_broker) -> Iterator[Hub]:
    """The hub on a SQLite warehouse, its users, the web app and the embedded workers."""
    from workers.accounts import create_user
    from workers.runtime.embedded import EmbeddedRuntime
    from workers.warehouse.db import init_db, session_scope
    from workers.web.app import create_app
    from workers.web.pages import register

    init_db()
    with session_scope() as s:
        create_user(
            s, "ann.steward", role="data_steward", password=PASSWORD, display_name="Ann Steward"
        )
        create_user(
            s,
            "j.smith",
            role="agency_submitter",
            agency_id=CAMBS,
            password=PASSWORD,
            display_name="Jo Smith",
        )
    app = create_app()
    register(app)  # a no-op once create_app() registers the pages itself
    with EmbeddedRuntime(threads=2) as runtime, serving(app) as url:
        yield Hub(url, runtime)
        runtime.drain(timeout=60)


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()


def deliver(agency: str, filename: str, **changes: Any) -> int:
    """A return delivered and processed before the browser opens (as ``sdh ingest`` does)."""
    from workers.pipeline import ingest

    area = "E10000003" if agency == CAMBS else "E06000031"
    data = csv_bytes(get_contract("la-csc-activity"), [activity_row(area=area, **changes)])
    submission = ingest(
        "la-csc-activity", agency, data, filename, submitted_by="nightly export"
    ).submission
    assert submission.id is not None
    return submission.id


def sign_in(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_steward_reviews_a_failed_return(hub, browser):
    from playwright.sync_api import expect

    failed = deliver(CAMBS, "cambs-2020-04.csv", **FAILING)
    deliver(PBORO, "pboro-2020-04.csv", icpc_held=120)
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    sign_in(page, hub.url, "ann.steward")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    expect(page.get_by_role("link", name="Review queue")).to_have_attribute("aria-current", "page")
    queue = page.get_by_role("table", name=re.compile("Returns waiting, oldest first"))
    expect(queue.get_by_role("row")).to_have_count(3)  # the header and two returns
    queue.get_by_role("link", name="Cambridgeshire · CSC activity · April 2020").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Cambridgeshire · CSC activity")
    expect(page.get_by_text(f"Submission {failed} · cambs-2020-04.csv")).to_be_visible()
    expect(page.get_by_text("Held for review: 2 error(s) and 1 query(ies).")).to_be_visible()
    issues = page.locator("table", has=page.locator("caption", has_text="Row issues"))
    expect(issues.locator("tbody tr")).to_have_count(3)

    filters = page.get_by_role("form", name="Filter the row issues")
    filters.get_by_label("Rule").select_option("CSC-023")
    filters.get_by_role("button", name="Show issues").click()
    expect(issues.locator("caption")).to_contain_text("(filtered: rule CSC-023): 1")
    expect(issues.locator("tbody tr")).to_have_count(1)
    expect(issues.locator("tbody")).to_contain_text("icpc_held")

    page.get_by_text("Other decisions").click()  # the likely one, reject, comes first
    explain = page.get_by_role("form", name="Explain the queries")
    explain.get_by_role("button", name="Explain the queries").click()  # no reason yet
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("Give a reason")
    explain = page.get_by_role("form", name="Explain the queries")
    explain.get_by_label("Reason").fill(WHY)
    explain.get_by_role("button", name="Explain the queries").click()

    expect(page.get_by_role("status")).to_contain_text("Queries explained (1 row(s))")
    entry = page.locator(".timeline li", has_text="Queries explained")
    expect(entry).to_contain_text(WHY)
    expect(entry).to_contain_text("ann.steward")
    expect(page.get_by_role("form", name="Explain the queries")).to_have_count(0)


def test_agency_uploads_a_return_and_reads_its_report(hub, browser, tmp_path):
    from playwright.sync_api import expect

    other = deliver(PBORO, "pboro-2020-04.csv")
    page = browser.new_page()

    sign_in(page, hub.url, "j.smith")
    expect(page.get_by_role("heading", name="Your returns")).to_be_visible()
    upload = tmp_path / "april.csv"
    upload.write_bytes(csv_bytes(get_contract("la-csc-activity"), [activity_row(icpc_held=120)]))
    page.get_by_label("Return", exact=True).select_option("la-csc-activity")
    page.get_by_label("Period", exact=True).fill("2020-04")
    page.get_by_label("File", exact=True).set_input_files(str(upload))
    page.get_by_role("button", name="Send without checking").click()

    expect(page).to_have_url(re.compile(r"/submissions/\d+$"))
    # The page follows the workers and shows the report once they have finished.
    expect(page.get_by_text("Loaded: 1 of 1 row(s) in the warehouse")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("table", name="Rules not met: 1 of")).to_contain_text("CSC-023")
    expect(page.locator(".facts")).to_contain_text("j.smith")

    template = page.context.request.get(f"{hub.url}/agency/templates/la-csc-activity.csv")
    assert template.ok and template.text().startswith("area_code,month,contacts,")

    response = page.goto(f"{hub.url}/submissions/{other}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_text("pboro-2020-04.csv")).to_have_count(0)


def test_pages_can_be_used_from_the_keyboard(hub, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(f"{hub.url}/sign-in")
    expect(page.get_by_label("Username")).to_be_focused()  # ready to type
    page.keyboard.type("j.smith")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your returns")).to_be_visible()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # shown when focused, hidden otherwise
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the first thing in the main content after the skip:
    expect(page.locator(".task-list a").first).to_be_focused()  # what needs doing first
