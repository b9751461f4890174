"""Background work of the reminders app. Tasks take ids, call a service, and are safe to run
any number of times: the database decides what happens, the message only says "look now"."""

import socket

from celery import shared_task
from django.conf import settings

from reminders import services

_SEND_LIMIT = settings.REMINDERS["SEND_TIME_LIMIT_SECONDS"]


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def reminders_scan() -> dict:
    """Queue every reminder that may be sent now (beat runs this every minute)."""
    result = services.reminders_scan()
    return {"queued": result.queued, "reconciling": result.reconciling}


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=None,  # the attempts are counted on the reminder (REMINDER_MAX_ATTEMPTS)
    # Hard limit below the claim's lease: a live worker always finishes before anyone may
    # take its reminder over (docs/decisions/0013).
    soft_time_limit=_SEND_LIMIT - 5 if _SEND_LIMIT > 10 else None,
    time_limit=_SEND_LIMIT,
)
def reminder_send(self, reminder_id: str) -> str:
    """Send one reminder if it is due and nobody else has it; after a gateway error, again
    after a back-off (also kept on the row, so a lost retry is found by the scan)."""
    delivery = services.reminder_deliver(reminder_id=reminder_id)
    if delivery.outcome == "retry":
        raise self.retry(countdown=delivery.retry_in)
    return delivery.outcome


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def reminder_reconcile(reminder_id: str) -> str:
    """Settle a reminder whose worker died after handing it to the gateway."""
    return services.reminder_reconcile(reminder_id=reminder_id)


@shared_task(acks_late=True, ignore_result=True)
def worker_heartbeat() -> None:
    """Record that a worker is consuming the queue (beat queues this every minute)."""
    services.worker_heartbeat_record(worker=socket.gethostname())
