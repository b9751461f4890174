"""API fuzzing: schemathesis sends generated requests to every operation in the OpenAPI schema.

For each API-using role (the police custody system's machine account, a custody worker and a
provider worker, all with their API tokens, and a client with no credentials) and each
operation, schemathesis generates requests from the schema that /api/schema/ serves: valid
ones (positive) and ones that break it (negative). Each goes through the Django WSGI
application in this process, inside the test's database transaction, and every answer must:

- never be a server error (5xx);
- have a status code, content type, headers and body that the schema documents;
- accept what the schema calls valid and refuse what it does not (tests/schemathesis_config.py
  lists the few rules a schema cannot state), and refuse the request without credentials.

Bounded and repeatable: a fixed number of examples per operation, role and mode, derandomized
(the same requests every run), no Hypothesis example database, no deadline.
"""

from __future__ import annotations

import time

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.checks import load_all_checks

from referral_service.wsgi import application
from tests.personas import FIXTURE_NAMES, make_persona
from tests.schemathesis_config import schemathesis_config

# Examples per (operation, role, mode): 77 such cases (GET me/ has nothing to break), 2,300
# requests, about 50 s on this machine.
MAX_EXAMPLES = 25
# The custody feed gets more: its valid rows must sometimes get past validation and be stored.
FEED_EXAMPLES = 50

# Every check schemathesis has (`--checks all`): server errors, status codes, content types,
# headers and bodies as documented; valid data accepted and invalid refused (with the few
# documented exceptions of tests/schemathesis_config.py); credentials enforced (ignored_auth
# sends each successful request again without them, and with made-up ones); the coverage and
# stateful checks, which do nothing here (tests/api_contract/test_stateful_links.py runs them).
load_all_checks()
CHECKS = REGISTERED_CHECKS.get_all()

# The roles that use the API, and the anonymous client. Tokens: manage.py create_api_token.
ROLES = ["custody_feed", "custody_worker", "provider_birmingham", "anonymous"]


def _schema():
    """The schema exactly as /api/schema/ serves it (the same generator, all endpoints)."""
    raw = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(raw, config=schemathesis_config())
    loaded.app = application  # requests go through the WSGI application, in process
    return loaded


SCHEMA = _schema()
OPERATIONS = sorted(
    (operation.path, operation.method.upper())
    for operation in (result.ok() for result in SCHEMA.get_all_operations())
)
MODES = ["positive", "negative"]


def _cases():
    """(path, method, mode) for each operation; negative only where there is input to break."""
    for path, method in OPERATIONS:
        definition = SCHEMA.raw_schema["paths"][path][method.lower()]
        takes_input = "requestBody" in definition or definition.get("parameters")
        for mode in MODES if takes_input else MODES[:1]:
            yield path, method, mode


# Real reference codes, so that valid-looking feed rows are sometimes stored, not all rejected:
# a random string is never a suite's code, a PNC ID's check letter or an NHS number's check digit
# (nor, mostly, a name without hidden characters).
SUITES = ["bhm-north", "cov-riverside"]
OFFENCES = ["theft", "class_b_c_possession"]


def _storable(body):
    rows = body if isinstance(body, list) else [body]
    for index, row in enumerate(rows):
        if isinstance(row, dict):
            row["suite_code"] = SUITES[index % len(SUITES)]
            row["offence_code"] = OFFENCES[index % len(OFFENCES)]
            row["arrested_at"] = "2026-01-05T10:00:00+00:00"
            if isinstance(row.get("person"), dict):
                row["person"].pop("pnc_id", None)
                row["person"].pop("nhs_number", None)
                # Generated names are mostly control and private-use characters (refused as
                # hidden characters) and dates of birth any year: a name and date that store.
                row["person"].update(
                    given_name="Fuzz", family_name=f"Synthetic{index}", date_of_birth="1990-01-02"
                )
    return body


@pytest.fixture
def in_process(db):
    """As Django's test client does: the WSGI handler must not close the test's database
    connection (and with it the transaction the test runs in) when a request ends."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(request, db):
    """Headers for the role: its API token, or nothing for the anonymous client."""
    from accounts.services import api_token_create

    if request.param == "anonymous":
        return {}
    user = make_persona(FIXTURE_NAMES[request.param])
    _, token = api_token_create(user=user)
    return {"Authorization": f"Token {token}"}


def test_the_fuzzing_runs_every_check_schemathesis_has():
    names = {check.__name__ for check in CHECKS}
    assert {"positive_data_acceptance", "negative_data_rejection", "ignored_auth"} <= names
    assert len(names) >= 14, sorted(names)


def test_the_schema_has_every_api_operation():
    assert OPERATIONS == [
        ("/api/v1/custody/contacts/", "POST"),
        ("/api/v1/divert/referrals/", "POST"),
        ("/api/v1/divert/referrals/{divert_reference}/", "GET"),
        ("/api/v1/me/", "GET"),
        ("/api/v1/people/matches/", "POST"),
        ("/api/v1/treatment/referrals/", "GET"),
        ("/api/v1/treatment/referrals/{reference}/", "GET"),
        ("/api/v1/treatment/referrals/{reference}/accept/", "POST"),
        ("/api/v1/treatment/referrals/{reference}/appointments/", "POST"),
        ("/api/v1/treatment/referrals/{reference}/decline/", "POST"),
    ]


@pytest.mark.parametrize("credentials", ROLES, indirect=True)
@pytest.mark.parametrize(("path", "method", "mode"), list(_cases()))
def test_api_answers_every_generated_request_without_error_and_as_documented(
    path, method, mode, credentials, in_process, request
):
    mode = schemathesis.GenerationMode(mode)
    operation = SCHEMA[path][method]
    statuses: list[int] = []

    @settings(
        max_examples=FEED_EXAMPLES if path.endswith("/custody/contacts/") else MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=["generate"],  # no shrinking: the first failing request is reported as sent
    )
    @given(case=operation.as_strategy(generation_mode=mode), storable=st.booleans())
    def fuzz(case, storable):
        if storable and mode.is_positive and path.endswith("/custody/contacts/"):
            case.body = _storable(case.body)
        response = case.call_and_validate(headers=credentials, checks=CHECKS)
        statuses.append(response.status_code)

    started = time.monotonic()
    fuzz()
    seconds = time.monotonic() - started
    print(f"\n{method} {path} {mode}: {len(statuses)} requests in {seconds:.1f}s {statuses}")
    role = request.node.callspec.params["credentials"]
    if role == "custody_feed" and mode.is_positive and path.endswith("/custody/contacts/"):
        # The fuzzing reached past validation: contacts were stored, not only rejected.
        assert 201 in statuses, statuses
