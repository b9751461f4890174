"""The shared base every model holding personal data inherits."""

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Created/updated, and by whom: every record of personal data says who touched it last."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class Submission(models.Model):
    """A create form's one-time token, claimed by the first submit (core.submissions)."""

    token = models.UUIDField(primary_key=True)
    form = models.CharField(max_length=40)  # which form, e.g. "person-add"
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # What the first submit made (an id or reference), once it has; blank while it is saving.
    result = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.form} {self.token}"
