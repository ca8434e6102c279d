"""The packs' round trip in a real browser (Playwright, Debian's Chromium, the app served by
uvicorn): an agency officer finds its pack, uploads the filled Word file, checks the
preview (each section, the sign-off, the line typed outside a box) and stores it; the
steward's grid then shows it returned, with the date. The pack's own web page fits a
phone's 390 px and a 1,280 px screen without scrolling sideways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.test_browser import CHROMIUM, browser, hub, sign_in  # noqa: F401 (fixtures)
from tests.integration.test_web_pages import filled_pack

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
)
QUARTER = "2020-Q4"


@pytest.fixture
def built_pack(hub, tmp_path) -> tuple[Path, Path]:  # noqa: F811
    """Cambridgeshire's child sexual abuse pack on disk as a build leaves it, and the same
    pack filled in by the agency."""
    from dataclasses import replace

    from tests.unit.test_pack_render import example_single_pack
    from workers.packs.render import render_single
    from workers.settings import get_settings

    folder = get_settings().output_dir / "packs" / QUARTER
    pack = replace(example_single_pack(), priority_id="csa", priority_name="Child sexual abuse")
    written = render_single(pack, folder)
    return written[1], filled_pack(tmp_path)


def test_agency_uploads_its_filled_pack_and_the_grid_shows_it_returned(
    hub,  # noqa: F811
    browser,  # noqa: F811
    built_pack,
):
    from playwright.sync_api import expect

    _html, filled = built_pack
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, hub.url, "j.smith")
    page.get_by_role("link", name="Packs").click()
    expect(page.get_by_role("heading", name="QEG packs")).to_be_visible()
    expect(page.get_by_text("index.html")).to_have_count(0)  # the quarter's, not theirs
    page.get_by_role(
        "link", name="Open the pack: Cambridgeshire County Council, Child sexual abuse"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Child sexual abuse")
    expect(page.locator("#pack-status")).to_have_text("Late")
    expect(page.get_by_role("link", name=re.compile(r"Word document: .*csa\.docx"))).to_be_visible()
    page.get_by_label("Filled pack", exact=True).set_input_files(str(filled))
    page.get_by_role("button", name="Read the filled pack").click()

    expect(page.get_by_role("heading", name="Check what the hub read")).to_be_visible()
    worked = page.get_by_role("region", name="What has worked well")
    expect(worked).to_contain_text("CSA pathway audit: 18 of 20 cases referred within a day.")
    escalated = page.get_by_role("region", name="Issues to be escalated to the Executive Board")
    expect(escalated).to_contain_text("SARC waiting times for under-13s.")
    expect(page.get_by_role("region", name="Where multi-agency support is needed")).to_contain_text(
        "(left blank)"
    )
    sign_off = page.get_by_role("table", name="Sign-off as read from the pack")
    expect(sign_off).to_contain_text("Jo Smith")
    expect(sign_off).to_contain_text("Safeguarding lead")
    outside = page.locator("#outside")
    expect(outside).to_contain_text("Not imported: text outside the answer boxes")
    expect(outside).to_contain_text("Also: two new CSA champions.")
    page.get_by_role("button", name="Store this commentary").click()

    expect(page.get_by_role("status")).to_contain_text("Commentary stored: 2 of 4 sections")
    expect(page.locator("#pack-status")).to_have_text("Returned late")
    expect(page.get_by_role("heading", name="Commentary stored")).to_be_visible()
    expect(page.get_by_text("SARC waiting times for under-13s.")).to_be_visible()

    steward = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(steward, hub.url, "ann.steward")
    steward.goto(f"{hub.url}/packs/{QUARTER}/commentary")
    expect(steward.locator("#summary")).to_have_text(
        "Commentary received from 1 of 10 (9 late, 1 returned after the due date)."
    )
    grid = steward.get_by_role(
        "table", name="Commentary by agency and priority, Q4 2020-21 (January to March 2021)"
    )
    row = grid.get_by_role("row", name=re.compile("^Cambridgeshire County Council"))
    expect(row).to_contain_text("Returned late")
    expect(row).to_contain_text("due 12 May 2021")
    expect(row).to_contain_text("Jo Smith")
    expect(grid.locator('td[data-status="late"]')).to_have_count(9)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_packs_web_page_fits_the_screen(hub, browser, built_pack, width):  # noqa: F811
    html, _filled = built_pack
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, hub.url, "j.smith")
    page.goto(f"{hub.url}/packs/{QUARTER}/{html.name}")
    expect_width = page.evaluate("document.documentElement.scrollWidth")
    assert expect_width <= width
    # the tables scroll inside their own boxes instead
    boxes = page.locator("div.scroll")
    assert boxes.count() >= 6
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('div.scroll')].map(b => b.scrollWidth))"
    )
    if width == 390:
        assert widest > width  # the measures tables are wider than a phone: they scroll
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
