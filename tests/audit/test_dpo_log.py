"""The data protection officer's view: who looked at this person, what did this user look at,
between dates; exportable, and the export is logged."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from audit.models import AccessLog
from people.services import person_merge


@pytest.fixture
def reads(client, custody_worker, team_leader, make_person):
    """Two people; the custody worker reads one, the team leader reads both."""
    first, second = make_person(family_name="Alpha"), make_person(family_name="Beta")
    client.force_login(custody_worker)
    client.get(reverse("people:detail", args=[first.pk]))
    client.force_login(team_leader)
    client.get(reverse("people:detail", args=[first.pk]))
    client.get(reverse("people:detail", args=[second.pk]))
    return first, second


def _entries(client, **query):
    response = client.get(reverse("audit:log"), query)
    assert response.status_code == 200
    return list(response.context["page"])


def test_who_looked_at_this_persons_record(client, administrator, reads):
    first, _ = reads
    client.force_login(administrator)
    entries = _entries(client, person_reference=first.reference.lower())
    assert {e.user.username for e in entries} == {"custody.worker", "team.leader"}
    assert all(e.person_id == first.pk for e in entries)
    page = client.get(reverse("audit:log"), {"person_reference": first.reference})
    assert f'app-reference">{first.reference}</td>' in page.content.decode()
    assert first.family_name not in page.content.decode()  # references only, never names


def test_what_did_this_user_look_at(client, administrator, reads):
    first, _second = reads
    client.force_login(administrator)
    entries = _entries(client, username="custody.worker")
    assert {e.person_id for e in entries} == {first.pk}


def test_reads_of_a_merged_record_stay_with_the_person(
    client, administrator, reads, custody_worker
):
    first, second = reads
    person_merge(survivor=first, removed=second, by=custody_worker, reason="Same person")
    client.force_login(administrator)
    entries = _entries(client, person_reference=first.reference)
    assert second.pk in {e.person_id for e in entries}  # read before the merge, under its old id


def test_filter_by_dates(client, administrator, custody_worker, make_person):
    person = make_person()
    client.force_login(custody_worker)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)):
        client.get(reverse("people:detail", args=[person.pk]))
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)):
        client.get(reverse("people:detail", args=[person.pk]))
    client.force_login(administrator)
    march = _entries(
        client, person_reference=person.reference,
        date_from_0="1", date_from_1="3", date_from_2="2026",
        date_to_0="31", date_to_1="3", date_to_2="2026",
    )  # fmt: skip
    assert len(march) == 1 and march[0].at.month == 3


def test_dates_the_wrong_way_round_are_a_clear_error(client, administrator):
    client.force_login(administrator)
    response = client.get(
        reverse("audit:log"),
        {"date_from_0": "2", "date_from_1": "3", "date_from_2": "2026",
         "date_to_0": "1", "date_to_1": "3", "date_to_2": "2026"},
    )  # fmt: skip
    assert "govuk-error-summary" in response.content.decode()


def test_the_export_is_the_filtered_log_and_is_itself_logged(client, administrator, reads):
    first, _ = reads
    client.force_login(administrator)
    response = client.get(reverse("audit:export"), {"person_reference": first.reference})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["when", "username", "action"]
    assert {row[1] for row in rows[1:]} == {"custody.worker", "team.leader"}
    export = AccessLog.objects.get(action="export")
    assert export.user == administrator and first.reference in export.detail


def test_only_the_administrator_reads_the_log(client, custody_worker, team_leader):
    for user in (custody_worker, team_leader):
        client.force_login(user)
        assert client.get(reverse("audit:export")).status_code == 404
