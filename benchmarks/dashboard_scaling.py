"""Benchmark: the OPCC dashboard's server time at 10,000 and at 1,000,000 custody contacts.

Builds a separate database (`<name>_dashboard_bench`), adds ten years of synthetic history with
`manage.py generate_volume` (people, contacts, tests, required assessments, naloxone,
assessments, referrals), rebuilds the monthly figures, and times the dashboard's pages in
process (Django's test client: routing, the queries, the suppression, the charts and the
templates; no network). Then it tops the history up to the larger size and does it again.

    python benchmarks/dashboard_scaling.py [--small 10000] [--large 1000000] [--runs 15]

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


def _setup_database() -> str:
    from benchmarks.volume import bench_database

    return bench_database("dashboard_bench")


def _time_pages(client, runs: int) -> dict[str, float]:
    from django.utils import timezone

    today = timezone.localdate()
    medians = {}
    for name, path in PAGES:
        path = path.format(first=today.year - 9, last=today.year)
        assert client.get(path, secure=True).status_code == 200, path  # warm up
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        medians[name] = statistics.median(timings)
    return medians


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    bench_name = _setup_database()
    from django.core.management import call_command
    from django.test import Client

    from accounts.demo import PERSONAS
    from accounts.services import persona_ensure
    from reporting.models import MonthlyFigure

    call_command("migrate", verbosity=0)
    analyst = persona_ensure(
        persona=next(p for p in PERSONAS if p.username == "opcc.analyst"),
        password="Synthetic-Bench-Password-1",
    )
    for persona in PERSONAS:  # the custody workers complete the synthetic assessments
        if persona.username.startswith("custody.worker"):
            persona_ensure(persona=persona, password="Synthetic-Bench-Password-1")
    client = Client(SERVER_NAME="localhost")
    client.force_login(analyst)
    print(f"Database {bench_name}; median of {args.runs} requests per page, in process.\n")

    results = {}
    for size in (args.small, args.large):
        print(f"{size:,} custody contacts")
        _grow_to(size)
        _refresh()
        print(f"  {MonthlyFigure.objects.count():,} rows of monthly figures")
        results[size] = _time_pages(client, args.runs)
        for name, ms in results[size].items():
            print(f"  {name:40} {ms:8.1f} ms")
        print()

    print(f"{'page':40} {args.small:>12,} {args.large:>12,}   ratio")
    worst = 0.0
    for name in results[args.small]:
        small, large = results[args.small][name], results[args.large][name]
        if name not in FOR_INFORMATION:
            worst = max(worst, large / small)
        note = "  (for information)" if name in FOR_INFORMATION else ""
        print(f"{name:40} {small:9.1f} ms {large:9.1f} ms   {large / small:.2f}x{note}")
    print(f"\nWorst ratio of the dashboard as it opens: {worst:.2f}x (target: within 1.5x)\n")
    print("Query plan of the one read of the rollup (last 12 months):")
    print(_plan())
    return 0 if worst <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
