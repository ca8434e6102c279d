"""The direction rules of the packs, on a table of cases: what a reader is told about a
change between two printed figures, given the measure's polarity and tolerance band."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from workers.contracts.catalogue import Measure, Tolerance, load_catalogue
from workers.packs import direction
from workers.packs.direction import Band, band_for, judge
from workers.packs.render import format_direction

FIVE_PERCENT = Band(5, "percent", default=True)
TWO_POINTS = Band(2, "absolute", default=True)
TWO = Band(2, "absolute", default=False)

CASES = [
    # (current, before, polarity, band, precision, expected, why)
    (450, 443, "down_good", FIVE_PERCENT, 0, "same", "+1.6%: the issue's 443 → 450"),
    (500, 443, "down_good", FIVE_PERCENT, 0, "worse", "+12.9% of a measure better down"),
    (400, 443, "down_good", FIVE_PERCENT, 0, "better", "-9.7%"),
    (1310, 1240, "neutral", FIVE_PERCENT, 0, "up", "+5.6%, no preferred direction"),
    (1180, 1240, "neutral", FIVE_PERCENT, 0, "same", "-4.8%"),
    (1100, 1240, "neutral", FIVE_PERCENT, 0, "down", "-11.3%"),
    (60.0, 30.0, "neutral", TWO_POINTS, 1, "up", "+30 points"),
    (9.0, 30.0, "neutral", TWO_POINTS, 1, "down", "-21 points"),
    (31.0, 30.0, "neutral", TWO_POINTS, 1, "same", "+1 point"),
    (87.0, 85.0, "up_good", TWO_POINTS, 1, "same", "+2.0 points: on the edge, inclusive"),
    (87.1, 85.0, "up_good", TWO_POINTS, 1, "better", "+2.1 points"),
    (82.9, 85.0, "up_good", TWO_POINTS, 1, "worse", "-2.1 points"),
    (105, 100, "up_good", FIVE_PERCENT, 0, "same", "+5%: on the edge"),
    (106, 100, "up_good", FIVE_PERCENT, 0, "better", "+6%"),
    (10, 8, "neutral", TWO, 0, "same", "a handful a quarter: +2 of an absolute band of 2"),
    (11, 8, "neutral", TWO, 0, "up", "+3"),
    (0, 0, "neutral", FIVE_PERCENT, 0, "same", "nothing, then nothing"),
    (3, 0, "neutral", FIVE_PERCENT, 0, "up", "from zero any change is outside a % band"),
    (3, 0, "down_good", FIVE_PERCENT, 0, "worse", "from zero, for a measure better down"),
    (None, 443, "down_good", FIVE_PERCENT, 0, "no_data", "no current figure"),
    (443, None, "down_good", FIVE_PERCENT, 0, "no_data", "no earlier figure"),
    # judged on the printed figures, rounded half up: 50.4 prints 50 and 52.45 prints 52,
    # +2 points (the raw +2.05 would be outside the band)
    (52.45, 50.4, "up_good", TWO_POINTS, 0, "same", "printed 50 → 52"),
    # 52.5 prints 53 (Python's round would print 52): +3 points
    (52.5, 50.4, "up_good", TWO_POINTS, 0, "better", "printed 50 → 53, half up"),
]


@pytest.mark.parametrize(
    ("current", "before", "polarity", "band", "precision", "expected", "why"),
    CASES,
    ids=[c[-1] for c in CASES],
)
def test_direction_rules(current, before, polarity, band, precision, expected, why):
    assert judge(current, before, polarity, band, precision) == expected, why


@pytest.mark.parametrize(
    ("status", "change", "printed"),
    [
        ("same", 7, "► about the same"),
        ("same", 0, "► about the same"),
        ("up", 70, "▲ up"),
        ("down", -30, "▼ down"),
        ("better", -5, "▼ down, better"),
        ("better", 4, "▲ up, better"),
        ("worse", 14, "▲ up, worse"),
        ("worse", -2, "▼ down, worse"),
        ("no_data", None, "no data"),
    ],
)
def test_the_arrow_is_the_movement_and_the_word_the_judgement(status, change, printed):
    assert format_direction(status, change) == printed


def test_every_measure_has_a_band_and_the_catalogues_own_are_used():
    catalogue = load_catalogue()
    bands = {m.id: band_for(m) for m in catalogue.measures}
    assert len(bands) == len(catalogue.measures)
    for m in catalogue.measures:
        band = bands[m.id]
        if m.tolerance is None:
            default = direction.DEFAULT_TOLERANCE["percent" if m.unit == "percent" else "other"]
            assert (band.value, band.unit, band.default) == (default.value, default.unit, True)
    assert (bands["cdop_deaths_notified"].value, bands["cdop_deaths_notified"].unit) == (
        2,
        "absolute",
    )
    assert bands["re_referral_rate"] == Band(2, "absolute", default=True)
    assert bands["missing_episodes_la"] == Band(5, "percent", default=True)


def test_a_band_must_be_a_size_in_a_known_unit():
    base = dict(id="x", label="X", unit="count", aggregation="flow", polarity="neutral")
    with pytest.raises(ValidationError):
        Measure(**base, tolerance={"value": -1, "unit": "percent"})
    with pytest.raises(ValidationError):
        Measure(**base, tolerance={"value": 1, "unit": "points"})
    assert Measure(**base, tolerance=Tolerance(value=0, unit="absolute")).tolerance
