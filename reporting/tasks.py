"""Background work of the reporting app: keeping the OPCC's figures fresh (scheduled in
referral_service/celery.py)."""

from celery import shared_task

from reporting.services import figures_refresh


@shared_task(acks_late=True, ignore_result=True)
def refresh_figures() -> None:
    """Recompute the months whose records changed since the last refresh (every few minutes)."""
    figures_refresh()


@shared_task(acks_late=True, ignore_result=True)
def rebuild_figures() -> None:
    """Rebuild every month (nightly): also catches records moved to another month or deleted."""
    figures_refresh(full=True)
