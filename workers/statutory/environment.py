"""The validators' own virtual environment: Data to Insight's packages, from their lock.

Their pins (pandas < 2, numpy < 1.25) cannot live beside the hub's, so they get a virtual
environment of their own, made from ``validators/requirements.lock`` (hashes checked) by
``make install`` or, failing that, the first time a statutory return is validated. It is
kept under ``SDH_VALIDATORS_DIR`` in a folder named after the lock's hash: a new lock (a
new collection year's rules) makes a new environment and leaves the old one alone.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from workers.errors import SdhError

log = logging.getLogger(__name__)

HERE = Path(__file__).parent / "validators"
LOCK = HERE / "requirements.lock"
RUNNER = HERE / "run_d2i.py"
#: The file written last when an environment is complete: a half-made one is made again.
READY = "ready"


class ValidatorsUnavailable(SdhError):
    """The validators' environment could not be made (no network to the package index,
    no Python 3.11)."""


def lock_digest() -> str:
    return hashlib.sha256(LOCK.read_bytes()).hexdigest()[:16]


def validators_dir() -> Path:
    from workers.settings import get_settings

    return get_settings().validators_dir / lock_digest()


def python() -> Path:
    """The validators' interpreter, made first if need be."""
    where = validators_dir()
    if not (where / READY).exists():
        build(where)
    return where / "bin" / "python"


def _uv() -> str | None:
    found = shutil.which("uv")
    if found:
        return found
    local = Path(sys.prefix).parent / ".tools" / "bin" / "uv"
    return str(local) if local.exists() else None


def build(where: Path) -> None:
    """Make the environment from the lock (uv when there is one, else venv and pip)."""
    print(
        f"Setting up the DfE rule validators (Data to Insight) in {where}: once per lock, "
        "about a minute…",
        file=sys.stderr,
    )
    shutil.rmtree(where, ignore_errors=True)
    where.parent.mkdir(parents=True, exist_ok=True)
    uv = _uv()
    try:
        if uv:
            subprocess.run([uv, "venv", "--quiet", "--python", "3.11", str(where)], check=True)
            subprocess.run(
                [
                    uv,
                    "pip",
                    "sync",
                    "--quiet",
                    "--python",
                    str(where / "bin" / "python"),
                    "--require-hashes",
                    str(LOCK),
                ],
                check=True,
            )
        else:
            subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
            subprocess.run(
                [
                    str(where / "bin" / "pip"),
                    "install",
                    "--quiet",
                    "--require-hashes",
                    "-r",
                    str(LOCK),
                ],
                check=True,
            )
    except (OSError, subprocess.CalledProcessError) as exc:
        shutil.rmtree(where, ignore_errors=True)
        raise ValidatorsUnavailable(
            "The DfE rule validators could not be installed "
            f"({exc}); run `make install` where the package index can be reached"
        ) from None
    (where / READY).write_text(lock_digest() + "\n", encoding="utf-8")


if __name__ == "__main__":  # make install
    print(python())
