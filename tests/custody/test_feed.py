"""POST /api/v1/custody/contacts/: the police custody feed, idempotent, row by row, exact links."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.services import api_token_create
from audit.models import AccessLog
from custody import feed
from custody.feed import feed_contact_record
from custody.models import CustodyContact
from people.identifiers import pnc_check_letter
from people.models import Person
from tests.personas import make_persona

URL = "/api/v1/custody/contacts/"
PNC_ID = f"04/0123456{pnc_check_letter('04', 123456)}"
NHS_NUMBER = "943 476 5919"


@pytest.fixture
def feed_user(db):
    return make_persona("custody.feed")


@pytest.fixture
def token(feed_user) -> str:
    return api_token_create(user=feed_user)[1]


@pytest.fixture
def post(client, token):
    def send(body, **headers):
        headers.setdefault("HTTP_AUTHORIZATION", f"Token {token}")
        return client.post(URL, body, content_type="application/json", **headers)

    return send


def row(number: str = "BN-0001", **overrides) -> dict:
    person = {
        "given_name": "Lena",
        "family_name": "Hartley",
        "date_of_birth": "1993-05-02",
        "postcode": "B5 4TT",
        **overrides.pop("person", {}),
    }
    arrested_at = timezone.now() - datetime.timedelta(minutes=10)
    return {
        "suite_code": "bhm-north",
        "custody_record_number": number,
        "arrested_at": arrested_at.isoformat(),
        "offence_code": "theft",
        "person": person,
        **overrides,
    }


def _person_of(response) -> Person:
    """Whom the first row's contact was put on (the answer itself never says: issue 21)."""
    return CustodyContact.objects.get(pk=response.json()["results"][0]["id"]).person


def test_one_contact_is_created_and_waits_on_the_suites_today_list(
    client, post, custody_worker, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/London")))
    response = post(row(" bn-0001 "))
    assert response.status_code == 201
    body = response.json()
    assert (body["created"], body["existing"], body["rejected"]) == (1, 0, 0)
    result = body["results"][0]
    assert result["status"] == "created"
    assert result["custody_record_number"] == "BN-0001"
    assert "person" not in result  # nothing about whether the person was on record
    contact = CustodyContact.objects.get(pk=result["id"])
    assert contact.person.local_authority.slug == "birmingham"  # routed from the postcode

    client.force_login(custody_worker)
    today = client.get("/custody/today/")
    assert [c.pk for c in today.context["contacts"]] == [contact.pk]
    assert not today.context["contacts"][0].is_seen
    assert today.context["waiting"] == 1


def test_replaying_a_feed_creates_nothing_twice_and_answers_existing(post):
    batch = [row("BN-0001"), row("BN-0002", person={"given_name": "Amir"})]
    first = post(batch).json()
    contacts, people = CustodyContact.objects.count(), Person.objects.count()

    again = post(batch)
    assert again.status_code == 200
    body = again.json()
    assert (body["created"], body["existing"], body["rejected"]) == (0, 2, 0)
    assert CustodyContact.objects.count() == contacts == 2
    assert Person.objects.count() == people == 2
    for before, after in zip(first["results"], body["results"], strict=True):
        assert after["status"] == "existing"
        assert after["id"] == before["id"]
        assert after == {**before, "status": "existing"}


def test_each_contact_created_or_returned_is_audited(post, feed_user):
    created = post(row("BN-0001")).json()["results"][0]
    post([row("BN-0001"), row("BN-0002")])
    logged = AccessLog.objects.filter(user=feed_user, object_type="custody.custodycontact")
    assert sorted(logged.values_list("action", "object_id")) == sorted(
        [
            ("create", created["id"]),
            ("api_read", created["id"]),
            ("create", str(CustodyContact.objects.get(custody_record_number="BN-0002").pk)),
        ]
    )
    assert all(entry.person_id for entry in logged)


def test_a_bad_row_is_rejected_by_index_and_field_while_the_others_are_stored(post):
    response = post([row("BN-0001"), row("BN-0002", offence_code="xyz"), row("BN-0003")])
    assert response.status_code == 207  # Multi-Status: some rows rejected (decision 0029)
    body = response.json()
    assert (body["created"], body["existing"], body["rejected"]) == (2, 0, 1)
    assert [r["status"] for r in body["results"]] == ["created", "rejected", "created"]
    assert body["results"][1] == {
        "index": 1,
        "status": "rejected",
        "custody_record_number": "BN-0002",
        "errors": {"offence_code": ["Unknown offence code 'xyz'."]},
    }
    stored = CustodyContact.objects.values_list("custody_record_number", flat=True)
    assert sorted(stored) == ["BN-0001", "BN-0003"]


def test_a_batch_of_only_bad_rows_is_422_with_the_same_shape(post):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post(
        [
            row("BN-0001", suite_code="atlantis"),
            row("BN-0002", person={"date_of_birth": tomorrow}),
        ]
    )
    assert response.status_code == 422  # not the 400 of a malformed body (decision 0029)
    body = response.json()
    assert (body["created"], body["existing"], body["rejected"]) == (0, 0, 2)
    assert body["results"][0]["errors"] == {"suite_code": ["Unknown custody suite 'atlantis'."]}
    assert body["results"][1]["errors"] == {
        "person": {"date_of_birth": ["The date of birth is in the future."]}
    }
    assert not CustodyContact.objects.exists()
    assert not Person.objects.exists()


def test_more_than_500_rows_is_413_and_stores_nothing(post):
    response = post([row(f"BN-{n:04d}") for n in range(501)])
    assert response.status_code == 413
    assert response.json() == {"detail": "At most 500 contacts in one request."}
    assert not CustodyContact.objects.exists()


@pytest.mark.parametrize("body", [[], {}, "BN-0001", 7], ids=["empty list", "empty", "str", "int"])
def test_a_body_that_is_not_contacts_is_400_with_detail(post, body):
    response = post(body)
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


def test_an_exact_pnc_id_links_the_existing_person(post, make_person):
    on_record = make_person(given_name="Elena", family_name="Hartley-Jones", pnc_id=PNC_ID)
    four_digit_year = "20" + PNC_ID.replace("/0", "/")  # 2004/123456X: the same PNC ID
    response = post(row(person={"pnc_id": four_digit_year}))
    assert _person_of(response) == on_record
    assert Person.objects.count() == 1


def test_an_exact_nhs_number_links_the_existing_person(post, make_person):
    on_record = make_person(given_name="Elena", nhs_number=NHS_NUMBER)
    response = post(row(person={"nhs_number": NHS_NUMBER.replace(" ", "-")}))
    assert _person_of(response) == on_record


def test_exactly_the_same_name_and_date_of_birth_links_the_existing_person(post, make_person):
    on_record = make_person(
        given_name="Lena", family_name="Hartley", date_of_birth=datetime.date(1993, 5, 2)
    )
    response = post(row(person={"given_name": "LENA", "family_name": "hartley "}))
    assert _person_of(response) == on_record
    assert Person.objects.count() == 1


def test_a_one_letter_typo_creates_a_new_person_never_a_fuzzy_link(post, make_person):
    on_record = make_person(
        given_name="Lena", family_name="Hartley", date_of_birth=datetime.date(1993, 5, 2)
    )
    response = post(row(person={"family_name": "Hartly"}))
    assert _person_of(response) != on_record
    assert Person.objects.count() == 2


def test_the_same_name_and_date_of_birth_with_another_pnc_id_is_someone_else(post, make_person):
    make_person(
        given_name="Lena",
        family_name="Hartley",
        date_of_birth=datetime.date(1993, 5, 2),
        pnc_id=f"99/0000001{pnc_check_letter('99', 1)}",
    )
    response = post(row(person={"pnc_id": PNC_ID}))
    assert _person_of(response).pnc_id == PNC_ID
    assert Person.objects.filter(pnc_id=PNC_ID).exists()


def test_two_people_with_the_same_name_and_date_of_birth_link_to_neither(post, make_person):
    for _ in range(2):
        make_person(
            given_name="Lena", family_name="Hartley", date_of_birth=datetime.date(1993, 5, 2)
        )
    post(row())
    assert Person.objects.count() == 3


def test_identifiers_of_two_people_are_answered_as_a_new_detainee_and_given_to_the_team(
    post, make_person
):
    """Issue 21: the feed rejected the row saying "two different people on record", so the
    police custody system learnt that both identifiers are known. The row is now answered as
    any new detainee's (the same answer as for identifiers nobody has), the contact goes on a
    new record without them, and the arrest referral team gets a task to check and merge."""
    from reminders.models import Reminder, ReminderKind

    one = make_person(given_name="One", pnc_id=PNC_ID)
    two = make_person(given_name="Two", nhs_number=NHS_NUMBER)
    clashing = post(row("BN-0001", person={"pnc_id": PNC_ID, "nhs_number": NHS_NUMBER}))
    unknown = post(row("BN-0002", person={"given_name": "Nobody"}))
    assert clashing.status_code == unknown.status_code == 201
    shown = clashing.json()["results"][0]
    assert set(shown) == set(unknown.json()["results"][0]) and shown["status"] == "created"
    person = _person_of(clashing)
    assert person not in (one, two) and person.pnc_id is None and person.nhs_number is None
    task = Reminder.objects.get(kind=ReminderKind.IDENTIFIERS_CLASH)
    assert task.person == person
    assert one.reference in task.note and two.reference in task.note


def test_an_arrest_more_than_five_minutes_ahead_or_before_1990_is_rejected(post):
    now = timezone.now()
    response = post(
        [
            row("BN-0001", arrested_at=(now + datetime.timedelta(minutes=4)).isoformat()),
            row("BN-0002", arrested_at=(now + datetime.timedelta(minutes=6)).isoformat()),
            row("BN-0003", arrested_at="1989-12-31T23:00:00+00:00"),
        ]
    )
    assert [r["status"] for r in response.json()["results"]] == ["created", "rejected", "rejected"]
    errors = [r.get("errors") for r in response.json()["results"]]
    assert errors[1] == {"arrested_at": ["The arrest time is in the future."]}
    assert errors[2] == {"arrested_at": ["The arrest time is before 1990."]}


def test_an_arrest_time_without_its_utc_offset_is_rejected(post):
    response = post(row(arrested_at="2026-03-10T11:50:00"))
    assert "UTC offset" in response.json()["results"][0]["errors"]["arrested_at"][0]


def test_bad_identifiers_are_row_errors_without_the_values_in_them(post):
    response = post(row(person={"pnc_id": "04/0123456Q", "nhs_number": "943 476 5918"}))
    assert response.status_code == 422
    errors = response.json()["results"][0]["errors"]["person"]
    assert errors["pnc_id"] == ["Not a valid PNC ID (format 12/1234567A)."]
    assert errors["nhs_number"] == ["Not a valid NHS number (10 digits, mod 11)."]
    assert "0123456" not in response.content.decode()
    assert "5918" not in response.content.decode()


def test_a_custody_worker_signed_in_gets_404(client, custody_worker):
    client.force_login(custody_worker)
    response = client.post(URL, row(), content_type="application/json")
    assert response.status_code == 404
    assert not CustodyContact.objects.exists()


@pytest.mark.django_db
def test_anonymous_gets_401(client):
    response = client.post(URL, row(), content_type="application/json")
    assert response.status_code == 401


def test_a_token_for_the_feed_user_works(client, token):
    response = client.post(
        URL, row(), content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == 201


def test_two_identical_feeds_in_separate_transactions_create_one_contact(feed_user):
    results = []
    for _ in range(2):
        with transaction.atomic():
            results.append(feed_contact_record(row=row(), by=feed_user))
    assert [r.status for r in results] == ["created", "existing"]
    assert results[0].contact.pk == results[1].contact.pk
    assert CustodyContact.objects.count() == 1
    assert Person.objects.count() == 1


def test_a_feed_that_loses_the_race_answers_the_winners_contact_and_adds_no_person(
    feed_user, monkeypatch
):
    winner = feed_contact_record(row=row(), by=feed_user)
    # The loser looked before the winner wrote, then tries to write the same record (with a
    # person the winner did not have): the unique constraint stops it and it reads again.
    real, looks = feed._on_record, []

    def looked_too_early(*args):
        looks.append(args)
        return None if len(looks) == 1 else real(*args)

    monkeypatch.setattr(feed, "_on_record", looked_too_early)
    loser = feed_contact_record(row=row(person={"given_name": "Amir"}), by=feed_user)
    assert len(looks) == 2  # looked, lost the race on the constraint, looked again
    assert loser.status == "existing"
    assert loser.contact.pk == winner.contact.pk
    assert CustodyContact.objects.count() == 1
    assert Person.objects.count() == 1


@pytest.mark.parametrize("born", ["0001-01-01", "1899-12-31"])
def test_a_date_of_birth_before_1900_is_a_row_error(post, born):
    """Issue 25: the feed stored a date of birth of 0001-01-01 (a placeholder, not a birth)."""
    result = post(row(person={"date_of_birth": born})).json()["results"][0]
    assert result["status"] == "rejected"
    assert "before 1900" in result["errors"]["person"]["date_of_birth"][0]
    assert not Person.objects.exists()
