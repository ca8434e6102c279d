"""The verdict on a return, readable in ten seconds: one finding per failing rule in plain
words (what the contract expects, what the return has, where it first happens) and the
decision a steward most likely takes next.

Values are grouped as Great Expectations' Data Docs show unexpected values: each with its
count and its first rows ('White British' times 400, rows 8, 23 and so on). They come from
the row issues, which hold only what ``workers.validation.disclosure`` lets a page show: a
value that could be a child's identifier is already its shape ("(withheld): 6
characters, digits"), so grouping shows nothing a row would not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from workers.contracts.model import FeedContract, Rule
from workers.labels import period_words
from workers.review.detail import SubmissionDetail
from workers.review.overrides import NOT_OVERRIDABLE_KINDS
from workers.validation.disclosure import WITHHELD
from workers.validation.report import MAX_SHOWN_PER_RULE
from workers.warehouse.models import RowIssue, RuleResult, SubmissionStatus

TIMES = "\u00d7"
#: Values listed per rule, and rows listed per value.
VALUES_SHOWN = 5
ROWS_SHOWN = 5
#: Codes of an allowed-values rule listed before "and N more".
CODES_SHOWN = 6
#: Rule kinds about which period a return is for: a wrong period is a wrong file.
PERIOD_KINDS = frozenset({"period_match", "in_period", "return_period"})

TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "date": "a date (YYYY-MM-DD)",
    "boolean": "yes or no",
    "string": "text",
}


@dataclass(frozen=True)
class ValueCount:
    """One unexpected value of a rule, how many rows have it and the first of them."""

    value: str
    count: int
    rows: tuple[int, ...]

    @property
    def shown(self) -> str:
        if self.value.startswith(WITHHELD):
            return self.value
        return f"'{self.value}'" if self.value else "blank"


@dataclass(frozen=True)
class Finding:
    """One failing rule, said plainly."""

    rule_code: str
    severity: str
    kind: str
    message: str  # what the rule checks, in the contract's words
    expected: str
    rows_failed: int
    first_row: int | None
    values: tuple[ValueCount, ...] = ()
    other_values: int = 0  # distinct values beyond those listed
    recorded: int = 0  # row issues kept (all of them, up to MAX_SHOWN_PER_RULE)

    @property
    def found(self) -> str:
        """What the return has: the values with their counts, or the count of rows."""
        if not self.values:
            return f"{self.rows_failed:,} row{'' if self.rows_failed == 1 else 's'}"
        listed = ", ".join(f"{v.shown} {TIMES}{v.count:,}" for v in self.values)
        if self.other_values:
            listed += f" and {self.other_values:,} other value{'s' * (self.other_values > 1)}"
        return listed

    @property
    def partial(self) -> bool:
        """True when the counts cover only the first issues kept for the rule."""
        return self.recorded < self.rows_failed


@dataclass(frozen=True)
class NextStep:
    """The decision most likely right, and why; ``decision`` names the page's form."""

    decision: str  # reject | override | accept | accept_holds | none
    text: str


@dataclass
class Verdict:
    findings: list[Finding] = field(default_factory=list)
    next_step: NextStep = NextStep("none", "")

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def queries(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "query"]


def expected(rule: Rule | None, contract: FeedContract | None, period: str | None) -> str:
    """What the contract asks for, in words, for one rule."""
    if rule is None or contract is None:
        return ""
    params, cols = rule.params, rule.columns
    kind = rule.kind
    if kind == "allowed_values":
        values = [str(v) for v in params.get("values", [])]
        more = len(values) - CODES_SHOWN
        listed = ", ".join(values[:CODES_SHOWN]) + (f" and {more} more" if more > 0 else "")
        return f"one of {listed}"
    if kind == "range":
        lo, hi = params.get("min"), params.get("max")
        if lo is not None and hi is not None:
            return f"between {lo} and {hi}"
        return f"at least {lo}" if lo is not None else f"at most {hi}"
    if kind == "type" and cols:
        return TYPE_WORDS.get(contract.column(cols[0]).logical_type, "a valid value")
    if kind == "required":
        return "a value in every row"
    if kind == "pattern":
        return "the contract's format for this column"
    if kind in ("period_match", "return_period"):
        return f"{period} ({period_words(period)})" if period else "the return's period"
    if kind == "in_period":
        return f"a date in {period_words(period)}"
    if kind == "not_in_future":
        return "a date no later than the day the return arrived"
    if kind == "not_above" and len(cols) > 1:
        return f"{cols[0]} no more than {cols[1]}"
    if kind == "sum_equals" and len(cols) > 1:
        return f"{cols[0]} = {' + '.join(cols[1:])}"
    if kind == "unique":
        return f"each {', '.join(cols)} once"
    if kind == "own_area":
        return "one of the agency's own area codes"
    if kind == "row_count":
        lo, hi = params.get("min"), params.get("max")
        if lo == hi and lo is not None:
            return f"{lo} row{'' if lo == 1 else 's'}"
        return f"at least {lo} rows" if hi is None else f"between {lo} and {hi} rows"
    return ""


def value_counts(
    session: Session, run_id: int, rule_code: str
) -> tuple[list[ValueCount], int, int]:
    """The rule's values, most frequent first, with their first rows; also how many
    distinct values there are beyond those listed and how many issues were kept."""
    grouped = session.exec(
        select(RowIssue.value, func.count(), func.min(RowIssue.row_number))
        .where(RowIssue.run_id == run_id, RowIssue.rule_code == rule_code)
        .group_by(RowIssue.value)
        .order_by(func.count().desc(), func.min(RowIssue.row_number))
    ).all()
    recorded = sum(n for _v, n, _r in grouped)
    listed: list[ValueCount] = []
    for value, count, _first in grouped[:VALUES_SHOWN]:
        rows = session.exec(
            select(RowIssue.row_number)
            .where(
                RowIssue.run_id == run_id,
                RowIssue.rule_code == rule_code,
                RowIssue.value == value if value is not None else col(RowIssue.value).is_(None),
                col(RowIssue.row_number).is_not(None),
            )
            .order_by(col(RowIssue.row_number))
            .limit(ROWS_SHOWN)
        ).all()
        first_rows = tuple(int(r) for r in rows if r is not None)
        listed.append(ValueCount("" if value is None else value, count, first_rows))
    if len(listed) == 1 and listed[0].value == "" and not listed[0].rows:
        listed = []  # a whole-return rule with no value: the count says it
    return listed, max(0, len(grouped) - VALUES_SHOWN), recorded


def _finding(
    session: Session, result: RuleResult, rule: Rule | None, contract, period: str | None
) -> Finding:
    values, others, recorded = value_counts(session, result.run_id, result.rule_code)
    first = min((r for v in values for r in v.rows), default=None)
    return Finding(
        rule_code=result.rule_code,
        severity=result.severity,
        kind=result.kind,
        message=result.message,
        expected=expected(rule, contract, period),
        rows_failed=result.rows_failed,
        first_row=first,
        values=tuple(values),
        other_values=others,
        recorded=min(recorded, MAX_SHOWN_PER_RULE),
    )


def _rows(n: int) -> str:
    return f"{n:,} row{'' if n == 1 else 's'}"


def next_step(detail: SubmissionDetail, findings: list[Finding], overridden: set[str]) -> NextStep:
    """The likely decision: a wrong period or an unreadable file goes back to the agency;
    errors in the rows go back too, unless a steward knows the figures are right (an
    override, offered second); held rows of a loaded return are kept out; queries are
    explained."""
    sub, run = detail.submission, detail.run
    errors = [f for f in findings if f.severity == "error" and f.rule_code not in overridden]
    queries = [f for f in findings if f.severity == "query"]
    if run is not None and run.outcome == "unreadable":
        return NextStep(
            "reject", "The file could not be read: reject it and ask for a corrected file."
        )
    period_error = next((f for f in errors if f.kind in PERIOD_KINDS), None)
    if sub.status == SubmissionStatus.NEEDS_REVIEW and period_error is not None:
        if period_error.values and period_error.kind == "period_match":
            found = period_words(period_error.values[0].value)
            return NextStep(
                "reject",
                f"The period in the rows is {found}; the return is for "
                f"{period_words(sub.period_label)}: reject it and ask for a corrected file.",
            )
        return NextStep(
            "reject",
            f"The return is not for the period it was sent for "
            f"({period_words(sub.period_label)}): reject it and ask for a corrected file.",
        )
    if sub.status == SubmissionStatus.NEEDS_REVIEW and errors:
        can_override = all(f.kind not in NOT_OVERRIDABLE_KINDS for f in errors)
        text = (
            f"{len(errors)} error rule{'s' * (len(errors) > 1)} failed: reject the return and "
            "ask the agency for a corrected file."
        )
        if can_override:
            text += " Override only if you know the figures are right as they are."
        return NextStep("reject", text)
    if sub.status == SubmissionStatus.LOADED and sub.rows_held:
        return NextStep(
            "accept_holds",
            f"Loaded with {_rows(sub.rows_held)} held back: keep them out, and the agency "
            "sends them again in a corrected return.",
        )
    if queries and detail.explanation is None:
        return NextStep(
            "accept",
            f"{len(queries)} quer{'ies' if len(queries) > 1 else 'y'} to explain: if the "
            "figures are right, explain why; the reason goes into the packs' notes.",
        )
    return NextStep("none", "")


def verdict(session: Session, detail: SubmissionDetail, contract: FeedContract | None) -> Verdict:
    """The findings of the latest validation, errors first, and the likely next step."""
    if detail.run is None:
        return Verdict()
    rules = {r.code: r for r in contract.rules} if contract is not None else {}
    period = detail.submission.period_label
    failing = [r for r in detail.rules if r.rows_failed]
    failing.sort(key=lambda r: (r.severity != "error", r.id or 0))
    findings = [_finding(session, r, rules.get(r.rule_code), contract, period) for r in failing]
    overridden = {o.rule_code for o in detail.overrides}
    return Verdict(findings, next_step(detail, findings, overridden))
