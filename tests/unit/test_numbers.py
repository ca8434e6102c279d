"""Rounding as Excel and the Government Statistical Service do it: a half goes up."""

import pytest

from workers.numbers import format_number, round_half_up


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (12.5, 0, 13.0),
        (13.5, 0, 14.0),
        (-12.5, 0, -13.0),
        (2.675, 2, 2.68),
        (0.125, 2, 0.13),
        (12.4999, 0, 12.0),
        (1234.5, 0, 1235.0),
    ],
)
def test_a_half_rounds_away_from_zero(value, digits, expected):
    assert round_half_up(value, digits) == expected


def test_python_round_would_differ_here():
    # the case the module exists for: Python's round gives 12
    assert round(12.5) == 12
    assert format_number(12.5) == "13"


def test_format_has_thousands_and_no_negative_zero():
    assert format_number(12345.5) == "12,346"
    assert format_number(-0.4) == "0"
    assert format_number(12.25, 1) == "12.3"
    assert format_number(1234.5, 0, thousands=False) == "1235"
