"""What every reader hands on: batches of text columns with their spreadsheet row numbers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc

from workers.arrow import false, text
from workers.contracts.model import FeedContract
from workers.issues import Issue

#: Opens the return's bytes afresh; a reader may read them more than once.
Opener = Callable[[], BinaryIO]


class ReaderRestart(Exception):
    """A reader met something it cannot number exactly: read the file again after
    ``ReturnReader.fallback``."""


#: Rows per batch for readers that build their batches themselves (workbooks, JSON).
BATCH_ROWS = 32_768


@dataclass
class TextBatch:
    """Rows of a return as text, one Arrow string array per contract column (file order).

    ``numbers`` are the rows' spreadsheet numbers (the header is row 1), blank rows left
    out but counted; ``not_scalar`` marks cells that held an object or a list (JSON),
    which are of no type.
    """

    numbers: pa.Array
    columns: dict[str, pa.Array]
    not_scalar: dict[str, pa.Array] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.numbers)

    def without_blank_rows(self) -> TextBatch | None:
        """The batch without the rows whose every cell is missing by the type grammar's
        reading (blank or spaces; Excel leaves such rows at the end); None when no row
        is left. The one definition of a blank row, whatever the format."""
        blank = None
        for name, column in self.columns.items():
            missing = pc.equal(pc.utf8_trim_whitespace(column), text(""))
            if name in self.not_scalar:  # an object or a list is something, not a blank
                missing = pc.and_(missing, pc.invert(self.not_scalar[name]))
            blank = missing if blank is None else pc.and_(blank, missing)
            if not pc.any(blank).as_py():
                return self  # the first column alone usually shows there is none
        if blank is None:
            return self
        kept = pc.invert(pc.fill_null(blank, false()))
        numbers = pc.filter(self.numbers, kept)
        if not len(numbers):
            return None
        return TextBatch(
            numbers,
            {n: pc.filter(c, kept) for n, c in self.columns.items()},
            {n: pc.filter(c, kept) for n, c in self.not_scalar.items()},
        )


@dataclass(frozen=True)
class Limits:
    """How much a return of one feed may hold, checked before anything is expanded."""

    max_rows: int
    max_columns: int
    #: Cells a workbook's used range may span (rows times columns), whatever its rows hold.
    max_cells: int = 40_000_000
    #: Bytes of CSV parsed per batch: about 35,000 rows of a child-level return, and
    #: about 90 MB of the reader's memory at its peak (a quarter of it holds a third).
    block_bytes: int = 2 << 20

    @classmethod
    def of(cls, contract: FeedContract) -> Limits:
        return cls(max_rows=contract.max_rows, max_columns=max(64, 4 * len(contract.columns)))


class ReturnReader:
    """A return whose header matched its contract, ready to be read in batches.

    ``columns`` are the contract's names of the file's columns in the file's order;
    ``ragged`` the issues of rows that could not be split into those columns (found as
    the batches are read).
    """

    format: str = ""
    encoding: str | None = None
    #: Whole numbers in a date column are Excel's serial dates (workbooks only).
    serial_dates: bool = False

    def __init__(self, contract: FeedContract, filename: str, columns: list[str], limits: Limits):
        self.contract = contract
        self.filename = filename
        self.columns = columns
        self.limits = limits
        self.ragged: list[Issue] = []

    def fallback(self) -> bool:
        """Switch to a slower, exact way of reading after ``ReaderRestart``; False when
        there is none (the reader already reads the exact way)."""
        return False

    def batches(self, only: set[str] | None = None) -> Iterator[TextBatch]:
        """The rows, a batch at a time; ``only`` keeps just those columns (a cheaper read
        for a first look at one column). Each call reads the file from the start."""
        raise NotImplementedError
