"""Reading people, filtered by who is looking."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.access import Capability, can
from people.models import Person


def people_for(*, user) -> QuerySet[Person]:
    """The people this user may see (custody workers and team leaders: everyone the service holds).

    Provider, police and probation visibility arrive with consent and referrals (later issues).
    """
    if can(user, Capability.PEOPLE_VIEW):
        return Person.objects.all()
    return Person.objects.none()


def person_get_for(*, user, person_id) -> Person:
    """One person this user may see, or 404 (never 403: outsiders must not learn it exists)."""
    try:
        return people_for(user=user).select_related("local_authority").get(pk=person_id)
    except (Person.DoesNotExist, ValueError):
        raise Http404 from None
