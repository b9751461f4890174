"""The single shared assessment: one per person, versioned; a completed version never changes.

Answers are kept per section as submitted (`sections`), so nothing typed is ever lost, even
when it is not yet valid; a section's status comes from validating them (assessments.sections).
Scores are computed from the answers at completion, never typed. A PostgreSQL trigger refuses
any change to the content of a completed version (migration 0002).
"""

import uuid

from django.conf import settings
from django.db import models

from core.models import TimeStampedModel


class Assessment(TimeStampedModel):
    # Retention removes the free text inside the answers, keeping choices and scores; the
    # generic removal (people.retention) would drop the answers whole.
    RETENTION_ANONYMISER = "assessments.services.assessments_anonymise"

    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        COMPLETED = "completed", "Completed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="assessments"
    )
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    # {section key: {field name: value as submitted}}
    sections = models.JSONField(default=dict, blank=True)
    reason_for_new_version = models.CharField(max_length=300, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Computed from the answers when the version is completed.
    audit_score = models.PositiveSmallIntegerField(null=True, blank=True)
    audit_c_score = models.PositiveSmallIntegerField(null=True, blank=True)
    sds_score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["person", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "version"], name="assessment_version_unique_per_person"
            ),
            # At most one version in progress per person: everyone works on the same draft.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="draft"),
                name="assessment_one_draft_per_person",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="draft", completed_at__isnull=True)
                    | models.Q(status="completed", completed_at__isnull=False)
                ),
                name="assessment_completed_has_completed_at",
            ),
        ]
        indexes = [
            models.Index(
                fields=["person", "-completed_at"],
                condition=models.Q(status="completed"),
                name="assessment_latest_done_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Assessment v{self.version} ({self.get_status_display()})"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.COMPLETED
