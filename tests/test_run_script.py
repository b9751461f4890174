"""`make run`'s last step (scripts/run.py): web, worker and beat start; the printed URL answers
and a demo login works on it."""

import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from tests.personas import PASSWORD, make_persona
from tests.test_settings import database_url

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _read_until(process, pattern: str, timeout: float) -> str:
    seen, deadline = "", time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            seen += line
            match = re.search(pattern, line)
            if match:
                return match.group(1)
        if process.poll() is not None:
            break
    pytest.fail(f"never printed {pattern!r}:\n{seen[-3000:]}")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_run_starts_web_worker_and_beat_and_a_demo_login_works():
    from tests.reference import load_reference_data

    load_reference_data()
    user = make_persona("custody.worker")
    # The server runs with production hashers (the tests use a fast one).
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "syntheticsalt")
    user.save(update_fields=["password"])

    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "LOCAL_HTTP": "true",
        "REQUIRE_2FA": "false",
        "DEMO_PASSWORD": PASSWORD,
        "PYTHONUNBUFFERED": "1",
        # `make run` collects static files first; this test serves them uncollected.
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "scripts/run.py", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        url = _read_until(process, r"running at (http://\S+)", timeout=60)
        assert url == f"http://127.0.0.1:{port}/"
        _read_until(process, r"(celery@\S+ ready)", timeout=60)

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        sign_in = opener.open(url + "accounts/sign-in/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sign_in).group(1)
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": "custody.worker", "password": PASSWORD}
        ).encode()
        request = urllib.request.Request(
            url + "accounts/sign-in/", data=form, headers={"Referer": url + "accounts/sign-in/"}
        )
        start_page = opener.open(request)
        assert start_page.url == url + "custody/today/"
        assert "Today at Northgate Custody Suite" in start_page.read().decode()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
