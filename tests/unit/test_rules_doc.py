"""docs/rules.md is what the code applies: written from it, and kept in step."""

from pathlib import Path

from workers.contracts.model import RuleKind
from workers.validation.rules import IMPLEMENTED, KIND_DOCS
from workers.validation.rules_doc import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_written_from_the_code():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is out of date: python -m workers.validation.rules_doc > docs/rules.md"
    )


def test_every_rule_kind_is_implemented_and_documented():
    from typing import get_args

    kinds = set(get_args(RuleKind))
    assert kinds == IMPLEMENTED == set(KIND_DOCS)
