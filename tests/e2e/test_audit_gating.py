"""AUDIT in the browser: AUDIT-C first, questions 4 to 10 at 5 or more, the WHO skip rules."""

import pytest

from assessments.models import Assessment
from assessments.services import assessment_start
from tests.e2e.axe import format_violations, prepare_context, run_axe
from tests.e2e.conftest import sign_in
from tests.personas import make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

Q1 = "1. How often do you have a drink containing alcohol?"
Q2 = "2. How many units of alcohol"
Q4 = "4. How often during the last year have you found"


def _answer(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def test_audit_c_of_5_or_more_brings_in_questions_4_to_10(page, make_person):
    prepare_context(page.context)
    worker = make_persona("custody.worker")
    person = make_person()
    assessment_start(person=person, by=worker)
    sign_in(page, "custody.worker")
    page.goto(f"/people/{person.pk}/assessment/audit/")
    assert page.get_by_role("group", name=Q4).count() == 0
    _answer(page, Q1, "2 to 3 times a week")  # 3
    _answer(page, Q2, "3 or 4")  # 1
    _answer(page, "3. How often have you had", "Monthly")  # 2
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    # AUDIT-C 6: the same page again, now with questions 4 to 10 and no error yet.
    assert page.get_by_text("The AUDIT-C score is 6: 5 or more").is_visible()
    assert page.locator(".govuk-error-summary").count() == 0
    failures, _review = run_axe(page)
    assert not failures, format_violations(failures, url=page.url)
    for n in range(4, 9):
        page.get_by_role("group", name=f"{n}. ").get_by_label("Never", exact=True).check()
    for n in (9, 10):
        page.get_by_role("group", name=f"{n}. ").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    # At 5 or more, units and drinking days follow (issue 23).
    assert page.get_by_role("heading", name="Alcohol", exact=True).is_visible()
    audit = Assessment.objects.get(person=person).sections["audit"]
    assert (audit["q1"], audit["q4"], audit["q10"]) == ("3", "0", "0")
    assert page.console_errors == []


def test_never_drinking_skips_to_the_next_section_and_the_answers_say_why(page, make_person):
    worker = make_persona("custody.worker")
    person = make_person()
    assessment_start(person=person, by=worker)
    sign_in(page, "custody.worker")
    page.goto(f"/people/{person.pk}/assessment/audit/")
    _answer(page, Q1, "Never")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    # Questions 2 and 3 were on the page, unanswered: question 1 "Never" skips them.
    assert page.get_by_role("heading", name="Severity of Dependence Scale").is_visible()
    page.goto(f"/people/{person.pk}/assessment/")
    assert page.locator("#status-audit").inner_text().strip() == "Completed"
