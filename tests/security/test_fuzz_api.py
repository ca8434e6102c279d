"""The intake API fuzzed from its own OpenAPI document with schemathesis.

Every operation the document describes gets generated requests, valid and invalid (positive
and negative generation), sent with a real Cambridgeshire token so they get past
authentication, and the default checks run on each answer: no 5xx, a status code the
document declares, a body and headers that match the declared schema, invalid data refused.

The CI run is small (``SDH_FUZZ_EXAMPLES``, default 10 per operation, mode and database, under a
minute); a longer run is the same test with a bigger number::

    SDH_FUZZ_EXAMPLES=500 uv run pytest tests/security/test_fuzz_api.py -k answers
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from tests.conftest import activity_row, csv_bytes
from tests.security.conftest import CAMBS, Hub
from workers.contracts.loader import get_contract
from workers.pipeline import ingest

EXAMPLES = int(os.environ.get("SDH_FUZZ_EXAMPLES", "10"))


def _excluded_checks() -> list:
    """Checks that judge what the document cannot say.

    ``positive_data_acceptance``: a request that fits the document can still be refused on
    its content (an upload that is not a return of that contract is 422, by design).
    ``ignored_auth`` is covered, per route and caller, by ``test_authorisation``.
    """
    from schemathesis.checks import ignored_auth, positive_data_acceptance

    return [positive_data_acceptance, ignored_auth]


def _takes_input(operation) -> bool:
    return bool(list(operation.iter_parameters()) or operation.get_request_payload_content_types())


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_answers_every_generated_request_as_documented(hub: Hub, mode) -> None:
    # One return of Cambridgeshire's, so some generated ids find a real submission.
    data = csv_bytes(get_contract("la-csc-activity"), [activity_row(referrals=2500)])
    ingest("la-csc-activity", CAMBS, data, "held.csv")
    auth = {"Authorization": f"Bearer {hub.tokens.cam}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", hub.app, headers=auth)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} >= {
        "POST /api/v1/returns/{contract}",
        "GET /api/v1/submissions/{submission_id}",
        "GET /healthz",
    }
    failures: list[str] = []
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not _takes_input(operation):
            continue  # nothing to get wrong in a request without parameters or body

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:
            case.call_and_validate(headers=auth, excluded_checks=_excluded_checks())

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("query", ["page=99999999999999999999", "rule=%00", "column=a%00b"])
def test_extreme_query_values_are_refused_or_answered_never_a_500(hub: Hub, query: str) -> None:
    """Found by the fuzzer: an unbounded page number overflowed the database's integer."""
    data = csv_bytes(get_contract("la-csc-activity"), [activity_row(referrals=2500)])
    sub = ingest("la-csc-activity", CAMBS, data, "held.csv").submission
    response = hub.client().get(
        f"/api/v1/submissions/{sub.id}?{query}",
        headers={"Authorization": f"Bearer {hub.tokens.cam}"},
    )
    assert response.status_code in (200, 422), response.text


@pytest.mark.parametrize(
    "path",
    [
        "/submissions?agency=%00&contract=%00&status=%00&page_no=99999999999999999999",
        "/submissions?page_no=-5",
        "/calendar?quarter=%00&agency=%00&contract=%00&status=%00&period=%00",
        "/submissions/{sub}?rule=%00&column=%00&page_no=99999999999999999999",
        "/submissions/{sub}/rows/99999999999",
        "/packs/2021-Q4/%00",
    ],
)
def test_the_pages_take_the_same_values_without_a_500(hub: Hub, path: str) -> None:
    from tests.security.test_authorisation import caller

    data = csv_bytes(get_contract("la-csc-activity"), [activity_row(referrals=2500)])
    sub = ingest("la-csc-activity", CAMBS, data, "held.csv").submission
    steward = caller(hub, "steward")
    response = steward.client.get(path.format(sub=sub.id))
    assert response.status_code < 500, response.text
