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
    make_contact(arrested_at=now - datetime.timedelta(days=2))
    client.force_login(custody_worker)
    response = client.get("/custody/today/")
    assert [c.pk for c in response.context["contacts"]] == [early.pk, late.pk, seen.pk]
    assert response.context["waiting"] == 2


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
