"""The demo personas: stable usernames that integrators, trainers and tests rely on.

Demo loading is the project shell's: it makes records of every app, so it sits above them all.
"""

from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import Role


@dataclass(frozen=True)
class Persona:
    username: str
    role: str
    first_name: str
    last_name: str
    organisation: str
    custody_suite: str = ""  # suite code
    provider_authorities: tuple[str, ...] = field(default_factory=tuple)  # local authority slugs
    collar_number: str = ""
    is_admin: bool = False


ARS = "West Midlands Arrest Referral Service"

PERSONAS: tuple[Persona, ...] = (
    Persona("custody.worker", Role.CUSTODY_WORKER, "Demo", "Custody Worker", ARS, "bhm-north"),
    Persona("custody.worker2", Role.CUSTODY_WORKER, "Demo", "Custody Worker Two", ARS, "coventry"),
    Persona("team.leader", Role.TEAM_LEADER, "Demo", "Team Leader", ARS, "bhm-north"),
    Persona(
        "provider.birmingham",
        Role.PROVIDER_WORKER,
        "Demo",
        "Provider Birmingham",
        "Brindley Recovery Services",
        provider_authorities=("birmingham",),
    ),
    Persona(
        "provider.coventry",
        Role.PROVIDER_WORKER,
        "Demo",
        "Provider Coventry",
        "Phoenix Path",
        provider_authorities=("coventry",),
    ),
    Persona(
        "police.officer", Role.POLICE_OFFICER, "Demo", "Police Officer", "West Midlands Police",
        collar_number="PC 1001",
    ),
    Persona(
        "police.officer2", Role.POLICE_OFFICER, "Demo", "Police Officer Two",
        "West Midlands Police", collar_number="PC 1002",
    ),
    Persona(
        "probation.officer", Role.PROBATION_OFFICER, "Demo", "Probation Officer",
        "Probation Service – West Midlands",
    ),
    Persona(
        "opcc.analyst", Role.OPCC_ANALYST, "Demo", "OPCC Analyst",
        "Office of the Police and Crime Commissioner – West Midlands",
    ),
    Persona("admin", Role.ADMINISTRATOR, "Demo", "Administrator", ARS, is_admin=True),
    # The police custody system's machine account (API token: manage.py create_api_token).
    Persona("custody.feed", Role.CUSTODY_FEED, "Police", "Custody Feed", "West Midlands Police"),
)  # fmt: skip


def persona_ensure(*, persona, password: str):
    """Create or bring up to date one demo persona (idempotent)."""
    from accounts.models import User
    from organisations.models import CustodySuite, Organisation, ProviderService

    organisation = Organisation.objects.get(name=persona.organisation)
    suite = CustodySuite.objects.get(code=persona.custody_suite) if persona.custody_suite else None
    with transaction.atomic():
        user, _ = User.objects.update_or_create(
            username=persona.username,
            defaults={
                "role": persona.role,
                "first_name": persona.first_name,
                "last_name": persona.last_name,
                "email": f"{persona.username}@example.org",
                "organisation": organisation,
                "custody_suite": suite,
                "collar_number": persona.collar_number,
                "is_staff": persona.is_admin,
                "is_superuser": persona.is_admin,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        user.provider_services.set(
            ProviderService.objects.filter(
                organisation=organisation,
                local_authority__slug__in=persona.provider_authorities,
            )
        )
    return user
