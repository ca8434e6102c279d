"""Large la-csc-episodes returns for the benchmarks: one month, N rows, valid by default.

Rows are written straight to CSV with the csv module (no pandas), seeded, so every run
measures the same bytes. ``defects`` plants a few rows that break rules, spread through
the file, for the correctness check of the fast path.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

COLUMNS = [
    "child_id",
    "area_code",
    "event_type",
    "event_date",
    "assessment_factors",
    "age",
    "gender",
    "ethnicity",
]
EVENTS = [
    "contact",
    "referral",
    "assessment",
    "s47",
    "icpc",
    "cp_start",
    "cp_end",
    "care_start",
    "care_end",
    "early_help",
]
ETHNICITY = ["WBRI"] * 12 + [
    "WOTH",
    "WIRI",
    "MWBC",
    "MOTH",
    "AOTH",
    "APKN",
    "BAFR",
    "CHNE",
    "OOTH",
    "NOBT",
]
FACTORS = ["", "", "", "1A", "2B", "3A,4B", "6A", "8B,17A", "21", "5B,6A,10A"]

REPEAT = "(repeat)"
DEFECTS = (
    ("age", "17.5"),  # not a whole number: type.age
    ("event_date", "2021-12-31"),  # outside the month: period.date
    ("event_type", "visit"),  # not an allowed event: EPI-002
    ("child_id", "bad id!"),  # fails the identifier pattern
    ("gender", "7"),  # not a DfE gender code
    ("age", ""),  # missing: required.age
    ("area_code", "E10000015"),  # another agency's area: agency.area
    ("event_date", "2030-01-01"),  # after receipt and outside the month
    ("age", "25"),  # over 17: range.age
    ("assessment_factors", "1Z"),  # not a factor code
    ("ethnicity", " WBRI "),  # spaces around a valid code: not a defect
    ("event_date", "1/1/2022 "),  # a UK date: not a defect
    (REPEAT, ""),  # the previous row again: both break unique.key
)


def generate(
    path: Path, rows: int, month: date = date(2022, 1, 1), seed: int = 7, defects: int = 0
) -> Path:
    rng = random.Random(seed)
    days = [
        (month + timedelta(days=d)).isoformat()
        for d in range(31)
        if (month + timedelta(days=d)).month == month.month
    ]
    every = rows // defects if defects else 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(COLUMNS)
        previous: list[str] = []
        for i in range(rows):
            row = [
                f"CAM-{i:07d}",
                "E10000003",
                EVENTS[i % 10],
                days[i % len(days)],
                rng.choice(FACTORS),
                str(rng.randrange(0, 18)),
                rng.choice("1122209"),
                rng.choice(ETHNICITY),
            ]
            if every and i % every == every // 2:
                column, value = DEFECTS[(i // every) % len(DEFECTS)]
                if column == REPEAT:
                    row = previous
                else:
                    row[COLUMNS.index(column)] = value
            out.writerow(row)
            previous = row
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--defects", type=int, default=0)
    args = parser.parse_args()
    generate(args.path, args.rows, defects=args.defects)


if __name__ == "__main__":
    main()
