"""Sections shown only when they apply: no Severity of Dependence Scale without drug use."""

import pytest
from django.urls import reverse

from assessments.selectors import assessment_readable
from assessments.services import assessment_complete, assessment_save_section, assessment_start
from tests.assessments.answers import COMPLETE

NO_DRUGS = {"uses_drugs": "no", "injecting": "never"}


@pytest.fixture
def person(make_person):
    return make_person()


def _fill(draft, by, *, leave_out=()):
    for key, answers in COMPLETE.items():
        if key in leave_out:
            continue
        answers = NO_DRUGS if key == "substances" else answers
        assessment_save_section(assessment=draft, key=key, answers=dict(answers), by=by)


def test_no_drug_use_completes_without_the_severity_of_dependence_scale(person, custody_worker):
    draft = assessment_start(person=person, by=custody_worker)
    _fill(draft, custody_worker, leave_out=("sds",))
    done = assessment_complete(assessment=draft, by=custody_worker)
    assert done.status == "completed"
    assert (done.audit_score, done.sds_score) == (8, None)
    sds = next(s for s in assessment_readable(done)["sections"] if s["title"].startswith("Sev"))
    assert sds["answers"][0]["value"].startswith("Not needed: the person has used no drugs")


def test_the_task_list_marks_the_scale_not_needed_and_saving_skips_it(
    client, person, custody_worker
):
    draft = assessment_start(person=person, by=custody_worker)
    assessment_save_section(assessment=draft, key="substances", answers=NO_DRUGS, by=custody_worker)
    client.force_login(custody_worker)
    page = client.get(reverse("assessments:task_list", args=[person.pk])).content.decode()
    assert "Not needed: the person has used no drugs" in page
    # Nor are units and drinking days, until an AUDIT-C of 5 or more (issue 23).
    assert "You have completed 1 of 12 sections" in page
    response = client.post(
        reverse("assessments:section", args=[person.pk, "audit"]),
        {"q1": "1", "q2": "0", "q3": "0", "save": ""},
    )
    assert response["Location"] == reverse(
        "assessments:section", args=[person.pk, "treatment_history"]
    )


def test_the_scale_is_still_needed_when_drugs_are_used(person, custody_worker):
    draft = assessment_start(person=person, by=custody_worker)
    _fill(draft, custody_worker, leave_out=("sds", "substances"))
    assessment_save_section(
        assessment=draft, key="substances", answers=dict(COMPLETE["substances"]), by=custody_worker
    )
    with pytest.raises(Exception, match="Severity of Dependence Scale"):
        assessment_complete(assessment=draft, by=custody_worker)
