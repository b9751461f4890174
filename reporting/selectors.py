"""The OPCC's figures for a period: read from the monthly rollup, suppressed, ready to show.

No person-level data ever leaves this module: it reads only `reporting_monthlyfigure` (and the
names of local authorities and custody suites). A page costs the same few queries whatever the
period and however many records there are, and reads the rollup once per refresh and period
(the sums are kept in the cache until the next refresh).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.utils import timezone

from accounts.access import Capability, can
from organisations.models import CustodySuite, LocalAuthority
from reporting import charts
from reporting.models import FiguresRefresh
from reporting.sections import SECTIONS, Count, Hours, Median, Rate, Section, section_is_recorded
from reporting.suppression import SUPPRESSED, median, protect, rounded, suppressed_cells

TOTAL, MONTH, AUTHORITY, SUITE = "total", "month", "local_authority", "custody_suite"


def _add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Whole months, first to last inclusive (the rollup's grain)."""

    first: datetime.date
    last: datetime.date

    MONTHS_BY_DEFAULT = 12

    @classmethod
    def default(cls, today: datetime.date | None = None) -> Period:
        """The last 12 months: this month (so far) and the 11 before it."""
        this_month = (today or timezone.localdate()).replace(day=1)
        return cls(_add_months(this_month, 1 - cls.MONTHS_BY_DEFAULT), this_month)

    @property
    def months(self) -> list[datetime.date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return [_add_months(self.first, i) for i in range(count)]

    @property
    def is_default(self) -> bool:
        return self == Period.default()

    @property
    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first:%B %Y}"
        return f"{self.first:%B %Y} to {self.last:%B %Y}"

    @property
    def query(self) -> str:
        """The period as a query string for links and exports ('' for the default)."""
        if self.is_default:
            return ""
        return (
            f"from_month={self.first.month}&from_year={self.first.year}"
            f"&to_month={self.last.month}&to_year={self.last.year}"
        )


@dataclass(frozen=True)
class Value:
    """One figure as published: a number, or suppressed, or None (nothing to compute)."""

    number: int | float | None
    kind: str = "count"
    suppressed: bool = False

    @property
    def text(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        if self.number is None:
            return "–"
        if self.kind == "percent":
            return f"{self.number:.1f}%"
        if self.kind == "days":
            days = f"{self.number:g}" if self.number < 366 else "more than 365"
            return f"{days} day" if self.number == 1 else f"{days} days"
        if self.kind == "hours":
            return f"{self.number:,} hours"
        return f"{self.number:,}"

    @property
    def spoken(self) -> str:
        return "no figure" if self.number is None and not self.suppressed else self.text

    @property
    def export(self) -> int | float | str:
        """For CSV and Excel: the plain number, 'suppressed', or '' for nothing."""
        if self.suppressed:
            return SUPPRESSED
        return "" if self.number is None else self.number


@dataclass
class Row:
    label: str
    key: object
    values: list[Value]
    note: str = ""


@dataclass
class Table:
    key: str
    title: str
    caption: str
    first_column: str
    figures: tuple
    rows: list[Row]
    total: Row


@dataclass
class SectionFigures:
    section: Section
    recorded: bool
    tables: list[Table] = field(default_factory=list)
    total: Row | None = None
    trend_chart: charts.LineChart | None = None
    bar_chart: charts.BarChart | None = None

    @property
    def totals(self) -> list[tuple]:
        """(figure, value) for the whole period."""
        if not self.recorded:
            return []
        return list(zip(self.section.figures, self.total.values, strict=True))

    @property
    def headline(self) -> list[tuple]:
        figures = {figure.key: (figure, value) for figure, value in self.totals}
        return [figures[key] for key in self.section.headline if key in figures]


@dataclass
class Dashboard:
    period: Period
    as_of: datetime.datetime | None
    threshold: int
    sections: list[SectionFigures]
    # Every count shown is rounded to the nearest multiple of this (1: exact).
    rounding: int = 1

    def section(self, key: str) -> SectionFigures:
        return next(s for s in self.sections if s.section.key == key)


# One read of the rollup for the whole page: each measure by month, by local authority, by
# custody suite, and in total (GROUPING tells which), with distributions kept by days.
ROLLUP_READ = """
SELECT measure, days, GROUPING(month, local_authority_id, suite_id), month, local_authority_id,
       suite_id, sum(count)
FROM reporting_monthlyfigure
WHERE month >= %s AND month <= %s
GROUP BY GROUPING SETS (
    (measure, days, month), (measure, days, local_authority_id), (measure, days, suite_id),
    (measure, days)
)
"""
# GROUPING(month, local_authority_id, suite_id): a bit set for each column summed over.
_BY_GROUPING = {0b011: (MONTH, 3), 0b101: (AUTHORITY, 4), 0b110: (SUITE, 5), 0b111: (TOTAL, None)}


# What a period's read of the rollup gives is kept until the next refresh (its key names the
# refresh, so a new refresh is read afresh at once); a day at most, so old refreshes' entries go.
FIGURES_CACHE_SECONDS = 24 * 60 * 60


def _cache_key(refresh: FiguresRefresh, period: Period) -> str:
    return f"reporting:rollup:{refresh.key}:{period.first:%Y-%m}:{period.last:%Y-%m}"


def _read_for(refresh: FiguresRefresh | None, period: Period) -> tuple[dict, dict]:
    """The rollup's sums for the period, from the cache when this refresh's are there.

    The cache holds counts before suppression (aggregates, about no one) in Redis, which the
    sessions need too, so it is there whenever a page is.
    """
    if refresh is None:
        return _read(period)
    key = _cache_key(refresh, period)
    found = cache.get(key)
    if found is None:
        found = _read(period)
        cache.set(key, found, FIGURES_CACHE_SECONDS)
    return found


def figures_cache_warm(refresh: FiguresRefresh) -> None:
    """Read the new refresh's figures for the dashboard as it opens (the last 12 months), so
    the first analyst to open it after a refresh waits no longer than the next one."""
    _read_for(refresh, Period.default())


def _read(period: Period) -> tuple[dict, dict]:
    counts: dict[tuple, int] = {}
    distributions: dict[tuple, dict[int, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(ROLLUP_READ, [period.first, period.last])
        for row in cursor.fetchall():
            measure, days, grouping, total = row[0], row[1], row[2], row[6]
            dimension, column = _BY_GROUPING[grouping]
            cell = (measure, dimension, row[column] if column else None)
            if days is None:
                counts[cell] = total
            else:
                distributions[cell][days] = total
    return counts, dict(distributions)


TO_DATE = "to date"  # the note on the month still under way (tables and the chart)


class _Layout:
    """The rows of each breakdown for one section: months, local authorities, suites."""

    def __init__(self, section: Section, period: Period, authorities, suites):
        self.months = period.months
        this_month = timezone.localdate().replace(day=1)
        self.month_rows = [
            (m, f"{m:%B %Y}", TO_DATE if m == this_month else "") for m in self.months
        ]
        self.authority_rows = [(a["id"], a["name"], "") for a in authorities]
        if section.other_authority:
            self.authority_rows.append((None, section.other_authority, ""))
        self.suite_rows = [
            (s["id"], f"{s['name']} ({s['local_authority__name']})", "") for s in suites
        ]
        if section.other_suite:
            self.suite_rows.append((None, section.other_suite, ""))
        self.suites_of = defaultdict(list)
        for suite in suites:
            self.suites_of[suite["local_authority_id"]].append(suite["id"])
        self.authorities = [a["id"] for a in authorities]
        self.by_suite = section.by_suite

    def positions(self):
        yield (TOTAL, None)
        for dimension, rows in self.lines():
            for key, _, _ in rows:
                yield (dimension, key)

    def lines(self):
        lines = [(MONTH, self.month_rows), (AUTHORITY, self.authority_rows)]
        if self.by_suite:
            lines.append((SUITE, self.suite_rows))
        return lines


def _equations(section: Section, layout: _Layout):
    for count in section.counts:
        total = (count.key, TOTAL, None)
        for dimension, rows in layout.lines():
            yield total, [(count.key, dimension, key) for key, _, _ in rows]
        if section.suites_within_authorities:
            for authority in layout.authorities:
                suites = [(count.key, SUITE, s) for s in layout.suites_of[authority]]
                yield (count.key, AUTHORITY, authority), suites
    for whole, parts in section.partitions:
        for dimension, key in layout.positions():
            yield (whole, dimension, key), [(part, dimension, key) for part in parts]


def _section(section: Section, period: Period, counts, distributions, authorities, suites):
    if not section_is_recorded(section):
        return SectionFigures(section=section, recorded=False)
    layout = _Layout(section, period, authorities, suites)
    cells = {
        (count.key, dimension, key): counts.get((count.key, dimension, key), 0)
        for count in section.counts
        for dimension, key in layout.positions()
    }
    equations = list(_equations(section, layout))
    hidden = protect(cells, equations, suppressed_cells(cells, equations))

    def value(figure, dimension, key) -> Value:
        def cell(measure):
            return (measure, dimension, key)

        if isinstance(figure, Count):
            return Value(rounded(cells[cell(figure.key)]), "count", cell(figure.key) in hidden)
        if isinstance(figure, Rate):
            # From the counts as published (rounded): a rate from the exact counts would give
            # them back.
            numerator = rounded(cells[cell(figure.numerator)])
            denominator = rounded(cells[cell(figure.denominator)])
            if cell(figure.numerator) in hidden or cell(figure.denominator) in hidden:
                return Value(None, "percent", suppressed=True)
            if not denominator:
                return Value(None, "percent")
            return Value(round(100 * numerator / denominator, 1), "percent")
        if isinstance(figure, Median):
            if cell(figure.of) in hidden:
                return Value(None, "days", suppressed=True)
            return Value(median(distributions.get(cell(figure.distribution), {})), "days")
        if isinstance(figure, Hours):
            if cell(figure.of) in hidden:
                return Value(None, "hours", suppressed=True)
            hours = settings.SERVICE_TIMINGS[figure.setting]
            return Value(rounded(cells[cell(figure.of)]) * hours, "hours")
        raise TypeError(figure)  # pragma: no cover

    def row(label, dimension, key, note="") -> Row:
        return Row(label, key, [value(f, dimension, key) for f in section.figures], note)

    total = row("Total", TOTAL, None)
    titles = {
        MONTH: ("By month", "month", "Month"),
        AUTHORITY: ("By local authority", "local authority", "Local authority"),
        SUITE: ("By custody suite", "custody suite", "Custody suite"),
    }
    tables = []
    for dimension, rows in layout.lines():
        title, noun, first_column = titles[dimension]
        tables.append(
            Table(
                key=dimension,
                title=title,
                caption=f"{section.title} by {noun}, {period.label}",
                first_column=first_column,
                figures=section.figures,
                rows=[row(label, dimension, key, note) for key, label, note in rows],
                total=total,
            )
        )
    by_month, by_authority = tables[0], tables[1]
    position = {f.key: i for i, f in enumerate(section.figures)}
    trend_figures = [section.figure(key) for key in section.trend]
    trend = charts.line_chart(
        id=f"{section.key}-trend",
        title=f"{_join([f.label for f in trend_figures])} by month",
        labels=[r.label for r in by_month.rows],
        short_labels=[f"{m:%b %y}" for m in layout.months],
        series=[
            (f.label, [r.values[position[f.key]] for r in by_month.rows]) for f in trend_figures
        ],
        kind=trend_figures[0].kind,
        to_date=next((i for i, r in enumerate(layout.month_rows) if r[2] == TO_DATE), None),
    )
    bar_figure = section.figure(section.bars)
    bars = charts.bar_chart(
        id=f"{section.key}-bars",
        title=f"{bar_figure.label} by local authority",
        labels=[r.label for r in by_authority.rows],
        values=[r.values[position[bar_figure.key]] for r in by_authority.rows],
        kind=bar_figure.kind,
    )
    return SectionFigures(
        section=section,
        recorded=True,
        tables=tables,
        total=total,
        trend_chart=trend,
        bar_chart=bars,
    )


def _join(labels: list[str]) -> str:
    """'Sent', 'Accepted', 'Engaged' -> 'Sent, accepted and engaged'."""
    words = [labels[0]] + [label[0].lower() + label[1:] for label in labels[1:]]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def dashboard_for(*, user, period: Period) -> Dashboard:
    """Every section's figures for the period, suppressed; for the OPCC analyst only."""
    if not can(user, Capability.REPORTING_DASHBOARD):
        raise Http404
    refresh = FiguresRefresh.objects.order_by("-started_at").only("started_at", "key").first()
    authorities = list(LocalAuthority.objects.order_by("name").values("id", "name"))
    suites = list(
        CustodySuite.objects.order_by("name").values(
            "id", "name", "local_authority_id", "local_authority__name"
        )
    )
    counts, distributions = _read_for(refresh, period)
    return Dashboard(
        period=period,
        as_of=refresh.started_at if refresh else None,
        threshold=settings.SMALL_NUMBER_THRESHOLD,
        rounding=settings.FIGURES_ROUNDING_BASE,
        sections=[
            _section(section, period, counts, distributions, authorities, suites)
            for section in SECTIONS
        ],
    )


def figures_refresh_latest():
    """The latest refresh of the figures (what a download's figures came from), if any."""
    from reporting.models import FiguresRefresh

    return FiguresRefresh.objects.order_by("-started_at").first()
