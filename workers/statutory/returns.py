"""A statutory return as the hub reads it: its settings in the contract, its bytes in a
private file for the length of a step, its period, and its children, pseudonymised.

Both feeds (``la-cin-census``, ``la-ssda903``) are child-level returns whose "rows" are
children: a child is what is held back when a DfE error rule fails on any of their
records, and what ``rows_received = rows_loaded + rows_held`` counts.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workers.contracts.model import FeedContract
from workers.errors import ReturnFileError
from workers.periods import Period, financial_year, fy_start_year, parse_period
from workers.statutory import cin, ssda903
from workers.statutory.derive import DERIVED
from workers.yaml_loader import safe_load


@dataclass(frozen=True)
class Statutory:
    """A contract's ``statutory`` settings: which validator, which rules for which year."""

    kind: str  # cin | 903
    rulesets: dict[str, str]
    identifiers: frozenset[str]
    birth_dates: frozenset[str]
    lea: dict[str, str] = field(default_factory=dict, hash=False)
    queries: frozenset[str] = frozenset()

    def ruleset(self, year: Period) -> str:
        """The DfE's rules for the collection year ending in ``year``; a year before the
        validator's first takes its first, a year after its last its last."""
        ending = str(year.end.year)
        if ending in self.rulesets:
            return self.rulesets[ending]
        known = sorted(self.rulesets)
        return self.rulesets[known[0] if ending < known[0] else known[-1]]


@functools.lru_cache(maxsize=16)
def _settings(path: Path) -> Statutory | None:
    data = safe_load(path.read_text(encoding="utf-8")) or {}
    for prop in data.get("customProperties") or []:
        if prop.get("property") == "statutory":
            value: dict[str, Any] = prop["value"]
            return Statutory(
                kind=str(value["return"]),
                rulesets={str(k): str(v) for k, v in value["rulesets"].items()},
                identifiers=frozenset(value.get("identifiers", ())),
                birth_dates=frozenset(value.get("birthDates", ())),
                lea={str(k): str(v) for k, v in (value.get("lea") or {}).items()},
                queries=frozenset(str(c) for c in value.get("queries", ())),
            )
    return None


def statutory(contract: FeedContract) -> Statutory | None:
    """The contract's statutory settings; None for every other feed."""
    return _settings(contract.path)


def derived_measures(contract: FeedContract) -> tuple[str, ...]:
    """The measures a statutory return derives for the packs; none for every other feed
    (whose measures are its columns)."""
    settings = statutory(contract)
    return DERIVED.get(settings.kind, ()) if settings else ()


@contextlib.contextmanager
def private_copy(opener, filename: str) -> Iterator[Path]:
    """The return's bytes (the landing store may keep them sealed) in a file only this
    account can read, removed when the step ends, whatever happens."""
    folder = Path(tempfile.mkdtemp(prefix="sdh-statutory-"))  # mode 0700
    try:
        path = folder / ("return.xml" if filename.lower().endswith(".xml") else "return.bin")
        with opener() as source, path.open("wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
        path.chmod(0o600)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Parsed:
    """What the hub reads of a statutory return, identifiers already hashed."""

    year: Period
    reference: Any  # date: the last day the return covers
    children: list
    lea: str | None = None
    #: For the SSDA903: the tables (validator input) by name.
    tables: ssda903.Tables | None = None


def collection_year(settings: Statutory, path: Path, filename: str, given: str | None) -> Period:
    """The collection year: the envelope's, else the census header's reference date, else
    the latest date an SSDA903's episodes name."""
    if given:
        return parse_period(given, "year")
    if settings.kind == "cin":
        header = cin.read_header(path)
        if header.reference_date is None:
            raise ReturnFileError(
                filename, "the census header has no ReferenceDate", rule="file.header"
            )
        return financial_year(fy_start_year(header.reference_date))
    tables = ssda903.read_tables(path, filename)
    dates = [
        d
        for row in ssda903.rows(tables, "Episodes")
        for d in (ssda903.parse_date(row.get("DECOM")), ssda903.parse_date(row.get("DEC")))
        if d is not None
    ]
    if not dates:
        raise ReturnFileError(
            filename,
            "cannot tell the collection year: give --period 2020-21",
            rule="period.envelope",
        )
    return financial_year(fy_start_year(max(dates)))


def parse(settings: Statutory, path: Path, filename: str, year: Period, key: bytes) -> Parsed:
    if settings.kind == "cin":
        header = cin.read_header(path)
        reference = header.reference_date or year.end
        children = list(cin.read_children(path, key))
        return Parsed(year, min(reference, year.end), children, header.lea)
    tables = ssda903.read_tables(path, filename)
    return Parsed(year, year.end, ssda903.read_children(tables, key), tables=tables)


def dfe_errors(session, run_id: int) -> set[str]:
    """The error rules a statutory return's validation run met (they hold children back)."""
    from sqlmodel import select

    from workers.warehouse.models import RuleResult

    found = session.exec(
        select(RuleResult.rule_code).where(
            RuleResult.run_id == run_id, RuleResult.severity == "error"
        )
    )
    return set(found.all())
