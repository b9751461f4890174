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


def access_log_filtered(
    *,
    user,
    person_ids: list | None = None,
    username: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessLog]:
    """The access log by person ("who looked at this record": the ids of the person and of the
    records merged into it), by user ("what did they look at"), between two dates (inclusive,
    local time)."""
    entries = access_log_for(user=user)
    if person_ids is not None:
        entries = entries.filter(person_id__in=person_ids)
    if username.strip():
        entries = entries.filter(user__username__iexact=username.strip())
    if date_from:
        start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
        entries = entries.filter(at__gte=start)
    if date_to:
        end = timezone.make_aware(datetime.datetime.combine(date_to, datetime.time.min))
        entries = entries.filter(at__lt=end + datetime.timedelta(days=1))
    return entries
