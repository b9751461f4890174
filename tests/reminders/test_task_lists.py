"""My tasks and Team tasks: who sees which task, in what order, how people are named, and
marking a task done."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from reminders.models import Reminder, ReminderKind
from reminders.services import reminder_schedule, reminders_cancel
from tests.reminders.conftest import ago, later

SAFEGUARDING = ReminderKind.SAFEGUARDING_NOT_PICKED_UP
PSR = ReminderKind.PSR_DEADLINE
MY_TASKS = reverse("reminders:my_tasks")
TEAM_TASKS = reverse("reminders:team_tasks")


def _titles(response) -> list[str]:
    return [row.reminder.get_kind_display() for row in response.context["rows"]]


@pytest.fixture
def person(make_person):
    return make_person(given_name="Winifred", family_name="Quillfeather")


def test_my_tasks_lists_what_has_fallen_due_for_me_and_my_team_longest_overdue_first(
    midday, client, custody_worker, team_leader, ars, birmingham_service, make_person
):
    def task(kind, due_at, **for_whom):
        return reminder_schedule(kind=kind, subject=make_person(), due_at=due_at, **for_whom)

    task(PSR, ago(hours=2), organisation=ars)
    task(SAFEGUARDING, ago(days=3), organisation=ars)
    task(ReminderKind.DRR_REVIEW_DUE, ago(days=1), assignee=custody_worker)
    task(ReminderKind.CONTINUITY_DAY_14, later(days=1), organisation=ars)  # not due yet
    task(ReminderKind.DIVERT_OUTCOME_OVERDUE, ago(days=1), assignee=team_leader)  # a colleague's
    task(ReminderKind.REFERRAL_NOT_ACCEPTED, ago(days=1), provider_service=birmingham_service)
    client.force_login(custody_worker)
    response = client.get(MY_TASKS)
    assert response.status_code == 200
    assert _titles(response) == [
        "Safeguarding concern not picked up",
        "DRR review due",
        "Pre-sentence report deadline",
    ]
    assert response.content.decode().count("govuk-tag--red") == 2  # two are overdue


def test_team_tasks_shows_every_open_task_of_the_organisation_whoever_has_it(
    client, custody_worker, team_leader, ars, make_person, birmingham_service
):
    reminder_schedule(kind=PSR, subject=make_person(), due_at=ago(hours=1), organisation=ars)
    reminder_schedule(
        kind=SAFEGUARDING, subject=make_person(), due_at=ago(hours=2), assignee=custody_worker
    )
    reminder_schedule(
        kind=ReminderKind.REFERRAL_NOT_ACCEPTED, subject=make_person(), due_at=ago(hours=1),
        provider_service=birmingham_service,
    )  # fmt: skip
    client.force_login(team_leader)
    assert _titles(client.get(TEAM_TASKS)) == [
        "Safeguarding concern not picked up",
        "Pre-sentence report deadline",
    ]
    client.force_login(custody_worker)
    assert client.get(TEAM_TASKS).status_code == 404  # team leaders only


def test_a_provider_sees_the_tasks_of_their_provider_services_only(
    client, provider_birmingham, provider_coventry, make_person
):
    from organisations.models import ProviderService

    for slug in ("birmingham", "coventry"):
        reminder_schedule(
            kind=ReminderKind.REFERRAL_NOT_ACCEPTED, subject=make_person(), due_at=ago(hours=1),
            provider_service=ProviderService.objects.get(local_authority__slug=slug),
        )  # fmt: skip
    client.force_login(provider_birmingham)
    [row] = client.get(MY_TASKS).context["rows"]
    assert row.reminder.provider_service.local_authority.slug == "birmingham"


def test_tasks_name_the_person_by_reference_link_to_them_and_are_audited(
    client, custody_worker, ars, person
):
    reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=ago(hours=1), organisation=ars, note="Call back"
    )
    client.force_login(custody_worker)
    body = client.get(MY_TASKS).content.decode()
    assert person.reference in body
    assert "Winifred" not in body and "Quillfeather" not in body
    assert reverse("people:detail", args=[person.pk]) in body
    assert "Call back" in body
    log = AccessLog.objects.get(user=custody_worker, path=MY_TASKS)
    assert (log.action, log.person_id) == (AccessLog.Action.LIST, person.pk)


def test_a_person_not_shared_with_a_provider_is_not_named_in_their_tasks(
    client, provider_birmingham, birmingham_service, person
):
    reminder_schedule(
        kind=ReminderKind.REFERRAL_NOT_ACCEPTED, subject=person, due_at=ago(hours=1),
        provider_service=birmingham_service, note="About Winifred",
    )  # fmt: skip
    client.force_login(provider_birmingham)
    body = client.get(MY_TASKS).content.decode()
    assert "Referral not accepted in time" in body
    assert "Not shared with you" in body
    for hidden in (person.reference, "Winifred", str(person.pk)):
        assert hidden not in body
    assert not AccessLog.objects.filter(user=provider_birmingham, person_id=person.pk).exists()


def test_marking_a_task_done_takes_it_off_the_lists(client, custody_worker, ars, person):
    task = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=ago(hours=1), organisation=ars
    )
    client.force_login(custody_worker)
    response = client.post(reverse("reminders:task_done", args=[task.pk]), {"note": "Synthetic"})
    assert response.status_code == 302 and response["Location"] == MY_TASKS
    task.refresh_from_db()
    assert task.done_by == custody_worker and task.done_at is not None
    assert _titles(client.get(MY_TASKS)) == []
    assert AccessLog.objects.filter(
        user=custody_worker, action=AccessLog.Action.CHANGE, object_id=str(task.pk)
    ).exists()


def test_a_team_leader_marking_done_from_team_tasks_goes_back_there(
    client, team_leader, custody_worker, person
):
    task = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=ago(hours=1), assignee=custody_worker
    )
    client.force_login(team_leader)
    response = client.post(
        reverse("reminders:task_done", args=[task.pk]), {"from": "team", "note": "Synthetic"}
    )
    assert response["Location"] == TEAM_TASKS


def test_a_task_that_closes_when_its_cause_is_resolved_cannot_be_marked_done(
    client, custody_worker, ars, person
):
    task = reminder_schedule(kind=PSR, subject=person, due_at=ago(hours=1), organisation=ars)
    client.force_login(custody_worker)
    assert client.post(reverse("reminders:task_done", args=[task.pk])).status_code == 404
    assert "Closes when resolved" in client.get(MY_TASKS).content.decode()
    reminders_cancel(subject=person, reason="Report sent")
    assert _titles(client.get(MY_TASKS)) == []


def test_nobody_can_mark_done_a_task_they_cannot_see(
    client, provider_birmingham, custody_worker2, team_leader, custody_worker, person
):
    task = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=ago(hours=1), assignee=team_leader
    )
    for outsider in (provider_birmingham, custody_worker):
        client.force_login(outsider)
        assert client.post(reverse("reminders:task_done", args=[task.pk])).status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


def test_cancelled_tasks_and_appointment_texts_are_not_in_the_lists(
    client, custody_worker, ars, person, make_person
):
    reminder_schedule(kind=SAFEGUARDING, subject=person, due_at=ago(hours=1), organisation=ars)
    reminders_cancel(subject=person)
    texted = make_person(phone="07700 900123", contact_by_sms=True)
    reminder_schedule(
        kind=ReminderKind.APPOINTMENT_SMS, subject=texted, due_at=ago(hours=1), note="Today"
    )
    client.force_login(custody_worker)
    assert _titles(client.get(MY_TASKS)) == []
    assert Reminder.objects.count() == 2


def test_the_task_lists_are_paginated(client, custody_worker, ars, make_person):
    import datetime

    from django.contrib.contenttypes.models import ContentType

    from people.models import Person

    people = Person.objects.bulk_create(
        Person(reference=f"PG-{n:04d}", given_name="Page", family_name=f"Test{n}",
               date_of_birth=datetime.date(1990, 1, 1))
        for n in range(30)
    )  # fmt: skip
    person_type = ContentType.objects.get_for_model(Person)
    Reminder.objects.bulk_create(
        Reminder(kind=PSR, subject_type=person_type, subject_id=str(p.pk), person=p,
                 organisation=ars, due_at=ago(hours=n + 1), send_after=ago(hours=n + 1))
        for n, p in enumerate(people)
    )  # fmt: skip
    client.force_login(custody_worker)
    first = client.get(MY_TASKS)
    assert len(first.context["rows"]) == 25
    assert "30 tasks" in first.content.decode()
    second = client.get(MY_TASKS, {"page": 2})
    assert len(second.context["rows"]) == 5
    # Oldest due first, across pages.
    assert first.context["rows"][0].reminder.person.reference == "PG-0029"
    assert second.context["rows"][-1].reminder.person.reference == "PG-0000"


def test_my_tasks_is_in_the_navigation_of_those_who_have_tasks(
    client, custody_worker, team_leader, provider_birmingham, police_officer
):
    for user, expected in (
        (custody_worker, {"My tasks"}),
        (team_leader, {"My tasks", "Team tasks"}),
        (provider_birmingham, {"My tasks"}),
        (police_officer, set()),
    ):
        client.force_login(user)
        body = client.get("/", follow=True).content.decode()
        shown = {label for label in ("My tasks", "Team tasks") if f">{label}</a>" in body}
        assert shown == expected, user.username


def test_a_task_about_any_record_links_to_its_page(client, custody_worker, ars, make_contact):
    from custody.services import drug_test_record

    contact = make_contact()
    drug_test_record(
        contact=contact,
        results={"opiates": "positive", "cocaine": "negative"},
        sample_taken_at=contact.arrested_at,
        by=custody_worker,
    )
    required = contact.required_assessment  # an integer primary key, its person through the contact
    reminder_schedule(
        kind=ReminderKind.REQUIRED_ASSESSMENT_NON_ATTENDANCE, subject=required,
        person=contact.person, due_at=ago(hours=1), organisation=ars,
    )  # fmt: skip
    client.force_login(custody_worker)
    [row] = client.get(MY_TASKS).context["rows"]
    assert row.reminder.subject == required
    # The required assessment's own place (the contact page), which names the person.
    assert row.url == f"/custody/contacts/{contact.pk}/#required"
