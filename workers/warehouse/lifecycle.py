"""A return's life: its states, the one table of moves between them, and the next step.

Every change of a submission's status goes through ``claim``, ``release`` or
``set_status`` (``workers.warehouse.claims`` and ``events``), and each asks ``check_move``
first: a move the table does not hold is a programming error (``InvalidTransition``),
never a silent change. What runs after a status is committed (validate, load, tell the
agency) is decided by ``next_step`` alone, for the actors, ``sdh ingest``, the steward's
decisions and the reconciler alike. ``docs/architecture.md`` draws the table; the diagram
there is printed by ``python -m workers.warehouse.lifecycle`` and a test keeps it so.
"""

from __future__ import annotations

from enum import StrEnum

from workers.errors import InvalidTransition


class SubmissionStatus(StrEnum):
    """Where a return stands.

    ``validating`` and ``loading`` are claims: the worker doing the step holds them, so a
    duplicate message finds the work taken; a claim older than its time limit is stale and
    may be taken over (a move from a claim to itself). ``awaiting_authorisation`` holds a
    return that would load until someone at its agency signs it off, for contracts whose
    figures wait for that (``customProperties: authorisation: required``).
    """

    RECEIVED = "received"
    VALIDATING = "validating"
    VALIDATED = "validated"
    AWAITING_AUTHORISATION = "awaiting_auth"
    NEEDS_REVIEW = "needs_review"
    LOADING = "loading"
    LOADED = "loaded"
    SUPERSEDED = "superseded"
    REJECTED = "rejected"


S = SubmissionStatus

#: Every move a return may make, and why. The only source of truth: the claims, the
#: status changes and the diagram in docs/architecture.md are all read from it.
TRANSITIONS: dict[SubmissionStatus, dict[SubmissionStatus, str]] = {
    S.RECEIVED: {S.VALIDATING: "a worker claims validation"},
    S.VALIDATING: {
        S.VALIDATING: "a stale claim is taken over",
        S.VALIDATED: "it may load",
        S.AWAITING_AUTHORISATION: "it may load once its agency signs it off",
        S.NEEDS_REVIEW: "a steward must decide",
        S.REJECTED: "returned to the agency (a file that is not the return)",
        S.RECEIVED: "the attempt failed; the claim is given back",
    },
    S.VALIDATED: {
        S.LOADING: "a worker claims the load",
        S.VALIDATING: "validated again after a contract fix",
        S.REJECTED: "a steward refuses it before it loads",
    },
    S.AWAITING_AUTHORISATION: {
        S.VALIDATED: "its agency authorises it",
        S.VALIDATING: "validated again after a contract fix",
        S.REJECTED: "a steward refuses it",
        S.SUPERSEDED: "a later version loaded",
    },
    S.NEEDS_REVIEW: {
        S.VALIDATED: "a steward overrides the errors or accepts the holds",
        S.AWAITING_AUTHORISATION: "a steward accepts it; its agency has still to sign it off",
        S.VALIDATING: "validated again after a contract fix",
        S.REJECTED: "a steward refuses it",
        S.SUPERSEDED: "a later version loaded",
    },
    S.LOADING: {
        S.LOADING: "a stale claim is taken over",
        S.LOADED: "its rows are in the warehouse",
        S.SUPERSEDED: "a later version had loaded first",
        S.VALIDATED: "the attempt failed; the claim is given back",
    },
    S.LOADED: {
        S.VALIDATED: "a steward releases rows it held back: it loads again",
        S.SUPERSEDED: "a later version loaded",
    },
    S.SUPERSEDED: {},
    S.REJECTED: {},
}

#: States a return no longer leaves.
FINAL = frozenset(s for s, moves in TRANSITIONS.items() if not moves)
#: States in which the hub has accepted the return (its figures count or will).
ACCEPTED = frozenset({S.VALIDATED, S.LOADING, S.LOADED})
#: States in which the return is still moving through the hub's own steps.
IN_PROGRESS = frozenset({S.RECEIVED, S.VALIDATING, S.VALIDATED, S.LOADING})
#: States whose version is the one to be replaced when a correction loads.
SUPERSEDABLE = frozenset({S.LOADED, S.NEEDS_REVIEW, S.AWAITING_AUTHORISATION})


#: The claims: a worker holds one while it does the step.
CLAIMS = frozenset({S.VALIDATING, S.LOADING})


def _sources_of(after: SubmissionStatus) -> tuple[SubmissionStatus, ...]:
    """The states (claims apart) from which the table allows a move to ``after``."""
    return tuple(s for s, moves in TRANSITIONS.items() if after in moves and s not in CLAIMS)


#: States a return may be validated again from (a contract fix, a replay).
REPLAYABLE = _sources_of(S.VALIDATING)
#: States in which a steward may still refuse a return.
REJECTABLE = _sources_of(S.REJECTED)


def may_move(before: str, after: str) -> bool:
    return SubmissionStatus(after) in TRANSITIONS[SubmissionStatus(before)]


def check_move(before: str, after: str, submission_id: int | None = None) -> None:
    """Raise ``InvalidTransition`` unless the table holds the move ``before → after``."""
    if not may_move(before, after):
        which = f"Submission {submission_id}" if submission_id is not None else "A submission"
        raise InvalidTransition(f"{which} cannot go from {before} to {after}")


def check_claim(from_statuses: tuple[str, ...], claim_status: str) -> None:
    """A claim names only moves the table holds (its stale takeover included)."""
    for before in (*from_statuses, claim_status):
        check_move(before, claim_status)


def accepted_status(authorisation_required: bool, authorised: bool) -> SubmissionStatus:
    """Where a return the hub (or a steward) has accepted goes: on to the load, or to wait
    for its agency's sign-off when its contract's figures wait for that."""
    if authorisation_required and not authorised:
        return S.AWAITING_AUTHORISATION
    return S.VALIDATED


class Step(StrEnum):
    """What runs after a status is committed."""

    VALIDATE = "validate"
    LOAD = "load"
    NOTIFY = "notify"  # tell the agency now (a failed, rejected or waiting return)
    PUBLISH = "publish"  # the warehouse changed: packs and reports that depend on it


_NEXT: dict[SubmissionStatus, Step] = {
    S.RECEIVED: Step.VALIDATE,
    S.VALIDATED: Step.LOAD,
    S.NEEDS_REVIEW: Step.NOTIFY,
    S.AWAITING_AUTHORISATION: Step.NOTIFY,
    S.REJECTED: Step.NOTIFY,
    S.LOADED: Step.PUBLISH,
}


def next_step(status: str) -> Step | None:
    """The one place that decides what follows a committed status; None when nothing does
    (a claim in progress, a superseded version)."""
    return _NEXT.get(SubmissionStatus(status))


#: A claim's state and the step its holder was doing, for the reconciler.
CLAIM_OF = {S.VALIDATING: Step.VALIDATE, S.LOADING: Step.LOAD}


def mermaid() -> str:
    """The table as a Mermaid state diagram, for docs/architecture.md."""
    lines = ["stateDiagram-v2", f"    [*] --> {S.RECEIVED.value}"]
    for before, moves in TRANSITIONS.items():
        for after, why in moves.items():
            lines.append(f"    {before.value} --> {after.value}: {why}")
    lines.extend(f"    {s.value} --> [*]" for s in TRANSITIONS if s in FINAL)
    return "\n".join(lines)


if __name__ == "__main__":
    print(mermaid())
