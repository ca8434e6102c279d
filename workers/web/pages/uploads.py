"""The upload page's reading of a form: the shared size-limited reader
(``workers.web.upload_reader``), with refusals worded for the page. The form's text fields
(the CSRF token among them) come back beside the file.
"""

from __future__ import annotations

from starlette.requests import Request

from workers.web.upload_reader import UploadForm, UploadProblem, read_form

__all__ = ["UploadForm", "UploadRefused", "read_upload", "too_large"]


class UploadRefused(Exception):
    """The upload cannot be read; ``message`` says why in the agency's words."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def too_large(limit: int) -> UploadRefused:
    return UploadRefused(
        413,
        f"The file is larger than the {limit:,} bytes the hub accepts. Split the return, or "
        "ask the hub's administrator about the limit.",
    )


async def read_upload(request: Request, limit: int) -> UploadForm:
    """The form's fields and its one file (field ``file``), or ``UploadRefused``."""
    try:
        return await read_form(request, limit)
    except UploadProblem as problem:
        if problem.kind == "not_multipart":
            raise UploadRefused(415, "The upload must be sent from the page's form.") from None
        if problem.kind == "too_large":
            raise too_large(limit) from None
        if problem.kind == "unreadable":
            raise UploadRefused(400, f"The upload could not be read ({problem.detail}).") from None
        raise UploadRefused(400, "The upload stopped before the end; try again.") from None
