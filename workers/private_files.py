"""Files only the hub's own account may read, written whole or not at all.

Raw returns, backups and keys all need the same two things: owner-only permissions
whatever the process's umask, and no half-written file where a complete one is expected
after a crash (write beside, flush to disk, rename into place).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

DIR_MODE = 0o700
FILE_MODE = 0o600
#: Temporaries start with a dot, so listings of finished files can leave them out.
TEMP_PREFIX = ".incoming-"


def private_dir(folder: Path) -> None:
    """Create ``folder`` owner-only, tightening it if it was made looser before."""
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o777 != DIR_MODE:
        folder.chmod(DIR_MODE)


def write_private(target: Path, fill: Callable[[BinaryIO], object]) -> Path:
    """Write ``target`` (mode 0600) with what ``fill`` writes to the open file, atomically."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
    try:
        os.fchmod(fd, FILE_MODE)  # mkstemp's default, said out loud
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
