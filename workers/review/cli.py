"""``sdh review``: the data steward's queue and decisions from the terminal.

The same service functions as the web pages (``workers.review``). Each decision needs
``--reason``; the acting person is ``--as NAME`` (default: the operating-system user),
recorded with the reason in the return's timeline. Without a broker (SDH_BROKER_URL
unset) a load or notification that a decision starts runs here, in this process.

Exit codes: 0 done; 1 refused (the return is not in a state that allows it); 2 the
command was incomplete or named something that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from workers.review.actions import ActionResult

EXIT_REFUSED, EXIT_USAGE = 1, 2

review_app = typer.Typer(
    help="The data steward's review queue and decisions (accept, override, reject, replay).",
    no_args_is_help=True,
)

SubmissionId = Annotated[int, typer.Argument(help="Submission id (see `sdh review list`).")]
Reason = Annotated[
    str | None,
    typer.Option("--reason", "-r", help="Why: recorded with your name in the timeline (required)."),
]
ActingAs = Annotated[
    str | None,
    typer.Option("--as", help="Who is acting (default: your operating-system user name)."),
]


def _consoles() -> tuple[Console, Console]:
    from rich.console import Console

    return Console(), Console(stderr=True)


def _fail(message: str, code: int) -> None:
    from rich.markup import escape

    _consoles()[1].print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "steward"


def _acting(session, name: str | None) -> str:
    """The acting name. When it is a hub account, that account must be allowed to review
    (and enabled); any other name is an operator at the hub's own terminal."""
    from workers.accounts import Action, can, get_user

    acting = (name or os_user()).strip()
    user = get_user(session, acting)
    if user is not None and not can(user, Action.REVIEW):
        _fail(
            f"{acting} is a {user.role.replace('_', ' ')} account"
            + (" (disabled)" if user.disabled else "")
            + ": only data stewards and administrators review returns",
            EXIT_USAGE,
        )
    return acting


def _need_reason(reason: str | None, command: str) -> str:
    if reason is None or not reason.strip():
        _fail(
            f'Give a reason: sdh review {command} … --reason "why". It is recorded with your '
            "name in the return's timeline, and the agency and QEG may read it.",
            EXIT_USAGE,
        )
    return reason or ""


def _run(action) -> Any:
    """Run a decision; turn the hub's refusals into a message and an exit code."""
    from workers.errors import InvalidTransition, SdhError

    try:
        return action()
    except InvalidTransition as exc:
        _fail(str(exc), EXIT_REFUSED)
    except SdhError as exc:
        _fail(str(exc), EXIT_USAGE)


def _decide(
    reason: str | None, command: str, acting: str | None, action: Callable[..., ActionResult]
) -> tuple[ActionResult, str]:
    """A steward's decision: check the reason, then run ``action(session, who, reason)`` as
    the acting person. Answers the result and who acted."""
    from workers.warehouse.db import init_db, session_scope

    text = _need_reason(reason, command)
    init_db()
    with session_scope() as session:
        who = _acting(session, acting)
        result = _run(lambda: action(session, who, text))
    return result, who


def _broker() -> bool:
    from workers.settings import get_settings

    return bool(get_settings().broker_url)


def _load_after(result: ActionResult, console: Console) -> None:
    """Start the load a decision made possible: on the workers, or here without a broker."""
    from workers.review.followups import load_now, send_load
    from workers.validation.render import outcome_line
    from workers.warehouse.db import session_scope
    from workers.warehouse.models import Submission

    if _broker():
        send_load(result.submission_id)
        console.print("The load is sent to the workers.")
        return
    try:
        load_now(result.submission_id)
    except Exception as exc:
        _fail(
            f"The decision is recorded, but loading failed: {exc}. The hub will try the "
            "load again (or run `sdh review replay`).",
            EXIT_REFUSED,
        )
    with session_scope() as session:
        sub = session.get(Submission, result.submission_id)
        assert sub is not None
        console.print(outcome_line(sub))


def _notify_after(console: Console) -> None:
    """Tell the agency: through the workers, or here without a broker."""
    from workers.review.followups import send_notifications

    if _broker():
        send_notifications()
        return
    from workers.notify.outbox import dispatch_pending

    summary = dispatch_pending()
    if summary.sent:
        console.print(f"The agency was told: {summary.sent} message(s) sent.")
    if summary.waiting_for_smtp:
        console.print(
            f"{summary.waiting_for_smtp} email(s) wait in the outbox until SDH_SMTP_URL is set."
        )
    for error in summary.errors:
        console.print(f"[yellow]not sent (will retry):[/] {error}")


@review_app.command("list")
def review_list(
    agency: Annotated[str | None, typer.Option(help="Only this agency's returns.")] = None,
) -> None:
    """Returns waiting for a steward, oldest first: errors to decide, queries to explain."""
    from datetime import UTC, datetime, timedelta

    from rich.table import Table

    from workers.review.queue import refusals, review_queue
    from workers.warehouse.db import init_db, session_scope

    init_db()
    with session_scope() as session:
        items = review_queue(session, agency)
        refused = refusals(session, datetime.now(UTC) - timedelta(days=30), agency)
    console, _ = _consoles()
    _print_refusals(console, refused)
    if not items:
        console.print("Nothing waits for review.")
        return
    table = Table(title=f"Review queue: {len(items)} return(s)")
    for col in (
        "id",
        "received",
        "agency",
        "contract",
        "period",
        "errors",
        "queries",
        "waiting for",
    ):
        table.add_column(col, overflow="fold")
    for i in items:
        waiting = i.waiting_for
        if i.rules_overridden:
            waiting += f" ({i.rules_overridden} overridden)"
        table.add_row(
            str(i.submission_id),
            f"{i.received_at:%Y-%m-%d %H:%M}",
            i.agency_id,
            i.contract_id,
            i.period or "",
            f"[red]{i.error_count}[/]" if i.error_count else "0",
            f"[yellow]{i.query_count}[/]" if i.query_count else "0",
            waiting,
        )
    console.print(table)


def _print_refusals(console, refused) -> None:
    """Deliveries refused at the door (they never became returns), newest first."""
    if not refused:
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"Refused at the door in the last 30 days: {len(refused)}")
    for col in ("when", "agency", "contract", "file", "rule", "why"):
        table.add_column(col, overflow="fold")
    for r in refused:
        table.add_row(
            f"{r.at:%Y-%m-%d %H:%M}",
            r.agency_id,
            r.contract_id,
            escape(r.filename),
            r.rule,
            escape(r.reason),
        )
    console.print(table)


def _detail_line(detail: dict[str, Any]) -> str:

    keep = (
        "reason",
        "message",
        "rule",
        "outcome",
        "errors",
        "queries",
        "rows_loaded",
        "rows_held",
        "superseded_by",
        "status_to",
        "error",
    )
    return " · ".join(f"{k}: {detail[k]}" for k in keep if detail.get(k) not in (None, ""))


@review_app.command("show")
def review_show(
    submission_id: SubmissionId,
    issues: Annotated[int, typer.Option(help="Row issues and held rows to show.")] = 20,
) -> None:
    """A return in full: rules, row issues, held rows, decisions, timeline, lineage."""
    from rich.markup import escape
    from rich.table import Table

    from workers.contracts.loader import get_contract
    from workers.errors import SdhError
    from workers.labels import return_title
    from workers.review.detail import submission_detail
    from workers.review.verdict import verdict
    from workers.warehouse.db import init_db, session_scope

    init_db()
    with session_scope() as session:
        d = _run(lambda: submission_detail(session, submission_id, issues=issues, holds=issues))
        try:
            contract = get_contract(d.submission.contract_id)
        except SdhError:  # the contract was removed since
            contract = None
        found = verdict(session, d, contract)
    console, _ = _consoles()
    s = d.submission
    console.print(f"[bold]{escape(return_title(s.agency_id, contract, s.period_label))}[/]")
    colour = {"loaded": "green", "needs_review": "red", "rejected": "red"}.get(s.status, "yellow")
    console.print(
        f"[bold]Submission {s.id}[/] · {escape(s.filename)} · {s.contract_id} "
        f"v{s.contract_version} · {s.agency_id} · period {s.period_label or '?'}"
    )
    console.print(
        f"[bold {colour}]{s.status}[/] · received {s.received_at:%Y-%m-%d %H:%M} UTC by "
        f"{escape(s.submitted_by or s.source)} ({s.source}) · sha256 {s.sha256[:12]}…"
    )

    def n(v: int | None) -> str:
        return "—" if v is None else f"{v:,}"

    console.print(
        f"rows received {n(s.rows_received)}, loaded {n(s.rows_loaded)}, held "
        f"{n(s.rows_held)} · errors {n(s.error_count)}, queries {n(s.query_count)}"
    )
    if d.run is not None:
        console.print(
            f"latest validation: run {d.run.id}, {d.run.outcome}, contract v"
            f"{d.run.contract_version}, {d.run.started_at:%Y-%m-%d %H:%M}"
        )
    overridden = {o.rule_code for o in d.overrides}
    failing = [r for r in d.rules if r.rows_failed]
    findings = {f.rule_code: f for f in found.findings}
    if failing:
        table = Table(title="Rules not met")
        for col in ("rule", "severity", "rows", "decision", "message", "expected", "found"):
            table.add_column(col, overflow="fold")
        for r in failing:
            finding = findings.get(r.rule_code)
            decision = ""
            if r.rule_code in overridden:
                decision = "[green]overridden[/]"
            elif r.severity == "query" and d.explanation is not None:
                decision = "[green]explained[/]"
            sev = "[red]error[/]" if r.severity == "error" else "[yellow]query[/]"
            table.add_row(
                r.rule_code,
                sev,
                f"{r.rows_failed:,}",
                decision,
                escape(r.message),
                escape(finding.expected if finding else ""),
                escape(finding.found if finding else ""),
            )
        console.print(table)
    if found.next_step.text:
        console.print(f"[bold]Suggested next step:[/] {escape(found.next_step.text)}")
    if d.rules:
        console.print(f"{len(d.rules) - len(failing)} other rule(s) passed.")
    if d.issues:
        table = Table(title=f"Row issues (first {len(d.issues)} of {d.issue_total:,})")
        # A statutory return's issues name the table (a CSV of the SSDA903, a module of the
        # census) and the child, by pseudonym only, as the ingest report does.
        statutory = any(i.table_name for i in d.issues)
        for col in ("table",) * statutory + ("row", "column", "value", "rule", "message"):
            table.add_column(col, overflow="fold")
        if statutory:
            table.add_column("child (pseudonym)", overflow="fold")
        for i in d.issues:
            column = " ".join(p for p in (i.column_letter, i.column_name) if p)
            table.add_row(
                *((escape(i.table_name or ""),) if statutory else ()),
                "" if i.row_number is None else str(i.row_number),
                escape(column),
                escape(i.value or ""),
                i.rule_code,
                escape(i.message),
                *(((i.child_key or "")[:12],) if statutory else ()),
            )
        console.print(table)
    if d.holds:
        table = Table(title=f"Rows held back (first {len(d.holds)} of {d.hold_total:,})")
        table.add_column("row")
        table.add_column("reason", overflow="fold")
        for h in d.holds:
            table.add_row(str(h.row_number), escape(h.reason))
        console.print(table)
    for o in d.overrides:
        console.print(
            f"[green]Override[/] {o.rule_code} ({o.rows_failed:,} row(s)) by "
            f"{escape(o.overridden_by)} on {o.overridden_at:%Y-%m-%d %H:%M}: {escape(o.reason)}"
        )
    if d.explanation is not None:
        e = d.explanation
        console.print(
            f"[green]Queries explained[/] by {escape(e.explained_by)} on "
            f"{e.explained_at:%Y-%m-%d %H:%M}: {escape(e.reason)}"
        )
    table = Table(title="Timeline")
    for col in ("when (UTC)", "event", "who", "detail"):
        table.add_column(col, overflow="fold")
    for t in d.timeline:
        table.add_row(
            f"{t.at:%Y-%m-%d %H:%M:%S}", t.kind, escape(t.actor), escape(_detail_line(t.detail))
        )
    console.print(table)
    if len(d.versions) > 1:
        table = Table(title="Lineage: every version of this return")
        for col in ("id", "received", "file", "status", ""):
            table.add_column(col, overflow="fold")
        for v in d.versions:
            mark = "◀ this one" if v.id == s.id else ""
            if v.id == s.supersedes_id:
                mark = "superseded by this one"
            elif v.id == s.superseded_by_id:
                mark = "supersedes this one"
            table.add_row(
                str(v.id), f"{v.received_at:%Y-%m-%d %H:%M}", escape(v.filename), v.status, mark
            )
        console.print(table)


@review_app.command("accept")
def review_accept(
    submission_id: SubmissionId, reason: Reason = None, acting: ActingAs = None
) -> None:
    """Explain (accept) the queries of a return's latest validation, with a reason."""
    from workers.review.actions import accept_queries

    result, who = _decide(
        reason,
        f"accept {submission_id}",
        acting,
        lambda session, who, text: accept_queries(session, submission_id, who, text),
    )
    _consoles()[0].print(
        f"Submission {submission_id}: {result.detail['queries']} query(ies) explained by {who}; "
        "the explanation will appear in the packs' data-quality notes."
    )


@review_app.command("override")
def review_override(
    submission_id: SubmissionId,
    rule: Annotated[str | None, typer.Option(help="The error rule's code, e.g. CSC-020.")] = None,
    reason: Reason = None,
    acting: ActingAs = None,
) -> None:
    """Override an error rule of a return waiting for review: its rows load as they are.

    Once no error stands in the way the return is validated and loaded."""
    from workers.review.actions import override_error

    if rule is None or not rule.strip():
        _fail("Say which rule to override: --rule CODE (see `sdh review show ID`)", EXIT_USAGE)
    result, who = _decide(
        reason,
        f"override {submission_id} --rule {rule}",
        acting,
        lambda session, who, text: override_error(
            session, submission_id, rule or "", who, text, enqueue_load=None
        ),
    )
    console, _ = _consoles()
    console.print(f"Submission {submission_id}: rule {result.detail['rule']} overridden by {who}.")
    if result.detail["accepted"]:
        console.print("No error stands in the way any more: the return is validated.")
        _load_after(result, console)
    else:
        console.print("Other errors still hold it for review (`sdh review show` lists them).")


@review_app.command("accept-holds")
def review_accept_holds(
    submission_id: SubmissionId, reason: Reason = None, acting: ActingAs = None
) -> None:
    """Agree that a return's failing rows stay out while the rest loads (a return waiting
    because too many rows failed, or one loaded with rows held back)."""
    from workers.review.actions import accept_holds

    result, who = _decide(
        reason,
        f"accept-holds {submission_id}",
        acting,
        lambda session, who, text: accept_holds(
            session, submission_id, who, text, enqueue_load=None
        ),
    )
    console, _ = _consoles()
    console.print(
        f"Submission {submission_id}: {result.detail['rows']:,} row(s) stay held back, "
        f"accepted by {who}."
    )
    if result.status == "validated":
        _load_after(result, console)


@review_app.command("reject")
def review_reject(
    submission_id: SubmissionId,
    reason: Reason = None,
    message: Annotated[
        str | None,
        typer.Option(help="The request sent to the agency (default: built from the reason)."),
    ] = None,
    acting: ActingAs = None,
) -> None:
    """Reject a return and ask the agency for a corrected one (its contacts are emailed);
    for a return loaded with rows held back, reject those rows (the rest stays loaded)."""
    from workers.review.actions import reject

    result, who = _decide(
        reason,
        f"reject {submission_id}",
        acting,
        lambda session, who, text: reject(
            session, submission_id, who, text, message=message, notify=None
        ),
    )
    console, _ = _consoles()
    what = "its held rows rejected" if result.status == "loaded" else "[bold red]rejected[/]"
    console.print(f"Submission {submission_id}: {what} by {who}. Request to the agency:")

    console.print(f"  {result.detail['message']}", markup=False)
    _notify_after(console)


@review_app.command("replay")
def review_replay(
    submission_id: SubmissionId, reason: Reason = None, acting: ActingAs = None
) -> None:
    """Validate a return again with the contracts as they are now (after a contract fix)."""
    from workers.review.actions import replay

    result, who = _decide(
        reason,
        f"replay {submission_id}",
        acting,
        lambda session, who, text: replay(
            session, submission_id, who, text, enqueue_load=None, notify=None
        ),
    )
    console, _ = _consoles()
    d = result.detail
    console.print(
        f"Submission {submission_id} validated again by {who}: {d['outcome']} · errors "
        f"{d['errors']}, queries {d['queries']} · now [bold]{result.status}[/]"
    )
    if result.status == "validated":
        _load_after(result, console)
    elif result.status == "needs_review":
        _notify_after(console)


def register(app: typer.Typer) -> None:
    """Add ``sdh review`` to the ``sdh`` app (imports stay inside the commands)."""
    app.add_typer(review_app, name="review")
