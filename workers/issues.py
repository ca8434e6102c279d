"""What validation finds: issues located the way stewards read a spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass, field

from workers.contracts.model import Rule


@dataclass(frozen=True)
class Issue:
    """One failure of one rule: at a cell, a row, or the whole return (row and column None).

    ``row`` is the 1-based row number as Excel shows it (the header is row 1).
    ``value`` is the offending value as text; pseudonymised columns never carry the raw one.
    ``table`` names the table of a return of several (a statutory return's CSVs or XML
    modules) and ``child`` the child's pseudonym where a rule names one.
    """

    rule: str
    severity: str
    message: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None
    value: str | None = None
    table: str | None = None
    child: str | None = None


@dataclass
class RuleOutcome:
    """How one rule fared: rows failed and the issues behind the count."""

    rule: Rule
    checked: bool = True
    failed: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.failed == 0


def place(row: int | None, column: str | None, letter: str | None) -> str:
    """Where, as a spreadsheet reader says it: "row 3, column D (referrals)"; "" for the
    whole return."""
    parts = []
    if row is not None:
        parts.append(f"row {row}")
    if column:
        parts.append(f"column {letter} ({column})" if letter else f"column {column}")
    return ", ".join(parts)
