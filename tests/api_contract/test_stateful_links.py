"""Stateful API testing along the published schema's links (issue 22's acceptance).

schemathesis builds a state machine from docs/api/openapi.yaml's OpenAPI links (added by
referral_service.api.add_links): the inbox, a referral read, accepted, declined or booked leads
to the operations on that referral; a DIVERT referral made leads to reading it and to its
replay. Each step goes through the WSGI application in this process, inside the test's
transaction, with the token of the role the operation is for, and every answer is checked with
every check schemathesis has (`--checks all`), stateful ones included (use after free,
resource availability). Bounded and repeatable: a fixed number of scenarios and steps,
derandomized, no example database, no deadline.
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
import schemathesis
import yaml
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings

from accounts.services import api_token_create
from referral_service.wsgi import application
from tests.personas import make_persona
from tests.schemathesis_config import schemathesis_config

PUBLISHED = Path(django_settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
SCENARIOS = 15
STEPS = 6

# The persona each part of the API is for.
ROLE_BY_PREFIX = {
    "/api/v1/custody/": "custody.feed",
    "/api/v1/divert/": "police.officer",
    "/api/v1/people/": "custody.worker",
    "/api/v1/treatment/": "provider.birmingham",
    "/api/v1/me/": "custody.worker",
}


DIVERT = "/api/v1/divert/referrals/"
# One time for every referral, so that a replay (the Replay link) sends the very same body.
FOUND_AT = (timezone.now() - datetime.timedelta(hours=1)).replace(microsecond=0).isoformat()


def _referable(body):
    """A generated DIVERT body made one the service takes (found within 30 days, a person of
    10 or more, a name without hidden characters), so that referrals are made and the links
    from one (read it, replay it) are followed; the fuzzing sends the rest as generated."""
    if isinstance(body, dict):
        body.update(
            found_at=FOUND_AT,
            found_where="Corporation Street",
            occurrence_number="20/123456/26",
            substances=["cannabis"],
            substance_other="",
            amount="About 2 grams",
            given_name="Fuzz",
            family_name="Synthetic",
            date_of_birth="1990-01-02",
            phone="",
            postcode="B4 6AA",
            address="",
            vulnerabilities=[],
            vulnerability_other="",
        )
        body.setdefault("consent_to_contact", True)
    return body


@pytest.fixture
def in_process(db):
    """The WSGI handler must not close the test's connection (and its transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_schema_links_what_is_made_to_what_reads_and_acts_on_it():
    raw = yaml.safe_load(PUBLISHED.read_text())
    links = {
        (path, method, code): sorted(answer.get("links", {}))
        for path, operations in raw["paths"].items()
        for method, operation in operations.items()
        for code, answer in operation["responses"].items()
        if answer.get("links")
    }
    on_a_referral = ["Accept", "BookAppointment", "Decline", "Read"]
    one = "/api/v1/treatment/referrals/{reference}/"
    assert links == {
        ("/api/v1/divert/referrals/", "post", "201"): ["Read", "Replay"],
        ("/api/v1/divert/referrals/", "post", "200"): ["Read"],
        ("/api/v1/treatment/referrals/", "get", "200"): on_a_referral,
        (one, "get", "200"): on_a_referral,
        (one + "accept/", "post", "200"): on_a_referral,
        (one + "decline/", "post", "200"): on_a_referral,
        (one + "appointments/", "post", "201"): on_a_referral,
    }


def test_following_the_links_every_answer_passes_every_check(in_process, make_referral):
    for _ in range(2):
        make_referral()  # the inbox's first page leads somewhere
    tokens = {
        prefix: api_token_create(user=make_persona(username))[1]
        for prefix, username in ROLE_BY_PREFIX.items()
    }
    schema = schemathesis.openapi.from_dict(
        yaml.safe_load(PUBLISHED.read_text()), config=schemathesis_config()
    )
    schema.app = application
    steps: list[tuple[str, int]] = []
    failures: list[str] = []

    @schema.auth(refresh_interval=None)  # each case its role's token, looked up every time
    class TokenOfTheRole:
        def get(self, case, context):
            [token] = [t for prefix, t in tokens.items() if case.path.startswith(prefix)]
            return token

        def set(self, case, token, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Token {token}"}

    class Workflow(schema.as_state_machine()):
        # Each scenario starts from the same database: Hypothesis draws new scenarios from the
        # choices of earlier ones, and the links open to it depend on what the server answered.
        def setup(self):
            super().setup()
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)
            super().teardown()

        def before_call(self, case):
            super().before_call(case)
            if case.operation.path == DIVERT and case.method == "POST":
                case.body = _referable(case.body)

        def after_call(self, response, case):
            super().after_call(response, case)
            steps.append((f"{case.method} {case.path}", response.status_code))

        def validate_response(self, response, case, **kwargs):
            # Collected, not raised: Hypothesis would replay a failing scenario to report it,
            # against a database that has moved on, and call the scenario flaky.
            try:
                super().validate_response(response, case, **kwargs)
            except BaseException as failure:  # schemathesis's FailureGroup
                failures.append(f"{case.method} {case.formatted_path} {failure}")

    started = time.monotonic()
    Workflow.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.generate],  # no shrinking: failures are collected, not raised
        )
    )
    seconds = time.monotonic() - started
    print(f"\n{len(steps)} stateful steps in {seconds:.1f}s")
    for step in sorted(set(steps)):
        print(step, steps.count(step))
    assert not failures, "\n\n".join(failures[:5])
    # The links were followed: referrals read and acted on, DIVERT referrals read and replayed.
    followed = {step for step in steps if step[1] < 300}
    assert {
        ("GET /api/v1/treatment/referrals/{reference}/", 200),
        ("GET /api/v1/divert/referrals/{divert_reference}/", 200),
        ("POST /api/v1/divert/referrals/", 200),
    } <= followed, sorted(set(steps))
    assert followed & {
        ("POST /api/v1/treatment/referrals/{reference}/accept/", 200),
        ("POST /api/v1/treatment/referrals/{reference}/decline/", 200),
    }, sorted(set(steps))
