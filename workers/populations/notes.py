"""Why a rate per 10,000 children has no value: said wherever the rate would be shown."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlmodel import Session

from workers.periods import Period, financial_year, fy_start_year

IMPORT_HINT = "a steward adds it with `sdh populations import`"


def _latest_year(session: Session, area_code: str) -> int | None:
    return session.execute(
        text("SELECT MAX(year) FROM v_area_population WHERE area_code = :area"),
        {"area": area_code},
    ).scalar()


def population_figure(session: Session, area_code: str, year: int) -> int | None:
    """Children aged 0-17 in the area at mid-``year``, from the release reported."""
    return session.execute(
        text(
            "SELECT population_0_17 FROM v_area_population WHERE area_code = :area AND year = :year"
        ),
        {"area": area_code, "year": year},
    ).scalar()


def population_note(session: Session, area_code: str, fy_start_year: int) -> str | None:
    """Why a rate per 10,000 children of ``area_code`` in the financial year starting in
    April ``fy_start_year`` has no value; None when there is a child population figure.

    ``no child population figure for 2022-23 (the latest is mid-2021)``: the same words as
    ``v_ratio_indicator.no_value_reason``, with the latest year there is."""
    if population_figure(session, area_code, fy_start_year) is not None:
        return None
    note = f"no child population figure for {financial_year(fy_start_year).label}"
    latest = _latest_year(session, area_code)
    return note + (f" (the latest is mid-{latest})" if latest is not None else "")


def missing_population_notes(
    session: Session, year: Period, areas: Iterable[tuple[str, str]]
) -> list[str]:
    """One line for a report of ``year``: which areas' rates per 10,000 children show no
    data, and why; empty when every area has its figure."""
    fy = fy_start_year(year.start)
    by_note: dict[str, list[str]] = {}
    for code, name in areas:
        if (note := population_note(session, code, fy)) is not None:
            by_note.setdefault(note, []).append(name)
    if not by_note:
        return []
    why = "; ".join(f"{' and '.join(names)}: {note}" for note, names in by_note.items())
    return [f"Rates per 10,000 children for {year.label} show no data: {why}; {IMPORT_HINT}."]
