"""Writes to custody contacts: open, outcome, test on arrest, required assessment, naloxone,
release plan, and notifying police of a missed required assessment."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from custody.models import (
    ATTENDANCE_REPORTED_TO_POLICE,
    RANKS_THAT_MAY_AUTHORISE,
    Attendance,
    CustodyContact,
    DrugTest,
    DrugTestResult,
    HandoverNote,
    Naloxone,
    NotSeenReason,
    OffenceCategory,
    PoliceNotification,
    PoliceRank,
    ReleasePlan,
    RequiredAssessment,
    TestedDrug,
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


# PACE 1984 s63B(3)(b): the charge condition's age; under 18 needs the notification (s63B(4A)).
MINIMUM_AGE_FOR_TEST_ON_CHARGE = 14
ADULT_AGE = 18


def tested_drugs() -> list[TestedDrug]:
    """The drugs a test looks for today (reference data, in order)."""
    return list(TestedDrug.objects.filter(active=True))


def _check_results(results: dict[str, str]) -> dict[str, TestedDrug]:
    drugs = {drug.code: drug for drug in TestedDrug.objects.all()}
    unknown = sorted(set(results) - set(drugs))
    if unknown:
        raise ValidationError({"results": f"Not a drug on the test: {', '.join(unknown)}"})
    for code, result in results.items():
        if result not in TestResult.values:
            raise ValidationError(
                {f"drug_{code}": f"Select the {drugs[code].label.lower()} result"}
            )
    for drug in drugs.values():
        if drug.active and drug.code not in results:
            raise ValidationError({f"drug_{drug.code}": f"Select the {drug.label.lower()} result"})
    return drugs


def _check_power(
    *, contact: CustodyContact, basis: str, authorisation: dict, sample_taken_at
) -> tuple[str, dict]:
    """The power the sample was taken under (PACE 1984 s63B(1A), (2)): the offence is a trigger
    offence, or an inspector or above authorised it, suspecting Class A misuse caused or
    contributed to the offence (the authorisation and grounds recorded: s63C(3)). Returns the
    basis and the authorisation fields to store."""
    offence = contact.offence_category
    trigger = offence.is_trigger_on(timezone.localtime(contact.arrested_at).date())
    blank = {
        "authorising_rank": "",
        "authorising_officer": "",
        "authorised_at": None,
        "authorisation_grounds": "",
    }
    if basis in ("", DrugTest.Basis.TRIGGER_OFFENCE):
        if trigger:
            return DrugTest.Basis.TRIGGER_OFFENCE, blank
        raise ValidationError(
            {
                "basis": (
                    f"{offence.label} is not a trigger offence: a test needs the authorisation "
                    "of an officer of inspector rank or above"
                )
            }
        )
    if basis != DrugTest.Basis.INSPECTOR:
        raise ValidationError({"basis": "Select why the person may be tested"})
    rank = authorisation.get("authorising_rank") or ""
    officer = (authorisation.get("authorising_officer") or "").strip()
    authorised_at = authorisation.get("authorised_at")
    grounds = (authorisation.get("authorisation_grounds") or "").strip()
    errors = {}
    if not rank:
        errors["authorising_rank"] = "Select the rank of the officer who authorised the test"
    elif rank not in RANKS_THAT_MAY_AUTHORISE:
        errors["authorising_rank"] = (
            f"A {PoliceRank(rank).label.lower()} cannot authorise a test: the officer must be "
            "of inspector rank or above"
        )
    if not officer:
        errors["authorising_officer"] = "Enter the authorising officer's name or collar number"
    if authorised_at is None:
        errors["authorised_at"] = "Enter the time the test was authorised"
    elif authorised_at < contact.arrested_at:
        errors["authorised_at"] = "The authorisation cannot be before the arrest"
    elif sample_taken_at is not None and authorised_at > sample_taken_at:
        errors["authorised_at"] = "The authorisation must come before the sample was taken"
    if not grounds:
        errors["authorisation_grounds"] = (
            "Enter the grounds for suspecting that Class A drug misuse caused or contributed "
            "to the offence"
        )
    if errors:
        raise ValidationError(errors)
    return DrugTest.Basis.INSPECTOR, {
        "authorising_rank": rank,
        "authorising_officer": officer,
        "authorised_at": authorised_at,
        "authorisation_grounds": grounds,
    }


def _check_age(
    *, contact: CustodyContact, stage: str, sample_taken_at, appropriate_adult: str
) -> int:
    """PACE 1984 s63B(3), (4A), (5A): 18 or over on arrest; on charge 14 or over, and under 18
    only where the force has been notified (a setting) and with an appropriate adult present.
    Returns the age (on arrest, or on the day of the sample at charge)."""
    dob = contact.person.date_of_birth
    if stage == DrugTest.Stage.ARREST:
        minimum = settings.SERVICE_TIMINGS["MINIMUM_AGE_FOR_TEST_ON_ARREST"]
        age = age_on(date_of_birth=dob, day=timezone.localtime(contact.arrested_at).date())
        if age < minimum:
            raise ValidationError(
                {
                    "stage": (
                        f"The person was {age} on arrest: only people aged {minimum} or over "
                        "can be tested on arrest"
                    )
                }
            )
        return age
    if stage != DrugTest.Stage.CHARGE:
        raise ValidationError({"stage": "Select whether the sample was taken on arrest or charge"})
    charged_on = (
        timezone.localtime(sample_taken_at).date() if sample_taken_at else timezone.localdate()
    )
    age = age_on(date_of_birth=dob, day=charged_on)
    if age >= ADULT_AGE:
        return age
    if age < MINIMUM_AGE_FOR_TEST_ON_CHARGE:
        raise ValidationError(
            {
                "stage": (
                    f"The person is {age}: only people aged {MINIMUM_AGE_FOR_TEST_ON_CHARGE} or "
                    "over can be tested on charge"
                )
            }
        )
    if not settings.TEST_ON_CHARGE_UNDER_18_NOTIFIED:
        raise ValidationError(
            {
                "stage": (
                    f"The person is {age}: this force has not been notified that it may test "
                    "people under 18 on charge"
                )
            }
        )
    if not appropriate_adult.strip():
        raise ValidationError(
            {"appropriate_adult": "Enter the name of the appropriate adult who was present"}
        )
    return age


def drug_test_record(
    *,
    contact: CustodyContact,
    results: dict[str, str],
    sample_taken_at: datetime.datetime | None,
    by,
    stage: str = DrugTest.Stage.ARREST,
    basis: str = "",
    authorisation: dict | None = None,
    appropriate_adult: str = "",
) -> DrugTest:
    """Record a test for specified Class A drugs: one result per drug (`results`: drug code ->
    TestResult). A test is refused unless the power and the age allow it (PACE 1984 s63B); a
    positive result of someone 18 or over opens the required assessment (Drugs Act 2005 s9).
    `basis` "" means the offence is a trigger offence; an inspector's `authorisation` is a dict
    of authorising_rank, authorising_officer, authorised_at and authorisation_grounds."""
    drugs = _check_results(results)
    tested = any(result != TestResult.NOT_TESTED for result in results.values())
    values = {
        "stage": stage,
        "basis": "",
        "authorising_rank": "",
        "authorising_officer": "",
        "authorised_at": None,
        "authorisation_grounds": "",
        "appropriate_adult": "",
        "sample_taken_at": None,
    }
    age = None
    if tested:
        # May they be tested at all (the power, the age)? Then the details.
        basis, authorised = _check_power(
            contact=contact,
            basis=basis,
            authorisation=authorisation or {},
            sample_taken_at=sample_taken_at,
        )
        age = _check_age(
            contact=contact,
            stage=stage,
            sample_taken_at=sample_taken_at,
            appropriate_adult=appropriate_adult,
        )
        if sample_taken_at is None:
            raise ValidationError({"sample_taken_at": "Enter the time the sample was taken"})
        if sample_taken_at < contact.arrested_at:
            raise ValidationError({"sample_taken_at": "The sample cannot be before the arrest"})
        values.update(authorised, basis=basis, sample_taken_at=sample_taken_at)
        if age < ADULT_AGE:
            values["appropriate_adult"] = appropriate_adult.strip()
    with transaction.atomic():
        test = _record_for_contact(DrugTest, contact=contact, values=values, by=by)
        test.results.all().delete()
        DrugTestResult.objects.bulk_create(
            DrugTestResult(test=test, drug=drugs[code], result=result)
            for code, result in results.items()
        )
        # Drugs Act 2005 s9(4): the requirement to attend an assessment is for those 18 or over.
        if test.is_positive and age is not None and age >= ADULT_AGE:
            RequiredAssessment.objects.get_or_create(
                contact=contact, defaults={"created_by": by, "updated_by": by}
            )
    return test


# How long after a required assessment appointment the team is reminded to record attendance
# (and so to report a non-attendance to police).
ATTENDANCE_REMINDER_HOURS = 2


def _remind_attendance(required: RequiredAssessment) -> None:
    """One reminder per required assessment, for its next appointment whose outcome is not
    recorded: the initial one, then the follow-up. None left: nothing waiting."""
    from accounts.selectors import arrest_referral_service
    from reminders.models import ReminderKind
    from reminders.services import reminder_schedule, reminders_cancel

    kind = ReminderKind.REQUIRED_ASSESSMENT_NON_ATTENDANCE
    if required.initial_at and required.initial_attendance == Attendance.PENDING:
        stage, when, where = "initial", required.initial_at, required.initial_place
    elif (
        required.follow_up == RequiredAssessment.FollowUp.SET
        and required.follow_up_at
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
        note=f"Record the outcome of the {stage} required assessment "
        f"({timezone.localtime(when):%-d %B %H:%M}, {where}); not attending, or leaving before "
        "the end, goes to police.",
    )


def required_imposed_on(required: RequiredAssessment) -> datetime.date:
    """The day the requirement was imposed (the positive test)."""
    return timezone.localtime(required.created_at or timezone.now()).date()


def initial_appointment_latest(required: RequiredAssessment) -> datetime.date:
    """The last day the initial appointment may be on: REQUIRED_INITIAL_ASSESSMENT_DAYS after
    the requirement was imposed."""
    days = settings.SERVICE_TIMINGS["REQUIRED_INITIAL_ASSESSMENT_DAYS"]
    return required_imposed_on(required) + datetime.timedelta(days=days)


def follow_up_appointment_latest(required: RequiredAssessment) -> datetime.date:
    """The last day the follow-up may be on: REQUIRED_FOLLOW_UP_ASSESSMENT_DAYS after the
    initial assessment (its appointment, or the day imposed where it was done in custody)."""
    days = settings.SERVICE_TIMINGS["REQUIRED_FOLLOW_UP_ASSESSMENT_DAYS"]
    initial = (
        timezone.localtime(required.initial_at).date()
        if required.initial_at
        else required_imposed_on(required)
    )
    return initial + datetime.timedelta(days=days)


@transaction.atomic
def required_assessment_plan(
    *,
    required: RequiredAssessment,
    initial_in_custody: bool,
    initial_at: datetime.datetime | None,
    initial_place: str,
    by,
) -> RequiredAssessment:
    """When and where the initial required assessment happens: now in custody, or by appointment
    no later than REQUIRED_INITIAL_ASSESSMENT_DAYS after the requirement was imposed."""
    if not initial_in_custody:
        if initial_at is None or not initial_place.strip():
            raise ValidationError(
                {"initial_at": "Enter the time and place of the initial assessment appointment"}
            )
        day = timezone.localtime(initial_at).date()
        latest = initial_appointment_latest(required)
        if day < required_imposed_on(required):
            raise ValidationError(
                {"initial_date": "The appointment cannot be before the requirement was imposed"}
            )
        if day > latest:
            raise ValidationError(
                {"initial_date": f"The initial assessment must be on or before {latest:%-d %B %Y}"}
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
    """The follow-up, imposed with the initial assessment (Drugs Act 2005 s10(2)): give its time
    and place (s13(4)), no later than REQUIRED_FOLLOW_UP_ASSESSMENT_DAYS after the initial one;
    or end it, which only the initial assessor may do, at the initial assessment (s13(2)-(3))."""
    if required.follow_up_attendance != Attendance.PENDING:
        raise ValidationError(
            {"required_follow_up": "The follow-up's outcome is recorded: it cannot be changed"}
        )
    if required_follow_up:
        if follow_up_at is None or not follow_up_place.strip():
            raise ValidationError(
                {"follow_up_at": "Enter the time and place of the follow-up assessment"}
            )
        latest = follow_up_appointment_latest(required)
        initial_day = (
            timezone.localtime(required.initial_at).date()
            if required.initial_at
            else required_imposed_on(required)
        )
        day = timezone.localtime(follow_up_at).date()
        if day < initial_day or (required.initial_at and follow_up_at <= required.initial_at):
            raise ValidationError(
                {"follow_up_date": "The follow-up must be after the initial assessment"}
            )
        if day > latest:
            raise ValidationError(
                {"follow_up_date": f"The follow-up must be on or before {latest:%-d %B %Y}"}
            )
        required.follow_up = RequiredAssessment.FollowUp.SET
        required.follow_up_at, required.follow_up_place = follow_up_at, follow_up_place.strip()
    else:
        if required.initial_attendance not in (Attendance.ATTENDED, Attendance.LEFT_EARLY):
            raise ValidationError(
                {
                    "required_follow_up": (
                        "The follow-up can only be ended at the initial assessment: record that "
                        "the person attended it first"
                    )
                }
            )
        required.follow_up = RequiredAssessment.FollowUp.CANCELLED
        required.follow_up_at, required.follow_up_place = None, ""
        required.follow_up_attendance = Attendance.PENDING
    required.updated_by = by
    required.save()
    _remind_attendance(required)
    return required


def _notification_message(required: RequiredAssessment, stage: str, outcome: str) -> str:
    contact = required.contact
    when = required.initial_at if stage == "initial" else required.follow_up_at
    where = required.initial_place if stage == "initial" else required.follow_up_place
    label = "initial" if stage == "initial" else "follow-up"
    appointment = (
        f"{timezone.localtime(when):%d %B %Y at %H:%M} at {where}" if when else "in custody"
    )
    what = (
        "attended but left before the end" if outcome == Attendance.LEFT_EARLY else "not attended"
    )
    return (
        f"Required {label} assessment {what} (Drugs Act 2005 s{12 if stage == 'initial' else 14})."
        f" Custody record {contact.custody_record_number} at {contact.suite.name}; person "
        f"reference {contact.person.reference}. Appointment: {appointment}."
    )


def required_attendance_record(
    *, required: RequiredAssessment, stage: str, outcome: str, by
) -> PoliceNotification | None:
    """Record the outcome of the initial or follow-up assessment: attended and stayed to the end,
    attended but left before the end, or did not attend. The last two are offences and are
    reported to police (Drugs Act 2005 ss12(2), 14(2)): once per assessment (a second click
    changes nothing); returns the notification."""
    if outcome not in (Attendance.ATTENDED, *ATTENDANCE_REPORTED_TO_POLICE):
        raise ValidationError({"outcome": "Select what happened at the assessment"})
    if stage == PoliceNotification.Stage.FOLLOW_UP and (
        required.follow_up != RequiredAssessment.FollowUp.SET or required.follow_up_at is None
    ):
        raise ValidationError(
            {"outcome": "Give the follow-up's time and place before recording its outcome"}
        )
    field = (
        "initial_attendance"
        if stage == PoliceNotification.Stage.INITIAL
        else "follow_up_attendance"
    )
    with transaction.atomic():
        locked = RequiredAssessment.objects.select_for_update().get(pk=required.pk)
        if getattr(locked, field) != Attendance.PENDING:
            # Recorded already (a double click, a colleague): the first answer stands.
            setattr(required, field, getattr(locked, field))
            return required.police_notifications.filter(stage=stage).first()
        setattr(required, field, outcome)
        required.updated_by = by
        required.save(update_fields=[field, "updated_by", "updated_at"])
        _remind_attendance(required)
        if outcome == Attendance.ATTENDED:
            contact = required.contact
            if (
                stage == PoliceNotification.Stage.INITIAL
                and required.initial_in_custody
                and not contact.outcome
            ):
                # Attending the initial assessment in custody to its end is being seen and
                # assessed: the contact's outcome says so without asking again.
                custody_contact_record_outcome(
                    contact=contact, outcome=CustodyContact.Outcome.ASSESSED, by=by
                )
            return None
        notification, _ = PoliceNotification.objects.get_or_create(
            required_assessment=required,
            stage=stage,
            defaults={
                "reason": outcome,
                "message": _notification_message(required, stage, outcome),
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


# --- The team: handover notes and giving a contact to a worker (issue 23) ----------------------

HANDOVER_NOTE_LIMIT = 2000


def handover_note_add(*, contact: CustodyContact, text: str, by) -> HandoverNote:
    """Add a note to the contact for the next shift. Notes are never edited or removed: a
    correction is another note."""
    from audit.models import AccessLog
    from audit.services import change_record

    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the handover note"})
    if len(text) > HANDOVER_NOTE_LIMIT:
        raise ValidationError(
            {"text": f"The handover note must be {HANDOVER_NOTE_LIMIT} characters or fewer"}
        )
    with transaction.atomic():
        note = HandoverNote.objects.create(contact=contact, text=text, created_by=by, updated_by=by)
        change_record(user=by, action=AccessLog.Action.CREATE, records=[note], detail=contact)
    return note


def contact_assign(*, contact: CustodyContact, to, by) -> CustodyContact:
    """Give the contact to a worker of the team leader's own team (`to` None: to no one). The
    change is in the access log, naming who it went to."""
    from accounts.selectors import team_workers
    from audit.models import AccessLog
    from audit.services import change_record

    if to is not None and not team_workers(user=by).filter(pk=to.pk).exists():
        raise ValidationError({"assignee": "Choose a worker of your team"})
    with transaction.atomic():
        CustodyContact.objects.filter(pk=contact.pk).update(
            assigned_to=to, updated_by=by, updated_at=timezone.now()
        )
        contact.assigned_to = to
        change_record(
            user=by,
            action=AccessLog.Action.CHANGE,
            records=[contact],
            detail=f"assigned to accounts.user:{to.pk}" if to else "assignment removed",
        )
    return contact
