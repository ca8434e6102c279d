"""Keyed hashing of child identifiers, applied as a file is read, before anything is stored.

HMAC-SHA256 rather than a plain hash: child identifiers are short and guessable, so an
unkeyed hash could be reversed by hashing every possible id. The same key gives the same
pseudonym on every load, so a child's events still link across returns.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

_BLOCK = 64  # SHA-256's block size, as HMAC pads the key to it (RFC 2104)

try:  # CPython's own SHA-256 (``_sha2`` from 3.12): for an identifier of a few bytes,
    # copying its state costs less than copying OpenSSL's, an eighth of a column's hashing
    from _sha2 import sha256 as _sha256  # type: ignore[import-not-found]
except ImportError:
    try:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found,no-redef]
    except ImportError:  # a build without them: OpenSSL's, the same digest
        _sha256 = hashlib.sha256  # type: ignore[assignment]


def normalise_identifier(value: str) -> str:
    """Case and surrounding space are recording noise, not a different child."""
    return value.strip().upper()


def pseudonymise(value: str, key: bytes) -> str:
    return hmac.digest(key, normalise_identifier(value).encode("utf-8"), "sha256").hex()[:32]


def pseudonymise_many(values: Iterable[str], key: bytes) -> list[str]:
    """``pseudonymise`` over a whole column, for the bulk reader.

    The same HMAC, with its two keyed SHA-256 states worked out once per column instead
    of once per value: that halves the cost of hashing a million identifiers.
    """
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    inner = _sha256(key.translate(hmac.trans_36)).copy
    outer = _sha256(key.translate(hmac.trans_5C)).copy
    out = []
    append = out.append
    for value in values:
        h = inner()
        h.update(normalise_identifier(value).encode("utf-8"))
        g = outer()
        g.update(h.digest())
        append(g.hexdigest()[:32])
    return out
