"""Matching before creating: exact identifiers first, then close names and dates of birth."""

import datetime

import pytest

from people.matching import find_matches
from people.services import person_alias_add

DOB = datetime.date(1987, 4, 11)


@pytest.fixture
def on_record(make_person):
    return make_person(given_name="Karen", family_name="Whitfield", date_of_birth=DOB)


def test_one_letter_typo_and_swapped_day_and_month_is_offered_as_a_match(on_record):
    matches = find_matches(
        given_name="Karen", family_name="Whitfeld", date_of_birth=datetime.date(1987, 11, 4)
    )
    assert matches and matches[0].person == on_record
    assert "Date of birth with day and month swapped" in matches[0].reasons
    assert "Similar family name (Whitfield)" in matches[0].reasons


def test_same_name_with_another_date_of_birth_ranks_lower(on_record, make_person):
    namesake = make_person(
        given_name="Karen", family_name="Whitfield", date_of_birth=datetime.date(1962, 8, 30)
    )
    matches = find_matches(
        given_name="Karen", family_name="Whitfeld", date_of_birth=datetime.date(1987, 11, 4)
    )
    ranked = [m.person for m in matches]
    assert ranked[0] == on_record
    assert namesake in ranked
    assert ranked.index(namesake) > ranked.index(on_record)


def test_exact_pnc_id_or_nhs_number_wins_whatever_the_name(make_person):
    person = make_person(family_name="Okonkwo", pnc_id="04/0012345D", nhs_number="943 476 5919")
    by_pnc = find_matches(family_name="Someone", date_of_birth=DOB, pnc_id="04/0012345D")
    assert by_pnc[0].person == person and by_pnc[0].exact_identifier
    assert by_pnc[0].reasons == ["Same PNC ID"]
    by_nhs = find_matches(nhs_number="943 476 5919")
    assert by_nhs[0].person == person and by_nhs[0].reasons == ["Same NHS number"]


def test_another_name_they_have_used_matches(on_record, custody_worker):
    person_alias_add(
        person=on_record, given_name="Karen", family_name="Blakemore", kind="previous",
        by=custody_worker,
    )  # fmt: skip
    matches = find_matches(given_name="Karen", family_name="Blakemore", date_of_birth=DOB)
    assert matches[0].person == on_record
    assert any("another name they have used" in r for r in matches[0].reasons)


def test_a_different_person_is_not_offered(on_record):
    assert (
        find_matches(
            given_name="Tomasz", family_name="Zielinski", date_of_birth=datetime.date(2001, 1, 30)
        )
        == []
    )


def test_a_year_typo_with_the_same_birthday_is_offered(on_record):
    matches = find_matches(
        given_name="Karen", family_name="Whitfield", date_of_birth=datetime.date(1978, 4, 11)
    )
    assert matches[0].person == on_record
    assert "Same birthday, year 1987 not 1978" in matches[0].reasons


def test_the_trigram_index_serves_the_candidate_lookup(db):
    """The family-name lookup can use the GIN trigram index (no table scan needed)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM people_person WHERE lower(family_name) %% lower(%s)",
            ["Whitfeld"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "person_family_trgm_idx" in plan


def test_find_page_searches_by_post_so_nothing_personal_is_in_the_url(
    client, custody_worker, on_record
):
    client.force_login(custody_worker)
    form = {
        "given_name": "Karen", "family_name": "Whitfeld",
        "date_of_birth_0": "4", "date_of_birth_1": "11", "date_of_birth_2": "1987",
    }  # fmt: skip
    response = client.post("/people/find/", form)
    assert response.status_code == 200
    assert on_record.reference in response.content.decode()
    # "Add a new person" is prefilled from the search, kept in the session, not the URL.
    add = client.get("/people/add/").content.decode()
    assert 'value="Whitfeld"' in add
    assert 'href="/people/add/"' in response.content.decode()


def test_find_form_errors_show_the_error_summary(client, custody_worker):
    client.force_login(custody_worker)
    content = client.post("/people/find/", {"date_of_birth_0": "31"}).content.decode()
    assert "govuk-error-summary" in content
    assert "Enter the family name" in content


def test_adding_another_name_through_the_page_makes_it_matchable(client, custody_worker, on_record):
    client.force_login(custody_worker)
    response = client.post(
        f"/people/{on_record.pk}/other-names/", {"family_name": "Ashdown", "kind": "alias"}
    )
    assert response.status_code == 302
    assert find_matches(family_name="Ashdown", date_of_birth=DOB)[0].person == on_record
