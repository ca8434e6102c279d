"""Everything a steward reads about one return, gathered once for ``sdh review show`` and
the submission page: the return, its latest rule results, the first row issues, the rows
held back, the overrides and explanation in force, the timeline and the lineage."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from workers.errors import SubmissionNotFound
from workers.review.explanations import ExplanationNote, explanations_for
from workers.review.overrides import OverrideNote, overrides_for
from workers.validation.run import latest_run
from workers.warehouse.models import (
    Event,
    RowHold,
    RowIssue,
    RuleResult,
    Submission,
    ValidationRun,
)


@dataclass
class TimelineEntry:
    at: Any
    kind: str
    actor: str
    detail: dict[str, Any]


@dataclass
class SubmissionDetail:
    submission: Submission
    run: ValidationRun | None
    rules: list[RuleResult]
    issues: list[RowIssue]
    issue_total: int
    holds: list[RowHold]
    hold_total: int
    overrides: list[OverrideNote]
    explanation: ExplanationNote | None
    timeline: list[TimelineEntry]
    versions: list[Submission]  # every version of the same return, oldest first


def _detail(text: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {"text": text}
    return value if isinstance(value, dict) else {"value": value}


def submission_detail(
    session: Session, submission_id: int, *, issues: int = 20, holds: int = 20
) -> SubmissionDetail:
    """The return with its first ``issues`` row issues and ``holds`` held rows."""
    sub = session.get(Submission, submission_id)
    if sub is None:
        raise SubmissionNotFound(f"No submission {submission_id}")
    run = latest_run(session, submission_id)
    rules: list[RuleResult] = []
    issue_rows: list[RowIssue] = []
    issue_total = 0
    if run is not None:
        rules = list(
            session.exec(
                select(RuleResult).where(RuleResult.run_id == run.id).order_by(col(RuleResult.id))
            )
        )
        issue_total = session.exec(
            select(func.count()).select_from(RowIssue).where(RowIssue.run_id == run.id)
        ).one()
        issue_rows = list(
            session.exec(
                select(RowIssue)
                .where(RowIssue.run_id == run.id)
                .order_by(col(RowIssue.row_number).asc().nulls_first(), col(RowIssue.id))
                .limit(issues)
            )
        )
    hold_total = session.exec(
        select(func.count()).select_from(RowHold).where(RowHold.submission_id == submission_id)
    ).one()
    hold_rows = list(
        session.exec(
            select(RowHold)
            .where(RowHold.submission_id == submission_id)
            .order_by(col(RowHold.row_number))
            .limit(holds)
        )
    )
    events = session.exec(
        select(Event)
        .where(Event.submission_id == submission_id)
        .order_by(col(Event.at), col(Event.id))
    ).all()
    versions = list(
        session.exec(
            select(Submission)
            .where(
                Submission.contract_id == sub.contract_id,
                Submission.agency_id == sub.agency_id,
                Submission.period_label == sub.period_label,
            )
            .order_by(col(Submission.id))
        )
    )
    if sub not in versions:  # no period yet (never validated): only itself
        versions = [sub]
    return SubmissionDetail(
        submission=sub,
        run=run,
        rules=rules,
        issues=issue_rows,
        issue_total=issue_total,
        holds=hold_rows,
        hold_total=hold_total,
        overrides=overrides_for(session, [submission_id]).get(submission_id, []),
        explanation=explanations_for(session, [submission_id]).get(submission_id),
        timeline=[TimelineEntry(e.at, e.kind, e.actor, _detail(e.detail)) for e in events],
        versions=versions,
    )
