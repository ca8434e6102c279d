"""Numbers as a statistician prints them.

Python's ``round`` and ``format`` round a half to the even neighbour (12.5 → 12); Excel
and the Government Statistical Service round it up, away from zero (12.5 → 13). Every
figure the hub prints goes through here, so a pack, a report and a spreadsheet agree.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float, digits: int = 0) -> float:
    """``value`` to ``digits`` decimal places, a half away from zero.

    The float is read through its shortest decimal form (``repr``), so 2.675 (stored as
    2.67499999…) rounds to 2.68 as a reader of "2.675" expects."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def format_number(value: float, digits: int = 0, *, thousands: bool = True) -> str:
    """``value`` printed with ``digits`` decimals, a half rounded up, with thousands
    separators unless told otherwise; never "-0"."""
    rounded = round_half_up(value, digits)
    if rounded == 0:
        rounded = 0.0
    return f"{rounded:,.{digits}f}" if thousands else f"{rounded:.{digits}f}"
