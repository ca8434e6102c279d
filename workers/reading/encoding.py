"""Text encodings of delimited returns: UTF-8 (with or without a BOM), or Windows-1252 as
Excel's plain "CSV" export writes it; everything else is refused with the row it breaks."""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from typing import BinaryIO

from workers.errors import ReturnFileError

CHUNK = 1 << 20
#: A valid UTF-8 sequence of two or more bytes: its presence beside bytes that are not
#: UTF-8 means the file mixes encodings (pasted from two systems), not plain Windows-1252.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
BOM = b"\xef\xbb\xbf"


@dataclass
class Survey:
    """What one pass over a delimited file found, before any row is read."""

    utf8: bool = True
    quotes: bool = False  # any double quote at all
    quote_inside: bool = False  # a quote with text on both sides
    quote_count: int = 0  # odd: a quote opened and never closed
    longest_line: int = 0  # bytes, the line end included
    uneven_lines: bool = False  # a line without quotes with the wrong number of commas
    size: int = 0


def check_binary(head: bytes, filename: str) -> None:
    nul = head.find(b"\x00")
    if nul < 0:
        return
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    raise ReturnFileError(
        filename,
        "the file is UTF-16 text (Excel's 'Unicode Text'), not a CSV the hub reads; "
        "save it as 'CSV UTF-8' from Excel"
        if utf16
        else "the file contains NUL bytes: it is binary or UTF-16, not a CSV text "
        "file; save it as 'CSV UTF-8' from Excel",
        row=1 if utf16 else head[:nul].count(b"\n") + 1,
        rule="file.encoding",
    )


def _commas_per_line(lines: bytes, commas: int) -> bool:
    """Whether every line of ``lines`` (complete lines, without quotes) has ``commas``
    commas, or none at all (a blank line)."""
    import numpy as np

    data = np.frombuffer(lines, dtype=np.uint8)
    ends = np.flatnonzero(data == 10)
    if not len(ends):
        return True
    per_line = np.diff(np.cumsum(data == 44)[ends], prepend=0)
    return bool(((per_line == commas) | (per_line == 0)).all())


def _longest_line(data: bytes) -> int:
    import numpy as np

    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    if not len(ends):
        return len(data)
    return int(max(ends[0] + 1, np.diff(ends).max(initial=0), len(data) - ends[-1] - 1))


def _quote_inside(data: bytes) -> bool:
    """Whether a double quote has text on both sides (``"x"y``, ``a""b``): quoting only the
    strict reader judges exactly; Arrow's would read ``"x"y`` as ``xy``. Looked at quote by
    quote with numpy: a regular expression tries every byte of the file."""
    import numpy as np

    bytes_ = np.frombuffer(data, dtype=np.uint8)
    at = np.flatnonzero(bytes_[1:-1] == 34) + 1
    if not len(at):
        return False
    before, after = bytes_[at - 1], bytes_[at + 1]
    ends = np.array([44, 13, 10], dtype=np.uint8)
    inside = ~np.isin(before, ends) & ~np.isin(after, np.append(ends, 34))
    return bool(inside.any())


def survey(stream: BinaryIO, filename: str, columns: int) -> Survey:
    """One pass over the bytes: UTF-8 or not, and how the quoting looks (which tells
    whether the fast reader numbers every row as the strict one would)."""
    found = Survey()
    decoder = codecs.getincrementaldecoder("utf-8")()
    tail = b""
    first = True
    while chunk := stream.read(CHUNK):
        if first:
            check_binary(chunk[:65536], filename)
            first = False
        found.size += len(chunk)
        if found.utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                found.utf8 = False
        joined = tail + chunk
        found.longest_line = max(found.longest_line, _longest_line(joined))
        cut = joined.rfind(b"\n") + 1
        complete, tail = joined[:cut], joined[cut:]
        if len(tail) > CHUNK:  # a line that does not end: judged by the readers
            tail = tail[-2:]
        found.quote_count += chunk.count(b'"')
        if b'"' in joined:
            found.quotes = True
            found.quote_inside = found.quote_inside or _quote_inside(joined)
        elif not found.uneven_lines and not _commas_per_line(complete, columns - 1):
            found.uneven_lines = True
    if tail and b'"' not in tail and not _commas_per_line(tail + b"\n", columns - 1):
        found.uneven_lines = True
    if found.utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            found.utf8 = False
    return found


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel's "CSV" export writes it."""
    check_binary(data[:65536], filename)
    if data.startswith(BOM):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            # Part UTF-8, part not: read as Windows-1252 it would load garbled text.
            line = data[: exc.start].count(b"\n") + 1
            raise ReturnFileError(
                filename,
                f"the file mixes text encodings: most of it is UTF-8, but byte "
                f"0x{data[exc.start]:02X} is not (text pasted from another system?); "
                "save the whole file as 'CSV UTF-8'",
                row=line,
                rule="file.encoding",
            ) from None
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReturnFileError(
            filename,
            f"byte 0x{data[exc.start]:02X} is neither UTF-8 nor Windows-1252 text; "
            "save the file as 'CSV UTF-8'",
            row=line,
            rule="file.encoding",
        ) from None


def as_utf8(stream: BinaryIO, filename: str) -> BinaryIO:
    """A Windows-1252 file as UTF-8 bytes (in memory: such files are small Excel
    exports, and the size of any upload is bounded at the door)."""
    stream.seek(0)
    text, _ = decode_text(stream.read(), filename)
    return io.BytesIO(text.encode("utf-8"))
