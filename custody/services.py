"""Writes to custody contacts."""

from __future__ import annotations

import datetime

from django.db import transaction

from custody.models import CustodyContact, CustodySuite, OffenceCategory


def custody_contact_create(
    *,
    suite: CustodySuite,
    custody_record_number: str,
    arrested_at: datetime.datetime,
    offence_category: OffenceCategory,
    person,
    by=None,
) -> CustodyContact:
    """Open a custody contact; the same suite and custody record number give back the same one.

    A retried feed message or a double-submitted form therefore creates nothing twice.
    """
    with transaction.atomic():
        contact, _ = CustodyContact.objects.get_or_create(
            suite=suite,
            custody_record_number=custody_record_number.strip().upper(),
            defaults={
                "arrested_at": arrested_at,
                "offence_category": offence_category,
                "person": person,
                "created_by": by,
                "updated_by": by,
            },
        )
    return contact


def custody_contact_record_outcome(
    *, contact: CustodyContact, outcome: str, seen_at: datetime.datetime | None, by=None
) -> CustodyContact:
    """Record what happened at the contact (the full custody workflow comes with its issue)."""
    contact.outcome = outcome
    contact.seen_at = seen_at
    contact.updated_by = by
    contact.full_clean(exclude=["person", "suite", "offence_category"])
    contact.save(update_fields=["outcome", "seen_at", "updated_by", "updated_at"])
    return contact
