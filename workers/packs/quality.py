"""The returns behind a pack's figures and what a reader should know about them.

QEG reads the figures beside the state of the returns they came from: a late, missing or
failed return explains a blank; a query the validator raised explains an odd number; a
figure revised since the agency's last pack explains why last quarter's column no longer
matches the old pack. Each of these becomes a ``QualityNote`` in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, select

from workers.contracts.catalogue import Catalogue, Measure, load_catalogue
from workers.contracts.model import FeedContract
from workers.numbers import format_number
from workers.packs.metrics import measure_parts, period_name, run_query
from workers.packs.model import QualityNote, ReturnKind, ReturnStatus
from workers.packs.rota import parse_quarter
from workers.periods import Period
from workers.returns_calendar import due_date, expected_periods, standing, versions_of
from workers.review.explanations import explanations_for
from workers.review.overrides import overrides_for
from workers.validation.run import latest_run
from workers.warehouse.models import RuleResult, Submission, SubmissionStatus

#: A submission a steward refused or that waits for one: received, but not accepted.
FAILED = (SubmissionStatus.NEEDS_REVIEW, SubmissionStatus.REJECTED)


@dataclass(frozen=True)
class ReturnCheck:
    """A return's status, with what returns compliance counts (received, passed)."""

    status: ReturnStatus
    received: bool
    passed: bool


def aware(moment: datetime | None) -> datetime | None:
    """Datetimes come back from the database without a zone; the hub stores UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _overridden(session: Session, submission: Submission) -> bool:
    """Whether a steward accepted this submission's figures despite errors.

    An override loads the return, so it arrives here as an accepted submission whose
    latest validation run has overrides in force; ``override_notes`` gives the reasons.
    """

    assert submission.id is not None
    return bool(overrides_for(session, [submission.id]).get(submission.id))


def check_return(
    session: Session, contract: FeedContract, agency_id: str, period: Period, today: date
) -> ReturnCheck:
    """on_time if an accepted submission arrived by the due date, late if only after it,
    overridden if a steward accepted its errors, failed if every submission was held for
    a steward, missing if none came and the day has passed, not_due while it has not.

    The submission named is the one behind the figures (the loaded one); ``received_at``
    is when the return first arrived in a form that was accepted, which is what
    timeliness is judged on."""
    due = due_date(contract, period)
    stands = standing(
        versions_of(session, contract.id, agency_id, period.label), period, due, today
    )

    def status(kind: ReturnKind) -> ReturnStatus:
        shown = stands.current
        return ReturnStatus(
            contract_id=contract.id,
            period=period.label,
            due=due,
            status=kind,
            submission_id=shown.id if shown else None,
            received_at=aware(stands.arrived.received_at) if stands.arrived else None,
            queries=(shown.query_count or 0) if shown else 0,
            errors=(shown.error_count or 0) if shown else 0,
        )

    timely: ReturnKind = "on_time" if stands.on_time else "late"
    if stands.accepted:
        assert stands.current is not None
        kind = "overridden" if _overridden(session, stands.current) else timely
        return ReturnCheck(status(kind), True, True)
    if stands.in_flight:  # arrived, still being checked: judged on arrival until it settles
        return ReturnCheck(status(timely), True, False)
    if stands.received:
        return ReturnCheck(status("failed"), True, False)
    return ReturnCheck(status("not_due" if due >= today else "missing"), False, False)


def return_checks(
    session: Session,
    agency_id: str,
    contracts: list[FeedContract],
    quarter: str,
    today: date,
) -> list[ReturnCheck]:
    """Every return the contracts expect from the agency for the quarter's periods."""
    period = parse_quarter(quarter)
    return [
        check_return(session, contract, agency_id, p, today)
        for contract in sorted(contracts, key=lambda c: c.id)
        for p in expected_periods(contract, period)
    ]


# --- notes -------------------------------------------------------------------------------


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def return_notes(
    statuses: list[ReturnStatus], contracts: dict[str, FeedContract]
) -> list[QualityNote]:
    """A note for each return that was late, is missing, failed or was overridden."""
    notes = []
    for s in statuses:
        where = f"{contracts[s.contract_id].name}, {period_name(s.period)}"
        if s.status == "late" and s.received_at is not None:
            days = (s.received_at.date() - s.due).days
            notes.append(
                QualityNote(
                    "late",
                    f"{where}: received on {_day(s.received_at.date())}, {days} day(s) after "
                    f"it was due ({_day(s.due)}).",
                    s.submission_id,
                )
            )
        elif s.status == "missing":
            notes.append(
                QualityNote(
                    "missing",
                    f"{where}: no return received; it was due on {_day(s.due)}. Its figures "
                    "are blank in this pack.",
                )
            )
        elif s.status == "failed":
            notes.append(
                QualityNote(
                    "failed",
                    f"{where}: the return failed validation ({s.errors} error(s)) and is "
                    "waiting for a data steward; its figures are not in this pack.",
                    s.submission_id,
                )
            )
    return notes


def override_notes(
    session: Session, statuses: list[ReturnStatus], contracts: dict[str, FeedContract]
) -> list[QualityNote]:
    """Each error a data steward overrode on a return behind the figures, with the reason."""

    ids = [s.submission_id for s in statuses if s.status == "overridden" and s.submission_id]
    by_submission = overrides_for(session, ids)
    notes = []
    for s in statuses:
        for o in by_submission.get(s.submission_id, []):  # type: ignore[arg-type]
            where = f"{contracts[s.contract_id].name}, {period_name(s.period)}"
            notes.append(
                QualityNote(
                    "override",
                    f"{where}: error {o.rule_code} on {o.rows_failed} row(s) overridden by "
                    f"{o.overridden_by}: {o.reason}",
                    s.submission_id,
                )
            )
    return notes


def query_notes(
    session: Session, statuses: list[ReturnStatus], contracts: dict[str, FeedContract]
) -> list[QualityNote]:
    """Queries (plausible but unusual figures) raised by the latest validation of each
    return behind the figures. The steward's explanation joins them with the steward issue.
    """

    explained = explanations_for(
        session, [s.submission_id for s in statuses if s.submission_id is not None]
    )
    notes = []
    for s in statuses:
        if s.submission_id is None or s.status in ("failed", "missing", "not_due"):
            continue
        run = latest_run(session, s.submission_id)
        if run is None:
            continue
        results = session.exec(
            select(RuleResult)
            .where(
                RuleResult.run_id == run.id,
                RuleResult.severity == "query",
                RuleResult.rows_failed > 0,
            )
            .order_by(RuleResult.rule_code)
        ).all()
        where = f"{contracts[s.contract_id].name}, {period_name(s.period)}"
        for r in results:
            rows = "the return" if r.scope == "return" else f"{r.rows_failed} row(s)"
            explanation = explained.get(s.submission_id)
            answer = (
                f" Explained by {explanation.explained_by}: {explanation.reason}"
                if explanation
                else " Not yet explained."
            )
            notes.append(
                QualityNote(
                    "query",
                    f"{where}: query {r.rule_code} on {rows}: {r.message.rstrip('.')}.{answer}",
                    s.submission_id,
                )
            )
    return notes


def revision_notes(
    session: Session,
    agency_id: str,
    measures: list[Measure],
    quarters: list[str],
    since: datetime | None,
    catalogue: Catalogue | None = None,
) -> list[QualityNote]:
    """Figures in the pack's quarters that a corrected return changed after ``since`` (the
    agency's last pack for the priority; None: any revision at all)."""
    catalogue = catalogue or load_catalogue()
    parts = measure_parts(measures)
    rows = run_query(
        session,
        "pack_revisions.sql",
        agency_id=agency_id,
        from_day=parse_quarter(quarters[0]).start,
        to_day=parse_quarter(quarters[-1]).end,
    )
    since = aware(since)
    notes = []
    for r in rows:
        revised_at = aware(_moment(r.revised_at))
        if r.measure_id not in parts or (since and revised_at and revised_at <= since):
            continue
        label = catalogue.measure(r.measure_id).label
        area = catalogue.area(r.area_code).name
        when = f" on {_day(revised_at.date())}" if revised_at else ""
        notes.append(
            QualityNote(
                "revised",
                f"{label}, {area}, {period_name(r.period_label)}: {_revision(r)} "
                f"(submission {r.new_id} replaced {r.old_id}{when}).",
                int(r.new_id),
            )
        )
    return notes


def _moment(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _revision(r) -> str:
    if r.old_value is None:
        return f"added as {_number(r.new_value)}"
    if r.new_value is None:
        return f"withdrawn (was {_number(r.old_value)})"
    return f"revised from {_number(r.old_value)} to {_number(r.new_value)}"


def _number(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 2)
