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

from workers.errors import SdhError
from workers.packs import charts
from workers.packs.docx_import import (
    PROP_AGENCY,
    CommentaryImportError,
    read_commentary,
)
from workers.packs.model import (
    SECTIONS,
    Commentary,
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
    direction: str = "same",
    target_status: str = "no_target",
) -> MeasureRow:
    series = tuple(
        QuarterValue(
            q, v, submissions=() if v is None else (first_submission + i, first_submission + i + 1)
        )
        for i, (q, v) in enumerate(zip(QUARTERS, values, strict=True))
    )
    cur, prev, ago = series[-1].value, series[-2].value, series[0].value
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
        change=None if cur is None or prev is None else cur - prev,
        change_year=None if cur is None or ago is None else cur - ago,
        direction=direction,  # type: ignore[arg-type]
        target=target,
        target_direction=target_direction,
        target_status=target_status,  # type: ignore[arg-type]
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
            direction="better",
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
            direction="better",
            target_status="met",
            first_submission=12,
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
            direction="no_data",
            target=400.0,
            target_direction="at_most",
            target_status="no_data",
            first_submission=50,
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


#: The referrals row (a flow) as both renderings show it: five quarters, the same quarter
#: a year ago, the changes on the quarter and on the year, the direction and the target.
FLOW_FIGURES = [
    "1,103",
    "1,180",
    "1,152",
    "1,240",
    "1,310",
    "1,103",
    "+70",
    "+207",
    "► same",
    "No target",
]


@pytest.fixture
def rendered(tmp_path: Path) -> tuple[Path, Path]:
    docx_path, html_path = render_single(example_single_pack(), tmp_path)
    return docx_path, html_path


# formatting ------------------------------------------------------------------------------


def test_numbers_are_formatted_by_unit_and_missing_is_never_zero() -> None:
    flow, stock, pct, rate = example_measures()
    assert format_value(flow, 26474) == "26,474"
    assert format_value(pct, 90.24) == "90.2%"
    assert format_value(rate, 341.66, full=True) == "341.7 per 10,000"
    assert format_value(stock, None) == "no data"
    assert format_value(stock, 0) == "0"
    assert format_change(pct, 3.8) == "+3.8 pts"
    assert format_change(flow, -56) == "\u221256"
    assert format_change(flow, None) == "no data"
    assert format_date(datetime(2021, 7, 1, 9, 0, tzinfo=UTC)) == "1 Jul 2021, 10:00"  # BST


def test_formula_prefixes_are_neutralised_line_by_line() -> None:
    assert neutralise(FORMULA) == "'" + FORMULA
    assert neutralise("fine\n+44 1223\n@cmd\n-1 child") == "fine\n'+44 1223\n'@cmd\n'-1 child"
    assert neutralise("a = b") == "a = b"
    assert neutralise("bell\x07 and \x0cform feed") == "bell and form feed"


# DOCX ------------------------------------------------------------------------------------


def test_docx_measures_table_shows_each_figure_in_its_row_and_column(rendered) -> None:
    document = docx.Document(str(rendered[0]))
    rows = _docx_table(document, "Measure", columns=11)
    assert rows[0][1:6] == list(QUARTERS)
    assert rows[0][6:] == [
        "Same qtr last year",
        "Change on qtr",
        "Change on year",
        "Direction",
        "Target",
    ]

    flow = _row_for(rows, "Referrals to children's social care")
    assert flow[1:] == FLOW_FIGURES
    assert "total in quarter" in flow[0] and "[S16, S17]" in flow[0]

    stock = _row_for(rows, "Children on a CP plan: neglect")
    assert stock[1:6] == ["212", "220", "no data", "231", "226"]
    assert stock[7:10] == ["\u22125", "+14", "▲ better"]
    assert "at quarter end" in stock[0]

    ratio = _row_for(rows, "Single assessments within 45 working days")
    assert ratio[1:] == [
        "82.5%",
        "85.1%",
        "88.0%",
        "86.4%",
        "90.2%",
        "82.5%",
        "+3.8 pts",
        "+7.7 pts",
        "▲ better",
        "Met (≥ 85.0%)",
    ]

    rate = _row_for(rows, "Rate of referrals", "Peterborough")
    assert rate[1:] == [
        "318.4",
        "330.2",
        "322.9",
        "341.7",
        "no data",
        "318.4",
        "no data",
        "no data",
        "no data",
        "no data (target ≤ 400.0 per 10,000)",
    ]
    assert "per 10,000 children" in rate[0]
    assert all(cell != "0" for row in rows[1:] for cell in row[1:])


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
    assert len(document.inline_shapes) == 4
    assert "Trend of Referrals" in document.inline_shapes[0]._inline.docPr.get("descr")


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
    assert props.identifier == "sdh:2020-Q4:cambridgeshire-cc:neglect"


# HTML ------------------------------------------------------------------------------------


def test_html_shows_the_same_figures_and_is_self_contained(rendered) -> None:
    html_path = rendered[1]
    source = html_path.read_text(encoding="utf-8")
    page = _parse(html_path)
    measures = next(t for t in page.tables if t[0] and t[0][0] == "Measure" and len(t[0]) == 11)
    flow = _row_for(measures, "Referrals to children's social care")
    assert flow[1:] == FLOW_FIGURES
    stock = _row_for(measures, "Children on a CP plan: neglect")
    assert stock[3] == "no data"
    rate = _row_for(measures, "Rate of referrals")
    assert rate[5] == "no data"
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
    assert sum(tag == "svg" for tag, _ in page.tags) == 4


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
    assert dashboard[0][1:3] == ["2020-Q3", "2020-Q4"]
    assert _row_for(dashboard, "Children on a CP plan")[1:5] == ["231", "226", "212", "+14"]
    escalations = _docx_table(document, "Agency", columns=3)
    assert escalations[1][0] == "Cambridgeshire Constabulary"
    assert escalations[1][2].startswith("'@SUM(1+1) County lines")
    assert "Ask: a joint CCE panel with the ICB by June." in escalations[1][2]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Neglect" in headings and "Child criminal exploitation" in headings
    packs = _docx_table(document, "Agency", columns=4)
    assert packs[1][3] == "2020-Q4_cambridgeshire-cc_neglect.docx"

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


# the round trip --------------------------------------------------------------------------


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


def _fill(path: Path, texts: dict[str, list[str]]) -> None:
    with _edited(path) as document:
        for key, paragraphs in texts.items():
            cell = _box(document, key).cell(0, 0)
            cell.paragraphs[0].text = paragraphs[0]
            for more in paragraphs[1:]:
                cell.add_paragraph(more)


def test_round_trip_reads_back_identity_and_the_four_texts(rendered) -> None:
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
        },
    )
    # and a tracked insertion, as Word writes it with Track Changes on
    with _edited(path) as document:
        p = _box(document, "multi_agency").cell(0, 0).paragraphs[0]._p
        ins = p.makeelement(qn("w:ins"), {qn("w:id"): "901", qn("w:author"): "Agency"})
        run = p.makeelement(qn("w:r"), {})
        t = run.makeelement(qn("w:t"), {})
        t.text = " Police too."
        run.append(t)
        ins.append(run)
        p.append(ins)

    agency, priority, quarter, sections = read_commentary(path)
    assert (agency, priority, quarter) == ("cambridgeshire-cc", "neglect", "2020-Q4")
    assert sections == {
        "worked_well": "GCP audits up to 85%.\nTwo new GCP champions in Fenland.",
        "improvement": "Re-referrals: action plan agreed in February.",
        "multi_agency": "Health visiting capacity in Fenland (ICB). Police too.",
        "escalation": FORMULA,  # stored as typed; neutralised whenever it is rendered
    }


def test_box_found_by_its_heading_bookmark_when_the_alt_text_is_lost(rendered) -> None:
    path = rendered[0]
    _fill(path, {"improvement": ["Kept."]})
    with _edited(path) as document:
        for caption in document.element.body.iter(qn("w:tblCaption")):
            caption.getparent().remove(caption)
    assert read_commentary(path)[3]["improvement"] == "Kept."


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
    """LibreOffice drops the tables' alt text and re-joins the keywords: the bookmarks and
    custom properties still find the boxes and the identity."""
    path = rendered[0]
    _fill(path, {"worked_well": ["One.", "Two."], "escalation": ["Escalate X."]})
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
    agency, _p, _q, sections = read_commentary(out / path.name)
    assert agency == "cambridgeshire-cc"
    assert sections["worked_well"] == "One.\nTwo." and sections["escalation"] == "Escalate X."
    assert sections["improvement"] == ""


def test_a_file_that_is_not_a_docx_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "reply.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommentaryImportError, match=r"not a Word \.docx file"):
        read_commentary(path)
    assert issubclass(CommentaryImportError, SdhError)


# charts ----------------------------------------------------------------------------------


def test_chart_svg_is_deterministic_and_not_colour_only() -> None:
    flow, stock, pct, _rate = example_measures()
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
