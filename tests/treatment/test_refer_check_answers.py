"""Check your answers before sending a referral (issue 23): the referral form's answers are
shown back (the person, the provider service and its local authority, what the consent
shares, the assessment the referral carries, the notes), each with a Change link; nothing is
sent until "Send referral", which sends once however often it is sent."""

import datetime
import re
import uuid

import pytest
from django.utils import timezone

from organisations.models import ProviderService
from people.services import consent_give
from tests.assessments.answers import complete_assessment
from treatment.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def birmingham():
    return ProviderService.objects.get(local_authority__slug="birmingham")


@pytest.fixture
def person(make_person, custody_worker, birmingham):
    someone = make_person(given_name="Orla", family_name="Checkley", postcode="B23 6AB")
    consent_give(
        person=someone, recipient="provider_service", provider_service=birmingham,
        by=custody_worker,
    )  # fmt: skip
    return someone


def _answers(service, **changes) -> dict:
    return {
        "destination": str(service.pk),
        "choice_reason": "",
        "source": "community",
        "notes": "Prefers a morning appointment (synthetic)",
        **changes,
    }


def _token(page: str) -> str:
    return re.search(r'name="submit_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def worker(client, custody_worker):
    client.force_login(custody_worker)
    return client


def test_continuing_from_the_referral_form_sends_nothing_until_it_is_confirmed(
    worker, person, birmingham, custody_worker
):
    form, check = f"/treatment/refer/{person.pk}/", f"/treatment/refer/{person.pk}/check/"
    complete_assessment(person=person, by=custody_worker)
    sent = worker.post(form, _answers(birmingham))
    assert sent.status_code == 302 and sent["Location"] == check  # nothing in the address
    assert not Referral.objects.exists()
    page = worker.get(check).content.decode()
    assert "Check the referral before you send it" in page
    rows = dict(re.findall(
        r'<dt class="govuk-summary-list__key">([^<]+)</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>', page, re.S,
    ))  # fmt: skip
    assert "Orla Checkley" in rows["Person"] and person.reference in rows["Person"]
    assert birmingham.name in rows["Provider service"]
    assert rows["Local authority"].strip() == "Birmingham"
    shared = rows["Shared under their consent"]
    assert "latest completed assessment" in shared and "contact details" in shared
    assert f"given {timezone.localdate():%-d %B %Y}" in shared
    assert "Version 1" in rows["Assessment"]
    assert "Prefers a morning appointment" in rows["Notes"]
    assert "Send referral" in page
    assert not Referral.objects.exists()


def test_send_referral_sent_twice_sends_one_referral(worker, person, birmingham):
    form, check = f"/treatment/refer/{person.pk}/", f"/treatment/refer/{person.pk}/check/"
    worker.post(form, _answers(birmingham))
    token = _token(worker.get(check).content.decode())
    first = worker.post(check, {"submit_token": token})
    second = worker.post(check, {"submit_token": token})
    referral = Referral.objects.get()
    assert first["Location"] == second["Location"] == f"/treatment/referrals/{referral.reference}/"
    assert referral.notes == "Prefers a morning appointment (synthetic)"
    # The answers are forgotten once sent: nothing more to send from the check page.
    again = worker.post(check, {"submit_token": str(uuid.uuid4())})
    assert again.status_code == 302 and again["Location"] == form
    assert Referral.objects.count() == 1


def test_change_goes_back_to_the_form_as_typed_and_returns_to_the_check_page(
    worker, person, birmingham
):
    form, check = f"/treatment/refer/{person.pk}/", f"/treatment/refer/{person.pk}/check/"
    worker.post(form, _answers(birmingham))
    page = worker.get(check).content.decode()
    changes = re.findall(r'<a class="govuk-link" href="([^"]+)">Change', page)
    assert len(changes) >= 3 and all(c.startswith(f"{form}#") for c in changes), changes
    typed = worker.get(form).content.decode()  # Change, or the browser's Back
    for change in changes:
        assert f'id="{change.split("#")[1]}"' in typed, change  # the question it goes to
    assert "Prefers a morning appointment (synthetic)" in typed
    assert re.search(rf'value="{birmingham.pk}"[^>]*checked', typed)
    changed = worker.post(form, _answers(birmingham, notes="Evenings are better (synthetic)"))
    assert changed["Location"] == check
    assert "Evenings are better" in worker.get(check).content.decode()
    assert not Referral.objects.exists()


def test_the_check_page_without_answers_sends_the_worker_to_the_form(worker, person):
    answer = worker.get(f"/treatment/refer/{person.pk}/check/")
    assert answer.status_code == 302 and answer["Location"] == f"/treatment/refer/{person.pk}/"


def test_answers_the_service_would_refuse_stay_on_the_form(worker, make_person, birmingham):
    nobody = make_person(given_name="Nell", family_name="Noconsent")
    answer = worker.post(f"/treatment/refer/{nobody.pk}/", _answers(birmingham))
    assert answer.status_code == 200
    assert "has not consented to share their record" in answer.content.decode()
    assert worker.get(f"/treatment/refer/{nobody.pk}/check/").status_code == 302


def test_a_referral_from_a_custody_contact_is_checked_and_sent_from_the_contact(
    worker, person, birmingham, make_contact
):
    contact = make_contact(person=person)
    form = f"/treatment/refer/contact/{contact.pk}/"
    today = timezone.localdate()
    dated = {"released_on_0": today.day, "released_on_1": today.month, "released_on_2": today.year}
    sent = worker.post(form, _answers(birmingham, source="", **dated))
    assert sent["Location"] == f"{form}check/"
    page = worker.get(sent["Location"]).content.decode()
    assert contact.suite.name in page and f"{today:%-d %B %Y}" in page
    worker.post(sent["Location"], {"submit_token": _token(page)})
    referral = Referral.objects.get()
    assert (referral.custody_contact, referral.released_on) == (contact, today)


def test_a_referral_from_a_divert_case_is_checked_and_sent_from_the_case(
    worker, birmingham, custody_worker, police_officer
):
    from diversion.services import divert_referral_submit

    divert, _ = divert_referral_submit(officer=police_officer, key=str(uuid.uuid4()), data={
        "occurrence_number": "20/5/26", "found_at": timezone.now(), "found_where": "A street",
        "substances": ["cannabis"], "amount": "A little", "given_name": "Dev",
        "family_name": "Diverted", "date_of_birth": datetime.date(1998, 1, 2),
        "postcode": "B23 6AB", "consent_to_contact": True,
    })  # fmt: skip
    consent_give(
        person=divert.person, recipient="provider_service", provider_service=birmingham,
        by=custody_worker,
    )  # fmt: skip
    form = f"/treatment/refer/divert/{divert.reference}/"
    sent = worker.post(form, _answers(birmingham, source=""))
    assert sent["Location"] == f"{form}check/"
    page = worker.get(sent["Location"]).content.decode()
    assert divert.reference in page
    worker.post(sent["Location"], {"submit_token": _token(page)})
    assert Referral.objects.get().divert_referral == divert
