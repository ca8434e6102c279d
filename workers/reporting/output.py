"""The annual table written out: a terminal table for people, CSV and JSON for analysts.

All three carry the same cells (``workers.reporting.annual.ReportCell``): what is shown,
whether the whole year is behind it, how many of the twelve months are and which are
missing. Publication suppression has been applied before a cell reaches here, so a CSV or
JSON file made for publication holds no more than the printed table.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.table import Table
from rich.text import Text

from workers.periods import Period, months_in
from workers.reporting.annual import MONTHS_IN_YEAR, ReportCell, cell_notes

KINDS = {"flow": "flow (summed)", "stock": "stock (year end)"}
CSV_COLUMNS = (
    "year",
    "measure_id",
    "measure",
    "kind",
    "area_code",
    "area",
    "value",
    "shown",
    "suppressed",
    "status",
    "months_present",
    "months_expected",
    "months_missing",
    "note",
)


def _span(year: Period) -> str:
    months = months_in(year)
    return f"{months[0].label} to {months[-1].label}"


def caption(year: Period, cells: list[list[ReportCell]]) -> str:
    if all(c.status == "complete" for row in cells for c in row):
        return f"Every figure covers all twelve months, {_span(year)}."
    return f"A figure without a note covers all twelve months, {_span(year)}."


def _cell_text(cell: ReportCell) -> Text:
    """The figure, and under it how much of the year it is when it is not all of it."""
    text = Text(cell.text)  # "[c]" and "[part-year]" are not Rich markup
    if cell.mark:
        text.append(f"\n{cell.mark}\n{cell.months_present} of {MONTHS_IN_YEAR} months", "yellow")
    elif cell.status == "no data" and cell.months_present and cell.aggregation == "stock":
        text.append("\nno March figure", style="yellow")
    return text


def terminal_table(
    title: str, year: Period, cells: list[list[ReportCell]], *, kinds: bool = True
) -> Table:
    """The table with one line per measure; each cell short of the year says so. Columns
    keep room for "no March figure" so a figure and its marks never break mid-word."""
    table = Table(title=title, caption=caption(year, cells))
    table.add_column("measure", min_width=16)
    for cell in cells[0] if cells else []:
        table.add_column(cell.area, justify="right", min_width=len("no March figure"))
    if kinds:
        table.add_column("kind")
    for row in cells:
        kind = [KINDS.get(row[0].aggregation, "")] if kinds else []
        table.add_row(row[0].label, *(_cell_text(c) for c in row), *kind)
    return table


def _plain(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _records(year: Period, cells: list[list[ReportCell]]) -> list[dict[str, Any]]:
    return [
        {
            "year": year.label,
            "measure_id": c.measure_id,
            "measure": c.label,
            "kind": c.aggregation,
            "area_code": c.area_code,
            "area": c.area,
            "value": _plain(c.value),
            "shown": c.shown,
            "suppressed": c.suppression,
            "status": c.status,
            "months_present": c.months_present,
            "months_expected": MONTHS_IN_YEAR,
            "months_missing": list(c.months_missing),
            "note": c.note,
        }
        for row in cells
        for c in row
    ]


def to_csv(year: Period, cells: list[list[ReportCell]]) -> str:
    """One line per measure and area; missing months joined by ";"."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in _records(year, cells):
        record["months_missing"] = ";".join(record["months_missing"])
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return out.getvalue()


def to_json(
    year: Period, cells: list[list[ReportCell]], *, published: bool, legend: str | None = None
) -> str:
    document = {
        "year": year.label,
        "months": [m.label for m in months_in(year)],
        "published": published,
        "complete": all(c.status == "complete" for row in cells for c in row),
        "legend": legend,
        "cells": _records(year, cells),
        "notes": cell_notes(cells),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
