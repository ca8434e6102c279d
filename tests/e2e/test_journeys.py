"""Whole jobs in a real browser (Playwright, Debian's Chromium), with axe-core on every page.

The steward opens the queue, reads a return's verdict, pages through its thousand issues
and decides; the QEG reader opens the packs; every page each role reaches has no WCAG
2.2 A or AA violation and is no wider than a 390 px phone. Screenshots are saved under
the test's output (its ``tmp_path``, printed); ``SDH_UPDATE_SCREENSHOTS=1`` also copies
the README's pictures over ``docs/images``.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import csv_bytes, episode_row
from tests.e2e.axe import PHONE, assert_accessible, overflow
from tests.e2e.test_browser import (  # noqa: F401 (fixtures)
    CAMBS,
    CHROMIUM,
    FAILING,
    PASSWORD,
    PBORO,
    REPO,
    browser,
    deliver,
    hub,
    sign_in,
)
from workers.contracts.loader import get_contract

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium); "
    ".ci/run installs it",
)
README_IMAGES = REPO / "docs" / "images"
#: The screenshots the README shows.
IN_README = {"queue-page", "submission-page"}
QUARTER = "2020-Q4"
#: Rows of the child-level return whose ethnicity is written out rather than coded.
WORDY = 1_200


@pytest.fixture
def shots(tmp_path: Path) -> Any:
    """Save a screenshot under the test's output; the README's copy when asked for."""
    folder = tmp_path / "screenshots"
    folder.mkdir()

    def take(page: Any, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path))  # the first screenful, as a person sees it
        assert path.stat().st_size > 10_000
        if os.environ.get("SDH_UPDATE_SCREENSHOTS") == "1" and name in IN_README:
            shutil.copyfile(path, README_IMAGES / path.name)
        return path

    yield take
    print(f"screenshots: {folder}")


def users() -> None:
    """A QEG reader and an administrator beside the hub's steward and agency officer."""
    from workers.accounts import create_user
    from workers.warehouse.db import session_scope

    with session_scope() as s:
        create_user(s, "quinn.qeg", role="qeg_reader", password=PASSWORD, display_name="Quinn")
        create_user(s, "ada.admin", role="admin", password=PASSWORD, display_name="Ada")


def wordy_ethnicities() -> int:
    """A child-level return with ethnicity written in words in 1,200 of 2,000 rows: too
    many to hold, so it waits for a steward."""
    from workers.pipeline import ingest

    rows = [
        episode_row(
            f"CAM-{i:06d}",
            event_type="referral",
            event_date="2022-01-10",
            age=7,
            **({"ethnicity": "White British"} if i % 5 < 3 else {}),
        )
        for i in range(2_000)
    ]
    data = csv_bytes(get_contract("la-csc-episodes"), rows)
    sub = ingest("la-csc-episodes", CAMBS, data, "2022-01.csv", period="2022-01").submission
    assert sub.status == "needs_review" and sub.id is not None
    return sub.id


def pack_on_disk() -> None:
    """Cambridgeshire's child sexual abuse pack for the quarter, as a build leaves it."""
    from dataclasses import replace

    from tests.unit.test_pack_render import example_single_pack
    from workers.packs.render import render_single
    from workers.settings import get_settings

    folder = get_settings().output_dir / "packs" / QUARTER
    pack = replace(example_single_pack(), priority_id="csa", priority_name="Child sexual abuse")
    render_single(pack, folder)


def new_page(browser: Any, width: int = 1280) -> Any:  # noqa: F811
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    return context.new_page()


def check_page(page: Any, where: str) -> None:
    """No WCAG 2.2 A/AA violation at 1,280 px, and nothing wider than a 390 px phone."""
    assert_accessible(page, where)
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    settled(page)
    try:
        assert overflow(page) <= 0, f"{where} is {overflow(page)} px wider than a 390 px phone"
        assert_accessible(page, f"{where} at 390 px")
    finally:
        page.set_viewport_size(size)
        settled(page)


def settled(page: Any) -> None:
    """Wait until the page has answered a resize (two frames: its resize handlers ran)."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def test_steward_opens_the_queue_reads_the_verdict_and_decides(hub, browser, shots):  # noqa: F811
    from playwright.sync_api import expect

    wordy = wordy_ethnicities()
    deliver(CAMBS, "cambs-2020-04.csv", **FAILING)
    deliver(PBORO, "pboro-2020-04.csv", icpc_held=120)
    page = new_page(browser)
    sign_in(page, hub.url, "ann.steward")

    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    queue = page.get_by_role("table", name=re.compile("Returns waiting, oldest first"))
    line = queue.get_by_role("row", name=re.compile("Cambridgeshire · CSC events · January 2022"))
    expect(line).to_contain_text("Ethnicity must be one of the DfE ethnicity codes")
    expect(line).to_contain_text(f"({WORDY:,} rows)")
    expect(line).to_contain_text("Data steward")
    check_page(page, "the review queue")
    shots(page, "queue-page")
    line.get_by_role("link", name="Cambridgeshire · CSC events · January 2022").click()

    # The verdict in ten seconds: what is wrong, how often, where first, what to do.
    expect(page).to_have_title(re.compile(r"^Cambridgeshire · CSC events · January 2022 · "))
    verdict = page.get_by_role("region", name=re.compile("rule"))
    expect(verdict).to_contain_text("Ethnicity must be one of the DfE ethnicity codes")
    expect(verdict).to_contain_text(f"found 'White British' ×{WORDY:,}, first in row 2")
    expect(verdict).to_contain_text("Suggested next step: 1 error rule failed: reject the return")
    values = page.get_by_role("table", name=re.compile("Rules not met"))
    expect(values).to_contain_text(f"'White British' ×{WORDY:,}, rows 2, 3, 4, 7, 8, …")
    check_page(page, "the submission page")
    shots(page, "submission-page")

    # A thousand issues: a page size, a page jump, the range read out.
    issues = page.get_by_role("table", name=re.compile("^Row issues"))
    expect(issues.locator("caption")).to_contain_text(f"1–25 of {WORDY:,}")
    page.get_by_label("Go to page").fill("10")
    page.get_by_role("button", name="Go", exact=True).click()
    expect(issues.locator("caption")).to_contain_text(f"226–250 of {WORDY:,}")
    filters = page.get_by_role("form", name="Filter the row issues")
    filters.get_by_label("Issues per page").select_option("100")
    filters.get_by_role("button", name="Show issues").click()
    expect(issues.locator("caption")).to_contain_text(f"1–100 of {WORDY:,}")
    expect(issues.locator("tbody tr")).to_have_count(100)
    expect(issues.locator("tbody")).not_to_contain_text("CAM-0")  # identifiers withheld
    page.goto(f"{hub.url}/submissions/{wordy}/rows/7")
    expect(page.get_by_text("(withheld)").first).to_be_visible()
    check_page(page, "a row of the return")
    page.goto(f"{hub.url}/submissions/{wordy}")

    # One decision at a time, the likely one first: reject; a missing reason is an error.
    decide = page.locator(".decisions").first
    expect(decide.get_by_role("heading", level=3)).to_have_text(
        "Reject and ask for a corrected return"
    )
    expect(page.get_by_text("Other decisions")).to_be_visible()
    decide.get_by_role("button", name="Reject the return").click()
    expect(page).to_have_title(re.compile(r"^Error: Cambridgeshire · CSC events"))
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Give a reason")
    reason = page.get_by_role("textbox", name="Reason").first
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_accessible_description(re.compile("Give a reason"))
    check_page(page, "a refused decision")
    shots(page, "decision-error")
    summary.get_by_role("link").click()
    expect(reason).to_be_focused()
    reason.fill("Ethnicity is written in words: send the DfE codes (WBRI for White British).")
    page.get_by_role("button", name="Reject the return").click()
    expect(page.get_by_role("status")).to_contain_text("Return rejected")

    page.get_by_role("link", name="Review queue").click()
    expect(page.get_by_role("row", name=re.compile("CSC events · January 2022"))).to_have_count(0)
    assert f"/submissions/{wordy}" not in page.content()
    for path, where in (("/calendar", "the returns calendar"), ("/submissions", "submissions")):
        page.goto(hub.url + path)
        check_page(page, where)
    page.goto(f"{hub.url}/calendar?quarter=2020-Q1")
    shots(page, "calendar-page")


def test_qeg_reader_opens_the_packs(hub, browser, shots):  # noqa: F811
    from playwright.sync_api import expect

    users()
    pack_on_disk()
    page = new_page(browser)
    sign_in(page, hub.url, "quinn.qeg")
    expect(page.get_by_role("heading", name="QEG packs")).to_be_visible()
    check_page(page, "the packs")
    page.get_by_role(
        "link", name="Open the pack: Cambridgeshire County Council, Child sexual abuse"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Child sexual abuse")
    check_page(page, "a pack's page")
    shots(page, "pack-page")
    page.goto(f"{hub.url}/packs/{QUARTER}/commentary")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Commentary returned")
    check_page(page, "the commentary grid")
    assert page.goto(f"{hub.url}/queue").status == 403  # not a steward's reader


#: The pages each role reaches from its navigation, beyond the home page.
PAGES = {
    "j.smith": ["/agency", "/calendar", "/submissions", "/packs", "/submissions/{own}"],
    "ann.steward": ["/queue", "/calendar", "/submissions", "/packs", "/submissions/{own}"],
    "ada.admin": ["/queue", "/calendar", "/submissions", "/packs"],
    "quinn.qeg": ["/packs"],
}


@pytest.mark.parametrize("username", sorted(PAGES))
def test_every_page_of_every_role_passes_axe(hub, browser, username):  # noqa: F811
    from playwright.sync_api import expect

    users()
    own = deliver(CAMBS, "cambs-2020-04.csv", **FAILING)
    page = new_page(browser)
    page.goto(f"{hub.url}/sign-in")
    check_page(page, "the sign-in page")
    page.get_by_role("button", name="Sign in").click()  # nothing typed
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.get_by_label("Username")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Username")).to_have_accessible_description(
        "Enter your username and password."
    )
    check_page(page, "the sign-in page with its error")
    sign_in(page, hub.url, username)
    for path in PAGES[username]:
        response = page.goto(hub.url + path.format(own=own))
        assert response is not None and response.ok, path
        check_page(page, f"{path} as {username}")
    page.goto(f"{hub.url}/submissions/999999")
    check_page(page, "the not-found page")
