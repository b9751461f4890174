"""Accounts' background work: the password-reset e-mail, sent by a worker, never the request."""

from celery import shared_task

from accounts.services import password_reset_email_send


@shared_task(name="accounts.tasks.password_reset_send", ignore_result=True)
def password_reset_send(email: str) -> None:
    """Send the reset link to each active account with this address (none: nothing)."""
    password_reset_email_send(email=email)
