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
    # Wakes the reminders: queues every reminder that may be sent now, takes over the claims of
    # workers that died (reminders.services.reminders_scan). A scan not started within 55 s is
    # dropped: the next one does the same work. (`expire_seconds`: django-celery-beat's
    # DatabaseScheduler, which we use, reads that key and ignores `expires`.)
    "reminders-scan": {
        "task": "reminders.tasks.reminders_scan",
        "schedule": 60.0,
        "options": {"expire_seconds": 55},
    },
}
