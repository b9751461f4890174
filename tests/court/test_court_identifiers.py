"""A probation request's PNC ID goes through the same checks as everywhere else (issue 20):
stored in its one form, refused with a field error when it is not a PNC ID (it used to be
stored as typed). Nobody is linked when probation ask (issue 21): the team confirms who it is,
and a new person made from the request gets the one form too."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from people.models import Person
from tests.court.conftest import in_days


def test_a_probation_request_keeps_a_pnc_id_without_its_slash_in_its_one_form(
    make_request, make_person
):
    make_person(given_name="Elena", pnc_id="03/0011985X")
    request = make_request(pnc_id="20030011985X", linked=False)
    assert request.pnc_id == "03/0011985X"
    assert request.person is None  # the team confirms who it is, not probation's typing
    assert Person.objects.count() == 1


def test_a_new_person_from_a_probation_request_gets_the_one_form_of_pnc_id(make_request):
    request = make_request(pnc_id="2003/11985x")  # the team confirms: someone new
    request.refresh_from_db()
    assert request.person.pnc_id == "03/0011985X"


@pytest.mark.parametrize("text", ["not a pnc", "20030011985Y", "200012345X"])
def test_a_probation_request_with_a_bad_pnc_id_is_refused_by_field(make_request, text):
    with pytest.raises(ValidationError) as error:
        make_request(pnc_id=text, linked=False)
    assert set(error.value.message_dict) == {"pnc_id"}
    assert not Person.objects.exists()


def test_the_request_form_redisplays_a_bad_pnc_id_with_an_error_summary(client, probation_officer):
    client.force_login(probation_officer)
    response = client.post(
        "/court/requests/new/",
        {
            "given_name": "Caspian",
            "family_name": "Courtney",
            "date_of_birth_0": "6",
            "date_of_birth_1": "5",
            "date_of_birth_2": "1988",
            "pnc_id": "12/34",
            "court": "Birmingham Magistrates' Court",
            "hearing_date_0": str(in_days(21).day),
            "hearing_date_1": str(in_days(21).month),
            "hearing_date_2": str(in_days(21).year),
            "report_deadline_0": str(in_days(14).day),
            "report_deadline_1": str(in_days(14).month),
            "report_deadline_2": str(in_days(14).year),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter a PNC ID in the format 12/1234567A" in page
    assert 'value="12/34"' in page
    assert not Person.objects.exists()
