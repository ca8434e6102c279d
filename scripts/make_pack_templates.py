"""Generate the Word templates of the QEG packs (run once; commit the .docx files).

    uv run python scripts/make_pack_templates.py [--out templates/packs]

The generated files, not this script, are what the hub renders from: the business unit can
open ``templates/packs/single-agency-commentary.docx`` in Word and change fonts, colours,
spacing, the header and footer, or the wording of the guidance, and the next build uses
it. Three things must survive a restyle (the renderer refuses a template without them):

- the ``{{ … }}`` and ``{%tr … %}``/``{%p … %}`` tags (docxtpl/Jinja), each tag typed in
  one go in one style so Word keeps it in one piece;
- the four answer boxes: one-cell tables whose alternative-text title is
  ``SDH:section=<key>`` (Table Properties > Alt Text), each after a heading carrying the
  bookmark ``SDH_section_<key>``, each holding a rich-text content control tagged
  ``SDH:section=<key>`` (Developer > Properties); and the sign-off's four controls tagged
  ``SDH:field=<key>``;
- the custom document property ``SDH.template`` (its family and version).

The editing restriction (only the controls can be typed in) is applied to every pack by
the renderer, so the template itself stays open to restyling.

Re-running this script overwrites any restyling: restyle the .docx, or change this script
and regenerate, not both.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from workers.packs.docx_form import (
    FIELD_TAG,
    PLACEHOLDER_STYLE,
    SECTION_PLACEHOLDER,
    SECTION_TAG,
    content_control,
)
from workers.packs.docx_import import (
    PROP_TEMPLATE,
    SECTION_BOOKMARK,
    SECTION_CAPTION,
)
from workers.packs.model import SECTIONS, SIGN_OFF
from workers.packs.render import (
    CONSOLIDATED_TEMPLATE_VERSION,
    SINGLE_TEMPLATE_VERSION,
    set_custom_properties,
)

ROOT = Path(__file__).resolve().parents[1]
INK = RGBColor(0x1D, 0x35, 0x57)  # dark blue: headings, answer-box borders
GREY = RGBColor(0x40, 0x40, 0x40)
HEADER_FILL = "DCE3EC"
LABEL_FILL = "EEF1F5"
FONT = "Arial"
USABLE_CM = 17.4  # A4 portrait with 1.8 cm margins

# styles --------------------------------------------------------------------------------


def _style(
    doc,
    name: str,
    base: str = "Normal",
    *,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    color: RGBColor | None = None,
    before: float = 0,
    after: float = 0,
    keep_next: bool = False,
):
    styles = doc.styles
    style = (
        styles[name]
        if name in [s.name for s in styles]
        else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    )
    style.base_style = styles[base] if name != base else None
    font = style.font
    font.name = FONT
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = color
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_next
    style.quick_style = True
    return style


def _styles(doc) -> None:
    """Named styles, so that restyling the pack is a matter of editing styles in Word."""
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    _style(doc, "Title", size=20, bold=True, color=INK, after=2)
    _style(doc, "Subtitle", size=14, italic=False, color=GREY, after=10)
    _style(doc, "Heading 1", size=14, bold=True, color=INK, before=14, after=4, keep_next=True)
    _style(doc, "Heading 2", size=11.5, bold=True, color=INK, before=12, after=2, keep_next=True)
    _style(doc, "Heading 3", size=10, bold=True, color=GREY, before=6, after=1, keep_next=True)
    _style(doc, "SDH Guidance", size=9, italic=True, color=GREY, after=4, keep_next=True)
    _style(doc, "SDH Table Text", size=8.5, after=0)
    _style(doc, "SDH Table Heading", "SDH Table Text", size=8.5, bold=True)
    _style(doc, "SDH Table Small", "SDH Table Text", size=7, color=GREY)
    # a measure's table and its chart stay on one page: every paragraph keeps with the next
    _style(doc, "SDH Keep Text", "SDH Table Text", size=8.5, keep_next=True)
    _style(doc, "SDH Keep Heading", "SDH Keep Text", size=8.5, bold=True, keep_next=True)
    _style(doc, "SDH Keep Small", "SDH Keep Text", size=7, color=GREY, keep_next=True)
    # no "keep with next": a chart row is kept whole (cantSplit), and LibreOffice reads a
    # kept paragraph in a table as the whole table kept with what follows
    _style(doc, "SDH Figure Caption", "SDH Table Text", size=8, bold=True)
    _style(doc, "SDH Answer", size=10.5, after=4)
    _style(doc, "SDH Quote", size=9.5, color=GREY, after=4)
    _style(doc, "SDH Header", size=8, color=GREY)
    placeholder = doc.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    placeholder.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
    placeholder.font.italic = True
    assert placeholder.style_id == PLACEHOLDER_STYLE
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
        rpr = doc.styles[name].element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:ascii"), FONT)
        rpr.get_or_add_rFonts().set(qn("w:hAnsi"), FONT)


# XML helpers (python-docx has no API for these) -----------------------------------------

_TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]


def _set_tblpr(table, element) -> None:
    """Put ``element`` into the table properties at its schema position (Word is strict)."""
    tblpr = table._tbl.tblPr
    name = element.tag.split("}")[1]
    for old in tblpr.findall(qn(f"w:{name}")):
        tblpr.remove(old)
    rank = _TBLPR_ORDER.index(name)
    for i, child in enumerate(tblpr):
        child_name = child.tag.split("}")[1]
        if child_name in _TBLPR_ORDER and _TBLPR_ORDER.index(child_name) > rank:
            tblpr.insert(i, element)
            return
    tblpr.append(element)


def _borders(table, size: int = 4, color: str = "8C8C8C", inner: bool = True) -> None:
    el = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{edge}")
        if edge.startswith("inside") and not inner:
            b.set(qn("w:val"), "nil")
        else:
            b.set(qn("w:val"), "single")
            b.set(qn("w:sz"), str(size))
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), color)
        el.append(b)
    _set_tblpr(table, el)


def _no_borders(table) -> None:
    el = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{edge}")
        b.set(qn("w:val"), "nil")
        el.append(b)
    _set_tblpr(table, el)


def _alt_text(table, title: str, description: str) -> None:
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), title)
    _set_tblpr(table, caption)
    desc = OxmlElement("w:tblDescription")
    desc.set(qn("w:val"), description)
    _set_tblpr(table, desc)


def _fixed_layout(table) -> None:
    el = OxmlElement("w:tblLayout")
    el.set(qn("w:type"), "fixed")
    _set_tblpr(table, el)


def _cell_margins(table, cm: float) -> None:
    """Narrow left/right cell padding (the default wastes a column's worth in wide tables)
    and no table indent, so table edges line up with the text margin."""
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(cm * 567)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    _set_tblpr(table, mar)
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), "0")
    ind.set(qn("w:type"), "dxa")
    _set_tblpr(table, ind)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


def _min_height(row, cm: float) -> None:
    trpr = row._tr.get_or_add_trPr()
    h = OxmlElement("w:trHeight")
    h.set(qn("w:val"), str(int(cm * 567)))
    h.set(qn("w:hRule"), "atLeast")
    trpr.append(h)


def _bookmark(paragraph, name: str, bid: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bid))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bid))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _field(paragraph, instr: str, placeholder: str = "1") -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = placeholder
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


# building blocks -----------------------------------------------------------------------


def _page(doc, header_text: str, footer_text: str) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.6)
    section.header_distance, section.footer_distance = Cm(0.8), Cm(0.8)
    right = Cm(USABLE_CM)
    head = section.header.paragraphs[0]
    head.style = doc.styles["SDH Header"]
    head.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
    marking = head.add_run("OFFICIAL-SENSITIVE")
    marking.bold = True
    head.add_run("\t" + header_text)
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["SDH Header"]
    foot.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
    foot.add_run(footer_text + "\tPage ")
    _field(foot, "PAGE")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES")


def _table(
    doc,
    widths_cm: list[float],
    rows: list[list[str]],
    *,
    header: bool = True,
    label_col: bool = False,
    right: frozenset[int] = frozenset(),
    keep: bool = False,
):
    """A bordered table with fixed column widths; each cell text becomes one paragraph
    (a list of strings in a cell becomes several paragraphs); columns in ``right`` hold
    figures and are right-aligned so that digits line up. ``keep`` keeps the whole table
    with what follows it (a measure's chart)."""
    table = doc.add_table(rows=len(rows), cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _fixed_layout(table)
    _borders(table)
    _cell_margins(table, 0.12)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(w * 567)))
    for r, values in enumerate(rows):
        row = table.rows[r]
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = Cm(widths_cm[c])
            texts = value if isinstance(value, list) else [value]
            first = cell.paragraphs[0]
            for i, text in enumerate(texts):
                p = first if i == 0 else cell.add_paragraph()
                is_head = (header and r == 0) or (label_col and c == 0)
                style = "SDH Table Heading" if is_head else "SDH Table Text"
                if isinstance(text, tuple):  # (text, style)
                    text, style = text
                if keep:
                    style = style.replace("SDH Table", "SDH Keep")
                p.style = doc.styles[style]
                if c in right:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                p.add_run(text)
            if header and r == 0:
                _shade(cell, HEADER_FILL)
            elif label_col and c == 0:
                _shade(cell, LABEL_FILL)
        if header and r == 0:
            _repeat_header(row)
    return table


def _loop_table(
    doc,
    widths: list[float],
    head: list[str],
    loop: str,
    cells: list,
    empty: str | None = None,
    right: frozenset[int] = frozenset(),
    keep: bool = False,
):
    """Header row, then ``{%tr for … %}`` / the repeated row / (``{%tr else %}`` / a
    merged "nothing here" row) / ``{%tr endfor %}``."""
    rows = [head, [f"{{%tr {loop} %}}"] + [""] * (len(head) - 1), cells]
    if empty is not None:
        rows += [["{%tr else %}"] + [""] * (len(head) - 1), [empty] + [""] * (len(head) - 1)]
    rows.append(["{%tr endfor %}"] + [""] * (len(head) - 1))
    table = _table(doc, widths, rows, right=right, keep=keep)
    table.rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # keep a row whole
    if empty is not None:
        row = table.rows[4]
        merged = row.cells[0].merge(row.cells[-1])
        for extra in merged.paragraphs[1:]:  # merging keeps each cell's empty paragraph
            extra._p.getparent().remove(extra._p)
        p = merged.paragraphs[0]
        p.style = doc.styles["SDH Table Text"]
        for run in p.runs:
            run.italic = True
    return table


def _para(doc, text: str = "", style: str = "Normal"):
    return doc.add_paragraph(text, style=doc.styles[style])


def _fill_with_control(cell, control) -> None:
    """Put a content control in place of the cell's (empty) paragraph."""
    first = cell.paragraphs[0]._p
    first.addprevious(control)
    first.getparent().remove(first)


def _answer_box(doc, key: str, title: str) -> None:
    """The clearly bounded place an agency types into: a one-cell table, thick border,
    holding the section's rich-text content control."""
    table = doc.add_table(rows=1, cols=1)
    table.autofit = False
    _fixed_layout(table)
    _borders(table, size=12, color="1D3557")
    table._tbl.tblGrid.findall(qn("w:gridCol"))[0].set(qn("w:w"), str(int(USABLE_CM * 567)))
    cell = table.rows[0].cells[0]
    cell.width = Cm(USABLE_CM)
    _fill_with_control(
        cell,
        content_control(
            f"{SECTION_TAG}{key}",
            title,
            SECTION_PLACEHOLDER,
            doc.styles["SDH Answer"].style_id,
        ),
    )
    _min_height(table.rows[0], 4.0)
    _alt_text(
        table,
        f"{SECTION_CAPTION}{key}",
        f"Answer box: {title}. Type inside this box; the hub reads it back.",
    )


def _sign_off(doc) -> None:
    """Who completed the form, their role, the date and who approved it: a control each
    (the date a date picker)."""
    table = _table(
        doc,
        [4.0, USABLE_CM - 4.0],
        [[label, ""] for _k, label, _p in SIGN_OFF],
        header=False,
        label_col=True,
    )
    _alt_text(table, "SDH:sign-off", "Sign-off: type in the right-hand column.")
    for row, (key, label, placeholder) in zip(table.rows, SIGN_OFF, strict=True):
        _min_height(row, 0.8)
        _fill_with_control(
            row.cells[1],
            content_control(
                f"{FIELD_TAG}{key}",
                label,
                placeholder,
                doc.styles["SDH Answer"].style_id,
                date=key == "completed_on",
            ),
        )


def _chart_grid(doc, items: str, per_row: int) -> None:
    """A borderless table of charts, ``per_row`` to a row, each with its caption and
    (beside a chart of the single pack) its description in words; a row is never split
    across pages."""
    width = USABLE_CM / per_row
    cells = [
        [
            (f"{{{{ row[{i}].title }}}}", "SDH Figure Caption"),
            (f"{{{{ row[{i}].image }}}}", "SDH Table Text"),
            (f"{{{{ row[{i}].text }}}}", "SDH Table Small"),
        ]
        for i in range(per_row)
    ]
    grid = _table(
        doc,
        [width] * per_row,
        [
            [f"{{%tr for row in {items} %}}"] + [""] * (per_row - 1),
            cells,
            ["{%tr endfor %}"] + [""] * (per_row - 1),
        ],
        header=False,
    )
    _no_borders(grid)
    for row in grid.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


# the single agency commentary --------------------------------------------------------


def _front(
    header: str, footer: str, title: str, subtitle: str, label_cm: float, facts: list[list[str]]
):
    """A new document with the styles, page, title, subtitle and a table of facts."""
    doc = Document()
    _styles(doc)
    _page(doc, header, footer)
    first = doc.paragraphs[0] if doc.paragraphs else _para(doc)
    first.text = title
    first.style = doc.styles["Title"]
    _para(doc, subtitle, "Subtitle")
    _table(doc, [label_cm, USABLE_CM - label_cm], facts, header=False, label_col=True)
    return doc


def _save(
    doc, path: Path, title: str, subject: str, version: str, comments: str | None = None
) -> Path:
    """Set the document's properties and its template version, and save it."""
    props = doc.core_properties
    props.title = title
    props.subject = subject
    props.author = "Safeguarding Data Hub"
    props.keywords = ""
    if comments is not None:
        props.comments = comments
    set_custom_properties(doc, {PROP_TEMPLATE: version})
    doc.save(str(path))
    return path


def single_agency(out: Path) -> Path:
    doc = _front(
        "{{ agency_name }} · {{ priority_name }} · {{ quarter }}",
        "Single Agency Performance Commentary · {{ reference }}",
        "Single Agency Performance Commentary",
        "{{ agency_name }} · {{ priority_name }}",
        3.6,
        [
            ["Agency", "{{ agency_name }}"],
            ["Priority", "{{ priority_name }}"],
            ["Quarter", "{{ quarter_label }} ({{ quarter }})"],
            ["Data taken", "{{ data_taken }}"],
            ["For", "Quality & Effectiveness Group (QEG)"],
            ["Pack reference", "{{ reference }}"],
        ],
    )
    _para(doc, "")
    _para(doc, "{{ priority_description }}", "SDH Guidance")
    _para(
        doc,
        "The figures below are pre-filled from the returns your agency sent to the hub. "
        "Please write your commentary in the four boxes at the end (“Your commentary "
        "for this quarter”), fill in the sign-off, and upload this file on the pack\u2019s "
        "page in the hub (or return it, as a Word document, to the Safeguarding Partnership "
        "business unit). Type inside the boxes; please do not copy them or paste the pack "
        "into a new document: the hub reads the boxes back, tells you about anything typed "
        "elsewhere, and shows your text at the next review of this priority.",
    )

    doc.add_heading("Returns behind the figures", level=1)
    _loop_table(
        doc,
        [3.9, 1.6, 2.1, 3.2, 2.6, 1.5, 1.3, 1.2],
        ["Return", "Period", "Due", "Received", "Status", "Queries", "Errors", "Ref"],
        "for r in returns",
        [
            "{{ r.contract }}",
            "{{ r.period }}",
            "{{ r.due }}",
            "{{ r.received }}",
            "{{ r.status }}",
            "{{ r.queries }}",
            "{{ r.errors }}",
            "{{ r.ref }}",
        ],
        empty="No returns were due for the figures in this pack.",
        right=frozenset({5, 6}),
    )

    doc.add_heading("Measures", level=1)
    _para(
        doc,
        "Flows are totals for the quarter, stocks are counts at the quarter end, rates and "
        "percentages are recomputed from their numerators and denominators, which are the "
        "rows under each rate. Each change names the quarter it is measured from; the arrow "
        "is the movement (▲ up, ▼ down, ► about the same) and, for a measure with a "
        "preferred direction, the word says whether it is better or worse. A change within "
        "the measure\u2019s tolerance band ({{ band_rule }}) is about the same. Figures are "
        "rounded half up. “no data” means the hub holds no figure, never zero. [S12] "
        "names the submissions behind a current figure (see the appendix).",
        "SDH Guidance",
    )
    _para(doc, "{%p if not blocks %}")
    _para(doc, "This agency supplies no measure for this priority yet.", "SDH Guidance")
    _para(doc, "{%p endif %}")
    _para(doc, "{%p for b in blocks %}")
    doc.add_heading("{{ b.title }}", level=2)
    q = [f"{{{{ quarters[{i}] }}}}" for i in range(5)]
    _loop_table(
        doc,
        [4.1, 1.3, 1.3, 1.3, 1.3, 1.3, 2.2, 2.2, 2.4],
        [
            "Measure",
            [q[0], ("a year ago", "SDH Table Small")],
            *q[1:],
            ["Change on qtr", ("from {{ quarters[3] }}", "SDH Table Small")],
            ["Change on year", ("from {{ quarters[0] }}", "SDH Table Small")],
            "Target",
        ],
        "for m in b.rows",
        [
            [("{{ m.label }}", "SDH Table Heading"), ("{{ m.detail }}", "SDH Table Small")],
            "{{ m.figures[0] }}",
            "{{ m.figures[1] }}",
            "{{ m.figures[2] }}",
            "{{ m.figures[3] }}",
            [("{{ m.figures[4] }}", "SDH Table Heading")],
            ["{{ m.change }}", ("{{ m.direction }}", "SDH Table Small")],
            ["{{ m.change_year }}", ("{{ m.direction_year }}", "SDH Table Small")],
            "{{ m.target }}",
        ],
        right=frozenset(range(1, 8)),
        keep=True,
    )
    _para(doc, "{%p if b.charts %}")
    _chart_grid(doc, "b.charts", 2)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p if missing_measures %}")
    _para(doc, "No data this quarter for: {{ missing_measures }}.", "SDH Guidance")
    _para(doc, "{%p endif %}")
    _para(
        doc,
        "Charts: the headline figures (rates with their target, and counts that are not "
        "part of a rate). Solid line and dots: the measure, each value beside its point, "
        "the current quarter in bold; hollow square: the same quarter a year earlier; "
        "dashed line over a shaded band: the target and the side of it that meets it. The "
        "axis is scaled to the figures and says so when it does not start at 0. A gap "
        "marked “no data” is a quarter with no figure.",
        "SDH Guidance",
    )

    doc.add_heading("Data quality", level=1)
    _para(
        doc,
        "Late or missing returns, errors a data steward overrode, queries accepted with "
        "the steward\u2019s reason, and figures revised since the last pack.",
        "SDH Guidance",
    )
    _loop_table(
        doc,
        [3.0, USABLE_CM - 5.0, 2.0],
        ["Note", "What happened", "Ref"],
        "for n in notes",
        ["{{ n.kind }}", "{{ n.text }}", "{{ n.ref }}"],
        empty="No data-quality notes for the returns behind this pack.",
    )

    _para(doc, "{%p if last_time %}")
    doc.add_heading("What you wrote last time", level=1)
    _para(doc, "{{ last_time.heading }}", "SDH Guidance")
    _para(doc, "{%p for s in last_time.sections %}")
    doc.add_heading("{{ s.title }}", level=3)
    _para(doc, "{{ s.text }}", "SDH Quote")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endif %}")

    commentary = doc.add_heading("Your commentary for this quarter", level=1)
    commentary.paragraph_format.page_break_before = True  # the part agencies print to write
    _para(
        doc,
        "Type in the grey box under each heading (click the box, then type; it grows as you "
        "type). Only the boxes can be typed in: the rest of the pack is protected so the "
        "figures cannot be changed by accident. Write “nothing to report” rather than "
        "leaving a box empty if that is the answer, and fill in the sign-off at the end.",
        "SDH Guidance",
    )
    for bid, (key, title, guidance) in enumerate(SECTIONS, start=1):
        heading = doc.add_heading(title, level=2)
        _bookmark(heading, f"{SECTION_BOOKMARK}{key}", bid)
        _para(doc, guidance, "SDH Guidance")
        _answer_box(doc, key, title)

    doc.add_heading("Sign-off", level=2)
    _para(
        doc,
        "Who completed this commentary, their role, the date, and who approved it for the "
        "agency before it was returned.",
        "SDH Guidance",
    )
    _sign_off(doc)

    doc.add_heading("Appendix: where the figures come from", level=1)
    _para(
        doc,
        "Every figure in this pack, with the submissions (returns as received by the hub) "
        "it was computed from. S12 is submission 12 in the hub\u2019s register of returns.",
        "SDH Guidance",
    )
    _loop_table(
        doc,
        [5.2, 3.2, 1.8, 3.2, USABLE_CM - 13.4],
        ["Measure", "Area", "Quarter", "Value", "Submissions"],
        "for x in lineage",
        ["{{ x.label }}", "{{ x.area }}", "{{ x.quarter }}", "{{ x.value }}", "{{ x.refs }}"],
        empty="No figures.",
        right=frozenset({3}),
    )

    return _save(
        doc,
        out / "single-agency-commentary.docx",
        "Single Agency Performance Commentary",
        "QEG Single Agency Performance Commentary (template)",
        SINGLE_TEMPLATE_VERSION,
        "Template of the hub. Restyle freely; keep the Jinja tags, the four answer boxes "
        "(alt-text title SDH:section=…) and the custom property SDH.template.",
    )


# the consolidated pack -----------------------------------------------------------------


def consolidated(out: Path) -> Path:
    doc = _front(
        "QEG pack · {{ quarter_label }}",
        "QEG consolidated pack · {{ quarter }}",
        "Quality & Effectiveness Group",
        "Single agency performance commentary: {{ quarter_label }}",
        4.0,
        [
            ["Quarter", "{{ quarter_label }} ({{ quarter }})"],
            ["Data taken", "{{ data_taken }}"],
            ["Priorities under review", "{{ priority_names }}"],
            ["Agency commentaries", "{{ pack_count }}"],
        ],
    )

    doc.add_heading("Contents", level=1)
    for line in (
        "1. Returns compliance",
        "2. Commentary returned",
        "3. Dashboard of the priorities under review",
        "4. Issues escalated to the Executive Board",
        "5. The single agency commentaries in this pack",
    ):
        _para(doc, line)

    doc.add_heading("1. Returns compliance", level=1)
    _para(
        doc,
        "Returns due for the figures of this quarter\u2019s packs, per agency: received, on "
        "time (by the due date), and passed validation (no errors left).",
        "SDH Guidance",
    )
    _loop_table(
        doc,
        [6.4, 2.2, 2.6, 3.1, 3.1],
        ["Agency", "Due", "Received", "On time", "Passed"],
        "for c in compliance",
        ["{{ c.agency }}", "{{ c.due }}", "{{ c.received }}", "{{ c.on_time }}", "{{ c.passed }}"],
        empty="No returns were due.",
        right=frozenset({1, 2, 3, 4}),
    )

    doc.add_heading("2. Commentary returned", level=1)
    _para(doc, "{{ commentary.summary }}")
    _para(doc, "{{ commentary.due_text }}", "SDH Guidance")
    _loop_table(
        doc,
        [5.2, 4.6, 3.0, 4.6],
        ["Agency", "Priority", "Status", "Dates"],
        "for c in commentary.cells",
        ["{{ c.agency }}", "{{ c.priority }}", "{{ c.status }}", "{{ c.dates }}"],
        empty="No commentary was asked for this quarter.",
    )

    doc.add_heading("3. Dashboard of the priorities under review", level=1)
    _para(
        doc,
        "Current quarter against the previous quarter and the same quarter a year "
        "earlier. Each change names the quarter it is measured from and carries its own "
        "direction: ▲ up, ▼ down, ► about the same (within the measure\u2019s tolerance "
        "band), better or worse where the measure has a preferred direction. “no data” "
        "is never zero. Small charts: each agency\u2019s headline figures.",
        "SDH Guidance",
    )
    _para(doc, "{%p for p in dashboard %}")
    doc.add_heading("{{ p.name }}", level=2)
    _loop_table(
        doc,
        [3.9, 1.6, 1.6, 1.7, 2.35, 2.35, 2.1, 1.8],
        [
            "Measure",
            "{{ p.previous }}",
            "{{ p.current }}",
            ["{{ p.year_ago }}", ("a year ago", "SDH Table Small")],
            ["Change on qtr", ("from {{ p.previous }}", "SDH Table Small")],
            ["Change on year", ("from {{ p.year_ago }}", "SDH Table Small")],
            "Target",
            "Sources",
        ],
        "for m in p.rows",
        [
            [("{{ m.label }}", "SDH Table Heading"), ("{{ m.where }}", "SDH Table Small")],
            "{{ m.figures[3] }}",
            [("{{ m.figures[4] }}", "SDH Table Heading")],
            "{{ m.year_ago }}",
            ["{{ m.change }}", ("{{ m.direction }}", "SDH Table Small")],
            ["{{ m.change_year }}", ("{{ m.direction_year }}", "SDH Table Small")],
            "{{ m.target }}",
            "{{ m.refs }}",
        ],
        empty="No measures for this priority.",
        right=frozenset({1, 2, 3, 4, 5}),
    )
    _para(doc, "{%p if p.charts %}")
    _chart_grid(doc, "p.charts", 3)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p endfor %}")

    doc.add_heading("4. Issues escalated to the Executive Board", level=1)
    _loop_table(
        doc,
        [3.8, 3.8, USABLE_CM - 7.6],
        ["Agency", "Priority", "Issue to escalate"],
        "for e in escalations",
        ["{{ e.agency }}", "{{ e.priority }}", "{{ e.text }}"],
        empty="No agency escalated an issue this quarter.",
    )

    doc.add_heading("5. The single agency commentaries in this pack", level=1)
    _loop_table(
        doc,
        [4.2, 4.2, 2.2, USABLE_CM - 10.6],
        ["Agency", "Priority", "Measures", "File"],
        "for k in packs",
        ["{{ k.agency }}", "{{ k.priority }}", "{{ k.measures }}", "{{ k.file }}"],
        empty="No agency commentaries this quarter.",
    )

    return _save(
        doc,
        out / "consolidated.docx",
        "QEG consolidated pack",
        "QEG consolidated pack (template)",
        CONSOLIDATED_TEMPLATE_VERSION,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "templates" / "packs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for path in (single_agency(args.out), consolidated(args.out)):
        print(path)


if __name__ == "__main__":
    main()
