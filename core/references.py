"""Human references (ARS-26-000123, TR-…, DV-…, CR-…): a prefix, the year, and a number from a
PostgreSQL sequence of the record's own (created in its app's migration)."""

import re

from django.db import connection
from django.utils import timezone


def next_reference(*, prefix: str, sequence: str) -> str:
    """The next reference: `{prefix}-YY-NNNNNN`, the number from `sequence` (never reused)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [sequence])
        (number,) = cursor.fetchone()
    return f"{prefix}-{timezone.localdate():%y}-{number:06d}"


# Every kind of reference the service makes, by prefix: people, treatment referrals, court
# (suitability) reports, DIVERT referrals.
REFERENCE_PREFIXES = ("ARS", "TR", "CR", "DV")
_REFERENCE = re.compile(r"(?P<prefix>[A-Z]{2,3})-?(?P<year>[0-9]{2})-?(?P<number>[0-9]{6})")


def reference_normalised(text: str) -> str | None:
    """A reference as stored ("ARS-26-000123") from one typed loosely ("ars 26 000123",
    "TR26000123"), or None if `text` is not one."""
    match = _REFERENCE.fullmatch("".join(text.split()).upper().replace("–", "-"))
    if match is None or match["prefix"] not in REFERENCE_PREFIXES:
        return None
    return f"{match['prefix']}-{match['year']}-{match['number']}"
