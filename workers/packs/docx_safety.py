"""Open a returned Word file only after checking it cannot hurt the reader.

A .docx is a ZIP of XML parts, and it comes from outside the hub. Before python-docx (or
anything else) reads it:

- the ZIP itself and every part, unpacked, must stay under a size bound, measured while
  unpacking (the sizes a ZIP declares can lie), so a ZIP bomb stops at the bound;
- every XML part must be well-formed and carry no document type declaration. Word and
  LibreOffice never write one; a DOCTYPE is how an entity bomb ("billion laughs") or an
  external entity (XXE: ``<!ENTITY x SYSTEM "file:///etc/passwd">``) gets in. Parts are
  parsed with entities left unresolved and no network, so the check itself is safe.

A refusal is a ``CommentaryImportError`` naming the file, the part and what is wrong.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from workers.errors import SdhError

#: The largest .docx accepted (a pack with its charts is a few hundred kB).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: The most one part may unpack to, and all of them together.
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024


class CommentaryImportError(SdhError):
    """A returned commentary pack cannot be read back safely; the message says what is
    missing and what the agency or steward can do about it."""


def safe_parser() -> etree.XMLParser:
    """An XML parser that never expands an entity, loads a DTD or reaches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _declares(blob: bytes) -> bool:
    """Whether the part holds a document type or entity declaration, in whatever encoding
    it is written (found before parsing: libxml2 gives up on a bomb with a parse error,
    which would hide what the file is)."""
    if blob[:2] in (b"\xff\xfe", b"\xfe\xff") or blob[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        encoding = "utf-16-be" if blob[:1] == b"\x00" or blob[:2] == b"\xfe\xff" else "utf-16-le"
        blob = blob.decode(encoding, errors="ignore").encode("utf-8")
    return _DECLARATION.search(blob) is not None


def _refuse_declaration(name: str, part: str) -> CommentaryImportError:
    return CommentaryImportError(
        f"{name}: refused. Its part {part} carries a document type declaration "
        "(<!DOCTYPE …>), which Word never writes and which can hide an entity bomb "
        "or a reference to files on the hub's server. Save the pack again from Word "
        "(File > Save As > Word Document) and send that."
    )


def parse_part(blob: bytes, name: str = "document", part: str = "part") -> etree._Element:
    """The root of an XML part, refusing a DOCTYPE or XML that does not parse."""
    if _declares(blob):
        raise _refuse_declaration(name, part)
    try:
        root = etree.fromstring(blob, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise CommentaryImportError(
            f"{name}: its part {part} is not well-formed XML ({exc}). The file is damaged "
            "or was not saved by Word: save the pack again from Word and send that."
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise _refuse_declaration(name, part)
    return root


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, left: int, name: str) -> bytes:
    limit = min(MAX_PART_BYTES, left)
    out = bytearray()
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            out += chunk
            if len(out) > limit:
                raise CommentaryImportError(
                    f"{name}: refused. Its part {info.filename} unpacks to more than "
                    f"{limit // (1024 * 1024)} MB (a pack is a few hundred kB): the file "
                    "may be a ZIP bomb. Send the pack the hub sent, filled in."
                )
    return bytes(out)


def check_package(path: Path, name: str | None = None) -> None:
    """Refuse a file that is too big, not a ZIP, unpacks too far or carries a DTD."""
    name = name or path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise CommentaryImportError(
            f"{name}: refused, {size:,} bytes is more than the {MAX_FILE_BYTES:,} a pack "
            "may be. Send the pack the hub sent, filled in, without pasted images."
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CommentaryImportError(
            f"{name}: not a Word .docx file the hub can read ({exc}). Save it from "
            "Word as 'Word Document (*.docx)' and import it again."
        ) from None
    left = MAX_UNPACKED_BYTES
    with archive:
        try:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                blob = _read_bounded(archive, info, left, name)
                left -= len(blob)
                if info.filename.endswith((".xml", ".rels")):
                    parse_part(blob, name, info.filename)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
            raise CommentaryImportError(
                f"{name}: the file is damaged ({exc}). Save it again from Word and send that."
            ) from None
        except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
            raise CommentaryImportError(
                f"{name}: cannot be read ({exc}). Remove any password (File > Info > "
                "Protect Document) and save it as a Word Document."
            ) from None
