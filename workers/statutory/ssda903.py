"""Reading an SSDA903 return: its CSV tables, delivered together as a ZIP (or a folder the
command line zips), into looked-after children with their episodes and missing episodes.

Each CSV is known by its header (as Data to Insight's validator knows it): Header,
Episodes, Reviews, UASC, OC2, OC3, AD1, PlacedAdoption, PrevPerm, Missing, SWEpisodes.
``CHILD`` becomes its keyed hash as the tables are read; the UPN and the mother's details
are never kept; dates of birth are kept to the month.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from workers.errors import ReturnFileError
from workers.pseudonymise import pseudonymise

#: The tables' columns (the DfE's SSDA903 specification, as the validator reads them).
TABLES = {
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "Episodes": [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ],
    "Reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC"],
    "OC2": [
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "AD1": [
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ],
    "PlacedAdoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "PrevPerm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "Missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "SWEpisodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
}
#: What a ZIP may hold before it is refused unopened (a delivery is a dozen small CSVs).
MAX_MEMBERS = 40
MAX_UNPACKED_BYTES = 512 << 20


@dataclass
class Episode:
    start: date | None
    end: date | None
    reason_new: str | None


@dataclass
class LookedAfterChild:
    ordinal: int
    key: str
    birth_month: date | None
    sex: str | None
    ethnicity: str | None
    episodes: list[Episode] = field(default_factory=list)
    missing: list[date] = field(default_factory=list)


@dataclass
class Tables:
    """The return's CSVs by table name: their text, and each file's name as sent."""

    text: dict[str, str]
    names: dict[str, str]


def parse_date(text: str | None) -> date | None:
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _table_of(header: list[str]) -> str | None:
    names = {h.strip().upper() for h in header}
    for table, columns in TABLES.items():
        if names == set(columns):
            return table
    return None


def read_tables(path: Path, filename: str) -> Tables:
    """The CSV tables of a ZIP; ``ReturnFileError`` for anything else, a table twice, a
    CSV that is none of the tables, or no Header and Episodes."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ReturnFileError(
            filename, "an SSDA903 return is a ZIP of its CSV tables", rule="file.format"
        ) from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise ReturnFileError(
                filename, "the ZIP holds more than an SSDA903 return", rule="file.size"
            )
        text: dict[str, str] = {}
        names: dict[str, str] = {}
        for member in members:
            if not member.filename.lower().endswith(".csv"):
                continue
            raw = archive.read(member)
            try:
                body = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ReturnFileError(
                    filename, f"{member.filename} is not UTF-8 text", rule="file.encoding"
                ) from None
            header = next(csv.reader(io.StringIO(body)), [])
            table = _table_of(header)
            if table is None:
                raise ReturnFileError(
                    filename,
                    f"{member.filename}: its columns ({', '.join(header)[:200]}) are none of "
                    "the SSDA903 tables",
                    rule="file.header",
                )
            if table in text:
                raise ReturnFileError(
                    filename, f"the {table} table is sent twice", rule="file.header"
                )
            text[table], names[table] = body, member.filename
    for needed in ("Header", "Episodes"):
        if needed not in text:
            raise ReturnFileError(filename, f"the {needed} table is missing", rule="file.header")
    return Tables(text, names)


def rows(tables: Tables, table: str) -> Iterator[dict[str, str]]:
    if table not in tables.text:
        return
    reader = csv.DictReader(io.StringIO(tables.text[table]))
    for row in reader:
        yield {k.strip().upper(): (v or "").strip() for k, v in row.items() if k}


def read_children(tables: Tables, key: bytes) -> list[LookedAfterChild]:
    """The children of the Header table in its order, then any only the other tables name."""
    children: dict[str, LookedAfterChild] = {}

    def child(raw: str) -> LookedAfterChild:
        if raw not in children:
            children[raw] = LookedAfterChild(
                len(children) + 1, pseudonymise(raw, key), None, None, None
            )
        return children[raw]

    for row in rows(tables, "Header"):
        c = child(row["CHILD"])
        born = parse_date(row.get("DOB"))
        c.birth_month = None if born is None else born.replace(day=1)
        c.sex, c.ethnicity = row.get("SEX") or None, row.get("ETHNIC") or None
    for row in rows(tables, "Episodes"):
        child(row["CHILD"]).episodes.append(
            Episode(parse_date(row.get("DECOM")), parse_date(row.get("DEC")), row.get("RNE"))
        )
    for row in rows(tables, "Missing"):
        c = child(row["CHILD"])
        start = parse_date(row.get("MIS_START"))
        if start is not None and (row.get("MISSING") or "").upper() == "M":
            c.missing.append(start)
    return list(children.values())


def zip_folder(folder: Path) -> bytes:
    """A folder's CSVs as one ZIP (the command line's ``DIR``), byte-identical each time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.csv")):
            info = zipfile.ZipInfo(path.name, date_time=(2000, 1, 1, 0, 0, 0))
            archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
