"""The narrative agencies write back: stored per agency, priority and quarter, shown to
them the next time the priority comes round ("what you wrote last time"), and its
escalations gathered for the consolidated QEG pack.

A re-import for the same agency, priority and quarter replaces the text (the agency sent
a corrected template); the event log keeps that it happened, and from which file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlmodel import Session, select

from workers.contracts.catalogue import Catalogue, load_catalogue
from workers.errors import SdhError
from workers.packs.model import SECTIONS, Commentary, Escalation
from workers.packs.rota import find_priority, parse_quarter, previous_review
from workers.warehouse.events import record_event
from workers.warehouse.models import CommentaryEntry, utcnow

SECTION_KEYS: tuple[str, ...] = tuple(key for key, _, _ in SECTIONS)


class CommentaryError(SdhError):
    """Commentary that cannot be stored as it is (an unknown section or quarter)."""


def to_commentary(entry: CommentaryEntry) -> Commentary:
    return Commentary(
        agency_id=entry.agency_id,
        priority_id=entry.priority_id,
        quarter=entry.quarter,
        sections={key: getattr(entry, key) or "" for key in SECTION_KEYS},
        imported_at=entry.imported_at,
        source=entry.source,
    )


def store_commentary(
    session: Session,
    agency_id: str,
    priority_id: str,
    quarter: str,
    sections: Mapping[str, str],
    *,
    source: str = "",
    imported_by: str = "",
    catalogue: Catalogue | None = None,
) -> Commentary:
    """Store (or replace) the four sections and record a ``commentary_imported`` event.

    All four sections are replaced: one left out of ``sections`` is stored empty, since
    the import reads a whole template. Commits."""
    catalogue = catalogue or load_catalogue()
    catalogue.agency(agency_id)  # an unknown agency is a ContractError naming the known ones
    find_priority(priority_id, catalogue)
    try:
        quarter = parse_quarter(quarter).label
    except ValueError as exc:
        raise CommentaryError(str(exc)) from None
    unknown = sorted(set(sections) - set(SECTION_KEYS))
    if unknown:
        raise CommentaryError(
            f"Unknown commentary section(s) {', '.join(unknown)}; the sections are "
            f"{', '.join(SECTION_KEYS)}"
        )
    entry = _entry(session, agency_id, priority_id, quarter)
    replaced = entry is not None
    if entry is None:
        entry = CommentaryEntry(agency_id=agency_id, priority_id=priority_id, quarter=quarter)
    for key in SECTION_KEYS:
        setattr(entry, key, (sections.get(key) or "").strip())
    entry.source = source[:255]
    entry.imported_by = imported_by[:128]
    entry.imported_at = utcnow()
    session.add(entry)
    record_event(
        session,
        "commentary_imported",
        None,
        imported_by or "system",
        agency=agency_id,
        priority=priority_id,
        quarter=quarter,
        source=source,
        sections=[key for key in SECTION_KEYS if getattr(entry, key)],
        replaced=replaced,
    )
    session.commit()
    session.refresh(entry)
    return to_commentary(entry)


def _entry(
    session: Session, agency_id: str, priority_id: str, quarter: str
) -> CommentaryEntry | None:
    """The stored commentary of one agency on one priority for one quarter, if any."""
    return session.exec(
        select(CommentaryEntry).where(
            CommentaryEntry.agency_id == agency_id,
            CommentaryEntry.priority_id == priority_id,
            CommentaryEntry.quarter == quarter,
        )
    ).first()


def get_commentary(
    session: Session, agency_id: str, priority_id: str, quarter: str
) -> Commentary | None:
    entry = _entry(session, agency_id, priority_id, quarter)
    return to_commentary(entry) if entry else None


def last_time(
    session: Session,
    agency_id: str,
    priority_id: str,
    quarter: str,
    catalogue: Catalogue | None = None,
) -> Commentary | None:
    """What the agency wrote when the priority was last on the rota before ``quarter``
    (six months earlier for a twice-yearly priority); None if nothing, or nothing but
    empty boxes, came back."""
    catalogue = catalogue or load_catalogue()
    before = previous_review(find_priority(priority_id, catalogue), quarter)
    if before is None:
        return None
    found = get_commentary(session, agency_id, priority_id, before)
    if found is None or not any(text.strip() for text in found.sections.values()):
        return None
    return found


def escalations(
    session: Session, quarters: Iterable[str], catalogue: Catalogue | None = None
) -> list[Escalation]:
    """Every non-empty "issues to be escalated" section returned for these quarters, by
    quarter, then agency and priority in the catalogue's order."""
    catalogue = catalogue or load_catalogue()
    wanted = sorted(set(quarters))
    if not wanted:
        return []
    entries = session.exec(
        select(CommentaryEntry).where(CommentaryEntry.quarter.in_(wanted))  # type: ignore[attr-defined]
    ).all()
    agencies = {a.id: (i, a.name) for i, a in enumerate(catalogue.agencies)}
    priorities = {p.id: (i, p.name) for i, p in enumerate(catalogue.priorities)}
    out = [
        Escalation(
            agency_id=e.agency_id,
            agency_name=agencies.get(e.agency_id, (0, e.agency_id))[1],
            priority_id=e.priority_id,
            priority_name=priorities.get(e.priority_id, (0, e.priority_id))[1],
            quarter=e.quarter,
            text=e.escalation.strip(),
        )
        for e in entries
        if (e.escalation or "").strip()
    ]
    big = len(agencies) + len(priorities)
    out.sort(
        key=lambda x: (
            x.quarter,
            agencies.get(x.agency_id, (big, ""))[0],
            priorities.get(x.priority_id, (big, ""))[0],
        )
    )
    return out
