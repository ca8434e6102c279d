"""A contract as a Great Expectations suite: what agencies run in their own pipelines
before they send (``sdh contracts export --format gx``), and the oracle the hub's own
engine is tested against, rule kind by rule kind (``tests/conformance``).

The suite judges a table with, for each contract column, its trimmed text (``<column>``,
null where blank) and its typed value (``<column>__v``, null where blank or not of the
column's type), typed as ``docs/rules.md`` says; ``frame`` builds such a table from the
text with pandas, independently of the hub's Arrow grammar. Each expectation carries its
rule's code in ``meta``, so a result maps back to its rule, and the failing rows are the
table's index (spreadsheet row numbers).

Great Expectations takes seconds to import: it is imported here only, and nothing on the
path a return takes imports this module.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from workers.contracts.model import FeedContract, Rule

if TYPE_CHECKING:
    import pandas as pd

    from workers.validation.context import ReturnContext

_lock = threading.Lock()
_validate_lock = threading.Lock()  # the shared GX context is not documented thread-safe
_state: dict[str, Any] = {}

#: Rules that need to know who sent the return, for which period, on which day.
NEEDS_CONTEXT = frozenset(
    {"own_area", "period_match", "in_period", "not_in_future", "return_period"}
)
#: Rules the suite cannot express: cross-return rules need the warehouse.
NOT_IN_SUITE = frozenset({"change_from_previous", "not_above_measure", "return_period"})


def _gx():
    """Great Expectations and an ephemeral context, once per process."""
    with _lock:
        if "gx" not in _state:
            logging.getLogger("great_expectations").setLevel(logging.ERROR)
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            ctx = gx.get_context(mode="ephemeral")
            ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
            asset = ctx.data_sources.add_pandas("returns").add_dataframe_asset("return")
            _state["gx"] = gx
            _state["bd"] = asset.add_batch_definition_whole_dataframe("whole")
        return _state["gx"], _state["bd"]


def value(column: str) -> str:
    return f"{column}__v"


def bad(column: str) -> str:
    return f"{column}__bad"


def sum_column(rule: Rule) -> str:
    return f"__sum_{rule.code}"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _expectation(gx, rule: Rule, contract: FeedContract, ctx: ReturnContext | None):
    e = gx.expectations
    meta = {"code": rule.code}
    col = rule.columns[0] if rule.columns else ""
    kind = rule.kind
    if kind == "type":
        return e.ExpectColumnValuesToBeInSet(column=bad(col), value_set=[False], meta=meta)
    if kind == "required":
        return e.ExpectColumnValuesToNotBeNull(column=col, meta=meta)
    if kind == "range":
        lo, hi = rule.params.get("min"), rule.params.get("max")
        if contract.column(col).logical_type == "date":
            lo = None if lo is None else _midnight(date.fromisoformat(str(lo)))
            hi = None if hi is None else _midnight(date.fromisoformat(str(hi)))
        return e.ExpectColumnValuesToBeBetween(
            column=value(col), min_value=lo, max_value=hi, meta=meta
        )
    if kind == "pattern":
        # pandas matches text columns with RE2, as the hub does (\d is 0-9)
        return e.ExpectColumnValuesToMatchRegex(
            column=value(col), regex=rule.params["pattern"], meta=meta
        )

    if kind == "allowed_values":
        return e.ExpectColumnValuesToBeInSet(
            column=value(col), value_set=rule.params["values"], meta=meta
        )
    if kind == "unique":
        if len(rule.columns) == 1:
            return e.ExpectColumnValuesToBeUnique(column=value(col), meta=meta)
        return e.ExpectCompoundColumnsToBeUnique(
            column_list=[value(c) for c in rule.columns],
            ignore_row_if="any_value_is_missing",
            meta=meta,
        )
    if kind == "row_count":
        lo, hi = rule.params.get("min"), rule.params.get("max")
        return e.ExpectTableRowCountToBeBetween(
            min_value=None if lo is None else int(lo),
            max_value=None if hi is None else int(hi),
            meta=meta,
        )
    if kind == "not_above":
        return e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=value(rule.columns[1]),
            column_B=value(col),
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta=meta,
        )
    if kind == "sum_equals":
        return e.ExpectColumnValuesToBeBetween(
            column=sum_column(rule), min_value=0, max_value=0, meta=meta
        )
    if ctx is None:
        return None
    if kind == "own_area":
        return e.ExpectColumnValuesToBeInSet(
            column=value(col), value_set=list(ctx.agency_areas), meta=meta
        )
    if kind == "period_match":
        return e.ExpectColumnValuesToBeInSet(
            column=value(col), value_set=[ctx.period.label], meta=meta
        )
    if kind == "in_period":
        return e.ExpectColumnValuesToBeBetween(
            column=value(col),
            min_value=_midnight(ctx.period.start),
            max_value=_midnight(ctx.period.end),
            meta=meta,
        )
    if kind == "not_in_future":
        return e.ExpectColumnValuesToBeBetween(
            column=value(col), max_value=_midnight(ctx.received_on), meta=meta
        )
    raise ValueError(f"rule kind {kind} has no expectation")


def build_suite(contract: FeedContract, ctx: ReturnContext | None = None):
    """The suite for a contract's returns. Without ``ctx`` (who sends, for which period)
    the rules that need it are left out; cross-return rules are never in it."""
    gx, _ = _gx()
    expectations = []
    for rule in contract.rules:
        if rule.kind in NOT_IN_SUITE:
            continue
        expectation = _expectation(gx, rule, contract, ctx)
        if expectation is not None:
            # an error blocks the return ("critical"); a query asks to be explained
            expectation.severity = "critical" if rule.severity == "error" else "warning"
            expectations.append(expectation)

    return gx.ExpectationSuite(name=f"{contract.id}-{contract.version}", expectations=expectations)


def left_out(contract: FeedContract, ctx: ReturnContext | None = None) -> list[Rule]:
    """The contract's rules a suite built with ``ctx`` does not check."""
    return [
        r
        for r in contract.rules
        if r.kind in NOT_IN_SUITE or (ctx is None and r.kind in NEEDS_CONTEXT)
    ]


def export(contract: FeedContract, ctx: ReturnContext | None = None) -> dict[str, Any]:
    """The suite as JSON, with a note of how to build the table it judges and which
    rules it leaves to the hub."""
    suite = build_suite(contract, ctx).to_json_dict()
    suite["meta"] = {
        **(suite.get("meta") or {}),
        "sdh": {
            "contract": contract.id,
            "version": contract.version,
            "table": "one row per data row; for each column its trimmed text (null where "
            "blank) and '<column>__v', its value typed as docs/rules.md says (null where "
            "blank or not of the type); '<column>__bad' is true where a cell is present "
            "but not of its type; '__sum_<rule>' is a total minus its parts",
            "left_to_the_hub": [r.code for r in left_out(contract, ctx)],
        },
    }
    return suite


# --- the table the suite judges, typed with pandas and Python ----------------------------


_INTEGER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.0+)?", re.ASCII)
_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?", re.ASCII)
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%b-%Y", "%d %b %Y", "%d-%B-%Y", "%d %B %Y")
_TWO_DIGIT_YEAR = re.compile(r"(\d{1,2})([- ])([A-Za-z]+)\2(\d{2})", re.ASCII)
_ISO_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", re.ASCII)


def _to_date(text: str) -> date | None:
    if m := _ISO_TIME.fullmatch(text):
        text = m[1]
    if m := _TWO_DIGIT_YEAR.fullmatch(text):  # Excel's years: 00-29 → 20xx, 30-99 → 19xx
        yy = int(m[4])
        text = f"{m[1]}{m[2]}{m[3]}{m[2]}{(2000 if yy < 30 else 1900) + yy}"
    if not text.isascii():
        return None
    if re.fullmatch(r"\d{1,2}[- ][A-Za-z]{3,9}[- ]\d{4}", text):
        text = text.replace("Sept", "Sep").replace("sept", "sep")
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if fmt in ("%Y-%m-%d", "%d/%m/%Y") and not re.fullmatch(
            r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}", text
        ):
            continue
        return day
    return None


_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def period_text(text: str, grain: str) -> str:
    """A period column's cell with Excel's spellings of a month read as the month."""
    if grain != "month" or re.fullmatch(r"\d{4}-\d{2}", text, re.ASCII):
        return text
    if m := re.fullmatch(r"([A-Za-z]{3,9})[- ](\d{2}|\d{4})", text):
        month = _MONTH_NAMES.get(m[1].lower())
        if month:
            yy = int(m[2])
            year = yy if len(m[2]) == 4 else (2000 if yy < 30 else 1900) + yy
            return f"{year:04d}-{month:02d}"
    day = _to_date(text)
    return f"{day:%Y-%m}" if day else text


def typed_cell(text: str, logical_type: str) -> Any:
    """A trimmed, present cell's value by the documented grammar; None if not of the type."""
    if logical_type == "string":
        return text
    if logical_type == "integer":
        if not _INTEGER.fullmatch(text):
            return None
        digits = text.replace(",", "").split(".")[0]
        return int(digits) if len(digits.lstrip("+-")) <= 18 else None

    if logical_type == "number":
        return float(text.replace(",", "")) if _NUMBER.fullmatch(text) else None
    if logical_type == "date":
        return _to_date(text)
    if logical_type == "boolean":
        lowered = text.lower()
        return (
            True
            if lowered in ("y", "yes", "true", "1")
            else False
            if lowered in ("n", "no", "false", "0")
            else None
        )
    raise ValueError(logical_type)


def frame(
    contract: FeedContract,
    rows: Sequence[Mapping[str, str | None]],
    numbers: Sequence[int],
    *,
    identifier: Any = None,
) -> pd.DataFrame:
    """The table a suite judges, from rows of text (None: the cell was null). An
    identifier column's value is ``identifier(text)`` (its normalised form by default)."""
    import pandas as pd

    data: dict[str, list[Any]] = {}
    for col in contract.columns:
        texts = [(row.get(col.name) or "").strip() or None for row in rows]
        if col.name == contract.period_column:
            texts = [None if t is None else period_text(t, contract.grain) for t in texts]
        typed = [None if t is None else typed_cell(t, col.logical_type) for t in texts]

        if col.pseudonymise:
            typed = [None if t is None else (identifier or str.upper)(t) for t in texts]
        data[col.name] = texts
        data[value(col.name)] = typed
        data[bad(col.name)] = [
            t is not None and v is None for t, v in zip(texts, typed, strict=True)
        ]
    table = pd.DataFrame(data, index=list(numbers))
    for col in contract.columns:
        if col.logical_type in ("integer", "number"):
            table[value(col.name)] = pd.to_numeric(table[value(col.name)]).astype("Float64")
        elif col.logical_type == "date":
            table[value(col.name)] = pd.to_datetime(table[value(col.name)])
    for rule in contract.rules:
        if rule.kind == "sum_equals":
            total, *parts = rule.columns
            table[sum_column(rule)] = table[value(total)] - table[[value(p) for p in parts]].sum(
                axis=1, skipna=False
            )
    return table


def run_suite(suite, table: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Validate the table; per rule code, GX's result (``success``, the failing rows in
    ``unexpected_index_list``)."""
    _, bd = _gx()
    with _validate_lock, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="This pattern is interpreted")
        batch = bd.get_batch(batch_parameters={"dataframe": table})
        results = batch.validate(suite, result_format={"result_format": "COMPLETE"}).results
    out = {}
    for r in results:
        info = r.exception_info or {}
        raised = [info] if "raised_exception" in info else list(info.values())
        failure = next(
            (i for i in raised if isinstance(i, dict) and i.get("raised_exception")), None
        )
        code = r.expectation_config.meta["code"]
        if failure:
            out[code] = {"exception": failure.get("exception_message") or "unknown failure"}
        else:
            out[code] = dict(r.result or {}, success=r.success)
    return out
