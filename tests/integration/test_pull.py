"""Pulling returns from the agencies' systems, against the local simulator, on SQLite and
PostgreSQL: conditional GET, duplicates, auth, and every way a download can go wrong
without a partial or unwanted submission."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlmodel import select

from tests.conftest import activity_row, csv_bytes
from workers.contracts.loader import get_contract
from workers.errors import SourceError, TransientSourceError
from workers.simulator import AgencySimulator, start_simulator, stop_simulator
from workers.sources.landing import LandingStore, default_store
from workers.sources.pull import close_sessions, pull, pull_return, read_body, source_auth
from workers.warehouse.db import session_scope
from workers.warehouse.models import Event, FeedState, Submission

CONTRACT = "la-csc-activity"
AGENCY = "cambridgeshire-cc"
PERIOD = "2020-04"
PATH = f"/{CONTRACT}/{AGENCY}/{PERIOD}.csv"
TOKEN_ENV = "SDH_SOURCE_TOKEN_CAMBRIDGESHIRE_CC"
TOKEN = "s3cret-token-for-the-simulator"


def _write(directory: Path, activity, period: str = PERIOD, **changes) -> bytes:
    data = csv_bytes(activity, [activity_row(month=period, **changes)])
    path = directory / CONTRACT / AGENCY / f"{period}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


@pytest.fixture
def returns_dir(tmp_path: Path, activity) -> Path:
    directory = tmp_path / "agency-systems"
    _write(directory, activity)
    return directory


@pytest.fixture
def sim(warehouse, returns_dir, monkeypatch) -> Iterator[AgencySimulator]:
    server, base_url = start_simulator(returns_dir, tokens={AGENCY: TOKEN})
    monkeypatch.setenv("SDH_SOURCE_BASE_URL", base_url)
    monkeypatch.delenv("SDH_SOURCE_BASE_URL_CAMBRIDGESHIRE_CC", raising=False)
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    monkeypatch.setenv("SDH_PULL_TIMEOUT_SECONDS", "0.5")
    yield server
    close_sessions()
    stop_simulator(server)


def _submissions() -> list[Submission]:
    with session_scope() as session:
        return list(session.exec(select(Submission).order_by(Submission.id)))


def _state(period: str = PERIOD) -> FeedState | None:
    with session_scope() as session:
        return session.get(
            FeedState, {"contract_id": CONTRACT, "agency_id": AGENCY, "period_label": period}
        )


def _events(kind: str | None = None) -> list[Event]:
    with session_scope() as session:
        query = select(Event).order_by(Event.id)
        if kind:
            query = query.where(Event.kind == kind)
        return list(session.exec(query))


def _no_secret_anywhere(secret: str) -> None:
    for event in _events():
        assert secret not in event.detail
    state = _state()
    assert state is None or secret not in (state.last_error or "")


# --- the normal path -----------------------------------------------------------------------


def test_first_pull_records_a_submission(sim):
    receipt = pull_return(CONTRACT, AGENCY, PERIOD)
    assert receipt is not None and not receipt.duplicate
    (sub,) = _submissions()
    assert (sub.id, sub.source, sub.period_label, sub.status) == (
        receipt.submission_id,
        "pull",
        PERIOD,
        "received",
    )
    state = _state()
    assert state.last_status == "new" and state.submission_id == sub.id
    assert state.etag == f'"{sub.sha256}"' and state.last_sha256 == sub.sha256
    assert state.last_modified
    (pulled,) = _events("pulled")
    assert pulled.submission_id == sub.id
    assert json.loads(pulled.detail)["url"] == f"{sim.base_url}{PATH}"
    _no_secret_anywhere(TOKEN)


def test_second_pull_is_conditional_and_not_modified(sim):
    first = pull_return(CONTRACT, AGENCY, PERIOD)
    assert pull_return(CONTRACT, AGENCY, PERIOD) is None
    before, again = sim.requests_for(PATH)
    assert "If-None-Match" not in before.headers
    assert again.headers["If-None-Match"] == _state().etag
    assert again.headers["If-Modified-Since"] == _state().last_modified
    assert again.status == 304
    assert [s.id for s in _submissions()] == [first.submission_id]
    assert _state().last_status == "not_modified"
    assert len(_events("pulled")) == 1


def test_same_bytes_without_validators_make_no_new_submission(sim):
    sim.conditional = False  # no ETag, no Last-Modified: every pull downloads
    first = pull_return(CONTRACT, AGENCY, PERIOD)
    again = pull_return(CONTRACT, AGENCY, PERIOD)
    assert again is not None and again.duplicate
    assert again.submission_id == first.submission_id
    assert [r.status for r in sim.requests_for(PATH)] == [200, 200]
    assert "If-None-Match" not in sim.requests_for(PATH)[1].headers
    assert len(_submissions()) == 1
    assert _state().last_status == "same"
    assert _events("duplicate_received") == []  # the feed's state says it; no event noise


def test_changed_file_makes_a_new_submission(sim, returns_dir, activity):
    first = pull_return(CONTRACT, AGENCY, PERIOD)
    _write(returns_dir, activity, contacts=2100)
    second = pull_return(CONTRACT, AGENCY, PERIOD)
    assert second is not None and not second.duplicate
    assert second.submission_id != first.submission_id
    assert sim.requests_for(PATH)[1].status == 200  # If-None-Match sent, did not match
    subs = _submissions()
    assert len(subs) == 2
    assert _state().last_sha256 == subs[1].sha256 and _state().submission_id == subs[1].id


def test_default_period_is_the_latest_complete_one(sim, returns_dir, activity):
    from datetime import date

    from workers.periods import period_containing

    latest = period_containing(date.today(), "month").previous().label
    _write(returns_dir, activity, period=latest)
    result = pull(CONTRACT, AGENCY)
    assert result.period == latest and result.status == "new"
    assert _submissions()[0].period_label == latest


def test_per_agency_base_url_wins(sim, monkeypatch):
    monkeypatch.setenv("SDH_SOURCE_BASE_URL", "http://127.0.0.1:9/nowhere")
    monkeypatch.setenv("SDH_SOURCE_BASE_URL_CAMBRIDGESHIRE_CC", sim.base_url + "/")
    assert pull_return(CONTRACT, AGENCY, PERIOD) is not None


def test_missing_file_is_not_an_error(sim):
    assert pull_return(CONTRACT, AGENCY, "2020-05") is None
    assert _state("2020-05").last_status == "missing"
    assert _submissions() == []
    assert _events("pull_failed") == []


# --- auth ----------------------------------------------------------------------------------


def test_missing_token_variable_is_a_clear_error(sim, monkeypatch):
    monkeypatch.delenv(TOKEN_ENV)
    with pytest.raises(SourceError, match=TOKEN_ENV) as caught:
        pull_return(CONTRACT, AGENCY, PERIOD)
    assert not isinstance(caught.value, TransientSourceError)
    assert sim.requests == []  # nothing sent without the credentials
    assert _submissions() == []
    (failed,) = _events("pull_failed")
    assert TOKEN_ENV in json.loads(failed.detail)["reason"]


def test_wrong_token_is_refused_and_nothing_recorded(sim, monkeypatch):
    wrong = "not-the-right-token"
    monkeypatch.setenv(TOKEN_ENV, wrong)
    with pytest.raises(SourceError, match="HTTP 401") as caught:
        pull_return(CONTRACT, AGENCY, PERIOD)
    assert not isinstance(caught.value, TransientSourceError)
    assert TOKEN_ENV in str(caught.value) and wrong not in str(caught.value)
    assert _submissions() == []
    assert _state().last_status == "failed"
    assert len(_events("pull_failed")) == 1
    _no_secret_anywhere(wrong)
    assert sim.requests[0].headers["Authorization"] == "<hidden>"


def test_basic_auth_reads_both_variables(activity, monkeypatch):
    monkeypatch.setitem(activity.source, "auth", "basic")
    monkeypatch.setitem(activity.source, "usernameEnv", "SDH_SOURCE_USER_{AGENCY}")
    monkeypatch.setitem(activity.source, "passwordEnv", "SDH_SOURCE_PASSWORD_{AGENCY}")
    monkeypatch.delenv("SDH_SOURCE_USER_CAMBRIDGESHIRE_CC", raising=False)
    monkeypatch.delenv("SDH_SOURCE_PASSWORD_CAMBRIDGESHIRE_CC", raising=False)
    with pytest.raises(SourceError, match="SDH_SOURCE_USER_CAMBRIDGESHIRE_CC"):
        source_auth(activity, AGENCY)
    monkeypatch.setenv("SDH_SOURCE_USER_CAMBRIDGESHIRE_CC", "hub")
    monkeypatch.setenv("SDH_SOURCE_PASSWORD_CAMBRIDGESHIRE_CC", "pw")
    auth, names = source_auth(activity, AGENCY)
    assert isinstance(auth, requests.auth.HTTPBasicAuth) and auth.username == "hub"
    assert names == ["SDH_SOURCE_USER_CAMBRIDGESHIRE_CC", "SDH_SOURCE_PASSWORD_CAMBRIDGESHIRE_CC"]


# --- failures ------------------------------------------------------------------------------


def test_gateway_error_is_retried_within_the_pull(sim):
    sim.inject(PATH, "status", status=503, retry_after=0)
    assert pull_return(CONTRACT, AGENCY, PERIOD) is not None
    assert [r.status for r in sim.requests_for(PATH)] == [503, 200]
    assert len(_submissions()) == 1


def test_server_error_is_transient_then_a_retry_succeeds(sim):
    sim.inject(PATH, "status", status=500)
    with pytest.raises(TransientSourceError, match="HTTP 500"):
        pull_return(CONTRACT, AGENCY, PERIOD)
    assert _submissions() == [] and _state().last_status == "failed"
    assert _events("pull_failed") == []  # transient: the actor retries; no failure yet
    assert pull_return(CONTRACT, AGENCY, PERIOD) is not None
    assert len(_submissions()) == 1 and _state().last_status == "new"


def test_timeout_is_transient(sim):
    sim.inject(PATH, "timeout", delay=3)
    with pytest.raises(TransientSourceError, match=r"no answer within 0\.5 s"):
        pull_return(CONTRACT, AGENCY, PERIOD)
    assert _submissions() == []


def test_refused_connection_is_transient(sim, monkeypatch):
    monkeypatch.setenv("SDH_SOURCE_BASE_URL", "http://127.0.0.1:9")
    with pytest.raises(TransientSourceError, match="cannot connect"):
        pull_return(CONTRACT, AGENCY, PERIOD)


def test_truncated_body_is_transient_and_never_a_submission(sim):
    sim.inject(PATH, "truncate")
    with pytest.raises(TransientSourceError, match="incomplete"):
        pull_return(CONTRACT, AGENCY, PERIOD)
    assert _submissions() == []
    assert _state().etag is None  # the next pull downloads the whole file again
    assert pull_return(CONTRACT, AGENCY, PERIOD) is not None


def test_oversized_file_is_refused(sim, monkeypatch):
    monkeypatch.setenv("SDH_MAX_UPLOAD_BYTES", "100")
    with pytest.raises(SourceError, match="limit is 100") as caught:
        pull_return(CONTRACT, AGENCY, PERIOD)
    assert not isinstance(caught.value, TransientSourceError)
    assert _submissions() == []
    assert len(_events("pull_failed")) == 1


def _response(body: bytes, headers: dict[str, str] | None = None) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response.raw = io.BytesIO(body)
    response.headers.update(headers or {})
    return response


def _left_on_disk(store: LandingStore) -> list[Path]:
    return [p for p in store.root.rglob("*") if p.is_file()]


def test_size_limit_holds_without_content_length(tmp_path):
    store = LandingStore(tmp_path / "landing")
    with pytest.raises(SourceError, match="over the limit of 10 bytes"):
        read_body(_response(b"x" * 11), 10, "http://agency/x.csv", store)
    assert _left_on_disk(store) == []  # nothing of the refused body stays
    body = read_body(_response(b"x" * 10), 10, "http://agency/x.csv", store)
    assert body.read_bytes() == b"x" * 10  # sealed on disk (see test_landing_store.py)
    assert (body.size, body.sha256) == (10, hashlib.sha256(b"x" * 10).hexdigest())


def test_short_body_against_content_length_is_transient(tmp_path):
    store = LandingStore(tmp_path / "landing")
    with pytest.raises(TransientSourceError, match="received 5 of the 9 bytes"):
        read_body(_response(b"a,b\n1", {"Content-Length": "9"}), 100, "http://agency/x.csv", store)
    assert _left_on_disk(store) == []


def test_a_pulled_file_is_never_held_in_memory_whole(sim, returns_dir):
    """A pull writes the body to the landing store as it arrives: the peak memory of a
    process pulling a 60 MB file is that of one pulling a file of a few bytes (it was
    the file's size and more, the body gathered in memory and hashed there)."""
    from benchmarks.measure import run_measured

    small, large = "2020-05", "2020-06"
    _write(returns_dir, get_contract(CONTRACT), small)
    line = b"E10000003,2020-06,1,2,3,4,5,6,7,8\n"
    big = returns_dir / CONTRACT / AGENCY / f"{large}.csv"
    big.write_bytes(line * (60_000_000 // len(line)))
    script = (
        "import sys; from workers.sources.pull import pull; "
        "print(pull(sys.argv[1], sys.argv[2], sys.argv[3]).status)"
    )
    peaks = {}
    for period in (small, large):
        run = run_measured([sys.executable, "-c", script, CONTRACT, AGENCY, period])
        assert run.stdout.strip() == "new", run.stderr
        peaks[period] = run.peak_mb
    assert peaks[large] - peaks[small] < 10, peaks
    (sub,) = [s for s in _submissions() if s.period_label == large]
    with default_store().open(sub.sha256) as landed:
        assert sub.size_bytes == big.stat().st_size == landed.raw.size
        assert sub.sha256 == hashlib.file_digest(landed, "sha256").hexdigest()
    assert sub.sha256 == hashlib.sha256(big.read_bytes()).hexdigest()
    assert not list((default_store().root / ".incoming").iterdir())


# --- through the runtime and the CLI -------------------------------------------------------


def test_pull_feed_actor_ends_with_the_return_loaded(sim):
    from workers.runtime import actors
    from workers.runtime.embedded import EmbeddedRuntime

    sim.inject(PATH, "status", status=500)  # first try fails; the actor's retry succeeds
    with EmbeddedRuntime(threads=2) as rt:
        actors.pull_feed.send_with_options(
            args=(CONTRACT, AGENCY, PERIOD), min_backoff=10, max_backoff=50
        )
        rt.drain(timeout=60)
    (sub,) = _submissions()
    assert sub.status == "loaded" and sub.rows_loaded == 1
    assert [r.status for r in sim.requests_for(PATH)] == [500, 200]
    kinds = [e.kind for e in _events()]
    assert "pulled" in kinds and "loaded" in kinds and "step_failed" not in kinds


def test_cli_pull_validates_and_loads(sim):
    from typer.testing import CliRunner

    from workers.cli import app

    runner = CliRunner()
    sim.inject(PATH, "columns")  # first a file missing a column: back to the agency
    held = runner.invoke(app, ["pull", CONTRACT, "--agency", AGENCY, "--period", PERIOD])
    assert held.exit_code == 1, held.output
    said = " ".join(held.output.split())
    assert "returned to the agency: nothing loaded" in said and "None" not in said
    good = runner.invoke(app, ["pull", CONTRACT, "--agency", AGENCY, "--period", PERIOD])
    assert good.exit_code == 0, good.output
    assert "loaded" in good.output
    again = runner.invoke(app, ["pull", CONTRACT, "--agency", AGENCY, "--period", PERIOD])
    assert again.exit_code == 0 and "not modified" in again.output
    # The second, good version answers the refused one, which stays in the lineage.
    assert [s.status for s in _submissions()] == ["rejected", "loaded"]
