"""The Celery app and every periodic schedule, declared here and nowhere else."""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referral_service.settings")

app = Celery("referral_service")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Lets /healthz and the administrators see that a worker is consuming the queue.
    "worker-heartbeat": {
        "task": "reminders.tasks.worker_heartbeat",
        "schedule": 60.0,
    },
    # Retention: anonymise people with no activity for RETENTION_YEARS (people.retention).
    # At night, when nobody is recording; a missed night is caught up the next.
    "anonymise-inactive-people": {
        "task": "people.tasks.anonymise_inactive_people",
        "schedule": crontab(hour=2, minute=30),
    },
    # Wakes the reminders: queues every reminder that may be sent now, takes over the claims of
    # workers that died (reminders.services.reminders_scan). A scan not started within 55 s is
    # dropped: the next one does the same work. (`expire_seconds`: django-celery-beat's
    # DatabaseScheduler, which we use, reads that key and ignores `expires`.)
    "reminders-scan": {
        "task": "reminders.tasks.reminders_scan",
        "schedule": 60.0,
        "options": {"expire_seconds": 55},
    },
    # The OPCC's dashboard reads monthly figures, not the raw tables: the months whose records
    # changed are recomputed every 10 minutes ("figures as of" on the page)...
    "reporting-refresh-figures": {
        "task": "reporting.tasks.refresh_figures",
        "schedule": 600.0,
    },
    # ...and every month at night, which also catches records moved to another month or deleted.
    "reporting-rebuild-figures": {
        "task": "reporting.tasks.rebuild_figures",
        "schedule": crontab(hour=3, minute=15),
    },
    # Create forms' one-time tokens (core.submissions) are kept a day, then forgotten.
    "core-forget-old-submissions": {
        "task": "core.tasks.forget_old_submissions",
        "schedule": crontab(hour=3, minute=45),
    },
}


@task_prerun.connect
@task_postrun.connect
def _database_connections_as_for_a_request(task=None, **kwargs) -> None:
    """Before and after a task, as before and after a web request: a connection older than
    CONN_MAX_AGE, or broken, is closed; a good one is kept. Celery's Django fixup would close it
    after every task instead (a new connection per task) unless CELERY_DB_REUSE_MAX is set,
    which settings does. Eager tasks (tests) run inside the caller's transaction: left alone.
    """
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
