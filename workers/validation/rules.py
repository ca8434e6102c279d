"""The contract's row rules, compiled once per contract, each kind implemented once.

A rule is checked on a batch of typed columns (``Cells``) and gives a mask of the rows
that break it. The semantics every kind shares: a missing cell is reported by
``required`` only, a cell that is not of its column's type by ``type`` only, and the
other rules look only at cells that are present and typed. Rules that need more than a
row (``unique``, the cross-return rules, ``row_count``, the period of the return) live in
``uniqueness``, ``cross_return`` and ``engine``; ``IMPLEMENTED`` names every kind the
path checks, so a contract naming any other kind is refused when it is compiled, never
skipped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from workers.arrow import day, false, integer, none, number, string_array, text
from workers.contracts.model import FeedContract, Rule
from workers.errors import ContractError
from workers.validation.context import ReturnContext
from workers.validation.grammar import TypedColumn

#: Kinds checked row by row here.
ROW_KINDS = frozenset(
    {
        "type",
        "required",
        "range",
        "pattern",
        "allowed_values",
        "own_area",
        "period_match",
        "in_period",
        "not_in_future",
        "not_above",
        "sum_equals",
    }
)
#: Every kind the path checks: row rules, and those over the whole return.
IMPLEMENTED = ROW_KINDS | {
    "unique",
    "row_count",
    "return_period",
    "change_from_previous",
    "not_above_measure",
}

#: What each kind checks, as ``docs/rules.md`` prints it.
KIND_DOCS = {
    "type": "a present cell must be of its column's type (the grammar above); a blank cell "
    "is left to `required`",
    "required": "the cell must not be blank (empty, or spaces only)",
    "range": "a number (or date) at least its minimum and at most its maximum",
    "pattern": "the trimmed text matches the column's regular expression (RE2 syntax; "
    "`\\d` is 0-9; a pseudonymised identifier is matched before it is hashed)",
    "allowed_values": "the trimmed text is one of the listed codes (case matters)",
    "own_area": "the area is one of the delivering agency's areas",
    "period_match": "the period column names the return's period",
    "in_period": "the date falls inside the return's period",
    "not_in_future": "the date is not after the day the return arrived",
    "not_above": "a figure is not above another figure of the same row",
    "sum_equals": "a total equals the sum of its parts, in the same row",
    "unique": "no two rows share the key (typed values; an identifier without regard to "
    "case or surrounding space); every row of a repeated key fails",
    "row_count": "the return has between the minimum and maximum number of rows",
    "return_period": "the return's period has begun on the day it arrives (error) and has "
    "ended (query)",
    "change_from_previous": "a figure moves less than a share from the same area's figure "
    "for the period before, in the agency's own earlier returns",
    "not_above_measure": "a figure summed over an area's districts is not above a measure "
    "another feed has already loaded for that area and period",
}


@dataclass
class Cells:
    """One batch as the rules read it: each column typed once."""

    columns: dict[str, TypedColumn]
    numbers: pa.Array
    #: Columns holding child identifiers (their ``text`` is the raw identifier, trimmed).
    identifiers: frozenset[str] = frozenset()
    _valid: dict[tuple[str, ...], pa.Array] = field(default_factory=dict)

    def valid(self, *names: str) -> pa.Array:
        """Rows where every one of the columns is present and of its type."""
        if names not in self._valid:
            mask = self.columns[names[0]].ok
            for name in names[1:]:
                mask = pc.and_(mask, self.columns[name].ok)
            self._valid[names] = mask
        return self._valid[names]

    def value(self, name: str) -> pa.Array:
        return self.columns[name].value

    def text(self, name: str) -> pa.Array:
        return self.columns[name].text

    @property
    def rows(self) -> int:
        return len(self.numbers)


Check = Callable[[Cells, ReturnContext], pa.Array]


@functools.cache
def _compiles(pattern: str) -> bool:
    try:
        pc.match_substring_regex(pa.nulls(1, pa.string()), pattern)
    except pa.ArrowInvalid:
        return False
    return True


def _scalar(value: object, logical_type: str) -> pa.Scalar:
    if logical_type == "integer":
        return integer(int(value))  # type: ignore[call-overload]
    if logical_type == "number":
        return number(float(value))  # type: ignore[arg-type]
    if logical_type == "date":
        from datetime import date

        return day(value if isinstance(value, date) else date.fromisoformat(str(value)))
    raise ContractError(f"a range needs a number or date column, not {logical_type}")


def _outside(values: pa.Array, lo: pa.Scalar | None, hi: pa.Scalar | None) -> pa.Array | None:
    parts = []
    if lo is not None:
        parts.append(pc.less(values, lo))
    if hi is not None:
        parts.append(pc.greater(values, hi))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else pc.or_(parts[0], parts[1])


def _and_valid(cells: Cells, mask: pa.Array | None, *names: str) -> pa.Array:
    if mask is None:
        return none(cells.rows)
    return pc.fill_null(pc.and_(cells.valid(*names), mask), false())


def compile_rule(rule: Rule, contract: FeedContract) -> Check:
    """The check of one row rule; ``ContractError`` for a rule the path cannot check."""
    kind = rule.kind
    cols = rule.columns
    col = cols[0] if cols else ""
    if kind not in IMPLEMENTED:
        raise ContractError(
            f"{contract.id}: rule {rule.code}: kind {kind!r} is not checked by the hub"
        )
    if kind == "type":
        return lambda cells, ctx: cells.columns[col].bad
    if kind == "required":
        return lambda cells, ctx: cells.columns[col].missing
    if kind == "range":
        ltype = contract.column(col).logical_type
        lo = None if rule.params.get("min") is None else _scalar(rule.params["min"], ltype)
        hi = None if rule.params.get("max") is None else _scalar(rule.params["max"], ltype)
        return lambda cells, ctx: _and_valid(cells, _outside(cells.value(col), lo, hi), col)
    if kind == "pattern":
        pattern = rule.params["pattern"]
        if not _compiles(pattern):
            raise ContractError(
                f"{contract.id}: rule {rule.code}: pattern {pattern!r} is not a regular "
                "expression the hub can check (RE2 syntax: no look-arounds or backreferences)"
            )
        return lambda cells, ctx: _and_valid(
            cells, pc.invert(pc.match_substring_regex(cells.text(col), pattern)), col
        )
    if kind == "allowed_values":
        allowed = string_array([str(v) for v in rule.params["values"]])
        return lambda cells, ctx: _and_valid(
            cells, pc.invert(pc.is_in(cells.text(col), value_set=allowed)), col
        )
    if kind == "own_area":
        return lambda cells, ctx: _and_valid(
            cells,
            pc.invert(pc.is_in(cells.text(col), value_set=string_array(list(ctx.agency_areas)))),
            col,
        )
    if kind == "period_match":
        return lambda cells, ctx: _and_valid(
            cells, pc.not_equal(cells.text(col), text(ctx.period.label)), col
        )
    if kind == "in_period":
        return lambda cells, ctx: _and_valid(
            cells, _outside(cells.value(col), day(ctx.period.start), day(ctx.period.end)), col
        )
    if kind == "not_in_future":
        return lambda cells, ctx: _and_valid(
            cells, pc.greater(cells.value(col), day(ctx.received_on)), col
        )
    if kind == "not_above":
        other = cols[1]
        return lambda cells, ctx: _and_valid(
            cells, pc.greater(cells.value(col), cells.value(other)), col, other
        )
    if kind == "sum_equals":
        total, *parts = cols

        def check(cells: Cells, ctx: ReturnContext) -> pa.Array:
            added = cells.value(parts[0])
            for part in parts[1:]:
                added = pc.add(added, cells.value(part))
            return _and_valid(cells, pc.not_equal(cells.value(total), added), total, *parts)

        return check
    raise ContractError(f"{contract.id}: rule {rule.code}: kind {kind!r} is not a row rule")


@dataclass(frozen=True)
class CompiledRules:
    """A contract's row rules, ready to run on any batch of its returns."""

    contract: FeedContract
    checks: tuple[tuple[Rule, Check], ...]

    def masks(self, cells: Cells, ctx: ReturnContext) -> list[tuple[Rule, pa.Array]]:
        return [(rule, check(cells, ctx)) for rule, check in self.checks]


@functools.lru_cache(maxsize=64)
def compile_rules(contract: FeedContract) -> CompiledRules:
    """Every rule of the contract checked by the path: the row rules compiled, the
    others known (``ContractError`` for a kind the path has no implementation of)."""
    checks = []
    for rule in contract.rules:
        if rule.kind not in IMPLEMENTED:
            raise ContractError(
                f"{contract.path.name}: rule {rule.code}: kind {rule.kind!r} is not checked "
                "by the hub"
            )
        if rule.kind in ROW_KINDS:
            checks.append((rule, compile_rule(rule, contract)))
    return CompiledRules(contract, tuple(checks))
