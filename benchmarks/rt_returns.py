"""Small returns for the runtime benchmarks, cut from the sample generator's files.

The sample generator writes realistic child-level returns (``la-csc-episodes``, a few
hundred rows a month per local authority); the benchmarks push the first rows of many
months, so every return is a different file for a different period and passes its rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workers.sample.generate import generate_samples

CONTRACT = "la-csc-episodes"


@dataclass(frozen=True)
class SmallReturn:
    agency: str
    period: str
    path: Path
    rows: int


def episode_returns(out_dir: Path, count: int, rows: int) -> list[SmallReturn]:
    """``count`` child-level returns of ``rows`` rows each, oldest month first.

    Financial years 2016-17 to 2020-21 give 60 months for each of the two local
    authorities: up to 120 different returns. 2020-21 is the seed year, so no file carries
    a planted defect."""
    months = min(60, (count + 1) // 2)
    samples = generate_samples(out_dir / "samples", 2016, 2020, child_level_months=months)
    episodes = sorted(
        (s for s in samples if s.contract == CONTRACT), key=lambda s: (s.period, s.agency)
    )
    if len(episodes) < count:
        raise ValueError(f"only {len(episodes)} sample returns for {count} wanted")
    picked = []
    for sample in episodes[:count]:
        lines = sample.path.read_text().splitlines(keepends=True)
        path = out_dir / "returns" / f"{sample.agency}_{sample.period}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines[: rows + 1]))
        picked.append(SmallReturn(sample.agency, sample.period, path, min(rows, len(lines) - 1)))
    return picked
