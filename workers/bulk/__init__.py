"""The fast path for large child-level returns on PostgreSQL.

The file is streamed in Arrow batches into a staging table with ``COPY``: child
identifiers hashed on the way in (in a helper process for large files), every row rule
of the contract checked on the batch in memory and the failures staged with the row.
SQL then reads only the failing rows; the load is an ``INSERT … SELECT`` into the
return's own partition of ``child_event_fact``, in one transaction. Memory stays flat
whatever the file's size.
The straightforward path (``workers.sources.parse`` + Great Expectations) remains the
reference: both must find the same rows failing the same rules.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from workers.contracts.model import FeedContract


def applies(contract: FeedContract, engine: Engine, filename: str) -> bool:
    """Child-level CSV returns on PostgreSQL whose rules can all run in SQL."""
    from workers.sources.parse import detect_format

    return (
        engine.dialect.name == "postgresql"
        and contract.level == "child"
        and not any(r.cross_return for r in contract.rules)
        and detect_format(filename, b"") == "csv"
    )
