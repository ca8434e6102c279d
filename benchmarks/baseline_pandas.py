"""The straightforward way to check and load a child-level return, for comparison.

pandas ``read_csv``, the child identifier hashed with the same keyed hash, the
``la-csc-episodes`` contract's rules as Great Expectations 1.x expectations on the
DataFrame, then ``DataFrame.to_sql`` into PostgreSQL. It is what a careful analyst would
write in an afternoon, and what the fast path must beat by ten times. Run as its own
process so its peak memory is measured apart from the runner's:

    python -m benchmarks.baseline_pandas FILE postgresql+psycopg://…/sdh_bench
"""

from __future__ import annotations

import argparse
import logging
import warnings
from datetime import date, datetime

from benchmarks.generate import EVENTS  # the contract's event types, as the generator writes them

ETHNICITY = [
    "WBRI",
    "WIRI",
    "WIRT",
    "WOTH",
    "WROM",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
    "REFU",
    "NOBT",
]
REQUIRED = ["child_id", "area_code", "event_type", "event_date", "age", "gender", "ethnicity"]


def expectations(gx, period_start: date, period_end: date, received_on: date, areas: list[str]):
    """The contract's rules, one expectation each, as GX spells them."""
    e = gx.expectations
    day = datetime.min.time()
    out = [e.ExpectColumnValuesToNotBeNull(column=c) for c in REQUIRED]
    out += [
        e.ExpectColumnValuesToMatchRegex(column="child_id", regex=r"^[A-Za-z0-9-]{4,20}$"),
        e.ExpectColumnValuesToMatchRegex(column="area_code", regex=r"^E\d{8}$"),
        e.ExpectColumnValuesToMatchRegex(
            column="assessment_factors", regex=r"^\d{1,2}[A-F]?(,\d{1,2}[A-F]?)*$"
        ),
        e.ExpectColumnValuesToBeInSet(column="event_type", value_set=EVENTS),
        e.ExpectColumnValuesToBeInSet(column="gender", value_set=["0", "1", "2", "9"]),
        e.ExpectColumnValuesToBeInSet(column="ethnicity", value_set=ETHNICITY),
        e.ExpectColumnValuesToBeInSet(column="area_code", value_set=areas),
        e.ExpectColumnValuesToBeBetween(column="age", min_value=0, max_value=17),
        e.ExpectColumnValuesToBeBetween(
            column="event_date",
            min_value=datetime.combine(period_start, day),
            max_value=datetime.combine(period_end, day),
        ),
        e.ExpectColumnValuesToBeBetween(
            column="event_date", max_value=datetime.combine(received_on, day)
        ),
        e.ExpectCompoundColumnsToBeUnique(column_list=["child_id", "event_type", "event_date"]),
        e.ExpectTableRowCountToBeBetween(min_value=1),
        e.ExpectTableRowCountToBeBetween(min_value=50),
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("database_url")
    parser.add_argument("--key", default="benchmark-key")
    args = parser.parse_args()

    import hashlib
    import hmac

    import pandas as pd
    from sqlalchemy import create_engine

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx

    frame = pd.read_csv(args.path, dtype=str, keep_default_na=False, na_values=[""])
    key = args.key.encode()
    frame["child_id"] = frame["child_id"].map(
        lambda v: (
            v
            if pd.isna(v)
            else hmac.new(key, v.strip().upper().encode(), hashlib.sha256).hexdigest()[:32]
        )
    )
    frame["age"] = pd.to_numeric(frame["age"], errors="coerce")
    frame["event_date"] = pd.to_datetime(frame["event_date"], format="%Y-%m-%d", errors="coerce")

    context = gx.get_context(mode="ephemeral")
    batch = (
        context.data_sources.add_pandas("returns")
        .add_dataframe_asset("return")
        .add_batch_definition_whole_dataframe("whole")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    suite = gx.ExpectationSuite(
        name="la-csc-episodes",
        expectations=expectations(
            gx, date(2022, 1, 1), date(2022, 1, 31), date(2022, 2, 10), ["E10000003"]
        ),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    failed = [r.expectation_config.type for r in result.results if not r.success]

    engine = create_engine(args.database_url)
    frame.to_sql("child_event_baseline", engine, if_exists="replace", index=False, chunksize=10_000)
    print(f"{len(frame)} rows loaded; {len(failed)} expectation(s) failed: {failed}")


if __name__ == "__main__":
    main()
