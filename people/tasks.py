"""Background work on people: retention (scheduled in referral_service/celery.py)."""

from celery import shared_task

from people.retention import people_anonymise_inactive


@shared_task(name="people.tasks.anonymise_inactive_people", acks_late=True, ignore_result=True)
def anonymise_inactive_people() -> int:
    """Anonymise everyone inactive for RETENTION_YEARS. Safe to run twice: an anonymised
    person is never picked again, and each person is locked and checked again first."""
    return len(people_anonymise_inactive())
