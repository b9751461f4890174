"""No count from 1 to the threshold can be recovered exactly from the downloads the OPCC can
make (issue 21, decision 0020): not by subtracting one period's figures from another's, for
every pair of periods the period form allows, and not by solving each table's equations.

The attack works on what is published (the dashboard's values, which the CSV and Excel
downloads carry unchanged: tests/reporting/test_exports.py), with what the page says of the
method: a shown count is rounded to the nearest 5 and is never small, "suppressed" is at
least 1, and 0 is 0. It is checked against the true counts, kept here beside the data.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict

import pytest

from organisations.models import CustodySuite, LocalAuthority
from reporting import selectors
from reporting.models import MonthlyFigure
from reporting.sections import Count
from reporting.selectors import AUTHORITY, MONTH, SUITE, TOTAL, Period, dashboard_for

MONTHS = [datetime.date(2025, 10, 1) + datetime.timedelta(days=31 * i) for i in range(6)]
MONTHS = [m.replace(day=1) for m in MONTHS]  # October 2025 to March 2026
OCT, NOV, DEC, JAN, FEB, MAR = MONTHS
INF = 10**15

# (measure, month, custody suite code, count): small counts where differencing found them
# (a suite's 3 in the last month of a longer period), and counts spread thin over months.
CUSTODY = [
    *[("contacts", m, "bhm-north", 20) for m in MONTHS],
    ("contacts", JAN, "bhm-south", 6),
    ("contacts", MAR, "bhm-south", 3),
    *[("contacts", m, "coventry", 6) for m in (OCT, NOV, DEC, JAN, FEB)],
    ("contacts", MAR, "coventry", 3),
    ("contacts", NOV, "walsall", 1),
    ("contacts", DEC, "walsall", 2),
    ("contacts", OCT, "sandwell", 8),
    *[("contacts", m, "wolverhampton", 1) for m in MONTHS],
    *[("seen", m, "bhm-north", 15) for m in (OCT, NOV, DEC, JAN, MAR)],
    ("seen", FEB, "bhm-north", 3),
    ("seen", MAR, "coventry", 2),
    ("seen", NOV, "walsall", 1),
    *[("tested", m, "bhm-north", 10) for m in MONTHS],
    *[("positive", m, "bhm-north", 8) for m in MONTHS],
    *[("opiates_only", m, "bhm-north", 4) for m in MONTHS],
    *[("cocaine_only", m, "bhm-north", 3) for m in MONTHS],
    *[("both_positive", m, "bhm-north", 1) for m in MONTHS],
    ("tested", DEC, "coventry", 2),
    ("positive", DEC, "coventry", 2),
    ("opiates_only", DEC, "coventry", 1),
    ("both_positive", DEC, "coventry", 1),
    ("refused", JAN, "wolverhampton", 1),
]
# Assessments by where the person lives: one in each of the seven in January (7 in all, shown
# as 5, which is "5 to 7": seven cells of at least 1 would each be exactly 1), and 12 in February.
ASSESSMENT_AUTHORITIES = [
    "birmingham", "coventry", "dudley", "sandwell", "solihull", "walsall", "wolverhampton",
]  # fmt: skip


@pytest.fixture
def history(db):
    suites = {s.code: s for s in CustodySuite.objects.all()}
    authorities = {a.slug: a for a in LocalAuthority.objects.all()}
    true: dict[tuple, int] = defaultdict(int)  # (section, measure, month, authority, suite)
    rows = []
    for measure, month, code, count in CUSTODY:
        suite = suites[code]
        rows.append(
            MonthlyFigure(
                month=month,
                measure=measure,
                local_authority_id=suite.local_authority_id,
                suite=suite,
                count=count,
            )
        )
        section = "custody" if measure in ("contacts", "seen") else "testing"
        true[(section, measure, month, suite.local_authority_id, suite.pk)] += count
    for slug in ASSESSMENT_AUTHORITIES:
        authority = authorities[slug]
        rows.append(
            MonthlyFigure(
                month=JAN, measure="assessments_completed", local_authority=authority, count=1
            )
        )
        true[("assessments", "assessments_completed", JAN, authority.pk, None)] += 1
    birmingham = authorities["birmingham"]
    rows.append(
        MonthlyFigure(
            month=FEB, measure="assessments_completed", local_authority=birmingham, count=12
        )
    )
    true[("assessments", "assessments_completed", FEB, birmingham.pk, None)] += 12
    MonthlyFigure.objects.bulk_create(rows)
    return dict(true)


def _periods() -> list[tuple[int, int]]:
    """Every period the form allows that holds data: from month i to month j (indexes)."""
    return [(i, j) for i in range(len(MONTHS)) for j in range(i, len(MONTHS))]


def _true_cells(true: dict, first: int, last: int) -> dict:
    """The true count of every published cell of the period, summed from the data above."""
    cells: dict[tuple, int] = defaultdict(int)
    for (section, measure, month, authority, suite), count in true.items():
        if not MONTHS[first] <= month <= MONTHS[last]:
            continue
        cells[(section, measure, TOTAL, None)] += count
        cells[(section, measure, MONTH, month)] += count
        cells[(section, measure, AUTHORITY, authority)] += count
        cells[(section, measure, SUITE, suite)] += count
    return cells


def _published(user, first: int, last: int, threshold: int, base: int):
    """What a download of the period says of each count: (lowest, highest) it can be; and the
    equations the published tables satisfy (total == sum of parts)."""
    dashboard = dashboard_for(user=user, period=Period(MONTHS[first], MONTHS[last]))
    half = base // 2
    ranges, equations = {}, []
    suites_of = defaultdict(list)
    for suite in CustodySuite.objects.all():
        suites_of[suite.local_authority_id].append(suite.pk)
    for figures in dashboard.sections:
        if not figures.recorded:
            continue
        section = figures.section
        for index, figure in enumerate(section.figures):
            if not isinstance(figure, Count):
                continue

            def learn(dimension, key, value, measure=figure.key, section=section):
                if value.suppressed:
                    ranges[(section.key, measure, dimension, key)] = (1, INF)
                elif value.number == 0:
                    ranges[(section.key, measure, dimension, key)] = (0, 0)
                else:
                    n = value.number
                    ranges[(section.key, measure, dimension, key)] = (
                        max(n - half, threshold),
                        n + half,
                    )

            learn(TOTAL, None, figures.total.values[index])
            for table in figures.tables:
                for row in table.rows:
                    learn(table.key, row.key, row.values[index])
                equations.append(
                    (
                        (section.key, figure.key, TOTAL, None),
                        [(section.key, figure.key, table.key, row.key) for row in table.rows],
                    )
                )
            if section.suites_within_authorities:
                for authority, suites in suites_of.items():
                    equations.append(
                        (
                            (section.key, figure.key, AUTHORITY, authority),
                            [(section.key, figure.key, SUITE, s) for s in suites],
                        )
                    )
        for whole, parts in section.partitions:
            positions = {(d, k) for (s, m, d, k) in ranges if s == section.key and m == whole}
            for dimension, key in positions:
                equations.append(
                    (
                        (section.key, whole, dimension, key),
                        [(section.key, part, dimension, key) for part in parts],
                    )
                )
    return ranges, equations


def _solve(ranges: dict, equations: list) -> dict:
    """The attacker's algebra: narrow every range by every equation until nothing changes."""
    low = {c: r[0] for c, r in ranges.items()}
    high = {c: r[1] for c, r in ranges.items()}
    changed = True
    while changed:
        changed = False
        for total, parts in equations:
            lo_sum, hi_sum = sum(low[p] for p in parts), sum(high[p] for p in parts)
            bounds = {total: (max(low[total], lo_sum), min(high[total], hi_sum))}
            for p in parts:
                bounds[p] = (
                    max(low[p], low[total] - (hi_sum - high[p])),
                    min(high[p], high[total] - (lo_sum - low[p])),
                )
            for cell, (lo, hi) in bounds.items():
                if (lo, hi) != (low[cell], high[cell]):
                    low[cell], high[cell] = lo, hi
                    changed = True
    return {c: (low[c], high[c]) for c in ranges}


def _recovered(user, true: dict, threshold: int, base: int) -> list:
    """Every small count that some download, pair of downloads or table gives away exactly."""
    solved, truth = {}, {}
    for first, last in _periods():
        ranges, equations = _published(user, first, last, threshold, base)
        solved[(first, last)] = _solve(ranges, equations)
        truth[(first, last)] = _true_cells(true, first, last)

    def small(period, cell):
        return 0 < truth[period].get(cell, 0) < threshold

    found = []
    # Each table's equations, in each period.
    for period, cells in solved.items():
        for cell, (lo, hi) in cells.items():
            if small(period, cell) and lo == hi:
                found.append(("equations", period, cell, lo))
    # A month's row is the same count in every period that shows it.
    by_month = defaultdict(lambda: (0, INF))
    for cells in solved.values():
        for (section, measure, dimension, key), (lo, hi) in cells.items():
            if dimension == MONTH:
                i = MONTHS.index(key)
                known = by_month[(section, measure, i)]
                by_month[(section, measure, i)] = (max(known[0], lo), min(known[1], hi))
    for (section, measure, i), (lo, hi) in by_month.items():
        cell = (section, measure, TOTAL, None)
        if small((i, i), cell) and lo == hi:
            found.append(("month rows", (i, i), cell, lo))
    # Every pair of periods: what one minus the other leaves.
    for p1, p2 in itertools.permutations(solved, 2):
        s1, s2 = set(range(p1[0], p1[1] + 1)), set(range(p2[0], p2[1] + 1))
        if not s1 & s2:
            continue
        only1, only2 = _runs(s1 - s2), _runs(s2 - s1)
        for cell in solved[p1].keys() & solved[p2].keys():
            if cell[2] == MONTH:
                continue  # the same count in both: nothing to subtract
            (lo1, hi1), (lo2, hi2) = solved[p1][cell], solved[p2][cell]
            d_lo, d_hi = lo1 - hi2, hi1 - lo2  # == sum(only1) - sum(only2)
            terms = [(r, 1) for r in only1] + [(r, -1) for r in only2]
            for r, sign in terms:
                others = [(o, s) for o, s in terms if o != r]
                if any(cell not in solved[o] for o, _ in others) or cell not in solved[r]:
                    continue
                # sign * x(r) = d - sum(s * x(o))
                rest_lo = sum(s * solved[o][cell][0 if s > 0 else 1] for o, s in others)
                rest_hi = sum(s * solved[o][cell][1 if s > 0 else 0] for o, s in others)
                lo, hi = d_lo - rest_hi, d_hi - rest_lo
                if sign < 0:
                    lo, hi = -hi, -lo
                own_lo, own_hi = solved[r][cell]
                lo, hi = max(lo, own_lo), min(hi, own_hi)
                if small(r, cell) and lo == hi:
                    found.append(("difference", p1, p2, r, cell, lo))
    return found


def _runs(months: set[int]) -> list[tuple[int, int]]:
    runs = []
    for i in sorted(months):
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def test_no_small_count_is_recovered_from_any_pair_of_periods_or_any_table(
    history, opcc_analyst, settings
):
    settings.SMALL_NUMBER_THRESHOLD = 5
    settings.FIGURES_ROUNDING_BASE = 5
    assert _recovered(opcc_analyst, history, threshold=5, base=5) == []


def test_the_attack_recovers_small_counts_from_exact_figures(
    history, opcc_analyst, settings, monkeypatch
):
    """The same attack, on the figures as they were published before (exact counts, no
    rounding, only 'no equation with exactly one hidden term'), finds what issue 21 found."""
    settings.SMALL_NUMBER_THRESHOLD = 5
    settings.FIGURES_ROUNDING_BASE = 1
    monkeypatch.setattr(selectors, "protect", lambda values, equations, hidden: hidden)
    found = _recovered(opcc_analyst, history, threshold=5, base=1)
    differences = [f for f in found if f[0] == "difference"]
    assert differences, found
    # Among them: Riverside's 3 detainees in March, from October-March minus October-February.
    riverside = CustodySuite.objects.get(code="coventry").pk
    assert (
        "difference",
        (0, 5),
        (0, 4),
        (5, 5),
        ("custody", "contacts", SUITE, riverside),
        3,
    ) in found


def test_the_page_and_the_workbook_say_how_figures_are_protected(
    client, history, opcc_analyst, settings
):
    import io

    from openpyxl import load_workbook

    settings.SMALL_NUMBER_THRESHOLD = 5
    settings.FIGURES_ROUNDING_BASE = 5
    client.force_login(opcc_analyst)
    page = client.get("/dashboard/custody/").content.decode()
    assert "every count is rounded to the nearest 5" in page
    assert "by comparing downloads of different periods" in page
    workbook = load_workbook(io.BytesIO(client.get("/dashboard/figures.xlsx").content))
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True) if row}
    assert about["Rounding"].startswith("Every count is rounded to the nearest 5")
