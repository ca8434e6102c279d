"""Read an agency's filled commentary pack (DOCX) back: who it is for and what they wrote.

Agencies open the pack in Word (or LibreOffice), type in the four boxes, maybe restyle
the headings, add a paragraph here and there, turn Track Changes on, and send it back.
The import has to survive all of that and still refuse a document that no longer says
which pack it is or where each answer is, because a silent partial import would put an
empty "issues to escalate" in front of the Executive Board.

How the pack is recognised (the same markers are written by
``scripts/make_pack_templates.py`` into the template and by the renderer into each pack):

- **Identity** in the document properties, written twice: custom properties
  ``SDH.agency``, ``SDH.priority``, ``SDH.quarter``, ``SDH.template`` (Word: File > Info >
  Properties > Advanced > Custom; LibreOffice: File > Properties > Custom Properties), and
  the same values in the core ``keywords`` (``sdh-pack; agency=…; priority=…; …``) for
  editors that drop custom properties. They must agree when both are present.
- **Each answer box** is a one-cell table whose alternative-text title (``w:tblCaption``)
  is ``SDH:section=<key>``, and whose heading paragraph holds a bookmark
  ``SDH_section_<key>``. The table title is authoritative; the bookmark finds the box
  (the next table after the heading) when an editor lost the title. Typing, pasting and
  restyling touch neither.

The text is read from every paragraph of the box, tracked insertions included and tracked
deletions excluded (python-docx's ``Paragraph.text`` misses text inside ``w:ins``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from workers.errors import SdhError
from workers.packs.model import SECTIONS

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
READABLE_TEMPLATES = ("single-agency-commentary/1",)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class CommentaryImportError(SdhError):
    """A returned commentary pack cannot be read back safely; the message says what is
    missing and what the agency or steward can do about it."""


def read_commentary(path: Path | str) -> tuple[str, str, str, dict[str, str]]:
    """``(agency_id, priority_id, quarter, sections)`` of a filled pack.

    ``sections`` maps every key of :data:`SECTIONS` to the text typed in its box
    (paragraphs joined with newlines, stripped; ``""`` for a box left empty). Raises
    :class:`CommentaryImportError` when the file is not a pack, its identity is missing or
    contradictory, or any box is missing or duplicated; nothing is returned half-read.
    """
    path = Path(path)
    document = _open(path)
    agency, priority, quarter = pack_identity(document, path.name)
    sections = read_sections(document, path.name)
    return agency, priority, quarter, sections


def _open(path: Path):  # -> docx.document.Document
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CommentaryImportError(
            f"{path.name}: not a Word .docx file the hub can read ({exc}). Save it from "
            "Word as 'Word Document (*.docx)' and import it again."
        ) from exc


# identity ---------------------------------------------------------------------------


def custom_properties(document) -> dict[str, str]:
    """The document's custom properties (name → text); python-docx has no API for them."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/custom.xml":
            root = etree.fromstring(part.blob)
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


def paragraph_text(p) -> str:
    """A paragraph's visible text: runs, hyperlinks, fields' results and tracked
    insertions; not tracked deletions, not the fallback copy of a text box."""
    out: list[str] = []
    for el in p.iter(_w("t"), _w("tab"), _w("br"), _w("cr")):
        if next(el.iterancestors(_w("p"))) is not p:
            continue  # a paragraph nested in a text box: read on its own
        if any(a.tag == MC_FALLBACK for a in el.iterancestors()):
            continue
        if el.tag == _w("t"):
            out.append(el.text or "")
        elif el.tag == _w("tab"):
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def box_text(tbl) -> str:
    """Everything typed in a box: its paragraphs in order, joined with newlines."""
    return "\n".join(paragraph_text(p) for p in tbl.iter(_w("p"))).strip()


def read_sections(document, name: str = "document") -> dict[str, str]:
    found, problems = find_section_tables(document)
    if problems:
        raise CommentaryImportError(
            f"{name}: the commentary boxes cannot be read safely: {'; '.join(problems)}. "
            "Each of the four sections must keep its heading and its one box (type inside "
            "the box, do not delete or copy it). Paste the text into a fresh pack for this "
            "agency, priority and quarter and send that."
        )
    return {key: box_text(found[key]) for key, _t, _g in SECTIONS}
