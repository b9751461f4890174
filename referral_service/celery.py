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
    # Retention: anonymise people with no activity for RETENTION_YEARS (people.retention).
    # At night, when nobody is recording; a missed night is caught up the next.
    "anonymise-inactive-people": {
        "task": "people.tasks.anonymise_inactive_people",
        "schedule": crontab(hour=2, minute=30),
    },
}
