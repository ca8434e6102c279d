"""What a pack contains, independent of how it is rendered.

The metrics side fills these structures from the warehouse; the DOCX and HTML renderers
only read them. Every figure carries the submissions it came from, so a pack's numbers
trace back to the returns behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Status = Literal["better", "worse", "up", "down", "same", "met", "not_met", "no_target", "no_data"]

#: The four sections an agency writes, in the template's order, with their guidance.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "worked_well",
        "What has worked well",
        "What the figures and your practice show is going well for children, with evidence.",
    ),
    (
        "improvement",
        "Areas for improvement and what the agency has done to contribute to those improvements",
        "Where the figures or audits show a gap, and the actions taken or planned, with dates.",
    ),
    (
        "multi_agency",
        "Where multi-agency support is needed",
        "What you need from other partners, and which partner.",
    ),
    (
        "escalation",
        "Issues to be escalated to the Executive Board",
        "Only what QEG cannot resolve: the risk, its impact on children, and the ask.",
    ),
)

#: Who completed the form and who signed it off: (key, label, placeholder). Each is a
#: content control of the Word form; the date is a date picker.
SIGN_OFF: tuple[tuple[str, str, str], ...] = (
    ("completed_by", "Completed by", "Your name."),
    ("role", "Role", "Your job title or role."),
    ("completed_on", "Date", "The date it was completed."),
    ("approved_by", "Approved by", "Name and role of the person who signed it off."),
)


@dataclass(frozen=True)
class QuarterValue:
    """One measure's figure for one area and quarter; ``value`` None means no data."""

    quarter: str  # e.g. "2020-Q4"
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    submissions: tuple[int, ...] = ()  # where the figure came from (lineage)


@dataclass(frozen=True)
class MeasureRow:
    """A row of the measures table: one measure for one area."""

    measure_id: str
    label: str
    unit: str  # count | percent | rate_per_10k | days
    aggregation: str  # flow | stock | ratio
    polarity: str  # up_good | down_good | neutral
    precision: int
    area_code: str
    area_name: str
    series: tuple[QuarterValue, ...]  # the last five quarters, oldest first; last = current
    year_ago: QuarterValue  # the same quarter a year earlier
    change: float | None  # current minus previous quarter
    change_year: float | None  # current minus the same quarter a year earlier
    direction: Status  # on the quarter: better | worse | up | down | same | no_data
    target: float | None
    target_direction: str | None  # at_least | at_most
    target_status: Status  # met | not_met | no_target | no_data
    direction_year: Status = "no_data"  # on the year, by the same rules
    tolerance: float = 5.0  # the band within which a change is "about the same"
    tolerance_unit: str = "percent"  # percent (of the earlier figure) | absolute
    tolerance_default: bool = True  # the catalogue sets no band for this measure
    #: Why a figure is blank, per quarter, when the reason is not a missing return (a rate
    #: whose year has no child population figure).
    blank_reasons: tuple[tuple[str, str], ...] = ()
    #: A figure to chart: a ratio, or a count that is no part of a ratio in the pack
    #: (numerators and denominators stay table rows; the ratio tells their story).
    headline: bool = True
    numerator: str | None = None  # a ratio's parts (measure ids), shown as rows under it
    denominator: str | None = None

    @property
    def current(self) -> QuarterValue:
        return self.series[-1]


#: How a return stands in a pack's data-quality notes.
ReturnKind = Literal["on_time", "late", "missing", "failed", "overridden", "not_due"]


@dataclass(frozen=True)
class ReturnStatus:
    """A return behind the figures: was it there, on time, and how did it fare."""

    contract_id: str
    period: str
    due: date
    status: ReturnKind
    submission_id: int | None = None
    received_at: datetime | None = None
    queries: int = 0
    errors: int = 0


@dataclass(frozen=True)
class QualityNote:
    kind: Literal["late", "missing", "failed", "override", "query", "revised", "population"]
    text: str
    submission_id: int | None = None


@dataclass(frozen=True)
class Commentary:
    """What an agency wrote for a priority in a quarter (the four sections)."""

    agency_id: str
    priority_id: str
    quarter: str
    sections: dict[str, str]  # section key (see SECTIONS) → text
    imported_at: datetime | None = None
    source: str = ""
    sign_off: dict[str, str] = field(default_factory=dict)  # SIGN_OFF key → text


@dataclass(frozen=True)
class SingleAgencyPack:
    """One agency's commentary template for one priority and quarter, pre-filled."""

    quarter: str
    quarter_label: str  # e.g. "Q4 2020-21 (January to March 2021)"
    agency_id: str
    agency_name: str
    priority_id: str
    priority_name: str
    priority_description: str
    data_taken_at: datetime
    returns: tuple[ReturnStatus, ...]
    measures: tuple[MeasureRow, ...]
    notes: tuple[QualityNote, ...]
    last_time: Commentary | None  # what the agency wrote when this priority was last reviewed
    missing_measures: tuple[str, ...] = ()  # labels of measures the agency has no data for

    @property
    def slug(self) -> str:
        return f"{self.quarter}_{self.agency_id}_{self.priority_id}"


@dataclass(frozen=True)
class ComplianceRow:
    agency_id: str
    agency_name: str
    due: int
    received: int
    on_time: int
    passed: int


@dataclass(frozen=True)
class Escalation:
    agency_id: str
    agency_name: str
    priority_id: str
    priority_name: str
    quarter: str
    text: str


@dataclass(frozen=True)
class CommentaryStatus:
    """Where one agency's commentary on one priority stands for the quarter: awaiting
    (before its due date), late (past it, not returned) or returned (on time or not)."""

    agency_id: str
    agency_name: str
    priority_id: str
    priority_name: str
    quarter: str
    due: date
    status: Literal["awaiting", "late", "returned"]
    returned_at: datetime | None = None
    returned_late: bool = False
    completed_by: str = ""


@dataclass(frozen=True)
class ConsolidatedPack:
    """The one pack for the QEG meeting: compliance, dashboard, escalations, contents."""

    quarter: str
    quarter_label: str
    data_taken_at: datetime
    priorities: tuple[tuple[str, str], ...]  # (id, name) reviewed this quarter
    packs: tuple[SingleAgencyPack, ...]  # the contents
    compliance: tuple[ComplianceRow, ...]
    escalations: tuple[Escalation, ...]
    dashboard: dict[str, tuple[MeasureRow, ...]] = field(default_factory=dict)  # priority → rows
    commentary: tuple[CommentaryStatus, ...] = ()  # agency by priority, for the quarter
