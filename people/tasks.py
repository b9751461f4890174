"""Background work on people: retention (scheduled in referral_service/celery.py)."""

from celery import shared_task

from people.retention import retention_run


@shared_task(name="people.tasks.anonymise_inactive_people", acks_late=True, ignore_result=True)
def anonymise_inactive_people() -> int:
    """Anonymise everyone inactive for RETENTION_YEARS, and the records about someone that
    nobody linked to a person (probation requests nobody confirmed). Safe to run twice: an
    anonymised record is never picked again, and each is locked and checked again first."""
    run = retention_run()
    return len(run.people) + sum(run.unlinked.values())
