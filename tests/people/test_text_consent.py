"""Consent to appointment reminders by text: asked on the person's form, kept on the person."""

import datetime

from django.urls import reverse


def _details(**overrides) -> dict:
    data = {
        "given_name": "Testy", "family_name": "Synthetic",
        "date_of_birth_0": "2", "date_of_birth_1": "1", "date_of_birth_2": "1990",
        "preferred_language": "English", "postcode": "B5 4TT",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_person_form_asks_for_consent_to_text_reminders(client, custody_worker, make_person):
    person = make_person()
    client.force_login(custody_worker)
    page = client.get(reverse("people:edit", args=[person.pk]))
    assert b"Consent to be sent text message reminders" in page.content
    response = client.post(
        reverse("people:edit", args=[person.pk]),
        _details(phone="07700 900123", contact_by_sms="on"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.contact_by_sms is True
    # Unticked is a no.
    client.post(reverse("people:edit", args=[person.pk]), _details(phone="07700 900123"))
    person.refresh_from_db()
    assert person.contact_by_sms is False


def test_consent_to_texts_needs_a_phone_number(client, custody_worker, make_person):
    person = make_person()
    client.force_login(custody_worker)
    response = client.post(reverse("people:edit", args=[person.pk]), _details(contact_by_sms="on"))
    assert response.status_code == 200
    assert b"Enter a mobile number to send text message reminders to" in response.content
    person.refresh_from_db()
    assert person.contact_by_sms is False


def test_people_added_before_texts_existed_have_not_consented(make_person):
    person = make_person(date_of_birth=datetime.date(1980, 5, 6))
    assert person.contact_by_sms is False
