"""The logging set-up: JSON or text, and the return's ids on every line about it,
whether they come from the actor's context, intake's ``extra`` or a nested scope."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator

import pytest

from tests.conftest import receive_push
from workers.logs import bind, configure_logging, log_context


@pytest.fixture
def captured() -> Iterator[Callable[[str], io.StringIO]]:
    """The hub's handler writing to a buffer; removed afterwards (pytest's own stay)."""
    streams: list[tuple[io.StringIO, logging.Handler]] = []

    def install(log_format: str) -> io.StringIO:
        stream = io.StringIO()
        streams.append((stream, configure_logging("test", log_format=log_format, stream=stream)))
        return stream

    root = logging.getLogger()
    level, foreign = root.level, list(root.handlers)
    yield install
    for _, handler in streams:
        root.removeHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(False)
    assert list(root.handlers) == foreign


def test_json_lines_carry_the_context_and_extra_fields(captured):
    stream = captured("json")
    log = logging.getLogger("workers.test")
    with log_context(submission_id=42, contract="la-csc-activity"):
        log.info("validating")
        bind(period="2020-04")
        log.warning("a query", extra={"rule": "contacts.range"})
    log.info("after")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert records[0]["message"] == "validating"
    assert records[0]["submission_id"] == 42 and records[0]["contract"] == "la-csc-activity"
    assert records[0]["level"] == "INFO" and records[0]["service"] == "test"
    assert records[0]["logger"] == "workers.test" and records[0]["time"]
    assert records[1]["period"] == "2020-04" and records[1]["rule"] == "contacts.range"
    assert "submission_id" not in records[2]  # the scope ended
    assert "ValueError: boom" in records[3]["exc_info"]


def test_text_lines_end_with_the_fields(captured):
    stream = captured("text")
    with log_context(submission_id=7, agency="peterborough-cc"):
        logging.getLogger("workers.test").info("loaded")
    line = stream.getvalue().strip()
    assert line.endswith("loaded [submission_id=7 agency=peterborough-cc]")
    assert " INFO test workers.test: " in line


def test_intake_logs_a_received_return_with_its_ids(captured, warehouse, activity):
    stream = captured("json")
    sid = receive_push(activity, period="2020-04")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    received = next(r for r in records if r["message"].startswith("received via push"))
    assert received["submission_id"] == sid
    assert (received["contract"], received["agency"], received["period"]) == (
        "la-csc-activity",
        "cambridgeshire-cc",
        "2020-04",
    )


def test_level_comes_from_the_settings(captured, monkeypatch):
    monkeypatch.setenv("SDH_LOG_LEVEL", "warning")
    stream = captured("text")
    logging.getLogger("workers.test").info("hidden")
    logging.getLogger("workers.test").warning("shown")
    assert "hidden" not in stream.getvalue() and "shown" in stream.getvalue()


def test_a_pushed_return_without_a_period_is_logged_without_a_null_period(
    captured, warehouse, activity
):
    stream = captured("json")
    sid = receive_push(activity)
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    received = next(r for r in records if r["message"].startswith("received via push"))
    assert received["submission_id"] == sid
    assert "period" not in received, received  # not known yet: absent, never null


def test_a_library_that_lowers_its_own_level_is_still_held_to_the_one_asked_for(
    captured, monkeypatch
):
    """Great Expectations sets its loggers to INFO; under WARNING its lines stay out."""
    monkeypatch.setenv("SDH_LOG_LEVEL", "warning")
    library = logging.getLogger("great_expectations.data_context.types.base")
    monkeypatch.setattr(library, "level", logging.INFO)
    stream = captured("text")
    library.info("Created temporary directory for ephemeral docs site")
    library.warning("a library warning")
    logging.getLogger("workers.test").warning("the hub's own")
    printed = stream.getvalue()
    assert "ephemeral docs site" not in printed
    assert "a library warning" in printed and "the hub's own" in printed
