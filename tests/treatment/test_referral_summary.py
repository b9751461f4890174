"""The referral's summary (issue 23): what a provider needs to accept the assessment, at the top,
and only what the person's consent lets their service see; continuity of care stops counting
down once an appointment is booked."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from custody.services import drug_test_record
from people.identifiers import pnc_check_letter
from people.services import consent_give
from tests.assessments.answers import complete_assessment
from treatment.models import Referral
from treatment.services import appointment_book, referral_accept, referral_send

pytestmark = pytest.mark.django_db

ADDRESS = "17 Withheld Terrace, Synthetic Town"
PNC_ID = f"18/0004321{pnc_check_letter(18, 4321)}"


def _summary(html: str) -> str:
    """The summary's own markup (the part of the page before the long answers)."""
    match = re.search(r'<section[^>]*id="summary".*?</section>', html, re.S)
    assert match, "the page has no summary"
    return match.group(0)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def referred(make_contact, make_person, custody_worker, provider_birmingham):
    """A person tested positive for opiates in custody, assessed, with consent to Birmingham
    and to probation, referred from the contact and accepted."""
    from organisations.models import ProviderService

    person = make_person(
        given_name="Summer",
        family_name="Summarised",
        phone="07700 900123",
        address=ADDRESS,
        pnc_id=PNC_ID,
        contact_by_sms=True,
    )
    contact = make_contact(person=person, offence="theft")
    drug_test_record(
        contact=contact,
        results={"opiates": "positive", "cocaine": "negative"},
        sample_taken_at=contact.arrested_at,
        by=custody_worker,
    )
    complete_assessment(person=person, by=custody_worker)
    service = ProviderService.objects.get(local_authority__slug="birmingham")
    consent_give(
        person=person, recipient="provider_service", provider_service=service, by=custody_worker
    )
    consent_give(person=person, recipient="probation", by=custody_worker)
    referral = referral_send(
        person=person,
        by=custody_worker,
        source=Referral.Source.CUSTODY,
        provider_service=service,
        custody_contact=contact,
        released_on=timezone.localdate(),
    )
    referral_accept(referral=referral, by=provider_birmingham)
    return referral


def test_provider_summary_shows_tests_offence_risks_scores_consent_and_contact(
    client, provider_birmingham, referred
):
    client.force_login(provider_birmingham)
    html = client.get(reverse("treatment:referral", args=[referred.reference])).content.decode()
    summary = _text(_summary(html))
    # Before the long answers.
    assert html.index('id="summary"') < html.index("The assessment's answers")
    assert "govuk-summary-list" in _summary(html)
    for expected in (
        "Opiates: Positive",
        "Cocaine: Negative",
        "Theft",
        "Overdose risk: Medium",
        "Never injected",
        "No safeguarding concerns",
        "Increasing risk",  # AUDIT 8: zone II
        "8 of 40",
        "SDS total 7 of 15",
        "Brindley Recovery Services",
        "07700 900123",
        "B5 4TT",
        "Text message reminders: yes",
    ):
        assert expected in summary, expected


def test_provider_summary_shows_only_consented_fields(
    client, provider_birmingham, custody_worker, referred
):
    """A field outside what the consent shares with the service is absent from the provider's
    page: the full address, the PNC ID, the custody record number and other recipients of
    consent (probation); the arrest referral team's page has the address."""
    client.force_login(provider_birmingham)
    html = client.get(reverse("treatment:referral", args=[referred.reference])).content.decode()
    for absent in (
        "Withheld Terrace",
        referred.person.pnc_id,
        referred.custody_contact.custody_record_number,
        "Probation",
    ):
        assert absent not in html, absent
    client.force_login(custody_worker)
    team_html = client.get(reverse("treatment:referral", args=[referred.reference])).content
    assert "Withheld Terrace" in _text(_summary(team_html.decode()))


def test_provider_summary_is_gone_once_the_referral_is_no_longer_live(
    client, provider_birmingham, referred
):
    from treatment.models import ClosureReason
    from treatment.services import referral_close

    referral_close(referral=referred, by=provider_birmingham, reason=ClosureReason.objects.first())
    client.force_login(provider_birmingham)
    html = client.get(reverse("treatment:referral", args=[referred.reference])).content.decode()
    assert 'id="summary"' not in html
    assert "07700 900123" not in html and "Opiates" not in html


def test_continuity_countdown_stops_when_an_appointment_is_booked(
    client, provider_birmingham, referred
):
    released = referred.released_on
    url = reverse("treatment:referral", args=[referred.reference])
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(released, datetime.time(12)))
        + datetime.timedelta(days=3)
    ):
        client.force_login(provider_birmingham)  # signed in then: an idle session ends
        before = _text(client.get(url).content.decode())
        assert "18 days left for a first appointment" in before
        starts = timezone.now() + datetime.timedelta(days=4)
        appointment_book(
            referral=referred, by=provider_birmingham, starts_at=starts, location="Synthetic Hub"
        )
        after = _text(client.get(url).content.decode())
    assert "left for a first appointment" not in after
    assert f"First appointment booked for {timezone.localtime(starts):%-d %B %Y}" in after
    assert "day 7 of 21" in after
    # The measure itself is unchanged: days run until an appointment is attended.
    continuity = Referral.objects.get(pk=referred.pk).continuity_of_care(
        today=released + datetime.timedelta(days=3)
    )
    assert (continuity.days, continuity.attended, continuity.within) == (3, False, None)
