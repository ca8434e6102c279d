"""The acceptance policy in code: when a validated return loads by itself, with which rows
held back, and when it waits for a data steward. ``docs/acceptance.md`` is the same
policy in words; its paragraphs are named in the docstrings below and in the tests.

One function decides, from the complete counts (never from a list capped for display),
for validation and for every steward decision that changes what stands (an override, a
release, holds accepted), so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from workers.contracts.model import FeedContract


@dataclass(frozen=True)
class Standing:
    """What stands against a return after its validation and the steward's decisions."""

    rows_received: int
    #: Rows failing an error rule that no override waives (they would be held).
    rows_with_errors: int
    #: An error of the whole return (no row) that no override waives.
    return_errors: bool
    #: Rows the loaded version of the same return holds, if one is loaded.
    loaded_version_held: int | None = None
    loaded_version_id: int | None = None
    #: A steward accepted that the failing rows stay out while the rest loads.
    holds_accepted: bool = False


@dataclass(frozen=True)
class Decision:
    loads: bool
    rows_held: int
    #: Why it waits for a steward, in a steward's words ("" when it loads).
    reason: str = ""
    #: It waits because errors must be fixed (not for a judgement on rows held).
    must_fix: bool = False


def decide(contract: FeedContract, standing: Standing) -> Decision:
    """ "When a return waits for a steward" (``docs/acceptance.md``):

    1. an error of the whole return (its row count, its period, a file that cannot be
       read) always waits;
    2. a contract that rejects the whole return for a row error (``onRowError:
       reject_return``) waits on any error;
    3. a contract that holds bad rows back (``hold_rows``) loads the others, unless every
       row fails, or the rows held are more than ``maxHeldShare`` of the return;
    4. a return that would hold rows back never replaces a loaded version of the same
       return that held fewer, without a steward;
    and a steward who accepts the holds lifts 3 and 4.
    """
    held = standing.rows_with_errors
    if standing.return_errors:
        return Decision(False, held, "an error concerns the whole return", must_fix=True)
    if not held:
        return Decision(True, 0)
    if contract.on_row_error != "hold_rows":
        return Decision(
            False,
            held,
            f"{held:,} row(s) fail an error rule, and {contract.id} accepts a return only "
            "when every row passes",
            must_fix=True,
        )
    if held >= standing.rows_received:
        return Decision(False, held, "every row fails an error rule", must_fix=True)
    if standing.holds_accepted:
        return Decision(True, held)
    share = held / standing.rows_received
    if share > contract.max_held_share:
        return Decision(
            False,
            held,
            f"{held:,} of {standing.rows_received:,} rows ({share:.1%}) fail an error rule: "
            f"more than the {contract.max_held_share:.1%} {contract.id} lets load without "
            "a steward",
        )
    if standing.loaded_version_held is not None and held > standing.loaded_version_held:
        return Decision(
            False,
            held,
            f"it would replace submission {standing.loaded_version_id}, which loaded with "
            f"{standing.loaded_version_held:,} row(s) held back, and it holds {held:,}",
        )
    return Decision(True, held)


def verdict(status: str, error_count: int, query_count: int, rows: int, decision: Decision) -> str:
    """A report's first line, in words that agree with what happens to the return."""
    if decision.loads and decision.rows_held:
        return (
            f"ACCEPTED WITH {decision.rows_held:,} ROW(S) HELD BACK: the other "
            f"{rows - decision.rows_held:,} load; the held rows wait for the data steward "
            "(send them again in a corrected return)"
        )
    if decision.loads:
        if status == "queries":
            return f"PASSED WITH {query_count} QUERY(IES): explain them to the data steward"
        return "PASSED: every rule holds"
    if decision.must_fix:
        return f"FAILED: {error_count:,} error(s) must be fixed before the return can be accepted"
    return f"WAITS FOR THE DATA STEWARD: {decision.reason}"
