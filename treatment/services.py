"""Writes to treatment referrals: send, accept or decline, book and attend, engage or close.

Every change of status is a conditional UPDATE on the status it starts from, so two workers
acting on the same referral at once cannot both win: the second finds the row has moved on and
gets `ReferralConflict`, and nothing it meant to write is written.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.selectors import arrest_referral_service
from core.references import next_reference
from core.transitions import status_change
from organisations.models import ProviderService
from people.models import ConsentToShare, Person
from people.services import consent_give
from reminders.models import ReminderKind as Kind
from reminders.services import reminder_schedule, reminders_cancel
from treatment.models import Appointment, ClosureReason, DeclineReason, Referral, ReferralEvent
from treatment.working_days import LONDON, working_days_deadline

Status = Referral.Status
# A referral can be closed once accepted, at any point until it is closed.
CLOSABLE = (Status.ACCEPTED, Status.BOOKED, Status.DID_NOT_ATTEND, Status.ATTENDED, Status.ENGAGED)


class ReferralConflict(Exception):
    """The referral moved on before this change could be made (someone else acted first)."""

    def __init__(self, referral: Referral, message: str):
        super().__init__(message)
        self.referral = referral
        self.message = message


class ReferralExists(ValidationError):
    """The person already has a live referral to this service."""

    def __init__(self, referral: Referral):
        super().__init__(
            {
                "provider_service": (
                    f"{referral.person.reference} already has a live referral to "
                    f"{referral.provider_service} ({referral.reference})."
                )
            }
        )
        self.referral = referral


def _next_reference() -> str:
    return next_reference(prefix="TR", sequence="treatment_referral_reference_seq")


def provider_service_for(*, person: Person) -> ProviderService | None:
    """The service the person's residence points at: their local authority's active service."""
    if person.out_of_area or person.local_authority_id is None:
        return None
    return (
        ProviderService.objects.filter(local_authority_id=person.local_authority_id, active=True)
        .order_by("name")
        .first()
    )


def has_live_consent(*, person: Person, provider_service: ProviderService) -> bool:
    return ConsentToShare.objects.filter(
        person=person,
        recipient=ConsentToShare.Recipient.PROVIDER_SERVICE,
        provider_service=provider_service,
        withdrawn_at__isnull=True,
    ).exists()


def _morning(day: datetime.date) -> datetime.datetime:
    """9 o'clock in London on `day`: when a day's reminders are worth sending."""
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=LONDON)


def _remind(referral: Referral, kind: str, due_at: datetime.datetime, *, team=True) -> None:
    """A reminder about the referral for its provider service (and the arrest referral team,
    who escalate), unless it would be due already: a clock that ran out before the referral
    was sent is shown on the referral, not sent as news."""
    if due_at < timezone.now():
        return
    reminder_schedule(
        kind=kind,
        subject=referral,
        due_at=due_at,
        provider_service=referral.provider_service,
        organisation=arrest_referral_service() if team else None,
    )


def _schedule_after_send(referral: Referral) -> None:
    if referral.out_of_area:
        return  # no provider here to remind
    _remind(referral, Kind.REFERRAL_NOT_ACCEPTED, referral.accept_by)
    if referral.released_on:
        timings = settings.SERVICE_TIMINGS
        for kind, days in (
            (Kind.CONTINUITY_DAY_14, timings["CONTINUITY_OF_CARE_WARNING_DAYS"]),
            (Kind.CONTINUITY_DAY_21, timings["CONTINUITY_OF_CARE_DAYS"]),
        ):
            _remind(referral, kind, _morning(referral.released_on + datetime.timedelta(days=days)))


def _first_appointment_due(referral: Referral) -> None:
    days = settings.SERVICE_TIMINGS["FIRST_APPOINTMENT_BOOKING_DAYS"]
    _remind(
        referral,
        Kind.FIRST_APPOINTMENT_NOT_BOOKED,
        timezone.now() + datetime.timedelta(days=days),
        team=False,
    )


def _text_the_person(appointment: Appointment) -> None:
    """A text the day before, where the person said yes to texts (checked again when sent)."""
    person = appointment.referral.person
    due_at = appointment.starts_at - datetime.timedelta(days=1)
    if not (person.contact_by_sms and person.phone) or due_at < timezone.now():
        return
    when = timezone.localtime(appointment.starts_at)
    reminder_schedule(
        kind=Kind.APPOINTMENT_SMS,
        subject=appointment,
        due_at=due_at,
        person=person,
        note=f"{when:%A %-d %B at %H:%M}, {appointment.location}",
    )


def _event(referral: Referral, kind: str, by, detail: str = "", at=None) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral, kind=kind, by=by, detail=detail[:500], at=at or timezone.now()
    )


def referral_check(
    *,
    person: Person,
    source: str,
    provider_service: ProviderService | None = None,
    choice_reason: str = "",
    out_of_area: bool = False,
    external_service: str = "",
    consent_to_pack: bool = False,
    released_on: datetime.date | None = None,
    consent_given_now: bool = False,
) -> None:
    """Raise ValidationError (by field) if a referral with these answers would be refused.

    In area: to a provider service, only with the person's live consent to share with it; a
    service other than the one their residence points at needs a reason. Out of area: to a
    named service outside the seven, with the person's consent to send it their referral pack.
    The check-your-answers page asks this before it shows the answers; sending asks again.
    `consent_given_now`: the person gives their consent to share with that service as the
    referral is made (on the referral page); it is recorded with the referral, in one transaction.
    """
    errors: dict[str, str] = {}
    proposed = provider_service_for(person=person)
    if out_of_area:
        if not external_service.strip():
            errors["external_service"] = "Enter the service the referral pack is going to"
        if not consent_to_pack:
            errors["consent_to_pack"] = (
                "The person must consent to their referral pack being sent to that service"
            )
    elif provider_service is None:
        errors["provider_service"] = "Choose the provider service to refer to"
    else:
        if not consent_given_now and not has_live_consent(
            person=person, provider_service=provider_service
        ):
            errors["provider_service"] = (
                f"{person.reference} has not consented to share their record with "
                f"{provider_service}. Confirm their consent below, or record it before "
                "referring."
            )
        if proposed and provider_service != proposed and not choice_reason.strip():
            errors["choice_reason"] = (
                f"Say why you are referring to {provider_service} rather than {proposed}"
            )
    if source in (Referral.Source.CUSTODY, Referral.Source.PRISON) and released_on is None:
        errors["released_on"] = "Enter the date of release"
    if released_on and released_on > timezone.localdate():
        errors["released_on"] = "The date of release must be today or in the past"
    if errors:
        raise ValidationError(errors)


def referral_send(
    *,
    person: Person,
    by,
    source: str,
    provider_service: ProviderService | None = None,
    choice_reason: str = "",
    out_of_area: bool = False,
    external_service: str = "",
    consent_to_pack: bool = False,
    custody_contact=None,
    divert_referral=None,
    released_on: datetime.date | None = None,
    notes: str = "",
    sent_at: datetime.datetime | None = None,
    consent_given_now: bool = False,
) -> Referral:
    """Refer a person to treatment, if `referral_check` finds nothing wrong with the answers.

    `sent_at` is for referrals brought over from another system (and the demo): default now.
    `consent_given_now`: the consent to share given on the referral page is recorded first, in
    the referral's transaction (nothing is recorded if the referral is not made).
    """
    referral_check(
        person=person,
        source=source,
        provider_service=provider_service,
        choice_reason=choice_reason,
        out_of_area=out_of_area,
        external_service=external_service,
        consent_to_pack=consent_to_pack,
        released_on=released_on,
        consent_given_now=consent_given_now,
    )
    proposed = provider_service_for(person=person)
    if out_of_area:
        provider_service = None
    consenting = (
        consent_given_now
        and provider_service is not None
        and not has_live_consent(person=person, provider_service=provider_service)
    )

    now = sent_at or timezone.now()
    referral = Referral(
        person=person,
        provider_service=provider_service,
        proposed_provider_service=proposed if proposed != provider_service else None,
        choice_reason=choice_reason.strip() if proposed != provider_service else "",
        out_of_area=out_of_area,
        home_area=person.home_area if out_of_area else "",
        external_service=external_service.strip(),
        source=source,
        custody_contact=custody_contact,
        divert_referral=divert_referral,
        released_on=released_on,
        sent_at=now,
        accept_by=None
        if out_of_area
        else working_days_deadline(now, settings.SERVICE_TIMINGS["REFERRAL_ACCEPT_WORKING_DAYS"]),
        notes=notes.strip(),
        created_by=by,
        updated_by=by,
    )
    try:
        with transaction.atomic():
            if consenting:
                consent_give(
                    person=person,
                    recipient=ConsentToShare.Recipient.PROVIDER_SERVICE,
                    provider_service=provider_service,
                    by=by,
                )
            referral.reference = _next_reference()
            referral.save()
            _event(referral, ReferralEvent.Kind.SENT, by, f"To {referral.destination}", at=now)
            _schedule_after_send(referral)
    except IntegrityError:
        existing = Referral.objects.filter(
            person=person, provider_service=provider_service, status__in=Referral.LIVE
        ).first()
        if existing is None:
            raise
        raise ReferralExists(existing) from None
    return referral


def conflict_message(referral: Referral) -> str:
    """What a worker is told when the referral moved on under them: who did what, and when."""

    def who(user) -> str:
        return (user.get_full_name() or user.username) if user else "someone else"

    status = referral.status
    if status == Status.ACCEPTED:
        at = timezone.localtime(referral.accepted_at)
        return f"{who(referral.accepted_by)} accepted this referral at {at:%H:%M on %-d %B}."
    if status == Status.DECLINED:
        at = timezone.localtime(referral.declined_at)
        return f"{who(referral.declined_by)} declined this referral at {at:%H:%M on %-d %B}."
    if status == Status.SENT:
        return "This referral has not been accepted yet."
    if status == Status.BOOKED:
        return "An appointment is already booked: record whether the person attended it first."
    return f"This referral is now {referral.get_status_display().lower()}."


def _transition(referral: Referral, **change) -> Referral:
    """Move the referral on if, and only if, it is still in one of `from_statuses`."""
    if not status_change(referral, **change):
        raise ReferralConflict(referral, conflict_message(referral))
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, by) -> Referral:
    """Accept a sent referral. Exactly one of any number of simultaneous accepts succeeds."""
    now = timezone.now()
    referral = _transition(
        referral,
        from_statuses=[Status.SENT],
        to_status=Status.ACCEPTED,
        by=by,
        accepted_at=now,
        accepted_by=by,
    )
    _event(referral, ReferralEvent.Kind.ACCEPTED, by, at=now)
    reminders_cancel(subject=referral, kinds=[Kind.REFERRAL_NOT_ACCEPTED], reason="Accepted")
    _first_appointment_due(referral)
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, by, reason: DeclineReason, note: str = "") -> Referral:
    """Decline a sent referral with a reason code (and words, where the code needs them)."""
    note = note.strip()
    if reason.requires_text and not note:
        raise ValidationError({"note": "Say why the referral is declined"})
    now = timezone.now()
    referral = _transition(
        referral,
        from_statuses=[Status.SENT],
        to_status=Status.DECLINED,
        by=by,
        declined_at=now,
        finished_at=now,
        declined_by=by,
        decline_reason=reason,
        decline_note=note,
    )
    _event(referral, ReferralEvent.Kind.DECLINED, by, f"{reason.label}. {note}".strip(" ."), at=now)
    reminders_cancel(subject=referral, reason="Declined")
    return referral


@transaction.atomic
def appointment_book(
    *, referral: Referral, by, starts_at: datetime.datetime, location: str
) -> Appointment:
    """Book the first appointment (or the next one, after a missed one)."""
    errors = {}
    if not location.strip():
        errors["location"] = "Enter where the appointment is"
    if starts_at < timezone.now() - datetime.timedelta(days=1):
        errors["starts_at"] = "The appointment must be today or in the future"
    if errors:
        raise ValidationError(errors)
    referral = _transition(
        referral,
        from_statuses=[Status.ACCEPTED, Status.DID_NOT_ATTEND],
        to_status=Status.BOOKED,
        by=by,
    )
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                referral=referral,
                starts_at=starts_at,
                location=location.strip(),
                created_by=by,
                updated_by=by,
            )
    except IntegrityError:
        raise ValidationError(
            {"starts_at": "An appointment is already booked at that time"}
        ) from None
    reminders_cancel(subject=referral, kinds=[Kind.FIRST_APPOINTMENT_NOT_BOOKED], reason="Booked")
    _text_the_person(appointment)
    _event(
        referral,
        ReferralEvent.Kind.BOOKED,
        by,
        f"{timezone.localtime(starts_at):%-d %B %Y %H:%M}, {appointment.location}",
    )
    return appointment


@transaction.atomic
def appointment_outcome_record(*, appointment: Appointment, by, outcome: str) -> Appointment:
    """Attended, late or did not attend: recorded once. The first attended appointment stops
    the continuity-of-care clock."""
    if outcome not in Appointment.Outcome.values:
        raise ValidationError({"outcome": "Choose whether the person attended"})
    now = timezone.now()
    if appointment.starts_at > now:
        raise ValidationError({"outcome": "The appointment has not happened yet"})
    changed = Appointment.objects.filter(pk=appointment.pk, outcome="").update(
        outcome=outcome, outcome_recorded_at=now, updated_at=now, updated_by=by
    )
    appointment.refresh_from_db()
    if not changed:
        raise ReferralConflict(
            appointment.referral,
            f"Attendance was already recorded: {appointment.get_outcome_display().lower()}.",
        )
    referral = appointment.referral
    attended = outcome in Appointment.ATTENDED
    fields = {}
    if attended and referral.first_attended_on is None:
        fields["first_attended_on"] = timezone.localdate(appointment.starts_at)
    _transition(
        referral,
        from_statuses=[Status.BOOKED],
        to_status=Status.ATTENDED if attended else Status.DID_NOT_ATTEND,
        by=by,
        **fields,
    )
    if attended:
        reminders_cancel(
            subject=referral,
            kinds=[Kind.CONTINUITY_DAY_14, Kind.CONTINUITY_DAY_21],
            reason="Attended",
        )
    else:
        _first_appointment_due(referral)  # book another
    _event(
        referral,
        ReferralEvent.Kind(outcome),
        by,
        f"Appointment on {timezone.localtime(appointment.starts_at):%-d %B %Y %H:%M}",
        at=now,
    )
    return appointment


@transaction.atomic
def referral_engage(*, referral: Referral, by) -> Referral:
    """The person has attended and is engaged in treatment."""
    now = timezone.now()
    referral = _transition(
        referral,
        from_statuses=[Status.ATTENDED],
        to_status=Status.ENGAGED,
        by=by,
        engaged_at=now,
        finished_at=now,
    )
    _event(referral, ReferralEvent.Kind.ENGAGED, by, at=now)
    return referral


@transaction.atomic
def referral_close(*, referral: Referral, by, reason: ClosureReason, note: str = "") -> Referral:
    """Close an accepted referral with an NDTMS-style reason."""
    note = note.strip()
    if reason.requires_text and not note:
        raise ValidationError({"note": "Say why the referral is closed"})
    now = timezone.now()
    referral = _transition(
        referral,
        from_statuses=CLOSABLE,
        to_status=Status.CLOSED,
        by=by,
        closed_at=now,
        finished_at=now,
        closure_reason=reason,
        closure_note=note,
    )
    _event(referral, ReferralEvent.Kind.CLOSED, by, f"{reason.label}. {note}".strip(" ."), at=now)
    reminders_cancel(subject=referral, reason="Closed")
    for appointment in referral.appointments.filter(outcome=""):
        reminders_cancel(subject=appointment, reason="Referral closed")
    return referral


def referral_pack_recorded(*, referral: Referral, by) -> ReferralEvent:
    """The referral pack was produced (it is a copy of the record leaving the system)."""
    return _event(referral, ReferralEvent.Kind.PACK, by)
