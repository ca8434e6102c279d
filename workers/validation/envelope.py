"""The period a return's envelope gives it ("Which period a return is for",
``docs/acceptance.md``): the push form or upload, the pull's schedule slot, ``--period``,
or the file's name where the contract's source path names files by period. Light to
import: intake calls it for every delivery.
"""

from __future__ import annotations

from workers.contracts.model import FeedContract
from workers.periods import parse_period

#: Where a return's period came from, as a receipt says it.
SOURCES = {
    "form": "as given when it was sent",
    "slot": "the scheduled pull's period",
    "option": "as given with --period",
    "file name": "from the file's name",
    "rows": "worked out from the rows: nothing else said which period it is for",
}


def envelope_period(
    contract: FeedContract, filename: str, given: str | None, source: str
) -> tuple[str | None, str | None]:
    """The period label the envelope gives, and where from (None, None when it says
    nothing). ``ValueError`` for a given period that is not one of the contract's grain."""
    if given:
        return parse_period(given, contract.grain).label, source
    named = contract.period_in_filename(filename)
    if named:
        try:
            return parse_period(named, contract.grain).label, "file name"
        except ValueError:
            return None, None
    return None, None
