"""A client generated from the published schema runs the main flows (issue 22's acceptance).

openapi-python-client generates a typed client from docs/api/openapi.yaml, as an integrator
would, into a temporary directory (about 1 s, once for the module); the test imports it and
runs, through it, against the WSGI application in this process (httpx's WSGI transport, no
server): feed a contact; refer them; accept; book an appointment; list the inbox; a DIVERT
referral and its replay; match a person. Every answer is parsed by the generated code (which
raises on a value outside an enum, a missing required field or a bad date) into the typed
model its status documents.
"""

from __future__ import annotations

import datetime
import importlib
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.utils import timezone

from accounts.services import api_token_create
from custody.models import CustodyContact
from referral_service.wsgi import application
from tests.personas import make_persona

PUBLISHED = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"
PACKAGE = "ars_generated_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The client package openapi-python-client makes from the published schema."""
    from openapi_python_client import generate
    from openapi_python_client.config import Config, ConfigFile, MetaType

    where = tmp_path_factory.mktemp("generated")
    config = Config.from_sources(
        ConfigFile(post_hooks=[]),  # no ruff over the output: its look is not under test
        MetaType.NONE,
        document_source=PUBLISHED,
        file_encoding="utf-8",
        overwrite=True,
        output_path=where / PACKAGE,
    )
    started = time.monotonic()
    problems = generate(config=config)
    print(f"\nopenapi-python-client generated the client in {time.monotonic() - started:.2f}s")
    assert not problems, [f"{p.header}: {p.detail}" for p in problems]
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


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


def test_a_generated_client_runs_the_main_flows(
    generated, in_process, make_referral, custody_worker, provider_birmingham, police_officer
):
    from ars_generated_client import AuthenticatedClient, models
    from ars_generated_client.api.v1 import (
        treatment_referrals_list,
        v1_custody_contacts_create,
        v1_divert_referrals_create,
        v1_divert_referrals_retrieve,
        v1_people_matches_create,
        v1_treatment_referrals_accept_create,
        v1_treatment_referrals_appointments_create,
        v1_treatment_referrals_retrieve,
    )

    def client_of(user) -> AuthenticatedClient:
        return AuthenticatedClient(
            base_url="http://testserver",
            token=api_token_create(user=user)[1],
            prefix="Token",
            raise_on_unexpected_status=True,  # an undocumented status is an error
            httpx_args={"transport": httpx.WSGITransport(app=application)},
        )

    def answered(response, status: int, model):
        assert response.status_code == status, response.content[:500]
        assert isinstance(response.parsed, model), type(response.parsed)
        return response.parsed

    # Feed a contact (the police custody system), and a batch with a bad row: 207, row by row.
    feed = client_of(make_persona("custody.feed"))
    arrested = timezone.now() - datetime.timedelta(minutes=10)

    def contact(number: str, suite: str = "bhm-north"):
        return models.FeedContactRequest(
            suite_code=suite,
            custody_record_number=number,
            arrested_at=arrested,
            offence_code="theft",
            person=models.FeedPersonRequest(
                given_name="Lena",
                family_name="Hartley",
                date_of_birth=datetime.date(1993, 5, 2),
                postcode="B5 4TT",
            ),
        )

    fed = answered(
        v1_custody_contacts_create.sync_detailed(client=feed, body=contact("BN-2201")),
        201,
        models.FeedResponse,
    )
    [row] = fed.results
    assert row.status is models.FeedRowResultStatusEnum.CREATED
    mixed = answered(
        v1_custody_contacts_create.sync_detailed(
            client=feed, body=[contact("BN-2201"), contact("BN-2202", suite="atlantis")]
        ),
        207,
        models.FeedResponse,
    )
    assert [r.status.value for r in mixed.results] == ["existing", "rejected"]
    assert mixed.results[1].errors.additional_properties == {
        "suite_code": ["Unknown custody suite 'atlantis'."]
    }

    # Refer (a worker's page, not an API operation), accept, book, read it, list the inbox.
    referral = make_referral(person=CustodyContact.objects.get(pk=row.id).person)
    provider = client_of(provider_birmingham)
    accepted = answered(
        v1_treatment_referrals_accept_create.sync_detailed(referral.reference, client=provider),
        200,
        models.Referral,
    )
    assert accepted.status is models.ReferralStatusEnum.ACCEPTED
    starts = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    booked = answered(
        v1_treatment_referrals_appointments_create.sync_detailed(
            referral.reference,
            client=provider,
            body=models.AppointmentBookingRequest(starts_at=starts, location="Synthetic Hub"),
        ),
        201,
        models.Appointment,
    )
    assert booked.outcome is None and booked.starts_at == starts
    detail = answered(
        v1_treatment_referrals_retrieve.sync_detailed(referral.reference, client=provider),
        200,
        models.Referral,
    )
    assert [a.id for a in detail.appointments] == [booked.id]
    inbox = answered(
        treatment_referrals_list.sync_detailed(client=provider, page_size=10),
        200,
        models.ReferralPage,
    )
    assert [r.reference for r in inbox.results] == [referral.reference]
    past_the_end = treatment_referrals_list.sync_detailed(client=provider, page=9)
    assert past_the_end.status_code == 400 and past_the_end.parsed is not None

    # A DIVERT referral from the force's app, its replay, and reading it back.
    officer = client_of(police_officer)
    divert = models.DivertReferralInRequest(
        occurrence_number="20/123456/26",
        found_at=timezone.now().replace(microsecond=0),
        found_where="Corporation Street",
        substances=[models.SubstancesEnum.CANNABIS],
        amount="About 2 grams",
        given_name="Dara",
        family_name="Quint",
        date_of_birth=datetime.date(1999, 4, 5),
        postcode="B4 6AA",
        consent_to_contact=True,
    )
    key = "0b5c8f0e-22aa-4d1e-9a51-7d3f6c2e8b40"
    made = answered(
        v1_divert_referrals_create.sync_detailed(client=officer, body=divert, idempotency_key=key),
        201,
        models.DivertReferralOut,
    )
    replay = answered(
        v1_divert_referrals_create.sync_detailed(client=officer, body=divert, idempotency_key=key),
        200,
        models.DivertReferralOut,
    )
    assert replay.reference == made.reference
    assert made.status is models.DivertOfficerStatusEnum.REFERRED
    read = answered(
        v1_divert_referrals_retrieve.sync_detailed(made.reference, client=officer),
        200,
        models.DivertReferralOut,
    )
    assert read.status_label == "Referred"

    # Match a person (a custody worker's client).
    matches = answered(
        v1_people_matches_create.sync_detailed(
            client=client_of(custody_worker),
            body=models.MatchRequest(
                given_name="Lena", family_name="Hartley", date_of_birth=datetime.date(1993, 5, 2)
            ),
        ),
        200,
        models.MatchResponse,
    )
    assert matches.candidates and all(isinstance(c, models.Candidate) for c in matches.candidates)
