"""Background work of the reminders app."""

import socket

from celery import shared_task

from reminders.services import worker_heartbeat_record


@shared_task(acks_late=True, ignore_result=True)
def worker_heartbeat() -> None:
    """Record that a worker is consuming the queue (beat queues this every minute)."""
    worker_heartbeat_record(worker=socket.gethostname())
