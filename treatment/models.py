"""Local authorities, provider services and the reference lists of the treatment handoff."""

from django.db import models


class LocalAuthority(models.Model):
    """One of the seven West Midlands local authorities (people are routed by residence)."""

    name = models.CharField(max_length=100, unique=True)
    gss_code = models.CharField(max_length=9, unique=True)  # ONS code, e.g. E08000025
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class ProviderService(models.Model):
    """A treatment provider organisation's service in one local authority."""

    name = models.CharField(max_length=200, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="provider_services"
    )
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="provider_services"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["local_authority__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "local_authority"],
                name="provider_service_unique_per_authority",
            )
        ]

    def __str__(self) -> str:
        return self.name


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


class ClosureReason(ReasonCode):
    """NDTMS-style reason a referral or treatment episode closed."""


class PostcodeDistrict(models.Model):
    """Approximate routing by outward code (e.g. "B23"), shipped with the project.

    A null local authority means the district lies outside the seven (out of area). A district
    that straddles a boundary routes to its most likely authority, but the worker confirms.
    """

    district = models.CharField(max_length=4, unique=True)
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postcode_districts",
    )
    straddles = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["district"]

    def __str__(self) -> str:
        return self.district


class Postcode(models.Model):
    """Exact routing: one live postcode from the ONS Postcode Directory (`import_onspd`).

    A null local authority means the postcode lies outside the seven (out of area); gss_code
    keeps the ONSPD 'oslaua' code whatever it is.
    """

    postcode = models.CharField(max_length=8, unique=True)  # normalised, e.g. "B23 6AB"
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postcodes",
    )
    gss_code = models.CharField(max_length=9, blank=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode
