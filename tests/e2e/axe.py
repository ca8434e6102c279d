"""axe-core in the browser tests: every page checked against WCAG 2.2 A and AA, and for
a phone's width.

axe-core comes from npm, pinned in ``tests/e2e/package.json`` and its lock file;
``.ci/run`` (and ``make e2e-deps``) installs it with ``npm ci --prefix tests/e2e``. The
pages' Content-Security-Policy allows no inline script, so the browser context that
injects it is opened with ``bypass_csp``; the pages' own CSP is tested elsewhere
(``tests/security``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
#: The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags them.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PHONE = {"width": 390, "height": 844}

_RUN = """async (tags) => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}"""


@cache
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(
            f"axe-core is not installed at {AXE}: run `npm ci --prefix tests/e2e` "
            "(`make e2e-deps`; .ci/run does it)"
        )
    return AXE.read_text(encoding="utf-8")


def violations(page: Any) -> list[dict[str, Any]]:
    """The WCAG 2.2 A/AA violations axe-core finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    return list(page.evaluate(_RUN, WCAG_22_AA))


def assert_accessible(page: Any, where: str) -> None:
    found = violations(page)
    assert not found, f"{where}: WCAG 2.2 A/AA violations: {found}"


def overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than its window (0 when it fits)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )
