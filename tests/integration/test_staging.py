"""The one validation path with large returns: what validation stages, what the load makes
of it, on SQLite and on the real PostgreSQL; the two CSV tokenisers and the three formats
giving the same answer; partitions, lost staging tables and loads at once."""

from __future__ import annotations

import csv
import io
import json
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
from workers.contracts.loader import get_contract
from workers.pipeline import ingest
from workers.reading import open_return
from workers.validation.run import check_return
from workers.warehouse.db import session_scope
from workers.warehouse.models import ChildEventFact, RowHold, Submission, ValidationRun

EPISODES = "la-csc-episodes"
CAMBS = "cambridgeshire-cc"
postgres_only = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)


def _failures(report) -> dict[str, tuple[int, list[int | None]]]:
    return {
        o.rule.code: (o.failed, sorted((i.row for i in o.issues), key=lambda r: r or 0))
        for o in report.outcomes
        if o.failed
    }


def _offline(path: Path):
    """The report of ``sdh validate --offline``: the path with no sink."""
    return check_return(
        get_contract(EPISODES),
        path,
        path.name,
        CAMBS,
        period="2022-01",
        received_on=date(2022, 2, 10),
        pseudonym_key=TEST_KEY.encode(),
    )


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


def test_every_planted_defect_is_found_and_its_row_held(warehouse, tmp_path):
    """10,000 rows with 48 planted defects, received and validated: every kind of defect
    fires, the rows held are exactly the rows with errors, and the failures are those of
    the same file checked with no database at all."""
    path = generate(tmp_path / "ep.csv", 10_000, defects=48)
    result = ingest(EPISODES, CAMBS, path, path.name, period="2022-01")
    sub = result.submission
    assert sub.status == "loaded"
    assert sub.rows_received == 10_000 and sub.rows_loaded + sub.rows_held == 10_000
    report = result.report
    assert report is not None
    assert sub.rows_held == report.rows_with_errors > 0
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
    } <= set(_failures(report)), "every planted defect must fire"
    offline = _offline(path)
    offline_failures = _failures(offline)
    offline_failures.pop("period.future", None)  # it arrived later than "today" above
    staged = _failures(report)
    staged.pop("period.future", None)
    assert staged == offline_failures
    loaded = _loaded(warehouse, sub.id)
    assert len(loaded["facts"]) == sub.rows_loaded and len(loaded["holds"]) == sub.rows_held
    assert all(
        len(f.child_key) == 32 and not f.child_key.startswith("CAM") for f in loaded["facts"]
    )
    with warehouse.connect() as conn:
        names = warehouse.dialect.get_table_names(conn)
    assert not [n for n in names if n.startswith("stg_submission_")], "staging is dropped"


AWKWARD_BUT_REGULAR = [
    "\ufeffchild_id,area_code,event_type,event_date,assessment_factors,age,gender,ethnicity",
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
    "CAM-0013,E10000003,contact,2022-01-08,,5\t,1\xa0,WBRI",  # a tab and a no-break space
]


def _batches(reader) -> list[tuple[list[int], dict[str, list]]]:
    return [
        (b.numbers.to_pylist(), {n: c.to_pylist() for n, c in b.columns.items()})
        for b in reader.batches()
    ]


def test_the_two_csv_readers_read_the_same_rows(tmp_path):
    """Arrow's reader takes a regular file; the strict one (Python's csv module) must
    number and read it identically, and the report must be the same either way."""
    contract = get_contract(EPISODES)
    data = "\r\n".join(AWKWARD_BUT_REGULAR).encode("utf-8") + b"\r\n"
    fast = open_return(contract, lambda: io.BytesIO(data), "regular.csv")
    strict = open_return(contract, lambda: io.BytesIO(data), "regular.csv")
    assert not fast.strict
    strict.strict = True
    assert _batches(fast) == _batches(strict)
    path = tmp_path / "regular.csv"
    path.write_bytes(data)
    report = _offline(path)
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
    } <= set(_failures(report))
    assert "type.age" not in {i.rule for i in report.issues if i.row == 16}, "5\\t is 5"


@pytest.mark.parametrize("quoted", [False, True], ids=["seen-before-reading", "met-while-reading"])
def test_a_short_row_takes_the_strict_reader_and_is_located(tmp_path, quoted):
    """A short row is seen by the first pass over the bytes where no quote hides line
    ends; where one could, Arrow meets it while reading and the file is read again by the
    strict reader. Either way the row is located, and the others are read."""
    from workers.periods import parse_period
    from workers.validation.context import ReturnContext
    from workers.validation.engine import check

    contract = get_contract(EPISODES)
    first = (
        AWKWARD_BUT_REGULAR[1] if quoted else "CAM-0001,E10000003,assessment,2022-01-03,,7,1,WBRI"
    )
    lines = [AWKWARD_BUT_REGULAR[0], first, AWKWARD_BUT_REGULAR[2]]
    lines += ["CAM-0003,E10000003,contact,2022-01-31,,3,2", ""]
    data = "\r\n".join(lines).encode("utf-8")
    reader = open_return(contract, lambda: io.BytesIO(data), "short.csv")
    assert reader.strict != quoted
    ctx = ReturnContext(CAMBS, ("E10000003",), parse_period("2022-01"), date(2022, 2, 10))
    report = check(contract, reader, ctx, TEST_KEY.encode())
    assert reader.strict
    assert _failures(report)["file.row_length"] == (1, [4])
    assert report.rows_received == 3


def _as_formats(tmp_path: Path, rows: list[list]) -> list[Path]:
    from openpyxl import Workbook

    contract = get_contract(EPISODES)
    header = contract.column_names
    csv_path = tmp_path / "same.csv"
    with csv_path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in r] for r in rows)
    json_path = tmp_path / "same.json"
    json_path.write_text(json.dumps({"rows": [dict(zip(header, r, strict=True)) for r in rows]}))
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    xlsx_path = tmp_path / "same.xlsx"
    wb.save(xlsx_path)
    return [csv_path, json_path, xlsx_path]


def test_csv_json_and_xlsx_of_the_same_rows_get_the_same_report(tmp_path):
    """One path for every format: the same rows as CSV, JSON and XLSX fail the same rules
    at the same rows (the values shown may differ only where the format writes them so)."""
    rows = [
        ["CAM-0001", "E10000003", "contact", "2022-01-03", None, 7, "1", "WBRI"],
        ["CAM-0002", "E10000003", "visit", "2022-01-04", None, 19, "3", "WBRI"],
        ["CAM-0001", "E10000003", "contact", "2022-01-03", None, 7, "1", "WBRI"],
        ["CAM 03", "E06000031", "referral", "2022-02-10", "1A,2B", 4, "2", "XXXX"],
        ["CAM-0004", "E10000003", "s47", "2021-12-31", "zz", None, "1", "MOTH"],
    ]
    reports = [_offline(p) for p in _as_formats(tmp_path, rows)]
    located = [
        {code: rows for code, (_, rows) in _failures(r).items() if code != "EPI-101"}
        for r in reports
    ]
    assert located[0] == located[1] == located[2]
    assert {
        "EPI-002",
        "range.age",
        "EPI-003",
        "unique.key",
        "pattern.child_id",
        "agency.area",
        "EPI-004",
        "period.date",
        "pattern.assessment_factors",
        "required.age",
    } <= set(located[0])


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_overridden_rule_rows_load_as_they_are(warehouse, tmp_path):
    """A steward overrides the only error: its rows load, staged again from the landing
    store (a return held for a steward keeps no staging table)."""
    from workers.review.actions import override_error
    from workers.review.followups import load_now

    header = "child_id,area_code,event_type,event_date,assessment_factors,age,gender,ethnicity"
    rows = [f"CAM-{i:04d},E10000003,contact,2021-12-31,,4,1,WBRI" for i in range(3)]
    path = tmp_path / "late-dates.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    result = ingest(EPISODES, CAMBS, path.read_bytes(), path.name, period="2022-01")
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


def test_a_value_the_warehouse_cannot_store_is_named_before_anything_loads(warehouse, tmp_path):
    """Text longer than its warehouse column on a row that passes every rule stops the
    return with its row and column, while staging, instead of failing mid-load."""
    header = "child_id,area_code,event_type,event_date,assessment_factors,age,gender,ethnicity"
    long_factors = ",".join(["1A"] * 100)  # matches the pattern, 299 characters
    rows = [
        "CAM-0001,E10000003,contact,2022-01-03,,4,1,WBRI",
        f'CAM-0002,E10000003,assessment,2022-01-04,"{long_factors}",5,1,WBRI',
    ]
    path = tmp_path / "long.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    result = ingest(EPISODES, CAMBS, path, path.name, period="2022-01")
    sub = result.submission
    assert sub.status == "needs_review"
    with session_scope() as s:
        run = s.exec(select(ValidationRun).where(ValidationRun.submission_id == sub.id)).one()
        assert run.outcome == "unreadable"
        assert "row 3" in run.message and "assessment_factors" in run.message, run.message
        assert "255 characters" in run.message
        assert not s.exec(select(ChildEventFact)).all()


def test_ingest_runs_without_pandas(warehouse, tmp_path):
    """pyarrow imports pandas when it converts a Python value: half a second of start-up
    and 60 MB the path has no use for, so `sdh ingest` of a child-level return, with rows
    failing every kind of rule, must not load it."""
    path = generate(tmp_path / "ep.csv", 2_000, defects=48)
    command = ["ingest", EPISODES, str(path), "--agency", CAMBS, "--period", "2022-01"]
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "workers.cli", *command],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    assert "2000 row(s)" in done.stdout, done.stdout + done.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "pyarrow" in imported
    assert "pandas" not in imported and "great_expectations" not in imported


def test_identifiers_hashed_in_a_second_process_stage_the_same(warehouse, tmp_path, monkeypatch):
    """Large files hash identifiers in a second process (workers/validation/hashing.py):
    the report and the staged pseudonyms are those of the in-process hash."""
    from workers.validation import engine, hashing

    started = []
    original = hashing.Hasher.__init__

    def spy(self, key: bytes, parallel: bool) -> None:
        original(self, key, parallel)
        started.append(self.parallel)

    path = generate(tmp_path / "ep.csv", 5_000, defects=48)
    in_process = _failures(_offline(path))
    monkeypatch.setattr(engine, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(hashing.Hasher, "__init__", spy)
    assert _failures(_offline(path)) == in_process
    assert started == [True]


# --- PostgreSQL: partitions, lost staging tables, loads at once ------------------------------


def _placed(conn) -> dict[int, str]:
    """Which table holds each return's facts."""
    rows = conn.execute(
        text("SELECT submission_id, tableoid::regclass::text FROM child_event_fact GROUP BY 1, 2")
    ).all()
    return dict(rows)


@postgres_only
def test_large_returns_become_partitions_of_their_own_small_ones_share_one(
    warehouse, tmp_path, monkeypatch
):
    """A large return is staged as its own partition-to-be and attached without copying
    a row; small returns go to the shared partition's range; a corrected return
    supersedes the large one and both stay readable (workers/warehouse/partitions.py)."""
    from workers.warehouse import staging

    big = generate(tmp_path / "big.csv", 1_500, defects=3)
    monkeypatch.setattr(staging, "PARTITION_FROM_BYTES", big.stat().st_size - 1)
    small = generate(tmp_path / "small.csv", 200, month=date(2022, 2, 1))
    first = ingest(EPISODES, CAMBS, big, big.name, period="2022-01")
    other = ingest(EPISODES, CAMBS, small, small.name, period="2022-02")
    fixed = generate(tmp_path / "fixed.csv", 1_500)
    again = ingest(EPISODES, CAMBS, fixed, fixed.name, period="2022-01")
    assert (first.submission.rows_loaded, first.submission.rows_held) == (1_497, 3)
    assert (other.submission.rows_loaded, again.submission.rows_loaded) == (200, 1_500)
    with warehouse.connect() as conn:
        placed = _placed(conn)
        with_key = conn.execute(
            text(
                "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
                f"AND tablename = 'child_event_fact_s{first.submission.id}'"
            )
        ).scalar()
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
            for table in ("child_event_fact", f"child_event_fact_s{first.submission.id}")
        }
    assert placed == {
        first.submission.id: f"child_event_fact_s{first.submission.id}",
        other.submission.id: f"child_event_fact_shared_r{other.submission.id // 1000}",
        again.submission.id: f"child_event_fact_s{again.submission.id}",
    }
    assert with_key == 1  # its key, built once after the rows went in
    assert len({frozenset(c) for c in columns.values()}) == 1  # no staging column left

    with session_scope() as s:
        assert s.get(Submission, first.submission.id).status == "superseded"
        assert len(s.exec(select(ChildEventFact)).all()) == 1_497 + 200 + 1_500


@pytest.mark.parametrize(
    ("database_url", "lost"),
    [
        pytest.param("postgres", "unlogged-emptied", id="postgres-unlogged-emptied"),
        pytest.param("postgres", "dropped", id="postgres-dropped"),
        pytest.param("postgres", "kept", id="postgres-kept"),
        pytest.param("sqlite", "dropped", id="sqlite-dropped"),
    ],
    indirect=["database_url"],
)
def test_a_load_stages_again_when_its_staging_table_was_lost(
    warehouse, tmp_path, monkeypatch, lost
):
    """Between validation and load, PostgreSQL's crash recovery empties an UNLOGGED staging
    table (emptied here by hand) and a table can be gone: the load stages the landed file
    again and loads every row, holding the rows validation recorded as failing. A table
    still whole loads as it was staged."""
    from workers import load
    from workers.load import load_submission
    from workers.sources.intake import Delivery, receive_return
    from workers.sources.landing import default_store
    from workers.validation import run
    from workers.warehouse import staging

    monkeypatch.setattr(staging, "UNLOGGED_FROM_BYTES", 0)  # this small file too
    staged_again: list[int] = []
    original = run.stage_submission

    def spy(session, submission, *rest, **named):
        staged_again.append(submission.id)
        return original(session, submission, *rest, **named)

    path = generate(tmp_path / "ep.csv", 3_000, defects=6)
    store = default_store()
    with session_scope() as s:
        receipt = receive_return(
            s, store, Delivery(EPISODES, CAMBS, path, path.name, period="2022-01")
        )
    sid = receipt.submission_id
    with session_scope() as s:
        run.validate_submission(s, sid, store)
    table = f"stg_submission_{sid}"
    with warehouse.begin() as conn:
        if lost == "unlogged-emptied":
            persistence = conn.execute(
                text("SELECT relpersistence FROM pg_class WHERE oid = to_regclass(:t)"),
                {"t": table},
            ).scalar()
            assert persistence == "u"
            conn.execute(text(f"TRUNCATE {table}"))
        elif lost == "dropped":
            conn.execute(text(f"DROP TABLE {table}"))
    monkeypatch.setattr(load, "stage_submission", spy)
    with session_scope() as s:
        sub = load_submission(s, sid, store)
        assert (sub.status, sub.rows_received) == ("loaded", 3_000)
        assert (sub.rows_loaded, sub.rows_held) == (2_994, 6)
    assert staged_again == ([] if lost == "kept" else [sid])
    with session_scope() as s:
        assert len(s.exec(select(RowHold).where(RowHold.submission_id == sid)).all()) == 6


def _loaded_at_once(tmp_path, months: list[date], rows: int, threads: int):
    """Returns of ``rows`` rows for ``months``, received one by one, then validated and
    loaded by ``threads`` threads at once; (their submissions, their ids)."""
    from concurrent.futures import ThreadPoolExecutor

    from workers.pipeline import process
    from workers.sources.intake import Delivery, receive_return
    from workers.sources.landing import default_store

    store = default_store()
    ids = []
    for month in months:
        path = generate(tmp_path / f"{month:%Y-%m}.csv", rows, month=month)
        with session_scope() as session:
            receipt = receive_return(
                session,
                store,
                Delivery(EPISODES, CAMBS, path.read_bytes(), path.name, period=f"{month:%Y-%m}"),
            )
        ids.append(receipt.submission_id)
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda i: process(i, store)[0], ids)), ids


@postgres_only
def test_small_returns_loading_at_once_into_new_ranges_do_not_deadlock(
    warehouse, tmp_path, monkeypatch
):
    """Twelve small returns loaded by six threads at once, each needing a new range of
    the shared partition: ranges are made before the load, so no two loads wait for
    each other."""
    from workers.warehouse import partitions

    monkeypatch.setattr(partitions, "SHARED_RANGE_IDS", 1)  # a new range per return
    done, ids = _loaded_at_once(tmp_path, [date(2021, m, 1) for m in range(1, 13)], 50, 6)
    assert [s.status for s in done] == ["loaded"] * 12
    with warehouse.connect() as conn:
        placed = _placed(conn)
    assert placed == {i: f"child_event_fact_shared_r{i}" for i in ids}


@postgres_only
def test_two_large_returns_attaching_at_once_do_not_deadlock(warehouse, tmp_path, monkeypatch):
    """Two returns with partitions of their own reach their attach together (a barrier
    holds the first until the second arrives, or for three seconds): the exclusive lock
    on the shared partition comes first, so the second load waits for the first."""
    import contextlib
    import threading

    from workers.warehouse import partitions, staging

    monkeypatch.setattr(staging, "PARTITION_FROM_BYTES", 0)
    together = threading.Barrier(2, timeout=3)
    attach = partitions.attach_partition

    def meet_then_attach(cur, submission_id: int) -> None:
        # Broken: the other load waits for this one's lock, so this one attaches alone.
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait()
        attach(cur, submission_id)

    monkeypatch.setattr(partitions, "attach_partition", meet_then_attach)
    done, ids = _loaded_at_once(tmp_path, [date(2022, 1, 1), date(2022, 2, 1)], 2_000, 2)
    assert [(s.status, s.rows_loaded) for s in done] == [("loaded", 2_000)] * 2
    with warehouse.connect() as conn:
        assert _placed(conn) == {i: f"child_event_fact_s{i}" for i in ids}
