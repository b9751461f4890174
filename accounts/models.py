"""Organisations, staff and their roles. Who may do what lives in accounts.access."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from organisations.models import Organisation


class Role(models.TextChoices):
    CUSTODY_WORKER = "custody_worker", "Custody worker"
    TEAM_LEADER = "team_leader", "Team leader"
    PROVIDER_WORKER = "provider_worker", "Treatment provider worker"
    POLICE_OFFICER = "police_officer", "Police officer"
    PROBATION_OFFICER = "probation_officer", "Probation officer"
    OPCC_ANALYST = "opcc_analyst", "OPCC analyst"
    ADMINISTRATOR = "administrator", "Administrator"
    # A machine client: the police custody system's feed of detainees (token auth only).
    CUSTODY_FEED = "custody_feed", "Police custody feed (machine client)"


# Which kind of organisation each role belongs to (a provider worker works for a provider…).
ROLE_ORGANISATION_KIND = {
    Role.CUSTODY_WORKER: Organisation.Kind.ARREST_REFERRAL,
    Role.TEAM_LEADER: Organisation.Kind.ARREST_REFERRAL,
    Role.ADMINISTRATOR: Organisation.Kind.ARREST_REFERRAL,
    Role.PROVIDER_WORKER: Organisation.Kind.TREATMENT_PROVIDER,
    Role.POLICE_OFFICER: Organisation.Kind.POLICE,
    Role.PROBATION_OFFICER: Organisation.Kind.PROBATION,
    Role.OPCC_ANALYST: Organisation.Kind.OPCC,
    Role.CUSTODY_FEED: Organisation.Kind.POLICE,
}


class User(AbstractUser):
    """A member of staff. A user with no role can sign in but sees nothing."""

    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    # Custody workers and team leaders work at a suite; their "today" list is that suite's.
    custody_suite = models.ForeignKey(
        "organisations.CustodySuite",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    # A provider worker acts for one or more provider services (organisation × local authority).
    provider_services = models.ManyToManyField(
        "organisations.ProviderService", blank=True, related_name="staff"
    )
    # Police officers: shoulder (collar) number, shown on their referrals.
    collar_number = models.CharField(max_length=20, blank=True)
    # "Sign out everywhere": sessions that began before this moment are ended.
    sessions_valid_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["", *[r.value for r in Role]]),
                name="user_role_valid",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
