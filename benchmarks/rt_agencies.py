"""A benchmark-only catalogue with twenty local authorities, through ``SDH_CONTRACTS_DIR``.

The partnership's own catalogue has two local authorities (five agencies in all), and the
issue's scale-out target asks for returns from twenty. The contracts folder is copied,
eighteen authorities are added (areas ``E069000NN``, clearly not real ONS codes) and
allowed to send ``la-csc-episodes``; their returns are the sample generator's
Cambridgeshire months with the area and the child identifiers made their own. Every
return then does the work of a real one: the same contract, rules, pseudonymisation and
load.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from benchmarks.rt_returns import CONTRACT, SmallReturn
from workers.resources import contracts_dir
from workers.sample.generate import generate_samples

REAL = {"cambridgeshire-cc": "E10000003", "peterborough-cc": "E06000031"}


def bench_agencies(extra: int) -> dict[str, str]:
    """Agency id → its one area code: the two real authorities, then the added ones."""
    added = {f"bench-la-{i:02d}": f"E0690{i:04d}" for i in range(1, extra + 1)}
    return {**REAL, **added}


def write_catalogue(out_dir: Path, agencies: dict[str, str]) -> Path:
    """A copy of ``contracts/`` with the added authorities; returns the folder."""
    target = out_dir / "contracts"
    shutil.copytree(contracts_dir(), target, dirs_exist_ok=True)
    added = {a: area for a, area in agencies.items() if a not in REAL}

    path = target / "catalogue" / "areas.yaml"
    areas = yaml.safe_load(path.read_text())
    for agency, code in added.items():
        areas["areas"].append(
            {
                "code": code,
                "name": f"Benchmark authority {agency[-2:]}",
                "kind": "local_authority",
                "parent": "CPSCP",
            }
        )
    path.write_text(yaml.safe_dump(areas, sort_keys=False))

    path = target / "catalogue" / "agencies.yaml"
    catalogue = yaml.safe_load(path.read_text())
    for agency, code in added.items():
        catalogue["agencies"].append(
            {
                "id": agency,
                "name": f"Benchmark authority {agency[-2:]}",
                "kind": "local_authority",
                "areas": [code],
                "contacts": [f"data@{agency}.example"],
            }
        )
    path.write_text(yaml.safe_dump(catalogue, sort_keys=False))

    path = target / f"{CONTRACT}.odcs.yaml"
    contract = yaml.safe_load(path.read_text())
    for prop in contract["customProperties"]:
        if prop["property"] == "agencies":
            prop["value"] = list(agencies)
    path.write_text(yaml.safe_dump(contract, sort_keys=False))
    return target


def agency_returns(
    out_dir: Path, agencies: dict[str, str], months: int, rows: int
) -> list[SmallReturn]:
    """``months`` monthly returns of ``rows`` rows for each agency (2020-04 onwards)."""
    samples = generate_samples(out_dir / "samples", 2020, 2020, child_level_months=12)
    cambs = sorted(
        (s for s in samples if s.contract == CONTRACT and s.agency == "cambridgeshire-cc"),
        key=lambda s: s.period,
    )[:months]
    returns = []
    for agency, area in agencies.items():
        prefix = agency.upper().replace("-", "")[:8]
        for sample in cambs:
            lines = sample.path.read_text().splitlines(keepends=True)
            body = "".join(lines[1 : rows + 1])
            body = body.replace("E10000003", area).replace("CAM-", f"{prefix}-")
            path = out_dir / "returns" / f"{agency}_{sample.period}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(lines[0] + body)
            returns.append(SmallReturn(agency, sample.period, path, rows))
    return returns
