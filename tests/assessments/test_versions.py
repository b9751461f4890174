"""Versioning of the single shared assessment: completed versions are locked; amending makes a
new version from the last; nothing typed is lost; 'assess again?' follows the age limit."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from assessments.models import Assessment
from assessments.selectors import assessment_currency
from assessments.services import (
    AssessmentLocked,
    assessment_complete,
    assessment_save_section,
    assessment_start,
)
from tests.assessments.answers import COMPLETE, complete_assessment


@pytest.fixture
def person(make_person):
    return make_person()


def test_a_completed_assessment_cannot_be_changed_through_the_service(person, custody_worker):
    done = complete_assessment(person=person, by=custody_worker)
    assert done.status == "completed" and done.version == 1
    with pytest.raises(AssessmentLocked):
        assessment_save_section(
            assessment=done, key="goals", answers={"goals": "changed"}, by=custody_worker
        )
    done.refresh_from_db()
    assert done.sections["goals"]["goals"] == COMPLETE["goals"]["goals"]


def test_a_completed_assessment_cannot_be_changed_at_the_database(person, custody_worker):
    done = complete_assessment(person=person, by=custody_worker)
    with (
        pytest.raises(DatabaseError, match="cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE assessments_assessment SET sections = '{}'::jsonb WHERE id = %s", [done.pk]
        )
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        Assessment.objects.filter(pk=done.pk).update(audit_score=0)
    with pytest.raises(DatabaseError, match="cannot be deleted"), transaction.atomic():
        Assessment.objects.filter(pk=done.pk).delete()


def test_amending_creates_version_2_starting_from_version_1(person, custody_worker):
    first = complete_assessment(person=person, by=custody_worker)
    second = assessment_start(person=person, by=custody_worker, reason="Housing changed")
    assert (second.version, second.based_on, second.status) == (2, first, "draft")
    assert second.sections == first.sections
    assessment_save_section(
        assessment=second, key="accommodation", answers={"need": "urgent"}, by=custody_worker
    )
    assessment_complete(assessment=second, by=custody_worker)
    first.refresh_from_db()
    assert first.sections["accommodation"] == {
        "need": "housing_problem"
    }  # still readable as it was


def test_starting_twice_gives_the_same_draft(person, custody_worker, team_leader):
    assert assessment_start(person=person, by=custody_worker) == assessment_start(
        person=person, by=team_leader
    )
    assert Assessment.objects.filter(person=person).count() == 1


def test_completion_is_blocked_while_a_required_answer_is_missing(person, custody_worker):
    draft = assessment_start(person=person, by=custody_worker)
    for key, answers in COMPLETE.items():
        if key != "goals":
            assessment_save_section(assessment=draft, key=key, answers=answers, by=custody_worker)
    with pytest.raises(ValidationError) as caught:
        assessment_complete(assessment=draft, by=custody_worker)
    assert set(caught.value.message_dict) == {"goals"}
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_completing_shows_an_error_summary_linking_to_missing_sections(
    client, person, custody_worker
):
    assessment_start(person=person, by=custody_worker)
    client.force_login(custody_worker)
    response = client.post(reverse("assessments:complete", args=[person.pk]), follow=True)
    content = response.content.decode()
    assert "You cannot complete the assessment yet" in content
    assert 'href="#task-goals"' in content
    assert "<title>Error: " in content


def test_scores_are_computed_at_completion_never_typed(person, custody_worker):
    done = complete_assessment(person=person, by=custody_worker)
    assert (done.audit_score, done.audit_c_score, done.sds_score) == (8, 5, 7)


def test_a_section_keeps_invalid_answers_so_nothing_typed_is_lost(client, person, custody_worker):
    assessment_start(person=person, by=custody_worker)
    client.force_login(custody_worker)
    url = reverse("assessments:section", args=[person.pk, "alcohol"])
    response = client.post(url, {"units_per_day": "12", "drinking_days": "31", "save": ""})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "must be 28 or less" in response.content.decode()
    draft = Assessment.objects.get(person=person)
    assert draft.sections["alcohol"] == {"units_per_day": "12", "drinking_days": "31"}
    # Coming back to the section shows what was typed and what is wrong.
    again = client.get(url).content.decode()
    assert 'value="12"' in again and "must be 28 or less" in again


def test_autosave_keeps_answers_in_the_background(client, person, custody_worker):
    assessment_start(person=person, by=custody_worker)
    client.force_login(custody_worker)
    url = reverse("assessments:section", args=[person.pk, "goals"])
    response = client.post(url, {"goals": "Half-typed synthetic go", "autosave": "1"})
    assert response.status_code == 204
    assert Assessment.objects.get(person=person).sections["goals"] == {
        "goals": "Half-typed synthetic go"
    }


def test_saving_a_complete_section_goes_to_the_next(client, person, custody_worker):
    assessment_start(person=person, by=custody_worker)
    client.force_login(custody_worker)
    response = client.post(
        reverse("assessments:section", args=[person.pk, "alcohol"]),
        {**COMPLETE["alcohol"], "save": ""},
    )
    # AUDIT comes before alcohol now (units are asked at AUDIT-C 5 or more); then the SDS.
    assert response["Location"] == reverse("assessments:section", args=[person.pk, "sds"])


def test_assess_again_follows_the_age_limit(person, custody_worker, settings):
    settings.SERVICE_TIMINGS = {**settings.SERVICE_TIMINGS, "ASSESSMENT_MAX_AGE_DAYS": 90}
    assert assessment_currency(person=person).is_current is False
    start = datetime.datetime(2026, 1, 10, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        complete_assessment(person=person, by=custody_worker)
        traveller.shift(datetime.timedelta(days=90))
        currency = assessment_currency(person=person)
        assert currency.is_current and "still current" in currency.message
        traveller.shift(datetime.timedelta(days=1))
        currency = assessment_currency(person=person)
        assert not currency.is_current and "so assess again" in currency.message


def test_person_page_says_whether_to_assess_again(client, person, custody_worker):
    complete_assessment(person=person, by=custody_worker)
    client.force_login(custody_worker)
    content = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "still current, no need to assess again" in content
    assert "Amend as a new version" in content
