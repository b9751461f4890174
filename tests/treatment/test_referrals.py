"""Provider handoff: referring, accepting or declining once, booking, attending, continuity."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from organisations.models import ProviderService
from people.services import consent_give, consent_withdraw
from treatment.models import Appointment, ClosureReason, DeclineReason, Referral, ReferralEvent
from treatment.services import (
    ReferralConflict,
    ReferralExists,
    appointment_book,
    appointment_outcome_record,
    provider_service_for,
    referral_accept,
    referral_close,
    referral_decline,
    referral_engage,
    referral_send,
)
from treatment.working_days import LONDON

pytestmark = pytest.mark.django_db


def service(slug: str) -> ProviderService:
    return ProviderService.objects.get(local_authority__slug=slug)


# --- Referring -----------------------------------------------------------------------------


def test_the_service_is_proposed_from_where_the_person_lives(make_person):
    assert provider_service_for(person=make_person(postcode="CV1 2AA")) == service("coventry")
    assert provider_service_for(person=make_person(postcode="B5 4TT")) == service("birmingham")


def test_a_referral_can_only_be_sent_with_consent_to_share_with_that_provider(
    make_person, custody_worker
):
    person = make_person()
    with pytest.raises(ValidationError) as error:
        referral_send(
            person=person,
            by=custody_worker,
            source=Referral.Source.COMMUNITY,
            provider_service=service("birmingham"),
        )
    assert "has not consented" in error.value.message_dict["provider_service"][0]
    assert not Referral.objects.exists()


def test_withdrawn_consent_does_not_count_as_consent(make_person, custody_worker):
    person = make_person()
    consent = consent_give(
        person=person,
        recipient="provider_service",
        provider_service=service("birmingham"),
        by=custody_worker,
    )
    consent_withdraw(consent=consent, by=custody_worker, reason="Synthetic")
    with pytest.raises(ValidationError):
        referral_send(
            person=person,
            by=custody_worker,
            source=Referral.Source.COMMUNITY,
            provider_service=service("birmingham"),
        )


def test_choosing_a_service_other_than_where_they_live_needs_a_reason(make_person, make_referral):
    person = make_person(postcode="B5 4TT")
    with pytest.raises(ValidationError) as error:
        make_referral(person=person, authority="coventry", choice_reason="")
    assert "rather than" in error.value.message_dict["choice_reason"][0]
    referral = make_referral(person=person, authority="coventry", choice_reason="Moving there")
    assert referral.proposed_provider_service == service("birmingham")
    assert referral.choice_reason == "Moving there"


def test_the_service_where_they_live_needs_no_reason(make_referral):
    referral = make_referral(choice_reason="")
    assert referral.provider_service == service("birmingham")
    assert referral.proposed_provider_service is None


def test_an_out_of_area_referral_records_the_home_area_and_needs_consent_to_the_pack(
    make_person, custody_worker
):
    person = make_person(postcode="ST1 1AA", out_of_area=True, home_area="Stoke-on-Trent")
    assert person.out_of_area
    with pytest.raises(ValidationError) as error:
        referral_send(
            person=person,
            by=custody_worker,
            source=Referral.Source.COMMUNITY,
            out_of_area=True,
            external_service="Stoke Recovery (synthetic)",
        )
    assert "consent" in error.value.message_dict["consent_to_pack"][0]
    referral = referral_send(
        person=person,
        by=custody_worker,
        source=Referral.Source.COMMUNITY,
        out_of_area=True,
        external_service="Stoke Recovery (synthetic)",
        consent_to_pack=True,
    )
    assert referral.provider_service is None
    assert referral.home_area == "Stoke-on-Trent"
    assert referral.accept_by is None  # no provider here to accept it


def test_references_are_human_readable(make_referral):
    referral = make_referral()
    year = timezone.localdate().strftime("%y")
    assert referral.reference.startswith(f"TR-{year}-")
    assert len(referral.reference) == len("TR-26-000123")


def test_a_second_live_referral_to_the_same_service_is_refused(make_referral):
    first = make_referral()
    with pytest.raises(ReferralExists) as error:
        make_referral(person=first.person)
    assert error.value.referral == first
    assert Referral.objects.count() == 1


def test_a_declined_referral_does_not_stop_a_new_one(make_referral, provider_birmingham):
    first = make_referral()
    referral_decline(
        referral=first, by=provider_birmingham, reason=DeclineReason.objects.get(code="duplicate")
    )
    assert make_referral(person=first.person).pk != first.pk


def test_custody_and_prison_referrals_need_the_date_of_release(make_referral):
    with pytest.raises(ValidationError) as error:
        make_referral(source=Referral.Source.PRISON)
    assert "released_on" in error.value.message_dict


def test_the_live_statuses_match_the_database_constraint():
    constraint = next(
        c
        for c in Referral._meta.constraints
        if c.name == "referral_one_live_per_person_and_service"
    )
    statuses = dict(constraint.condition.children)["status__in"]
    assert set(statuses) == set(Referral.LIVE)


# --- The working-day deadline ----------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 12, 24, 15, 0, tzinfo=LONDON), tick=False)
def test_a_referral_sent_on_christmas_eve_is_due_by_the_end_of_the_thirtieth(make_referral):
    referral = make_referral()
    assert referral.accept_by == datetime.datetime(2026, 12, 31, tzinfo=LONDON)
    assert referral.accept_by_day == datetime.date(2026, 12, 30)


def test_a_referral_not_accepted_by_its_deadline_is_overdue(make_referral):
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=LONDON), tick=False):
        referral = make_referral()  # Thursday: due by the end of Monday 30 November
    assert not referral.is_overdue(datetime.datetime(2026, 11, 30, 23, 59, tzinfo=LONDON))
    assert referral.is_overdue(datetime.datetime(2026, 12, 1, 0, 0, tzinfo=LONDON))


def test_an_accepted_referral_is_never_overdue(make_referral, provider_birmingham):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    assert not referral.is_overdue(timezone.now() + datetime.timedelta(days=30))


# --- Accept or decline, once ------------------------------------------------------------------


def test_a_second_accept_is_refused_and_the_history_shows_one_acceptance(
    make_referral, provider_birmingham
):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    stale = Referral.objects.get(pk=referral.pk)
    stale.status = Referral.Status.SENT  # what a second worker's page still shows
    with pytest.raises(ReferralConflict) as conflict:
        referral_accept(referral=stale, by=provider_birmingham)
    assert "accepted this referral" in conflict.value.message
    kinds = list(referral.events.values_list("kind", flat=True))
    assert kinds.count(ReferralEvent.Kind.ACCEPTED) == 1


def test_a_decline_after_an_accept_overwrites_nothing(make_referral, provider_birmingham):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    with pytest.raises(ReferralConflict):
        referral_decline(
            referral=referral,
            by=provider_birmingham,
            reason=DeclineReason.objects.get(code="not_eligible"),
        )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.decline_reason is None


def test_declining_as_other_needs_words(make_referral, provider_birmingham):
    referral = make_referral()
    with pytest.raises(ValidationError) as error:
        referral_decline(
            referral=referral,
            by=provider_birmingham,
            reason=DeclineReason.objects.get(code="other"),
        )
    assert "note" in error.value.message_dict
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


# --- Appointments, attendance, engagement --------------------------------------------------------


def test_an_appointment_cannot_be_booked_before_the_referral_is_accepted(
    make_referral, provider_birmingham
):
    referral = make_referral()
    with pytest.raises(ReferralConflict):
        appointment_book(
            referral=referral,
            by=provider_birmingham,
            starts_at=timezone.now() + datetime.timedelta(days=2),
            location="Synthetic Hub",
        )
    assert not Appointment.objects.exists()


def test_the_handoff_from_accept_to_engaged(make_referral, provider_birmingham):
    referral = make_referral(source=Referral.Source.PRISON, released_on=timezone.localdate())
    referral_accept(referral=referral, by=provider_birmingham)
    appointment = appointment_book(
        referral=referral,
        by=provider_birmingham,
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        location="Synthetic Hub",
    )
    with pytest.raises(ReferralConflict):  # one open appointment at a time
        appointment_book(
            referral=referral,
            by=provider_birmingham,
            starts_at=timezone.now() + datetime.timedelta(days=1),
            location="Synthetic Hub",
        )
    appointment_outcome_record(appointment=appointment, by=provider_birmingham, outcome="late")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ATTENDED
    assert referral.first_attended_on == timezone.localdate()
    with pytest.raises(ReferralConflict):  # attendance is recorded once
        appointment_outcome_record(appointment=appointment, by=provider_birmingham, outcome="late")
    referral_engage(referral=referral, by=provider_birmingham)
    referral_close(
        referral=referral,
        by=provider_birmingham,
        reason=ClosureReason.objects.get(code="completed_drug_free"),
    )
    kinds = list(referral.events.order_by("at", "id").values_list("kind", flat=True))
    assert kinds == ["sent", "accepted", "booked", "late", "engaged", "closed"]


def test_a_missed_appointment_can_be_booked_again(make_referral, provider_birmingham):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    missed = appointment_book(
        referral=referral,
        by=provider_birmingham,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        location="Synthetic Hub",
    )
    appointment_outcome_record(appointment=missed, by=provider_birmingham, outcome="did_not_attend")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DID_NOT_ATTEND
    assert referral.first_attended_on is None
    appointment_book(
        referral=referral,
        by=provider_birmingham,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        location="Synthetic Hub",
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.BOOKED


def test_attendance_cannot_be_recorded_before_the_appointment(make_referral, provider_birmingham):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    appointment = appointment_book(
        referral=referral,
        by=provider_birmingham,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        location="Synthetic Hub",
    )
    with pytest.raises(ValidationError):
        appointment_outcome_record(
            appointment=appointment, by=provider_birmingham, outcome="attended"
        )


# --- Continuity of care ------------------------------------------------------------------------


def _attended_on_day(make_referral, provider, days: int) -> Referral:
    released = timezone.localdate() - datetime.timedelta(days=days)
    referral = make_referral(source=Referral.Source.CUSTODY, released_on=released)
    referral_accept(referral=referral, by=provider)
    appointment = appointment_book(
        referral=referral,
        by=provider,
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        location="Synthetic Hub",
    )
    appointment_outcome_record(appointment=appointment, by=provider, outcome="attended")
    referral.refresh_from_db()
    return referral


def test_a_first_appointment_on_day_21_is_within_continuity_of_care(
    make_referral, provider_birmingham
):
    continuity = _attended_on_day(make_referral, provider_birmingham, 21).continuity_of_care()
    assert (continuity.days, continuity.within) == (21, True)


def test_a_first_appointment_on_day_22_is_not_within_continuity_of_care(
    make_referral, provider_birmingham
):
    continuity = _attended_on_day(make_referral, provider_birmingham, 22).continuity_of_care()
    assert (continuity.days, continuity.within) == (22, False)


def test_the_continuity_clock_runs_from_release_while_waiting(make_referral):
    released = datetime.date(2026, 11, 1)
    referral = make_referral(source=Referral.Source.PRISON, released_on=released)
    on_day_21 = referral.continuity_of_care(today=datetime.date(2026, 11, 22))
    assert (on_day_21.days, on_day_21.within, on_day_21.days_left) == (21, None, 0)
    on_day_22 = referral.continuity_of_care(today=datetime.date(2026, 11, 23))
    assert (on_day_22.days, on_day_22.within) == (22, False)


def test_a_referral_without_a_release_has_no_continuity_clock(make_referral):
    assert make_referral().continuity_of_care() is None
