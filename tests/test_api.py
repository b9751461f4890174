"""API plumbing: token and session auth, OpenAPI schema and docs, JSON errors."""

import pytest
from django.core.management import call_command


@pytest.fixture
def token_for(db):
    def make(user) -> str:
        from io import StringIO

        out = StringIO()
        call_command("create_api_token", user.username, stdout=out, stderr=StringIO())
        return out.getvalue().strip()

    return make


def test_create_api_token_prints_a_new_token_once_and_keeps_only_its_hash(
    police_officer, token_for
):
    from knox.crypto import hash_token
    from knox.models import AuthToken

    key = token_for(police_officer)
    [record] = AuthToken.objects.filter(user=police_officer)
    assert record.digest == hash_token(key)
    assert key not in (record.digest, record.token_key)


def test_create_api_token_rotate_replaces_the_token(police_officer, token_for):
    old = token_for(police_officer)
    from io import StringIO

    out = StringIO()
    call_command("create_api_token", "police.officer", "--rotate", stdout=out, stderr=StringIO())
    new = out.getvalue().strip()
    assert new != old
    me = "/api/v1/me/"
    from django.test import Client

    assert Client().get(me, HTTP_AUTHORIZATION=f"Token {old}").status_code == 401
    assert Client().get(me, HTTP_AUTHORIZATION=f"Token {new}").status_code == 200


def test_create_api_token_for_an_unknown_user_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No active user called 'nobody'"):
        call_command("create_api_token", "nobody")


def test_token_authenticates_a_machine_client(client, police_officer, token_for):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token_for(police_officer)}")
    assert response.status_code == 200
    assert response.json()["username"] == "police.officer"
    assert response.json()["role"] == "police_officer"
    # Their DIVERT referrals, and the header search over what they sent (decision 0031).
    assert response.json()["capabilities"] == ["diversion.refer", "search.search"]


def test_session_authenticates_the_browser(client, custody_worker):
    client.force_login(custody_worker)
    assert client.get("/api/v1/me/").json()["role"] == "custody_worker"


@pytest.mark.django_db
def test_no_credentials_is_401_json(client):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


@pytest.mark.django_db
def test_unknown_api_url_is_404_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_openapi_schema_is_served(client, custody_worker):
    client.force_login(custody_worker)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_api_docs_page_uses_no_cdn_and_no_inline_script(client, custody_worker):
    client.force_login(custody_worker)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "cdn" not in content.lower()
    assert "<script>" not in content.replace(" ", "")


def test_validation_errors_are_field_messages(rf, custody_worker):
    """DRF's shape: {"field": ["message"]}, so a client can show each message by its field."""
    from rest_framework import serializers
    from rest_framework.views import APIView

    from referral_service.api import exception_handler

    class Example(serializers.Serializer):
        custody_record_number = serializers.CharField()

    try:
        Example(data={}).is_valid(raise_exception=True)
    except serializers.ValidationError as exc:
        response = exception_handler(exc, {"view": APIView(), "request": None})
    assert response.status_code == 400
    assert response.data == {"custody_record_number": ["This field is required."]}


def test_api_docs_page_needs_no_inline_style(client, custody_worker):
    client.force_login(custody_worker)
    assert "<style" not in client.get("/api/docs/").content.decode()


def test_a_browser_gets_json_from_the_api_even_for_a_401_and_docs_stay_a_page(client, db):
    """Issue 25: the browsable API answered browsers with HTML pages, even for a 401."""
    html = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}
    response = client.get("/api/v1/me/", **html)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    from tests.personas import make_persona

    client.force_login(make_persona("custody.worker"))
    assert client.get("/api/v1/me/", **html)["Content-Type"].startswith("application/json")
    docs = client.get("/api/docs/", **html)
    assert docs.status_code == 200 and docs["Content-Type"].startswith("text/html")
