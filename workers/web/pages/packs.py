"""The QEG packs: the quarters that have packs on disk, and their files to open or download.

Files are served only from the packs folder (``SDH_DATA_DIR/outputs/packs/<quarter>/``):
the quarter must be a quarter label and the resolved file must lie inside that quarter's
folder, so no path (``..``, an absolute path, a symbolic link) reaches anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from workers.accounts import Action
from workers.web.pages.errors import not_found
from workers.web.pages.guard import Person, need
from workers.web.pages.render import page

router = APIRouter(include_in_schema=False)
QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
KINDS = {
    ".html": ("Web page", "text/html; charset=utf-8"),
    ".docx": (
        "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".pdf": ("PDF", "application/pdf"),
    ".csv": ("CSV", "text/csv; charset=utf-8"),
    ".png": ("Image", "image/png"),
    ".svg": ("Image", "image/svg+xml"),
}
#: A pack's HTML is self-contained (inline styles, inline SVG charts) and runs no script.
PACK_HTML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True)
class PackFile:
    name: str  # relative to the quarter's folder, with forward slashes
    kind: str
    size: int
    modified: datetime


@dataclass(frozen=True)
class Quarter:
    label: str
    files: list[PackFile]

    @property
    def index(self) -> PackFile | None:
        return next((f for f in self.files if f.name == "index.html"), None)


def packs_root(request: Request) -> Path:
    return Path(request.app.state.settings.output_dir) / "packs"


def _order(f: PackFile) -> tuple[int, str]:
    """The index first, then the consolidated pack, then each agency's, by name."""
    rank = 0 if f.name == "index.html" else 1 if "consolidated" in f.name else 2
    return rank, f.name


def list_quarters(root: Path) -> list[Quarter]:
    """Quarters with at least one pack file, newest first."""
    if not root.is_dir():
        return []
    quarters = []
    for folder in sorted(root.iterdir(), reverse=True):
        if not (folder.is_dir() and QUARTER.match(folder.name)):
            continue
        files = []
        for path in folder.rglob("*"):
            rel = path.relative_to(folder)
            if path.suffix.lower() not in KINDS or any(p.startswith(".") for p in rel.parts):
                continue
            if path.is_file():
                stat = path.stat()
                files.append(
                    PackFile(
                        rel.as_posix(),
                        KINDS[path.suffix.lower()][0],
                        stat.st_size,
                        datetime.fromtimestamp(stat.st_mtime, UTC),
                    )
                )
        if files:
            quarters.append(Quarter(folder.name, sorted(files, key=_order)))
    return quarters


def pack_file(root: Path, quarter: str, name: str) -> Path | None:
    """The file ``name`` of ``quarter``'s packs, only if it really lies in that folder."""
    if not QUARTER.match(quarter) or not name or "\x00" in name:
        return None
    folder = (root / quarter).resolve()
    target = (folder / name).resolve()
    if not target.is_relative_to(folder) or not target.is_file():
        return None
    rel = target.relative_to(folder)
    if any(part.startswith(".") for part in rel.parts) or target.suffix.lower() not in KINDS:
        return None
    return target


@router.get("/packs")
def packs_page(request: Request, user: Person) -> Response:
    need(user, Action.READ_PACKS)
    return page(
        request,
        "packs.html",
        {"title": "QEG packs", "quarters": list_quarters(packs_root(request))},
    )


@router.get("/packs/{quarter}/{name:path}")
def pack_download(request: Request, quarter: str, name: str, user: Person) -> Response:
    need(user, Action.READ_PACKS)
    path = pack_file(packs_root(request), quarter, name)
    if path is None:
        raise not_found(f"The pack file {quarter}/{name}")
    _, media_type = KINDS[path.suffix.lower()]
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-cache"}
    if path.suffix.lower() in (".html", ".svg"):
        headers["Content-Security-Policy"] = PACK_HTML_POLICY
        return FileResponse(path, media_type=media_type, headers=headers)
    return FileResponse(
        path, media_type=media_type, headers=headers, filename=path.name
    )  # sent as an attachment: opens in Word, not in the browser
