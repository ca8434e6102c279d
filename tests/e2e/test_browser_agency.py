"""The agency analyst's whole job in a real browser (issue 18): checks a file and reads
what to fix, fixes it, submits it, explains its query, sees the steward accept the
explanation, authorises the return, and finds it authorised in the calendar. Every page
of the journey is checked with axe-core for WCAG 2.2 A and AA violations, and
screenshotted into the test's output folder.

axe-core comes from npm as the other journeys' does (``tests/e2e/axe.py``; ``.ci/run``
and ``make e2e-deps`` install it).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import activity_row, csv_bytes
from tests.e2e.axe import PHONE, assert_accessible, overflow
from tests.e2e.test_browser import CAMBS, CHROMIUM, FAILING, sign_in
from tests.e2e.test_browser import browser as browser
from tests.e2e.test_browser import hub as hub
from workers.contracts.loader import get_contract

EXPLANATION = "A sibling group of six was placed in March: the conferences were held."

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")


def accessible(page: Any, name: str, shots: Path) -> None:
    """No WCAG 2.2 A/AA violation on the page as it is now; a full-page screenshot kept."""
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert_accessible(page, name)


def test_analyst_checks_fixes_submits_explains_and_authorises(hub, browser, tmp_path):
    from playwright.sync_api import expect

    shots = tmp_path / "screenshots"
    shots.mkdir()
    contract = get_contract("la-csc-activity")
    # axe is injected as a script of its own: the pages' CSP (script-src 'self') would
    # refuse it, so these contexts bypass it (the policy itself is tested elsewhere).
    page = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, hub.url, "j.smith")
    expect(page.get_by_role("heading", name="Your returns")).to_be_visible()
    expect(page.get_by_role("heading", name="Needs your action")).to_be_visible()
    accessible(page, "1-agency-home", shots)

    # Checks a file with two errors: the report says what to fix and where, first.
    bad = tmp_path / "april.csv"
    bad.write_bytes(csv_bytes(contract, [activity_row(**FAILING)]))
    page.get_by_label("Return", exact=True).select_option("la-csc-activity")
    page.get_by_label("Period", exact=True).fill("2020-04")
    page.get_by_label("File", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(re.compile(r"^Error: Check of april\.csv"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Fix 2 errors in row 2, then send a corrected file"
    )
    expect(page.get_by_role("button", name="Submit this return")).to_have_count(0)
    expect(page.get_by_role("table", name="Each rule the file breaks")).to_contain_text("CSC-020")
    accessible(page, "2-check-with-errors", shots)

    # Fixes it and checks again: no errors, one query; submits it.
    fixed = tmp_path / "april-fixed.csv"
    fixed.write_bytes(csv_bytes(contract, [activity_row(icpc_held=120)]))
    page.get_by_role("link", name="Check a corrected file").click()
    page.get_by_label("Period", exact=True).fill("2020-04")
    page.get_by_label("File", exact=True).set_input_files(str(fixed))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#verdict")).to_contain_text("No errors. 1 query to explain")
    accessible(page, "3-check-clean", shots)
    page.get_by_role("button", name="Submit this return").click()
    expect(page).to_have_url(re.compile(r"/agency/returns/\d+$"))
    sid = int(page.url.rsplit("/", 1)[1])
    hub.runtime.drain(timeout=60)
    page.reload()
    expect(page.get_by_role("heading", name="Explaining the queries")).to_be_visible()

    # Explains the query in the hub.
    page.get_by_label("Why are these figures right?").fill(EXPLANATION)
    page.get_by_role("button", name="Send the explanation").click()
    expect(page.get_by_text("Waiting for the data steward's answer.")).to_be_visible()
    accessible(page, "4-explained", shots)

    # The steward accepts it; the analyst sees that.
    steward = browser.new_context(bypass_csp=True).new_page()
    sign_in(steward, hub.url, "ann.steward")
    steward.goto(f"{hub.url}/agency/returns/{sid}")
    steward.get_by_role("button", name="Accept the explanation").click()
    expect(steward.get_by_role("status")).to_contain_text("explanation was accepted")
    page.reload()
    expect(page.locator(".card", has_text=EXPLANATION)).to_contain_text("Accepted by ann.steward")

    # Authorises the return: who and when on the page and in the timeline.
    page.get_by_role("button", name="Authorise the return").click()  # not confirmed yet
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator("#authorise-error")).to_contain_text("Tick the box")
    accessible(page, "5-authorise-error", shots)
    page.get_by_label("I have checked this return and it is right").check()
    page.get_by_role("button", name="Authorise the return").click()
    expect(page.get_by_role("status")).to_contain_text("You authorised the return")
    expect(page.locator("#authorise + p")).to_contain_text("Authorised by j.smith")
    expect(page.locator(".timeline")).to_contain_text("Authorised by the agency")
    accessible(page, "6-authorised", shots)

    # The calendar shows it submitted, authorised and late.
    page.goto(f"{hub.url}/calendar?quarter=2020-Q1&contract=la-csc-activity")
    row = page.get_by_role("row", name=re.compile("April 2020"))
    expect(row).to_contain_text("by j.smith")
    expect(row).to_contain_text("Late")
    accessible(page, "7-calendar", shots)
    # The analyst's own pages fit a phone (390 px) and stay accessible there.
    page.set_viewport_size(PHONE)
    for path, name in ((f"/agency/returns/{sid}", "8-phone-return"), ("/agency", "9-phone-home")):
        page.goto(f"{hub.url}{path}")
        assert overflow(page) == 0, f"{path} is wider than a phone's screen"
        accessible(page, name, shots)
    assert len(list(shots.glob("*.png"))) == 9
    page.close()
    steward.close()
    assert CAMBS
