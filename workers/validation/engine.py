"""Run every rule of a contract on a parsed return and say, rule by rule, what failed.

Order follows the national collections: structural checks (file, header, types) come from
the parser; the contract's rules run in Great Expectations on what parsed; cross-return
rules then compare the return with what the warehouse already holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from workers.contracts.model import FeedContract, Rule, column_letter
from workers.sources.parse import ParsedReturn
from workers.validation.context import ReturnContext
from workers.validation.expectations import build_suite, run_suite, sum_column
from workers.validation.issues import Issue, RuleOutcome

MAX_ISSUES_PER_RULE = 10_000


@dataclass
class ValidationReport:
    contract: FeedContract
    filename: str
    context: ReturnContext
    rows_received: int
    outcomes: list[RuleOutcome] = field(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        return [i for o in self.outcomes for i in o.issues]

    @property
    def error_count(self) -> int:
        return sum(o.failed for o in self.outcomes if o.rule.severity == "error")

    @property
    def query_count(self) -> int:
        return sum(o.failed for o in self.outcomes if o.rule.severity == "query")

    @property
    def status(self) -> str:
        """passed, queries (loadable once explained) or failed (errors block the load)."""
        if self.error_count:
            return "failed"
        if self.query_count:
            return "queries"
        return "passed"

    @property
    def error_rows(self) -> set[int]:
        return {i.row for i in self.issues if i.severity == "error" and i.row is not None}

    @property
    def return_level_errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error" and i.row is None]


def _letter_map(contract: FeedContract, parsed: ParsedReturn) -> dict[str, str]:
    return {name: column_letter(i) for i, name in enumerate(parsed.columns, start=1)}


def _frame(contract: FeedContract, parsed: ParsedReturn):
    import pandas as pd

    frame = pd.DataFrame.from_records(
        parsed.rows, columns=contract.column_names, index=parsed.row_numbers
    )
    for col in contract.columns:
        if col.logical_type == "date":
            frame[col.name] = pd.to_datetime(frame[col.name])
        elif col.logical_type in ("integer", "number"):
            frame[col.name] = pd.to_numeric(frame[col.name]).astype("Float64")
    for rule in contract.rules:
        if rule.kind == "sum_equals":
            total, *parts = rule.columns
            frame[sum_column(rule)] = frame[total] - frame[parts].sum(axis=1, skipna=False)
    return frame


def _show(value: Any) -> str | None:
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if hasattr(value, "date") and hasattr(value, "hour"):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:200]


def _gx_issues(
    rule: Rule,
    result: dict[str, Any],
    frame,
    letters: dict[str, str],
    contract: FeedContract,
    skip: set[tuple[int, str]],
) -> RuleOutcome:
    outcome = RuleOutcome(rule)
    if "exception" in result:
        outcome.failed = 1
        outcome.issues.append(
            Issue(
                rule.code,
                "error",
                f"{rule.message}: the rule could not be checked ({result['exception']})",
            )
        )
        return outcome
    if rule.kind == "row_count":
        if not result["success"]:
            outcome.failed = 1
            outcome.issues.append(
                Issue(
                    rule.code,
                    rule.severity,
                    f"{rule.message} (this return has {result.get('observed_value')} rows)",
                    value=str(result.get("observed_value")),
                )
            )
        return outcome
    rows = sorted(set(result.get("unexpected_index_list") or []))
    col = rule.columns[0] if rule.columns else None
    for row in rows:
        if any((row, c) in skip for c in rule.columns):
            continue  # a cell already failed its type; one issue per cell is enough
        outcome.failed += 1
        if len(outcome.issues) >= MAX_ISSUES_PER_RULE:
            continue
        masked = col and contract.column(col).pseudonymise
        if rule.kind == "not_above":
            other = rule.columns[1]
            value = f"{_show(frame.at[row, col])} > {other} {_show(frame.at[row, other])}"
        elif rule.kind == "sum_equals":
            total, *parts = rule.columns
            added = frame.loc[row, parts].sum()
            value = f"{_show(frame.at[row, total])} ≠ {_show(added)} ({' + '.join(parts)})"
        elif rule.kind == "unique":
            value = ", ".join(
                "(withheld)" if contract.column(c).pseudonymise else str(_show(frame.at[row, c]))
                for c in rule.columns
            )
        else:
            value = "(withheld)" if masked else _show(frame.at[row, col])
        outcome.issues.append(
            Issue(
                rule.code,
                rule.severity,
                rule.message,
                row=row,
                column=col,
                letter=letters.get(col or ""),
                value=value,
            )
        )
    return outcome


def _cross_return(
    rule: Rule,
    contract: FeedContract,
    parsed: ParsedReturn,
    ctx: ReturnContext,
    letters: dict[str, str],
) -> RuleOutcome:
    outcome = RuleOutcome(rule)
    wh = ctx.warehouse
    if wh is None:
        outcome.checked = False
        return outcome
    col = rule.columns[0]
    area_col = contract.area_column
    if rule.kind == "change_from_previous":
        measure = contract.column(col).measure or col
        share = float(rule.params["maxShare"])
        for number, row in zip(parsed.row_numbers, parsed.rows, strict=True):
            value = row.get(col)
            area = row.get(area_col) if area_col else None
            if value is None or area is None:
                continue
            dim = row.get(contract.dimension_column) if contract.dimension_column else None
            before = wh.previous_value(measure, area, dim, ctx.period)
            if before is None or before == 0:
                continue
            change = (value - before) / before
            if abs(change) > share:
                outcome.failed += 1
                outcome.issues.append(
                    Issue(
                        rule.code,
                        rule.severity,
                        f"{rule.message} ({before:g} last period, {value:g} now: {change:+.0%})",
                        row=number,
                        column=col,
                        letter=letters.get(col),
                        value=str(value),
                    )
                )
    elif rule.kind == "not_above_measure":
        totals: dict[str, float] = defaultdict(float)
        rows_by_area: dict[str, list[int]] = defaultdict(list)
        for number, row in zip(parsed.row_numbers, parsed.rows, strict=True):
            area = row.get(area_col) if area_col else None
            if area is None or row.get(col) is None:
                continue
            parent = wh.parent_area(area) or area
            totals[parent] += row[col]
            rows_by_area[parent].append(number)
        for area, total in totals.items():
            limit = wh.measure_value(rule.params["measure"], area, ctx.period)
            if limit is not None and total > limit:
                outcome.failed += 1
                outcome.issues.append(
                    Issue(
                        rule.code,
                        rule.severity,
                        f"{rule.message} ({col} {total:g} for {area} against "
                        f"{rule.params['measure']} {limit:g} already loaded)",
                        row=rows_by_area[area][0],
                        column=col,
                        letter=letters.get(col),
                        value=f"{total:g}",
                    )
                )
    return outcome


def validate_return(
    contract: FeedContract, parsed: ParsedReturn, ctx: ReturnContext
) -> ValidationReport:
    """Run every rule; never raises for bad data, only reports it."""
    report = ValidationReport(contract, parsed.filename, ctx, parsed.rows_received)
    letters = _letter_map(contract, parsed)
    structural: dict[str, list[Issue]] = defaultdict(list)
    for issue in parsed.issues:
        structural[issue.rule].append(issue)
    if "file.row_length" in structural:
        rule = Rule(
            "file.row_length",
            "type",
            "error",
            "record",
            "Every row must have as many values as the header",
        )
        outcome = RuleOutcome(
            rule,
            failed=len(structural["file.row_length"]),
            issues=structural.pop("file.row_length"),
        )
        report.outcomes.append(outcome)
    skip = {(i.row, i.column) for i in parsed.issues if i.column}

    frame = _frame(contract, parsed)
    results = run_suite(build_suite(contract, ctx), frame)
    for rule in contract.rules:
        if rule.kind == "type" or (
            rule.kind == "pattern" and contract.column(rule.columns[0]).pseudonymise
        ):
            found = structural.get(rule.code, [])
            report.outcomes.append(RuleOutcome(rule, failed=len(found), issues=found))
        elif rule.code in results:
            report.outcomes.append(
                _gx_issues(rule, results[rule.code], frame, letters, contract, skip)
            )
        elif rule.cross_return:
            report.outcomes.append(_cross_return(rule, contract, parsed, ctx, letters))
    return report
