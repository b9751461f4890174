"""Keeping the monthly figures up to date (the rollup the OPCC's dashboard reads)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from reporting.models import FiguresRefresh
from reporting.selectors import figures_cache_warm
from reporting.sources import SOURCES, Window

# Any constant will do: it names the lock that lets only one refresh run at a time.
REFRESH_LOCK = 0x0A5F_0009
# A change saved just before a refresh started may commit just after it: look back this far.
SAFETY_MARGIN = datetime.timedelta(minutes=5)
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2200, 1, 1)


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _runs(months: set[datetime.date]) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive months as [first, after-last) ranges: one pass of each source per range."""
    runs: list[list[datetime.date]] = []
    for month in sorted(months):
        if runs and _next_month(runs[-1][1]) == month:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return [(first, _next_month(last)) for first, last in runs]


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _changed_months(cursor, since: datetime.datetime, today: datetime.date) -> set:
    months = set()
    for source in SOURCES:
        cursor.execute(source.changed, {"since": since, "tz": settings.TIME_ZONE})
        months.update(row[0] for row in cursor.fetchall() if row[0] is not None)
    # Time alone changes continuity of care: a referral's 21 days run out with no one saving
    # anything. Releases that recent are always recomputed.
    days = settings.SERVICE_TIMINGS["CONTINUITY_OF_CARE_DAYS"]
    month = (today - datetime.timedelta(days=days + 1)).replace(day=1)
    while month <= today:
        months.add(month)
        month = _next_month(month)
    return months


def _recompute(cursor, first: datetime.date, end: datetime.date, today: datetime.date) -> int:
    """Replace the figures of months [first, end) with counts from every source."""
    cursor.execute(
        "DELETE FROM reporting_monthlyfigure WHERE month >= %s AND month < %s", [first, end]
    )
    window = Window(
        start=_midnight(first),
        end=_midnight(end),
        today=today,
        tz=settings.TIME_ZONE,
        continuity_days=settings.SERVICE_TIMINGS["CONTINUITY_OF_CARE_DAYS"],
    )
    written = 0
    for source in SOURCES:
        for statement in source.statements(window):
            cursor.execute(statement, window.params)
            written += max(cursor.rowcount, 0)
    return written


def figures_refresh(*, full: bool = False) -> FiguresRefresh:
    """Recompute the monthly figures: the months changed since the last refresh, or all of them.

    One transaction: readers see the old figures until the new ones are complete. Refreshes
    queue behind each other (an advisory lock), so running this twice at once is safe. The
    first refresh, and a `full` one, rebuild everything; the nightly full rebuild also catches
    what an incremental one cannot see (a record moved to another month, or deleted).
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
        started = timezone.now()
        today = timezone.localdate(started)
        last = FiguresRefresh.objects.order_by("-started_at").first()
        full = full or last is None
        if full:
            runs = [(FIRST_DAY, LAST_DAY)]
        else:
            runs = _runs(_changed_months(cursor, last.started_at - SAFETY_MARGIN, today))
        written = sum(_recompute(cursor, first, end, today) for first, end in runs)
        if full:
            cursor.execute("SELECT count(DISTINCT month) FROM reporting_monthlyfigure")
            months = cursor.fetchone()[0]
        else:
            months = sum(
                (end.year - first.year) * 12 + end.month - first.month for first, end in runs
            )
        refresh = FiguresRefresh.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            full=full,
            months=months,
            rows=written,
        )
        # Once committed, readers see the new figures: read them for the dashboard as it opens
        # (robust: if that fails, the refresh stands and the first page reads them instead).
        transaction.on_commit(lambda: figures_cache_warm(refresh), robust=True)
        return refresh
