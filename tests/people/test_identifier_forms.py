"""PNC IDs without their slash and NHS numbers of one repeated digit (issue 20), in every place
an identifier comes in: the pure checks, the forms, the API, the custody feed, matching and the
services every write passes through.

PNC ID format and check character: ministryofjustice/hmpps-person-record, PNCIdentifier.kt
(YYYY/NNNNNNNA; ZABCDEFGHJKLMNPQRTUVWXY indexed by YYNNNNNNN mod 23).
NHS number: NHS Data Dictionary, "NHS NUMBER" (10 digits, modulus 11 check digit).
Synthetic numbers only: every PNC ID here is computed with the check letter algorithm.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.services import api_token_create
from custody.forms import QuickContactForm
from custody.models import CustodyContact
from people.forms import FindPersonForm
from people.identifiers import (
    nhs_check_digit,
    nhs_number_is_valid,
    normalise_nhs_number,
    normalise_pnc_id,
    pnc_check_letter,
    pnc_id_is_ambiguous,
)
from people.matching import find_matches
from people.models import Person
from people.services import person_create, person_link_exact, person_update
from tests.personas import make_persona

# --- PNC ID without its slash: known answers ---------------------------------------------------


def test_the_issues_two_examples_have_the_check_letters_they_carry():
    # 03 × 10⁷ + 11985 = 30011985 = 23 × 1304868 + 21 → the 22nd letter, X.
    assert pnc_check_letter("2003", "0011985") == "X"
    # 02 × 10⁷ + 73319 = 20073319 = 23 × 872753 + 0 → Z.
    assert pnc_check_letter("02", "73319") == "Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20030011985X", "03/0011985X"),  # YYYYNNNNNNNL: eleven digits read only as 2003/…
        ("2003 0011985 x", "03/0011985X"),
        ("0273319Z", "02/0073319Z"),  # YY then a short serial: 02 is no 19xx/20xx year
        ("030011985X", "03/0011985X"),  # YYNNNNNNNL, the serial with its leading zeros
        ("040123456B", "04/0123456B"),
        ("2003011985X", "03/0011985X"),  # ten digits: 2003 + six (year 20 leaves eight)
        ("19990000001G", "99/0000001G"),
        ("991G", "99/0000001G"),
    ],
)
def test_a_pnc_id_without_its_slash_is_stored_in_the_one_form_where_it_reads_one_way(
    text, expected
):
    assert normalise_pnc_id(text) == expected
    assert not pnc_id_is_ambiguous(text)


@pytest.mark.parametrize(
    "text",
    [
        # 20/0012345 or 2000/12345: two readings; the check letter never chooses between them.
        f"200012345{pnc_check_letter('20', 12345)}",
        f"200012345{pnc_check_letter('2000', 12345)}",
        f"19991{pnc_check_letter('19', 991)}",  # 19/991 or 1999/1
        f"2020123{pnc_check_letter('20', 20123)}",  # 20/20123 or 2020/123
    ],
)
def test_a_pnc_id_without_its_slash_that_reads_two_ways_is_refused(text):
    assert pnc_id_is_ambiguous(text)
    assert normalise_pnc_id(text) is None
    # With the slash, either reading is accepted.
    digits = text[:-1]
    assert normalise_pnc_id(f"{digits[:2]}/{digits[2:]}{pnc_check_letter(digits[:2], digits[2:])}")


@pytest.mark.parametrize(
    "text",
    [
        "20030011985Y",  # wrong check letter
        "0273319A",
        "20030011985",  # no check letter
        "2003001198501X",  # thirteen digits
        "12X",  # one digit: a year and no serial
        "0273319Z1",
    ],
)
def test_a_pnc_id_without_its_slash_still_needs_its_shape_and_check_letter(text):
    assert normalise_pnc_id(text) is None


# --- NHS numbers of one repeated digit: known answers ---------------------------------------


@pytest.mark.parametrize("digit", "0123456789")
def test_an_nhs_number_of_one_repeated_digit_passes_modulus_11_but_is_refused(digit):
    # d × (10 + 9 + … + 2) = 54d ≡ 10d ≡ −d (mod 11), so the check digit is 11 − (11 − d) = d.
    assert nhs_check_digit(digit * 9) == int(digit)
    for text in (digit * 10, f"{digit * 3} {digit * 3} {digit * 4}", f"{digit * 3}-{digit * 7}"):
        assert not nhs_number_is_valid(text)
        assert normalise_nhs_number(text) is None


def test_an_nhs_number_with_a_repeated_run_but_not_all_one_digit_is_still_valid():
    # 999 999 999: 9 × 54 = 486 = 44 × 11 + 2 → check digit 9 makes ten nines (refused); with
    # another last digit it fails the check. 999 000 0018 has runs and is fine.
    assert normalise_nhs_number("9990000018") == "999 000 0018"
    assert normalise_nhs_number("943 476 5919") == "943 476 5919"


# --- Forms ----------------------------------------------------------------------------------


def find_form(**values) -> FindPersonForm:
    data = {
        "given_name": "Lena",
        "family_name": "Hartley",
        "date_of_birth_0": "2",
        "date_of_birth_1": "5",
        "date_of_birth_2": "1993",
        **values,
    }
    return FindPersonForm(data)


def test_the_find_form_stores_a_pnc_id_typed_without_its_slash_in_the_one_form():
    form = find_form(pnc_id="20030011985X")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["pnc_id"] == "03/0011985X"


def test_the_find_form_asks_for_the_slash_when_the_digits_read_two_ways():
    form = find_form(pnc_id=f"200012345{pnc_check_letter('20', 12345)}")
    assert not form.is_valid()
    assert "with its slash" in form.errors["pnc_id"][0]
    assert form.data["pnc_id"].startswith("200012345")  # what was typed is kept


@pytest.mark.parametrize("text", ["000 000 0000", "1111111111", "999-999-9999"])
def test_the_find_form_refuses_an_nhs_number_of_one_repeated_digit(text):
    form = find_form(nhs_number=text)
    assert not form.is_valid()
    assert "placeholder" in form.errors["nhs_number"][0]


def test_the_custody_quick_form_stores_a_slashless_pnc_id_in_the_one_form(db):
    from custody.models import OffenceCategory

    form = QuickContactForm(
        {
            "custody_record_number": "BN-0001",
            "arrest_date_0": "1",
            "arrest_date_1": "3",
            "arrest_date_2": "2026",
            "arrest_time": "14:05",
            "offence_category": OffenceCategory.objects.get(code="theft").pk,
            "family_name": "Hartley",
            "date_of_birth_0": "2",
            "date_of_birth_1": "5",
            "date_of_birth_2": "1993",
            "pnc_id": "0273319z",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["pnc_id"] == "02/0073319Z"


def test_a_bad_identifier_on_the_find_page_redisplays_with_an_error_summary(client, custody_worker):
    client.force_login(custody_worker)
    response = client.post(
        "/people/find/",
        {
            "family_name": "Hartley",
            "date_of_birth_0": "2",
            "date_of_birth_1": "5",
            "date_of_birth_2": "1993",
            "nhs_number": "000 000 0000",
        },
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "placeholder" in page
    assert 'value="000 000 0000"' in page


# --- API: the matching endpoint ---------------------------------------------------------------

MATCHES = "/api/v1/people/matches/"


def test_the_matching_api_finds_a_person_from_a_pnc_id_sent_without_its_slash(
    client, custody_worker, make_person
):
    on_record = make_person(pnc_id="03/0011985X")
    client.force_login(custody_worker)
    body = {"family_name": "Nobody", "date_of_birth": "1970-01-01", "pnc_id": "20030011985X"}
    response = client.post(MATCHES, body, content_type="application/json")
    assert response.status_code == 200
    assert [c["reference"] for c in response.json()["candidates"]] == [on_record.reference]


def test_the_matching_api_answers_400_for_a_placeholder_nhs_number_or_ambiguous_pnc_id(
    client, custody_worker
):
    client.force_login(custody_worker)
    body = {
        "family_name": "Hartley",
        "date_of_birth": "1993-05-02",
        "nhs_number": "1111111111",
        "pnc_id": f"200012345{pnc_check_letter('20', 12345)}",
    }
    response = client.post(MATCHES, body, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()
    assert "placeholder" in errors["nhs_number"][0]
    assert "Ambiguous PNC ID" in errors["pnc_id"][0]
    assert "1111111111" not in response.content.decode()  # the value is never echoed


# --- The custody feed -------------------------------------------------------------------------

FEED = "/api/v1/custody/contacts/"


@pytest.fixture
def send(client, db):
    _, token = api_token_create(user=make_persona("custody.feed"))

    def post(person: dict, number: str = "BN-0001"):
        body = {
            "suite_code": "bhm-north",
            "custody_record_number": number,
            "arrested_at": (timezone.now() - datetime.timedelta(minutes=10)).isoformat(),
            "offence_code": "theft",
            "person": {
                "given_name": "Lena",
                "family_name": "Hartley",
                "date_of_birth": "1993-05-02",
                **person,
            },
        }
        return client.post(
            FEED, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
        )

    return post


def test_the_feed_links_the_person_on_record_from_a_pnc_id_without_its_slash(send, make_person):
    on_record = make_person(given_name="Elena", pnc_id="03/0011985X")
    response = send({"pnc_id": "20030011985X"})
    contact = CustodyContact.objects.get(pk=response.json()["results"][0]["id"])
    assert contact.person == on_record  # (the answer itself never says: issue 21)
    assert Person.objects.count() == 1


def test_a_new_person_from_the_feed_is_stored_with_the_one_form_of_pnc_id(send):
    send({"pnc_id": "0273319Z"})
    assert Person.objects.get().pnc_id == "02/0073319Z"


@pytest.mark.parametrize("nhs_number", ["000 000 0000", "5555555555"])
def test_the_feed_rejects_a_row_whose_nhs_number_is_one_repeated_digit(send, nhs_number):
    response = send({"nhs_number": nhs_number})
    result = response.json()["results"][0]
    assert result["status"] == "rejected"
    assert "placeholder" in result["errors"]["person"]["nhs_number"][0]
    assert not Person.objects.exists()


# --- Services and matching: whoever calls them ----------------------------------------------


def test_person_create_stores_identifiers_in_their_one_form(db):
    person = person_create(
        given_name="Lena",
        family_name="Hartley",
        date_of_birth=datetime.date(1993, 5, 2),
        pnc_id="2003/11985x",
        nhs_number="943-476-5919",
    )
    person.refresh_from_db()
    assert (person.pnc_id, person.nhs_number) == ("03/0011985X", "943 476 5919")


@pytest.mark.parametrize(
    ("field", "value"),
    [("pnc_id", "not a pnc"), ("pnc_id", "200012345A"), ("nhs_number", "0000000000")],
)
def test_person_services_refuse_an_identifier_that_is_not_valid(db, make_person, field, value):
    details = {"given_name": "Lena", "family_name": "Hartley"}
    with pytest.raises(ValidationError) as error:
        person_create(date_of_birth=datetime.date(1993, 5, 2), **details, **{field: value})
    assert set(error.value.message_dict) == {field}
    person = make_person()
    with pytest.raises(ValidationError):
        person_update(person=person, by=None, **{field: value})
    assert not Person.objects.filter(**{field: value}).exists()


def test_person_link_exact_finds_the_person_from_any_spelling_of_the_pnc_id(db, make_person):
    on_record = make_person(pnc_id="03/0011985X")
    for spelling in ("20030011985X", "2003/0011985X", "03/11985x", "030011985X"):
        found, how = person_link_exact(
            given_name="Someone",
            family_name="Else",
            date_of_birth=datetime.date(1970, 1, 1),
            pnc_id=spelling,
            by=None,
        )
        assert (found, how) == (on_record, "pnc_id")


def test_matching_finds_the_person_from_a_pnc_id_without_its_slash(db, make_person):
    on_record = make_person(pnc_id="02/0073319Z")
    (candidate,) = find_matches(pnc_id="0273319Z")
    assert candidate.person == on_record and candidate.exact_identifier
