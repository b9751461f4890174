"""GET /healthz: 200 when database and broker answer, 503 when not; no personal data."""

import pytest


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "broker": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path}/no-such-redis.sock?db=0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unavailable"


@pytest.mark.django_db
def test_healthz_needs_no_sign_in_and_shows_no_personal_data(client, make_person):
    make_person(family_name="Unmistakablename")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert set(response.json()) == {"status", "checks", "worker_last_seen", "time"}
    assert b"Unmistakablename" not in response.content


def test_healthz_is_exempt_from_the_https_redirect(settings):
    assert any(p == r"^healthz$" for p in settings.SECURE_REDIRECT_EXEMPT)
