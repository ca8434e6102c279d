"""Realistic sample returns for every feed, for the demo, the tests and training stewards.

The files look like what the agencies send: one CSV per contract, agency and period, in the
contract's column order. FY 2020-21 reproduces the figures the partnership published in
its 2020-21 annual report (the seed), so the annual report built from the warehouse can be
checked against the printed one. The other years drift around those figures with the
seasons (quiet Augusts and Christmases, busy autumns) and the first lockdown.

A few returns carry a planted defect that a contract rule must catch (``SampleFile.defect``
says what, ``SampleFile.rule`` which rule). Defects go in the last financial year only,
never in 2020-21, except the seed's own inconsistency: CDOP's deaths by area add to 33, not
34, which must surface as a query. Every other file passes every rule of its contract.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from workers.contracts.loader import load_contracts
from workers.periods import Period, financial_year, months_in, quarter

CAMBS = "E10000003"
PBORO = "E06000031"
PARTNERSHIP = "CPSCP"

#: "Safeguarding Children Data 2020-21" in the seed report: measure id → area → figure.
#: Flows are April 2020 to March 2021 totals; stocks (cp_children, cic_children) are the
#: counts at 31 March 2021.
SEED_2020_21: dict[str, dict[str, int]] = {
    "contacts": {PBORO: 12_837, CAMBS: 26_474},
    "referrals": {PBORO: 2_404, CAMBS: 4_539},
    "assessments_completed": {PBORO: 2_012, CAMBS: 4_102},
    "s47_completed": {PBORO: 718, CAMBS: 1_213},
    "eha_initiated": {PBORO: 1_470, CAMBS: 5_111},
    "cp_children": {PBORO: 274, CAMBS: 445},
    "cic_children": {PBORO: 364, CAMBS: 664},
}

#: The seed's child death figures for 2020-21, and 2019-20's 41 deaths ("seven less").
CDOP_2020_21 = {
    "deaths_notified_total": 34,
    "deaths_cambridgeshire": 25,
    "deaths_peterborough": 8,
    "deaths_other_area": 0,
    "reviews_completed": 40,
    "reviews_modifiable": 11,
    # Time from death to review, in three bands that add up to the reviews completed.
    "reviews_within_6m": 9,  # 23% of 40
    "reviews_6_to_12m": 25,  # 63% of 40
    "reviews_over_12m": 6,  # 15% of 40
}
CDOP_SEED_DEFECT = "CDOP deaths by area add to 33, not 34 (as in the seed)"

SEED_FY = 2020
LA_AGENCY = {CAMBS: "cambridgeshire-cc", PBORO: "peterborough-cc"}
LA_PREFIX = {CAMBS: "CAM", PBORO: "PBO"}

# Police districts: (ONS code, parent LA, weight of activity). Fenland and Peterborough
# carry more than their share of children, as deprivation does.
DISTRICTS = (
    ("E07000008", CAMBS, 0.22),  # Cambridge
    ("E07000009", CAMBS, 0.12),  # East Cambridgeshire
    ("E07000010", CAMBS, 0.22),  # Fenland
    ("E07000011", CAMBS, 0.26),  # Huntingdonshire
    ("E07000012", CAMBS, 0.18),  # South Cambridgeshire
    (PBORO, PBORO, 0.0),  # Peterborough: its own figures, not a share of Cambridgeshire
)

# Activity by month, April to March: quiet in August and over Christmas, busy in autumn
# and when schools are back.
SEASON = (1.00, 1.00, 1.04, 1.00, 0.82, 0.97, 1.10, 1.10, 0.90, 1.00, 1.03, 1.06)
# 2020-21: the first lockdown emptied the front door; schools closed again in January and
# reopened on 8 March 2021.
LOCKDOWN_2020 = (0.72, 0.85, 0.95, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 0.88, 0.95, 1.12)

CP_CATEGORY_SHARES = {
    "cp_children_neglect": 0.47,
    "cp_children_physical": 0.08,
    "cp_children_emotional": 0.30,
    "cp_children_sexual": 0.05,
    "cp_children_multiple": 0.10,
}

# Health providers: staff, share needing L2 and L3, quarterly ED self-harm attendances,
# referrals to CSC, GCP2 assessments, SARC referrals, IHAs and RHAs due.
PROVIDERS = {
    "CUH": dict(staff=10_800, l2=0.45, l3=0.12, ed=80, ref=270, gcp=4, sarc=7, iha=0, rha=0),
    "NWAFT": dict(staff=6_400, l2=0.50, l3=0.14, ed=64, ref=230, gcp=3, sarc=5, iha=0, rha=0),
    "CPFT": dict(staff=4_200, l2=0.55, l3=0.30, ed=0, ref=140, gcp=12, sarc=2, iha=48, rha=150),
    "CCS": dict(staff=1_900, l2=0.60, l3=0.45, ed=0, ref=160, gcp=45, sarc=1, iha=30, rha=90),
    "EEAST": dict(staff=1_300, l2=0.40, l3=0.05, ed=0, ref=190, gcp=0, sarc=0, iha=0, rha=0),
}

# Police, per month: Peterborough's figures and Cambridgeshire's (split over districts).
POLICE_BASE = {
    PBORO: dict(da=110, missing=70, cce=45, cse=20, nrm=3.0, csa=25),
    CAMBS: dict(da=230, missing=120, cce=85, cse=40, nrm=4.0, csa=64),
}

EVENT_MIX = {
    "contact": 0.50,
    "referral": 0.12,
    "assessment": 0.11,
    "s47": 0.04,
    "icpc": 0.015,
    "cp_start": 0.013,
    "cp_end": 0.012,
    "care_start": 0.008,
    "care_end": 0.007,
    "early_help": 0.175,
}
ASSESSMENT_FACTORS = (
    "1B", "2B", "3A", "3B", "4A", "4B", "5B", "6A", "7A", "8B",
    "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "19B", "22A", "24A",
)  # fmt: skip
GENDERS = {"1": 0.51, "2": 0.47, "0": 0.015, "9": 0.005}
ETHNICITY = {
    CAMBS: {
        "WBRI": 0.72, "WOTH": 0.07, "WIRI": 0.005, "WIRT": 0.01, "WROM": 0.01, "MWBC": 0.03,
        "MWBA": 0.01, "MWAS": 0.01, "MOTH": 0.02, "AIND": 0.01, "APKN": 0.01, "ABAN": 0.005,
        "AOTH": 0.01, "BCRB": 0.005, "BAFR": 0.015, "BOTH": 0.005, "CHNE": 0.005,
        "OOTH": 0.01, "REFU": 0.01, "NOBT": 0.03,
    },
    PBORO: {
        "WBRI": 0.52, "WOTH": 0.15, "WIRI": 0.005, "WIRT": 0.01, "WROM": 0.02, "MWBC": 0.03,
        "MWBA": 0.01, "MWAS": 0.01, "MOTH": 0.02, "AIND": 0.01, "APKN": 0.08, "ABAN": 0.01,
        "AOTH": 0.01, "BCRB": 0.005, "BAFR": 0.03, "BOTH": 0.01, "CHNE": 0.005,
        "OOTH": 0.015, "REFU": 0.01, "NOBT": 0.03,
    },
}  # fmt: skip

Row = dict[str, str | int]


@dataclass(frozen=True)
class SampleFile:
    """One sample return written to disk; ``defect`` says what was planted, if anything."""

    contract: str
    agency: str
    period: str
    path: Path
    defect: str | None
    rule: str | None = None  # the rule code the defect must trigger


@dataclass
class _Return:
    contract: str
    agency: str
    period: str
    rows: list[Row]
    defect: str | None = None
    rule: str | None = None

    def plant(self, defect: str, rule: str) -> None:
        assert self.defect is None, f"two defects in {self.contract}/{self.agency}/{self.period}"
        self.defect, self.rule = defect, rule


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` into integers that add up exactly."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    out = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def split_capped(total: int, caps: Sequence[int], rng: random.Random) -> list[int]:
    """Split ``total`` at random so that no part exceeds its cap (a subset stays a subset)."""
    if total > sum(caps):
        raise ValueError(f"cannot split {total} within caps {list(caps)}")
    out = [0] * len(caps)
    for _ in range(total):
        room = [c - o for c, o in zip(caps, out, strict=True)]
        i = rng.choices(range(len(caps)), weights=room)[0]
        out[i] += 1
    return out


def _months(fy: int) -> list[Period]:
    return months_in(financial_year(fy))


def _quarters(fy: int) -> list[Period]:
    return [quarter(fy, q) for q in (1, 2, 3, 4)]


def _flow_factor(fy: int) -> float:
    """Volumes relative to 2020-21: higher before the pandemic, growing again after it."""
    if fy < SEED_FY:
        return 1.04 * 0.98 ** (SEED_FY - 1 - fy)
    return 1.0 + 0.04 * (fy - SEED_FY)


def _month_weights(fy: int, rng: random.Random) -> list[float]:
    lockdown = LOCKDOWN_2020 if fy == SEED_FY else (1.0,) * 12
    return [s * c * rng.uniform(0.96, 1.04) for s, c in zip(SEASON, lockdown, strict=True)]


def _share(rng: random.Random, n: int, lo: float, hi: float) -> int:
    return round(n * rng.uniform(lo, hi))


# --- la-csc-activity ---------------------------------------------------------------------


def _stock_path(start: int, end: int, rng: random.Random, wobble: float) -> list[int]:
    """Twelve month-end counts from last March's ``start`` to this March's ``end`` exactly."""
    out = []
    for k in range(1, 13):
        trend = start + (end - start) * k / 12
        noise = start * wobble * rng.uniform(-1, 1) * math.sin(math.pi * k / 12)
        out.append(round(trend + noise))
    return out


def _year_end_stock(measure: str, area: str, fy: int, rng: random.Random) -> int:
    """The count at 31 March ending ``fy``: the seed's for 2020-21, drifting 3% a year."""
    seed = SEED_2020_21[measure][area]
    if fy == SEED_FY:
        return seed
    return round(seed * 1.03 ** (fy - SEED_FY) * rng.uniform(0.95, 1.05))


def _la_activity(fys: list[int], rng: random.Random, defect_fy: int | None) -> list[_Return]:
    returns = []
    for area in (CAMBS, PBORO):
        stock_end = {
            measure: {fy: _year_end_stock(measure, area, fy, rng) for fy in [fys[0] - 1, *fys]}
            for measure in ("cp_children", "cic_children")
        }
        for fy in fys:
            flows = {}
            for measure in (
                "contacts",
                "referrals",
                "assessments_completed",
                "s47_completed",
                "eha_initiated",
            ):
                seed = SEED_2020_21[measure][area]
                total = (
                    seed
                    if fy == SEED_FY
                    else round(seed * _flow_factor(fy) * rng.uniform(0.97, 1.03))
                )
                flows[measure] = largest_remainder(total, _month_weights(fy, rng))
            missing_total = round((1650 if area == CAMBS else 880) * _flow_factor(fy))
            flows["missing_episodes"] = largest_remainder(missing_total, _month_weights(fy, rng))
            cp_path = _stock_path(
                stock_end["cp_children"][fy - 1], stock_end["cp_children"][fy], rng, 0.04
            )
            cic_path = _stock_path(
                stock_end["cic_children"][fy - 1], stock_end["cic_children"][fy], rng, 0.02
            )
            for k, period in enumerate(_months(fy)):
                referrals = flows["referrals"][k]
                assessments = flows["assessments_completed"][k]
                s47 = flows["s47_completed"][k]
                icpc = _share(rng, s47, 0.30, 0.40)
                started = _share(rng, icpc, 0.80, 0.92)
                cp_total = cp_path[k]
                categories = largest_remainder(
                    cp_total, [w * rng.uniform(0.9, 1.1) for w in CP_CATEGORY_SHARES.values()]
                )
                row: Row = {
                    "area_code": area,
                    "month": period.label,
                    "contacts": flows["contacts"][k],
                    "referrals": referrals,
                    "re_referrals_12m": _share(rng, referrals, 0.17, 0.23),
                    "assessments_completed": assessments,
                    "assessments_within_45wd": _share(rng, assessments, 0.80, 0.91),
                    "s47_completed": s47,
                    "icpc_held": icpc,
                    "icpc_within_15wd": _share(rng, icpc, 0.72, 0.90),
                    **dict(zip(CP_CATEGORY_SHARES, categories, strict=True)),
                    "cp_children_total": cp_total,
                    "cp_plans_started": started,
                    "cp_plans_second_or_subsequent": _share(rng, started, 0.14, 0.26),
                    "cp_plans_open_2y_plus": _share(rng, cp_total, 0.02, 0.04),
                    "cic_children": cic_path[k],
                    "eha_initiated": flows["eha_initiated"][k],
                    "missing_episodes": flows["missing_episodes"][k],
                }
                returns.append(_Return("la-csc-activity", LA_AGENCY[area], period.label, [row]))
    if defect_fy is not None:
        _plant_la_activity(returns, defect_fy, rng)
    return returns


def _find(returns: list[_Return], agency: str, period: str) -> _Return:
    return next(r for r in returns if r.agency == agency and r.period == period)


def _plant_la_activity(returns: list[_Return], fy: int, rng: random.Random) -> None:
    months = [p.label for p in _months(fy)]

    ret = _find(returns, "peterborough-cc", months[3])  # July
    row = ret.rows[0]
    row["re_referrals_12m"] = int(row["referrals"]) + rng.randint(3, 9)
    ret.plant(
        f"re-referrals ({row['re_referrals_12m']}) above referrals ({row['referrals']})", "CSC-021"
    )

    ret = _find(returns, "cambridgeshire-cc", months[6])  # October
    row = ret.rows[0]
    row["contacts"] = round(int(row["contacts"]) * 1.6)
    ret.plant(
        f"contacts inflated by 60% ({row['contacts']}): a double count after a system change",
        "CSC-101",
    )

    ret = _find(returns, "cambridgeshire-cc", months[9])  # January
    row = ret.rows[0]
    extra = rng.randint(4, 9)
    row["cp_children_neglect"] = int(row["cp_children_neglect"]) + extra
    ret.plant(
        f"CP categories add to {int(row['cp_children_total']) + extra}, not the "
        f"{row['cp_children_total']} on a plan",
        "CSC-010",
    )

    ret = _find(returns, "peterborough-cc", months[10])  # February
    ret.rows[0]["month"] = months[9]
    ret.plant(
        f"month column says {months[9]} in the {months[10]} return (last month's template)",
        "period.match",
    )


# --- police-safeguarding -----------------------------------------------------------------

POLICE_SEASON = (1.00, 1.02, 1.05, 1.08, 1.06, 1.00, 0.98, 0.97, 1.04, 1.03, 0.95, 0.97)


def _police(
    fys: list[int], rng: random.Random, la: list[_Return], defect_fy: int | None
) -> list[_Return]:
    s47 = {(r.rows[0]["area_code"], r.period): int(r.rows[0]["s47_completed"]) for r in la}
    flagged = {
        (code, kind): _flagged_start(code, parent, kind)
        for code, parent, _ in DISTRICTS
        for kind in ("cce", "cse")
    }
    returns = []
    for fy in fys:
        for k, period in enumerate(_months(fy)):
            lockdown = 1.08 if fy == SEED_FY and k < 3 else 1.0  # more DA in the first lockdown
            joint = {
                la_area: _share(rng, s47[(la_area, period.label)], 0.45, 0.65)
                for la_area in (CAMBS, PBORO)
            }
            cambs_joint = largest_remainder(
                joint[CAMBS], [w for _, p, w in DISTRICTS if p == CAMBS]
            )
            rows: list[Row] = []
            for i, (code, parent, weight) in enumerate(DISTRICTS):
                base = POLICE_BASE[parent]
                w = 1.0 if parent == code else weight
                da = round(base["da"] * w * POLICE_SEASON[k] * lockdown * rng.uniform(0.92, 1.08))
                for kind in ("cce", "cse"):  # a slow walk that drifts back to the usual level
                    now = flagged[(code, kind)]
                    pull = round((_flagged_start(code, parent, kind) - now) * 0.25)
                    flagged[(code, kind)] = max(1, now + pull + rng.randint(-2, 2))
                rows.append(
                    {
                        "month": period.label,
                        "area_code": code,
                        "da_incidents_children_present": da,
                        "op_encompass_notifications": _share(rng, da, 0.55, 0.80),
                        "missing_child_episodes": round(
                            base["missing"] * w * rng.uniform(0.85, 1.15)
                        ),
                        "children_flagged_cce": flagged[(code, "cce")],
                        "children_flagged_cse": flagged[(code, "cse")],
                        "nrm_referrals_children": round(base["nrm"] * w * rng.uniform(0.3, 1.7)),
                        "csa_offences_recorded": round(base["csa"] * w * rng.uniform(0.8, 1.2)),
                        "joint_s47_investigations": joint[PBORO]
                        if code == PBORO
                        else cambs_joint[i],
                    }
                )
            returns.append(_Return("police-safeguarding", "cambs-police", period.label, rows))
    if defect_fy is not None:
        months = [p.label for p in _months(defect_fy)]
        ret = _find(returns, "cambs-police", months[5])  # September
        fenland = next(r for r in ret.rows if r["area_code"] == "E07000010")
        fenland["missing_child_episodes"] = -rng.randint(2, 6)
        ret.plant(
            f"negative count: Fenland missing episodes {fenland['missing_child_episodes']}",
            "range.missing_child_episodes",
        )
        ret = _find(returns, "cambs-police", months[7])  # November
        pboro = next(r for r in ret.rows if r["area_code"] == PBORO)
        pboro["joint_s47_investigations"] = s47[(PBORO, months[7])] + rng.randint(5, 15)
        ret.plant(
            f"Peterborough joint S47 investigations ({pboro['joint_s47_investigations']}) "
            f"above the council's S47 enquiries ({s47[(PBORO, months[7])]})",
            "POL-103",
        )
    return returns


def _flagged_start(code: str, parent: str, kind: str) -> int:
    base = POLICE_BASE[parent][kind]
    weight = next(w for c, _, w in DISTRICTS if c == code)
    return max(1, round(base * (1.0 if code == parent else weight)))


# --- health-safeguarding -----------------------------------------------------------------

ED_SEASON = (1.00, 0.92, 1.04, 1.06)  # self-harm attendances dip over the summer holidays


def _health(fys: list[int], rng: random.Random, defect_fy: int | None) -> list[_Return]:
    returns = []
    for fy in fys:
        for q, period in enumerate(_quarters(fy)):
            n = (fy - SEED_FY) * 4 + q  # quarters since April 2020, for slow trends
            rows: list[Row] = []
            for name, p in PROVIDERS.items():
                staff = round(p["staff"] * (1 + 0.006 * n) * rng.uniform(0.99, 1.01))
                dip = 0.06 if fy == SEED_FY else 0.0  # face-to-face training paused in 2020-21
                row: Row = {"quarter": period.label, "area_code": PARTNERSHIP, "provider": name}
                for level, need, base in (
                    ("l1", 1.0, 0.92),
                    ("l2", p["l2"], 0.89),
                    ("l3", p["l3"], 0.85),
                ):
                    needed = round(staff * need)
                    compliance = min(0.99, base - dip + rng.uniform(-0.03, 0.03))
                    row[f"training_{level}_trained"] = round(needed * compliance)
                    row[f"training_{level}_staff"] = needed
                iha_due = round(p["iha"] * rng.uniform(0.85, 1.15))
                rha_due = round(p["rha"] * rng.uniform(0.9, 1.1))
                surge = 1.08 if n >= 2 else 1.0  # adolescent mental health, from autumn 2020
                row.update(
                    {
                        "iha_within_20wd": _share(rng, iha_due, 0.55, 0.80),
                        "iha_due": iha_due,
                        "rha_within_timescale": _share(rng, rha_due, 0.78, 0.93),
                        "rha_due": rha_due,
                        "ed_selfharm_u18": round(
                            p["ed"] * ED_SEASON[q] * surge * rng.uniform(0.92, 1.08)
                        ),
                        "referrals_to_csc": round(p["ref"] * rng.uniform(0.85, 1.15)),
                        "gcp_assessments": round(
                            p["gcp"] * (1 + 0.05 * max(n, 0)) * rng.uniform(0.8, 1.2)
                        ),
                        "sarc_referrals_children": round(p["sarc"] * rng.uniform(0.5, 1.5)),
                    }
                )
                rows.append(row)
            returns.append(_Return("health-safeguarding", "cp-icb", period.label, rows))
    if defect_fy is not None:
        ret = _find(returns, "cp-icb", quarter(defect_fy, 3).label)
        cpft = next(r for r in ret.rows if r["provider"] == "CPFT")
        cpft["training_l3_trained"] = int(cpft["training_l3_staff"]) + rng.randint(5, 30)
        ret.plant(
            f"CPFT level 3 trained ({cpft['training_l3_trained']}) above the staff who "
            f"need level 3 ({cpft['training_l3_staff']})",
            "HLT-012",
        )
    return returns


# --- cdop-child-deaths -------------------------------------------------------------------


def _cdop_year(fy: int, rng: random.Random) -> dict[str, int]:
    if fy == SEED_FY:
        return dict(CDOP_2020_21)
    if fy == SEED_FY - 1:
        deaths, other = 41, 2  # "seven less than 2019/2020"
    else:
        deaths, other = rng.randint(32, 42), rng.randint(0, 2)
    cambs = round((deaths - other) * 0.75)
    reviews = rng.randint(35, 45)
    within_6m = _share(rng, reviews, 0.18, 0.30)
    over_12m = _share(rng, reviews, 0.10, 0.20)
    return {
        "deaths_notified_total": deaths,
        "deaths_cambridgeshire": cambs,
        "deaths_peterborough": deaths - other - cambs,
        "deaths_other_area": other,
        "reviews_completed": reviews,
        "reviews_modifiable": _share(rng, reviews, 0.20, 0.35),
        "reviews_within_6m": within_6m,
        "reviews_6_to_12m": reviews - within_6m - over_12m,
        "reviews_over_12m": over_12m,
    }


def _spread(total: int, rng: random.Random) -> list[int]:
    """A year's count over its four quarters, unevenly, as small numbers fall."""
    return largest_remainder(total, [rng.uniform(0.7, 1.3) for _ in range(4)])


def _cdop(fys: list[int], rng: random.Random, defect_fy: int | None) -> list[_Return]:
    returns = []
    for fy in fys:
        year = _cdop_year(fy, rng)
        cambs = _spread(year["deaths_cambridgeshire"], rng)
        pboro = _spread(year["deaths_peterborough"], rng)
        other = _spread(year["deaths_other_area"], rng)
        reviews = _spread(year["reviews_completed"], rng)
        modifiable = split_capped(year["reviews_modifiable"], reviews, rng)
        within_6m = split_capped(year["reviews_within_6m"], reviews, rng)
        left = [r - w for r, w in zip(reviews, within_6m, strict=True)]
        six_to_12m = split_capped(year["reviews_6_to_12m"], left, rng)
        seed_gap = year["deaths_notified_total"] - sum(cambs + pboro + other)
        gap_quarter = rng.randrange(4)
        for q, period in enumerate(_quarters(fy)):
            row: Row = {
                "quarter": period.label,
                "area_code": PARTNERSHIP,
                "deaths_notified_total": cambs[q]
                + pboro[q]
                + other[q]
                + (seed_gap if q == gap_quarter else 0),
                "deaths_cambridgeshire": cambs[q],
                "deaths_peterborough": pboro[q],
                "deaths_other_area": other[q],
                "reviews_completed": reviews[q],
                "reviews_modifiable": modifiable[q],
                "reviews_not_modifiable": reviews[q] - modifiable[q],
                "reviews_within_6m": within_6m[q],
                "reviews_6_to_12m": six_to_12m[q],
                "reviews_over_12m": left[q] - six_to_12m[q],
            }
            ret = _Return("cdop-child-deaths", "cp-cdop", period.label, [row])
            if seed_gap and q == gap_quarter:
                ret.plant(CDOP_SEED_DEFECT, "CDOP-101")
            returns.append(ret)
    if defect_fy is not None:
        ret = _find(returns, "cp-cdop", quarter(defect_fy, 2).label)
        row = ret.rows[0]
        row["reviews_over_12m"] = int(row["reviews_over_12m"]) + 1  # counted in two bands
        bands = sum(
            int(row[c]) for c in ("reviews_within_6m", "reviews_6_to_12m", "reviews_over_12m")
        )
        ret.plant(
            f"reviews by time band add up to {bands}, not the {row['reviews_completed']} "
            "reviews completed (a review counted in two bands)",
            "CDOP-003",
        )
    return returns


# --- la-csc-episodes ---------------------------------------------------------------------


def _episodes(periods: list[Period], rng: random.Random, plant: bool) -> list[_Return]:
    returns = []
    for area in (CAMBS, PBORO):
        children: dict[str, tuple[int, str, str]] = {}
        pool_size = 900 if area == CAMBS else 550
        ids = rng.sample(range(1, 999_999), pool_size)
        pool = [f"{LA_PREFIX[area]}-{i:06d}" for i in ids]
        for period in periods:
            n_rows = rng.randint(380, 460) if area == CAMBS else rng.randint(220, 280)
            seen: set[tuple[str, str, str]] = set()
            rows: list[Row] = []
            while len(rows) < n_rows:
                child = rng.choice(pool)
                if child not in children:
                    children[child] = (
                        rng.randint(0, 17),
                        _pick(rng, GENDERS),
                        _pick(rng, ETHNICITY[area]),
                    )
                age, gender, ethnicity = children[child]
                event = _pick(rng, EVENT_MIX)
                day = period.start + timedelta(
                    days=rng.randrange((period.end - period.start).days + 1)
                )
                key = (child, event, day.isoformat())
                if key in seen:
                    continue
                seen.add(key)
                rows.append(
                    {
                        "child_id": child,
                        "area_code": area,
                        "event_type": event,
                        "event_date": day.isoformat(),
                        "assessment_factors": _factors(rng) if event == "assessment" else "",
                        "age": age,
                        "gender": gender,
                        "ethnicity": ethnicity,
                    }
                )
            rows.sort(
                key=lambda r: (str(r["event_date"]), str(r["child_id"]), str(r["event_type"]))
            )
            returns.append(_Return("la-csc-episodes", LA_AGENCY[area], period.label, rows))
    if plant and periods:
        last = periods[-1]
        ret = _find(returns, "cambridgeshire-cc", last.label)
        row = ret.rows[rng.randrange(len(ret.rows))]
        row["event_date"] = (last.start - timedelta(days=1)).isoformat()
        ret.plant(
            f"event dated {row['event_date']}, before the {last.label} return's month",
            "period.date",
        )
        ret = _find(returns, "peterborough-cc", last.label)
        i = rng.randrange(len(ret.rows))
        ret.rows.insert(i + 1, dict(ret.rows[i]))
        ret.plant(f"the same event sent twice (row {i + 3} repeats row {i + 2})", "unique.key")
    return returns


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _factors(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return "21"  # no factors identified
    codes = rng.sample(ASSESSMENT_FACTORS, rng.choice((1, 1, 2, 2, 3, 4)))
    return ",".join(sorted(codes, key=lambda c: (int(c.rstrip("ABCDEF")), c)))


# --- writing -----------------------------------------------------------------------------


def generate_samples(
    out_dir: Path,
    first_fy: int = 2019,
    last_fy: int = 2021,
    seed: int = 2021,
    child_level_months: int = 3,
    *,
    contracts_dir: Path | None = None,
) -> list[SampleFile]:
    """Write every feed's returns for financial years ``first_fy`` to ``last_fy``.

    Child-level returns are written only for the last ``child_level_months`` months, since
    a few hundred rows per month are enough to exercise pseudonymisation and row holds.
    The same arguments always give byte-identical files.
    """
    if last_fy < first_fy:
        raise ValueError(f"last_fy {last_fy} is before first_fy {first_fy}")
    contracts = load_contracts(contracts_dir)
    fys = list(range(first_fy, last_fy + 1))
    defect_fy = last_fy if last_fy != SEED_FY else None
    all_months = [m for fy in fys for m in _months(fy)]
    child_months = all_months[-child_level_months:] if child_level_months > 0 else []

    def feed_rng(name: str) -> random.Random:
        # One generator per feed, so changing one feed leaves the others' figures alone.
        return random.Random(f"{seed}:{name}")

    la = _la_activity(fys, feed_rng("la-csc-activity"), defect_fy)
    returns = [
        *la,
        *_police(fys, feed_rng("police-safeguarding"), la, defect_fy),
        *_health(fys, feed_rng("health-safeguarding"), defect_fy),
        *_cdop(fys, feed_rng("cdop-child-deaths"), defect_fy),
        *_episodes(child_months, feed_rng("la-csc-episodes"), defect_fy is not None),
    ]
    written = []
    for ret in sorted(returns, key=lambda r: (r.contract, r.agency, r.period)):
        columns = contracts[ret.contract].column_names
        path = Path(out_dir) / ret.contract / ret.agency / f"{ret.period}.csv"
        _write_csv(path, columns, ret.rows)
        written.append(SampleFile(ret.contract, ret.agency, ret.period, path, ret.defect, ret.rule))
    return written


def _write_csv(path: Path, columns: list[str], rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            extra = set(row) - set(columns)
            if extra:
                raise KeyError(f"{path}: columns not in the contract: {sorted(extra)}")
            writer.writerow(["" if row.get(c) is None else row[c] for c in columns])


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "sample-returns")
    files = generate_samples(target)
    for f in files:
        if f.defect:
            print(f"{f.path}: {f.defect} [{f.rule}]")
    print(f"{len(files)} files under {target}")
