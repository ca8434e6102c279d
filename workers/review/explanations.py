"""Query explanations in force, for the packs' notes ("queries explained") and the queue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from workers.review.overrides import latest_run_ids
from workers.warehouse.models import QueryExplanation


@dataclass(frozen=True)
class ExplanationNote:
    submission_id: int
    run_id: int
    queries: int
    explained_by: str
    reason: str
    explained_at: datetime


def explanations_for(session: Session, submission_ids: Iterable[int]) -> dict[int, ExplanationNote]:
    """Submission id → the explanation of its latest run's queries, for those explained.

    A return validated again (replay, or a corrected version) must be explained again, so
    only the latest run's explanation counts."""
    latest = latest_run_ids(session, submission_ids)
    if not latest:
        return {}
    rows = session.exec(
        select(QueryExplanation).where(col(QueryExplanation.run_id).in_(list(latest.values())))
    ).all()
    return {
        e.submission_id: ExplanationNote(
            e.submission_id, e.run_id, e.queries, e.explained_by, e.reason, e.explained_at
        )
        for e in rows
    }
