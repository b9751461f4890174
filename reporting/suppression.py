"""Small-number suppression for published aggregates.

Primary suppression: a count of 1 to (SMALL_NUMBER_THRESHOLD - 1) is never shown.

Secondary suppression: a hidden count must not be recoverable by subtraction. Published counts
are tied together by equations (a total is the sum of its months, of its local authorities, of
its custody suites; a local authority is the sum of its suites; "positive" is the sum of
"opiates only", "cocaine only" and "both"). An equation with exactly one hidden term gives that
term away, so another term of it is hidden too: the smallest non-zero one shown, or else the
total. Hiding one term can expose another equation, so this repeats until none has exactly one.
Rates, medians and anything else computed from a hidden count are hidden with it.

Rounding (decision 0020, after NHS Digital's practice): every count shown is rounded to the
nearest FIGURES_ROUNDING_BASE (5), each total on its own, and rates are worked out from the
rounded counts. Two downloads of overlapping periods then give, by subtraction, only a range
that holds more than one value. Last, `protect` solves each period's equations as someone
holding the page would (each shown count is a range, each hidden one at least 1) and hides more
until no small count comes out as exactly one value.
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


def rounded(count: int) -> int:
    """A count as published: to the nearest FIGURES_ROUNDING_BASE (halves up); 0 stays 0."""
    base = settings.FIGURES_ROUNDING_BASE
    if base <= 1:
        return count
    return base * ((2 * count + base) // (2 * base))


# A hidden count is at least 1 (0 is always shown); above that, nothing says how large it is.
UNBOUNDED = 10**15


def published_range(count: int, hidden: bool) -> tuple[int, int]:
    """What the published figure says about a count: the lowest and highest it can be."""
    if hidden:
        return 1, UNBOUNDED
    if count == 0:
        return 0, 0
    shown = rounded(count)
    half = settings.FIGURES_ROUNDING_BASE // 2
    # A shown count is never small: at least the threshold.
    return max(shown - half, settings.SMALL_NUMBER_THRESHOLD, 1), shown + half


def solve(
    ranges: dict[Hashable, tuple[int, int]], equations: list[tuple[Hashable, list[Hashable]]]
) -> dict[Hashable, tuple[int, int]]:
    """Narrow each cell's range by its equations (total == sum of parts) until nothing changes:
    what anyone holding the published figures can work out about each count."""
    low = {cell: r[0] for cell, r in ranges.items()}
    high = {cell: r[1] for cell, r in ranges.items()}
    for _ in range(1000):
        changed = False
        for total, parts in equations:
            sum_low = sum(low[p] for p in parts)
            sum_high = sum(high[p] for p in parts)
            if sum_low > low[total] or sum_high < high[total]:
                new = max(low[total], sum_low), min(high[total], sum_high)
                if new != (low[total], high[total]):
                    low[total], high[total] = new
                    changed = True
            for part in parts:
                new_low = max(low[part], low[total] - (sum_high - high[part]))
                new_high = min(high[part], high[total] - (sum_low - low[part]))
                if (new_low, new_high) != (low[part], high[part]):
                    low[part], high[part] = new_low, new_high
                    changed = True
        if not changed:
            break
    return {cell: (low[cell], high[cell]) for cell in ranges}


def protect(
    values: Mapping[Hashable, int],
    equations: Iterable[tuple[Hashable, Sequence[Hashable]]],
    hidden: set[Hashable],
) -> set[Hashable]:
    """`hidden`, and more cells if needed, so that solving the published figures' equations
    pins no small count to a single value. Deterministic: for a pinned count, the total of each
    of its equations is hidden (or, when that is hidden already, its largest part shown); where
    its equations have nothing shown, the same is done one equation further out, and so on."""
    equations = [(total, list(parts)) for total, parts in equations if parts]
    hidden = set(hidden)
    while True:
        ranges = solve(
            {cell: published_range(count, cell in hidden) for cell, count in values.items()},
            equations,
        )
        # A small count must stay "anything from 1 up to at least the threshold": an upper
        # bound under the threshold, met with a lower bound from another download, would pin it.
        pinned = [
            cell
            for cell in values
            if cell in hidden
            and is_small(values[cell])
            and (
                ranges[cell][0] == ranges[cell][1]
                or ranges[cell][1] < settings.SMALL_NUMBER_THRESHOLD
            )
        ]
        if not pinned:
            return hidden
        more = _more_to_hide(pinned, values, equations, hidden)
        if not more:  # pragma: no cover - a pinned count is tied to some shown count
            return hidden
        hidden |= more


def _more_to_hide(pinned, values, equations, hidden) -> set:
    frontier, seen_cells = set(pinned), set()
    while frontier:
        more, reached = set(), set()
        for total, parts in equations:
            terms = {total, *parts}
            if not terms & frontier:
                continue
            reached |= terms
            if total not in hidden and values[total] > 0:
                more.add(total)
                continue
            shown = [p for p in parts if p not in hidden and values[p] > 0]
            if shown:
                more.add(max(shown, key=lambda p: values[p]))
        if more:
            return more
        seen_cells |= frontier
        frontier = reached - seen_cells
    return set()


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
