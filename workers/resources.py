"""Where the hub finds the files it reads at run time: the contracts (with the catalogue),
the SQL, and the page and pack templates.

They stay in the project's top-level folders (``contracts/``, ``sql/``, ``templates/``),
and the wheel carries them as package data under ``workers/_data/`` (``pyproject.toml``
maps them there). An installed hub therefore needs no source tree beside it; a source
checkout (the editable install ``uv sync`` makes) has no ``_data`` copy and reads the
top-level folders themselves, so an edited contract or template is seen at once.

Each folder can be replaced by a setting (``SDH_CONTRACTS_DIR``, ``SDH_SQL_DIR``,
``SDH_TEMPLATES_DIR``); these functions give the defaults.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from workers.errors import SdhError

#: The package folder the wheel puts the top-level folders in.
PACKAGE_DATA = "_data"
#: Everything :func:`shipped` may be asked for (the wheel test checks each is in the wheel).
FOLDERS = ("contracts", "sql", "templates")


class MissingResource(SdhError):
    """A folder the hub ships is neither in the installed package nor in a checkout."""


def shipped(name: str) -> Path:
    """The folder ``name`` (one of :data:`FOLDERS`): the installed package's copy, else the
    source checkout's."""
    if name not in FOLDERS:
        raise ValueError(f"{name!r} is not a shipped folder ({', '.join(FOLDERS)})")
    packaged = resources.files("workers").joinpath(PACKAGE_DATA, name)
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    raise MissingResource(
        f"the hub's {name}/ folder is missing: it is neither in the installed package "
        f"(workers/{PACKAGE_DATA}/{name}) nor in a source checkout at {checkout}; reinstall "
        f"the hub, or point SDH_{name.upper()}_DIR at a copy"
    )


def contracts_dir() -> Path:
    return shipped("contracts")


def sql_dir() -> Path:
    return shipped("sql")


def templates_dir() -> Path:
    return shipped("templates")
