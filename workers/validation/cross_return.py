"""Rules that compare a return with what the warehouse already holds.

- ``change_from_previous``: a figure moved more than a share from the same area's figure
  for the period before, in the delivering agency's own earlier returns (never another
  agency's: a Peterborough return is not compared with Cambridgeshire's March).
- ``not_above_measure``: a figure, summed over an area's districts, is above a measure
  already loaded for that area and period (one feed against another, by design: police
  joint Section 47 investigations against the local authority's Section 47 enquiries).

Rows that break the agency's own-area rule take part in neither: they are not the
agency's figures. Without a warehouse (``sdh validate --offline``) the rules are not
checked, and the report says so.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from workers.arrow import bools, ints
from workers.contracts.model import FeedContract, Rule
from workers.issues import Issue
from workers.validation.context import ReturnContext
from workers.validation.rules import Cells

KINDS = frozenset({"change_from_previous", "not_above_measure"})


class CrossReturn:
    """The cross-return rules of a contract, over one return. ``add`` notes the rows as
    they stream; ``finish`` asks the warehouse, once every row is in (and the rows'
    ``COPY`` is over: the lookups share its connection)."""

    def __init__(self, contract: FeedContract, ctx: ReturnContext, letters: dict[str, str]) -> None:
        self.contract = contract
        self.ctx = ctx
        self.letters = letters
        self.rules = [r for r in contract.rules if r.kind in KINDS]
        self.checked = ctx.warehouse is not None
        self.failures: dict[str, list[Issue]] = {r.code: [] for r in self.rules}
        #: Per rule: (row, area, breakdown, value) of each row taking part.
        self._rows: dict[str, list[tuple[int, str | None, str | None, float]]] = {
            r.code: [] for r in self.rules
        }

    def add(self, cells: Cells, excluded: np.ndarray) -> None:
        """Note a batch's rows; ``excluded`` marks rows that take part in no cross-return
        rule (another agency's areas)."""
        if not self.checked or not self.rules:
            return
        area_col = self.contract.area_column
        dim_col = self.contract.dimension_column
        numbers = ints(cells.numbers).tolist()
        areas = cells.text(area_col).to_pylist() if area_col else [None] * cells.rows
        dims = cells.text(dim_col).to_pylist() if dim_col else [None] * cells.rows
        for rule in self.rules:
            col = rule.columns[0]
            usable = bools(cells.valid(col)) & ~excluded
            if area_col:
                usable &= bools(cells.valid(area_col))
            values = cells.value(col).to_pylist()
            self._rows[rule.code].extend(
                (numbers[i], areas[i], dims[i] or None, float(values[i]))
                for i in np.flatnonzero(usable).tolist()
            )

    def _change(self, rule: Rule, row: int, area: str, dim: str | None, value: float) -> None:
        wh = self.ctx.warehouse
        assert wh is not None
        col = rule.columns[0]
        measure = self.contract.column(col).measure or col
        before = wh.previous_value(measure, area, dim, self.ctx.period)
        if before is None or before == 0:
            return
        change = (value - before) / before
        if abs(change) > float(rule.params["maxShare"]):
            self.failures[rule.code].append(
                Issue(
                    rule.code,
                    rule.severity,
                    f"{rule.message} ({before:g} last period, {value:g} now: {change:+.0%})",
                    row=row,
                    column=col,
                    letter=self.letters.get(col),
                    value=f"{value:g}",
                )
            )

    def finish(self) -> None:
        """Ask the warehouse about every row noted."""
        wh = self.ctx.warehouse
        if wh is None:
            return
        for rule in self.rules:
            rows = self._rows[rule.code]
            if rule.kind == "change_from_previous":
                for row, area, dim, number in rows:
                    self._change(rule, row, area or "", dim, number)
                continue
            col = rule.columns[0]
            sums: dict[str, float] = defaultdict(float)
            first_row: dict[str, int] = {}
            for row, area, _, number in rows:
                parent = wh.parent_area(area or "") or area or ""
                sums[parent] += number
                first_row.setdefault(parent, row)
            for area, total in sums.items():
                limit = wh.measure_value(rule.params["measure"], area, self.ctx.period)
                if limit is not None and total > limit:
                    self.failures[rule.code].append(
                        Issue(
                            rule.code,
                            rule.severity,
                            f"{rule.message} ({col} {total:g} for {area} against "
                            f"{rule.params['measure']} {limit:g} already loaded)",
                            row=first_row[area],
                            column=col,
                            letter=self.letters.get(col),
                            value=f"{total:g}",
                        )
                    )
