"""Every rule kind, each shown firing on a return that breaks it and staying quiet on one
that does not: a national validator once shipped a return-level rule that fired on every
return, and its test still passed because it only ever looked at bad returns.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from tests.conftest import activity_row, csv_bytes
from tests.conftest import episode_row as base_episode_row
from workers.contracts.loader import get_contract, parse_contract
from workers.contracts.model import RuleKind
from workers.errors import ContractError, ReturnFileError
from workers.issues import RuleOutcome
from workers.periods import Period
from workers.reading import open_return
from workers.validation.period import period_from_rows
from workers.validation.report import ValidationReport
from workers.validation.run import check_return

DISTRICTS = ["E07000008", "E07000009", "E07000010", "E07000011", "E07000012"]
PETERBOROUGH = "E06000031"
CAMBRIDGESHIRE = "E10000003"


# --- returns ------------------------------------------------------------------------------


class FakeWarehouse:
    """What the cross-return rules ask of the warehouse, answered from dictionaries."""

    def __init__(
        self,
        previous: dict[str, float] | None = None,
        measures: dict[tuple[str, str], float] | None = None,
    ) -> None:
        self.previous = previous or {}
        self.measures = measures or {}
        self.calls: list[tuple] = []

    def measure_value(self, measure: str, area: str, period: Period) -> float | None:
        self.calls.append(("measure_value", measure, area, period.label))
        return self.measures.get((measure, area))

    def previous_value(
        self, measure: str, area: str, dimension: str | None, period: Period
    ) -> float | None:
        self.calls.append(("previous_value", measure, area, dimension, period.label))
        return self.previous.get(measure)

    def parent_area(self, area: str) -> str | None:
        return CAMBRIDGESHIRE if area in DISTRICTS else area


def check_activity(
    *rows: dict[str, Any],
    agency: str = "cambridgeshire-cc",
    period: str = "2020-04",
    warehouse: FakeWarehouse | None = None,
    received_on: date = date(2020, 5, 10),
) -> ValidationReport:
    contract = get_contract("la-csc-activity")
    return check_return(
        contract,
        csv_bytes(contract, list(rows or [activity_row()])),
        "activity.csv",
        agency,
        period=period,
        received_on=received_on,
        warehouse=warehouse,
    )


def episode_row(i: int = 0, **changes: Any) -> dict[str, Any]:
    return base_episode_row(f"C{i:04d}", **changes)


def episode_rows(n: int = 50) -> list[dict[str, Any]]:
    """Enough clean rows that EPI-101 (fewer than 50 events is unusual) stays quiet."""
    return [episode_row(i) for i in range(n)]


def check_episodes(
    *first: dict[str, Any],
    n: int = 50,
    period: str = "2021-01",
    received_on: date = date(2021, 2, 3),
) -> ValidationReport:
    """The given rows (from spreadsheet row 2) followed by clean rows up to ``n``."""
    contract = get_contract("la-csc-episodes")
    rows = list(first) + episode_rows(n)[len(first) :]
    return check_return(
        contract,
        csv_bytes(contract, rows),
        "episodes.csv",
        "cambridgeshire-cc",
        period=period,
        received_on=received_on,
    )


def police_row(area: str, **changes: Any) -> dict[str, Any]:
    row = {
        "month": "2020-04",
        "area_code": area,
        "da_incidents_children_present": 50,
        "op_encompass_notifications": 40,
        "missing_child_episodes": 10,
        "children_flagged_cce": 5,
        "children_flagged_cse": 3,
        "nrm_referrals_children": 1,
        "csa_offences_recorded": 4,
        "joint_s47_investigations": 10,
    }
    row.update(changes)
    return row


def check_police(warehouse: FakeWarehouse | None, **peterborough: Any) -> ValidationReport:
    """Five districts with 10 joint S47s each (50 for Cambridgeshire), then Peterborough."""
    contract = get_contract("police-safeguarding")
    rows = [police_row(d) for d in DISTRICTS] + [police_row(PETERBOROUGH, **peterborough)]
    return check_return(
        contract,
        csv_bytes(contract, rows),
        "police.csv",
        "cambs-police",
        period="2020-04",
        received_on=date(2020, 5, 10),
        warehouse=warehouse,
    )


def outcome(report: ValidationReport, code: str) -> RuleOutcome:
    found = [o for o in report.outcomes if o.rule.code == code]
    assert len(found) == 1, f"{code} has {len(found)} outcomes"
    return found[0]


def failed_codes(report: ValidationReport) -> set[str]:
    return {o.rule.code for o in report.outcomes if o.failed}


def where(report: ValidationReport, code: str) -> list[tuple]:
    return [(i.row, i.column, i.letter) for i in report.issues if i.rule == code]


# --- every kind: fires, and stays quiet ---------------------------------------------------


@dataclass(frozen=True)
class Case:
    kind: str
    code: str
    fires: Callable[[], ValidationReport]
    quiet: Callable[[], ValidationReport]
    at: list[tuple]  # (row, column, letter) of each issue when it fires
    #: Other rules the quiet return may raise (a return received before its period
    #: ended always raises the ``period.not_ended`` query).
    also: frozenset[str] = frozenset()


CASES = [
    Case(
        "type",
        "type.contacts",
        lambda: check_activity(activity_row(contacts="abc")),
        lambda: check_activity(activity_row(contacts="2,000")),
        [(2, "contacts", "C")],
    ),
    Case(
        "required",
        "required.contacts",
        lambda: check_activity(activity_row(contacts="")),
        lambda: check_activity(activity_row(contacts=0, referrals=0, re_referrals_12m=0)),
        [(2, "contacts", "C")],
    ),
    Case(
        "range",
        "range.contacts",
        lambda: check_activity(activity_row(contacts=50001)),
        lambda: check_activity(activity_row(contacts=50000)),
        [(2, "contacts", "C")],
    ),
    Case(
        "pattern",
        "pattern.month",
        lambda: check_activity(activity_row(month="2020-4"), period="2020-04"),
        lambda: check_activity(activity_row(month="2020-04"), period="2020-04"),
        [(2, "month", "B")],
    ),
    Case(
        "allowed_values",
        "EPI-003",
        lambda: check_episodes(episode_row(gender="3")),
        lambda: check_episodes(episode_row(gender="9"), episode_row(1, gender="0")),
        [(2, "gender", "G")],
    ),
    Case(
        "unique",
        "unique.key",
        lambda: check_episodes(episode_row(77), episode_row(1), episode_row(77)),
        lambda: check_episodes(
            episode_row(77),
            episode_row(77, event_type="referral"),
            episode_row(77, event_date="6/1/2021"),
        ),
        [(2, "child_id", "A"), (4, "child_id", "A")],
    ),
    Case(
        "row_count",
        "CSC-001",
        lambda: check_activity(activity_row(), activity_row(month="2020-05")),
        lambda: check_activity(activity_row()),
        [(None, None, None)],
    ),
    Case(
        "own_area",
        "agency.area",
        lambda: check_activity(activity_row(area=PETERBOROUGH)),
        lambda: check_activity(activity_row(area=PETERBOROUGH), agency="peterborough-cc"),
        [(2, "area_code", "A")],
    ),
    Case(
        "period_match",
        "period.match",
        lambda: check_activity(activity_row(month="2020-05"), period="2020-04"),
        lambda: check_activity(
            activity_row(month="2020-05"), period="2020-05", received_on=date(2020, 6, 10)
        ),
        [(2, "month", "B")],
    ),
    Case(
        "in_period",
        "period.date",
        lambda: check_episodes(
            episode_row(0, event_date="2020-12-31"), episode_row(1, event_date="2021-02-01")
        ),
        lambda: check_episodes(
            episode_row(0, event_date="2021-01-01"), episode_row(1, event_date="31/01/2021")
        ),
        [(2, "event_date", "D"), (3, "event_date", "D")],
    ),
    Case(
        "not_in_future",
        "period.future",
        lambda: check_episodes(
            episode_row(0, event_date="2021-01-21"), received_on=date(2021, 1, 20)
        ),
        lambda: check_episodes(
            episode_row(0, event_date="2021-01-20"), received_on=date(2021, 1, 20)
        ),
        [(2, "event_date", "D")],
        also=frozenset({"period.not_ended"}),
    ),
    Case(
        "return_period",
        "period.not_started",
        lambda: check_activity(activity_row(month="2020-06"), period="2020-06"),
        lambda: check_activity(activity_row(month="2020-04"), period="2020-04"),
        [(None, None, None)],
    ),
    Case(
        "not_above",
        "CSC-020",
        lambda: check_activity(activity_row(referrals=2001)),
        lambda: check_activity(activity_row(referrals=2000)),
        [(2, "referrals", "D")],
    ),
    Case(
        "sum_equals",
        "CSC-010",
        lambda: check_activity(activity_row(cp_children_total=361)),
        lambda: check_activity(activity_row(cp_children_total=360)),
        [(2, "cp_children_total", "P")],
    ),
    Case(
        "change_from_previous",
        "CSC-101",
        lambda: check_activity(warehouse=FakeWarehouse(previous={"contacts": 1000})),
        lambda: check_activity(warehouse=FakeWarehouse(previous={"contacts": 1820})),
        [(2, "contacts", "C")],
    ),
    Case(
        "not_above_measure",
        "POL-103",
        lambda: check_police(FakeWarehouse(measures={("s47_completed", CAMBRIDGESHIRE): 49})),
        lambda: check_police(
            FakeWarehouse(
                measures={
                    ("s47_completed", CAMBRIDGESHIRE): 50,
                    ("s47_completed", PETERBOROUGH): 10,
                }
            )
        ),
        [(2, "joint_s47_investigations", "J")],
    ),
]


def test_every_rule_kind_has_a_case():
    assert sorted(c.kind for c in CASES) == sorted(get_args(RuleKind))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_rule_fires(case: Case):
    report = case.fires()
    result = outcome(report, case.code)
    assert result.checked
    assert result.rule.kind == case.kind
    assert result.failed == len(case.at)
    assert where(report, case.code) == case.at
    for issue in result.issues:
        assert issue.severity == result.rule.severity
        assert issue.message.startswith(result.rule.message)
    expected = "failed" if result.rule.severity == "error" else "queries"
    assert report.status == expected


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_rule_quiet(case: Case):
    report = case.quiet()
    result = outcome(report, case.code)
    assert result.checked
    assert result.failed == 0
    assert result.issues == []
    others = [i for i in report.issues if i.rule not in case.also]
    assert others == [], "a clean return has nothing to report"
    assert report.status == ("queries" if case.also else "passed")
    assert report.error_count == 0
    assert report.query_count == sum(1 for i in report.issues if i.rule in case.also)


# --- what each rule tells the data officer --------------------------------------------------


def test_range_minimum():
    report = check_activity(activity_row(eha_initiated=-1))
    assert failed_codes(report) == {"range.eha_initiated"}
    (issue,) = report.issues
    assert (issue.row, issue.column, issue.letter, issue.value) == (2, "eha_initiated", "U", "-1")
    assert issue.message == "Early help assessments initiated must be between 0 and 20000"


def test_pattern_value_is_shown():
    report = check_activity(activity_row(area="E1000003"))
    issue = next(i for i in report.issues if i.rule == "pattern.area_code")
    assert (issue.row, issue.letter, issue.value) == (2, "A", "E1000003")


def test_allowed_event_type():
    report = check_episodes(episode_row(3, event_type="visit"))
    assert failed_codes(report) == {"EPI-002"}
    (issue,) = report.issues
    assert (issue.row, issue.column, issue.letter, issue.value) == (2, "event_type", "C", "visit")


def test_unique_activity_rows():
    report = check_activity(activity_row(), activity_row())
    assert where(report, "unique.key") == [(2, "area_code", "A"), (3, "area_code", "A")]
    assert {i.value for i in report.issues if i.rule == "unique.key"} == {"E10000003, 2020-04"}


def test_unique_child_events_match_whatever_the_case_of_the_id_and_withhold_it():
    report = check_episodes(
        episode_row(0, child_id="abc-123"), episode_row(1, child_id=" ABC-123 ")
    )
    issues = [i for i in report.issues if i.rule == "unique.key"]
    assert [i.row for i in issues] == [2, 3]
    assert {i.value for i in issues} == {"(withheld), contact, 2021-01-05"}
    assert "abc-123" not in repr(report.issues).lower()


def test_row_count_tells_how_many_rows():
    report = check_activity(activity_row(), activity_row(month="2020-05"))
    (issue,) = [i for i in report.issues if i.rule == "CSC-001"]
    assert issue.value == "2"
    assert "this return has 2 rows" in issue.message
    assert issue in report.return_level_errors


def test_row_count_query_for_a_thin_episodes_return():
    thin = check_episodes(n=49)
    assert thin.status == "queries"
    assert failed_codes(thin) == {"EPI-101"}
    assert thin.issues[0].severity == "query"
    assert outcome(thin, "EPI-001").failed == 0


def test_not_above_is_an_error_at_the_cell_naming_both_figures():
    report = check_activity(activity_row(referrals=2001, contacts=2000))
    assert report.status == "failed"
    assert report.error_count == 1
    (issue,) = report.issues
    assert (issue.rule, issue.severity, issue.row, issue.column, issue.letter) == (
        "CSC-020",
        "error",
        2,
        "referrals",
        "D",
    )
    assert "2001" in issue.value
    assert "2000" in issue.value
    assert "contacts" in issue.value
    assert issue.message == "Referrals cannot exceed contacts in the same month."


def test_icpcs_above_s47_is_a_query_not_an_error():
    report = check_activity(activity_row(icpc_held=101, s47_completed=100))
    assert report.status == "queries"
    assert report.error_count == 0
    assert report.query_count == 1
    (issue,) = report.issues
    assert (issue.rule, issue.severity, issue.row, issue.letter) == ("CSC-023", "query", 2, "I")
    assert issue.value == "101 > s47_completed 100"


def test_sum_equals_shows_the_sum():
    report = check_activity(activity_row(cp_children_total=361))
    (issue,) = report.issues
    assert issue.value.startswith("361 ≠ 360 (cp_children_neglect + cp_children_physical")


def test_sum_equals_leaves_a_missing_part_to_required():
    report = check_activity(activity_row(cp_children_neglect=""))
    assert failed_codes(report) == {"required.cp_children_neglect"}


def test_type_failure_is_reported_once():
    report = check_activity(activity_row(contacts="abc", referrals=2500))
    assert [(i.rule, i.row, i.letter, i.value) for i in report.issues] == [
        ("type.contacts", 2, "C", "abc")
    ]
    assert outcome(report, "required.contacts").failed == 0
    assert outcome(report, "CSC-020").failed == 0


def test_type_failure_of_a_date_is_not_reported_as_required():
    report = check_episodes(episode_row(0, event_date="yesterday"))
    assert failed_codes(report) == {"type.event_date"}


def test_unreadable_dates_are_not_called_duplicates():
    report = check_episodes(
        episode_row(0, event_date="bad"), episode_row(0, event_date="worse"), n=50
    )
    assert failed_codes(report) == {"type.event_date"}


def test_only_queries_means_queries():
    report = check_activity(warehouse=FakeWarehouse(previous={"contacts": 1000}))
    assert report.error_count == 0
    assert report.query_count == 1
    assert report.status == "queries"


def test_errors_win_over_queries():
    report = check_activity(activity_row(icpc_held=101, s47_completed=100, referrals=2001))
    assert (report.error_count, report.query_count, report.status) == (1, 1, "failed")


# --- cross-return rules -----------------------------------------------------------------------


def test_without_a_warehouse_cross_return_rules_are_not_checked():
    report = check_activity()
    cross = [o for o in report.outcomes if o.rule.cross_return]
    assert {o.rule.code for o in cross} == {"CSC-101", "CSC-102", "CSC-103", "CSC-104"}
    assert all(not o.checked and o.failed == 0 for o in cross)
    assert all(o.checked for o in report.outcomes if not o.rule.cross_return)
    assert report.status == "passed"
    failing = check_activity(activity_row(referrals=2001))
    assert not outcome(failing, "CSC-101").checked
    assert failing.status == "failed"


def test_change_from_previous_fires_on_a_rise_of_more_than_half():
    wh = FakeWarehouse(previous={"contacts": 1000})
    report = check_activity(warehouse=wh)
    (issue,) = report.issues
    assert (issue.rule, issue.severity, issue.row, issue.letter, issue.value) == (
        "CSC-101",
        "query",
        2,
        "C",
        "2000",
    )
    assert "(1000 last period, 2000 now: +100%)" in issue.message
    assert ("previous_value", "contacts", CAMBRIDGESHIRE, None, "2020-04") in wh.calls


def test_change_from_previous_fires_on_a_fall_of_more_than_half():
    report = check_activity(activity_row(contacts=900), warehouse=FakeWarehouse({"contacts": 2000}))
    assert failed_codes(report) == {"CSC-101"}
    assert "-55%" in report.issues[0].message


@pytest.mark.parametrize(
    ("before", "now"),
    [(1000, 1100), (1000, 1500), (1000, 500), (None, 2000), (0, 2000)],
    ids=["+10%", "+50% exactly", "-50% exactly", "no previous figure", "zero before"],
)
def test_change_from_previous_quiet(before, now):
    previous = {} if before is None else {"contacts": before}
    wh = FakeWarehouse(previous)
    report = check_activity(activity_row(contacts=now, referrals=400), warehouse=wh)
    result = outcome(report, "CSC-101")
    assert result.checked
    assert result.failed == 0
    assert report.status == "passed"
    assert any(c[:2] == ("previous_value", "contacts") for c in wh.calls)


def test_change_from_previous_uses_the_measure_of_the_column():
    # cp_children_total is stored as the measure cp_children: 360 against 200 is +80% > 25%.
    report = check_activity(warehouse=FakeWarehouse(previous={"cp_children": 200}))
    assert failed_codes(report) == {"CSC-103"}
    assert where(report, "CSC-103") == [(2, "cp_children_total", "P")]


def test_not_above_measure_sums_districts_into_their_local_authority():
    wh = FakeWarehouse(measures={("s47_completed", CAMBRIDGESHIRE): 49})
    report = check_police(wh)
    assert report.status == "queries"
    (issue,) = report.issues
    assert (issue.rule, issue.severity, issue.row, issue.value) == ("POL-103", "query", 2, "50")
    assert "joint_s47_investigations 50 for E10000003" in issue.message
    assert "s47_completed 49" in issue.message
    assert ("measure_value", "s47_completed", CAMBRIDGESHIRE, "2020-04") in wh.calls
    assert ("measure_value", "s47_completed", PETERBOROUGH, "2020-04") in wh.calls


def test_not_above_measure_for_a_unitary_area():
    wh = FakeWarehouse(measures={("s47_completed", PETERBOROUGH): 10})
    report = check_police(wh, joint_s47_investigations=11)
    assert where(report, "POL-103") == [(7, "joint_s47_investigations", "J")]


def test_not_above_measure_quiet_before_the_local_authority_return_is_loaded():
    report = check_police(FakeWarehouse())
    assert outcome(report, "POL-103").checked
    assert report.status == "passed"


def test_not_above_measure_on_a_contract_of_its_own():
    contract = parse_contract(yaml.safe_dump(small_contract()), Path("x.odcs.yaml"))
    rule = contract.rule("X-2")
    assert (rule.kind, rule.severity, rule.scope) == ("not_above_measure", "error", "return")
    assert rule.params == {"measure": "s47_completed"}


# --- the period ----------------------------------------------------------------------------------


def rows_period(contract, data: bytes, filename: str) -> str:
    reader = open_return(contract, lambda: io.BytesIO(data), filename)
    return period_from_rows(contract, reader).label


def test_period_inferred_from_the_period_column(activity):
    data = csv_bytes(activity, [activity_row(month="2020-05")])
    assert rows_period(activity, data, "a.csv") == "2020-05"
    # given, the period is the one given, and a row that disagrees is located
    report = check_activity(activity_row(month="2020-05"), period="2020-04")
    assert where(report, "period.match") == [(2, "month", "B")]


def test_period_inferred_from_the_dates_most_rows_win():
    contract = get_contract("la-csc-episodes")
    rows = [episode_row(0, event_date="2020-12-31")] + [
        episode_row(i, event_date="2021-01-05") for i in (1, 2)
    ]
    assert rows_period(contract, csv_bytes(contract, rows), "e.csv") == "2021-01"


def test_period_that_cannot_be_inferred(activity):
    data = csv_bytes(activity, [activity_row(month="April")])
    with pytest.raises(ReturnFileError) as info:
        rows_period(activity, data, "a.csv")
    assert info.value.rule == "period.unknown"
    assert str(info.value).startswith("a.csv")
    # located: the column, the first row's value, what was expected
    assert (info.value.row, info.value.column, info.value.letter) == (2, "month", "B")
    assert "'April'" in str(info.value) and "2023-04" in str(info.value)


# --- contracts: the rules as written, and the mistakes stewards make ------------------------------


def small_contract() -> dict[str, Any]:
    return {
        "apiVersion": "v3.0.2",
        "kind": "DataContract",
        "id": "x",
        "name": "X",
        "version": "1.0.0",
        "status": "active",
        "customProperties": [
            {"property": "agencies", "value": ["cambs-police"]},
            {"property": "level", "value": "aggregate"},
            {"property": "grain", "value": "month"},
            {"property": "periodColumn", "value": "month"},
            {"property": "areaColumn", "value": "area_code"},
        ],
        "schema": [
            {
                "name": "x",
                "physicalType": "table",
                "properties": [
                    {
                        "name": "area_code",
                        "logicalType": "string",
                        "required": True,
                        "primaryKey": True,
                        "primaryKeyPosition": 1,
                    },
                    {
                        "name": "month",
                        "logicalType": "string",
                        "required": True,
                        "primaryKey": True,
                        "primaryKeyPosition": 2,
                    },
                    {
                        "name": "total",
                        "logicalType": "integer",
                        "customProperties": [{"property": "measure", "value": "total"}],
                    },
                    {
                        "name": "part",
                        "logicalType": "integer",
                        "quality": [
                            {
                                "id": "X-1",
                                "type": "custom",
                                "engine": "sdh",
                                "implementation": {"check": "not_above", "other": "total"},
                                "severity": "warning",
                                "description": "Part above total",
                            },
                            {
                                "id": "X-2",
                                "type": "custom",
                                "engine": "sdh",
                                "implementation": {
                                    "check": "not_above_measure",
                                    "measure": "s47_completed",
                                },
                                "description": "Part above S47s",
                            },
                        ],
                    },
                ],
            }
        ],
    }


def parse_small(change: Callable[[dict[str, Any]], None] = lambda d: None):
    doc = copy.deepcopy(small_contract())
    change(doc)
    return parse_contract(yaml.safe_dump(doc), Path("x.odcs.yaml"))


def contract_error(change: Callable[[dict[str, Any]], None]) -> str:
    with pytest.raises(ContractError) as info:
        parse_small(change)
    message = str(info.value)
    assert message.startswith("x.odcs.yaml"), "the message must name the file"
    return message


def _properties(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc["schema"][0]["properties"]


def test_small_contract_parses():
    contract = parse_small()
    assert contract.rule("X-1").severity == "query"
    assert contract.rule("X-1").columns == ("part", "total")
    assert contract.rule("X-2").severity == "error"


@pytest.mark.parametrize(
    ("written", "severity"),
    [("warning", "query"), ("info", "query"), ("error", "error"), ("critical", "error")],
)
def test_severity_comes_from_the_contract(written, severity):
    def change(doc):
        _properties(doc)[3]["quality"][0]["severity"] = written

    assert parse_small(change).rule("X-1").severity == severity


def test_shipped_severities():
    activity = get_contract("la-csc-activity")
    assert activity.rule("CSC-023").severity == "query"
    assert activity.rule("CSC-020").severity == "error"


def test_unknown_severity():
    def change(doc):
        _properties(doc)[3]["quality"][0]["severity"] = "fatal"

    message = contract_error(change)
    assert "property 'part', rule X-1" in message
    assert "'fatal'" in message


def test_unknown_logical_type():
    def change(doc):
        _properties(doc)[2]["logicalType"] = "object"

    message = contract_error(change)
    assert "property 'total'" in message
    assert "logicalType 'object'" in message


def test_unknown_check():
    def change(doc):
        _properties(doc)[3]["quality"][0]["implementation"]["check"] = "not_below"

    message = contract_error(change)
    assert "property 'part', rule X-1" in message
    assert "check 'not_below' is unknown" in message


def test_not_above_an_unknown_column():
    def change(doc):
        _properties(doc)[3]["quality"][0]["implementation"]["other"] = "totl"

    message = contract_error(change)
    assert "property 'part', rule X-1" in message
    assert "unknown column(s) totl" in message


def test_duplicate_rule_id():
    def change(doc):
        _properties(doc)[3]["quality"][1]["id"] = "X-1"

    message = contract_error(change)
    assert "rule code(s) used twice: X-1" in message


def test_missing_agencies():
    def change(doc):
        doc["customProperties"] = [
            p for p in doc["customProperties"] if p["property"] != "agencies"
        ]

    message = contract_error(change)
    assert "customProperties needs 'agencies'" in message


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("level", "person", "customProperties.level: must be aggregate or child, not 'person'"),
        ("maxHeldShare", 2, "customProperties.maxHeldShare: a share between 0 and 1"),
        ("maxRows", 0, "customProperties.maxRows: a whole number of rows, at least 1, not 0"),
        ("retentionDays", True, "customProperties.retentionDays: a whole number of days"),
        ("onRowError", "skip", "customProperties.onRowError: must be reject_return or hold_rows"),
    ],
)
def test_a_wrong_hub_setting_is_named_with_what_it_must_be(setting, value, said):
    def change(doc):
        doc["customProperties"] = [
            p for p in doc["customProperties"] if p["property"] != setting
        ] + [{"property": setting, "value": value}]

    assert said in contract_error(change)


def test_hub_settings_left_out_take_their_defaults():
    contract = parse_small()
    assert contract.formats == ("csv", "xlsx", "json")
    assert contract.due_days == 15
    assert contract.max_held_share == 0.01
    assert contract.max_rows == (10_000 if contract.level == "aggregate" else 5_000_000)
