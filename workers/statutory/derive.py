"""The partnership's measures from the children of a statutory return, month by month.

The same measure ids as ``la-csc-activity`` (the catalogue says which source is
authoritative where both give a figure): flows are counted by the month of their date,
stocks at each month end, for every whole month of the collection year up to the return's
reference date. Timescales are working days (``working_days``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from workers.periods import Period, months_in
from workers.statutory.cin import Child
from workers.statutory.ssda903 import LookedAfterChild
from workers.statutory.working_days import working_days

#: The CIN census's categories of abuse → the catalogue's stock measures of them.
CATEGORY_MEASURE = {
    "NEG": "cp_children_neglect",
    "PHY": "cp_children_physical",
    "EMO": "cp_children_emotional",
    "SAB": "cp_children_sexual",
    "MUL": "cp_children_multiple",
}
CIN_MEASURES = (
    "referrals",
    "re_referrals_12m",
    "assessments_completed",
    "assessments_within_45wd",
    "s47_completed",
    "icpc_held",
    "icpc_within_15wd",
    "cp_plans_started",
    "cp_plans_second_or_subsequent",
    "cp_children",
    *CATEGORY_MEASURE.values(),
    "cp_plans_open_2y_plus",
)
CARE_MEASURES = ("cic_children", "cic_started", "cic_placement_moves", "cic_missing_episodes")
#: The measures each kind of statutory return (``Statutory.kind``) derives: what it
#: supplies to the packs, as a column with a measure does for every other feed.
DERIVED = {"cin": CIN_MEASURES, "903": CARE_MEASURES}
#: Episodes' reasons for a new episode that are a change of placement (SSDA903 RNE).
PLACEMENT_CHANGE = frozenset({"P", "B", "T", "U"})

Figures = dict[str, dict[str, int]]  # period label → measure id → value


def months_covered(year: Period, reference: date) -> list[Period]:
    """The whole months of the collection year a return dated ``reference`` covers."""
    return [m for m in months_in(year) if m.end <= reference]


def _month_of(day: date | None, months: dict[tuple[int, int], str]) -> str | None:
    return None if day is None else months.get((day.year, day.month))


def cin_figures(children: Iterable[Child], months: list[Period]) -> Figures:
    index = {(m.start.year, m.start.month): m.label for m in months}
    out: dict[str, Counter[str]] = {m.label: Counter() for m in months}

    def add(day: date | None, measure: str) -> None:
        label = _month_of(day, index)
        if label is not None:
            out[label][measure] += 1

    for child in children:
        dates = sorted(r.referred for r in child.referrals if r.referred)
        plans = sorted(
            ((p.start, p) for r in child.referrals for p in r.plans if p.start),
            key=lambda pair: pair[0],
        )
        for referral in child.referrals:
            day = referral.referred
            add(day, "referrals")
            if day and any(day - timedelta(days=365) <= d < day for d in dates):
                add(day, "re_referrals_12m")
            for a in referral.assessments:
                add(a.authorised, "assessments_completed")
                if a.start and a.authorised and working_days(a.start, a.authorised) <= 45:
                    add(a.authorised, "assessments_within_45wd")
            for s in referral.enquiries:
                add(s.start, "s47_completed")
                add(s.icpc, "icpc_held")
                if s.start and s.icpc and working_days(s.start, s.icpc) <= 15:
                    add(s.icpc, "icpc_within_15wd")
        for i, (_, plan) in enumerate(plans):
            add(plan.start, "cp_plans_started")
            if i > 0 or (plan.previous_plans or 0) > 0:
                add(plan.start, "cp_plans_second_or_subsequent")
        for month in months:
            end = month.end
            open_now = [(s, p) for s, p in plans if s <= end and (p.end is None or p.end > end)]
            if not open_now:
                continue
            latest = open_now[-1][1]
            counts = out[month.label]
            counts["cp_children"] += 1
            measure = CATEGORY_MEASURE.get((latest.category or "").upper())
            if measure:
                counts[measure] += 1
            if open_now[0][0] <= end - timedelta(days=730):
                counts["cp_plans_open_2y_plus"] += 1
    return _complete(out, CIN_MEASURES)


def care_figures(children: Iterable[LookedAfterChild], months: list[Period]) -> Figures:
    index = {(m.start.year, m.start.month): m.label for m in months}
    out: dict[str, Counter[str]] = {m.label: Counter() for m in months}
    for child in children:
        for e in child.episodes:
            label = _month_of(e.start, index)
            if label is not None and (e.reason_new or "").upper() == "S":
                out[label]["cic_started"] += 1
            if label is not None and (e.reason_new or "").upper() in PLACEMENT_CHANGE:
                out[label]["cic_placement_moves"] += 1
        for start in child.missing:
            label = _month_of(start, index)
            if label is not None:
                out[label]["cic_missing_episodes"] += 1
        for month in months:
            end = month.end
            if any(
                e.start and e.start <= end and (e.end is None or e.end > end)
                for e in child.episodes
            ):
                out[month.label]["cic_children"] += 1
    return _complete(out, CARE_MEASURES)


def _complete(out: dict[str, Counter[str]], measures: tuple[str, ...]) -> Figures:
    """Every measure in every month, zero where nothing happened (a month with no ICPC
    has 0 ICPCs, not no figure)."""
    return {label: {m: counts.get(m, 0) for m in measures} for label, counts in out.items()}
