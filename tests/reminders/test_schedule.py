"""Scheduling and cancelling reminders: the public API other apps use."""

import pytest
from django.db import IntegrityError, transaction

from reminders.models import Reminder, ReminderKind
from reminders.services import reminder_deliver, reminder_schedule, reminders_cancel
from tests.reminders.conftest import ago, later

SAFEGUARDING = ReminderKind.SAFEGUARDING_NOT_PICKED_UP


def test_scheduling_the_same_reminder_twice_keeps_one_row_with_the_new_time(make_person, ars):
    person = make_person()
    first = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=later(days=1), organisation=ars
    )
    second = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=later(days=2), organisation=ars, note="Changed"
    )
    assert second.pk == first.pk
    assert Reminder.objects.count() == 1
    reminder = Reminder.objects.get()
    assert reminder.due_at == second.due_at
    assert reminder.send_after == second.due_at
    assert reminder.note == "Changed"


def test_the_database_allows_only_one_waiting_reminder_per_kind_and_subject(make_person, ars):
    person = make_person()
    reminder = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=later(days=1), organisation=ars
    )
    copy = Reminder(
        kind=reminder.kind, subject_type=reminder.subject_type, subject_id=reminder.subject_id,
        organisation=ars, due_at=reminder.due_at, send_after=reminder.due_at,
    )  # fmt: skip
    with (
        pytest.raises(IntegrityError, match="reminder_one_pending_per_kind_and_subject"),
        transaction.atomic(),
    ):
        copy.save()


def test_different_kinds_about_the_same_subject_are_different_reminders(make_person, ars):
    person = make_person()
    for kind in (ReminderKind.CONTINUITY_DAY_14, ReminderKind.CONTINUITY_DAY_21):
        reminder_schedule(kind=kind, subject=person, due_at=later(days=14), organisation=ars)
    assert Reminder.objects.count() == 2


def test_a_reminder_is_kept_or_lost_with_the_change_that_causes_it(make_person, ars):
    person = make_person()
    with pytest.raises(RuntimeError), transaction.atomic():
        reminder_schedule(kind=SAFEGUARDING, subject=person, due_at=later(days=1), organisation=ars)
        raise RuntimeError("the change that caused it failed")
    assert not Reminder.objects.exists()


def test_subjects_with_integer_or_uuid_keys_and_their_person(make_contact, custody_worker, ars):
    from custody.services import drug_test_record

    contact = make_contact()
    drug_test_record(
        contact=contact,
        results={"opiates": "positive", "cocaine": "negative"},
        sample_taken_at=contact.arrested_at,
        by=custody_worker,
    )
    required = contact.required_assessment  # an integer primary key
    reminder = reminder_schedule(
        kind=ReminderKind.REQUIRED_ASSESSMENT_NON_ATTENDANCE, subject=required,
        due_at=later(days=7), organisation=ars,
    )  # fmt: skip
    on_contact = reminder_schedule(
        kind=ReminderKind.SAFEGUARDING_NOT_PICKED_UP, subject=contact,  # a UUID primary key
        due_at=later(days=1), assignee=custody_worker,
    )  # fmt: skip
    reminder.refresh_from_db()
    assert reminder.subject == required
    assert reminder.subject_id == str(required.pk)
    assert on_contact.subject == contact
    # The person is found from the subject when not given.
    assert on_contact.person == contact.person


def test_a_staff_reminder_must_be_for_someone(make_person):
    with pytest.raises(ValueError, match="assignee, an organisation or a service"):
        reminder_schedule(kind=SAFEGUARDING, subject=make_person(), due_at=later(days=1))


def test_an_appointment_text_needs_a_person(ars):
    with pytest.raises(ValueError, match="needs the person"):
        reminder_schedule(kind=ReminderKind.APPOINTMENT_SMS, subject=ars, due_at=later(days=1))


def test_unknown_kinds_and_naive_times_are_refused(make_person, ars):
    import datetime

    with pytest.raises(ValueError, match="Unknown reminder kind"):
        reminder_schedule(kind="nonsense", subject=ars, due_at=later(days=1), organisation=ars)
    with pytest.raises(ValueError, match="timezone-aware"):
        reminder_schedule(
            kind=SAFEGUARDING, subject=make_person(), organisation=ars,
            due_at=datetime.datetime(2030, 1, 1, 9, 0),
        )  # fmt: skip


def test_a_reminder_cancelled_before_it_is_due_is_not_sent(make_person, ars, gateway, broker):
    person = make_person()
    reminder = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=ago(minutes=1), organisation=ars
    )
    assert reminders_cancel(subject=person, reason="Picked up by the duty worker") == 1
    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.CANCELLED
    assert reminder.cancel_reason == "Picked up by the duty worker"
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "not_claimed"
    assert gateway.records(ok=None) == []


def test_cancelling_only_the_listed_kinds(make_person, ars):
    person = make_person()
    for kind in (ReminderKind.CONTINUITY_DAY_14, ReminderKind.CONTINUITY_DAY_21):
        reminder_schedule(kind=kind, subject=person, due_at=later(days=14), organisation=ars)
    assert reminders_cancel(subject=person, kinds=[ReminderKind.CONTINUITY_DAY_14]) == 1
    states = dict(Reminder.objects.values_list("kind", "state"))
    assert states == {"continuity_day_14": "cancelled", "continuity_day_21": "pending"}
    with pytest.raises(ValueError, match="Unknown reminder kinds"):
        reminders_cancel(subject=person, kinds=["nonsense"])


def test_cancelling_closes_the_task_of_a_reminder_already_sent(make_person, ars, gateway, broker):
    person = make_person()
    reminder = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=ago(minutes=1), organisation=ars
    )
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "sent"
    assert reminders_cancel(subject=person, reason="Resolved") == 1
    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SENT  # it went; it cannot be called back
    assert reminder.done_at is not None and reminder.done_note == "Resolved"
    assert len(gateway.records()) == 1


def test_scheduling_again_after_it_was_sent_makes_a_new_reminder(make_person, ars, gateway, broker):
    person = make_person()
    first = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=ago(minutes=1), organisation=ars
    )
    reminder_deliver(reminder_id=first.pk)
    second = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=later(days=1), organisation=ars
    )
    assert second.pk != first.pk
    assert Reminder.objects.count() == 2


def test_reminders_about_a_merged_person_follow_them_to_the_surviving_record(
    make_person, ars, custody_worker
):
    from people.services import person_merge

    survivor, removed = make_person(family_name="Survivor"), make_person(family_name="Removed")
    kept = reminder_schedule(
        kind=ReminderKind.CONTINUITY_DAY_14, subject=removed, due_at=later(days=1), organisation=ars
    )
    reminder_schedule(kind=SAFEGUARDING, subject=survivor, due_at=later(days=1), organisation=ars)
    duplicate = reminder_schedule(
        kind=SAFEGUARDING, subject=removed, due_at=later(days=2), organisation=ars
    )
    person_merge(survivor=survivor, removed=removed, by=custody_worker, reason="Same person")
    kept.refresh_from_db()
    assert (kept.subject, kept.person, kept.state) == (survivor, survivor, Reminder.State.PENDING)
    duplicate.refresh_from_db()
    assert duplicate.state == Reminder.State.CANCELLED
    assert Reminder.objects.filter(subject_id=str(survivor.pk), state="pending").count() == 2


def test_beat_wakes_the_reminders_every_minute_and_drops_a_stale_wake_up(db):
    from django_celery_beat.schedulers import ModelEntry

    from referral_service.celery import app

    entry = app.conf.beat_schedule["reminders-scan"]
    assert entry["task"] == "reminders.tasks.reminders_scan" and entry["schedule"] == 60.0
    # As django-celery-beat's DatabaseScheduler stores it, and sends it.
    model = ModelEntry.from_entry("reminders-scan", app=app, **entry).model
    assert model.expire_seconds == 55
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
