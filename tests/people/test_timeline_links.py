"""The person's page links every timeline entry to its record (issue 23): its own page where
it has one (custody contact, assessment version, treatment referral, DIVERT case, court
report), else the part of the person's page that shows it (live consent, live flag). Only
records with nowhere to go (a merge, a withdrawn consent, a cleared flag, the record's
creation) are left as text."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.utils import timezone

from people.selectors import person_timeline
from people.services import flag_raise
from tests.assessments.answers import complete_assessment

pytestmark = pytest.mark.django_db


def test_every_timeline_entry_with_a_record_links_to_it(
    client, custody_worker, police_officer, probation_officer, make_contact, make_referral
):
    from court.services import probation_request_make, request_link
    from diversion.services import divert_referral_submit

    contact = make_contact()
    person = contact.person
    referral = make_referral(person=person)
    assessment = complete_assessment(person=person, by=custody_worker)
    flag = flag_raise(person=person, kind="safeguarding", by=custody_worker)
    divert, _ = divert_referral_submit(officer=police_officer, key=str(uuid.uuid4()), data={
        "occurrence_number": "20/1/26", "found_at": timezone.now(),
        "found_where": "Synthetic Street", "substances": ["cannabis"], "amount": "A little",
        "given_name": person.given_name, "family_name": person.family_name,
        "date_of_birth": person.date_of_birth, "postcode": person.postcode,
        "consent_to_contact": True,
    })  # fmt: skip
    request = probation_request_make(
        officer=probation_officer, given_name=person.given_name, family_name=person.family_name,
        date_of_birth=person.date_of_birth, court="Synthetic Magistrates' Court",
        hearing_date=timezone.localdate() + datetime.timedelta(28), report_kind="short",
    )  # fmt: skip
    request_link(request=request, person=person, by=custody_worker)
    report = request.reports.get()

    events = person_timeline(person=person, user=custody_worker)
    links = {event.url for event in events}
    assert {
        f"/custody/contacts/{contact.pk}/",
        f"/people/{person.pk}/assessments/{assessment.pk}/",
        f"/treatment/referrals/{referral.reference}/",
        f"/divert/cases/{divert.reference}/",
        f"/court/reports/{report.reference}/",
        "#consent-to-share",
        f"#flag-{flag.pk}",
    } <= links
    unlinked = [event.title for event in events if not event.url]
    assert unlinked == ["Record created"]

    client.force_login(custody_worker)
    page = client.get(f"/people/{person.pk}/").content.decode()
    timeline = page[page.index('class="moj-timeline"') :]
    titles = re.findall(r'<h3 class="moj-timeline__title">(.*?)</h3>', timeline)
    assert len(titles) == len(events)
    assert sum('<a class="govuk-link" href="' in title for title in titles) == len(events) - 1
    for anchor in ('id="consent-to-share"', f'id="flag-{flag.pk}"'):
        assert anchor in page
