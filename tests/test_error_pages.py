"""Error pages that tell a person under pressure what happened and what to do."""

import pytest
from django.test import Client

from tests.personas import PASSWORD


@pytest.mark.django_db
def test_expired_form_page_explains_and_saves_nothing(custody_worker):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/sign-in/", {"username": "custody.worker", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert b"The page has expired" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_page_says_how_long(client, custody_worker):
    for _ in range(5):
        response = client.post(
            "/accounts/sign-in/", {"username": "custody.worker", "password": "x"}
        )
    assert b"try again in 30 minutes" in response.content


def test_server_error_page_renders_without_a_request_context(rf):
    from referral_service.views import server_error

    response = server_error(rf.get("/custody/today/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
