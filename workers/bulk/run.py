"""The fast path's two steps, called by the ordinary validate and load steps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlmodel import Session

from workers.bulk.convert import twin
from workers.bulk.publish import is_direct, publish, publish_direct
from workers.bulk.rules import check_staged
from workers.bulk.staging import stage, staging_table
from workers.contracts.model import FeedContract
from workers.errors import ReturnFileError
from workers.periods import Period, parse_period, period_containing
from workers.settings import get_settings
from workers.sources.landing import LandingStore
from workers.validation.context import ReturnContext
from workers.validation.engine import ValidationReport
from workers.warehouse.models import Submission


def _driver(session: Session):
    """The psycopg connection inside the session's transaction (COPY needs it)."""
    return session.connection().connection.driver_connection


def _infer_period(
    cur, contract: FeedContract, table: str, given: str | None, filename: str
) -> Period:
    if given:
        return parse_period(given, contract.grain)
    col = contract.date_column
    if col is None:
        raise ReturnFileError(filename, "give the period explicitly", rule="period.unknown")
    cur.execute(
        f'SELECT "{twin(col)}", count(*) FROM {table} WHERE "{twin(col)}" IS NOT NULL GROUP BY 1'
    )
    counts: Counter[str] = Counter()
    for day, n in cur.fetchall():
        counts[period_containing(day, contract.grain).label] += n
    if not counts:
        raise ReturnFileError(
            filename,
            f"cannot tell which {contract.grain} this return is "
            "for: no row has a valid date; give the period explicitly",
            rule="period.unknown",
        )
    return parse_period(counts.most_common(1)[0][0], contract.grain)


def validate_staged(
    session: Session,
    submission: Submission,
    contract: FeedContract,
    store: LandingStore,
    context: Callable[[Period], ReturnContext],
) -> ValidationReport:
    """Stage the landed file and run the rules; the staging table stays for the load."""
    conn = _driver(session)
    table = staging_table(submission.id)  # type: ignore[arg-type]
    given = submission.period_label
    # With the period known, every row rule can be checked while the file streams.
    known = context(parse_period(given, contract.grain)) if given else None
    with store.open(submission.sha256) as fh:
        staged = stage(
            conn,
            contract,
            fh,
            submission.filename,
            get_settings().pseudonym_key_bytes,
            table,
            known,
            submission.id,
        )
    with conn.cursor() as cur:
        period = _infer_period(cur, contract, table, given, submission.filename)
        return check_staged(
            cur,
            contract,
            table,
            staged.columns,
            known or context(period),
            staged.issues,
            staged.rows_received,
            submission.filename,
            staged.done,
            staged.direct,
            staged.failing,
        )


def discard(session: Session, submission_id: int) -> None:
    """Drop the staging table of a return that will not be loaded as it is."""
    with _driver(session).cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {staging_table(submission_id)}")


def _staged_rows(cur, table: str, expected: int | None = None) -> int | None:
    """Rows in the staging table, None if there is none. A logged table holds what the
    validation step committed, so ``expected`` (the rows it received) is taken without
    counting; only an UNLOGGED one can have been emptied since (by a crash)."""
    cur.execute("SELECT relpersistence FROM pg_class WHERE oid = to_regclass(%s)", (table,))
    found = cur.fetchone()
    if found is None:
        return None
    if found[0] == "p" and expected is not None:
        return expected
    cur.execute(f"SELECT count(*) FROM {table}")
    return cur.fetchone()[0]


def attaches(session: Session, submission: Submission) -> bool:
    """Whether loading the staged return may attach a partition of its own (staged in
    the partition's layout, or large enough for one). Decided on the rows validation
    received, not by counting the staging table: ``load_staged`` counts it once, and
    stages again a table a crash emptied, which may then attach too."""
    from workers.warehouse.partitions import OWN_PARTITION_FROM_ROWS, is_partitioned

    table = staging_table(submission.id)  # type: ignore[arg-type]
    with _driver(session).cursor() as cur:
        if is_direct(cur, table):
            return True
        rows = submission.rows_received or 0
        return rows >= OWN_PARTITION_FROM_ROWS and is_partitioned(cur)


def load_staged(
    session: Session,
    submission: Submission,
    contract: FeedContract,
    store: LandingStore,
    context: Callable[[Period], ReturnContext],
    waived: set[str] | frozenset[str] = frozenset(),
) -> tuple[int, int]:
    """Publish the staged rows; stage and check again first if the staging table is gone
    (an unlogged table is emptied when PostgreSQL restarts after a crash)."""
    table = staging_table(submission.id)  # type: ignore[arg-type]
    with _driver(session).cursor() as cur:
        staged = _staged_rows(cur, table, submission.rows_received)
        if staged != submission.rows_received:
            validate_staged(session, submission, contract, store, context)
            staged = _staged_rows(cur, table)
        if is_direct(cur, table):
            return publish_direct(
                cur,
                contract,
                table,
                submission.id,  # type: ignore[arg-type]
                waived,
                staged,
                blocked=submission.error_count != 0,
            )
        return publish(
            cur,
            contract,
            table,
            submission.id,  # type: ignore[arg-type]
            submission.period_label or "",
            waived,
            staged,
        )
