"""Which period a return is for ("Which period a return is for", ``docs/acceptance.md``).

The envelope says: the push form or upload, the pull's schedule slot, ``--period``, or
the file's name where the contract's source path names files by period. Rows that
disagree with the envelope break ``period.match`` or ``period.date``, located to the row
and column. Only when nothing says does the hub work the period out from the rows (the
one most rows name), and the receipt says so.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pyarrow.compute as pc

from workers.arrow import bools
from workers.contracts.model import FeedContract, column_letter
from workers.errors import ReturnFileError
from workers.periods import Period, parse_period, period_containing
from workers.reading import ReturnReader
from workers.validation.grammar import type_column


def period_from_rows(contract: FeedContract, reader: ReturnReader) -> Period:
    """The period most rows name (period column) or fall in (date column)."""
    column = contract.period_column or contract.date_column
    if column is None or column not in reader.columns:
        raise ReturnFileError(
            reader.filename,
            f"cannot tell which {contract.grain} this return is for: give the period when "
            "you send it, or name the file for it",
            rule="period.unknown",
        )
    counts: Counter[str] = Counter()
    example: tuple[int, str] | None = None
    for batch in reader.batches(only={column}):
        typed = type_column(
            batch.columns[column],
            contract.column(column),
            serial_dates=reader.serial_dates,
            period_grain=contract.grain if column == contract.period_column else None,
        )
        present = bools(pc.invert(typed.missing))
        if example is None and present.any():
            at = int(present.argmax())
            example = (int(batch.numbers[at].as_py()), str(typed.sent[at].as_py()))
        if column == contract.period_column:
            for label, n in Counter(pc.filter(typed.text, typed.ok).to_pylist()).items():
                try:
                    counts[parse_period(label, contract.grain).label] += n
                except ValueError:
                    continue
        else:
            for day, n in Counter(pc.filter(typed.value, typed.ok).to_pylist()).items():
                if isinstance(day, date):
                    counts[period_containing(day, contract.grain).label] += n
    if not counts:
        letter = reader.columns.index(column) + 1

        found = f"; row {example[0]} has {example[1][:40]!r}" if example else ""
        expected = "2023-04" if contract.grain == "month" else "2023-Q1"
        raise ReturnFileError(
            reader.filename,
            f"cannot tell which {contract.grain} this return is for: no row of column "
            f"{column} names one{found} (expected a {contract.grain} such as {expected}); "
            "give the period when you send it, or name the file for it",
            row=example[0] if example else None,
            column=column,
            letter=column_letter(letter),
            rule="period.unknown",
        )
    return parse_period(counts.most_common(1)[0][0], contract.grain)
