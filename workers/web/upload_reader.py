"""Reading a multipart upload without ever holding more than the hub accepts.

The body is parsed as it arrives and cut off once it passes the limit (plus room for the
form's other fields), so an oversized or endless upload fills neither memory nor disk; a
Content-Length above the limit is refused before a byte is read. When the app has a
landing store the file is written into it a chunk at a time (``StagedFile``), never held
whole in memory; intake then keeps it under its hash or throws it away.
The intake API and the agency's upload page share this reader and each say in their own
words what went wrong (:class:`UploadProblem`).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Literal

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect, Request

from workers.sources.landing import LandingStore, StagedFile

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
    """The form's text fields and its one file (the field named ``file``): in ``staged``
    (on the landing store's disk) when the app has a store, else in ``data``."""

    fields: dict[str, str] = field(default_factory=dict)
    data: bytes = b""
    filename: str = ""
    has_file: bool = False
    staged: StagedFile | None = None

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()

    @property
    def size(self) -> int:
        return self.staged.size if self.staged is not None else len(self.data)

    @property
    def content(self) -> bytes | StagedFile:
        """What intake takes: the staged file, or the bytes."""
        return self.staged if self.staged is not None else self.data

    def discard(self) -> None:
        """Remove the staged file unless intake kept it (call when the request ends)."""
        if self.staged is not None:
            self.staged.discard()


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

    async def limited() -> AsyncGenerator[bytes, None]:
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
    store: LandingStore | None = getattr(request.app.state, "store", None)
    result = UploadForm()
    try:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key != "file" or result.has_file:
                    continue
                result.filename, result.has_file = value.filename or "", True
                if store is None:
                    result.data = await _read_all(value, limit)
                else:
                    result.staged = await run_in_threadpool(store.stage)
                    await _copy(value, result.staged, limit)
            else:
                result.fields[key] = value
        return result
    except BaseException:
        result.discard()
        raise
    finally:
        await form.close()


async def _read_all(upload: UploadFile, limit: int) -> bytes:
    data = bytearray()
    while chunk := await upload.read(READ_CHUNK):
        data += chunk
        if len(data) > limit:
            raise UploadProblem("too_large")
    return bytes(data)


async def _copy(upload: UploadFile, staged: StagedFile, limit: int) -> None:
    """The uploaded part into the staged file, a chunk at a time (disk work off the loop)."""
    while chunk := await upload.read(READ_CHUNK):
        if staged.size + len(chunk) > limit:
            raise UploadProblem("too_large")
        await run_in_threadpool(staged.write, chunk)
    await run_in_threadpool(staged.close)
