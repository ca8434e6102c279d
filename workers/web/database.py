"""The database session of one request: every page and API handler takes ``Db`` rather
than opening a session on the app's engine itself.

FastAPI opens the session before the handler runs and closes it once the response is
made, so a page renders from live objects and a handler cannot forget to close it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session
from starlette.requests import Request

from workers.warehouse.db import session_scope


def request_session(request: Request) -> Iterator[Session]:
    """A session on the app's engine (``app.state.engine``) for this request."""
    with session_scope(request.app.state.engine) as session:
        yield session


Db = Annotated[Session, Depends(request_session)]
