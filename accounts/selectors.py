"""Reading organisations and staff."""

from __future__ import annotations

from organisations.models import Organisation


def arrest_referral_service() -> Organisation | None:
    """The arrest referral service this deployment runs (its team gets the service's tasks)."""
    return (
        Organisation.objects.filter(kind=Organisation.Kind.ARREST_REFERRAL).order_by("pk").first()
    )


def provider_service_ids(user) -> list[int]:
    """The ids of the provider services this user works for, as a list of values.

    Filters on referrals take the values, not a subquery: with literal ids PostgreSQL plans an
    index scan per service and status (the inbox's indexes); behind a subquery it reads every
    referral the service ever had (docs/performance.md, issue 11).
    """
    return list(user.provider_services.values_list("pk", flat=True))


def totp_device_confirmed(*, user):
    """The user's paired (confirmed) authenticator app, the latest if several; else None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def team_workers(*, user):
    """The workers of the user's arrest referral team (custody workers and team leaders of the
    same organisation, active), by name: whom a team leader may give a contact or a task."""
    from accounts.access import Capability, roles_with
    from accounts.models import User

    if not user.organisation_id:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        organisation_id=user.organisation_id,
        role__in=roles_with(Capability.CUSTODY_TODAY),
    ).order_by("first_name", "last_name", "username")
