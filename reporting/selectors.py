"""Aggregate figures for the OPCC (no person-level data ever leaves this module)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from accounts.access import Capability, can
from custody.models import CustodyContact
from reporting.suppression import rate, suppress


def detainees_by_local_authority(*, user, since: datetime.date | None = None) -> list[dict]:
    """Detainees and the proportion seen, per local authority of the custody suite."""
    if not can(user, Capability.REPORTING_DASHBOARD):
        return []
    since = since or (timezone.localdate() - datetime.timedelta(days=365))
    seen = ~Q(outcome="") & ~Q(outcome=CustodyContact.Outcome.NOT_SEEN)
    rows = (
        CustodyContact.objects.filter(arrested_at__date__gte=since)
        .values("suite__local_authority__name")
        .annotate(detainees=Count("id"), seen=Count("id", filter=seen))
        .order_by("suite__local_authority__name")
    )
    return [
        {
            "local_authority": row["suite__local_authority__name"],
            "detainees": suppress(row["detainees"]),
            "seen": suppress(row["seen"]),
            "proportion_seen": rate(row["seen"], row["detainees"]),
        }
        for row in rows
    ]
