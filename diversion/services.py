"""Writes to DIVERT: the officer's referral (idempotent), then the service's work on the case.

The officer's form and the force's app both come through `divert_referral_submit`, so a page
resubmitted after a dropped connection and an app retrying with its Idempotency-Key are the
same thing: one referral.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.selectors import arrest_referral_service
from core.references import next_reference
from core.transitions import status_change
from custody.services import age_on
from diversion.models import (
    SAFEGUARDING,
    ContactAttempt,
    DivertReferral,
    IdempotencyKey,
    InterventionSession,
    Substance,
    Vulnerability,
)
from organisations.postcodes import normalise_postcode
from people.services import person_link_exact
from reminders.models import ReminderKind as Kind
from reminders.services import reminder_schedule, reminders_cancel

Status = DivertReferral.Status

# UK numbers: 0 or +44 then 9 or 10 digits (spaces, dashes and brackets ignored).
_PHONE = re.compile(r"(?:\+44|0044|0)(\d{9,10})")


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with a different request."""


class DivertConflict(Exception):
    """The case moved on before this change could be made."""

    def __init__(self, referral: DivertReferral, message: str):
        super().__init__(message)
        self.referral = referral
        self.message = message


def normalise_phone(text: str) -> str | None:
    """A UK phone number as 0XXXXXXXXXX, or None if it is not one."""
    digits = re.sub(r"[\s\-().]", "", text or "")
    match = _PHONE.fullmatch(digits)
    return f"0{match.group(1)}" if match else None


def _next_reference() -> str:
    return next_reference(prefix="DV", sequence="diversion_referral_reference_seq")


def divert_referral_validate(data: dict) -> dict:
    """Check and normalise an officer's referral; every problem by field, or the clean values.

    Expects: occurrence_number, found_at (aware datetime), found_where, substances (list),
    substance_other, amount, given_name, family_name, date_of_birth (date), phone, postcode,
    address, consent_to_contact (bool), vulnerabilities (list), vulnerability_other.
    """
    errors: dict[str, str] = {}
    clean = dict(data)
    now = timezone.now()
    for field, message in (
        ("occurrence_number", "Enter the occurrence or incident number"),
        ("found_where", "Enter where the person was found"),
        ("amount", "Enter roughly how much was found"),
        ("given_name", "Enter their given name"),
        ("family_name", "Enter their family name"),
    ):
        clean[field] = (data.get(field) or "").strip()
        if not clean[field]:
            errors[field] = message
    found_at = data.get("found_at")
    if found_at is None:
        errors["found_at"] = "Enter when the person was found"
    elif found_at > now + datetime.timedelta(minutes=5):
        errors["found_at"] = "When they were found must be now or in the past"
    elif found_at < now - datetime.timedelta(days=30):
        errors["found_at"] = "DIVERT referrals are for the last 30 days: check the date"
    substances = list(dict.fromkeys(data.get("substances") or []))
    if not substances:
        errors["substances"] = "Select the substance found"
    elif any(s not in Substance.values for s in substances):
        errors["substances"] = "Select substances from the list"
    clean["substances"] = substances
    clean["substance_other"] = (data.get("substance_other") or "").strip()
    if Substance.OTHER in substances and not clean["substance_other"]:
        errors["substance_other"] = "Say what the other substance is"
    dob = data.get("date_of_birth")
    if dob is None:
        errors["date_of_birth"] = "Enter their date of birth"
    elif dob > timezone.localdate():
        errors["date_of_birth"] = "Date of birth must be in the past"
    elif dob.year < 1900 or age_on(date_of_birth=dob, day=timezone.localdate()) < 10:
        errors["date_of_birth"] = "Enter a real date of birth (they must be 10 or older)"
    phone = (data.get("phone") or "").strip()
    clean["phone"] = ""
    if phone:
        clean["phone"] = normalise_phone(phone) or ""
        if not clean["phone"]:
            errors["phone"] = "Enter a UK phone number, like 07700 900982"
    postcode = (data.get("postcode") or "").strip()
    clean["postcode"] = ""
    if postcode:
        clean["postcode"] = normalise_postcode(postcode) or ""
        if not clean["postcode"]:
            errors["postcode"] = "Enter a real postcode, like B5 4TT"
    clean["address"] = (data.get("address") or "").strip()
    if not clean["postcode"] and not clean["address"] and "postcode" not in errors:
        errors["postcode"] = "Enter their postcode (or their address, if they have no postcode)"
    if data.get("consent_to_contact") is None:
        errors["consent_to_contact"] = "Select whether they agree to be contacted by the service"
    vulnerabilities = list(dict.fromkeys(data.get("vulnerabilities") or []))
    if any(v not in Vulnerability.values for v in vulnerabilities):
        errors["vulnerabilities"] = "Select vulnerabilities from the list"
    clean["vulnerability_other"] = (data.get("vulnerability_other") or "").strip()
    if Vulnerability.OTHER in vulnerabilities and not clean["vulnerability_other"]:
        errors["vulnerability_other"] = "Describe the other vulnerability"
    if errors:
        raise ValidationError(errors)
    under_18 = age_on(date_of_birth=dob, day=timezone.localdate(found_at)) < 18
    if under_18 and Vulnerability.UNDER_18 not in vulnerabilities:
        vulnerabilities.append(Vulnerability.UNDER_18)  # the date of birth says so
    clean["vulnerabilities"] = vulnerabilities
    return clean


def _as_stored(data: dict) -> dict:
    """The request as it would be stored, for comparing a replay (issue 22): text trimmed, the
    postcode and phone in their stored form, lists without repeats, the time in UTC. Nothing is
    refused here, so a replay is recognised even when a rule that depends on today (the 30 days)
    would now refuse it."""
    stored = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    if stored.get("postcode"):
        stored["postcode"] = normalise_postcode(stored["postcode"]) or stored["postcode"]
    if stored.get("phone"):
        stored["phone"] = normalise_phone(stored["phone"]) or stored["phone"]
    for field in ("substances", "vulnerabilities"):
        if isinstance(stored.get(field), list):
            stored[field] = list(dict.fromkeys(stored[field]))
    if isinstance(stored.get("found_at"), datetime.datetime):
        stored["found_at"] = stored["found_at"].astimezone(datetime.UTC)
    return stored


def _hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _body_hash(data: dict) -> str:
    return _hash(_as_stored(data))


def _same_request(found: IdempotencyKey, data: dict, digest: str) -> bool:
    """Is this the request the key was first used with? Keys stored before replays were
    normalised (issue 22) hold a hash of the request as sent, so either hash matching is the
    same request: a retry spanning the deploy answers its referral, not 422 (decision 0029).
    A key stored since never matches on the second alone (the normalised form of a request is
    its own normalised form), so this finds no other replays."""
    return found.body_hash in (digest, _hash(data))


def divert_referral_submit(*, officer, key: str, data: dict) -> tuple[DivertReferral, bool]:
    """Make the referral once per (officer, key): (the referral, whether it was made now).

    The same key with the same data gives back the referral made the first time; with other
    data it raises IdempotencyConflict. Invalid data raises ValidationError and saves nothing.
    """
    digest = _body_hash(data)
    existing = IdempotencyKey.objects.filter(user=officer, key=key).select_related("referral")
    if found := existing.first():
        if not _same_request(found, data, digest):
            raise IdempotencyConflict
        return found.referral, False
    clean = divert_referral_validate(data)
    try:
        with transaction.atomic():
            referral = _create(officer=officer, clean=clean)
            IdempotencyKey.objects.create(
                user=officer, key=key, body_hash=digest, referral=referral
            )
    except IntegrityError:
        # The same key, at the same moment, from a retry: the first one made it.
        found = existing.first()
        if found is None:
            raise
        if not _same_request(found, data, digest):
            raise IdempotencyConflict from None
        return found.referral, False
    return referral, True


def _create(*, officer, clean: dict) -> DivertReferral:
    person, _ = person_link_exact(
        given_name=clean["given_name"],
        family_name=clean["family_name"],
        date_of_birth=clean["date_of_birth"],
        postcode=clean["postcode"],
        phone=clean["phone"],
        address=clean["address"],
        by=officer,
    )
    found_day = timezone.localdate(clean["found_at"])
    referral = DivertReferral.objects.create(
        reference=_next_reference(),
        officer=officer,
        person=person,
        given_name=clean["given_name"],
        family_name=clean["family_name"],
        occurrence_number=clean["occurrence_number"],
        found_at=clean["found_at"],
        found_where=clean["found_where"],
        substances=clean["substances"],
        substance_other=clean["substance_other"],
        amount=clean["amount"],
        phone=clean["phone"],
        consent_to_contact=clean["consent_to_contact"],
        vulnerabilities=clean["vulnerabilities"],
        vulnerability_other=clean["vulnerability_other"],
        youth_pathway=Vulnerability.UNDER_18 in clean["vulnerabilities"],
        outcome_due=found_day
        + datetime.timedelta(days=settings.SERVICE_TIMINGS["DIVERT_OUTCOME_DAYS"]),
        created_by=officer,
        updated_by=officer,
    )
    _schedule_reminders(referral)
    return referral


# Days before the outcome deadline that the team is reminded.
OUTCOME_WARNING_DAYS = 3


def _schedule_reminders(referral: DivertReferral) -> None:
    """A safeguarding task for the team today if a vulnerability was flagged; the outcome
    deadline a few days before, and again once it has passed."""
    team = arrest_referral_service()
    now = timezone.now()
    if needs_safeguarding(referral):
        flags = ", ".join(referral.vulnerability_labels)
        youth = " Youth pathway: under 18." if referral.youth_pathway else ""
        reminder_schedule(
            kind=Kind.SAFEGUARDING_NOT_PICKED_UP,
            subject=referral,
            due_at=now,  # on the team's list at once, and e-mailed
            organisation=team,
            note=f"DIVERT {referral.reference}: {flags}.{youth}",
        )
    london = timezone.get_current_timezone()
    soon = datetime.datetime.combine(
        referral.outcome_due - datetime.timedelta(days=OUTCOME_WARNING_DAYS),
        datetime.time(9, 0),
        tzinfo=london,
    )
    passed = datetime.datetime.combine(
        referral.outcome_due + datetime.timedelta(days=1), datetime.time.min, tzinfo=london
    )
    for kind, due_at in (
        (Kind.DIVERT_OUTCOME_DUE_SOON, soon),
        (Kind.DIVERT_OUTCOME_OVERDUE, passed),
    ):
        if due_at > now:
            reminder_schedule(kind=kind, subject=referral, due_at=due_at, organisation=team)


def needs_safeguarding(referral: DivertReferral) -> bool:
    return bool(SAFEGUARDING & set(referral.vulnerabilities))


# --- The service's work on the case ----------------------------------------------------------


def _transition(referral: DivertReferral, **change) -> DivertReferral:
    """Move the case on if, and only if, it is still in one of `from_statuses`."""
    if not status_change(referral, **change):
        raise DivertConflict(
            referral, f"This case is now {referral.get_status_display().lower()}: nothing changed."
        )
    return referral


@transaction.atomic
def contact_attempt_record(
    *, referral: DivertReferral, by, at: datetime.datetime, method: str, result: str, note=""
) -> ContactAttempt:
    """A try at reaching the person; the first one moves the case from referred to contacted."""
    if not referral.is_open:
        raise DivertConflict(referral, "This case is closed to new contact attempts.")
    if at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"at": "The attempt must be now or in the past"})
    attempt = ContactAttempt.objects.create(
        referral=referral,
        at=at,
        method=method,
        result=result,
        note=note.strip(),
        created_by=by,
        updated_by=by,
    )
    DivertReferral.objects.filter(pk=referral.pk, status=Status.REFERRED).update(
        status=Status.CONTACTED, updated_at=timezone.now(), updated_by=by
    )
    referral.refresh_from_db()
    return attempt


@transaction.atomic
def session_book(
    *, referral: DivertReferral, by, starts_at: datetime.datetime, location: str
) -> InterventionSession:
    if not location.strip():
        raise ValidationError({"location": "Enter where the session is"})
    referral = _transition(
        referral,
        from_statuses=[Status.REFERRED, Status.CONTACTED, Status.NOT_ENGAGED],
        to_status=Status.BOOKED,
        by=by,
    )
    try:
        with transaction.atomic():
            return InterventionSession.objects.create(
                referral=referral,
                starts_at=starts_at,
                location=location.strip(),
                created_by=by,
                updated_by=by,
            )
    except IntegrityError:
        raise ValidationError({"starts_at": "A session is already booked at that time"}) from None


@transaction.atomic
def session_attendance_record(
    *, session: InterventionSession, by, attendance: str
) -> InterventionSession:
    if attendance not in InterventionSession.Attendance.values:
        raise ValidationError({"attendance": "Select whether they attended and completed it"})
    changed = InterventionSession.objects.filter(pk=session.pk, attendance="").update(
        attendance=attendance, updated_at=timezone.now(), updated_by=by
    )
    session.refresh_from_db()
    if not changed:
        raise DivertConflict(session.referral, "Attendance at this session is already recorded.")
    _transition(
        session.referral,
        from_statuses=[Status.BOOKED],
        to_status=Status.COMPLETED
        if attendance == InterventionSession.Attendance.COMPLETED
        else Status.NOT_ENGAGED,
        by=by,
    )
    return session


@transaction.atomic
def outcome_return(*, referral: DivertReferral, by, outcome: str) -> DivertReferral:
    """Tell police the outcome: complete only after a completed session; not engaged at any
    point before. The referring officer sees it at once and gets an e-mail (reference only)."""
    if outcome == DivertReferral.Outcome.COMPLETE:
        allowed = [Status.COMPLETED]
    elif outcome == DivertReferral.Outcome.NOT_ENGAGED:
        allowed = [Status.REFERRED, Status.CONTACTED, Status.BOOKED, Status.NOT_ENGAGED]
    else:
        raise ValidationError({"outcome": "Select the outcome to return to police"})
    now = timezone.now()
    referral = _transition(
        referral,
        from_statuses=allowed,
        to_status=Status.OUTCOME_RETURNED,
        by=by,
        outcome=outcome,
        outcome_returned_at=now,
    )
    reminders_cancel(
        subject=referral,
        kinds=[Kind.DIVERT_OUTCOME_DUE_SOON, Kind.DIVERT_OUTCOME_OVERDUE],
        reason="Outcome returned to police",
    )
    officer_email = referral.officer.email
    if officer_email:
        message = (
            f"DIVERT referral {referral.reference}: {referral.get_outcome_display()}. "
            "Sign in to see it in your referrals."
        )
        transaction.on_commit(
            lambda: send_mail(
                f"DIVERT outcome: {referral.reference}",
                message,
                None,
                [officer_email],
                fail_silently=True,
            )
        )
    return referral


@transaction.atomic
def divert_close(*, referral: DivertReferral, by) -> DivertReferral:
    return _transition(
        referral,
        from_statuses=[Status.OUTCOME_RETURNED],
        to_status=Status.CLOSED,
        by=by,
        closed_at=timezone.now(),
    )
