"""The landing store: every delivered file's raw bytes, addressed by their sha256.

Bytes are kept so any load can be replayed exactly; content addressing makes a
re-delivery of the same file cost nothing and be recognisable. The raw bytes still hold
child identifiers as the agency sent them, so the store is readable by the hub's own
account only: folders 0700, files 0600, whatever the process's umask.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO


@dataclass
class StagedFile:
    """An upload written to the landing store's disk as it arrived, not yet under its hash.

    The web app never holds a whole upload in memory: the bytes go to a temporary file
    beside the store while their sha256 is computed, and intake either moves the file under
    its hash (``LandingStore.adopt``) or throws it away (``discard``)."""

    path: Path
    sha256: str = ""
    size: int = 0
    kept: bool = False
    _hash: hashlib._Hash = field(default_factory=hashlib.sha256, repr=False)
    _fh: BinaryIO | None = field(default=None, repr=False)

    def write(self, chunk: bytes) -> None:
        assert self._fh is not None, "the staged file is already closed"
        self._fh.write(chunk)
        self._hash.update(chunk)
        self.size += len(chunk)

    def close(self) -> None:
        """Finish writing (flushed to disk): the size and sha256 are final from here."""
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None
        self.sha256 = self._hash.hexdigest()

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()

    def discard(self) -> None:
        """Remove what intake did not keep; harmless once adopted or already gone."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if not self.kept:
            self.path.unlink(missing_ok=True)


#: Owner-only: the landing store is the one place raw child identifiers are kept.
DIR_MODE = 0o700
FILE_MODE = 0o600


class LandingStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> tuple[str, Path]:
        """Store the bytes (atomically: a crash never leaves a partial file under its hash)."""
        sha = hashlib.sha256(data).hexdigest()
        return sha, self._store(sha, lambda fh: fh.write(data))

    def put_file(self, source: Path, sha256: str) -> Path:
        """Store a file already on disk under its known hash, copied in chunks so a
        return of any size costs no more memory than a small one."""
        with Path(source).open("rb") as src:
            return self._store(sha256, lambda fh: shutil.copyfileobj(src, fh, 1 << 20))

    def _store(self, sha256: str, write: Callable[[BinaryIO], object]) -> Path:
        """Write under the hash through a temporary file, so a crash never leaves a
        partial file where a complete one is expected."""
        path = self.path_for(sha256)
        if path.exists():
            return path
        self._private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            os.fchmod(fd, FILE_MODE)  # mkstemp's default, said out loud
            with os.fdopen(fd, "wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def stage(self) -> StagedFile:
        """A new temporary file in the store, for an upload to be written into as it
        arrives (same file system as the store, so ``adopt`` is a rename; owner-only like
        everything else here)."""
        incoming = self.root / ".incoming"
        self._private_dir(incoming)
        fd, tmp = tempfile.mkstemp(dir=incoming, prefix="upload-")
        os.fchmod(fd, FILE_MODE)
        return StagedFile(Path(tmp), _fh=os.fdopen(fd, "wb"))

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
            folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            if folder.stat().st_mode & 0o777 != DIR_MODE:
                folder.chmod(DIR_MODE)

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def open(self, sha256: str) -> BinaryIO:
        """The stored bytes as a readable, seekable stream (for readers that stream a
        return rather than hold it whole)."""
        return self.path_for(sha256).open("rb")

    def relative(self, sha256: str) -> str:
        return f"{sha256[:2]}/{sha256}"


def default_store() -> LandingStore:
    from workers.settings import get_settings

    return LandingStore(get_settings().landing_dir)
