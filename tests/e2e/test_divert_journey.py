"""DIVERT from an officer's phone: three page loads, twelve inputs at most, no horizontal
scrolling at 320 px, touch targets of at least 24 by 24 px; and the same with the keyboard."""

import pytest

from diversion.models import DivertReferral
from tests.e2e.conftest import sign_in
from tests.e2e.test_keyboard import FOCUS_VISIBLE
from tests.personas import make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}

# Visible controls smaller than 24 x 24 CSS px (WCAG 2.2, 2.5.8), but for links inside text.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button, a.govuk-button, .govuk-back-link')]
  .filter((el) => el.offsetParent !== null)
  .map((el) => {
    // A radio or checkbox is operated through its label and its enlarged GOV.UK hit area.
    const target = (el.type === 'radio' || el.type === 'checkbox') ? el.parentElement : el;
    const box = target.getBoundingClientRect();
    return {html: el.outerHTML.slice(0, 80), width: box.width, height: box.height};
  })
  .filter((t) => t.width < 24 || t.height < 24)"""
HORIZONTAL_SCROLL = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


class Counter:
    def __init__(self, page):
        self.loads = 0
        page.on("framenavigated", self._navigated)
        self.page = page

    def _navigated(self, frame):
        if frame == self.page.main_frame:
            self.loads += 1


def _check_phone_page(page, widths=(320, 360)) -> list[str]:
    problems = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 740})
        if page.evaluate(HORIZONTAL_SCROLL):
            problems.append(f"{page.url}: scrolls sideways at {width} px")
        if small := page.evaluate(SMALL_TARGETS):
            problems.append(f"{page.url}: targets under 24 px at {width} px: {small}")
    page.set_viewport_size(PHONE)
    return problems


def test_an_officer_refers_from_a_phone_in_three_page_loads_and_twelve_inputs(page):
    make_persona("police.officer")
    page.set_viewport_size(PHONE)
    sign_in(page, "police.officer")
    page.wait_for_url("**/divert/my-referrals/")
    problems = _check_phone_page(page)
    counter = Counter(page)
    inputs = 0

    def fill(locator, text):
        nonlocal inputs
        locator.fill(text)
        inputs += 1

    def choose(locator):
        nonlocal inputs
        locator.check()
        inputs += 1

    page.get_by_role("button", name="Make a DIVERT referral").click()
    page.wait_for_load_state()
    problems += _check_phone_page(page)
    # Inputs get the right keyboard on a phone.
    assert page.get_by_label("Time found").get_attribute("inputmode") == "numeric"
    fill(page.get_by_label("Occurrence or incident number"), "20/777/26")
    fill(page.get_by_label("Where found"), "New Street, by the station")
    choose(page.get_by_label("Cannabis"))
    fill(page.get_by_label("Roughly how much?"), "About 3 grams")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    problems += _check_phone_page(page)
    assert page.get_by_label("Mobile or phone number").get_attribute("type") == "tel"
    fill(page.get_by_label("Given name"), "Ola")
    fill(page.get_by_label("Family name"), "Ferris")
    dob = page.get_by_role("group", name="Date of birth")
    fill(dob.get_by_label("Day"), "9")
    fill(dob.get_by_label("Month"), "10")
    fill(dob.get_by_label("Year"), "2000")
    fill(page.get_by_label("Mobile or phone number"), "07700 900321")
    fill(page.get_by_label("Postcode", exact=True), "B1 1AA")
    choose(
        page.get_by_role(
            "group", name="Do they agree to be contacted by the DIVERT service?"
        ).get_by_label("Yes")
    )
    page.get_by_role("button", name="Send the referral").click()
    page.get_by_role("heading", name="Referral sent").wait_for()
    problems += _check_phone_page(page)

    referral = DivertReferral.objects.get()
    assert referral.reference in page.content()
    assert counter.loads <= 3, counter.loads
    page.get_by_role("link", name="Back to my referrals").click()
    page.get_by_role("link", name=referral.reference).wait_for()
    problems += _check_phone_page(page)  # the list, now with a referral in it
    assert inputs <= 12, inputs
    assert not problems, "\n".join(problems)
    assert page.console_errors == []


def test_a_divert_referral_with_the_keyboard_alone(page):
    make_persona("police.officer")
    sign_in(page, "police.officer")
    page.wait_for_url("**/divert/my-referrals/")

    def tab_to(target: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            here = page.evaluate(
                "document.activeElement.id || document.activeElement.textContent.trim()"
            )
            if here == target:
                assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {target!r}"
                return
        pytest.fail(f"{target!r} was not reachable with Tab")

    tab_to("Make a DIVERT referral")
    page.keyboard.press("Enter")
    page.wait_for_url("**/divert/refer/*/")
    tab_to("id_occurrence_number")
    page.keyboard.type("20/888/26")
    tab_to("id_found_where")
    page.keyboard.type("Bull Ring")
    tab_to("id_substances")  # the first substance: cannabis
    page.keyboard.press("Space")
    tab_to("id_amount")
    page.keyboard.type("One bag")
    tab_to("id_submit")
    page.keyboard.press("Enter")
    page.wait_for_url("**/person/")
    for field, text in (
        ("id_given_name", "Kai"),
        ("id_family_name", "Lomax"),
        ("id_date_of_birth_0", "1"),
        ("id_date_of_birth_1", "2"),
        ("id_date_of_birth_2", "1995"),
        ("id_phone", "07700900111"),
        ("id_postcode", "B2 4QA"),
    ):
        tab_to(field)
        page.keyboard.type(text)
    tab_to("id_consent_to_contact")  # Yes
    page.keyboard.press("Space")
    tab_to("id_submit")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Referral sent").wait_for()
    assert DivertReferral.objects.get().person.family_name == "Lomax"
