"""QEG's review rota: which priorities a quarter's meeting reviews, and when each was last
reviewed before.

The rota is data (``review_quarters`` in ``contracts/catalogue/priorities.yaml``), so a new
set of priorities needs no code. Quarters are financial-year quarters labelled as QEG
labels them (``2020-Q4`` is January to March 2021).
"""

from __future__ import annotations

from workers.contracts.catalogue import Catalogue, Priority, load_catalogue
from workers.errors import SdhError
from workers.periods import Period, parse_period

#: How far back to look for a priority's previous review: a priority reviewed once a year
#: is found four quarters back; one not on the rota at all has no previous review.
_LOOKBACK_QUARTERS = 4


def parse_quarter(label: str) -> Period:
    """``2020-Q4`` as a period; a month or a year is refused with a message saying why."""
    return parse_period(label, "quarter")


def quarter_number(label: str) -> int:
    """1 to 4: the quarter of the financial year (Q1 = April to June)."""
    return int(parse_quarter(label).label[-1])


def previous_quarter(label: str, back: int = 1) -> str:
    """The quarter ``back`` quarters before ``label`` (after it, for a negative ``back``)."""
    parse_quarter(label)
    index = int(label[:4]) * 4 + quarter_number(label) - 1 - back
    return f"{index // 4:04d}-Q{index % 4 + 1}"


def next_quarter(label: str, ahead: int = 1) -> str:
    return previous_quarter(label, -ahead)


def last_quarters(label: str, count: int) -> list[str]:
    """``count`` quarters ending with ``label``, oldest first (the series a pack shows)."""
    return [previous_quarter(label, back) for back in range(count - 1, -1, -1)]


def quarter_label(label: str) -> str:
    """How a pack names a quarter: ``Q4 2020-21 (January to March 2021)``."""
    period = parse_quarter(label)
    fy = int(label[:4])
    first = period.start.strftime("%B")
    last = period.end.strftime("%B %Y")
    return f"Q{quarter_number(label)} {fy}-{(fy + 1) % 100:02d} ({first} to {last})"


class UnknownPriority(SdhError):
    """No priority with that id in priorities.yaml."""


def find_priority(priority_id: str, catalogue: Catalogue | None = None) -> Priority:
    catalogue = catalogue or load_catalogue()
    for p in catalogue.priorities:
        if p.id == priority_id:
            return p
    known = ", ".join(p.id for p in catalogue.priorities)
    raise UnknownPriority(f"Unknown priority {priority_id!r}; known: {known}")


def priorities_reviewed(quarter: str, catalogue: Catalogue | None = None) -> list[Priority]:
    """The priorities on QEG's agenda in ``quarter``, in the catalogue's order."""
    catalogue = catalogue or load_catalogue()
    return catalogue.priorities_for(quarter_number(quarter))


def is_reviewed(priority: Priority, quarter: str) -> bool:
    return f"Q{quarter_number(quarter)}" in priority.review_quarters


def previous_review(priority: Priority, quarter: str) -> str | None:
    """The last quarter before ``quarter`` when ``priority`` was on the rota.

    Six months earlier for a priority reviewed twice a year; None for one never reviewed.
    Works whether or not ``quarter`` is itself on the priority's rota.
    """
    for back in range(1, _LOOKBACK_QUARTERS + 1):
        candidate = previous_quarter(quarter, back)
        if is_reviewed(priority, candidate):
            return candidate
    return None
