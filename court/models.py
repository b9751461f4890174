"""DRR/ATR suitability: probation's requests, the service's reports (CR-YY-NNNNNN, versioned,
signed off by a team leader), the court's outcome and the monthly reviews of a long DRR."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import TimeStampedModel


class ReportKind(models.TextChoices):
    """The three kinds of pre-sentence report, and when each is due after the request."""

    ORAL = "oral", "Oral (on the day)"
    SHORT = "short", "Short written (within 5 working days)"
    STANDARD = "standard", "Standard written (within 15 working days)"


class ProbationRequest(TimeStampedModel):
    """A probation officer asks the service for a suitability assessment before court.

    The person is who probation typed, kept as typed: probation are shown that and nothing else
    (issue 21). `person` is the record a custody worker or team leader confirmed it is (with who
    and when); until then the request is for "the person named in the request"."""

    RETENTION_KEEP = ("court",)
    # What probation typed identifies the person as the record does (its date of birth too).
    RETENTION_ANONYMISER = "court.services.probation_requests_anonymise"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="probation_requests"
    )
    # What probation typed (never changed by a link, a merge or an edit of the record).
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    pnc_id = models.CharField("PNC ID", max_length=20, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # The record it is, once the service has confirmed the match.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="probation_requests",
    )
    linked_at = models.DateTimeField(null=True, blank=True)
    # Retention reached it while nobody had confirmed who it is for (people.retention).
    anonymised_at = models.DateTimeField(null=True, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report_kind = models.CharField(
        max_length=8, choices=ReportKind.choices, default=ReportKind.STANDARD
    )
    court = models.CharField(max_length=120)
    hearing_date = models.DateField()
    report_deadline = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["report_deadline", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(report_deadline__lte=models.F("hearing_date")),
                name="court_request_deadline_before_hearing",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=True)
                | (models.Q(linked_at__isnull=False) & models.Q(linked_by__isnull=False)),
                name="court_request_link_has_who",
            ),
        ]
        indexes = [
            models.Index(fields=["officer", "created_at"], name="court_request_officer_idx"),
            # The officer's list, the latest deadline first: its page read in order (issue 11).
            models.Index(
                fields=["officer", "-report_deadline", "-created_at"],
                name="court_request_officer_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Request for {self.court}, {self.hearing_date:%-d %b %Y}"

    @property
    def typed_name(self) -> str:
        """The person's name as probation typed it."""
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_linked(self) -> bool:
        return self.person_id is not None


class Misuse(models.TextChoices):
    DRUGS = "drugs", "Drugs"
    ALCOHOL = "alcohol", "Alcohol"
    BOTH = "both", "Drugs and alcohol"
    NEITHER = "neither", "Neither"


class Recommendation(models.TextChoices):
    DRR = "drr", "Drug Rehabilitation Requirement (DRR)"
    ATR = "atr", "Alcohol Treatment Requirement (ATR)"
    BOTH = "both", "Both a DRR and an ATR"
    NEITHER = "neither", "Neither"


class SuitabilityReport(TimeStampedModel):
    """One version of a suitability report. A signed-off version is never changed again: a
    correction is a new version of the same reference, with its reason."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for sign-off"
        SIGNED_OFF = "signed_off", "Signed off"

    RETENTION_KEEP = ("reference", "court")
    # The fields a worker writes (the rest is workflow).
    CONTENT = (
        "misuse",
        "dependency_notes",
        "requires_treatment",
        "susceptible_to_treatment",
        "treatment_available",
        "provider_service",
        "treatment_start",
        "willing_to_comply",
        "willing_to_be_tested",
        "recommendation",
        "reasons",
        "proposed_length_months",
        "review_arrangements",
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, editable=False)
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # None while a probation request's person is not yet confirmed (ProbationRequest.person).
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suitability_reports",
    )
    custody_contact = models.ForeignKey(
        "custody.CustodyContact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suitability_reports",
    )
    request = models.ForeignKey(
        ProbationRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    court = models.CharField(max_length=120)
    hearing_date = models.DateField()
    report_deadline = models.DateField()
    # The content.
    misuse = models.CharField(max_length=8, choices=Misuse.choices, blank=True)
    dependency_notes = models.TextField(blank=True)
    requires_treatment = models.BooleanField(null=True)
    susceptible_to_treatment = models.BooleanField(null=True)
    treatment_available = models.BooleanField(null=True)
    provider_service = models.ForeignKey(
        "organisations.ProviderService", on_delete=models.PROTECT, null=True, blank=True
    )
    treatment_start = models.DateField(null=True, blank=True)
    willing_to_comply = models.BooleanField(null=True)
    willing_to_be_tested = models.BooleanField(null=True)
    recommendation = models.CharField(max_length=8, choices=Recommendation.choices, blank=True)
    reasons = models.TextField(blank=True)
    proposed_length_months = models.PositiveSmallIntegerField(null=True, blank=True)
    review_arrangements = models.TextField(blank=True)
    # Workflow.
    correction_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who is writing it: whoever started it from a custody contact or a correction, or first
    # saved a draft of probation's request (None until someone in the team has).
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report_deadline", "reference", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "version"], name="court_report_version"),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted", "signed_off"]),
                name="court_report_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="signed_off")
                | (models.Q(signed_off_at__isnull=False) & models.Q(signed_off_by__isnull=False)),
                name="court_report_signed_off_has_who",
            ),
            models.CheckConstraint(
                condition=models.Q(version=1) | ~models.Q(correction_reason=""),
                name="court_report_correction_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "report_deadline"], name="court_report_due_idx"),
            # The team's list: reports to finish by deadline, and the last 90 days' signed off
            # by sign-off, each read in order however long the history (issue 11).
            models.Index(
                fields=["report_deadline", "reference"],
                condition=~models.Q(status="signed_off"),
                name="court_report_open_idx",
            ),
            models.Index(
                fields=["signed_off_at"],
                condition=models.Q(status="signed_off"),
                name="court_report_signed_off_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("court:report", args=[self.reference])

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SIGNED_OFF

    @property
    def includes_drr(self) -> bool:
        return self.recommendation in (Recommendation.DRR, Recommendation.BOTH)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Not signed off and the report deadline has passed."""
        return not self.is_locked and (today or timezone.localdate()) > self.report_deadline


class ReportSendBack(TimeStampedModel):
    """A team leader sent a submitted version back to draft, and why (created_by, created_at):
    kept with the report's history and shown to whoever is writing it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(
        SuitabilityReport, on_delete=models.PROTECT, related_name="send_backs"
    )
    reason = models.TextField()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="court_send_back_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Sent back {self.created_at:%-d %b %Y}"


class CourtOutcome(TimeStampedModel):
    """What the court did, recorded against the signed-off report."""

    class Order(models.TextChoices):
        DRR = "drr", "Drug Rehabilitation Requirement (DRR)"
        ATR = "atr", "Alcohol Treatment Requirement (ATR)"
        BOTH = "both", "Both a DRR and an ATR"
        OTHER = "other", "Another sentence"
        ADJOURNED = "adjourned", "Adjourned"

    TREATMENT_ORDERS = (Order.DRR, Order.ATR, Order.BOTH)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(SuitabilityReport, on_delete=models.PROTECT, related_name="outcomes")
    order = models.CharField(max_length=10, choices=Order.choices)
    length_months = models.PositiveSmallIntegerField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    referral = models.ForeignKey(
        "treatment.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Why no referral followed an order (no consent yet, no provider named): said, not hidden.
    referral_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(order__in=["drr", "atr", "both", "other", "adjourned"]),
                name="court_outcome_order_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(order__in=["drr", "atr", "both"])
                | (models.Q(length_months__gte=1) & models.Q(start_date__isnull=False)),
                name="court_outcome_order_has_length_and_start",
            ),
        ]

    @property
    def includes_drr(self) -> bool:
        return self.order in (self.Order.DRR, self.Order.BOTH)


class DrrReview(TimeStampedModel):
    """A monthly review of a DRR over 12 months: due on a date, then its written record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    outcome = models.ForeignKey(CourtOutcome, on_delete=models.PROTECT, related_name="reviews")
    number = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    test_results = models.TextField(blank=True)
    provider_view = models.TextField(blank=True)
    progress = models.TextField(blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_date"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "number"], name="court_review_number"),
        ]

    def __str__(self) -> str:
        return f"DRR review {self.number}, due {self.due_date:%-d %b %Y}"

    @property
    def person(self):
        return self.outcome.report.person

    def get_absolute_url(self) -> str:
        return reverse("court:review", args=[self.pk])
