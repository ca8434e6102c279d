"""The hub's view of a data contract: columns, rules and delivery settings.

Contracts are written in the ODCS v3 shape and parsed with ``open-data-contract-standard``;
this module turns that general model into the few things the hub acts on, so the rest of
the code never walks ODCS structures itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "query"]
Scope = Literal["item", "record", "return"]

LOGICAL_TYPES = ("string", "integer", "number", "date", "boolean")

RuleKind = Literal[
    "type",  # a cell must parse as the column's type (structural, before the rules)
    "required",  # a value must be present
    "range",  # minimum / maximum
    "pattern",  # regular expression
    "allowed_values",  # one of a list
    "unique",  # the natural key appears once
    "row_count",  # the number of rows in the return
    "own_area",  # rows only for the areas of the delivering agency
    "period_match",  # the period column names the return's period
    "in_period",  # a date falls inside the reporting period
    "not_in_future",  # a date is not after the day the return arrived
    "not_above",  # a column is not above another column in the same row
    "sum_equals",  # a total equals the sum of its parts
    "change_from_previous",  # cross-return: a figure moves less than a share from last period
    "not_above_measure",  # cross-return: not above a measure already in the warehouse
    "return_period",  # the return's period has begun (error) and ended (query) when it arrives
]

#: Rule kinds checked against the warehouse rather than the file alone.
CROSS_RETURN_KINDS = frozenset({"change_from_previous", "not_above_measure"})


@dataclass(frozen=True)
class Column:
    name: str
    logical_type: str
    position: int
    label: str = ""
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    allowed_values: tuple[str, ...] | None = None
    measure: str | None = None
    pseudonymise: bool = False
    description: str = ""

    @property
    def letter(self) -> str:
        """Spreadsheet column letter (A, B, …, AA) of this column in the contract's order."""
        return column_letter(self.position)


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    severity: Severity
    scope: Scope
    message: str
    columns: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def cross_return(self) -> bool:
        return self.kind in CROSS_RETURN_KINDS


@dataclass(frozen=True)
class FeedContract:
    """One feed: what its returns look like and how they arrive."""

    id: str
    version: str
    name: str
    path: Path
    table: str
    agencies: tuple[str, ...]
    level: Literal["aggregate", "child"]
    grain: Literal["month", "quarter", "year"]
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...]
    key: tuple[str, ...]
    period_column: str | None = None
    area_column: str | None = None
    date_column: str | None = None
    dimension_column: str | None = None
    event_column: str | None = None
    formats: tuple[str, ...] = ("csv", "xlsx", "json")
    due_days: int = 15
    #: Days a superseded or rejected return's raw file is kept (the data-sharing
    #: agreement's retention); None keeps raw files for good.
    retention_days: int | None = None
    schedule: str | None = None
    source: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    on_row_error: Literal["reject_return", "hold_rows"] = "reject_return"
    description: str = ""
    #: Most rows a return of this feed can have: a reader refuses a file with more
    #: before expanding it (``maxRows``).
    max_rows: int = 10_000
    #: Largest share of a return's rows that may be held back while the rest loads
    #: without a steward (``maxHeldShare``; see ``docs/acceptance.md``).
    max_held_share: float = 0.01
    #: The partnership's choice that this feed's figures wait until someone at the
    #: agency authorises the return (``authorisation: required``; ``docs/acceptance.md``).
    authorisation_required: bool = False
    #: What people call the return ("CSC activity"; ``shortName``): the pages' titles.
    short_name: str = ""

    @property
    def label(self) -> str:
        """The return's everyday name, else its full one."""
        return self.short_name or self.name

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def measure_columns(self) -> list[Column]:
        return [c for c in self.columns if c.measure]

    def period_in_filename(self, filename: str) -> str | None:
        """The period a file's name gives it, where the contract's source path names files
        by period (``la-csc-activity/{agency}/{period}.csv`` names ``2022-02.csv``); any
        accepted format's extension will do. None when the name says nothing."""
        import re

        template = str(self.source.get("path") or "").rsplit("/", 1)[-1]
        if "{period}" not in template:
            return None
        stem = template.rsplit(".", 1)[0] if "." in template else template
        pattern = "".join(
            "(?P<period>[0-9]{4}-(?:[0-9]{2}|Q[1-4]))"
            if part == "{period}"
            else "[^/]+"
            if part.startswith("{")
            else re.escape(part)
            for part in re.split(r"(\{[a-z]+\})", stem)
        )
        formats = "|".join(re.escape(f) for f in (*self.formats, "txt"))
        found = re.fullmatch(f"{pattern}\\.(?:{formats})", filename.strip(), flags=re.IGNORECASE)
        return found["period"].upper() if found else None

    def rule(self, code: str) -> Rule:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)


def column_letter(position: int) -> str:
    """1 → A, 27 → AA, as spreadsheets name columns."""
    letters = ""
    n = position
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
