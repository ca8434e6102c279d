"""The narrative agencies write back: stored per agency, priority and quarter, shown to
them the next time the priority comes round ("what you wrote last time"), its escalations
gathered for the consolidated QEG pack, and where each is for the quarter (awaiting,
late, returned) in the status grid.

A filled pack comes back in two steps: the hub reads it and keeps what it read as a
``preview`` (``stage_return``); the person who uploaded it checks the preview and stores
it (``store_return``). The command-line import does both at once. A re-import for the
same agency, priority and quarter replaces the text (the agency sent a corrected
template); the event log keeps that it happened, and from which file.

Commentary is due ``SDH_COMMENTARY_DUE_DAYS`` after the quarter ends (the packs go out
once its returns are in; QEG meets a few weeks later).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta

from sqlmodel import Session, col, select

from workers.contracts.catalogue import Catalogue, load_catalogue
from workers.errors import SdhError
from workers.packs.docx_import import ReturnedPack
from workers.packs.model import SECTIONS, SIGN_OFF, Commentary, CommentaryStatus, Escalation
from workers.packs.quality import aware
from workers.packs.rota import find_priority, parse_quarter, previous_review
from workers.warehouse.events import record_event
from workers.warehouse.models import CommentaryEntry, CommentaryReturn, utcnow

SECTION_KEYS: tuple[str, ...] = tuple(key for key, _, _ in SECTIONS)


class CommentaryError(SdhError):
    """Commentary that cannot be stored as it is (an unknown section or quarter)."""


def to_commentary(entry: CommentaryEntry, sign_off: dict[str, str] | None = None) -> Commentary:
    return Commentary(
        agency_id=entry.agency_id,
        priority_id=entry.priority_id,
        quarter=entry.quarter,
        sections={key: getattr(entry, key) or "" for key in SECTION_KEYS},
        imported_at=entry.imported_at,
        source=entry.source,
        sign_off=sign_off or {},
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
    if entry is None:
        return None
    stored = latest_stored(session, agency_id, priority_id, quarter)
    return to_commentary(entry, stored_sign_off(stored) if stored else None)


# --- returned packs: preview, then store ---------------------------------------------------


def _returns(agency_id: str, priority_id: str, quarter: str):
    return select(CommentaryReturn).where(
        CommentaryReturn.agency_id == agency_id,
        CommentaryReturn.priority_id == priority_id,
        CommentaryReturn.quarter == quarter,
    )


def latest_stored(
    session: Session, agency_id: str, priority_id: str, quarter: str
) -> CommentaryReturn | None:
    """The returned pack whose text is the stored commentary (the last one stored)."""
    return session.exec(
        _returns(agency_id, priority_id, quarter)
        .where(CommentaryReturn.status == "stored")
        .order_by(col(CommentaryReturn.stored_at).desc(), col(CommentaryReturn.id).desc())
    ).first()


def stored_sign_off(row: CommentaryReturn) -> dict[str, str]:
    data = json.loads(row.sign_off_json or "{}")
    return {key: str(data.get(key) or "") for key, _l, _p in SIGN_OFF}


def returned_sections(row: CommentaryReturn) -> dict[str, str]:
    data = json.loads(row.sections_json or "{}")
    return {key: str(data.get(key) or "") for key in SECTION_KEYS}


def stage_return(
    session: Session,
    pack: ReturnedPack,
    *,
    filename: str,
    sha256: str,
    uploaded_by: str,
    catalogue: Catalogue | None = None,
) -> CommentaryReturn:
    """Keep what was read from a filled pack, to be shown before it is stored. Commits."""
    catalogue = catalogue or load_catalogue()
    catalogue.agency(pack.agency_id)
    find_priority(pack.priority_id, catalogue)
    row = CommentaryReturn(
        agency_id=pack.agency_id,
        priority_id=pack.priority_id,
        quarter=parse_quarter(pack.quarter).label,
        filename=filename[:255],
        sha256=sha256,
        sections_json=json.dumps(pack.sections, ensure_ascii=False),
        sign_off_json=json.dumps(
            {k: pack.sign_off.get(k, "") for k, _l, _p in SIGN_OFF}, ensure_ascii=False
        ),
        warnings_json=json.dumps(pack.warnings, ensure_ascii=False),
        uploaded_by=uploaded_by[:128],
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def store_return(
    session: Session, row: CommentaryReturn, actor: str, catalogue: Catalogue | None = None
) -> Commentary:
    """Store a previewed pack's text as the commentary of its agency, priority and
    quarter (replacing any before), and mark the quarter's packs for a rebuild (the
    consolidated pack counts it and shows its escalations). Commits."""
    if row.status == "stored":
        raise CommentaryError(
            f"{row.filename} (return {row.id}) was stored already, on {row.stored_at:%d %b %Y}"
        )
    row.status = "stored"
    row.stored_at = utcnow()
    session.add(row)
    stored = store_commentary(
        session,
        row.agency_id,
        row.priority_id,
        row.quarter,
        returned_sections(row),
        source=row.filename,
        imported_by=actor,
        catalogue=catalogue,
    )
    from workers.packs.triggers import on_commentary_stored

    on_commentary_stored(row.quarter, session)
    return replace(stored, sign_off=stored_sign_off(row))


# --- where each commentary stands -----------------------------------------------------------


def commentary_due(quarter: str) -> date:
    """The day a quarter's commentary is due: ``SDH_COMMENTARY_DUE_DAYS`` after its end."""
    from workers.settings import get_settings

    return parse_quarter(quarter).end + timedelta(days=get_settings().commentary_due_days)


def status_grid(
    session: Session, quarter: str, today: date, catalogue: Catalogue | None = None
) -> tuple[CommentaryStatus, ...]:
    """Every pack of the quarter (agency by priority on the rota) with where its
    commentary stands: returned (and whether after the due date), late or awaiting."""
    from workers.packs.assemble import pack_plan

    catalogue = catalogue or load_catalogue()
    quarter = parse_quarter(quarter).label
    due = commentary_due(quarter)
    entries = {
        (e.agency_id, e.priority_id): e
        for e in session.exec(select(CommentaryEntry).where(CommentaryEntry.quarter == quarter))
    }
    stored: dict[tuple[str, str], CommentaryReturn] = {}
    for r in session.exec(
        select(CommentaryReturn)
        .where(CommentaryReturn.quarter == quarter, CommentaryReturn.status == "stored")
        .order_by(col(CommentaryReturn.stored_at), col(CommentaryReturn.id))
    ):
        stored[(r.agency_id, r.priority_id)] = r
    cells = []
    for agency, priority in pack_plan(quarter, catalogue=catalogue):
        entry = entries.get((agency.id, priority.id))
        back = stored.get((agency.id, priority.id))
        when = aware(entry.imported_at) if entry else None
        status = "returned" if when is not None else "late" if today > due else "awaiting"
        cells.append(
            CommentaryStatus(
                agency_id=agency.id,
                agency_name=agency.name,
                priority_id=priority.id,
                priority_name=priority.name,
                quarter=quarter,
                due=due,
                status=status,  # type: ignore[arg-type]
                returned_at=when,
                returned_late=when is not None and when.date() > due,
                completed_by=stored_sign_off(back)["completed_by"] if back else "",
            )
        )
    return tuple(cells)


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
        select(CommentaryEntry).where(col(CommentaryEntry.quarter).in_(wanted))
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
