"""Periods and returns named as a steward says them (issue 18, plain labels)."""

from workers.contracts.loader import get_contract
from workers.labels import agency_label, period_words, return_title


def test_periods_in_words():
    assert period_words("2022-02") == "February 2022"
    assert period_words("2021-Q4") == "Q4 2021-22 (January to March 2022)"
    assert period_words("2021-Q3") == "Q3 2021-22 (October to December 2021)"
    assert period_words("2020-Q1") == "Q1 2020-21 (April to June 2020)"
    assert period_words("2020-21") == "2020-21 (April 2020 to March 2021)"
    assert period_words(None) == "period not known yet"
    assert period_words("spring") == "spring"  # not a period: shown as it came


def test_a_return_is_titled_whose_which_and_when():
    contract = get_contract("la-csc-activity")
    assert contract.label == "CSC activity"
    assert agency_label("peterborough-cc") == "Peterborough"
    assert agency_label("nobody") == "nobody"
    title = return_title("peterborough-cc", contract, "2022-02")
    assert title == "Peterborough · CSC activity · February 2022"
