"""The fast path (COPY into staging, rules in SQL, INSERT … SELECT) finds exactly what the
reference path (Python parse + Great Expectations) finds, on the real PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from benchmarks.generate import generate
from tests.conftest import TEST_KEY
from workers.bulk.rules import check_staged
from workers.bulk.staging import stage
from workers.contracts.loader import get_contract
from workers.periods import parse_period
from workers.pipeline import ingest
from workers.sources.parse import parse_return
from workers.validation.context import ReturnContext
from workers.validation.engine import validate_return
from workers.warehouse.db import session_scope
from workers.warehouse.models import ChildEventFact, RowHold, Submission, ValidationRun

# The fast path runs on PostgreSQL only; on SQLite every return takes the reference path.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("database_url", ["postgres"], indirect=True),
]


@pytest.fixture
def pg_warehouse(warehouse):
    return warehouse


def _failures(report) -> dict[str, tuple[int, list[int | None]]]:
    return {
        o.rule.code: (o.failed, sorted((i.row for i in o.issues), key=lambda r: r or 0))
        for o in report.outcomes
        if o.failed
    }


def _both(
    path: Path, ctx: ReturnContext, engine, reader: str | None = None, streamed: bool = True
) -> tuple[dict, dict]:
    """Failures by rule from the reference path and the fast path; ``reader`` asserts
    which of the fast path's readers took the file. ``streamed``: the period is known
    while staging, so the column reader checks every row rule it can as it streams (as
    for a return sent with its period); otherwise the period's rules wait for SQL."""
    contract = get_contract("la-csc-episodes")
    data = path.read_bytes()
    reference = validate_return(
        contract, parse_return(contract, data, path.name, TEST_KEY.encode()), ctx
    )
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        with path.open("rb") as fh:
            staged = stage(
                conn,
                contract,
                fh,
                path.name,
                TEST_KEY.encode(),
                "stg_test",
                ctx if streamed else None,
            )
        with conn.cursor() as cur:
            fast = check_staged(
                cur,
                contract,
                "stg_test",
                staged.columns,
                ctx,
                staged.issues,
                staged.rows_received,
                path.name,
                staged.done,
            )
        conn.rollback()
    finally:
        raw.close()
    assert fast.rows_received == reference.rows_received
    if reader is not None:
        assert staged.reader == reader
    if streamed and staged.reader == "columns":  # the rules really ran in the stream
        assert {"range.age", "period.date", "EPI-002", "agency.area"} <= staged.done
        # a key no two rows share is proven in the stream; a repeat is left to SQL
        assert ("unique.key" in staged.done) == ("unique.key" not in _failures(reference))
    return _failures(reference), _failures(fast)


def _ctx() -> ReturnContext:
    return ReturnContext(
        "cambridgeshire-cc", ("E10000003",), parse_period("2022-01"), date(2022, 2, 10)
    )


@pytest.mark.parametrize("streamed", [True, False], ids=["period-known", "period-inferred"])
def test_same_rows_fail_the_same_rules_on_10000_rows(pg_warehouse, tmp_path, streamed):
    path = generate(tmp_path / "ep.csv", 10_000, defects=48)
    reference, fast = _both(path, _ctx(), pg_warehouse, reader="columns", streamed=streamed)
    fired = set(reference)
    assert {
        "type.age",
        "required.age",
        "range.age",
        "period.date",
        "period.future",
        "agency.area",
        "EPI-002",
        "EPI-003",
        "pattern.child_id",
        "pattern.assessment_factors",
        "unique.key",
    } <= fired, "every planted defect must fire"
    assert fast == reference


def test_awkward_csv_is_read_the_same_way(pg_warehouse, tmp_path):
    header = "child_id,area_code,event_type,event_date,assessment_factors,age,gender,ethnicity"
    lines = [
        "\ufeff" + header,
        'CAM-0001,E10000003,assessment,2022-01-03,"1A,2B",7,1,WBRI',  # quoted commas
        "cam-0002 ,E10000003,contact,05/01/2022,,3,2,WBRI",  # UK date, case and space
        "CAM-0003,E10000003,contact,2022-01-31,,3,2",  # one value short
        "",  # a blank line
        'CAM-0004,E10000003,referral,2022-02-30,,"1,0",9,WBRI',  # impossible date; 1,0
        "CAM-0005,E06000031,referral,2022-01-04,,5,1,WBRI",  # another agency's area
        'CAM-0006,E10000003,s47,2022-01-05,"8B,\n17A",x,1,WBRI',  # value over two lines
        "CAM-0001,E10000003,assessment,03/01/2022,,8,1,WBRI",  # same child, event, date
        "bad id!,E10000003,contact,2022-01-05,,4,1,WBRI",  # identifier pattern
    ]
    path = tmp_path / "awkward.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8") + b"\r\n")
    reference, fast = _both(path, _ctx(), pg_warehouse, reader="lines")  # the short row
    assert fast == reference
    assert {
        "file.row_length",
        "type.event_date",
        "agency.area",
        "type.age",
        "unique.key",
        "pattern.child_id",
    } <= set(fast)


def test_awkward_but_regular_csv_takes_the_column_reader(pg_warehouse, tmp_path):
    """Everything the line reader handles except a short row: Arrow must number, type and
    check it exactly as the reference parser does."""
    header = "child_id,area_code,event_type,event_date,assessment_factors,age,gender,ethnicity"
    lines = [
        "\ufeff" + header,
        'CAM-0001,E10000003,assessment,2022-01-03,"1A,2B",7,1,WBRI',
        "cam-0002 ,E10000003,contact,5/1/2022,,3,2,WBRI",  # UK date, one-digit day
        ",,,,,,,",  # a row of nothing (Excel)
        'CAM-0004,E10000003,referral,2022-02-30,,"1,0",9,WBRI',  # impossible date; 1,0
        "CAM-0005,E06000031,referral,2022-01-04T00:00,, 5 ,1,WBRI",  # other area; spaces
        'CAM-0006,E10000003,s47,2022-01-05,"8B,\n17A",x,1,WBRI',  # value over two lines
        "CAM-0001,E10000003,assessment,03/01/2022,,8,1,WBRI",  # same child, event, date
        "bad id!,E10000003,contact,2022-01-05,,4,1,WBRI",  # identifier pattern
        ",E1000000,contact,2022-01-06,21,1,0,WBRI",  # no identifier; area pattern
        "CAM-0009,e10000003,contact,31/01/2022,5Z,17.0,1,REFU",  # pattern; whole float
        "CAM-0010,E10000003,contact,2022-01-07,,18,3,XXXX",  # range; gender; ethnicity
        "CAM-0011,E10000003,contact,0000-01-07,,-1,,",  # year 0; negative; missing
        "CAM-0012,E10000003,contact,2022-03-01,,1,1,WBRI",  # after the period
    ]
    path = tmp_path / "regular.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8") + b"\r\n")
    reference, fast = _both(path, _ctx(), pg_warehouse, reader="columns")
    assert fast == reference
    assert {
        "type.event_date",
        "agency.area",
        "type.age",
        "unique.key",
        "pattern.child_id",
        "pattern.area_code",
        "pattern.assessment_factors",
        "required.child_id",
        "required.gender",
        "range.age",
        "EPI-003",
        "EPI-004",
        "period.date",
    } <= set(fast)


def test_bulk_hashing_is_the_one_pseudonymisation(database_url):
    from workers.pseudonymise import pseudonymise, pseudonymise_many

    values = ["CAM-0001", " cam-0001 ", "é-7", "X" * 40]
    for key in (b"k", b"k" * 64, b"k" * 100, TEST_KEY.encode()):
        assert pseudonymise_many(values, key) == [pseudonymise(v, key) for v in values]


def test_windows_1252_file(pg_warehouse, tmp_path):
    header = b"child_id,area_code,event_type,event_date,assessment_factors,age,gender,ethnicity"
    path = tmp_path / "cp1252.csv"
    path.write_bytes(header + b"\nCAM-0001,E10000003,contact,2022-01-03,,7,1,WBR\xc9\n")
    reference, fast = _both(path, _ctx(), pg_warehouse)
    assert fast == reference and "EPI-004" in fast


def test_fast_path_load_accounts_for_every_row_and_stores_no_raw_id(pg_warehouse, tmp_path):
    path = generate(tmp_path / "ep.csv", 2_000, defects=10)
    # A path, as ``sdh ingest`` passes it: intake hashes and stores the file in chunks.
    result = ingest("la-csc-episodes", "cambridgeshire-cc", path, path.name, period="2022-01")
    sub = result.submission
    assert sub.status == "loaded"
    assert sub.size_bytes == path.stat().st_size
    assert sub.rows_received == 2_000
    assert sub.rows_loaded + sub.rows_held == sub.rows_received
    assert sub.rows_held == 10
    with session_scope() as s:
        assert len(s.exec(select(ChildEventFact)).all()) == sub.rows_loaded
        holds = s.exec(select(RowHold)).all()
        assert all(":" in h.reason for h in holds)
        assert s.get(Submission, sub.id).status == "loaded"
    with pg_warehouse.connect() as conn:
        keys = conn.execute(text("SELECT child_key FROM child_event_fact LIMIT 50")).scalars()
        assert all(len(k) == 32 and not k.startswith("CAM") for k in keys)
        leftover = conn.execute(
            text(
                "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'stg_submission_%' "
                "AND schemaname = current_schema()"
            )
        ).scalar()
    assert leftover == 0


@pytest.mark.parametrize("direct", [False, True], ids=["as-text", "as-facts"])
def test_overridden_rule_rows_load_on_the_fast_path(pg_warehouse, tmp_path, monkeypatch, direct):
    """A steward overrides the only error: its rows load, staged again by the fast path,
    in either staging layout."""
    from workers.bulk import fact_layout
    from workers.review.actions import override_error
    from workers.review.followups import load_now

    if direct:
        monkeypatch.setattr(fact_layout, "DIRECT_FROM_BYTES", 0)

    header = "child_id,area_code,event_type,event_date,assessment_factors,age,gender,ethnicity"
    rows = [f"CAM-{i:04d},E10000003,contact,2021-12-31,,4,1,WBRI" for i in range(3)]
    path = tmp_path / "late-dates.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    result = ingest(
        "la-csc-episodes", "cambridgeshire-cc", path.read_bytes(), path.name, period="2022-01"
    )
    assert result.submission.status == "needs_review"  # every row fails period.date
    with session_scope() as s:
        override_error(
            s,
            result.submission.id,
            "period.date",
            "steward",
            "December events reported late by agreement",
            enqueue_load=load_now,
        )
    with session_scope() as s:
        sub = s.get(Submission, result.submission.id)
        assert (sub.status, sub.rows_loaded, sub.rows_held) == ("loaded", 3, 0)
        assert len(s.exec(select(ChildEventFact)).all()) == 3


def test_fast_path_runs_without_pandas(pg_warehouse, tmp_path):
    """pyarrow imports pandas when it converts a Python value: a second of start-up and
    60 MB the fast path has no use for, so `sdh ingest` of a child-level return, with
    rows failing every kind of rule, must not load it."""
    path = generate(tmp_path / "ep.csv", 2_000, defects=48)
    command = ["ingest", "la-csc-episodes", str(path), "--agency", "cambridgeshire-cc"]
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "workers.cli", *command, "--period", "2022-01"],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    assert "rows received 2000" in done.stdout, done.stdout + done.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "pyarrow" in imported  # the column reader did run
    assert "pandas" not in imported


def test_identifiers_hashed_in_a_second_process_stage_the_same(pg_warehouse, tmp_path, monkeypatch):
    """Large files hash identifiers in a second process (workers/bulk/hasher.py): the
    staged rows and the failures must be those of the in-process hash."""
    from workers.bulk import columns, hasher

    started = []
    original = hasher.Hasher.__init__

    def spy(self, key: bytes, parallel: bool) -> None:
        original(self, key, parallel)
        started.append(self.parallel)

    monkeypatch.setattr(columns, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(hasher.Hasher, "__init__", spy)
    path = generate(tmp_path / "ep.csv", 5_000, defects=48)
    reference, fast = _both(path, _ctx(), pg_warehouse, reader="columns")
    assert started == [True]
    assert fast == reference


def test_large_returns_get_a_partition_of_their_own_small_ones_share_one(
    pg_warehouse, tmp_path, monkeypatch
):
    """Each large return's facts are loaded into a new table attached as its partition;
    small returns share the default partition; a corrected return supersedes the large
    one and both stay readable (workers/warehouse/partitions.py)."""
    from workers.warehouse import partitions

    monkeypatch.setattr(partitions, "OWN_PARTITION_FROM_ROWS", 1_000)
    big = generate(tmp_path / "big.csv", 1_500, defects=3)
    small = generate(tmp_path / "small.csv", 200, month=date(2022, 2, 1))
    first = ingest("la-csc-episodes", "cambridgeshire-cc", big, big.name, period="2022-01")
    other = ingest("la-csc-episodes", "cambridgeshire-cc", small, small.name, period="2022-02")
    fixed = generate(tmp_path / "fixed.csv", 1_500)
    again = ingest("la-csc-episodes", "cambridgeshire-cc", fixed, fixed.name, period="2022-01")
    assert (first.submission.rows_loaded, first.submission.rows_held) == (1_497, 3)
    assert (other.submission.rows_loaded, again.submission.rows_loaded) == (200, 1_500)
    with pg_warehouse.connect() as conn:
        placed = _placed(conn)
        with_key = conn.execute(
            text(
                "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
                f"AND tablename = 'child_event_fact_s{first.submission.id}'"
            )
        ).scalar()
        split = conn.execute(
            text(
                "SELECT partstrat FROM pg_partitioned_table "
                "WHERE partrelid = 'child_event_fact_shared'::regclass"
            )
        ).scalar()
        # An attach skips a range only if a CHECK (not its bounds) excludes the new id.
        checks = conn.execute(
            text(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c' "
                "AND conrelid = to_regclass(:t)"
            ),
            {"t": f"child_event_fact_shared_r{other.submission.id // 1000}"},
        ).scalars()
    assert placed == {
        first.submission.id: f"child_event_fact_s{first.submission.id}",
        # the shared partition is split by ranges of ids: an attach reads only one
        other.submission.id: f"child_event_fact_shared_r{other.submission.id // 1000}",
        again.submission.id: f"child_event_fact_s{again.submission.id}",
    }
    assert split == "r"
    start = other.submission.id // 1000 * 1000
    assert list(checks) == [
        f"CHECK (((submission_id >= {start}) AND (submission_id < {start + 1000})))"
    ]
    assert with_key == 1  # its key, built once after the rows went in
    with session_scope() as s:
        assert s.get(Submission, first.submission.id).status == "superseded"
        assert len(s.exec(select(ChildEventFact)).all()) == 1_497 + 200 + 1_500


def _placed(conn) -> dict[int, str]:
    """Which table holds each return's facts."""
    rows = conn.execute(
        text("SELECT submission_id, tableoid::regclass::text FROM child_event_fact GROUP BY 1, 2")
    ).all()
    return dict(rows)


def _loaded(engine, submission_id: int) -> dict[str, list]:
    """What a load left of a return: its facts, its holds and the issues a steward reads."""
    with engine.connect() as conn:
        facts = conn.execute(
            text(
                "SELECT row_number, child_key, area_code, period_label, event_type, event_date, "
                "age, gender, ethnicity, assessment_factors FROM child_event_fact "
                "WHERE submission_id = :s ORDER BY row_number"
            ),
            {"s": submission_id},
        ).all()
        holds = conn.execute(
            text("SELECT row_number, reason FROM rowhold WHERE submission_id = :s ORDER BY 1"),
            {"s": submission_id},
        ).all()
        issues = conn.execute(
            text(
                "SELECT i.rule_code, i.row_number, i.column_name, i.column_letter, i.value "
                "FROM rowissue i JOIN validationrun r ON r.id = i.run_id "
                "WHERE r.submission_id = :s ORDER BY 1, 2, 3"
            ),
            {"s": submission_id},
        ).all()
    return {"facts": facts, "holds": holds, "issues": issues}


def test_a_large_return_staged_in_its_partitions_layout_loads_the_same(
    pg_warehouse, tmp_path, monkeypatch
):
    """A large return of a known period is staged in the layout of its partition
    (workers/bulk/fact_layout.py) and attached without copying its rows: the facts, holds
    and row issues are those of the other layout, row for row, and nothing of staging
    (the text of failing rows, their codes) is left in the warehouse."""
    from workers.bulk import fact_layout, run
    from workers.warehouse import partitions

    published: list[int] = []
    original = run.publish_direct

    def spy(cur, contract, table, submission_id, *rest, **named):
        published.append(submission_id)
        return original(cur, contract, table, submission_id, *rest, **named)

    monkeypatch.setattr(run, "publish_direct", spy)
    monkeypatch.setattr(partitions, "OWN_PARTITION_FROM_ROWS", 1_000)
    path = generate(tmp_path / "ep.csv", 10_000, defects=48)
    monkeypatch.setattr(fact_layout, "DIRECT_FROM_BYTES", 0)
    direct = ingest("la-csc-episodes", "cambridgeshire-cc", path, path.name, period="2022-01")
    # The same rows once more (a trailing blank line makes it a new file), staged as text.
    again = tmp_path / "ep-again.csv"
    again.write_bytes(path.read_bytes() + b"\n")
    monkeypatch.setattr(fact_layout, "DIRECT_FROM_BYTES", 1 << 60)
    staged_as_text = ingest(
        "la-csc-episodes", "cambridgeshire-cc", again, again.name, period="2022-01"
    )
    one, other = direct.submission, staged_as_text.submission
    assert published == [one.id]  # the first, and only the first, was staged as facts
    assert one.rows_held > 0 and one.rows_loaded + one.rows_held == 10_000
    assert (one.rows_loaded, one.rows_held) == (other.rows_loaded, other.rows_held)
    first, second = _loaded(pg_warehouse, one.id), _loaded(pg_warehouse, other.id)
    assert first["facts"] and first["holds"] and first["issues"]
    assert first == second
    assert {"unique.key", "type.age", "range.age"} <= {i.rule_code for i in first["issues"]}
    with pg_warehouse.connect() as conn:
        columns = {
            table: set(
                conn.execute(
                    text(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_schema = current_schema() AND table_name = :t"
                    ),
                    {"t": table},
                ).scalars()
            )
            for table in ("child_event_fact", f"child_event_fact_s{one.id}")
        }
        attached = conn.execute(
            text(
                "SELECT count(*) FROM pg_inherits WHERE inhparent = 'child_event_fact'::regclass "
                "AND inhrelid = to_regclass(:t)"
            ),
            {"t": f"child_event_fact_s{one.id}"},
        ).scalar()
    assert columns["child_event_fact"] == columns[f"child_event_fact_s{one.id}"]
    assert attached == 1


@pytest.mark.parametrize(
    "lost", ["unlogged-emptied", "dropped", "kept"], ids=["unlogged-emptied", "dropped", "kept"]
)
def test_a_load_stages_again_when_its_staging_table_was_lost(
    pg_warehouse, tmp_path, monkeypatch, lost
):
    """Between validation and load, PostgreSQL's crash recovery empties an UNLOGGED staging
    table (emptied here by hand) and a table can be gone: the load stages the landed file
    again and loads every row, where trusting the validated count would load none. A
    table that is still whole loads as it was staged, without staging again."""
    from workers.bulk import fact_layout, run, staging
    from workers.sources.intake import receive_return
    from workers.sources.landing import default_store
    from workers.validation.run import validate_submission
    from workers.warehouse.load import load_submission

    monkeypatch.setattr(staging, "UNLOGGED_FROM_BYTES", 0)  # this small file too
    monkeypatch.setattr(fact_layout, "DIRECT_FROM_BYTES", 1 << 60)  # staged as text
    staged_again: list[int] = []
    original = run.validate_staged

    def spy(session, submission, *rest):
        staged_again.append(submission.id)
        return original(session, submission, *rest)

    path = generate(tmp_path / "ep.csv", 3_000, defects=6)
    store = default_store()
    with session_scope() as s:
        receipt = receive_return(
            s, store, "la-csc-episodes", "cambridgeshire-cc", path, path.name, period="2022-01"
        )
    sid = receipt.submission_id
    with session_scope() as s:
        validate_submission(s, sid, store)
    table = f"stg_submission_{sid}"
    with pg_warehouse.begin() as conn:
        persistence = conn.execute(
            text("SELECT relpersistence FROM pg_class WHERE oid = to_regclass(:t)"), {"t": table}
        ).scalar()
        if lost == "unlogged-emptied":
            conn.execute(text(f"TRUNCATE {table}"))
        elif lost == "dropped":
            conn.execute(text(f"DROP TABLE {table}"))
    assert persistence == "u"
    monkeypatch.setattr(run, "validate_staged", spy)
    with session_scope() as s:
        sub = load_submission(s, sid, store)
        assert (sub.status, sub.rows_received) == ("loaded", 3_000)
        assert (sub.rows_loaded, sub.rows_held) == (2_994, 6)
    assert staged_again == ([] if lost == "kept" else [sid])
    assert len(_loaded(pg_warehouse, sid)["facts"]) == 2_994


def test_the_partitions_layout_reaches_postgresql_value_for_value(pg_warehouse):
    """The partition's layout goes to COPY tab-separated and unquoted where it can
    (workers/bulk/columns.py facts_csv): every value reads back as written, a tab, quote,
    comma or line break included, and an empty string stays empty (not NULL) in a batch
    with failing rows, the only rows that keep text that can be empty."""
    import pyarrow as pa

    from workers.bulk.columns import facts_csv

    plain = ["E10000003", None, "3A,4B", "WBRI"]
    awkward = ["tab\there", 'say "no"', "two\nlines", "3A,4B"]
    cases = [(plain, False), (awkward, False), ([*plain, ""], True)]
    with pg_warehouse.raw_connection().driver_connection as conn, conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE facts_csv_check (row_number integer, value text)")
        for values, quoted in cases:
            cur.execute("TRUNCATE facts_csv_check")
            table = pa.table(
                {"row_number": pa.array(range(len(values)), pa.int32()), "value": values}
            )
            data = facts_csv(table, quoted=quoted)
            with cur.copy("COPY facts_csv_check FROM STDIN (FORMAT csv, DELIMITER E'\\t')") as copy:
                copy.write(data)
            cur.execute("SELECT value FROM facts_csv_check ORDER BY row_number")
            assert [v for (v,) in cur.fetchall()] == values
            if values is plain:
                assert b'"' not in data.to_pybytes()  # nothing to quote: written bare


def test_a_value_the_warehouse_cannot_store_is_named_before_anything_loads(
    pg_warehouse, tmp_path, monkeypatch
):
    """Text longer than its warehouse column on a row that passes every rule stops the
    return with its row and column, while staging, instead of failing mid-load."""
    from workers.bulk import fact_layout

    monkeypatch.setattr(fact_layout, "DIRECT_FROM_BYTES", 0)
    header = "child_id,area_code,event_type,event_date,assessment_factors,age,gender,ethnicity"
    long_factors = ",".join(["1A"] * 100)  # matches the pattern, 299 characters
    rows = [
        "CAM-0001,E10000003,contact,2022-01-03,,4,1,WBRI",
        f"CAM-0002,E10000003,assessment,2022-01-04,{long_factors!r},5,1,WBRI".replace("'", '"'),
    ]
    path = tmp_path / "long.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    result = ingest("la-csc-episodes", "cambridgeshire-cc", path, path.name, period="2022-01")
    sub = result.submission
    assert sub.status not in ("loaded", "loading")
    with session_scope() as s:
        run = s.exec(select(ValidationRun).where(ValidationRun.submission_id == sub.id)).one()
        assert run.outcome == "unreadable"
        assert "row 3" in run.message and "assessment_factors" in run.message, run.message
        assert "255 characters" in run.message
        assert not s.exec(select(ChildEventFact)).all()


def test_a_shared_partition_made_before_the_split_keeps_taking_small_returns(
    pg_warehouse, tmp_path
):
    """A database whose shared partition is one plain table (made before it was split by
    ranges of ids) loads small returns into it as before."""
    with pg_warehouse.begin() as conn:
        conn.execute(text("DROP TABLE child_event_fact_shared"))
        conn.execute(
            text("CREATE TABLE child_event_fact_shared PARTITION OF child_event_fact DEFAULT")
        )
    small = generate(tmp_path / "small.csv", 200, month=date(2022, 2, 1))
    result = ingest("la-csc-episodes", "cambridgeshire-cc", small, small.name, period="2022-02")
    assert result.submission.rows_loaded == 200
    with pg_warehouse.connect() as conn:
        placed = _placed(conn)
    assert placed == {result.submission.id: "child_event_fact_shared"}


def _loaded_at_once(tmp_path, months: list[date], rows: int, threads: int):
    """Returns of ``rows`` rows for ``months``, received one by one, then validated and
    loaded by ``threads`` threads at once; (their submissions, their ids)."""
    from concurrent.futures import ThreadPoolExecutor

    from workers.pipeline import process
    from workers.sources.intake import receive_return
    from workers.sources.landing import default_store

    store = default_store()
    ids = []
    for month in months:
        path = generate(tmp_path / f"{month:%Y-%m}.csv", rows, month=month)
        with session_scope() as session:
            receipt = receive_return(
                session,
                store,
                "la-csc-episodes",
                "cambridgeshire-cc",
                path.read_bytes(),
                path.name,
                period=f"{month:%Y-%m}",
            )
        ids.append(receipt.submission_id)
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda i: process(i, store)[0], ids)), ids


def test_small_returns_loading_at_once_into_new_ranges_do_not_deadlock(
    pg_warehouse, tmp_path, monkeypatch
):
    """Twelve small returns loaded by six threads at once, each needing a new range of
    the shared partition: making a range inside a load made two loads wait for each
    other (the scale-out benchmark found it), so ranges are made before the load."""
    from workers.warehouse import partitions

    monkeypatch.setattr(partitions, "SHARED_RANGE_IDS", 1)  # a new range per return
    done, ids = _loaded_at_once(tmp_path, [date(2021, m, 1) for m in range(1, 13)], 50, 6)
    assert [s.status for s in done] == ["loaded"] * 12
    with pg_warehouse.connect() as conn:
        placed = _placed(conn)
    assert placed == {i: f"child_event_fact_shared_r{i}" for i in ids}


@pytest.mark.parametrize("path", ["fast", "reference"])
def test_two_large_returns_attaching_at_once_do_not_deadlock(
    pg_warehouse, tmp_path, monkeypatch, path
):
    """Two returns with partitions of their own reach their attach together (a barrier
    holds the first until the second arrives, or for three seconds): the load's clean-up
    used to take a light lock on the shared partition and the attach an exclusive one,
    so each load waited for the other's. The exclusive lock now comes first, and the
    second load waits for the first to finish. The reference path (an Excel or JSON
    return takes it) decides to attach only once it has built the facts, so it takes the
    lock first for any return large enough to need it."""
    import contextlib
    import threading

    import workers.bulk
    from workers.bulk import fact_layout, publish
    from workers.warehouse import load, partitions

    if path == "fast":
        monkeypatch.setattr(fact_layout, "DIRECT_FROM_BYTES", 0)
        attaching = publish
    else:
        monkeypatch.setattr(workers.bulk, "applies", lambda *args: False)
        monkeypatch.setattr(partitions, "OWN_PARTITION_FROM_ROWS", 1_000)
        attaching = load
    together = threading.Barrier(2, timeout=3)
    attach = attaching.attach_partition

    def meet_then_attach(cur, submission_id: int) -> None:
        # Broken: the other load waits for this one's lock, so this one attaches alone.
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait()
        attach(cur, submission_id)

    monkeypatch.setattr(attaching, "attach_partition", meet_then_attach)
    done, ids = _loaded_at_once(tmp_path, [date(2022, 1, 1), date(2022, 2, 1)], 2_000, 2)
    assert [(s.status, s.rows_loaded) for s in done] == [("loaded", 2_000)] * 2
    with pg_warehouse.connect() as conn:
        assert _placed(conn) == {i: f"child_event_fact_s{i}" for i in ids}
