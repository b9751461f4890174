"""Issue 23's custody journey: pages of sections, follow-up questions revealed only when they
apply (and cleared when not), "Not discussed" with why, the sections a referral needs
(decision 0030), and checking the answers before completing locks the version."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.scoring import audit_score
from assessments.sections import (
    PAGES,
    REFERRAL_NEEDS,
    SECTIONS,
    SectionStatus,
    answers_from_post,
    section_status,
    sections_status,
)
from assessments.selectors import assessment_readable
from assessments.services import (
    AssessmentLocked,
    assessment_complete,
    assessment_save_section,
    assessment_start,
)
from tests.assessments.answers import COMPLETE

WHY = {"not_discussed": "1", "not_discussed_reason": "Synthetic: released before we got to it"}


@pytest.fixture
def person(make_person):
    return make_person()


def _page_post(key: str, answers: dict) -> dict:
    """A page's POST: each section's answers under its prefix, and which sections it showed."""
    data: dict = {"shown": [], "save": ""}
    return _add(data, key, answers)


def _add(data: dict, key: str, answers: dict) -> dict:
    data["shown"].append(key)
    for name, value in answers.items():
        data[f"{key}-{name}"] = value
    return data


def test_a_follow_up_answer_is_cleared_when_its_question_does_not_bring_it_in():
    from django.http import QueryDict

    post = QueryDict(mutable=True)
    post.update({"currently_in_treatment": "no", "previous_treatment": "yes"})
    post["current_provider"] = "Synthetic provider typed, then answer changed"
    assert "current_provider" not in answers_from_post("treatment_history", post)
    post["currently_in_treatment"] = "yes"
    assert answers_from_post("treatment_history", post)["current_provider"].startswith("Synth")
    # Drugs only for someone who uses them; dual diagnosis only with mental-health concerns.
    no_drugs = QueryDict(mutable=True)
    no_drugs.update({"uses_drugs": "no", "drug_1": "heroin", "drug_1_days_used": "3"})
    assert "drug_1" not in answers_from_post("substances", no_drugs)
    health = {**COMPLETE["health"], "mental_health_concerns": "no", "dual_diagnosis": "yes"}
    assert section_status("health", health) == SectionStatus.COMPLETED


def test_a_hidden_follow_up_is_not_required_and_a_shown_one_is():
    overdose = {"previous_overdose": "no", "has_naloxone": "no", "risk": "low"}
    assert section_status("overdose", overdose) == SectionStatus.COMPLETED
    assert section_status("overdose", {**overdose, "previous_overdose": "yes"}) == (
        SectionStatus.INCOMPLETE
    )


def test_a_page_clears_hidden_answers_in_what_it_keeps(client, person, custody_worker):
    assessment_start(person=person, by=custody_worker)
    client.force_login(custody_worker)
    treatment = {"previous_treatment": "yes", "currently_in_treatment": "no"}
    data = _page_post("treatment_history", {**treatment, "current_provider": "Left behind"})
    client.post(reverse("assessments:page", args=[person.pk, PAGES[1].key]), data)
    kept = Assessment.objects.get(person=person).sections["treatment_history"]
    assert "current_provider" not in kept


def test_not_discussed_needs_a_reason():
    assert section_status("employment", {**WHY, "not_discussed_reason": ""}) == (
        SectionStatus.INCOMPLETE
    )
    assert section_status("employment", WHY) == SectionStatus.NOT_DISCUSSED
    from django.http import QueryDict

    post = QueryDict(mutable=True)
    post.update({**WHY, "status": "employed"})
    assert answers_from_post("employment", post) == WHY  # only why is kept


def test_a_section_not_discussed_with_why_does_not_block_completion(person, custody_worker):
    draft = assessment_start(person=person, by=custody_worker)
    for key, answers in COMPLETE.items():
        answers = WHY if key in ("employment", "offending") else answers
        assessment_save_section(assessment=draft, key=key, answers=dict(answers), by=custody_worker)
    done = assessment_complete(assessment=draft, by=custody_worker)
    shown = {s["key"]: s for s in assessment_readable(done)["sections"]}
    assert shown["employment"]["status"] == SectionStatus.NOT_DISCUSSED
    assert shown["employment"]["answers"] == [
        {"label": "Not discussed", "value": WHY["not_discussed_reason"]}
    ]


def test_the_sections_a_referral_needs_cannot_be_marked_not_discussed(person, custody_worker):
    # Decision 0030: what a provider triages on, and the worker's recommendation.
    assert REFERRAL_NEEDS == (
        "substances", "audit", "sds", "overdose", "safeguarding", "recommendation"
    )  # fmt: skip
    from django.http import QueryDict

    for key in REFERRAL_NEEDS:
        post = QueryDict(mutable=True)
        post.update(WHY)
        assert "not_discussed" not in answers_from_post(key, post)
        assert section_status(key, WHY) != SectionStatus.NOT_DISCUSSED
    # So they block completion: every other section may be not discussed, these may not.
    draft = assessment_start(person=person, by=custody_worker)
    for key, answers in COMPLETE.items():
        answers = answers if key in REFERRAL_NEEDS else WHY
        assessment_save_section(assessment=draft, key=key, answers=dict(answers), by=custody_worker)
    assessment_save_section(assessment=draft, key="overdose", answers=WHY, by=custody_worker)
    with pytest.raises(Exception, match="Overdose risk"):
        assessment_complete(assessment=draft, by=custody_worker)
    statuses = sections_status(Assessment.objects.get(pk=draft.pk).sections)
    assert [k for k, s in statuses.items() if s not in ("completed", "not_discussed")] == [
        "overdose"
    ]


def test_units_and_drinking_days_are_asked_only_at_audit_c_5_or_more(
    client, person, custody_worker
):
    assessment_start(person=person, by=custody_worker)
    client.force_login(custody_worker)
    url = reverse("assessments:page", args=[person.pk, PAGES[0].key])
    first = client.get(url).content.decode()
    assert 'name="audit-q1"' in first and 'name="alcohol-units_per_day"' not in first
    substances = COMPLETE["substances"]
    # AUDIT-C 1: on to the next page, no units asked.
    low = _add(_page_post("substances", substances), "audit", {"q1": "1", "q2": "0", "q3": "0"})
    response = client.post(url, low)
    assert response["Location"] == reverse("assessments:page", args=[person.pk, PAGES[1].key])
    # AUDIT-C 6: the same page again, with units and drinking days, not yet an error.
    high = _add(_page_post("substances", substances), "audit", {"q1": "3", "q2": "1", "q3": "2"})
    page = client.post(url, high).content.decode()
    assert 'name="alcohol-units_per_day"' in page and 'name="audit-q4"' in page
    assert "govuk-error-summary" not in page


def test_an_empty_page_says_what_is_missing(client, person, custody_worker):
    assessment_start(person=person, by=custody_worker)
    client.force_login(custody_worker)
    url = reverse("assessments:page", args=[person.pk, PAGES[2].key])
    data = {"shown": list(PAGES[2].sections), "save": ""}
    page = client.post(url, data).content.decode()
    assert "<title>Error: " in page and "Select an answer for &#x27;Accommodation need" in page
    assert 'href="#id_accommodation-need"' in page


def test_blood_borne_viruses_are_asked_of_people_who_have_injected_only(person, custody_worker):
    never = {"substances": {**COMPLETE["substances"], "injecting": "never"}}
    health = {"mental_health_concerns": "no"}
    assert section_status("health", health, never) == SectionStatus.COMPLETED
    injected = {"substances": {**COMPLETE["substances"], "injecting": "previously"}}
    assert section_status("health", health, injected) == SectionStatus.INCOMPLETE


def test_the_dependence_scale_starts_from_the_main_drug(client, person, custody_worker):
    draft = assessment_start(person=person, by=custody_worker)
    assessment_save_section(
        assessment=draft, key="substances", answers=COMPLETE["substances"], by=custody_worker
    )
    client.force_login(custody_worker)
    page = client.get(reverse("assessments:page", args=[person.pk, PAGES[1].key]))
    shown = " ".join(page.content.decode().split())
    assert 'value="heroin" checked="checked"' in shown


def test_the_check_page_shows_every_section_with_a_change_link_back_to_it(
    client, person, custody_worker
):
    draft = assessment_start(person=person, by=custody_worker)
    for key, answers in COMPLETE.items():
        assessment_save_section(assessment=draft, key=key, answers=dict(answers), by=custody_worker)
    client.force_login(custody_worker)
    check = reverse("assessments:check", args=[person.pk])
    page = client.get(check).content.decode()
    assert "Check your answers" in page and "Complete assessment" in page
    for section in SECTIONS:
        change = reverse("assessments:section", args=[person.pk, section.key]) + "?change=1"
        assert change in page, section.key
    assert "Synthetic goal: stop using heroin." in page
    # Changing a section returns to the check page.
    goals = reverse("assessments:section", args=[person.pk, "goals"]) + "?change=1"
    response = client.post(goals, {"goals": "Synthetic: a changed goal", "save": ""})
    assert response["Location"] == check
    assert "Synthetic: a changed goal" in client.get(check).content.decode()


def test_completing_locks_the_version_and_returns_where_it_started(client, person, custody_worker):
    client.force_login(custody_worker)
    back = "/people/somewhere-synthetic/"
    start = client.post(reverse("assessments:start", args=[person.pk]), {"next": back})
    assert start["Location"] == reverse("assessments:page", args=[person.pk, PAGES[0].key])
    draft = Assessment.objects.get(person=person)
    for key, answers in COMPLETE.items():
        assessment_save_section(assessment=draft, key=key, answers=dict(answers), by=custody_worker)
    done = client.post(reverse("assessments:complete", args=[person.pk]))
    assert done["Location"] == back
    draft.refresh_from_db()
    assert draft.is_locked
    with pytest.raises(AssessmentLocked):
        assessment_save_section(assessment=draft, key="goals", answers={}, by=custody_worker)
    assert client.get(reverse("assessments:check", args=[person.pk])).status_code == 404


def test_an_audit_c_only_result_reads_as_a_service_would_say_it():
    result = audit_score({1: 2, 2: 1, 3: 1})
    assert result.summary == "AUDIT-C 4 of 12 (lower risk); the full AUDIT was not needed"
    full = audit_score({1: 2, 2: 1, 3: 2, 4: 1, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 2})
    assert full.summary.startswith("8 of 40: ")


def test_the_treatment_and_court_pages_print_the_audit_c_wording(person, custody_worker):
    from django.template.loader import render_to_string

    draft = assessment_start(person=person, by=custody_worker)
    for key, answers in COMPLETE.items():
        if key == "audit":
            answers = {"q1": "2", "q2": "1", "q3": "1", "rest_shown": "1"}
        if key == "alcohol":
            continue
        assessment_save_section(assessment=draft, key=key, answers=dict(answers), by=custody_worker)
    done = assessment_complete(assessment=draft, by=custody_worker)
    readable = assessment_readable(done)
    for template in ("treatment/_assessment.html", "court/report.html"):
        shown = " ".join(render_to_string(template, {"readable": readable}).split())
        assert "AUDIT-C 4 of 12 (lower risk); the full AUDIT was not needed" in shown, template
        assert "4 of 40" not in shown and "Questions 4 to 10 not asked" not in shown, template


def test_a_version_saved_before_these_rules_reads_as_it_was_answered():
    # Two treatment questions, blood-borne viruses of someone who never injected, units at an
    # AUDIT-C below 5: all answered under the old form, all still shown.
    old = {
        **COMPLETE,
        "substances": {**COMPLETE["substances"], "injecting": "never"},
        "audit": {"q1": "1", "q2": "0", "q3": "1", **{f"q{n}": "0" for n in range(4, 11)}},
    }
    shown = {
        s["key"]: {a["label"]: a["value"] for a in s["answers"]}
        for s in assessment_readable(Assessment(sections=old))["sections"]
    }
    assert shown["treatment_history"]["Has the person been in drug or alcohol treatment?"] == (
        "Yes, before but not now"
    )
    assert shown["health"]["Hepatitis C status"] == "Tested: negative"
    assert shown["alcohol"]["Units on a typical drinking day"] == 6
    assert all(status == "completed" for status in sections_status(old).values())


def test_a_page_saves_as_you_type(client, person, custody_worker):
    assessment_start(person=person, by=custody_worker)
    client.force_login(custody_worker)
    data = _page_post("goals", {"goals": "Half-typed synthetic go"})
    data["autosave"] = "1"
    response = client.post(reverse("assessments:page", args=[person.pk, PAGES[2].key]), data)
    assert response.status_code == 204
    assert Assessment.objects.get(person=person).sections["goals"] == {
        "goals": "Half-typed synthetic go"
    }
