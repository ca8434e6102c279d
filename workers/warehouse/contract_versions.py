"""Which versions of each contract the hub has validated returns against.

A return's ``contract_version`` says which version it was checked with; this table keeps
each version once, with the sha256 of its file, so a steward can tell two files that claim
the same version apart (a contract edited without its version being raised) and see when
the hub first used each.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from workers.contracts.model import FeedContract
from workers.warehouse.models import ContractVersion


def record_contract_version(session: Session, contract: FeedContract) -> ContractVersion:
    """The row for this contract's id, version and file, made the first time it is seen.

    Validation calls it for every return: a version already recorded is left as it is
    (its ``first_seen`` kept), and two workers recording the same new version at once make
    one row (``ON CONFLICT DO NOTHING``, the same on SQLite and PostgreSQL). The file is
    hashed as it is now on disk, the file ``contract`` was parsed from.
    """
    sha256 = hashlib.sha256(contract.path.read_bytes()).hexdigest()
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(ContractVersion)
        .values(contract_id=contract.id, version=contract.version, sha256=sha256)
        .on_conflict_do_nothing(index_elements=["contract_id", "version", "sha256"])
    )
    row = session.exec(
        select(ContractVersion).where(
            ContractVersion.contract_id == contract.id,
            ContractVersion.version == contract.version,
            ContractVersion.sha256 == sha256,
        )
    ).one()
    return row
