"""Load the ONS Postcode Directory (ONSPD) into the Postcode table, for exact routing.

    manage.py import_onspd ONSPD_MAY_2025_UK.zip
    manage.py import_onspd Data/ONSPD_MAY_2025_UK.csv --only-west-midlands

The file is streamed (about 2.7 million rows, 1.3 GB, nationally). Only live postcodes (blank
`doterm`) are stored; a postcode terminated since an earlier import is removed. Every live
postcode is stored with its local authority district's GSS code; the local authority is set only
when that code is one of the seven.

The columns are found by name, in each shape ONS has published (ONS Postcode Directory
(November 2025) User Guide): the postcode as `pcds`, else `pcd8`/`pcd2`, else `pcd7`/`pcd`; the
district as `oslaua` (releases until 2025) or `lad<YY>cd` (`lad25cd` from November 2025; the
latest year if several).

Rows are upserted in batches inside one transaction, so a re-run (or a newer release) leaves
the table matching the file. A .zip as published by ONS is read directly: the
national CSV in its Data/ folder (the largest CSV outside multi_csv/) is used.
"""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations.models import LocalAuthority, Postcode
from organisations.postcodes import normalise_postcode

WEST_MIDLANDS_AREAS = frozenset({"B", "CV", "DY", "WS", "WV"})
# Best first: pcds is the readable form; the fixed-width forms normalise to the same postcode.
POSTCODE_COLUMNS = ("pcds", "pcd8", "pcd2", "pcd7", "pcd")
TERMINATED_COLUMN = "doterm"
AUTHORITY_COLUMN = "oslaua"
_LAD_COLUMN = re.compile(r"lad(?P<year>[0-9]{2})cd")


def postcode_column(header: list[str]) -> str | None:
    """The postcode column of a (lower-cased) ONSPD header, or None."""
    return next((name for name in POSTCODE_COLUMNS if name in header), None)


def authority_column(header: list[str]) -> str | None:
    """The local authority district column: oslaua, else the latest ladYYcd; None if neither."""
    if AUTHORITY_COLUMN in header:
        return AUTHORITY_COLUMN
    years = {match["year"]: name for name in header if (match := _LAD_COLUMN.fullmatch(name))}
    return years[max(years)] if years else None


def postcode_area(postcode: str) -> str:
    """The letters before the first digit: "WV14 0AA" → "WV"."""
    area = postcode[:2]
    return area if area.isalpha() else area[:1]


def choose_csv(archive: zipfile.ZipFile) -> str:
    """The national CSV in an ONSPD zip: the largest .csv, preferring Data/ and not multi_csv/."""
    candidates = [
        info
        for info in archive.infolist()
        if info.filename.lower().endswith(".csv") and "multi_csv" not in info.filename.lower()
    ]
    if not candidates:
        raise CommandError("No CSV found in the zip (expected Data/ONSPD_<MON>_<YEAR>_UK.csv).")
    in_data = [info for info in candidates if info.filename.lower().startswith("data/")]
    return max(in_data or candidates, key=lambda info: info.file_size).filename


@contextmanager
def open_onspd(path: Path) -> Iterator[tuple[io.TextIOBase, str]]:
    """Yield (text stream, name of what is read), from a CSV or a zipped ONSPD release."""
    if not path.is_file():
        raise CommandError(f"No such file: {path}")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            name = choose_csv(archive)
            with (
                archive.open(name) as raw,
                io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="") as text,
            ):
                yield text, f"{path}:{name}"
    else:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as text:
            yield text, str(path)


class Command(BaseCommand):
    help = "Load the ONS Postcode Directory CSV (or its .zip) into the Postcode table."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="ONSPD CSV, or the ONSPD .zip release")
        parser.add_argument(
            "--only-west-midlands",
            action="store_true",
            help="Keep only postcodes in the B, CV, DY, WS and WV areas (saves space).",
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--authority-column",
            default=None,
            help="Column holding the local authority GSS code (default: oslaua, or the latest "
            "ladYYcd such as lad25cd).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        only_west_midlands: bool = options["only_west_midlands"]
        batch_size: int = max(1, options["batch_size"])
        authority_ids = dict(LocalAuthority.objects.values_list("gss_code", "id"))
        counts = dict.fromkeys(
            ["read", "live", "terminated", "invalid", "outside_filter", "in_seven", "written"], 0
        )
        counts["removed"] = 0
        upserts: dict[str, Postcode] = {}
        terminated: list[str] = []

        def flush_upserts() -> None:
            if upserts:
                Postcode.objects.bulk_create(
                    upserts.values(),
                    update_conflicts=True,
                    unique_fields=["postcode"],
                    update_fields=["local_authority", "gss_code"],
                )
                counts["written"] += len(upserts)
                upserts.clear()

        def flush_terminated() -> None:
            if terminated:
                removed, _ = Postcode.objects.filter(postcode__in=terminated).delete()
                counts["removed"] += removed
                terminated.clear()

        with open_onspd(options["file"]) as (text, source), transaction.atomic():
            reader = csv.reader(text)
            try:
                header = [name.strip().lower() for name in next(reader)]
            except StopIteration:
                raise CommandError(f"{source} is empty.") from None
            chosen = (options["authority_column"] or "").strip().lower()
            if chosen:
                authority_label = f"the column {chosen}"
                authority = chosen if chosen in header else None
            else:
                authority_label = "a local authority column (oslaua, or ladYYcd such as lad25cd)"
                authority = authority_column(header)
            columns = {
                "a postcode column (pcds, pcd8 or pcd7)": postcode_column(header),
                f"the column {TERMINATED_COLUMN}": (
                    TERMINATED_COLUMN if TERMINATED_COLUMN in header else None
                ),
                authority_label: authority,
            }
            missing = [what for what, name in columns.items() if name is None]
            if missing:
                raise CommandError(f"{source} lacks {'; '.join(missing)}.")
            i_postcode, i_terminated, i_authority = (
                header.index(name) for name in columns.values()
            )
            width = max(i_postcode, i_terminated, i_authority) + 1

            for row in reader:
                if not row:
                    continue
                counts["read"] += 1
                postcode = normalise_postcode(row[i_postcode]) if len(row) >= width else None
                if postcode is None:
                    counts["invalid"] += 1
                    continue
                if only_west_midlands and postcode_area(postcode) not in WEST_MIDLANDS_AREAS:
                    counts["outside_filter"] += 1
                    continue
                if row[i_terminated].strip():
                    counts["terminated"] += 1
                    terminated.append(postcode)
                    if len(terminated) >= batch_size:
                        flush_terminated()
                    continue
                counts["live"] += 1
                gss_code = row[i_authority].strip()
                authority_id = authority_ids.get(gss_code)
                if authority_id is not None:
                    counts["in_seven"] += 1
                # A dict, so a postcode repeated within a batch cannot trip ON CONFLICT twice.
                upserts[postcode] = Postcode(
                    postcode=postcode, local_authority_id=authority_id, gss_code=gss_code[:9]
                )
                if len(upserts) >= batch_size:
                    flush_upserts()
            flush_upserts()
            flush_terminated()

        elapsed = time.monotonic() - started
        rate = counts["read"] / elapsed if elapsed else 0.0
        self.stdout.write(f"Read {source}")
        self.stdout.write(f"  rows read:            {counts['read']:>10,}")
        if only_west_midlands:
            self.stdout.write(f"  outside B/CV/DY/WS/WV:{counts['outside_filter']:>10,}")
        self.stdout.write(f"  terminated (skipped): {counts['terminated']:>10,}")
        self.stdout.write(f"  invalid (skipped):    {counts['invalid']:>10,}")
        self.stdout.write(f"  live:                 {counts['live']:>10,}")
        self.stdout.write(f"  in the seven:         {counts['in_seven']:>10,}")
        self.stdout.write(f"  written (upserted):   {counts['written']:>10,}")
        self.stdout.write(f"  removed (terminated): {counts['removed']:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s ({rate:,.0f} rows/s read)."))
