"""A child-level return's facts in a partition of their own (PostgreSQL only).

Inserting a million rows into one large indexed table pays for its index and WAL row by
row: 7.5 s of a million-row load, where filling a new, unindexed table took 1.5 s and
building its key afterwards 0.5 s. So a load fills ``child_event_fact_s<id>``, a plain
table shaped like ``child_event_fact`` with a check that every row belongs to its
return, builds the key once, and attaches the table as the return's partition. The
check lets PostgreSQL attach without reading the rows again, and attaching locks other
loads out only for that moment, never readers. All of it happens in the load's
transaction: a load that fails leaves no partition behind.

Small returns (most pushes are tens of rows) share one default partition instead:
a table, a key and an attach per return would cost more than their rows, and fill the
catalogue with tables. PostgreSQL reads a default partition whole, under an exclusive
lock, on every attach, to prove none of its rows belongs to the new partition; so the
shared partition is itself split into ranges of ``SHARED_RANGE_IDS`` submission ids, and
an attach reads only the range that holds the new return's id (a few small returns)
however many years of small returns the others hold. A database created before the
table was partitioned keeps its plain table, and one whose shared partition is not split
keeps it whole; loads then insert into them as they always did (``is_partitioned``
tells them apart).
"""

from __future__ import annotations

PARENT = "child_event_fact"
SHARED = f"{PARENT}_shared"

#: Returns with fewer rows than this load into the shared default partition.
OWN_PARTITION_FROM_ROWS = 50_000
#: Submission ids per range of the shared partition.
SHARED_RANGE_IDS = 1_000


def partition_name(submission_id: int) -> str:
    return f"{PARENT}_s{int(submission_id)}"


def is_partitioned(cur) -> bool:
    """Whether ``child_event_fact`` is partitioned here (``cur``: a psycopg cursor)."""
    cur.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s))",
        (PARENT,),
    )
    return bool(cur.fetchone()[0])


def create_partition(cur, submission_id: int) -> str:
    """A new, empty, unattached table for one return's facts; returns its name.

    A partition left by an earlier load of the same return (a replay) is dropped first,
    as the load deletes that return's rows before loading them again.
    """
    name = partition_name(submission_id)
    cur.execute(f"DROP TABLE IF EXISTS {name}")
    cur.execute(
        f"CREATE TABLE {name} (LIKE {PARENT} INCLUDING DEFAULTS, "
        f"CONSTRAINT {name}_return CHECK (submission_id = {int(submission_id)}))"
    )
    return name


def attach_partition(cur, submission_id: int) -> None:
    """Build the filled table's key, then attach it as the return's partition."""
    name = partition_name(submission_id)
    cur.execute(f"ALTER TABLE {name} ADD PRIMARY KEY (submission_id, row_number)")
    cur.execute(
        f"ALTER TABLE {PARENT} ATTACH PARTITION {name} FOR VALUES IN ({int(submission_id)})"
    )


def fact_table(cur, submission_id: int, rows: int | None) -> tuple[str, bool]:
    """Where a return of ``rows`` rows loads: (table, whether to attach it afterwards)."""
    if not is_partitioned(cur):
        return PARENT, False
    if rows is not None and rows >= OWN_PARTITION_FROM_ROWS:
        return create_partition(cur, submission_id), True
    ensure_shared(cur)
    return PARENT, False


def ensure_shared(cur) -> None:
    """The default partition small returns share, made on first use (``init_db`` makes
    it), split by ranges of submission ids."""
    cur.execute("SELECT to_regclass(%s) IS NOT NULL", (SHARED,))
    if not cur.fetchone()[0]:
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {SHARED} PARTITION OF {PARENT} DEFAULT "
            "PARTITION BY RANGE (submission_id)"
        )


def range_name(submission_id: int) -> str:
    return f"{SHARED}_r{int(submission_id) // SHARED_RANGE_IDS}"


def prepare_range(session, submission_id: int) -> None:
    """Make sure the range of the shared partition for ``submission_id`` exists, before
    its load begins.

    Making a range locks the whole shared partition exclusively, and every load holds a
    lighter lock on it from its first statement on ``child_event_fact`` to its commit:
    made inside a load, two loads each waited for the other (a deadlock the scale-out
    benchmark found). So it is made in a transaction of its own, which holds nothing
    else and only waits for the loads in flight; once per ``SHARED_RANGE_IDS`` ids.
    """
    engine = session.get_bind()
    if engine.dialect.name != "postgresql":
        return
    # Reading the catalogue takes no lock on the partitions: the load's own connection.
    with session.connection().connection.driver_connection.cursor() as cur:
        cur.execute("SELECT to_regclass(%s) IS NOT NULL", (range_name(submission_id),))
        if cur.fetchone()[0]:
            return
    with engine.begin() as conn, conn.connection.driver_connection.cursor() as cur:
        if is_partitioned(cur):
            ensure_shared(cur)
            ensure_range(cur, submission_id)


def ensure_range(cur, submission_id: int) -> None:
    """The range of the shared partition a small return's rows go to (``prepare_range``
    calls it); nothing where the shared partition is not split (older databases)."""
    name = range_name(submission_id)
    cur.execute("SELECT to_regclass(%s) IS NOT NULL", (name,))
    if cur.fetchone()[0]:
        return
    cur.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s))",
        (SHARED,),
    )
    if not cur.fetchone()[0]:
        return
    start = int(submission_id) // SHARED_RANGE_IDS * SHARED_RANGE_IDS
    # Two loads may need the same new range at once: the second waits, then finds it.
    cur.execute("SELECT pg_advisory_xact_lock(4242005, %s::integer)", (start // SHARED_RANGE_IDS,))
    # The range as a CHECK too: an attach proves a range holds none of the new return's
    # rows from its CHECKs, not from its partition bounds (measured: 3M shared rows, an
    # attach 284 ms with bounds alone, 4 ms with the CHECKs).
    end = start + SHARED_RANGE_IDS
    cur.execute(
        f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {SHARED} (CONSTRAINT {name}_ids "
        f"CHECK (submission_id >= {start} AND submission_id < {end})) "
        f"FOR VALUES FROM ({start}) TO ({end})"
    )


def lock_shared(cur) -> None:
    """Take the shared partition's exclusive lock first, for a load that will attach a
    partition of its own.

    The attach needs that lock at the end of the load, and the load's replay clean-up
    (a ``DELETE`` through ``child_event_fact``) takes a lighter one on the shared
    partition first: two large loads then each held the lighter lock and waited for the
    other's. Taken first, the second load waits here, holding nothing on it. Small loads
    and readers wait for the large load's transaction to end (its load step only).
    """
    cur.execute("SELECT to_regclass(%s) IS NOT NULL", (SHARED,))
    if cur.fetchone()[0]:
        cur.execute(f"LOCK TABLE {SHARED} IN ACCESS EXCLUSIVE MODE")
