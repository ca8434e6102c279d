"""Sealed files (``workers.sealed``): what goes in comes out, at any offset, with one
segment in memory; the wrong key, a changed byte, a dropped or reordered segment and a
cut-short file are all refused."""

from __future__ import annotations

import io
import os
import random

import pytest

from workers.sealed import (
    HEADER_BYTES,
    SEGMENT,
    TAG_BYTES,
    SealError,
    SealingWriter,
    UnsealingReader,
    open_sealed,
    parse_key,
    seal_stream,
)

KEY = bytes(range(32))


def sealed(plain: bytes, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    seal_stream(io.BytesIO(plain), out, key)
    return out.getvalue()


def unsealed(blob: bytes, key: bytes = KEY) -> bytes:
    return io.BufferedReader(UnsealingReader(io.BytesIO(blob), key)).read()


@pytest.mark.parametrize(
    "size", [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT, 3 * SEGMENT + 17]
)
def test_round_trip_at_every_segment_boundary(size: int) -> None:
    plain = os.urandom(size)
    blob = sealed(plain)
    segments = max(1, -(-size // SEGMENT))
    assert len(blob) == HEADER_BYTES + size + segments * TAG_BYTES
    if size >= 16:  # a short random plaintext may turn up in random bytes by chance
        assert plain not in blob
    assert unsealed(blob) == plain


def test_written_in_odd_pieces_reads_the_same() -> None:
    plain = os.urandom(2 * SEGMENT + 333)
    out = io.BytesIO()
    writer = SealingWriter(out, KEY)
    pos, rng = 0, random.Random(1)
    while pos < len(plain):
        step = rng.choice([1, 7, 4096, SEGMENT - 3, SEGMENT + 5])
        writer.write(plain[pos : pos + step])
        pos += step
    writer.close()
    assert unsealed(out.getvalue()) == plain


def test_seek_and_read_anywhere(tmp_path) -> None:
    plain = os.urandom(3 * SEGMENT + 1000)
    path = tmp_path / "f"
    path.write_bytes(sealed(plain))
    rng = random.Random(7)
    with open_sealed(path, KEY) as fh:
        assert fh.seekable() and fh.raw.size == len(plain)
        for _ in range(200):
            start = rng.randrange(0, len(plain) + 10)
            length = rng.choice([0, 1, 100, SEGMENT + 50])
            fh.seek(start)
            assert fh.read(length) == plain[start : start + length]
            assert fh.tell() == min(start + length, max(start, len(plain)))
        fh.seek(-10, io.SEEK_END)
        assert fh.read() == plain[-10:]


@pytest.mark.parametrize("damage", ["key", "flip", "drop", "swap", "cut", "append", "header"])
def test_anything_changed_is_refused(damage: str) -> None:
    plain = os.urandom(3 * SEGMENT + 5)
    blob = bytearray(sealed(plain))
    seg = SEGMENT + TAG_BYTES
    key = KEY
    if damage == "key":
        key = bytes(32)
    elif damage == "flip":
        blob[HEADER_BYTES + seg + 10] ^= 1
    elif damage == "drop":  # the last segment gone: the one before was not marked last
        del blob[HEADER_BYTES + 3 * seg :]
    elif damage == "swap":
        a = blob[HEADER_BYTES : HEADER_BYTES + seg]
        b = blob[HEADER_BYTES + seg : HEADER_BYTES + 2 * seg]
        blob[HEADER_BYTES : HEADER_BYTES + 2 * seg] = b + a
    elif damage == "cut":
        del blob[-3:]
    elif damage == "append":
        blob += sealed(b"more")[HEADER_BYTES:]
    elif damage == "header":
        blob[HEADER_BYTES - 1] ^= 1
    with pytest.raises(SealError):
        unsealed(bytes(blob), key)


def test_an_empty_file_is_checked_too() -> None:
    blob = sealed(b"")
    assert unsealed(blob) == b""
    with pytest.raises(SealError):
        unsealed(blob, bytes(32))


def test_keys_are_32_bytes_in_hex_or_base64() -> None:
    import base64

    assert parse_key(KEY.hex()) == KEY
    assert parse_key(base64.urlsafe_b64encode(KEY).decode().rstrip("=")) == KEY
    for bad in ("", "short", "zz" * 32, KEY.hex()[:-2]):
        with pytest.raises(SealError, match="32 random bytes"):
            parse_key(bad)
