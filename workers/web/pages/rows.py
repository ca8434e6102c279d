"""One row of a return as delivered, for the steward reading a failure.

The database keeps only the failing values (``RowIssue.value``), so the row is read again
from the landing store's bytes by the same reader the validation used, a batch at a time
until the row's batch (memory stays flat, whatever the file's size). No cell is shown as
sent when it could be a child's identifier (``workers.validation.disclosure``): an
identifier's own column reads "(withheld)", and so does any cell that looks like one, here
as everywhere else.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
from sqlmodel import Session, select

from workers.contracts.model import FeedContract, column_letter
from workers.errors import ReturnFileError
from workers.reading import Limits, ReaderRestart, open_return
from workers.sources.landing import LandingStore
from workers.validation.disclosure import WITHHELD, shown
from workers.validation.engine import type_batch
from workers.warehouse.models import RowIssue, Submission, ValidationRun

#: Bytes of CSV the row page reads per batch (its memory is about a third of validation's).
ROW_PAGE_BLOCK = 256 * 1024


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
) -> RowView:
    """The row's cells in file order, each with its issues; ``note`` says why not, if not."""
    issues = row_issues(db, run, row_number)
    view = RowView(row_number, [], issues)
    by_column: dict[str, list[RowIssue]] = {}
    for issue in issues:
        if issue.column_name:
            by_column.setdefault(issue.column_name, []).append(issue)
    try:
        # Smaller batches than validation reads: several stewards may open rows at once.
        limits = dataclasses.replace(Limits.of(contract), block_bytes=ROW_PAGE_BLOCK)
        reader = open_return(
            contract, lambda: store.open(submission.sha256), submission.filename, limits
        )
        found = _find(contract, reader, row_number)
    except OSError:
        view.note = "The delivered file is no longer in the landing store (past retention)."
        return view
    except ReturnFileError as exc:
        view.note = f"The file cannot be read: {exc.detail}"
        return view
    if found is None:
        view.note = (
            "This row could not be split into the contract's columns, so only its issues are shown."
            if any(i.row == row_number for i in reader.ragged)
            else f"The return has no data row {row_number}."
        )
        return view
    for position, name in enumerate(reader.columns, start=1):
        text, typed = found[name]
        withheld = contract.column(name).pseudonymise
        value = WITHHELD if withheld else shown(contract, name, text, typed)
        view.cells.append(
            Cell(
                name,
                column_letter(position),
                value,
                value.startswith(WITHHELD),
                by_column.get(name, []),
            )
        )
    return view


def _find(contract: FeedContract, reader, row_number: int) -> dict[str, tuple[str, bool]] | None:
    """The row's trimmed text by column, and whether each cell was read as a date or a
    yes/no; None when the return has no such row (or it could not be split)."""
    for attempt in (1, 2):
        try:
            for batch in reader.batches():
                last = batch.numbers[-1].as_py()
                if last < row_number:
                    continue
                places = np.flatnonzero(batch.numbers.to_numpy() == row_number)
                if not len(places):
                    return None
                at = int(places[0])
                cells = type_batch(contract, reader, batch)
                return {
                    name: (
                        col.sent[at].as_py(),
                        bool(col.ok[at].as_py())
                        and contract.column(name).logical_type in ("date", "boolean"),
                    )
                    for name, col in cells.columns.items()
                }
            return None
        except ReaderRestart:
            if attempt == 2 or not reader.fallback():
                raise
    return None
