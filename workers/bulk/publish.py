"""Load a staged, checked return into the warehouse with INSERT … SELECT.

Rows marked with an error stay behind as holds with their reasons; everything else is
converted to its type in SQL (the same conversions the rules checked) and inserted in the
caller's transaction, which also drops the staging table. On PostgreSQL the rows go into a
new table that becomes the return's partition of ``child_event_fact``
(``workers.warehouse.partitions``).
"""

from __future__ import annotations

from workers.bulk.convert import SQL_TYPES, twin
from workers.contracts.model import FeedContract
from workers.warehouse.models import CHILD_EVENT_COLUMNS, ChildEventFact
from workers.warehouse.partitions import attach_partition, fact_table, partition_name


def _typed(contract: FeedContract, col: str) -> str:
    """The value to load: the typed twin staged with the row, or the trimmed text."""
    ltype = contract.column(col).logical_type
    if ltype == "integer":
        return f'"{twin(col)}"::integer'
    if ltype in SQL_TYPES:
        return f'"{twin(col)}"'
    return f"nullif(btrim(\"{col}\"), '')"


def publish(
    cur,
    contract: FeedContract,
    table: str,
    submission_id: int,
    period_label: str,
    waived: set[str] | frozenset[str] = frozenset(),
    staged_rows: int | None = None,
) -> tuple[int, int]:
    """Insert the good rows and the holds; returns (rows loaded, rows held).

    ``waived`` are error rules a steward overrode: a row failing only those loads.
    ``staged_rows``, when known, spares a return whose every row loaded a second scan
    for holds."""
    blocking = _unwaive(cur, contract, table, waived)
    key = next(c.name for c in contract.columns if c.pseudonymise)
    present = [c for c in CHILD_EVENT_COLUMNS if c in contract.column_names]
    targets = ", ".join(present)
    values = ", ".join(_typed(contract, c) for c in present)
    target, attach = fact_table(cur, submission_id, staged_rows)
    cur.execute(
        f"INSERT INTO {target} (submission_id, child_key, period_label, row_number, "
        f'{targets}) SELECT %s, btrim("{key}"), %s, row_number, {values} '
        f"FROM {table} WHERE NOT _error",
        (submission_id, period_label),
    )
    loaded = cur.rowcount
    held = 0
    if staged_rows is None or loaded < staged_rows:
        held = _hold(cur, contract, table, submission_id, blocking)
    cur.execute(f"DROP TABLE {table}")
    if attach:
        attach_partition(cur, submission_id)
    return loaded, held


def _unwaive(cur, contract: FeedContract, table: str, waived) -> list[str]:
    """The error rules that still block a row; rows failing only overridden ones are
    marked loadable."""
    blocking = [r.code for r in contract.rules if r.severity == "error" and r.code not in waived]
    blocking.append("file.row_length")
    if waived:
        cur.execute(
            f"UPDATE {table} SET _error = coalesce(_failed && %s::text[], false) WHERE _error",
            (blocking,),
        )
    return blocking


def _hold(cur, contract: FeedContract, table: str, submission_id: int, blocking) -> int:
    """Record each blocked row with its reasons; returns how many."""
    messages = [(r.code, r.message) for r in contract.rules if r.code in blocking]
    messages.append(("file.row_length", "the row could not be read (wrong number of values)"))
    cur.execute(
        "INSERT INTO rowhold (submission_id, row_number, reason) "
        "SELECT %s, s.row_number, (SELECT string_agg(m.code || ': ' || m.message, '; ' "
        "ORDER BY m.code) FROM unnest(s._failed) f(code) "
        "JOIN unnest(%s::text[], %s::text[]) m(code, message) ON m.code = f.code) "
        f"FROM {table} s WHERE s._error",
        (submission_id, [c for c, _ in messages], [m for _, m in messages]),
    )
    return cur.rowcount


def is_direct(cur, table: str) -> bool:
    """Whether ``table`` was staged in the partition's layout (``fact_layout``)."""
    cur.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(%s) "
        "AND attname = 'child_key' AND NOT attisdropped)",
        (table,),
    )
    return bool(cur.fetchone()[0])


def publish_direct(
    cur,
    contract: FeedContract,
    table: str,
    submission_id: int,
    waived: set[str] | frozenset[str],
    staged_rows: int | None,
    blocked: bool = True,
) -> tuple[int, int]:
    """Load a return staged in its partition's layout: hold and delete the blocked rows,
    drop the staging columns, and attach the table as the return's partition. No row
    is copied; the NOT NULL checks the partition needs are one scan. ``blocked=False``:
    validation found no error, so no row is marked as one (spares a scan)."""
    blocking = _unwaive(cur, contract, table, waived)
    held = 0
    if blocked:
        cur.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE _error)")
        blocked = cur.fetchone()[0]
    if blocked:
        held = _hold(cur, contract, table, submission_id, blocking)
        cur.execute(f"DELETE FROM {table} WHERE _error")
    if staged_rows is None:
        cur.execute(f"SELECT count(*) FROM {table}")
        loaded = cur.fetchone()[0]
    else:
        loaded = staged_rows - held
    cur.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0 "
        "AND NOT attisdropped",
        (table,),
    )
    facts = {c.name for c in ChildEventFact.__table__.columns}
    extra = [name for (name,) in cur.fetchall() if name not in facts]
    changes = [f'DROP COLUMN "{name}"' for name in extra]
    changes += [
        f'ALTER COLUMN "{c.name}" SET NOT NULL'
        for c in ChildEventFact.__table__.columns
        if not c.nullable
    ]
    changes += ["ALTER COLUMN submission_id DROP DEFAULT", "ALTER COLUMN period_label DROP DEFAULT"]
    cur.execute(f"ALTER TABLE {table} {', '.join(changes)}")
    name = partition_name(submission_id)
    cur.execute(f"DROP TABLE IF EXISTS {name}")
    cur.execute(f"ALTER TABLE {table} RENAME TO {name}")
    attach_partition(cur, submission_id)
    return loaded, held
