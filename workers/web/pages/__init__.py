"""The hub's web pages: sign-in, the returns calendar, the review queue, submission pages
with the steward's decisions, the agency's own page (upload, templates) and the QEG packs.

Server-rendered (Jinja2, ``templates/web``), with one small stylesheet and one small
script served from ``/static``. Every page asks ``workers.accounts`` whether the signed-in
person may see it; every form carries a CSRF token. ``register(app)`` adds it all to the
FastAPI app built by ``workers.web.app.create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from workers.accounts.throttle import Policy, Throttle
from workers.web.pages.config import STATIC_DIR, web_config
from workers.web.pages.errors import PageError, SignInRequired, error_page, sign_in_redirect
from workers.web.pages.render import make_environment
from workers.web.pages.session import SessionCookieMiddleware


def register(app: FastAPI) -> None:
    """Add the pages, their session cookie, templates and static files to ``app``.

    Calling it again on the same app changes nothing (tests wire apps either way)."""
    from workers.web.pages import (
        actions,
        agency,
        agency_return,
        auth,
        packs,
        queue,
        returns,
        submission,
    )

    if getattr(app.state, "pages_registered", False):
        return
    app.state.pages_registered = True
    config = web_config(app.state.settings)
    app.state.web_config = config
    app.state.signin_throttle = Throttle(config.secret_key.encode(), Policy.from_settings())
    app.state.page_templates = make_environment(config)
    app.add_middleware(SessionCookieMiddleware, config=config)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (auth, returns, queue, submission, actions, agency, agency_return, packs):
        app.include_router(module.router)
    app.add_exception_handler(PageError, error_page)
    app.add_exception_handler(SignInRequired, sign_in_redirect)
