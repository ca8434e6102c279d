"""The landing store: every delivered file's raw bytes, addressed by their sha256.

Bytes are kept so any load can be replayed exactly; content addressing makes a
re-delivery of the same file cost nothing and be recognisable.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


class LandingStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> tuple[str, Path]:
        """Store the bytes (atomically: a crash never leaves a partial file under its hash)."""
        sha = hashlib.sha256(data).hexdigest()
        path = self.path_for(sha)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return sha, path

    def put_file(self, source: Path, sha256: str) -> Path:
        """Store a file already on disk under its known hash, copied in chunks so a
        return of any size costs no more memory than a small one."""
        path = self.path_for(sha256)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
            try:
                with os.fdopen(fd, "wb") as fh, Path(source).open("rb") as src:
                    shutil.copyfileobj(src, fh, 1 << 20)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return path

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def relative(self, sha256: str) -> str:
        return f"{sha256[:2]}/{sha256}"


def default_store() -> LandingStore:
    from workers.settings import get_settings

    return LandingStore(get_settings().landing_dir)
