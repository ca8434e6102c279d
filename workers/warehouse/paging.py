"""A page of a filtered list, as the API and the pages both show one: the total that match,
then one page of them in a fixed order."""

from __future__ import annotations

from math import ceil
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from workers.warehouse.models import RowIssue

#: Row issues in the order a spreadsheet reads them, whole-return issues first.
ROW_ISSUE_ORDER = (col(RowIssue.row_number).asc().nulls_first(), col(RowIssue.id))


def fetch_page(
    db: Session,
    model: Any,
    filters: list[Any],
    order_by: tuple[Any, ...],
    page_no: int,
    page_size: int,
    *,
    clamp: bool = True,
) -> tuple[list[Any], int, int]:
    """``(items, total, page_no)``: the rows of ``model`` matching ``filters`` on page
    ``page_no`` (from 1). With ``clamp`` a page out of range becomes the nearest one;
    without it, a page past the end is empty."""
    total = db.exec(select(func.count()).select_from(model).where(*filters)).one()
    if clamp:
        page_no = min(max(1, page_no), max(1, ceil(total / page_size)))
    items = list(
        db.exec(
            select(model)
            .where(*filters)
            .order_by(*order_by)
            .offset((page_no - 1) * page_size)
            .limit(page_size)
        )
    )
    return items, total, page_no
