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
from dataclasses import dataclass, field

import numpy as np

from workers.contracts.model import FeedContract, Rule
from workers.validation.arrow import bools, ints
from workers.validation.context import ReturnContext
from workers.validation.issues import Issue
from workers.validation.rules import Cells

KINDS = frozenset({"change_from_previous", "not_above_measure"})


@dataclass
class _Totals:
    """``not_above_measure``: a column's sum per local authority area, and its first row."""

    sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    first_row: dict[str, int] = field(default_factory=dict)


class CrossReturn:
    """The cross-return rules of a contract, over one return."""

    def __init__(self, contract: FeedContract, ctx: ReturnContext, letters: dict[str, str]) -> None:
        self.contract = contract
        self.ctx = ctx
        self.letters = letters
        self.rules = [r for r in contract.rules if r.kind in KINDS]
        self.checked = ctx.warehouse is not None
        self.failures: dict[str, list[Issue]] = {r.code: [] for r in self.rules}
        self._totals = {r.code: _Totals() for r in self.rules if r.kind == "not_above_measure"}

    def add(self, cells: Cells, excluded: np.ndarray) -> None:
        """Check a batch; ``excluded`` marks rows that take part in no cross-return rule
        (another agency's areas)."""
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
            for i in np.flatnonzero(usable).tolist():
                if rule.kind == "change_from_previous":
                    self._change(rule, numbers[i], areas[i], dims[i] or None, float(values[i]))
                else:
                    self._total(rule, numbers[i], areas[i], float(values[i]))

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

    def _total(self, rule: Rule, row: int, area: str, value: float) -> None:
        wh = self.ctx.warehouse
        assert wh is not None
        parent = wh.parent_area(area) or area
        totals = self._totals[rule.code]
        totals.sums[parent] += value
        totals.first_row.setdefault(parent, row)

    def finish(self) -> None:
        """Judge the totals once every row is in."""
        wh = self.ctx.warehouse
        for rule in self.rules:
            if rule.kind != "not_above_measure" or wh is None:
                continue
            col = rule.columns[0]
            totals = self._totals[rule.code]
            for area, total in totals.sums.items():
                limit = wh.measure_value(rule.params["measure"], area, self.ctx.period)
                if limit is not None and total > limit:
                    self.failures[rule.code].append(
                        Issue(
                            rule.code,
                            rule.severity,
                            f"{rule.message} ({col} {total:g} for {area} against "
                            f"{rule.params['measure']} {limit:g} already loaded)",
                            row=totals.first_row[area],
                            column=col,
                            letter=self.letters.get(col),
                            value=f"{total:g}",
                        )
                    )
