"""Fixtures shared by the security tests: one user per role (and a second agency's), the
app with its broker swapped for a list, and API tokens alive, revoked and foreign."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from workers.accounts import create_user
from workers.warehouse.db import session_scope
from workers.web.api import get_enqueue
from workers.web.app import create_app
from workers.web.tokens import create_token, revoke_token

CAMBS, PBORO = "cambridgeshire-cc", "peterborough-cc"
PASSWORD = "a long enough password 42"
#: One user per role, and a second agency's submitter (the "other agency").
USERS: dict[str, tuple[str, str | None]] = {
    "steward": ("data_steward", None),
    "admin": ("admin", None),
    "qeg": ("qeg_reader", None),
    "cam": ("agency_submitter", CAMBS),
    "pbo": ("agency_submitter", PBORO),
}


@pytest.fixture(autouse=True)
def _web_test_settings(quick_hashes, secret_key, empty_broker, fresh_throttle) -> None:
    """Quick password hashes, a session key, and no broker message or sign-in failure
    carried over from another test (the fixtures are in tests/conftest.py)."""


@dataclass
class Tokens:
    """Bearer tokens: Cambridgeshire's, Peterborough's, the police's and a revoked one."""

    cam: str
    pbo: str
    police: str
    revoked: str


@dataclass
class Hub:
    app: Any
    tokens: Tokens
    sent: list[int] = field(default_factory=list)

    def client(self) -> TestClient:
        return TestClient(self.app, follow_redirects=False)


def make_users() -> None:
    with session_scope() as s:
        for name, (role, agency) in USERS.items():
            create_user(s, name, role=role, agency_id=agency, password=PASSWORD)


def make_tokens() -> Tokens:
    with session_scope() as s:
        cam = create_token(s, CAMBS, "cam export").secret
        pbo = create_token(s, PBORO, "pbo export").secret
        police = create_token(s, "cambs-police", "police export").secret
        old = create_token(s, CAMBS, "old export")
        revoke_token(s, old.id, actor="test")
    return Tokens(cam, pbo, police, old.secret)


@pytest.fixture
def hub(warehouse) -> Iterator[Hub]:
    make_users()
    tokens = make_tokens()
    app = create_app()
    sent: list[int] = []
    app.dependency_overrides[get_enqueue] = lambda: sent.append
    with TestClient(app):  # the lifespan, once
        yield Hub(app, tokens, sent)
