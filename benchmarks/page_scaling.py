"""Benchmark: the main pages' server time at 10,000 and at 1,000,000 custody contacts.

Builds a separate database (`<name>_pages_bench`), adds ten years of synthetic history with
`manage.py generate_volume`, gives the provider's people consent to share (so the inbox has
its ten years of referrals to filter), puts today's detainees in the worker's suite, and times
each page as its user sees it, in process (Django's test client: routing, queries, templates;
no network). Then it tops the history up to the larger size and does it again.

    python benchmarks/page_scaling.py [--small 10000] [--large 1000000] [--runs 15]

Target (issue 11): each page's time at 1,000,000 contacts within 1.5x its time at 10,000.
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
os.environ.setdefault(
    "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

PASSWORD = "Synthetic-Bench-Password-1"  # noqa: S105 (synthetic personas in their own database)

# (page, who looks at it, path; "{person}" and "{referral}" are filled in per size)
PAGES = [
    ("today at my suite", "custody.worker", "/custody/today/"),
    ("team workload", "team.leader", "/custody/team/"),
    ("a person's page (most contacts)", "custody.worker", "/people/{person}/"),
    ("provider's inbox", "provider.birmingham", "/treatment/inbox/"),
    ("provider's inbox, new only", "provider.birmingham", "/treatment/inbox/?group=new"),
    ("a referral", "provider.birmingham", "/treatment/referrals/{referral}/"),
    ("DIVERT cases", "custody.worker", "/divert/cases/"),
    ("my tasks", "custody.worker", "/tasks/"),
    ("access log", "admin", "/audit/"),
]


def _arguments() -> dict:
    from django.db.models import Count

    from custody.models import CustodyContact
    from treatment.models import Referral

    busiest = (
        CustodyContact.objects.values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n", "person_id")
        .first()
    )
    referral = (
        Referral.objects.filter(provider_service__local_authority__slug="birmingham")
        .order_by("-sent_at")
        .first()
    )
    return {"person": busiest["person_id"], "referral": referral.reference}


def _time_pages(clients, runs: int, arguments: dict) -> dict[str, float]:
    medians = {}
    for name, username, path in PAGES:
        path = path.format(**arguments)
        client = clients[username]
        assert client.get(path, secure=True).status_code == 200, path  # warm up
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, path
        medians[name] = statistics.median(timings)
    return medians


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from benchmarks.volume import bench_database, grow_to, personas, today_at_suite

    bench_name = bench_database("pages_bench")
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    users = personas(PASSWORD)
    clients = {}
    for username in {u for _, u, _ in PAGES}:
        clients[username] = Client(SERVER_NAME="localhost")
        clients[username].force_login(users[username])
    worker = users["custody.worker"]
    print(f"Database {bench_name}; median of {args.runs} requests per page, in process.\n")

    results = {}
    for size in (args.small, args.large):
        print(f"{size:,} custody contacts")
        grow_to(size, worker)
        today_at_suite(worker)
        results[size] = _time_pages(clients, args.runs, _arguments())
        for name, ms in results[size].items():
            print(f"  {name:34} {ms:8.1f} ms")
        print()

    print(f"{'page':34} {args.small:>12,} {args.large:>12,}   ratio")
    worst = 0.0
    for name in results[args.small]:
        small, large = results[args.small][name], results[args.large][name]
        worst = max(worst, large / small)
        print(f"{name:34} {small:9.1f} ms {large:9.1f} ms   {large / small:.2f}x")
    print(f"\nWorst ratio: {worst:.2f}x (target: within 1.5x)")
    return 0 if worst <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
