"""A validation report as a data officer reads it in the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from workers.errors import ReturnFileError
from workers.issues import place
from workers.validation.acceptance import verdict
from workers.validation.envelope import SOURCES
from workers.validation.report import ValidationReport

if TYPE_CHECKING:
    from workers.warehouse.models import Submission

SHOW_ISSUES = 50
_STYLE = {"PASSED": "green", "ACCEPTED": "yellow", "WAITS": "yellow", "FAILED": "red"}


def render_report(report: ValidationReport, console: Console) -> None:
    ctx = report.context
    decision = report.decision
    assert decision is not None, "the acceptance policy decides before a report is shown"
    line = verdict(
        report.status, report.error_count, report.query_count, report.rows_received, decision
    )
    head, _, rest = line.partition(":")
    style = _STYLE.get(head.split()[0], "bold")
    console.print(
        f"[bold]{escape(report.filename)}[/] · contract {report.contract.id} "
        f"v{report.contract.version} · agency {ctx.agency_id} · period {ctx.period} "
        f"({SOURCES.get(report.period_source, report.period_source)}) · "
        f"{report.rows_received} row(s)"
    )
    console.print(f"[{style}]{escape(head)}[/]:{escape(rest)}")
    failed = [o for o in report.outcomes if o.failed]
    if not failed:
        skipped = [o for o in report.outcomes if not o.checked]
        if skipped:
            console.print(f"[dim]{len(skipped)} cross-return rule(s) not checked (no warehouse)[/]")
        return
    rules = Table(title="Rules that failed", show_lines=False)
    for col in ("rule", "severity", "rows", "what it checks"):
        rules.add_column(col)
    for o in failed:
        style = "red" if o.rule.severity == "error" else "yellow"
        rules.add_row(o.rule.code, f"[{style}]{o.rule.severity}[/]", str(o.failed), o.rule.message)
    console.print(rules)
    issues = Table(title="Where")
    shown = report.issues[:SHOW_ISSUES]
    tables = any(i.table for i in shown)  # a statutory return: its tables and children
    for col in ("table",) * tables + ("row", "column", "value", "rule", "message"):
        issues.add_column(col, overflow="fold")
    if tables:
        issues.add_column("child (pseudonym)", overflow="fold")
    for i in shown:
        issues.add_row(
            *((i.table or "",) if tables else ()),
            "" if i.row is None else str(i.row),
            f"{i.letter} {i.column}" if i.letter else (i.column or ""),
            escape(i.value or ""),  # text from the file: never read as Rich markup
            i.rule,
            escape(i.message),
            *(((i.child or "")[:12],) if tables else ()),
        )
    console.print(issues)
    total = sum(o.failed for o in failed)
    if total > len(shown):
        console.print(f"… and {total - len(shown):,} more")


def render_unreadable(exc: ReturnFileError, console: Console) -> None:
    """A file that cannot be read as a return, as a report's first lines."""
    console.print(f"[bold]{escape(exc.filename)}[/]")
    console.print(f"[red]FAILED[/]: the file cannot be read as a return {escape(f'[{exc.rule}]')}")

    where = place(exc.row, exc.column, exc.letter)
    console.print(escape((where + ": " if where else "") + exc.detail))


def outcome_line(sub: Submission) -> str:
    """What happened to an ingested return, in one line that agrees with its report."""
    period = (
        f" · period {sub.period_label} ({SOURCES.get(sub.period_source or '', 'as given')})"
        if sub.period_label
        else ""
    )
    if sub.status == "loaded":
        held = (
            f", with {sub.rows_held:,} row(s) held back for the data steward"
            if sub.rows_held
            else ""
        )
        what = (
            f"[bold]loaded[/]: {sub.rows_loaded or 0:,} of {sub.rows_received or 0:,} row(s){held}"
        )
    elif sub.status == "needs_review":
        what = "[bold]waits for the data steward[/]" + (
            f": {sub.rows_received:,} row(s) received, none loaded"
            if sub.rows_received
            else ": nothing loaded"
        )
    elif sub.status == "rejected":
        what = "[bold]returned to the agency[/]: nothing loaded; send a corrected file"
    else:
        what = f"[bold]{sub.status}[/]"
    supersedes = f" · supersedes {sub.supersedes_id}" if sub.supersedes_id else ""
    return f"Submission {sub.id}{period}: {what}{supersedes}"
