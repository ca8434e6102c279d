"""Load a validated submission into the warehouse, in one transaction.

The rows come from the return's staging table (``workers.warehouse.staging``), staged
again from the landing store if it is gone, so a load can always be replayed. Which rows
are held comes from the complete record of failures (``row_failure``) and the steward's
overrides, never from the issues a page shows. Within the same transaction the earlier
loaded version of the same return (agency, contract, period) is marked superseded, and
every received row is accounted for: loaded, or held with its reason.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyarrow as pa
from sqlalchemy import bindparam, delete, insert, inspect, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from workers import periods
from workers.arrow import int32_array, string_array
from workers.contracts.loader import get_contract
from workers.contracts.model import FeedContract
from workers.errors import InvalidTransition, SubmissionNotFound
from workers.periods import fy_start_year, parse_period
from workers.settings import get_settings
from workers.sources.landing import LandingStore
from workers.statutory.load import load_statutory
from workers.statutory.returns import dfe_errors, statutory
from workers.validation.engine import ROW_LENGTH
from workers.validation.run import latest_run, stage_submission
from workers.warehouse import lifecycle, partitions, staging
from workers.warehouse.claims import claim, release
from workers.warehouse.events import record_event, set_status
from workers.warehouse.models import (
    ChildEventFact,
    MeasureFact,
    Override,
    Period,
    RowFailure,
    RowHold,
    RuleResult,
    Submission,
    SubmissionStatus,
    ValidationRun,
)

_BATCH = 5_000
#: Older versions of a return that a newly loaded version replaces: the loaded one, and
#: any still waiting for a steward (the correction answers them).
SUPERSEDABLE = tuple(lifecycle.SUPERSEDABLE)


def overridden_rules(session: Session, run_id: int) -> set[str]:
    """Codes of the error rules a steward has overridden for this validation run."""
    return set(session.exec(select(Override.rule_code).where(Override.run_id == run_id)))


def blocking_rules(contract: FeedContract, waived: set[str]) -> list[str]:
    """The rules whose failure holds a row back: every error rule a steward has not
    overridden, and a row that could not be split into columns."""
    codes = {r.code for r in contract.rules if r.severity == "error"} - waived
    return sorted({*codes, ROW_LENGTH.code})


def _blocked(session: Session, run_id: int, blocking: list[str]) -> dict[int, list[str]]:
    """Each held row's blocking rules, in row order, from the complete record."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(RowFailure.row_number, RowFailure.rule_code)
        .where(RowFailure.run_id == run_id, col(RowFailure.rule_code).in_(blocking))
        .order_by(col(RowFailure.row_number), col(RowFailure.rule_code))
    )
    for number, code in rows:
        found[number].append(code)
    return found


def _hold(
    session: Session,
    contract: FeedContract,
    submission_id: int,
    held: dict[int, str],
) -> int:
    """Record each held row with the reason a steward reads; returns how many."""
    if not held:
        return 0
    numbers = np.fromiter(held.keys(), dtype=np.int32, count=len(held))
    table = pa.Table.from_arrays(
        [
            int32_array(np.full(len(held), submission_id, dtype=np.int32)),
            int32_array(numbers),
            string_array(list(held.values())),
        ],
        names=["submission_id", "row_number", "reason"],
    )
    staging.write_table(session, "rowhold", table)
    return len(held)


def _reasons(
    contract: FeedContract,
    blocked: dict[int, list[str]],
    run_id: int | None = None,
    session: Session | None = None,
) -> dict[int, str]:
    messages = {r.code: r.message for r in contract.rules}
    if session is not None and run_id is not None:  # rules the run met (the DfE's too)
        found = session.execute(
            select(RuleResult.rule_code, RuleResult.message).where(RuleResult.run_id == run_id)
        )
        messages.update({code: message for code, message in found if code not in messages})
    messages[ROW_LENGTH.code] = "the row could not be read (wrong number of values)"
    return {
        number: "; ".join(f"{code}: {messages.get(code, code)}" for code in codes)
        for number, codes in blocked.items()
    }


_BLOCKED_ROWS = "SELECT row_number FROM row_failure WHERE run_id = :run AND rule_code IN :blocking"


def _load_child(
    session: Session, submission: Submission, run_id: int, blocking: list[str], attach: bool
) -> None:
    sid = submission.id
    assert sid is not None
    table = staging.staging_table(sid)
    blocked_sql = _BLOCKED_ROWS
    params = {"run": run_id, "blocking": blocking}
    if attach:
        session.execute(
            text(f"DELETE FROM {table} WHERE row_number IN ({blocked_sql})").bindparams(
                bindparam("blocking", expanding=True)
            ),
            params,
        )
        with staging.dbapi_connection(session).cursor() as cur:
            _attach(cur, table, sid)
        return
    columns = ["submission_id", "row_number", "child_key", "period_label"]
    columns += [
        c.name
        for c in staging.layout(get_contract(submission.contract_id))
        if c.name != "child_key"
    ]
    names = ", ".join(columns)
    session.execute(
        text(
            f"INSERT INTO child_event_fact ({names}) SELECT {names} FROM {table} "
            f"WHERE row_number NOT IN ({blocked_sql})"
        ).bindparams(bindparam("blocking", expanding=True)),
        params,
    )
    staging.drop(session, sid)


def _attach(cur, table: str, submission_id: int) -> None:
    """Make the staging table the return's partition: its rows are the warehouse's
    already, so none is copied; the NOT NULL checks the partition needs are one scan."""
    changes = [
        f'ALTER COLUMN "{c.name}" SET NOT NULL'
        for c in inspect(ChildEventFact).local_table.columns
        if not c.nullable
    ]
    changes += ["ALTER COLUMN submission_id DROP DEFAULT", "ALTER COLUMN period_label DROP DEFAULT"]
    cur.execute(f"ALTER TABLE {table} {', '.join(changes)}")
    name = partitions.partition_name(submission_id)
    cur.execute(f"DROP TABLE IF EXISTS {name}")
    cur.execute(f"ALTER TABLE {table} RENAME TO {name}")
    partitions.attach_partition(cur, submission_id)


def _load_measures(
    session: Session,
    submission: Submission,
    contract: FeedContract,
    period: periods.Period,
    blocked: set[int],
) -> int:
    """An aggregate return's rows, one fact per measure column and row."""
    sid = submission.id
    assert sid is not None
    table = staging.staging_table(sid)
    rows = session.execute(text(f"SELECT * FROM {table} ORDER BY row_number")).mappings()
    facts = []
    for row in rows:
        if row["row_number"] in blocked:
            continue
        area = row[contract.area_column] if contract.area_column else "CPSCP"
        dim = str(row[contract.dimension_column] or "") if contract.dimension_column else ""
        for column in contract.measure_columns:
            value = row[column.name]
            if value is None:
                continue
            facts.append(
                dict(
                    submission_id=submission.id,
                    measure_id=column.measure,
                    area_code=area,
                    period_label=period.label,
                    grain=period.grain,
                    period_start=period.start,
                    period_end=period.end,
                    dimension=dim,
                    value=float(value),
                    row_number=row["row_number"],
                )
            )
    for start in range(0, len(facts), _BATCH):
        session.execute(insert(MeasureFact), facts[start : start + _BATCH])
    staging.drop(session, sid)
    return len(facts)


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


def _ensure_staged(
    session: Session,
    submission: Submission,
    contract: FeedContract,
    store: LandingStore,
    run: ValidationRun,
) -> None:
    """Stage the return again if its staging table is gone or short (a crash empties an
    UNLOGGED one); the failures recorded by its validation stand."""
    ragged = session.exec(
        select(RowFailure.row_number).where(
            RowFailure.run_id == run.id, RowFailure.rule_code == ROW_LENGTH.code
        )
    ).all()
    expected = (submission.rows_received or 0) - len(ragged)
    assert submission.id is not None
    if staging.staged_rows(session, submission.id) != expected:
        stage_submission(session, submission, contract, store, run_id=None)


def _load_claimed(
    session: Session, submission_id: int, store: LandingStore, actor: str
) -> Submission:
    submission = session.get(Submission, submission_id)
    assert submission is not None
    session.refresh(submission)
    sid = submission_id
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
            col(Submission.id) > sid,
        )
    ).first()
    run = latest_run(session, sid)
    assert run is not None and run.id is not None
    child = contract.level == "child"
    postgres = session.get_bind().dialect.name == "postgresql"
    attach = False
    if child:  # before this transaction touches the facts' partitions
        partitions.prepare_range(session, sid)
    if child and postgres and submission.size_bytes >= staging.PARTITION_FROM_BYTES:
        with staging.dbapi_connection(session).cursor() as cur:
            attach = partitions.is_partitioned(cur)
            if attach and newer is None:
                partitions.lock_shared(cur)
    is_statutory = statutory(contract) is not None  # read again from the landing store
    fact_table = ChildEventFact if child else MeasureFact
    # A replay after a crash must not double anything: clear what this submission had.
    for table in (ChildEventFact, MeasureFact) if is_statutory else (fact_table,):
        session.execute(delete(table).where(col(table.submission_id) == sid))
    session.execute(delete(RowHold).where(col(RowHold.submission_id) == sid))
    if not is_statutory:
        _ensure_staged(session, submission, contract, store, run)

    waived = overridden_rules(session, run.id)
    blocking = blocking_rules(contract, waived)
    if is_statutory:  # the DfE's rules are the run's, not the contract's
        blocking = sorted({*blocking, *(dfe_errors(session, run.id) - waived)})
    blocked = _blocked(session, run.id, blocking)
    if newer is not None:
        # The last version received is the one that counts: this older one arrived at
        # the load after its replacement and must not overwrite it.
        reason = f"superseded by submission {newer.id}, a later version already loaded"
        numbers = (
            range(1, (submission.rows_received or 0) + 1)
            if is_statutory
            else session.execute(
                text(f"SELECT row_number FROM {staging.staging_table(sid)}")
            ).scalars()
        )
        held = dict.fromkeys([*numbers, *blocked], reason)
        staging.drop(session, sid)
        held_count = _hold(session, contract, sid, held)
        fact_count = 0
    else:
        held_count = _hold(session, contract, sid, _reasons(contract, blocked, run.id, session))
        if is_statutory:
            fact_count = load_statutory(
                session,
                submission,
                contract,
                lambda: store.open(submission.sha256),
                set(blocked),
                _ensure_period,
            )
        elif child:
            _load_child(session, submission, run.id, blocking_rules(contract, waived), attach)
            fact_count = (submission.rows_received or 0) - held_count
        else:
            fact_count = _load_measures(session, submission, contract, period, set(blocked))
    loaded = (submission.rows_received or 0) - held_count
    _ensure_period(session, period)

    previous = session.exec(
        select(Submission).where(
            *same_return,
            col(Submission.status).in_(SUPERSEDABLE),
            col(Submission.id) < sid,
        )
    ).all()
    for old in [] if newer is not None else previous:
        if old.status == SubmissionStatus.LOADED:
            submission.supersedes_id = old.id
        old.superseded_by_id = sid
        set_status(session, old, SubmissionStatus.SUPERSEDED, "superseded", superseded_by=sid)

    submission.rows_loaded = loaded
    submission.rows_held = held_count
    if held_count:
        record_event(session, "rows_held", sid, actor, rows=held_count)
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
    upsert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {
        "label": period.label,
        "grain": period.grain,
        "start": period.start,
        "end": period.end,
        "fy_start_year": fy_start_year(period.start),
    }
    statement = upsert(Period).values(**values).on_conflict_do_nothing(index_elements=["label"])
    session.execute(statement)
