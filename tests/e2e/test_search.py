"""The header search in a browser (issue 23, docs/decisions/0031): a custody worker types a
reference and lands on the record, then a misspelt name and gets the person; a provider types
the name of someone consented to their service but never referred, and sees what a name no one
has gets. The results page passes axe. One test, one world: the browser's time is the cost."""

from __future__ import annotations

import pytest

from tests.e2e.axe import format_violations, prepare_context, run_axe
from tests.e2e.conftest import sign_in
from tests.personas import make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _search(page, text: str) -> None:
    box = page.get_by_role("search", name="People and records")
    box.get_by_label("Search people and records").fill(text)
    box.get_by_role("button", name="Search").click()
    page.wait_for_load_state()


def test_the_header_search_finds_what_the_viewer_may_see_and_nothing_else(
    page, make_person, make_referral
):
    from organisations.models import ProviderService
    from people.services import consent_give

    prepare_context(page.context)
    worker = make_persona("custody.worker")
    make_persona("provider.birmingham")
    referral = make_referral(person=make_person(given_name="Sharona", family_name="Openshawe"))
    consent_give(
        person=make_person(given_name="Consuela", family_name="Onlyconsent"),
        recipient="provider_service",
        provider_service=ProviderService.objects.get(local_authority__slug="birmingham"),
        by=worker,
    )

    sign_in(page, "custody.worker")
    _search(page, referral.reference.lower())
    assert page.url.endswith(f"/treatment/referrals/{referral.reference}/"), page.url
    _search(page, "Sharonna Openshaw")
    assert page.get_by_role("heading", level=1).inner_text() == "Search results"
    failures, _ = run_axe(page)
    assert not failures, format_violations(failures, url=page.url)
    page.get_by_role("link", name="Sharona Openshawe").click()
    assert page.url.endswith(f"/people/{referral.person.pk}/"), page.url

    page.context.clear_cookies()
    sign_in(page, "provider.birmingham")
    answers = []
    for name in ("Consuela Onlyconsent", "Consolata Nevermade"):
        _search(page, name)
        answers.append(page.locator("main").inner_text().replace(name, "NAME"))
    assert "No results" in answers[0]
    assert answers[0] == answers[1]
    failures, _ = run_axe(page)
    assert not failures, format_violations(failures, url=page.url)
    assert not page.console_errors, page.console_errors
