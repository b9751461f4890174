"""Journey: a custody worker opens today's list, records a contact with a positive test,
completes the assessment in custody, and sees the person marked seen."""

import pytest
from django.utils import timezone

from custody.models import CustodyContact
from tests.e2e.conftest import sign_in
from tests.personas import make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_custody_worker_records_a_positive_test_and_sees_the_person_seen(page):
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
