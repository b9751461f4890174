"""Benchmark: every list page's query count with 5 rows and with 200 (issue 11).

Runs the suite's check (tests/test_list_query_counts.py: each list page as its user sees it,
measured after a first visit, against PostgreSQL) and prints what it measured. The counts must
be equal: a query per row would show as a count that grows with the rows.

    python benchmarks/query_counts.py
"""

from __future__ import annotations

import os
import subprocess  # nosec B404: runs the project's own test file
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "counts.tsv"
        result = subprocess.run(  # nosec B603: fixed arguments
            [sys.executable, "-m", "pytest", "-q", "tests/test_list_query_counts.py"],
            cwd=ROOT,
            env={**os.environ, "QUERY_COUNTS_REPORT": str(report)},
            capture_output=True,
            text=True,
        )  # fmt: skip
        rows = [line.split("\t") for line in report.read_text().splitlines()]
    print(f"{'list page':26} {'who':20} {'5 rows':>7} {'200 rows':>9}")
    unequal = 0
    for path, persona, five, two_hundred in rows:
        same = five == two_hundred
        unequal += not same
        mark = "" if same else "   grows with the rows"
        print(f"{path:26} {persona:20} {five:>7} {two_hundred:>9}{mark}")
    print(f"\n{len(rows)} list pages; {unequal} whose queries grow with the rows (target: 0)")
    if result.returncode != 0 and not unequal:
        print(result.stdout[-3000:], result.stderr[-2000:])
    return 0 if result.returncode == 0 and not unequal else 1


if __name__ == "__main__":
    sys.exit(main())
