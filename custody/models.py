"""Custody suites, offence categories and custody contacts (arrest referral)."""

import uuid

from django.db import models
from django.urls import reverse

from core.models import TimeStampedModel
from organisations.models import CustodySuite


def record_number_normalised(number: str) -> str:
    """A custody record number as stored and compared: no spaces anywhere, upper case, so
    " ng 0012/26" and "NG0012/26" are one number (unique per suite)."""
    return "".join(number.split()).upper()


class OffenceCategory(models.Model):
    """An offence category; trigger offences (Drugs Act 2005 sch. 6) lead to a test on arrest."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    is_trigger = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["label"]
        verbose_name_plural = "offence categories"

    def __str__(self) -> str:
        return self.label


class CustodyContact(TimeStampedModel):
    """A detainee's time in custody, and what the arrest referral worker did about it."""

    class Outcome(models.TextChoices):
        ASSESSED = "assessed", "Seen and assessed"
        BRIEF_INTERVENTION = "brief_intervention", "Brief intervention only"
        DECLINED = "declined", "Declined"
        NOT_SEEN = "not_seen", "Not seen"

    # A code (NotSeenReason), though not declared as choices: kept by retention, for reporting.
    RETENTION_KEEP = ("not_seen_reason",)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    suite = models.ForeignKey(CustodySuite, on_delete=models.PROTECT, related_name="contacts")
    custody_record_number = models.CharField(max_length=30)
    arrested_at = models.DateTimeField()
    offence_category = models.ForeignKey(
        OffenceCategory, on_delete=models.PROTECT, related_name="contacts"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="custody_contacts"
    )
    seen_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    not_seen_reason = models.CharField(max_length=24, blank=True)
    not_seen_other = models.CharField(max_length=200, blank=True)
    seen_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the outcome was recorded: "Today at my suite" keeps a finished contact for a day.
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-arrested_at"]
        indexes = [
            models.Index(fields=["suite", "arrested_at"], name="contact_suite_arrested_idx"),
            # Today at my suite: everyone still without an outcome, whatever day they came in...
            models.Index(
                fields=["suite", "arrested_at"],
                condition=models.Q(outcome=""),
                name="custody_contact_open_idx",
            ),
            # ...and those finished in the last 24 hours.
            models.Index(fields=["suite", "outcome_at"], name="custody_contact_finished_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["suite", "custody_record_number"],
                name="custody_contact_unique_record_per_suite",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    outcome__in=["", "assessed", "brief_intervention", "declined", "not_seen"]
                ),
                name="custody_contact_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suite.code} {self.custody_record_number}"

    @property
    def is_seen(self) -> bool:
        return self.outcome not in ("", self.Outcome.NOT_SEEN)


class NotSeenReason(models.TextChoices):
    RELEASED = "released_before_seen", "Released before seen"
    UNFIT = "unfit", "Unfit to be seen"
    VIOLENT = "violent", "Violent or unsafe to see"
    SOLICITOR = "with_solicitor", "With solicitor"
    ASLEEP = "asleep", "Asleep"
    IN_TREATMENT = "already_in_treatment", "Already in treatment"
    OTHER = "other", "Other"


class TestResult(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"
    REFUSED = "refused", "Refused"
    NOT_TESTED = "not_tested", "Not tested"


class DrugTest(TimeStampedModel):
    """Test on arrest (PACE s63B) for opiates and cocaine."""

    contact = models.OneToOneField(
        CustodyContact, on_delete=models.CASCADE, related_name="drug_test"
    )
    opiates = models.CharField(max_length=12, choices=TestResult.choices)
    cocaine = models.CharField(max_length=12, choices=TestResult.choices)
    sample_taken_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A sample time goes with a result; "not tested" on both needs none.
            models.CheckConstraint(
                condition=models.Q(opiates="not_tested", cocaine="not_tested")
                | models.Q(sample_taken_at__isnull=False),
                name="drug_test_sample_time_when_tested",
            )
        ]

    def __str__(self) -> str:
        return f"Opiates {self.opiates}, cocaine {self.cocaine}"

    @property
    def is_positive(self) -> bool:
        return TestResult.POSITIVE in (self.opiates, self.cocaine)


class Attendance(models.TextChoices):
    PENDING = "pending", "Not yet due"
    ATTENDED = "attended", "Attended"
    NOT_ATTENDED = "not_attended", "Did not attend"


class RequiredAssessment(TimeStampedModel):
    """After a positive test: an initial assessment and, where set, a follow-up (Drugs Act 2005
    ss9-14). Not attending either must be reported to police."""

    class FollowUp(models.TextChoices):
        NOT_SET = "not_set", "Not decided yet"
        SET = "set", "Required"
        CANCELLED = "cancelled", "Not required"

    contact = models.OneToOneField(
        CustodyContact, on_delete=models.CASCADE, related_name="required_assessment"
    )
    initial_in_custody = models.BooleanField(default=True)
    initial_at = models.DateTimeField(null=True, blank=True)
    initial_place = models.CharField(max_length=300, blank=True)
    initial_attendance = models.CharField(
        max_length=14, choices=Attendance.choices, default=Attendance.PENDING
    )
    follow_up = models.CharField(max_length=10, choices=FollowUp.choices, default=FollowUp.NOT_SET)
    follow_up_at = models.DateTimeField(null=True, blank=True)
    follow_up_place = models.CharField(max_length=300, blank=True)
    follow_up_attendance = models.CharField(
        max_length=14, choices=Attendance.choices, default=Attendance.PENDING
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(initial_in_custody=True)
                | (models.Q(initial_at__isnull=False) & ~models.Q(initial_place="")),
                name="required_initial_appointment_has_time_and_place",
            ),
            models.CheckConstraint(
                condition=~models.Q(follow_up="set")
                | (models.Q(follow_up_at__isnull=False) & ~models.Q(follow_up_place="")),
                name="required_follow_up_has_time_and_place",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("custody:contact", args=[self.contact_id]) + "#required"

    def __str__(self) -> str:
        return f"Required assessment for {self.contact}"


class PoliceNotification(TimeStampedModel):
    """What was sent to police about a missed required assessment, and when."""

    class Stage(models.TextChoices):
        INITIAL = "initial", "Initial assessment"
        FOLLOW_UP = "follow_up", "Follow-up assessment"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    required_assessment = models.ForeignKey(
        RequiredAssessment, on_delete=models.PROTECT, related_name="police_notifications"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    message = models.TextField()
    sent_to = models.CharField(max_length=200)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            # One notification per missed appointment: a double click sends nothing twice.
            models.UniqueConstraint(
                fields=["required_assessment", "stage"], name="police_notification_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} not attended: notified {self.sent_at:%Y-%m-%d %H:%M}"


class Naloxone(TimeStampedModel):
    """Naloxone on release: a kit issued (type, batch, training), or offered and declined."""

    class Outcome(models.TextChoices):
        ISSUED = "issued", "Kit issued"
        DECLINED = "declined", "Offered and declined"
        ALREADY_HAS = "already_has", "Already has a kit"

    class Kit(models.TextChoices):
        NASAL = "nasal", "Nasal spray"
        INJECTABLE = "injectable", "Intramuscular injection"

    contact = models.OneToOneField(
        CustodyContact, on_delete=models.CASCADE, related_name="naloxone"
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    kit = models.CharField(max_length=12, choices=Kit.choices, blank=True)
    batch = models.CharField(max_length=40, blank=True)
    training_given = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "naloxone"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="issued") | (~models.Q(kit="") & ~models.Q(batch="")),
                name="naloxone_issued_has_kit_and_batch",
            )
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()


class ReleasePlan(TimeStampedModel):
    class Disposal(models.TextChoices):
        RELEASED = "released", "Released (no further action or under investigation)"
        BAILED = "charged_bailed", "Charged and bailed"
        REMANDED = "remanded", "Remanded in custody"
        COURT = "to_court", "To court"

    contact = models.OneToOneField(
        CustodyContact, on_delete=models.CASCADE, related_name="release_plan"
    )
    disposal = models.CharField(max_length=16, choices=Disposal.choices)
    next_steps = models.TextField(blank=True)
    referral_made = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.get_disposal_display()
