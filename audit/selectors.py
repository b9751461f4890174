"""Reading the access log (the data protection officer's view)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from accounts.access import Capability, can
from audit.models import AccessLog


def access_log_for(*, user) -> QuerySet[AccessLog]:
    """The access log, newest first, for those allowed to read it; nothing for anyone else."""
    if not can(user, Capability.AUDIT_VIEW):
        return AccessLog.objects.none()
    return AccessLog.objects.select_related("user").order_by("-at", "-id")


def person_ids_for_reference(reference: str) -> list:
    """The person's id and the ids of every record merged into it, so "who looked at this
    person" includes what was read on those records before the merge."""
    from people.models import Person, PersonMerge

    reference = reference.strip().upper()
    person = Person.objects.filter(reference=reference).values_list("pk", flat=True).first()
    if person is None:
        merged = PersonMerge.objects.filter(removed_reference=reference).first()
        if merged is None:
            return []
        person = merged.survivor_id
    ids, frontier = {person}, {person}
    while frontier:  # merges of merges
        frontier = (
            set(
                PersonMerge.objects.filter(survivor_id__in=frontier).values_list(
                    "removed_person_id", flat=True
                )
            )
            - ids
        )
        ids |= frontier
    return list(ids)


def access_log_filtered(
    *,
    user,
    person_reference: str = "",
    username: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessLog]:
    """The access log by person ("who looked at this record"), by user ("what did they look
    at"), between two dates (inclusive, local time)."""
    entries = access_log_for(user=user)
    if person_reference.strip():
        entries = entries.filter(person_id__in=person_ids_for_reference(person_reference))
    if username.strip():
        entries = entries.filter(user__username__iexact=username.strip())
    if date_from:
        start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
        entries = entries.filter(at__gte=start)
    if date_to:
        end = timezone.make_aware(datetime.datetime.combine(date_to, datetime.time.min))
        entries = entries.filter(at__lt=end + datetime.timedelta(days=1))
    return entries


def references_by_person_id(person_ids) -> dict:
    """People's references for showing log entries (merged records: their old reference)."""
    from people.models import Person, PersonMerge

    ids = {pid for pid in person_ids if pid}
    found = dict(Person.objects.filter(pk__in=ids).values_list("pk", "reference"))
    missing = ids - set(found)
    if missing:
        found.update(
            PersonMerge.objects.filter(removed_person_id__in=missing).values_list(
                "removed_person_id", "removed_reference"
            )
        )
    return found
