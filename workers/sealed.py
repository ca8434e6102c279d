"""Sealed files: encrypted and authenticated at rest, written and read a segment at a time.

The landing store and the backups keep raw returns, with child identifiers as the agency
sent them. Sealed, a copied disk, volume or backup shows nothing without the key, which
is kept apart from the files and the database (``SDH_LANDING_KEY``, ``SDH_BACKUP_KEY``).

The format is the "STREAM" construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015) that
Tink's and age's streaming encryption use, on AES-256-GCM from ``cryptography``:

    header   = MAGIC (8 bytes) ‖ salt (16) ‖ nonce prefix (7)
    key      = HKDF-SHA256(master key, salt, "sdh sealed v1")     (a key per file)
    segment i = AES-GCM(key, prefix ‖ i (4 bytes) ‖ last (1 byte), plaintext[i], header)

Each segment holds ``SEGMENT`` bytes of plaintext (the last one fewer, possibly none) and a
16-byte tag, so a reader finds any offset's segment by arithmetic: reading is seekable and
holds one segment in memory, whatever the file's size. Changing, reordering, dropping or
appending a segment, or cutting the file short, makes decryption fail (``SealError``).
"""

from __future__ import annotations

import base64
import binascii
import io
import os
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from workers.errors import SdhError

#: Not text in any encoding a return could be in, so a plaintext file is never taken for
#: a sealed one (PNG's trick: a high byte, then CR LF, ^Z, LF).
MAGIC = b"\x89SDH\r\n\x1a\n"
SALT_BYTES, PREFIX_BYTES, TAG_BYTES = 16, 7, 16
HEADER_BYTES = len(MAGIC) + SALT_BYTES + PREFIX_BYTES
SEGMENT = 1 << 20
KEY_BYTES = 32
_INFO = b"sdh sealed v1"


class SealError(SdhError):
    """A sealed file cannot be opened: the wrong key, or the file was changed or cut."""


def parse_key(text: str, what: str = "the key") -> bytes:
    """32 bytes from 64 hex digits or URL-safe base64 (as ``new_key_text`` makes them)."""
    text = text.strip()
    try:
        if len(text) == 2 * KEY_BYTES:
            return bytes.fromhex(text)
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, binascii.Error):
        key = b""
    if len(key) != KEY_BYTES:
        raise SealError(
            f"{what} must be {KEY_BYTES} random bytes, written as 64 hex digits; make one "
            "with `python -c 'import secrets; print(secrets.token_hex(32))'`"
        )
    return key


def new_key_text() -> str:
    return os.urandom(KEY_BYTES).hex()


def _file_key(master: bytes, salt: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=_INFO)
    return AESGCM(hkdf.derive(master))


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def is_sealed(head: bytes) -> bool:
    """True when a file beginning with ``head`` (at least 8 bytes) is sealed."""
    return head[: len(MAGIC)] == MAGIC


class SealingWriter:
    """Encrypts what is written to ``out`` a segment at a time; ``close`` writes the
    last segment (and does not close ``out``). Holds at most two segments in memory: a
    full segment waits until more data shows it is not the last one."""

    def __init__(self, out: BinaryIO, master: bytes) -> None:
        salt, self._prefix = os.urandom(SALT_BYTES), os.urandom(PREFIX_BYTES)
        self._header = MAGIC + salt + self._prefix
        self._aead = _file_key(master, salt)
        self._out = out
        self._partial = bytearray()
        self._full: bytes | None = None
        self._index = 0
        self._closed = False
        out.write(self._header)

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a closed sealing writer")
        if not self._partial and len(data) == SEGMENT:  # the common case: no copying
            self._next_full(bytes(data))
            return SEGMENT
        self._partial += data
        while len(self._partial) >= SEGMENT:
            self._next_full(bytes(self._partial[:SEGMENT]))
            del self._partial[:SEGMENT]
        return len(data)

    def _next_full(self, segment: bytes) -> None:
        if self._full is not None:
            self._segment(self._full, last=False)
        self._full = segment

    def _segment(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._index, last)
        self._out.write(self._aead.encrypt(nonce, plain, self._header))
        self._index += 1

    def close(self) -> None:
        if self._closed:
            return
        if self._partial:
            if self._full is not None:
                self._segment(self._full, last=False)
            self._segment(bytes(self._partial), last=True)
        else:  # the last full segment, or an empty file's one empty segment
            self._segment(self._full or b"", last=True)
        self._full = None
        self._partial.clear()
        self._closed = True


def seal_stream(source: BinaryIO, out: BinaryIO, master: bytes) -> None:
    writer = SealingWriter(out, master)
    while chunk := source.read(SEGMENT):
        writer.write(chunk)
    writer.close()


class UnsealingReader(io.RawIOBase):
    """The plaintext of a sealed file, readable and seekable; one segment in memory.

    Wrap it in ``io.BufferedReader`` (``open_sealed`` does) for small reads."""

    def __init__(self, sealed: BinaryIO, master: bytes, name: str = "sealed file") -> None:
        self._file = sealed
        self._name = name
        sealed.seek(0, io.SEEK_END)
        total = sealed.tell()
        sealed.seek(0)
        header = sealed.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES or not is_sealed(header):
            raise SealError(f"{name} is not a sealed file, or is cut short")
        self._header = header
        salt = header[len(MAGIC) : len(MAGIC) + SALT_BYTES]
        self._prefix = header[len(MAGIC) + SALT_BYTES :]
        self._aead = _file_key(master, salt)
        body = total - HEADER_BYTES
        self._segments = max(1, -(-body // (SEGMENT + TAG_BYTES)))
        self._size = body - self._segments * TAG_BYTES
        if self._size < 0:
            raise SealError(f"{name} is cut short")
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None

    @property
    def size(self) -> int:
        """The plaintext's length, known without decrypting anything."""
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        target = base + offset
        if target < 0:
            raise ValueError(f"negative seek position {target}")
        self._pos = target
        return target

    def _plain_segment(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        self._file.seek(HEADER_BYTES + index * (SEGMENT + TAG_BYTES))
        sealed = self._file.read(SEGMENT + TAG_BYTES)
        last = index == self._segments - 1
        try:
            plain = self._aead.decrypt(_nonce(self._prefix, index, last), sealed, self._header)
        except InvalidTag:
            raise SealError(
                f"{self._name} cannot be opened: the key is not the one it was sealed with, "
                "or the file was changed or cut short"
            ) from None
        self._cached = (index, plain)
        return plain

    def readinto(self, buffer) -> int:
        if self._pos >= self._size:
            if self._size == 0 and self._cached is None:
                self._plain_segment(0)  # an empty file is still checked
            return 0
        index, offset = divmod(self._pos, SEGMENT)
        plain = self._plain_segment(index)
        view = memoryview(buffer).cast("B")
        n = min(len(view), len(plain) - offset)
        view[:n] = plain[offset : offset + n]
        self._pos += n
        return n

    def close(self) -> None:
        if not self.closed:
            self._file.close()
            self._cached = None
        super().close()


def open_sealed(path: os.PathLike[str] | str, master: bytes) -> io.BufferedReader:
    """A sealed file's plaintext as a buffered, seekable binary stream."""
    fh = open(path, "rb")  # noqa: SIM115 - the reader owns it and closes it
    try:
        raw = UnsealingReader(fh, master, name=os.fspath(path))
    except BaseException:
        fh.close()
        raise
    return io.BufferedReader(raw, buffer_size=1 << 16)
