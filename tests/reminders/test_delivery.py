"""Sending one reminder: claims, the hand-over, retries, reconciliation after a worker died,
what the messages say and to whom. In this process, through the services the tasks call; the
real Celery workers are in test_workers.py."""

import datetime
import uuid

import pytest
from django.core import mail
from django.db.models import F

from reminders.gateways import FakeGateway, LiveGateway
from reminders.models import Reminder, ReminderKind
from reminders.services import (
    reminder_deliver,
    reminder_mark_done,
    reminder_reconcile,
    reminder_schedule,
    reminders_cancel,
    reminders_scan,
)
from tests.reminders.conftest import ago, later

SAFEGUARDING = ReminderKind.SAFEGUARDING_NOT_PICKED_UP
State = Reminder.State


@pytest.fixture
def reminder(make_person, ars):
    person = make_person(given_name="Florence", family_name="Nameless")
    return reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=ago(hours=1), organisation=ars,
        note="Florence said her brother is being exploited",
    )  # fmt: skip


def _simulate_dead_worker(reminder, *, handed_over: bool) -> None:
    """Leave the row as a worker killed an hour ago would have: claimed, perhaps handed over."""
    an_hour_ago = ago(hours=1)
    Reminder.objects.filter(pk=reminder.pk).update(
        state=State.SENDING,
        claim_token=uuid.uuid4(),
        claimed_at=an_hour_ago,
        handed_over_at=an_hour_ago if handed_over else None,
        attempts=F("attempts") + (1 if handed_over else 0),
    )


def test_a_due_reminder_is_emailed_to_its_team_once(reminder, gateway, broker, team_leader):
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "sent"
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "not_claimed"  # idempotent
    reminder.refresh_from_db()
    assert reminder.state == State.SENT and reminder.sent_at and reminder.attempts == 1
    [sent] = gateway.records()
    assert sent["channel"] == "email" and sent["reference"] == str(reminder.pk)
    assert sorted(sent["to"]) == ["custody.worker@example.org", "team.leader@example.org"]


def test_a_reminder_not_due_yet_is_not_claimed(make_person, ars, gateway):
    person = make_person()
    waiting = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=later(hours=1), organisation=ars
    )
    assert reminder_deliver(reminder_id=waiting.pk).outcome == "not_claimed"
    assert gateway.records(ok=None) == []


def test_a_reminder_for_one_user_is_emailed_to_them_only(make_person, custody_worker, gateway):
    person = make_person()
    mine = reminder_schedule(
        kind=SAFEGUARDING, subject=person, due_at=ago(hours=1), assignee=custody_worker
    )
    reminder_deliver(reminder_id=mine.pk)
    assert [r["to"] for r in gateway.records()] == [["custody.worker@example.org"]]


def test_the_email_names_nobody_and_gives_the_persons_reference(reminder, gateway, broker):
    reminder_deliver(reminder_id=reminder.pk)
    [sent] = gateway.records()
    text = sent["subject"] + "\n" + sent["body"]
    assert reminder.person.reference in text
    assert "Safeguarding concern not picked up" in text
    for personal in ("Florence", "Nameless", "brother", "exploited", "1990"):
        assert personal not in text
    assert "http://127.0.0.1:8000/tasks/" in sent["body"]


def test_the_live_gateway_emails_through_djangos_email_backend(reminder, settings, broker):
    settings.REMINDERS_GATEWAY = "reminders.gateways.LiveGateway"
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "sent"
    [email] = mail.outbox
    assert (
        email.subject
        == f"Task due: Safeguarding concern not picked up ({reminder.person.reference})"
    )
    assert email.extra_headers["X-Reminder-Reference"] == str(reminder.pk)
    assert "Florence" not in email.body


def test_a_claim_never_handed_over_is_taken_over_after_the_lease(reminder, gateway):
    _simulate_dead_worker(reminder, handed_over=False)
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "sent"
    reminder.refresh_from_db()
    assert reminder.attempts == 1
    assert len(gateway.records()) == 1


def test_a_live_claim_is_not_taken_over(reminder, gateway):
    Reminder.objects.filter(pk=reminder.pk).update(
        state=State.SENDING, claim_token=uuid.uuid4(), claimed_at=ago(seconds=5)
    )
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "not_claimed"
    assert gateway.records(ok=None) == []


def test_a_reminder_handed_over_is_never_simply_sent_again(reminder, gateway):
    _simulate_dead_worker(reminder, handed_over=True)
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "not_claimed"
    assert gateway.records(ok=None) == []


def test_a_dead_workers_reminder_the_gateway_took_is_recorded_sent_not_sent_again(
    reminder, gateway
):
    from reminders.services import _message_for

    gateway.send(_message_for(reminder))  # the gateway took it; then the worker was killed
    _simulate_dead_worker(reminder, handed_over=True)
    assert reminder_reconcile(reminder_id=reminder.pk) == "confirmed"
    reminder.refresh_from_db()
    assert reminder.state == State.SENT
    assert reminder.last_error == "Confirmed by the gateway after the worker stopped"
    assert len(gateway.records()) == 1


def test_a_dead_workers_reminder_the_gateway_never_got_is_sent_once(reminder, gateway):
    _simulate_dead_worker(reminder, handed_over=True)
    assert reminder_reconcile(reminder_id=reminder.pk) == "sent again"
    reminder.refresh_from_db()
    assert reminder.state == State.SENT
    assert reminder.attempts == 2
    assert len(gateway.records()) == 1


def test_an_email_in_doubt_is_not_sent_again_since_a_mail_server_cannot_be_asked(
    reminder, settings
):
    settings.REMINDERS_GATEWAY = "reminders.gateways.LiveGateway"
    _simulate_dead_worker(reminder, handed_over=True)
    assert LiveGateway().lookup(reference=str(reminder.pk), channel="email") is None
    assert reminder_reconcile(reminder_id=reminder.pk) == "unconfirmed"
    reminder.refresh_from_db()
    assert reminder.state == State.SENT
    assert "not sent again" in reminder.last_error
    assert mail.outbox == []


def test_reconciling_a_row_whose_lease_has_not_run_out_does_nothing(reminder, gateway):
    Reminder.objects.filter(pk=reminder.pk).update(
        state=State.SENDING, claim_token=uuid.uuid4(), claimed_at=ago(seconds=1),
        handed_over_at=ago(seconds=1),
    )  # fmt: skip
    assert reminder_reconcile(reminder_id=reminder.pk) == "nothing to do"
    assert gateway.records(ok=None) == []


def test_gateway_errors_are_retried_with_growing_back_off_and_counted(reminder, gateway, settings):
    settings.REMINDERS = {**settings.REMINDERS, "RETRY_BASE_SECONDS": 10}
    gateway.fail_next(2)
    first = reminder_deliver(reminder_id=reminder.pk)
    assert first.outcome == "retry" and 10 <= first.retry_in <= 11
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (State.PENDING, 1)
    assert reminder.last_error == "The fake gateway was told to fail"
    # Not before its back-off: the next try is refused until then...
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "not_claimed"
    # ...and made once it has passed.
    Reminder.objects.filter(pk=reminder.pk).update(send_after=ago(seconds=1))
    second = reminder_deliver(reminder_id=reminder.pk)
    assert second.outcome == "retry" and 20 <= second.retry_in <= 22
    Reminder.objects.filter(pk=reminder.pk).update(send_after=ago(seconds=1))
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "sent"
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts, reminder.last_error) == (State.SENT, 3, "")
    assert len(gateway.records(ok=False)) == 2
    assert len(gateway.records()) == 1


def test_gateway_errors_stop_after_the_last_attempt(reminder, gateway, settings):
    settings.REMINDERS = {**settings.REMINDERS, "MAX_ATTEMPTS": 3, "RETRY_BASE_SECONDS": 0}
    gateway.fail_next(99)
    outcomes = [reminder_deliver(reminder_id=reminder.pk).outcome for _ in range(4)]
    assert outcomes == ["retry", "retry", "failed", "not_claimed"]
    reminder.refresh_from_db()
    assert reminder.state == State.FAILED and reminder.attempts == 3
    assert reminder.last_error.startswith("Gave up after 3 attempts")


def test_a_text_refused_for_good_is_not_retried(make_person, settings):
    settings.REMINDERS_GATEWAY = "reminders.gateways.LiveGateway"
    settings.NOTIFY_API_KEY = ""
    person = make_person(phone="07700 900123", contact_by_sms=True)
    text = reminder_schedule(
        kind=ReminderKind.APPOINTMENT_SMS, subject=person, due_at=ago(minutes=1),
        note="Tuesday 3 March at 10:30, Brindley Hub",
    )  # fmt: skip
    assert reminder_deliver(reminder_id=text.pk).outcome == "failed"
    text.refresh_from_db()
    assert text.state == State.FAILED and "not configured" in text.last_error


def test_an_appointment_text_goes_only_to_a_person_who_consented(make_person, gateway):
    consenting = make_person(family_name="Yes", phone="07700 900123", contact_by_sms=True)
    declining = make_person(family_name="No", phone="07700 900456", contact_by_sms=False)
    texts = {
        person: reminder_schedule(
            kind=ReminderKind.APPOINTMENT_SMS,
            subject=person,
            due_at=ago(minutes=1),
            note="Tuesday 3 March at 10:30, Brindley Hub",
        )
        for person in (consenting, declining)
    }
    assert reminder_deliver(reminder_id=texts[consenting].pk).outcome == "sent"
    assert reminder_deliver(reminder_id=texts[declining].pk).outcome == "cancelled"
    [sent] = gateway.records()
    assert sent["channel"] == "sms" and sent["to"] == ["07700 900123"]
    assert sent["personalisation"] == {"appointment": "Tuesday 3 March at 10:30, Brindley Hub"}
    texts[declining].refresh_from_db()
    assert texts[declining].cancel_reason == "The person has not consented to text reminders"


def test_consent_to_texts_withdrawn_after_scheduling_stops_the_text(make_person, gateway):
    from people.services import person_update

    person = make_person(phone="07700 900123", contact_by_sms=True)
    text = reminder_schedule(
        kind=ReminderKind.APPOINTMENT_SMS, subject=person, due_at=ago(minutes=1), note="Today"
    )
    person_update(person=person, by=None, contact_by_sms=False)
    assert reminder_deliver(reminder_id=text.pk).outcome == "cancelled"
    assert gateway.records(ok=None) == []


def test_a_reminder_whose_subject_no_longer_exists_is_cancelled(make_person, ars, gateway):
    from people.models import PersonFlag

    person = make_person()
    flag = PersonFlag.objects.create(person=person, kind="safeguarding")
    reminder = reminder_schedule(
        kind=SAFEGUARDING, subject=flag, due_at=ago(minutes=1), organisation=ars
    )
    flag.delete()
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "cancelled"
    assert gateway.records(ok=None) == []


def test_a_team_with_nobody_to_email_still_has_its_task(make_person, birmingham_service, gateway):
    reminder = reminder_schedule(
        kind=SAFEGUARDING, subject=make_person(), due_at=ago(minutes=1),
        provider_service=birmingham_service,  # no provider worker exists in this test
    )  # fmt: skip
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "failed"
    reminder.refresh_from_db()
    assert reminder.last_error == "Nobody to e-mail: the task is in the task list"


def test_a_cancellation_while_a_worker_holds_the_claim_stops_the_send(
    reminder, gateway, monkeypatch
):
    from reminders import services

    build = services._message_for

    def cancelled_meanwhile(row):
        # Between this worker's claim and its hand-over, the cause is resolved elsewhere.
        reminders_cancel(subject=row.subject, reason="Picked up")
        return build(row)

    monkeypatch.setattr(services, "_message_for", cancelled_meanwhile)
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "cancelled"
    assert gateway.records(ok=None) == []
    reminder.refresh_from_db()
    assert reminder.state == State.CANCELLED and reminder.attempts == 0


def test_a_task_done_before_its_email_went_is_not_emailed(reminder, gateway, custody_worker):
    reminder_mark_done(reminder=reminder, by=custody_worker, note="Synthetic: picked up")
    assert reminder_deliver(reminder_id=reminder.pk).outcome == "not_claimed"
    assert gateway.records(ok=None) == []
    reminder.refresh_from_db()
    assert reminder.done_by == custody_worker and reminder.state == State.CANCELLED


# --- The scan ---------------------------------------------------------------------------------


def _queued(broker) -> list[str]:
    import json

    messages = [json.loads(m) for m in broker.redis.lrange("celery", 0, -1)]
    return [m["headers"]["task"].rsplit(".", 1)[1] for m in messages]


def test_the_scan_queues_what_is_due_and_not_queued_lately(make_person, ars, gateway, broker):
    due = reminder_schedule(
        kind=SAFEGUARDING, subject=make_person(), due_at=ago(hours=1), organisation=ars
    )
    reminder_schedule(
        kind=SAFEGUARDING, subject=make_person(), due_at=later(hours=1), organisation=ars
    )
    Reminder.objects.filter(pk=due.pk).update(enqueued_at=None)
    assert reminders_scan().queued == 1
    assert reminders_scan().queued == 0  # queued just now: not again
    # Long ago, but its message still waits in the broker: not again either.
    Reminder.objects.filter(pk=due.pk).update(enqueued_at=ago(hours=1))
    assert reminders_scan().queued == 0
    # The broker lost it (its queue is empty): the scan queues it again.
    broker.redis.flushdb()
    assert reminders_scan().queued == 1
    assert _queued(broker) == ["reminder_send"]


def test_the_scan_takes_over_dead_workers_claims_and_reconciles_their_hand_overs(
    make_person, ars, gateway, broker
):
    claimed, handed_over = (
        reminder_schedule(
            kind=SAFEGUARDING, subject=make_person(), due_at=ago(hours=2), organisation=ars
        )
        for _ in range(2)
    )
    _simulate_dead_worker(claimed, handed_over=False)
    _simulate_dead_worker(handed_over, handed_over=True)
    Reminder.objects.update(enqueued_at=ago(hours=2))
    result = reminders_scan()
    assert (result.queued, result.reconciling) == (1, 1)
    assert sorted(_queued(broker)) == ["reminder_reconcile", "reminder_send"]


def test_the_fake_gateway_records_across_instances(tmp_path):
    """It stands for a service outside: every process (every instance) sees the same sends."""
    from reminders.gateways import Message

    one, two = FakeGateway(tmp_path), FakeGateway(tmp_path)
    one.send(Message(reference="r1", channel="email", to=("a@example.org",)))
    two.fail_next(1)
    with pytest.raises(Exception, match="told to fail"):
        one.send(Message(reference="r2", channel="email", to=("a@example.org",)))
    assert [r["reference"] for r in two.records()] == ["r1"]
    assert two.lookup(reference="r1", channel="email") is True
    assert two.lookup(reference="r2", channel="email") is False


def test_overdue_means_due_before_today(reminder):
    assert not reminder.is_overdue(reminder.due_at)
    assert reminder.is_overdue(reminder.due_at + datetime.timedelta(days=1))
