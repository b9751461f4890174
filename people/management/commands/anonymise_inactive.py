"""`manage.py anonymise_inactive [--dry-run]`: retention, by hand (beat runs it nightly)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from people.retention import retention_cutoff, retention_run


class Command(BaseCommand):
    help = (
        "Anonymise every person with no activity for RETENTION_YEARS, and the records about "
        "someone nobody linked to a person. --dry-run lists what would be anonymised "
        "(references and counts of records, never names)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be anonymised; change nothing."
        )

    def handle(self, *args, dry_run, **options):
        years = settings.SERVICE_TIMINGS["RETENTION_YEARS"]
        cutoff = timezone.localtime(retention_cutoff())
        run = retention_run(dry_run=dry_run)
        done = run.people
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(
            f"{len(done)} {'person' if len(done) == 1 else 'people'} {verb}: no activity for "
            f"{years} years (since {cutoff:%d %B %Y})."
        )
        for item in done:
            rows = ", ".join(f"{label} {count}" for label, count in sorted(item.rows.items()))
            self.stdout.write(
                f"{item.reference}  last activity {timezone.localtime(item.last_activity):%Y-%m-%d}"
                f"  {rows or 'no other records'}"
            )
        for line in run.lines():
            self.stdout.write(f"{line} {verb}.")
