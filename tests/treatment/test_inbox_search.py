"""The provider's inbox searches its own referrals by reference or by a name without a date
of birth (issue 23), as a POST, and finds nothing it could not list: a person with consent
but no referral to the service looks exactly like no one (docs/decisions/0031)."""

from __future__ import annotations

import re

import pytest

from audit.models import AccessLog
from organisations.models import ProviderService
from people.services import consent_give

pytestmark = pytest.mark.django_db


def _search(client, text: str):
    return client.post("/treatment/inbox/", {"q": text})


def _rows(response) -> str:
    return " ".join(re.findall(r'href="/treatment/referrals/([^/]+)/"', response.content.decode()))


def test_the_inbox_finds_a_referral_by_its_reference_and_by_a_misspelt_name(
    client, provider_birmingham, make_referral, make_person
):
    wanted = make_referral(person=make_person(given_name="Gwendolyn", family_name="Harcourt"))
    other = make_referral(person=make_person(given_name="Bartholomew", family_name="Pennington"))
    client.force_login(provider_birmingham)
    assert _rows(_search(client, wanted.reference.lower())) == wanted.reference
    assert _rows(_search(client, "Gwendolin Harcort")) == wanted.reference
    assert other.reference not in _rows(_search(client, "Harcourt"))
    searches = AccessLog.objects.filter(user=provider_birmingham, object_type="accounts.user")
    assert list(searches.order_by("id").values_list("detail", flat=True)) == [
        "inbox search: reference, 1 found",
        "inbox search: name, 1 found",
        "inbox search: name, 1 found",
    ]


def test_the_inbox_search_finds_nothing_of_another_service_or_a_person_only_consented(
    client, provider_birmingham, custody_worker, make_referral, make_person
):
    coventry = make_referral(
        person=make_person(given_name="Cordelia", family_name="Coventree"), authority="coventry"
    )
    consented = make_person(given_name="Consuela", family_name="Onlyconsent")
    consent_give(
        person=consented,
        recipient="provider_service",
        provider_service=ProviderService.objects.get(local_authority__slug="birmingham"),
        by=custody_worker,
    )
    client.force_login(provider_birmingham)

    def page(text):
        response = _search(client, text)
        assert response.status_code == 200
        body = response.content.decode().replace(f'value="{text}"', 'value=""')
        return re.sub(r'(csrfmiddlewaretoken" value=|nonce=)"[^"]*"', r"\1<token>", body)

    nobody = page("Consolata Nevermade")
    assert "No referrals match your search" in nobody
    assert page("Consuela Onlyconsent") == nobody
    assert page("Cordelia Coventree") == nobody
    assert page(coventry.reference) == page("TR-26-999999")


def test_an_empty_inbox_search_says_what_to_enter(client, provider_birmingham):
    client.force_login(provider_birmingham)
    response = _search(client, "")
    assert response.status_code == 400
    assert (
        "Enter a referral&#x27;s reference or the person&#x27;s name" in response.content.decode()
    )
