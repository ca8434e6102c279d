"""Reading a CIN census XML into children and their episodes, identifiers hashed at once.

The DfE's CIN census is one XML file: a header (the collection year's reference date, the
LA) and a ``Child`` element per child, each with its identifiers, characteristics and
``CINdetails`` (referral, assessments, Section 47 enquiries, child protection plans). The
file is read a child at a time (memory stays flat for a large authority); a DOCTYPE, an
entity or anything from the network is refused before a child is read.

What comes out never holds a raw identifier: ``LAchildID`` becomes its keyed hash, the UPN
is dropped, the date of birth is kept to its month (as the LIIA pipeline degrades it).
The validator sees the raw file in its own process; only this reading reaches the hub.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from workers.errors import ReturnFileError
from workers.pseudonymise import pseudonymise


@dataclass
class Plan:
    start: date | None
    end: date | None
    category: str | None
    previous_plans: int | None


@dataclass
class Enquiry:
    """A Section 47 enquiry and its initial child protection conference, if one was held."""

    start: date | None
    icpc: date | None


@dataclass
class Assessment:
    start: date | None
    authorised: date | None


@dataclass
class Referral:
    """One ``CINdetails``: a referral and what followed it."""

    referred: date | None
    nfa: bool
    closed: date | None
    assessments: list[Assessment] = field(default_factory=list)
    enquiries: list[Enquiry] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)


@dataclass
class Child:
    """A child of the census, as the hub keeps it: ``ordinal`` is its place in the file
    (the first child is 1), the unit a row of a statutory return is held by."""

    ordinal: int
    key: str
    birth_month: date | None
    sex: str | None
    ethnicity: str | None
    referrals: list[Referral] = field(default_factory=list)


@dataclass
class Header:
    year: str | None
    reference_date: date | None
    lea: str | None


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _text(element, tag: str) -> str | None:
    found = element.find(tag)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _parser_source(stream: BinaryIO, filename: str) -> BinaryIO:
    head = stream.read(4096)
    stream.seek(0)
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise ReturnFileError(
            filename,
            "the XML declares a DOCTYPE or entities, which a CIN census file never does",
            rule="file.xml",
        )
    if not head.strip():
        raise ReturnFileError(filename, "the file is empty", rule="file.empty")
    return stream


def _events(stream: BinaryIO, filename: str):
    return etree.iterparse(
        _parser_source(stream, filename),
        events=("end",),
        tag=("Header", "Child"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )


def read_header(path: Path) -> Header:
    """The census header alone (collection year and reference date), for the period."""
    with path.open("rb") as stream:
        try:
            for _, element in _events(stream, path.name):
                if element.tag == "Header":
                    return _header(element)
        except etree.XMLSyntaxError as exc:
            raise ReturnFileError(
                path.name, f"the XML is not well formed: {exc}", rule="file.xml"
            ) from None
    raise ReturnFileError(path.name, "the file has no CIN census Header", rule="file.xml")


def _header(element) -> Header:
    details = element.find("CollectionDetails")
    source = element.find("Source")
    return Header(
        year=None if details is None else _text(details, "Year"),
        reference_date=None if details is None else _date(_text(details, "ReferenceDate")),
        lea=None if source is None else _text(source, "LEA"),
    )


def _child(element, ordinal: int, key: bytes) -> Child:
    ids = element.find("ChildIdentifiers")
    chars = element.find("ChildCharacteristics")
    la_id = None if ids is None else _text(ids, "LAchildID")
    born = None if ids is None else _date(_text(ids, "PersonBirthDate"))
    sex = None
    if ids is not None:
        sex = _text(ids, "GenderCurrent") or _text(ids, "Sex")
    child = Child(
        ordinal=ordinal,
        # A child without an identifier is still a row: known by its place in the file.
        key=pseudonymise(la_id if la_id else f"#row{ordinal}", key),
        birth_month=None if born is None else born.replace(day=1),
        sex=sex,
        ethnicity=None if chars is None else _text(chars, "Ethnicity"),
    )
    for details in element.iterfind("CINdetails"):
        referral = Referral(
            referred=_date(_text(details, "CINreferralDate")),
            nfa=(_text(details, "ReferralNFA") or "").lower() in ("1", "true"),
            closed=_date(_text(details, "CINclosureDate")),
        )
        for a in details.iterfind("Assessments"):
            referral.assessments.append(
                Assessment(
                    _date(_text(a, "AssessmentActualStartDate")),
                    _date(_text(a, "AssessmentAuthorisationDate")),
                )
            )
        for s in details.iterfind("Section47"):
            referral.enquiries.append(
                Enquiry(_date(_text(s, "S47ActualStartDate")), _date(_text(s, "DateOfInitialCPC")))
            )
        for p in details.iterfind("ChildProtectionPlans"):
            referral.plans.append(
                Plan(
                    _date(_text(p, "CPPstartDate")),
                    _date(_text(p, "CPPendDate")),
                    _text(p, "LatestCategoryOfAbuse") or _text(p, "InitialCategoryOfAbuse"),
                    _int(_text(p, "NumberOfPreviousCPP")),
                )
            )
        child.referrals.append(referral)
    return child


def read_children(path: Path, key: bytes) -> Iterator[Child]:
    """Every child of the census in file order, pseudonymised; ``ReturnFileError`` for a
    file that is not a well-formed CIN census."""
    ordinal = 0
    with path.open("rb") as stream:
        try:
            for _, element in _events(stream, path.name):
                if element.tag == "Child":
                    ordinal += 1
                    yield _child(element, ordinal, key)
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            raise ReturnFileError(
                path.name, f"the XML is not well formed: {exc}", rule="file.xml"
            ) from None
