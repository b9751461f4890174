"""The section pages: an empty save says what is missing; numbers use GOV.UK's number input."""

import re

import pytest
from django.urls import reverse

from assessments.services import assessment_start


@pytest.fixture
def section_url(client, make_person, custody_worker):
    person = make_person()
    assessment_start(person=person, by=custody_worker)
    client.force_login(custody_worker)
    return lambda key: reverse("assessments:section", args=[person.pk, key])


@pytest.mark.parametrize("key", ["accommodation", "employment", "overdose", "audit"])
def test_save_and_continue_on_an_empty_section_says_what_is_missing(client, section_url, key):
    response = client.post(section_url(key), {"save": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "<title>Error: " in page
    assert "Select an answer for" in page


def _input(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


# GOV.UK Design System, "Text input": numbers as type="text" inputmode="numeric", fixed widths.
@pytest.mark.parametrize(
    ("key", "name", "width"),
    [
        ("alcohol", "units_per_day", 3),
        ("alcohol", "drinking_days", 2),
        ("substances", "drug_1_age_first_used", 2),
        ("substances", "drug_2_days_used", 2),
    ],
)
def test_number_inputs_use_the_govuk_numeric_input_and_width(client, section_url, key, name, width):
    tag = _input(client.get(section_url(key)).content.decode(), name)
    assert 'type="text"' in tag
    assert 'inputmode="numeric"' in tag
    assert f"govuk-input--width-{width}" in tag
    assert 'spellcheck="false"' in tag
