"""The submission page: one return with everything a steward or its agency needs to
understand it (rule results, row issues a page at a time, held rows, decisions, the
timeline and the lineage), the steward's action forms, and one failing row's values.

``submission_context`` gathers the page once; the action routes call it again to show the
page with a form's error in place when a decision is refused.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from math import ceil
from typing import Any

from fastapi import APIRouter
from sqlmodel import Session, select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workers.accounts import Action, can
from workers.contracts.loader import get_contract
from workers.contracts.model import FeedContract
from workers.errors import ContractError
from workers.exports import safe_cell
from workers.review import submission_detail
from workers.review.actions import OVERRIDE_STATES, QUERY_STATES, REJECT_STATES
from workers.review.overrides import NOT_OVERRIDABLE_KINDS
from workers.validation.run import REPLAYABLE, latest_run
from workers.warehouse import lifecycle
from workers.warehouse.db import session_scope
from workers.warehouse.models import Agency, RowIssue, Submission, ValidationRun
from workers.web.pages.errors import not_found
from workers.web.pages.guard import Person, storable_id, visible_submission
from workers.web.pages.render import page
from workers.web.pages.rows import read_row
from workers.web.pages.session import SignedIn
from workers.web.paging import ROW_ISSUE_ORDER, fetch_page

router = APIRouter(include_in_schema=False)
ISSUES_PER_PAGE = 25
#: States in which the workers still have the return: the page follows it until they finish.
IN_PROGRESS = lifecycle.IN_PROGRESS
SOURCES = {
    "push": "Sent to the API",
    "pull": "Pulled from the agency's system",
    "upload": "Uploaded on the web page",
    "cli": "Loaded from the command line",
}


@dataclass(frozen=True)
class IssuePage:
    items: list[RowIssue]
    total: int
    page_no: int
    pages: int
    rule: str
    column: str
    rules: list[str]  # the filter's choices: rules and columns that have issues
    columns: list[tuple[str, str]]  # (name, "D referrals")


def issue_page(
    db: Session, run: ValidationRun | None, rule: str, column: str, page_no: int
) -> IssuePage:
    """Row issues of the latest run, filtered by rule and column (name or letter), a page at
    a time in row order (whole-return issues first)."""
    if run is None:
        return IssuePage([], 0, 1, 1, "", "", [], [])
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
    rule = rule if rule in rules else ""
    names = [name for name, _ in columns]
    if column and column not in names:  # a letter typed by hand: "D" or "d"
        column = next((n for n, label in columns if label.split(" ")[0] == column.upper()), "")
    filters: list[Any] = [base]
    if rule:
        filters.append(RowIssue.rule_code == rule)
    if column:
        filters.append(RowIssue.column_name == column)
    items, total, page_no = fetch_page(
        db, RowIssue, filters, ROW_ISSUE_ORDER, page_no, ISSUES_PER_PAGE
    )
    pages = max(1, ceil(total / ISSUES_PER_PAGE))
    return IssuePage(items, total, page_no, pages, rule, column, rules, columns)


def _contract(contract_id: str) -> FeedContract | None:
    try:
        return get_contract(contract_id)
    except ContractError:  # the contract file was removed or broken since
        return None


def _rejection_message(timeline: list[Any]) -> str:
    for entry in reversed(timeline):
        if entry.kind == "resubmission_requested":
            return str(entry.detail.get("message") or entry.detail.get("reason") or "")
    return ""


def _actions(user: SignedIn, sub: Submission, detail: Any) -> dict[str, Any]:
    """Which steward forms the page offers now (the service functions check again)."""
    if not can(user, Action.REVIEW, sub):
        return {}
    failing_queries = [r for r in detail.rules if r.severity == "query" and r.rows_failed]
    overridden = {o.rule_code for o in detail.overrides}
    overridable = [
        r
        for r in detail.rules
        if r.severity == "error"
        and r.rows_failed
        and r.kind not in NOT_OVERRIDABLE_KINDS
        and r.rule_code not in overridden
    ]
    return {
        "accept": sub.status in QUERY_STATES and bool(failing_queries) and not detail.explanation,
        "override": sub.status in OVERRIDE_STATES and bool(overridable),
        "override_rules": overridable,
        "reject": sub.status in REJECT_STATES,
        "replay": sub.status in REPLAYABLE,
    }


def submission_context(
    db: Session,
    user: SignedIn,
    sub: Submission,
    *,
    rule: str = "",
    column: str = "",
    page_no: int = 1,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> dict[str, Any]:
    assert sub.id is not None
    detail = submission_detail(db, sub.id, issues=0, holds=20)
    agency = db.get(Agency, sub.agency_id)
    issues = issue_page(db, detail.run, rule, column, page_no)
    failing = [r for r in detail.rules if r.rows_failed]
    return {
        "title": f"Submission {sub.id}: {sub.filename}",
        "sub": sub,
        "detail": detail,
        "contract": _contract(sub.contract_id),
        "agency_name": agency.name if agency else sub.agency_id,
        "source_label": SOURCES.get(sub.source, sub.source),
        "failing_rules": failing,
        "passing_rules": [r for r in detail.rules if not r.rows_failed],
        "issues": issues,
        "in_progress": sub.status in IN_PROGRESS,
        "rejection": _rejection_message(detail.timeline),
        "actions": _actions(user, sub, detail),
        "errors": errors or {},
        "values": values or {},
    }


@router.get("/submissions/{submission_id:int}")
def submission_page(
    request: Request,
    submission_id: int,
    user: Person,
    rule: str = "",
    column: str = "",
    page_no: int = 1,
) -> Response:
    with session_scope(request.app.state.engine) as db:
        sub = visible_submission(db, user, submission_id)
        context = submission_context(db, user, sub, rule=rule, column=column, page_no=page_no)
    return page(request, "submission.html", context)


@router.get("/submissions/{submission_id:int}/status")
def submission_status(request: Request, submission_id: int, user: Person) -> Response:
    """The status alone, for the page's script that waits for validation to finish."""
    with session_scope(request.app.state.engine) as db:
        sub = visible_submission(db, user, submission_id)
    return JSONResponse(
        {"id": sub.id, "status": sub.status, "in_progress": sub.status in IN_PROGRESS},
        headers={"Cache-Control": "no-store"},
    )


@router.get("/submissions/{submission_id:int}/rows/{row_number:int}")
def row_page(request: Request, submission_id: int, row_number: int, user: Person) -> Response:
    with session_scope(request.app.state.engine) as db:
        sub = visible_submission(db, user, submission_id)
        if not storable_id(row_number):
            raise not_found(f"Row {row_number} of submission {submission_id}")
        contract = _contract(sub.contract_id)
        run = latest_run(db, submission_id)
        if contract is None:
            view = None
        else:
            view = read_row(
                db,
                request.app.state.store,
                sub,
                contract,
                run,
                row_number,
            )

    return page(
        request,
        "row.html",
        {"title": f"Row {row_number} of submission {sub.id}", "sub": sub, "view": view},
    )


@router.get("/submissions/{submission_id:int}/issues.csv")
def issues_csv(request: Request, submission_id: int, user: Person) -> Response:
    """Every row issue of the latest validation, for the agency to work through in Excel.

    Values came from the return as sent, so each cell goes through ``safe_cell``: a value
    such as ``=HYPERLINK(…)`` opens as text, never as a formula."""
    with session_scope(request.app.state.engine) as db:
        sub = visible_submission(db, user, submission_id)
        run = latest_run(db, submission_id)
        issues = (
            list(
                db.exec(
                    select(RowIssue).where(RowIssue.run_id == run.id).order_by(*ROW_ISSUE_ORDER)
                )
            )
            if run is not None
            else []
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["file", "row", "column", "column letter", "value", "rule", "severity", "message"]
    )
    for i in issues:
        writer.writerow(
            safe_cell(v)
            for v in (
                sub.filename,
                i.row_number,
                i.column_name,
                i.column_letter,
                i.value,
                i.rule_code,
                i.severity,
                i.message,
            )
        )
    return Response(
        out.getvalue().encode("utf-8-sig"),  # the BOM makes Excel read it as UTF-8
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="submission-{sub.id}-issues.csv"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
