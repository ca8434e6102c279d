"""The hub's engine judged against an oracle, rule kind by rule kind, row for row.

Columns of text are generated with hypothesis, edge values first (tabs, no-break and other
Unicode spaces, other scripts' digits, thousands separators, UK dates and Excel's
spellings of dates and months, blank against empty, very long text). The same rows go
through the hub's one path (as CSV and as JSON) and through the oracle: each cell typed
by plain Python as ``docs/rules.md`` says (``workers.contracts.gx_suite.frame``), then
every rule judged by Great Expectations expectations built from the same contract. The
rows each rule fails must be the same.

A change to one implementation of a rule kind, or to the grammar, fails here: the
closing note of issue 15 records breaking one on purpose to see it.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TEST_KEY
from workers.contracts.gx_suite import build_suite, frame, run_suite
from workers.contracts.loader import parse_contract
from workers.periods import parse_period
from workers.reading import open_return
from workers.validation.context import ReturnContext
from workers.validation.engine import check

CONTRACT = parse_contract(
    (Path(__file__).parent / "conformance.odcs.yaml").read_text(), Path("conformance.odcs.yaml")
)
CTX = ReturnContext(
    "cambridgeshire-cc", ("E10000003", "E07000008"), parse_period("2022-01"), date(2022, 2, 10)
)
SPACES = ["", " ", "\t", "\xa0", "\u2003", "\u3000", "  \t "]


def padded(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A value with any of the spaces a spreadsheet leaves around it."""
    return st.builds(
        lambda a, v, b: a + v + b, st.sampled_from(SPACES), values, st.sampled_from(SPACES)
    )


INTEGERS = padded(
    st.one_of(
        st.integers(-5, 40).map(str),
        st.sampled_from(
            [
                "1,234",
                "12,34",
                "12.0",
                "12.5",
                "+3",
                "\u0665",
                "\u0967\u0968",
                "1e3",
                "0012",
                "-0",
                "99999999999999999999",
                "x",
                "1 000",
            ]
        ),
    )
)
NUMBERS = padded(
    st.one_of(
        st.floats(-3, 1200, allow_nan=False).map(lambda f: f"{f:.3f}"),
        st.sampled_from(["1,000.25", "1000.26", "-1.5", "-1.51", ".5", "5.", "1,2.5", "NaN"]),
    )
)
DATES = padded(
    st.one_of(
        st.dates(date(2021, 12, 1), date(2022, 3, 1)).map(lambda d: d.isoformat()),
        st.dates(date(2021, 12, 1), date(2022, 3, 1)).map(lambda d: f"{d.day}/{d.month}/{d.year}"),
        st.dates(date(2021, 12, 1), date(2022, 3, 1)).map(lambda d: d.strftime("%d-%b-%y")),
        st.dates(date(2021, 12, 1), date(2022, 3, 1)).map(lambda d: d.strftime("%d %B %Y")),
        st.sampled_from(
            [
                "2022-02-30",
                "31/02/2022",
                "2022-01-05T10:30",
                "2022-01-05 00:00:00",
                "44566",
                "Jan 5 2022",
                "0000-01-01",
                "05/01/22",
            ]
        ),
    )
)
BOOLEANS = padded(st.sampled_from(["Y", "n", "TRUE", "false", "1", "0", "yes", "No", "2", "maybe"]))
CODES = padded(st.sampled_from(["WBRI", "MOTH", "REFU", "wbri", "W BRI", "XXXX", "White British"]))
IDS = padded(
    st.sampled_from(["CAM-0001", "cam-0001", "CAM-0002", "CAM-0003", "bad id!", "ab", "X" * 25])
)
AREAS = padded(st.sampled_from(["E10000003", "E07000008", "E06000031", "E1000000", "e10000003"]))
MONTHS = padded(
    st.sampled_from(
        ["2022-01", "2022-1", "Jan-22", "January 2022", "01/01/2022", "2021-12", "Feb-22"]
    )
)
LONG = st.sampled_from(["A" * 300, "1" * 300])

CELLS = {
    "child_id": IDS,
    "area_code": AREAS,
    "month": MONTHS,
    "event_date": DATES,
    "code": st.one_of(CODES, LONG),
    "age": INTEGERS,
    "amount": NUMBERS,
    "flag": BOOLEANS,
    "total": INTEGERS,
    "part_a": INTEGERS,
    "part_b": INTEGERS,
}


@st.composite
def rows(draw) -> list[dict[str, str | None]]:
    """1 to 25 rows; a cell may be text, blank, or (in JSON) null."""
    out = []
    for _ in range(draw(st.integers(1, 25))):
        row: dict[str, str | None] = {}
        for name, cells in CELLS.items():
            row[name] = draw(st.one_of(cells, st.just(""), st.none()))
        out.append(row)
    return out


class _Record:
    """A sink keeping the complete record of failures."""

    def __init__(self) -> None:
        self.failures: set[tuple[int, str]] = set()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def stage(self, numbers, values, errors) -> None:
        return None

    def failed(self, numbers, codes) -> None:
        self.failures.update(zip(numbers.tolist(), codes.to_pylist(), strict=True))

    def reset(self) -> None:
        self.failures.clear()

    def rows_done(self) -> None:
        return None


def _csv(generated: list[dict[str, str | None]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(CONTRACT.column_names)
    for row in generated:
        writer.writerow(["" if row[c] is None else row[c] for c in CONTRACT.column_names])
    return out.getvalue().encode("utf-8")


def _json(generated: list[dict[str, str | None]]) -> bytes:
    return json.dumps(generated).encode("utf-8")


def _blank(row: dict[str, str | None]) -> bool:
    return all(not (v or "").strip() for v in row.values())


def engine_failures(data: bytes, filename: str) -> dict[str, set[int | None]]:
    reader = open_return(CONTRACT, lambda: io.BytesIO(data), filename)
    record = _Record()
    report = check(CONTRACT, reader, CTX, TEST_KEY.encode(), sink=record)
    found: dict[str, set[int | None]] = {}
    for number, code in record.failures:
        found.setdefault(code, set()).add(number)
    for outcome in report.outcomes:  # the whole-return rules, which no row breaks
        if outcome.failed and outcome.rule.scope == "return":
            found.setdefault(outcome.rule.code, set()).add(None)
    return found


def oracle_failures(generated: list[dict[str, str | None]]) -> dict[str, set[int | None]]:
    kept = [(n, r) for n, r in enumerate(generated, start=2) if not _blank(r)]
    table = frame(CONTRACT, [r for _, r in kept], [n for n, _ in kept])
    results = run_suite(build_suite(CONTRACT, CTX), table)
    found: dict[str, set[int | None]] = {}
    for code, result in results.items():
        assert "exception" not in result, (code, result)
        if result["success"]:
            continue
        rows = result.get("unexpected_index_list")
        found[code] = {None} if rows is None else set(rows)
    return found


def _judged(found: dict[str, set[int | None]]) -> dict[str, set[int | None]]:
    """The rules the oracle judges (not the period of the return: it has no rows)."""
    return {code: rows for code, rows in found.items() if not code.startswith("period.not_")}


@pytest.mark.parametrize("fmt", ["csv", "json"])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(generated=rows())
def test_the_engine_and_the_oracle_fail_the_same_rows(fmt, generated):
    if all(_blank(r) for r in generated):
        return  # a return of no rows is refused as a file: no rule runs
    data = _csv(generated) if fmt == "csv" else _json(generated)
    engine = _judged(engine_failures(data, f"r.{fmt}"))
    oracle = _judged(oracle_failures(generated))
    assert engine == oracle


def test_every_rule_kind_is_judged():
    """The contract of this suite uses every kind a row or a return can break."""
    kinds = {r.kind for r in CONTRACT.rules}
    assert kinds >= {
        "type",
        "required",
        "range",
        "pattern",
        "allowed_values",
        "unique",
        "row_count",
        "own_area",
        "period_match",
        "in_period",
        "not_in_future",
        "not_above",
        "sum_equals",
    }
    types = {c.logical_type for c in CONTRACT.columns}
    assert types == {"string", "integer", "number", "date", "boolean"}
