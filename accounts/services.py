"""Writes and questions about staff accounts."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


def user_has_confirmed_device(*, user) -> bool:
    """Has this user finished setting up an authenticator app?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_start(*, user) -> TOTPDevice:
    """The user's unconfirmed authenticator device, created on first use (one at a time)."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("id")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


WRONG_CODE = "The code is not right. Check the time on your phone and try again"
TOO_MANY_TRIES = "Too many wrong codes. Wait {seconds} seconds, then enter the newest code"


def totp_token_problem(*, device: TOTPDevice, token: str) -> str | None:
    """Check a code from the app: None when it is right, else what to tell the user.

    django-otp slows down guessing (each failure doubles the wait); the user is told so.
    """
    allowed, details = device.verify_is_allowed()
    if not allowed:
        from django.utils import timezone

        until = (details or {}).get("locked_until")
        seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1
        return TOO_MANY_TRIES.format(seconds=seconds)
    return None if device.verify_token(token) else WRONG_CODE


def totp_device_confirm(*, device: TOTPDevice, token: str) -> str | None:
    """Confirm a device with a code from the app; returns the problem if the code is not right."""
    problem = totp_token_problem(device=device, token=token)
    if problem is None:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return problem


def sessions_end_everywhere(*, user) -> None:
    """End every session of this user, on every device (the middleware signs them out)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    get_user_model().objects.filter(pk=user.pk).update(sessions_valid_after=timezone.now())
    api_tokens_revoke(user=user)


def api_token_create(*, user, days: int | None = None):
    """A new API token for the user: (its record, the token). The token itself is shown once,
    now: only its hash is kept. It expires after `days` (default settings.API_TOKEN_DAYS)."""
    from datetime import timedelta

    from django.conf import settings
    from knox.models import AuthToken

    return AuthToken.objects.create(
        user=user, expiry=timedelta(days=days if days is not None else settings.API_TOKEN_DAYS)
    )


def api_tokens_live(*, user):
    from django.utils import timezone
    from knox.models import AuthToken

    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now())


def api_tokens_revoke(*, user) -> int:
    """Revoke every API token of the user (signing out everywhere, rotation)."""
    from knox.models import AuthToken

    count, _ = AuthToken.objects.filter(user=user).delete()
    return count


def password_reset_email_send(*, email: str) -> int:
    """E-mail a reset link to every active account with this address that may reset its
    password; 0 for an unknown address. Run by a worker (accounts.tasks), so that a request's
    answer takes the same time whether the address is known or not (issue 21). The link is to
    SITE_URL: a worker has no request, and a request's Host is the client's to choose."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.auth.forms import PasswordResetForm

    site = urlsplit(settings.SITE_URL)
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(email))
    form.save(
        domain_override=site.netloc,
        use_https=site.scheme == "https",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
    )
    return len(users)
