"""Custody suites, offence categories and custody contacts (arrest referral)."""

import uuid

from django.db import models

from referral_service.models import TimeStampedModel


class CustodySuite(models.Model):
    """A police custody suite where arrest referral workers are co-located."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=100, unique=True)
    local_authority = models.ForeignKey(
        "treatment.LocalAuthority", on_delete=models.PROTECT, related_name="custody_suites"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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

    class Meta:
        ordering = ["-arrested_at"]
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
        indexes = [models.Index(fields=["suite", "arrested_at"], name="contact_suite_arrested_idx")]

    def __str__(self) -> str:
        return f"{self.suite.code} {self.custody_record_number}"

    @property
    def is_seen(self) -> bool:
        return self.outcome not in ("", self.Outcome.NOT_SEEN)
