"""A provider sees a person only while referred to it (issue 21).

DESIGN.md: "Providers see a person only while a referral to their service is live and the
person's consent to share with it stands." Consent alone opens nothing; after a decline or a
close the provider keeps the referral's own record (what they did), not the person's page,
details or assessment.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from organisations.models import ProviderService
from people.services import consent_give, consent_withdraw
from tests.assessments.answers import complete_assessment
from treatment.models import ClosureReason, DeclineReason
from treatment.services import referral_accept, referral_close, referral_decline

pytestmark = pytest.mark.django_db

ANSWER_WORDS = ("The assessment's answers", "AUDIT")


def person_pages(client, person, assessment) -> dict[str, int]:
    """The provider's answers for the person's page and their latest completed assessment."""
    return {
        "person": client.get(reverse("people:detail", args=[person.pk])).status_code,
        "assessment": client.get(
            reverse("assessments:version", args=[person.pk, assessment.pk])
        ).status_code,
    }


@pytest.fixture
def referred(make_referral, custody_worker):
    """A person with a completed assessment, referred (with consent) to Birmingham."""
    referral = make_referral()
    assessment = complete_assessment(person=referral.person, by=custody_worker)
    return referral, assessment


def test_a_live_referral_with_live_consent_opens_the_person_and_their_assessment(
    client, provider_birmingham, referred
):
    referral, assessment = referred
    referral_accept(referral=referral, by=provider_birmingham)
    client.force_login(provider_birmingham)
    assert person_pages(client, referral.person, assessment) == {"person": 200, "assessment": 200}
    page = client.get(f"/treatment/referrals/{referral.reference}/").content.decode()
    assert all(word in page for word in ANSWER_WORDS)
    assert referral.person.postcode in page


def test_consent_without_a_referral_opens_nothing(
    client, provider_birmingham, custody_worker, make_person
):
    person = make_person(given_name="Consuela", family_name="Onlyconsent")
    assessment = complete_assessment(person=person, by=custody_worker)
    consent_give(
        person=person,
        recipient="provider_service",
        provider_service=ProviderService.objects.get(local_authority__slug="birmingham"),
        by=custody_worker,
    )
    client.force_login(provider_birmingham)
    assert person_pages(client, person, assessment) == {"person": 404, "assessment": 404}


def test_a_referral_to_another_service_opens_nothing(
    client, provider_birmingham, custody_worker, make_referral
):
    """Consent to Birmingham, but the live referral is to Coventry."""
    referral = make_referral(authority="coventry")
    consent_give(
        person=referral.person,
        recipient="provider_service",
        provider_service=ProviderService.objects.get(local_authority__slug="birmingham"),
        by=custody_worker,
    )
    assessment = complete_assessment(person=referral.person, by=custody_worker)
    client.force_login(provider_birmingham)
    assert person_pages(client, referral.person, assessment) == {"person": 404, "assessment": 404}


def _kept_record_only(client, referral, assessment, *, what_they_did: str):
    assert person_pages(client, referral.person, assessment) == {"person": 404, "assessment": 404}
    response = client.get(f"/treatment/referrals/{referral.reference}/")
    assert response.status_code == 200  # the referral's own record stays
    page = response.content.decode()
    assert what_they_did in page
    assert not any(word in page for word in ANSWER_WORDS)
    assert f"/people/{referral.person.pk}/" not in page
    assert referral.person.postcode not in page and referral.person.reference not in page


def test_a_declined_referral_keeps_its_record_but_not_the_person_or_assessment(
    client, provider_birmingham, referred
):
    referral, assessment = referred
    reason = DeclineReason.objects.get(code="duplicate")
    referral_decline(referral=referral, by=provider_birmingham, reason=reason)
    client.force_login(provider_birmingham)
    _kept_record_only(client, referral, assessment, what_they_did=reason.label)


def test_a_closed_referral_keeps_its_record_but_not_the_person_or_assessment(
    client, provider_birmingham, referred
):
    referral, assessment = referred
    referral_accept(referral=referral, by=provider_birmingham)
    reason = ClosureReason.objects.get(code="incomplete_dropped_out")
    referral_close(referral=referral, by=provider_birmingham, reason=reason)
    client.force_login(provider_birmingham)
    _kept_record_only(client, referral, assessment, what_they_did=reason.label)


def test_withdrawn_consent_to_the_referred_service_closes_the_person(
    client, provider_birmingham, provider_coventry, custody_worker, referred
):
    """A worker of two services: referred to Birmingham, whose consent is withdrawn; consent
    to Coventry (with no referral there) does not keep the person open."""
    referral, assessment = referred
    birmingham = ProviderService.objects.get(local_authority__slug="birmingham")
    coventry = ProviderService.objects.get(local_authority__slug="coventry")
    provider_birmingham.provider_services.add(coventry)
    consent_give(
        person=referral.person, recipient="provider_service", provider_service=coventry,
        by=custody_worker,
    )  # fmt: skip
    client.force_login(provider_birmingham)
    assert person_pages(client, referral.person, assessment) == {"person": 200, "assessment": 200}

    live = referral.person.consents.get(provider_service=birmingham, withdrawn_at__isnull=True)
    consent_withdraw(consent=live, by=custody_worker, reason="Synthetic")

    assert person_pages(client, referral.person, assessment) == {"person": 404, "assessment": 404}
    assert client.get(f"/treatment/referrals/{referral.reference}/").status_code == 404


def test_the_api_gives_a_finished_referral_without_the_persons_details(
    client, provider_birmingham, make_referral
):
    live, declined = make_referral(), make_referral()
    referral_decline(
        referral=declined, by=provider_birmingham, reason=DeclineReason.objects.get(code="other"),
        note="Synthetic",
    )  # fmt: skip
    client.force_login(provider_birmingham)  # the browser's session: the API's own auth aside

    def person(referral):
        return client.get(f"/api/v1/treatment/referrals/{referral.reference}/").json()["person"]

    assert person(live)["date_of_birth"] == live.person.date_of_birth.isoformat()
    assert person(live)["reference"] == live.person.reference
    assert person(declined) == {
        "reference": None,
        "given_name": declined.person.given_name,
        "family_name": declined.person.family_name,
        "date_of_birth": None,
        "phone": "",
        "postcode": "",
    }
    listed = client.get("/api/v1/treatment/referrals/").json()["results"]
    by_reference = {r["reference"]: r["person"] for r in listed}
    assert by_reference[declined.reference] == person(declined)
    assert by_reference[live.reference] == person(live)
