"""A return as its agency works on it: what to fix, its queries to explain (and the
steward's answer), and the sign-off, with who and when in its timeline.

The agency explains and authorises here; a steward opens the same page to accept or
challenge the agency's explanation. Another agency's return is "not found", as elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form
from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from workers.accounts import Action, can
from workers.agency import explanations
from workers.agency.advice import RuleAdvice
from workers.agency.authorise import authorise
from workers.contracts.loader import get_contract
from workers.errors import ReasonRequired, SdhError
from workers.labels import return_title
from workers.review.actions import QUERY_STATES
from workers.review.followups import send_load
from workers.validation.run import latest_run
from workers.warehouse.db import session_scope
from workers.warehouse.lifecycle import FINAL
from workers.warehouse.models import (
    Event,
    QueryExplanation,
    RowIssue,
    RuleResult,
    Submission,
    ValidationRun,
)
from workers.web.pages.guard import POST_CHECKS, Person, need, visible_submission
from workers.web.pages.render import page
from workers.web.pages.session import SignedIn, flash

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


def stored_rules(db: Session, run: ValidationRun) -> list[RuleAdvice]:
    """The run's failing rules, each once, with its first rows (as the report shows)."""
    found = []
    for result in db.exec(
        select(RuleResult).where(RuleResult.run_id == run.id, RuleResult.rows_failed > 0)
    ):
        first = db.exec(
            select(RowIssue.row_number, RowIssue.column_letter, RowIssue.column_name)
            .where(RowIssue.run_id == run.id, RowIssue.rule_code == result.rule_code)
            .order_by(col(RowIssue.row_number).asc().nulls_first())
            .limit(5)
        ).all()
        rows = tuple(r for r, _, _ in first if r is not None)
        columns = tuple(dict.fromkeys(f"{a} {n}" for _, a, n in first if n and a))
        found.append(
            RuleAdvice(
                result.rule_code, result.severity, result.message, result.rows_failed, rows, columns
            )
        )
    return sorted(found, key=lambda r: (r.severity != "error", r.rows[:1] or (0,)))


def _context(
    db: Session, user: SignedIn, sub: Submission, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    contract = get_contract(sub.contract_id)
    run = latest_run(db, sub.id)  # type: ignore[arg-type]
    rules = stored_rules(db, run) if run is not None else []
    given = explanations.explanations(db, sub.id) if run is not None else []  # type: ignore[arg-type]
    accepted = (
        db.exec(select(QueryExplanation).where(QueryExplanation.run_id == run.id)).first()
        if run is not None
        else None
    )
    waiting = given[-1] if given and given[-1].verdict is None else None
    has_queries = bool(run is not None and run.query_count)
    own = can(user, Action.UPLOAD) and user.agency_id == sub.agency_id
    events = db.exec(
        select(Event).where(Event.submission_id == sub.id).order_by(col(Event.id))
    ).all()
    errors_count = sub.error_count or 0
    return {
        "title": return_title(sub.agency_id, contract, sub.period_label),
        "sub": sub,
        "contract": contract,
        "run": run,
        "rules": rules,
        "errors_count": errors_count,
        "explanations": given,
        "accepted": accepted,
        "can_explain": own
        and has_queries
        and accepted is None
        and waiting is None
        and sub.status in QUERY_STATES,
        "can_answer": can(user, Action.REVIEW, sub) and waiting is not None,
        "can_authorise": can(user, Action.AUTHORISE, sub)
        and sub.authorised_at is None
        and sub.status not in FINAL,
        "timeline": events,
        "errors": errors or {},
    }


@router.get("/agency/returns/{submission_id}")
def agency_return(request: Request, user: Person, submission_id: int) -> Response:
    with session_scope(request.app.state.engine) as db:
        sub = visible_submission(db, user, submission_id)
        return page(request, "agency_return.html", _context(db, user, sub))


def _act(
    request: Request,
    user: SignedIn,
    submission_id: int,
    form: str,
    act: Callable[[Session, Submission], str],
) -> Response:
    """Run ``act`` on a visible return; its refusal shows the page again beside the form."""
    with session_scope(request.app.state.engine) as db:
        sub = visible_submission(db, user, submission_id)
        try:
            message = act(db, sub)
        except SdhError as exc:
            db.rollback()
            db.refresh(sub)
            status = 422 if isinstance(exc, ReasonRequired) else 409
            context = _context(db, user, sub, {form: str(exc)})
            context["title"] = "Error: " + context["title"]
            return page(request, "agency_return.html", context, status=status)
    flash(request, message)
    return RedirectResponse(f"/agency/returns/{submission_id}", status_code=303)


@router.post("/agency/returns/{submission_id}/explain", dependencies=POST_CHECKS)
def explain_queries(
    request: Request, user: Person, submission_id: int, reason: Text = ""
) -> Response:
    need(user, Action.UPLOAD)

    def act(db: Session, sub: Submission) -> str:
        assert user.agency_id is not None
        explanations.explain(db, sub.id, user.username, user.agency_id, reason)  # type: ignore[arg-type]
        return "Your explanation was sent to the data steward."

    return _act(request, user, submission_id, "explain", act)


@router.post("/agency/returns/{submission_id}/answer", dependencies=POST_CHECKS)
def answer_explanation(
    request: Request, user: Person, submission_id: int, verdict: Text = "", note: Text = ""
) -> Response:
    def act(db: Session, sub: Submission) -> str:
        need(user, Action.REVIEW, sub)
        explanations.answer(db, sub.id, user.username, verdict, note)  # type: ignore[arg-type]
        return f"The agency's explanation was {verdict}."

    return _act(request, user, submission_id, "answer", act)


@router.post("/agency/returns/{submission_id}/authorise", dependencies=POST_CHECKS)
def authorise_return(
    request: Request, user: Person, submission_id: int, note: Text = "", confirm: Text = ""
) -> Response:
    def act(db: Session, sub: Submission) -> str:
        need(user, Action.AUTHORISE, sub)
        if confirm != "yes":
            raise ReasonRequired("Tick the box to confirm that the return is right")
        assert user.agency_id is not None
        result = authorise(
            db, submission_id, user.username, user.agency_id, note=note, enqueue_load=send_load
        )
        return "You authorised the return" + (
            "; its figures are being loaded." if result.load_enqueued else "."
        )

    return _act(request, user, submission_id, "authorise", act)
