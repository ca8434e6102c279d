"""A report addressed to the agency that sent the file: what to fix and where, first.

The steward's pages say what a steward decides; an agency needs "Fix 4 errors in row 2,
then send a corrected file", each rule once with its rows and column, and a header that is
not the contract's as one message with the expected and found names side by side.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from workers.contracts.model import FeedContract, column_letter
from workers.errors import ReturnFileError
from workers.reading.header import normalise_name
from workers.validation.report import ValidationReport

#: Rows named per rule before "and N more".
ROWS_SHOWN = 5


@dataclass(frozen=True)
class RuleAdvice:
    code: str
    severity: str  # error | query
    message: str
    count: int
    rows: tuple[int, ...]  # the first rows, as the spreadsheet numbers them
    columns: tuple[str, ...]  # "D referrals"

    @property
    def where(self) -> str:
        parts = []
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows)
            more = self.count - len(self.rows)
            parts.append(
                f"row{'s' if len(self.rows) > 1 else ''} {shown}"
                + (f" and {more:,} more" if more > 0 else "")
            )
        elif self.count:
            parts.append("the whole return")
        if self.columns:
            parts.append(f"column{'s' if len(self.columns) > 1 else ''} {', '.join(self.columns)}")
        return ", ".join(parts)


@dataclass(frozen=True)
class HeaderRow:
    letter: str
    expected: str
    found: str

    @property
    def matches(self) -> bool:
        return normalise_name(self.expected) == normalise_name(self.found)


@dataclass(frozen=True)
class Advice:
    """What the agency reads first: the verdict, the one next step, then the detail."""

    verdict: str  # "fix" | "explain" | "submit"
    headline: str
    next_step: str
    rules: list[RuleAdvice] = field(default_factory=list)
    header: list[HeaderRow] = field(default_factory=list)

    @property
    def errors(self) -> list[RuleAdvice]:
        return [r for r in self.rules if r.severity == "error"]

    @property
    def queries(self) -> list[RuleAdvice]:
        return [r for r in self.rules if r.severity != "error"]


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _rows_phrase(rows: Iterable[int]) -> str:
    rows = sorted(set(rows))
    if not rows:
        return "the whole return"
    if len(rows) == 1:
        return f"row {rows[0]}"
    if len(rows) <= 3:
        return "rows " + ", ".join(str(r) for r in rows[:-1]) + f" and {rows[-1]}"
    return f"{len(rows):,} rows (from row {rows[0]})"


def header_rows(contract: FeedContract, found: tuple[str, ...]) -> list[HeaderRow]:
    """The contract's header beside the file's, column by column."""
    expected = contract.column_names
    width = max(len(expected), len(found))
    return [
        HeaderRow(
            column_letter(i + 1),
            expected[i] if i < len(expected) else "",
            found[i] if i < len(found) else "",
        )
        for i in range(width)
    ]


def unreadable_advice(contract: FeedContract, exc: ReturnFileError) -> Advice:
    """A file that cannot be read as the return: one message, and for a header that is not
    the contract's, the two headers side by side."""
    if exc.rule == "file.header" and exc.found_header is not None:
        return Advice(
            "fix",
            "The header row is not this return's: correct the column names in row 1",
            "Put the expected names in row 1, in this order, then check the file again.",
            [RuleAdvice(exc.rule, "error", exc.detail, 1, (1,), ())],
            header_rows(contract, exc.found_header),
        )
    return Advice(
        "fix",
        "The file cannot be read as this return",
        "Correct the file as the message says, then check it again.",
        [RuleAdvice(exc.rule, "error", exc.detail, 1, (exc.row,) if exc.row else (), ())],
    )


def report_advice(report: ValidationReport) -> Advice:
    """The agency's reading of a checked (or delivered) return."""
    contract = report.contract
    letters = {name: column_letter(i) for i, name in enumerate(contract.column_names, start=1)}
    rules = []
    error_rows: set[int] = set()
    for outcome in report.outcomes:
        if not outcome.failed:
            continue
        rows = tuple(sorted({i.row for i in outcome.issues if i.row is not None}))
        if outcome.rule.severity == "error":
            error_rows.update(rows)
        columns = tuple(
            f"{letters.get(c, '')} {c}".strip() for c in outcome.rule.columns if c in letters
        )
        rules.append(
            RuleAdvice(
                outcome.rule.code,
                outcome.rule.severity,
                outcome.rule.message,
                outcome.failed,
                rows[:ROWS_SHOWN],
                columns,
            )
        )
    rules.sort(key=lambda r: (r.severity != "error", r.rows[:1] or (0,)))
    errors, queries = report.error_count, report.query_count
    if errors:
        return Advice(
            "fix",
            f"Fix {_plural(errors, 'error')} in {_rows_phrase(error_rows)}, then send a "
            "corrected file",
            "Correct the file, check it again here, and submit it when it has no errors.",
            rules,
        )
    if queries:
        word = "query" if queries == 1 else "queries"
        return Advice(
            "explain",
            f"No errors. {queries:,} {word} to explain: say why the figures are right, and "
            "submit the file",
            "Queries are figures that look unusual; they do not stop the return. Explain "
            "them with the file below, or after you submit it (or correct the file).",
            rules,
        )
    return Advice("submit", "No errors or queries: submit the return", "Submit it now.", rules)
