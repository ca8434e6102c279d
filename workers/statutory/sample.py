"""Sample statutory returns: a CIN census XML and SSDA903 tables per local authority,
consistent with the seed's 2020-21 figures and the sample ``la-csc-activity`` returns.

The children are made from the monthly activity the sample generator writes for 2020-21
(``workers.sample.generate``), so the figures derived from them agree with those returns:
referrals, assessments and Section 47 enquiries month by month; ICPCs, plans started and
second plans over the year; children on a plan and in care at every month end.
``plant`` adds a few defects the DfE's rules catch, named in ``PLANTED``.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from workers.periods import financial_year, months_in
from workers.sample.generate import CAMBS, LA_AGENCY, PBORO, SEED_FY, _la_activity
from workers.statutory.ssda903 import TABLES
from workers.statutory.working_days import add_working_days

#: The DfE's three-digit LA numbers.
LEA = {CAMBS: "873", PBORO: "874"}
PREFIX = {CAMBS: "CAM", PBORO: "PBO"}
CATEGORY = {"NEG": 0.47, "PHY": 0.08, "EMO": 0.30, "SAB": 0.04, "MUL": 0.11}
ETHNICITY = {
    "WBRI": 0.74,
    "WOTH": 0.08,
    "MWBC": 0.04,
    "MOTH": 0.03,
    "APKN": 0.03,
    "AOTH": 0.02,
    "BAFR": 0.02,
    "OOTH": 0.02,
    "REFU": 0.01,
    "NOBT": 0.01,
}
FACTORS = (
    "1A",
    "2A",
    "2B",
    "3A",
    "3B",
    "4A",
    "4B",
    "6A",
    "7A",
    "8B",
    "11A",
    "12A",
    "16A",
    "17A",
    "18B",
    "19B",
    "22A",
)
_CHECK = "ABCDEFGHJKLMNPQRTUVWXYZ"

#: The defects ``plant`` puts in, as (DfE rule code, what is wrong): one CIN child each.
PLANTED_CIN = {
    "4220": "a child's ethnicity code is not one of the DfE's",
    "1510": "a UPN's check letter is wrong",
    "8866": "a referral's source is not one of the DfE's codes",
}
PLANTED_903 = {
    "103": "a child's ethnicity code is not one of the DfE's",
    "102": "a child's date of birth is not a date",
}


def upn(lea: str, serial: int) -> str:
    """A UPN with the right check letter (DfE UPN guide): LA number, school, year, serial."""
    body = f"{lea}{2000 + serial % 7000:04d}{10 + serial % 9:02d}{serial % 1000:03d}"
    total = sum(int(ch) * (i + 2) for i, ch in enumerate(body))
    return _CHECK[total % 23] + body


@dataclass
class _Plan:
    start: date
    end: date | None = None
    category: str = "NEG"
    previous: int = 0


@dataclass
class _Ref:
    child: int
    day: date
    nfa: bool = False
    closed: date | None = None
    assessment: tuple[date, date] | None = None
    s47: tuple[date, date | None] | None = None
    plan: _Plan | None = None
    source: str = "1A"


@dataclass
class _Kid:
    serial: int
    born: date
    sex: str
    ethnicity: str
    referrals: list[_Ref] = field(default_factory=list)


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _day_in(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


class _Census:
    """The children of one LA's census year, built month by month."""

    def __init__(self, area: str, fy: int, rng: random.Random) -> None:
        self.area, self.rng = area, rng
        self.year = financial_year(fy)
        self.kids: list[_Kid] = []

    def kid(self, around: date) -> _Kid:
        rng = self.rng
        born = around - timedelta(days=rng.randrange(200, 17 * 365))
        kid = _Kid(len(self.kids) + 1, born, rng.choice("12"), _pick(rng, ETHNICITY))
        self.kids.append(kid)
        return kid

    def referral(self, when: date, kid: _Kid | None = None) -> _Ref:
        kid = kid or self.kid(when)
        ref = _Ref(kid.serial, when, source=self.rng.choice(("1A", "1B", "2A", "3A", "5A", "9")))
        kid.referrals.append(ref)
        return ref

    def before_year(self, latest: date) -> _Ref:
        """A referral made before the year and still open on its first day."""
        first = latest - timedelta(days=300)
        return self.referral(_day_in(self.rng, first, min(latest, self.year.start - timedelta(1))))


def _census(area: str, fy: int, months: list[dict], rng: random.Random) -> _Census:
    census = _Census(area, fy, rng)
    periods = months_in(census.year)
    unassessed: list[_Ref] = []
    fresh: list[_Ref] = []  # referrals with an assessment and no S47 yet
    for period, row in zip(periods, months, strict=True):
        refs = []
        re_refs = row["re_referrals_12m"]
        for i in range(row["referrals"]):
            when = _day_in(rng, period.start, period.end)
            if i < re_refs:  # the child was referred within the last twelve months
                last = census.year.start - timedelta(days=1)
                earlier = census.referral(_day_in(rng, min(when - timedelta(days=360), last), last))
                earlier.closed = (
                    _day_in(rng, census.year.start, when - timedelta(days=1))
                    if when > census.year.start
                    else census.year.start
                )
                earlier.nfa = False
                ref = census.referral(when, census.kids[earlier.child - 1])
            else:
                ref = census.referral(when)
            refs.append(ref)
        unassessed.extend(refs)
        unassessed.sort(key=lambda r: r.day)
        within = row["assessments_within_45wd"]
        for i in range(row["assessments_completed"]):
            authorised = _day_in(rng, period.start, period.end)
            days = rng.randint(8, 44) if i < within else rng.randint(46, 70)
            start = add_working_days(authorised, -days)
            candidates = [r for r in unassessed if r.day <= start]
            ref = candidates[-1] if candidates else census.before_year(start)
            if candidates:
                unassessed.remove(ref)
            ref.assessment = (start, authorised)
            fresh.append(ref)
        # Section 47 enquiries start this month, on a referral already assessed or not.
        icpcs = row["icpc_held"]
        timely = row["icpc_within_15wd"]
        for i in range(row["s47_completed"]):
            start = _day_in(rng, period.start, period.end)
            pool = [r for r in fresh if r.day <= start and r.s47 is None]
            if pool:
                ref = pool[-1]
                fresh.remove(ref)
            else:  # an assessment made before the year led to it
                ref = census.referral(min(start, census.year.start) - timedelta(days=40))
                ref.assessment = (ref.day + timedelta(days=1), ref.day + timedelta(days=20))
            icpc = None
            if i < icpcs:
                days = rng.randint(5, 15) if i < timely else rng.randint(16, 25)
                icpc = min(add_working_days(start, days), census.year.end)
            ref.s47 = (start, icpc)
    _plans(census, periods, months, rng)
    _closures(census, rng)
    return census


def _plans(census: _Census, periods, months: list[dict], rng: random.Random) -> None:
    """Plans start at the ICPCs, as many as the months' starts over the year; plans made
    before the year and closures keep the month-end counts on the activity returns'."""

    def icpc(r: _Ref) -> date:
        assert r.s47 is not None and r.s47[1] is not None
        return r.s47[1]

    with_icpc = sorted(
        (r for k in census.kids for r in k.referrals if r.s47 and r.s47[1]), key=icpc
    )
    starts = sum(m["cp_plans_started"] for m in months)
    second = sum(m["cp_plans_second_or_subsequent"] for m in months)
    chosen = sorted(rng.sample(with_icpc, min(starts, len(with_icpc))), key=icpc)
    for i, ref in enumerate(chosen):
        assert ref.s47 is not None and ref.s47[1] is not None
        ref.plan = _Plan(ref.s47[1], category=_pick(rng, CATEGORY), previous=int(i < second))
    open_plans: list[_Ref] = []
    first_target = months[0]["cp_children_total"]
    for _ in range(first_target):  # open on 31 March of the year before
        start = add_working_days(census.year.start - timedelta(days=rng.randrange(20, 900)), 0)
        ref = census.referral(start - timedelta(days=rng.randrange(20, 40)))
        ref.plan = _Plan(start, category=_pick(rng, CATEGORY))
        open_plans.append(ref)
    for period, row in zip(periods, months, strict=True):
        new = [r for r in chosen if r.plan and period.contains(r.plan.start)]
        closable = list(open_plans)
        open_plans.extend(new)
        excess = len(open_plans) - row["cp_children_total"]
        rng.shuffle(closable)
        for ref in closable[: max(excess, 0)]:
            assert ref.plan is not None
            ref.plan.end = _day_in(
                rng, max(period.start, ref.plan.start + timedelta(1)), period.end
            )
            open_plans.remove(ref)


def _closures(census: _Census, rng: random.Random) -> None:
    for kid in census.kids:
        for ref in kid.referrals:
            if ref.closed is not None:
                continue
            if ref.assessment is None and ref.s47 is None and ref.plan is None:
                ref.nfa = rng.random() < 0.6
                if ref.nfa:
                    ref.closed = ref.day
            elif ref.plan is not None and ref.plan.end is not None:
                ref.closed = ref.plan.end


def _el(tag: str, value: object | None) -> str:
    return "" if value is None else f"<{tag}>{escape(str(value))}</{tag}>"


def _child_xml(census: _Census, kid: _Kid, defect: str | None) -> str:
    lea = LEA[census.area]
    ethnicity = "ZZZZ" if defect == "4220" else kid.ethnicity
    u = upn(lea, kid.serial)
    if defect == "1510":
        u = ("B" if u[0] == "A" else "A") + u[1:]
    parts = [
        "<Child><ChildIdentifiers>",
        _el("LAchildID", f"{PREFIX[census.area]}{kid.serial:06d}"),
        _el("UPN", u),
        _el("PersonBirthDate", kid.born.isoformat()),
        _el("GenderCurrent", kid.sex),
        "</ChildIdentifiers><ChildCharacteristics>",
        _el("Ethnicity", ethnicity),
        "<Disabilities><Disability>NONE</Disability></Disabilities>",
        "</ChildCharacteristics>",
    ]
    for ref in kid.referrals:
        parts.append("<CINdetails>")
        parts.append(_el("CINreferralDate", ref.day.isoformat()))
        parts.append(_el("ReferralSource", "ZZ" if defect == "8866" else ref.source))
        parts.append(_el("PrimaryNeedCode", "N1" if ref.plan else "N2"))
        if ref.closed:
            parts.append(_el("CINclosureDate", ref.closed.isoformat()))
            parts.append(_el("ReasonForClosure", "RC7"))
        parts.append(_el("ReferralNFA", "1" if ref.nfa else "0"))
        if ref.assessment:
            start, authorised = ref.assessment
            parts.append("<Assessments>")
            parts.append(_el("AssessmentActualStartDate", start.isoformat()))
            parts.append(_el("AssessmentInternalReviewDate", authorised.isoformat()))
            parts.append(_el("AssessmentAuthorisationDate", authorised.isoformat()))
            factors = census.rng.sample(FACTORS, census.rng.choice((1, 2, 3)))
            parts.append("<FactorsIdentifiedAtAssessment>")
            parts.extend(_el("AssessmentFactors", f) for f in factors)
            parts.append("</FactorsIdentifiedAtAssessment></Assessments>")
        if ref.s47:
            start, icpc = ref.s47
            parts.append("<Section47>")
            parts.append(_el("S47ActualStartDate", start.isoformat()))
            parts.append(_el("InitialCPCtarget", add_working_days(start, 15).isoformat()))
            parts.append(_el("DateOfInitialCPC", icpc.isoformat() if icpc else None))
            parts.append(_el("ICPCnotRequired", "false" if icpc else "true"))
            parts.append("</Section47>")
        if ref.plan:
            p = ref.plan
            parts.append("<ChildProtectionPlans>")
            parts.append(_el("CPPstartDate", p.start.isoformat()))
            parts.append(_el("CPPendDate", p.end.isoformat() if p.end else None))
            parts.append(_el("InitialCategoryOfAbuse", p.category))
            parts.append(_el("LatestCategoryOfAbuse", p.category))
            parts.append(_el("NumberOfPreviousCPP", p.previous))
            parts.append("</ChildProtectionPlans>")
        parts.append("</CINdetails>")
    parts.append("</Child>")
    return "".join(parts)


def census_xml(census: _Census, planted: dict[int, str] | None = None) -> str:
    planted = planted or {}
    end = census.year.end
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails>'
        f"<Collection>CIN</Collection><Year>{end.year}</Year>"
        f"<ReferenceDate>{end.isoformat()}</ReferenceDate></CollectionDetails><Source>"
        f"<SourceLevel>L</SourceLevel><LEA>{LEA[census.area]}</LEA>"
        "<SoftwareCode>Local Authority</SoftwareCode><Release>ver 3.1.21</Release>"
        f"<SerialNo>001</SerialNo><DateTime>{end.year}-05-10T09:00:00</DateTime></Source>"
        "</Header><Children>\n"
    )
    body = "\n".join(_child_xml(census, k, planted.get(k.serial)) for k in census.kids)
    return head + body + "\n</Children></Message>\n"


def activity_months(area: str, fy: int = SEED_FY, seed: int = 2021) -> list[dict]:
    """The sample ``la-csc-activity`` rows of one area's year, as ``sdh sample`` writes
    them (the same generator, the same seed)."""
    returns = _la_activity(list(range(2019, 2022)), random.Random(f"{seed}:la-csc-activity"), 2021)
    agency = LA_AGENCY[area]
    rows = [
        r.rows[0]
        for r in returns
        if r.agency == agency
        and r.period.startswith(tuple(p.label for p in months_in(financial_year(fy))))
    ]
    return sorted(rows, key=lambda r: str(r["month"]))


def scaled(months: list[dict], factor: float) -> list[dict]:
    """The months' counts times ``factor`` (a smaller or larger authority)."""
    if factor == 1:
        return months
    return [
        {k: (round(v * factor) if isinstance(v, int) else v) for k, v in m.items()} for m in months
    ]


def cin_census(
    area: str, fy: int = SEED_FY, *, plant: bool = False, seed: int = 2021, scale: float = 1.0
) -> str:
    """One LA's CIN census XML for the year, its figures those of the sample activity
    returns (times ``scale``); ``plant`` puts in the ``PLANTED_CIN`` defects."""
    rng = random.Random(f"{seed}:la-cin-census:{area}:{fy}")
    census = _census(area, fy, scaled(activity_months(area, fy, seed), scale), rng)
    planted = {}
    if plant:
        # Children referred before the year whose episode closed in it: they count in no
        # figure, so holding them back leaves the year's figures whole.
        for k, code in enumerate(PLANTED_CIN):
            ref = census.referral(census.year.start - timedelta(days=30 + k))
            ref.closed = census.year.start + timedelta(days=10 + k)
            where = (k + 1) * len(census.kids) // (len(PLANTED_CIN) + 1)
            kid = census.kids.pop()
            census.kids.insert(where, kid)
            planted[kid.serial] = code
    return census_xml(census, planted)


def scaled_census(children: int, *, seed: int = 7) -> str:
    """A CIN census of about ``children`` children (the benchmark's large authority):
    Peterborough's year, its monthly figures scaled up."""
    months = activity_months(PBORO)
    base = len(_census(PBORO, SEED_FY, months, random.Random(seed)).kids)
    return census_xml(_census(PBORO, SEED_FY, scaled(months, children / base), random.Random(seed)))


def write_samples(out_dir: Path, *, plant: bool = True) -> list[tuple[Path, str | None]]:
    """The statutory sample returns of 2020-21 for both LAs under ``out_dir``: a CIN
    census XML and an SSDA903 folder of CSVs each, Peterborough's with the planted
    defects. Returns each path with what was planted in it."""
    written: list[tuple[Path, str | None]] = []
    for area in (CAMBS, PBORO):
        agency = LA_AGENCY[area]
        planting = plant and area == PBORO
        path = Path(out_dir) / "la-cin-census" / agency / "2020-21.xml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(cin_census(area, plant=planting), encoding="utf-8")
        written.append(
            (path, "; ".join(f"{c}: {d}" for c, d in PLANTED_CIN.items()) if planting else None)
        )
        folder = Path(out_dir) / "la-ssda903" / agency / "2020-21"
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in ssda903_tables(area, plant=planting).items():
            (folder / name).write_text(text, encoding="utf-8")
        written.append(
            (folder, "; ".join(f"{c}: {d}" for c, d in PLANTED_903.items()) if planting else None)
        )
    return written


def csv_text(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# --- SSDA903 ----------------------------------------------------------------------------


HEADER_903, EPISODES_903, MISSING_903 = (TABLES[t] for t in ("Header", "Episodes", "Missing"))
POSTCODES = {
    CAMBS: ("CB1 1AA", "CB4 2QX", "PE29 3TN", "CB6 1AB"),
    PBORO: ("PE1 1AA", "PE2 5RB", "PE3 6TT", "PE4 7BS"),
}


def _d(day: date | None) -> str:
    return "" if day is None else day.strftime("%d/%m/%Y")


@dataclass
class _Episode:
    start: date
    reason: str  # RNE
    placement: str
    end: date | None = None
    rec: str = ""
    change: str = ""


@dataclass
class _InCare:
    serial: int
    born: date
    sex: str
    ethnicity: str
    episodes: list[_Episode] = field(default_factory=list)
    missing: list[tuple[date, date]] = field(default_factory=list)

    @property
    def current(self) -> _Episode:
        return self.episodes[-1]


def _looked_after(area: str, fy: int, months: list[dict], rng: random.Random) -> list[_InCare]:
    """Children in care whose count at every month end is the activity returns'."""
    year = financial_year(fy)
    kids: list[_InCare] = []

    def new(start: date, before: bool = False) -> _InCare:
        age = rng.randrange(200, 17 * 365 - 400)
        kid = _InCare(
            len(kids) + 1, start - timedelta(days=age), rng.choice("12"), _pick(rng, ETHNICITY)
        )
        kid.episodes.append(_Episode(start, "S", rng.choice(("U1", "U4", "U6"))))
        kids.append(kid)
        return kid

    open_now = [
        new(year.start - timedelta(days=rng.randrange(30, 1500)), True)
        for _ in range(max(months[0]["cic_children"] - 8, 0))
    ]
    for period, row in zip(months_in(year), months, strict=True):
        leaving = [k for k in open_now if rng.random() < 0.025]
        for kid in leaving:
            ep = kid.current
            ep.end = _day_in(rng, max(period.start, ep.start + timedelta(1)), period.end)
            ep.rec = rng.choice(("E4A", "E8"))
            open_now.remove(kid)
        for _ in range(max(row["cic_children"] - len(open_now), 0)):
            open_now.append(new(_day_in(rng, period.start, period.end)))
        for kid in rng.sample(open_now, k=min(len(open_now), max(1, len(open_now) // 40))):
            ep = kid.current
            move = _day_in(rng, max(period.start, ep.start + timedelta(2)), period.end)
            if move <= ep.start or move > period.end:
                continue
            ep.end, ep.rec, ep.change = move, "X1", "CARPL"
            place = rng.choice([p for p in ("U1", "U4", "U6") if p != ep.placement])
            kid.episodes.append(_Episode(move, "P", place))
        for kid in rng.sample(open_now, k=min(len(open_now), len(open_now) // 30)):
            start = _day_in(rng, period.start, period.end - timedelta(days=1))
            if start > kid.current.start:
                kid.missing.append((start, start + timedelta(days=1)))
    return kids


def ssda903_tables(
    area: str, fy: int = SEED_FY, *, plant: bool = False, seed: int = 2021
) -> dict[str, str]:
    """One LA's SSDA903 CSV tables for the year (file name → text); ``plant`` puts in the
    ``PLANTED_903`` defects."""
    rng = random.Random(f"{seed}:la-ssda903:{area}:{fy}")
    kids = _looked_after(area, fy, activity_months(area, fy, seed), rng)
    planted = {}
    if plant:
        # Children who left care in the year's first days: in no month-end count and no
        # start, so holding them back leaves the year's figures whole.
        year = financial_year(fy)
        for k, code in enumerate(PLANTED_903):
            kid = _InCare(len(kids) + 1, year.start - timedelta(days=3000 + k), "1", "WBRI")
            kid.episodes.append(
                _Episode(
                    year.start - timedelta(days=90),
                    "S",
                    "U1",
                    end=year.start + timedelta(days=2 + k),
                    rec="E4A",
                )
            )
            kids.insert((k + 1) * len(kids) // (len(PLANTED_903) + 1), kid)
            planted[kid.serial] = code
    header, episodes, missing = [], [], []
    home = POSTCODES[area]
    for kid in kids:
        child = f"{PREFIX[area]}9{kid.serial:05d}"
        defect = planted.get(kid.serial)
        header.append(
            {
                "CHILD": child,
                "SEX": kid.sex,
                "DOB": "31/02/2015" if defect == "102" else _d(kid.born),
                "ETHNIC": "ZZZZ" if defect == "103" else kid.ethnicity,
                "UPN": upn(LEA[area], 5000 + kid.serial),
                "MOTHER": "0" if kid.sex == "2" else "",
                "MC_DOB": "",
            }
        )
        for ep in kid.episodes:
            episodes.append(
                {
                    "CHILD": child,
                    "DECOM": _d(ep.start),
                    "RNE": ep.reason,
                    "LS": "C2",
                    "CIN": "N1",
                    "PLACE": ep.placement,
                    "PLACE_PROVIDER": "PR1",
                    "DEC": _d(ep.end),
                    "REC": ep.rec,
                    "REASON_PLACE_CHANGE": ep.change,
                    "HOME_POST": home[kid.serial % len(home)],
                    "PL_POST": home[(kid.serial + len(kid.episodes)) % len(home)],
                    "URN": "XXXXXXX",
                }
            )
        for start, end in kid.missing:
            missing.append(
                {
                    "CHILD": child,
                    "DOB": _d(kid.born),
                    "MISSING": "M",
                    "MIS_START": _d(start),
                    "MIS_END": _d(end),
                }
            )
    return {
        "header.csv": csv_text(HEADER_903, header),
        "episodes.csv": csv_text(EPISODES_903, episodes),
        "missing.csv": csv_text(MISSING_903, missing),
    }
