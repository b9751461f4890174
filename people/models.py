"""The person: one record for everyone the service holds, their other names, consent and flags."""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Lower

from core.models import TimeStampedModel


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known"
    NOT_STATED = "not_stated", "Prefers not to say"


class GenderIdentity(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "In another way"
    NOT_STATED = "not_stated", "Prefers not to say"


class Ethnicity(models.TextChoices):
    """ONS 2021 census ethnic groups (England and Wales), with 'not stated'."""

    ASIAN_INDIAN = "asian_indian", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian or Asian British: Chinese"
    ASIAN_OTHER = "asian_other", "Asian or Asian British: any other Asian background"
    BLACK_CARIBBEAN = "black_caribbean", "Black, Black British, Caribbean or African: Caribbean"
    BLACK_AFRICAN = "black_african", "Black, Black British, Caribbean or African: African"
    BLACK_OTHER = (
        "black_other",
        "Black, Black British, Caribbean or African: any other Black background",
    )
    MIXED_WHITE_BLACK_CARIBBEAN = (
        "mixed_white_black_caribbean",
        "Mixed or multiple: White and Black Caribbean",
    )
    MIXED_WHITE_BLACK_AFRICAN = (
        "mixed_white_black_african",
        "Mixed or multiple: White and Black African",
    )
    MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed or multiple: White and Asian"
    MIXED_OTHER = "mixed_other", "Mixed or multiple: any other Mixed or multiple background"
    WHITE_BRITISH = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: any other White background"
    OTHER_ARAB = "other_arab", "Other ethnic group: Arab"
    OTHER_ANY = "other_any", "Other ethnic group: any other ethnic group"
    NOT_STATED = "not_stated", "Not stated"


class NdtmsConsent(models.TextChoices):
    NOT_ASKED = "not_asked", "Not asked yet"
    YES = "yes", "Yes"
    NO = "no", "No"


class Person(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Human reference for staff and letters, e.g. ARS-26-000123.
    reference = models.CharField(max_length=20, unique=True, editable=False)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(db_index=True)
    sex = models.CharField(max_length=16, choices=Sex.choices, blank=True)
    gender_identity = models.CharField(max_length=16, choices=GenderIdentity.choices, blank=True)
    ethnicity = models.CharField(max_length=40, choices=Ethnicity.choices, blank=True)
    preferred_language = models.CharField(max_length=60, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    phone = models.CharField(max_length=30, blank=True)
    # Appointment reminders by text (GOV.UK Notify) go only to people who said yes; checked when
    # each text is sent, so saying no later stops the ones already scheduled.
    contact_by_sms = models.BooleanField(
        "Consent to be sent text message reminders", default=False, db_default=False
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # Where the person lives: found from the postcode (organisations.postcodes), or set by a worker.
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
    )
    local_authority_override_reason = models.CharField(max_length=300, blank=True)
    out_of_area = models.BooleanField(default=False)
    home_area = models.CharField(
        max_length=100, blank=True, help_text="For people living outside the seven authorities"
    )
    pnc_id = models.CharField("PNC ID", max_length=12, null=True, blank=True, unique=True)
    nhs_number = models.CharField("NHS number", max_length=12, null=True, blank=True, unique=True)
    ndtms_consent = models.CharField(
        "NDTMS consent", max_length=10, choices=NdtmsConsent.choices, default=NdtmsConsent.NOT_ASKED
    )
    ndtms_consent_recorded_at = models.DateTimeField(null=True, blank=True)
    # Set when retention anonymised the record (people.retention): names, contact details and
    # identifiers are gone, the date of birth is coarsened to the year; counts remain.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        indexes = [
            # Matching: similarity on names (pg_trgm) without a table scan.
            GinIndex(
                OpClass(Lower("family_name"), name="gin_trgm_ops"),
                name="person_family_trgm_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(out_of_area=True, local_authority__isnull=False),
                name="person_out_of_area_has_no_local_authority",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class PersonAlias(TimeStampedModel):
    """Another name a person is or was known by: an alias, or a previous name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Kind(models.TextChoices):
        ALIAS = "alias", "Alias"
        PREVIOUS = "previous", "Previous name"
        MERGED = "merged", "Name on a merged record"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALIAS)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name, verbose_name_plural = "other name", "other names"
        indexes = [
            GinIndex(
                OpClass(Lower("family_name"), name="gin_trgm_ops"),
                name="alias_family_trgm_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class ConsentToShare(TimeStampedModel):
    """The person's consent for one recipient to see their record; withdrawn stops it at once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Recipient(models.TextChoices):
        PROVIDER_SERVICE = "provider_service", "A treatment provider service"
        PROBATION = "probation", "Probation Service"
        POLICE_DIVERT = "police_divert", "Police (DIVERT outcome only)"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    recipient = models.CharField(max_length=20, choices=Recipient.choices)
    provider_service = models.ForeignKey(
        "organisations.ProviderService",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
    )
    given_at = models.DateTimeField()
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name, verbose_name_plural = "consent to share", "consents to share"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient="provider_service", provider_service__isnull=False)
                | (
                    ~models.Q(recipient="provider_service")
                    & models.Q(provider_service__isnull=True)
                ),
                name="consent_provider_service_iff_provider_recipient",
            ),
            # One live consent per recipient: giving it again is not a second row.
            models.UniqueConstraint(
                fields=["person", "recipient", "provider_service"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_live_per_recipient",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        """Whom the person consented to share with, as said in a sentence: the provider
        service's own name, else the recipient ("Probation Service")."""
        return str(self.provider_service or self.get_recipient_display())

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class PersonFlag(TimeStampedModel):
    """A warning every worker should see first: safeguarding, overdose risk, violence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Kind(models.TextChoices):
        SAFEGUARDING = "safeguarding", "Safeguarding"
        OVERDOSE_RISK = "overdose_risk", "Overdose risk"
        VIOLENCE = "violence", "Risk of violence"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.CharField(max_length=500, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-created_at"]
        verbose_name, verbose_name_plural = "flag", "flags"

    def __str__(self) -> str:
        return self.get_kind_display()


class PersonMerge(models.Model):
    """A record that two people were found to be one: what the removed record held, who, why."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges")
    removed_person_id = models.UUIDField(unique=True)
    removed_reference = models.CharField(max_length=20)
    # What the removed record said, so the merge can be explained (and checked) afterwards.
    removed_snapshot = models.JSONField()
    moved = models.JSONField(help_text="How many records of each kind moved to the survivor")
    reason = models.CharField(max_length=500)
    merged_at = models.DateTimeField(auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at"]
        verbose_name, verbose_name_plural = "merged record", "merged records"

    def __str__(self) -> str:
        return f"{self.removed_reference} merged into {self.survivor.reference}"
