"""The QEG packs: the quarters that have packs on disk and their files, each pack's own
page (its files, where its commentary stands, the upload of the filled pack with a
preview before anything is stored), and the quarter's grid of agency by priority.

Files are served only from the packs folder (``SDH_DATA_DIR/outputs/packs/<quarter>/``):
the quarter must be a quarter label and the resolved file must lie inside that quarter's
folder, so no path (``..``, an absolute path, a symbolic link) reaches anything else. An
agency user sees its own agency's packs only: never another agency's, the consolidated
pack or the quarter's index ("not found", so their names do not leak either).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from workers.accounts import Action, can, packs_scope
from workers.errors import SdhError
from workers.labels import period_words
from workers.web.database import Db
from workers.web.pages.errors import not_found
from workers.web.pages.guard import POST_CHECKS, Person, check_csrf, need
from workers.web.pages.render import LONDON, page
from workers.web.pages.session import SignedIn, flash
from workers.web.pages.uploads import UploadForm, UploadRefused, read_upload

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


def owner(quarter: str, name: str) -> str | None:
    """The agency a pack file belongs to (``<quarter>_<agency>_<priority>.<ext>``), or
    None for the consolidated pack, the index and anything else."""
    from workers.contracts.catalogue import load_catalogue

    for agency in load_catalogue().agencies:
        if name.startswith(f"{quarter}_{agency.id}_"):
            return agency.id
    return None


def list_quarters(root: Path, agency: str | None = None) -> list[Quarter]:
    """Quarters with at least one pack file (only ``agency``'s, when given), newest first."""
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
            if agency is not None and owner(folder.name, rel.as_posix()) != agency:
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


def _today() -> date:
    return datetime.now(LONDON).date()


# --- the quarter's packs and their commentary ---------------------------------------------


@dataclass(frozen=True)
class PackRef:
    """One agency's pack for one priority in a quarter, as the pages name it."""

    quarter: str
    agency_id: str
    agency_name: str
    priority_id: str
    priority_name: str

    @property
    def url(self) -> str:
        return f"/packs/{self.quarter}/commentary/{self.agency_id}/{self.priority_id}"

    @property
    def stem(self) -> str:
        return f"{self.quarter}_{self.agency_id}_{self.priority_id}"


def _plan(quarter: str) -> list[PackRef]:
    from workers.packs.assemble import pack_plan

    return [PackRef(quarter, a.id, a.name, p.id, p.name) for a, p in pack_plan(quarter)]


def _find_pack(user: SignedIn, quarter: str, agency_id: str, priority_id: str) -> PackRef:
    """The pack, if it is one of the quarter's and this person may open it; else 404."""
    scope = packs_scope_page(user)
    if not QUARTER.match(quarter) or (scope is not None and agency_id != scope):
        raise not_found("That pack")
    found = next(
        (r for r in _plan(quarter) if (r.agency_id, r.priority_id) == (agency_id, priority_id)),
        None,
    )
    if found is None:
        raise not_found("That pack")
    return found


def packs_scope_page(user: SignedIn) -> str | None:
    need(user, Action.READ_PACKS)
    return packs_scope(user)


def _grid(db: Session, quarter: str, scope: str | None) -> tuple[dict[str, Any], list[Any]]:
    from workers.packs.commentary import status_grid
    from workers.packs.render import commentary_view

    cells = [c for c in status_grid(db, quarter, _today()) if scope in (None, c.agency_id)]
    return commentary_view(cells), cells


@router.get("/packs")
def packs_page(request: Request, user: Person) -> Response:
    scope = packs_scope_page(user)
    quarters = list_quarters(packs_root(request), scope)
    return page(
        request,
        "packs.html",
        {
            "title": "QEG packs",
            "quarters": quarters,
            "own_agency": scope,
            "pages": {q.label: _plan(q.label) for q in quarters},
        },
    )


@router.get("/packs/{quarter}/commentary")
def commentary_grid(request: Request, quarter: str, user: Person, db: Db) -> Response:
    """Where each agency's commentary stands for the quarter: awaiting, late, returned."""
    scope = packs_scope_page(user)
    if not QUARTER.match(quarter):
        raise not_found(f"Quarter {quarter}")
    view, cells = _grid(db, quarter, scope)
    links = {
        (c.agency_id, c.priority_id): PackRef(
            quarter, c.agency_id, c.agency_name, c.priority_id, c.priority_name
        ).url
        for c in cells
    }
    return page(
        request,
        "pack_grid.html",
        {
            "title": f"Commentary returned, {period_words(quarter)}",
            "quarter": quarter,
            "grid": view,
            "links": {f"{a}/{p}": url for (a, p), url in links.items()},
        },
    )


def _pack_context(request: Request, db: Session, user: SignedIn, ref: PackRef) -> dict[str, Any]:
    from workers.packs.commentary import (
        get_commentary,
        latest_stored,
        status_grid,
    )
    from workers.packs.model import SECTIONS, SIGN_OFF
    from workers.packs.render import commentary_view, paragraphs, sign_off_text

    cells = [
        c
        for c in status_grid(db, ref.quarter, _today())
        if (c.agency_id, c.priority_id) == (ref.agency_id, ref.priority_id)
    ]
    stored = get_commentary(db, ref.agency_id, ref.priority_id, ref.quarter)
    last = latest_stored(db, ref.agency_id, ref.priority_id, ref.quarter)
    files = [
        {"name": f"{ref.stem}{ext}", "kind": KINDS[ext][0]}
        for ext in (".html", ".docx")
        if pack_file(packs_root(request), ref.quarter, f"{ref.stem}{ext}")
    ]
    return {
        "title": f"{ref.agency_name}: {ref.priority_name}, {period_words(ref.quarter)}",
        "pack": ref,
        "files": files,
        "status": commentary_view(cells)["cells"][0] if cells else None,
        "may_return": can(user, Action.RETURN_COMMENTARY),
        "stored": None
        if stored is None
        else {
            "when": stored.imported_at,
            "by": last.uploaded_by if last else "",
            "file": stored.source,
            "signed": _sentence(sign_off_text(stored.sign_off).lstrip(", ")),
            "sections": [
                {"title": title, "paragraphs": paragraphs(stored.sections.get(key))}
                for key, title, _g in SECTIONS
            ],
        },
        "sign_off_labels": [label for _k, label, _p in SIGN_OFF],
        "error": "",
        "max_bytes": _upload_limit(),
    }


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _upload_limit() -> int:
    from workers.packs.docx_safety import MAX_FILE_BYTES

    return MAX_FILE_BYTES


@router.get("/packs/{quarter}/commentary/{agency_id}/{priority_id}")
def pack_page(
    request: Request, quarter: str, agency_id: str, priority_id: str, user: Person, db: Db
) -> Response:
    """One pack: its files, where its commentary stands, the upload of the filled pack
    and the commentary stored for it."""
    ref = _find_pack(user, quarter, agency_id, priority_id)
    return page(request, "pack.html", _pack_context(request, db, user, ref))


def _pack_error(
    request: Request, db: Session, user: SignedIn, ref: PackRef, error: str, status: int
) -> Response:
    context = _pack_context(request, db, user, ref)
    context["error"] = error
    return page(request, "pack.html", context, status=status)


def _read_returned(upload: UploadForm):  # -> tuple[ReturnedPack, str]
    """What the hub reads from the uploaded file (checked before it is parsed)."""
    import hashlib

    from workers.packs.docx_import import read_pack

    name = upload.filename or "pack.docx"
    # A staged upload is sealed on disk; the pack (commentary, no child identifiers,
    # at most the upload limit) is read from a short-lived plaintext copy.
    data = upload.staged.read_bytes() if upload.staged is not None else upload.data
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.docx"
        path.write_bytes(data)
        return read_pack(path, name), hashlib.sha256(data).hexdigest()


@router.post("/packs/{quarter}/commentary/{agency_id}/{priority_id}/upload")
async def pack_upload(
    request: Request, quarter: str, agency_id: str, priority_id: str, user: Person, db: Db
) -> Response:
    """Read a filled pack and show what was read; nothing is stored until confirmed."""
    need(user, Action.RETURN_COMMENTARY)  # before reading a byte of the body
    ref = await run_in_threadpool(_find_pack, user, quarter, agency_id, priority_id)
    try:
        upload = await read_upload(request, _upload_limit())
    except UploadRefused as exc:
        return _pack_error(request, db, user, ref, exc.message, exc.status)
    try:
        check_csrf(request, upload.fields.get("csrf_token"))
        if not upload.size:
            return _pack_error(
                request, db, user, ref, "Choose the filled pack (.docx) to upload.", 422
            )
        try:
            returned, digest = await run_in_threadpool(_read_returned, upload)
        except SdhError as exc:
            return _pack_error(request, db, user, ref, str(exc), 422)
    finally:
        upload.discard()
    identity = (returned.agency_id, returned.priority_id, returned.quarter)
    if identity != (ref.agency_id, ref.priority_id, ref.quarter):
        return _pack_error(
            request,
            db,
            user,
            ref,
            f"{upload.filename or 'This file'} is the pack of {returned.agency_id} for "
            f"{returned.priority_id}, {returned.quarter}, not this one: upload it on its own "
            "pack's page.",
            422,
        )
    return await run_in_threadpool(_preview, request, db, user, ref, returned, upload, digest)


def _preview(
    request: Request, db: Session, user: SignedIn, ref: PackRef, returned, upload, digest: str
):
    from workers.packs.commentary import get_commentary, stage_return
    from workers.packs.model import SECTIONS, SIGN_OFF
    from workers.packs.render import format_day, paragraphs

    row = stage_return(
        db,
        returned,
        filename=upload.filename or "pack.docx",
        sha256=digest,
        uploaded_by=user.username,
    )
    before = get_commentary(db, ref.agency_id, ref.priority_id, ref.quarter)
    sign_off = [
        {"label": label, "value": format_day(returned.sign_off.get(key, ""))}
        for key, label, _p in SIGN_OFF
    ]
    return page(
        request,
        "pack_preview.html",
        {
            "title": f"Check the commentary: {ref.agency_name}, {ref.priority_name}",
            "pack": ref,
            "return_id": row.id,
            "filename": upload.filename or "pack.docx",
            "sections": [
                {"key": key, "title": title, "paragraphs": paragraphs(returned.sections[key])}
                for key, title, _g in SECTIONS
            ],
            "filled": sum(bool(v.strip()) for v in returned.sections.values()),
            "sign_off": sign_off,
            "warnings": returned.warnings,
            "checked_outside": returned.checked_outside,
            "replaces": before.imported_at if before else None,
        },
    )


@router.post(
    "/packs/{quarter}/commentary/{agency_id}/{priority_id}/returns/{return_id:int}/store",
    dependencies=POST_CHECKS,
)
def pack_store(
    request: Request,
    quarter: str,
    agency_id: str,
    priority_id: str,
    return_id: int,
    user: Person,
    db: Db,
) -> Response:
    """Store a previewed pack's commentary, as the person who uploaded it confirmed."""
    from workers.packs.commentary import CommentaryError, store_return
    from workers.warehouse.models import CommentaryReturn

    need(user, Action.RETURN_COMMENTARY)
    ref = _find_pack(user, quarter, agency_id, priority_id)
    row = db.get(CommentaryReturn, return_id)
    if row is None or (row.agency_id, row.priority_id, row.quarter) != (
        ref.agency_id,
        ref.priority_id,
        ref.quarter,
    ):
        raise not_found(f"Returned pack {return_id}")
    try:
        stored = store_return(db, row, user.username)
    except CommentaryError as exc:
        flash(request, str(exc), "error")
        return RedirectResponse(ref.url, status_code=303)
    filled = sum(bool(v) for v in stored.sections.values())
    flash(
        request,
        f"Commentary stored: {filled} of {len(stored.sections)} sections filled in. QEG's "
        "consolidated pack will count it when the quarter's packs are next built.",
    )
    return RedirectResponse(ref.url, status_code=303)


@router.get("/packs/{quarter}/{name:path}")
def pack_download(request: Request, quarter: str, name: str, user: Person) -> Response:
    scope = packs_scope_page(user)
    path = pack_file(packs_root(request), quarter, name)
    if path is None or (scope is not None and owner(quarter, name) != scope):
        raise not_found(f"The pack file {quarter}/{name}")
    _, media_type = KINDS[path.suffix.lower()]
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-cache"}
    if path.suffix.lower() in (".html", ".svg"):
        headers["Content-Security-Policy"] = PACK_HTML_POLICY
        return FileResponse(path, media_type=media_type, headers=headers)
    return FileResponse(
        path, media_type=media_type, headers=headers, filename=path.name
    )  # sent as an attachment: opens in Word, not in the browser
