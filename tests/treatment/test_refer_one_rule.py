"""One route, one rule (issue 25): a referral on release from police custody records the
contact (and suite) it follows whichever page starts it, and its release date is that
contact's day unless the worker gives another. From the person's page it was refused with
"Enter the date of release" and then read "From: Custody contact" with no suite."""

import datetime
import uuid

import pytest
from django.utils import timezone

from organisations.models import ProviderService
from people.services import consent_give
from tests.conftest import new_contact_maker, new_person
from tests.treatment.checking import send_referral
from treatment.models import Referral

pytestmark = pytest.mark.django_db


def _refer(client, person, **overrides):
    service = ProviderService.objects.get(local_authority__slug="birmingham")
    data = {
        "destination": str(service.pk),
        "choice_reason": "",
        "source": "custody",
        "notes": "",
        "submit_token": str(uuid.uuid4()),
        **overrides,
    }
    return send_referral(client, f"/treatment/refer/{person.pk}/", data)


@pytest.fixture
def person(custody_worker):
    someone = new_person(given_name="Rhea", family_name="Released")
    consent_give(
        person=someone,
        recipient="provider_service",
        provider_service=ProviderService.objects.get(local_authority__slug="birmingham"),
        by=custody_worker,
    )
    return someone


def test_from_the_person_page_a_custody_release_records_the_latest_contact_and_its_day(
    client, custody_worker, person
):
    make = new_contact_maker()
    make(person=person, arrested_at=timezone.now() - datetime.timedelta(days=9))
    latest = make(person=person, arrested_at=timezone.now() - datetime.timedelta(hours=5))
    client.force_login(custody_worker)
    response = _refer(client, person)
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get(person=person)
    assert referral.custody_contact == latest
    assert referral.released_on == timezone.localtime(latest.arrested_at).date()
    page = client.get(response["Location"]).content.decode()
    assert "at Northgate Custody Suite" in page


def test_from_the_person_page_a_custody_release_with_no_contact_says_what_to_do(
    client, custody_worker, person
):
    client.force_login(custody_worker)
    response = _refer(client, person)
    assert response.status_code == 200
    assert "There is no custody contact for Rhea on record" in response.content.decode()
    assert not Referral.objects.exists()
