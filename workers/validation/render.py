"""A validation report as a data officer reads it in the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from workers.validation.engine import ValidationReport

SHOW_ISSUES = 50


def render_report(report: ValidationReport, console: Console) -> None:
    ctx = report.context
    verdict = {
        "passed": "[green]PASSED[/]: every rule holds",
        "queries": f"[yellow]PASSED WITH {report.query_count} QUERY(IES)[/]: explain them "
        "to the data steward",
        "failed": f"[red]FAILED[/]: {report.error_count} error(s) must be fixed before the "
        "return can be accepted",
    }[report.status]
    console.print(
        f"[bold]{escape(report.filename)}[/] · contract {report.contract.id} "
        f"v{report.contract.version} · agency {ctx.agency_id} · period {ctx.period} · "
        f"{report.rows_received} row(s)"
    )
    console.print(verdict)
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
    for col in ("row", "column", "value", "rule", "message"):
        issues.add_column(col, overflow="fold")
    shown = report.issues[:SHOW_ISSUES]
    for i in shown:
        issues.add_row(
            "" if i.row is None else str(i.row),
            f"{i.letter} {i.column}" if i.letter else (i.column or ""),
            escape(i.value or ""),  # text from the file: never read as Rich markup
            i.rule,
            escape(i.message),
        )
    console.print(issues)
    if len(report.issues) > SHOW_ISSUES:
        console.print(f"… and {len(report.issues) - SHOW_ISSUES} more")
