"""Sessions that can be ended, and sign-in guessing slowed without locking the owner out
(issue 16, item 3). On SQLite and PostgreSQL: the session rows and the failure counts are
in the database, shared by every web process."""

from __future__ import annotations

import re
import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.security.conftest import PASSWORD, Hub
from workers.accounts import disable_user, enable_user, set_password
from workers.warehouse.db import session_scope
from workers.web.app import create_app

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def browser(app: Any, address: str = "203.0.113.7") -> TestClient:
    return TestClient(app, follow_redirects=False, client=(address, 50000))


def sign_in(client: TestClient, name: str, password: str = PASSWORD):
    token = CSRF.search(client.get("/sign-in").text)[1]  # type: ignore[index]
    return client.post(
        "/sign-in", data={"username": name, "password": password, "csrf_token": token}
    )


def signed_in(app: Any, name: str, address: str = "203.0.113.7") -> TestClient:
    client = browser(app, address)
    assert sign_in(client, name).status_code == 303
    return client


def copy_of(client: TestClient, app: Any) -> TestClient:
    """Another browser holding a copy of ``client``'s session cookie (a stolen one)."""
    thief = browser(app, "198.51.100.66")
    thief.cookies.set("sdh_session", client.cookies["sdh_session"])
    return thief


def sign_out(client: TestClient, page: str = "/queue") -> None:
    token = CSRF.search(client.get(page).text)[1]  # type: ignore[index]
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303


# --- sessions -------------------------------------------------------------------------------


def test_a_cookie_copied_before_sign_out_does_not_work_after_it(hub: Hub) -> None:
    from itsdangerous import URLSafeTimedSerializer

    steward = signed_in(hub.app, "steward")
    # The cookie carries only the session's id: no user id, role or CSRF token in it.
    payload = URLSafeTimedSerializer(
        hub.app.state.web_config.secret_key, salt="sdh.web.session"
    ).loads(steward.cookies["sdh_session"])
    assert list(payload) == ["sid"]
    thief = copy_of(steward, hub.app)
    assert thief.get("/queue").status_code == 200  # the copy works while the session lives
    sign_out(steward)
    assert steward.get("/queue").status_code == 303
    response = thief.get("/queue")
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in")


def test_a_cookie_from_before_disable_does_not_work_after_enable(hub: Hub) -> None:
    cam = signed_in(hub.app, "cam")
    copy = copy_of(cam, hub.app)
    with session_scope() as s:
        disable_user(s, "cam", actor="admin", reason="left the council")
    assert copy.get("/agency").status_code == 303
    with session_scope() as s:
        enable_user(s, "cam", actor="admin")
    assert cam.get("/agency").status_code == 303
    assert copy.get("/agency").status_code == 303
    # The person signs in again and gets a new session; the old cookie stays dead.
    fresh = signed_in(hub.app, "cam")
    assert fresh.get("/agency").status_code == 200
    assert copy.get("/agency").status_code == 303


def test_a_new_password_ends_the_sessions_made_with_the_old_one(hub: Hub) -> None:
    steward = signed_in(hub.app, "steward")
    with session_scope() as s:
        set_password(s, "steward", "quince marmalade on tuesdays", actor="admin")
    assert steward.get("/queue").status_code == 303


def test_another_web_process_sees_the_session_end(hub: Hub) -> None:
    """Two apps on one database stand for two web processes behind a load balancer."""
    other = create_app()
    with TestClient(other):
        steward = signed_in(hub.app, "steward")
        elsewhere = copy_of(steward, other)
        assert elsewhere.get("/queue").status_code == 200
        sign_out(steward)
        assert elsewhere.get("/queue").status_code == 303


def test_an_administrator_lists_and_revokes_sessions(hub: Hub) -> None:
    from workers.cli import app as sdh

    steward, steward_phone, qeg = (
        signed_in(hub.app, "steward"),
        signed_in(hub.app, "steward", "192.0.2.10"),
        signed_in(hub.app, "qeg"),
    )
    runner = CliRunner()
    listed = runner.invoke(sdh, ["users", "sessions", "steward"])
    assert listed.exit_code == 0, listed.output
    assert listed.output.count("live") == 2 and "192.0.2.10" in listed.output
    number = re.search(r"│\s*(\d+)\s*│ steward .*192\.0\.2\.10", listed.output)
    assert number, listed.output
    one = runner.invoke(sdh, ["users", "revoke", "steward", "--session", number[1]])
    assert one.exit_code == 0 and "1 session(s) of steward ended" in one.output
    assert steward_phone.get("/queue").status_code == 303
    assert steward.get("/queue").status_code == 200
    every = runner.invoke(sdh, ["users", "revoke", "steward"])
    assert every.exit_code == 0 and "1 session(s) of steward ended" in every.output
    assert steward.get("/queue").status_code == 303
    assert qeg.get("/packs").status_code == 200  # nobody else's
    unknown = runner.invoke(sdh, ["users", "revoke", "nobody"])
    assert unknown.exit_code == 2 and "No user 'nobody'" in unknown.output
    with session_scope() as s:
        from sqlmodel import select

        from workers.warehouse.models import Event

        ended = [e for e in s.exec(select(Event).where(Event.kind == "sessions_ended"))]
    assert len(ended) == 2 and all('"username": "steward"' in e.detail for e in ended)


def test_idle_and_old_sessions_end(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    import workers.accounts.sessions as sessions
    from workers.warehouse.models import utcnow

    config = hub.app.state.web_config
    idle, longest = timedelta(seconds=config.idle_seconds), timedelta(seconds=config.max_seconds)
    start = utcnow()
    left = signed_in(hub.app, "steward")
    monkeypatch.setattr(sessions, "utcnow", lambda: start + idle + timedelta(minutes=1))
    assert left.get("/queue").status_code == 303
    monkeypatch.setattr(sessions, "utcnow", lambda: start)
    busy = signed_in(hub.app, "steward")
    moment = start
    while moment - start < longest:  # used every half idle period: never idle
        monkeypatch.setattr(sessions, "utcnow", lambda moment=moment: moment)
        assert busy.get("/queue").status_code == 200, moment - start
        moment += idle / 2
    monkeypatch.setattr(sessions, "utcnow", lambda: start + longest + timedelta(minutes=1))
    assert busy.get("/queue").status_code == 303


def test_sessions_ended_long_ago_are_forgotten(hub: Hub) -> None:
    from datetime import timedelta

    from sqlmodel import select

    from workers.accounts.sessions import KEEP_ENDED
    from workers.warehouse.models import WebSession, utcnow

    sign_out(signed_in(hub.app, "steward"))
    sign_out(signed_in(hub.app, "steward"))
    with session_scope() as s:
        old, recent = s.exec(select(WebSession).order_by(WebSession.id)).all()
        old.ended_at = utcnow() - KEEP_ENDED - timedelta(days=1)
        s.add(old)
        s.commit()
    signed_in(hub.app, "qeg")  # each sign-in clears out what is past keeping
    with session_scope() as s:
        left = [r.id for r in s.exec(select(WebSession).order_by(WebSession.id))]
    assert old.id not in left and recent.id in left and len(left) == 2


# --- throttling -----------------------------------------------------------------------------


def test_spraying_one_password_over_many_names_is_slowed_per_address(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDH_SIGNIN_ADDRESS_LIMIT", "8")
    app = create_app()
    with TestClient(app):
        sprayer = browser(app, "198.51.100.9")
        answers = [sign_in(sprayer, f"user{n}", "Winter2020!!").status_code for n in range(12)]
        assert answers[:8] == [400] * 8 and set(answers[8:]) == {429}, answers
        # Each name was tried once only: the per-account limit never saw a second try.
        assert sign_in(browser(app, "192.0.2.44"), "user11", "Winter2020!!").status_code == 400
        # Real names are refused from the sprayer's address too, before any password check.
        assert sign_in(sprayer, "steward").status_code == 429


def test_failures_are_counted_across_web_processes(hub: Hub) -> None:
    other = create_app()
    with TestClient(other):
        apps = [hub.app, other]
        for n in range(5):
            assert (
                sign_in(browser(apps[n % 2], "198.51.100.9"), "steward", "nope").status_code == 400
            )
        for app in apps:
            assert sign_in(browser(app, "192.0.2.3"), "steward").status_code == 429


def test_the_owner_signs_in_during_an_attack_on_their_account(hub: Hub) -> None:
    owner = signed_in(hub.app, "steward", "192.0.2.20")  # signed in before: a known browser
    sign_out(owner)
    for n in range(12):  # attackers from everywhere, failing on purpose
        attacker = browser(hub.app, f"198.51.100.{n}")
        assert sign_in(attacker, "steward", f"guess {n}").status_code in (400, 429)
    stranger = browser(hub.app, "192.0.2.20")  # even from the owner's own address
    refused = sign_in(stranger, "steward")
    assert refused.status_code == 429 and "Wait" in refused.text
    assert "signed in with before" in refused.text
    response = sign_in(owner, "steward")  # the right password from the known browser
    assert response.status_code == 303 and response.headers["location"] == "/queue"
    assert owner.get("/queue").status_code == 200
    sign_out(owner)
    # A known browser's own wrong passwords still count: it cannot be used to guess.
    for _ in range(5):
        assert sign_in(owner, "steward", "wrong wrong wrong").status_code == 400
    assert sign_in(owner, "steward").status_code == 429


def test_a_known_browser_cookie_counts_only_for_its_own_accounts(hub: Hub) -> None:
    mine = signed_in(hub.app, "qeg")
    sign_out(mine, "/packs")
    for n in range(6):
        sign_in(browser(hub.app, f"198.51.100.{n}"), "steward", "guess")
    # The attacker's own account's cookie does not pass the lock on someone else's.
    assert sign_in(mine, "steward", "guess").status_code == 429
    forged = browser(hub.app)
    forged.cookies.set("sdh_browser", "eyJiIjoieCIsImEiOlsiYSJdfQ.forged", path="/sign-in")
    assert sign_in(forged, "steward").status_code == 429


def test_a_wait_does_not_say_whether_the_password_was_right(hub: Hub) -> None:
    for n in range(5):
        sign_in(browser(hub.app, f"198.51.100.{n}"), "steward", "guess")
    right = sign_in(browser(hub.app, "192.0.2.1"), "steward")
    wrong = sign_in(browser(hub.app, "192.0.2.2"), "steward", "another guess")
    assert right.status_code == wrong.status_code == 429
    assert words(right.text) == words(wrong.text)


def words(html: str) -> str:
    """The page's text, without its tags, form values or numbers (the seconds to wait)."""
    return " ".join(re.sub(r"<[^>]+>|\d+", "", html).split())


# --- the cost of checking passwords ---------------------------------------------------------


def test_unknown_names_cost_no_hash_yet_take_a_checks_time(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workers.accounts import passwords

    real = passwords.hasher
    calls: list[str] = []

    class Counting:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def hash(self, *a: Any, **k: Any) -> str:
            calls.append("hash")
            return real.hash(*a, **k)

        def verify(self, *a: Any, **k: Any) -> bool:
            calls.append("verify")
            return real.verify(*a, **k)

    monkeypatch.setattr(passwords, "hasher", Counting())
    slept: list[float] = []
    monkeypatch.setattr(passwords, "sleep", slept.append)
    assert sign_in(browser(hub.app), "steward", "wrong password here").status_code == 400
    assert calls == ["verify"]
    estimate = passwords.slots.current_estimate()
    assert estimate is not None and estimate > 0
    calls.clear()
    for n in range(6):
        assert sign_in(browser(hub.app, f"192.0.2.{n}"), f"nobody{n}", "x" * 20).status_code == 400
    assert calls == []  # no argon2 work at all for names that do not exist
    assert len(slept) == 6 and all(s == pytest.approx(estimate, rel=0.5) for s in slept)


def test_concurrent_password_checks_are_bounded(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    """16 sign-ins at once, real names and unknown ones: never more than
    SDH_PASSWORD_HASH_CONCURRENCY checks (real or pretended) run together."""
    from workers.accounts import passwords

    monkeypatch.setenv("SDH_PASSWORD_HASH_CONCURRENCY", "2")
    passwords.slots.reset()
    real = passwords.hasher
    inside, peak, lock = 0, 0, threading.Lock()

    def hold(work):
        nonlocal inside, peak
        with lock:
            inside += 1
            peak = max(peak, inside)
        try:
            time.sleep(0.05)  # long enough for others to try to get in
            return work()
        finally:
            with lock:
                inside -= 1

    class Watched:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def verify(self, *a: Any, **k: Any) -> bool:
            return hold(lambda: real.verify(*a, **k))

    monkeypatch.setattr(passwords, "hasher", Watched())
    monkeypatch.setattr(passwords, "sleep", lambda s: hold(lambda: None))
    app = create_app()
    with TestClient(app):
        results: list[int] = []

        def one(n: int) -> None:
            name = ("steward", "qeg", "cam", f"nobody{n}")[n % 4]
            results.append(sign_in(browser(app, f"192.0.2.{n}"), name, "wrong").status_code)

        threads = [threading.Thread(target=one, args=(n,)) for n in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert results == [400] * 16
    assert peak == 2


def test_a_sign_in_told_to_come_back_when_every_slot_stays_busy(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workers.accounts import passwords

    monkeypatch.setenv("SDH_PASSWORD_HASH_CONCURRENCY", "1")
    monkeypatch.setattr(passwords, "SLOT_WAIT_SECONDS", 0.01)
    passwords.slots.reset()
    semaphore = passwords.slots.semaphore()
    semaphore.acquire()
    try:
        response = sign_in(browser(hub.app), "steward")
    finally:
        semaphore.release()
    assert response.status_code == 503 and "busy" in response.text
    assert sign_in(browser(hub.app), "steward").status_code == 303
