"""The Celery app and every periodic schedule, declared here and nowhere else."""

import os

from celery import Celery
from celery.schedules import crontab

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
}
