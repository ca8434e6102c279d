"""The measures table of a pack: one agency's figures for one priority, quarter by quarter.

The arithmetic lives in ``sql/queries/pack_quarter_measures.sql`` (flows summed over the
quarter, stocks at the quarter end, ratios recomputed from their parts) so a person can
read and check it; this module picks the measures, runs the query for the five quarters
a pack shows, and judges each figure: change, direction with the measure's polarity,
status against target. A missing figure stays None all the way to the page: a zero would
read as "nothing happened", which is a claim the data does not make.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from workers.contracts.catalogue import Catalogue, Measure, Target, load_catalogue
from workers.contracts.loader import load_contracts
from workers.contracts.model import FeedContract
from workers.packs.direction import band_for, change, judge, printed
from workers.packs.model import MeasureRow, QualityNote, QuarterValue, Status
from workers.packs.rota import last_quarters, parse_quarter, quarter_label
from workers.periods import months_in, parse_period
from workers.settings import get_settings
from workers.statutory.returns import derived_measures

#: Quarters in a pack's series: the current one and the four before it, so the oldest is
#: also "the same quarter a year earlier".
SERIES_LENGTH = 5
#: The pseudo-measure a rate per 10,000 children divides by (areas.yaml populations).
POPULATION = "population_0_17"


# --- reading the SQL --------------------------------------------------------------------


@lru_cache(maxsize=16)
def _sql_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


#: Key of ``Session.info`` under which a pack build keeps what it read once (see
#: ``build_cache``); absent, every call reads afresh.
_BUILD_CACHE = "sdh_pack_build_cache"


def build_cache(session: Session) -> None:
    """Let this session keep each agency's quarter figures once read.

    A build assembles each agency's pack for every priority on the rota, and each pack
    reads the same five quarters: without the cache every quarter is queried once per
    priority. Only a build turns it on, on a session that reads a settled warehouse."""
    session.info[_BUILD_CACHE] = {"sql_dir": get_settings().sql_dir}


def _cache(session: Session) -> dict[Any, Any] | None:
    return session.info.get(_BUILD_CACHE)


def run_query(session: Session, name: str, **params: Any) -> list[Any]:
    """Run ``sql/queries/<name>`` with bound parameters; rows as SQLAlchemy rows."""
    cache = _cache(session)
    sql_dir = cache["sql_dir"] if cache is not None else get_settings().sql_dir
    sql = _sql_text((sql_dir / "queries" / name).resolve())
    return list(session.execute(text(sql), params).all())


def as_day(value: Any) -> date | None:
    """A date column as a date: SQLite hands back text, PostgreSQL a date."""
    if value is None:
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    return date.fromisoformat(str(value)[:10])


# --- which measures an agency supplies ----------------------------------------------------


def agency_contracts(agency_id: str, contracts: dict[str, FeedContract] | None = None):
    """The contracts the agency delivers, by id order."""
    contracts = contracts if contracts is not None else load_contracts()
    return [c for _, c in sorted(contracts.items()) if agency_id in c.agencies]


def contract_measures(contract: FeedContract) -> set[str]:
    """The measures a contract's returns supply: its columns that carry one, or for a
    statutory return (CIN census, SSDA903) those the hub derives from its children."""
    return {col.measure for col in contract.measure_columns if col.measure} | set(
        derived_measures(contract)
    )


def supplied_measures(
    agency_id: str,
    catalogue: Catalogue | None = None,
    contracts: dict[str, FeedContract] | None = None,
) -> set[str]:
    """Measures the agency supplies: one of its contracts' (``contract_measures``), or a
    ratio whose numerator is one (its denominator may be another of its measures or the
    population)."""
    catalogue = catalogue or load_catalogue()
    base = {
        m
        for contract in agency_contracts(agency_id, contracts)
        for m in contract_measures(contract)
    }
    ratios = {m.id for m in catalogue.measures if m.aggregation == "ratio" and m.numerator in base}
    return base | ratios


def priority_measures(
    agency_id: str,
    priority_id: str,
    catalogue: Catalogue | None = None,
    contracts: dict[str, FeedContract] | None = None,
) -> list[Measure]:
    """The catalogue's measures evidencing the priority that the agency supplies, in the
    catalogue's order (which groups counts before the ratios built on them)."""
    catalogue = catalogue or load_catalogue()
    supplied = supplied_measures(agency_id, catalogue, contracts)
    return [m for m in catalogue.measures if priority_id in m.priorities and m.id in supplied]


def measure_parts(measures: list[Measure]) -> set[str]:
    """The stored measures behind these: each one, or a ratio's numerator and denominator."""
    out: set[str] = set()
    for m in measures:
        if m.aggregation == "ratio":
            out.update(p for p in (m.numerator, m.denominator) if p and p != POPULATION)
        else:
            out.add(m.id)
    return out


def feeding_contracts(
    agency_id: str,
    measures: list[Measure],
    contracts: dict[str, FeedContract] | None = None,
) -> list[FeedContract]:
    """The agency's contracts that deliver any part of these measures: the returns whose
    timeliness and quality the pack reports."""
    parts = measure_parts(measures)
    return [c for c in agency_contracts(agency_id, contracts) if contract_measures(c) & parts]


# --- quarter figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One measure, area and quarter as the query gives it."""

    value: float | None
    numerator: float | None
    denominator: float | None
    complete: bool
    loaded_value: float | None


@dataclass(frozen=True)
class Lineage:
    """A loaded period behind a figure: which submission gave it."""

    period_label: str
    period_end: date
    grain: str
    submission_id: int


@dataclass(frozen=True)
class QuarterData:
    """Everything the warehouse holds for one agency and quarter."""

    quarter: str
    figures: dict[tuple[str, str], Figure]
    lineage: dict[tuple[str, str], list[Lineage]]


def quarter_data(session: Session, agency_id: str, quarter: str) -> QuarterData:
    """The quarter's figures of every measure the agency delivers, and the submissions
    behind them: one pass per quarter serves every priority's table."""
    cache = _cache(session)
    if cache is not None:
        key = ("quarter_data", agency_id, quarter)
        if key not in cache:
            cache[key] = _read_quarter_data(session, agency_id, quarter)
        return cache[key]
    return _read_quarter_data(session, agency_id, quarter)


def _read_quarter_data(session: Session, agency_id: str, quarter: str) -> QuarterData:
    period = parse_quarter(quarter)
    bounds = {"agency_id": agency_id, "q_start": period.start, "q_end": period.end}
    figures = {
        (r.measure_id, r.area_code): Figure(
            value=_num(r.value),
            numerator=_num(r.numerator),
            denominator=_num(r.denominator),
            complete=bool(r.complete),
            loaded_value=_num(r.loaded_value),
        )
        for r in run_query(session, "pack_quarter_measures.sql", fy=int(quarter[:4]), **bounds)
    }
    lineage: dict[tuple[str, str], list[Lineage]] = defaultdict(list)
    for r in run_query(session, "pack_quarter_lineage.sql", **bounds):
        day = as_day(r.period_end)
        assert day is not None
        lineage[(r.measure_id, r.area_code)].append(
            Lineage(r.period_label, day, r.grain, int(r.submission_id))
        )
    return QuarterData(quarter, figures, dict(lineage))


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def reporting_areas(
    session: Session, agency_id: str, up_to: date, catalogue: Catalogue | None = None
) -> list[str]:
    """The areas the agency reports, in the catalogue's order: those it has delivered
    figures for, or (before its first return) the areas it may report, rolled up."""
    catalogue = catalogue or load_catalogue()
    found = {
        r.area_code
        for r in run_query(session, "pack_agency_areas.sql", agency_id=agency_id, up_to=up_to)
    }
    if not found:
        for code in catalogue.agency(agency_id).areas:
            area = catalogue.area(code)
            found.add(area.parent if area.kind == "district" and area.parent else code)
    order = {a.code: i for i, a in enumerate(catalogue.areas)}
    return sorted(found, key=lambda code: (order.get(code, len(order)), code))


# --- judging a figure --------------------------------------------------------------------


def target_status(value: float | None, target: Target | None, precision: int) -> Status:
    """met | not_met against the catalogue target, judged on the printed (rounded) figure."""
    if target is None:
        return "no_target"
    shown = printed(value, precision)
    if shown is None:
        return "no_data"
    met = shown >= target.value if target.direction == "at_least" else shown <= target.value
    return "met" if met else "not_met"


# --- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureTable:
    """The measures table of one pack, with what it could not show and why."""

    rows: tuple[MeasureRow, ...]
    missing_measures: tuple[str, ...]  # labels of measures with no figure in any quarter
    notes: tuple[QualityNote, ...]  # incomplete quarters, explained
    quarters: tuple[str, ...]  # the series, oldest first


def measure_table(
    session: Session,
    agency_id: str,
    priority_id: str,
    quarter: str,
    catalogue: Catalogue | None = None,
) -> MeasureTable:
    """Every measure evidencing the priority that the agency supplies, per area it reports:
    the last five quarters (the oldest doubles as the same quarter a year earlier)."""
    catalogue = catalogue or load_catalogue()
    measures = priority_measures(agency_id, priority_id, catalogue)
    quarters = last_quarters(quarter, SERIES_LENGTH)
    data = {q: quarter_data(session, agency_id, q) for q in quarters}
    areas = reporting_areas(session, agency_id, parse_quarter(quarter).end, catalogue)
    measures_by_id = {m.id: m for m in catalogue.measures}

    parts_shown = {
        p for m in measures if m.aggregation == "ratio" for p in (m.numerator, m.denominator)
    }
    rows = []
    population_notes: list[QualityNote] = []
    for m in measures:
        band = band_for(m)
        for area in areas:
            series = tuple(_quarter_value(data[q], m, area, measures_by_id) for q in quarters)
            current, previous, year_ago = series[-1], series[-2], series[0]
            blanks = _population_blanks(data, quarters, m, area)
            if blanks:
                population_notes.append(_population_note(m, area, blanks, catalogue))
            rows.append(
                MeasureRow(
                    measure_id=m.id,
                    label=m.label,
                    unit=m.unit,
                    aggregation=m.aggregation,
                    polarity=m.polarity,
                    precision=m.precision,
                    area_code=area,
                    area_name=catalogue.area(area).name,
                    series=series,
                    year_ago=year_ago,
                    change=change(current.value, previous.value, m.precision),
                    change_year=change(current.value, year_ago.value, m.precision),
                    direction=judge(current.value, previous.value, m.polarity, band, m.precision),
                    target=m.target.value if m.target else None,
                    target_direction=m.target.direction if m.target else None,
                    target_status=target_status(current.value, m.target, m.precision),
                    direction_year=judge(
                        current.value, year_ago.value, m.polarity, band, m.precision
                    ),
                    tolerance=band.value,
                    tolerance_unit=band.unit,
                    tolerance_default=band.default,
                    blank_reasons=tuple(blanks),
                    headline=m.aggregation == "ratio" or m.id not in parts_shown,
                    numerator=m.numerator,
                    denominator=m.denominator,
                )
            )
    with_data = {r.measure_id for r in rows if any(v.value is not None for v in r.series)}
    missing = tuple(m.label for m in measures if m.id not in with_data)
    parts = measure_parts(measures)
    notes = tuple(
        note
        for q in quarters
        for area in areas
        if (note := _incomplete_note(data[q], parts, area, catalogue))
    )
    return MeasureTable(tuple(rows), missing, (*notes, *population_notes), tuple(quarters))


def financial_year(quarter: str) -> str:
    """``2022-23`` for any quarter of the financial year starting April 2022."""
    fy = int(quarter[:4])
    return f"{fy}-{(fy + 1) % 100:02d}"


def _population_blanks(
    data: dict[str, QuarterData], quarters: list[str], m: Measure, area: str
) -> list[tuple[str, str]]:
    """(quarter, reason) for each quarter whose rate per 10,000 children is blank only
    because the year has no child population figure: the count is there, the
    denominator is not. The populations are read where the rate is computed
    (``pack_quarter_measures.sql``), so this follows wherever they come from."""
    if m.aggregation != "ratio" or m.denominator != POPULATION:
        return []
    out = []
    for q in quarters:
        figure = data[q].figures.get((m.id, area))
        if figure is None or figure.value is not None or figure.numerator is None:
            continue
        if not figure.denominator:
            out.append((q, f"no child population figure for {financial_year(q)}"))
    return out


def _population_note(
    m: Measure, area: str, blanks: list[tuple[str, str]], catalogue: Catalogue
) -> QualityNote:
    years = sorted({financial_year(q) for q, _ in blanks})
    quarters = ", ".join(quarter_label(q).split(" (")[0] for q, _ in blanks)
    return QualityNote(
        "population",
        f"{m.label}, {catalogue.area(area).name}: no child population figure for "
        f"{' or '.join(years)}, so the rate per 10,000 children is left blank for "
        f"{quarters}; the count it divides is in the pack.",
    )


def _quarter_value(
    data: QuarterData, m: Measure, area: str, measures: dict[str, Measure]
) -> QuarterValue:
    figure = data.figures.get((m.id, area))
    if figure is None:
        return QuarterValue(data.quarter, None)
    if figure.value is None:  # no printed figure, so no lineage to footnote
        return QuarterValue(data.quarter, None, figure.numerator, figure.denominator)
    return QuarterValue(
        data.quarter,
        figure.value,
        figure.numerator,
        figure.denominator,
        _submissions(data, m, area, measures),
    )


def _submissions(
    data: QuarterData, m: Measure, area: str, measures: dict[str, Measure]
) -> tuple[int, ...]:
    """The submissions a figure came from: every period of a flow, the quarter-end period
    of a stock, both parts of a ratio."""
    parts = [m.numerator, m.denominator] if m.aggregation == "ratio" else [m.id]
    end = parse_quarter(data.quarter).end
    ids: set[int] = set()
    for part in parts:
        if not part or part == POPULATION:
            continue
        rows = data.lineage.get((part, area), [])
        if measures[part].aggregation == "stock":
            rows = [r for r in rows if r.period_end == end]
        ids.update(r.submission_id for r in rows)
    return tuple(sorted(ids))


def _incomplete_note(
    data: QuarterData, parts: set[str], area: str, catalogue: Catalogue
) -> QualityNote | None:
    """Say why a quarter's figures are blank when only some of its periods are loaded."""
    partial = [
        mid
        for (mid, code), fig in data.figures.items()
        if code == area and mid in parts and not fig.complete and fig.loaded_value is not None
    ]
    if not partial:
        return None
    period = parse_quarter(data.quarter)
    loaded: set[str] = set()
    grains: set[str] = set()
    for mid in parts:
        for row in data.lineage.get((mid, area), []):
            loaded.add(row.period_label)
            grains.add(row.grain)
    expected = [p.label for p in months_in(period)] if "month" in grains else [period.label]
    absent = [label for label in expected if label not in loaded]
    if not absent:
        return None
    names = " and ".join(period_name(label) for label in absent)
    return QualityNote(
        "missing",
        f"{quarter_label(data.quarter)}, {catalogue.area(area).name}: nothing is loaded for "
        f"{names}, so the quarter's figures that need {'it' if len(absent) == 1 else 'them'} "
        "are left blank rather than printed for part of the quarter.",
    )


def period_name(label: str) -> str:
    """``February 2021`` for a month, ``Q4 2020-21`` for a quarter."""
    period = parse_period(label)
    if period.grain == "month":
        return period.start.strftime("%B %Y")
    if period.grain == "quarter":
        return quarter_label(label).split(" (")[0]
    return label
