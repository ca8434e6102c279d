"""The annual "Safeguarding Children Data" table, read from the warehouse.

The figures come from ``sql/queries/annual_measures.sql``: flows summed over the year,
stocks at the year end. The layout follows the annual report's own table.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

from workers.periods import Period
from workers.settings import get_settings

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


@dataclass(frozen=True)
class AnnualFigure:
    measure_id: str
    label: str
    aggregation: str
    values: dict[str, float | None]  # area code → value; None where nothing was loaded
    periods: dict[str, int]  # area code → number of periods behind the figure


def annual_figures(session: Session, year: Period) -> list[AnnualFigure]:
    sql = (get_settings().sql_dir / "queries" / "annual_measures.sql").read_text()
    rows = session.execute(text(sql), {"year_start": year.start, "year_end": year.end}).all()
    by_measure: dict[str, dict[str, tuple[float, int, str]]] = {}
    for r in rows:
        by_measure.setdefault(r.measure_id, {})[r.area_code] = (r.value, r.periods, r.aggregation)
    out = []
    for measure_id, label in ANNUAL_TABLE:
        found = by_measure.get(measure_id, {})
        agg = next((v[2] for v in found.values()), "")
        out.append(
            AnnualFigure(
                measure_id,
                label,
                agg,
                {code: (found[code][0] if code in found else None) for code, _ in ANNUAL_AREAS},
                {code: (found[code][1] if code in found else 0) for code, _ in ANNUAL_AREAS},
            )
        )
    return out


#: The partnership's figure beside its two areas' in the published table.
PARTNERSHIP_TOTAL = "Cambridgeshire and Peterborough"


@dataclass(frozen=True)
class PublishedAnnualTable:
    """The annual table as it may leave the partnership: suppressed, with its legend."""

    header: list[str]
    rows: list[list[str]]
    legend: str


def published_annual_table(figures: list[AnnualFigure]) -> PublishedAnnualTable:
    """The figures with the partnership's total added and small numbers suppressed.

    The total (of both areas, only when both have the figure) is what makes secondary
    suppression necessary: with it, a single hidden area could be worked out.
    """
    from workers.publication import legend, suppress

    grid: list[list[float | None]] = []
    for f in figures:
        areas = [f.values[code] for code, _ in ANNUAL_AREAS]
        total = None if any(v is None for v in areas) else sum(areas)  # type: ignore[arg-type]
        grid.append([*areas, total])
    shown = suppress(grid, total_column=True)
    return PublishedAnnualTable(
        header=["measure", *(name for _, name in ANNUAL_AREAS), PARTNERSHIP_TOTAL],
        rows=[[f.label, *(c.text for c in row)] for f, row in zip(figures, shown, strict=True)],
        legend=legend(),
    )
