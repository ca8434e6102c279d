"""The baseline: the schema as the last release before migrations made it (``create_all``).

Frozen: this file describes the schema of that release and never changes with the models.
A change to the schema is a new revision after this one.

Besides the tables it makes what that release's ``init_db`` made beyond the models: on
PostgreSQL ``child_event_fact`` partitioned by return, with the default partition small
returns share (itself split by ranges of submission ids, made by loads as needed), and on
both databases the triggers that keep the event log append-only. The reporting views and
the SQL functions under ``sql/`` are not here: ``init_db`` re-creates them from those files
after every upgrade (``workers.warehouse.db``).

:func:`bring_to_baseline` also serves a database set up before migrations
(``workers.warehouse.migrate`` adopts it): tables it lacks are created, the ones it has are
left with their rows, and the shapes older hubs gave ``child_event_fact`` on PostgreSQL (a
plain table, or a shared partition not split by ranges) are rebuilt in today's shape with
their rows.

Revision ID: 0001
Revises:
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FACTS = "child_event_fact"
SHARED = f"{FACTS}_shared"
#: Submission ids per range of the shared partition.
RANGE_IDS = 1_000
APPEND_ONLY_MESSAGE = "the event log is append-only"

_PG_APPEND_ONLY = [
    f"""
    CREATE OR REPLACE FUNCTION sdh_event_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING
            MESSAGE = '{APPEND_ONLY_MESSAGE}: ' || TG_OP || ' refused',
            ERRCODE = 'restrict_violation';
    END
    $$
    """,
    "CREATE OR REPLACE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
    "FOR EACH ROW EXECUTE FUNCTION sdh_event_append_only()",
    "CREATE OR REPLACE TRIGGER event_no_truncate BEFORE TRUNCATE ON event "
    "FOR EACH STATEMENT EXECUTE FUNCTION sdh_event_append_only()",
]
_SQLITE_APPEND_ONLY = [
    f"CREATE TRIGGER IF NOT EXISTS event_no_{verb.lower()} BEFORE {verb} ON event "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}: {verb} refused'); END"
    for verb in ("UPDATE", "DELETE")
]


def tables() -> sa.MetaData:
    """The release's tables, as its models declared them."""
    metadata = sa.MetaData()
    sa.Table(
        "agency",
        metadata,
        sa.Column("id", sa.String(64), primary_key=True, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
    )
    sa.Table(
        "area",
        metadata,
        sa.Column("code", sa.String(16), primary_key=True, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("parent", sa.String(16), nullable=True),
    )
    sa.Table(
        "child_event_fact",
        metadata,
        sa.Column(
            "submission_id", sa.Integer(), primary_key=True, autoincrement=False, nullable=False
        ),
        sa.Column(
            "row_number", sa.Integer(), primary_key=True, autoincrement=False, nullable=False
        ),
        sa.Column("child_key", sa.String(64), nullable=False),
        sa.Column("area_code", sa.String(16), nullable=False),
        sa.Column("period_label", sa.String(16), nullable=False),
        sa.Column("event_type", sa.String(32), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("gender", sa.String(8), nullable=True),
        sa.Column("ethnicity", sa.String(8), nullable=True),
        sa.Column("assessment_factors", sa.String(255), nullable=True),
        postgresql_partition_by="LIST (submission_id)",
    )
    sa.Table(
        "contractversion",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("contract_id", sa.String(64), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("contract_id", "version", "sha256"),
        sa.Index("ix_contractversion_contract_id", "contract_id"),
    )
    sa.Table(
        "measure",
        metadata,
        sa.Column("id", sa.String(64), primary_key=True, nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("aggregation", sa.String(8), nullable=False),
        sa.Column("polarity", sa.String(16), nullable=False),
        sa.Column("precision", sa.Integer(), nullable=False),
        sa.Column("numerator", sa.String(64), nullable=True),
        sa.Column("denominator", sa.String(64), nullable=True),
        sa.Column("scale", sa.Float(), nullable=False),
    )
    sa.Table(
        "pack_build",
        metadata,
        sa.Column("quarter", sa.String(16), primary_key=True, nullable=False),
        sa.Column("pack", sa.String(160), primary_key=True, nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("inputs_sha256", sa.String(64), nullable=True),
        sa.Column("path", sa.String(255), nullable=True),
    )
    sa.Table(
        "period",
        metadata,
        sa.Column("label", sa.String(16), primary_key=True, nullable=False),
        sa.Column("grain", sa.String(8), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("fy_start_year", sa.Integer(), nullable=False),
    )
    sa.Table(
        "schedule_run",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("contract_id", sa.String(64), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=False),
        sa.Column("slot", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("node", sa.String(128), nullable=False),
        sa.UniqueConstraint("contract_id", "agency_id", "slot"),
    )
    sa.Table(
        "api_token",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("agency_id", sa.String(64), sa.ForeignKey("agency.id"), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("prefix", sa.String(12), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Index("ix_api_token_agency_id", "agency_id"),
    )
    sa.Table(
        "app_user",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(128), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("agency_id", sa.String(64), sa.ForeignKey("agency.id"), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role IN ('agency_submitter', 'data_steward', 'qeg_reader', 'admin')",
            name="ck_app_user_role",
        ),
        sa.CheckConstraint(
            "(role = 'agency_submitter') = (agency_id IS NOT NULL)",
            name="ck_app_user_agency_binding",
        ),
    )
    sa.Table(
        "area_population",
        metadata,
        sa.Column(
            "area_code", sa.String(16), sa.ForeignKey("area.code"), primary_key=True, nullable=False
        ),
        sa.Column("year", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("population_0_17", sa.Integer(), nullable=False),
    )
    sa.Table(
        "commentary",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("agency_id", sa.String(64), sa.ForeignKey("agency.id"), nullable=False),
        sa.Column("priority_id", sa.String(64), nullable=False),
        sa.Column("quarter", sa.String(16), nullable=False),
        sa.Column("worked_well", sa.Text(), nullable=True),
        sa.Column("improvement", sa.Text(), nullable=True),
        sa.Column("multi_agency", sa.Text(), nullable=True),
        sa.Column("escalation", sa.Text(), nullable=True),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(128), nullable=False),
        sa.UniqueConstraint("agency_id", "priority_id", "quarter"),
    )
    sa.Table(
        "submission",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("contract_id", sa.String(64), nullable=False),
        sa.Column("contract_version", sa.String(32), nullable=False),
        sa.Column("agency_id", sa.String(64), sa.ForeignKey("agency.id"), nullable=False),
        sa.Column("period_label", sa.String(16), nullable=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("landing_path", sa.String(255), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("submitted_by", sa.String(128), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows_received", sa.Integer(), nullable=True),
        sa.Column("rows_loaded", sa.Integer(), nullable=True),
        sa.Column("rows_held", sa.Integer(), nullable=True),
        sa.Column("error_count", sa.Integer(), nullable=True),
        sa.Column("query_count", sa.Integer(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=True),
        sa.UniqueConstraint("contract_id", "agency_id", "sha256", name="uq_submission_content"),
        sa.Index("ix_submission_return", "contract_id", "agency_id", "period_label"),
        sa.Index("ix_submission_status", "status"),
    )
    sa.Table(
        "event",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Index("ix_event_at", "at"),
        sa.Index("ix_event_kind", "kind"),
        sa.Index("ix_event_submission_id", "submission_id"),
    )
    sa.Table(
        "feed_state",
        metadata,
        sa.Column("contract_id", sa.String(64), primary_key=True, nullable=False),
        sa.Column("agency_id", sa.String(64), primary_key=True, nullable=False),
        sa.Column("period_label", sa.String(16), primary_key=True, nullable=False),
        sa.Column("etag", sa.String(255), nullable=True),
        sa.Column("last_modified", sa.String(64), nullable=True),
        sa.Column("last_sha256", sa.String(64), nullable=True),
        sa.Column("last_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.String(32), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=True),
    )
    sa.Table(
        "measure_fact",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=False),
        sa.Column("measure_id", sa.String(64), nullable=False),
        sa.Column("area_code", sa.String(16), nullable=False),
        sa.Column("period_label", sa.String(16), nullable=False),
        sa.Column("grain", sa.String(8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("dimension", sa.String(64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Index("ix_measure_fact_lookup", "measure_id", "area_code", "period_label"),
        sa.Index("ix_measure_fact_submission_id", "submission_id"),
    )
    sa.Table(
        "rowhold",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Index("ix_rowhold_submission_id", "submission_id"),
    )
    sa.Table(
        "validationrun",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=False),
        sa.Column("contract_version", sa.String(32), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("rows_received", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("query_count", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Index("ix_validationrun_submission_id", "submission_id"),
    )
    sa.Table(
        "notification",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("event.id"), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient", sa.String(512), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("event_id", "channel", "recipient", name="uq_notification_once"),
        sa.Index("ix_notification_event_id", "event_id"),
        sa.Index("ix_notification_status", "status"),
    )
    sa.Table(
        "query_explanation",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=False),
        sa.Column(
            "run_id", sa.Integer(), sa.ForeignKey("validationrun.id"), nullable=False, unique=True
        ),
        sa.Column("queries", sa.Integer(), nullable=False),
        sa.Column("explained_by", sa.String(128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("explained_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_query_explanation_submission_id", "submission_id"),
    )
    sa.Table(
        "rowissue",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("validationrun.id"), nullable=False),
        sa.Column("rule_code", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=True),
        sa.Column("column_name", sa.String(128), nullable=True),
        sa.Column("column_letter", sa.String(4), nullable=True),
        sa.Column("value", sa.String(255), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Index("ix_rowissue_run_id", "run_id"),
    )
    sa.Table(
        "rule_override",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("validationrun.id"), nullable=False),
        sa.Column("rule_code", sa.String(64), nullable=False),
        sa.Column("rows_failed", sa.Integer(), nullable=False),
        sa.Column("overridden_by", sa.String(128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("overridden_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("run_id", "rule_code", name="uq_rule_override_once"),
        sa.Index("ix_rule_override_run_id", "run_id"),
        sa.Index("ix_rule_override_submission_id", "submission_id"),
    )
    sa.Table(
        "ruleresult",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("validationrun.id"), nullable=False),
        sa.Column("rule_code", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("columns", sa.String(512), nullable=False),
        sa.Column("checked", sa.Boolean(), nullable=False),
        sa.Column("rows_failed", sa.Integer(), nullable=False),
        sa.Index("ix_ruleresult_run_id", "run_id"),
    )
    return metadata


def upgrade() -> None:
    bring_to_baseline(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError(
        "the baseline is not undone: dropping every table would destroy the warehouse; "
        "restore a backup instead (sdh backup restore)"
    )


def bring_to_baseline(conn: Connection) -> None:
    """Make what the baseline has and ``conn`` lacks; keep every row already there."""
    tables().create_all(conn, checkfirst=True)
    if conn.dialect.name == "postgresql":
        _partition_facts(conn)
        for statement in _PG_APPEND_ONLY:
            conn.exec_driver_sql(statement)
    else:
        for statement in _SQLITE_APPEND_ONLY:
            conn.exec_driver_sql(statement)


# --- PostgreSQL: child_event_fact partitioned by return ----------------------------------


def _partitioned(conn: Connection, table: str) -> bool:
    return bool(
        conn.exec_driver_sql(
            "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table "
            "WHERE partrelid = to_regclass(%(t)s))",
            {"t": table},
        ).scalar()
    )


def _exists(conn: Connection, table: str) -> bool:
    return bool(
        conn.exec_driver_sql("SELECT to_regclass(%(t)s) IS NOT NULL", {"t": table}).scalar()
    )


def _partition_facts(conn: Connection) -> None:
    """``child_event_fact`` partitioned, with its split shared partition, rows kept."""
    if not _partitioned(conn, FACTS):
        # Before 2026-11-25 the facts were one plain table: its rows move to the shared
        # partition (each return's rows stay a return's rows).
        _set_aside(conn, FACTS, f"{FACTS}_plain")
        tables().tables[FACTS].create(conn)
        _create_shared(conn)
        _move_rows(conn, f"{FACTS}_plain")
    elif not _exists(conn, SHARED):
        _create_shared(conn)
    elif not _partitioned(conn, SHARED):
        # Before 2026-12-05 the shared partition was one table, not split by ranges.
        conn.exec_driver_sql(f"ALTER TABLE {FACTS} DETACH PARTITION {SHARED}")
        _set_aside(conn, SHARED, f"{SHARED}_whole")
        _create_shared(conn)
        _move_rows(conn, f"{SHARED}_whole")


def _set_aside(conn: Connection, table: str, new_name: str) -> None:
    """Rename a table and its primary key (whose name the new table needs)."""
    conn.exec_driver_sql(f"ALTER TABLE {table} RENAME TO {new_name}")
    conn.exec_driver_sql(
        f"ALTER TABLE {new_name} RENAME CONSTRAINT {table}_pkey TO {new_name}_pkey"
    )


def _create_shared(conn: Connection) -> None:
    conn.exec_driver_sql(
        f"CREATE TABLE {SHARED} PARTITION OF {FACTS} DEFAULT PARTITION BY RANGE (submission_id)"
    )


def _create_range(conn: Connection, start: int) -> None:
    """One range of the shared partition, with its bounds as a CHECK too (an attach then
    proves the range holds none of a new return's rows without reading it)."""
    name = f"{SHARED}_r{start // RANGE_IDS}"
    end = start + RANGE_IDS
    conn.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {SHARED} (CONSTRAINT {name}_ids "
        f"CHECK (submission_id >= {start} AND submission_id < {end})) "
        f"FOR VALUES FROM ({start}) TO ({end})"
    )


def _move_rows(conn: Connection, old: str) -> None:
    """Every row of ``old`` into ``child_event_fact`` (its shared ranges made first)."""
    starts = conn.exec_driver_sql(
        f"SELECT DISTINCT submission_id / {RANGE_IDS} * {RANGE_IDS} FROM {old}"
    ).scalars()
    for start in starts.all():
        _create_range(conn, int(start))
    columns = ", ".join(c.name for c in tables().tables[FACTS].columns)
    moved = conn.exec_driver_sql(f"INSERT INTO {FACTS} ({columns}) SELECT {columns} FROM {old}")
    kept = conn.exec_driver_sql(f"SELECT COUNT(*) FROM {old}").scalar()
    if moved.rowcount != kept:  # pragma: no cover - an INSERT … SELECT moves every row
        raise RuntimeError(f"moved {moved.rowcount} of {kept} rows of {old}; nothing changed")
    conn.exec_driver_sql(f"DROP TABLE {old}")
