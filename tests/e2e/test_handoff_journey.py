"""Journey: a custody worker refers a person; a provider worker accepts, books the first
appointment and records that the person attended. Then the provider's accept with the
keyboard alone."""

import pytest

from organisations.models import ProviderService
from people.services import consent_give
from tests.e2e.conftest import sign_in
from tests.e2e.test_keyboard import FOCUS_VISIBLE
from tests.personas import make_persona
from treatment.models import Referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _consenting_person(make_person, worker, **names):
    person = make_person(postcode="B23 6AB", **names)
    consent_give(
        person=person,
        recipient="provider_service",
        provider_service=ProviderService.objects.get(local_authority__slug="birmingham"),
        by=worker,
    )
    return person


def test_custody_worker_refers_and_provider_accepts_books_and_records_attendance(page, make_person):
    worker = make_persona("custody.worker")
    make_persona("provider.birmingham")
    person = _consenting_person(make_person, worker, given_name="Rowan", family_name="Ashdown")

    sign_in(page, "custody.worker")
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="Refer to treatment").click()
    page.wait_for_url(f"**/treatment/refer/{person.pk}/")
    destination = page.get_by_role("group", name="Which service are you referring them to?")
    # Proposed from where they live, and the consent is said plainly.
    assert destination.get_by_label("where they live; consent to share given").is_checked()
    page.get_by_role("group", name="Where are they coming from?").get_by_label(
        "Neither: they are in the community"
    ).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send referral").click()  # check your answers (issue 23)
    page.get_by_text("to accept it").wait_for()
    referral = Referral.objects.get(person=person)
    assert referral.status == Referral.Status.SENT
    page.get_by_role("button", name="Sign out", exact=True).click()

    sign_in(page, "provider.birmingham")
    assert page.get_by_role("heading", level=1).inner_text() == "Referral inbox"
    page.get_by_role("link", name=referral.reference).click()
    page.get_by_role("button", name="Accept the referral").click()
    page.get_by_text("there is no need to assess them again").wait_for()

    page.get_by_role("link", name="Book the first appointment").click()
    page.get_by_label("Day").fill(str(page.evaluate("new Date().getDate()")))
    page.get_by_label("Month").fill(str(page.evaluate("new Date().getMonth() + 1")))
    page.get_by_label("Year").fill(str(page.evaluate("new Date().getFullYear()")))
    page.get_by_label("Time").fill("00:00")
    page.get_by_label("Where").fill("Synthetic Recovery Hub, 1 Test Street")
    page.get_by_role("button", name="Book the appointment").click()
    page.get_by_text("Appointment booked for").wait_for()

    page.get_by_role("group", name="Did they attend?").get_by_label("Attended", exact=True).check()
    page.get_by_role("button", name="Record attendance").click()
    page.get_by_text("Recorded: attended").wait_for()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ATTENDED
    kinds = list(referral.events.order_by("at", "id").values_list("kind", flat=True))
    assert kinds == ["sent", "accepted", "booked", "attended"]
    assert page.console_errors == []


def test_a_provider_accepts_a_referral_with_the_keyboard_alone(page, make_person, make_referral):
    make_persona("provider.birmingham")
    referral = make_referral(person=make_person(given_name="Kit", family_name="Keyes"))
    sign_in(page, "provider.birmingham")
    page.wait_for_url("**/treatment/inbox/")

    def tab_until(text: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == text:
                assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {text!r}"
                return
        pytest.fail(f"{text!r} was not reachable with Tab")

    tab_until(referral.reference)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/treatment/referrals/{referral.reference}/")
    tab_until("Accept the referral")
    page.keyboard.press("Enter")
    page.get_by_text("there is no need to assess them again").wait_for()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
