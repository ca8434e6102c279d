"""The landing store: every delivered file's raw bytes, addressed by their sha256.

Bytes are kept so any load can be replayed exactly; content addressing makes a
re-delivery of the same file cost nothing and be recognisable. The raw bytes still hold
child identifiers as the agency sent them, so each file is sealed (encrypted and
authenticated, ``workers.sealed``) with the landing key, kept apart from the database
(``SDH_LANDING_KEY`` or ``DATA_DIR/landing.key``), and the store is readable by the hub's
own account only: folders 0700, files 0600, whatever the process's umask. A file is named
by the sha256 of its plaintext, so duplicates are found as before; files written before
sealing are read as they are until ``sdh landing seal`` seals them.

Raw files are kept until their return is superseded (or rejected) and past its contract's
retention (``workers.sources.retention``).
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from workers.errors import SdhError
from workers.private_files import FILE_MODE, private_dir, write_private
from workers.sealed import MAGIC, SealingWriter, is_sealed, open_sealed, seal_stream


@dataclass
class StagedFile:
    """An upload written to the landing store's disk as it arrived, not yet under its hash.

    The web app never holds a whole upload in memory: the bytes go to a temporary file
    beside the store while their sha256 is computed, and intake either moves the file under
    its hash (``LandingStore.adopt``) or throws it away (``discard``)."""

    path: Path
    key: bytes = field(default=b"", repr=False)
    sha256: str = ""
    size: int = 0
    kept: bool = False
    _hash: hashlib._Hash = field(default_factory=hashlib.sha256, repr=False)
    _fh: BinaryIO | None = field(default=None, repr=False)
    _sealer: SealingWriter | None = field(default=None, repr=False)

    def write(self, chunk: bytes) -> None:
        """Add plaintext: hashed as it is, written sealed (no plaintext reaches the disk)."""
        assert self._fh is not None, "the staged file is already closed"
        if self._sealer is None:
            self._sealer = SealingWriter(self._fh, self.key)
        self._sealer.write(chunk)
        self._hash.update(chunk)
        self.size += len(chunk)

    def close(self) -> None:
        """Finish writing (flushed to disk): the size and sha256 are final from here."""
        if self._fh is not None:
            if self._sealer is None:
                self._sealer = SealingWriter(self._fh, self.key)
            self._sealer.close()
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None
        self.sha256 = self._hash.hexdigest()

    def read_bytes(self) -> bytes:
        """The plaintext written so far (once closed)."""
        with open_sealed(self.path, self.key) as fh:
            return fh.read()

    def discard(self) -> None:
        """Remove what intake did not keep; harmless once adopted or already gone."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if not self.kept:
            self.path.unlink(missing_ok=True)


class LandingStore:
    def __init__(self, root: Path, key: bytes | None = None) -> None:
        self.root = Path(root)
        self._key = key

    @property
    def key(self) -> bytes:
        """The landing key (from the settings unless given): read on first use, so a
        store that is never written or read needs none."""
        if self._key is None:
            from workers.settings import get_settings

            self._key = get_settings().landing_key_bytes
        return self._key

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put(self, data: bytes) -> tuple[str, Path]:
        """Store the bytes (atomically: a crash never leaves a partial file under its hash)."""
        sha = hashlib.sha256(data).hexdigest()
        return sha, self._store(sha, lambda fh: seal_stream(io.BytesIO(data), fh, self.key))

    def put_file(self, source: Path, sha256: str) -> Path:
        """Store a file already on disk under its known hash, sealed a segment at a time so
        a return of any size costs no more memory than a small one."""
        with Path(source).open("rb") as src:
            return self._store(sha256, lambda fh: seal_stream(src, fh, self.key))

    def _store(self, sha256: str, write: Callable[[BinaryIO], object]) -> Path:
        """Write under the hash through a temporary file, so a crash never leaves a
        partial file where a complete one is expected."""
        path = self.path_for(sha256)
        if path.exists():
            return path
        self._private_dir(path.parent)
        return write_private(path, write)

    def stage(self) -> StagedFile:
        """A new temporary file in the store, for an upload to be written into (sealed) as
        it arrives (same file system as the store, so ``adopt`` is a rename; owner-only
        like everything else here)."""
        incoming = self.root / ".incoming"
        self._private_dir(incoming)
        fd, tmp = tempfile.mkstemp(dir=incoming, prefix="upload-")
        os.fchmod(fd, FILE_MODE)
        return StagedFile(Path(tmp), self.key, _fh=os.fdopen(fd, "wb"))

    def adopt(self, staged: StagedFile) -> Path:
        """Keep a staged upload under its hash (atomically); identical bytes already kept
        make this a no-op apart from removing the temporary file."""
        staged.close()
        path = self.path_for(staged.sha256)
        if path.exists():
            staged.discard()
        else:
            self._private_dir(path.parent)
            os.replace(staged.path, path)
            staged.kept = True
        return path

    def _private_dir(self, shard: Path) -> None:
        """Create the root and shard folders owner-only, tightening any made before."""
        for folder in (self.root, shard):
            private_dir(folder)

    def get(self, sha256: str) -> bytes:
        with self.open(sha256) as fh:
            return fh.read()

    def open(self, sha256: str) -> BinaryIO:
        """The stored plaintext as a readable, seekable stream, decrypted a segment at a
        time (for readers that stream a return rather than hold it whole). A file from
        before sealing is opened as it is. FileNotFoundError once purged."""
        path = self.path_for(sha256)
        if self.is_sealed(sha256):
            return open_sealed(path, self.key)
        return path.open("rb")

    def is_sealed(self, sha256: str) -> bool:
        with self.path_for(sha256).open("rb") as fh:
            return is_sealed(fh.read(len(MAGIC)))

    def seal_in_place(self, sha256: str) -> bool:
        """Seal a file written before sealing, after checking its bytes against its name;
        False when it was sealed already. Atomic: the plaintext file is replaced whole."""
        if self.is_sealed(sha256):
            return False
        path = self.path_for(sha256)
        with path.open("rb") as fh:
            found = hashlib.file_digest(fh, "sha256").hexdigest()
        if found != sha256:
            raise LandingDamaged(f"landing file {self.relative(sha256)} does not match its name")
        with path.open("rb") as src:
            write_private(path, lambda out: seal_stream(src, out, self.key))
        return True

    def remove(self, sha256: str) -> bool:
        """Delete a raw file (retention); False when it was already gone."""
        try:
            self.path_for(sha256).unlink()
        except FileNotFoundError:
            return False
        return True

    def stored(self) -> list[str]:
        """The sha256 of every kept file (not the temporaries of writes in progress)."""
        if not self.root.exists():
            return []
        return sorted(
            p.name
            for p in self.root.glob("*/*")
            if p.is_file() and not p.name.startswith(".") and p.parent.name != ".incoming"
        )

    def relative(self, sha256: str) -> str:
        return f"{sha256[:2]}/{sha256}"


class LandingDamaged(SdhError):
    """A landing file's bytes do not match the sha256 it is named by."""


def default_store() -> LandingStore:
    from workers.settings import get_settings

    return LandingStore(get_settings().landing_dir)
