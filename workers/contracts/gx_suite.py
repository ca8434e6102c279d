"""Compile a contract's rules into a Great Expectations suite and run it on a return.

Great Expectations is imported here and nowhere on the CLI's start-up path: it takes
seconds to import. Each expectation carries its rule code in ``meta`` so its result maps
back to the contract's rule, with the failing rows as the frame's index (spreadsheet row
numbers).
"""

from __future__ import annotations

import logging
import threading
import warnings
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from workers.contracts.model import FeedContract, Rule
from workers.validation.context import ReturnContext

if TYPE_CHECKING:
    import pandas as pd

_lock = threading.Lock()
# One validation at a time per process: the shared GX context is not documented as
# thread-safe, and validation is CPU-bound, so worker threads gain nothing by overlapping.
_validate_lock = threading.Lock()
_state: dict[str, Any] = {}

#: Kinds run by Great Expectations; the rest are structural (parser) or cross-return.
GX_KINDS = frozenset(
    {
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
)


def _batch_definition():
    """One ephemeral context per process; building it costs more than a validation."""
    with _lock:
        if "bd" not in _state:
            logging.getLogger("great_expectations").setLevel(logging.ERROR)
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            ctx = gx.get_context(mode="ephemeral")
            ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
            asset = ctx.data_sources.add_pandas("returns").add_dataframe_asset("return")
            _state["gx"] = gx
            _state["ctx"] = ctx
            _state["bd"] = asset.add_batch_definition_whole_dataframe("whole")
        return _state["gx"], _state["bd"]


def sum_column(rule: Rule) -> str:
    return f"__sum_{rule.code}"


def _expectation(gx, rule: Rule, contract: FeedContract, ctx: ReturnContext):
    e = gx.expectations
    meta = {"code": rule.code}
    col = rule.columns[0] if rule.columns else None
    kind = rule.kind
    if kind == "required":
        return e.ExpectColumnValuesToNotBeNull(column=col, meta=meta)
    if kind == "range":
        return e.ExpectColumnValuesToBeBetween(
            column=col,
            min_value=rule.params.get("min"),
            max_value=rule.params.get("max"),
            meta=meta,
        )
    if kind == "pattern":
        if contract.column(col).pseudonymise:
            return None  # checked on the raw value by the parser, before hashing
        return e.ExpectColumnValuesToMatchRegex(column=col, regex=rule.params["pattern"], meta=meta)
    if kind == "allowed_values":
        return e.ExpectColumnValuesToBeInSet(column=col, value_set=rule.params["values"], meta=meta)
    if kind == "own_area":
        return e.ExpectColumnValuesToBeInSet(
            column=col, value_set=list(ctx.agency_areas), meta=meta
        )
    if kind == "period_match":
        return e.ExpectColumnValuesToBeInSet(column=col, value_set=[ctx.period.label], meta=meta)
    if kind == "in_period":
        return e.ExpectColumnValuesToBeBetween(
            column=col,
            min_value=datetime.combine(ctx.period.start, time.min),
            max_value=datetime.combine(ctx.period.end, time.min),
            meta=meta,
        )
    if kind == "not_in_future":
        return e.ExpectColumnValuesToBeBetween(
            column=col, max_value=datetime.combine(ctx.received_on, time.min), meta=meta
        )
    if kind == "unique":
        if len(rule.columns) == 1:
            return e.ExpectColumnValuesToBeUnique(column=col, meta=meta)
        return e.ExpectCompoundColumnsToBeUnique(column_list=list(rule.columns), meta=meta)
    if kind == "row_count":
        lo, hi = rule.params.get("min"), rule.params.get("max")
        return e.ExpectTableRowCountToBeBetween(
            min_value=None if lo is None else int(lo),
            max_value=None if hi is None else int(hi),
            meta=meta,
        )
    if kind == "not_above":
        return e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=rule.columns[1],
            column_B=col,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta=meta,
        )
    if kind == "sum_equals":
        return e.ExpectColumnValuesToBeBetween(
            column=sum_column(rule), min_value=0, max_value=0, meta=meta
        )
    raise ValueError(f"rule kind {kind} is not run by Great Expectations")


def build_suite(contract: FeedContract, ctx: ReturnContext):
    """The suite for one return: some rules depend on its agency and period.

    Expectations go in through the constructor: ``add_expectation`` compares each new one
    with all before it, which costs more than running them.
    """
    gx, _ = _batch_definition()
    expectations = [
        expectation
        for rule in contract.rules
        if rule.kind in GX_KINDS
        and (expectation := _expectation(gx, rule, contract, ctx)) is not None
    ]
    return gx.ExpectationSuite(name=f"{contract.id}-{contract.version}", expectations=expectations)


def _validate(gx, batch, name: str, expectations: list, result_format: str) -> list:
    suite = gx.ExpectationSuite(name=name, expectations=expectations)
    return batch.validate(suite, result_format={"result_format": result_format}).results


def _outcome(result) -> dict[str, Any]:
    info = result.exception_info or {}
    raised = [info] if "raised_exception" in info else list(info.values())
    failure = next((i for i in raised if isinstance(i, dict) and i.get("raised_exception")), None)
    if failure:
        return {"exception": failure.get("exception_message") or "unknown failure"}
    return dict(result.result or {}, success=result.success)


def run_suite(suite, frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Validate the frame; returns, per rule code, GX's result dict (or an exception).

    Two passes: every expectation with a yes/no answer first (less than half the cost of
    asking for failing rows), then only the failed ones again for their rows. Most
    returns pass, so most pay only for the first.
    """
    gx, bd = _batch_definition()
    by_code = {e.meta["code"]: e for e in suite.expectations}
    with _validate_lock, warnings.catch_warnings():
        # pandas warns that contract patterns have groups; GX only tests for a match.
        warnings.filterwarnings("ignore", message="This pattern is interpreted")
        batch = bd.get_batch(batch_parameters={"dataframe": frame})
        first = _validate(gx, batch, suite.name, list(by_code.values()), "BOOLEAN_ONLY")
        out = {r.expectation_config.meta["code"]: _outcome(r) for r in first}
        failed = [by_code[code] for code, o in out.items() if not o.get("success", False)]
        if failed:
            for r in _validate(gx, batch, f"{suite.name}-failed", failed, "COMPLETE"):
                out[r.expectation_config.meta["code"]] = _outcome(r)
    return out
