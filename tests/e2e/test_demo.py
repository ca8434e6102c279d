"""``sdh demo`` (the README's main command) on the embedded default: simulator, pulls,
in-process workers and one push through the API, ending with the published figures."""

from __future__ import annotations

import io
import os

from rich.console import Console
from sqlalchemy import text

from workers.demo import run_demo


def test_demo_runs_end_to_end_and_accounts_for_every_row(tmp_path, monkeypatch):
    monkeypatch.setenv("SDH_DATA_DIR", str(tmp_path / "sdh"))
    out = io.StringIO()
    environment = dict(os.environ)
    folder = run_demo(Console(file=out, width=160), reset=True)
    printed = out.getvalue()
    assert "Finished in" in printed
    assert "differ from the published report" not in printed
    assert printed.count("│ yes") == 7  # the seven published measures all match
    # The latest year as the annual report prints it: the months whose returns wait for a
    # steward are named, and the figures they leave short are part-year, not the year's
    # (docs/acceptance.md, "What a part-year figure looks like").
    latest = " ".join(printed[printed.index("Safeguarding Children Data 2021-22") :].split())
    assert "[part-year]" in latest and "11 of 12 months" in latest
    assert "Cambridgeshire, " in latest and "missing 2022-01 (submission" in latest
    assert "Peterborough, " in latest and "missing 2022-02 (submission" in latest
    assert "waits for a steward" in latest

    from workers.warehouse.db import get_engine

    # The demo keeps its own warehouse, and leaves the environment as it found it.
    assert folder == (tmp_path / "sdh" / "demo").resolve()
    assert dict(os.environ) == environment
    engine = get_engine(f"sqlite:///{folder / 'warehouse.db'}")
    with engine.connect() as conn:
        statuses = dict(
            conn.execute(text("SELECT status, COUNT(*) FROM submission GROUP BY status")).all()
        )
        unbalanced = conn.execute(
            text(
                "SELECT id FROM submission WHERE status IN ('loaded', 'superseded') "
                "AND rows_received <> rows_loaded + rows_held"
            )
        ).all()
        pushed = (
            conn.execute(text("SELECT status FROM submission WHERE source = 'push'"))
            .scalars()
            .all()
        )
    # Nothing is left half-way: every return was loaded, superseded or held for review.
    assert set(statuses) <= {"loaded", "superseded", "needs_review"}, statuses
    assert statuses["needs_review"] >= 4  # the planted errors wait for a steward
    assert unbalanced == []
    assert pushed == ["loaded"]
