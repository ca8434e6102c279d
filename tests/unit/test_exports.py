"""The one helper every export uses to keep text from running as a spreadsheet formula."""

from __future__ import annotations

import pytest

from workers.exports import is_formula_like, safe_cell, safe_lines


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","x")',
        "+44 1223 000000",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "  =cmd|' /C calc'!A0",
    ],
)
def test_formula_starts_get_an_apostrophe(text: str) -> None:
    assert is_formula_like(text)
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["E10000003", "a = b", "2020-04", "Café", "", 42, 3.5])
def test_ordinary_values_are_left_alone(value: object) -> None:
    assert safe_cell(value) == str(value)


def test_none_is_an_empty_cell_and_lines_are_neutralised_one_by_one() -> None:
    assert safe_cell(None) == ""
    assert safe_lines("fine\n=1+1\n@x") == "fine\n'=1+1\n'@x"
    assert safe_lines(None) == ""
