"""``sdh contracts lint`` passes the shipped contracts and names each problem it finds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workers.cli import app
from workers.contracts.lint import lint
from workers.settings import get_settings


def test_shipped_contracts_and_catalogue_are_clean():
    contracts, problems = lint(get_settings().contracts_dir)
    assert problems == []
    assert {c.id for c in contracts} == {
        "la-csc-activity",
        "health-safeguarding",
        "police-safeguarding",
        "cdop-child-deaths",
        "la-csc-episodes",
    }


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "contracts"
    shutil.copytree(get_settings().contracts_dir, target)
    return target


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "la-csc-activity.odcs.yaml",
            "secretEnv: SDH_SOURCE_TOKEN_{AGENCY}",
            "token: abc123",
            "holds a secret",
        ),
        ("la-csc-activity.odcs.yaml", "auth: bearer", "auth: kerberos", "not bearer, basic"),
        (
            "la-csc-activity.odcs.yaml",
            "value: contacts}]",
            "value: kontacts}]",
            "measure 'kontacts' is not in catalogue/measures.yaml",
        ),
        (
            "la-csc-activity.odcs.yaml",
            "[cambridgeshire-cc, peterborough-cc]",
            "[cambridgeshire-cc, fenland-dc]",
            "agency 'fenland-dc' is not in",
        ),
        (
            "la-csc-activity.odcs.yaml",
            "logicalType: integer",
            "logicalType: int",
            "logicalType 'int' is not one of",
        ),
        ("la-csc-activity.odcs.yaml", "apiVersion: v3", "apiVersion: v9", "ODCS schema"),
        (
            "la-csc-activity.odcs.yaml",
            "pattern: '^E\\d{8}$'",
            "pattern: '^(?!E0)E\\d{8}$'",
            "not a regular expression the hub can check",
        ),
        (
            "catalogue/priorities.yaml",
            "review_quarters: [Q1, Q3]",
            "review_quarters: [Q1]",
            "twice a year",
        ),
    ],
)
def test_each_problem_is_named_with_its_file(copy, file, old, new, expected):
    _break(copy / file, old, new)
    _, problems = lint(copy)
    assert any(expected in str(p) for p in problems), [str(p) for p in problems]
    where = Path(file).name
    assert any(str(p).startswith(where) for p in problems if expected in str(p))


def test_lint_command_exit_codes(copy):
    runner = CliRunner()
    assert runner.invoke(app, ["contracts", "lint", "--dir", str(copy)]).exit_code == 0
    _break(copy / "la-csc-activity.odcs.yaml", "auth: bearer", "auth: magic")
    result = runner.invoke(app, ["contracts", "lint", "--dir", str(copy)])
    assert result.exit_code == 1
    assert "magic" in result.output
