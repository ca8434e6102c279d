"""The measures derived from a statutory return's children, each both ways: counted where
the DfE's definition counts it, not where it does not."""

from __future__ import annotations

from datetime import date

from workers.periods import financial_year
from workers.statutory.cin import Assessment, Child, Enquiry, Plan, Referral
from workers.statutory.derive import care_figures, cin_figures, months_covered
from workers.statutory.ssda903 import Episode, LookedAfterChild
from workers.statutory.working_days import working_days

YEAR = financial_year(2020)
MONTHS = months_covered(YEAR, date(2021, 3, 31))


def test_working_days_skip_weekends_and_bank_holidays():
    assert working_days(date(2020, 12, 21), date(2020, 12, 31)) == 6  # 25th, 28th holidays
    assert working_days(date(2021, 3, 1), date(2021, 3, 22)) == 15


def test_a_return_covers_the_whole_months_up_to_its_reference_date():
    assert [m.label for m in months_covered(YEAR, date(2020, 6, 15))] == ["2020-04", "2020-05"]
    assert len(MONTHS) == 12


def _child(*referrals: Referral) -> Child:
    return Child(1, "k", date(2010, 5, 1), "1", "WBRI", list(referrals))


def test_referrals_re_referrals_and_timeliness():
    first = Referral(date(2020, 4, 10), False, date(2020, 5, 1))
    again = Referral(
        date(2021, 3, 1),
        False,
        None,
        assessments=[Assessment(date(2021, 3, 1), date(2021, 3, 22))],
        enquiries=[Enquiry(date(2021, 3, 1), date(2021, 3, 22)), Enquiry(date(2021, 3, 2), None)],
    )
    late = Referral(
        date(2020, 6, 1), False, None, assessments=[Assessment(date(2020, 6, 1), date(2020, 9, 30))]
    )
    figures = cin_figures([_child(first, again), _child(late)], MONTHS)
    march, april, september = figures["2021-03"], figures["2020-04"], figures["2020-09"]
    assert (april["referrals"], april["re_referrals_12m"]) == (1, 0)
    assert (march["referrals"], march["re_referrals_12m"]) == (1, 1)  # within 365 days
    assert (march["assessments_completed"], march["assessments_within_45wd"]) == (1, 1)
    assert (september["assessments_completed"], september["assessments_within_45wd"]) == (1, 0)
    assert (march["s47_completed"], march["icpc_held"], march["icpc_within_15wd"]) == (2, 1, 1)


def test_plans_are_counted_at_each_month_end_and_a_second_plan_is_second():
    plans = [
        Plan(date(2018, 1, 5), date(2020, 6, 30), "NEG", 0),  # open two years and more
        Plan(date(2020, 11, 2), None, "EMO", 0),  # the child's second plan
    ]
    figures = cin_figures([_child(Referral(date(2017, 12, 1), False, None, plans=plans))], MONTHS)
    assert figures["2020-05"]["cp_children"] == 1
    assert figures["2020-05"]["cp_children_neglect"] == 1
    assert figures["2020-05"]["cp_plans_open_2y_plus"] == 1
    assert figures["2020-06"]["cp_children"] == 0  # ended on the month's last day
    assert figures["2020-11"]["cp_plans_started"] == 1
    assert figures["2020-11"]["cp_plans_second_or_subsequent"] == 1
    assert figures["2021-03"]["cp_children_emotional"] == 1


def test_children_in_care_starts_moves_and_missing():
    child = LookedAfterChild(
        1,
        "k",
        None,
        "2",
        "WBRI",
        [
            Episode(date(2020, 4, 20), date(2020, 7, 3), "S"),
            Episode(date(2020, 7, 3), None, "P"),
        ],
        [date(2020, 8, 9)],
    )
    figures = care_figures([child], MONTHS)
    assert figures["2020-04"]["cic_started"] == 1
    assert figures["2020-07"]["cic_placement_moves"] == 1
    assert all(figures[m.label]["cic_children"] == 1 for m in MONTHS)
    assert figures["2020-08"]["cic_missing_episodes"] == 1
