"""AUDIT as UK services give it: AUDIT-C first, the rest at 5 or more; the WHO skip rules."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.scoring import audit_score, audit_skipped
from assessments.sections import SectionStatus, section_status
from assessments.selectors import assessment_readable
from assessments.services import assessment_complete, assessment_save_section, assessment_start
from tests.assessments.answers import COMPLETE


@pytest.fixture
def person(make_person):
    return make_person()


# WHO, "AUDIT: Guidelines for Use in Primary Care", 2nd ed. (Babor et al. 2001): skip rules.
@pytest.mark.parametrize(
    ("answers", "total", "skipped"),
    [
        pytest.param({1: 0, 9: 2, 10: 4}, 6, set(range(2, 9)), id="q1-never-goes-to-9-and-10"),
        pytest.param({1: 2, 2: 0, 3: 0, 9: 4, 10: 0}, 6, set(range(4, 9)), id="q2-q3-zero"),
    ],
)
def test_who_skip_rules_score_skipped_questions_as_0(answers, total, skipped):
    result = audit_score(answers)
    assert result.total == total
    assert set(result.skipped) == skipped
    assert all("WHO manual goes to questions 9 and 10" in why for why in result.skipped.values())


# OHID (formerly PHE) "Alcohol use screening tests": AUDIT-C first, full AUDIT at 5 or more.
@pytest.mark.parametrize(
    ("q1_q3", "skipped"),
    [
        pytest.param((2, 1, 1), set(range(4, 11)), id="audit-c-4-stops"),
        pytest.param((2, 1, 2), set(), id="audit-c-5-asks-the-rest"),
        pytest.param((0, None, None), set(range(2, 11)), id="never-drinks-asks-nothing-more"),
        pytest.param((1, 0, 0), set(range(4, 11)), id="q2-q3-zero-and-audit-c-1"),
        pytest.param((2, 1, None), set(range(4, 11)), id="audit-c-not-finished-waits"),
    ],
)
def test_the_rest_of_the_audit_is_asked_only_at_audit_c_5_or_more(q1_q3, skipped):
    assert set(audit_skipped(*q1_q3)) == skipped


def test_an_audit_c_only_score_is_exact_and_says_so():
    result = audit_score({1: 2, 2: 1, 3: 1})
    assert (result.total, result.audit_c, result.zone, result.audit_c_positive) == (4, 4, 1, False)
    assert "below 5" in result.meaning
    assert "AUDIT-C was 4, below 5" in result.skipped[4]


def test_audit_c_of_5_still_needs_questions_4_to_10():
    with pytest.raises(ValueError, match="AUDIT question 4 is not answered"):
        audit_score({1: 2, 2: 1, 3: 2})


def test_an_audit_section_with_skipped_questions_is_complete():
    assert section_status("audit", {"q1": "0"}) == SectionStatus.COMPLETED
    assert section_status("audit", {"q1": "2", "q2": "1", "q3": "1"}) == SectionStatus.COMPLETED
    assert section_status("audit", {"q1": "2", "q2": "1", "q3": "2"}) == SectionStatus.INCOMPLETE


def test_the_audit_page_asks_audit_c_first_then_the_rest_without_javascript(
    client, person, custody_worker
):
    assessment_start(person=person, by=custody_worker)
    client.force_login(custody_worker)
    url = reverse("assessments:section", args=[person.pk, "audit"])
    first = client.get(url).content.decode()
    assert 'name="q3"' in first and 'name="q4"' not in first
    # AUDIT-C of 7: the page comes back with questions 4 to 10, none of them an error yet.
    response = client.post(url, {"q1": "3", "q2": "2", "q3": "2", "save": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="q4"' in page and 'name="q10"' in page
    assert "govuk-error-summary" not in page
    assert "AUDIT-C score is 7" in page
    # Answering them completes the section and moves on.
    # At 5 or more, units and drinking days come next (issue 23: asked only then).
    rest = {f"q{n}": "0" for n in range(4, 11)}
    response = client.post(url, {"q1": "3", "q2": "2", "q3": "2", **rest, "save": ""})
    assert response["Location"] == reverse("assessments:section", args=[person.pk, "alcohol"])


def test_audit_c_below_5_goes_straight_to_the_next_section(client, person, custody_worker):
    assessment_start(person=person, by=custody_worker)
    client.force_login(custody_worker)
    url = reverse("assessments:section", args=[person.pk, "audit"])
    response = client.post(url, {"q1": "1", "q2": "1", "q3": "0", "save": ""})
    assert response["Location"] == reverse("assessments:section", args=[person.pk, "sds"])


def test_the_answers_say_which_questions_were_skipped_and_why(person, custody_worker):
    draft = assessment_start(person=person, by=custody_worker)
    for key, answers in COMPLETE.items():
        answers = {"q1": "0"} if key == "audit" else answers
        assessment_save_section(assessment=draft, key=key, answers=dict(answers), by=custody_worker)
    done = assessment_complete(assessment=draft, by=custody_worker)
    assert (done.audit_score, done.audit_c_score) == (0, 0)
    audit = next(s for s in assessment_readable(done)["sections"] if s["title"].startswith("AUDIT"))
    shown = {row["label"][:3]: row["value"] for row in audit["answers"]}
    assert shown["1. "] == "Never"
    assert "Not asked" in shown["2. "] and "question 1 was 'Never'" in shown["2. "]
    assert "Not asked" in shown["10."] and "AUDIT-C was 0, below 5" in shown["10."]
    assert Assessment.objects.get(pk=done.pk).status == "completed"


def test_a_version_saved_before_audit_c_came_first_keeps_its_full_audit_score():
    from assessments.sections import scores

    # Every question answered and no marker: the old form, which asked all ten. AUDIT-C is 4.
    old = {"q1": "2", "q2": "1", "q3": "1", "q4": "1", "q5": "0"}
    old |= {"q6": "0", "q7": "1", "q8": "0", "q9": "0", "q10": "2"}
    result = scores({"audit": old})["audit"]
    assert (result.total, result.audit_c, result.skipped) == (8, 4, {})
    # Once the page has shown questions 4 to 10 (the marker), AUDIT-C 4 leaves them out.
    assert scores({"audit": {**old, "rest_shown": "1"}})["audit"].total == 4
