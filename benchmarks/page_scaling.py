"""Benchmark: the main pages' server time at 10,000 and at 1,000,000 custody contacts.

Builds two databases beside the normal one (`<name>_pages_small`, `<name>_pages_large`; kept
for the next run, and for `hot_query_plans.py`, unless --fresh), each with ten years of
synthetic history from `manage.py generate_volume`, consent to share for the provider's people
(so the inbox has its ten years of referrals to filter) and today's detainees at the worker's
suite. Then it times each page as its user sees it, in process (Django's test client: routing,
queries, templates; no network), with requests to the two sizes alternating, so both are
measured under the same load on this shared machine.

    python benchmarks/page_scaling.py [--small 10000] [--large 1000000] [--runs 15] [--fresh]

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
    ("DIVERT: the officer's referrals", "police.officer", "/divert/my-referrals/"),
    ("court reports", "custody.worker", "/court/reports/"),
    ("probation's requests", "probation.officer", "/court/my-requests/"),
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


def _build(base: str, suffix: str, size: int, fresh: bool) -> str:
    """`<base>_<suffix>` with `size` custody contacts (kept and reused unless fresh)."""
    from django.core.management import call_command
    from django.db import connections

    from benchmarks.volume import bench_database, grow_to, personas, today_at_suite
    from custody.models import CustodyContact

    connections["default"].close()
    connections.settings["default"]["NAME"] = base
    name = bench_database(suffix, fresh=fresh)
    call_command("migrate", verbosity=0)
    worker = personas(PASSWORD)["custody.worker"]
    if CustodyContact.objects.count() > size * 1.01:
        raise SystemExit(f"{name} holds more than {size:,} contacts: run with --fresh")
    grow_to(size, worker)
    today_at_suite(worker)
    _full_pages()
    print(f"  {name}: {CustodyContact.objects.count():,} custody contacts")
    return name


PAGE = 25


def _full_pages() -> None:
    """A full page of the personas' own lists at either size, so the two sizes compare the
    same page and differ in the history behind it. At 10,000 contacts an officer among 250 has
    referred one person to DIVERT and the provider has no new referrals; the larger database
    has pages of each. Records the history already holds are handed to the personas (their
    newest), and the provider's most recent closed referrals are sent again (to people with
    consent and nothing live at that service), so nothing else changes size."""
    from django.db import connection

    from accounts.models import User

    officer = User.objects.get(username="police.officer").pk
    probation = User.objects.get(username="probation.officer").pk
    with connection.cursor() as cursor:
        for table, column in (
            ("diversion_divertreferral", officer),
            ("court_probationrequest", probation),
        ):
            # The table names are the constants above, never input.
            cursor.execute(
                f"""
                UPDATE {table} SET officer_id = %(me)s WHERE id IN (
                    SELECT id FROM {table} WHERE officer_id <> %(me)s
                    ORDER BY created_at DESC
                    LIMIT greatest(0, %(page)s - (SELECT count(*) FROM {table}
                                                  WHERE officer_id = %(me)s)))
                """,
                {"me": column, "page": PAGE},
            )
        cursor.execute(
            """
            WITH service AS (
                SELECT ps.id FROM treatment_providerservice ps
                JOIN treatment_localauthority la ON la.id = ps.local_authority_id
                WHERE la.slug = 'birmingham'
            ), wanted AS (
                SELECT greatest(0, %(page)s - count(*)) AS n FROM treatment_referral
                WHERE status = 'sent' AND provider_service_id = (SELECT id FROM service)
            )
            UPDATE treatment_referral r
            SET status = 'sent', sent_at = now() - interval '1 hour' * (random() * 40),
                accept_by = now() + interval '1 day', accepted_at = NULL, closed_at = NULL,
                closure_reason_id = NULL, finished_at = NULL, first_attended_on = NULL,
                engaged_at = NULL
            WHERE r.id IN (
                -- One a person (their newest): a person may have several closed referrals
                -- there, and two of them live at once would break the one-live rule.
                SELECT id FROM (
                    SELECT DISTINCT ON (c.person_id) c.id, c.sent_at
                    FROM treatment_referral c
                    WHERE c.status = 'closed'
                      AND c.provider_service_id = (SELECT id FROM service)
                      AND NOT EXISTS (
                          SELECT 1 FROM treatment_referral l
                          WHERE l.person_id = c.person_id
                            AND l.provider_service_id = c.provider_service_id
                            AND l.status IN ('sent', 'accepted', 'booked', 'did_not_attend',
                                             'attended'))
                    ORDER BY c.person_id, c.sent_at DESC
                ) AS newest_closed
                ORDER BY sent_at DESC
                LIMIT (SELECT n FROM wanted))
            """,
            {"page": PAGE},
        )


def _clients(sizes, size: int) -> tuple[dict, dict]:
    from django.test import Client

    from accounts.models import User

    sizes.use(size)
    clients = {}
    for username in {u for _, u, _ in PAGES}:
        clients[username] = Client(SERVER_NAME="localhost")
        clients[username].force_login(User.objects.get(username=username))
    return clients, _arguments()


def _time_side_by_side(sizes, small: int, large: int, runs: int) -> dict:
    """Each page: a request to one size, then the other (which goes first alternates), `runs`
    times; the median of each."""
    clients = {size: _clients(sizes, size) for size in (small, large)}
    medians = {}
    for name, username, path in PAGES:
        timings, rows = {small: [], large: []}, {}
        for run in range(runs + 1):
            for size in (small, large) if run % 2 else (large, small):
                sizes.use(size)
                client, arguments = clients[size][0][username], clients[size][1]
                started = time.perf_counter()
                response = client.get(path.format(**arguments), secure=True)
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (size, path)
                if run:  # the first round warms up
                    timings[size].append(elapsed)
                rows[size] = _table_rows(response.content.decode())
        medians[name] = {size: statistics.median(times) for size, times in timings.items()}
        medians[name]["rows"] = rows
    return medians


def _table_rows(html: str) -> int:
    """Rows of records the page shows (GOV.UK table rows and summary cards, not headers)."""
    return html.count('<tr class="govuk-table__row">') - html.count('<thead class="govuk-table')


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

    base = connections.settings["default"]["NAME"]
    print("Building (or reusing) a database at each size.")
    names = {
        args.small: _build(base, "pages_small", args.small, args.fresh),
        args.large: _build(base, "pages_large", args.large, args.fresh),
    }
    from benchmarks.volume import SideBySide

    sizes = SideBySide(names)
    print(
        f"\nMedian of {args.runs} requests per page and size, in process, the two sizes "
        "alternating request by request.\n"
    )
    results = _time_side_by_side(sizes, args.small, args.large, args.runs)
    print(f"{'page':34} {args.small:>12,} {args.large:>12,}   ratio   rows shown")
    worst = 0.0
    for name, by_size in results.items():
        small, large = by_size[args.small], by_size[args.large]
        rows = by_size["rows"]
        worst = max(worst, large / small)
        print(
            f"{name:34} {small:9.1f} ms {large:9.1f} ms   {large / small:.2f}x"
            f"   {rows[args.small]:>4} / {rows[args.large]}"
        )
    print(f"\nWorst ratio: {worst:.2f}x (target: within 1.5x)")
    return 0 if worst <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
