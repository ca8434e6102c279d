"""The sample returns: the seed's published figures reproduced exactly, the same bytes for
the same seed, and every file clean except the planted defects, each caught by the rule it
names (checked here by a small reading of the contract rules, independent of the validator).
"""

from __future__ import annotations

import csv
import random
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from workers.contracts.catalogue import Catalogue, load_catalogue
from workers.contracts.loader import load_contracts
from workers.contracts.model import FeedContract, Rule
from workers.periods import Period, parse_period
from workers.sample.generate import (
    CDOP_SEED_DEFECT,
    SEED_2020_21,
    SampleFile,
    generate_samples,
    largest_remainder,
    split_capped,
)

CONTRACTS_DIR = Path(__file__).resolve().parents[2] / "contracts"
STOCKS = {"cp_children", "cic_children"}
MONTHS_2020_21 = [f"2020-{m:02d}" for m in range(4, 13)] + [f"2021-{m:02d}" for m in (1, 2, 3)]

Rows = list[dict[str, str]]


@pytest.fixture(scope="module")
def contracts() -> dict[str, FeedContract]:
    return load_contracts(CONTRACTS_DIR)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> list[SampleFile]:
    return generate_samples(tmp_path_factory.mktemp("samples"), contracts_dir=CONTRACTS_DIR)


def read(sample: SampleFile) -> Rows:
    with sample.path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_one_file_per_contract_agency_and_period(samples: list[SampleFile]) -> None:
    counts = Counter((s.contract, s.agency) for s in samples)
    assert counts == {
        ("la-csc-activity", "cambridgeshire-cc"): 36,
        ("la-csc-activity", "peterborough-cc"): 36,
        ("police-safeguarding", "cambs-police"): 36,
        ("health-safeguarding", "cp-icb"): 12,
        ("cdop-child-deaths", "cp-cdop"): 12,
        ("la-csc-episodes", "cambridgeshire-cc"): 3,
        ("la-csc-episodes", "peterborough-cc"): 3,
    }
    for s in samples:
        assert s.path.parts[-3:] == (s.contract, s.agency, f"{s.period}.csv")
    episodes = sorted({s.period for s in samples if s.contract == "la-csc-episodes"})
    assert episodes == ["2022-01", "2022-02", "2022-03"]


def test_headers_are_the_contract_columns(
    samples: list[SampleFile], contracts: dict[str, FeedContract]
) -> None:
    for s in samples:
        raw = s.path.read_bytes()
        assert b"\r" not in raw
        header = raw.decode("utf-8").split("\n", 1)[0].split(",")
        assert header == contracts[s.contract].column_names, s.path


def test_la_activity_2020_21_adds_up_to_the_seed(
    samples: list[SampleFile], contracts: dict[str, FeedContract]
) -> None:
    column = {c.measure: c.name for c in contracts["la-csc-activity"].columns if c.measure}
    rows = {
        (row["area_code"], s.period): row
        for s in samples
        if s.contract == "la-csc-activity" and s.period in MONTHS_2020_21
        for row in read(s)
    }
    assert len(rows) == 24
    for measure, by_area in SEED_2020_21.items():
        for area, expected in by_area.items():
            if measure in STOCKS:
                got = int(rows[(area, "2021-03")][column[measure]])
            else:
                got = sum(int(rows[(area, m)][column[measure]]) for m in MONTHS_2020_21)
            assert got == expected, (measure, area)


def test_cdop_2020_21_totals_and_the_seeds_inconsistency(samples: list[SampleFile]) -> None:
    quarters = [s for s in samples if s.contract == "cdop-child-deaths" and s.period[:5] == "2020-"]
    rows = [read(s)[0] for s in quarters]
    total = {col: sum(int(r[col]) for r in rows) for col in rows[0] if col.startswith(("d", "r"))}
    assert total == {
        "deaths_notified_total": 34,
        "deaths_cambridgeshire": 25,
        "deaths_peterborough": 8,
        "deaths_other_area": 0,
        "reviews_completed": 40,
        "reviews_modifiable": 11,
        "reviews_not_modifiable": 29,
        "reviews_within_6m": 9,
        "reviews_6_to_12m": 25,
        "reviews_over_12m": 6,
    }
    flagged = [s for s in quarters if s.defect]
    assert [(s.defect, s.rule) for s in flagged] == [(CDOP_SEED_DEFECT, "CDOP-101")]


def test_cdop_defect_is_time_bands_not_adding_up(
    samples: list[SampleFile], contracts: dict[str, FeedContract]
) -> None:
    bands = ["reviews_within_6m", "reviews_6_to_12m", "reviews_over_12m"]
    rule = contracts["cdop-child-deaths"].rule("CDOP-003")
    assert (rule.kind, rule.severity, list(rule.columns)) == (
        "sum_equals",
        "error",
        ["reviews_completed", *bands],
    )
    [planted] = [s for s in samples if s.contract == "cdop-child-deaths" and s.rule == "CDOP-003"]
    assert planted.period == "2021-Q2"
    row = read(planted)[0]
    assert sum(int(row[b]) for b in bands) != int(row["reviews_completed"])


def test_same_seed_same_bytes_other_seed_other_figures(tmp_path: Path) -> None:
    def snapshot(out: Path, seed: int) -> dict[str, bytes]:
        files = generate_samples(out, seed=seed, contracts_dir=CONTRACTS_DIR)
        return {str(f.path.relative_to(out)): f.path.read_bytes() for f in files}

    first = snapshot(tmp_path / "a", 2021)
    assert first == snapshot(tmp_path / "b", 2021)
    other = snapshot(tmp_path / "c", 7)
    assert other.keys() == first.keys()
    assert other != first


def test_defects_only_in_the_last_year_apart_from_the_seeds_query(
    samples: list[SampleFile], contracts: dict[str, FeedContract]
) -> None:
    defects = [s for s in samples if s.defect]
    assert len(defects) >= 8
    assert len({(s.contract, s.agency, s.period) for s in defects}) == len(defects)
    for s in defects:
        assert s.rule, s
        contract = contracts[s.contract]
        severity = contract.rule(s.rule).severity
        if s.defect == CDOP_SEED_DEFECT:
            assert severity == "query"
        else:
            assert parse_period(s.period).start >= date(2021, 4, 1), s


def test_split_helpers_add_up_exactly() -> None:
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(largest_remainder(26_474, [0.8, 1.1, 1.0, 0.95] * 3)) == 26_474
    parts = split_capped(9, [2, 5, 0, 4], random.Random(1))
    assert sum(parts) == 9 and parts[2] == 0 and parts[0] <= 2
    with pytest.raises(ValueError):
        split_capped(12, [2, 5, 0, 4], random.Random(1))


# --- every rule of the contract, read independently of the validator --------------------


def test_only_the_planted_defects_break_a_rule(
    samples: list[SampleFile], contracts: dict[str, FeedContract]
) -> None:
    catalogue = load_catalogue(CONTRACTS_DIR)
    checker = _Checker(contracts, catalogue)
    # Local authority returns first, as the cross-return check of police needs them.
    ordered = sorted(
        samples,
        key=lambda s: (s.contract != "la-csc-activity", parse_period(s.period).start, s.contract),
    )
    for s in ordered:
        fired = checker.check(s, read(s))
        expected = {s.rule} if s.rule else set()
        assert fired == expected, f"{s.path}: fired {sorted(fired)}, planted {s.defect!r}"


class _Checker:
    """The contract rules as a steward would read them, applied to one return at a time.

    Returns with no error are 'loaded' into an in-memory warehouse, which the cross-return
    rules (change from the previous period, not above another feed's measure) look at.
    """

    def __init__(self, contracts: dict[str, FeedContract], catalogue: Catalogue) -> None:
        self.contracts = contracts
        self.catalogue = catalogue
        self.loaded: dict[tuple[str, str], list[tuple[Period, Rows]]] = defaultdict(list)

    def check(self, sample: SampleFile, rows: Rows) -> set[str]:
        contract = self.contracts[sample.contract]
        period = parse_period(sample.period, contract.grain)
        fired = set()
        for rule in contract.rules:
            if self._fires(rule, contract, sample, period, rows):
                fired.add(rule.code)
        if not any(contract.rule(code).severity == "error" for code in fired):
            self.loaded[(sample.contract, sample.agency)].append((period, rows))
        return fired

    def _fires(
        self, rule: Rule, contract: FeedContract, sample: SampleFile, period: Period, rows: Rows
    ) -> bool:
        cols = rule.columns
        kind = rule.kind
        if kind == "row_count":
            lo, hi = rule.params["min"], rule.params["max"]
            return (lo is not None and len(rows) < lo) or (hi is not None and len(rows) > hi)
        if kind == "unique":
            keys = [tuple(r[c] for c in cols) for r in rows]
            return len(set(keys)) != len(keys)
        if kind == "own_area":
            allowed = set(self.catalogue.agency(sample.agency).areas)
            return any(r[cols[0]] not in allowed for r in rows)
        if kind == "period_match":
            return any(r[cols[0]] != sample.period for r in rows)
        if kind == "change_from_previous":
            return self._changed(rule, contract, sample, period, rows)
        if kind == "not_above_measure":
            return self._above_measure(rule, contract, period, rows)
        if kind == "return_period":  # received today, as the demo receives them
            today = date.today()
            if rule.params["when"] == "not_started":
                return period.start > today
            return period.start <= today <= period.end
        return any(_row_fires(rule, contract, period, r) for r in rows)

    def _previous(self, contract: FeedContract, sample: SampleFile, period: Period) -> Rows:
        earlier = [
            (p, rs)
            for p, rs in self.loaded[(sample.contract, sample.agency)]
            if p.start < period.start
        ]
        return max(earlier, key=lambda pr: pr[0].start)[1] if earlier else []

    def _changed(
        self, rule: Rule, contract: FeedContract, sample: SampleFile, period: Period, rows: Rows
    ) -> bool:
        column, share = rule.columns[0], float(rule.params["maxShare"])
        before = self._previous(contract, sample, period)

        def by_key(rs: Rows, with_dimension: bool) -> Counter[tuple[str, ...]]:
            out: Counter[tuple[str, ...]] = Counter()
            for r in rs:
                key = (r[contract.area_column or ""],)
                if with_dimension and contract.dimension_column:
                    key += (r[contract.dimension_column],)
                out[key] += int(r[column])
            return out

        for with_dimension in (True, False):
            old, new = by_key(before, with_dimension), by_key(rows, with_dimension)
            for key, value in new.items():
                if old.get(key) and abs(value - old[key]) / old[key] > share:
                    return True
        return False

    def _above_measure(
        self, rule: Rule, contract: FeedContract, period: Period, rows: Rows
    ) -> bool:
        measure = rule.params["measure"]
        source, col = next(
            (c, col.name)
            for c in self.contracts.values()
            for col in c.columns
            if col.measure == measure
        )
        known: dict[str, int] = {}
        for (contract_id, _), loaded in self.loaded.items():
            if contract_id == source.id:
                for p, rs in loaded:
                    if p == period:
                        known.update({r[source.area_column or ""]: int(r[col]) for r in rs})
        totals: Counter[str] = Counter()
        for r in rows:
            area = self.catalogue.area(r[contract.area_column or ""])
            parent = area.parent if area.kind == "district" else area.code
            totals[parent or area.code] += int(r[rule.columns[0]])
        return any(area in known and total > known[area] for area, total in totals.items())


def _row_fires(rule: Rule, contract: FeedContract, period: Period, row: dict[str, str]) -> bool:
    kind = rule.kind
    values = [row[c] for c in rule.columns]
    if kind == "required":
        return values[0] == ""
    if values and values[0] == "":
        return False
    col = contract.column(rule.columns[0]) if rule.columns else None
    if kind == "type":
        try:
            _parse(values[0], col.logical_type)
        except ValueError:
            return True
        return False
    if kind == "range":
        n = float(values[0])
        lo, hi = rule.params["min"], rule.params["max"]
        return (lo is not None and n < lo) or (hi is not None and n > hi)
    if kind == "pattern":
        return re.search(rule.params["pattern"], values[0]) is None
    if kind == "allowed_values":
        return values[0] not in rule.params["values"]
    if kind == "not_above":
        return int(values[0]) > int(values[1])
    if kind == "sum_equals":
        return int(values[0]) != sum(int(v) for v in values[1:])
    if kind == "in_period":
        return not period.contains(date.fromisoformat(values[0]))
    if kind == "not_in_future":
        return date.fromisoformat(values[0]) > date.today()
    raise AssertionError(f"the sample checker does not know rule kind {kind!r}")


def _parse(value: str, logical_type: str) -> object:
    if logical_type == "integer":
        return int(value)
    if logical_type == "number":
        return float(value)
    if logical_type == "date":
        return date.fromisoformat(value)
    return value
