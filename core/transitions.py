"""Changing a record's status only if it is still what the change starts from."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


def status_change(record: models.Model, *, from_statuses, to_status: str, by, **fields) -> bool:
    """Set `to_status` (and `fields`) if, and only if, the record's status is still one of
    `from_statuses`: one conditional UPDATE, so of any number of simultaneous changes exactly
    one wins, with no lock held (decision 0011). The record is read again either way, so the
    caller can tell the loser what happened. Returns whether this call changed it."""
    changed = (
        type(record)
        ._default_manager.filter(pk=record.pk, status__in=from_statuses)
        .update(status=to_status, updated_at=timezone.now(), updated_by=by, **fields)
    )
    record.refresh_from_db()
    return bool(changed)
