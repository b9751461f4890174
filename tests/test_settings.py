"""Production settings: `check --deploy` clean, secret key required, a strict CSP."""

import functools
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


# --- Headers and cookies when not in local-HTTP mode (issue 10) ----------------------------------

_PRODUCTION_REQUEST = """
import json, django
django.setup()
from django.conf import settings as s
from django.test import Client
client = Client(HTTP_HOST="arrest-referral.example.org")
https = client.get("/accounts/sign-in/", secure=True)
http = client.get("/accounts/sign-in/")
csrf = https.cookies["csrftoken"]
print(json.dumps({
    "hsts": https.get("Strict-Transport-Security"),
    "frame": https.get("X-Frame-Options"),
    "nosniff": https.get("X-Content-Type-Options"),
    "referrer": https.get("Referrer-Policy"),
    "opener": https.get("Cross-Origin-Opener-Policy"),
    "http_status": http.status_code,
    "http_location": http.get("Location"),
    "csrf_cookie": {"secure": bool(csrf["secure"]), "httponly": bool(csrf["httponly"]),
                    "samesite": csrf["samesite"]},
    "session_cookie": {"secure": s.SESSION_COOKIE_SECURE, "httponly": s.SESSION_COOKIE_HTTPONLY,
                       "samesite": s.SESSION_COOKIE_SAMESITE,
                       "browser_close": s.SESSION_EXPIRE_AT_BROWSER_CLOSE},
}))
"""


@functools.cache
def _production_request(**extra) -> dict:
    """One request, over https and plain http, in a production-like process (once per env)."""
    import json

    result = subprocess.run(
        [sys.executable, "-c", _PRODUCTION_REQUEST],
        cwd=ROOT,
        # Pages link their assets; there is no collectstatic manifest in a test run.
        env=_production_env(
            STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage", **extra
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_answers_https_with_hsts_for_two_years_with_subdomains_and_preload():
    seen = _production_request()
    assert seen["hsts"] == "max-age=63072000; includeSubDomains; preload"
    assert seen["http_status"] == 301
    assert seen["http_location"] == "https://arrest-referral.example.org/accounts/sign-in/"


def test_production_sends_the_protective_headers():
    seen = _production_request()
    assert (seen["frame"], seen["nosniff"], seen["referrer"], seen["opener"]) == (
        "DENY",
        "nosniff",
        "same-origin",
        "same-origin",
    )


def test_production_cookies_are_secure_httponly_and_samesite():
    seen = _production_request()
    assert seen["csrf_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert seen["session_cookie"] == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
        "browser_close": True,
    }


def test_local_http_mode_turns_off_only_the_https_protections():
    seen = _production_request(LOCAL_HTTP="true")
    assert seen["hsts"] is None
    assert seen["http_status"] == 200
    assert seen["csrf_cookie"] == {"secure": False, "httponly": True, "samesite": "Lax"}
    assert seen["session_cookie"]["httponly"] is True
    assert seen["frame"] == "DENY"


@pytest.mark.django_db
def test_signing_in_sets_a_session_cookie_that_is_secure_httponly_and_samesite(
    settings, custody_worker
):
    """The session cookie as the sign-in really sets it, with production's Secure flag."""
    from django.test import Client

    from tests.personas import PASSWORD

    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = Client()  # a new handler, built with these settings
    response = client.post(
        "/accounts/sign-in/",
        {"username": custody_worker.username, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"]  # ends with the browser


def test_connections_cost_random_reads_as_on_ssd_unless_told_otherwise(db):
    """docs/decisions/0016: the planner's random page cost is 1.1 on every connection, so the
    inbox reads its page through its indexes; DB_RANDOM_PAGE_COST= keeps the server's own."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
    code = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); c.execute('SHOW random_page_cost'); print(c.fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(DB_RANDOM_PAGE_COST=""),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    import psycopg

    with psycopg.connect(database_url(django_settings.DATABASES["default"])) as plain:
        server_setting = plain.execute("SHOW random_page_cost").fetchone()[0]
    assert result.stdout.strip() == server_setting
