"""Load a validated submission into the warehouse, in one transaction.

The facts are rebuilt from the raw bytes in the landing store, so a load can always be
replayed. Within the same transaction the earlier loaded version of the same return
(agency, contract, period) is marked superseded, and every received row is accounted for:
loaded, or held with its reason.
"""

from __future__ import annotations

from sqlalchemy import delete, insert
from sqlmodel import Session, select

from workers import periods
from workers.bulk.run import attaches, load_staged
from workers.contracts.loader import get_contract
from workers.contracts.model import FeedContract
from workers.errors import InvalidTransition, SubmissionNotFound
from workers.periods import fy_start_year, parse_period
from workers.review.overrides import overridden_rules
from workers.settings import get_settings
from workers.sources.landing import LandingStore
from workers.sources.parse import ParsedReturn, parse_return
from workers.validation.run import discard_staging, fast_path, latest_run, return_context
from workers.warehouse import partitions
from workers.warehouse.claims import claim, release
from workers.warehouse.events import record_event, set_status
from workers.warehouse.models import (
    CHILD_EVENT_COLUMNS,
    ChildEventFact,
    MeasureFact,
    Period,
    RowHold,
    RowIssue,
    Submission,
    SubmissionStatus,
)
from workers.warehouse.partitions import (
    attach_partition,
    fact_table,
    lock_shared,
    prepare_range,
)

_BATCH = 5_000
#: Older versions of a return that a newly loaded version replaces: the loaded one, and
#: any still waiting for a steward (the correction answers them).
SUPERSEDABLE = (SubmissionStatus.LOADED, SubmissionStatus.NEEDS_REVIEW)


def _held_rows(session: Session, submission: Submission, parsed: ParsedReturn) -> dict[int, str]:
    """Rows not to load, with the reason a steward will read.

    A row failing only error rules that a steward overrode is loaded: the override says
    "accept these rows as they are"."""
    held: dict[int, str] = {
        n: "the row could not be read (wrong number of values)" for n in parsed.unreadable_rows
    }
    run = latest_run(session, submission.id)  # type: ignore[arg-type]
    if run is None:
        return held
    waived = overridden_rules(session, run.id)  # type: ignore[arg-type]
    issues = session.exec(
        select(RowIssue).where(
            RowIssue.run_id == run.id,
            RowIssue.severity == "error",
            RowIssue.row_number.is_not(None),
        )
    ).all()  # type: ignore[union-attr]
    for issue in issues:
        if issue.rule_code in waived:
            continue
        reason = f"{issue.rule_code}: {issue.message}"
        if issue.row_number in held:
            if reason not in held[issue.row_number]:
                held[issue.row_number] += f"; {reason}"
        else:
            held[issue.row_number] = reason  # type: ignore[index]
    return held


def _measure_facts(
    contract: FeedContract,
    parsed: ParsedReturn,
    submission: Submission,
    period,
    held: dict[int, str],
) -> tuple[list[dict], int]:
    facts = []
    loaded = 0
    for number, row in zip(parsed.row_numbers, parsed.rows, strict=True):
        if number in held:
            continue
        loaded += 1
        area = row.get(contract.area_column) if contract.area_column else "CPSCP"
        dim = str(row.get(contract.dimension_column) or "") if contract.dimension_column else ""
        for col in contract.measure_columns:
            value = row.get(col.name)
            if value is None:
                continue
            facts.append(
                dict(
                    submission_id=submission.id,
                    measure_id=col.measure,
                    area_code=area,
                    period_label=period.label,
                    grain=period.grain,
                    period_start=period.start,
                    period_end=period.end,
                    dimension=dim,
                    value=float(value),
                    row_number=number,
                )
            )
    return facts, loaded


def _child_facts(
    contract: FeedContract,
    parsed: ParsedReturn,
    submission: Submission,
    period,
    held: dict[int, str],
) -> tuple[list[dict], int]:
    key_column = next(c.name for c in contract.columns if c.pseudonymise)
    facts = []
    for number, row in zip(parsed.row_numbers, parsed.rows, strict=True):
        if number in held:
            continue
        fact = {c: row.get(c) for c in CHILD_EVENT_COLUMNS}
        fact.update(
            submission_id=submission.id,
            child_key=row[key_column],
            period_label=period.label,
            row_number=number,
        )
        facts.append(fact)
    return facts, len(facts)


def _load_parsed(
    session: Session,
    submission: Submission,
    contract: FeedContract,
    period,
    store: LandingStore,
    newer: Submission | None,
) -> tuple[int, int, int]:
    """The reference path: parse the landed file in Python and insert the facts."""
    parsed = parse_return(
        contract,
        store.get(submission.sha256),
        submission.filename,
        get_settings().pseudonym_key_bytes,
    )
    held = _held_rows(session, submission, parsed)
    if newer is not None:
        # The last version received is the one that counts: this older one arrived at
        # the load after its replacement and must not overwrite it.
        reason = f"superseded by submission {newer.id}, a later version already loaded"
        held = dict.fromkeys([*parsed.row_numbers, *parsed.unreadable_rows], reason)
    table = ChildEventFact if contract.level == "child" else MeasureFact
    build = _child_facts if contract.level == "child" else _measure_facts
    facts, loaded = build(contract, parsed, submission, period, held)
    if newer is not None:
        facts, loaded = [], 0
    if facts and table is ChildEventFact and session.get_bind().dialect.name == "postgresql":
        with session.connection().connection.driver_connection.cursor() as cur:
            # rows go in through the parent: a partition of their own is attached first
            _, attach = fact_table(cur, submission.id, len(facts))  # type: ignore[arg-type]
            if attach:
                attach_partition(cur, submission.id)  # type: ignore[arg-type]
    for start in range(0, len(facts), _BATCH):
        session.execute(insert(table), facts[start : start + _BATCH])
    for number, reason in sorted(held.items()):
        session.add(RowHold(submission_id=submission.id, row_number=number, reason=reason))
    return loaded, len(held), len(facts)


def _attaches(session: Session, submission: Submission, bulk: bool) -> bool:
    """Whether this child-level load may attach a partition of its own, and so must take
    the shared partition's lock before anything else (``lock_shared``). The reference
    path decides on the facts it builds, after the clean-up: it may attach when the
    return has as many rows as a partition of its own needs."""
    if bulk:
        return attaches(session, submission)
    if session.get_bind().dialect.name != "postgresql":
        return False
    if (submission.rows_received or 0) < partitions.OWN_PARTITION_FROM_ROWS:
        return False
    with session.connection().connection.driver_connection.cursor() as cur:
        return partitions.is_partitioned(cur)


def load_submission(
    session: Session, submission_id: int, store: LandingStore, *, actor: str = "system"
) -> Submission:
    """Load a validated submission; a duplicate call finds the work done or taken."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise SubmissionNotFound(f"No submission {submission_id}")
    if submission.status in (
        SubmissionStatus.LOADED,
        SubmissionStatus.SUPERSEDED,
        SubmissionStatus.REJECTED,  # a steward refused it after the load was sent
    ):
        return submission
    limit = get_settings().step_time_limit_seconds
    if not claim(
        session,
        submission_id,
        (SubmissionStatus.VALIDATED,),
        SubmissionStatus.LOADING,
        stale_after_seconds=limit,
        actor=actor,
    ):
        session.refresh(submission)
        if submission.status in (
            SubmissionStatus.LOADING,
            SubmissionStatus.LOADED,
            SubmissionStatus.SUPERSEDED,
            SubmissionStatus.REJECTED,
        ):
            return submission
        raise InvalidTransition(
            f"Submission {submission_id} is {submission.status}: only a validated return "
            "can be loaded"
        )
    try:
        return _load_claimed(session, submission_id, store, actor)
    except BaseException:
        release(session, submission_id, SubmissionStatus.LOADING, SubmissionStatus.VALIDATED)
        raise


def _load_claimed(
    session: Session, submission_id: int, store: LandingStore, actor: str
) -> Submission:
    submission = session.get(Submission, submission_id)
    assert submission is not None
    session.refresh(submission)
    contract = get_contract(submission.contract_id)
    period = parse_period(submission.period_label or "", contract.grain)
    same_return = (
        Submission.contract_id == submission.contract_id,
        Submission.agency_id == submission.agency_id,
        Submission.period_label == submission.period_label,
    )
    newer = session.exec(
        select(Submission).where(
            *same_return,
            Submission.status == SubmissionStatus.LOADED,
            Submission.id > submission.id,
        )
    ).first()
    table = ChildEventFact if contract.level == "child" else MeasureFact
    bulk = fast_path(session, contract, submission)
    if table is ChildEventFact:  # before this transaction touches the facts' partitions
        prepare_range(session, submission.id)  # type: ignore[arg-type]
        if newer is None and _attaches(session, submission, bulk):
            with session.connection().connection.driver_connection.cursor() as cur:
                lock_shared(cur)
    # A replay after a crash must not double anything: clear what this submission had.
    session.execute(delete(table).where(table.submission_id == submission.id))
    session.execute(delete(RowHold).where(RowHold.submission_id == submission.id))
    if bulk and newer is None:
        # Rows failing only error rules a steward overrode load, as in _held_rows.
        run = latest_run(session, submission.id)  # type: ignore[arg-type]
        waived = overridden_rules(session, run.id) if run else set()  # type: ignore[arg-type]
        loaded, held_count = load_staged(
            session, submission, contract, store, return_context(session, submission), waived
        )
        fact_count = loaded
    else:
        if bulk:
            discard_staging(session, submission.id)  # type: ignore[arg-type]
        loaded, held_count, fact_count = _load_parsed(
            session, submission, contract, period, store, newer
        )
    _ensure_period(session, period)

    previous = session.exec(
        select(Submission).where(
            *same_return,
            Submission.status.in_(SUPERSEDABLE),  # type: ignore[attr-defined]
            Submission.id < submission.id,
        )
    ).all()
    for old in [] if newer is not None else previous:
        if old.status == SubmissionStatus.LOADED:
            submission.supersedes_id = old.id
        old.superseded_by_id = submission.id
        set_status(
            session, old, SubmissionStatus.SUPERSEDED, "superseded", superseded_by=submission.id
        )

    submission.rows_loaded = loaded
    submission.rows_held = held_count
    if submission.rows_received is None:
        submission.rows_received = loaded + held_count
    if held_count:
        record_event(session, "rows_held", submission.id, actor, rows=held_count)
    if newer is not None:
        submission.superseded_by_id = newer.id
        set_status(
            session,
            submission,
            SubmissionStatus.SUPERSEDED,
            "superseded",
            actor,
            superseded_by=newer.id,
            loaded=False,
        )
    else:
        set_status(
            session,
            submission,
            SubmissionStatus.LOADED,
            "loaded",
            actor,
            rows_loaded=loaded,
            rows_held=held_count,
            facts=fact_count,
            supersedes=submission.supersedes_id,
        )
    session.commit()
    return submission


def _ensure_period(session: Session, period: periods.Period) -> None:
    """Add the period row unless it is there, without a read-then-insert race.

    Two workers loading the first returns of a new month at once would both insert it
    and one commit would fail on the key; a period's row never changes, so "insert, or
    do nothing if present" is the whole of the job on both databases.
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    values = {
        "label": period.label,
        "grain": period.grain,
        "start": period.start,
        "end": period.end,
        "fy_start_year": fy_start_year(period.start),
    }
    statement = upsert(Period).values(**values).on_conflict_do_nothing(index_elements=["label"])
    session.execute(statement)
