"""Contracts are parsed once per process, and one feed's command reads only its file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workers.contracts import loader
from workers.contracts.loader import get_contract, load_contracts, reload_contracts
from workers.errors import ContractError, UnknownContract
from workers.settings import get_settings


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "contracts"
    shutil.copytree(get_settings().contracts_dir, target)
    yield target
    reload_contracts()


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of each contract file parsed, in order."""
    names: list[str] = []
    real = loader.load_contract_file

    def spy(path: Path):
        names.append(path.name)
        return real(path)

    monkeypatch.setattr(loader, "load_contract_file", spy)
    reload_contracts()
    return names


def test_get_contract_parses_only_its_own_file_and_only_once(folder, parsed):
    first = get_contract("la-csc-episodes", folder)
    assert get_contract("la-csc-episodes", folder) is first
    assert parsed == ["la-csc-episodes.odcs.yaml"]


def test_load_contracts_reuses_what_get_contract_parsed(folder, parsed):
    one = get_contract("la-csc-episodes", folder)
    every = load_contracts(folder)
    assert every["la-csc-episodes"] is one
    assert sorted(parsed) == sorted(p.name for p in folder.glob("*.odcs.yaml"))
    assert load_contracts(folder) == every
    assert len(parsed) == len(every)  # nothing parsed twice


def test_a_broken_other_contract_does_not_stop_this_one(folder):
    (folder / "police-safeguarding.odcs.yaml").write_text("id: [unclosed\n")
    assert get_contract("la-csc-episodes", folder).id == "la-csc-episodes"
    with pytest.raises(ContractError, match=r"police-safeguarding\.odcs\.yaml"):
        load_contracts(folder)


def test_an_unknown_contract_lists_the_known_ones(folder):
    with pytest.raises(UnknownContract, match="known contracts: cdop-child-deaths, "):
        get_contract("no-such-feed", folder)
    with pytest.raises(UnknownContract):
        get_contract("../contracts/la-csc-episodes", folder)


def test_a_file_whose_id_differs_from_its_name_is_refused(folder):
    shutil.copy(folder / "la-csc-episodes.odcs.yaml", folder / "other.odcs.yaml")
    with pytest.raises(ContractError, match="does not match the file name"):
        get_contract("other", folder)


def test_reload_reads_a_fixed_file_again(folder):
    path = folder / "la-csc-episodes.odcs.yaml"
    before = get_contract("la-csc-episodes", folder)
    path.write_text(path.read_text().replace(f"version: {before.version}", "version: 9.9.9", 1))
    assert get_contract("la-csc-episodes", folder) is before  # parsed once per process
    reload_contracts()
    assert get_contract("la-csc-episodes", folder).version == "9.9.9"
