"""Today at my suite: the worker's own suite, waiting first, nobody missed."""

import datetime

from django.utils import timezone

from custody.models import CustodyContact
from custody.services import custody_contact_create, custody_contact_record_outcome


def test_today_shows_only_my_suite_today_waiting_first(
    midday, client, custody_worker, make_contact
):
    now = timezone.now()
    seen = make_contact(arrested_at=now - datetime.timedelta(minutes=50))
    custody_contact_record_outcome(
        contact=seen, outcome=CustodyContact.Outcome.ASSESSED, seen_at=now
    )
    early = make_contact(arrested_at=now - datetime.timedelta(minutes=40))
    late = make_contact(arrested_at=now - datetime.timedelta(minutes=1))
    make_contact(suite_code="coventry")
    client.force_login(custody_worker)
    response = client.get("/custody/today/")
    assert [c.pk for c in response.context["contacts"]] == [early.pk, late.pk, seen.pk]
    assert response.context["waiting"] == 2


def test_today_holds_everyone_without_an_outcome_whatever_day_they_came_in(
    client, custody_worker, make_contact, time_machine
):
    """Booked in at 23:50, still there at 01:00: on the list until someone records an outcome
    (issue 19). Finished contacts stay 24 hours after their outcome, then go."""
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    time_machine.move_to(datetime.datetime(2026, 12, 5, 23, 50, tzinfo=london), tick=False)
    late_last_night = make_contact(arrested_at=timezone.now())
    days_ago = make_contact(arrested_at=timezone.now() - datetime.timedelta(days=3))
    finished_last_night = make_contact(arrested_at=timezone.now() - datetime.timedelta(hours=1))
    custody_contact_record_outcome(
        contact=finished_last_night, outcome=CustodyContact.Outcome.DECLINED
    )
    time_machine.move_to(datetime.datetime(2026, 12, 4, 22, 0, tzinfo=london), tick=False)
    finished_long_ago = make_contact(arrested_at=timezone.now())
    custody_contact_record_outcome(
        contact=finished_long_ago, outcome=CustodyContact.Outcome.ASSESSED
    )

    time_machine.move_to(datetime.datetime(2026, 12, 6, 1, 0, tzinfo=london), tick=False)
    client.force_login(custody_worker)
    response = client.get("/custody/today/")
    listed = [c.pk for c in response.context["contacts"]]
    assert listed == [days_ago.pk, late_last_night.pk, finished_last_night.pk]
    page = response.content.decode()
    assert "whatever day they were booked in" in page  # the page says what it holds
    assert "5 Dec, 23:50" in page  # an earlier day's arrest shows its date


def test_todays_filters_keep_what_they_name(
    midday, client, custody_worker, make_contact, make_person
):
    from custody.services import drug_test_record

    waiting = make_contact(offence="theft")
    positive = make_contact(offence="theft")
    drug_test_record(
        contact=positive,
        results={"opiates": "positive", "cocaine": "negative"},
        sample_taken_at=positive.arrested_at,
        by=custody_worker,
    )
    seen = make_contact(offence="assault")
    custody_contact_record_outcome(contact=seen, outcome=CustodyContact.Outcome.ASSESSED)
    client.force_login(custody_worker)

    def shown(show):
        response = client.get(f"/custody/today/?show={show}")
        return {c.pk for c in response.context["contacts"]}

    assert shown("") == {waiting.pk, positive.pk, seen.pk}
    assert shown("waiting") == {waiting.pk, positive.pk}
    assert shown("seen") == {seen.pk}
    assert shown("positive") == {positive.pk}
    assert shown("trigger") == {waiting.pk, positive.pk}  # theft is a trigger offence
    assert shown("nonsense") == shown("")
    page = client.get("/custody/today/?show=positive").content.decode()
    assert 'aria-current="page" href="/custody/today/?show=positive"' in page
    assert "fragment=table&amp;show=positive" in page  # the refresh keeps the filter


def test_the_same_custody_record_twice_creates_one_contact(make_contact, make_person):
    person = make_person()
    first = make_contact(person=person, custody_record_number="bhm-001")
    again = custody_contact_create(
        suite=first.suite,
        custody_record_number="BHM-001",
        arrested_at=first.arrested_at,
        offence_category=first.offence_category,
        person=person,
    )
    assert again.pk == first.pk
    assert CustodyContact.objects.count() == 1


def test_team_leader_sees_workload_across_suites(client, team_leader, make_contact):
    make_contact(suite_code="coventry")
    make_contact(suite_code="coventry")
    client.force_login(team_leader)
    suites = {s["name"]: s for s in client.get("/custody/team/").context["suites"]}
    assert suites["Riverside Custody Suite"]["detainees"] == 2
    assert suites["Riverside Custody Suite"]["not_seen"] == 2


def test_every_custody_contact_and_assessment_on_the_timeline_links_to_its_record(
    client, custody_worker, make_contact, make_person
):
    from django.urls import reverse

    from tests.assessments.answers import complete_assessment

    person = make_person()
    contact = make_contact(person=person)
    assessment = complete_assessment(person=person, by=custody_worker)
    client.force_login(custody_worker)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert f'href="{reverse("custody:contact", args=[contact.pk])}"' in page
    assessment_url = reverse("assessments:version", args=[person.pk, assessment.pk])
    assert page.count(f'href="{assessment_url}"') >= 2  # started, and completed
