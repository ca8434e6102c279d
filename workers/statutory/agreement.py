"""The cross-return query: a statutory return's figures against the same figures on the
agency's ``la-csc-activity`` returns, where the catalogue says both give them.

For each measure with an ``authority`` naming this feed and another, the return's figure
(the children it loads, not those held) is set beside the other feed's loaded figure for
the months both cover: flows summed over those months, stocks at the latest of them. When
they differ by more than the measure's tolerance the return raises a query, naming both
figures and the months, for the steward or the agency to explain.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from workers.contracts.catalogue import Measure, load_catalogue
from workers.contracts.model import FeedContract, Rule
from workers.issues import Issue, RuleOutcome
from workers.statutory.derive import Figures, care_figures, cin_figures, months_covered
from workers.statutory.returns import Parsed, Statutory

AGREEMENT = Rule(
    "statutory.agreement",
    "cross_return",
    "query",
    "return",
    "A figure from this return differs from the same figure on your la-csc-activity "
    "returns by more than the catalogue allows; explain the difference",
)

_OTHER = text(
    "SELECT f.period_label AS period, SUM(f.value) AS value FROM measure_fact f "
    "JOIN submission s ON s.id = f.submission_id "
    "WHERE s.status = 'loaded' AND s.agency_id = :agency AND s.contract_id = :contract "
    "AND f.measure_id = :measure AND f.area_code = :area AND s.id != :exclude "
    "GROUP BY f.period_label"
)


def figures(settings: Statutory, parsed: Parsed, held: set[int]) -> Figures:
    """The return's monthly figures from the children it would load."""
    months = months_covered(parsed.year, parsed.reference)
    children = [c for c in parsed.children if c.ordinal not in held]
    if settings.kind == "cin":
        return cin_figures(children, months)
    return care_figures(children, months)


def _apart(ours: float, theirs: float, measure: Measure) -> tuple[bool, str]:
    assert measure.authority is not None
    tolerance = measure.authority.tolerance
    gap = abs(ours - theirs)
    if tolerance.unit == "absolute":
        return gap > tolerance.value, f"{gap:,.0f} apart; the catalogue allows {tolerance.value:g}"
    base = max(ours, theirs) or 1.0
    share = 100 * gap / base
    return share > tolerance.value, (
        f"{share:.1f}% apart; the catalogue allows {tolerance.value:g}%"
    )


def disagreements(
    session: Session,
    contract: FeedContract,
    settings: Statutory,
    parsed: Parsed,
    agency_id: str,
    area: str,
    held: set[int],
    exclude_submission: int | None,
) -> list[RuleOutcome]:
    ours = figures(settings, parsed, held)
    issues = []
    for measure in load_catalogue().measures:
        authority = measure.authority
        if authority is None or contract.id not in authority.sources:
            continue
        if not any(measure.id in month for month in ours.values()):
            continue
        for other in authority.sources:
            if other == contract.id:
                continue
            theirs = {
                row.period: float(row.value)
                for row in session.execute(
                    _OTHER,
                    dict(
                        agency=agency_id,
                        contract=other,
                        measure=measure.id,
                        area=area,
                        exclude=exclude_submission or -1,
                    ),
                )
            }
            both = sorted(p for p in ours if p in theirs)
            if not both:
                continue
            if measure.aggregation == "stock":
                mine, their = ours[both[-1]][measure.id], theirs[both[-1]]
                span = both[-1]
            else:
                mine = sum(ours[p][measure.id] for p in both)
                their = sum(theirs[p] for p in both)
                span = both[0] if len(both) == 1 else f"{both[0]} to {both[-1]}"
            differs, how = _apart(mine, their, measure)
            if differs:
                issues.append(
                    Issue(
                        AGREEMENT.code,
                        "query",
                        f"{measure.label}: {mine:,.0f} from this return, {their:,.0f} on "
                        f"{other} for {span} ({how}); {authority.authoritative} is the "
                        "figure the packs use",
                        value=measure.id,
                    )
                )
    return [RuleOutcome(AGREEMENT, failed=len(issues), issues=issues)]
