"""GET /livez: the process answers, with no database, broker or session work (a liveness
probe, and the trivial view benchmarks/throughput.py measures the service against)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_livez_answers_ok_without_touching_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert len(queries) == 0


@pytest.mark.django_db
def test_livez_answers_ok_when_the_broker_is_unreachable(client, settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path}/no-such-redis.sock?db=0"
    assert client.get("/livez").status_code == 200


def test_livez_sets_no_cookie_and_needs_no_sign_in(client):
    response = client.get("/livez")
    assert response.status_code == 200
    assert not response.cookies


def test_livez_is_exempt_from_the_https_redirect(settings):
    assert any(p == r"^livez$" for p in settings.SECURE_REDIRECT_EXEMPT)
