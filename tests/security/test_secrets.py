"""Secrets come only from the environment and never come back out.

Every secret the hub holds is set to a recognisable sentinel: the pseudonym key, the web
session key, the pull token of an agency's system, the SMTP password, the push client's API
token, the database password, an agency's API token, a user's password. Then flows that
fail are driven on purpose (a pull refused by the agency's system, a mail server refusing
the login, a malformed SMTP URL, bad tokens and passwords, a crash inside a request, the
database unreachable, ``sdh push`` to a hub that is down), and every log record, every
command's output, every HTTP answer and every row of every table is searched for every
sentinel.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import activity_row, csv_bytes
from tests.security.conftest import CAMBS, make_tokens, make_users
from tests.support import free_port as _free_port
from workers.cli import app as cli
from workers.contracts.loader import get_contract
from workers.pipeline import ingest
from workers.settings import Settings, get_settings
from workers.warehouse.db import get_engine, init_db
from workers.web.app import create_app

SENTINELS = {
    "pseudonym key": "SENTINEL-pseudonym-key-1d8e5c",
    "session key": "SENTINEL-session-key-6a0f93-" + "s" * 24,
    "pull token": "SENTINEL-pull-token-77c1b2",
    "smtp password": "SENTINEL-smtp-password-3e9d",
    "push token": "sdh_SENTINEL-push-token-0b7f44",
    "database password": "SENTINEL-db-password-58aa",
    "presented token": "sdh_SENTINEL-presented-token-91c3",
    "user password": "SENTINEL-user-password-c41e",
}


@pytest.fixture
def secrets_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The environment of a services deployment, every secret a sentinel; on PostgreSQL the
    database URL carries a password too (the test server trusts local connections, so it
    is accepted and ignored)."""
    url = database_url
    if url.startswith("postgresql"):
        url = url.replace("postgres@", f"postgres:{SENTINELS['database password']}@", 1)
        assert url != database_url
    monkeypatch.setenv("SDH_DATABASE_URL", url)
    monkeypatch.setenv("SDH_PSEUDONYM_KEY", SENTINELS["pseudonym key"])
    monkeypatch.setenv("SDH_SECRET_KEY", SENTINELS["session key"])
    monkeypatch.setenv("SDH_SOURCE_TOKEN_CAMBRIDGESHIRE_CC", SENTINELS["pull token"])
    monkeypatch.setenv("SDH_API_TOKEN", SENTINELS["push token"])
    monkeypatch.setenv("SDH_API_URL", f"http://127.0.0.1:{_free_port()}")  # nothing listens
    monkeypatch.setenv("SDH_PULL_TIMEOUT_SECONDS", "2")
    init_db(get_engine(url))
    yield url


def test_settings_never_show_a_secret(secrets_env: str, monkeypatch) -> None:
    monkeypatch.setenv("SDH_SMTP_URL", f"smtp://hub:{SENTINELS['smtp password']}@mail:25")
    settings = get_settings()
    shown = " ".join([str(settings), repr(settings), settings.model_dump_json()])
    for name in ("pseudonym key", "session key", "push token", "smtp password"):
        assert SENTINELS[name] not in shown, name
    # They are there all the same, for the code that needs them.
    assert settings.pseudonym_key_bytes == SENTINELS["pseudonym key"].encode()
    assert isinstance(settings, Settings) and settings.smtp_url is not None
    assert SENTINELS["smtp password"] in settings.smtp_url.get_secret_value()
    from workers.notify.channels import SmtpConfig

    config = SmtpConfig.from_url(settings.smtp_url.get_secret_value())
    assert config.password == SENTINELS["smtp password"]
    assert SENTINELS["smtp password"] not in repr(config)


def test_no_secret_reaches_a_log_an_event_an_answer_or_an_output(
    secrets_env: str, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch
) -> None:
    from aiosmtpd.controller import Controller

    from workers.notify.outbox import dispatch_pending
    from workers.simulator import start_simulator, stop_simulator
    from workers.sources.pull import close_sessions, pull

    caplog.set_level(logging.DEBUG)
    seen: dict[str, str] = {}
    runner = CliRunner()
    activity = get_contract("la-csc-activity")

    # 1. A pull the agency's system refuses: it expects another token than ours.
    returns = tmp_path / "agency-systems" / "la-csc-activity" / CAMBS
    returns.mkdir(parents=True)
    (returns / "2020-04.csv").write_bytes(csv_bytes(activity, [activity_row()]))
    server, base_url = start_simulator(tmp_path / "agency-systems", tokens={CAMBS: "the-right-one"})
    monkeypatch.setenv("SDH_SOURCE_BASE_URL", base_url)
    try:
        try:
            pull("la-csc-activity", CAMBS, "2020-04")
        except Exception as exc:  # refused: recorded, and raised for the scheduler
            seen["pull error"] = f"{exc!r} {exc}"
        result = runner.invoke(
            cli, ["pull", "la-csc-activity", "--agency", CAMBS, "--period", "2020-04"]
        )
        seen["sdh pull"] = result.output + repr(result.exception)
    finally:
        close_sessions()
        stop_simulator(server)
    assert "401" in seen["pull error"] + seen["sdh pull"]

    # 2. Email: a mail server that refuses our login, then a malformed SMTP URL.
    bad = activity_row(referrals=2500)
    assert ingest("la-csc-activity", CAMBS, csv_bytes(activity, [bad]), "bad.csv").submission
    sink = Controller(object(), hostname="127.0.0.1", port=_free_port())
    sink.start()
    try:
        password = SENTINELS["smtp password"]
        monkeypatch.setenv("SDH_SMTP_URL", f"smtp://hubmail:{password}@127.0.0.1:{sink.port}")
        assert dispatch_pending().failed >= 1
    finally:
        sink.stop()
    monkeypatch.setenv("SDH_SMTP_URL", f"smtpx://hubmail:{SENTINELS['smtp password']}@mail:25")
    from datetime import timedelta

    from workers.warehouse.models import utcnow

    assert dispatch_pending(now=utcnow() + timedelta(hours=1)).failed >= 1
    seen["sdh notify list"] = runner.invoke(cli, ["notify", "list"]).output

    # 3. The web app: bad tokens, a wrong password, a crash inside a request.
    make_users()
    tokens = make_tokens()
    app = create_app()
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        for header in (f"Bearer {SENTINELS['presented token']}", SENTINELS["presented token"]):
            answer = client.get("/api/v1/submissions/1", headers={"Authorization": header})
            seen[f"api {header[:6]}"] = answer.text + str(answer.headers)
            assert answer.status_code == 401
        form = client.get("/sign-in").text
        csrf = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        wrong = client.post(
            "/sign-in",
            data={
                "username": "steward",
                "password": SENTINELS["user password"],
                "csrf_token": csrf,
            },
        )
        seen["sign-in"] = wrong.text + str(wrong.headers)
        assert wrong.status_code == 400

        def crash(*_a, **_k):
            raise RuntimeError("the disk caught fire")

        monkeypatch.setattr("workers.web.intake.receive_return", crash)
        crashed = client.post(
            "/api/v1/returns/la-csc-activity",
            headers={"Authorization": f"Bearer {tokens.cam}"},
            files={"file": ("a.csv", csv_bytes(activity, [activity_row()]), "text/csv")},
        )
        seen["crash"] = crashed.text + str(crashed.headers)
        assert crashed.status_code == 500 and "reference" in crashed.text
        assert tokens.cam not in crashed.text

    # 4. The database unreachable (its URL, with the password, points nowhere).
    nowhere = f"127.0.0.1:{_free_port()}"
    password = SENTINELS["database password"]
    monkeypatch.setenv("SDH_DATABASE_URL", f"postgresql+psycopg://postgres:{password}@{nowhere}/x")
    down = create_app()
    client = TestClient(down, raise_server_exceptions=False)  # no lifespan: it would fail
    for path in ("/readyz", "/api/v1/submissions/1"):
        answer = client.get(path, headers={"Authorization": f"Bearer {tokens.cam}"})
        seen[f"down {path}"] = answer.text
        assert answer.status_code == 503
    monkeypatch.setenv("SDH_DATABASE_URL", secrets_env)

    # 5. `sdh push` (SDH_API_TOKEN) to a hub that is not running.
    upload = tmp_path / "a.csv"
    upload.write_bytes(csv_bytes(activity, [activity_row(month="2020-05")]))
    pushed = runner.invoke(cli, ["push", "la-csc-activity", str(upload)])
    seen["sdh push"] = pushed.output + repr(pushed.exception)
    assert pushed.exit_code != 0

    # Now search everything.
    engine = get_engine(secrets_env)
    with engine.connect() as conn:
        for table in sa.inspect(engine).get_table_names():
            rows = conn.execute(sa.text(f'SELECT * FROM "{table}"')).all()
            seen[f"table {table}"] = "\n".join("|".join(map(str, r)) for r in rows)
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        if record.exc_info and not record.exc_text:
            text += logging.Formatter().formatException(record.exc_info)
        seen[f"log {record.name} {id(record)}"] = text
    assert seen["table event"] and seen["table notification"]
    assert "the disk caught fire" in " ".join(v for k, v in seen.items() if k.startswith("log"))
    leaks = {
        (secret, where)
        for secret, value in SENTINELS.items()
        for where, text in seen.items()
        if value in text
    }
    assert not leaks, sorted(leaks)
