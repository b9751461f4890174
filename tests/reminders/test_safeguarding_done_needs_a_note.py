"""Marking a safeguarding task done needs a note of what was done (issue 23): the note is kept
with the completion; a blank one is a form error and nothing is marked."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reminders.models import ReminderKind
from reminders.services import reminder_mark_done, reminder_schedule
from tests.reminders.conftest import ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(make_person, ars):
    return reminder_schedule(
        kind=ReminderKind.SAFEGUARDING_NOT_PICKED_UP,
        subject=make_person(),
        due_at=ago(hours=1),
        organisation=ars,
    )


def test_safeguarding_done_needs_a_note(client, custody_worker, task):
    client.force_login(custody_worker)
    url = reverse("reminders:task_done", args=[task.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="note"' in page.content.decode()
    response = client.post(url, {"note": "   "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Say what was done" in body
    task.refresh_from_db()
    assert task.done_at is None


def test_safeguarding_done_keeps_its_note_with_the_completion(client, custody_worker, task):
    client.force_login(custody_worker)
    response = client.post(
        reverse("reminders:task_done", args=[task.pk]),
        {"note": "Referred to the MASH; social worker informed."},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_by == custody_worker and task.done_at is not None
    assert task.done_note == "Referred to the MASH; social worker informed."


def test_safeguarding_done_without_a_note_is_refused_by_the_service(custody_worker, task):
    with pytest.raises(ValidationError) as refused:
        reminder_mark_done(reminder=task, by=custody_worker)
    assert "note" in refused.value.message_dict
    task.refresh_from_db()
    assert task.done_at is None


def test_the_task_list_links_a_safeguarding_task_to_its_note_page(client, custody_worker, task):
    client.force_login(custody_worker)
    body = client.get(reverse("reminders:my_tasks")).content.decode()
    assert reverse("reminders:task_done", args=[task.pk]) in body
