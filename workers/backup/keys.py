"""The keys a backup needs and carries.

A backup is sealed with the **backup key** (``SDH_BACKUP_KEY``, else ``DATA_DIR/backup.key``,
made at the first backup). It carries, sealed with that key, the two keys without which a
restored hub would be useless: the **pseudonym key** (without it every child would get a new
pseudonym, and no return would link to the ones before) and the **landing key** (without it
no raw file could be read). So the backup key is the one secret to keep apart from the
backups: whoever has a backup and its key can read everything in it; a backup without its
key is noise.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from workers.backup.database import BackupError
from workers.private_files import write_private
from workers.sealed import SealError, UnsealingReader, parse_key, seal_stream
from workers.settings import Settings, kept_key

KEYS_FILE = "keys.sealed"


@dataclass(frozen=True)
class BackupKey:
    key: bytes
    source: str  # where it came from, for messages
    made_now: bool = False

    @property
    def check(self) -> str:
        """A fingerprint of the key for the manifest: a restore says "wrong key" at once,
        and the fingerprint reveals nothing of the key."""
        return hmac.new(self.key, b"sdh backup key check", hashlib.sha256).hexdigest()[:16]


def backup_key_for_create(settings: Settings) -> BackupKey:
    """SDH_BACKUP_KEY, else DATA_DIR/backup.key (made now if there is none)."""
    if settings.backup_key and settings.backup_key.get_secret_value():
        return BackupKey(
            parse_key(settings.backup_key.get_secret_value(), "SDH_BACKUP_KEY"), "SDH_BACKUP_KEY"
        )
    path = settings.backup_key_file
    existed = path.exists()
    return BackupKey(parse_key(kept_key(path), str(path)), str(path), made_now=not existed)


def backup_key_for_restore(settings: Settings, key_file: Path | None) -> BackupKey:
    """``--key-file``, else SDH_BACKUP_KEY, else DATA_DIR/backup.key; never made here."""
    if key_file is not None:
        if not key_file.is_file():
            raise BackupError(f"no backup key at {key_file}")
        return BackupKey(parse_key(key_file.read_text(), str(key_file)), str(key_file))
    if settings.backup_key and settings.backup_key.get_secret_value():
        return BackupKey(
            parse_key(settings.backup_key.get_secret_value(), "SDH_BACKUP_KEY"), "SDH_BACKUP_KEY"
        )
    path = settings.backup_key_file
    if not path.is_file():
        raise BackupError(
            "the backup is sealed and no backup key was given: pass the copy you kept with "
            "--key-file, or set SDH_BACKUP_KEY"
        )
    return BackupKey(parse_key(path.read_text(), str(path)), str(path))


def seal_keys(settings: Settings, key: BackupKey, target: Path) -> None:
    """The pseudonym and landing keys, sealed with the backup key, into ``target``."""
    bundle = {
        "pseudonym_key": settings.pseudonym_key_bytes.decode(),
        "landing_key": settings.landing_key_bytes.hex(),
    }
    with target.open("wb") as out:
        seal_stream(io.BytesIO(json.dumps(bundle).encode()), out, key.key)


def open_keys(source: Path, key: BackupKey) -> dict[str, str]:
    try:
        with source.open("rb") as fh:
            return json.loads(io.BufferedReader(UnsealingReader(fh, key.key)).read())
    except SealError:
        raise BackupError(
            f"{source} cannot be opened with the backup key from {key.source}"
        ) from None


@dataclass(frozen=True)
class KeyPlan:
    """What a restore does with the carried keys: write a key file, or nothing (the hub
    already has the same key)."""

    writes: dict[Path, str]


def plan_keys(settings: Settings, carried: dict[str, str], *, force: bool) -> KeyPlan:
    """Check the hub's keys against the backup's before anything is restored.

    A hub with a different key from the environment cannot be fixed here: refused. A
    different key file is replaced only with ``force`` (it belongs to the warehouse being
    replaced); a missing one is written."""
    writes: dict[Path, str] = {}
    for name, setting, path, configured in (
        (
            "pseudonym",
            "SDH_PSEUDONYM_KEY",
            settings.data_dir / "pseudonym.key",
            settings.pseudonym_key,
        ),
        ("landing", "SDH_LANDING_KEY", settings.data_dir / "landing.key", settings.landing_key),
    ):
        wanted = carried[f"{name}_key"]
        if configured and configured.get_secret_value():
            have = configured.get_secret_value().strip()
            same = have == wanted if name == "pseudonym" else _same_key(have, wanted)
            if not same:
                raise BackupError(
                    f"{setting} is not the {name} key the backup was made with: restored, "
                    + (
                        "every child would get a new pseudonym"
                        if name == "pseudonym"
                        else "no raw file could be read"
                    )
                    + f". Unset {setting} (the backup's key is then written to {path}) or set "
                    "it to the backup's"
                )
            continue
        if path.is_file():
            if path.read_text().strip() == wanted:
                continue
            if not force:
                raise BackupError(
                    f"{path} holds another {name} key than the backup's: restore with "
                    "--force to replace it with the backup's (data sealed or pseudonymised "
                    "with it alone would be lost)"
                )
        writes[path] = wanted
    return KeyPlan(writes)


def _same_key(a: str, b: str) -> bool:
    try:
        return parse_key(a) == parse_key(b)
    except SealError:
        return False


def write_keys(plan: KeyPlan) -> None:
    """Write each key file owner-only, atomically."""
    for path, value in plan.writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, functools.partial(_write, value.encode()))


def _write(data: bytes, fh: BinaryIO) -> None:
    fh.write(data)
