"""API tokens (issue 21, docs/decisions/0022): stored hashed, expiring, rotated, revoked by
signing out on every device, and never shown again after they are made."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.services import api_token_create
from tests.personas import PASSWORD

ME = "/api/v1/me/"


def make_token(username: str, *options: str) -> str:
    out = StringIO()
    call_command("create_api_token", username, *options, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def answer(client, token: str):
    return client.get(ME, HTTP_AUTHORIZATION=f"Token {token}")


def test_the_database_holds_no_token_only_its_hash(police_officer):
    from django.db import connection

    token = make_token("police.officer")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM knox_authtoken")
        rows = cursor.fetchall()
    assert rows and not any(token in str(value) for row in rows for value in row)


def test_a_token_expires_after_api_token_days(client, police_officer, settings):
    assert settings.API_TOKEN_DAYS == 90
    token = make_token("police.officer")
    assert answer(client, token).status_code == 200
    later = timezone.now() + datetime.timedelta(days=90, minutes=1)
    with time_machine.travel(later, tick=False):
        expired = answer(client, token)
    assert expired.status_code == 401
    assert expired.json() == {"detail": "Invalid token."}


def test_use_does_not_extend_a_token(client, police_officer):
    token = make_token("police.officer")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=89), tick=False):
        assert answer(client, token).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91), tick=False):
        assert answer(client, token).status_code == 401


def test_days_can_be_set_per_token(client, police_officer):
    token = make_token("police.officer", "--days", "7")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8), tick=False):
        assert answer(client, token).status_code == 401


def test_a_live_token_is_never_shown_again_a_second_is_refused_without_rotate(police_officer):
    make_token("police.officer")
    with pytest.raises(CommandError, match=r"cannot be shown again\. Use --rotate"):
        make_token("police.officer")


def test_signing_out_on_every_device_revokes_the_users_api_tokens(client, police_officer, settings):
    settings.REQUIRE_2FA = False
    token = make_token("police.officer")
    assert answer(client, token).status_code == 200
    browser = type(client)()
    browser.post("/accounts/sign-in/", {"username": "police.officer", "password": PASSWORD})
    assert browser.post("/accounts/sign-out-everywhere/").status_code == 302
    assert answer(client, token).status_code == 401


def test_the_admin_lists_tokens_without_the_token_and_cannot_make_one(
    client, administrator, police_officer
):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    record, token = api_token_create(user=police_officer)
    client.force_login(administrator)
    assert client.get("/django-admin/authtoken/tokenproxy/").status_code == 404
    listing = client.get("/django-admin/knox/authtoken/")
    assert listing.status_code == 200
    assert record.token_key in listing.content.decode()  # its first 15 characters, to know it
    assert token not in listing.content.decode()
    assert client.get("/django-admin/knox/authtoken/add/").status_code == 403


def test_the_schema_documents_the_token_header(client, custody_worker):
    client.force_login(custody_worker)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["type"] == "apiKey" and scheme["name"] == "Authorization"
    assert "`Authorization: Token <token>`" in scheme["description"]
    assert "90 days" in scheme["description"]
