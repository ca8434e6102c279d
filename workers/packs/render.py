"""Render packs to DOCX (docxtpl, from the Word templates in ``templates/packs``) and to
self-contained HTML (Jinja2, ``templates/packs/*.html.j2``).

Both formats are fed from the same view: plain, already formatted strings built here from
the pack model, so a figure reads the same in Word and on screen and the number rules live
in one place:

- every figure rounded half up (``workers.numbers``: 12.5% prints 13%, as Excel and the
  GSS round), counts with thousands separators, percentages with the measure's precision
  and "%", rates "per 10,000" (stated once per row in the tables, in full in the lineage
  and the chart descriptions); a missing value is "no data", never 0, and a rate blank
  for want of a child population says so;
- each comparison names what it compares ("Change on qtr, from 2020-Q3") and prints the
  change beside its direction, so the two cannot disagree: the arrow is the movement
  (▲ up, ▼ down, ► about the same within the measure's tolerance band) and the word the
  judgement where the measure has a preferred direction ("▼ down, better"); changes of
  percentages are in percentage points;
- every figure traced to its submissions as "[S12, S13]".

Text that came from people (commentary, stewards' notes, escalations) is cleaned of
characters XML cannot hold and neutralised against formula injection: a line starting
with ``= + - @`` gets a leading apostrophe, so pasting it into Excel cannot run it.

After writing a single agency DOCX the renderer reads it back with the importer: a
template restyled so far that the answer boxes or the identity are lost fails the build
here, not months later when the agencies' replies cannot be imported.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from workers.errors import SdhError
from workers.exports import safe_lines
from workers.numbers import format_number
from workers.packs import charts, docx_form
from workers.packs.direction import DEFAULT_TOLERANCE
from workers.packs.docx_import import (
    CUSTOM_NS,
    PROP_AGENCY,
    PROP_PRIORITY,
    PROP_QUARTER,
    PROP_TEMPLATE,
    VT_NS,
    CommentaryImportError,
    custom_properties,
    identity_keywords,
    read_pack,
)
from workers.packs.model import (
    SECTIONS,
    SIGN_OFF,
    Commentary,
    CommentaryStatus,
    ConsolidatedPack,
    MeasureRow,
    QualityNote,
    QuarterValue,
    ReturnStatus,
    SingleAgencyPack,
)
from workers.periods import parse_period
from workers.settings import get_settings


def templates_dir() -> Path:
    """Where the Word and HTML templates live: those shipped with the hub, or
    ``SDH_PACK_TEMPLATES`` (a business unit's restyled copy) or ``SDH_TEMPLATES_DIR``."""
    return get_settings().pack_templates_dir


SINGLE_DOCX = "single-agency-commentary.docx"
CONSOLIDATED_DOCX = "consolidated.docx"
#: Every template file a build reads (the web app's /readyz checks that they are there).
PACK_TEMPLATES = (
    SINGLE_DOCX,
    CONSOLIDATED_DOCX,
    "single.html.j2",
    "consolidated.html.j2",
    "index.html.j2",
)
SINGLE_TEMPLATE_VERSION = "single-agency-commentary/2"
CONSOLIDATED_TEMPLATE_VERSION = "consolidated/2"
NO_DATA = "no data"
CHART_WIDTH_MM = 78
SMALL_CHART_WIDTH_MM = 56


class PackRenderError(SdhError):
    """A pack cannot be rendered, usually because a template lost a tag or a marker."""


# formatting ---------------------------------------------------------------------------

_UNIT_PHRASE = {"percent": "%", "rate_per_10k": "per 10,000 children", "days": "days"}
_AGGREGATION_PHRASE = {
    "flow": "total in quarter",
    "stock": "at quarter end",
    "ratio": "ratio of totals",
}
_ARROW = {"up": "▲ up", "down": "▼ down"}
SAME = "► about the same"
_TARGET_SIGN = {"at_least": "≥", "at_most": "≤"}
_RETURN_STATUS = {
    "on_time": "On time",
    "late": "Late",
    "missing": "Missing",
    "failed": "Failed validation",
    "overridden": "Accepted, errors overridden",
    "not_due": "Not due yet",
}
_NOTE_KIND = {
    "late": "Late return",
    "missing": "Missing return",
    "failed": "Failed validation",
    "override": "Error overridden",
    "query": "Query explained",
    "revised": "Figure revised",
    "population": "No population figure",
}


def format_value(row: MeasureRow, value: float | None, *, full: bool = False) -> str:
    """A figure as printed in a table cell (``full`` adds "per 10,000" / "days")."""
    if value is None:
        return NO_DATA
    text = format_number(value, max(row.precision, 0))
    if row.unit == "percent":
        return f"{text}%"
    if full and row.unit == "rate_per_10k":
        return f"{text} per 10,000"
    if full and row.unit == "days":
        return f"{text} days"
    return text


def format_change(row: MeasureRow, change: float | None) -> str:
    """A signed change; percentages move in percentage points, not per cent."""
    if change is None:
        return NO_DATA
    magnitude = format_number(abs(change), max(row.precision, 0))
    rounds_to_zero = float(magnitude.replace(",", "")) == 0
    sign = "" if rounds_to_zero else "+" if change > 0 else "\u2212"
    return f"{sign}{magnitude}{' pts' if row.unit == 'percent' else ''}"


def format_direction(status: str, change: float | None = None) -> str:
    """The movement and, for a measure with a preferred direction, the judgement:
    "▲ up", "▼ down, better", "► about the same"; "no data" when nothing was compared."""
    if status == "same":
        return SAME
    if status in _ARROW:
        return _ARROW[status]
    if status in ("better", "worse") and change is not None and change != 0:
        return f"{_ARROW['up' if change > 0 else 'down']}, {status}"
    return NO_DATA


def format_band(row: MeasureRow) -> str:
    """The tolerance band as a reader meets it: "±5%" of the earlier figure, "±2 pts"."""
    size = format_number(row.tolerance, 1).removesuffix(".0")
    if row.tolerance_unit == "percent":
        return f"±{size}%"
    return f"±{size}{' pts' if row.unit == 'percent' else ''}"


def format_target(row: MeasureRow) -> str:
    if row.target is None or row.target_status == "no_target":
        return "No target"
    sign = _TARGET_SIGN.get(row.target_direction or "", "")
    goal = f"{sign} {format_value(row, row.target, full=True)}".strip()
    return {"met": f"Met ({goal})", "not_met": f"Not met ({goal})"}.get(
        row.target_status, f"{NO_DATA} (target {goal})"
    )


def refs(submissions: Iterable[int]) -> str:
    """Lineage reference: ``[S12, S13]``; empty when there is no source."""
    ids = sorted(set(submissions))
    return f"[{', '.join(f'S{i}' for i in ids)}]" if ids else ""


def _uk_time(d: datetime) -> datetime:
    """Times are stored in UTC; readers in the partnership read UK time (GMT or BST)."""
    if d.tzinfo is None:
        return d
    try:
        from zoneinfo import ZoneInfo

        return d.astimezone(ZoneInfo("Europe/London"))
    except (ImportError, LookupError):  # no time zone database: show UTC
        return d


def _utc_naive(d: datetime) -> datetime:
    """For the document properties, which python-docx writes as UTC."""
    return d.astimezone(UTC).replace(tzinfo=None) if d.tzinfo else d


def format_date(d: date | datetime | None) -> str:
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = _uk_time(d)
        return f"{d.day} {d:%b %Y, %H:%M}"
    return f"{d.day} {d:%b %Y}"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str | None) -> str:
    """Text safe to put in a Word document: newlines normalised, control characters that
    XML cannot hold (and that would corrupt the .docx) removed."""
    return _XML_INVALID.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def neutralise(text: str | None) -> str:
    """Text from people, cleaned, with each line that would start a spreadsheet formula
    (``= + - @``) prefixed with an apostrophe so it stays text wherever it is pasted."""
    return safe_lines(clean_text(text))


def paragraphs(text: str | None) -> list[str]:
    """Neutralised text split into the paragraphs it was typed as (blank lines dropped)."""
    return [p for p in neutralise(text).split("\n") if p.strip()]


# the view both formats render ---------------------------------------------------------


def _unit_detail(row: MeasureRow) -> str:
    if row.unit in _UNIT_PHRASE and row.unit != "percent":
        return _UNIT_PHRASE[row.unit]
    if row.unit == "percent":
        return "% (ratio of totals)"
    return _AGGREGATION_PHRASE.get(row.aggregation, row.aggregation)


def chart_caption(row: MeasureRow) -> str:
    unit = _UNIT_PHRASE.get(row.unit)
    return f"{row.label} — {row.area_name}" + (f" ({unit})" if unit and unit != "%" else "")


def _comparison(row: MeasureRow, delta: float | None, status: str) -> str:
    return (
        f"{format_change(row, delta)}, {format_direction(status, delta)}"
        if delta is not None
        else NO_DATA
    )


def comparisons_text(row: MeasureRow) -> str:
    """Both comparisons in words, each naming the quarters it compares."""
    previous = row.series[-2] if len(row.series) > 1 else row.year_ago
    return (
        f"Change on the quarter ({previous.quarter} to {row.current.quarter}): "
        f"{_comparison(row, row.change, row.direction)}. "
        f"Change on the year ({row.year_ago.quarter} to {row.current.quarter}): "
        f"{_comparison(row, row.change_year, row.direction_year)}."
    )


def chart_description(row: MeasureRow) -> str:
    """The chart in words: alternative text in Word, accessible name in HTML."""
    points = "; ".join(
        f"{qv.quarter} {format_value(row, qv.value, full=True)}" for qv in row.series
    )
    text = f"Trend of {row.label}, {row.area_name}: {points}."
    text += f" Same quarter last year ({row.year_ago.quarter}): "
    text += f"{format_value(row, row.year_ago.value, full=True)}. "
    text += comparisons_text(row)
    if row.target is not None:
        text += f" Target: {format_target(row)}."
    return text


def _five(series: tuple[QuarterValue, ...]) -> list[QuarterValue | None]:
    """Exactly five quarters for the five columns, padded on the left if fewer."""
    last = list(series[-5:])
    return [None] * (5 - len(last)) + last


def _blank_reason(row: MeasureRow) -> str:
    """Why the current figure is blank, when a return is not the reason."""
    return dict(row.blank_reasons).get(row.current.quarter, "")


def measure_view(row: MeasureRow) -> dict[str, Any]:
    current = row.current
    source = refs(current.submissions) if current.value is not None else ""
    band = "" if row.tolerance_default else f"about the same within {format_band(row)}"
    reasons = dict(row.blank_reasons)
    figures = [NO_DATA if qv is None else format_value(row, qv.value) for qv in _five(row.series)]
    change = format_change(row, row.change)
    change_year = format_change(row, row.change_year)
    # beside "no data" in the change's cell, a second "no data" says nothing more
    direction = "" if row.change is None else format_direction(row.direction, row.change)
    direction_year = (
        "" if row.change_year is None else format_direction(row.direction_year, row.change_year)
    )
    return {
        "id": row.measure_id,
        "label": row.label,
        "area": row.area_name,
        "detail": " · ".join(
            x for x in (row.area_name, _unit_detail(row), band, _blank_reason(row), source) if x
        ),
        "where": " · ".join(  # for tables with a sources column
            x for x in (row.area_name, _unit_detail(row), band, _blank_reason(row)) if x
        ),
        "refs": source,
        "figures": figures,
        "why_blank": [
            "" if qv is None else reasons.get(qv.quarter, "") for qv in _five(row.series)
        ],
        "year_ago": format_value(row, row.year_ago.value),
        "change": change,
        "change_year": change_year,
        "direction": direction,
        "direction_year": direction_year,
        "direction_key": row.direction,
        "direction_year_key": row.direction_year,
        # change and direction in one cell: they cannot stand beside the wrong comparison
        "on_quarter": NO_DATA if row.change is None else f"{change} {direction}",
        "on_year": NO_DATA if row.change_year is None else f"{change_year} {direction_year}",
        "target": format_target(row),
        "target_key": row.target_status,
    }


def _quarters(rows: tuple[MeasureRow, ...], quarter: str) -> list[str]:
    """The five column headings: the rows' quarters, or the five up to ``quarter``."""
    if rows:
        return ["" if qv is None else qv.quarter for qv in _five(rows[0].series)]
    try:
        period = parse_period(quarter, "quarter")
    except ValueError:
        return ["", "", "", "", quarter]
    labels = [period.label]
    for _ in range(4):
        period = period.previous()
        labels.insert(0, period.label)
    return labels


def lineage_rows(rows: Iterable[MeasureRow]) -> list[dict[str, str]]:
    out = []
    for row in rows:
        values = list(row.series)
        if row.year_ago.quarter not in {qv.quarter for qv in values}:
            values.insert(0, row.year_ago)
        for qv in values:
            out.append(
                {
                    "label": row.label,
                    "area": row.area_name,
                    "quarter": qv.quarter,
                    "value": format_value(row, qv.value, full=True),
                    "refs": (refs(qv.submissions) or "—") if qv.value is not None else "—",
                }
            )
    return out


def return_view(r: ReturnStatus) -> dict[str, Any]:
    return {
        "contract": r.contract_id,
        "period": r.period,
        "due": format_date(r.due),
        "received": format_date(r.received_at) or "not received",
        "status": _RETURN_STATUS.get(r.status, r.status),
        "status_key": r.status,
        "queries": str(r.queries),
        "errors": str(r.errors),
        "ref": f"S{r.submission_id}" if r.submission_id is not None else "—",
    }


def note_view(n: QualityNote) -> dict[str, str]:
    return {
        "kind": _NOTE_KIND.get(n.kind, n.kind),
        "kind_key": n.kind,
        "text": neutralise(n.text),
        "ref": f"S{n.submission_id}" if n.submission_id is not None else "—",
    }


def format_day(text: str) -> str:
    """An ISO day as printed ("3 May 2021"); anything else as it was typed."""
    try:
        return format_date(date.fromisoformat(text))
    except ValueError:
        return text


def sign_off_text(sign_off: dict[str, str]) -> str:
    """ ", completed by A. Person (Head of Safeguarding) on 3 May 2021, approved by B."""
    text = ""
    if sign_off.get("completed_by"):
        text += f", completed by {sign_off['completed_by']}"
        if sign_off.get("role"):
            text += f" ({sign_off['role']})"
    if sign_off.get("completed_on"):
        text += f" on {format_day(sign_off['completed_on'])}"
    if sign_off.get("approved_by"):
        text += f", approved by {sign_off['approved_by']}"
    return neutralise(text)


def last_time_view(c: Commentary | None) -> dict[str, Any] | None:
    if c is None:
        return None
    heading = f"Written for {c.quarter}"
    if c.imported_at:
        heading += f", received by the hub on {format_date(c.imported_at.date())}"
    heading += sign_off_text(c.sign_off)
    sections = []
    for key, title, _guidance in SECTIONS:
        paras = paragraphs(c.sections.get(key)) or ["(left blank)"]
        sections.append(
            {"key": key, "title": title, "paragraphs": paras, "text": "\a".join(paras)}
        )  # \a: a new Word paragraph in docxtpl
    return {"heading": heading + ".", "quarter": c.quarter, "sections": sections}


def band_rule() -> str:
    """The default tolerance bands, in words, from ``workers.packs.direction``."""
    pct, other = DEFAULT_TOLERANCE["percent"], DEFAULT_TOLERANCE["other"]
    return (
        f"±{format_number(pct.value)} points for a percentage and "
        f"±{format_number(other.value)}% of the earlier figure otherwise, unless the "
        "measure\u2019s row says another"
    )


def measure_blocks(rows: tuple[MeasureRow, ...]) -> list[dict[str, Any]]:
    """The measures as a reader takes them in: one block per headline figure, its rows
    (every area) followed by its numerator's and denominator's rows, and the rows to
    chart (the headline's, one per area). A block's table and charts print together."""
    by_measure: dict[str, list[MeasureRow]] = {}
    for row in rows:
        by_measure.setdefault(row.measure_id, []).append(row)
    blocks = []
    for measure_id, own in by_measure.items():
        if not own[0].headline:
            continue
        views = [measure_view(r) for r in own]
        for role, part in (("numerator", own[0].numerator), ("denominator", own[0].denominator)):
            for r in by_measure.get(part or "", []):
                view = measure_view(r)
                view["detail"] = f"{role} · {view['detail']}"
                view["where"] = f"{role} · {view['where']}"
                views.append(view)
        blocks.append({"id": measure_id, "title": own[0].label, "rows": views, "chart_rows": own})
    return blocks


def single_view(pack: SingleAgencyPack) -> dict[str, Any]:
    """Everything the single agency templates show, formatted, format-neutral."""
    return {
        "slug": file_stem(pack.slug),
        "quarter": pack.quarter,
        "quarter_label": pack.quarter_label,
        "agency_id": pack.agency_id,
        "agency_name": pack.agency_name,
        "priority_id": pack.priority_id,
        "priority_name": pack.priority_name,
        "priority_description": pack.priority_description,
        "data_taken": format_date(pack.data_taken_at),
        "reference": f"SDH {pack.quarter} / {pack.agency_id} / {pack.priority_id}",
        "returns": [return_view(r) for r in pack.returns],
        "quarters": _quarters(pack.measures, pack.quarter),
        "measures": [measure_view(m) for m in pack.measures],
        "blocks": measure_blocks(pack.measures),
        "band_rule": band_rule(),
        "missing_measures": ", ".join(pack.missing_measures),
        "notes": [note_view(n) for n in pack.notes],
        "last_time": last_time_view(pack.last_time),
        "sections": [{"key": k, "title": t, "guidance": g} for k, t, g in SECTIONS],
        "sign_off": [{"key": k, "label": label} for k, label, _p in SIGN_OFF],
        "lineage": lineage_rows(pack.measures),
    }


def file_stem(text: str) -> str:
    """A file name part that cannot leave the output folder."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip(".-") or "pack"


# DOCX ---------------------------------------------------------------------------------


def set_custom_properties(document, props: dict[str, str]) -> None:
    """Add or replace custom document properties (python-docx has no API for them).

    Custom properties are kept by Word and LibreOffice through edits and saves, which is
    why the pack's identity is written here as well as in the keywords."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    package = document.part.package
    part = next(
        (p for p in package.iter_parts() if str(p.partname) == "/docProps/custom.xml"), None
    )
    if part is not None:
        root = etree.fromstring(part.blob)
    else:
        root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    existing = {p.get("name"): p for p in root.iter(f"{{{CUSTOM_NS}}}property")}
    pid = max([int(p.get("pid", "1")) for p in existing.values()] + [1])
    for name, value in props.items():
        prop = existing.get(name)
        if prop is None:
            pid += 1
            prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property")
            prop.set("fmtid", "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}")
            prop.set("pid", str(pid))
            prop.set("name", name)
        for child in list(prop):
            prop.remove(child)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is not None:
        part._blob = blob
    else:
        part = Part(
            PackURI("/docProps/custom.xml"), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, blob, package
        )
        package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


def _template(name: str):  # -> docxtpl.DocxTemplate
    from docxtpl import DocxTemplate

    path = templates_dir() / name
    if not path.exists():
        raise PackRenderError(
            f"the pack template {path} is missing: run "
            "`uv run python scripts/make_pack_templates.py` or restore it from the repository"
        )
    return DocxTemplate(str(path))


def _render_docx(tpl, context: dict[str, Any], name: str) -> None:
    from jinja2 import Environment, StrictUndefined, TemplateError

    env = Environment(autoescape=True, undefined=StrictUndefined)
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        raise PackRenderError(
            f"the Word template {name} has a broken tag ({exc}); check the {{{{ … }}}} and "
            "{%tr … %} tags were not split or retyped while restyling"
        ) from exc


def _chart_rows(
    tpl,
    rows: Sequence[MeasureRow],
    per_row: int,
    small: bool = False,
    titles: Sequence[str] | None = None,
):
    """Rows of ``per_row`` chart cells (caption, picture, words) for a Word chart grid.

    A block with one chart has its description in words beside it, in the half of the
    row it would leave empty; charts that share a row (a measure reported for two areas)
    carry it as alternative text only, so a block takes as little of the page as it can."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    width = SMALL_CHART_WIDTH_MM if small else CHART_WIDTH_MM
    cells: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        png = chart_images(row, small)[1]
        image = InlineImage(tpl, io.BytesIO(png), width=Mm(width))
        title = titles[i] if titles else chart_caption(row)
        cells.append({"title": title, "image": image, "text": ""})
        if len(rows) == 1 and not small:
            cells.append({"title": "In words", "image": "", "text": chart_description(row)})
    while len(cells) % per_row:
        cells.append({"title": "", "image": "", "text": ""})
    return [cells[i : i + per_row] for i in range(0, len(cells), per_row)]


def _describe_images(document, descriptions: list[str]) -> None:
    """Alternative text on each chart, in the order they were placed."""
    for shape, text in zip(document.inline_shapes, descriptions, strict=False):
        shape._inline.docPr.set("descr", text)
        shape._inline.docPr.set("title", text.split(":")[0])


def render_single(pack: SingleAgencyPack, out_dir: Path) -> list[Path]:
    """Write ``<slug>.docx`` and ``<slug>.html`` of one agency's pack; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    view = single_view(pack)
    docx_path = out_dir / f"{view['slug']}.docx"
    html_path = out_dir / f"{view['slug']}.html"

    tpl = _template(SINGLE_DOCX)
    tpl.init_docx()
    template_version = custom_properties(tpl.docx).get(PROP_TEMPLATE) or SINGLE_TEMPLATE_VERSION
    blocks = [{**b, "charts": _chart_rows(tpl, b["chart_rows"], 2)} for b in view["blocks"]]
    _render_docx(tpl, {**view, "blocks": blocks}, SINGLE_DOCX)
    document = tpl.docx
    charted = [r for b in view["blocks"] for r in b["chart_rows"]]
    _describe_images(document, [chart_description(r) for r in charted])
    props = document.core_properties
    props.title = f"{pack.agency_name} — {pack.priority_name} — {pack.quarter_label}"
    props.subject = "QEG Single Agency Performance Commentary"
    props.identifier = f"sdh:{pack.quarter}:{pack.agency_id}:{pack.priority_id}"
    props.keywords = identity_keywords(
        pack.agency_id, pack.priority_id, pack.quarter, template_version
    )
    props.category = "QEG commentary"
    props.author = "Safeguarding Data Hub"
    props.last_modified_by = "Safeguarding Data Hub"
    props.comments = (
        "Type in the four boxes under 'Your commentary for this quarter' and the sign-off."
    )
    props.created = props.modified = _utc_naive(pack.data_taken_at)
    props.revision = 1
    set_custom_properties(
        document,
        {
            PROP_AGENCY: pack.agency_id,
            PROP_PRIORITY: pack.priority_id,
            PROP_QUARTER: pack.quarter,
            PROP_TEMPLATE: template_version,
        },
    )
    if template_version != "single-agency-commentary/1":
        docx_form.protect(document)
        docx_form.write_fingerprint(document)
    tpl.save(str(docx_path))
    _check_round_trip(docx_path, pack)

    html = (
        _html_env()
        .get_template("single.html.j2")
        .render(
            pack=view,
            blocks=[{**b, "charts": _svg_charts(b["chart_rows"])} for b in view["blocks"]],
            docx_name=docx_path.name,
            template_version=template_version,
        )
    )
    html_path.write_text(html, encoding="utf-8")
    return [docx_path, html_path]


def _check_round_trip(path: Path, pack: SingleAgencyPack) -> None:
    """Read the fresh pack back as the import will: a template that lost its markers fails
    the build now rather than every agency's reply later."""
    try:
        back = read_pack(path)
    except CommentaryImportError as exc:
        raise PackRenderError(
            f"{templates_dir() / SINGLE_DOCX} would produce packs the hub cannot read back: {exc}"
        ) from exc
    identity = (back.agency_id, back.priority_id, back.quarter)
    if identity != (pack.agency_id, pack.priority_id, pack.quarter) or any(back.sections.values()):
        raise PackRenderError(
            f"{path.name}: reads back as {'/'.join(identity)} with text in its boxes; the "
            "template's answer boxes must be empty"
        )
    if back.outside or any(v for v in back.sign_off.values()):
        raise PackRenderError(
            f"{path.name}: reads back with text the hub did not write or a filled sign-off; "
            "the template's controls must hold only their placeholders"
        )


def _agency_of(pack: ConsolidatedPack, priority_id: str, row: MeasureRow) -> str:
    return next(
        (p.agency_name for p in pack.packs if p.priority_id == priority_id and row in p.measures),
        "",
    )


def _dashboard_view(pack: ConsolidatedPack) -> list[dict[str, Any]]:
    """Per priority: its key rows (each naming its agency) and its small charts (the
    headline rows')."""
    names = dict(pack.priorities)
    order = [p for p, _ in pack.priorities] + [p for p in pack.dashboard if p not in names]
    out = []
    for pid in order:
        rows = pack.dashboard.get(pid, ())
        quarters = _quarters(rows, pack.quarter)
        views = []
        charted: list[MeasureRow] = []
        titles: list[str] = []
        for row in rows:
            agency = _agency_of(pack, pid, row)
            view = measure_view(row)
            view["where"] = " · ".join(x for x in (agency, view["where"]) if x)
            views.append(view)
            if row.headline:
                charted.append(row)
                titles.append(" · ".join(x for x in (agency, chart_caption(row)) if x))
        out.append(
            {
                "id": pid,
                "name": names.get(pid, pid),
                "previous": quarters[3],
                "current": quarters[4],
                "year_ago": quarters[0],
                "rows": views,
                "chart_rows": charted,
                "chart_titles": titles,
            }
        )
    return out


_COMMENTARY_STATUS = {"awaiting": "Awaiting", "late": "Late", "returned": "Returned"}


def commentary_view(cells: Sequence[CommentaryStatus]) -> dict[str, Any]:
    """The quarter's commentary returns: a summary line ("received from 7 of 10"), a
    long list (Word) and a grid of agency by priority (HTML)."""
    got = [c for c in cells if c.status == "returned"]
    late = [c for c in cells if c.status == "late"]
    waiting = [c for c in cells if c.status == "awaiting"]
    dues = sorted({c.due for c in cells})
    summary = f"Commentary received from {len(got)} of {len(cells)}"
    parts = []
    if waiting:
        parts.append(f"{len(waiting)} awaiting")
    if late:
        parts.append(f"{len(late)} late")
    returned_late = sum(c.returned_late for c in got)
    if returned_late:
        parts.append(f"{returned_late} returned after the due date")
    summary += (f" ({', '.join(parts)})" if parts else "") + "."
    due_text = (
        "Due " + " or ".join(format_date(d) for d in dues) + ": each agency and priority on "
        "this quarter\u2019s rota, counted from the packs the hub built."
        if dues
        else ""
    )
    views = []
    for c in cells:
        status = _COMMENTARY_STATUS[c.status] + (" late" if c.returned_late else "")
        if c.status == "returned" and c.returned_at is not None:
            dates = f"returned {format_date(c.returned_at.date())}"
            if c.returned_late:
                dates += f", due {format_date(c.due)}"
        elif c.status == "late":
            dates = f"due {format_date(c.due)}, not returned"
        else:
            dates = f"due {format_date(c.due)}"
        views.append(
            {
                "agency_id": c.agency_id,
                "agency": c.agency_name,
                "priority_id": c.priority_id,
                "priority": c.priority_name,
                "status": status,
                "status_key": c.status,
                "dates": dates,
                "by": c.completed_by,
            }
        )
    agencies = list(dict.fromkeys((c.agency_id, c.agency_name) for c in cells))
    priorities = list(dict.fromkeys((c.priority_id, c.priority_name) for c in cells))
    index = {(v["agency_id"], v["priority_id"]): v for v in views}
    grid = [
        {"agency": name, "cells": [index.get((aid, pid)) for pid, _ in priorities]}
        for aid, name in agencies
    ]
    return {
        "summary": summary,
        "due_text": due_text,
        "received": len(got),
        "expected": len(cells),
        "cells": views,
        "priorities": [name for _, name in priorities],
        "grid": grid,
    }


def _share(part: int, whole: int) -> str:
    return f"{part:,} ({format_number(100 * part / whole)}%)" if whole else f"{part:,}"


def consolidated_view(pack: ConsolidatedPack) -> dict[str, Any]:
    compliance = [
        {
            "agency": c.agency_name,
            "due": f"{c.due:,}",
            "received": _share(c.received, c.due),
            "on_time": _share(c.on_time, c.due),
            "passed": _share(c.passed, c.due),
        }
        for c in pack.compliance
    ]
    escalations = []
    for e in pack.escalations:
        paras = paragraphs(e.text)
        escalations.append(
            {
                "agency": e.agency_name,
                "priority": e.priority_name,
                "quarter": e.quarter,
                "paragraphs": paras,
                "text": "\a".join(paras),
            }
        )
    return {
        "quarter": pack.quarter,
        "quarter_label": pack.quarter_label,
        "data_taken": format_date(pack.data_taken_at),
        "priorities": [{"id": i, "name": n} for i, n in pack.priorities],
        "priority_names": "; ".join(n for _, n in pack.priorities) or "none",
        "pack_count": str(len(pack.packs)),
        "compliance": compliance,
        "dashboard": _dashboard_view(pack),
        "commentary": commentary_view(pack.commentary),
        "escalations": escalations,
        "packs": [
            {
                "agency": p.agency_name,
                "priority": p.priority_name,
                "measures": str(len(p.measures)),
                "file": f"{file_stem(p.slug)}.docx",
                "html": f"{file_stem(p.slug)}.html",
            }
            for p in pack.packs
        ],
    }


def render_consolidated(
    pack: ConsolidatedPack,
    out_dir: Path | Sequence[SingleAgencyPack],
    legacy_out_dir: Path | None = None,
) -> list[Path]:
    """Write ``consolidated_<quarter>.docx`` and ``.html`` for the QEG meeting.

    ``workers.packs.build`` calls it as ``render_consolidated(pack, packs, out_dir)``; the
    packs are ``pack.packs`` already, so that form is accepted and the list not used."""
    if legacy_out_dir is not None:
        out_dir = legacy_out_dir
    if not isinstance(out_dir, str | Path):
        raise TypeError("render_consolidated(pack, out_dir): out_dir must be a path")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    view = consolidated_view(pack)
    stem = f"consolidated_{file_stem(pack.quarter)}"
    docx_path, html_path = out_dir / f"{stem}.docx", out_dir / f"{stem}.html"

    tpl = _template(CONSOLIDATED_DOCX)
    tpl.init_docx()
    dashboard = [
        {**p, "charts": _chart_rows(tpl, p["chart_rows"], 3, True, p["chart_titles"])}
        for p in view["dashboard"]
    ]
    _render_docx(tpl, {**view, "dashboard": dashboard}, CONSOLIDATED_DOCX)
    _describe_images(
        tpl.docx, [chart_description(r) for p in view["dashboard"] for r in p["chart_rows"]]
    )
    props = tpl.docx.core_properties
    props.title = f"QEG pack — {pack.quarter_label}"
    props.subject = "QEG consolidated pack"
    props.identifier = f"sdh:{pack.quarter}:consolidated"
    props.author = props.last_modified_by = "Safeguarding Data Hub"
    props.created = props.modified = _utc_naive(pack.data_taken_at)
    tpl.save(str(docx_path))

    dashboard = [
        {**p, "charts": _svg_charts(p["chart_rows"], True, p["chart_titles"])}
        for p in view["dashboard"]
    ]
    html = (
        _html_env()
        .get_template("consolidated.html.j2")
        .render(pack={**view, "dashboard": dashboard}, docx_name=docx_path.name)
    )
    html_path.write_text(html, encoding="utf-8")
    return [docx_path, html_path]


# HTML ---------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def chart_images(row: MeasureRow, small: bool = False) -> tuple[str, bytes]:
    """The row's chart as (SVG, PNG), drawn once and kept: the same measure and area sit
    in several packs of a quarter (every priority it evidences, the next quarters'
    series), and a rebuild after one return leaves most rows as they were. A row is
    frozen and holds every figure its chart shows, so an equal row means the same chart.
    256 charts are about 15 MB."""
    return charts.chart_svg_and_png(row, lambda v: format_value(row, v), small=small)


@lru_cache(maxsize=1)
def _html_env():  # -> jinja2.Environment
    """One environment per process: Jinja compiles each template once and checks its
    file's modification time before reuse, so an edited template is still picked up."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=True,  # every string from a pack is escaped; only our SVG is Markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _svg_charts(
    rows: Sequence[MeasureRow], small: bool = False, titles: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    from markupsafe import Markup

    out = []
    for i, row in enumerate(rows):
        svg = chart_images(row, small)[0]
        out.append(
            {
                "title": titles[i] if titles else chart_caption(row),
                "description": chart_description(row),
                "svg": Markup(charts.inline_svg(svg, chart_description(row))),
            }
        )
    return out


def _index_links(entry: Any, out_dir: Path) -> tuple[str, list[dict[str, str]]]:
    """(title, links) of an index entry: a ``(title, file name)`` pair, or an object with
    ``title`` and ``files`` (``workers.packs.build.IndexEntry``)."""
    if isinstance(entry, tuple):
        title, names = entry[0], [entry[1]]
    else:
        title, names = entry.title, list(entry.files)
    links = []
    for name in names:
        path = Path(name)
        if path.is_absolute():
            try:
                path = path.relative_to(out_dir.resolve())
            except ValueError:
                path = Path(path.name)
        href = path.as_posix()
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|\\)", href, re.I):
            continue  # relative files only: the page must work copied to a share
        links.append({"href": href, "kind": path.suffix.lstrip(".").upper() or "file"})
    links.sort(key=lambda link: link["kind"] != "HTML")  # the title opens the screen version
    return title, links


def render_index(quarter: str, entries: Sequence[Any], out_dir: Path) -> Path:
    """Write ``index.html``: the quarter's packs, each with links to its files.

    ``entries`` are ``(title, relative file name)`` pairs, or the build's ``IndexEntry``
    objects (a title and the files written), listed in the order given."""
    out_dir.mkdir(parents=True, exist_ok=True)
    items = []
    for entry in entries:
        title, links = _index_links(entry, out_dir)
        items.append({"title": title, "links": links})
    html = _html_env().get_template("index.html.j2").render(quarter=quarter, entries=items)
    path = out_dir / "index.html"
    path.write_text(html, encoding="utf-8")
    return path
