"""Benchmark: the OPCC dashboard's server time at 10,000 and at 1,000,000 custody contacts.

Builds two databases beside the normal one (`<name>_dashboard_small`, `<name>_dashboard_large`;
kept for the next run unless --fresh), each with ten years of synthetic history from
`manage.py generate_volume` and its monthly figures rebuilt (the time of a full and an
incremental refresh printed), then times the dashboard's pages in process (Django's test
client: routing, the queries, the suppression, the charts and the templates; no network), with
requests to the two sizes alternating, so both are measured under the same load: once as the
dashboard opens (the figures of the last 12 months in the cache, where the refresh put them)
and once as the first request after a refresh (every request reads the rollup).

    python benchmarks/dashboard_scaling.py [--small 10000] [--large 1000000] [--runs 15] [--fresh]

Target (issue 9): the time at 1,000,000 contacts within 1.5x the time at 10,000, because the
pages read the monthly rollup, never the raw tables.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referral_service.settings")
os.environ.setdefault("REQUIRE_2FA", "false")  # signed in directly: two-factor is not timed
# No collectstatic here: asset URLs come from the build, as in the tests.
os.environ.setdefault(
    "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

PAGES = [
    ("overview, last 12 months", "/dashboard/"),
    ("custody contacts, last 12 months", "/dashboard/custody/"),
    ("treatment referrals, last 12 months", "/dashboard/referrals/"),
    ("custody contacts, ten years", "/dashboard/custody/?from_month=1&from_year={first}"
     "&to_month=12&to_year={last}"),
    ("CSV download, last 12 months", "/dashboard/figures.csv"),
]  # fmt: skip
# Every month of ten years reads every row of the rollup, which fills in as the volume grows
# (until months x measures x suites x days are all there): shown, not part of the target.
FOR_INFORMATION = {"custody contacts, ten years"}


def _new_refresh_key() -> None:
    """As if a refresh had just committed: the figures' cache entries are under a new key."""
    import uuid

    from reporting.models import FiguresRefresh

    latest = FiguresRefresh.objects.order_by("-started_at").first()
    FiguresRefresh.objects.filter(pk=latest.pk).update(key=uuid.uuid4())


def _time_side_by_side(sizes, clients: dict, runs: int, *, after_refresh: bool) -> dict:
    """Each page: a request to one size, then the other (which goes first alternates).

    after_refresh: every request is the first after a refresh (it reads the rollup); else the
    figures are in the cache, as the refresh leaves them for the dashboard as it opens."""
    from django.utils import timezone

    today = timezone.localdate()
    small, large = sorted(clients)
    medians = {}
    for name, path in PAGES:
        path = path.format(first=today.year - 9, last=today.year)
        timings = {small: [], large: []}
        for run in range(runs + 1):
            for size in (small, large) if run % 2 else (large, small):
                sizes.use(size)
                if after_refresh:
                    _new_refresh_key()
                started = time.perf_counter()
                response = clients[size].get(path, secure=True)
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (size, path)
                if run:  # the first round warms up
                    timings[size].append(elapsed)
        medians[name] = {size: statistics.median(times) for size, times in timings.items()}
    return medians


def _table(title: str, results: dict, small_size: int, large_size: int) -> float:
    """Print one table; the worst ratio of the pages the target covers."""
    print(f"{title}\n")
    print(f"{'page':40} {small_size:>12,} {large_size:>12,}   ratio")
    worst = 0.0
    for name, by_size in results.items():
        small, large = by_size[small_size], by_size[large_size]
        if name not in FOR_INFORMATION:
            worst = max(worst, large / small)
        note = "  (for information)" if name in FOR_INFORMATION else ""
        print(f"{name:40} {small:9.1f} ms {large:9.1f} ms   {large / small:.2f}x{note}")
    print(f"Worst ratio: {worst:.2f}x\n")
    return worst


def _grow_to(target: int) -> None:
    from django.core.management import call_command

    from custody.models import CustodyContact

    have = CustodyContact.objects.count()
    if target > have:
        started = time.perf_counter()
        call_command("generate_volume", contacts=target - have, verbosity=0)
        print(f"  generated {target - have:,} contacts in {time.perf_counter() - started:.0f} s")


def _refresh() -> None:
    from reporting.services import figures_refresh

    started = time.perf_counter()
    figures_refresh(full=True)
    full = time.perf_counter() - started
    started = time.perf_counter()
    refresh = figures_refresh()
    incremental = time.perf_counter() - started
    print(
        f"  full rebuild of the monthly figures {full:.1f} s; incremental refresh "
        f"{incremental:.1f} s ({refresh.months} months recomputed)"
    )


def _plan() -> str:
    from django.db import connection

    from reporting.selectors import ROLLUP_READ, Period

    period = Period.default()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + ROLLUP_READ, [period.first, period.last])
        return "\n".join(row[0] for row in cursor.fetchall())


def _build(base: str, suffix: str, size: int, fresh: bool) -> str:
    """`<base>_<suffix>` with `size` custody contacts and its monthly figures (kept and reused
    unless fresh)."""
    from django.core.management import call_command
    from django.db import connections

    from benchmarks.volume import bench_database
    from custody.models import CustodyContact
    from referral_service.demo import PERSONAS, persona_ensure
    from reporting.models import MonthlyFigure

    connections["default"].close()
    connections.settings["default"]["NAME"] = base
    name = bench_database(suffix, fresh=fresh)
    call_command("migrate", verbosity=0)
    for persona in PERSONAS:  # the analyst; the custody workers complete the assessments
        if persona.username == "opcc.analyst" or persona.username.startswith("custody.worker"):
            persona_ensure(persona=persona, password="Synthetic-Bench-Password-1")
    if CustodyContact.objects.count() > size * 1.01:
        raise SystemExit(f"{name} holds more than {size:,} contacts: run with --fresh")
    print(f"{name}: {size:,} custody contacts")
    _grow_to(size)
    _refresh()
    print(f"  {MonthlyFigure.objects.count():,} rows of monthly figures")
    return name


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--fresh", action="store_true", help="build both databases anew (else reuse them)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connections
    from django.test import Client

    from accounts.models import User
    from benchmarks.volume import SideBySide

    base = connections.settings["default"]["NAME"]
    names = {
        args.small: _build(base, "dashboard_small", args.small, args.fresh),
        args.large: _build(base, "dashboard_large", args.large, args.fresh),
    }
    sizes = SideBySide(names)
    clients = {}
    for size in names:
        sizes.use(size)
        clients[size] = Client(SERVER_NAME="localhost")
        clients[size].force_login(User.objects.get(username="opcc.analyst"))
    print(
        f"\nMedian of {args.runs} requests per page and size, in process, the two sizes "
        "alternating request by request.\n"
    )
    opens = _time_side_by_side(sizes, clients, args.runs, after_refresh=False)
    first = _time_side_by_side(sizes, clients, args.runs, after_refresh=True)
    worst = _table(
        "The dashboard as it opens (the refresh read the rollup for the last 12 months, so the "
        "figures come from the cache):",
        opens,
        args.small,
        args.large,
    )
    worst_first = _table(
        "The first request for a period after a refresh (reads the rollup; for information):",
        first,
        args.small,
        args.large,
    )
    print(
        f"Worst ratio of the dashboard as it opens: {worst:.2f}x (target: within 1.5x); "
        f"of a first read after a refresh: {worst_first:.2f}x\n"
    )
    sizes.use(args.large)
    print(f"Query plan of the one read of the rollup (last 12 months, {args.large:,}):")
    print(_plan())
    return 0 if worst <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
