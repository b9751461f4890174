"""Small-number suppression for published aggregates.

Primary suppression: a count of 1 to (SMALL_NUMBER_THRESHOLD - 1) is never shown.

Secondary suppression: a hidden count must not be recoverable by subtraction. Published counts
are tied together by equations (a total is the sum of its months, of its local authorities, of
its custody suites; a local authority is the sum of its suites; "positive" is the sum of
"opiates only", "cocaine only" and "both"). An equation with exactly one hidden term gives that
term away, so another term of it is hidden too: the smallest non-zero one shown, or else the
total. Hiding one term can expose another equation, so this repeats until none has exactly one.
Rates, medians and anything else computed from a hidden count are hidden with it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

from django.conf import settings

SUPPRESSED = "suppressed"


def is_small(count: int | None) -> bool:
    """1 to (threshold - 1): too few to publish. Zero is shown."""
    return count is not None and 0 < count < settings.SMALL_NUMBER_THRESHOLD


def suppress(count: int | None) -> int | str | None:
    """A count of 1 to (threshold - 1) is shown as suppressed; 0 and larger counts as they are."""
    if count is None:
        return None
    if is_small(count):
        return SUPPRESSED
    return count


def rate(numerator: int, denominator: int) -> float | str | None:
    """A percentage, suppressed when either count is; None when there is nothing to divide by."""
    if suppress(numerator) == SUPPRESSED or suppress(denominator) == SUPPRESSED:
        return SUPPRESSED
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


def suppressed_cells(
    values: Mapping[Hashable, int], equations: Iterable[tuple[Hashable, Sequence[Hashable]]]
) -> set[Hashable]:
    """The cells to hide: small counts, and enough others that no equation gives one away.

    `values` maps every published cell to its count; each equation is (total, parts) with
    total == sum(parts). Deterministic: the complement chosen is the smallest non-zero part
    shown, the first of equals in the equation's order.
    """
    equations = [(total, list(parts)) for total, parts in equations if parts]
    hidden = {cell for cell, count in values.items() if is_small(count)}
    changed = True
    while changed:
        changed = False
        for total, parts in equations:
            if sum(term in hidden for term in (total, *parts)) != 1:
                continue
            shown = [part for part in parts if part not in hidden and values[part] > 0]
            if shown:
                hidden.add(min(shown, key=lambda part: values[part]))
            elif total not in hidden:
                hidden.add(total)
            else:  # the total alone is hidden and every part is shown as 0: it is 0 too
                continue
            changed = True
    return hidden


def median(distribution: Mapping[int, int]) -> float | None:
    """The median of values given as {value: how many times}; None for no values."""
    n = sum(distribution.values())
    if not n:
        return None
    wanted = [(n - 1) // 2, n // 2]  # the middle one, or the middle two
    found: list[int] = []
    seen = 0
    for value in sorted(distribution):
        count = distribution[value]
        while wanted and wanted[0] < seen + count:
            found.append(value)
            wanted.pop(0)
        seen += count
    return sum(found) / 2
