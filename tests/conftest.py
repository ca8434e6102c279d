"""Shared fixtures: an isolated data folder per test, contracts, return factories, and the
warehouse on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import csv
import io
import os
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workers.contracts.loader import get_contract
from workers.contracts.model import FeedContract

TEST_KEY = "test-pseudonym-key-not-for-production"
POSTGRES_URL = os.environ.get(
    "SDH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own data folder and a known pseudonymisation key."""
    from workers.warehouse.db import dispose_engines

    monkeypatch.setenv("SDH_DATA_DIR", str(tmp_path / "sdh"))
    monkeypatch.setenv("SDH_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.delenv("SDH_DATABASE_URL", raising=False)
    monkeypatch.delenv("SDH_BROKER_URL", raising=False)
    # Background pack builds run only in the tests about them (tests/*packs*).
    monkeypatch.setenv("SDH_PACKS_AUTO_BUILD", "false")
    yield
    dispose_engines()
    _drop_hub_log_handlers()


def _drop_hub_log_handlers() -> None:
    """A test that runs ``sdh`` in-process installs the hub's log handler on the root
    logger; left there it would write into every later test's output."""
    import logging

    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_sdh_handler", False):
            root.removeHandler(handler)
    logging.captureWarnings(False)


# --- for the web app's and the decisions' tests, which name them in ``usefixtures`` ---


@pytest.fixture
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with small parameters: the same code path, a fraction of the time."""
    from argon2 import PasswordHasher

    from workers.accounts import passwords

    monkeypatch.setattr(passwords, "hasher", PasswordHasher(time_cost=1, memory_cost=1024))


@pytest.fixture
def secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDH_SECRET_KEY", secrets.token_urlsafe(48))


@pytest.fixture
def empty_broker() -> Iterator[None]:
    """The stub broker is process-wide: no message may outlive its test's database."""
    yield
    import sys

    actors = sys.modules.get("workers.runtime.actors")
    if actors is not None:
        actors.broker.flush_all()


@pytest.fixture
def fresh_throttle() -> Iterator[None]:
    """Failed sign-ins are counted in each test's own database; what is process-wide is
    the password-hashing slots and the time a check is known to take: each test starts
    with none, and with the hasher its own fixtures chose."""
    from workers.accounts import passwords

    passwords.slots.reset()
    yield
    passwords.slots.reset()


@pytest.fixture
def activity() -> FeedContract:
    return get_contract("la-csc-activity")


def csv_bytes(
    contract: FeedContract, rows: list[dict[str, Any]], columns: list[str] | None = None
) -> bytes:
    """A CSV return with the contract's header (or the given one) and these rows."""
    out = io.StringIO()
    cols = columns or contract.column_names
    writer = csv.DictWriter(out, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in cols})
    return out.getvalue().encode("utf-8")


def activity_row(area: str = "E10000003", month: str = "2020-04", **changes: Any) -> dict:
    """A la-csc-activity row that passes every rule; override fields to break one."""
    row = {
        "area_code": area,
        "month": month,
        "contacts": 2000,
        "referrals": 400,
        "re_referrals_12m": 80,
        "assessments_completed": 350,
        "assessments_within_45wd": 300,
        "s47_completed": 100,
        "icpc_held": 35,
        "icpc_within_15wd": 28,
        "cp_children_neglect": 200,
        "cp_children_physical": 50,
        "cp_children_emotional": 80,
        "cp_children_sexual": 20,
        "cp_children_multiple": 10,
        "cp_children_total": 360,
        "cp_plans_started": 40,
        "cp_plans_second_or_subsequent": 8,
        "cp_plans_open_2y_plus": 10,
        "cic_children": 660,
        "eha_initiated": 420,
        "missing_episodes": 60,
    }
    row.update(changes)
    return row


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The warehouse on SQLite and on the real PostgreSQL (a fresh schema per test)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'warehouse.db'}"
        monkeypatch.setenv("SDH_DATABASE_URL", url)
        yield url
        return
    import sqlalchemy as sa

    schema = f"sdh_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:  # pragma: no cover - CI starts PostgreSQL
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {exc}")
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    monkeypatch.setenv("SDH_DATABASE_URL", url)
    try:
        yield url
    finally:
        from workers.warehouse.db import dispose_engines

        dispose_engines()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def warehouse(database_url: str):
    """An initialised warehouse; yields its engine."""
    from workers.warehouse.db import get_engine, init_db

    engine = get_engine(database_url)
    init_db(engine)
    return engine


def receive_push(contract: FeedContract, *, period: str | None = None, **changes: Any) -> int:
    """A one-row return from Cambridgeshire received as the API receives it (intake only:
    validating it is up to the test); the new submission's id."""
    from workers.sources.intake import Delivery, receive_return
    from workers.sources.landing import default_store
    from workers.warehouse.db import session_scope

    with session_scope() as session:
        receipt = receive_return(
            session,
            default_store(),
            Delivery(
                contract.id,
                "cambridgeshire-cc",
                csv_bytes(contract, [activity_row(**changes)]),
                "r.csv",
                source="push",
                period=period,
            ),
        )
    return receipt.submission_id


def episode_row(child: str = "ABC123", **changes: Any) -> dict[str, Any]:
    """An la-csc-episodes row that parses cleanly and passes every rule for 2021-01;
    override fields to break one or to move it."""
    row = {
        "child_id": child,
        "area_code": "E10000003",
        "event_type": "contact",
        "event_date": "2021-01-05",
        "assessment_factors": "",
        "age": 5,
        "gender": "1",
        "ethnicity": "WBRI",
    }
    return row | changes
