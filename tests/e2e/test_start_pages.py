"""Journey: each persona signs in through the browser and sees their own start page."""

import pytest

from tests.e2e.conftest import sign_in
from tests.personas import FIXTURE_NAMES, make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

START_HEADINGS = {
    "custody_worker": "Today at Northgate Custody Suite",
    "custody_worker2": "Today at Riverside Custody Suite",
    "team_leader": "Team workload today",
    "provider_birmingham": "Referral inbox",
    "provider_coventry": "Referral inbox",
    "police_officer": "My DIVERT referrals",
    "police_officer2": "My DIVERT referrals",
    "probation_officer": "My report requests",
    "opcc_analyst": "Arrest referral dashboard",
    "administrator": "Access log",
}


@pytest.mark.parametrize("fixture_name", list(START_HEADINGS))
def test_persona_signs_in_and_sees_their_start_page(page, fixture_name):
    make_persona(FIXTURE_NAMES[fixture_name])
    sign_in(page, FIXTURE_NAMES[fixture_name])
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == START_HEADINGS[fixture_name]
    # GOV.UK Frontend's JavaScript ran (the bundle marked the body) with no errors.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    assert page.console_errors == []
    # The primary navigation marks where we are.
    current = page.locator('.moj-primary-navigation__link[aria-current="page"]')
    assert current.count() == 1


def test_wrong_password_shows_the_error_summary_with_focus(page):
    make_persona("custody.worker")
    sign_in(page, "custody.worker", "wrong-password")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    # GOV.UK Frontend moves focus to the error summary so screen readers announce it.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")


def test_skip_link_is_the_first_thing_keyboard_users_reach(page):
    page.goto("/accounts/sign-in/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.outerHTML")
    assert "Skip to main content" in focused, focused
