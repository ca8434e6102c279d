"""Slowing password guessing down without locking the real person out.

Failed sign-ins are rows in the database (``signin_failure``), so every web process and
the embedded mode count the same failures. Two limits apply within a window:

- per **account**: after ``account_limit`` failures, a try for that account must wait;
- per **client address**: after ``address_limit`` failures, whatever the names tried
  (spraying one password over many accounts), a try from that address must wait.

The wait is ``pause`` seconds after the last failure, doubling with each failure past the
limit, up to the window. A browser that has signed in to the account before carries a
signed "known browser" cookie; its tries are not held by either limit (only by its own
failures), so an attacker who fails on purpose cannot keep the owner out. The check is
made before the password is looked at, so a wait never tells whether a password was right.

Names, addresses and browsers are stored as keyed hashes, and only for the window.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from workers.warehouse.models import SignInFailure, as_utc, utcnow


@dataclass(frozen=True)
class Policy:
    account_limit: int = 5
    address_limit: int = 30
    window: timedelta = timedelta(minutes=15)
    pause: float = 30.0

    @classmethod
    def from_settings(cls) -> Policy:
        from workers.settings import get_settings

        s = get_settings()
        return cls(
            account_limit=max(1, s.signin_account_limit),
            address_limit=max(1, s.signin_address_limit),
            window=timedelta(minutes=max(1, s.signin_window_minutes)),
            pause=max(0.0, s.signin_pause_seconds),
        )


@dataclass(frozen=True)
class Attempt:
    """Who is trying: the name typed, the client's address, and the browser's id when its
    known-browser cookie is valid for this very account (else None)."""

    username: str
    address: str
    known_browser: str | None = None


class Throttle:
    def __init__(self, key: bytes, policy: Policy | None = None) -> None:
        self._key = key
        self.policy = policy or Policy()

    def tag(self, kind: str, value: str) -> str:
        """The keyed hash a name, address or browser id is stored as."""
        return hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:40]

    def wait_needed(self, db: Session, attempt: Attempt) -> float:
        """Seconds this attempt must wait before its password is even checked (0: go on)."""
        p = self.policy
        if attempt.known_browser is not None:
            checks = [
                (SignInFailure.device, self.tag("browser", attempt.known_browser), p.account_limit)
            ]
        else:
            checks = [
                (SignInFailure.account, self.tag("account", attempt.username), p.account_limit),
                (SignInFailure.address, self.tag("address", attempt.address), p.address_limit),
            ]
        since = utcnow() - p.window
        wait = 0.0
        for column, value, limit in checks:
            count, last = db.exec(
                select(func.count(), func.max(SignInFailure.at)).where(
                    column == value, SignInFailure.at > since
                )
            ).one()
            if count >= limit and last is not None:
                wait = max(wait, self._pause_after(count - limit, as_utc(last)))
        return wait

    def _pause_after(self, beyond: int, last: datetime) -> float:
        pause = min(self.policy.pause * 2 ** min(beyond, 20), self.policy.window.total_seconds())
        return max(0.0, pause - (utcnow() - last).total_seconds())

    def failed(self, db: Session, attempt: Attempt) -> None:
        """Count a failure against the account, the address and the browser; forget
        failures older than the window while at it."""
        db.execute(
            delete(SignInFailure).where(col(SignInFailure.at) < utcnow() - self.policy.window)
        )
        db.add(
            SignInFailure(
                account=self.tag("account", attempt.username),
                address=self.tag("address", attempt.address),
                device=self.tag("browser", attempt.known_browser)
                if attempt.known_browser
                else None,
            )
        )
        db.commit()

    def succeeded(self, db: Session, attempt: Attempt) -> None:
        """The right password. From a known browser only that browser's failures are
        forgiven, so the owner signing in during an attack does not reopen the account to
        strangers; otherwise the account's are (the address's never are, so one good
        account does not reset a sprayer's count)."""
        if attempt.known_browser is not None:
            which = col(SignInFailure.device) == self.tag("browser", attempt.known_browser)
        else:
            which = col(SignInFailure.account) == self.tag("account", attempt.username)
        db.execute(delete(SignInFailure).where(which))
        db.commit()
