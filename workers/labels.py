"""Names people read: periods in words, a return's title, an agency's everyday name.

Codes (``2022-02``, ``la-csc-activity``) stay in links, filters and exports; what a page
or a terminal shows first is what a steward would say aloud: "February 2022", "Q4 2021-22
(January to March 2022)", "Peterborough · CSC activity · February 2022".
"""

from __future__ import annotations

from workers.contracts.catalogue import load_catalogue
from workers.contracts.model import FeedContract
from workers.periods import Period, parse_period


def _month_year(period: Period, *, end: bool = False) -> str:
    day = period.end if end else period.start
    return f"{day:%B %Y}"


def period_words(period: Period | str | None) -> str:
    """A period as people say it; a label that is no period comes back as it is.

    ``2022-02`` → "February 2022"; ``2021-Q4`` → "Q4 2021-22 (January to March 2022)";
    ``2021-22`` → "2021-22 (April 2021 to March 2022)"."""
    if period is None or period == "":
        return "period not known yet"
    if isinstance(period, str):
        try:
            period = parse_period(period)
        except ValueError:
            return str(period)
    if period.grain == "month":
        return _month_year(period)
    year = f"{period.start.year if period.start.month >= 4 else period.start.year - 1}"
    fy = f"{year}-{(int(year) + 1) % 100:02d}"
    if period.grain == "quarter":
        quarter_no = period.label.rsplit("Q", 1)[1]
        months = f"{period.start:%B} to {_month_year(period, end=True)}"
        if period.start.year != period.end.year:
            months = f"{_month_year(period)} to {_month_year(period, end=True)}"
        return f"Q{quarter_no} {fy} ({months})"
    return f"{period.label} ({_month_year(period)} to {_month_year(period, end=True)})"


def agency_label(agency_id: str) -> str:
    """The agency's everyday name ("Peterborough"), else its full name, else its id."""
    for agency in load_catalogue().agencies:
        if agency.id == agency_id:
            return agency.short_name or agency.name
    return agency_id


def return_title(agency_id: str, contract: FeedContract | None, period: str | None) -> str:
    """ "Peterborough · CSC activity · February 2022": whose, which return, for when."""
    what = contract.label if contract is not None else ""
    return " · ".join(p for p in (agency_label(agency_id), what, period_words(period)) if p)
