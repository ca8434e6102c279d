"""The broker the hub runs on is Redis, or the in-process one when none is set."""

from __future__ import annotations

import pytest

from workers.runtime.broker import build_broker


@pytest.mark.parametrize("url", ["amqp://guest@mq:5672/", "kafka://queue:9092"])
def test_a_broker_url_other_than_redis_is_refused_saying_what_to_use(url: str) -> None:
    with pytest.raises(ValueError, match=r"SDH_BROKER_URL .*: use redis://"):
        build_broker(url)


def test_no_url_is_the_in_process_broker() -> None:
    from dramatiq.brokers.stub import StubBroker

    assert isinstance(build_broker(None), StubBroker)
