from celery import shared_task

from core.submissions import submissions_forget


@shared_task(acks_late=True, ignore_result=True)
def forget_old_submissions() -> int:
    """Forget create forms' one-time tokens older than a day (safe to run twice)."""
    return submissions_forget()
