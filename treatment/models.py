"""Local authorities, provider services and the reference lists of the treatment handoff."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import TimeStampedModel
from organisations.models import ProviderService


class ReasonCode(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    # "Other" and its like need words from the worker.
    requires_text = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class DeclineReason(ReasonCode):
    """Why a provider declined a referral."""

    # The table's codes (its rows come from migration 0002), declared for the API's schema: an
    # enum a generated client can offer. tests/api_contract keeps the two in step.
    CODES = (
        "out_of_area",
        "already_in_treatment",
        "not_eligible",
        "duplicate",
        "person_declined",
        "other",
    )


class ClosureReason(ReasonCode):
    """NDTMS-style reason a referral or treatment episode closed."""


class Referral(TimeStampedModel):
    """A person referred to treatment: to one of the seven areas' provider services, or, for
    someone who lives elsewhere, out of area (a referral pack the worker sends on).

    The reference (TR-YY-NNNNNN) is what people and URLs use; the integer key never leaves
    the database.
    """

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        BOOKED = "booked", "First appointment booked"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"
        ATTENDED = "attended", "Attended"
        ENGAGED = "engaged", "Engaged in treatment"
        CLOSED = "closed", "Closed"

    class Source(models.TextChoices):
        CUSTODY = "custody", "Custody contact"
        PRISON = "prison", "Release from prison (HMP Birmingham)"
        COMMUNITY = "community", "In the community"
        DIVERT = "divert", "DIVERT case"
        COURT = "court", "Court order"

    # Retention (people/retention.py) keeps the reference: it is a code, not about the person.
    RETENTION_KEEP = ("reference",)
    # Statuses in which a referral is still live: one live referral per person and service.
    LIVE = (Status.SENT, Status.ACCEPTED, Status.BOOKED, Status.DID_NOT_ATTEND, Status.ATTENDED)
    FINISHED = (Status.DECLINED, Status.ENGAGED, Status.CLOSED)

    reference = models.CharField(max_length=20, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    provider_service = models.ForeignKey(
        ProviderService,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    # The service the person's residence pointed at, when the worker chose another.
    proposed_provider_service = models.ForeignKey(
        ProviderService, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    choice_reason = models.CharField(max_length=300, blank=True)
    # Out of area: the person's home area and the service outside the seven the pack goes to.
    out_of_area = models.BooleanField(default=False)
    home_area = models.CharField(max_length=100, blank=True)
    external_service = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    custody_contact = models.ForeignKey(
        "custody.CustodyContact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    divert_referral = models.ForeignKey(
        "diversion.DivertReferral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="treatment_referrals",
    )
    # Continuity of care runs from release (custody or prison) to the first attended appointment.
    released_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SENT)
    sent_at = models.DateTimeField()
    accept_by = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.ForeignKey(
        DeclineReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_note = models.CharField(max_length=500, blank=True)
    first_attended_on = models.DateField(null=True, blank=True)
    engaged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.ForeignKey(
        ClosureReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_note = models.CharField(max_length=500, blank=True)
    # When it was declined, engaged in treatment or closed: the end of the handoff.
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "sent",
                        "accepted",
                        "declined",
                        "booked",
                        "did_not_attend",
                        "attended",
                        "engaged",
                        "closed",
                    ]
                ),
                name="referral_status_valid",
            ),
            # In area: a provider service. Out of area: the service outside the seven, named.
            models.CheckConstraint(
                condition=models.Q(out_of_area=False, provider_service__isnull=False)
                | models.Q(out_of_area=True, provider_service__isnull=True)
                & ~models.Q(external_service=""),
                name="referral_destination_one_of",
            ),
            # A double submit, a retry or two workers at once never make a second live referral.
            models.UniqueConstraint(
                fields=["person", "provider_service"],
                condition=models.Q(
                    status__in=["sent", "accepted", "booked", "did_not_attend", "attended"],
                    out_of_area=False,
                ),
                name="referral_one_live_per_person_and_service",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(accepted_at__isnull=False),
                name="referral_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined")
                | models.Q(declined_at__isnull=False, decline_reason__isnull=False),
                name="referral_declined_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["provider_service", "status", "sent_at"], name="referral_inbox_idx"
            ),
            models.Index(fields=["status", "accept_by"], name="referral_overdue_idx"),
            # The inbox's recently finished referrals (declined, engaged, closed).
            models.Index(
                fields=["provider_service", "finished_at"], name="referral_inbox_recent_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("treatment:referral", args=[self.reference])

    @property
    def destination(self) -> str:
        return self.external_service if self.out_of_area else str(self.provider_service)

    @property
    def accept_by_day(self) -> datetime.date | None:
        """The last day to accept (the deadline is midnight at its end, London time)."""
        if self.accept_by is None:
            return None
        return (timezone.localtime(self.accept_by) - datetime.timedelta(days=1)).date()

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        """Sent and not accepted or declined by its working-day deadline."""
        return (
            self.status == self.Status.SENT
            and self.accept_by is not None
            and (now or timezone.now()) >= self.accept_by
        )

    def continuity_of_care(self, today: datetime.date | None = None) -> ContinuityOfCare | None:
        """Days from release to the first attended appointment (or to today, while waiting)."""
        if self.released_on is None:
            return None
        limit = settings.SERVICE_TIMINGS["CONTINUITY_OF_CARE_DAYS"]
        if self.first_attended_on:
            days = (self.first_attended_on - self.released_on).days
            return ContinuityOfCare(days, limit, attended=True)
        days = ((today or timezone.localdate()) - self.released_on).days
        return ContinuityOfCare(days, limit, attended=False)


@dataclass(frozen=True)
class ContinuityOfCare:
    days: int
    limit: int
    attended: bool

    @property
    def within(self) -> bool | None:
        """True: attended within the limit. False: missed. None: still waiting, still in time."""
        if self.days > self.limit:
            return False
        return True if self.attended else None

    @property
    def days_left(self) -> int:
        return max(self.limit - self.days, 0)


class ReferralEvent(models.Model):
    """What happened to a referral, as data: the history every viewer of the referral sees."""

    class Kind(models.TextChoices):
        SENT = "sent", "Referral sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        BOOKED = "booked", "Appointment booked"
        ATTENDED = "attended", "Attended"
        LATE = "late", "Attended late"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"
        ENGAGED = "engaged", "Engaged in treatment"
        CLOSED = "closed", "Closed"
        PACK = "pack", "Referral pack produced"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["referral", "at"], name="referral_event_at_idx")]

    def __str__(self) -> str:
        return f"{self.referral} {self.kind}"


class Appointment(TimeStampedModel):
    """An appointment with the provider; the first one attended stops the continuity clock."""

    class Outcome(models.TextChoices):
        ATTENDED = "attended", "Attended"
        LATE = "late", "Attended late"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    ATTENDED = (Outcome.ATTENDED, Outcome.LATE)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=["", "attended", "late", "did_not_attend"]),
                name="appointment_outcome_valid",
            ),
            # A double submit of the booking form never books the same slot twice.
            models.UniqueConstraint(
                fields=["referral", "starts_at"], name="appointment_unique_per_referral_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral} {self.starts_at:%Y-%m-%d %H:%M}"
