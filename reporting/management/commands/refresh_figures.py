"""`manage.py refresh_figures [--full]`: bring the OPCC's monthly figures up to date now."""

from django.core.management.base import BaseCommand

from reporting.services import figures_refresh


class Command(BaseCommand):
    help = "Recompute the dashboard's monthly figures (changed months, or every month with --full)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="rebuild every month")

    def handle(self, *args, full, **options):
        refresh = figures_refresh(full=full)
        seconds = (refresh.finished_at - refresh.started_at).total_seconds()
        self.stdout.write(
            f"{'Full' if refresh.full else 'Incremental'} refresh: {refresh.months} months, "
            f"{refresh.rows} rows in {seconds:.1f} s"
        )
