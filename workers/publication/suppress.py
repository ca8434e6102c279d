"""Small-number suppression of a table of counts, primary and secondary.

Primary: a count from 1 to 4 is shown as "<5" (zero is shown; an absent figure is "—").
Secondary: where a table publishes a total, a single hidden count on the total's line
could be worked out by subtraction (total minus the other cells), so a second cell on
that line is hidden too ("[c]"). Hiding it can leave another line with a single hidden
cell, so the search runs until no row or column with a total has exactly one.

The second cell hidden is the smallest non-zero count on the line (the least information
lost, and a zero is often known from elsewhere), then a zero, and the total only when
nothing else is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from workers.numbers import format_number, round_half_up

THRESHOLD = 5
PRIMARY_MARK = "<5"
SECONDARY_MARK = "[c]"
MISSING_MARK = "—"

Reason = Literal["primary", "secondary"]


@dataclass(frozen=True)
class Shown:
    """One cell as published: ``text`` is what may be printed; ``value`` never is when the
    cell is suppressed (it is kept only so callers can test the result)."""

    value: float | None
    text: str
    suppression: Reason | None = None

    @property
    def suppressed(self) -> bool:
        return self.suppression is not None


def _text(value: float | None) -> str:
    return MISSING_MARK if value is None else format_number(value)


def suppress(
    grid: Sequence[Sequence[float | None]],
    *,
    total_column: bool = False,
    total_row: bool = False,
    threshold: int = THRESHOLD,
) -> list[list[Shown]]:
    """The grid as it may be published.

    ``total_column``: the last value of each row is that row's total; ``total_row``: the
    last row holds the columns' totals. Only lines with a published total can give a hidden
    cell away, so only they are checked for secondary suppression. ``None`` is a figure
    that does not exist (no data): it is never suppressed and hides nothing.
    """
    rows = [list(r) for r in grid]
    width = len(rows[0]) if rows else 0
    if any(len(r) != width for r in rows):
        raise ValueError("every row of the table must have the same number of cells")
    state: dict[tuple[int, int], Reason] = {}
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            # Rounded as printed (a half up), so no cell shows a count the check let by.
            if value is not None and 0 < round_half_up(value) < threshold:
                state[(i, j)] = "primary"

    lines: list[list[tuple[int, int]]] = []
    if total_column:
        lines += [[(i, j) for j in range(width)] for i in range(len(rows))]
    if total_row:
        lines += [[(i, j) for i in range(len(rows))] for j in range(width)]

    def is_total(cell: tuple[int, int]) -> bool:
        return (total_column and cell[1] == width - 1) or (total_row and cell[0] == len(rows) - 1)

    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [c for c in line if c in state]
            if len(hidden) != 1:
                continue
            open_cells = [c for c in line if c not in state and rows[c[0]][c[1]] is not None]
            if not open_cells:
                continue
            pick = min(
                open_cells,
                key=lambda c: (is_total(c), rows[c[0]][c[1]] == 0, rows[c[0]][c[1]], c),
            )
            state[pick] = "secondary"
            changed = True

    marks = {"primary": PRIMARY_MARK, "secondary": SECONDARY_MARK}
    return [
        [
            Shown(value, marks[state[(i, j)]], state[(i, j)])
            if (i, j) in state
            else Shown(value, _text(value))
            for j, value in enumerate(row)
        ]
        for i, row in enumerate(rows)
    ]


def legend(threshold: int = THRESHOLD) -> str:
    """The note every suppressed table is published with."""
    return (
        f'"{PRIMARY_MARK}": a count from 1 to {threshold - 1}, not shown to protect the '
        f'children concerned. "{SECONDARY_MARK}": not shown so that such a count cannot be '
        f'worked out from a total. "{MISSING_MARK}": no data.'
    )
