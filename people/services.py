"""Writes to the person record."""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from people.models import Person


def _next_reference() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('people_person_reference_seq')")
        (number,) = cursor.fetchone()
    return f"ARS-{timezone.localdate():%y}-{number:06d}"


def person_create(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date,
    postcode: str = "",
    local_authority=None,
    by=None,
) -> Person:
    """Create a person with a fresh human reference (ARS-YY-NNNNNN)."""
    with transaction.atomic():
        return Person.objects.create(
            reference=_next_reference(),
            given_name=given_name.strip(),
            family_name=family_name.strip(),
            date_of_birth=date_of_birth,
            postcode=postcode.strip().upper(),
            local_authority=local_authority,
            created_by=by,
            updated_by=by,
        )
