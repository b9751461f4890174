"""Journeys: find or add a person, then the assessment saves as you go in the browser."""

import pytest

from assessments.models import Assessment
from assessments.services import assessment_start
from people.models import Person
from tests.e2e.conftest import sign_in
from tests.personas import make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_find_then_add_a_person_in_the_browser(page):
    make_persona("custody.worker")
    sign_in(page, "custody.worker")
    page.get_by_role("link", name="Find a person").click()
    page.get_by_label("Family name").fill("Quennell")
    page.get_by_label("Given name").fill("Ruth")
    page.get_by_label("Day").fill("9")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill("1984")
    page.get_by_role("button", name="Find").click()
    assert page.get_by_role("heading", name="No one on record matches").is_visible()
    page.get_by_role("link", name="Add a new person").click()
    # The search carried over (from the session, not the URL).
    assert page.get_by_label("Family name").input_value() == "Quennell"
    assert "Quennell" not in page.url
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ruth Quennell"
    assert Person.objects.filter(family_name="Quennell").count() == 1


def test_the_assessment_saves_as_you_type(page, make_person):
    worker = make_persona("custody.worker")
    person = make_person()
    assessment_start(person=person, by=worker)
    sign_in(page, "custody.worker")
    page.goto(f"/people/{person.pk}/assessment/goals/")
    page.get_by_label("The person's goals, in their words").fill("Synthetic goal typed slowly")
    page.get_by_text("Saved at").wait_for(timeout=10_000)
    draft = Assessment.objects.get(person=person)
    assert draft.sections["goals"]["goals"] == "Synthetic goal typed slowly"
    assert page.console_errors == []
