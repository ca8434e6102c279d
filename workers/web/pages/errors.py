"""What a page answers when it cannot show what was asked: sign in first, not allowed,
not found, or a form to correct. Pages raise these; ``register`` turns them into HTML
(the API's JSON error answers are left as they are)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response


class PageError(Exception):
    """Show an error page with ``status``, a short title and what to do."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


class SignInRequired(Exception):
    """Nobody is signed in: go to the sign-in page, then come back here."""


def not_found(what: str = "That page") -> PageError:
    return PageError(
        404,
        "Not found",
        f"{what} does not exist, or is not one your account can see.",
    )


def forbidden(message: str) -> PageError:
    return PageError(403, "Not allowed", message)


def safe_next(target: str | None) -> str:
    """A path on this site to return to after signing in; anything else goes home.

    Only ``/…`` paths are kept (never ``//host`` or ``/\\host``, which browsers read as
    another site), so the sign-in page cannot be used to send people elsewhere.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(ch in target for ch in "\r\n\\") or len(target) > 500:
        return "/"
    return target


async def sign_in_redirect(request: Request, _exc: Exception) -> Response:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = safe_next(here) if request.method == "GET" else "/"
    suffix = "" if target == "/" else f"?next={quote(target, safe='')}"
    return RedirectResponse(f"/sign-in{suffix}", status_code=303)


async def error_page(request: Request, exc: Exception) -> Response:
    from workers.web.pages.render import page

    assert isinstance(exc, PageError)
    return page(
        request,
        "error.html",
        {"title": exc.title, "message": exc.message, "status": exc.status},
        status=exc.status,
    )
