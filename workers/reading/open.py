"""Which reader takes a file: by its name, else by its first bytes."""

from __future__ import annotations

from pathlib import PurePath

from workers.contracts.model import FeedContract
from workers.errors import ReturnFileError
from workers.reading.batch import Limits, Opener, ReturnReader


def detect_format(filename: str, head: bytes = b"") -> str:
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    if suffix in ("csv", "txt"):
        return "csv"
    if suffix in ("xlsx", "xlsm"):
        return "xlsx"
    if suffix == "json":
        return "json"
    if head[:4] == b"PK\x03\x04":
        return "xlsx"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def open_return(
    contract: FeedContract, opener: Opener, filename: str, limits: Limits | None = None
) -> ReturnReader:
    """A reader for the return, its header matched to the contract; raises
    ``ReturnFileError`` naming what is wrong when the file cannot be read as a return."""
    with opener() as stream:
        head = stream.read(4096)
    fmt = detect_format(filename, head)
    if fmt not in contract.formats:
        raise ReturnFileError(
            filename,
            f"{fmt.upper()} is not accepted for {contract.id}; "
            f"send {', '.join(f.upper() for f in contract.formats)}",
            rule="file.format",
        )
    if not head.strip():
        raise ReturnFileError(filename, "the file is empty", rule="file.empty")
    limits = limits or Limits.of(contract)
    if fmt == "xlsx":
        from workers.reading.workbook import WorkbookReader

        return WorkbookReader(contract, filename, opener, limits)
    if fmt == "json":
        from workers.reading.records import RecordsReader

        return RecordsReader(contract, filename, opener, limits)
    from workers.reading.delimited import DelimitedReader

    return DelimitedReader(contract, filename, opener, limits)
