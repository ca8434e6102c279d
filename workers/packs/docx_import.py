"""Read an agency's filled commentary pack (DOCX) back: who it is for, what they wrote,
who signed it off, and anything typed where the hub does not read.

Agencies open the pack in Word (or LibreOffice), type in the content controls, maybe lift
the editing restriction and restyle a heading, turn Track Changes on, and send it back.
The import has to survive all of that and still refuse a document that no longer says
which pack it is or where each answer is, because a silent partial import would put an
empty "issues to escalate" in front of the Executive Board. Before anything parses it,
the file is checked (``docx_safety``): size bounds while unpacking, no DOCTYPE in any part.

How the pack is recognised (the same markers are written by
``scripts/make_pack_templates.py`` into the template and by the renderer into each pack):

- **Identity** in the document properties, written twice: custom properties
  ``SDH.agency``, ``SDH.priority``, ``SDH.quarter``, ``SDH.template`` (Word: File > Info >
  Properties > Advanced > Custom; LibreOffice: File > Properties > Custom Properties), and
  the same values in the core ``keywords`` (``sdh-pack; agency=…; priority=…; …``) for
  editors that drop custom properties. They must agree when both are present.
- **Each answer** is a content control (``docx_form``) tagged ``SDH:section=<key>`` and
  titled with the section's heading, inside a one-cell box table whose alternative-text
  title (``w:tblCaption``) is ``SDH:section=<key>`` after a heading carrying the bookmark
  ``SDH_section_<key>``. The control is read first; a pack of template version 1 (boxes
  without controls) is read from its boxes: the table title is authoritative, and the
  bookmark finds the box (the next table after the heading) when an editor lost it.
- **The sign-off** (completed by, role, date, approved by) are controls tagged
  ``SDH:field=<key>``; a date picker's chosen day is read as a date.
- **Text outside the controls** that the hub did not write (its fingerprint says which
  paragraphs it wrote) is reported with the heading it follows; it is never stored.

The text is read from every paragraph of a control or box, tracked insertions included
and tracked deletions excluded (python-docx's ``Paragraph.text`` misses text inside
``w:ins``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from workers.packs import docx_form
from workers.packs.docx_form import W, paragraph_text
from workers.packs.docx_safety import CommentaryImportError, check_package, parse_part
from workers.packs.model import SECTIONS, SIGN_OFF

__all__ = ["CommentaryImportError", "ReturnedPack", "read_commentary", "read_pack"]

SECTION_CAPTION = "SDH:section="
SECTION_BOOKMARK = "SDH_section_"
KEYWORDS_TAG = "sdh-pack"
PROP_AGENCY, PROP_PRIORITY, PROP_QUARTER, PROP_TEMPLATE = (
    "SDH.agency",
    "SDH.priority",
    "SDH.quarter",
    "SDH.template",
)
#: Template families and versions this module knows how to read.
READABLE_TEMPLATES = ("single-agency-commentary/1", "single-agency-commentary/2")

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Outside:
    """Text found outside the controls: typed there, or a figure changed."""

    text: str
    after: str  # the heading it comes under


@dataclass(frozen=True)
class ReturnedPack:
    """Everything the import reads from a filled pack."""

    agency_id: str
    priority_id: str
    quarter: str
    sections: dict[str, str]  # section key → text ("" for a box left empty)
    sign_off: dict[str, str] = field(default_factory=dict)  # SIGN_OFF key → text
    outside: tuple[Outside, ...] = ()
    checked_outside: bool = False  # the pack had a fingerprint to compare with
    template: str = ""

    @property
    def warnings(self) -> list[str]:
        """What the person importing must be told, worded for them."""
        out = [
            f"Typed outside the answer boxes (after “{o.after or 'the start'}”), not "
            f"imported: “{o.text}”"
            for o in self.outside
        ]
        if self.sign_off.get("completed_on_unread"):
            out.append(
                f"The date “{self.sign_off['completed_on_unread']}” is not a date the hub "
                "can read; it is kept as typed."
            )
        return out


def read_pack(path: Path | str, name: str | None = None) -> ReturnedPack:
    """Identity, the four sections, the sign-off and text typed outside the controls.

    Raises :class:`CommentaryImportError` when the file is unsafe or not a pack, its
    identity is missing or contradictory, or any answer is missing or duplicated; nothing
    is returned half-read. ``name`` is the file's name as the person knows it (an upload
    is kept under another)."""
    path = Path(path)
    name = name or path.name
    check_package(path, name)
    document = _open(path, name)
    agency, priority, quarter = pack_identity(document, name)
    found = docx_form.controls(document.element.body)
    sections, boxes = read_answers(document, name, found)
    cells = [c.cell for c in found if c.cell is not None]
    outside = docx_form.typed_outside(document, [*boxes, *cells])
    return ReturnedPack(
        agency_id=agency,
        priority_id=priority,
        quarter=quarter,
        sections=sections,
        sign_off=read_sign_off(found),
        outside=tuple(Outside(p.text, p.heading) for p in outside or ()),
        checked_outside=outside is not None,
        template=_template_of(document),
    )


def read_commentary(path: Path | str) -> tuple[str, str, str, dict[str, str]]:
    """``(agency_id, priority_id, quarter, sections)`` of a filled pack (see ``read_pack``)."""
    pack = read_pack(path)
    return pack.agency_id, pack.priority_id, pack.quarter, pack.sections


def _open(path: Path, name: str):  # -> docx.document.Document
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise CommentaryImportError(
            f"{name}: not a Word .docx file the hub can read ({exc}). Save it from "
            "Word as 'Word Document (*.docx)' and import it again."
        ) from None


def _template_of(document) -> str:
    found = {**keywords_identity(document.core_properties.keywords or "")}
    found.update(custom_properties(document))
    return found.get(PROP_TEMPLATE, "")


# identity ---------------------------------------------------------------------------


def custom_properties(document) -> dict[str, str]:
    """The document's custom properties (name → text); python-docx has no API for them."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/custom.xml":
            root = parse_part(part.blob, part="docProps/custom.xml")
            return {
                prop.get("name", ""): "".join(prop.itertext()).strip()
                for prop in root.iter(f"{{{CUSTOM_NS}}}property")
            }
    return {}


def keywords_identity(keywords: str) -> dict[str, str]:
    """``sdh-pack; agency=x; priority=y; quarter=z; template=t`` → the SDH properties.

    Tolerant of the separators: LibreOffice saves keywords back joined by spaces."""
    if not re.search(rf"(^|[\s;,]){KEYWORDS_TAG}([\s;,]|$)", keywords):
        return {}
    names = {
        "agency": PROP_AGENCY,
        "priority": PROP_PRIORITY,
        "quarter": PROP_QUARTER,
        "template": PROP_TEMPLATE,
    }
    return {
        names[key]: value
        for key, value in re.findall(r"\b(agency|priority|quarter|template)=([^\s;,]+)", keywords)
    }


def identity_keywords(agency: str, priority: str, quarter: str, template: str) -> str:
    return (
        f"{KEYWORDS_TAG}; agency={agency}; priority={priority}; quarter={quarter}; "
        f"template={template}"
    )


def pack_identity(document, name: str = "document") -> tuple[str, str, str]:
    """Agency, priority and quarter from the properties, cross-checked, or a clear error."""
    custom = {k: v for k, v in custom_properties(document).items() if k.startswith("SDH.")}
    from_keywords = keywords_identity(document.core_properties.keywords or "")
    wanted = (PROP_AGENCY, PROP_PRIORITY, PROP_QUARTER)
    for prop in (*wanted, PROP_TEMPLATE):
        a, b = custom.get(prop), from_keywords.get(prop)
        if a and b and a != b:
            raise CommentaryImportError(
                f"{name}: the pack's identity contradicts itself ({prop} is {a!r} in the "
                f"custom properties but {b!r} in the keywords). Was text from another "
                "pack pasted in? Ask the business unit for a fresh pack."
            )
    found = {**from_keywords, **custom}
    missing = [p for p in wanted if not found.get(p)]
    if missing:
        raise CommentaryImportError(
            f"{name}: this is not a hub commentary pack, or its identity was removed "
            f"(document properties {', '.join(missing)} are missing). A pack copied into "
            "a new document loses them: paste the text into the pack the hub sent."
        )
    template = found.get(PROP_TEMPLATE, "")
    if template and template not in READABLE_TEMPLATES:
        raise CommentaryImportError(
            f"{name}: made from template {template!r}, which this hub cannot read "
            f"(it reads {', '.join(READABLE_TEMPLATES)})."
        )
    quarter = found[PROP_QUARTER]
    if not _QUARTER.match(quarter):
        raise CommentaryImportError(f"{name}: quarter {quarter!r} is not like 2020-Q4.")
    return found[PROP_AGENCY], found[PROP_PRIORITY], quarter


# sections ---------------------------------------------------------------------------


def _caption(tbl) -> str:
    el = tbl.find(f"{_w('tblPr')}/{_w('tblCaption')}")
    return (el.get(_w("val")) or "") if el is not None else ""


def _table_after_bookmark(bookmark):
    """The first table after the paragraph holding ``bookmark``, stopping at the next
    section's heading so that a lost box is not confused with the next one."""
    para = next((a for a in bookmark.iterancestors(_w("p"))), None)
    if para is None:
        return None
    block = para
    while block.getparent() is not None and block.getparent().tag != _w("body"):
        block = block.getparent()
    for sibling in block.itersiblings():
        if sibling.tag == _w("tbl"):
            first_row = sibling.find(_w("tr"))
            cells = first_row.findall(_w("tc")) if first_row is not None else []
            # only a box (one cell) counts: never read a data table as an answer
            return sibling if len(cells) == 1 else None
        for other in sibling.iter(_w("bookmarkStart")):
            if (other.get(_w("name")) or "").startswith(SECTION_BOOKMARK):
                return None
    return None


def find_section_tables(document) -> tuple[dict[str, object], list[str]]:
    """The answer box of each section, and the problems that stop an import."""
    body = document.element.body
    by_caption: dict[str, list] = {}
    for tbl in body.iter(_w("tbl")):
        caption = _caption(tbl)
        if caption.startswith(SECTION_CAPTION):
            by_caption.setdefault(caption[len(SECTION_CAPTION) :].strip(), []).append(tbl)
    by_bookmark: dict[str, list] = {}
    for bm in body.iter(_w("bookmarkStart")):
        name = bm.get(_w("name")) or ""
        if name.startswith(SECTION_BOOKMARK):
            by_bookmark.setdefault(name[len(SECTION_BOOKMARK) :], []).append(bm)

    found: dict[str, object] = {}
    problems: list[str] = []
    for key, title, _guidance in SECTIONS:
        tables = by_caption.get(key, [])
        if len(tables) > 1:
            problems.append(f"the box for '{title}' appears {len(tables)} times")
            continue
        if tables:
            found[key] = tables[0]
            continue
        marks = by_bookmark.get(key, [])
        after = {id(t): t for t in (_table_after_bookmark(b) for b in marks) if t is not None}
        if len(after) == 1:
            found[key] = next(iter(after.values()))
        elif len(after) > 1:
            problems.append(f"the heading of '{title}' appears {len(marks)} times")
        else:
            problems.append(f"the box for '{title}' is missing")
    seen: dict[int, str] = {}
    for key, tbl in found.items():
        if id(tbl) in seen:
            problems.append(f"sections '{seen[id(tbl)]}' and '{key}' point at the same box")
        seen[id(tbl)] = key
    return found, problems


def box_text(tbl, placeholder: str = "") -> str:
    """Everything typed in a box: its paragraphs in order, joined with newlines, without a
    paragraph that is only the placeholder."""
    lines = [paragraph_text(p) for p in tbl.iter(_w("p"))]
    return "\n".join(x for x in lines if not placeholder or x.strip() != placeholder).strip()


def read_answers(
    document, name: str = "document", found: list[docx_form.Control] | None = None
) -> tuple[dict[str, str], list]:
    """Each section's text and the answer boxes it was read from.

    The answer is everything in the section's box, its control's placeholder left out
    (Word keeps the whole answer in the control; LibreOffice leaves all but its first
    paragraph beside it, in the box). A section whose box is gone is read from its
    control wherever it is, if it has one; two controls for one section, or neither box
    nor control, stop the import."""
    found = docx_form.controls(document.element.body) if found is None else found
    tables, box_problems = find_section_tables(document)
    out: dict[str, str] = {}
    problems: list[str] = []
    for key, title, _guidance in SECTIONS:
        matches = docx_form.find_control(found, f"{docx_form.SECTION_TAG}{key}", title)
        if len(matches) > 1:
            problems.append(f"the box for '{title}' appears {len(matches)} times")
        elif key in tables:
            out[key] = box_text(tables[key], docx_form.SECTION_PLACEHOLDER)
        elif matches:
            out[key] = docx_form.control_text(matches[0], docx_form.SECTION_PLACEHOLDER)
        else:
            problems += [p for p in box_problems if f"'{title}'" in p] or [
                f"the box for '{title}' is missing"
            ]
    if problems:
        raise CommentaryImportError(
            f"{name}: the commentary boxes cannot be read safely: "
            f"{'; '.join(dict.fromkeys(problems))}. Each of the four sections must keep its "
            "heading and its one box (type inside the box, do not delete or copy it). Paste "
            "the text into a fresh pack for this agency, priority and quarter and send that."
        )
    return {key: out.get(key, "") for key, _t, _g in SECTIONS}, list(tables.values())


_DAY_FORMATS = ("%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d.%m.%Y")


def _day(text: str) -> date | None:
    from datetime import datetime

    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip())
    for fmt in _DAY_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def read_sign_off(found: list[docx_form.Control]) -> dict[str, str]:
    """Completed by, role, date (ISO when it reads as a date) and approved by; a field
    missing or left at its placeholder is empty. A date that does not read is kept as
    typed and named under ``completed_on_unread``."""
    placeholders = docx_form.field_placeholders()
    out: dict[str, str] = {}
    for key, label, _placeholder in SIGN_OFF:
        matches = docx_form.find_control(found, f"{docx_form.FIELD_TAG}{key}", label)
        control = matches[0] if matches else None
        text = control.answer(placeholders[key]) if control else ""
        if key == "completed_on" and control is not None:
            day = date.fromisoformat(control.date) if control.date and text else _day(text)
            if day is not None:
                text = day.isoformat()
            elif text:
                out["completed_on_unread"] = text
        out[key] = text
    return out
