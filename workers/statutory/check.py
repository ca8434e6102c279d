"""Validating a statutory return: the DfE's rules (Data to Insight's validator, in its own
environment), turned into the hub's rule outcomes and issues, and the complete record of
which children fail which rule.

An issue names the DfE rule code, its message and severity (a code ending in Q is a query),
the table, the row of that table as a spreadsheet of it numbers it (header row 1), the
column, the value (never an identifier; a date of birth only to its month) and the child's
pseudonym. The record of failures (``row_failure``) is by child: a child failing an error
rule is held back with all their records. Rules of the whole return (the LA-level queries
of the census, the return's LA and period) have no row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import insert
from sqlmodel import Session

from workers.contracts.model import FeedContract, Rule
from workers.issues import Issue, RuleOutcome
from workers.periods import Period
from workers.statutory.agreement import disagreements
from workers.statutory.dfe_rules import Verdict, run_rules
from workers.statutory.returns import Parsed, Statutory, collection_year, parse, private_copy
from workers.statutory.returns import statutory as statutory_settings
from workers.warehouse.models import RowFailure

LEA_RULE = Rule(
    "statutory.lea",
    "statutory",
    "error",
    "return",
    "The census header names another local authority: send your own authority's census",
)
NOT_RUN = "statutory.not_run"
#: What a steward sees in place of an identifier (as ``validation.disclosure`` shows it).
WITHHELD = "(withheld)"
#: Issues kept per rule for reports and pages (as ``validation.report`` keeps them); the
#: record of failures by child is always complete.
MAX_SHOWN_PER_RULE = 10_000


def _shown(settings: Statutory, column: str | None, value: str | None) -> str | None:
    if value is None or column is None:
        return value
    if column in settings.identifiers or column in ("CHILD", "MOTHER", "UPN"):
        return WITHHELD
    if column in settings.birth_dates or column in ("DOB", "MC_DOB"):
        if len(value) >= 7 and value[:4].isdigit():
            return value[:7]  # 2012-05-14 → 2012-05
        if len(value) == 10 and value[2] == "/" and value[5] == "/":
            return value[3:]  # 14/05/2012 → 05/2012
        return WITHHELD
    if column in ("HOME_POST", "PL_POST"):
        return value[:4]  # the postcode's district at most, as the LIIA pipeline keeps it
    return value[:200]


def _letter(parsed: Parsed, table: str | None, column: str | None) -> str | None:
    if parsed.tables is None or table not in parsed.tables.text or column is None:
        return None
    from workers.contracts.model import column_letter

    header = parsed.tables.text[table].split("\n", 1)[0].strip().upper().split(",")
    return column_letter(header.index(column) + 1) if column in header else None


def _rule(code: str, verdict: Verdict, settings: Statutory, scope: str) -> Rule:
    found = verdict.rules.get(code)
    severity = "query" if code.upper().endswith("Q") or code in settings.queries else "error"
    if found is not None and found.severity == "query":
        severity = "query"
    return Rule(
        code,
        "dfe",
        severity,  # type: ignore[arg-type]
        scope,  # type: ignore[arg-type]
        found.message if found else code,
        found.fields if found else (),
    )


def outcomes(
    verdict: Verdict, parsed: Parsed, settings: Statutory
) -> tuple[list[RuleOutcome], dict[int, set[str]]]:
    """Each DfE rule that failed, with its issues; and each child's failed rules (by the
    child's place in the return)."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for child in parsed.children:
        by_key[child.key].append(child.ordinal)
    failures: dict[int, set[str]] = defaultdict(set)
    found: dict[str, RuleOutcome] = {}
    children_failing: dict[str, set[int]] = defaultdict(set)
    seen: set[tuple] = set()
    for f in verdict.findings:
        if f.code not in found:
            found[f.code] = RuleOutcome(_rule(f.code, verdict, settings, "record"))
        outcome = found[f.code]
        ordinals = by_key.get(f.child or "", [])
        for ordinal in ordinals:
            failures[ordinal].add(f.code)
            children_failing[f.code].add(ordinal)
        place = (f.code, f.table, f.row, f.column)
        if place in seen:
            continue
        seen.add(place)
        if len(outcome.issues) < MAX_SHOWN_PER_RULE:
            outcome.issues.append(
                Issue(
                    f.code,
                    outcome.rule.severity,
                    outcome.rule.message,
                    row=None if f.row is None else f.row + 2,
                    column=f.column,
                    letter=_letter(parsed, f.table, f.column),
                    value=_shown(settings, f.column, f.value),
                    table=f.table,
                    child=f.child,
                )
            )
    for code, outcome in found.items():
        outcome.failed = len(children_failing[code]) or len(outcome.issues)
    for code, message in verdict.whole_return:
        rule = _rule(code, verdict, settings, "return")
        outcome = found.setdefault(code, RuleOutcome(rule))
        outcome.failed += 1
        outcome.issues.append(Issue(code, rule.severity, message))
    if verdict.crashed:
        rule = Rule(
            NOT_RUN,
            "dfe",
            "query",
            "return",
            "A DfE rule could not run on this return; check what it covers by hand",
        )
        found[NOT_RUN] = RuleOutcome(
            rule,
            failed=len(verdict.crashed),
            issues=[
                Issue(NOT_RUN, "query", f"{rule.message} (rule {c})", value=c)
                for c in verdict.crashed
            ],
        )
    return sorted(found.values(), key=lambda o: o.rule.code), dict(failures)


def _validator_input(parsed: Parsed, path: Path, filename: str) -> list[tuple[Path, str]]:
    if parsed.tables is None:
        return [(path, filename)]
    files = []
    for table, text in parsed.tables.text.items():
        target = path.parent / f"{table}.csv"
        target.write_text(text, encoding="utf-8")
        target.chmod(0o600)
        files.append((target, parsed.tables.names[table]))
    return files


@dataclass
class Checked:
    """What checking a statutory return found, for validation to report: its collection
    year, its children (the rows), each rule's outcome, and the children held back."""

    year: Period
    rows: int
    outcomes: list[RuleOutcome]
    held: int


#: Who sent a return and its areas, and the outcomes of the hub's rules of the whole
#: return, once its collection year is known (validation knows them; this package not).
OnYear = Callable[[Period], tuple[str, tuple[str, ...], list[RuleOutcome]]]


def check_statutory(
    contract: FeedContract,
    opener: Callable[[], BinaryIO],
    filename: str,
    *,
    label: str | None,
    on_year: OnYear,
    key: bytes,
    session: Session | None = None,
    run_id: int | None = None,
    exclude_submission: int | None = None,
) -> Checked:
    """Read, pseudonymise and validate a statutory return for the envelope's period
    (``label``, else the file's); with ``run_id``, record each child's failures.
    ``ReturnFileError`` for a file that is not such a return."""
    settings = statutory_settings(contract)
    assert settings is not None, f"{contract.id} is not a statutory return"
    with private_copy(opener, filename) as path:
        year = collection_year(settings, path, filename, label)
        parsed = parse(settings, path, filename, year, key)
        agency_id, areas, whole = on_year(year)
        verdict = run_rules(
            settings.kind,
            settings.ruleset(year),
            _validator_input(parsed, path, filename),
            key,
            metadata={
                "collectionYear": str(year.end.year),
                "localAuthority": areas[0] if areas else "",
            },
            filename=filename,
        )
    found, failures = outcomes(verdict, parsed, settings)
    expected_lea = settings.lea.get(agency_id)
    if parsed.lea and expected_lea and parsed.lea != expected_lea:
        found.insert(
            0,
            RuleOutcome(
                LEA_RULE,
                failed=1,
                issues=[
                    Issue(
                        LEA_RULE.code,
                        "error",
                        f"{LEA_RULE.message} (the header says LEA {parsed.lea}; "
                        f"yours is {expected_lea})",
                        value=parsed.lea,
                    )
                ],
            ),
        )
    found.extend(whole)
    errors = {o.rule.code for o in found if o.rule.severity == "error"}
    held = {n for n, codes in failures.items() if codes & errors}
    if session is not None:
        area = areas[0] if areas else ""
        found.extend(
            disagreements(
                session, contract, settings, parsed, agency_id, area, held, exclude_submission
            )
        )
    if session is not None and run_id is not None and failures:
        session.execute(
            insert(RowFailure),
            [
                dict(run_id=run_id, row_number=n, rule_code=c)
                for n, codes in sorted(failures.items())
                for c in sorted(codes)
            ],
        )
    return Checked(year, len(parsed.children), found, len(held))
