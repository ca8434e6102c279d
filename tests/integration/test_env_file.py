"""The deployment's ``.env``: ``sdh env new`` writes every credential with fresh values, and
a token written there is what ``sdh pull`` sends and ``sdh simulate`` checks, with no
variable exported (README's ``sdh pull la-csc-activity --agency cambridgeshire-cc
--period 2021-04`` failed with "SDH_SOURCE_TOKEN_CAMBRIDGESHIRE_CC is not set")."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from dotenv import dotenv_values
from typer.testing import CliRunner

from tests.conftest import activity_row, csv_bytes
from workers.cli import app
from workers.errors import SourceError
from workers.simulator import start_simulator, stop_simulator
from workers.sources.pull import close_sessions, configured_tokens, pull

TOKEN = "SDH_SOURCE_TOKEN_CAMBRIDGESHIRE_CC"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An operator's folder to run `sdh` in, with no source token in the environment."""
    for name in ("SDH_SOURCE_TOKEN_CAMBRIDGESHIRE_CC", "SDH_SOURCE_BASE_URL_CAMBRIDGESHIRE_CC"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "operator"
    home.mkdir()
    monkeypatch.chdir(home)
    return home


def test_env_new_writes_every_credential_filled_and_private(folder):
    result = CliRunner().invoke(app, ["env", "new"])
    assert result.exit_code == 0, result.output
    env = folder / ".env"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    values = dotenv_values(env)
    for name in ("SDH_PSEUDONYM_KEY", "SDH_SECRET_KEY", "POSTGRES_PASSWORD", TOKEN):
        assert len(values[name] or "") >= 32, name
    assert values["SDH_PSEUDONYM_KEY"] != values["SDH_SECRET_KEY"]
    before = env.read_text()
    again = CliRunner().invoke(app, ["env", "new"])
    assert again.exit_code == 2 and ".env exists" in again.output
    assert env.read_text() == before  # keys that may protect data are never replaced


@pytest.fixture
def agency_system(folder, warehouse, activity, monkeypatch) -> Iterator[str]:
    """The simulator serving one return, started as `sdh simulate` starts it: with the
    tokens configured where it runs."""
    served = folder / "samples" / "la-csc-activity" / "cambridgeshire-cc" / "2021-04.csv"
    served.parent.mkdir(parents=True)
    served.write_bytes(csv_bytes(activity, [activity_row(month="2021-04")]))
    assert CliRunner().invoke(app, ["env", "new"]).exit_code == 0
    server, base_url = start_simulator(folder / "samples", tokens=configured_tokens())
    monkeypatch.setenv("SDH_SOURCE_BASE_URL", base_url)
    yield base_url
    close_sessions()
    stop_simulator(server)


def test_a_token_in_the_env_file_is_sent_and_checked(agency_system, folder):
    token = dotenv_values(folder / ".env")[TOKEN]
    url = f"{agency_system}/la-csc-activity/cambridgeshire-cc/2021-04.csv"
    assert requests.get(url, timeout=10).status_code == 401  # the simulator checks it
    assert requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10).ok
    result = pull("la-csc-activity", "cambridgeshire-cc", "2021-04")
    assert result.status == "new" and result.receipt is not None


def test_without_the_token_the_pull_names_the_variable_to_set(folder, warehouse):
    with pytest.raises(SourceError, match=f"the environment variable {TOKEN} is not set"):
        pull("la-csc-activity", "cambridgeshire-cc", "2021-04")


def test_the_environment_wins_over_the_env_file(agency_system, monkeypatch):
    monkeypatch.setenv(TOKEN, "not-the-one-the-simulator-knows")
    with pytest.raises(SourceError):
        pull("la-csc-activity", "cambridgeshire-cc", "2021-04")


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_the_database_password_given_apart_is_used_and_never_shown(database_url, monkeypatch):
    """As docker-compose passes it: the URL without a password, the password apart (here
    with the characters that broke the URL it used to be pasted into)."""
    from sqlalchemy.engine import make_url

    from workers.settings import get_settings

    password = "SENTINEL-p@ss:w/rd%#"
    url = make_url(database_url)
    assert url.password is None
    monkeypatch.setenv("SDH_DATABASE_PASSWORD", password)
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert password not in result.output and f"{url.username}:***@" in result.output
    settings = get_settings()
    assert make_url(settings.resolved_database_url).password == password
    assert password not in repr(settings) + str(settings)
