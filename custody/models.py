"""Custody suites, offence categories and custody contacts (arrest referral)."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import TimeStampedModel
from organisations.models import CustodySuite


def record_number_normalised(number: str) -> str:
    """A custody record number as stored and compared: no spaces anywhere, upper case, so
    " ng 0012/26" and "NG0012/26" are one number (unique per suite)."""
    return "".join(number.split()).upper()


class OffenceCategory(models.Model):
    """An offence category. A trigger offence (Criminal Justice and Court Services Act 2000,
    Schedule 6, as amended) allows a test on arrest without an inspector's authorisation."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    is_trigger = models.BooleanField(default=False)
    # Begging and persistent begging (Vagrancy Act 1824 ss3-4) stop being trigger offences when
    # the Act's repeal (Police, Crime, Sentencing and Courts Act 2022 s81) comes into force: on
    # settings.VAGRANCY_ACT_REPEAL_DATE, once it is set.
    # (db_default: rows added by the reference data of earlier migrations get False.)
    trigger_ends_with_vagrancy_act = models.BooleanField(default=False, db_default=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["label"]
        verbose_name_plural = "offence categories"

    def __str__(self) -> str:
        return self.label

    def is_trigger_on(self, day: datetime.date) -> bool:
        """Whether the offence is a trigger offence on `day` (the day of arrest)."""
        if not self.is_trigger:
            return False
        repeal = settings.VAGRANCY_ACT_REPEAL_DATE
        return not (self.trigger_ends_with_vagrancy_act and repeal and day >= repeal)


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
    # The worker of the team a team leader gave the contact to (custody.services.contact_assign):
    # it is on their Today page, whichever suite they are at, until it has an outcome.
    assigned_to = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

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
            # The header search finds a custody record number at any suite (decision 0031):
            # the unique (suite, number) index leads with the suite, so it cannot serve that.
            models.Index(fields=["custody_record_number"], name="contact_record_number_idx"),
            # A worker's contacts given to them and still open (their Today page).
            models.Index(
                fields=["assigned_to", "arrested_at"],
                condition=models.Q(outcome="", assigned_to__isnull=False),
                name="custody_contact_assigned_idx",
            ),
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
    def offence_is_trigger(self) -> bool:
        """A trigger offence on the day of arrest (begging stops being one with the repeal)."""
        return self.offence_category.is_trigger_on(timezone.localtime(self.arrested_at).date())

    @property
    def is_seen(self) -> bool:
        return self.outcome not in ("", self.Outcome.NOT_SEEN)


class HandoverNote(TimeStampedModel):
    """A note on a contact for the next shift: added, never edited or removed (retention may
    still blank its words, as it does every free text about a person)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(
        CustodyContact, on_delete=models.CASCADE, related_name="handover_notes"
    )
    text = models.TextField(max_length=2000)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["contact", "created_at"], name="handover_note_contact_idx")]

    def __str__(self) -> str:
        return f"Handover note on {self.contact_id}"


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


class TestedDrug(models.Model):
    """A drug the test on arrest looks for: reference data, today opiates and cocaine. Since
    SI 2023/784 every Class A drug is a "specified Class A drug" (PACE s63B), so another drug is
    a new row (a data migration or the admin), never a new column."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class PoliceRank(models.TextChoices):
    CONSTABLE = "constable", "Constable"
    SERGEANT = "sergeant", "Sergeant"
    INSPECTOR = "inspector", "Inspector"
    CHIEF_INSPECTOR = "chief_inspector", "Chief inspector"
    SUPERINTENDENT = "superintendent", "Superintendent"
    CHIEF_SUPERINTENDENT = "chief_superintendent", "Chief superintendent"
    CHIEF_OFFICER = "chief_officer", "Assistant chief constable or above"


# PACE 1984 s63B(1A)(b), (2)(b): an authorisation needs an officer of at least inspector rank.
RANKS_THAT_MAY_AUTHORISE = (
    PoliceRank.INSPECTOR,
    PoliceRank.CHIEF_INSPECTOR,
    PoliceRank.SUPERINTENDENT,
    PoliceRank.CHIEF_SUPERINTENDENT,
    PoliceRank.CHIEF_OFFICER,
)


class DrugTest(TimeStampedModel):
    """Test for specified Class A drugs (PACE 1984 s63B, as amended by the Drugs Act 2005): one
    result per drug tested (DrugTestResult), and the power it was taken under."""

    class Basis(models.TextChoices):
        TRIGGER_OFFENCE = "trigger_offence", "Trigger offence"
        INSPECTOR = "inspector_authorised", "Authorised by an officer of inspector rank or above"

    class Stage(models.TextChoices):
        ARREST = "arrest", "On arrest"
        CHARGE = "charge", "On charge"

    contact = models.OneToOneField(
        CustodyContact, on_delete=models.CASCADE, related_name="drug_test"
    )
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.ARREST)
    # Blank only where nothing was tested, or on tests recorded before the power was recorded.
    basis = models.CharField(max_length=24, choices=Basis.choices, blank=True)
    # The inspector's authorisation (PACE 1984 s63C(3)-(4): recorded with its grounds).
    authorising_rank = models.CharField(max_length=24, choices=PoliceRank.choices, blank=True)
    authorising_officer = models.CharField(max_length=100, blank=True)
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorisation_grounds = models.TextField(blank=True)
    # A person under 18, tested on charge: the appropriate adult present (PACE 1984 s63B(5A)).
    appropriate_adult = models.CharField(max_length=200, blank=True)
    sample_taken_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(basis="inspector_authorised")
                | (
                    models.Q(authorising_rank__in=[r.value for r in RANKS_THAT_MAY_AUTHORISE])
                    & ~models.Q(authorising_officer="")
                    & models.Q(authorised_at__isnull=False)
                    & ~models.Q(authorisation_grounds="")
                ),
                name="drug_test_authorisation_complete",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(f"{r.drug.label} {r.get_result_display().lower()}" for r in self.ordered)

    @property
    def ordered(self) -> list:
        """The results in the reference list's order (prefetch `results__drug` to save queries)."""
        return sorted(self.results.all(), key=lambda r: (r.drug.order, r.drug.label))

    def result_for(self, code: str) -> str:
        """One drug's result ("" where that drug was not on the test)."""
        return next((r.result for r in self.results.all() if r.drug.code == code), "")

    @property
    def is_positive(self) -> bool:
        return any(r.result == TestResult.POSITIVE for r in self.results.all())

    @property
    def summary(self) -> str:
        """One word for a list: positive, else refused, else negative, else not tested."""
        found = {r.result for r in self.results.all()}
        for result in (TestResult.POSITIVE, TestResult.REFUSED, TestResult.NEGATIVE):
            if result in found:
                return result.label
        return TestResult.NOT_TESTED.label


class DrugTestResult(models.Model):
    """One drug's result on a test."""

    test = models.ForeignKey(DrugTest, on_delete=models.CASCADE, related_name="results")
    drug = models.ForeignKey(TestedDrug, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(max_length=12, choices=TestResult.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["test", "drug"], name="drug_test_one_result_per_drug"),
            models.CheckConstraint(
                condition=models.Q(result__in=["positive", "negative", "refused", "not_tested"]),
                name="drug_test_result_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drug}: {self.get_result_display()}"


class Attendance(models.TextChoices):
    """The outcome of a required assessment (Drugs Act 2005 ss12(3), 14(3): failing to attend,
    or to remain for its duration, without good cause is an offence)."""

    PENDING = "pending", "Not yet recorded"
    ATTENDED = "attended", "Attended and stayed to the end"
    LEFT_EARLY = "left_early", "Attended but left before the end"
    NOT_ATTENDED = "not_attended", "Did not attend"


# The outcomes police are told of (Drugs Act 2005 ss12(2), 14(2)).
ATTENDANCE_REPORTED_TO_POLICE = (Attendance.LEFT_EARLY, Attendance.NOT_ATTENDED)


class RequiredAssessment(TimeStampedModel):
    """After a positive test: an initial and a follow-up assessment, imposed together (Drugs
    Act 2005 ss9-10); the initial assessor may end the follow-up (s13(2)-(3)). Not attending, or
    leaving before the end, is reported to police."""

    class FollowUp(models.TextChoices):
        SET = "set", "Required"
        CANCELLED = "cancelled", "Ended at the initial assessment"

    contact = models.OneToOneField(
        CustodyContact, on_delete=models.CASCADE, related_name="required_assessment"
    )
    initial_in_custody = models.BooleanField(default=True)
    initial_at = models.DateTimeField(null=True, blank=True)
    initial_place = models.CharField(max_length=300, blank=True)
    initial_attendance = models.CharField(
        max_length=14, choices=Attendance.choices, default=Attendance.PENDING
    )
    follow_up = models.CharField(max_length=10, choices=FollowUp.choices, default=FollowUp.SET)
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
            # The follow-up's time and place may be given at the initial assessment (s13(4)):
            # an outcome needs them.
            models.CheckConstraint(
                condition=models.Q(follow_up_attendance="pending")
                | (
                    models.Q(follow_up="set", follow_up_at__isnull=False)
                    & ~models.Q(follow_up_place="")
                ),
                name="required_follow_up_outcome_has_appointment",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("custody:contact", args=[self.contact_id]) + "#required"

    def __str__(self) -> str:
        return f"Required assessment for {self.contact}"


class PoliceNotification(TimeStampedModel):
    """What was sent to police about a required assessment not attended, or left before the
    end (Drugs Act 2005 ss12(2), 14(2)), and when."""

    class Stage(models.TextChoices):
        INITIAL = "initial", "Initial assessment"
        FOLLOW_UP = "follow_up", "Follow-up assessment"

    class Reason(models.TextChoices):
        NOT_ATTENDED = "not_attended", "Did not attend"
        LEFT_EARLY = "left_early", "Attended but left before the end"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    required_assessment = models.ForeignKey(
        RequiredAssessment, on_delete=models.PROTECT, related_name="police_notifications"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    reason = models.CharField(max_length=12, choices=Reason.choices, default=Reason.NOT_ATTENDED)
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
        return (
            f"{self.get_stage_display()}: {self.get_reason_display().lower()}; notified "
            f"{self.sent_at:%Y-%m-%d %H:%M}"
        )


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
