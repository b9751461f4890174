"""The person: one record for everyone the service holds (issue 3 extends it)."""

import uuid

from django.db import models

from referral_service.models import TimeStampedModel


class Person(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Human reference for staff and letters, e.g. ARS-26-000123.
    reference = models.CharField(max_length=20, unique=True, editable=False)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    postcode = models.CharField(max_length=10, blank=True)
    local_authority = models.ForeignKey(
        "treatment.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
