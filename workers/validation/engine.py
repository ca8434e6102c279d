"""The one validation path: a return's batches of text → typed columns → identifiers
hashed → every rule → a report, the rows to stage and the complete record of failures.

``check`` drives it. Each batch is typed once (``grammar``), its identifiers checked
against their pattern and sent to the keyed hash (in a helper process for a large
return, one batch ahead so it never waits), its row rules run (``rules``), and then it
is handed to the sink: the typed rows to keep for the load, and each failing row's rule
codes, complete, which are what decides the rows held. After the last batch come the
rules over the whole return: uniqueness of the key (``uniqueness``), the cross-return
rules (``cross_return``), the row count and the return's period.

A report keeps each rule's first ``MAX_SHOWN_PER_RULE`` issues for people to read;
counts, the record of failures and so the holds are always complete.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from workers.arrow import bools, fixed_width, ints, null, string_array
from workers.contracts.model import FeedContract, Rule, column_letter
from workers.issues import Issue, RuleOutcome
from workers.reading import ReaderRestart, ReturnReader, TextBatch
from workers.validation.context import ReturnContext
from workers.validation.cross_return import CrossReturn
from workers.validation.disclosure import WITHHELD, shown
from workers.validation.grammar import type_column
from workers.validation.hashing import PARALLEL_FROM_BYTES, Hasher, Pending, hash_request
from workers.validation.report import MAX_SHOWN_PER_RULE, ValidationReport
from workers.validation.rules import Cells, compile_rules
from workers.validation.uniqueness import Uniqueness, digests, exact_repeats

ROW_LENGTH = Rule(
    "file.row_length",
    "type",
    "error",
    "record",
    "Every row must have as many values as the header",
)


class Sink(Protocol):
    """Where a validation puts what the load needs; used as a context manager around the
    whole validation, which it finishes (or abandons, on an exception) on leaving."""

    def __enter__(self) -> Sink: ...

    def __exit__(self, kind, exc, tb) -> None: ...

    def rows_done(self) -> None:
        """Every row is staged (what comes after may ask the database questions)."""

    def stage(self, numbers: pa.Array, values: dict[str, pa.Array], errors: pa.Array) -> None:
        """Keep a batch's typed rows as the load will need them: ``values`` by contract
        column, an identifier as its pseudonym; ``errors`` marks the rows failing an error
        rule in this batch (they are held unless a steward releases them)."""

    def failed(self, numbers: np.ndarray, codes: pa.Array) -> None:
        """Record that row ``numbers[i]`` fails the rule ``codes[i]``."""

    def reset(self) -> None:
        """Forget everything received: the return is being read again from the start."""


@dataclass
class _Tally:
    """One rule's failures so far."""

    rule: Rule
    failed: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def room(self) -> int:
        return MAX_SHOWN_PER_RULE - len(self.issues)


@dataclass
class _Prepared:
    cells: Cells
    pending: dict[str, tuple[pa.DictionaryArray, Pending]]


def type_batch(contract: FeedContract, reader: ReturnReader, batch: TextBatch) -> Cells:
    """A batch's columns typed by the grammar, ready for the rules."""
    columns = {}
    for name, raw in batch.columns.items():
        columns[name] = type_column(
            raw,
            contract.column(name),
            not_scalar=batch.not_scalar.get(name),
            serial_dates=reader.serial_dates,
            period_grain=contract.grain if name == contract.period_column else None,
        )
    identifiers = frozenset(n for n in columns if contract.column(n).pseudonymise)
    return Cells(columns, batch.numbers, identifiers)


class _Run:
    def __init__(
        self,
        contract: FeedContract,
        reader: ReturnReader,
        ctx: ReturnContext,
        sink: Sink | None,
    ) -> None:
        self.contract = contract
        self.reader = reader
        self.ctx = ctx
        self.hasher: Hasher | None = None
        self.sink = sink
        self.rules = compile_rules(contract)
        self.letters = {n: column_letter(i) for i, n in enumerate(reader.columns, start=1)}
        self.tallies = {r.code: _Tally(r) for r in contract.rules}
        self.tallies[ROW_LENGTH.code] = _Tally(ROW_LENGTH)
        self.uniqueness = Uniqueness(contract)
        self.cross = CrossReturn(contract, ctx, self.letters)
        self.own_area = [r for r in contract.rules if r.kind == "own_area"]
        self.errors = frozenset(r.code for r in contract.rules if r.severity == "error")
        self.error_rows = np.zeros(1 << 12, dtype=bool)
        self.readable = 0

    # --- a batch ------------------------------------------------------------------------

    def prepare(self, batch: TextBatch) -> _Prepared:
        """Type the batch and send its identifiers to the hash."""
        cells = type_batch(self.contract, self.reader, batch)
        pending = {}
        for name in sorted(cells.identifiers):
            col = cells.columns[name]
            encoded = pc.dictionary_encode(pc.if_else(col.ok, col.sent, null()))
            assert self.hasher is not None
            pending[name] = (encoded, self.hasher.submit(hash_request(encoded.dictionary)))
        return _Prepared(cells, pending)

    def finish(self, prepared: _Prepared) -> None:
        """Run the batch's row rules, note its keys, and hand it to the sink."""
        cells = prepared.cells
        masks = self.rules.masks(cells, self.ctx)
        excluded = np.zeros(cells.rows, dtype=bool)
        for rule, mask in masks:
            if rule.kind == "own_area":
                excluded |= bools(mask)
        self.cross.add(cells, excluded)
        keyed, values = {}, {}
        for name, (encoded, pending) in prepared.pending.items():
            hashes = pending.result()
            values[name] = pc.take(fixed_width(hashes, 32), encoded.indices)
            keyed[name] = (encoded.indices, digests(hashes))
        self.uniqueness.add(cells, keyed)
        errors = np.zeros(cells.rows, dtype=bool)
        for rule, mask in masks:
            hit = bools(mask)
            if hit.any():
                self._record(rule, cells, hit)
                if rule.code in self.errors:
                    errors |= hit
        self._mark_errors(ints(cells.numbers)[errors])
        self.readable += cells.rows
        if self.sink is not None:
            for name, col in cells.columns.items():
                values.setdefault(name, col.value)
            self.sink.stage(cells.numbers, values, _mask(errors))

    def _record(self, rule: Rule, cells: Cells, hit: np.ndarray) -> None:
        tally = self.tallies[rule.code]
        where = np.flatnonzero(hit)
        tally.failed += len(where)
        numbers = ints(cells.numbers)[where]
        if self.sink is not None:
            self.sink.failed(numbers, _codes(rule.code, len(numbers)))
        for i in where[: max(tally.room, 0)].tolist():
            tally.issues.append(self._issue(rule, cells, i))

    def _issue(self, rule: Rule, cells: Cells, i: int) -> Issue:
        col = rule.columns[0] if rule.columns else None
        return Issue(
            rule.code,
            rule.severity,
            rule.message,
            row=int(cells.numbers[i].as_py()),
            column=col,
            letter=self.letters.get(col or ""),
            value=self._value(rule, cells, i),
        )

    def _cell(self, cells: Cells, name: str, i: int) -> str:
        column = cells.columns[name]
        sent = column.sent[i].as_py()
        typed = bool(column.ok[i].as_py()) and self.contract.column(name).logical_type in (
            "date",
            "boolean",
        )
        return shown(self.contract, name, sent, typed)

    def _value(self, rule: Rule, cells: Cells, i: int) -> str | None:
        if not rule.columns:
            return None
        col = rule.columns[0]
        if rule.kind == "not_above":
            other = rule.columns[1]
            return f"{self._cell(cells, col, i)} > {other} {self._cell(cells, other, i)}"
        if rule.kind == "sum_equals":
            total, *parts = rule.columns
            added = sum(cells.value(p)[i].as_py() or 0 for p in parts)
            return f"{self._cell(cells, total, i)} ≠ {added:g} ({' + '.join(parts)})"
        return self._cell(cells, col, i)

    def _mark_errors(self, numbers: np.ndarray) -> None:
        if not len(numbers):
            return
        top = int(numbers.max())
        if top >= len(self.error_rows):
            grown = np.zeros(max(top + 1, len(self.error_rows) * 2), dtype=bool)
            grown[: len(self.error_rows)] = self.error_rows
            self.error_rows = grown
        self.error_rows[numbers] = True

    # --- the whole return -----------------------------------------------------------------

    def late(self, rule: Rule, issues: list[Issue], rows: list[int] | None = None) -> None:
        """Failures found after the rows streamed (``rows``: every failing row, when the
        issues shown are fewer)."""
        tally = self.tallies[rule.code]
        located = rows if rows is not None else [i.row for i in issues if i.row is not None]
        numbers = np.array(located, dtype=np.int32)
        tally.failed += len(numbers) + sum(1 for i in issues if i.row is None)
        tally.issues.extend(issues[: max(tally.room, 0)])
        if len(numbers) and self.sink is not None:
            self.sink.failed(numbers, _codes(rule.code, len(numbers)))
        if rule.severity == "error":
            self._mark_errors(numbers)

    def report(self, filename: str, period_source: str) -> ValidationReport:
        ragged = len(self.reader.ragged)
        report = ValidationReport(
            self.contract,
            filename,
            self.ctx,
            self.readable + ragged,
            rows_with_errors=int(self.error_rows.sum()),
            period_source=period_source,
        )
        if ragged:
            tally = self.tallies[ROW_LENGTH.code]
            report.outcomes.append(
                RuleOutcome(ROW_LENGTH, failed=tally.failed, issues=tally.issues)
            )
        for rule in self.contract.rules:
            tally = self.tallies[rule.code]
            checked = not (
                rule.kind in ("change_from_previous", "not_above_measure")
                and not self.cross.checked
            )
            report.outcomes.append(RuleOutcome(rule, checked, tally.failed, tally.issues))
        return report


def _mask(values: np.ndarray) -> pa.Array:
    bits = np.packbits(values, bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])


def _codes(code: str, count: int) -> pa.Array:
    """``code`` ``count`` times, as a string array (dictionary-built: no string per row)."""

    indices = pa.Array.from_buffers(
        pa.int32(), count, [None, pa.py_buffer(np.zeros(count, dtype=np.int32))]
    )
    return pa.DictionaryArray.from_arrays(indices, string_array([code])).cast(pa.string())


def _pipelined(run: _Run, batches: Iterator[TextBatch]) -> None:
    """One batch ahead: the next batch's identifiers are with the hash helper while this
    one is checked and staged, so neither waits for the other."""
    ahead = None
    for batch in batches:
        prepared = run.prepare(batch)
        if ahead is not None:
            run.finish(ahead)
        ahead = prepared
    if ahead is not None:
        run.finish(ahead)


def _whole_return(run: _Run) -> None:
    contract, ctx = run.contract, run.ctx
    for issue in run.reader.ragged:
        run.late(ROW_LENGTH, [issue])
    suspects = run.uniqueness.suspects()
    if any(len(rows) for rows in suspects.values()):
        again = (type_batch(contract, run.reader, b) for b in run.reader.batches())
        repeats = exact_repeats(run.uniqueness.rules, suspects, again)
        for rule in run.uniqueness.rules:
            found = repeats.get(rule.code, [])
            if found:
                shown_rows = [
                    _duplicate(rule, run, n, key) for n, key in found[:MAX_SHOWN_PER_RULE]
                ]
                run.late(rule, shown_rows, [n for n, _ in found])
    run.cross.finish()
    for rule in run.cross.rules:
        if run.cross.failures[rule.code]:
            run.late(rule, run.cross.failures[rule.code])
    for rule in contract.rules:
        if rule.kind == "row_count":
            lo, hi = rule.params.get("min"), rule.params.get("max")
            readable = run.readable
            if (lo is not None and readable < lo) or (hi is not None and readable > hi):
                run.late(
                    rule,
                    [
                        Issue(
                            rule.code,
                            rule.severity,
                            f"{rule.message} (this return has {readable} rows)",
                            value=str(readable),
                        )
                    ],
                )
        elif rule.kind == "return_period":
            message = period_problem(rule, ctx)
            if message:
                run.late(rule, [Issue(rule.code, rule.severity, message, value=ctx.period.label)])


def _duplicate(rule: Rule, run: _Run, row: int, key: tuple) -> Issue:
    def cell(col: str, value: object) -> str:
        if run.contract.column(col).pseudonymise:
            return WITHHELD
        typed = run.contract.column(col).logical_type in ("date", "boolean")
        return shown(run.contract, col, "" if value is None else str(value), typed)

    return Issue(
        rule.code,
        rule.severity,
        rule.message,
        row=row,
        column=rule.columns[0],
        letter=run.letters.get(rule.columns[0]),
        value=", ".join(cell(c, v) for c, v in zip(rule.columns, key, strict=True)),
    )


def period_problem(rule: Rule, ctx: ReturnContext) -> str | None:
    """Why the return's period cannot be accepted on the day it arrived, if it cannot."""
    when = rule.params.get("when")
    period = ctx.period
    if when == "not_started" and period.start > ctx.received_on:
        return (
            f"{rule.message}: the return is for {period.label}, which starts on "
            f"{period.start:%d %B %Y}, after the day it arrived ({ctx.received_on:%d %B %Y})"
        )
    if when == "not_ended" and period.start <= ctx.received_on <= period.end:
        return (
            f"{rule.message}: the return is for {period.label}, which ends on "
            f"{period.end:%d %B %Y}; it arrived on {ctx.received_on:%d %B %Y}"
        )
    return None


def check(
    contract: FeedContract,
    reader: ReturnReader,
    ctx: ReturnContext,
    key: bytes | None,
    *,
    sink: Sink | None = None,
    size: int = 0,
    period_source: str = "given",
) -> ValidationReport:
    """Validate every row of the return; never raises for bad data, only reports it
    (``ReturnFileError`` for a file that cannot be read at all). ``sink`` receives the
    typed rows and the failures; ``size`` (bytes) decides whether identifiers are hashed
    in a helper process."""
    if key is None and any(c.pseudonymise for c in contract.columns):
        raise ValueError("a pseudonymisation key is needed for this contract")
    parallel = size >= PARALLEL_FROM_BYTES and any(c.pseudonymise for c in contract.columns)
    while True:
        run = _Run(contract, reader, ctx, sink)
        try:
            with sink if sink is not None else contextlib.nullcontext():
                with Hasher(key or b"", parallel) as hasher:
                    run.hasher = hasher
                    _pipelined(run, reader.batches())
                if sink is not None:
                    sink.rows_done()
                _whole_return(run)
            return run.report(reader.filename, period_source)
        except ReaderRestart:
            # The fast reader met a line it cannot number exactly: read it all again the
            # exact way, into a staging made afresh.
            if not reader.fallback():
                raise
            if sink is not None:
                sink.reset()
