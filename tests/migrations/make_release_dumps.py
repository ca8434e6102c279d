"""Write the release databases the upgrade test starts from: run it with a release's code.

The upgrade test (``test_upgrade.py``) must start from a database exactly as a deployed
hub has it, made by that release's own code, not by this branch's idea of it. So this
script is run once per release, from a checkout of that release, and its output is
committed beside it::

    git archive <release commit> | tar -x -C /tmp/release
    cd /tmp/release && uv sync --frozen
    SDH_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        uv run python $REPO/tests/migrations/make_release_dumps.py $REPO/tests/migrations/<name>

It sets up a warehouse with the release's ``init_db`` on SQLite and on PostgreSQL, puts a
little of everything in it through the release's own functions (loaded, superseded, held
and reviewed returns, aggregate and child-level facts, a child-level return with a
partition of its own, users, a token, notifications, commentary, pulled-feed state), and
dumps each database as SQL: ``sqlite.sql`` (``iterdump``) and ``postgresql.sql``
(``pg_dump --inserts`` of schema ``sdh_release``). The ``workers`` it imports is the
release's, from the checkout it runs in, never the code under test.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

PG_SCHEMA = "sdh_release"
KEY = "release-fixture-pseudonym-key"


def _rewrite(path: Path, change) -> Path:
    """A copy of a sample CSV with ``change(row)`` applied to every row."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        change(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    target = path.with_name(f"changed-{path.name}")
    target.write_text(out.getvalue(), encoding="utf-8")
    return target


def populate(work: Path) -> None:
    """A little of everything, through the release's own functions."""
    from sqlmodel import select

    from workers.accounts.users import create_user
    from workers.notify.outbox import plan
    from workers.pipeline import ingest
    from workers.review.actions import accept_queries, override_error
    from workers.sample.generate import generate_samples
    from workers.settings import get_settings
    from workers.warehouse import models, partitions
    from workers.warehouse.db import init_db, session_scope
    from workers.web.tokens import create_token

    init_db()
    samples = generate_samples(work / "samples", 2020, 2020, child_level_months=2)
    pick = {(s.contract, s.agency, s.period): s for s in samples}

    def sample(contract: str, agency: str, period: str):
        return pick[(contract, agency, period)].path

    cambs = "cambridgeshire-cc"
    first = sample("la-csc-activity", cambs, "2020-04")
    ingest("la-csc-activity", cambs, first, first.name)
    # A corrected return supersedes the first.
    corrected = _rewrite(first, lambda row: row.update(missing_episodes="61"))
    ingest("la-csc-activity", cambs, corrected, corrected.name)
    ingest(
        "la-csc-activity",
        "peterborough-cc",
        sample("la-csc-activity", "peterborough-cc", "2020-04"),
        "p.csv",
    )
    # An error (referrals above contacts) that waits for a steward, who overrides it.
    bad = _rewrite(
        sample("la-csc-activity", cambs, "2020-05"),
        lambda row: row.update(referrals=str(int(row["contacts"]) + 1)),
    )
    held = ingest("la-csc-activity", cambs, bad, bad.name)
    # Another that stays waiting.
    waiting = _rewrite(
        sample("la-csc-activity", "peterborough-cc", "2020-05"),
        lambda row: row.update(referrals=str(int(row["contacts"]) + 1)),
    )
    ingest("la-csc-activity", "peterborough-cc", waiting, waiting.name)
    for contract in ("police-safeguarding", "health-safeguarding", "cdop-child-deaths"):
        s = min((s for s in samples if s.contract == contract), key=lambda s: s.period)
        ingest(s.contract, s.agency, s.path, s.path.name)
    episodes = sorted(
        (s for s in samples if s.contract == "la-csc-episodes"), key=lambda s: s.period
    )
    # The first child-level return goes to the shared partition; the second gets a
    # partition of its own (as a return of 50,000 rows would) on PostgreSQL.
    # One row is held (an event type the contract does not know).
    rows = iter(range(1_000_000))
    one_bad = _rewrite(
        episodes[0].path,
        lambda row: row.update(event_type="visit") if next(rows) == 3 else None,
    )
    ingest("la-csc-episodes", episodes[0].agency, one_bad, one_bad.name)
    partitions.OWN_PARTITION_FROM_ROWS = 1
    ingest("la-csc-episodes", episodes[1].agency, episodes[1].path, episodes[1].path.name)

    now = datetime.now(UTC)
    with session_scope() as session:
        sub = session.get(models.Submission, held.submission.id)
        assert sub is not None and sub.status == "needs_review", sub
        override_error(
            session, sub.id, "CSC-020", "a.steward", "confirmed by phone", enqueue_load=None
        )
        with_queries = session.exec(
            select(models.Submission).where(models.Submission.query_count > 0)
        ).first()
        if with_queries is not None:
            accept_queries(session, with_queries.id, "a.steward", "explained by the agency")
        create_user(
            session, "a.steward", role="data_steward", password="correct horse battery staple 1"
        )
        create_user(
            session,
            "p.submitter",
            role="agency_submitter",
            password="correct horse battery staple 2",
            agency_id="peterborough-cc",
        )
        create_token(session, "peterborough-cc", "nightly export", created_by="a.steward")
        session.add(
            models.CommentaryEntry(
                agency_id=cambs,
                priority_id="neglect",
                quarter="2020-Q1",
                worked_well="Joint visits.",
                improvement="Timeliness.",
                multi_agency="Weekly meetings.",
                escalation="",
                source="filled.docx",
                imported_by="a.steward",
            )
        )
        session.add(models.PackBuild(quarter="2020-Q1", pack="", requested_at=now, built_at=now))
        session.add(
            models.FeedState(
                contract_id="la-csc-activity",
                agency_id=cambs,
                period_label="2020-04",
                etag='"abc"',
                last_sha256="0" * 64,
                last_checked_at=now,
                last_status="new",
                submission_id=1,
            )
        )
        session.add(
            models.ScheduleRun(contract_id="la-csc-activity", agency_id=cambs, slot=now, node="n1")
        )
        session.commit()
        plan(session, now, 1000, get_settings())


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    pg_url = os.environ.get(
        "SDH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    for dialect in ("sqlite", "postgresql"):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith("SDH_")},
                "SDH_DATA_DIR": str(work / "sdh"),
                "SDH_PSEUDONYM_KEY": KEY,
                "SDH_PACKS_AUTO_BUILD": "false",
            }
            if dialect == "sqlite":
                env["SDH_DATABASE_URL"] = f"sqlite:///{work / 'release.db'}"
            else:
                _psql(
                    pg_url, f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE; CREATE SCHEMA {PG_SCHEMA}"
                )
                env["SDH_DATABASE_URL"] = f"{pg_url}?options=-csearch_path%3D{PG_SCHEMA}"
            subprocess.run([sys.executable, __file__, "--populate", str(work)], env=env, check=True)
            if dialect == "sqlite":
                import sqlite3

                conn = sqlite3.connect(work / "release.db")
                text = "\n".join(conn.iterdump()) + "\n"
                conn.close()
            else:
                text = subprocess.run(
                    [
                        shutil.which("pg_dump") or "pg_dump",
                        "--schema",
                        PG_SCHEMA,
                        "--no-owner",
                        "--no-privileges",
                        "--inserts",
                        "--rows-per-insert=200",
                        "--dbname",
                        pg_url.replace("postgresql+psycopg://", "postgresql://"),
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                _psql(pg_url, f"DROP SCHEMA {PG_SCHEMA} CASCADE")
            (out_dir / f"{dialect}.sql").write_text(text, encoding="utf-8")
            print(f"{out_dir / f'{dialect}.sql'}: {len(text):,} characters")


def _psql(url: str, sql: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)
    engine.dispose()


if __name__ == "__main__":
    if sys.argv[1] == "--populate":
        populate(Path(sys.argv[2]))
    else:
        main(Path(sys.argv[1]).resolve())
