"""One row of the benchmark table, and the ratios the issue's targets are written in.

Absolute seconds drift on shared 2-core machines; a baseline and a floor measured in
the same run drift with them, so the ratios are what a target is checked against.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Result:
    case: str
    rows: int | None
    ours_s: float
    baseline_s: float | None = None  # the straightforward way (must be slower)
    floor_s: float | None = None  # what the database or OS can do at best (must be faster)
    peak_mb: float | None = None  # peak RSS of the process doing the work
    target: str = ""  # the target in words, e.g. "≤3x floor, ≥10x baseline"
    met: bool | None = None  # None when the case has no pass/fail target
    note: str = ""

    @property
    def vs_floor(self) -> float | None:
        """How many times the floor we take (lower is better, 1.0 is the floor)."""
        return self.ours_s / self.floor_s if self.floor_s else None

    @property
    def vs_baseline(self) -> float | None:
        """How many times faster than the baseline we are (higher is better)."""
        return self.baseline_s / self.ours_s if self.baseline_s and self.ours_s else None

    def as_dict(self) -> dict:
        return {**asdict(self), "vs_floor": self.vs_floor, "vs_baseline": self.vs_baseline}
