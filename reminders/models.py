"""Due follow-ups (the reminder table), drug alerts, and worker liveness.

The reminder table is the truth about what must be sent: a row is written in the same
transaction as the change that causes it, and the broker only tells workers to look now. How a
reminder is sent once and only once is in docs/decisions/0013-reminders-exactly-once.md.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from core.models import TimeStampedModel


class ReminderKind(models.TextChoices):
    REFERRAL_NOT_ACCEPTED = "referral_not_accepted", "Referral not accepted in time"
    FIRST_APPOINTMENT_NOT_BOOKED = "first_appointment_not_booked", "First appointment not booked"
    CONTINUITY_DAY_14 = (
        "continuity_day_14",
        "Continuity of care: 14 days since release and no appointment attended",
    )
    CONTINUITY_DAY_21 = (
        "continuity_day_21",
        "Continuity of care: 21 days since release and no appointment attended",
    )
    REQUIRED_ASSESSMENT_NON_ATTENDANCE = (
        "required_assessment_non_attendance",
        "Required assessment not attended: report to police",
    )
    DIVERT_OUTCOME_DUE_SOON = "divert_outcome_due_soon", "DIVERT outcome due to police soon"
    DIVERT_OUTCOME_OVERDUE = "divert_outcome_overdue", "DIVERT outcome to police overdue"
    PSR_DEADLINE = "psr_deadline", "Pre-sentence report deadline"
    DRR_REVIEW_DUE = "drr_review_due", "DRR review due"
    SAFEGUARDING_NOT_PICKED_UP = "safeguarding_not_picked_up", "Safeguarding concern not picked up"
    APPOINTMENT_SMS = "appointment_sms", "Appointment reminder by text message"
    IDENTIFIERS_CLASH = (
        "identifiers_clash",
        "Identifiers sent for one detainee belong to two people: check and merge",
    )


# Sent to the person in the service (a text message), not to staff: never a task in a list.
TO_PERSON_KINDS = frozenset({ReminderKind.APPOINTMENT_SMS})
# Tasks that only a person can close ("Mark as done"). The others close themselves: the app
# that owns the cause calls reminders_cancel when it is resolved (referral accepted, …).
NEEDS_ACTION_KINDS = frozenset(
    {
        ReminderKind.CONTINUITY_DAY_14,
        ReminderKind.CONTINUITY_DAY_21,
        ReminderKind.REQUIRED_ASSESSMENT_NON_ATTENDANCE,
        ReminderKind.DRR_REVIEW_DUE,
        ReminderKind.SAFEGUARDING_NOT_PICKED_UP,
        ReminderKind.IDENTIFIERS_CLASH,
    }
)


# Tasks whose "Mark as done" needs a note of what was done, kept with the completion.
NOTE_REQUIRED_KINDS = frozenset({ReminderKind.SAFEGUARDING_NOT_PICKED_UP})


class Reminder(TimeStampedModel):
    """Something that falls due about a record: a task for staff (and an e-mail), or an SMS.

    `state` is about the notification (e-mail or text). The in-app task is the row itself: it
    shows in the lists from `due_at` until it is done, closed by its cause, or cancelled.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"
        CANCELLED = "cancelled", "Cancelled"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40, choices=ReminderKind.choices)
    # What it is about: any record (a referral, a contact, a person...). Object ids are text
    # because some primary keys are UUIDs and others integers.
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    # The person it concerns: shown by reference, texted for appointment reminders.
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    # Who it is for: one user, else a team (the arrest referral team or a provider service).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reminders",
    )
    provider_service = models.ForeignKey(
        "organisations.ProviderService",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reminders",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reminders",
    )
    due_at = models.DateTimeField()
    # Shown in the app only: e-mails never carry it (it may name someone). For an appointment
    # text, it is the appointment as the person should read it.
    note = models.CharField(max_length=500, blank=True)

    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # Times the notification was handed to the gateway (failed attempts included).
    attempts = models.PositiveIntegerField(default=0)
    # No worker may try before this: the due time, then later after each failure (back-off).
    send_after = models.DateTimeField()
    # The last time the scan put it on the queue (so a lost queue is refilled, but not spammed).
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # A worker's claim: who (a fresh token per claim) and since when (a lease, then reclaimable).
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Set, and committed, just before the gateway is called: from here on the message may have
    # gone, so the row is never simply retried; it is reconciled with the gateway.
    handed_over_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    gateway_reference = models.CharField(max_length=100, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True)
    # The task: marked done by someone, or closed when its cause was resolved (done_by empty).
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            # Scheduling the same reminder again while one waits updates that one.
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id"],
                condition=models.Q(state="pending"),
                name="reminder_one_pending_per_kind_and_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReminderKind.values),
                name="reminder_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "sending", "sent", "failed", "cancelled"]),
                name="reminder_state_valid",
            ),
            # A text goes to a person; every other reminder is for a user or a team.
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=[k.value for k in TO_PERSON_KINDS], person__isnull=False)
                    | (
                        ~models.Q(kind__in=[k.value for k in TO_PERSON_KINDS])
                        & (
                            models.Q(assignee__isnull=False)
                            | models.Q(organisation__isnull=False)
                            | models.Q(provider_service__isnull=False)
                        )
                    )
                ),
                name="reminder_has_a_recipient",
            ),
            # A row being sent has a claim; a sent row says when.
            models.CheckConstraint(
                condition=~models.Q(state="sending")
                | models.Q(claim_token__isnull=False, claimed_at__isnull=False),
                name="reminder_sending_is_claimed",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False),
                name="reminder_sent_has_sent_at",
            ),
        ]
        indexes = [
            # The scan: what may be sent now, or was claimed by a worker that may have died.
            models.Index(
                fields=["send_after"],
                condition=models.Q(state__in=["pending", "sending"]),
                name="reminder_to_send_idx",
            ),
            models.Index(fields=["subject_type", "subject_id"], name="reminder_subject_idx"),
            # The task lists: open tasks by who they are for, oldest due first.
            models.Index(
                fields=["organisation", "due_at"],
                condition=models.Q(done_at__isnull=True) & ~models.Q(state="cancelled"),
                name="reminder_open_org_idx",
            ),
            models.Index(
                fields=["provider_service", "due_at"],
                condition=models.Q(done_at__isnull=True) & ~models.Q(state="cancelled"),
                name="reminder_open_provider_idx",
            ),
            models.Index(
                fields=["assignee", "due_at"],
                condition=models.Q(done_at__isnull=True) & ~models.Q(state="cancelled"),
                name="reminder_open_assignee_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_task(self) -> bool:
        return self.kind not in TO_PERSON_KINDS

    @property
    def needs_action(self) -> bool:
        return self.kind in NEEDS_ACTION_KINDS

    @property
    def needs_note(self) -> bool:
        """Marking it done needs a note of what was done (a safeguarding task)."""
        return self.kind in NOTE_REQUIRED_KINDS

    def is_overdue(self, now=None) -> bool:
        """Due before today (a task due today is 'due today', not yet overdue)."""
        now = now or timezone.now()
        return timezone.localtime(self.due_at).date() < timezone.localtime(now).date()


class DrugAlert(models.Model):
    """A warning from the Local Resilience Forum (a dangerous batch), shown to every worker
    until they acknowledge it. No personal data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=120)
    text = models.TextField(max_length=2000)
    # Empty: all seven local authorities.
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drug_alerts",
    )
    expires_at = models.DateTimeField()
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("published_at")),
                name="drug_alert_expires_after_publication",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def area(self) -> str:
        return self.local_authority.name if self.local_authority else "All seven local authorities"

    @property
    def last_day(self):
        """The last day it shows (it expires at the midnight that ends that day): what the
        publisher typed as "show until", and what a reader is told."""
        import datetime

        return timezone.localtime(self.expires_at - datetime.timedelta(microseconds=1)).date()

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.withdrawn_at is None and self.expires_at > now


class DrugAlertAcknowledgement(models.Model):
    """A worker has read an alert: it no longer shows on their pages."""

    alert = models.ForeignKey(DrugAlert, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "user"], name="drug_alert_acknowledged_once")
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.user_id}"


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker ran the heartbeat task: proof the queue is consumed."""

    worker = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker} {self.seen_at:%Y-%m-%d %H:%M:%S}"
