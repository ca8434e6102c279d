"""The submission page: one return with everything a steward or its agency needs to
understand it (rule results, row issues a page at a time, held rows, decisions, the
timeline and the lineage), the steward's action forms, and one failing row's values.

``submission_context`` gathers the page once; the action routes call it again to show the
page with a form's error in place when a decision is refused.
"""

from __future__ import annotations

import csv
import io
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
from workers.labels import return_title
from workers.review import submission_detail
from workers.review.actions import OVERRIDE_STATES, QUERY_STATES, REJECT_STATES
from workers.review.issues import PAGE_SIZES, issue_page, page_size
from workers.review.overrides import NOT_OVERRIDABLE_KINDS
from workers.review.verdict import verdict
from workers.validation.run import REPLAYABLE, holds_accepted, latest_run
from workers.warehouse import lifecycle
from workers.warehouse.models import Agency, RowIssue, Submission, SubmissionStatus
from workers.warehouse.paging import ROW_ISSUE_ORDER
from workers.web.database import Db
from workers.web.pages.errors import not_found
from workers.web.pages.guard import Person, storable_id, visible_submission
from workers.web.pages.render import page
from workers.web.pages.rows import read_row
from workers.web.pages.session import SignedIn

router = APIRouter(include_in_schema=False)
#: The steward's decision forms, in the order shown when none is likelier.
DECISIONS = ("reject", "override", "accept_holds", "accept", "replay")
#: States in which the workers still have the return: the page follows it until they finish.
IN_PROGRESS = lifecycle.IN_PROGRESS
SOURCES = {
    "push": "Sent to the API",
    "pull": "Pulled from the agency's system",
    "upload": "Uploaded on the web page",
    "cli": "Loaded from the command line",
}


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


def _actions(
    db: Session, user: SignedIn, sub: Submission, detail: Any, contract: FeedContract | None
) -> dict[str, Any]:
    """Which steward forms the page offers now (the service functions check again)."""
    if not can(user, Action.REVIEW, sub):
        return {}
    run = detail.run
    holds_open = run is not None and not holds_accepted(db, run.id)
    errors = any(r.severity == "error" and r.rows_failed for r in detail.rules)
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
        "accept_holds": holds_open
        and (
            (sub.status == SubmissionStatus.LOADED and bool(sub.rows_held))
            or (
                sub.status == SubmissionStatus.NEEDS_REVIEW
                and errors
                and contract is not None
                and contract.on_row_error == "hold_rows"
            )
        ),
    }


def _decisions(actions: dict[str, Any], likely: str) -> list[str]:
    """The decision forms to show, the likely one first."""
    offered = [d for d in DECISIONS if actions.get(d)]
    return sorted(offered, key=lambda d: d != likely)


def submission_context(
    db: Session,
    user: SignedIn,
    sub: Submission,
    *,
    rule: str = "",
    column: str = "",
    page_no: int = 1,
    per_page: int = PAGE_SIZES[0],
    held: bool = False,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> dict[str, Any]:
    assert sub.id is not None
    detail = submission_detail(db, sub.id, issues=0, holds=0)
    agency = db.get(Agency, sub.agency_id)
    contract = _contract(sub.contract_id)
    issues = issue_page(
        db,
        detail.run,
        submission_id=sub.id,
        rule=rule,
        column=column,
        held_only=held,
        page_no=page_no,
        per_page=page_size(per_page),
    )
    failing = [r for r in detail.rules if r.rows_failed]
    found = verdict(db, detail, contract)
    actions = _actions(db, user, sub, detail, contract)
    title = return_title(sub.agency_id, contract, sub.period_label)
    return {
        "title": f"Error: {title}" if errors else title,
        "heading": title,
        "sub": sub,
        "detail": detail,
        "verdict": found,
        "decisions": _decisions(actions, found.next_step.decision),
        "page_sizes": PAGE_SIZES,
        "contract": contract,
        "agency_name": agency.name if agency else sub.agency_id,
        "source_label": SOURCES.get(sub.source, sub.source),
        "failing_rules": failing,
        "passing_rules": [r for r in detail.rules if not r.rows_failed],
        "issues": issues,
        "in_progress": sub.status in IN_PROGRESS,
        "rejection": _rejection_message(detail.timeline),
        "actions": actions,
        "errors": errors or {},
        "values": values or {},
    }


@router.get("/submissions/{submission_id:int}")
def submission_page(
    request: Request,
    submission_id: int,
    user: Person,
    db: Db,
    rule: str = "",
    column: str = "",
    page_no: int = 1,
    per_page: int = PAGE_SIZES[0],
    held: bool = False,
) -> Response:
    sub = visible_submission(db, user, submission_id)
    context = submission_context(
        db, user, sub, rule=rule, column=column, page_no=page_no, per_page=per_page, held=held
    )
    return page(request, "submission.html", context)


@router.get("/submissions/{submission_id:int}/status")
def submission_status(submission_id: int, user: Person, db: Db) -> Response:
    """The status alone, for the page's script that waits for validation to finish."""
    sub = visible_submission(db, user, submission_id)
    return JSONResponse(
        {"id": sub.id, "status": sub.status, "in_progress": sub.status in IN_PROGRESS},
        headers={"Cache-Control": "no-store"},
    )


@router.get("/submissions/{submission_id:int}/rows/{row_number:int}")
def row_page(
    request: Request, submission_id: int, row_number: int, user: Person, db: Db
) -> Response:
    sub = visible_submission(db, user, submission_id)
    if not storable_id(row_number):
        raise not_found(f"Row {row_number} of submission {submission_id}")
    contract = _contract(sub.contract_id)
    run = latest_run(db, submission_id)
    view = (
        None
        if contract is None
        else read_row(db, request.app.state.store, sub, contract, run, row_number)
    )
    return page(
        request,
        "row.html",
        {
            "title": f"Row {row_number} · "
            + return_title(sub.agency_id, contract, sub.period_label),
            "sub": sub,
            "view": view,
        },
    )


@router.get("/submissions/{submission_id:int}/issues.csv")
def issues_csv(submission_id: int, user: Person, db: Db) -> Response:
    """Every row issue of the latest validation, for the agency to work through in Excel.

    Values came from the return as sent, so each cell goes through ``safe_cell``: a value
    such as ``=HYPERLINK(…)`` opens as text, never as a formula."""
    sub = visible_submission(db, user, submission_id)
    run = latest_run(db, submission_id)
    issues = (
        list(db.exec(select(RowIssue).where(RowIssue.run_id == run.id).order_by(*ROW_ISSUE_ORDER)))
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
