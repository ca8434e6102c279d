"""What of a failing cell a steward or an agency may see.

A child identifier must never be stored or shown as sent, wherever it arrives: in its own
column it is hashed at the door, but a return with two columns swapped carries raw
identifiers in a column that is not hashed. So the text of a cell is shown only when it
cannot be an identifier: it was read as a date or a yes/no, or it has no digit, or it
matches none of the contract's identifier patterns (an age of 12 and an event "visit"
are shown; a six-digit "age" and an area code "ABC123" are not).
Otherwise the steward sees its shape ("6 characters, letters and digits"), which is
enough to see what went wrong.
"""

from __future__ import annotations

import functools
import re

from workers.contracts.model import FeedContract

WITHHELD = "(withheld)"
_SHOW = 200
#: The shape of a date written with numbers (2021-13-01, 31/02/2021): shown, as no
#: identifier is written so.
_DATE_SHAPE = re.compile(r"^[0-9]{1,4}[-/. ][0-9]{1,2}[-/. ][0-9]{1,4}$")


@functools.lru_cache(maxsize=64)
def _identifier_patterns(contract: FeedContract) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(c.pattern) for c in contract.columns if c.pseudonymise and c.pattern)


def could_identify(contract: FeedContract, text: str) -> bool:
    """Whether ``text`` looks like one of the contract's child identifiers: it has a
    digit (no case management system issues identifiers of letters alone) and matches an
    identifier's pattern (any text with a digit, where the identifier has no pattern)."""
    if (
        not any(c.pseudonymise for c in contract.columns)
        or not any(ch.isdigit() for ch in text)
        or _DATE_SHAPE.match(text)
    ):
        return False

    patterns = _identifier_patterns(contract)
    if not patterns:
        return True
    return any(p.search(text) for p in patterns)


def shape(text: str) -> str:
    """A value's shape without the value: its length and the kinds of character in it."""
    kinds = []
    if any(ch.isalpha() for ch in text):
        kinds.append("letters")
    if any(ch.isdigit() for ch in text):
        kinds.append("digits")
    if any(not ch.isalnum() for ch in text):
        kinds.append("other characters")
    what = " and ".join(kinds) or "nothing"
    return f"{WITHHELD}: {len(text)} characters, {what}"


def _fits_its_column(contract: FeedContract, column: str, text: str) -> bool:
    """The value is one its own column allows (its pattern, its codes): an area code in
    the area column is an area code, whatever an identifier looks like."""
    col = contract.column(column)
    if col.allowed_values is not None and text in col.allowed_values:
        return True
    return col.pattern is not None and re.search(col.pattern, text) is not None


def shown(contract: FeedContract, column: str, text: str | None, typed: bool = False) -> str:
    """The cell as a report may show it. ``typed``: the cell was read as a date or a
    yes/no (no identifier reads as one)."""
    if text is None:
        return ""
    if contract.column(column).pseudonymise:
        return WITHHELD
    value = text.strip()
    if (
        not typed
        and could_identify(contract, value)
        and not _fits_its_column(contract, column, value)
    ):
        return shape(value)
    return value[:_SHOW]
