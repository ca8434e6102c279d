"""The return's life: one table of moves that the claims and status changes obey, the
next step decided in one place, and the diagram in docs/architecture.md drawn from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import receive_push
from workers.errors import InvalidTransition
from workers.warehouse import claims, lifecycle
from workers.warehouse.db import session_scope
from workers.warehouse.events import set_status
from workers.warehouse.lifecycle import Step, SubmissionStatus, next_step
from workers.warehouse.models import Submission

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_diagram_in_the_architecture_doc_is_the_table():
    doc = (REPO_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    drawn = re.search(r"<!-- states:begin -->\n```mermaid\n(.*?)\n```", doc, re.S)
    assert drawn is not None, "docs/architecture.md has no state diagram"
    assert drawn.group(1) == lifecycle.mermaid()
    # Every state is drawn, and the final ones end.
    for status in SubmissionStatus:
        assert f" {status.value} " in drawn.group(1) or f"{status.value} -->" in drawn.group(1)


def test_the_next_step_after_a_commit_is_decided_by_the_status():
    assert next_step("received") is Step.VALIDATE
    assert next_step("validated") is Step.LOAD
    assert next_step("needs_review") is Step.NOTIFY
    assert next_step("awaiting_auth") is Step.NOTIFY
    assert next_step("loaded") is Step.PUBLISH
    assert next_step("validating") is None and next_step("superseded") is None


def test_derived_sets_follow_the_table():
    assert set(lifecycle.REPLAYABLE) == {
        SubmissionStatus.RECEIVED,
        SubmissionStatus.VALIDATED,
        SubmissionStatus.AWAITING_AUTHORISATION,
        SubmissionStatus.NEEDS_REVIEW,
    }
    assert {SubmissionStatus.SUPERSEDED, SubmissionStatus.REJECTED} == lifecycle.FINAL
    with pytest.raises(InvalidTransition, match="from rejected to validated"):
        lifecycle.check_move("rejected", "validated")


def test_set_status_refuses_a_move_the_table_does_not_hold(warehouse, activity):
    sid = receive_push(activity)
    with session_scope() as session:
        submission = session.get(Submission, sid)
        assert submission is not None
        with pytest.raises(InvalidTransition, match=f"Submission {sid} cannot go"):
            set_status(session, submission, SubmissionStatus.LOADED, "loaded")
        session.rollback()
        session.refresh(submission)
        assert submission.status == "received"


def test_a_claim_from_a_state_the_table_does_not_allow_is_an_error(warehouse, activity):
    sid = receive_push(activity)
    with session_scope() as session:
        with pytest.raises(InvalidTransition):
            claims.claim(session, sid, ("loaded",), "loading", stale_after_seconds=900)
        with pytest.raises(InvalidTransition):
            claims.release(session, sid, "validating", "loaded")
        assert session.get(Submission, sid).status == "received"  # type: ignore[union-attr]
