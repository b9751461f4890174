"""The Celery app and every periodic schedule, declared here and nowhere else."""

import os

from celery import Celery

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
}
