"""Journey: a custody worker opens today's list, records a contact with a positive test,
completes the assessment in custody (its pages, reveals and check-your-answers page), and sees
the person marked seen."""

import pytest
from django.utils import timezone

from assessments.models import Assessment
from custody.models import CustodyContact
from tests.e2e.axe import format_violations, prepare_context, run_axe
from tests.e2e.conftest import sign_in
from tests.personas import make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _answer(page, question: str, answer: str, exact: bool = False) -> None:
    # The group's own answers, not those of a follow-up shown under one of them.
    group = page.get_by_role("group", name=question, exact=exact)
    group.locator(":scope > div > .govuk-radios__item").get_by_label(answer, exact=True).check()


def _no_axe_failures(page) -> None:
    failures, _review = run_axe(page)
    assert not failures, format_violations(failures, url=page.url)


def _assessment_pages(page) -> None:
    """The three pages, checking the follow-up questions and "Not discussed" on the way."""
    assert page.get_by_role("heading", level=1).inner_text() == "Drugs and alcohol"
    # The positive test answered "used drugs"; the drugs are asked under that answer.
    used = page.get_by_role("group", name="Has the person used any drugs")
    assert used.get_by_label("Yes", exact=True).first.is_checked()
    assert (
        used.locator(".govuk-radios__conditional")
        .get_by_role("group", name="Drug 1 (main drug)")
        .is_visible()
    )
    _answer(page, "Drug 1 (main drug)", "Heroin")
    page.get_by_label("Drug 1: age first used").fill("19")
    page.get_by_label("Drug 1: days used in the last 28").fill("28")
    _answer(page, "Drug 1: route", "Smoke")
    _answer(page, "Injecting status", "Never injected")
    _answer(page, "1. How often do you have a drink", "Never")
    _no_axe_failures(page)
    page.get_by_role("button", name="Save and continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dependence, health and risk"
    for n in range(1, 6):
        page.get_by_role("group", name=f"{n}. ").get_by_label("Often", exact=True).or_(
            page.get_by_role("group", name=f"{n}. ").get_by_label("Very difficult")
        ).check()
    # A follow-up is revealed under the answer that asks it, and hidden under another; typed,
    # then the answer changed, it is not kept (the server clears it, script or not).
    who = page.get_by_label("Who with?")
    assert not who.is_visible()
    _answer(page, "Has the person been in drug or alcohol treatment?", "Yes, in treatment now")
    who.fill("Synthetic provider typed, then the answer changed")
    _answer(page, "Has the person been in drug or alcohol treatment?", "No, never")
    assert not who.is_visible()
    _answer(page, "Mental health concerns?", "No")
    assert page.get_by_role("group", name="Hepatitis C status").count() == 0  # never injected
    _answer(page, "Has the person ever overdosed?", "Yes")
    _answer(page, "Overdosed in the last 12 months?", "No")
    _answer(page, "Do they have naloxone?", "No")
    _answer(page, "Overdose risk, in your judgement", "Medium")
    _answer(page, "Are there safeguarding concerns", "No")
    page.get_by_role("button", name="Save and continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Circumstances and plan"
    _answer(page, "Accommodation need", "No housing problem")
    employment = page.locator("#section-employment")
    employment.get_by_text("This was not discussed").click()
    employment.get_by_label("Not discussed", exact=True).check()
    employment.get_by_label("Why was it not discussed?").fill("Synthetic: ran out of time")
    _answer(page, "Parental status", "Not a parent")
    _answer(page, "Any children under 18 living in the household?", "No")
    _answer(page, "Pregnant", "Not applicable", exact=True)
    _answer(page, "Is the person's offending related", "Yes")
    _answer(page, "On a court order or licence now?", "No")
    page.get_by_label("The person's goals, in their words").fill("Synthetic goal")
    _answer(page, "Recommendation", "Referral to structured treatment", exact=True)
    _no_axe_failures(page)
    page.get_by_role("button", name="Save and continue").click()


def test_custody_worker_records_a_positive_test_and_sees_the_person_seen(page):
    prepare_context(page.context)
    make_persona("custody.worker")
    sign_in(page, "custody.worker")
    assert page.get_by_role("heading", level=1).inner_text() == "Today at Northgate Custody Suite"

    page.get_by_role("link", name="Record a custody contact").click()
    page.get_by_label("Custody record number").fill("NG-7001")
    page.get_by_label("Time of arrest").fill("00:05")
    page.get_by_label("Offence").select_option(
        label="Theft (including shoplifting) (trigger offence)"
    )
    page.get_by_label("Given name").fill("Milo")
    page.get_by_label("Family name").fill("Strand")
    dob = page.get_by_role("group", name="Date of birth")
    dob.get_by_label("Day").fill("12")
    dob.get_by_label("Month").fill("7")
    dob.get_by_label("Year").fill("1988")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Milo Strand"

    test = page.get_by_role("group", name="Opiates")
    test.get_by_label("Positive").check()
    page.get_by_role("group", name="Cocaine").get_by_label("Negative").check()
    page.get_by_label("Sample time").fill(timezone.localtime().strftime("%H:%M"))
    page.get_by_role("button", name="Save the test result").click()
    assert page.get_by_text("a required assessment is now open").is_visible()

    # The assessment, from the contact: three pages, check your answers, complete (issue 23).
    page.get_by_role("button", name="Start the assessment").click()
    _assessment_pages(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    assert page.get_by_text("Synthetic: ran out of time").is_visible()
    _no_axe_failures(page)
    page.get_by_role("link", name="Change Goals").click()
    page.get_by_label("The person's goals, in their words").fill("Synthetic goal, changed")
    page.get_by_role("button", name="Save and continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    assert page.get_by_text("Synthetic goal, changed").is_visible()
    page.get_by_role("button", name="Complete assessment").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Milo Strand"  # the contact
    done = Assessment.objects.get(person__family_name="Strand")
    assert done.is_locked and done.sections["employment"]["not_discussed"] == "1"
    assert "current_provider" not in done.sections["treatment_history"]

    page.locator("#initial_attendance").get_by_label("Attended and stayed to the end").check()
    page.get_by_role("button", name="Save the assessment outcome").click()
    page.get_by_role("group", name="Outcome of the contact").get_by_label(
        "Seen and assessed"
    ).check()
    page.get_by_role("button", name="Save the outcome").click()

    page.get_by_role("link", name="Back to today").click()
    row = page.get_by_role("row", name="Milo Strand")
    assert "Seen" in row.inner_text() and "Positive" in row.inner_text()
    assert CustodyContact.objects.get(custody_record_number="NG-7001").is_seen
    assert page.console_errors == []


def test_today_shows_a_detainee_from_the_feed_within_one_refresh(page, settings, make_contact):
    settings.TODAY_REFRESH_SECONDS = 2
    make_persona("custody.worker")
    sign_in(page, "custody.worker")
    assert page.get_by_text("Nobody is in the suite's care").is_visible()
    make_contact(custody_record_number="FEED-0001")  # as the police feed would store it
    row = page.get_by_role("row", name="FEED-0001")
    row.wait_for(timeout=8_000)  # no reload: the list refreshed itself
    assert "Waiting" in row.inner_text()
