"""The row issues of a return's latest validation, a page at a time: the one read model
behind the submission page's table and the API's ``row_issues``.

Filters by rule, by column (its name, or its spreadsheet letter typed by hand) and to the
rows held back; each issue on the page says whether its row was held, so held rows are
read in the same table as every other failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from workers.warehouse.models import RowHold, RowIssue, ValidationRun
from workers.warehouse.paging import ROW_ISSUE_ORDER, fetch_page

#: The page sizes a reader may choose; the first is the default.
PAGE_SIZES = (25, 50, 100, 250)


@dataclass(frozen=True)
class IssuePage:
    items: list[RowIssue]
    total: int
    page_no: int
    pages: int
    per_page: int
    rule: str
    column: str
    held_only: bool
    held_rows: frozenset[int]  # rows on this page that were held back
    rules: list[str]  # the filter's choices: rules and columns that have issues
    columns: list[tuple[str, str]]  # (name, "D referrals")

    @property
    def first(self) -> int:
        """The number of the page's first issue, from 1 (0 when there is none)."""
        return 0 if not self.items else (self.page_no - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return 0 if not self.items else self.first + len(self.items) - 1

    @property
    def filtered(self) -> bool:
        return bool(self.rule or self.column or self.held_only)


def page_size(value: int | None) -> int:
    """One of ``PAGE_SIZES``; anything else gets the default."""
    return value if value in PAGE_SIZES else PAGE_SIZES[0]


def issue_page(
    db: Session,
    run: ValidationRun | None,
    *,
    submission_id: int | None = None,
    rule: str = "",
    column: str = "",
    held_only: bool = False,
    page_no: int = 1,
    per_page: int = PAGE_SIZES[0],
    clamp: bool = True,
    drop_unknown: bool = True,
) -> IssuePage:
    """Row issues of ``run`` in row order (whole-return issues first), filtered. The
    pages (the defaults) turn a page out of range into the nearest one and drop a filter
    naming a rule or column with no issues; the API answers an empty page instead."""
    if run is None:
        return IssuePage([], 0, 1, 0, per_page, "", "", False, frozenset(), [], [])
    base = RowIssue.run_id == run.id
    rules = sorted(db.exec(select(RowIssue.rule_code).where(base).distinct()))
    columns = sorted(
        {
            (name, f"{letter} {name}" if letter else name)
            for name, letter in db.exec(
                select(RowIssue.column_name, RowIssue.column_letter).where(base).distinct()
            )
            if name
        }
    )
    if drop_unknown:
        rule = rule if rule in rules else ""
        column = _column_name(column, columns)
    filters: list[Any] = [base]
    if rule:
        filters.append(RowIssue.rule_code == rule)
    if column:
        filters.append(
            or_(col(RowIssue.column_name) == column, col(RowIssue.column_letter) == column.upper())
        )
    holds = select(RowHold.row_number).where(RowHold.submission_id == submission_id)
    if held_only and submission_id is not None:
        filters.append(col(RowIssue.row_number).in_(holds))
    items, total, page_no = fetch_page(
        db, RowIssue, filters, ROW_ISSUE_ORDER, page_no, per_page, clamp=clamp
    )
    numbers = {i.row_number for i in items if i.row_number is not None}
    held: frozenset[int] = frozenset()
    if numbers and submission_id is not None:
        held = frozenset(db.exec(holds.where(col(RowHold.row_number).in_(numbers))).all())
    return IssuePage(
        items,
        total,
        page_no,
        ceil(total / per_page),
        per_page,
        rule,
        column,
        held_only,
        held,
        rules,
        columns,
    )


def _column_name(typed: str, columns: list[tuple[str, str]]) -> str:
    """The column a filter names: its name, or its letter typed by hand ("D" or "d")."""
    if not typed or typed in {name for name, _ in columns}:
        return typed if typed else ""
    return next((n for n, label in columns if label.split(" ")[0] == typed.upper()), "")
