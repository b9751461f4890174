"""DIVERT: pre-arrest drug diversion. An officer refers from a phone; the service works the
case and returns the outcome to police by a deadline."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import TimeStampedModel


class Substance(models.TextChoices):
    CANNABIS = "cannabis", "Cannabis"
    COCAINE = "cocaine", "Cocaine"
    CRACK = "crack", "Crack cocaine"
    HEROIN = "heroin", "Heroin"
    MDMA = "mdma", "MDMA or ecstasy"
    KETAMINE = "ketamine", "Ketamine"
    SPICE = "spice", "Spice or other synthetic cannabinoids"
    NITROUS = "nitrous", "Nitrous oxide"
    OTHER = "other", "Other"


class Vulnerability(models.TextChoices):
    UNDER_18 = "under_18", "Under 18"
    EXPLOITATION = "exploitation", "Exploitation or county lines concern"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery"
    MENTAL_HEALTH = "mental_health", "Mental health"
    HOMELESSNESS = "homelessness", "Homelessness"
    OTHER = "other", "Other"


# Flags that need a safeguarding task for the team leader the same day.
SAFEGUARDING = frozenset(
    {
        Vulnerability.UNDER_18,
        Vulnerability.EXPLOITATION,
        Vulnerability.MODERN_SLAVERY,
        Vulnerability.OTHER,
    }
)


class DivertReferral(TimeStampedModel):
    """One officer's referral and the case the service works from it (DV-YY-NNNNNN)."""

    class Status(models.TextChoices):
        REFERRED = "referred", "Referred"
        CONTACTED = "contacted", "Contacted"
        BOOKED = "booked", "Session booked"
        COMPLETED = "completed", "Attended and completed"
        NOT_ENGAGED = "not_engaged", "Failed to engage"
        OUTCOME_RETURNED = "outcome_returned", "Outcome returned to police"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        COMPLETE = "complete", "Community resolution complete"
        NOT_ENGAGED = "not_engaged", "Not engaged"

    # Retention (people/retention.py) keeps the reference: it is a code, not about the person.
    RETENTION_KEEP = ("reference",)
    OPEN = (Status.REFERRED, Status.CONTACTED, Status.BOOKED, Status.COMPLETED, Status.NOT_ENGAGED)

    reference = models.CharField(max_length=20, unique=True, editable=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="divert_referrals"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="divert_referrals"
    )
    # The name as the officer sent it (issue 21): all the officer is ever shown of the person,
    # never the record's (which says whether someone is on record, and changes with a merge or
    # an edit). Retention empties them with the rest of the referral's free text. The database
    # default is for rows written by COPY (reporting's generate_volume), not for the service.
    given_name = models.CharField(max_length=100, db_default="")
    family_name = models.CharField(max_length=100, db_default="")
    occurrence_number = models.CharField(max_length=40)
    found_at = models.DateTimeField()
    found_where = models.CharField(max_length=200)
    substances = ArrayField(models.CharField(max_length=16, choices=Substance.choices))
    substance_other = models.CharField(max_length=100, blank=True)
    amount = models.CharField(max_length=100)
    # As the officer gave them (the person record may be corrected later by the service).
    phone = models.CharField(max_length=30, blank=True)
    consent_to_contact = models.BooleanField()
    vulnerabilities = ArrayField(
        models.CharField(max_length=16, choices=Vulnerability.choices), default=list, blank=True
    )
    vulnerability_other = models.CharField(max_length=200, blank=True)
    youth_pathway = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REFERRED)
    outcome_due = models.DateField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_returned_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "referred",
                        "contacted",
                        "booked",
                        "completed",
                        "not_engaged",
                        "outcome_returned",
                        "closed",
                    ]
                ),
                name="divert_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["", "complete", "not_engaged"]),
                name="divert_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="outcome_returned")
                | (~models.Q(outcome="") & models.Q(outcome_returned_at__isnull=False)),
                name="divert_returned_has_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["officer", "created_at"], name="divert_officer_idx"),
            models.Index(fields=["status", "outcome_due"], name="divert_due_idx"),
            # The open cases page, deadline soonest first: reads its 25 rows in order, however
            # many cases are open (issue 11). The statuses are OPEN's.
            models.Index(
                fields=["outcome_due", "created_at"],
                condition=models.Q(
                    status__in=["referred", "contacted", "booked", "completed", "not_engaged"]
                ),
                name="divert_open_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        """The service's case page (tasks link here; the officer has their own view)."""
        return reverse("diversion:case", args=[self.reference])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """The outcome has not gone back to police and its deadline has passed."""
        return self.is_open and (today or timezone.localdate()) > self.outcome_due

    @property
    def name_as_sent(self) -> str:
        """The person's name exactly as the officer typed it."""
        return f"{self.given_name} {self.family_name}"

    @property
    def substance_labels(self) -> list[str]:
        return [Substance(s).label for s in self.substances]

    @property
    def vulnerability_labels(self) -> list[str]:
        return [Vulnerability(v).label for v in self.vulnerabilities]

    class OfficerStatus(models.TextChoices):
        """What the referring officer is told (a code for the API, its label for pages):
        progress and outcome, never health details."""

        REFERRED = "referred", "Referred"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Community resolution complete"
        NOT_ENGAGED = "not_engaged", "Not engaged"

    def officer_status_code(self) -> str:
        if self.outcome:
            return self.OfficerStatus(self.outcome)
        if self.status == self.Status.REFERRED:
            return self.OfficerStatus.REFERRED
        return self.OfficerStatus.IN_PROGRESS

    def officer_status(self) -> str:
        """What the referring officer is told: progress and outcome, never health details."""
        return self.OfficerStatus(self.officer_status_code()).label


class IdempotencyKey(models.Model):
    """A client's Idempotency-Key: the same key and body give back the same referral."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    referral = models.ForeignKey(
        DivertReferral, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="divert_idempotency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class ContactAttempt(TimeStampedModel):
    class Method(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"

    class Result(models.TextChoices):
        AGREED = "agreed", "Spoke to them: agreed to a session"
        DECLINED = "declined", "Spoke to them: declined"
        NO_ANSWER = "no_answer", "No answer"
        MESSAGE_LEFT = "message_left", "Message left"
        WRONG_NUMBER = "wrong_number", "Wrong number or address"

    referral = models.ForeignKey(
        DivertReferral, on_delete=models.CASCADE, related_name="contact_attempts"
    )
    at = models.DateTimeField()
    method = models.CharField(max_length=12, choices=Method.choices)
    result = models.CharField(max_length=16, choices=Result.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.referral} {self.method} {self.result}"


class InterventionSession(TimeStampedModel):
    class Attendance(models.TextChoices):
        COMPLETED = "completed", "Attended and completed"
        NOT_ENGAGED = "not_engaged", "Did not attend or did not engage"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(DivertReferral, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200)
    attendance = models.CharField(max_length=12, choices=Attendance.choices, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "starts_at"], name="divert_session_unique_per_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral} {self.starts_at:%Y-%m-%d %H:%M}"
