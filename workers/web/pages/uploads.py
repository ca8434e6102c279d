"""Reading an upload form without ever holding more than the hub accepts.

The multipart body is parsed as it arrives and cut off once it passes
``SDH_MAX_UPLOAD_BYTES`` (plus room for the form's other fields), as the intake API does,
so an oversized or endless upload fills neither memory nor disk. The form's text fields
(the CSRF token among them) come back beside the file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect, Request

READ_CHUNK = 64 * 1024
#: Boundaries, part headers and the small fields, on top of the file itself.
FORM_OVERHEAD = 16 * 1024


class UploadRefused(Exception):
    """The upload cannot be read; ``message`` says why in the agency's words."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class UploadForm:
    fields: dict[str, str] = field(default_factory=dict)
    data: bytes = b""
    filename: str = ""

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()


class _TooLarge(Exception):
    pass


def too_large(limit: int) -> UploadRefused:
    return UploadRefused(
        413,
        f"The file is larger than the {limit:,} bytes the hub accepts. Split the return, or "
        "ask the hub's administrator about the limit.",
    )


async def read_upload(request: Request, limit: int) -> UploadForm:
    """The form's fields and its one file (field ``file``), or ``UploadRefused``."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise UploadRefused(415, "The upload must be sent from the page's form.")
    body_limit = limit + FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > body_limit:
        raise too_large(limit)

    async def limited() -> AsyncIterator[bytes]:
        seen = 0
        async for chunk in request.stream():
            seen += len(chunk)
            if seen > body_limit:
                raise _TooLarge
            yield chunk

    parser = MultiPartParser(request.headers, limited(), max_files=1, max_fields=8)
    try:
        form = await parser.parse()
    except _TooLarge:
        raise too_large(limit) from None
    except MultiPartException as exc:
        raise UploadRefused(400, f"The upload could not be read ({exc.message}).") from None
    except ClientDisconnect:
        raise UploadRefused(400, "The upload stopped before the end; try again.") from None
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
                        raise too_large(limit)
                result.data, result.filename = bytes(data), value.filename or ""
            else:
                result.fields[key] = value
        return result
    finally:
        await form.close()
