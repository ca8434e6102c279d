"""Reporting periods: months (``2020-04``), financial-year quarters (``2020-Q1`` = April-June
2020) and financial years (``2020-21``).

Quarters are labelled by the financial year they fall in, as QEG does, so ``2020-Q4`` is
January-March 2021.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """A closed date range with the label agencies write in their returns."""

    start: date
    end: date
    grain: str  # month | quarter | year
    label: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        return period_containing(self.start - timedelta(days=1), self.grain)

    def __str__(self) -> str:
        return self.label


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def month(year: int, month_no: int) -> Period:
    return Period(
        date(year, month_no, 1), _month_end(year, month_no), "month", f"{year:04d}-{month_no:02d}"
    )


def quarter(fy_start_year: int, q: int) -> Period:
    first_month = 4 + 3 * (q - 1)
    year = fy_start_year + (first_month > 12)
    first_month = (first_month - 1) % 12 + 1
    start = date(year, first_month, 1)
    end = _month_end(year, first_month + 2)
    return Period(start, end, "quarter", f"{fy_start_year:04d}-Q{q}")


def financial_year(fy_start_year: int) -> Period:
    return Period(
        date(fy_start_year, 4, 1),
        date(fy_start_year + 1, 3, 31),
        "year",
        f"{fy_start_year:04d}-{(fy_start_year + 1) % 100:02d}",
    )


def fy_start_year(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def period_containing(day: date, grain: str) -> Period:
    if grain == "month":
        return month(day.year, day.month)
    if grain == "quarter":
        fy = fy_start_year(day)
        return quarter(fy, ((day.month - 4) % 12) // 3 + 1)
    if grain == "year":
        return financial_year(fy_start_year(day))
    raise ValueError(f"unknown grain {grain!r}")


def parse_period(label: str, grain: str | None = None) -> Period:
    """Parse ``2020-04``, ``2020-Q1`` or ``2020-21``; ``grain`` insists on one kind."""
    text = label.strip()
    if m := _QUARTER.match(text):
        p = quarter(int(m[1]), int(m[2]))
    elif m := _MONTH.match(text):
        p = month(int(m[1]), int(m[2]))
    elif (m := _YEAR.match(text)) and (int(m[1]) + 1) % 100 == int(m[2]):
        p = financial_year(int(m[1]))
    else:
        raise ValueError(
            f"{label!r} is not a period: write a month as 2020-04, a financial-year quarter "
            "as 2020-Q1 (April-June 2020) or a financial year as 2020-21"
        )
    if grain and p.grain != grain:
        raise ValueError(f"{label!r} is a {p.grain}, but a {grain} is expected here")
    return p


def months_in(period: Period) -> list[Period]:
    out = []
    cur = month(period.start.year, period.start.month)
    while cur.start <= period.end:
        out.append(cur)
        cur = period_containing(cur.end + timedelta(days=1), "month")
    return out
