"""One logging set-up for every process, and the ids of the return a line is about.

A log line about a return is only useful if it can be found again by the return: so the
submission id (and contract, agency and period where known) travel in a context variable
that the actors and intake set, and every handler installed here copies them into the
record as fields. Context variables rather than thread-locals because the same code runs
in dramatiq worker threads, in FastAPI's thread pool and in plain CLI calls.

``SDH_LOG_FORMAT=json`` writes one JSON object a line (python-json-logger) for a log
collector; ``text`` (the default) writes ``key=value`` pairs after the message.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import IO, Any

#: The fields that identify a return in a log line, in the order text lines show them.
RETURN_FIELDS = ("submission_id", "contract", "agency", "period")

_context: ContextVar[dict[str, Any]] = ContextVar("sdh_log_context", default={})  # noqa: B039 - never mutated

#: Attributes every LogRecord has; anything else on a record is a field someone added.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}
_OURS = "_sdh_handler"


def enter_context(**fields: Any) -> Token:
    """Add fields to the context; give the token to :func:`exit_context` to undo it."""
    clean = {k: v for k, v in fields.items() if v is not None}
    return _context.set({**_context.get(), **clean})


def exit_context(token: Token) -> None:
    _context.reset(token)


def bind(**fields: Any) -> None:
    """Add fields for the rest of the current scope (the enclosing ``log_context`` or
    message ends it); for ids learnt half-way, such as a new submission's."""
    enter_context(**fields)


@contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    token = enter_context(**fields)
    try:
        yield
    finally:
        exit_context(token)


def submission_fields(submission: Any) -> dict[str, Any]:
    """The log fields of a Submission row (or anything with the same attributes)."""
    fields = {
        "submission_id": getattr(submission, "id", None),
        "contract": getattr(submission, "contract_id", None),
        "agency": getattr(submission, "agency_id", None),
        "period": getattr(submission, "period_label", None),
    }
    # A field not known yet (a pushed return's period before its file is read) is left
    # out rather than written as null, as the context leaves it out.
    return {k: v for k, v in fields.items() if v is not None}


class ContextFilter(logging.Filter):
    """Copy the context's fields into each record; a field passed with ``extra`` wins."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in _context.get().items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class LevelFilter(logging.Filter):
    """Hold every library to the level asked for: some (Great Expectations) set their own
    loggers to INFO, and their lines then reached a command's output under WARNING."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level or record.name.partition(".")[0] == "workers"


def record_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The non-standard fields of a record: the context and any ``extra``."""
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD and k[0] != "_"}


class TextFormatter(logging.Formatter):
    """The usual one-line format, then the fields as ``key=value`` (return ids first)."""

    def __init__(self, role: str) -> None:
        super().__init__(f"%(asctime)s %(levelname)s {role} %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = record_fields(record)
        if not fields:
            return line
        order = [k for k in RETURN_FIELDS if k in fields] + sorted(
            k for k in fields if k not in RETURN_FIELDS
        )
        pairs = " ".join(f"{k}={fields[k]}" for k in order)
        head, sep, rest = line.partition("\n")  # keep a traceback below the fields
        return f"{head} [{pairs}]{sep}{rest}"


def json_formatter(role: str) -> logging.Formatter:
    from pythonjsonlogger.core import RESERVED_ATTRS
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s",
        reserved_attrs=[*RESERVED_ATTRS, "color_message"],  # uvicorn's copy with ANSI codes
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        static_fields={"service": role},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
    )


def configure_logging(
    role: str,
    *,
    default_level: str = "INFO",
    log_format: str | None = None,
    level: str | None = None,
    stream: IO[str] | None = None,
    replace: bool = False,
) -> logging.Handler:
    """Install the hub's handler on the root logger (once: calling again swaps it).

    ``role`` names the process in every line (worker, scheduler, web, cli). Handlers
    someone else installed (pytest's capture, say) are left alone unless ``replace``,
    which the worker uses to drop dramatiq's own plain-text handler.
    """
    from workers.settings import get_settings

    settings = get_settings()
    log_format = log_format or settings.log_format
    level_name = (level or settings.log_level or default_level).upper()
    handler = logging.StreamHandler(stream or sys.stderr)
    setattr(handler, _OURS, True)
    handler.addFilter(ContextFilter())
    handler.setFormatter(json_formatter(role) if log_format == "json" else TextFormatter(role))
    root = logging.getLogger()
    for old in list(root.handlers):
        if replace or getattr(old, _OURS, False):
            root.removeHandler(old)
    root.setLevel(level_name)
    handler.addFilter(LevelFilter(root.level))
    root.addHandler(handler)
    logging.captureWarnings(True)  # a warning printed raw would break a JSON stream
    route_uvicorn_logs()
    return handler


def route_uvicorn_logs() -> None:
    """Send uvicorn's lines through the hub's handler, if it is installed.

    ``uvicorn.run`` gives its loggers handlers of their own after the CLI set logging up;
    the app factory calls this so that the web app's lines share the format. Without the
    hub's handler (tests, an app mounted elsewhere) uvicorn's set-up is left alone.
    """
    if not any(getattr(h, _OURS, False) for h in logging.getLogger().handlers):
        return
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
