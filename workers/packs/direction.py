"""Is a change news? The rules a pack uses to call a movement better, worse, up, down or
about the same.

A reader compares two printed figures, so every judgement here is made on the figures as
printed (rounded half up to the measure's precision):

1. Either figure missing: ``no_data`` (never "same": nothing was compared).
2. The change is within the measure's tolerance band (``Tolerance`` in the catalogue, or
   :data:`DEFAULT_TOLERANCE`): ``same``, printed "about the same". A band in ``percent``
   is a share of the earlier figure (from 0 any change is outside it); one in
   ``absolute`` is in the measure's unit (percentage points for a percentage).
3. Outside the band, a measure with a preferred direction (``up_good``, ``down_good``)
   is ``better`` or ``worse``; a ``neutral`` one is only ``up`` or ``down``.

The band is inclusive: a change exactly on its edge is still "about the same".
"""

from __future__ import annotations

from dataclasses import dataclass

from workers.contracts.catalogue import Measure, Tolerance
from workers.numbers import round_half_up
from workers.packs.model import Status

#: The band of a measure whose catalogue entry sets none: 2 points for a percentage (a
#: share moves in points, and 2 is past the noise of a quarter's few hundred cases), 5% of
#: the earlier figure for counts, rates and days (443 → 450 missing episodes is +1.6%).
DEFAULT_TOLERANCE: dict[str, Tolerance] = {
    "percent": Tolerance(value=2, unit="absolute"),
    "other": Tolerance(value=5, unit="percent"),
}


@dataclass(frozen=True)
class Band:
    """A measure's tolerance band as a pack uses and prints it."""

    value: float
    unit: str  # percent | absolute
    default: bool  # the catalogue sets none

    def contains(self, delta: float, before: float) -> bool:
        if self.unit == "absolute":
            return abs(delta) <= self.value + 1e-9
        if before == 0:
            return delta == 0
        return abs(delta) / abs(before) * 100 <= self.value + 1e-9


def band_for(measure: Measure) -> Band:
    """The measure's own band, or the default for its unit."""
    if measure.tolerance is not None:
        return Band(measure.tolerance.value, measure.tolerance.unit, default=False)
    default = DEFAULT_TOLERANCE["percent" if measure.unit == "percent" else "other"]
    return Band(default.value, default.unit, default=True)


def printed(value: float | None, precision: int) -> float | None:
    """The figure as the pack prints it (a half rounds up)."""
    return None if value is None else round_half_up(value, precision)


def change(current: float | None, before: float | None, precision: int) -> float | None:
    """Current minus earlier, of the figures as printed, so the change a reader sees is the
    difference of the two numbers beside it."""
    now, then = printed(current, precision), printed(before, precision)
    if now is None or then is None:
        return None
    return round_half_up(now - then, precision)


def judge(
    current: float | None, before: float | None, polarity: str, band: Band, precision: int
) -> Status:
    """The direction of the move from ``before`` to ``current`` (see the module's rules)."""
    delta = change(current, before, precision)
    then = printed(before, precision)
    if delta is None or then is None:
        return "no_data"
    if band.contains(delta, then):
        return "same"
    if polarity == "neutral":
        return "up" if delta > 0 else "down"
    return "better" if (delta > 0) == (polarity == "up_good") else "worse"
