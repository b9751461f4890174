"""Reading organisations and staff."""

from __future__ import annotations

from accounts.models import Organisation


def arrest_referral_service() -> Organisation | None:
    """The arrest referral service this deployment runs (its team gets the service's tasks)."""
    return (
        Organisation.objects.filter(kind=Organisation.Kind.ARREST_REFERRAL).order_by("pk").first()
    )
