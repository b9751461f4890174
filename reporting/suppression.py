"""Small-number suppression for published aggregates."""

from __future__ import annotations

from django.conf import settings

SUPPRESSED = "suppressed"


def suppress(count: int | None) -> int | str | None:
    """A count of 1 to (threshold - 1) is shown as suppressed; 0 and larger counts as they are."""
    if count is None:
        return None
    if 0 < count < settings.SMALL_NUMBER_THRESHOLD:
        return SUPPRESSED
    return count


def rate(numerator: int, denominator: int) -> float | str | None:
    """A percentage, suppressed when either count is; None when there is nothing to divide by."""
    if suppress(numerator) == SUPPRESSED or suppress(denominator) == SUPPRESSED:
        return SUPPRESSED
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)
