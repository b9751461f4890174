"""Production settings: `check --deploy` clean, secret key required, a strict CSP."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parent.parent


def database_url(db: dict) -> str:
    """A DATABASE_URL for the database the tests use (TCP or a unix socket directory)."""
    host = quote(db["HOST"], safe="") if db["HOST"].startswith("/") else db["HOST"]
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}:{quote(db['PASSWORD'] or '')}@{host}{port}/{db['NAME']}"


def _production_env(**extra) -> dict:
    db = django_settings.DATABASES["default"]
    env = {
        k: v
        for k, v in os.environ.items()
        # What a developer's shell or the browser tests' harness may have set, never production.
        if k
        not in {
            "DEBUG",
            "LOCAL_HTTP",
            "SECRET_KEY",
            "REQUIRE_2FA",
            "SECURE_SSL_REDIRECT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "STATICFILES_STORAGE",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="referral_service.settings",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "synthetic-production-like-secret-key-for-tests-only-0123456789",
        ALLOWED_HOSTS="arrest-referral.example.org",
        DATABASE_URL=database_url(db),
        REDIS_URL=django_settings.REDIS_URL,
    )
    env.update(extra)
    return env


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = _production_env()
    del env["SECRET_KEY"]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_defaults_are_secure():
    env = _production_env()
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.REQUIRE_2FA, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "False"], result.stderr


@pytest.mark.django_db
def test_content_security_policy_forbids_inline_script_and_style(client):
    policy = client.get("/accounts/sign-in/")["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy


@pytest.mark.django_db
def test_pages_load_nothing_from_other_sites(client):
    content = client.get("/accounts/sign-in/").content.decode()
    assert "https://" not in content and "http://" not in content


def test_session_ends_after_idle_timeout_setting():
    assert django_settings.IDLE_TIMEOUT_MINUTES == 30
