"""The annual "Safeguarding Children Data" table, read from the warehouse.

The figures come from ``sql/queries/annual_measures.sql``: flows summed over the year,
stocks at the year end. The layout follows the annual report's own table. Each cell says
how many of the year's twelve months are behind it and which are missing, so a part-year
sum is never read as the year's (docs/acceptance.md, "What a part-year figure looks
like"): a flow with a month missing is ``part-year``; a stock with no year-end (March)
figure is ``no data``, whatever other months hold.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import text
from sqlmodel import Session, col

from workers.contracts.catalogue import load_catalogue
from workers.contracts.loader import load_contracts
from workers.errors import SdhError
from workers.numbers import format_number
from workers.periods import Period, months_in, parse_period
from workers.publication import legend, suppress
from workers.settings import get_settings
from workers.warehouse.models import Submission

#: The rows of the published table, in its order.
ANNUAL_TABLE = (
    ("contacts", "Contacts to children's social care"),
    ("referrals", "Referrals"),
    ("assessments_completed", "Single assessments"),
    ("s47_completed", "Section 47 enquiries completed"),
    ("eha_initiated", "Early help assessments initiated"),
    ("cp_children", "Children subject to a child protection plan"),
    ("cic_children", "Children in care"),
)
ANNUAL_AREAS = (("E06000031", "Peterborough"), ("E10000003", "Cambridgeshire"))
MONTHS_IN_YEAR = 12

Status = Literal["complete", "part-year", "no data"]


@dataclass(frozen=True)
class AnnualCell:
    """One measure and area for the year, and how much of the year is behind it.

    ``value`` is what the loaded periods give: for a flow the sum of the months loaded
    (the year's figure only when ``status`` is ``complete``), for a stock the year-end
    count or None. ``pending`` names, per missing month, the return that would fill it
    and why it has not (waiting for a steward, rejected, being processed)."""

    measure_id: str
    area_code: str
    aggregation: str
    value: float | None
    months_present: tuple[str, ...]
    months_missing: tuple[str, ...]
    periods: int = 0
    pending: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> Status:
        if self.value is None:
            return "no data"
        if self.aggregation == "flow" and self.months_missing:
            return "part-year"
        return "complete"

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    @property
    def note(self) -> str:
        """Why the cell is not the whole year's figure; empty when it is."""
        if self.complete:
            return ""
        if not self.months_present:
            why = "nothing loaded for the year"
        elif self.aggregation == "stock":
            last = self.months_present[-1]
            why = f"no year-end (March) figure; the latest loaded is {last}, not the year's"
        else:
            why = f"part-year: {len(self.months_present)} of {MONTHS_IN_YEAR} months"
        parts = [why]
        if self.months_missing and self.months_present:
            parts.append(f"missing {month_ranges(self.months_missing)}")
        if len(self.months_missing) == 1 and self.pending:
            parts[-1] += f" ({self.pending[self.months_missing[0]]})"
        else:
            parts += [f"{month}: {reason}" for month, reason in sorted(self.pending.items())]
        return "; ".join(parts)


@dataclass(frozen=True)
class AnnualFigure:
    measure_id: str
    label: str
    aggregation: str
    cells: dict[str, AnnualCell]  # area code → cell

    @property
    def values(self) -> dict[str, float | None]:
        """The year's figure per area, only where the whole year is behind it."""
        return {code: (c.value if c.complete else None) for code, c in self.cells.items()}

    @property
    def periods(self) -> dict[str, int]:
        """Periods loaded behind each area's figure."""
        return {code: c.periods for code, c in self.cells.items()}

    @property
    def complete(self) -> bool:
        return all(c.complete for c in self.cells.values())


def _month_number(label: str) -> int:
    start = parse_period(label, "month").start
    return start.year * 12 + start.month


def month_ranges(labels: tuple[str, ...] | list[str]) -> str:
    """``2023-05, 2023-07 to 2024-03``: runs of consecutive months written as ranges."""
    runs: list[list[str]] = []
    for label in labels:
        if runs and _month_number(label) == _month_number(runs[-1][-1]) + 1:
            runs[-1].append(label)
        else:
            runs.append([label])
    return ", ".join(r[0] if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in runs)


def annual_figures(session: Session, year: Period) -> list[AnnualFigure]:
    """Every measure of the table for every area, each cell with its months."""

    sql = (get_settings().sql_dir / "queries" / "annual_measures.sql").read_text()
    rows = session.execute(text(sql), {"year_start": year.start, "year_end": year.end}).all()
    months = [m.label for m in months_in(year)]
    found: dict[tuple[str, str], dict] = defaultdict(lambda: {"months": set(), "periods": 0})
    for r in rows:
        cell = found[(r.measure_id, r.area_code)]
        cell["value"] = None if r.value is None else float(r.value)
        cell["periods"] += 1
        cell["months"].update(m.label for m in months_in(parse_period(r.period_label)))
    pending = pending_returns(session, year)
    catalogue = load_catalogue()
    out = []
    for measure_id, label in ANNUAL_TABLE:
        aggregation = catalogue.measure(measure_id).aggregation
        cells = {}
        for code, _ in ANNUAL_AREAS:
            got = found.get((measure_id, code), {"months": set(), "periods": 0})
            missing = tuple(m for m in months if m not in got["months"])
            cells[code] = AnnualCell(
                measure_id=measure_id,
                area_code=code,
                aggregation=aggregation,
                value=got.get("value"),
                months_present=tuple(m for m in months if m in got["months"]),
                months_missing=missing,
                periods=got["periods"],
                pending={m: why for m in missing if (why := pending.get((measure_id, code, m)))},
            )
        out.append(AnnualFigure(measure_id, label, aggregation, cells))
    return out


#: Statuses of a return that has not (yet) given the warehouse its figures, and how the
#: report says so.
_NOT_LOADED = {
    "needs_review": "submission {id} waits for a steward",
    "rejected": "submission {id} was rejected; a resubmission is due",
    "received": "submission {id} is being validated",
    "validating": "submission {id} is being validated",
    "validated": "submission {id} is being loaded",
    "loading": "submission {id} is being loaded",
}


def pending_returns(session: Session, year: Period) -> dict[tuple[str, str, str], str]:
    """(measure, area, month) → why the return for that month is not in the figures.

    Only returns that would fill a gap: a month with a loaded figure is not missing, so
    its rejected or superseded versions are never looked at. The latest return per
    contract, agency and period speaks for it."""
    from sqlmodel import select

    labels = {m.label for m in months_in(year)}
    periods = labels | {f"{year.start.year:04d}-Q{q}" for q in range(1, 5)} | {year.label}
    subs = session.exec(
        select(Submission)
        .where(
            col(Submission.status).in_(list(_NOT_LOADED)),
            col(Submission.period_label).in_(sorted(periods)),
        )
        .order_by(col(Submission.id))
    ).all()
    catalogue = load_catalogue()
    contracts = load_contracts()
    # A district's figures roll up to its local authority (v_measure_by_area).
    parents = {a.code: a.parent for a in catalogue.areas if a.kind == "district"}
    agencies = {a.id: a for a in catalogue.agencies}
    out: dict[tuple[str, str, str], str] = {}
    for sub in subs:
        if not sub.period_label or sub.contract_id not in contracts:
            continue
        if sub.agency_id not in agencies:
            continue
        try:
            covered = [m.label for m in months_in(parse_period(sub.period_label))]
        except ValueError:
            continue
        covered = [m for m in covered if m in labels]
        if not covered:
            continue
        measures = {c.measure for c in contracts[sub.contract_id].measure_columns if c.measure}
        agency_areas = set(agencies[sub.agency_id].areas)
        areas = {parents.get(a) or a for a in agency_areas} | agency_areas
        why = _NOT_LOADED[sub.status].format(id=sub.id)
        for measure in measures:
            for area in areas:
                for m in covered:
                    out[(measure, area, m)] = why  # a later submission speaks last
    return out


class IncompleteYear(SdhError):
    """The year is asked for publication while some of its figures are part-year or
    missing."""


#: The partnership's figure beside its two areas' in the published table.
PARTNERSHIP_TOTAL = "Cambridgeshire and Peterborough"
PARTNERSHIP_CODE = "CPSCP"
#: What a published part-year cell carries after its figure.
PART_YEAR_MARK = "[part-year]"
#: An inside cell with no figure (publication prints "—", as its legend says).
NO_DATA = "no data"


@dataclass(frozen=True)
class ReportCell:
    """One cell as printed: ``shown`` is what a reader sees (the figure, or "no data",
    "<5", "[c]", then "[part-year]" when it is one); ``value`` is None where there is no
    figure or where publication suppresses it (it never carries a hidden count)."""

    measure_id: str
    label: str
    aggregation: str
    area_code: str
    area: str
    value: float | None
    text: str
    suppression: str | None
    status: Status
    months_present: int
    months_missing: tuple[str, ...]
    note: str

    @property
    def mark(self) -> str:
        return PART_YEAR_MARK if self.status == "part-year" else ""

    @property
    def shown(self) -> str:
        return f"{self.text} {self.mark}" if self.mark else self.text


@dataclass(frozen=True)
class PublishedAnnualTable:
    """The annual table as it may leave the partnership: suppressed, with its legend."""

    header: list[str]
    rows: list[list[str]]
    legend: str
    cells: list[list[ReportCell]] = field(default_factory=list)


def cell_notes(cells: list[list[ReportCell]]) -> list[str]:
    """``area, measures: why`` for the cells that are not the whole year's figure, one
    line per area and reason ("every figure" when all the table's measures share it)."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in cells:
        for c in row:
            if c.note:
                groups[(c.area, c.note)].append(c.label)
    return [
        f"{area}, {'every figure' if len(labels) == len(cells) else '; '.join(labels)}: {note}"
        for (area, note), labels in groups.items()
    ]


def _report_cell(
    f: AnnualFigure, cell: AnnualCell, area: str, text: str, suppression: str | None = None
) -> ReportCell:
    return ReportCell(
        measure_id=f.measure_id,
        label=f.label,
        aggregation=f.aggregation,
        area_code=cell.area_code,
        area=area,
        value=None if suppression else cell.value,
        text=text,
        suppression=suppression,
        status=cell.status,
        months_present=len(cell.months_present),
        months_missing=cell.months_missing,
        note=cell.note,
    )


def report_cells(figures: list[AnnualFigure]) -> list[list[ReportCell]]:
    """The table as the partnership reads it inside: every figure as it is, a part-year
    one with its months, a missing one as "no data"."""

    return [
        [
            _report_cell(
                f,
                f.cells[code],
                name,
                NO_DATA if (value := f.cells[code].value) is None else format_number(value),
            )
            for code, name in ANNUAL_AREAS
        ]
        for f in figures
    ]


def _total_cell(f: AnnualFigure) -> AnnualCell:
    """The partnership's cell: the areas' sum, with the months both areas have."""
    cells = [f.cells[code] for code, _ in ANNUAL_AREAS]
    values = [c.value for c in cells]
    present = set.intersection(*(set(c.months_present) for c in cells))
    order = [m for c in cells for m in c.months_present + c.months_missing]
    return AnnualCell(
        measure_id=f.measure_id,
        area_code=PARTNERSHIP_CODE,
        aggregation=f.aggregation,
        value=None if any(v is None for v in values) else sum(values),  # type: ignore[arg-type]
        months_present=tuple(m for m in dict.fromkeys(order) if m in present),
        months_missing=tuple(m for m in dict.fromkeys(order) if m not in present),
    )


def published_annual_table(
    figures: list[AnnualFigure], *, allow_incomplete: bool = False
) -> PublishedAnnualTable:
    """The figures with the partnership's total added and small numbers suppressed.

    The total (of both areas, only when both have the figure) is what makes secondary
    suppression necessary: with it, a single hidden area could be worked out. A year with
    a part-year or missing figure is refused (:class:`IncompleteYear`) unless
    ``allow_incomplete``, and then each such cell carries ``[part-year]`` or "—" and a
    note naming the months missing.
    """

    inside = report_cells(figures)
    short = sum(1 for row in inside for c in row if c.status != "complete")
    if short and not allow_incomplete:
        first = cell_notes(inside)[0]
        raise IncompleteYear(
            f"the year is incomplete: {short} of {sum(map(len, inside))} figures are not the "
            f"whole year's ({first}{' …' if short > 1 else ''}); publish it marked as "
            "incomplete with --allow-incomplete, or load the missing months first"
        )
    columns = [*ANNUAL_AREAS, (PARTNERSHIP_CODE, PARTNERSHIP_TOTAL)]
    grid_cells = [[*(f.cells[code] for code, _ in ANNUAL_AREAS), _total_cell(f)] for f in figures]
    shown = suppress([[c.value for c in row] for row in grid_cells], total_column=True)
    cells: list[list[ReportCell]] = []
    for f, row, shown_row in zip(figures, grid_cells, shown, strict=True):
        out_row = []
        for (_, name), cell, s in zip(columns, row, shown_row, strict=True):
            out_row.append(_report_cell(f, cell, name, s.text, s.suppression))
        cells.append(out_row)
    note = legend()
    if short:
        note += (
            f' "{PART_YEAR_MARK}": the sum of the months loaded, not the whole year: the '
            "notes name the months missing. A count at the year end with no March figure "
            'is "—".'
        )
    return PublishedAnnualTable(
        header=["measure", *(name for _, name in columns)],
        rows=[[f.label, *(c.shown for c in row)] for f, row in zip(figures, cells, strict=True)],
        legend=note,
        cells=cells,
    )
