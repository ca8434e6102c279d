"""Rendering QEG packs: hand-built packs go to DOCX and HTML, and what a reader sees in each
table cell is checked (figures formatted, "no data" for gaps, notes, lineage), as are the
safety rules (escaping, formula neutralisation, self-contained HTML) and the commentary
round trip through Word.

The example packs here are also what ``scripts/render_pack_preview.sh`` renders when it is
given no DOCX, so they are built to look like a real quarter.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from workers.errors import SdhError
from workers.packs import charts, direction, docx_form, render
from workers.packs.docx_import import (
    PROP_AGENCY,
    CommentaryImportError,
    read_commentary,
    read_pack,
)
from workers.packs.model import (
    SECTIONS,
    SIGN_OFF,
    Commentary,
    CommentaryStatus,
    ComplianceRow,
    ConsolidatedPack,
    Escalation,
    MeasureRow,
    QualityNote,
    QuarterValue,
    ReturnStatus,
    SingleAgencyPack,
)
from workers.packs.render import (
    format_change,
    format_date,
    format_value,
    neutralise,
    render_consolidated,
    render_index,
    render_single,
    set_custom_properties,
)

QUARTERS = ("2019-Q4", "2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4")
FORMULA = '=HYPERLINK("evil.example","Click me")'
SCRIPT = "<script>alert('x')</script>"


def _row(
    measure_id: str,
    label: str,
    values: list[float | None],
    *,
    unit: str = "count",
    aggregation: str = "flow",
    polarity: str = "neutral",
    precision: int = 0,
    area: tuple[str, str] = ("E10000003", "Cambridgeshire"),
    first_submission: int = 10,
    target: float | None = None,
    target_direction: str | None = None,
    target_status: str = "no_target",
    headline: bool = True,
    numerator: str | None = None,
    denominator: str | None = None,
    blank_reasons: tuple[tuple[str, str], ...] = (),
) -> MeasureRow:
    """A row as ``workers.packs.metrics`` makes one: changes and directions by the
    direction rules, with the default tolerance band of the unit."""
    series = tuple(
        QuarterValue(
            q, v, submissions=() if v is None else (first_submission + i, first_submission + i + 1)
        )
        for i, (q, v) in enumerate(zip(QUARTERS, values, strict=True))
    )
    cur, prev, ago = series[-1].value, series[-2].value, series[0].value
    band = direction.band_for(SimpleNamespace(unit=unit, tolerance=None))  # type: ignore[arg-type]
    return MeasureRow(
        measure_id=measure_id,
        label=label,
        unit=unit,
        aggregation=aggregation,
        polarity=polarity,
        precision=precision,
        area_code=area[0],
        area_name=area[1],
        series=series,
        year_ago=series[0],
        change=direction.change(cur, prev, precision),
        change_year=direction.change(cur, ago, precision),
        direction=direction.judge(cur, prev, polarity, band, precision),
        target=target,
        target_direction=target_direction,
        target_status=target_status,  # type: ignore[arg-type]
        direction_year=direction.judge(cur, ago, polarity, band, precision),
        tolerance=band.value,
        tolerance_unit=band.unit,
        blank_reasons=blank_reasons,
        headline=headline,
        numerator=numerator,
        denominator=denominator,
    )


def example_measures() -> tuple[MeasureRow, ...]:
    return (
        # a flow: referrals summed over the quarter
        _row(
            "la.referrals",
            "Referrals to children's social care",
            [1103, 1180, 1152, 1240, 1310],
            first_submission=12,
        ),
        # a stock, with a quarter the agency sent nothing for
        _row(
            "la.cp_plans_neglect",
            "Children on a CP plan: neglect",
            [212, 220, None, 231, 226],
            aggregation="stock",
            polarity="down_good",
            first_submission=30,
        ),
        # a ratio (percentage), with a target that is met
        _row(
            "la.assessments_in_time",
            "Single assessments within 45 working days",
            [82.5, 85.1, 88.0, 86.4, 90.2],
            unit="percent",
            aggregation="ratio",
            polarity="up_good",
            precision=1,
            target=85.0,
            target_direction="at_least",
            target_status="met",
            first_submission=12,
            numerator="la.assessments_in_time_count",
            denominator="la.assessments",
        ),
        # a rate with no figure this quarter: "no data", never 0
        _row(
            "la.referral_rate",
            "Rate of referrals",
            [318.4, 330.2, 322.9, 341.7, None],
            unit="rate_per_10k",
            aggregation="ratio",
            polarity="neutral",
            precision=1,
            area=("E06000031", "Peterborough"),
            target=400.0,
            target_direction="at_most",
            target_status="no_data",
            first_submission=50,
            blank_reasons=(("2020-Q4", "no child population figure for 2020-21"),),
        ),
        # the ratio's parts: table rows under it, never charts of their own
        _row(
            "la.assessments_in_time_count",
            "Single assessments completed within 45 working days",
            [330, 349, 361, 432, 370],
            polarity="up_good",
            first_submission=12,
            headline=False,
        ),
        _row(
            "la.assessments",
            "Single assessments completed",
            [400, 410, 410, 500, 410],
            first_submission=12,
            headline=False,
        ),
    )


def example_single_pack() -> SingleAgencyPack:
    return SingleAgencyPack(
        quarter="2020-Q4",
        quarter_label="Q4 2020-21 (January to March 2021)",
        agency_id="cambridgeshire-cc",
        agency_name="Cambridgeshire County Council",
        priority_id="neglect",
        priority_name="Neglect",
        priority_description="Understand the neglect landscape; embed the neglect strategy "
        "and the Graded Care Profile (GCP) assessment tool.",
        data_taken_at=datetime(2021, 4, 20, 7, 30),
        returns=(
            ReturnStatus(
                "la-csc-activity",
                "2021-01",
                date(2021, 2, 15),
                "on_time",
                12,
                datetime(2021, 2, 12, 9, 5),
            ),
            ReturnStatus(
                "la-csc-activity",
                "2021-02",
                date(2021, 3, 15),
                "late",
                13,
                datetime(2021, 3, 19, 16, 40),
                queries=2,
            ),
            ReturnStatus("la-csc-activity", "2021-03", date(2021, 4, 15), "missing"),
            ReturnStatus(
                "la-cp-plans",
                "2020-Q4",
                date(2021, 4, 15),
                "overridden",
                14,
                datetime(2021, 4, 14, 11, 0),
                errors=1,
            ),
        ),
        measures=example_measures(),
        notes=(
            QualityNote("late", "February 2021 return arrived 4 days after the due date.", 13),
            QualityNote(
                "missing",
                "March 2021 activity return not received; the quarter "
                "uses January and February only where a figure is shown.",
            ),
            QualityNote(
                "query",
                "Referrals rose 12% on the quarter: explained by the steward "
                "as the MASH restructure in January (accepted).",
                13,
            ),
            QualityNote(
                "override",
                "-1 child counted twice in CP plans; steward overrode "
                "the duplicate check after confirming a transfer in.",
                14,
            ),
            QualityNote(
                "population",
                "Rate of referrals, Peterborough: no child population figure for 2020-21, so "
                "the rate per 10,000 children is left blank for Q4 2020-21; the count it "
                "divides is in the pack.",
            ),
        ),
        last_time=Commentary(
            agency_id="cambridgeshire-cc",
            priority_id="neglect",
            quarter="2020-Q2",
            sections={
                "worked_well": "GCP2 training reached 140 practitioners.\n\nAudit of 20 "
                "cases found the GCP used in 17. " + SCRIPT,
                "improvement": FORMULA + "\nRe-referrals within 12 months remain high.",
                "multi_agency": "Health visiting capacity in Fenland.",
                "escalation": "",
            },
            imported_at=datetime(2020, 11, 2, 10, 0),
            source="cambridgeshire-cc_neglect.docx",
        ),
        missing_measures=("Graded Care Profile assessments completed",),
    )


def example_consolidated_pack() -> ConsolidatedPack:
    single = example_single_pack()
    police = SingleAgencyPack(
        quarter="2020-Q4",
        quarter_label=single.quarter_label,
        agency_id="police",
        agency_name="Cambridgeshire Constabulary",
        priority_id="neglect",
        priority_name="Neglect",
        priority_description="",
        data_taken_at=single.data_taken_at,
        returns=(),
        measures=(),
        notes=(),
        last_time=None,
    )
    return ConsolidatedPack(
        quarter="2020-Q4",
        quarter_label=single.quarter_label,
        data_taken_at=single.data_taken_at,
        priorities=(("neglect", "Neglect"), ("cce", "Child criminal exploitation")),
        packs=(single, police),
        compliance=(
            ComplianceRow("cambridgeshire-cc", "Cambridgeshire County Council", 4, 3, 2, 3),
            ComplianceRow("police", "Cambridgeshire Constabulary", 3, 3, 3, 3),
        ),
        escalations=(
            Escalation(
                "police",
                "Cambridgeshire Constabulary",
                "cce",
                "Child criminal exploitation",
                "2020-Q4",
                "@SUM(1+1) County lines referrals exceed NRM capacity.\n"
                "Ask: a joint CCE panel with the ICB by June.",
            ),
        ),
        dashboard={"neglect": example_measures()[:3]},
        commentary=(
            _status(
                CAMBS_CC,
                NEGLECT,
                "returned",
                returned_at=datetime(2021, 5, 3, 14, 0, tzinfo=UTC),
                completed_by="A. Officer",
            ),
            _status(
                CAMBS_CC,
                CCE,
                "returned",
                returned_at=datetime(2021, 5, 20, 9, 0, tzinfo=UTC),
                returned_late=True,
            ),
            _status(POLICE, NEGLECT, "late"),
            _status(POLICE, CCE, "late"),
        ),
    )


CAMBS_CC = ("cambridgeshire-cc", "Cambridgeshire County Council")
POLICE = ("police", "Cambridgeshire Constabulary")
NEGLECT, CCE = ("neglect", "Neglect"), ("cce", "Child criminal exploitation")


def _status(agency, priority, status: str, **more: Any) -> CommentaryStatus:
    """Where an agency's 2020-Q4 commentary on a priority stands (due 12 May 2021)."""
    return CommentaryStatus(
        *agency,
        *priority,
        "2020-Q4",
        date(2021, 5, 12),
        status,
        **more,  # type: ignore[arg-type]
    )


# reading what was rendered ---------------------------------------------------------------


class _Tables(HTMLParser):
    """Every table of an HTML page as rows of cell texts, and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[str] = []
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("h1", "h2", "h3"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)


def _parse(path: Path) -> _Tables:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _docx_table(document, first_header: str, columns: int | None = None) -> list[list[str]]:
    for table in document.tables:
        rows = [[c.text for c in r.cells] for r in table.rows]
        if rows and rows[0][0] == first_header and (columns is None or len(rows[0]) == columns):
            return rows
    raise AssertionError(f"no table headed {first_header!r}")


def _row_for(rows: list[list[str]], label: str, area: str | None = None) -> list[str]:
    for row in rows:
        if row[0].startswith(label) and (area is None or area in row[0]):
            return row
    raise AssertionError(f"no row for {label} {area}")


def _all_docx_text(document) -> list[str]:
    return [p.text for p in document.paragraphs] + [
        p.text for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs
    ]


def _measure_rows(document) -> list[list[str]]:
    """Every row of every measure block's table (header rows left out), cells as text
    with their paragraphs joined by newlines."""
    out = []
    for table in document.tables:
        rows = [[c.text for c in r.cells] for r in table.rows]
        if rows and rows[0][0] == "Measure" and len(rows[0]) == 9:
            out.extend(rows[1:])
    return out


def _measure_header(document) -> list[str]:
    return next(
        [c.text for c in t.rows[0].cells]
        for t in document.tables
        if t.rows[0].cells[0].text == "Measure" and len(t.rows[0].cells) == 9
    )


#: The referrals row (a flow) as both renderings show it: five quarters, then each change
#: with its direction under it (+70 on 1,240 is 5.6%, past the 5% band), then the target.
FLOW_FIGURES = [
    "1,103",
    "1,180",
    "1,152",
    "1,240",
    "1,310",
    "+70\n▲ up",
    "+207\n▲ up",
    "No target",
]


@pytest.fixture
def rendered(tmp_path: Path) -> tuple[Path, Path]:
    docx_path, html_path = render_single(example_single_pack(), tmp_path)
    return docx_path, html_path


# formatting ------------------------------------------------------------------------------


def test_numbers_are_formatted_by_unit_and_missing_is_never_zero() -> None:
    flow, stock, pct, rate = example_measures()[:4]
    assert format_value(flow, 26474) == "26,474"
    assert format_value(pct, 90.24) == "90.2%"
    assert format_value(rate, 341.66, full=True) == "341.7 per 10,000"
    assert format_value(stock, None) == "no data"
    assert format_value(stock, 0) == "0"
    assert format_change(pct, 3.8) == "+3.8 pts"
    assert format_change(flow, -56) == "\u221256"
    assert format_change(flow, None) == "no data"
    assert format_date(datetime(2021, 7, 1, 9, 0, tzinfo=UTC)) == "1 Jul 2021, 10:00"  # BST


def test_a_half_rounds_up_in_every_printed_figure() -> None:
    """12.5 prints 13 and 12.45% prints 12.5%, as Excel and the GSS round (Python's
    round and format give 12 and 12.4)."""
    flow, _stock, pct, _rate = example_measures()[:4]
    assert f"{12.5:.0f}" == "12" and f"{12.45:.1f}" == "12.4"  # what the packs used to print
    assert format_value(flow, 12.5) == "13"
    assert format_value(pct, 12.45) == "12.5%"
    assert format_change(flow, 2.5) == "+3"
    assert format_change(pct, -0.05) == "\u22120.1 pts"
    assert render._share(1, 8) == "1 (13%)"  # 12.5%
    png_labels = charts._default_format(pct)(12.45)
    assert png_labels == "12.5%"


def test_formula_prefixes_are_neutralised_line_by_line() -> None:
    assert neutralise(FORMULA) == "'" + FORMULA
    assert neutralise("fine\n+44 1223\n@cmd\n-1 child") == "fine\n'+44 1223\n'@cmd\n'-1 child"
    assert neutralise("a = b") == "a = b"
    assert neutralise("bell\x07 and \x0cform feed") == "bell and form feed"


# DOCX ------------------------------------------------------------------------------------


def test_docx_measures_show_each_figure_in_its_row_and_column(rendered) -> None:
    document = docx.Document(str(rendered[0]))
    header = _measure_header(document)
    assert header[1:6] == ["2019-Q4\na year ago", *QUARTERS[1:]]
    assert header[6:] == ["Change on qtr\nfrom 2020-Q3", "Change on year\nfrom 2019-Q4", "Target"]
    rows = _measure_rows(document)

    flow = _row_for(rows, "Referrals to children's social care")
    assert flow[1:] == FLOW_FIGURES
    assert "total in quarter" in flow[0] and "[S16, S17]" in flow[0]

    stock = _row_for(rows, "Children on a CP plan: neglect")
    assert stock[1:6] == ["212", "220", "no data", "231", "226"]
    # -5 on 231 is 2.2%: within the band; +14 on 212 is 6.6%: up, and worse for this measure
    assert stock[6:8] == ["\u22125\n► about the same", "+14\n▲ up, worse"]
    assert "at quarter end" in stock[0]

    ratio = _row_for(rows, "Single assessments within 45 working days")
    assert ratio[1:] == [
        "82.5%",
        "85.1%",
        "88.0%",
        "86.4%",
        "90.2%",
        "+3.8 pts\n▲ up, better",
        "+7.7 pts\n▲ up, better",
        "Met (≥ 85.0%)",
    ]

    rate = _row_for(rows, "Rate of referrals", "Peterborough")
    assert rate[1:6] == ["318.4", "330.2", "322.9", "341.7", "no data"]
    assert [c.strip() for c in rate[6:]] == [
        "no data",
        "no data",
        "no data (target ≤ 400.0 per 10,000)",
    ]
    assert "per 10,000 children" in rate[0]
    assert "no child population figure for 2020-21" in rate[0]
    assert all(cell != "0" for row in rows for cell in row[1:])


def test_a_ratios_parts_are_rows_under_it_not_charts(rendered) -> None:
    document = docx.Document(str(rendered[0]))
    tables = [
        [[c.text for c in r.cells] for r in t.rows]
        for t in document.tables
        if t.rows[0].cells[0].text == "Measure" and len(t.rows[0].cells) == 9
    ]
    assert len(tables) == 4  # one block per headline figure
    ratio = next(t for t in tables if t[1][0].startswith("Single assessments within 45"))
    assert [r[0].split("\n")[0] for r in ratio[1:]] == [
        "Single assessments within 45 working days",
        "Single assessments completed within 45 working days",
        "Single assessments completed",
    ]
    assert ratio[2][0].split("\n")[1].startswith("numerator · ")
    assert ratio[3][0].split("\n")[1].startswith("denominator · ")
    titles = [shape._inline.docPr.get("title") for shape in document.inline_shapes]
    assert len(titles) == 4
    assert not any("completed" in t for t in titles)  # the parts have no chart


def test_a_measures_table_and_its_chart_are_kept_together(rendered) -> None:
    """Every paragraph of a block's table keeps with the next, so Word moves the table and
    its chart to the next page together rather than part of it; each chart row is whole."""
    document = docx.Document(str(rendered[0]))
    for table in document.tables:
        if table.rows[0].cells[0].text != "Measure" or len(table.rows[0].cells) != 9:
            continue
        paragraphs = [p for r in table.rows for c in r.cells for p in c.paragraphs]
        assert all(p.style.paragraph_format.keep_with_next for p in paragraphs)
        following = table._tbl.getnext()
        assert following.tag == qn("w:tbl")  # the chart grid, straight after
        assert following.find(f".//{qn('w:drawing')}") is not None
        assert all(r.find(qn("w:cantSplit")) is not None for r in following.iter(qn("w:trPr")))


def test_docx_header_returns_notes_last_time_and_sections(rendered) -> None:
    document = docx.Document(str(rendered[0]))
    facts = _docx_table(document, "Agency")
    assert facts[0][1] == "Cambridgeshire County Council"
    assert ["Data taken", "20 Apr 2021, 07:30"] in facts
    header = document.sections[0].header.paragraphs[0].text
    assert "Cambridgeshire County Council · Neglect · 2020-Q4" in header

    returns = _docx_table(document, "Return")
    assert [
        "la-csc-activity",
        "2021-02",
        "15 Mar 2021",
        "19 Mar 2021, 16:40",
        "Late",
        "2",
        "0",
        "S13",
    ] in returns
    assert [
        "la-csc-activity",
        "2021-03",
        "15 Apr 2021",
        "not received",
        "Missing",
        "0",
        "0",
        "—",
    ] in returns

    notes = _docx_table(document, "Note")
    assert notes[1][0] == "Late return" and notes[1][2] == "S13"
    query = _row_for(notes, "Query explained")
    assert "MASH restructure" in query[1]
    assert _row_for(notes, "Error overridden")[1].startswith("'-1 child")
    assert "no child population figure for 2020-21" in _row_for(notes, "No population figure")[1]

    text = _all_docx_text(document)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "What you wrote last time" in headings
    assert "GCP2 training reached 140 practitioners." in text
    assert "'" + FORMULA in text  # neutralised, in its own paragraph
    prose = [p.text for p in document.paragraphs] + [r[1] for r in notes]
    assert not any(t.startswith(("=", "+", "-", "@")) for t in prose)
    assert any(SCRIPT in t for t in text)  # kept as literal text, escaped in the XML
    assert "No data this quarter for: Graded Care Profile assessments completed." in text
    for _key, title, guidance in SECTIONS:
        assert headings.count(title) == 2  # last time, and the box to write in
        assert guidance in text
    assert "Sign-off" in headings
    described = document.inline_shapes[0]._inline.docPr.get("descr")
    assert described.startswith("Trend of Referrals")
    assert "Change on the quarter (2020-Q3 to 2020-Q4): +70, ▲ up." in described
    assert "Change on the year (2019-Q4 to 2020-Q4): +207, ▲ up." in described
    assert described in text  # and beside the chart, in words


def test_docx_lineage_appendix_and_identity(rendered) -> None:
    document = docx.Document(str(rendered[0]))
    lineage = _docx_table(document, "Measure", columns=5)
    assert [
        "Referrals to children's social care",
        "Cambridgeshire",
        "2020-Q4",
        "1,310",
        "[S16, S17]",
    ] in lineage
    assert ["Rate of referrals", "Peterborough", "2020-Q4", "no data", "—"] in lineage
    assert [
        "Rate of referrals",
        "Peterborough",
        "2019-Q4",
        "318.4 per 10,000",
        "[S50, S51]",
    ] in lineage
    props = document.core_properties
    assert "agency=cambridgeshire-cc" in props.keywords
    assert "template=single-agency-commentary/2" in props.keywords
    assert props.identifier == "sdh:2020-Q4:cambridgeshire-cc:neglect"


# HTML ------------------------------------------------------------------------------------


def _html_measure_rows(page: _Tables) -> list[list[str]]:
    return [
        row
        for t in page.tables
        if t and t[0] and t[0][0] == "Measure" and len(t[0]) == 9
        for row in t[1:]
    ]


def test_html_shows_the_same_figures_and_is_self_contained(rendered) -> None:
    html_path = rendered[1]
    source = html_path.read_text(encoding="utf-8")
    page = _parse(html_path)
    measures = _html_measure_rows(page)
    flow = _row_for(measures, "Referrals to children's social care")
    assert flow[1:] == [c.replace("\n", "") for c in FLOW_FIGURES]
    stock = _row_for(measures, "Children on a CP plan: neglect")
    assert stock[3] == "no data"
    assert stock[6:8] == ["\u22125► about the same", "+14▲ up, worse"]
    rate = _row_for(measures, "Rate of referrals")
    assert rate[5] == "no datano child population figure for 2020-21"
    assert "[S16, S17]" in flow[0]

    assert '<html lang="en-GB">' in source
    assert all(("scope" in attrs) for tag, attrs in page.tags if tag == "th")
    assert sum(tag == "caption" for tag, _ in page.tags) >= 5
    for _key, title, _g in SECTIONS:
        assert title in page.headings
    # self-contained: no external resources of any kind
    assert "http://" not in source and "https://" not in source
    assert not any("src" in attrs for _tag, attrs in page.tags)
    assert not any(tag == "link" for tag, _ in page.tags)
    assert "@import" not in source
    assert not re.search(r"url\((?!#)", source)  # only the SVGs' own clip paths
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert hrefs and all(h and "//" not in h and ":" not in h for h in hrefs)
    assert sum(tag == "svg" for tag, _ in page.tags) == 4  # the headline figures only


def test_html_tables_scroll_in_their_own_box_and_print_on_a4(rendered) -> None:
    """Every table sits in a scrolling container (so the page stays 390 px wide on a
    phone), reachable by keyboard and named; the print style sheet sets A4 with the Word
    version's margins and keeps blocks whole."""
    source = rendered[1].read_text(encoding="utf-8")
    page = _parse(rendered[1])
    tables = sum(tag == "table" for tag, _ in page.tags)
    boxes = [a for tag, a in page.tags if tag == "div" and a.get("class") == "scroll"]
    assert len(boxes) == tables - 2  # all but the two small facts tables
    assert all(b.get("tabindex") == "0" and b.get("role") == "region" for b in boxes)
    assert all(b.get("aria-label") for b in boxes)
    assert ".scroll { overflow-x: auto" in source
    print_css = source[source.index("@media print") :]
    assert "size: A4; margin: 18mm 18mm 16mm" in print_css
    assert ".block { break-inside: avoid" in print_css.replace("tr, figure, .box, ", "")
    assert "break-before: page" in print_css


def test_html_escapes_agency_text_and_neutralises_formulas(rendered) -> None:
    source = rendered[1].read_text(encoding="utf-8")
    assert "<script" not in source
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in source
    text = "".join(_parse(rendered[1]).text)
    assert "'" + FORMULA in text
    assert "\n" + FORMULA not in text and ">" + FORMULA not in source


# consolidated and index ------------------------------------------------------------------


def test_consolidated_pack_docx_and_html(tmp_path: Path) -> None:
    docx_path, html_path = render_consolidated(example_consolidated_pack(), tmp_path)
    assert docx_path.name == "consolidated_2020-Q4.docx"
    document = docx.Document(str(docx_path))
    compliance = _docx_table(document, "Agency", columns=5)
    assert compliance[1] == ["Cambridgeshire County Council", "4", "3 (75%)", "2 (50%)", "3 (75%)"]
    dashboard = _docx_table(document, "Measure", columns=8)
    assert dashboard[0][1:6] == [
        "2020-Q3",
        "2020-Q4",
        "2019-Q4\na year ago",
        "Change on qtr\nfrom 2020-Q3",
        "Change on year\nfrom 2019-Q4",
    ]
    cp = _row_for(dashboard, "Children on a CP plan")
    # the direction beside the change on the year is the year's (it was the quarter's)
    assert cp[1:6] == ["231", "226", "212", "\u22125\n► about the same", "+14\n▲ up, worse"]
    assert cp[0].split("\n")[1].startswith("Cambridgeshire County Council · Cambridgeshire")
    escalations = _docx_table(document, "Agency", columns=3)
    assert escalations[1][0] == "Cambridgeshire Constabulary"
    assert escalations[1][2].startswith("'@SUM(1+1) County lines")
    assert "Ask: a joint CCE panel with the ICB by June." in escalations[1][2]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Neglect" in headings and "Child criminal exploitation" in headings
    packs = next(
        [[c.text for c in r.cells] for r in t.rows]
        for t in document.tables
        if [c.text for c in t.rows[0].cells] == ["Agency", "Priority", "Measures", "File"]
    )
    assert packs[1][3] == "2020-Q4_cambridgeshire-cc_neglect.docx"
    # small charts per priority: the dashboard's headline rows (three here)
    assert len(document.inline_shapes) == 3
    titles = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert all(t.startswith("Trend of") for t in titles)

    text = _all_docx_text(document)
    assert "Commentary received from 2 of 4 (2 late, 1 returned after the due date)." in text
    returned = _docx_table(document, "Agency", columns=4)
    assert returned[0] == ["Agency", "Priority", "Status", "Dates"]
    assert returned[2] == [
        "Cambridgeshire County Council",
        "Child criminal exploitation",
        "Returned late",
        "returned 20 May 2021, due 12 May 2021",
    ]

    page = _parse(html_path)
    html_compliance = next(t for t in page.tables if t[0][:2] == ["Agency", "Due"])
    assert html_compliance[2] == [
        "Cambridgeshire Constabulary",
        "3",
        "3 (100%)",
        "3 (100%)",
        "3 (100%)",
    ]
    esc = next(t for t in page.tables if t[0] == ["Agency", "Priority", "Issue to escalate"])
    assert esc[1][2].startswith("'@SUM(1+1)")
    assert "http://" not in html_path.read_text(encoding="utf-8")
    html_dash = next(t for t in page.tables if t[0] and t[0][0] == "Measure")
    assert _row_for(html_dash, "Children on a CP plan")[4:6] == [
        "\u22125► about the same",
        "+14▲ up, worse",
    ]
    assert sum(tag == "svg" for tag, _ in page.tags) == 3


def test_consolidated_grid_of_commentary_by_agency_and_priority(tmp_path: Path) -> None:
    _docx, html_path = render_consolidated(example_consolidated_pack(), tmp_path)
    page = _parse(html_path)
    grid = next(t for t in page.tables if t[0][:1] == ["Agency"] and "Neglect" in t[0])
    assert grid[0] == ["Agency", "Neglect", "Child criminal exploitation"]
    assert grid[1] == [
        "Cambridgeshire County Council",
        "Returnedreturned 3 May 2021",
        "Returned latereturned 20 May 2021, due 12 May 2021",
    ]
    assert grid[2] == [
        "Cambridgeshire Constabulary",
        "Latedue 12 May 2021, not returned",
        "Latedue 12 May 2021, not returned",
    ]
    assert "Commentary received from 2 of 4" in "".join(page.text)


def test_index_lists_the_packs(tmp_path: Path) -> None:
    path = render_index(
        "2020-Q4",
        [
            ("QEG pack <all agencies>", "consolidated_2020-Q4.html"),
            ("Police — Neglect", "2020-Q4_police_neglect.docx"),
            ("Elsewhere", "https://example.org/x.html"),
        ],
        tmp_path,
    )
    page = _parse(path)
    rows = page.tables[0]
    assert rows[1] == ["QEG pack <all agencies>", "HTML"]
    assert rows[3] == ["Elsewhere", ""]  # no link out of the folder
    assert ("a", {"href": "consolidated_2020-Q4.html"}) in page.tags
    assert "&lt;all agencies&gt;" in path.read_text(encoding="utf-8")
    assert "https://" not in path.read_text(encoding="utf-8")


def test_index_and_consolidated_accept_the_build_calls(tmp_path: Path) -> None:
    """``workers.packs.build`` passes IndexEntry objects and the packs list as well."""
    consolidated = example_consolidated_pack()
    written = render_consolidated(consolidated, list(consolidated.packs), tmp_path)
    entry = SimpleNamespace(title="QEG consolidated pack, Q4 2020-21", files=tuple(written))
    page = _parse(render_index("2020-Q4", [entry], tmp_path))
    assert page.tables[0][1] == ["QEG consolidated pack, Q4 2020-21", "HTML · DOCX"]
    hrefs = [a["href"] for tag, a in page.tags if tag == "a"]
    assert "consolidated_2020-Q4.html" in hrefs and all("/" not in h for h in hrefs)


# charts ----------------------------------------------------------------------------------


def test_chart_svg_is_deterministic_and_not_colour_only() -> None:
    flow, stock, pct, _rate = example_measures()[:4]
    first, second = charts.chart_svg(stock), charts.chart_svg(stock)
    assert first == second
    assert "<dc:date>" not in first
    # one marker per known value plus the hollow "a year ago" square
    assert len(re.findall(r"<use ", first)) >= 4 + 1
    assert "no data" in first and "a year ago" in first
    assert ">226<" in first.replace("\n", "") or "226" in first
    target = charts.chart_svg(pct)
    assert "stroke-dasharray" in target and "target" in target
    inline = charts.inline_svg(target, 'a "quoted" label')
    assert "http" not in inline and "<?xml" not in inline
    assert 'aria-label="a &quot;quoted&quot; label"' in inline
    assert charts.chart_svg(flow) != first
    png = charts.chart_png(flow)
    assert png.startswith(b"\x89PNG") and len(png) < 60_000


@pytest.mark.parametrize(
    ("values", "target", "unit", "from_zero"),
    [
        ([443, 450, 447, 451, 460], None, "count", False),  # near each other: around them
        ([5, 12, 9, 30, 22], None, "count", True),  # near zero anyway: from zero
        ([82.5, 85.1, 88.0, 86.4, 90.2], 85.0, "percent", False),
        ([0, 0, 0], None, "count", True),
    ],
)
def test_the_axis_is_scaled_to_the_figures(values, target, unit, from_zero) -> None:
    scale = charts.y_scale(values, target, unit)
    assert scale.from_zero is from_zero
    assert scale.low <= min(values) and scale.high > max(values)
    if target is not None:
        assert scale.low <= target <= scale.high
    if not from_zero:
        # the figures fill at least a fifth of the height, and a 2% wobble is not a cliff
        span = (max(values) - min(values)) / (scale.high - scale.low)
        assert 0.2 <= span < 0.7
    if unit == "percent":
        assert scale.low >= 0 and scale.high <= 100 + 5


def test_a_chart_has_a_labelled_axis_a_target_band_and_says_when_not_from_zero() -> None:
    _flow, stock, pct, _rate = example_measures()[:4]
    svg = charts.chart_svg(pct)
    assert ">%<" in svg.replace("\n", "")  # the axis label names the unit
    assert "axis from" in svg and "not 0" in svg
    assert charts.BAND in svg  # the shaded side of the target that meets it
    assert re.search(r">85\.0%<", svg.replace("\n", ""))  # tick labels on the y-axis
    count = charts.chart_svg(stock)
    assert ">number<" in count.replace("\n", "")
    near_zero = _row("x", "Small count", [5, 12, 9, 30, 22])
    assert "not 0" not in charts.chart_svg(near_zero)


# the Word form ---------------------------------------------------------------------------


W_SDT, W_TAG = qn("w:sdt"), qn("w:tag")


def _controls(document) -> dict[str, Any]:
    return {
        sdt.find(f"{qn('w:sdtPr')}/{W_TAG}").get(qn("w:val")): sdt
        for sdt in document.element.body.iter(W_SDT)
    }


def _run(near: Any, text: str) -> Any:
    """A run of ``text`` (``w:r`` holding a ``w:t``), made by the element it will join."""
    run = near.makeelement(qn("w:r"), {})
    t = run.makeelement(qn("w:t"), {})
    t.text = text
    run.append(t)
    return run


def _type_into(document, tag: str, paragraphs: list[str]) -> None:
    """What Word does when someone types in a control: the placeholder goes, the text
    takes its place (one paragraph per line typed)."""
    sdt = _controls(document)[tag]
    pr = sdt.find(qn("w:sdtPr"))
    for flag in pr.findall(qn("w:showingPlcHdr")):
        pr.remove(flag)
    content = sdt.find(qn("w:sdtContent"))
    template = content.find(qn("w:p"))
    for old in list(content):
        content.remove(old)
    for text in paragraphs:
        p = copy.deepcopy(template)
        for run in p.findall(qn("w:r")):
            p.remove(run)
        p.append(_run(p, text))
        content.append(p)


def _fill(path: Path, texts: dict[str, list[str]]) -> None:
    with _edited(path) as document:
        for key, paragraphs in texts.items():
            tag = f"SDH:section={key}" if key in dict(SECTIONS_BY_KEY) else f"SDH:field={key}"
            _type_into(document, tag, paragraphs)


SECTIONS_BY_KEY = [(k, t) for k, t, _g in SECTIONS]


def _box(document, key: str):
    """The answer box an agency would type into: the table after the section heading."""
    title = next(t for k, t, _g in SECTIONS if k == key)
    seen_heading = False
    for block in document.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            if block.text == title and block.style.name == "Heading 2":
                seen_heading = True
        elif seen_heading:
            return block
    raise AssertionError(key)


@contextmanager
def _edited(path: Path) -> Iterator[Any]:
    """The rendered document, saved back over itself once the block has changed it."""
    document = docx.Document(str(path))
    yield document
    document.save(str(path))


def test_the_form_has_a_control_with_a_placeholder_for_each_answer(rendered) -> None:
    document = docx.Document(str(rendered[0]))
    found = _controls(document)
    wanted = [f"SDH:section={k}" for k, _t, _g in SECTIONS] + [
        f"SDH:field={k}" for k, _l, _p in SIGN_OFF
    ]
    assert sorted(found) == sorted(wanted)
    for tag, sdt in found.items():
        pr = sdt.find(qn("w:sdtPr"))
        assert pr.find(qn("w:showingPlcHdr")) is not None, tag
        kind = "w:date" if tag == "SDH:field=completed_on" else "w:richText"
        assert pr.find(qn(kind)) is not None, tag
        assert pr.find(qn("w:lock")).get(qn("w:val")) == "sdtLocked"  # cannot be deleted
        runs = sdt.findall(f".//{qn('w:r')}")
        assert runs and all(
            r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == "PlaceholderText"
            for r in runs
        )
        assert "".join(t.text for t in sdt.iter(qn("w:t"))).strip()  # placeholder text
    for key, title, _g in SECTIONS:  # each control sits in its box, titled as its heading
        box = _box(document, key)._tbl
        sdt = found[f"SDH:section={key}"]
        assert sdt.getparent().getparent() is box.find(qn("w:tr"))
        assert sdt.find(f"{qn('w:sdtPr')}/{qn('w:alias')}").get(qn("w:val")) == title


def test_the_form_is_protected_except_its_controls(rendered) -> None:
    document = docx.Document(str(rendered[0]))
    protection = document.settings.element.find(qn("w:documentProtection"))
    assert protection is not None
    assert protection.get(qn("w:edit")) == "forms"
    assert protection.get(qn("w:enforcement")) == "1"
    assert docx_form.protection(document) == ("forms", True)
    # schema order: Word refuses settings out of order
    names = [etree.QName(c).localname for c in document.settings.element]
    assert names.index("documentProtection") < names.index("defaultTabStop")


def test_round_trip_reads_back_identity_the_four_texts_and_the_sign_off(rendered) -> None:
    path = rendered[0]
    assert read_commentary(path) == (
        "cambridgeshire-cc",
        "neglect",
        "2020-Q4",
        {k: "" for k, _t, _g in SECTIONS},
    )
    _fill(
        path,
        {
            "worked_well": ["GCP audits up to 85%.", "Two new GCP champions in Fenland."],
            "improvement": ["  Re-referrals: action plan agreed in February.  "],
            "multi_agency": ["Health visiting capacity in Fenland (ICB)."],
            "escalation": [FORMULA],
            "completed_by": ["A. Officer"],
            "role": ["Head of Safeguarding"],
            "approved_by": ["B. Director"],
        },
    )
    # a tracked insertion, as Word writes it with Track Changes on, and a picked date
    with _edited(path) as document:
        controls = _controls(document)
        p = controls["SDH:section=multi_agency"].find(f".//{qn('w:p')}")
        ins = p.makeelement(qn("w:ins"), {qn("w:id"): "901", qn("w:author"): "Agency"})
        ins.append(_run(p, " Police too."))
        p.append(ins)
        _type_into(document, "SDH:field=completed_on", ["3 May 2021"])
        picker = controls["SDH:field=completed_on"].find(f"{qn('w:sdtPr')}/{qn('w:date')}")
        picker.set(qn("w:fullDate"), "2021-05-03T00:00:00Z")

    pack = read_pack(path)
    assert (pack.agency_id, pack.priority_id, pack.quarter) == (
        "cambridgeshire-cc",
        "neglect",
        "2020-Q4",
    )
    assert pack.sections == {
        "worked_well": "GCP audits up to 85%.\nTwo new GCP champions in Fenland.",
        "improvement": "Re-referrals: action plan agreed in February.",
        "multi_agency": "Health visiting capacity in Fenland (ICB). Police too.",
        "escalation": FORMULA,  # stored as typed; neutralised whenever it is rendered
    }
    assert pack.sign_off == {
        "completed_by": "A. Officer",
        "role": "Head of Safeguarding",
        "completed_on": "2021-05-03",
        "approved_by": "B. Director",
    }
    assert pack.outside == () and pack.checked_outside and pack.warnings == []


def test_text_typed_outside_the_controls_is_reported_with_its_text(rendered) -> None:
    """The example of the issue: text typed just below a box (after lifting the editing
    restriction) is not silently dropped: the import names it, with the heading above."""
    path = rendered[0]
    _fill(path, {"worked_well": ["Inside the box."]})
    with _edited(path) as document:
        box = _box(document, "worked_well")._tbl
        below = box.makeelement(qn("w:p"), {})
        below.append(_run(below, "We also ran two GCP2 workshops."))
        box.addnext(below)
        # and a figure changed in the measures table
        for cell_t in document.element.body.iter(qn("w:t")):
            if cell_t.text == "1,310":
                cell_t.text = "1,301"
                break
    pack = read_pack(path)
    assert pack.sections["worked_well"] == "Inside the box."
    assert [(o.text, o.after) for o in pack.outside] == [
        ("1,301", "Referrals to children's social care"),
        ("We also ran two GCP2 workshops.", "What has worked well"),
    ]
    assert any("“We also ran two GCP2 workshops.”" in w for w in pack.warnings)


def test_a_control_left_at_its_placeholder_reads_as_empty(rendered) -> None:
    """LibreOffice drops the "showing placeholder" flag: the placeholder text itself is
    still not an answer."""
    path = rendered[0]
    with _edited(path) as document:
        for sdt in _controls(document).values():
            pr = sdt.find(qn("w:sdtPr"))
            pr.remove(pr.find(qn("w:showingPlcHdr")))
    pack = read_pack(path)
    assert set(pack.sections.values()) == {""} and set(pack.sign_off.values()) == {""}


def test_a_box_without_its_control_is_read_from_the_box(rendered) -> None:
    """A pack of the first template (boxes, no controls) still imports."""
    path = rendered[0]
    with _edited(path) as document:
        sdt = _controls(document)["SDH:section=improvement"]
        content = sdt.find(qn("w:sdtContent"))
        paragraph = content.find(qn("w:p"))
        for run in paragraph.findall(qn("w:r")):
            paragraph.remove(run)
        paragraph.append(_run(paragraph, "Kept."))
        sdt.addprevious(paragraph)
        sdt.getparent().remove(sdt)
    assert read_pack(path).sections["improvement"] == "Kept."


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("worked_well", "'What has worked well' is missing"),
        # the last box: the appendix table after it must not stand in for it
        ("escalation", "Executive Board' is missing"),
    ],
)
def test_a_deleted_box_is_an_error_naming_the_section(rendered, key, message) -> None:
    path = rendered[0]
    with _edited(path) as document:
        tbl = _box(document, key)._tbl
        tbl.getparent().remove(tbl)
    with pytest.raises(CommentaryImportError, match=message):
        read_commentary(path)


def test_a_duplicated_box_is_an_error(rendered) -> None:
    path = rendered[0]
    with _edited(path) as document:
        tbl = _box(document, "escalation")._tbl
        tbl.addnext(copy.deepcopy(tbl))
    with pytest.raises(CommentaryImportError, match="appears 2 times"):
        read_commentary(path)


def _drop_custom_properties(document) -> None:
    rels = document.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            del rels[rid]  # Relationships is a dict: the part is gone from the package


def test_removed_identity_is_an_error(rendered) -> None:
    path = rendered[0]
    with _edited(path) as document:
        _drop_custom_properties(document)
        document.core_properties.keywords = ""
    with pytest.raises(CommentaryImportError, match=r"SDH\.agency, SDH\.priority, SDH\.quarter"):
        read_commentary(path)


def test_keywords_alone_identify_the_pack_even_rejoined_by_spaces(rendered) -> None:
    path = rendered[0]
    with _edited(path) as document:
        _drop_custom_properties(document)
        # what LibreOffice writes back
        document.core_properties.keywords = document.core_properties.keywords.replace(";", "")
    assert read_commentary(path)[:3] == ("cambridgeshire-cc", "neglect", "2020-Q4")


def test_a_contradictory_identity_is_refused(rendered) -> None:
    path = rendered[0]
    with _edited(path) as document:
        set_custom_properties(document, {PROP_AGENCY: "police"})
    with pytest.raises(CommentaryImportError, match="contradicts itself"):
        read_commentary(path)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_round_trip_through_libreoffice(rendered, tmp_path: Path) -> None:
    """LibreOffice 7.4 turns the controls inline and drops their tags, the placeholder
    flag, the tables' alt text and the keywords' separators: the controls' titles, the
    placeholders' text, the custom properties and the fingerprint still read it all."""
    path = rendered[0]
    _fill(
        path,
        {"worked_well": ["One.", "Two."], "escalation": ["Escalate X."], "role": ["Lead"]},
    )
    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pack = read_pack(out / path.name)
    assert pack.agency_id == "cambridgeshire-cc"
    assert (
        pack.sections["worked_well"] == "One.\nTwo."
        and pack.sections["escalation"] == "Escalate X."
    )
    assert pack.sections["improvement"] == ""
    assert pack.sign_off["role"] == "Lead" and pack.sign_off["completed_by"] == ""
    assert pack.checked_outside and pack.outside == ()


def test_a_file_that_is_not_a_docx_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "reply.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommentaryImportError, match=r"not a Word \.docx file"):
        read_commentary(path)
    assert issubclass(CommentaryImportError, SdhError)
