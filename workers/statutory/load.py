"""Loading a validated statutory return: the children not held, as dated events in
``child_event_fact``, and the partnership's measures derived from them, month by month, in
``measure_fact`` (the facts the packs and the annual report read).

The return is read again from the landing store (a load can always be replayed), inside
the load's transaction; what it writes is keyed by the submission, so a replay after a
crash clears and writes the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import BinaryIO

from sqlalchemy import insert
from sqlmodel import Session

from workers.contracts.catalogue import load_catalogue
from workers.contracts.model import FeedContract
from workers.periods import Period, parse_period
from workers.settings import get_settings
from workers.statutory.agreement import figures
from workers.statutory.cin import Child
from workers.statutory.returns import Parsed, parse, private_copy, statutory
from workers.statutory.ssda903 import LookedAfterChild
from workers.warehouse.models import ChildEventFact, MeasureFact, Submission

_BATCH = 5_000


def _age(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return years if 0 <= years <= 25 else None


def _events(child: Child | LookedAfterChild) -> list[tuple[str, date]]:
    found: list[tuple[str, date | None]] = []
    if isinstance(child, Child):
        for r in child.referrals:
            found.append(("referral", r.referred))
            found += [("assessment", a.authorised) for a in r.assessments]
            for s in r.enquiries:
                found += [("s47", s.start), ("icpc", s.icpc)]
            for p in r.plans:
                found += [("cp_start", p.start), ("cp_end", p.end)]
    else:
        for e in child.episodes:
            found += [
                ("care_start" if (e.reason_new or "") == "S" else "placement", e.start),
                ("care_end", e.end),
            ]
        found += [("missing", d) for d in child.missing]
    return [(kind, day) for kind, day in found if day is not None]


def event_rows(
    parsed: Parsed, submission_id: int, area: str, label: str, held: set[int]
) -> list[dict]:
    rows: list[dict] = []
    for child in parsed.children:
        if child.ordinal in held:
            continue
        for kind, day in _events(child):
            if not parsed.year.contains(day):
                continue
            rows.append(
                dict(
                    submission_id=submission_id,
                    row_number=len(rows) + 1,
                    child_key=child.key,
                    area_code=area,
                    period_label=label,
                    event_type=kind,
                    event_date=day,
                    age=_age(child.birth_month, day),
                    gender=child.sex,
                    ethnicity=child.ethnicity,
                )
            )
    return rows


def load_statutory(
    session: Session,
    submission: Submission,
    contract: FeedContract,
    opener: Callable[[], BinaryIO],
    held: set[int],
    ensure_period: Callable[[Session, Period], None],
) -> int:
    """Write the events and measures of the children not ``held`` (the landed bytes from
    ``opener``); ``ensure_period`` adds a month's period row. Returns the facts written."""
    settings = statutory(contract)
    assert settings is not None and submission.id is not None
    year = parse_period(submission.period_label or "", "year")
    with private_copy(opener, submission.filename) as path:
        parsed = parse(
            settings, path, submission.filename, year, get_settings().pseudonym_key_bytes
        )
    area = load_catalogue().agency(submission.agency_id).areas[0]
    facts = []
    for label, values in figures(settings, parsed, held).items():
        period = parse_period(label, "month")
        ensure_period(session, period)
        for measure, value in values.items():
            facts.append(
                dict(
                    submission_id=submission.id,
                    measure_id=measure,
                    area_code=area,
                    period_label=label,
                    grain="month",
                    period_start=period.start,
                    period_end=period.end,
                    dimension="",
                    value=float(value),
                    row_number=0,
                )
            )
    events = event_rows(parsed, submission.id, area, year.label, held)
    for rows, table in ((facts, MeasureFact), (events, ChildEventFact)):
        for start in range(0, len(rows), _BATCH):
            session.execute(insert(table), rows[start : start + _BATCH])
    return len(facts) + len(events)
