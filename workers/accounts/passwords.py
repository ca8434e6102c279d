"""Password hashing with argon2id (argon2-cffi), and the checks a new password must pass.

Only the hash is ever stored. Each argon2 check takes 64 MiB and a core for a moment, so
at most ``SDH_PASSWORD_HASH_CONCURRENCY`` run at once in a process (a semaphore): a burst
of sign-ins queues instead of taking the machine's memory. A sign-in for a name that does
not exist costs no hash at all, yet takes as long as one (``pretend_verify`` holds a slot
for the time a real check has been taking), so neither the answer nor its timing says
which names are real.

A new password must be 12 to 1,024 characters and hard to guess, as NIST SP 800-63B asks:
not on the 30,000 most common passwords, not a repeat or a sequence, not built from the
username or the hub's name. zxcvbn (Dropbox's estimator, with those lists) judges it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from workers.accounts.errors import HashingBusy, WeakPassword

MIN_LENGTH = 12
#: argon2 has no length limit; a megabyte "password" would only be a way to burn our CPU.
MAX_LENGTH = 1024
#: zxcvbn's score from 0 to 4; 3 means "safely unguessable" (about 10^8 guesses or more).
MIN_SCORE = 3
#: zxcvbn judges at most this many characters (its own limit); longer passwords are long.
_JUDGED = 72
#: Words anyone attacking this hub would try first.
CONTEXT_WORDS = ("safeguarding", "children", "partnership", "hub", "sdh", "data", "qeg")
#: How long a sign-in waits for a free hashing slot before it is told to try again.
SLOT_WAIT_SECONDS = 20.0

#: The parameters new hashes are made with. Tests (and a future hardening) replace it; a
#: stored hash made with other parameters is re-made at the next successful sign-in.
hasher = PasswordHasher()


def check_password_rules(password: str, username: str = "", *others: str) -> None:
    """Refuse a password that is too short or too long, or easy to guess; the message
    says why and what makes a good one."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(
            f"The password must have at least {MIN_LENGTH} characters; a few unrelated "
            "words make a long one that is easy to remember"
        )
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"The password can have at most {MAX_LENGTH} characters")
    name = username.strip().lower()
    if name and password.strip().lower() == name:
        raise WeakPassword("The password cannot be the username")
    if len(name) >= 4 and name in password.lower():
        raise WeakPassword("The password cannot contain the username")
    from zxcvbn import zxcvbn

    words = [w for w in (username, *others, *CONTEXT_WORDS) if w]
    judged = zxcvbn(password[:_JUDGED], user_inputs=words)
    if judged["score"] < MIN_SCORE:
        feedback = judged["feedback"]
        why = feedback.get("warning") or "It is close to passwords attackers try first."
        raise WeakPassword(
            f"That password is too easy to guess: {why.rstrip('.')}. Choose another: three "
            "or four unrelated words, not a common password, a name, a repeat or a sequence"
        )


# --- bounded hashing -----------------------------------------------------------------------


class _Slots:
    """The semaphore bounding concurrent argon2 work, and the running estimate of how long
    one check takes (for ``pretend_verify``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._semaphore: threading.BoundedSemaphore | None = None
        self._size = 0
        self.estimate: float | None = None
        self._estimated_for: PasswordHasher | None = None

    def semaphore(self) -> threading.BoundedSemaphore:
        from workers.settings import get_settings

        size = max(1, get_settings().password_hash_concurrency)
        with self._lock:
            if self._semaphore is None or size != self._size:
                self._semaphore, self._size = threading.BoundedSemaphore(size), size
            return self._semaphore

    def note(self, seconds: float) -> None:
        """Fold one real check's duration into the estimate (a moving average)."""
        with self._lock:
            if self._estimated_for is not hasher or self.estimate is None:
                self.estimate, self._estimated_for = seconds, hasher
            else:
                self.estimate = 0.8 * self.estimate + 0.2 * seconds

    def current_estimate(self) -> float | None:
        with self._lock:
            return self.estimate if self._estimated_for is hasher else None

    def reset(self) -> None:
        with self._lock:
            self._semaphore, self._size, self.estimate, self._estimated_for = None, 0, None, None


slots = _Slots()


@contextmanager
def hashing_slot() -> Iterator[None]:
    """Hold one of the process's hashing slots; HashingBusy if none frees up in time."""
    semaphore = slots.semaphore()
    if not semaphore.acquire(timeout=SLOT_WAIT_SECONDS):
        raise HashingBusy("The hub is busy checking other sign-ins; try again in a minute")
    try:
        yield
    finally:
        semaphore.release()


def hash_password(password: str) -> str:
    with hashing_slot():
        return hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; False for a wrong password or an unusable hash."""
    with hashing_slot():
        started = time.perf_counter()
        ok = _verify(password_hash, password)
        slots.note(time.perf_counter() - started)
    return ok


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than ``hasher`` uses now."""
    try:
        return hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


#: Replaced by tests to watch what a pretended check waits for.
sleep = time.sleep


def pretend_verify() -> None:
    """Take as long as a real check, in a slot like one, but without hashing: a name that
    does not exist costs an attacker's request time, not the hub's memory and CPU. The
    first time in a process (no check measured yet) one real check is made to measure."""
    with hashing_slot():
        estimate = slots.current_estimate()
        if estimate is None:
            dummy = hasher.hash(secrets.token_urlsafe(16))
            started = time.perf_counter()
            _verify(dummy, secrets.token_urlsafe(16))
            slots.note(time.perf_counter() - started)
        else:
            sleep(estimate)
