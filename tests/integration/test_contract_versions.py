"""Each contract version the hub validates against is recorded once, with its file's hash."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from workers.contracts.loader import load_contract_file
from workers.settings import get_settings
from workers.warehouse.contract_versions import record_contract_version
from workers.warehouse.db import session_scope
from workers.warehouse.models import ContractVersion


@pytest.fixture
def contract_file(tmp_path: Path) -> Path:
    """A copy of a shipped contract that the test may edit."""
    target = tmp_path / "la-csc-activity.odcs.yaml"
    shutil.copy(get_settings().contracts_dir / target.name, target)
    return target


def _rows() -> list[tuple[str, str, str]]:
    with session_scope() as session:
        rows = session.exec(select(ContractVersion).order_by(ContractVersion.id)).all()
        return [(r.contract_id, r.version, r.sha256) for r in rows]


def test_a_version_is_recorded_once(warehouse, contract_file: Path) -> None:
    contract = load_contract_file(contract_file)
    with session_scope() as session:
        first = record_contract_version(session, contract)
        session.commit()
    with session_scope() as session:
        again = record_contract_version(session, contract)
        session.commit()
    assert again.id == first.id and again.first_seen == first.first_seen
    sha = hashlib.sha256(contract_file.read_bytes()).hexdigest()
    assert _rows() == [("la-csc-activity", contract.version, sha)]


def test_an_edited_file_or_a_new_version_is_a_new_row(warehouse, contract_file: Path) -> None:
    with session_scope() as session:
        record_contract_version(session, load_contract_file(contract_file))
        session.commit()
    text = contract_file.read_text(encoding="utf-8")
    # The same version, edited without raising it: told apart by its hash.
    contract_file.write_text(text.replace("version:", "# a steward's note\nversion:", 1))
    with session_scope() as session:
        record_contract_version(session, load_contract_file(contract_file))
        session.commit()
    edited = load_contract_file(contract_file)
    contract_file.write_text(text.replace(f"version: {edited.version}", "version: 9.9.9", 1))
    with session_scope() as session:
        record_contract_version(session, load_contract_file(contract_file))
        session.commit()
    rows = _rows()
    assert [(c, v) for c, v, _ in rows] == [
        ("la-csc-activity", edited.version),
        ("la-csc-activity", edited.version),
        ("la-csc-activity", "9.9.9"),
    ]
    assert len({sha for _, _, sha in rows}) == 3
