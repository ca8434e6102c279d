"""One row of a return as delivered, for the steward reading a failure.

The database keeps only the failing values (``RowIssue.value``), so the row is read again
from the landing store's bytes with the contract's own parser. A column the contract
pseudonymises (a child's identifier) is never shown: its cell reads "(withheld)", here as
everywhere else. Files larger than ``MAX_BYTES`` are not read on a page request; their
row issues still show the failing values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from workers.contracts.model import FeedContract, column_letter
from workers.errors import ReturnFileError
from workers.sources.landing import LandingStore
from workers.sources.parse import parse_return
from workers.warehouse.models import RowIssue, Submission, ValidationRun

MAX_BYTES = 20 * 1024 * 1024
WITHHELD = "(withheld)"


@dataclass
class Cell:
    column: str
    letter: str
    value: str
    withheld: bool
    issues: list[RowIssue] = field(default_factory=list)


@dataclass
class RowView:
    row_number: int
    cells: list[Cell]
    issues: list[RowIssue]  # every issue on the row, whole-row ones included
    note: str = ""  # why the values cannot be shown, when they cannot


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def row_issues(db: Session, run: ValidationRun | None, row_number: int) -> list[RowIssue]:
    if run is None:
        return []
    return list(
        db.exec(
            select(RowIssue)
            .where(RowIssue.run_id == run.id, RowIssue.row_number == row_number)
            .order_by(RowIssue.id)  # type: ignore[arg-type]
        )
    )


def read_row(
    db: Session,
    store: LandingStore,
    submission: Submission,
    contract: FeedContract,
    run: ValidationRun | None,
    row_number: int,
    pseudonym_key: bytes,
) -> RowView:
    """The row's cells in file order, each with its issues; ``note`` says why not, if not."""
    issues = row_issues(db, run, row_number)
    view = RowView(row_number, [], issues)
    if submission.size_bytes > MAX_BYTES:
        view.note = (
            f"This return is {submission.size_bytes:,} bytes, too large to read again for one "
            "row here; the row issues show the failing values."
        )
        return view
    try:
        data = store.get(submission.sha256)
    except OSError:
        view.note = "The delivered file is no longer in the landing store (past retention)."
        return view
    try:
        parsed = parse_return(contract, data, submission.filename, pseudonym_key)
    except ReturnFileError as exc:
        view.note = f"The file cannot be read: {exc.detail}"
        return view
    if row_number not in parsed.row_numbers:
        view.note = (
            "This row could not be split into the contract's columns, so only its issues are shown."
            if row_number in parsed.unreadable_rows
            else f"The return has no data row {row_number}."
        )
        return view
    values = parsed.rows[parsed.row_numbers.index(row_number)]
    by_column: dict[str, list[RowIssue]] = {}
    for issue in issues:
        if issue.column_name:
            by_column.setdefault(issue.column_name, []).append(issue)
    for position, name in enumerate(parsed.columns, start=1):
        col = contract.column(name)
        cell_issues = by_column.get(name, [])
        if col.pseudonymise:
            value, withheld = WITHHELD, True
        elif values.get(name) is None and cell_issues and cell_issues[0].value is not None:
            value, withheld = cell_issues[0].value, False  # unreadable: the text as sent
        else:
            value, withheld = _shown(values.get(name)), False
        view.cells.append(Cell(name, column_letter(position), value, withheld, cell_issues))
    return view
