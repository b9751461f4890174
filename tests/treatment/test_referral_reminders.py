"""The handoff's reminders: written with the change that causes them, cancelled with the
change that resolves them (reminders issue, DESIGN.md "Follow-up reminders")."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from reminders.models import Reminder, ReminderKind
from treatment.models import ClosureReason, Referral
from treatment.services import (
    appointment_book,
    appointment_outcome_record,
    referral_accept,
    referral_close,
)
from treatment.working_days import LONDON

pytestmark = pytest.mark.django_db
Kind = ReminderKind


def reminders_about(record, **filters) -> dict[str, str]:
    rows = Reminder.objects.filter(
        subject_type=ContentType.objects.get_for_model(record), subject_id=str(record.pk), **filters
    )
    return {row.kind: row.state for row in rows}


def test_sending_a_referral_reminds_the_provider_and_team_at_the_accept_deadline(make_referral):
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=LONDON), tick=False):
        referral = make_referral()
    reminder = Reminder.objects.get(kind=Kind.REFERRAL_NOT_ACCEPTED)
    assert reminder.due_at == referral.accept_by  # the end of Monday 30 November
    assert reminder.provider_service == referral.provider_service
    assert reminder.organisation.kind == "arrest_referral"  # the team escalates


def test_a_referral_accepted_before_its_deadline_produces_no_overdue_reminder(
    make_referral, provider_birmingham
):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    states = reminders_about(referral)
    assert states[Kind.REFERRAL_NOT_ACCEPTED] == Reminder.State.CANCELLED
    assert states[Kind.FIRST_APPOINTMENT_NOT_BOOKED] == Reminder.State.PENDING
    assert not Reminder.objects.filter(
        kind=Kind.REFERRAL_NOT_ACCEPTED, state=Reminder.State.PENDING
    ).exists()


def test_continuity_reminders_at_day_14_and_21_are_cancelled_by_an_attended_appointment(
    make_referral, provider_birmingham
):
    released = timezone.localdate() - datetime.timedelta(days=2)
    referral = make_referral(source=Referral.Source.PRISON, released_on=released)
    due = {r.kind: r.due_at for r in Reminder.objects.filter(kind__startswith="continuity")}
    assert timezone.localtime(due[Kind.CONTINUITY_DAY_14]).date() == released + datetime.timedelta(
        days=14
    )
    assert timezone.localtime(due[Kind.CONTINUITY_DAY_21]).date() == released + datetime.timedelta(
        days=21
    )
    referral_accept(referral=referral, by=provider_birmingham)
    appointment = appointment_book(
        referral=referral,
        by=provider_birmingham,
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        location="Synthetic Hub",
    )
    assert reminders_about(referral)[Kind.FIRST_APPOINTMENT_NOT_BOOKED] == "cancelled"
    appointment_outcome_record(appointment=appointment, by=provider_birmingham, outcome="attended")
    states = reminders_about(referral)
    assert states[Kind.CONTINUITY_DAY_14] == states[Kind.CONTINUITY_DAY_21] == "cancelled"


def test_a_clock_that_ran_out_before_the_referral_is_not_sent_as_news(make_referral):
    released = timezone.localdate() - datetime.timedelta(days=30)
    make_referral(source=Referral.Source.PRISON, released_on=released)
    assert not Reminder.objects.filter(kind__startswith="continuity").exists()


def test_an_appointment_text_only_where_the_person_said_yes(
    make_person, make_referral, provider_birmingham
):
    def booked(person):
        referral = make_referral(person=person)
        referral_accept(referral=referral, by=provider_birmingham)
        return appointment_book(
            referral=referral,
            by=provider_birmingham,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            location="Synthetic Hub",
        )

    yes = booked(make_person(phone="07700900123", contact_by_sms=True))
    no = booked(make_person(phone="07700900124", contact_by_sms=False))
    text = Reminder.objects.get(kind=Kind.APPOINTMENT_SMS)
    assert text.subject_id == str(yes.pk) and text.person == yes.referral.person
    assert text.due_at == yes.starts_at - datetime.timedelta(days=1)
    assert not reminders_about(no)


def test_closing_a_referral_cancels_everything_still_waiting(
    make_person, make_referral, provider_birmingham
):
    referral = make_referral(person=make_person(phone="07700900125", contact_by_sms=True))
    referral_accept(referral=referral, by=provider_birmingham)
    appointment = appointment_book(
        referral=referral,
        by=provider_birmingham,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="Synthetic Hub",
    )
    referral_close(
        referral=referral,
        by=provider_birmingham,
        reason=ClosureReason.objects.get(code="incomplete_dropped_out"),
    )
    assert not Reminder.objects.filter(state=Reminder.State.PENDING).exists()
    assert reminders_about(appointment)[Kind.APPOINTMENT_SMS] == "cancelled"
