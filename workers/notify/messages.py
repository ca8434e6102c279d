"""What an agency is told: the email text and the webhook payload for one event.

Names the contract, period, file and status, and the first issues by rule, row and
column, with a link to the submission page. Never a value from the return: the rule,
row and column say where to look, and a child's identifier cannot leak through a message
that carries no values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from workers.contracts.catalogue import load_catalogue
from workers.contracts.loader import get_contract
from workers.errors import ContractError
from workers.warehouse.models import Event, RowIssue, Submission, ValidationRun

FIRST_ISSUES = 5


@dataclass(frozen=True)
class Notice:
    """One event, worded for the agency: the same content by email and webhook."""

    agency_id: str
    subject: str
    text: str
    payload: dict[str, Any]


def event_detail(event: Event) -> dict[str, Any]:
    if not event.detail:
        return {}
    try:
        value = json.loads(event.detail)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def agency_of(session: Session, event: Event) -> str | None:
    """The agency an event concerns: its submission's, or the one an overdue event names."""
    if event.submission_id is not None:
        submission = session.get(Submission, event.submission_id)
        return submission.agency_id if submission else None
    agency = event_detail(event).get("agency")
    return agency if isinstance(agency, str) else None


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _when(moment: datetime) -> str:
    return f"{_utc(moment):%d %b %Y %H:%M} UTC"


def _contract_name(contract_id: str) -> str:

    try:
        return f"{get_contract(contract_id).name} ({contract_id})"
    except ContractError:
        return contract_id


def _agency_name(agency_id: str) -> str:
    try:
        return load_catalogue().agency(agency_id).name
    except ContractError:
        return agency_id


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n:,} " + (word[:-1] + "ies" if word.endswith("y") else word + "s")


def _issues(session: Session, run_id: int | None) -> list[dict[str, Any]]:
    """The first errors of the run (then queries), located but without their values."""
    if run_id is None:
        return []
    found: list[dict[str, Any]] = []
    for severity in ("error", "query"):
        rows = session.exec(
            select(RowIssue)
            .where(RowIssue.run_id == run_id, RowIssue.severity == severity)
            .order_by(col(RowIssue.row_number).asc().nulls_first(), col(RowIssue.id))
            .limit(FIRST_ISSUES - len(found))
        ).all()
        found += [
            {
                "rule": i.rule_code,
                "severity": i.severity,
                "row": i.row_number,
                "column": i.column_name,
                "column_letter": i.column_letter,
                "message": i.message,
            }
            for i in rows
        ]
        if len(found) >= FIRST_ISSUES:
            break
    return found


def _issue_line(issue: dict[str, Any]) -> str:
    where = [issue["rule"]]
    if issue["row"] is not None:
        where.append(f"row {issue['row']}")
    if issue["column"]:
        letter = f"{issue['column_letter']} " if issue["column_letter"] else ""
        where.append(f"column {letter}({issue['column']})")
    if issue["row"] is None and not issue["column"]:
        where.append("whole return")
    return f"  - {', '.join(where)}: {issue['message']}"


def _return_lines(sub: Submission) -> list[str]:
    return [
        f"Contract:  {_contract_name(sub.contract_id)}, version {sub.contract_version}",
        f"Agency:    {_agency_name(sub.agency_id)}",
        f"Period:    {sub.period_label or 'not known (the file did not say)'}",
        f"File:      {sub.filename}, received {_when(sub.received_at)}",
    ]


def _submission_payload(sub: Submission, url: str) -> dict[str, Any]:
    return {
        "id": sub.id,
        "contract": sub.contract_id,
        "contract_version": sub.contract_version,
        "agency": sub.agency_id,
        "period": sub.period_label,
        "filename": sub.filename,
        "status": sub.status,
        "received_at": _utc(sub.received_at).isoformat(),
        "rows_received": sub.rows_received,
        "error_count": sub.error_count,
        "query_count": sub.query_count,
        "url": url,
    }


def compose(session: Session, event: Event, base_url: str) -> Notice | None:
    """The notice for an event of a kind agencies are told about; None for other kinds."""
    detail = event_detail(event)
    base = {"event": event.kind, "event_id": event.id, "at": _utc(event.at).isoformat()}
    if event.kind == "return_overdue":
        return _overdue(event, detail, base)
    if event.kind == "return_due_soon":
        return _due_soon(detail, base, base_url)
    sub = session.get(Submission, event.submission_id) if event.submission_id else None
    if sub is None or event.kind not in ("validation_failed", "resubmission_requested", "received"):
        return None
    url = f"{base_url}/submissions/{sub.id}"
    where = f"{sub.contract_id} {sub.period_label or ''}".strip()
    if event.kind == "received":
        return _receipt(sub, event, base, f"{base_url}/agency/returns/{sub.id}", where)
    if event.kind == "validation_failed":
        run_id = detail.get("run_id")
        run = session.get(ValidationRun, run_id) if isinstance(run_id, int) else None
        errors = run.error_count if run else (sub.error_count or 0)
        queries = run.query_count if run else (sub.query_count or 0)
        issues = _issues(session, run.id if run else None)
        lines = [
            f"Submission {sub.id} failed validation and has not been loaded.",
            "",
            *_return_lines(sub),
            f"Status:    needs review: {_plural(errors, 'error')}, {_plural(queries, 'query')}",
            "",
        ]
        if issues:
            lines += ["First issues (rule, row as your spreadsheet numbers it, column):"]
            lines += [_issue_line(i) for i in issues]
            lines += [""]
        lines += [
            "What to do: correct the file and send it again; the corrected return replaces",
            "this one. A data steward may also contact you about it.",
            "",
            f"Full report: {url}",
        ]
        return Notice(
            sub.agency_id,
            f"Return failed validation: {where} (submission {sub.id})",
            "\n".join(lines) + "\n",
            {
                **base,
                "submission": _submission_payload(sub, url),
                "errors": errors,
                "queries": queries,
                "issues": issues,
            },
        )
    message = str(detail.get("message") or detail.get("reason") or "")
    by_hub = event.actor == "hub"  # returned at once: nothing for a steward to decide
    lines = [
        f"Submission {sub.id} was returned to you: the hub could not read it as the return."
        if by_hub
        else f"Submission {sub.id} was rejected by the data steward, who asks for a corrected "
        "return.",
        "",
        *_return_lines(sub),
        f"Status:    {'returned by the hub' if by_hub else f'rejected by {event.actor}'} on "
        f"{_when(event.at)}",
        "",
        "What to fix:" if by_hub else "Message from the data steward:",
        *(f"  {line}" for line in message.splitlines() or [""]),
        "",
        f"Full report: {url}",
    ]
    return Notice(
        sub.agency_id,
        f"{'Return not readable' if by_hub else 'Return rejected'}, please resubmit: {where} "
        f"(submission {sub.id})",
        "\n".join(lines) + "\n",
        {
            **base,
            "submission": _submission_payload(sub, url),
            "rejected_by": event.actor,
            "reason": detail.get("reason"),
            "message": message,
        },
    )


def _receipt(sub: Submission, event: Event, base: dict[str, Any], url: str, where: str) -> Notice:
    """The confirmation that a return arrived: what, when, and the fingerprint of the bytes."""
    lines = [
        f"Your return was received as submission {sub.id}. It is being checked now; you will",
        "hear from the hub again only if something needs your action.",
        "",
        *_return_lines(sub),
        f"Size:      {sub.size_bytes:,} bytes; SHA-256 {sub.sha256}",
        f"Sent by:   {sub.submitted_by or sub.source}",
        "",
        f"Follow it: {url}",
    ]
    return Notice(
        sub.agency_id,
        f"Return received: {where} (submission {sub.id})",
        "\n".join(lines) + "\n",
        {**base, "submission": _submission_payload(sub, url), "sha256": sub.sha256},
    )


def _due_soon(detail: dict[str, Any], base: dict[str, Any], base_url: str) -> Notice | None:
    agency, contract, period = detail.get("agency"), detail.get("contract"), detail.get("period")
    if not (isinstance(agency, str) and isinstance(contract, str)):
        return None
    due = detail.get("due")
    try:
        due_text = f"{date.fromisoformat(due):%A %d %B %Y}" if due else "soon"
    except (TypeError, ValueError):
        due_text = str(due)
    lines = [
        f"A reminder: the return for {_contract_name(contract)}, period {period}, is due on",
        f"{due_text}. The hub has not received a version of it yet.",
        "",
        f"Agency:    {_agency_name(agency)}",
        "",
        "Check your file on the hub's upload page before you send it: the check shows any",
        f"problem without sending anything. {base_url}/agency",
    ]
    return Notice(
        agency,
        f"Return due {due_text}: {contract} {period}",
        "\n".join(lines) + "\n",
        {**base, "agency": agency, "contract": contract, "period": period, "due": due},
    )


def _overdue(event: Event, detail: dict[str, Any], base: dict[str, Any]) -> Notice | None:
    agency, contract, period = detail.get("agency"), detail.get("contract"), detail.get("period")
    if not (isinstance(agency, str) and isinstance(contract, str)):
        return None
    due = detail.get("due")
    try:
        due_text = f"{date.fromisoformat(due):%d %b %Y}" if due else "its due date"
    except (TypeError, ValueError):
        due_text = str(due)
    lines = [
        f"The return for {_contract_name(contract)}, period {period}, was due on {due_text}.",
        "The hub has not received a version of it that passed validation.",
        "",
        f"Agency:    {_agency_name(agency)}",
        "",
        "Please send it as soon as you can (sdh push, the hub's upload page, or your",
        "scheduled export). If a version was sent and failed, correct it and send it again.",
    ]
    return Notice(
        agency,
        f"Return overdue: {contract} {period}",
        "\n".join(lines) + "\n",
        {**base, "agency": agency, "contract": contract, "period": period, "due": due},
    )
