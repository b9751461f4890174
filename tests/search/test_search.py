"""The header search (issue 23, docs/decisions/0031): one box finds any reference, a custody
record number, a PNC ID, an NHS number or a name without a date of birth (typo-tolerant), but
only what the viewer may see; anything else looks exactly like nothing at all; every search
is logged without what was typed."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from people.identifiers import pnc_check_letter
from tests.personas import FIXTURE_NAMES, make_persona

PNC = f"03/0011985{pnc_check_letter(3, 11985)}"  # 03/0011985X; typed slashless below
NHS = "943 476 5919"
RECORD_NUMBER = "NG0012/26"


class World:
    def __init__(self):
        from court.services import probation_request_make, request_link
        from diversion.services import divert_referral_submit
        from organisations.models import ProviderService
        from people.services import consent_give
        from tests.conftest import new_contact_maker, new_person
        from treatment.services import referral_send

        self.users = {
            role: make_persona(FIXTURE_NAMES[role])
            for role in ("custody_worker", "provider_birmingham", "police_officer",
                         "police_officer2", "probation_officer", "opcc_analyst", "administrator")
        }  # fmt: skip
        worker = self.users["custody_worker"]
        birmingham = ProviderService.objects.get(local_authority__slug="birmingham")
        self.sharona = new_person(
            given_name="Sharona", family_name="Openshawe", pnc_id=PNC, nhs_number=NHS,
            date_of_birth=datetime.date(1985, 4, 3),
        )  # fmt: skip
        self.contact = new_contact_maker()(person=self.sharona, custody_record_number=RECORD_NUMBER)
        consent_give(person=self.sharona, recipient="provider_service",
                     provider_service=birmingham, by=worker)  # fmt: skip
        self.referral = referral_send(
            person=self.sharona, by=worker, source="custody", custody_contact=self.contact,
            released_on=timezone.localdate(), provider_service=birmingham,
            choice_reason="Synthetic",
        )  # fmt: skip
        # Consent to Birmingham, no referral: the provider must not find her.
        self.consuela = new_person(given_name="Consuela", family_name="Onlyconsent")
        consent_give(person=self.consuela, recipient="provider_service",
                     provider_service=birmingham, by=worker)  # fmt: skip

        def divert(officer, given, family):
            referral, _ = divert_referral_submit(officer=officer, key=str(uuid.uuid4()), data={
                "occurrence_number": "20/1/26", "found_at": timezone.now(),
                "found_where": "Synthetic Street", "substances": ["cannabis"],
                "amount": "A little", "given_name": given, "family_name": family,
                "date_of_birth": datetime.date(1999, 9, 9), "postcode": "B5 4TT",
                "consent_to_contact": True,
            })  # fmt: skip
            return referral

        self.own_divert = divert(self.users["police_officer"], "Dwayne", "Divertson")
        self.other_divert = divert(self.users["police_officer2"], "Consuela", "Onlyconsent")
        today = timezone.localdate()
        self.request = probation_request_make(
            officer=self.users["probation_officer"], given_name="Sharona",
            family_name="Openshawe", date_of_birth=self.sharona.date_of_birth,
            court="Synthetic Magistrates' Court", hearing_date=today + datetime.timedelta(28),
            report_kind="short",
        )  # fmt: skip
        request_link(request=self.request, person=self.sharona, by=worker)
        self.report = self.request.reports.get()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from tests.conftest import data_for_module

    with data_for_module(django_db_blocker):
        yield World()


def search(client, world, role: str, text: str):
    client.force_login(world.users[role])
    return client.post(reverse("search:search"), {"q": text})


def results_page(response, typed: str) -> str:
    """The page as read, less what was typed, the one-time tokens and the header's alerts."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    page = page.replace(f'value="{typed}"', 'value=""')
    return re.sub(r'(csrfmiddlewaretoken" value=|nonce=)"[^"]*"', r"\1<token>", page)


@pytest.mark.parametrize(
    ("typed", "where"),
    [
        ("sharona.reference", "/people/{sharona.pk}/"),
        ("referral.reference", "/treatment/referrals/{referral.reference}/"),
        ("report.reference", "/court/reports/{report.reference}/"),
        ("other_divert.reference", "/divert/cases/{other_divert.reference}/"),
        ("'ng 0012/26'", "/custody/contacts/{contact.pk}/"),
        ("'200300119850X'.replace('0X', 'X')", "/people/{sharona.pk}/"),  # PNC, no slash
        ("'9434765919'", "/people/{sharona.pk}/"),  # NHS number, no spaces
        ("'943 476 5919'", "/people/{sharona.pk}/"),
    ],
)
def test_a_custody_worker_goes_straight_to_the_one_record_an_exact_search_finds(
    client, world, db, typed, where
):
    text = eval(typed, {}, vars(world))  # noqa: S307 (the test's own expressions)
    response = search(client, world, "custody_worker", text)
    assert response.status_code == 302
    assert response["Location"] == where.format(**vars(world))


def test_a_custody_worker_finds_a_person_by_a_misspelt_name_without_a_date_of_birth(
    client, world, db
):
    response = search(client, world, "custody_worker", "Sharonna Openshaw")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="/people/{world.sharona.pk}/"' in page
    assert world.sharona.reference in page


def test_a_provider_finds_the_person_referred_to_them_by_name_and_reference(client, world, db):
    page = search(client, world, "provider_birmingham", "Sharona Openshaw").content.decode()
    assert f'href="/people/{world.sharona.pk}/"' in page
    response = search(client, world, "provider_birmingham", world.referral.reference)
    assert response["Location"] == f"/treatment/referrals/{world.referral.reference}/"


@pytest.mark.parametrize(
    ("role", "on_record", "never_on_record"),
    [
        # Consent to the provider's service, but no referral: as if no one had the name.
        ("provider_birmingham", "Consuela Onlyconsent", "Consolata Nevermade"),
        ("provider_birmingham", "Consuella Onlyconsnt", "Consolata Nevermade"),
        # Another officer's DIVERT referral, and a person on record: nothing either way.
        ("police_officer", "Consuela Onlyconsent", "Consolata Nevermade"),
        ("police_officer", "Sharona Openshawe", "Consolata Nevermade"),
        ("probation_officer", "Consuela Onlyconsent", "Consolata Nevermade"),
    ],
)
def test_an_outsider_searching_a_name_they_may_not_see_gets_what_a_name_no_one_has_gets(
    client, world, db, role, on_record, never_on_record
):
    seen = search(client, world, role, on_record)
    unseen = search(client, world, role, never_on_record)
    assert results_page(seen, on_record) == results_page(unseen, never_on_record)
    assert "No results" in seen.content.decode()


@pytest.mark.parametrize(
    ("role", "what", "nonexistent"),
    [
        ("provider_birmingham", "consuela.reference", "'ARS-26-999999'"),
        ("provider_birmingham", "other_divert.reference", "'DV-26-999999'"),
        ("provider_birmingham", "report.reference", "'CR-26-999999'"),
        ("provider_birmingham", "'ng0012/26'", "'ZZ9999/99'"),
        ("police_officer", "other_divert.reference", "'DV-26-999999'"),
        ("police_officer", "referral.reference", "'TR-26-999999'"),
        ("police_officer", "sharona.reference", "'ARS-26-999999'"),
        ("police_officer", "'9434765919'", "'1000000001'"),
        ("probation_officer", "sharona.reference", "'ARS-26-999999'"),
    ],
)
def test_an_outsider_searching_a_reference_they_may_not_see_gets_what_no_reference_gets(
    client, world, db, role, what, nonexistent
):
    text = eval(what, {}, vars(world))  # noqa: S307 (the test's own expressions)
    nonexistent = eval(nonexistent)  # noqa: S307
    seen, unseen = search(client, world, role, text), search(client, world, role, nonexistent)
    assert results_page(seen, text) == results_page(unseen, nonexistent)


def test_an_officer_finds_their_own_divert_referral_by_reference_and_by_the_name_they_typed(
    client, world, db
):
    own = world.own_divert
    response = search(client, world, "police_officer", own.reference.lower())
    assert response["Location"] == f"/divert/referrals/{own.reference}/"
    page = search(client, world, "police_officer", "Dwane Divertsen").content.decode()
    assert f'href="/divert/referrals/{own.reference}/"' in page


def test_probation_finds_their_request_by_the_reports_reference_and_the_name_they_typed(
    client, world, db
):
    response = search(client, world, "probation_officer", world.report.reference)
    assert response["Location"] == f"/court/requests/{world.request.pk}/"
    page = search(client, world, "probation_officer", "Sharona Openshaw").content.decode()
    assert f'href="/court/requests/{world.request.pk}/"' in page
    assert world.sharona.reference not in page  # the record is the team's, never probation's


@pytest.mark.parametrize("role", ["custody_worker", "provider_birmingham", "police_officer",
                                  "probation_officer"])  # fmt: skip
def test_every_role_that_may_look_people_up_has_the_search_box_in_the_header(
    client, world, db, role
):
    client.force_login(world.users[role])
    page = client.get(reverse("search:search")).content.decode()
    assert 'role="search"' in page and 'id="header-search"' in page


@pytest.mark.parametrize("role", ["opcc_analyst", "administrator"])
def test_roles_that_see_no_people_have_no_search_box_and_no_search_page(client, world, db, role):
    client.force_login(world.users[role])
    assert 'id="header-search"' not in client.get("/accessibility/").content.decode()
    assert client.post(reverse("search:search"), {"q": "Sharona"}).status_code == 404


def test_every_search_is_logged_with_its_kind_and_count_but_never_what_was_typed(client, world, db):
    search(client, world, "custody_worker", "Sharonna Openshaw")
    search(client, world, "provider_birmingham", "Consuela Onlyconsent")
    search(client, world, "custody_worker", "9434765919")
    rows = AccessLog.objects.filter(action=AccessLog.Action.LIST, object_type="accounts.user")
    details = list(rows.order_by("id").values_list("detail", flat=True))
    assert details == [
        "search: name, 1 found",
        "search: name, 0 found",
        "search: NHS number, 1 found",
    ]
    found = AccessLog.objects.filter(detail="search: found", person_id=world.sharona.pk)
    assert found.count() == 2
    everything = " ".join(f"{detail} {path}" for detail, path in AccessLog.objects.values_list(
        "detail", "path"))  # fmt: skip
    for typed in ("Sharonna", "Openshaw", "Consuela", "9434765919"):
        assert typed not in everything


def test_an_empty_search_says_what_to_enter(client, world, db):
    response = search(client, world, "custody_worker", "   ")
    assert response.status_code == 400
    assert "Enter a name, reference, custody record number, PNC ID or NHS number" in (
        response.content.decode()
    )


def test_a_merged_records_old_reference_finds_the_record_it_was_merged_into(client, world, db):
    from people.services import person_merge
    from tests.conftest import new_person

    old = new_person(given_name="Sharon", family_name="Openshaw")
    old_reference = old.reference
    person_merge(survivor=world.sharona, removed=old, by=world.users["custody_worker"],
                 reason="Synthetic: the same person")  # fmt: skip
    response = search(client, world, "custody_worker", old_reference)
    assert response["Location"] == f"/people/{world.sharona.pk}/"
    # The provider sees Sharona (a live referral): the old reference finds her for them too.
    response = search(client, world, "provider_birmingham", old_reference)
    assert response["Location"] == f"/people/{world.sharona.pk}/"
    # The officer sees no one, by any reference.
    unseen = search(client, world, "police_officer", old_reference)
    assert results_page(unseen, old_reference) == results_page(
        search(client, world, "police_officer", "ARS-26-999999"), "ARS-26-999999"
    )
