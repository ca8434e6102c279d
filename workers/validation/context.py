"""What a rule needs to know besides the file: who sent it, for which period, and what the
warehouse already holds (for the cross-return rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from workers.periods import Period


class WarehouseLookup(Protocol):
    """Read-only questions the cross-return rules ask of the warehouse."""

    def measure_value(self, measure: str, area: str, period: Period) -> float | None:
        """The loaded value of a measure for an area (rolled up from its districts) and period."""

    def previous_value(
        self, measure: str, area: str, dimension: str | None, period: Period
    ) -> float | None:
        """The loaded value for the period before ``period``, same area and breakdown."""

    def parent_area(self, area: str) -> str | None:
        """The local authority area a district belongs to."""


@dataclass(frozen=True)
class ReturnContext:
    agency_id: str
    agency_areas: tuple[str, ...]
    period: Period
    received_on: date
    warehouse: WarehouseLookup | None = None
