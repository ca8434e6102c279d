"""The database schema: operational tables (submissions, validation, events) and the
warehouse tables (areas, periods, measures, facts). One module, so the whole schema reads
in one place; the reporting views over it are SQL under ``sql/``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import CheckConstraint, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from workers.warehouse.lifecycle import SubmissionStatus


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; every moment stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- operational ---------------------------------------------------------------------------


class Agency(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    name: str
    kind: str


class ContractVersion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("contract_id", "version", "sha256"),)
    id: int | None = Field(default=None, primary_key=True)
    contract_id: str = Field(index=True, max_length=64)
    version: str = Field(max_length=32)
    sha256: str = Field(max_length=64)
    first_seen: datetime = Field(default_factory=utcnow)


class Submission(SQLModel, table=True):
    """One delivered file for one contract, agency and period, with its whole lineage."""

    __table_args__ = (
        # The same bytes for another period are another return (a file re-sent under the
        # right month's name is not a duplicate of the same file sent as another month).
        UniqueConstraint(
            "contract_id", "agency_id", "sha256", "period_label", name="uq_submission_content"
        ),
        Index("ix_submission_return", "contract_id", "agency_id", "period_label"),
    )
    id: int | None = Field(default=None, primary_key=True)
    contract_id: str = Field(max_length=64)
    contract_version: str = Field(max_length=32)
    agency_id: str = Field(foreign_key="agency.id", max_length=64)
    period_label: str | None = Field(default=None, max_length=16)
    #: Where the period came from: form (push or upload), slot (a scheduled pull), option
    #: (``sdh ingest --period``), file name, or rows (worked out from the rows, when
    #: nothing else said).
    period_source: str | None = Field(default=None, max_length=16)
    filename: str = Field(max_length=255)
    sha256: str = Field(max_length=64)
    size_bytes: int
    landing_path: str = Field(max_length=255)
    source: str = Field(default="cli", max_length=16)  # push | pull | cli | upload
    submitted_by: str | None = Field(default=None, max_length=128)
    status: str = Field(default=SubmissionStatus.RECEIVED, index=True, max_length=16)
    received_at: datetime = Field(default_factory=utcnow)
    status_changed_at: datetime = Field(default_factory=utcnow)
    rows_received: int | None = None
    rows_loaded: int | None = None
    rows_held: int | None = None
    error_count: int | None = None
    query_count: int | None = None
    supersedes_id: int | None = Field(default=None, foreign_key="submission.id")
    superseded_by_id: int | None = Field(default=None, foreign_key="submission.id")
    #: Who at the agency signed the return off, and when (the timeline has it too).
    authorised_by: str | None = Field(default=None, max_length=128)
    authorised_at: datetime | None = None


class ValidationRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    contract_version: str = Field(max_length=32)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    outcome: str = Field(max_length=16)  # passed | queries | failed | unreadable
    rows_received: int = 0
    error_count: int = 0
    query_count: int = 0
    message: str | None = Field(default=None, sa_column=Column(Text))


class RuleResult(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="validationrun.id", index=True)
    rule_code: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    severity: str = Field(max_length=8)
    scope: str = Field(max_length=8)
    message: str = Field(sa_column=Column(Text))
    columns: str = Field(default="", max_length=512)
    checked: bool = True
    rows_failed: int = 0


class RowIssue(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="validationrun.id", index=True)
    rule_code: str = Field(max_length=64)
    severity: str = Field(max_length=8)
    row_number: int | None = None
    column_name: str | None = Field(default=None, max_length=128)
    column_letter: str | None = Field(default=None, max_length=4)
    value: str | None = Field(default=None, max_length=255)
    message: str = Field(sa_column=Column(Text))
    #: A statutory return's table (CSV or XML module), and the child's pseudonym.
    table_name: str | None = Field(default=None, max_length=64)
    child_key: str | None = Field(default=None, max_length=64)


class RowFailure(SQLModel, table=True):
    """One rule one row of a return breaks, in one validation run: the complete record
    (never capped for display) that decides which rows are held."""

    __tablename__ = "row_failure"
    run_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    row_number: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    rule_code: str = Field(primary_key=True, max_length=64)


class HoldReview(SQLModel, table=True):
    """A steward's decision that the rows a validation run holds back stay out (the rest
    of the return loads): before the load for a return waiting because too many rows
    failed, or after it for one that loaded with rows held."""

    __tablename__ = "hold_review"
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    run_id: int = Field(foreign_key="validationrun.id", unique=True)
    rows_held: int = 0
    reviewed_by: str = Field(max_length=128)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    reviewed_at: datetime = Field(default_factory=utcnow)


class RowHold(SQLModel, table=True):
    """A received row that was not loaded, and why: received = loaded + held, always."""

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    row_number: int
    reason: str = Field(sa_column=Column(Text))


class Event(SQLModel, table=True):
    """Append-only: the timeline, the audit trail and the source of notifications."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    submission_id: int | None = Field(default=None, foreign_key="submission.id", index=True)
    kind: str = Field(max_length=32, index=True)
    actor: str = Field(default="system", max_length=128)
    detail: str = Field(default="", sa_column=Column(Text))


# --- warehouse -----------------------------------------------------------------------------


class Area(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=16)
    name: str
    kind: str = Field(max_length=16)
    parent: str | None = Field(default=None, max_length=16)


class PopulationRelease(SQLModel, table=True):
    """A release of child population estimates, kept as it came: from the catalogue
    (``populations.yaml``) or imported by a steward (``sdh populations import``), with who
    and when. For each area and mid-year the release added last is the one reported
    (``v_area_population``); the older ones stay on record."""

    __tablename__ = "population_release"
    __table_args__ = (UniqueConstraint("source", "sha256", name="uq_population_release"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=255)
    origin: str = Field(max_length=16)  # catalogue | import
    filename: str | None = Field(default=None, max_length=255)
    sha256: str = Field(max_length=64)  # of the figures, to recognise the same release again
    figures: int = 0
    imported_by: str = Field(max_length=128)
    imported_at: datetime = Field(default_factory=utcnow)


class PopulationEstimate(SQLModel, table=True):
    """Children aged 0-17 in an area at one mid-year, as one release gives it."""

    __tablename__ = "population_estimate"
    release_id: int = Field(primary_key=True, foreign_key="population_release.id")
    area_code: str = Field(primary_key=True, foreign_key="area.code", max_length=16)
    year: int = Field(primary_key=True)
    population_0_17: int


class Period(SQLModel, table=True):
    label: str = Field(primary_key=True, max_length=16)
    grain: str = Field(max_length=8)
    start: date
    end: date
    fy_start_year: int


class Measure(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    label: str
    unit: str = Field(max_length=16)
    aggregation: str = Field(max_length=8)
    polarity: str = Field(max_length=16)
    precision: int = 0
    numerator: str | None = Field(default=None, max_length=64)
    denominator: str | None = Field(default=None, max_length=64)
    scale: float = 1.0
    #: The feed whose figure counts where two feeds give one (the catalogue's ``authority``).
    authoritative_contract: str | None = Field(default=None, max_length=64)


class MeasureFact(SQLModel, table=True):
    __tablename__ = "measure_fact"
    __table_args__ = (Index("ix_measure_fact_lookup", "measure_id", "area_code", "period_label"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    measure_id: str = Field(max_length=64)
    area_code: str = Field(max_length=16)
    period_label: str = Field(max_length=16)
    grain: str = Field(max_length=8)
    period_start: date
    period_end: date
    dimension: str = Field(default="", max_length=64)
    value: float
    row_number: int


#: Child-level columns stored as they are; the identifier column is stored hashed as
#: ``child_key`` and other columns of a return are not kept.
CHILD_EVENT_COLUMNS = (
    "area_code",
    "event_type",
    "event_date",
    "age",
    "gender",
    "ethnicity",
    "assessment_factors",
)


class ChildEventFact(SQLModel, table=True):
    """One event in a child's journey; ``child_key`` is the keyed hash, never the real id.

    Built for loads of millions of rows (``workers.warehouse.staging``). A row is known by
    its return and its row in the file, so that pair is the key, and it serves the one way the rows

    are read: a return's rows (the reporting views pick returns, not rows). On
    PostgreSQL the table is partitioned by return: each child-level load fills a new
    table of its own, builds its key once and attaches it (``workers.warehouse.partitions``),
    which costs a fraction of inserting a million rows into one indexed table. There is
    no index on ``child_key`` (children are counted within a return, and an index on a
    random hash is the costliest to keep up) and ``submission_id`` is not a declared
    foreign key (PostgreSQL checks it one row at a time); only the load writes these rows,
    with the id of the submission it holds, and submissions are never deleted.
    """

    __tablename__ = "child_event_fact"
    __table_args__ = {"postgresql_partition_by": "LIST (submission_id)"}
    submission_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    row_number: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    child_key: str = Field(max_length=64)
    area_code: str = Field(max_length=16)
    period_label: str = Field(max_length=16)
    event_type: str = Field(max_length=32)
    event_date: date
    age: int | None = None
    gender: str | None = Field(default=None, max_length=8)
    ethnicity: str | None = Field(default=None, max_length=8)
    assessment_factors: str | None = Field(default=None, max_length=255)


# --- intake: agency tokens and pulled feeds ------------------------------------------------


class ApiToken(SQLModel, table=True):
    """An agency's API token. Only its sha256 is stored; the token is shown once."""

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    agency_id: str = Field(foreign_key="agency.id", max_length=64, index=True)
    name: str = Field(max_length=128)
    prefix: str = Field(max_length=12)
    token_sha256: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="admin", max_length=128)
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class FeedState(SQLModel, table=True):
    """What the hub last saw of a pulled feed, for conditional GET and the returns calendar."""

    __tablename__ = "feed_state"
    contract_id: str = Field(primary_key=True, max_length=64)
    agency_id: str = Field(primary_key=True, max_length=64)
    period_label: str = Field(primary_key=True, max_length=16)
    etag: str | None = Field(default=None, max_length=255)
    last_modified: str | None = Field(default=None, max_length=64)
    last_sha256: str | None = Field(default=None, max_length=64)
    last_checked_at: datetime | None = None
    # new | not_modified | same | failed | missing
    last_status: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    submission_id: int | None = Field(default=None, foreign_key="submission.id")


class ScheduleRun(SQLModel, table=True):
    """One scheduled pull per feed and time slot: the unique key stops a second scheduler
    (during a leader hand-over) from sending the same pull twice, and the latest slot per
    feed tells a restarted scheduler whether it missed a run."""

    __tablename__ = "schedule_run"
    __table_args__ = (UniqueConstraint("contract_id", "agency_id", "slot"),)
    id: int | None = Field(default=None, primary_key=True)
    contract_id: str = Field(max_length=64)
    agency_id: str = Field(max_length=64)
    slot: datetime
    enqueued_at: datetime = Field(default_factory=utcnow)
    node: str = Field(default="", max_length=128)


# --- packs ---------------------------------------------------------------------------------


class CommentaryEntry(SQLModel, table=True):
    """An agency's returned narrative for one priority and quarter (the four sections).

    A later import for the same agency, priority and quarter replaces the text; the event
    log keeps the history."""

    __tablename__ = "commentary"
    __table_args__ = (UniqueConstraint("agency_id", "priority_id", "quarter"),)
    id: int | None = Field(default=None, primary_key=True)
    agency_id: str = Field(foreign_key="agency.id", max_length=64)
    priority_id: str = Field(max_length=64)
    quarter: str = Field(max_length=16)
    worked_well: str = Field(default="", sa_column=Column(Text))
    improvement: str = Field(default="", sa_column=Column(Text))
    multi_agency: str = Field(default="", sa_column=Column(Text))
    escalation: str = Field(default="", sa_column=Column(Text))
    source: str = Field(default="", max_length=255)
    imported_at: datetime = Field(default_factory=utcnow)
    imported_by: str = Field(default="", max_length=128)


class CommentaryReturn(SQLModel, table=True):
    """A filled commentary pack as it came back (uploaded in the hub or imported by
    ``sdh packs import-commentary``): what was read from it, who sent it, and whether it
    was stored (``preview`` until the person who uploaded it confirms what the hub read).

    The stored text lives in ``commentary``; this row keeps the sign-off (who completed
    it, their role, the date, who approved it) and what was found typed outside the
    answer boxes, for the packs and the status grid."""

    __tablename__ = "commentary_return"
    id: int | None = Field(default=None, primary_key=True)
    agency_id: str = Field(foreign_key="agency.id", max_length=64, index=True)
    priority_id: str = Field(max_length=64)
    quarter: str = Field(max_length=16, index=True)
    status: str = Field(default="preview", max_length=16)  # preview | stored
    filename: str = Field(default="", max_length=255)
    sha256: str = Field(default="", max_length=64)
    sections_json: str = Field(default="{}", sa_column=Column(Text))
    sign_off_json: str = Field(default="{}", sa_column=Column(Text))
    warnings_json: str = Field(default="[]", sa_column=Column(Text))
    uploaded_by: str = Field(default="", max_length=128)
    uploaded_at: datetime = Field(default_factory=utcnow)
    stored_at: datetime | None = None


class PackBuild(SQLModel, table=True):
    """Packs of a quarter waiting to be rebuilt, and what each built pack was made from.

    ``requested_at`` is set by every "warehouse changed" event; the build actor waits for a
    quiet moment so a burst of loads causes one rebuild. ``inputs_sha256`` lets a rebuild
    skip a pack whose figures did not change."""

    __tablename__ = "pack_build"
    quarter: str = Field(primary_key=True, max_length=16)
    pack: str = Field(primary_key=True, max_length=160)  # slug, or "" for the quarter itself
    requested_at: datetime | None = None
    built_at: datetime | None = None
    inputs_sha256: str | None = Field(default=None, max_length=64)
    path: str | None = Field(default=None, max_length=255)


# --- people and review ---------------------------------------------------------------------


class User(SQLModel, table=True):
    """Someone who signs in to the hub's pages. An agency submitter is bound to exactly one
    agency and sees only its returns; no other role is bound to an agency (the database
    refuses both mistakes, not only the code). Only an argon2 hash of the password is kept.
    """

    __tablename__ = "app_user"  # "user" is a reserved word in PostgreSQL
    __table_args__ = (
        CheckConstraint(
            "role IN ('agency_submitter', 'data_steward', 'qeg_reader', 'admin')",
            name="ck_app_user_role",
        ),
        CheckConstraint(
            "(role = 'agency_submitter') = (agency_id IS NOT NULL)",
            name="ck_app_user_agency_binding",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(default="", max_length=128)
    email: str | None = Field(default=None, max_length=320)
    role: str = Field(max_length=32)
    agency_id: str | None = Field(default=None, foreign_key="agency.id", max_length=64)
    password_hash: str = Field(max_length=255)
    disabled: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="admin", max_length=128)
    last_login_at: datetime | None = None
    password_changed_at: datetime | None = None


class WebSession(SQLModel, table=True):
    """One sign-in to the web pages. The browser's cookie holds only a random token; the
    row (found by the token's sha256) is what makes the session valid, so ending it here
    ends it everywhere: at sign-out, when the account is disabled or its password changes,
    and when an administrator revokes it (``sdh users revoke``)."""

    __tablename__ = "web_session"
    id: int | None = Field(default=None, primary_key=True)
    token_sha256: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    address: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=200)
    #: Messages shown once on the next page (JSON list of [kind, text]).
    flash: str = Field(default="", sa_column=Column(Text))
    ended_at: datetime | None = Field(default=None, index=True)
    ended_reason: str | None = Field(default=None, max_length=32)


class SignInFailure(SQLModel, table=True):
    """A failed sign-in, kept for the throttle's window only. Shared by every web process
    (the database is the store every way of running the hub has). The account, client
    address and browser are keyed hashes: what someone typed as a username is never kept."""

    __tablename__ = "signin_failure"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    account: str = Field(max_length=64, index=True)
    address: str = Field(max_length=64, index=True)
    device: str | None = Field(default=None, max_length=64, index=True)


class QueryExplanation(SQLModel, table=True):
    """A steward's explanation of the queries of one validation run. Queries never block a
    load; the explanation is what the packs' data-quality notes quote. A new run (replay,
    corrected return) asks for a new explanation, as the national collections do."""

    __tablename__ = "query_explanation"
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    run_id: int = Field(foreign_key="validationrun.id", unique=True)
    queries: int = 0
    explained_by: str = Field(max_length=128)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    explained_at: datetime = Field(default_factory=utcnow)


class AgencyExplanation(SQLModel, table=True):
    """An agency's own explanation of the queries of one validation run, and the steward's
    answer: ``accepted`` (it becomes the run's ``QueryExplanation``) or ``challenged``
    (with a note the agency reads, and answers with another explanation)."""

    __tablename__ = "agency_explanation"
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    run_id: int = Field(foreign_key="validationrun.id", index=True)
    explained_by: str = Field(max_length=128)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    explained_at: datetime = Field(default_factory=utcnow)
    verdict: str | None = Field(default=None, max_length=16)  # accepted | challenged
    verdict_by: str | None = Field(default=None, max_length=128)
    verdict_note: str | None = Field(default=None, sa_column=Column(Text))
    verdict_at: datetime | None = None


class Override(SQLModel, table=True):
    """A steward's decision to accept the rows failing one error rule of one validation run
    as they are. Rows failing only overridden rules are loaded, not held; the packs' notes
    name every override with who made it and why."""

    __tablename__ = "rule_override"
    __table_args__ = (UniqueConstraint("run_id", "rule_code", name="uq_rule_override_once"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    run_id: int = Field(foreign_key="validationrun.id", index=True)
    rule_code: str = Field(max_length=64)
    rows_failed: int = 0
    overridden_by: str = Field(max_length=128)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    overridden_at: datetime = Field(default_factory=utcnow)


# --- notifications -------------------------------------------------------------------------


class Notification(SQLModel, table=True):
    """The outbox: one row per event, channel and recipient. The unique key is what makes
    each message go out at most once, however many dispatchers run. ``channel`` "none"
    marks an event that had nobody to tell (the agency has no contacts and no webhook)."""

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("event_id", "channel", "recipient", name="uq_notification_once"),
    )
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    agency_id: str | None = Field(default=None, max_length=64)
    channel: str = Field(max_length=16)  # email | webhook | none
    recipient: str = Field(default="", max_length=512)
    # pending | sending | sent | failed (retried later) | abandoned | skipped
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
