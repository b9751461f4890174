"""Consent to share: a provider sees a person only with live consent for their service (and a
live referral to it: tests/treatment/test_provider_sees_while_referred.py), and then only the
latest completed assessment; withdrawal hides the person at once, audited."""

import pytest
from django.urls import reverse

from assessments.services import assessment_start
from audit.models import AccessLog
from organisations.models import ProviderService
from people.services import consent_give, consent_withdraw
from tests.assessments.answers import complete_assessment


@pytest.fixture
def birmingham_service(db):
    return ProviderService.objects.get(local_authority__slug="birmingham")


@pytest.fixture
def shared_person(make_referral, birmingham_service):
    """Referred to Birmingham's service, with the consent that needs (issue 21)."""
    return make_referral().person


def test_a_provider_without_consent_to_share_gets_404(client, make_person, provider_birmingham):
    person = make_person()
    client.force_login(provider_birmingham)
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404


def test_another_providers_consent_does_not_open_the_record(
    client, shared_person, provider_coventry
):
    client.force_login(provider_coventry)
    assert client.get(reverse("people:detail", args=[shared_person.pk])).status_code == 404


def test_a_provider_with_consent_sees_only_the_latest_completed_version(
    client, shared_person, custody_worker, provider_birmingham
):
    first = complete_assessment(person=shared_person, by=custody_worker)
    second = complete_assessment(person=shared_person, by=custody_worker)
    draft = assessment_start(person=shared_person, by=custody_worker)
    client.force_login(provider_birmingham)
    page = client.get(reverse("people:detail", args=[shared_person.pk]))
    assert page.status_code == 200
    assert (
        reverse("assessments:version", args=[shared_person.pk, second.pk]) in page.content.decode()
    )

    def version(a):
        return client.get(reverse("assessments:version", args=[shared_person.pk, a.pk]))

    assert version(second).status_code == 200
    assert version(first).status_code == 404
    assert version(draft).status_code == 404
    assert client.get(reverse("assessments:task_list", args=[shared_person.pk])).status_code == 404
    # Every view is in the access log.
    logged = set(
        AccessLog.objects.filter(user=provider_birmingham).values_list("object_type", "object_id")
    )
    assert ("people.person", str(shared_person.pk)) in logged
    assert ("assessments.assessment", str(second.pk)) in logged


def test_the_provider_page_shows_no_timeline_or_custody_details(
    client, shared_person, provider_birmingham, make_contact
):
    make_contact(person=shared_person)
    client.force_login(provider_birmingham)
    content = client.get(reverse("people:detail", args=[shared_person.pk])).content.decode()
    assert "Timeline" not in content and "Custody contact" not in content


def test_withdrawal_hides_the_person_at_once_and_is_audited(
    client, shared_person, custody_worker, provider_birmingham
):
    client.force_login(provider_birmingham)
    assert client.get(reverse("people:detail", args=[shared_person.pk])).status_code == 200
    consent = shared_person.consents.get()
    consent_withdraw(consent=consent, by=custody_worker, reason="Person asked")
    assert client.get(reverse("people:detail", args=[shared_person.pk])).status_code == 404
    entry = AccessLog.objects.get(action="change", object_type="people.consenttoshare")
    assert entry.user == custody_worker and entry.person_id == shared_person.pk


def test_withdrawing_through_the_page(client, shared_person, custody_worker):
    consent = shared_person.consents.get()
    client.force_login(custody_worker)
    url = reverse("people:consent_withdraw", args=[shared_person.pk, consent.pk])
    assert client.post(url, {"reason": "Synthetic"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == custody_worker
    assert AccessLog.objects.filter(action="change", path=url).exists()


def test_giving_consent_twice_records_it_once(shared_person, custody_worker, birmingham_service):
    again = consent_give(
        person=shared_person, recipient="provider_service", provider_service=birmingham_service,
        by=custody_worker,
    )  # fmt: skip
    assert shared_person.consents.count() == 1 and again == shared_person.consents.get()


def test_consent_form_needs_a_provider_for_a_provider_recipient(
    client, make_person, custody_worker
):
    person = make_person()
    client.force_login(custody_worker)
    response = client.post(
        reverse("people:consent_add", args=[person.pk]),
        {"recipient": "provider_service", "confirm": "on"},
    )
    assert "Choose the provider service" in response.content.decode()
    assert not person.consents.exists()


def test_the_inbox_lists_only_referrals_of_people_shared_with_my_service(
    client, shared_person, make_person, provider_birmingham, provider_coventry
):
    referral = shared_person.referrals.get()
    make_person(family_name="Notshared")
    client.force_login(provider_birmingham)
    assert list(client.get("/treatment/inbox/").context["page"]) == [referral]
    assert AccessLog.objects.filter(action="list", person_id=shared_person.pk).exists()
    client.force_login(provider_coventry)
    assert list(client.get("/treatment/inbox/").context["page"]) == []
