"""Build a quarter's packs: assemble each, render what changed, keep track in pack_build.

Rendering (DOCX, HTML, charts) is the slow part and its output goes to agencies, so a
pack is rendered again only when what it shows changed: the hash of its content (every
field but ``data_taken_at``) is kept in ``pack_build`` and compared. The consolidated pack
and the index follow when any pack changed, or their own content did.

The renderer is any object with three functions (``workers.packs.render`` by default):

- ``render_single(pack, out_dir) -> list[Path]``: one agency's pack, DOCX and HTML;
- ``render_consolidated(pack, packs, out_dir) -> list[Path]``: QEG's pack;
- ``render_index(quarter, entries, out_dir) -> Path``: the quarter's index page, from
  ``IndexEntry`` items (the consolidated pack first, then each agency's pack).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlmodel import Session

from workers.packs.assemble import consolidated_pack, pack_plan, single_agency_pack
from workers.packs.metrics import build_cache
from workers.packs.model import ConsolidatedPack, SingleAgencyPack
from workers.packs.rota import parse_quarter
from workers.warehouse.models import PackBuild

_PATH_SEPARATOR = ";"
_PATH_MAX = 255  # pack_build.path


class Renderer(Protocol):
    def render_single(self, pack: SingleAgencyPack, out_dir: Path) -> list[Path]: ...

    def render_consolidated(
        self, pack: ConsolidatedPack, packs: list[SingleAgencyPack], out_dir: Path
    ) -> list[Path]: ...

    def render_index(self, quarter: str, entries: list[IndexEntry], out_dir: Path) -> Path: ...


@dataclass(frozen=True)
class IndexEntry:
    """One line of the quarter's index page: a pack and its files."""

    kind: Literal["consolidated", "single"]
    slug: str
    title: str
    files: tuple[Path, ...]
    rebuilt: bool
    agency_id: str = ""
    agency_name: str = ""
    priority_id: str = ""
    priority_name: str = ""


@dataclass
class BuildResult:
    quarter: str
    out_dir: Path
    rebuilt: list[str] = field(default_factory=list)  # slugs rendered this time
    skipped: list[str] = field(default_factory=list)  # slugs whose inputs had not changed
    files: list[Path] = field(default_factory=list)  # files written this time
    consolidated: bool = False  # the consolidated pack was rendered this time
    index: Path | None = None  # the quarter's index page (None for a narrowed build)
    entries: list[IndexEntry] = field(default_factory=list)


def default_renderer() -> Renderer:
    from workers.packs import render

    return render  # type: ignore[return-value]


def consolidated_slug(quarter: str) -> str:
    return f"{quarter}_consolidated"


def index_slug(quarter: str) -> str:
    return f"{quarter}_index"


# --- what a pack was made from -----------------------------------------------------------


def _without_taken_at(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_taken_at(v) for k, v in value.items() if k != "data_taken_at"}
    if isinstance(value, list | tuple):
        return [_without_taken_at(v) for v in value]
    return value


def inputs_sha256(pack: SingleAgencyPack | ConsolidatedPack) -> str:
    """The hash of everything a pack shows except the moment it was assembled."""
    content = _without_taken_at(dataclasses.asdict(pack))
    blob = json.dumps(content, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --- pack_build bookkeeping --------------------------------------------------------------


def _stored_paths(files: list[Path], out_dir: Path) -> str:
    """The files as ``pack_build.path``: names relative to the output folder, as many as
    fit in the column (the first ones are the DOCX and HTML)."""
    names: list[str] = []
    for path in files:
        try:
            name = str(Path(path).resolve().relative_to(out_dir.resolve()))
        except ValueError:
            name = str(path)
        if len(_PATH_SEPARATOR.join([*names, name])) > _PATH_MAX:
            break
        names.append(name)
    return _PATH_SEPARATOR.join(names)


def _existing_files(row: PackBuild | None, out_dir: Path) -> tuple[Path, ...] | None:
    """The files a previous build wrote, if they are all still in ``out_dir``."""
    if row is None or not row.path:
        return None
    files = tuple(out_dir / name for name in row.path.split(_PATH_SEPARATOR))
    return files if all(f.exists() for f in files) else None


def _record(
    session: Session, quarter: str, slug: str, digest: str, files: list[Path], out_dir: Path
) -> None:
    row = session.get(PackBuild, (quarter, slug)) or PackBuild(quarter=quarter, pack=slug)
    row.built_at = datetime.now(UTC)
    row.inputs_sha256 = digest
    row.path = _stored_paths(files, out_dir)
    session.add(row)
    session.commit()


def _unchanged(
    session: Session, quarter: str, slug: str, digest: str, out_dir: Path
) -> tuple[Path, ...] | None:
    row = session.get(PackBuild, (quarter, slug))
    if row is None or row.inputs_sha256 != digest:
        return None
    return _existing_files(row, out_dir)


# --- the build ---------------------------------------------------------------------------


def build_packs(
    quarter: str,
    agency: str | None = None,
    priority: str | None = None,
    out_dir: Path | None = None,
    force: bool = False,
    *,
    renderer: Renderer | None = None,
    today: date | None = None,
) -> BuildResult:
    """Assemble every pack of the quarter (each agency by each priority on the rota) and render
    those whose content changed, then the consolidated pack and the index.

    ``force`` renders everything (after a template change). A build narrowed to an agency
    or a priority renders only those packs: the consolidated pack and the index need all
    of them, so they wait for a full build.
    """
    from workers.settings import get_settings
    from workers.warehouse.db import session_scope

    quarter = parse_quarter(quarter).label
    renderer = renderer or default_renderer()
    out = Path(out_dir) if out_dir else get_settings().output_dir / "packs" / quarter
    out.mkdir(parents=True, exist_ok=True)
    result = BuildResult(quarter, out)
    now = datetime.now(UTC)

    with session_scope() as session:
        build_cache(session)
        packs = [
            single_agency_pack(session, a.id, p.id, quarter, today=today, now=now)
            for a, p in pack_plan(quarter, agency, priority)
        ]
        entries: list[IndexEntry] = []
        for pack in packs:
            digest = inputs_sha256(pack)
            files = None if force else _unchanged(session, quarter, pack.slug, digest, out)
            if files is None:
                written = renderer.render_single(pack, out)
                _record(session, quarter, pack.slug, digest, written, out)
                result.rebuilt.append(pack.slug)
                result.files.extend(written)
                files = tuple(written)
            else:
                result.skipped.append(pack.slug)
            entries.append(
                IndexEntry(
                    kind="single",
                    slug=pack.slug,
                    title=f"{pack.agency_name}: {pack.priority_name}",
                    files=files,
                    rebuilt=pack.slug in result.rebuilt,
                    agency_id=pack.agency_id,
                    agency_name=pack.agency_name,
                    priority_id=pack.priority_id,
                    priority_name=pack.priority_name,
                )
            )
        if agency is None and priority is None:
            _build_consolidated(
                session, quarter, packs, entries, out, force, renderer, result, now, today
            )
        result.entries = entries
    return result


def _build_consolidated(
    session: Session,
    quarter: str,
    packs: list[SingleAgencyPack],
    entries: list[IndexEntry],
    out: Path,
    force: bool,
    renderer: Renderer,
    result: BuildResult,
    now: datetime,
    today: date | None,
) -> None:
    pack = consolidated_pack(session, quarter, packs, today=today, now=now)
    slug = consolidated_slug(quarter)
    digest = inputs_sha256(pack)
    changed = force or bool(result.rebuilt)
    files = None if changed else _unchanged(session, quarter, slug, digest, out)
    if files is None:
        written = renderer.render_consolidated(pack, packs, out)
        _record(session, quarter, slug, digest, written, out)
        result.files.extend(written)
        result.consolidated = True
        files = tuple(written)
    entries.insert(
        0,
        IndexEntry(
            kind="consolidated",
            slug=slug,
            title=f"QEG consolidated pack, {pack.quarter_label}",
            files=files,
            rebuilt=result.consolidated,
        ),
    )
    index_row = session.get(PackBuild, (quarter, index_slug(quarter)))
    existing = _existing_files(index_row, out)
    if result.consolidated or existing is None:
        index = renderer.render_index(quarter, entries, out)
        index_digest = hashlib.sha256("\n".join(e.slug for e in entries).encode()).hexdigest()
        _record(session, quarter, index_slug(quarter), index_digest, [index], out)
        result.files.append(index)
        result.index = index
    else:
        result.index = existing[0]
