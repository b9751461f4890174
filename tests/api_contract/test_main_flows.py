"""The main flows through the API, each answer validated against the published schema as a
generated client would parse it (issue 22's acceptance): feed a contact; refer; accept; book an
appointment; list the inbox; DIVERT referral with replay; match a person."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import schemathesis
import yaml
from django.conf import settings
from django.utils import timezone
from werkzeug.test import Client

from accounts.services import api_token_create
from referral_service.wsgi import application
from tests.personas import make_persona

SCHEMA = schemathesis.openapi.from_dict(
    yaml.safe_load((Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml").read_text())
)


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


def call(user, method: str, template: str, path: str | None = None, **kwargs):
    """One request as a client would send it, its answer validated against the schema."""
    headers = {"Authorization": f"Token {api_token_create(user=user)[1]}"}
    headers.update(kwargs.pop("headers", {}))
    response = Client(application).open(path or template, method=method, headers=headers, **kwargs)
    SCHEMA[template][method].validate_response(response)
    return response


def test_the_main_flows_answer_as_the_published_schema_says(
    in_process, make_referral, custody_worker, provider_birmingham, police_officer
):
    feed = make_persona("custody.feed")
    contact = {
        "suite_code": "bhm-north",
        "custody_record_number": "BN-2201",
        "arrested_at": (timezone.now() - datetime.timedelta(minutes=10)).isoformat(),
        "offence_code": "theft",
        "person": {
            "given_name": "Lena",
            "family_name": "Hartley",
            "date_of_birth": "1993-05-02",
            "postcode": "B5 4TT",
        },
    }
    fed = call(feed, "POST", "/api/v1/custody/contacts/", json=contact)
    assert fed.status_code == 201, fed.get_json()

    match = call(
        custody_worker,
        "POST",
        "/api/v1/people/matches/",
        json={"given_name": "Lena", "family_name": "Hartley", "date_of_birth": "1993-05-02"},
    )
    assert match.status_code == 200 and match.get_json()["candidates"]

    referral = make_referral()  # referring is a worker's page, not an API operation
    one = "/api/v1/treatment/referrals/{reference}/"
    base = f"/api/v1/treatment/referrals/{referral.reference}/"
    accepted = call(provider_birmingham, "POST", one + "accept/", base + "accept/")
    assert accepted.status_code == 200
    starts = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0).isoformat()
    booked = call(
        provider_birmingham,
        "POST",
        one + "appointments/",
        base + "appointments/",
        json={"starts_at": starts, "location": "Synthetic Hub"},
    )
    assert booked.status_code == 201 and booked.get_json()["outcome"] is None
    assert call(provider_birmingham, "GET", one, base).status_code == 200
    inbox = call(provider_birmingham, "GET", "/api/v1/treatment/referrals/")
    assert [r["reference"] for r in inbox.get_json()["results"]] == [referral.reference]
    past_the_end = call(
        provider_birmingham, "GET", "/api/v1/treatment/referrals/", query_string={"page": 9}
    )
    assert past_the_end.status_code == 400

    divert = {
        "occurrence_number": "20/123456/26",
        "found_at": timezone.now().replace(microsecond=0).isoformat(),
        "found_where": "Corporation Street",
        "substances": ["cannabis"],
        "amount": "About 2 grams",
        "given_name": "Dara",
        "family_name": "Quint",
        "date_of_birth": "1999-04-05",
        "postcode": "B4 6AA",
        "consent_to_contact": True,
    }
    key = {"Idempotency-Key": "0b5c8f0e-22aa-4d1e-9a51-7d3f6c2e8b40"}
    made = call(police_officer, "POST", "/api/v1/divert/referrals/", json=divert, headers=key)
    replay = call(police_officer, "POST", "/api/v1/divert/referrals/", json=divert, headers=key)
    assert (made.status_code, replay.status_code) == (201, 200)
    assert made.get_json()["status"] == "referred"
    other = call(
        police_officer,
        "POST",
        "/api/v1/divert/referrals/",
        json={**divert, "amount": "About 5 grams"},
        headers=key,
    )
    assert other.status_code == 422
    reference = made.get_json()["reference"]
    read = call(
        police_officer,
        "GET",
        "/api/v1/divert/referrals/{divert_reference}/",
        f"/api/v1/divert/referrals/{reference}/",
    )
    assert read.get_json()["status_label"] == "Referred"
