"""The plans of the main pages' queries at volume: EXPLAIN (ANALYZE, BUFFERS) of what each page
really sends (issue 11), for docs/performance.md and for choosing indexes.

Reads the larger database `benchmarks/page_scaling.py` leaves behind (`<name>_pages_large`);
where there is none yet, builds it as that does (--contacts, default 1,000,000). Each page is
requested once as its user (Django's test client), its queries captured, and every SELECT
explained; for each page the slowest queries' plans are printed, the rest as one line each.

    python benchmarks/hot_query_plans.py [--plans 1] [--contacts 1000000] [page name ...]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referral_service.settings")
os.environ.setdefault("REQUIRE_2FA", "false")
os.environ.setdefault(
    "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)


def _execution_ms(plan: list[str]) -> float:
    for line in plan:
        if match := re.search(r"Execution Time: ([\d.]+) ms", line):
            return float(match.group(1))
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=1, help="full plans printed per page")
    parser.add_argument(
        "--contacts", type=int, default=1_000_000, help="contacts if it builds the database"
    )
    parser.add_argument("pages", nargs="*", help="only pages whose name contains one of these")
    args = parser.parse_args()

    from benchmarks.volume import bench_database

    bench_name = bench_database("pages_large", fresh=False)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from benchmarks import page_scaling
    from custody.models import CustodyContact

    if "custody_custodycontact" not in connection.introspection.table_names() or (
        not CustodyContact.objects.exists()
    ):
        # Run by itself (or after page_scaling failed): it prepares its own data.
        print(f"{bench_name} is empty: building it as benchmarks/page_scaling.py does.")
        base = bench_name.removesuffix("_pages_large")
        bench_name = page_scaling._build(base, "pages_large", args.contacts, fresh=False)
    contacts = CustodyContact.objects.count()
    print(f"Database {bench_name}: {contacts:,} custody contacts.\n")
    arguments = page_scaling._arguments()
    for name, username, path in page_scaling.PAGES:
        if args.pages and not any(p in name for p in args.pages):
            continue
        client = Client(SERVER_NAME="localhost")
        client.force_login(User.objects.get(username=username))
        path = path.format(**arguments)
        client.get(path, secure=True)  # warm: the session's first writes are not the page's
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, secure=True).status_code == 200, path
        explained = []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                if not query["sql"].startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = [row[0] for row in cursor.fetchall()]
                explained.append((_execution_ms(plan), query["sql"], plan))
        explained.sort(key=lambda item: -item[0])
        total = sum(ms for ms, _, _ in explained)
        print(f"== {name} ({path}): {len(captured)} queries, SELECTs {total:.1f} ms in all")
        for n, (ms, sql, plan) in enumerate(explained):
            print(f"  {ms:7.2f} ms  {sql[:150]}")
            if n < args.plans:
                print("\n".join("      " + line for line in plan))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
