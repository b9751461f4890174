"""Records you can trust, in the browser (issue 19): nobody drops off Today at the turn of the
day, a clashing custody record number keeps what was typed, a drug alert acknowledged mid-form
keeps the form, DIVERT's Back button keeps screen one, and a date's error link reaches the day
box."""

import datetime

import pytest
from django.utils import timezone

from organisations.models import LocalAuthority
from reminders.models import DrugAlertAcknowledgement
from reminders.services import drug_alert_publish
from tests.conftest import new_contact_maker, new_person
from tests.e2e.conftest import sign_in
from tests.personas import make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_detainee_booked_in_at_23_50_is_still_on_today_after_midnight(page):
    make_persona("custody.worker")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    booked_in = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(23, 50)))
    new_contact_maker()(
        person=new_person(given_name="Nell", family_name="Overnight"), arrested_at=booked_in
    )
    sign_in(page, "custody.worker")
    row = page.get_by_role("row", name="Nell Overnight")
    assert row.is_visible() and "Waiting" in row.inner_text()
    assert page.get_by_text("whatever day they were booked in").is_visible()  # says what it holds


def _fill_contact(page, *, number: str, given: str, family: str) -> None:
    page.get_by_label("Custody record number").fill(number)
    page.get_by_label("Time of arrest").fill("00:05")
    page.get_by_label("Offence").select_option(
        label="Theft (including shoplifting) (trigger offence)"
    )
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    dob = page.get_by_role("group", name="Date of birth")
    dob.get_by_label("Day").fill("4")
    dob.get_by_label("Month").fill("3")
    dob.get_by_label("Year").fill("1991")


def test_a_clashing_record_number_is_a_field_error_that_keeps_the_typed_names(page):
    make_persona("custody.worker")
    taken = new_contact_maker()(
        person=new_person(given_name="Orla", family_name="Someone-Else"),
        custody_record_number="NG-0001",
    )
    sign_in(page, "custody.worker")
    page.get_by_role("link", name="Record a custody contact").click()
    _fill_contact(page, number=" ng-0001 ", given="Petra", family="Lindqvist")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    assert "already in use at Northgate Custody Suite" in summary.inner_text()
    assert page.get_by_label("Given name").input_value() == "Petra"
    assert page.get_by_label("Family name").input_value() == "Lindqvist"
    summary.get_by_role("link").first.click()  # the summary's link takes the worker to the box
    assert page.evaluate("document.activeElement.id") == "id_custody_record_number"
    link = page.get_by_role("link", name="Open that contact")
    assert link.get_attribute("href") == f"/custody/contacts/{taken.pk}/"
    assert "Orla" not in page.content()  # the other detainee's name is not shown here


def _live_alert(title: str):
    admin = make_persona("admin")
    return drug_alert_publish(
        title=title,
        text="Synthetic: strong batch reported.",
        local_authority=LocalAuthority.objects.get(slug="birmingham"),
        expires_at=timezone.now() + datetime.timedelta(days=2),
        by=admin,
    )


def test_acknowledging_a_drug_alert_mid_form_keeps_everything_typed(page):
    worker = make_persona("custody.worker")
    alert = _live_alert("Synthetic adulterant in heroin")
    sign_in(page, "custody.worker")
    page.get_by_role("link", name="Record a custody contact").click()
    _fill_contact(page, number="NG-4242", given="Hana", family="Midform")
    url = page.url
    page.get_by_role("button", name="I have read this alert").click()
    page.locator(".app-drug-alerts").wait_for(state="detached")
    assert page.url == url
    assert page.get_by_label("Custody record number").input_value() == "NG-4242"
    assert page.get_by_label("Given name").input_value() == "Hana"
    assert page.get_by_label("Family name").input_value() == "Midform"
    assert page.get_by_role("status").inner_text().startswith("Drug alert acknowledged")
    assert DrugAlertAcknowledgement.objects.filter(alert=alert, user=worker).exists()
    page.get_by_role("button", name="Continue").click()  # and the form still sends
    assert page.get_by_role("heading", level=1).inner_text() == "Hana Midform"
    assert page.console_errors == []


def test_without_javascript_acknowledging_an_alert_returns_to_the_same_page(browser, live_server):
    from tests.reference import load_reference_data

    load_reference_data()
    worker = make_persona("custody.worker")
    alert = _live_alert("Synthetic adulterant in cocaine")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "custody.worker")
        page.goto("/custody/contacts/new/")
        page.get_by_role("button", name="I have read this alert").click()
        page.wait_for_url("**/custody/contacts/new/")
        assert page.locator(".app-drug-alerts").count() == 0
        assert DrugAlertAcknowledgement.objects.filter(alert=alert, user=worker).exists()
    finally:
        context.close()


def test_divert_back_from_screen_two_shows_screen_one_as_typed(page):
    make_persona("police.officer")
    sign_in(page, "police.officer")
    page.goto("/divert/refer/")
    page.get_by_label("Occurrence or incident number").fill("20/777/26")
    found = timezone.localtime() - datetime.timedelta(minutes=7)  # not the form's "now"
    when = page.get_by_role("group", name="Date found")
    when.get_by_label("Day").fill(str(found.day))
    when.get_by_label("Month").fill(str(found.month))
    when.get_by_label("Year").fill(str(found.year))
    page.get_by_label("Time found").fill(found.strftime("%H:%M"))
    page.get_by_label("Where found").fill("Bull Ring")
    page.get_by_label("Cannabis").check()
    page.get_by_label("Roughly how much?").fill("One bag")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/person/")
    page.go_back()
    assert page.get_by_label("Occurrence or incident number").input_value() == "20/777/26"
    assert page.get_by_label("Time found").input_value() == found.strftime("%H:%M")  # kept
    assert page.get_by_label("Where found").input_value() == "Bull Ring"
    assert page.get_by_label("Cannabis").is_checked()


def test_a_dates_error_summary_link_moves_focus_to_its_day_box(page):
    make_persona("custody.worker")
    sign_in(page, "custody.worker")
    page.goto("/people/add/")
    page.get_by_label("Given name").fill("Dara")
    page.get_by_label("Family name").fill("Datewise")
    dob = page.get_by_role("group", name="Date of birth")
    dob.get_by_label("Day").fill("31")
    dob.get_by_label("Month").fill("2")
    dob.get_by_label("Year").fill("1990")
    page.get_by_role("button", name="Save").click()
    page.locator(".govuk-error-summary").get_by_role(
        "link", name="Date of birth must be a real date"
    ).click()
    assert page.evaluate("document.activeElement.id") == "id_date_of_birth_0"
