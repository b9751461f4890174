"""Writes to custody contacts: open, outcome, test on arrest, required assessment, naloxone,
release plan, and notifying police of a missed required assessment."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from custody.models import (
    Attendance,
    CustodyContact,
    DrugTest,
    Naloxone,
    NotSeenReason,
    OffenceCategory,
    PoliceNotification,
    ReleasePlan,
    RequiredAssessment,
    TestResult,
    record_number_normalised,
)
from organisations.models import CustodySuite

POLICE_RECIPIENT = "West Midlands Police: custody and case management"


def _record_for_contact(model, *, contact: CustodyContact, values: dict, by):
    """Create or correct the contact's one record of this kind (test, naloxone, release plan)."""
    record, _ = model.objects.update_or_create(
        contact=contact,
        defaults={**values, "updated_by": by},
        create_defaults={**values, "created_by": by, "updated_by": by},
    )
    return record


class RecordNumberInUse(ValidationError):
    """The suite's custody record number is another detainee's contact: never open theirs."""

    def __init__(self, contact: CustodyContact):
        self.contact = contact
        when = timezone.localtime(contact.arrested_at)
        super().__init__(
            {
                "custody_record_number": (
                    f"Custody record number {contact.custody_record_number} is already in use "
                    f"at {contact.suite.name}, for a contact on {when:%-d %B %Y}. Check the "
                    "number on the custody record"
                )
            }
        )


def custody_contact_create(
    *,
    suite: CustodySuite,
    custody_record_number: str,
    arrested_at: datetime.datetime,
    offence_category: OffenceCategory,
    person,
    by=None,
) -> CustodyContact:
    """Open a custody contact. The same suite, custody record number and person give back the
    same one (a retried message creates nothing twice); the number in use for another person
    raises RecordNumberInUse: a contact is never put on the wrong person.
    """
    number = record_number_normalised(custody_record_number)
    try:
        with transaction.atomic():
            contact, _ = CustodyContact.objects.get_or_create(
                suite=suite,
                custody_record_number=number,
                defaults={
                    "arrested_at": arrested_at,
                    "offence_category": offence_category,
                    "person": person,
                    "created_by": by,
                    "updated_by": by,
                },
            )
    except IntegrityError:  # the same contact created at the same moment elsewhere
        contact = CustodyContact.objects.get(suite=suite, custody_record_number=number)
    if contact.person_id != person.pk:
        raise RecordNumberInUse(contact)
    return contact


def custody_contact_record_outcome(
    *,
    contact: CustodyContact,
    outcome: str,
    seen_at: datetime.datetime | None = None,
    not_seen_reason: str = "",
    not_seen_other: str = "",
    by=None,
) -> CustodyContact:
    """Record what happened: seen (assessed, brief intervention, declined) or not seen, and why."""
    if outcome == CustodyContact.Outcome.NOT_SEEN:
        if not_seen_reason not in NotSeenReason.values:
            raise ValidationError({"not_seen_reason": "Select why the person was not seen"})
        if not_seen_reason == NotSeenReason.OTHER and not not_seen_other.strip():
            raise ValidationError({"not_seen_other": "Say why the person was not seen"})
        seen_at = None
    else:
        not_seen_reason, not_seen_other = "", ""
        seen_at = seen_at or timezone.now()
    contact.outcome = outcome
    contact.outcome_at = timezone.now()
    contact.seen_at = seen_at
    contact.seen_by = by if seen_at else None
    contact.not_seen_reason = not_seen_reason
    contact.not_seen_other = not_seen_other.strip()
    contact.updated_by = by
    contact.full_clean(exclude=["person", "suite", "offence_category"])
    contact.save(
        update_fields=[
            "outcome", "outcome_at", "seen_at", "seen_by", "not_seen_reason",
            "not_seen_other", "updated_by", "updated_at",
        ]
    )  # fmt: skip
    return contact


def age_on(*, date_of_birth: datetime.date, day: datetime.date) -> int:
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def drug_test_record(
    *,
    contact: CustodyContact,
    opiates: str,
    cocaine: str,
    sample_taken_at: datetime.datetime | None,
    by,
) -> DrugTest:
    """Record the test on arrest; a positive result opens the required assessment.

    Only people aged 18 or over on arrest may be tested (the age is a setting).
    """
    minimum_age = settings.SERVICE_TIMINGS["MINIMUM_AGE_FOR_TEST_ON_ARREST"]
    tested = not (opiates == TestResult.NOT_TESTED and cocaine == TestResult.NOT_TESTED)
    if tested:
        age = age_on(
            date_of_birth=contact.person.date_of_birth,
            day=timezone.localtime(contact.arrested_at).date(),
        )
        if age < minimum_age:
            raise ValidationError(
                {
                    "opiates": (
                        f"The person was {age} on arrest: only people aged {minimum_age} or "
                        "over can be tested on arrest"
                    )
                }
            )
        if sample_taken_at is None:
            raise ValidationError({"sample_taken_at": "Enter the time the sample was taken"})
        if sample_taken_at < contact.arrested_at:
            raise ValidationError({"sample_taken_at": "The sample cannot be before the arrest"})
    values = {
        "opiates": opiates,
        "cocaine": cocaine,
        "sample_taken_at": sample_taken_at if tested else None,
    }
    with transaction.atomic():
        test = _record_for_contact(DrugTest, contact=contact, values=values, by=by)
        if test.is_positive:
            RequiredAssessment.objects.get_or_create(
                contact=contact, defaults={"created_by": by, "updated_by": by}
            )
    return test


# How long after a required assessment appointment the team is reminded to record attendance
# (and so to report a non-attendance to police).
ATTENDANCE_REMINDER_HOURS = 2


def _remind_attendance(required: RequiredAssessment) -> None:
    """One reminder per required assessment, for its next appointment whose attendance is not
    recorded: the initial one, then the follow-up. None left: nothing waiting."""
    from accounts.selectors import arrest_referral_service
    from reminders.models import ReminderKind
    from reminders.services import reminder_schedule, reminders_cancel

    kind = ReminderKind.REQUIRED_ASSESSMENT_NON_ATTENDANCE
    if required.initial_at and required.initial_attendance == Attendance.PENDING:
        stage, when, where = "initial", required.initial_at, required.initial_place
    elif (
        required.follow_up == RequiredAssessment.FollowUp.SET
        and required.follow_up_attendance == Attendance.PENDING
    ):
        stage, when, where = "follow-up", required.follow_up_at, required.follow_up_place
    else:
        reminders_cancel(subject=required, kinds=[kind], reason="Attendance recorded")
        return
    reminder_schedule(
        kind=kind,
        subject=required,
        due_at=when + datetime.timedelta(hours=ATTENDANCE_REMINDER_HOURS),
        organisation=arrest_referral_service(),
        note=f"Record attendance at the {stage} required assessment "
        f"({timezone.localtime(when):%-d %B %H:%M}, {where}); a non-attendance goes to police.",
    )


@transaction.atomic
def required_assessment_plan(
    *,
    required: RequiredAssessment,
    initial_in_custody: bool,
    initial_at: datetime.datetime | None,
    initial_place: str,
    by,
) -> RequiredAssessment:
    """When and where the initial required assessment happens: now in custody, or by appointment."""
    if not initial_in_custody and (initial_at is None or not initial_place.strip()):
        raise ValidationError(
            {"initial_at": "Enter the time and place of the initial assessment appointment"}
        )
    required.initial_in_custody = initial_in_custody
    required.initial_at = None if initial_in_custody else initial_at
    required.initial_place = "" if initial_in_custody else initial_place.strip()
    required.updated_by = by
    required.save()
    _remind_attendance(required)
    return required


@transaction.atomic
def required_follow_up_decide(
    *,
    required: RequiredAssessment,
    required_follow_up: bool,
    follow_up_at: datetime.datetime | None = None,
    follow_up_place: str = "",
    by,
) -> RequiredAssessment:
    """Set the follow-up assessment (written time and place) or cancel it, at the initial one."""
    if required_follow_up:
        if follow_up_at is None or not follow_up_place.strip():
            raise ValidationError(
                {"follow_up_at": "Enter the time and place of the follow-up assessment"}
            )
        required.follow_up = RequiredAssessment.FollowUp.SET
        required.follow_up_at, required.follow_up_place = follow_up_at, follow_up_place.strip()
    else:
        required.follow_up = RequiredAssessment.FollowUp.CANCELLED
        required.follow_up_at, required.follow_up_place = None, ""
        required.follow_up_attendance = Attendance.PENDING
    required.updated_by = by
    required.save()
    _remind_attendance(required)
    return required


def _notification_message(required: RequiredAssessment, stage: str) -> str:
    contact = required.contact
    when = required.initial_at if stage == "initial" else required.follow_up_at
    where = required.initial_place if stage == "initial" else required.follow_up_place
    label = "initial" if stage == "initial" else "follow-up"
    appointment = (
        f"{timezone.localtime(when):%d %B %Y at %H:%M} at {where}" if when else "in custody"
    )
    return (
        f"Required {label} assessment not attended (Drugs Act 2005). Custody record "
        f"{contact.custody_record_number} at {contact.suite.name}; person reference "
        f"{contact.person.reference}. Appointment: {appointment}."
    )


def required_attendance_record(
    *, required: RequiredAssessment, stage: str, attended: bool, by
) -> PoliceNotification | None:
    """Record attendance at the initial or follow-up assessment. Not attending notifies police
    (once: a second click changes nothing) and returns the notification."""
    if stage == PoliceNotification.Stage.FOLLOW_UP and required.follow_up != "set":
        raise ValidationError("There is no follow-up assessment to attend.")
    field = (
        "initial_attendance"
        if stage == PoliceNotification.Stage.INITIAL
        else "follow_up_attendance"
    )
    with transaction.atomic():
        setattr(required, field, Attendance.ATTENDED if attended else Attendance.NOT_ATTENDED)
        required.updated_by = by
        required.save(update_fields=[field, "updated_by", "updated_at"])
        _remind_attendance(required)
        if attended:
            return None
        notification, _ = PoliceNotification.objects.get_or_create(
            required_assessment=required,
            stage=stage,
            defaults={
                "message": _notification_message(required, stage),
                "sent_to": POLICE_RECIPIENT,
                "sent_at": timezone.now(),
                "created_by": by,
                "updated_by": by,
            },
        )
    return notification


def naloxone_record(
    *, contact: CustodyContact, outcome: str, kit: str = "", batch: str = "",
    training_given: bool = False, by,
) -> Naloxone:  # fmt: skip
    """Naloxone on release: a kit issued (type and batch, training), or offered and declined."""
    if outcome == Naloxone.Outcome.ISSUED and (not kit or not batch.strip()):
        raise ValidationError({"batch": "Enter the kit type and batch number of the kit issued"})
    if outcome != Naloxone.Outcome.ISSUED:
        kit, batch, training_given = "", "", False
    values = {
        "outcome": outcome,
        "kit": kit,
        "batch": batch.strip(),
        "training_given": training_given,
    }
    return _record_for_contact(Naloxone, contact=contact, values=values, by=by)


def release_plan_record(
    *, contact: CustodyContact, disposal: str, next_steps: str, referral_made: bool, by
) -> ReleasePlan:
    values = {
        "disposal": disposal,
        "next_steps": next_steps.strip(),
        "referral_made": referral_made,
    }
    return _record_for_contact(ReleasePlan, contact=contact, values=values, by=by)
