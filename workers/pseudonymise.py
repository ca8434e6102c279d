"""Keyed hashing of child identifiers, applied as a file is read, before anything is stored.

HMAC-SHA256 rather than a plain hash: child identifiers are short and guessable, so an
unkeyed hash could be reversed by hashing every possible id. The same key gives the same
pseudonym on every load, so a child's events still link across returns.
"""

from __future__ import annotations

import hashlib
import hmac


def normalise_identifier(value: str) -> str:
    """Case and surrounding space are recording noise, not a different child."""
    return value.strip().upper()


def pseudonymise(value: str, key: bytes) -> str:
    digest = hmac.new(key, normalise_identifier(value).encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:32]
