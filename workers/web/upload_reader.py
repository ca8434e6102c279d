"""Reading a multipart upload without ever holding more than the hub accepts.

The body is parsed as it arrives and cut off once it passes the limit (plus room for the
form's other fields), so an oversized or endless upload fills neither memory nor disk.
The intake API and the agency's upload page share this reader and each say in their own
words what went wrong (:class:`UploadProblem`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Literal

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect, Request

READ_CHUNK = 64 * 1024
#: Boundaries, part headers and the small fields, on top of the file itself.
FORM_OVERHEAD = 16 * 1024


class UploadProblem(Exception):
    """Why an upload could not be read; ``detail`` is the parser's own words, if any."""

    def __init__(
        self,
        kind: Literal["not_multipart", "too_large", "unreadable", "interrupted"],
        detail: str = "",
    ) -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


@dataclass
class UploadForm:
    """The form's text fields and its one file (the field named ``file``)."""

    fields: dict[str, str] = field(default_factory=dict)
    data: bytes = b""
    filename: str = ""
    has_file: bool = False

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()


class _Cut(Exception):
    pass


async def read_form(request: Request, limit: int) -> UploadForm:
    """Parse the upload; raises :class:`UploadProblem` rather than read past ``limit``."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise UploadProblem("not_multipart")
    body_limit = limit + FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > body_limit:
        raise UploadProblem("too_large")

    async def limited() -> AsyncIterator[bytes]:
        seen = 0
        async for chunk in request.stream():
            seen += len(chunk)
            if seen > body_limit:
                raise _Cut
            yield chunk

    parser = MultiPartParser(request.headers, limited(), max_files=1, max_fields=8)
    try:
        form = await parser.parse()
    except _Cut:
        raise UploadProblem("too_large") from None
    except MultiPartException as exc:
        raise UploadProblem("unreadable", exc.message) from None
    except ClientDisconnect:
        raise UploadProblem("interrupted") from None
    try:
        result = UploadForm()
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key != "file":
                    continue
                data = bytearray()
                while chunk := await value.read(READ_CHUNK):
                    data += chunk
                    if len(data) > limit:
                        raise UploadProblem("too_large")
                result.data, result.filename, result.has_file = (
                    bytes(data),
                    value.filename or "",
                    True,
                )
            else:
                result.fields[key] = value
        return result
    finally:
        await form.close()
