"""Storing population releases: each once, with who added it and when."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session, select

from workers.warehouse.events import record_event
from workers.warehouse.models import PopulationEstimate, PopulationRelease

#: Figures of one release: area code → mid-year → children aged 0-17.
Figures = dict[str, dict[int, int]]


def figures_sha256(figures: Figures) -> str:
    """The same figures give the same hash however they were ordered or spelt."""
    canonical = sorted(
        (area, int(year), int(count))
        for area, years in figures.items()
        for year, count in years.items()
    )
    return hashlib.sha256(json.dumps(canonical).encode()).hexdigest()


@dataclass(frozen=True)
class Added:
    release: PopulationRelease
    new: bool  # False: the same source with the same figures was there already


def add_release(
    session: Session,
    source: str,
    figures: Figures,
    *,
    origin: str,
    imported_by: str,
    filename: str | None = None,
) -> Added:
    """Store a release (flushed, not committed); the same source and figures again adds
    nothing. A release added later wins over earlier ones for the years it covers. A
    steward's import is also an event (``population_release``) in the audit trail."""
    sha = figures_sha256(figures)
    existing = session.exec(
        select(PopulationRelease).where(
            PopulationRelease.source == source, PopulationRelease.sha256 == sha
        )
    ).first()
    if existing is not None:
        return Added(existing, new=False)
    count = sum(len(years) for years in figures.values())
    release = PopulationRelease(
        source=source,
        origin=origin,
        filename=filename,
        sha256=sha,
        figures=count,
        imported_by=imported_by,
    )
    session.add(release)
    session.flush()
    assert release.id is not None
    for area, years in sorted(figures.items()):
        for year, population in sorted(years.items()):
            session.add(
                PopulationEstimate(
                    release_id=release.id,
                    area_code=area,
                    year=int(year),
                    population_0_17=int(population),
                )
            )
    session.flush()
    if origin == "catalogue":
        # Setting up from the catalogue is not a decision: the release row itself records
        # where it came from, and a new warehouse's event log starts empty.
        return Added(release, new=True)
    record_event(
        session,
        "population_release",
        actor=imported_by,
        release_id=release.id,
        source=source,
        origin=origin,
        filename=filename,
        figures=count,
        years=sorted({int(y) for years in figures.values() for y in years}),
    )
    return Added(release, new=True)


def sync_catalogue_releases(session: Session, releases) -> None:
    """Add the catalogue's releases that are not stored yet (``init_db`` calls this)."""
    if session.get_bind().dialect.name == "postgresql":
        # Two processes setting up at once must not both add the same release.
        session.execute(text("SELECT pg_advisory_xact_lock(4242005)"))
    for release in releases:
        add_release(
            session,
            release.source,
            release.figures,
            origin="catalogue",
            imported_by="catalogue",
            filename="populations.yaml",
        )
