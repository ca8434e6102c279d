"""The warehouse as the cross-return rules see it (read-only, current facts only)."""

from __future__ import annotations

from functools import cache

from sqlalchemy import text
from sqlmodel import Session

from workers.periods import Period


class SqlWarehouseLookup:
    """``agency_id``: figures from earlier periods (``previous_value``) come only from
    that agency's own returns; a return is never compared with another agency's."""

    def __init__(
        self,
        session: Session,
        exclude_submission: int | None = None,
        agency_id: str | None = None,
    ) -> None:
        self.session = session
        self.exclude = exclude_submission or -1
        self.agency_id = agency_id
        self.parent_area = cache(self._parent_area)

    def _parent_area(self, area: str) -> str | None:
        row = self.session.execute(
            text("SELECT kind, parent FROM area WHERE code = :c"), {"c": area}
        ).first()
        if row is None:
            return None
        return row.parent if row.kind == "district" else area

    def measure_value(self, measure: str, area: str, period: Period) -> float | None:
        row = self.session.execute(
            text(
                "SELECT SUM(value) AS v, COUNT(*) AS n FROM v_measure_by_area "
                "WHERE measure_id = :m AND area_code = :a "
                "AND period_start >= :s AND period_end <= :e"
            ),
            {"m": measure, "a": area, "s": period.start, "e": period.end},
        ).first()
        return None if row is None or not row.n else float(row.v)

    def previous_value(
        self, measure: str, area: str, dimension: str | None, period: Period
    ) -> float | None:
        before = period.previous()
        own = ""
        if self.agency_id is not None:
            own = " AND submission_id IN (SELECT id FROM submission WHERE agency_id = :g)"
        row = self.session.execute(
            text(
                "SELECT SUM(value) AS v, COUNT(*) AS n FROM v_current_measure_fact "
                "WHERE measure_id = :m AND area_code = :a AND dimension = :d AND period_label = :p "
                f"AND submission_id <> :x{own}"
            ),
            {
                "m": measure,
                "a": area,
                "d": dimension or "",
                "p": before.label,
                "x": self.exclude,
                "g": self.agency_id,
            },
        ).first()
        return None if row is None or not row.n else float(row.v)
