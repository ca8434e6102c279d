"""The overrides a steward has made, as the packs' notes show them (the load asks
``workers.load.overridden_rules`` which rules no longer hold a row back)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from workers.warehouse.models import Override, ValidationRun

#: Rule kinds whose failures mean a value could not be read (or a row has the wrong
#: number of values): there is nothing to accept "as it is", so they cannot be overridden.
NOT_OVERRIDABLE_KINDS = frozenset({"file", "type", "required"})


@dataclass(frozen=True)
class OverrideNote:
    """One override as the packs' data-quality notes show it."""

    submission_id: int
    run_id: int
    rule_code: str
    rows_failed: int
    overridden_by: str
    reason: str
    overridden_at: datetime


def latest_run_ids(session: Session, submission_ids: Iterable[int]) -> dict[int, int]:
    """Submission id → id of its latest validation run (submissions never validated left out)."""
    ids = list(set(submission_ids))
    if not ids:
        return {}
    rows = session.exec(
        select(ValidationRun.submission_id, func.max(ValidationRun.id))
        .where(col(ValidationRun.submission_id).in_(ids))
        .group_by(col(ValidationRun.submission_id))
    ).all()
    return {sid: rid for sid, rid in rows if rid is not None}


def overrides_for(session: Session, submission_ids: Iterable[int]) -> dict[int, list[OverrideNote]]:
    """The overrides in force for each submission (those of its latest validation run),
    oldest first. Overrides of an earlier run no longer apply once the return is validated
    again, so they are not listed; the event log still has them."""
    latest = latest_run_ids(session, submission_ids)
    out: dict[int, list[OverrideNote]] = {sid: [] for sid in latest}
    if not latest:
        return out
    rows = session.exec(
        select(Override)
        .where(col(Override.run_id).in_(list(latest.values())))
        .order_by(col(Override.overridden_at), col(Override.id))
    ).all()
    for o in rows:
        out[o.submission_id].append(
            OverrideNote(
                o.submission_id,
                o.run_id,
                o.rule_code,
                o.rows_failed,
                o.overridden_by,
                o.reason,
                o.overridden_at,
            )
        )
    return out
