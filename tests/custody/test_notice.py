"""The written notice of a required assessment (Drugs Act 2005 ss9-10): a print view that
carries the arrest referral team's phone number and address from the suite's configuration."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from custody.services import drug_test_record


@pytest.fixture
def notice_url(make_contact, make_person, custody_worker):
    contact = make_contact(person=make_person(date_of_birth=datetime.date(1990, 6, 1)))
    drug_test_record(
        contact=contact,
        results={"opiates": "positive", "cocaine": "negative"},
        sample_taken_at=contact.arrested_at + datetime.timedelta(minutes=30),
        by=custody_worker,
    )
    return contact, reverse("custody:notice", args=[contact.pk])


def _suite(contact, *, phone="", address=""):
    suite = contact.suite
    suite.arrest_referral_phone, suite.arrest_referral_address = phone, address
    suite.save()
    return suite


def test_the_notice_carries_the_suites_arrest_referral_phone_and_address(
    client, custody_worker, notice_url, settings
):
    contact, url = notice_url
    settings.ARREST_REFERRAL_TEAM_PHONE = "0121 496 0999"  # the suite's own comes first
    _suite(contact, phone="0121 496 0123", address="Synthetic House\n1 Example Street\nB1 1AA")
    client.force_login(custody_worker)
    page = client.get(url).content.decode()
    assert "0121 496 0123" in page and "0121 496 0999" not in page
    assert "Synthetic House<br>1 Example Street<br>B1 1AA" in page
    assert 'href="tel:01214960123"' in page
    assert "No phone number" not in page


def test_a_suite_without_its_own_number_uses_the_service_wide_one(
    client, custody_worker, notice_url, settings
):
    contact, url = notice_url
    settings.ARREST_REFERRAL_TEAM_PHONE = "0121 496 0999"
    settings.ARREST_REFERRAL_TEAM_ADDRESS = "Synthetic Central Office, B2 2BB"
    _suite(contact)
    client.force_login(custody_worker)
    page = client.get(url).content.decode()
    assert "0121 496 0999" in page and "Synthetic Central Office, B2 2BB" in page


def test_a_notice_without_a_number_warns_staff_before_printing(
    client, custody_worker, notice_url, settings
):
    contact, url = notice_url
    settings.ARREST_REFERRAL_TEAM_PHONE = ""
    settings.ARREST_REFERRAL_TEAM_ADDRESS = ""
    _suite(contact)
    client.force_login(custody_worker)
    page = client.get(url).content.decode()
    # Said to staff on screen (not printed), naming the suite whose number is missing ...
    warning = re.search(r'<div class="govuk-error-summary[^"]*".*?</div>\s*</div>', page, re.S)
    assert warning, "no warning to staff"
    assert "No phone number" in warning.group(0) and contact.suite.name in warning.group(0)
    assert "govuk-!-display-none-print" in warning.group(0)
    # ... and the printed notice has a line to write it on, never a sentence with a gap.
    assert "call the arrest referral team on ." not in page.lower()
    assert "app-notice__write-in" in page


def test_the_notice_is_a_print_view_whose_stylesheet_hides_navigation_footer_and_buttons(
    client, custody_worker, notice_url
):
    _, url = notice_url
    client.force_login(custody_worker)
    page = client.get(url).content.decode()
    assert re.search(r'<body class="[^"]*\bapp-print-view\b', page)
    # The print button and the way back are GOV.UK's "not when printed" (the layout's own
    # controls, in the header, footer and drug alert banner, go by the stylesheet's rules).
    print_button = re.search(r'<div[^>]*data-module="app-print"[^>]*>', page).group(0)
    back = re.search(r'<a [^>]*class="govuk-back-link[^"]*"', page).group(0)
    for control in (print_button, back):
        assert "govuk-!-display-none-print" in control, control
    # The stylesheet the page links holds the print rules for a print view.
    href = re.search(r'<link rel="stylesheet" href="/static/([^"]+)"', page).group(1)
    path = finders.find(href)
    assert path, f"{href} is not built: run `npm run build`"
    css = Path(path).read_text(encoding="utf-8")
    rules = re.findall(r"@media print\{([^{}]*)\{([^{}]*)\}", css)
    hidden = {
        selector.strip()
        for selectors, body in rules
        if "display:none" in body.replace(" ", "")
        for selector in selectors.split(",")
    }
    for part in (
        ".govuk-template__header",  # header, account and primary navigation
        ".govuk-footer",
        ".govuk-button",
        ".app-drug-alerts",
        ".govuk-skip-link",
    ):
        assert f".app-print-view {part}" in hidden, part
