"""Signing in: lockout after repeated failures, two-factor, idle timeout, password reset."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD

SIGN_IN = "/accounts/sign-in/"


def sign_in(client, username, password):
    return client.post(SIGN_IN, {"username": username, "password": password})


def test_correct_password_signs_in_to_the_start_page(client, custody_worker, settings):
    settings.REQUIRE_2FA = False
    response = sign_in(client, "custody.worker", PASSWORD)
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200


def test_wrong_password_redisplays_form_with_error_summary(client, custody_worker):
    response = sign_in(client, "custody.worker", "wrong")
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Enter a correct username and password" in content
    assert "<title>Error: Sign in" in content


def test_empty_form_says_what_to_enter(client, db):
    content = client.post(SIGN_IN, {}).content.decode()
    assert 'href="#id_username">Enter your username' in content
    assert 'href="#id_password">Enter your password' in content


def test_five_wrong_passwords_lock_the_account(client, custody_worker, settings):
    settings.REQUIRE_2FA = False
    for _ in range(4):
        assert sign_in(client, "custody.worker", "wrong").status_code == 200
    locked = sign_in(client, "custody.worker", "wrong")
    assert locked.status_code == 429
    assert b"Your account is locked" in locked.content
    # Even the right password is refused while locked.
    again = sign_in(client, "custody.worker", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_so_a_shared_suite_address_is_not_locked(
    client, custody_worker, custody_worker2, settings
):
    settings.REQUIRE_2FA = False
    for _ in range(5):
        sign_in(client, "custody.worker", "wrong")
    # Same client address, another worker: signs in.
    assert sign_in(client, "custody.worker2", PASSWORD).status_code == 302


def test_four_wrong_passwords_then_right_one_signs_in(client, custody_worker, settings):
    settings.REQUIRE_2FA = False
    for _ in range(4):
        sign_in(client, "custody.worker", "wrong")
    assert sign_in(client, "custody.worker", PASSWORD).status_code == 302


@pytest.fixture
def two_factor_on(settings):
    settings.REQUIRE_2FA = True


def test_with_2fa_on_user_without_device_is_sent_to_set_one_up_first(
    client, custody_worker, two_factor_on
):
    response = sign_in(client, "custody.worker", PASSWORD)
    start = client.get(response["Location"])
    assert start.status_code == 302
    assert start["Location"].startswith(reverse("accounts:two_factor_setup"))
    # Nothing else is reachable until set up: not the start page, not a person, not the API.
    assert client.get(reverse("custody:today"))["Location"].startswith(
        reverse("accounts:two_factor_setup")
    )
    assert client.get("/api/v1/me/").status_code == 401


def test_setting_up_2fa_with_a_valid_code_lets_the_user_in(client, custody_worker, two_factor_on):
    sign_in(client, "custody.worker", PASSWORD)
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert b"QR code" in page.content
    device = TOTPDevice.objects.get(user=custody_worker)
    wrong_code = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": wrong_code})
    assert b"The code is not right" in wrong.content
    # Guessing is slowed down: straight away, even the right code must wait.
    code = f"{totp(device.bin_key):06d}"
    throttled = client.post(reverse("accounts:two_factor_setup"), {"token": code})
    assert b"Too many wrong codes" in throttled.content
    with time_machine.travel(datetime.timedelta(seconds=5)):
        code = f"{totp(device.bin_key):06d}"
        response = client.post(reverse("accounts:two_factor_setup"), {"token": code})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("custody:today")).status_code == 200


def test_with_2fa_on_user_with_device_must_enter_a_code(client, custody_worker, two_factor_on):
    device = TOTPDevice.objects.create(user=custody_worker, name="phone", confirmed=True)
    sign_in(client, "custody.worker", PASSWORD)
    assert client.get(reverse("custody:today"))["Location"].startswith(
        reverse("accounts:two_factor_verify")
    )
    bad = client.post(reverse("accounts:two_factor_verify"), {"token": "12ab56"})
    assert b"govuk-error-summary" in bad.content
    client.post(reverse("accounts:two_factor_verify"), {"token": f"{totp(device.bin_key):06d}"})
    assert client.get(reverse("custody:today")).status_code == 200


def test_2fa_off_shows_the_demo_banner(client, custody_worker, settings):
    settings.REQUIRE_2FA = False
    client.force_login(custody_worker)
    assert b"Two-factor authentication is off" in client.get(reverse("custody:today")).content
    settings.REQUIRE_2FA = True
    sign_in(client, "custody.worker", PASSWORD)
    assert b"Two-factor authentication is off" not in client.get(SIGN_IN).content


def test_idle_session_is_signed_out_after_30_minutes(client, custody_worker, settings):
    settings.REQUIRE_2FA = False
    start = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(client, "custody.worker", PASSWORD)
        assert client.get(reverse("custody:today")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("custody:today")).status_code == 200
        # Activity resets the clock: 29 + 29 minutes is fine.
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("custody:today")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("custody:today"), follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
        assert b"signed out after 30 minutes" in response.content


def test_sign_out_is_a_post_and_ends_the_session(client, custody_worker):
    client.force_login(custody_worker)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


@pytest.fixture
def reset_requested(client, django_capture_on_commit_callbacks):
    """POST the reset form; its e-mail task runs at once, in this process (the real worker's
    path: tests/accounts/test_password_reset_by_worker.py)."""
    from referral_service.celery import app

    app.conf.task_always_eager = True

    def request(email: str, **options):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:password_reset"), {"email": email}, **options)

    yield request
    app.conf.task_always_eager = False


def test_password_reset_by_email(client, custody_worker, reset_requested):
    response = reset_requested(custody_worker.email)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    assert b"Choose a new password" in form.content
    new_password = "A-new-synthetic-passphrase-42"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    custody_worker.refresh_from_db()
    assert custody_worker.check_password(new_password)


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(db, reset_requested):
    response = reset_requested("nobody@example.org", follow=True)
    assert b"Check your email" in response.content
    assert mail.outbox == []


def test_sign_out_everywhere_ends_the_sessions_on_other_devices(custody_worker, settings):
    from django.test import Client

    settings.REQUIRE_2FA = False
    desk, phone = Client(), Client()
    for device in (desk, phone):
        assert sign_in(device, "custody.worker", PASSWORD).status_code == 302
    assert phone.get(reverse("custody:today")).status_code == 200

    response = desk.post(reverse("accounts:logout_everywhere"))
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in desk.session
    ended = phone.get(reverse("custody:today"), follow=True)
    assert ended.redirect_chain[-1][0] == reverse("accounts:login")
    assert b"signed out on every device" in ended.content
    # Signing in again afterwards works.
    with time_machine.travel(datetime.timedelta(seconds=2)):
        sign_in(phone, "custody.worker", PASSWORD)
        assert phone.get(reverse("custody:today")).status_code == 200


def test_a_common_password_is_refused_on_reset(client, custody_worker, reset_requested):
    reset_requested(custody_worker.email)
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "password123", "new_password2": "password123"}
    )
    assert b"This password is too common" in response.content


BACKGROUND = {"HTTP_X_APP_BACKGROUND": "refresh", "HTTP_X_REQUESTED_WITH": "fetch"}


def test_a_background_refresh_is_not_activity_and_never_keeps_a_session_alive(
    client, custody_worker, settings
):
    """Today at my suite refreshes itself every 30 seconds: an unattended suite PC left on it
    is signed out 30 minutes after the last thing a person did (issue 19)."""
    settings.REQUIRE_2FA = False
    refresh = reverse("custody:today") + "?fragment=table"
    start = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(client, "custody.worker", PASSWORD)
        assert client.get(reverse("custody:today")).status_code == 200
        for _ in range(58):  # 29 minutes of refreshes, every 30 seconds
            traveller.shift(datetime.timedelta(seconds=30))
            assert client.get(refresh, **BACKGROUND).status_code == 200
        traveller.shift(datetime.timedelta(minutes=2))  # 31 minutes since the person's request
        expired = client.get(refresh, **BACKGROUND)
        assert expired.status_code == 401  # the page reloads itself to the sign-in page
        assert "_auth_user_id" not in client.session
        response = client.get(reverse("custody:today"), follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_a_session_ends_12_hours_after_signing_in_however_active(client, custody_worker, settings):
    settings.REQUIRE_2FA = False
    start = datetime.datetime(2026, 11, 26, 7, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(client, "custody.worker", PASSWORD)
        for _ in range(12 * 4):  # a request every 15 minutes for 12 hours
            traveller.shift(datetime.timedelta(minutes=15))
            assert client.get(reverse("people:find")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=1))
        response = client.get(reverse("people:find"), follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
        assert b"signed out 12 hours after signing in" in response.content
