"""Writing the access log. Views call `access_record` whenever they show personal data."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from audit.models import AccessLog


def _client_ip(request) -> str | None:
    # REMOTE_ADDR is the client or, behind a proxy, the proxy; axes' ipware settings decide trust.
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def _person_id(record: models.Model):
    if record._meta.label_lower == "people.person":
        return record.pk
    return getattr(record, "person_id", None)


def _write(records: Iterable[models.Model], **common) -> list[AccessLog]:
    """One access-log row per record, all in one INSERT."""
    rows = [
        AccessLog(
            object_type=record._meta.label_lower,
            object_id=str(record.pk),
            person_id=_person_id(record),
            **common,
        )
        for record in records
    ]
    return AccessLog.objects.bulk_create(rows)


# Reads that a view changing what it reads logs as a change (audit.decorators).
_READS = {AccessLog.Action.VIEW, AccessLog.Action.API_READ}


def access_record(
    *, request, action: str, records: Iterable[models.Model], detail: str = ""
) -> list[AccessLog]:
    """Write one access-log row per record shown (one INSERT for all of them); `detail` says
    what else explains the entry (never personal data), e.g. the period of an export.

    A read recorded by a view that changes what it reads (accepting a referral, booking:
    audit.decorators.logged_as_change) is held until the answer is known: it is logged as a
    change when the request succeeded, and as the read it was when it was refused (a form
    re-displayed with its errors, a conflict), so the log says what happened.
    """
    common = {
        "user": request.user if request.user.is_authenticated else None,
        "action": action,
        "path": request.path[:500],
        "ip_address": _client_ip(request),
        "detail": detail[:200],
    }
    held = getattr(getattr(request, "_request", request), "access_log_held", None)
    if action in _READS and held is not None:
        held.append((list(records), common))
        return []
    return _write(records, **common)


def access_record_held(*, request, succeeded: bool) -> None:
    """Write the reads held while handling a change (see access_record)."""
    for records, common in getattr(request, "access_log_held", None) or ():
        action = AccessLog.Action.CHANGE if succeeded else common["action"]
        _write(records, **{**common, "action": action})
    request.access_log_held = None


def change_record(
    *, user, action: str, records: Iterable[models.Model], detail: models.Model | str = ""
) -> list[AccessLog]:
    """Audit a change made outside a request (a service, a task); `detail` explains it."""
    if isinstance(detail, models.Model):
        detail = f"{detail._meta.label_lower}:{detail.pk}"
    return _write(records, user=user, action=action, detail=detail[:200])
