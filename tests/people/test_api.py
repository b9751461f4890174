"""POST /api/v1/people/matches/: the same matching for machine clients, errors by field."""

import datetime

import pytest

from audit.models import AccessLog

URL = "/api/v1/people/matches/"


@pytest.fixture
def on_record(make_person):
    return make_person(
        given_name="Lena", family_name="Hartley", date_of_birth=datetime.date(1993, 5, 2)
    )


def test_matches_are_ranked_with_reasons_and_audited(client, custody_worker, on_record):
    client.force_login(custody_worker)
    body = {"given_name": "Lena", "family_name": "Hartly", "date_of_birth": "1993-02-05"}
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 200
    first = response.json()["candidates"][0]
    assert first["reference"] == on_record.reference
    assert "Date of birth with day and month swapped" in first["reasons"]
    assert AccessLog.objects.filter(action="api_read", person_id=on_record.pk).exists()


def test_bad_input_is_400_with_field_errors(client, custody_worker):
    client.force_login(custody_worker)
    response = client.post(
        URL,
        {"family_name": "", "date_of_birth": "31/02/1990", "nhs_number": "1234567890"},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"family_name", "date_of_birth", "nhs_number"}
    assert "mod 11" in errors["nhs_number"][0]


def test_roles_without_people_access_get_404(client, provider_birmingham, police_officer):
    for user in (provider_birmingham, police_officer):
        client.force_login(user)
        response = client.post(
            URL,
            {"family_name": "X", "date_of_birth": "1990-01-01"},
            content_type="application/json",
        )
        assert response.status_code == 404
