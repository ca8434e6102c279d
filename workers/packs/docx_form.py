"""The Word form of a pack: its content controls, its protection and its fingerprint.

An agency fills a pack in Word. What it may type goes in **rich-text content controls**
(``w:sdt``): one per section of the commentary and one per sign-off field (the date is a
date picker), each with placeholder text and a tag naming it (``SDH:section=<key>``,
``SDH:field=<key>``) and a title (``w:alias``) that is the section's heading. The rest of
the document is **protected** (Word's "filling in forms" restriction, no password), so a
figure cannot be changed by a stray keystroke; a user who lifts the restriction can still
type anywhere, which is what the fingerprint is for.

The **fingerprint** is the set of hashes of every paragraph of the pack as the hub wrote
it, outside the controls, kept in a custom XML part that Word and LibreOffice carry
through a save. On import a paragraph outside the controls whose text is not in the set
was typed (or changed) by someone: the import reports it, with the text, instead of
dropping it in silence.

LibreOffice 7.4 keeps a control's title but drops its tag and the "showing placeholder"
flag, and keeps only the first paragraph of an answer inside the control (the others
stay in the box, after it): the reader finds a control by tag, else by title, takes text
equal to the control's placeholder as empty, and reads a section's whole box.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from workers.packs.model import SIGN_OFF

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SECTION_TAG = "SDH:section="
FIELD_TAG = "SDH:field="
#: The placeholder of each section's control (the guidance is printed above it).
SECTION_PLACEHOLDER = "Click or tap here and type."
PLACEHOLDER_STYLE = "PlaceholderText"
DATE_FORMAT = "d MMMM yyyy"
FINGERPRINT_NS = "urn:sdh:pack-fingerprint"
FINGERPRINT_PART = "/customXml/sdhFingerprint.xml"
CUSTOM_XML_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
#: settings.xml children that come after ``w:documentProtection`` (the schema's order; Word
#: refuses a file with them out of order).
_AFTER_PROTECTION = {
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
    "updateFields",
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def field_placeholders() -> dict[str, str]:
    return {key: placeholder for key, _label, placeholder in SIGN_OFF}


# writing -----------------------------------------------------------------------------


def content_control(
    tag: str, alias: str, placeholder: str, paragraph_style: str, *, date: bool = False
) -> etree._Element:
    """A block-level content control holding one paragraph of placeholder text: rich
    text, or a date picker. It cannot be deleted (only its content changes)."""
    sdt = etree.Element(_w("sdt"), nsmap={"w": W})
    pr = etree.SubElement(sdt, _w("sdtPr"))
    etree.SubElement(pr, _w("alias")).set(_w("val"), alias)
    etree.SubElement(pr, _w("tag")).set(_w("val"), tag)
    etree.SubElement(pr, _w("id")).set(
        _w("val"), str(int(hashlib.sha256(tag.encode()).hexdigest()[:7], 16))
    )
    etree.SubElement(pr, _w("lock")).set(_w("val"), "sdtLocked")
    etree.SubElement(pr, _w("showingPlcHdr"))
    if date:
        picker = etree.SubElement(pr, _w("date"))
        etree.SubElement(picker, _w("dateFormat")).set(_w("val"), DATE_FORMAT)
        etree.SubElement(picker, _w("lid")).set(_w("val"), "en-GB")
        etree.SubElement(picker, _w("storeMappedDataAs")).set(_w("val"), "dateTime")
        etree.SubElement(picker, _w("calendar")).set(_w("val"), "gregorian")
    else:
        etree.SubElement(pr, _w("richText"))
    content = etree.SubElement(sdt, _w("sdtContent"))
    p = etree.SubElement(content, _w("p"))
    etree.SubElement(etree.SubElement(p, _w("pPr")), _w("pStyle")).set(_w("val"), paragraph_style)
    run = etree.SubElement(p, _w("r"))
    etree.SubElement(etree.SubElement(run, _w("rPr")), _w("rStyle")).set(
        _w("val"), PLACEHOLDER_STYLE
    )
    etree.SubElement(run, _w("t")).text = placeholder
    return sdt


def protect(document) -> None:
    """Restrict editing to the content controls (Word: Restrict Editing > Filling in
    forms), without a password: the agency can lift it if it must, and the fingerprint
    then reports what it typed outside the controls."""
    settings = document.settings.element
    for old in settings.findall(_w("documentProtection")):
        settings.remove(old)
    protection = etree.SubElement(settings, _w("documentProtection"))
    protection.set(_w("edit"), "forms")
    protection.set(_w("enforcement"), "1")
    settings.remove(protection)
    for i, child in enumerate(settings):
        if etree.QName(child).localname in _AFTER_PROTECTION:
            settings.insert(i, protection)
            return
    settings.append(protection)


def protection(document) -> tuple[str, bool] | None:
    """(edit restriction, enforced) of the document, or None."""
    el = document.settings.element.find(_w("documentProtection"))
    if el is None:
        return None
    return el.get(_w("edit"), ""), el.get(_w("enforcement"), "0") in ("1", "true", "on")


# reading -----------------------------------------------------------------------------


def _in_control(el: etree._Element) -> bool:
    return any(a.tag == _w("sdt") for a in el.iterancestors())


def _text(el: etree._Element, *, skip_controls: bool) -> str:
    """The visible text under ``el``: runs, hyperlinks, fields' results and tracked
    insertions; not tracked deletions (``w:delText``), not the fallback copy of a text
    box; without what sits in a content control when ``skip_controls``."""
    out: list[str] = []
    for node in el.iter(_w("t"), _w("tab"), _w("br"), _w("cr")):
        if any(a.tag == MC_FALLBACK for a in node.iterancestors()):
            continue
        if skip_controls and _in_control(node) and not _in_control(el):
            continue
        if node.tag == _w("t"):
            out.append(node.text or "")
        elif node.tag == _w("tab"):
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def paragraph_text(p: etree._Element) -> str:
    """A paragraph's own text (a paragraph nested in a text box is read on its own)."""
    out: list[str] = []
    for node in p.iter(_w("t"), _w("tab"), _w("br"), _w("cr")):
        if next(node.iterancestors(_w("p"))) is not p:
            continue
        if any(a.tag == MC_FALLBACK for a in node.iterancestors()):
            continue
        if node.tag == _w("t"):
            out.append(node.text or "")
        else:
            out.append("\t" if node.tag == _w("tab") else "\n")
    return "".join(out)


@dataclass(frozen=True)
class Control:
    """A content control as read back: its key, what was typed, and whether it still
    shows its placeholder."""

    tag: str
    alias: str
    text: str
    placeholder: bool
    date: str = ""  # a date picker's chosen day, ISO (w:fullDate), if any
    cell: etree._Element | None = None  # the table cell it sits in (its answer area)

    def answer(self, placeholder: str) -> str:
        """What was typed: the whole cell the control sits in (LibreOffice leaves part of
        an answer beside its control), else the control; empty while the placeholder
        shows (flagged, or its very text)."""
        if self.cell is None:
            return control_text(self, placeholder)
        lines = [paragraph_text(p) for p in self.cell.iter(_w("p"))]
        text = "\n".join(x for x in lines if x.strip() != placeholder).strip()
        return "" if text == placeholder else text


def _prop(sdt: etree._Element, name: str) -> str:
    el = sdt.find(f"{_w('sdtPr')}/{_w(name)}")
    return (el.get(_w("val")) or "") if el is not None else ""


def controls(body: etree._Element) -> list[Control]:
    """Every content control of the body, outermost ones only, in document order."""
    out = []
    for sdt in body.iter(_w("sdt")):
        if _in_control(sdt):
            continue
        content = sdt.find(_w("sdtContent"))
        paragraphs = list(content.iter(_w("p"))) if content is not None else []
        if paragraphs:
            text = "\n".join(paragraph_text(p) for p in paragraphs)
        else:  # an inline control (LibreOffice writes them so): its runs
            text = _text(content, skip_controls=False) if content is not None else ""
        pr = sdt.find(_w("sdtPr"))
        picked = pr.find(_w("date")) if pr is not None else None
        cell = next(sdt.iterancestors(_w("tc")), None)
        out.append(
            Control(
                tag=_prop(sdt, "tag"),
                alias=_prop(sdt, "alias"),
                text=text.strip(),
                placeholder=pr is not None and pr.find(_w("showingPlcHdr")) is not None,
                date=(picked.get(_w("fullDate")) or "")[:10] if picked is not None else "",
                cell=cell,
            )
        )
    return out


def find_control(found: list[Control], tag: str, alias: str) -> list[Control]:
    """The controls with this tag, else (tag lost, as LibreOffice loses it) this title."""
    by_tag = [c for c in found if c.tag == tag]
    return by_tag or [c for c in found if not c.tag and c.alias == alias]


def control_text(control: Control, placeholder: str) -> str:
    """What was typed: empty while the placeholder shows (flagged, or its very text)."""
    if control.placeholder or control.text == placeholder:
        return ""
    return control.text


# the fingerprint ---------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def _digest(text: str) -> str:
    return hashlib.sha256(_normal(text).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph outside the controls, with the heading it comes under."""

    text: str
    heading: str


def outside_paragraphs(
    body: etree._Element, skip: Iterable[etree._Element] = ()
) -> Iterator[Paragraph]:
    """Every non-empty paragraph of the body outside the content controls (and outside
    the ``skip`` elements: the answer boxes), in order."""
    heading = ""
    skipped = set(skip)
    for p in body.iter(_w("p")):
        if _in_control(p) or (skipped and any(a in skipped for a in p.iterancestors())):
            continue
        text = _normal(_text(p, skip_controls=True))
        if not text:
            continue
        style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        if style is not None and (style.get(_w("val")) or "").lower().startswith(
            ("heading", "title")
        ):
            heading = text
        yield Paragraph(text, heading)


def write_fingerprint(document) -> None:
    """Keep the hashes of the pack's own paragraphs in a custom XML part."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    digests = sorted({_digest(p.text) for p in outside_paragraphs(document.element.body)})
    root = etree.Element(f"{{{FINGERPRINT_NS}}}fingerprint", nsmap={None: FINGERPRINT_NS})
    root.set("version", "1")
    root.text = " ".join(digests)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    for part in package.iter_parts():
        if str(part.partname) == FINGERPRINT_PART:
            part._blob = blob
            return
    part = Part(PackURI(FINGERPRINT_PART), "application/xml", blob, package)
    document.part.relate_to(part, CUSTOM_XML_RELTYPE)


def read_fingerprint(document) -> set[str] | None:
    """The hashes the hub wrote, or None for a pack without a fingerprint (made before
    the form had one, or its part was removed)."""
    from workers.packs.docx_safety import parse_part

    for part in document.part.package.iter_parts():
        if not str(part.partname).startswith("/customXml/"):
            continue
        if not str(part.partname).endswith(".xml"):
            continue
        root = parse_part(part.blob, part=str(part.partname))
        if root.tag == f"{{{FINGERPRINT_NS}}}fingerprint":
            return set((root.text or "").split())
    return None


def typed_outside(document, boxes: Iterable[etree._Element] = ()) -> list[Paragraph] | None:
    """Paragraphs outside the controls and the answer ``boxes`` that the hub did not
    write: typed or changed by someone. None when the pack has no fingerprint."""
    known = read_fingerprint(document)
    if known is None:
        return None
    body = document.element.body
    return [p for p in outside_paragraphs(body, boxes) if _digest(p.text) not in known]
