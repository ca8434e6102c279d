"""Password hashing with argon2id (argon2-cffi), and the checks a new password must pass.

Only the hash is ever stored. ``burn_verify`` spends the same time as a real check, so a
sign-in for a name that does not exist takes as long as one with a wrong password and the
timing does not tell an attacker which names are real.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from workers.accounts.errors import WeakPassword

MIN_LENGTH = 12
#: argon2 has no length limit; a megabyte "password" would only be a way to burn our CPU.
MAX_LENGTH = 1024

#: The parameters new hashes are made with. Tests (and a future hardening) replace it; a
#: stored hash made with other parameters is re-made at the next successful sign-in.
hasher = PasswordHasher()
_dummy: tuple[PasswordHasher, str] | None = None


def check_password_rules(password: str, username: str = "") -> None:
    """Refuse passwords that are too short, too long or the username itself."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(
            f"The password must have at least {MIN_LENGTH} characters; a few unrelated "
            "words make a long one that is easy to remember"
        )
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"The password can have at most {MAX_LENGTH} characters")
    if username and password.strip().lower() == username.strip().lower():
        raise WeakPassword("The password cannot be the username")


def hash_password(password: str) -> str:
    return hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; False for a wrong password or an unusable hash."""
    try:
        return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than ``hasher`` uses now."""
    try:
        return hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def burn_verify(password: str) -> None:
    """Check ``password`` against a throwaway hash made with the current parameters."""
    global _dummy
    if _dummy is None or _dummy[0] is not hasher:
        _dummy = (hasher, hasher.hash(secrets.token_urlsafe(16)))
    verify_password(_dummy[1], password)
