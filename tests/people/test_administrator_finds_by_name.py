"""Issue 25: the data protection officer finds a person by name and date of birth (exact, case
and spaces aside, other names included) for subject access and on the access log, logged."""

from __future__ import annotations

import datetime

import pytest

from audit.models import AccessLog

BORN = datetime.date(1984, 5, 17)


def _typed(given, family, born=BORN):
    return {
        "byname-given_name": given,
        "byname-family_name": family,
        "byname-date_of_birth_0": str(born.day),
        "byname-date_of_birth_1": str(born.month),
        "byname-date_of_birth_2": str(born.year),
    }


@pytest.fixture
def ada(make_person):
    return make_person(given_name="Ada", family_name="Quennell-Smith", date_of_birth=BORN)


def test_subject_access_finds_one_person_by_name_ignoring_case_and_spaces(
    client, administrator, ada
):
    client.force_login(administrator)
    assert "By name and date of birth" in client.get("/people/subject-access/").content.decode()
    response = client.post("/people/subject-access/by-name/", _typed(" ada ", "quennell - smith"))
    assert response.status_code == 302
    assert response["Location"] == f"/people/{ada.pk}/subject-access/"
    searches = AccessLog.objects.filter(user=administrator, action=AccessLog.Action.LIST)
    assert searches.filter(object_type="accounts.user", detail__contains="1 found").count() == 1
    assert searches.filter(person_id=ada.pk).count() == 1


def test_subject_access_by_name_needs_the_date_of_birth_to_match(client, administrator, ada):
    client.force_login(administrator)
    response = client.post(
        "/people/subject-access/by-name/", _typed("Ada", "Quennell-Smith", BORN.replace(day=18))
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "No one on record has this name and date of birth" in page
    assert "govuk-error-summary" in page
    assert ada.reference not in page
    assert AccessLog.objects.filter(
        user=administrator, object_type="accounts.user", detail__contains="0 found"
    ).exists()


def test_subject_access_by_name_lists_everyone_who_matches_including_other_names(
    client, administrator, ada, make_person, custody_worker
):
    from people.services import person_alias_add

    other = make_person(given_name="Maria", family_name="Jones", date_of_birth=BORN)
    person_alias_add(
        person=other,
        given_name="ada",
        family_name="Quennell-Smith",
        kind="alias",
        by=custody_worker,
    )
    make_person(
        given_name="Ada", family_name="Quennell-Smith", date_of_birth=BORN.replace(year=1985)
    )
    client.force_login(administrator)
    response = client.post("/people/subject-access/by-name/", _typed("ADA", "Quennell-Smith"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 people have this name and date of birth" in page
    assert f'href="/people/{ada.pk}/subject-access/"' in page
    assert f'href="/people/{other.pk}/subject-access/"' in page
    assert "Maria Jones" in page and "also known as ada Quennell-Smith" in page
    shown = AccessLog.objects.filter(user=administrator, action=AccessLog.Action.LIST)
    assert set(shown.exclude(person_id=None).values_list("person_id", flat=True)) == {
        ada.pk,
        other.pk,
    }


def test_an_other_name_without_a_given_name_goes_with_the_persons_own(
    client, administrator, make_person, custody_worker
):
    from people.services import person_alias_add

    person = make_person(given_name="Ada", family_name="Jones", date_of_birth=BORN)
    person_alias_add(
        person=person, given_name="", family_name="Brindle", kind="previous", by=custody_worker
    )
    client.force_login(administrator)
    found = client.post("/people/subject-access/by-name/", _typed("Ada", "Brindle"))
    assert found["Location"] == f"/people/{person.pk}/subject-access/"
    missed = client.post("/people/subject-access/by-name/", _typed("Maria", "Brindle"))
    assert missed.status_code == 200


def test_access_log_finds_the_person_by_name_and_filters_by_their_reference(
    client, administrator, ada
):
    client.force_login(administrator)
    assert 'action="/audit/find-person/"' in client.get("/audit/").content.decode()
    response = client.post("/audit/find-person/", _typed("Ada", "QUENNELL-SMITH"))
    assert response.status_code == 302
    assert response["Location"] == f"/audit/?person_reference={ada.reference}"
    assert AccessLog.objects.filter(
        user=administrator, action=AccessLog.Action.LIST, person_id=ada.pk
    ).exists()
    assert AccessLog.objects.filter(
        user=administrator, detail="access log: look-up by name and date of birth, 1 found"
    ).exists()


@pytest.mark.parametrize(
    "persona", ["custody_worker", "team_leader", "police_officer", "opcc_analyst"], indirect=True
)
def test_only_the_administrator_finds_people_by_name_on_these_pages(client, persona, ada):
    client.force_login(persona)
    for url in ("/people/subject-access/by-name/", "/audit/find-person/"):
        assert client.post(url, _typed("Ada", "Quennell-Smith")).status_code == 404
