"""Human references (ARS-26-000123, TR-…, DV-…, CR-…): a prefix, the year, and a number from a
PostgreSQL sequence of the record's own (created in its app's migration)."""

from django.db import connection
from django.utils import timezone


def next_reference(*, prefix: str, sequence: str) -> str:
    """The next reference: `{prefix}-YY-NNNNNN`, the number from `sequence` (never reused)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [sequence])
        (number,) = cursor.fetchone()
    return f"{prefix}-{timezone.localdate():%y}-{number:06d}"
