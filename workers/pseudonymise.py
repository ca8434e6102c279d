"""Keyed hashing of child identifiers, applied as a file is read, before anything is stored.

HMAC-SHA256 rather than a plain hash: child identifiers are short and guessable, so an
unkeyed hash could be reversed by hashing every possible id. The same key gives the same
pseudonym on every load, so a child's events still link across returns.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
from collections.abc import Callable, Iterable
from typing import Any

_BLOCK = 64  # SHA-256's block size, as HMAC pads the key to it (RFC 2104)


def _builtin_sha256() -> Callable[[bytes], Any]:
    """CPython's own SHA-256 (``_sha256``, ``_sha2`` from 3.12): for an identifier of a few
    bytes, copying its state costs less than copying OpenSSL's (docs/performance.md,
    "Figures behind the code's choices"). A build without it gets OpenSSL's: the same
    digest."""
    for name in ("_sha2", "_sha256"):
        try:
            return importlib.import_module(name).sha256
        except ImportError:
            continue
    return hashlib.sha256


_sha256 = _builtin_sha256()


def normalise_identifier(value: str) -> str:
    """Case and surrounding space are recording noise, not a different child."""
    return value.strip().upper()


def pseudonymise(value: str, key: bytes) -> str:
    return hmac.digest(key, normalise_identifier(value).encode("utf-8"), "sha256").hex()[:32]


def _keyed(key: bytes) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """HMAC's two keyed SHA-256 states (RFC 2104), as functions giving a fresh copy."""
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    return _sha256(key.translate(hmac.trans_36)).copy, _sha256(key.translate(hmac.trans_5C)).copy


def pseudonymise_many(values: Iterable[str], key: bytes) -> list[str]:
    """``pseudonymise`` over a whole column, for a whole column.

    The same HMAC, with its two keyed SHA-256 states worked out once per column instead
    of once per value (docs/performance.md, "Figures behind the code's choices").
    """
    inner, outer = _keyed(key)
    out: list[str] = []
    append = out.append
    for value in values:
        h = inner()
        h.update(normalise_identifier(value).encode("utf-8"))
        g = outer()
        g.update(h.digest())
        append(g.hexdigest()[:32])
    return out


def pseudonymise_normalised(offsets: list[int], data: bytes, key: bytes) -> bytes:
    """The pseudonyms, end to end as ASCII, of identifiers already normalised and encoded
    (``normalise_identifier``), laid end to end in ``data``: value ``i`` is
    ``data[offsets[i]:offsets[i + 1]]``, as Arrow lays out a column of text. The
    reader normalises a column in one vectorised pass; here each value is only hashed."""
    inner, outer = _keyed(key)
    view = memoryview(data)
    out: list[bytes] = []
    append = out.append
    start = offsets[0]
    for end in offsets[1:]:
        h = inner()
        h.update(view[start:end])
        g = outer()
        g.update(h.digest())
        append(g.digest()[:16])
        start = end
    return b"".join(out).hex().encode("ascii")
