"""Claims and their leases: pooled lease connections never carry a lock back into the pool,
a claim refreshes the caller's row, and the worker's caches and the change announcement
do their work once."""

from __future__ import annotations

import gc

import pytest
from sqlalchemy import text
from sqlmodel import select

from tests.conftest import receive_push
from workers.warehouse import claims
from workers.warehouse.db import session_scope
from workers.warehouse.models import Event, PackBuild, Submission


def _advisory_locks(engine) -> int:
    """Claim leases held on this test's schema (other tests share the database)."""
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 "
                "AND classid::bigint = "
                "(hashtext('sdh.claim:' || current_schema())::bigint & 4294967295)"
            )
        ).scalar_one()


def test_a_claim_refreshes_the_callers_row(warehouse, activity):
    sid = receive_push(activity)
    with session_scope() as session:
        submission = session.get(Submission, sid)
        assert submission.status == "received"
        assert claims.claim(session, sid, ("received",), "validating", stale_after_seconds=900)
        # The row the caller holds shows the claim without being read again.
        assert "status" in submission.__dict__
        assert submission.status == "validating"
        claims.release(session, sid, "validating", "received")


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_leases_are_pooled_and_go_back_unlocked(warehouse, activity):
    first, second = receive_push(activity), receive_push(activity, contacts=2100)
    with session_scope() as session:
        assert claims.claim(session, first, ("received",), "validating", stale_after_seconds=900)
        lease_engine = claims._lease_engine(session.get_bind())
        assert _advisory_locks(warehouse) == 1
        # Held: another worker can neither claim nor take the step over.
        with session_scope() as other:
            assert not claims._Lease.take(other, first)
        session.commit()  # the step's end frees the lease
    assert _advisory_locks(warehouse) == 0
    assert lease_engine.pool.checkedin() >= 1  # kept for the next claim, not closed

    # A lease dropped without being released (a step that failed in an odd way) is
    # unlocked as its connection goes back to the pool.
    with session_scope() as session:
        lease = claims._Lease.take(session, second)
        assert lease is not None
        assert _advisory_locks(warehouse) == 1
    del lease
    gc.collect()
    assert _advisory_locks(warehouse) == 0

    # Disposing the hub's engine (a forked worker, the end of a test) closes the leases'.
    warehouse.dispose()
    assert claims._lease_engines.get(str(warehouse.url)) is None


def test_warehouse_changed_records_and_requests_packs_in_one_commit(warehouse):
    from sqlalchemy import event

    from workers.packs.triggers import affected_quarters
    from workers.runtime import actors

    commits = []
    event.listen(warehouse, "commit", lambda conn: commits.append(1))
    actors.warehouse_changed.fn("la-csc-activity", "2024-05")
    assert len(commits) == 1
    with session_scope() as session:
        assert [e.kind for e in session.exec(select(Event))] == ["warehouse_changed"]
        quarters = [p.quarter for p in session.exec(select(PackBuild))]
    assert quarters == affected_quarters("2024-05")


def test_worker_boot_reads_the_contracts_and_catalogue(warehouse):
    import sys

    from workers.contracts.catalogue import _load
    from workers.contracts.loader import _load_file, contract_files
    from workers.runtime.broker import STEP_MODULES, WarmCaches
    from workers.settings import get_settings

    _load_file.cache_clear()
    _load.cache_clear()
    WarmCaches().after_worker_boot(None, None)
    files = contract_files(get_settings().contracts_dir)
    assert files and _load_file.cache_info().currsize == len(files)  # each file parsed
    assert _load.cache_info().currsize == 1
    assert all(name in sys.modules for name in STEP_MODULES)
