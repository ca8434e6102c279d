"""The hub's YAML reader (libyaml when installed) gives what ``yaml.safe_load`` gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from workers import yaml_loader
from workers.contracts.loader import get_contract, parse_contract
from workers.errors import ContractError
from workers.settings import get_settings


def _hub_yaml_files() -> list[Path]:
    contracts = get_settings().contracts_dir
    return sorted(contracts.glob("*.yaml")) + sorted((contracts / "catalogue").glob("*.yaml"))


def test_the_c_loader_is_used_when_libyaml_is_there():
    if not yaml.__with_libyaml__:  # pragma: no cover - the lock's wheels include it
        pytest.skip("PyYAML built without libyaml")
    assert yaml_loader.FAST_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", _hub_yaml_files(), ids=lambda p: p.name)
def test_every_shipped_file_reads_the_same_as_safe_load(path: Path):
    text = path.read_text(encoding="utf-8")
    assert yaml_loader.safe_load(text) == yaml.safe_load(text)


TRICKY = """\
date: 2022-01-31
when: 2022-01-31 10:15:00
yes_word: yes
off: off
octal: 0o17
old_octal: 017
float: 1.5e3
inf: .inf
nul: ~
anchor: &a {k: [1, 2]}
alias: *a
quoted: "1,0"
multi: |
  two
  lines
unicode: "caf\\u00e9 \u2013 ✓"
"""


def test_scalars_and_anchors_resolve_as_safe_load_does():
    assert yaml_loader.safe_load(TRICKY) == yaml.safe_load(TRICKY)


def test_unsafe_tags_are_refused_as_safe_load_refuses_them():
    text = "x: !!python/object/apply:os.system ['true']\n"
    with pytest.raises(yaml.YAMLError) as ours:
        yaml_loader.safe_load(text)
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.safe_load(text)
    assert str(ours.value) == str(theirs.value)


def test_a_broken_file_gives_the_pure_python_message_with_the_line_quoted():
    text = "id: x\nschema:\n  - name: a\n   bad: indent\n"
    with pytest.raises(yaml.YAMLError) as ours:
        yaml_loader.safe_load(text)
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.safe_load(text)
    assert str(ours.value) == str(theirs.value)
    assert "^" in str(ours.value)  # the steward sees where


def test_without_libyaml_the_pure_python_loader_is_used(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(yaml_loader, "FAST_LOADER", yaml.SafeLoader)
    text = _hub_yaml_files()[0].read_text(encoding="utf-8")
    assert yaml_loader.safe_load(text) == yaml.safe_load(text)


def test_a_contract_parses_to_the_same_feed_with_either_loader(monkeypatch: pytest.MonkeyPatch):
    contract = get_contract("la-csc-episodes")
    text = contract.path.read_text(encoding="utf-8")
    fast = parse_contract(text, contract.path)
    monkeypatch.setattr(yaml_loader, "FAST_LOADER", yaml.SafeLoader)
    assert parse_contract(text, contract.path) == fast


def test_invalid_yaml_in_a_contract_is_still_a_contract_error():
    with pytest.raises(ContractError, match=r"x\.odcs\.yaml: not valid YAML"):
        parse_contract("id: [unclosed\n", Path("x.odcs.yaml"))
