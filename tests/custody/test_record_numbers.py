"""A custody record number already in use never opens, or lands on, another detainee's contact
(issue 19, "the wrong person"): it is normalised, unique per suite, and a clash is a field
error that names the contact and keeps what the worker typed; the feed answers a row error."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from custody.models import CustodyContact, record_number_normalised
from custody.services import RecordNumberInUse, custody_contact_create
from organisations.models import CustodySuite
from people.models import Person
from tests.custody.test_contact import _record_form
from tests.custody.test_feed import row


@pytest.fixture
def theft(db):
    from custody.models import OffenceCategory

    return OffenceCategory.objects.get(code="theft")


@pytest.fixture
def taken(make_contact, make_person):
    """Northgate's contact NG-0001, on someone else than the detainee being recorded."""
    other = make_person(
        given_name="Orla", family_name="Someone-Else", date_of_birth=datetime.date(1980, 1, 1)
    )
    return make_contact(person=other, custody_record_number="NG-0001")


def test_record_numbers_are_kept_without_spaces_and_in_upper_case():
    assert record_number_normalised("  ng 0001/26 ") == "NG0001/26"
    assert record_number_normalised("ng-0001") == "NG-0001"


def test_the_service_refuses_a_number_in_use_for_another_person(taken, make_person, theft):
    someone = make_person(given_name="Petra", family_name="Lindqvist")
    with pytest.raises(RecordNumberInUse) as refused:
        custody_contact_create(
            suite=taken.suite, custody_record_number=" ng-0001", arrested_at=timezone.now(),
            offence_category=theft, person=someone,
        )  # fmt: skip
    assert refused.value.contact == taken
    assert "already in use at Northgate Custody Suite" in refused.value.messages[0]
    # The same person and number: the same contact (a retry creates nothing twice).
    again = custody_contact_create(
        suite=taken.suite, custody_record_number="NG-0001", arrested_at=timezone.now(),
        offence_category=theft, person=taken.person,
    )  # fmt: skip
    assert again == taken


def test_a_number_in_use_is_a_field_error_naming_the_contact_that_keeps_what_was_typed(
    client, custody_worker, taken, theft
):
    people = Person.objects.count()
    client.force_login(custody_worker)
    form = _record_form(offence_category=theft.pk, custody_record_number=" ng-0001 ")
    response = client.post(reverse("custody:record"), form)
    assert response.status_code == 200  # not a redirect to the other detainee's contact
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Custody record number NG-0001 is already in use at Northgate Custody Suite" in page
    assert reverse("custody:contact", args=[taken.pk]) in page  # a link the worker may open
    assert 'value="Lindqvist"' in page and 'value="Petra"' in page  # what was typed
    assert Person.objects.count() == people
    assert CustodyContact.objects.filter(custody_record_number="NG-0001").count() == 1


def test_the_same_contact_form_sent_twice_opens_the_contact_it_made(client, custody_worker, theft):
    client.force_login(custody_worker)
    form = _record_form(offence_category=theft.pk, submit_token=str(uuid.uuid4()))
    first = client.post(reverse("custody:record"), form)
    second = client.post(reverse("custody:record"), form)
    contact = CustodyContact.objects.get(custody_record_number="NG-0001")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("custody:contact", args=[contact.pk])


def test_a_number_taken_while_choosing_the_person_makes_no_person_and_no_contact(
    client, custody_worker, make_person, make_contact, theft
):
    make_person(
        given_name="Petra", family_name="Lindqvist", date_of_birth=datetime.date(1991, 3, 4)
    )
    client.force_login(custody_worker)
    form = _record_form(offence_category=theft.pk, family_name="Lindquist")
    assert client.post(reverse("custody:record"), form)["Location"] == reverse(
        "custody:choose_person"
    )
    # Meanwhile the feed books someone else in under that number.
    make_contact(person=make_person(family_name="Feed-Detainee"), custody_record_number="NG-0001")
    people = Person.objects.count()
    response = client.post(reverse("custody:choose_person"), {"person": "new"}, follow=True)
    assert "already in use at Northgate Custody Suite" in response.content.decode()
    assert Person.objects.count() == people  # the new person went with the refused contact
    assert CustodyContact.objects.filter(custody_record_number="NG-0001").count() == 1


def test_the_feed_answers_a_row_error_for_another_detainees_number(client, db):
    from accounts.services import api_token_create
    from tests.personas import make_persona

    token = api_token_create(user=make_persona("custody.feed"))[1]
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}

    def send(body):
        url = "/api/v1/custody/contacts/"
        return client.post(url, body, content_type="application/json", **headers).json()

    assert send(row("BN-0001"))["created"] == 1
    # The same detainee again (a retry): already on record, nothing written.
    assert send(row(" bn-0001 "))["existing"] == 1
    # Another detainee under the same number: refused, with the reason on the field.
    other = send(row("BN-0001", person={"family_name": "Different", "date_of_birth": "1970-02-03"}))
    assert other["rejected"] == 1
    errors = other["results"][0]["errors"]
    assert "already in use at this suite for another detainee" in errors["custody_record_number"][0]
    assert "Hartley" not in str(other)  # nothing about the person on record
    suite = CustodySuite.objects.get(code="bhm-north")
    assert CustodyContact.objects.filter(suite=suite, custody_record_number="BN-0001").count() == 1


def test_a_number_taken_while_choosing_the_person_shows_the_form_as_typed_with_the_error(
    client, custody_worker, make_person, make_contact, theft
):
    make_person(
        given_name="Petra", family_name="Lindqvist", date_of_birth=datetime.date(1991, 3, 4)
    )
    client.force_login(custody_worker)
    form = _record_form(
        offence_category=theft.pk, family_name="Lindquist", submit_token=str(uuid.uuid4())
    )
    client.post(reverse("custody:record"), form)
    make_contact(person=make_person(family_name="Feed-Detainee"), custody_record_number="NG-0001")
    response = client.post(reverse("custody:choose_person"), {"person": "new"})
    assert response.status_code == 400  # the form again, not a redirect to an empty one
    page = response.content.decode()
    assert "govuk-error-summary" in page and "already in use at Northgate Custody Suite" in page
    assert 'value="Lindquist"' in page and 'value="Petra"' in page  # nothing to type again
    assert form["submit_token"] not in page  # a new token: the old one reached the choice
    # The worker corrects the number and sends the form as shown: the contact is made.
    corrected = {**_record_form(offence_category=theft.pk, family_name="Lindquist")}
    corrected["custody_record_number"] = "NG-0002"
    corrected["submit_token"] = response.context["form"]["submit_token"].value()
    client.post(reverse("custody:record"), corrected)
    assert client.post(reverse("custody:choose_person"), {"person": "new"}).status_code == 302
    assert CustodyContact.objects.get(custody_record_number="NG-0002").person.family_name == (
        "Lindquist"
    )


def test_back_from_choosing_the_person_shows_the_contact_as_typed(
    client, custody_worker, make_person, theft
):
    """Issue 19, every long form keeps its answers through Back: the record page shows the
    contact being recorded (its own token fresh), until the worker starts again, and only
    for as long as an idle session lasts."""
    make_person(
        given_name="Petra", family_name="Lindqvist", date_of_birth=datetime.date(1991, 3, 4)
    )
    client.force_login(custody_worker)
    form = _record_form(offence_category=theft.pk, family_name="Lindquist")
    client.post(reverse("custody:record"), form)
    back = client.get(reverse("custody:record")).content.decode()
    assert "This is the contact you were recording" in back
    assert 'value="Lindquist"' in back and 'value="NG-0001"' in back
    again = client.get(reverse("custody:record") + "?start=again", follow=True)
    assert 'value="Lindquist"' not in again.content.decode()
    assert "This is the contact you were recording" not in again.content.decode()


def test_a_contact_left_at_the_choice_longer_than_the_idle_timeout_is_not_shown_again(
    client, custody_worker, make_person, theft
):
    make_person(
        given_name="Petra", family_name="Lindqvist", date_of_birth=datetime.date(1991, 3, 4)
    )
    client.force_login(custody_worker)
    client.post(reverse("custody:record"), _record_form(offence_category=theft.pk,
                                                        family_name="Lindquist"))  # fmt: skip
    session = client.session
    pending = session["pending_custody_contact"]
    pending["at"] = (timezone.now() - datetime.timedelta(minutes=31)).isoformat()
    session["pending_custody_contact"] = pending
    session.save()
    assert 'value="Lindquist"' not in client.get(reverse("custody:record")).content.decode()
