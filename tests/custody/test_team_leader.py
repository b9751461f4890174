"""The team leader's day (issue 23): workload lines that link to the lists they count, giving a
contact or a task to a worker of the team, and handover notes on a contact."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from custody.models import CustodyContact, HandoverNote
from custody.services import contact_assign, custody_contact_record_outcome
from organisations.models import Organisation
from reminders.models import ReminderKind
from reminders.services import reminder_schedule, task_assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_teams_worker(db):
    """A custody worker of another arrest referral team."""
    other = Organisation.objects.create(
        name="Synthetic Other Arrest Referral Team", kind=Organisation.Kind.ARREST_REFERRAL
    )
    return get_user_model().objects.create_user(
        username="other.team.worker", role="custody_worker", organisation=other
    )


def _links(html: str) -> dict[str, str]:
    """The team page's links to its lists, by their visible and hidden words."""
    found = {}
    for href, inner in re.findall(r'<a class="govuk-link" href="([^"]+)">(.*?)</a>', html, re.S):
        found[re.sub(r"<[^>]+>", "", inner).strip()] = href.replace("&amp;", "&")
    return found


def test_workload_links_go_to_the_lists_with_matching_counts(
    midday, client, team_leader, custody_worker, make_contact
):
    waiting = make_contact(suite_code="coventry")
    seen = make_contact(suite_code="coventry")
    not_seen = make_contact(suite_code="coventry")
    custody_contact_record_outcome(
        contact=seen, outcome="assessed", seen_at=timezone.now(), by=custody_worker
    )
    custody_contact_record_outcome(
        contact=not_seen, outcome="not_seen", not_seen_reason="asleep", by=custody_worker
    )
    make_contact(suite_code="coventry", arrested_at=timezone.now() - datetime.timedelta(days=1))
    task = reminder_schedule(
        kind=ReminderKind.PSR_DEADLINE,
        subject=waiting.person,
        due_at=timezone.now() - datetime.timedelta(hours=1),
        organisation=custody_worker.organisation,
    )
    client.force_login(team_leader)
    links = _links(client.get(reverse("custody:team")).content.decode())
    expected = {
        "3 detainees at Riverside Custody Suite": {waiting, seen, not_seen},
        "1 seen at Riverside Custody Suite": {seen},
        "2 not seen yet at Riverside Custody Suite": {waiting, not_seen},
    }
    for words, contacts in expected.items():
        page = client.get(links[words])
        assert page.status_code == 200, words
        assert set(page.context["contacts"]) == contacts, words
    tasks = client.get(links["1 team tasks due"])
    assert [row.reminder for row in tasks.context["rows"]] == [task]
    unassigned = client.get(links["1 team tasks not given to anyone"])
    assert [row.reminder for row in unassigned.context["rows"]] == [task]
    task_assign(reminder=task, to=custody_worker, by=team_leader)
    links = _links(client.get(reverse("custody:team")).content.decode())
    assert client.get(links["0 team tasks not given to anyone"]).context["rows"] == []


def test_a_workload_list_of_an_unknown_suite_is_not_found(client, team_leader, custody_worker):
    client.force_login(team_leader)
    assert client.get(reverse("custody:team_contacts") + "?suite=nowhere").status_code == 404
    client.force_login(custody_worker)
    assert client.get(reverse("custody:team_contacts") + "?suite=coventry").status_code == 404


def test_assignment_only_to_a_worker_of_the_same_team(
    client, team_leader, custody_worker2, other_teams_worker, make_contact
):
    contact = make_contact()
    url = reverse("custody:contact_assign", args=[contact.pk])
    client.force_login(team_leader)
    refused = client.post(url, {"assignee": other_teams_worker.pk})
    assert refused.status_code == 400
    assert "Choose a worker of your team" in refused.content.decode()
    assert CustodyContact.objects.get(pk=contact.pk).assigned_to is None
    with pytest.raises(ValidationError) as error:
        contact_assign(contact=contact, to=other_teams_worker, by=team_leader)
    assert "assignee" in error.value.message_dict

    assert client.post(url, {"assignee": custody_worker2.pk}).status_code == 302
    assert CustodyContact.objects.get(pk=contact.pk).assigned_to == custody_worker2
    assert AccessLog.objects.filter(
        user=team_leader,
        action=AccessLog.Action.CHANGE,
        object_id=str(contact.pk),
        detail=f"assigned to accounts.user:{custody_worker2.pk}",
    ).exists()
    # The worker sees it on their Today page, though it is at another suite than theirs.
    client.force_login(custody_worker2)
    today = client.get(reverse("custody:today"))
    assert contact in today.context["given"]
    assert "Given to you" in today.content.decode()


@pytest.mark.parametrize(
    "outsider", ["custody_worker", "provider_birmingham", "police_officer", "opcc_analyst"]
)
def test_only_a_team_leader_may_assign(request, client, outsider, make_contact, custody_worker2):
    contact = make_contact()
    task = reminder_schedule(
        kind=ReminderKind.PSR_DEADLINE,
        subject=contact.person,
        due_at=timezone.now() - datetime.timedelta(hours=1),
        organisation=custody_worker2.organisation,
    )
    client.force_login(request.getfixturevalue(outsider))
    for url in (
        reverse("custody:contact_assign", args=[contact.pk]),
        reverse("reminders:task_assign", args=[task.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"assignee": custody_worker2.pk}).status_code == 404


def test_task_assignment_only_to_a_worker_of_the_same_team(
    client, team_leader, custody_worker, custody_worker2, other_teams_worker, make_person
):
    task = reminder_schedule(
        kind=ReminderKind.SAFEGUARDING_NOT_PICKED_UP,
        subject=make_person(),
        due_at=timezone.now() - datetime.timedelta(hours=1),
        organisation=custody_worker.organisation,
    )
    url = reverse("reminders:task_assign", args=[task.pk])
    client.force_login(team_leader)
    refused = client.post(url, {"assignee": other_teams_worker.pk})
    assert refused.status_code == 400
    assert "Choose a worker of your team" in refused.content.decode()
    with pytest.raises(ValidationError):
        task_assign(reminder=task, to=other_teams_worker, by=team_leader)

    assert client.post(url, {"assignee": custody_worker2.pk}).status_code == 302
    task.refresh_from_db()
    assert task.assignee == custody_worker2
    assert AccessLog.objects.filter(
        user=team_leader, action=AccessLog.Action.CHANGE, object_id=str(task.pk)
    ).exists()
    client.force_login(custody_worker2)
    mine = client.get(reverse("reminders:my_tasks"))
    assert [row.reminder for row in mine.context["rows"]] == [task]
    client.force_login(custody_worker)  # no longer the whole team's
    assert client.get(reverse("reminders:my_tasks")).context["rows"] == []


def test_handover_note_appended_and_shown(client, custody_worker, custody_worker2, make_contact):
    contact = make_contact()
    url = reverse("custody:contact_part", args=[contact.pk, "note"])
    client.force_login(custody_worker)
    form = {"text": "Asked for a call back after 6pm.", "submit_token": str(uuid.uuid4())}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # the same form again: one note
    client.force_login(custody_worker2)
    client.post(url, {"text": "Solicitor arriving at 9.", "submit_token": ""})
    notes = list(HandoverNote.objects.filter(contact=contact).order_by("created_at"))
    assert [(n.text, n.created_by) for n in notes] == [
        ("Asked for a call back after 6pm.", custody_worker),
        ("Solicitor arriving at 9.", custody_worker2),
    ]
    page = client.get(reverse("custody:contact", args=[contact.pk])).content.decode()
    assert "Asked for a call back after 6pm." in page and "Solicitor arriving at 9." in page
    assert "Custody Worker Two" in page
    assert f"{timezone.localtime(notes[0].created_at):%-d %B %Y %H:%M}" in page


def test_a_blank_handover_note_is_a_form_error(client, custody_worker, make_contact):
    contact = make_contact()
    client.force_login(custody_worker)
    response = client.post(
        reverse("custody:contact_part", args=[contact.pk, "note"]), {"text": "  "}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "Enter the handover note" in response.content.decode()
    assert not HandoverNote.objects.exists()
