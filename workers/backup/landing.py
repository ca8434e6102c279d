"""Copying the landing store out and back, each file checked against its sha256.

The store is content-addressed, so a file's name is already its checksum: a backup that
copies a corrupted file, or a restore from a damaged backup, is caught by hashing, and
nothing is restored until every file in the backup has been checked.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from workers.backup.database import BackupError

CHUNK = 1 << 20


@dataclass(frozen=True)
class LandingFile:
    path: str  # relative to the store's root: "ab/ab12…"
    sha256: str
    bytes: int


def _hash_copy(source: Path, target: Path | None) -> tuple[str, int]:
    """sha256 and size of ``source``, copying it to ``target`` on the way when given."""
    digest, size = hashlib.sha256(), 0
    out = None
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        out = os.fdopen(fd, "wb")
    try:
        with source.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                if out is not None:
                    out.write(chunk)
        if out is not None and target is not None:
            out.flush()
            os.fsync(out.fileno())
            out.close()
            os.replace(tmp, target)
    except BaseException:
        if out is not None:
            out.close()
            Path(tmp).unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size


def stored_files(root: Path) -> list[Path]:
    """The store's files, without half-written ``.incoming-`` temporaries."""
    if not root.exists():
        return []
    return sorted(
        p for p in root.glob("*/*") if p.is_file() and not p.name.startswith(".incoming-")
    )


def copy_out(root: Path, target: Path) -> list[LandingFile]:
    """Copy every landing file into ``target``; refuse one whose bytes do not match its name
    (the store is damaged: better to know now than at the restore)."""
    files = []
    for path in stored_files(root):
        relative = path.relative_to(root).as_posix()
        sha, size = _hash_copy(path, target / relative)
        if sha != path.name:
            raise BackupError(
                f"landing file {relative} does not match its checksum (its bytes hash to "
                f"{sha[:12]}…): the landing store is damaged"
            )
        files.append(LandingFile(relative, sha, size))
    return files


def verify(backup: Path, files: list[LandingFile]) -> None:
    """Every file the manifest lists is in the backup with the bytes it had."""
    bad = []
    for f in files:
        path = backup / f.path
        if not path.is_file():
            bad.append(f"{f.path} is missing")
            continue
        sha, size = _hash_copy(path, None)
        if sha != f.sha256 or Path(f.path).name != f.sha256 or size != f.bytes:
            bad.append(f"{f.path} has changed (sha256 {sha[:12]}…, {size} bytes)")
    if bad:
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        raise BackupError(
            f"the backup's landing files fail their checksums: {'; '.join(bad[:5])}{more}"
        )


def copy_in(backup: Path, files: list[LandingFile], root: Path) -> int:
    """Put the backup's files into the store; one already there with the right bytes is
    kept. Returns how many were written."""
    written = 0
    for f in files:
        target = root / f.path
        if target.is_file() and _hash_copy(target, None)[0] == f.sha256:
            continue
        sha, _ = _hash_copy(backup / f.path, target)
        if sha != f.sha256:  # changed between verify() and now
            target.unlink(missing_ok=True)
            raise BackupError(f"landing file {f.path} changed while being restored")
        written += 1
    return written
