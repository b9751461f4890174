"""Check your answers before each irreversible step (issue 23), in a browser: a referral (Change,
Back, then "Send referral") and a drug alert (the banner previewed, then "Publish alert"), each
check page accessible (axe); and the written notice of a required assessment as it prints."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.e2e.axe import format_violations, prepare_context, run_axe
from tests.e2e.conftest import sign_in
from tests.personas import make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _axe(page) -> str:
    failures, _ = run_axe(page)
    return format_violations(failures, url=page.url)


def test_a_worker_checks_changes_and_sends_a_referral_once_and_prints_the_notice(
    page, make_person, make_contact
):
    from custody.services import drug_test_record
    from organisations.models import ProviderService
    from people.services import consent_give
    from treatment.models import Referral

    prepare_context(page.context)
    worker = make_persona("custody.worker")
    birmingham = ProviderService.objects.get(local_authority__slug="birmingham")
    person = make_person(given_name="Tamsin", family_name="Checkwell", postcode="B23 6AB",
                         date_of_birth=datetime.date(1990, 6, 1))  # fmt: skip
    consent_give(
        person=person, recipient="provider_service", provider_service=birmingham, by=worker
    )
    contact = make_contact(person=person)
    drug_test_record(
        contact=contact, results={"opiates": "positive", "cocaine": "negative"},
        sample_taken_at=timezone.now(), by=worker,
    )  # fmt: skip
    suite = contact.suite
    suite.arrest_referral_phone = "0121 496 0444"
    suite.arrest_referral_address = "Synthetic Arrest Referral Office\n4 Example Row\nB4 4AA"
    suite.save()
    problems = []

    sign_in(page, "custody.worker")
    page.goto(f"/treatment/refer/{person.pk}/")
    page.get_by_role("group", name="Where are they coming from?").get_by_label(
        "Neither: they are in the community"
    ).check()
    page.get_by_label("Anything the provider should know (optional)").fill("Mornings (synthetic)")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check the referral before you send it").wait_for()
    assert "?" not in page.url  # nothing typed goes into the address
    assert Referral.objects.count() == 0
    problems.append(_axe(page))

    # Change the notes: the form as typed, and back to the check page.
    page.get_by_role("link", name="Change the notes").click()
    notes = page.get_by_label("Anything the provider should know (optional)")
    assert notes.input_value() == "Mornings (synthetic)"
    notes.fill("Afternoons (synthetic)")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check the referral before you send it").wait_for()
    assert page.get_by_text("Afternoons (synthetic)").is_visible()
    # The browser's Back keeps what was typed too.
    page.go_back()
    assert page.get_by_label("Anything the provider should know (optional)").input_value() == (
        "Afternoons (synthetic)"
    )
    page.go_forward()
    page.get_by_role("button", name="Send referral").click()
    page.get_by_text("to accept it").wait_for()
    referral = Referral.objects.get()
    assert referral.notes == "Afternoons (synthetic)"

    # The written notice: on screen, accessible; printed, the notice alone.
    page.goto(f"/custody/contacts/{contact.pk}/notice/")
    problems.append(_axe(page))
    assert page.get_by_role("button", name="Print the notice").is_visible()  # with JavaScript
    page.emulate_media(media="print")
    for hidden in (
        page.get_by_role("navigation", name="Primary navigation"),
        page.get_by_role("navigation", name="Account navigation"),
        page.locator("footer"),
        page.get_by_role("link", name="Back to the custody contact"),
    ):
        assert not hidden.is_visible(), hidden
    buttons = page.locator("button")
    assert buttons.count() >= 2 and not any(b.is_visible() for b in buttons.all())
    assert page.get_by_role(
        "heading", name="Notice: you must attend a drug assessment"
    ).is_visible()
    assert page.get_by_text("0121 496 0444").is_visible()
    assert page.get_by_text("4 Example Row").is_visible()
    page.emulate_media(media="screen")
    assert page.get_by_role("navigation", name="Primary navigation").is_visible()
    problems = [p for p in problems if p]
    assert not problems, "\n\n".join(problems)
    assert page.console_errors == []


def test_an_administrator_checks_a_drug_alert_with_its_banner_preview_then_publishes_it(page):
    from reminders.models import DrugAlert

    prepare_context(page.context)
    make_persona("admin")
    make_persona("custody.worker")
    sign_in(page, "admin")
    page.goto("/alerts/new/")
    page.get_by_label("Title").fill("Synthetic xylazine in heroin")
    page.get_by_label("What workers need to know").fill("Wounds that do not heal (synthetic).")
    last = timezone.localdate() + datetime.timedelta(days=5)
    show_until = page.get_by_role("group", name="Show until")
    show_until.get_by_label("Day").fill(str(last.day))
    show_until.get_by_label("Month").fill(str(last.month))
    show_until.get_by_label("Year").fill(str(last.year))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check the alert before you publish it").wait_for()
    assert DrugAlert.objects.count() == 0
    preview = page.locator(".app-banner-preview .app-drug-alerts")
    assert preview.is_visible()
    assert "Synthetic xylazine in heroin" in preview.inner_text()
    problems = [_axe(page)]
    page.get_by_role("link", name="Change the title").click()
    assert page.get_by_label("Title").input_value() == "Synthetic xylazine in heroin"
    page.get_by_label("Title").fill("Synthetic xylazine found in heroin")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Publish alert").click()
    page.get_by_text("Alert published").wait_for()
    assert DrugAlert.objects.get().title == "Synthetic xylazine found in heroin"
    page.get_by_role("button", name="Sign out", exact=True).click()
    sign_in(page, "custody.worker")
    banner = page.locator(".app-drug-alerts")
    assert "Synthetic xylazine found in heroin" in banner.inner_text()
    problems = [p for p in problems if p]
    assert not problems, "\n\n".join(problems)
    assert page.console_errors == []
