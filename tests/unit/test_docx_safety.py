"""A returned pack is checked before anything parses it: an entity bomb or an external
entity (XXE) in any XML part, or a part that unpacks past the bound, is refused with a
message naming the file and the part, and ``sdh packs import-commentary`` prints that
message, not a traceback (issue 16, item 7)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.unit.test_pack_render import example_single_pack
from workers.packs import docx_safety
from workers.packs.docx_import import CommentaryImportError, read_pack
from workers.packs.render import render_single

PROJECT_ROOT = Path(__file__).resolve().parents[2]

BOMB = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
 xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">
<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="SDH.agency">
<vt:lpwstr>&lol9;</vt:lpwstr></property></Properties>"""

XXE = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
 xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">
<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="SDH.agency">
<vt:lpwstr>&secret;</vt:lpwstr></property></Properties>"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    return render_single(example_single_pack(), tmp_path_factory.mktemp("pack"))[0]


def _with_part(pack: Path, out: Path, part: str, blob: bytes) -> Path:
    """A copy of the pack with one part's bytes replaced (or added)."""
    with zipfile.ZipFile(pack) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info))
        dst.writestr(part, blob)
    return out


@pytest.mark.parametrize(
    ("part", "blob"),
    [
        ("docProps/custom.xml", BOMB),
        ("docProps/custom.xml", XXE),
        ("word/document.xml", XXE),
        ("[Content_Types].xml", BOMB),
        ("docProps/custom.xml", XXE.replace(b"UTF-8", b"UTF-16").decode().encode("utf-16")),
    ],
    ids=[
        "entity bomb in custom.xml",
        "XXE in custom.xml",
        "XXE in document",
        "bomb in types",
        "XXE in UTF-16",
    ],
)
def test_a_doctype_in_any_part_is_refused_by_name(pack, tmp_path, part, blob):
    hostile = _with_part(pack, tmp_path / "hostile.docx", part, blob)
    with pytest.raises(CommentaryImportError) as refused:
        read_pack(hostile)
    message = str(refused.value)
    assert message.startswith("hostile.docx: refused.")
    assert part in message and "document type declaration" in message
    assert "root:" not in message  # nothing of /etc/passwd was read


def test_a_part_that_unpacks_past_the_bound_is_refused(pack, tmp_path, monkeypatch):
    monkeypatch.setattr(docx_safety, "MAX_PART_BYTES", 1024 * 1024)
    zeros = b"<a>" + b" " * (3 * 1024 * 1024) + b"</a>"  # 3 MB, compresses to a few kB
    hostile = _with_part(pack, tmp_path / "big.docx", "customXml/item9.xml", zeros)
    assert hostile.stat().st_size < 200_000
    with pytest.raises(CommentaryImportError, match=r"customXml/item9\.xml unpacks to more than"):
        read_pack(hostile)


def test_a_file_too_large_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_safety, "MAX_FILE_BYTES", 10)
    big = tmp_path / "big.docx"
    big.write_bytes(b"PK" + b"x" * 100)
    with pytest.raises(CommentaryImportError, match="is more than the 10 a pack may be"):
        read_pack(big)


def test_malformed_xml_is_refused_not_a_traceback(pack, tmp_path):
    broken = _with_part(pack, tmp_path / "broken.docx", "docProps/core.xml", b"<cp:core><oops")
    with pytest.raises(CommentaryImportError, match=r"docProps/core\.xml is not well-formed"):
        read_pack(broken)


def test_the_command_refuses_an_entity_bomb_with_a_message(pack, tmp_path):
    """The real ``sdh`` entry point, in a process of its own, as an operator runs it."""
    hostile = _with_part(pack, tmp_path / "filled.docx", "docProps/custom.xml", BOMB)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from workers.cli import run; run()",
            "packs",
            "import-commentary",
            str(hostile),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
        env={"PATH": "/usr/bin:/bin", "SDH_DATA_DIR": str(tmp_path / "sdh"), "COLUMNS": "200"},
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "error: filled.docx: refused." in done.stderr
    assert "docProps/custom.xml" in done.stderr
