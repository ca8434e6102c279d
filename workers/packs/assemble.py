"""Put a pack together from the warehouse: measures, returns, notes and last time's words.

``single_agency_pack`` is one agency's template for one priority; ``consolidated_pack``
is QEG's meeting pack. Both only read the database, so assembling is safe to repeat and
the build decides from their content whether anything needs rendering again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from workers.contracts.catalogue import Agency, Catalogue, Priority, load_catalogue
from workers.contracts.loader import load_contracts
from workers.errors import SdhError
from workers.packs import commentary, metrics, quality
from workers.packs.model import (
    ComplianceRow,
    ConsolidatedPack,
    MeasureRow,
    SingleAgencyPack,
)
from workers.packs.rota import (
    find_priority,
    is_reviewed,
    previous_quarter,
    previous_review,
    priorities_reviewed,
    quarter_label,
)
from workers.warehouse.models import PackBuild

#: How many measures per agency the consolidated dashboard shows for a priority.
DASHBOARD_MEASURES = 3


class NoPack(SdhError):
    """No pack for that agency, priority and quarter (nothing supplied, or not on the rota)."""


def pack_slug(quarter: str, agency_id: str, priority_id: str) -> str:
    """The pack's name in file names and in ``pack_build`` (same as ``SingleAgencyPack.slug``)."""
    return f"{quarter}_{agency_id}_{priority_id}"


def pack_plan(
    quarter: str,
    agency: str | None = None,
    priority: str | None = None,
    catalogue: Catalogue | None = None,
) -> list[tuple[Agency, Priority]]:
    """The packs of a quarter: each agency by each priority on the rota that it supplies at
    least one measure for; narrowed to one agency or priority when asked."""
    catalogue = catalogue or load_catalogue()
    priorities = priorities_reviewed(quarter, catalogue)
    if priority is not None:
        wanted = find_priority(priority, catalogue)
        if not is_reviewed(wanted, quarter):
            raise NoPack(
                f"{wanted.name} ({wanted.id}) is not reviewed in {quarter}: its rota is "
                f"{', '.join(wanted.review_quarters)}"
            )
        priorities = [wanted]
    agencies = [catalogue.agency(agency)] if agency is not None else list(catalogue.agencies)
    plan = [
        (a, p)
        for a in agencies
        for p in priorities
        if metrics.priority_measures(a.id, p.id, catalogue)
    ]
    if agency is not None and not plan:
        raise NoPack(
            f"{agency} supplies no measure for the priorities reviewed in {quarter} "
            f"({', '.join(p.id for p in priorities)})"
        )
    return plan


def _last_pack_built(
    session: Session, agency_id: str, priority: Priority, quarter: str
) -> datetime | None:
    """When the agency's previous pack for the priority was built: the point after which
    a revised figure is news to the reader."""
    before = previous_review(priority, quarter)
    if before is None:
        return None
    row = session.get(PackBuild, (before, pack_slug(before, agency_id, priority.id)))
    return quality.aware(row.built_at) if row and row.built_at else None


def single_agency_pack(
    session: Session,
    agency_id: str,
    priority_id: str,
    quarter: str,
    *,
    today: date | None = None,
    now: datetime | None = None,
    catalogue: Catalogue | None = None,
) -> SingleAgencyPack:
    """One agency's Single Agency Performance Commentary for a priority and quarter.

    Raises ``NoPack`` if the agency supplies no measure for the priority. The rota is not
    enforced here, so a pack can be assembled for any quarter (the build follows the rota).
    """
    catalogue = catalogue or load_catalogue()
    contracts = load_contracts()
    agency = catalogue.agency(agency_id)
    priority = find_priority(priority_id, catalogue)
    measures = metrics.priority_measures(agency_id, priority_id, catalogue, contracts)
    if not measures:
        raise NoPack(f"{agency.name} supplies no measure for {priority.name}")
    now = now or datetime.now(UTC)
    today = today or now.date()

    table = metrics.measure_table(session, agency_id, priority_id, quarter, catalogue)
    feeding = metrics.feeding_contracts(agency_id, measures, contracts)
    checks = quality.return_checks(session, agency_id, feeding, quarter, today)
    statuses = [c.status for c in checks]
    since = _last_pack_built(session, agency_id, priority, quarter)
    notes = [
        *quality.return_notes(statuses, contracts),
        *table.notes,
        *quality.override_notes(session, statuses, contracts),
        *quality.query_notes(session, statuses, contracts),
        *quality.revision_notes(
            session, agency_id, measures, list(table.quarters), since, catalogue
        ),
    ]
    return SingleAgencyPack(
        quarter=quarter,
        quarter_label=quarter_label(quarter),
        agency_id=agency.id,
        agency_name=agency.name,
        priority_id=priority.id,
        priority_name=priority.name,
        priority_description=priority.description.strip(),
        data_taken_at=now,
        returns=tuple(statuses),
        measures=table.rows,
        notes=tuple(notes),
        last_time=commentary.last_time(session, agency_id, priority_id, quarter, catalogue),
        missing_measures=table.missing_measures,
    )


def compliance(
    session: Session, quarter: str, today: date, catalogue: Catalogue | None = None
) -> tuple[ComplianceRow, ...]:
    """Per agency, the returns of the quarter's periods across every contract it delivers:
    how many were due by ``today``, received, received on time, and passed validation."""
    catalogue = catalogue or load_catalogue()
    contracts = load_contracts()
    rows = []
    for agency in catalogue.agencies:
        delivered = metrics.agency_contracts(agency.id, contracts)
        if not delivered:
            continue
        checks = [
            c
            for c in quality.return_checks(session, agency.id, delivered, quarter, today)
            if c.status.status != "not_due" or c.received
        ]
        rows.append(
            ComplianceRow(
                agency_id=agency.id,
                agency_name=agency.name,
                due=len(checks),
                received=sum(c.received for c in checks),
                on_time=sum(c.status.status == "on_time" for c in checks),
                passed=sum(c.passed for c in checks),
            )
        )
    return tuple(rows)


def dashboard_rows(
    packs: list[SingleAgencyPack], catalogue: Catalogue | None = None
) -> tuple[MeasureRow, ...]:
    """The key rows of a priority across agencies: per agency, up to ``DASHBOARD_MEASURES``
    measures. Those with a target come first (performance against a standard is what QEG
    acts on), then ratios, then counts; a count already inside a chosen ratio is left out
    (the ratio says it); measures with a current figure come before those without; ties go
    to the catalogue's order. Every area of a chosen measure is shown."""
    catalogue = catalogue or load_catalogue()
    out: list[MeasureRow] = []
    for pack in packs:
        order: dict[str, int] = {}
        current: dict[str, bool] = {}
        rank: dict[str, int] = {}
        for row in pack.measures:
            order.setdefault(row.measure_id, len(order))
            current[row.measure_id] = current.get(row.measure_id, False) or (
                row.current.value is not None
            )
            rank[row.measure_id] = (
                0 if row.target is not None else 1 if row.aggregation == "ratio" else 2
            )
        chosen: list[str] = []
        inside: set[str] = set()
        for measure_id in sorted(order, key=lambda m: (not current[m], rank[m], order[m])):
            if len(chosen) == DASHBOARD_MEASURES:
                break
            if measure_id in inside:
                continue
            chosen.append(measure_id)
            m = catalogue.measure(measure_id)
            inside.update(p for p in (m.numerator, m.denominator) if p)
        out.extend(r for r in pack.measures if r.measure_id in chosen)
    return tuple(out)


def consolidated_pack(
    session: Session,
    quarter: str,
    packs: list[SingleAgencyPack] | None = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
    catalogue: Catalogue | None = None,
) -> ConsolidatedPack:
    """QEG's pack for the meeting: contents, returns compliance, where each agency's
    commentary stands, the dashboard of the priorities under review, and the escalations
    returned for the previous quarter's templates and this quarter's (those come back
    after the packs go out)."""
    catalogue = catalogue or load_catalogue()
    now = now or datetime.now(UTC)
    today = today or now.date()
    if packs is None:
        packs = [
            single_agency_pack(
                session, a.id, p.id, quarter, today=today, now=now, catalogue=catalogue
            )
            for a, p in pack_plan(quarter, catalogue=catalogue)
        ]
    priorities = priorities_reviewed(quarter, catalogue)
    return ConsolidatedPack(
        quarter=quarter,
        quarter_label=quarter_label(quarter),
        data_taken_at=now,
        priorities=tuple((p.id, p.name) for p in priorities),
        packs=tuple(packs),
        compliance=compliance(session, quarter, today, catalogue),
        escalations=tuple(
            commentary.escalations(session, [previous_quarter(quarter), quarter], catalogue)
        ),
        dashboard={
            p.id: dashboard_rows([k for k in packs if k.priority_id == p.id], catalogue)
            for p in priorities
        },
        commentary=commentary.status_grid(session, quarter, today, catalogue),
    )
