"""Words a person reads (issue 25): a record's name inside a sentence reads as a person would
write it ("consented to share with: A treatment provider service Brindley…" did not), and a
count and its pagination are one phrase ("34 referrals Page 1 of 2" was not)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in
from tests.personas import make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_refer_page_names_whom_the_person_consented_to_share_with(page, make_person):
    from organisations.models import ProviderService
    from people.services import consent_give

    worker = make_persona("custody.worker")
    person = make_person()
    service = ProviderService.objects.get(local_authority__slug="birmingham")
    consent_give(person=person, recipient="probation", by=worker)
    consent_give(person=person, recipient="provider_service", provider_service=service, by=worker)
    sign_in(page, "custody.worker")
    page.goto(f"/treatment/refer/{person.pk}/")
    text = page.locator("main").inner_text()
    assert (
        f"They have consented to share their record with {service.name} and Probation Service."
        in text
    ), text
    assert "A treatment provider service" not in text


def test_the_inbox_says_its_count_and_page_as_one_phrase(page, make_referral, monkeypatch):
    from treatment import views

    monkeypatch.setattr(views, "INBOX_PAGE_SIZE", 2)
    for _ in range(3):
        make_referral()
    make_persona("provider.birmingham")
    sign_in(page, "provider.birmingham")
    page.goto("/treatment/inbox/")
    caption = page.locator("caption").first
    said = "3 referrals, page 1 of 2"
    assert " ".join(caption.inner_text().split()) == said  # as seen
    assert " ".join(caption.text_content().split()) == said  # as read out
