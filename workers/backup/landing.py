"""Copying the landing store out and back, each file checked on the way.

Landing files are sealed with the landing key (``workers.sources.landing``), and are copied
into a backup as they are: the backup never holds a raw file in the clear. A file from
before sealing is sealed as it is copied. Each file is first read through the store and
hashed, so a damaged file, or one the landing key cannot open, stops the backup (better to
know now than at the restore); the manifest records the plaintext's sha256 (the file's
name) and the sealed copy's sha256 and size, which a restore checks without any key.

Backups of format 1 (before sealing) hold plaintext files: they still restore, sealed into
the store on the way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from workers.backup.database import BackupError
from workers.private_files import private_dir, write_private
from workers.sealed import seal_stream
from workers.sources.landing import LandingStore

CHUNK = 1 << 20


@dataclass(frozen=True)
class LandingFile:
    path: str  # relative to the store's root: "ab/ab12…"
    sha256: str  # of the plaintext: the file's name
    bytes: int  # of the file in the backup
    sealed_sha256: str | None = None  # of the file in the backup (format 2 on)


def _file_digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _write_private(target: Path, fill) -> None:
    private_dir(target.parent)
    write_private(target, fill)


def copy_out(store: LandingStore, target: Path) -> list[LandingFile]:
    """Copy every landing file, sealed, into ``target``; refuse one whose plaintext does
    not match its name (the store is damaged, or the landing key is not the one)."""
    files = []
    private_dir(target)
    for sha in store.stored():
        relative = store.relative(sha)
        try:
            with store.open(sha) as fh:
                found = hashlib.file_digest(fh, "sha256").hexdigest()  # type: ignore[arg-type]
        except Exception as exc:
            raise BackupError(f"landing file {relative} cannot be read: {exc}") from None
        if found != sha:
            raise BackupError(
                f"landing file {relative} does not match its checksum (its bytes hash to "
                f"{found[:12]}…): the landing store is damaged"
            )
        copy = target / relative
        if store.is_sealed(sha):
            with store.path_for(sha).open("rb") as src:
                _write_private(copy, lambda out, src=src: _copy(src, out))
        else:
            with store.path_for(sha).open("rb") as src:
                _write_private(copy, lambda out, src=src: seal_stream(src, out, store.key))
        sealed_sha, size = _file_digest(copy)
        files.append(LandingFile(relative, sha, size, sealed_sha))
    return files


def _copy(src, out) -> None:
    while chunk := src.read(CHUNK):
        out.write(chunk)


def verify(backup: Path, files: list[LandingFile]) -> None:
    """Every file the manifest lists is in the backup with the bytes it had."""
    bad = []
    for f in files:
        path = backup / f.path
        if not path.is_file():
            bad.append(f"{f.path} is missing")
            continue
        sha, size = _file_digest(path)
        expected = f.sealed_sha256 or f.sha256
        if sha != expected or Path(f.path).name != f.sha256 or size != f.bytes:
            bad.append(f"{f.path} has changed (sha256 {sha[:12]}…, {size} bytes)")
    if bad:
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        raise BackupError(
            f"the backup's landing files fail their checksums: {'; '.join(bad[:5])}{more}"
        )


def copy_in(backup: Path, files: list[LandingFile], store: LandingStore) -> int:
    """Put the backup's files into the store; one already there with the same bytes is
    kept. A plaintext file of a format-1 backup is sealed on the way. Returns how many
    were written."""
    written = 0
    private_dir(store.root)
    for f in files:
        target = store.path_for(f.sha256)
        source = backup / f.path
        if f.sealed_sha256 is None:  # format 1: plaintext, named by its own sha256
            if target.is_file():
                continue
            store.put_file(source, f.sha256)
        else:
            if target.is_file() and _file_digest(target)[0] == f.sealed_sha256:
                continue
            with source.open("rb") as src:
                _write_private(target, lambda out, src=src: _copy(src, out))
            if _file_digest(target)[0] != f.sealed_sha256:  # changed since verify()
                target.unlink(missing_ok=True)
                raise BackupError(f"landing file {f.path} changed while being restored")
        written += 1
    return written
