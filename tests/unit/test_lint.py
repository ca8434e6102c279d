"""``sdh contracts lint`` passes the shipped contracts and names each problem it finds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workers.cli import app
from workers.contracts.lint import lint, odcs_validator, odcs_versions
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
        "la-cin-census",
        "la-ssda903",
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
        (
            "la-csc-activity.odcs.yaml",
            "apiVersion: v3.1.0",
            "apiVersion: v9",
            "ODCS version 'v9' is not one the hub can check; declare one of v3.0.2, v3.1.0, v3.2.0",
        ),
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


# --- the official ODCS JSON schema of the declared version ---------------------------------------


def test_each_shipped_schema_is_the_one_of_its_version():
    for version in odcs_versions():
        schema = odcs_validator(version).schema
        assert schema["title"] == "Open Data Contract Standard (ODCS)"
        assert schema["properties"]["apiVersion"]["default"] == version
    assert odcs_versions() == ["v3.0.2", "v3.1.0", "v3.2.0"]


def test_a_contract_using_3_1_features_fails_the_3_0_2_schema_it_would_declare(copy):
    """Rule ids and library metrics came with ODCS 3.1: declared as 3.0.2 the contracts were
    not valid for other ODCS tools (1 to 5 errors each)."""
    _break(copy / "la-csc-activity.odcs.yaml", "apiVersion: v3.1.0", "apiVersion: v3.0.2")
    _, problems = lint(copy)
    assert [str(p) for p in problems] == [
        "la-csc-activity.odcs.yaml: schema[0] la_csc_activity > quality[0] CSC-001: "
        "ODCS v3.0.2 schema: 'rule' is a required property"
    ]


def test_a_schema_problem_names_the_file_and_the_place_in_the_document(copy):
    _break(copy / "la-csc-activity.odcs.yaml", "businessName: Referrals", "colour: red")
    _, problems = lint(copy)
    found = [p for p in problems if "colour" in p.message]
    assert len(found) == 1, [str(p) for p in problems]
    assert found[0].file == "la-csc-activity.odcs.yaml"
    assert found[0].where == "schema[0] la_csc_activity > properties[3] referrals"
    assert found[0].message.endswith("properties are not allowed ('colour' was unexpected)")
    # Schema problems come before the hub's own for the same file.
    _break(copy / "la-csc-activity.odcs.yaml", "auth: bearer", "auth: kerberos")
    _, problems = lint(copy)
    messages = [p.message for p in problems if p.file == "la-csc-activity.odcs.yaml"]
    assert messages.index(found[0].message) < next(
        i for i, m in enumerate(messages) if "kerberos" in m
    )


def test_a_document_that_is_not_a_mapping_is_one_clear_problem(copy):
    (copy / "la-csc-activity.odcs.yaml").write_text("- just\n- a list\n")
    _, problems = lint(copy)
    mine = [str(p) for p in problems if p.file == "la-csc-activity.odcs.yaml"]
    assert mine[0] == (
        "la-csc-activity.odcs.yaml: is not a YAML mapping (an ODCS document starts with "
        "apiVersion:)"
    )
