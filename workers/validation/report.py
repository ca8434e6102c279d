"""What validating a return found: each rule's outcome, complete counts, and the issues a
report shows (each rule's first ones: displays cap, counts and holds never do)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workers.contracts.model import FeedContract
from workers.issues import Issue, RuleOutcome
from workers.periods import Period
from workers.validation.acceptance import Decision
from workers.validation.context import ReturnContext

#: Issues kept per rule for reports and pages; every failing row is still counted and
#: recorded (``RowFailure``), and that record decides what is held.
MAX_SHOWN_PER_RULE = 10_000


@dataclass
class ValidationReport:
    contract: FeedContract
    filename: str
    context: ReturnContext
    rows_received: int
    outcomes: list[RuleOutcome] = field(default_factory=list)
    #: Rows failing at least one error rule (complete, whatever the display shows).
    rows_with_errors: int = 0
    #: Where the period came from: the push form, the pull's slot, the file name, the rows.
    period_source: str = "given"
    #: What the acceptance policy made of it (``workers.validation.acceptance``).
    decision: Decision | None = None

    @property
    def period(self) -> Period:
        return self.context.period

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
        """passed, queries (loadable once explained) or failed (errors found)."""
        if self.error_count:
            return "failed"
        if self.query_count:
            return "queries"
        return "passed"

    @property
    def return_level_errors(self) -> list[Issue]:
        """Errors of the whole return (no row): no row can be loaded while one stands."""
        return [i for i in self.issues if i.severity == "error" and i.row is None]

    def outcome(self, code: str) -> RuleOutcome | None:
        return next((o for o in self.outcomes if o.rule.code == code), None)
