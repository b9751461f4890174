"""Organisations and the places the service works in: the organisations whose staff use it,
the seven local authorities, provider services (organisation × local authority), custody
suites, and the postcode tables that route a person to their local authority.

Reference data every app refers to, so it sits low, just above `core` (docs/decisions/0017).
The tables keep the names they had in accounts, treatment and custody (the reporting SQL names
them): migration 0001 took the models over without touching the database.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

# A UK phone number as people write it: digits, spaces, a leading + and brackets.
phone_number = RegexValidator(
    r"^\+?[0-9 ()]{7,20}$",
    "Enter a phone number, like 0121 496 0000 or +44 121 496 0000",
)


@dataclass(frozen=True)
class TeamContact:
    """How a person reaches the arrest referral team (the written notice prints it)."""

    phone: str
    address: str

    @property
    def phone_digits(self) -> str:
        """For a tel: link."""
        return "".join(c for c in self.phone if c.isdigit() or c == "+")


class Organisation(models.Model):
    """An organisation whose staff use the service: the arrest referral team, a provider, police…"""

    class Kind(models.TextChoices):
        ARREST_REFERRAL = "arrest_referral", "Arrest referral service"
        TREATMENT_PROVIDER = "treatment_provider", "Treatment provider"
        POLICE = "police", "Police force"
        PROBATION = "probation", "Probation Service"
        OPCC = "opcc", "Office of the Police and Crime Commissioner"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)

    class Meta:
        db_table = "accounts_organisation"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "arrest_referral",
                        "treatment_provider",
                        "police",
                        "probation",
                        "opcc",
                    ]
                ),
                name="organisation_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """One of the seven West Midlands local authorities (people are routed by residence)."""

    name = models.CharField(max_length=100, unique=True)
    gss_code = models.CharField(max_length=9, unique=True)  # ONS code, e.g. E08000025
    slug = models.SlugField(unique=True)

    class Meta:
        db_table = "treatment_localauthority"
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class ProviderService(models.Model):
    """A treatment provider organisation's service in one local authority."""

    name = models.CharField(max_length=200, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="provider_services"
    )
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="provider_services"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        db_table = "treatment_providerservice"
        ordering = ["local_authority__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "local_authority"],
                name="provider_service_unique_per_authority",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CustodySuite(models.Model):
    """A police custody suite where arrest referral workers are co-located."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=100, unique=True)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="custody_suites"
    )
    active = models.BooleanField(default=True)
    # The team co-located here: a person given a written notice of a required assessment calls
    # or visits it (Drugs Act 2005 s9-10). Each suite's team has its own; blank: the service's.
    arrest_referral_phone = models.CharField(
        "Arrest referral team's phone number",
        max_length=20,
        blank=True,
        default="",
        db_default="",  # the data migrations' loaders (older models) insert suites without it
        validators=[phone_number],
        help_text="Printed on the written notice of a required assessment. Blank: the "
        "service-wide number (ARREST_REFERRAL_TEAM_PHONE), if one is set.",
    )
    arrest_referral_address = models.TextField(
        "Arrest referral team's address",
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text="Where the team can be found, one part a line. Printed on the written notice. "
        "Blank: the service-wide address (ARREST_REFERRAL_TEAM_ADDRESS), if one is set.",
    )

    class Meta:
        db_table = "custody_custodysuite"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def team_contact(self) -> TeamContact:
        """The team's phone and address for this suite, each falling back to the service's."""
        return TeamContact(
            phone=self.arrest_referral_phone.strip() or settings.ARREST_REFERRAL_TEAM_PHONE,
            address=self.arrest_referral_address.strip() or settings.ARREST_REFERRAL_TEAM_ADDRESS,
        )


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
        db_table = "treatment_postcodedistrict"
        ordering = ["district"]

    def __str__(self) -> str:
        return self.district


class Postcode(models.Model):
    """Exact routing: one live postcode from the ONS Postcode Directory (`import_onspd`).

    A null local authority means the postcode lies outside the seven (out of area); gss_code
    keeps the ONSPD district code (oslaua, or ladYYcd from 2025) whatever it is.
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
        db_table = "treatment_postcode"
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode


class SignpostService(models.Model):
    """A local authority's housing, homelessness, domestic abuse or liaison-and-diversion
    service, kept by the administrator so that nobody has to remember seven localities'
    arrangements (the seed article); shown on the custody contact and person pages for the
    person's own authority. Reference data: nothing about any person."""

    class Kind(models.TextChoices):
        # The order the pages show them in.
        HOUSING = "housing", "Housing"
        HOMELESSNESS = "homelessness", "Homelessness"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
        LIAISON_DIVERSION = "liaison_diversion", "Liaison and diversion (mental health)"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="signposts"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    website = models.URLField(blank=True)
    hours = models.CharField("opening hours", max_length=200, blank=True)
    notes = models.TextField(
        blank=True, help_text="How to refer, who may, what to have ready: shown to the workers"
    )
    active = models.BooleanField(
        default=True, help_text="Untick to stop showing it without losing what was entered"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["local_authority__name", "kind", "name"]
        verbose_name = "signposting service"
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "kind", "name"], name="signpost_unique_per_authority"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["housing", "homelessness", "domestic_abuse", "liaison_diversion"]
                ),
                name="signpost_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.local_authority})"

    @property
    def phone_link(self) -> str:
        """The number as a tel: link wants it: digits and a leading +."""
        return "".join(c for c in self.phone if c.isdigit() or c == "+")
